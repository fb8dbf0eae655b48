use crate::support::Env;

#[test]
fn new_list_show_with_stable_json_codes() {
    let env = Env::new();
    env.ok(&["init"]);
    let id = env.ok(&[
        "new",
        "--name",
        "南粤智能装备联合研究中心",
        "--category",
        "联合研究类",
        "--city",
        "广州市",
        "--host",
        "岭海装备研究院",
    ]);
    assert_eq!(id.trim(), "GDICB-2026-0001");
    let list = env.json(&["list"]);
    let row = &list[0];
    for (key, value) in [
        ("id", "GDICB-2026-0001"),
        ("name", "南粤智能装备联合研究中心"),
        ("category", "joint_research"),
        ("city", "guangzhou"),
        ("region_group", "prd"),
        ("status", "applied"),
        ("last_outcome", "none"),
    ] {
        assert_eq!(row[key], value, "{key}");
    }
    let table = env.ok(&["list", "--region", "珠三角", "--category", "joint_research"]);
    assert!(table.contains("南粤智能装备联合研究中心"));
    assert!(table.contains("共 1 个基地"));
    let none = env.ok(&["list", "--region", "粤北"]);
    assert_eq!(none, "没有符合条件的基地\n");
    let csv = env.ok(&["list", "--format", "csv"]);
    assert!(csv.starts_with("id,name,category,city,region_group,status,last_outcome"));
    assert!(csv.contains(
        "GDICB-2026-0001,南粤智能装备联合研究中心,joint_research,guangzhou,prd,applied,none"
    ));
}

#[test]
fn english_output_uses_english_labels() {
    let env = Env::new();
    env.ok(&["init"]);
    env.ok(&[
        "new",
        "--name",
        "甲中心",
        "--category",
        "featured",
        "--city",
        "shantou",
        "--host",
        "甲单位",
    ]);
    let table = env.ok(&["list", "--lang", "en"]);
    assert!(
        table.contains("Featured") && table.contains("Applied"),
        "{table}"
    );
    let err = env.fails(&["show", "GDICB-0000", "--lang", "en"], 1);
    assert!(
        err.starts_with("error: no base with id 'GDICB-0000'"),
        "{err}"
    );
}

#[test]
fn marking_unqualified_starts_rectification_and_show_confirms() {
    let env = Env::new();
    env.ok(&["init"]);
    let id = env.recognised_base("海岳材料联合研究中心", "海岳材料研究院", "2024-06-01");
    let out = env.ok(&["mark", &id, "不合格", "--score", "55"]);
    assert!(out.contains("→ 整改中, 整改期限 2027-11-25"), "{out}");
    let shown = env.json(&["show", &id]);
    assert_eq!(shown["status"], "rectifying");
    assert_eq!(shown["last_outcome"], "unqualified");
    assert_eq!(shown["rectification_deadline"], "2027-11-25");
    assert_eq!(shown["rounds"][0]["score"], 55);
    // The re-evaluation before the deadline is refused with the rule id.
    let err = env.fails(&["mark", &id, "合格", "--today", "2027-11-24"], 1);
    assert!(err.contains("[A14.1]"), "{err}");
    let out = env.ok(&["mark", &id, "qualified", "--today", "2027-11-25"]);
    assert!(out.contains("→ 已认定"), "{out}");
    let out = env.ok(&["mark", &id, "absent", "--today", "2028-06-01"]);
    assert!(out.contains("撤销候选 A14.2"), "{out}");
}

