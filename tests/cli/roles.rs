//! Roles through the real binary: who may change what, exit code 4 naming the role needed, and
//! a refused change leaving the database as it was.

use crate::support::Env;
use std::process::Output;

fn code(out: &Output) -> Option<i32> {
    out.status.code()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// An initialised database holding one recognised base in 广州 and one in 深圳.
fn two_cities() -> (Env, String, String) {
    let env = Env::new();
    env.ok(&["init"]);
    let gz = env.recognised_base("岭南光电联合研究中心", "岭南光电研究院", "2024-03-01");
    let sz = env
        .ok(&[
            "new",
            "--name",
            "鹏湾海洋联合研究中心",
            "--category",
            "joint_research",
            "--city",
            "深圳",
            "--host",
            "鹏湾海洋研究院",
            "--date",
            "2024-03-01",
        ])
        .trim()
        .to_string();
    (env, gz, sz)
}

#[test]
fn whoever_initialises_is_admin_and_others_are_viewers() {
    let (env, gz, _) = two_cities();
    let users = env.json(&["users", "list"]);
    let rows = users.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{users}");
    assert_eq!(rows[0]["roles"][0], "admin");

    let before = env.snapshot();
    let out = env.run_as("wang", &["mark", &gz, "合格", "--date", "2026-11-20"]);
    assert_eq!(code(&out), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("编辑"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("jidi users add wang editor"),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.snapshot(), before, "a denied change writes nothing");
}

#[test]
fn an_editor_records_but_only_an_admin_transitions_or_grants() {
    let (env, gz, sz) = two_cities();
    env.ok(&["users", "add", "wang", "editor"]);
    let out = env.run_as("wang", &["mark", &gz, "合格", "--date", "2026-11-20"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));

    let out = env.run_as("wang", &["status", &sz, "recommended", "--reason", "推荐"]);
    assert_eq!(code(&out), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("管理员"), "{}", stderr(&out));

    let out = env.run_as("wang", &["users", "add", "wang", "admin"]);
    assert_eq!(code(&out), Some(4), "{}", stderr(&out));
    let users = env.json(&["users", "list"]);
    let wang = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "wang")
        .unwrap();
    assert_eq!(wang["roles"], serde_json::json!(["editor"]));
}

#[test]
fn a_scoped_user_changes_only_their_citys_bases() {
    let (env, gz, sz) = two_cities();
    env.ok(&["users", "add", "zhao", "editor", "--scope", "深圳市"]);
    let ok = env.run_as(
        "zhao",
        &[
            "edit",
            &sz,
            "leader_qualification=phd",
            "qualified_on=2020-01-01",
        ],
    );
    let out = env.run_as("zhao", &["mark", &gz, "合格", "--date", "2026-11-20"]);
    assert_eq!(code(&out), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("深圳"), "{}", stderr(&out));
    assert!(stderr(&out).contains("广州"), "{}", stderr(&out));
    let new_elsewhere = env.run_as(
        "zhao",
        &[
            "new",
            "--name",
            "珠江数据联合研究中心",
            "--category",
            "joint_research",
            "--city",
            "广州",
            "--host",
            "珠江数据研究院",
        ],
    );
    assert_eq!(code(&new_elsewhere), Some(4), "{}", stderr(&new_elsewhere));
    // The edit of their own city's base is judged by the rules, not by the scope.
    assert_ne!(code(&ok), Some(4), "{}", stderr(&ok));
    let unknown = env.fails(&["users", "add", "zhao", "editor", "--scope", "火星"], 1);
    assert!(unknown.contains("未知的城市"), "{unknown}");
}

#[test]
fn the_last_admin_cannot_be_removed() {
    let (env, _, _) = two_cities();
    let me = env.json(&["users", "list"])[0]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let before = env.snapshot();
    let err = env.fails(&["users", "remove", &me], 1);
    assert!(err.contains("没有管理员"), "{err}");
    let err = env.fails(&["users", "remove", &me, "admin"], 1);
    assert!(err.contains("没有管理员"), "{err}");
    assert_eq!(env.snapshot(), before);

    env.ok(&["users", "add", "chen", "admin"]);
    env.ok(&["users", "remove", &me]);
    let out = env.run(&["users", "add", "li", "editor"]);
    assert_eq!(code(&out), Some(4), "the former admin is a viewer now");
    let out = env.run_as("chen", &["users", "add", "li", "editor"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let missing = env.run_as("chen", &["users", "remove", "nobody"]);
    assert_eq!(code(&missing), Some(1), "{}", stderr(&missing));
}

#[test]
fn a_removal_an_outcome_entails_needs_an_admin() {
    let (env, gz, _) = two_cities();
    env.ok(&["users", "add", "wang", "editor"]);
    env.ok(&["mark", &gz, "不合格", "--date", "2025-01-10"]);
    // The re-evaluation after the one-year rectification period.
    let later = ["--today", "2026-02-01"];
    let args = [&["mark", &gz, "不合格", "--date", "2026-01-20"][..], &later].concat();
    let out = env.run_as("wang", &args);
    assert_eq!(code(&out), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("撤销"), "{}", stderr(&out));
    let shown = env.json(&["show", &gz, "--today", "2026-02-01"]);
    assert_eq!(shown["status"], "rectifying", "{shown}");
    env.ok(&args);
    let shown = env.json(&["show", &gz, "--today", "2026-02-01"]);
    assert_eq!(shown["status"], "removed");
}

#[test]
fn a_read_only_session_changes_nothing() {
    let (env, gz, _) = two_cities();
    let bytes = std::fs::read(&env.db).unwrap();
    let err = env.fails(
        &["--read-only", "mark", &gz, "合格", "--date", "2026-11-20"],
        4,
    );
    assert!(err.contains("只读"), "{err}");
    env.fails(&["--read-only", "users", "add", "x", "editor"], 4);
    env.fails(&["--read-only", "undo"], 4);
    env.fails(&["--read-only", "init"], 4);
    assert_eq!(std::fs::read(&env.db).unwrap(), bytes);
    env.ok(&["--read-only", "list"]);
}

#[test]
fn a_scoped_user_sees_only_their_citys_bases() {
    let (env, gz, sz) = two_cities();
    env.ok(&["users", "add", "zhao", "viewer", "--scope", "深圳"]);
    let ids = |out: &Output| -> Vec<String> {
        serde_json::from_slice::<serde_json::Value>(&out.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["id"]
                    .as_str()
                    .or(r["base_id"].as_str())
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    };
    let listed = ids(&env.run_as("zhao", &["list", "--format", "json"]));
    assert_eq!(listed, vec![sz.clone()]);
    let everyone = ids(&env.run(&["list", "--format", "json"]));
    assert_eq!(everyone.len(), 2, "the admin sees both");

    let triage = ids(&env.run_as("zhao", &["triage", "--format", "json"]));
    assert!(triage.iter().all(|id| *id == sz), "{triage:?}");

    for args in [
        vec!["show", gz.as_str()],
        vec!["eligibility", gz.as_str()],
        vec!["log", gz.as_str()],
    ] {
        let out = env.run_as("zhao", &args);
        assert_eq!(code(&out), Some(4), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("广州"), "{}", stderr(&out));
        assert!(!String::from_utf8_lossy(&out.stdout).contains("岭南光电"));
    }
    let log = env.run_as("zhao", &["log", "--format", "json"]);
    let log = String::from_utf8_lossy(&log.stdout);
    assert!(log.contains(&sz) && !log.contains(&gz), "{log}");
    assert!(env.run_as("zhao", &["show", &sz]).status.success());

    // In English the cities are named in English, as in the console.
    let out = env.run_as("zhao", &["show", gz.as_str(), "--lang", "en"]);
    assert!(
        stderr(&out).contains("only the bases of Shenzhen")
            && stderr(&out).contains("in Guangzhou"),
        "{}",
        stderr(&out)
    );
    let users = env.ok(&["users", "list", "--lang", "en"]);
    assert!(
        users.contains("Shenzhen") && !users.contains("深圳"),
        "{users}"
    );
}

#[test]
fn the_log_filters_by_base_user_day_and_count() {
    let (env, gz, sz) = two_cities();
    env.ok(&["users", "add", "wang", "editor"]);
    let marked = env.run_as("wang", &["mark", &gz, "合格", "--date", "2026-11-20"]);
    assert!(marked.status.success(), "{marked:?}");
    let events = |args: &[&str]| -> Vec<serde_json::Value> {
        let mut all = vec!["log"];
        all.extend(args);
        env.json(&all).as_array().unwrap().clone()
    };
    let by_wang = events(&["--user", "wang"]);
    assert_eq!(by_wang.len(), 1);
    assert_eq!(by_wang[0]["action"], "mark");
    assert!(events(&[&sz]).iter().all(|e| e["base_id"] == sz.as_str()));
    let all = events(&[]);
    let last_two = events(&["--limit", "2"]);
    assert_eq!(last_two.len(), 2);
    assert_eq!(
        last_two[..],
        all[all.len() - 2..],
        "the newest, oldest first"
    );
    // Events carry the real time of the change: today's date in the policy zone.
    let day = all.last().unwrap()["at"].as_str().unwrap()[..10].to_string();
    assert_eq!(events(&["--since", &day]).len(), all.len());
    assert_eq!(events(&["--until", "2000-01-01"]).len(), 0);
    let bad = env.fails(&["log", "--since", "2026-02-30"], 1);
    assert!(bad.contains("--since"), "{bad}");
}
