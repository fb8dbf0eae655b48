//! Lists print as they read (`list`, `triage`, `log` in every format, `--format jsonl`), one
//! base costs what one base costs (`show` reads no other record), and search reads the store's
//! snapshot of every key, which stays in step with writes and is checked like every value.

use crate::support::Env;
use serde_json::Value;
use std::path::Path;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn demo() -> Env {
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    env
}

/// The objects of `--format jsonl`, one a line.
fn jsonl(env: &Env, args: &[&str]) -> Vec<Value> {
    let mut all = args.to_vec();
    all.extend(["--format", "jsonl"]);
    env.ok(&all)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line one JSON object"))
        .collect()
}

#[test]
fn json_is_one_array_and_jsonl_the_same_objects_one_a_line() {
    let env = demo();
    env.ok(&["mark", "GDICB-2012-0001", "合格", "--date", "2026-11-20"]);
    for args in [
        &["list"][..],
        &["list", "--region", "粤东"],
        &["list", "--search", "hy"],
        &["triage"],
        &["log"],
        &["log", "--limit", "3"],
    ] {
        let array = env.json(args);
        let array = array.as_array().expect("one array");
        assert!(!array.is_empty(), "{args:?}");
        assert_eq!(array, &jsonl(&env, args), "{args:?}");
    }
    // No row is an empty array's worth.
    let none = env.ok(&["list", "--search", "没有这样的基地", "--format", "json"]);
    assert_eq!(none, "[]\n");
    assert_eq!(
        env.ok(&["list", "--search", "没有这样的基地", "--format", "jsonl"]),
        ""
    );
}

#[test]
fn csv_and_table_hold_the_rows_json_holds() {
    let env = demo();
    let listed = env.json(&["list"]);
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let csv = env.ok(&["list", "--format", "csv"]);
    let csv_ids: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(csv_ids, ids);
    let table = env.ok(&["list"]);
    assert!(
        table.ends_with(&format!("共 {} 个基地\n", ids.len())),
        "{table}"
    );
    let findings = env.json(&["triage"]).as_array().unwrap().len();
    let triage = env.ok(&["triage", "--format", "csv"]);
    assert_eq!(triage.lines().count(), findings + 1);
    assert!(
        env.ok(&["triage"])
            .ends_with(&format!("共 {findings} 项\n"))
    );
}

#[test]
fn log_limit_and_since_print_what_the_whole_log_holds() {
    let env = demo();
    for id in ["GDICB-2012-0001", "GDICB-2013-0001", "GDICB-2015-0002"] {
        env.ok(&["mark", id, "合格", "--date", "2026-11-20"]);
    }
    let whole = env.json(&["log"]);
    let whole = whole.as_array().unwrap();
    let last = env.json(&["log", "--limit", "2"]);
    assert_eq!(
        last.as_array().unwrap().as_slice(),
        &whole[whole.len() - 2..]
    );
    let of_base = env.json(&["log", "GDICB-2013-0001", "--limit", "1"]);
    let expected: Vec<&Value> = whole
        .iter()
        .filter(|e| e["base_id"] == "GDICB-2013-0001")
        .collect();
    assert_eq!(of_base.as_array().unwrap().len(), 1);
    assert_eq!(&of_base[0], *expected.last().unwrap());
    // Every event is from today (the test's clock), so --since today is all of them and
    // --since tomorrow none.
    let day = whole[0]["at"].as_str().unwrap()[..10].to_string();
    let since = env.json(&["log", "--since", &day]);
    assert_eq!(since.as_array().unwrap(), whole);
    let next = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap() + chrono::Days::new(1);
    let none = env.json(&["log", "--since", &next.to_string()]);
    assert!(none.as_array().unwrap().is_empty());
}

#[test]
fn show_reads_its_base_and_the_small_indexes_it_needs_not_the_others() {
    // GDICB-2016-0001 (removed) has a damaged record; its host unit's ban still bars
    // GDICB-2026-0005's application (A14). Made by make_damaged.py --record-only.
    let sound = Env::new();
    std::fs::copy(Path::new(FIXTURES).join("store-sound.redb"), &sound.db).unwrap();
    let env = Env::new();
    std::fs::copy(
        Path::new(FIXTURES).join("store-damaged-record.redb"),
        &env.db,
    )
    .unwrap();
    let stderr = env.fails(&["show", "GDICB-2016-0001"], 1);
    assert!(stderr.contains("bases GDICB-2016-0001"), "{stderr}");
    for format in ["table", "json"] {
        let args = ["show", "GDICB-2026-0005", "--format", format];
        let out = env.run(&args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            out.stdout,
            sound.run(&args).stdout,
            "{format}: as on the sound file"
        );
    }
    let shown = env.json(&["show", "GDICB-2026-0005"]);
    assert!(
        shown["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "application_banned"),
        "the ban comes from the removed base's summary row: {shown}"
    );
    let stderr = env.fails(&["eligibility", "GDICB-2026-0005"], 3);
    assert!(
        stderr.is_empty(),
        "not eligible (banned), and nothing damaged met: {stderr}"
    );
    // A pass over every record meets the damage, and says so.
    let stderr = env.fails(&["triage"], 1);
    assert!(stderr.contains("bases GDICB-2016-0001"), "{stderr}");
}

#[test]
fn a_write_is_seen_by_the_next_search() {
    let env = demo();
    assert_eq!(
        env.ok(&["list", "--search", "潮汐测试", "--format", "csv"])
            .lines()
            .count(),
        1
    );
    let id = env.recognised_base("潮汐测试联合研究中心", "潮汐测试大学", "2024-06-01");
    let found = env.json(&["list", "--search", "cxcs"]);
    let ids: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [id.as_str()], "by its pinyin initials, at once");
    let check = env.json(&["check"]);
    assert_eq!(check["search_snapshot"]["state"], "serving", "{check}");
}

#[test]
fn a_damaged_snapshot_is_reported_and_search_still_answers() {
    let env = demo();
    let before = env.ok(&["list", "--search", "hy", "--format", "csv"]);
    // A piece keeps its keys' texts end to end: one base's leader, then the next one's id, are
    // side by side only there (a table's leaf keeps each key's text after its own header).
    let rows = env.json(&["list"]);
    let rows = rows.as_array().unwrap();
    let needle = format!(
        "{}\n{}\n",
        rows[10]["leader"].as_str().unwrap(),
        rows[11]["id"].as_str().unwrap()
    )
    .into_bytes();
    let mut bytes = std::fs::read(&env.db).unwrap();
    let at: Vec<usize> = (0..bytes.len() - needle.len())
        .filter(|&i| bytes[i..].starts_with(&needle))
        .collect();
    assert!(!at.is_empty(), "the snapshot holds the texts side by side");
    for i in at {
        bytes[i + 3] ^= 0x01;
    }
    std::fs::write(&env.db, &bytes).unwrap();
    let out = env.run(&["list", "--search", "hy", "--format", "csv"]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        before,
        "the tables answer"
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("search_snapshot"), "{stderr}");
    let check = env.run(&["check", "--format", "json"]);
    assert_eq!(check.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert!(
        report["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["table"] == "search_snapshot"),
        "{report}"
    );
}