#[test]
fn lifecycle_transitions_and_removal_ban() {
    let env = Env::new();
    env.ok(&["init"]);
    let id = env.recognised_base("海岳材料联合研究中心", "海岳材料研究院", "2021-06-01");
    let err = env.fails(&["status", &id, "rectifying", "--reason", "x"], 1);
    assert!(err.contains("[A15.1.3]"), "{err}");
    let err = env.fails(&["status", &id, "removed", "--reason", "不好"], 1);
    assert!(err.contains("[A14]"), "{err}");
    env.ok(&[
        "status",
        &id,
        "removed",
        "--reason",
        "A14.3",
        "--date",
        "2022-05-01",
    ]);
    // Same host unit, written with a full-width space: refused within five years (A14).
    let err = env.fails(
        &[
            "new",
            "--name",
            "新中心",
            "--category",
            "featured",
            "--city",
            "广州",
            "--host",
            "海岳材料研究院　",
            "--date",
            "2027-05-01",
            "--today",
            "2027-05-01",
        ],
        1,
    );
    assert!(
        err.contains("[A14]") && err.contains(&id) && err.contains("2027-05-01"),
        "{err}"
    );
    let later = env.ok(&[
        "new",
        "--name",
        "新中心",
        "--category",
        "featured",
        "--city",
        "广州",
        "--host",
        "海岳材料研究院",
        "--date",
        "2027-05-02",
        "--today",
        "2027-05-02",
    ]);
    assert!(later.starts_with("GDICB-2027-"), "{later}");
}

#[test]
fn reports_changes_risks_partners_and_edits() {
    let env = Env::new();
    env.ok(&["init"]);
    let id = env.recognised_base("南岭海洋联合研究中心", "南岭海洋研究所", "2024-06-01");
    env.ok(&["report-submit", &id, "2024", "--date", "2025-04-02"]);
    env.ok(&[
        "report-review",
        &id,
        "2024",
        "returned",
        "--date",
        "2025-04-10",
    ]);
    env.ok(&["report-submit", &id, "2024", "--date", "2025-04-20"]);
    env.ok(&[
        "report-review",
        &id,
        "2024",
        "accepted",
        "--date",
        "2025-05-01",
    ]);
    let err = env.fails(&["report-submit", &id, "2019"], 1);
    assert!(err.contains("[A11]"), "{err}");

    env.ok(&[
        "change",
        &id,
        "rename",
        "--effective",
        "2026-09-01",
        "--filed-province",
        "2026-09-10",
        "--to",
        "南岭深海联合研究中心",
    ]);
    env.ok(&["change-filed", &id, "1", "--recommender", "2026-10-20"]);
    env.ok(&["change-review", &id, "1", "通过"]);
    env.ok(&[
        "risk",
        "add",
        &id,
        "--area",
        "数据",
        "--severity",
        "高",
        "--text",
        "跨境数据传输未做安全评估",
    ]);
    env.ok(&[
        "partner",
        "add",
        &id,
        "--name",
        "Nordwind Institut",
        "--country",
        "德国",
        "--signed",
        "2024-01-10",
        "--until",
        "2027-01-31",
    ]);
    env.ok(&[
        "edit",
        &id,
        "qualification=博士",
        "qualified_on=2012-07-01",
        "risk_plan=2024-07-01",
    ]);

    let shown = env.json(&["show", &id]);
    assert_eq!(shown["name"], "南岭深海联合研究中心");
    assert_eq!(shown["former_names"][0], "南岭海洋联合研究中心");
    assert_eq!(shown["report_lines"][0]["status"], "accepted");
    assert_eq!(shown["changes"][0]["review"], "approved");
    let kinds: Vec<&str> = shown["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"risk_open"), "{kinds:?}");
    assert!(kinds.contains(&"partner_expiring"), "{kinds:?}");
    assert!(kinds.contains(&"change_filed_late"), "{kinds:?}");
    assert!(!kinds.contains(&"risk_plan_missing"), "{kinds:?}");
    // Found by its former name.
    let hits = env.json(&["list", "--search", "南岭海洋"]);
    assert_eq!(hits.as_array().unwrap().len(), 1);

    env.ok(&["risk", "close", &id, "1"]);
    env.ok(&["partner", "end", &id, "1", "--date", "2026-11-20"]);
    let kinds: Vec<String> = env.json(&["show", &id])["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap().to_string())
        .collect();
    assert!(!kinds.contains(&"risk_open".to_string()));
    assert!(kinds.contains(&"no_valid_partner".to_string()), "{kinds:?}");

    let log = env.json(&["log", &id]);
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"change") && actions.contains(&"risk_close"),
        "{actions:?}"
    );
    let change = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "change")
        .unwrap();
    let fields: Vec<&str> = change["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"name") && fields.contains(&"former_names"),
        "{fields:?}"
    );
}

