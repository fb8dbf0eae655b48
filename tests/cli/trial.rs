//! What a new user's trial of the command line found, each kept from coming back.

use crate::support::Env;

#[test]
fn a_change_to_what_the_base_already_holds_says_so_and_records_nothing() {
    let env = Env::new();
    env.ok(&["init"]);
    let id = env.recognised_base("岭南光电联合研究中心", "岭南光电研究院", "2024-03-01");
    env.ok(&["edit", &id, "legal_person=否"]);
    let events = env.json(&["log", &id]).as_array().unwrap().len();
    let said = env.ok(&["edit", &id, "legal_person=否"]);
    assert!(said.contains("未改变"), "{said}");
    assert_eq!(env.json(&["log", &id]).as_array().unwrap().len(), events);

    // A "leader change" to the leader the base has is no change: refused, pointing at edit.
    let err = env.fails(
        &[
            "change",
            &id,
            "leader",
            "--to",
            "林晓岚",
            "--effective",
            "2026-11-01",
            "--qualification",
            "phd",
            "--qualified-on",
            "2010-07-01",
        ],
        1,
    );
    assert!(
        err.contains("A15.3.2") && err.contains(&format!("jidi edit {id}")),
        "{err}"
    );
}

#[test]
fn a_work_record_cites_only_its_own_bases_findings_and_says_whose_a_key_is() {
    let env = Env::new();
    env.ok(&["init"]);
    let a = env.recognised_base("岭南光电联合研究中心", "岭南光电研究院", "2023-03-01");
    let b = env.recognised_base("珠江数据联合研究中心", "珠江数据研究院", "2023-03-01");
    let key = format!("{b}/A15.3.1/2023");
    let err = env.fails(&["note", &a, "电话", "--cites", &key], 1);
    assert!(err.contains(&b) && err.contains(&a), "{err}");
}

#[test]
fn a_standing_mechanism_has_no_year() {
    let env = Env::new();
    env.ok(&["init"]);
    let id = env
        .ok(&[
            "new",
            "--name",
            "南岭数据联合研究中心",
            "--category",
            "联合研究类",
            "--city",
            "广州",
            "--host",
            "南岭数据研究院",
        ])
        .trim()
        .to_string();
    let err = env.fails(
        &[
            "indicators",
            &id,
            "--year",
            "2025",
            "--set",
            "exchange=true",
        ],
        1,
    );
    assert!(err.contains("--year"), "{err}");
    env.ok(&["indicators", &id, "--set", "exchange=true"]);
}

#[test]
fn a_scope_is_said_when_granted_and_lifted_with_all() {
    let env = Env::new();
    env.ok(&["init"]);
    let said = env.ok(&["users", "add", "li", "viewer", "--scope", "深圳"]);
    assert!(said.contains("仅限深圳"), "{said}");
    let said = env.ok(&["users", "add", "li", "editor"]);
    assert!(said.contains("仅限深圳"), "kept, and said: {said}");
    let said = env.ok(&["users", "add", "li", "editor", "--scope", "all"]);
    assert!(said.contains("全省"), "{said}");
    let users = env.json(&["users", "list"]);
    let li = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "li")
        .unwrap();
    assert!(li["scope"].is_null(), "{li}");
}

#[test]
fn the_demos_next_step_names_the_file_and_the_digest_says_what_it_left_out() {
    let env = Env::new();
    let said = env.ok(&["init", "--demo"]);
    assert!(
        said.contains(&format!("jidi --db {} triage", env.db.display())),
        "{said}"
    );
    let digest = env.ok(&["digest"]);
    assert!(digest.contains("…还有"), "{digest}");
}