#[test]
fn eligibility_exits_3_until_every_line_passes() {
    let env = Env::new();
    env.ok(&["init"]);
    let id = env.ok(&[
        "new",
        "--name",
        "甲中心",
        "--category",
        "joint_research",
        "--city",
        "广州",
        "--host",
        "甲研究院",
        "--host-kind",
        "institute",
        "--leader",
        "林晓岚",
        "--date",
        "2026-05-01",
    ]);
    let id = id.trim();
    env.ok(&["edit", id, "qualification=phd", "qualified_on=2010-01-01"]);
    env.ok(&[
        "partner",
        "add",
        id,
        "--name",
        "Nordwind Institut",
        "--country",
        "Germany",
        "--signed",
        "2025-01-01",
        "--until",
        "2030-01-01",
    ]);
    env.ok(&["systems", id, "--set", "all=2025-12-01"]);
    env.ok(&[
        "project",
        "add",
        id,
        "--name",
        "中德材料合作",
        "--level",
        "national",
        "--years",
        "2021-2023",
    ]);
    env.ok(&["indicators", id, "--set", "exchange=true"]);
    // The 2026 call counts 2023–2025 (A8 前三年).
    for (year, input) in [("2023", "200"), ("2024", "200"), ("2025", "199.96")] {
        env.ok(&[
            "indicators",
            id,
            "--year",
            year,
            "--set",
            &format!("input_wan={input}"),
            "trained=0",
            "papers=1",
            "patents=0",
            "transfers=0",
        ]);
    }
    env.ok(&[
        "indicators",
        id,
        "--year",
        "2024",
        "--set",
        "trained=1",
        "patents=1",
        "transfers=1",
    ]);
    let out = env.run(&["eligibility", id]);
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("599.96万元") && text.contains("✗  A8.1.1"),
        "{text}"
    );
    env.ok(&["indicators", id, "--year", "2025", "--set", "input_wan=200"]);
    let json = env.json(&["eligibility", id]);
    assert_eq!(json["eligible"], true, "{json}");
    assert_eq!(json["call_date"], "2026-04-10");
    // Only the named key changed.
    assert_eq!(
        env.json(&["show", id])["indicators"]["years"]["2025"]["papers"],
        1
    );
    let late_call = env.run(&["eligibility", id, "--call-date", "2024-12-31"]);
    assert_eq!(
        late_call.status.code(),
        Some(3),
        "the partner agreement came after that call"
    );
}

#[test]
fn triage_lists_findings_most_urgent_first() {
    let env = Env::new();
    env.ok(&["init"]);
    let a = env.recognised_base("甲中心", "甲单位", "2023-06-01");
    let findings = env.json(&["triage"]);
    let list = findings.as_array().unwrap();
    assert!(!list.is_empty());
    for f in list {
        for key in ["base_id", "rule", "severity", "due", "message"] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
    }
    assert_eq!(list[0]["base_id"], a.as_str());
    let rank = |s: &str| {
        ["low", "medium", "high", "critical"]
            .iter()
            .position(|x| *x == s)
            .unwrap()
    };
    let severities: Vec<usize> = list
        .iter()
        .map(|f| rank(f["severity"].as_str().unwrap()))
        .collect();
    assert!(
        severities.windows(2).all(|w| w[0] >= w[1]),
        "{severities:?}"
    );
    let csv = env.ok(&["triage", "--format", "csv"]);
    assert!(csv.starts_with("base_id,base_name,kind,rule,severity,due,message,action"));
    let soon = env.json(&["triage", "--within", "0"]);
    assert!(soon.as_array().unwrap().len() <= list.len());
}

#[test]
fn undo_restores_and_keeps_history() {
    let env = Env::new();
    env.ok(&["init"]);
    let id = env.recognised_base("甲中心", "甲单位", "2023-06-01");
    env.ok(&["mark", &id, "unqualified"]);
    assert_eq!(env.json(&["show", &id])["status"], "rectifying");
    let out = env.ok(&["undo"]);
    assert!(out.contains(&id), "{out}");
    let shown = env.json(&["show", &id]);
    assert_eq!(shown["status"], "recognised");
    assert_eq!(shown["rounds"].as_array().unwrap().len(), 0);
    let actions: Vec<String> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(actions.last().unwrap(), "undo");
    assert!(actions.contains(&"mark".to_string()));
}

#[test]
fn completions_and_no_terminal_hint() {
    let env = Env::new();
    let bash = env.ok(&["completions", "bash"]);
    assert!(
        bash.contains("report-submit"),
        "completions cover subcommands"
    );
    let hint = env.fails(&[], 2);
    assert!(hint.contains("jidi list"), "{hint}");
}

#[test]
fn config_file_supplies_the_database_and_language() {
    let env = Env::new();
    let db = env.dir.path().join("shared.redb");
    std::fs::write(
        env.dir.path().join("system.toml"),
        format!("db = {:?}\nlang = \"en\"\n", db.display().to_string()),
    )
    .unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_jidi"));
    cmd.env_remove("JIDI_DB")
        .env("JIDI_CONFIG", env.dir.path().join("config.toml"))
        .env("JIDI_SYSTEM_CONFIG", env.dir.path().join("system.toml"))
        .args(["init"]);
    let out = cmd.output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout).unwrap().contains("is ready"));
    assert!(db.exists());
}

#[test]
fn a_justified_absence_leaves_the_removal_candidates() {
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    let candidates = |env: &Env| -> Vec<String> {
        env.json(&["triage"])
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["kind"] == "removal_candidate")
            .map(|f| f["base_id"].as_str().unwrap().to_string())
            .collect()
    };
    let before = candidates(&env);
    let id = before
        .first()
        .expect("the demo has a removal candidate")
        .clone();
    let out = env.ok(&["excuse", &id, "--reason", "评估当日遭遇台风停航"]);
    assert!(out.contains("正当理由"), "{out}");
    let after = candidates(&env);
    assert!(
        !after.contains(&id) && after.len() == before.len() - 1,
        "{after:?}"
    );
    let rounds = env.json(&["show", &id])["rounds"].clone();
    let last = rounds
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|r| r["date"].as_str().unwrap().to_string())
        .unwrap()
        .clone();
    assert_eq!(last["excused"]["reason"], "评估当日遭遇台风停航");
    // A base whose last outcome is a pass has nothing to justify.
    let passed = env.json(&["list", "--outcome", "qualified"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let err = env.fails(&["excuse", &passed, "--reason", "x"], 1);
    assert!(err.contains("[A14.2]"), "{err}");
}

#[test]
fn show_prints_every_part_of_a_base_without_cutting_names() {
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    let rows = env.json(&["list"]);
    let with_partner = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| env.json(&["show", r["id"].as_str().unwrap()]))
        .find(|b| b["partners"].as_array().is_some_and(|p| !p.is_empty()))
        .expect("a base with partners");
    let id = with_partner["id"].as_str().unwrap();
    let text = env.ok(&["show", id]);
    assert!(
        text.starts_with(&format!("{id}  {}", with_partner["name"].as_str().unwrap())),
        "{text}"
    );
    for section in [
        "【概况】",
        "【合作方】",
        "【年度报告】",
        "【绩效评估】",
        "【变更报备】",
        "【科技安全】",
        "【历史】",
    ] {
        assert!(text.contains(section), "{section} missing:\n{text}");
    }
    let partner = with_partner["partners"][0]["name"].as_str().unwrap();
    assert!(
        text.contains(partner),
        "the partner's whole name: {partner}\n{text}"
    );
}