#[test]
fn an_outcome_row_whose_id_and_name_disagree_is_reported_not_applied() {
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    let sheet = env.dir.path().join("results.csv");
    std::fs::write(
        &sheet,
        "编号,基地名称,评估结果,评估日期\nGDICB-2016-0005,霁川储能中欧新能源技术转移中心,合格,2026-11-20\n",
    )
    .unwrap();
    let err = env.fails(
        &["import-outcomes", sheet.to_str().unwrap(), "--dry-run"],
        1,
    );
    assert!(err.contains("与编号 GDICB-2016-0005 不符"), "{err}");
}

#[test]
fn a_stray_control_character_in_a_csv_is_named_by_row_and_column() {
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    let csv = env.dir.path().join("bases.csv");
    env.ok(&["export", "-o", csv.to_str().unwrap()]);
    let text = std::fs::read_to_string(&csv).unwrap();
    let hostile = text.replacen("谢雨桐", "谢\u{1b}[31m雨桐", 1);
    std::fs::write(&csv, hostile).unwrap();
    let err = env.fails(&["import", csv.to_str().unwrap(), "--dry-run"], 1);
    assert!(err.contains("负责人") && err.contains("第 2 行"), "{err}");
    assert!(!err.contains("二进制"), "{err}");
}

#[test]
fn a_database_is_not_restored_from_itself_and_the_file_a_restore_kept_says_what_it_is() {
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    let err = env.fails(&["restore", env.db.to_str().unwrap()], 1);
    assert!(err.contains("不能用它自己恢复"), "{err}");
    let copy = env.dir.path().join("copy.redb");
    env.ok(&["backup", copy.to_str().unwrap()]);
    env.ok(&["restore", copy.to_str().unwrap()]);
    let kept = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains(".before-restore-"))
        .unwrap();
    let old = Env {
        dir: tempfile::tempdir().unwrap(),
        db: kept,
    };
    let said = old.ok(&["check"]);
    assert!(said.contains("只作留存"), "{said}");
    let err = old.fails(&["note", "GDICB-2016-0002", "记录"], 1);
    assert!(err.contains("恢复后的数据库"), "{err}");
}

#[test]
fn report_and_problem_lists_in_csv_open_in_excel_as_utf8() {
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    let report = env.dir.path().join("r.csv");
    env.ok(&["report", "--format", "csv", "-o", report.to_str().unwrap()]);
    assert!(std::fs::read(&report).unwrap().starts_with(b"\xEF\xBB\xBF"));
}

#[test]
fn a_file_that_is_no_database_is_named_and_backups_say_what_is_wrong_in_chinese() {
    let env = Env::new();
    std::fs::write(&env.db, "编号,基地名称\n").unwrap();
    let err = env.fails(&["list"], 1);
    assert!(
        err.contains("不是 jidi 数据库") && err.contains("jidi.redb"),
        "{err}"
    );
    let env = Env::new();
    env.ok(&["init"]);
    let taken = env.dir.path().join("taken.redb");
    std::fs::write(&taken, "x").unwrap();
    let err = env.fails(&["backup", taken.to_str().unwrap()], 1);
    assert!(err.contains("已存在：备份从不覆盖文件"), "{err}");
    let err = env.fails(&["restore", "/nonexistent/b.redb"], 1);
    assert!(err.contains("找不到文件"), "{err}");
    let err = env.fails(&["restore", taken.to_str().unwrap()], 1);
    assert!(err.contains("不是 jidi 数据库"), "{err}");
}

#[test]
fn a_limit_of_zero_shows_no_event() {
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    assert_eq!(env.json(&["log", "--limit", "0"]), serde_json::json!([]));
    assert_eq!(env.ok(&["log", "--limit", "0", "--format", "jsonl"]), "");
    assert_eq!(env.ok(&["log", "--limit", "0"]), "没有符合条件的事件\n");
    assert_eq!(
        env.json(&["log", "--limit", "1"]).as_array().unwrap().len(),
        1
    );
}

#[test]
fn an_empty_result_says_so_in_a_table_and_stays_empty_for_scripts() {
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    let cases: [(&[&str], &str, &str); 4] = [
        (
            &["log", "--user", "nosuch"],
            "没有符合条件的事件",
            "no events match",
        ),
        (
            &["log", "--since", "2031-01-01"],
            "没有符合条件的事件",
            "no events match",
        ),
        (
            &["list", "--search", "无此基地名称"],
            "没有符合条件的基地",
            "no bases match",
        ),
        (
            &["triage", "--state", "waiting"],
            "没有符合条件的问题",
            "no findings match",
        ),
    ];
    for (args, zh, en) in cases {
        assert_eq!(env.ok(args), format!("{zh}\n"), "{args:?}");
        let english = [args, &["--lang", "en"]].concat();
        assert_eq!(env.ok(&english), format!("{en}\n"), "{args:?}");
        assert_eq!(env.json(args), serde_json::json!([]), "{args:?}");
        assert_eq!(env.ok(&[args, &["--format", "jsonl"]].concat()), "");
    }
    let none = env.ok(&["notes", "gdicb-2015-0001"]);
    assert_eq!(
        none,
        "GDICB-2015-0001 还没有工作记录；用 jidi note GDICB-2015-0001 内容 添加\n"
    );
    let csv = env.ok(&["list", "--search", "无此基地名称", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 1, "the header alone: {csv}");
}

#[test]
fn an_assignee_who_is_no_jidi_user_is_refused_as_follow_refuses_one() {
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    let triage = env.fails(&["triage", "--assignee", "nosuch"], 1);
    let key = env.json(&["triage"])[0]["key"]
        .as_str()
        .unwrap()
        .to_string();
    let follow = env.fails(&["follow", &key, "--assign", "nosuch"], 1);
    assert!(
        triage.contains("没有名为「nosuch」的 jidi 用户"),
        "{triage}"
    );
    assert_eq!(triage, follow);

    // A user who holds cases and then loses every role still finds them.
    env.ok(&["users", "add", "wang", "editor"]);
    env.ok(&["follow", &key, "--assign", "wang"]);
    env.ok(&["users", "remove", "wang"]);
    let held = env.json(&["triage", "--assignee", "wang"]);
    assert_eq!(held[0]["key"], key.as_str());
    let mine = env.run_as("wang", &["triage", "--assignee", "me", "--format", "json"]);
    let mine: serde_json::Value = serde_json::from_slice(&mine.stdout).unwrap();
    assert_eq!(mine, held, "me is the one asking");
}

#[test]
fn every_finding_in_json_carries_its_follow_up_keys_null_until_followed() {
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    let key = env.json(&["triage"])[0]["key"]
        .as_str()
        .unwrap()
        .to_string();
    env.ok(&["follow", &key, "--state", "contacted", "--note", "已致电"]);
    let follow_keys = ["assignee", "state", "until", "notes", "dismissed_because"];
    let all = env.json(&["triage"]);
    for finding in all.as_array().unwrap() {
        for k in follow_keys {
            assert!(finding.get(k).is_some(), "{k} missing: {finding}");
        }
        if finding["key"] == key.as_str() {
            assert_eq!(finding["state"], "contacted");
            assert_eq!(finding["notes"][0]["text"], "已致电");
        } else {
            assert!(finding["state"].is_null() && finding["assignee"].is_null());
            assert_eq!(finding["notes"], serde_json::json!([]));
        }
    }
    let line = env.ok(&["triage", "--format", "jsonl"]);
    let last: serde_json::Value = serde_json::from_str(line.lines().last().unwrap()).unwrap();
    for k in follow_keys {
        assert!(last.get(k).is_some(), "{k} missing in jsonl: {last}");
    }
    let csv = env.ok(&["triage", "--format", "csv"]);
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with("key,assignee,state,until")
    );
}

#[test]
fn ids_and_keys_are_read_whatever_their_case_and_width() {
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    let id = "GDICB-2017-0003";
    let shown = env.json(&["show", id]);
    for typed in [
        "gdicb-2017-0003",
        "ＧＤＩＣＢ－２０１７－０００３",
        " Gdicb-2017-0003",
    ] {
        assert_eq!(env.json(&["show", typed]), shown, "{typed}");
        assert_eq!(env.json(&["notes", typed]), serde_json::json!([]));
        let verdict = env.run(&["eligibility", typed, "--call-date", "2017-03-01"]);
        assert!(
            matches!(verdict.status.code(), Some(0 | 3)),
            "{typed}: {verdict:?}"
        );
    }
    let key = env
        .json(&["triage"])
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap().to_string())
        .find(|k| k.starts_with(id))
        .unwrap();
    // The whole key as a person types it: id and rule in lower case (A15.3.4 → a15.3.4).
    let typed_key = key.replacen(id, "gdicb-2017-0003", 1).to_lowercase();
    assert!(
        typed_key.contains("/a"),
        "a rule typed in lower case: {typed_key}"
    );
    env.ok(&["follow", &typed_key, "--note", "已致电"]);
    env.ok(&["note", "gdicb-2017-0003", "上门走访", "--cites", &typed_key]);
    env.ok(&["edit", "gdicb-2017-0003", "legal_person=否"]);
    env.ok(&["mark", "gdicb-2017-0003", "合格", "--date", "2026-11-20"]);
    let log = env.json(&["log", "gdicb-2017-0003"]);
    let events: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["base_id"].as_str().unwrap())
        .collect();
    assert!(
        events.len() >= 4 && events.iter().all(|b| *b == id),
        "{events:?}"
    );
    let notes = env.json(&["notes", id]);
    assert_eq!(notes[0]["cites"], key.as_str(), "{notes}");
}

#[test]
fn an_outcome_sheets_dry_run_lines_its_columns_up_under_chinese_text() {
    use unicode_width::UnicodeWidthStr;
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    let sheet = env.dir.path().join("results.csv");
    std::fs::write(
        &sheet,
        "编号,评估结果,评估日期\nGDICB-2017-0003,合格,2026-11-20\nGDICB-2015-0001,不合格,2026-11-20\n",
    )
    .unwrap();
    for lang in ["zh", "en"] {
        let out = env.ok(&[
            "import-outcomes",
            sheet.to_str().unwrap(),
            "--dry-run",
            "--lang",
            lang,
        ]);
        let rows: Vec<&str> = out.lines().filter(|l| l.contains("GDICB-")).collect();
        assert_eq!(rows.len(), 2, "{out}");
        // Each column starts at the same terminal cell on every line, however wide its text.
        let column = |line: &str, text: &str| line[..line.find(text).unwrap()].width();
        for text in ["GDICB-", "2026-11-20"] {
            let starts: Vec<usize> = rows.iter().map(|l| column(l, text)).collect();
            assert!(starts.windows(2).all(|w| w[0] == w[1]), "{text}: {out}");
        }
        let (pass, fail) = if lang == "zh" {
            ("合格", "不合格")
        } else {
            ("Qualified", "Unqualified")
        };
        assert_eq!(column(rows[0], pass), column(rows[1], fail), "{out}");
    }
}

#[test]
fn a_json_import_names_records_and_fields_and_quotes_an_empty_value() {
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    let file = env.dir.path().join("bases.json");
    env.ok(&["export", "--format", "json", "-o", file.to_str().unwrap()]);
    let mut records: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    records[0]["leader"]["name"] = "".into();
    records[1]["city"] = "火星".into();
    records[2]["applied_on"] = "2025-02-30".into();
    std::fs::write(&file, records.to_string()).unwrap();
    let path = file.to_str().unwrap();

    let err = env.fails(&["import", path], 1);
    for line in [
        "第 1 条记录 · leader.name \"\"：",
        "第 2 条记录 · city「火星」：未知的城市「火星」",
        "第 3 条记录 · applied_on「2025-02-30」：不是有效的日期",
        "有 3 条记录有问题",
    ] {
        assert!(err.contains(line), "missing {line:?} in:\n{err}");
    }
    assert!(
        !err.contains("行 ·") && !err.contains("行有问题") && !err.contains("「」"),
        "{err}"
    );

    let err = env.fails(&["import", path, "--lang", "en"], 1);
    for line in [
        "record 1 · leader.name \"\": ",
        "record 2 · city '火星': unknown city",
        "record 3 · applied_on '2025-02-30': not a valid date",
        "has 3 records with problems",
    ] {
        assert!(err.contains(line), "missing {line:?} in:\n{err}");
    }
    assert!(!err.contains("row"), "{err}");
}

#[test]
fn usage_errors_are_in_the_ui_language_and_still_exit_2() {
    let env = Env::new();
    let err = env.fails(&["list", "--foo"], 2);
    assert!(err.starts_with("错误：未知参数 '--foo'\n"), "{err}");
    assert!(
        err.contains("用法：jidi list") && err.contains("更多信息请用 '--help'"),
        "{err}"
    );
    let err = env.fails(&["show"], 2);
    assert!(err.starts_with("错误：缺少必需的参数：\n  <ID>"), "{err}");

    let err = env.fails(&["list", "--foo", "--lang", "en"], 2);
    assert!(
        err.starts_with("error: unexpected argument '--foo' found"),
        "{err}"
    );
    std::fs::write(env.dir.path().join("config.toml"), "lang = \"en\"\n").unwrap();
    let err = env.fails(&["list", "--foo"], 2);
    assert!(err.starts_with("error: unexpected argument"), "{err}");
    // Help is still help, on stdout, exit 0.
    assert!(env.ok(&["list", "--help"]).contains("Usage: jidi list"));
}

#[test]
fn a_bad_filter_is_refused_before_any_output() {
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    for args in [
        &["list", "--region", "火星", "--format", "csv"][..],
        &["export", "--region", "火星"],
        &["export", "--status", "flying", "--format", "json"],
    ] {
        let out = env.run(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            out.stdout.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(String::from_utf8_lossy(&out.stderr).starts_with("错误：未知的"));
    }
}

#[test]
fn a_file_that_is_not_there_is_said_so_in_the_ui_language() {
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    let missing = env.dir.path().join("无此文件.csv");
    let missing = missing.to_str().unwrap();
    let err = env.fails(&["import", missing], 1);
    assert!(
        err.contains("找不到文件") && !err.contains("os error"),
        "{err}"
    );
    let err = env.fails(&["import-outcomes", missing, "--dry-run"], 1);
    assert!(err.contains("找不到文件"), "{err}");
    let err = env.fails(&["--policy", missing, "list"], 1);
    assert!(
        err.contains("找不到策略文件") && !err.contains("os error"),
        "{err}"
    );
    let err = env.fails(&["--policy", missing, "list", "--lang", "en"], 1);
    assert!(err.contains("no policy file at"), "{err}");
}

#[test]
fn english_tables_name_cities_in_english_and_scripts_keep_the_codes() {
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    let table = env.ok(&["list", "--lang", "en", "--search", "GDICB-2012-0001"]);
    assert!(
        table.contains("Shantou") && !table.contains("shantou"),
        "{table}"
    );
    let chinese = env.ok(&["list", "--search", "GDICB-2012-0001"]);
    assert!(chinese.contains("汕头"), "{chinese}");
    let csv = env.ok(&["list", "--search", "GDICB-2012-0001", "--format", "csv"]);
    assert!(csv.contains(",shantou,"), "{csv}");
    let json = env.json(&["list", "--search", "GDICB-2012-0001"]);
    assert_eq!(json[0]["city"], "shantou");

    // The leadership report's rectification table, in English.
    let report = env.ok(&["report", "--lang", "en", "--today", "2026-12-07"]);
    assert!(
        report.contains("| Zhanjiang |") && !report.contains("| zhanjiang |"),
        "{report}"
    );
}
