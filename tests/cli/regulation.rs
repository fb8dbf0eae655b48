//! Issue 12, through the binary: partner countries as codes (A5.2), leader changes as filings
//! (A15.3.2, A6.1), management systems (A7.3) and prior projects (A8.1, A8.3), the A8 window by
//! year, the recommender at application (A9.2), and the findings and refusals the audit added.

use crate::support::Env;
use serde_json::Value;

/// A joint-research application of 2026-05-01 (call 2026-04-10, window 2023–2025).
fn application(env: &Env, host: &str, host_kind: &str) -> String {
    env.ok(&[
        "new",
        "--name",
        &format!("{host}联合研究中心"),
        "--category",
        "joint_research",
        "--city",
        "广州",
        "--host",
        host,
        "--host-kind",
        host_kind,
        "--leader",
        "林晓岚",
        "--date",
        "2026-05-01",
    ])
    .trim()
    .to_string()
}

fn partner(env: &Env, id: &str, country: &str) -> std::process::Output {
    env.run(&[
        "partner",
        "add",
        id,
        "--name",
        "Nordwind Institut",
        "--country",
        country,
        "--signed",
        "2025-01-01",
        "--until",
        "2030-01-01",
    ])
}

/// `jidi eligibility … --format json`, whatever its verdict (exit 0 or 3).
fn eligibility(env: &Env, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = env.run(&all);
    assert!(matches!(out.status.code(), Some(0 | 3)), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn check<'a>(json: &'a Value, rule: &str) -> Vec<&'a Value> {
    json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["rule"] == rule)
        .collect()
}

fn kinds_of(triage: &Value, id: &str) -> Vec<String> {
    triage
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["base_id"] == id)
        .map(|f| f["kind"].as_str().unwrap().to_string())
        .collect()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a5_2_partner_countries_are_codes_hk_macao_taiwan_never_foreign_the_mainland_refused() {
    let env = Env::new();
    env.ok(&["init"]);
    let id = application(&env, "甲研究院", "institute");
    assert!(partner(&env, &id, "香港特别行政区").status.success());
    assert!(partner(&env, &id, "Hong Kong SAR").status.success());
    let verdict = eligibility(&env, &["eligibility", &id]);
    let a52 = check(&verdict, "A5.2")[0];
    assert_eq!(
        (a52["value"].as_str(), a52["pass"].as_bool()),
        (Some("0"), Some(false))
    );
    for (country, needle) in [
        ("上海", "内地"),
        ("中国", "内地"),
        ("广东省深圳市", "内地"),
        ("Germny", "德国（DE, Germany）"),
    ] {
        let out = partner(&env, &id, country);
        assert_eq!(out.status.code(), Some(1), "{country}");
        let err = stderr(&out);
        assert!(
            err.contains("[A5.2]") && err.contains(needle),
            "{country}: {err}"
        );
    }
    assert!(partner(&env, &id, "DE").status.success());
    let shown = env.json(&["show", &id]);
    let codes: Vec<&str> = shown["partners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["country_code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["HK", "HK", "DE"], "JSON carries country_code");
    assert_eq!(
        shown["partners"][0]["country"], "香港特别行政区",
        "as written"
    );
    let a52 = eligibility(&env, &["eligibility", &id]);
    assert_eq!(check(&a52, "A5.2")[0]["value"], "1");
    // A partner's country can be corrected; the table's name shows in the detail.
    env.ok(&["partner", "country", &id, "3", "奥地利"]);
    assert_eq!(
        env.json(&["show", &id])["partners"][2]["country_code"],
        "AT"
    );
    assert!(env.ok(&["show", &id]).contains("奥地利 AT"));
}

#[test]
fn a15_3_2_a_leader_change_is_a_filing_with_the_new_leaders_particulars() {
    let env = Env::new();
    env.ok(&["init"]);
    let id = env.recognised_base("乙中心", "乙研究院", "2024-06-01");
    env.ok(&["edit", &id, "qualification=phd", "qualified_on=2012-07-01"]);
    for edit in ["leader=周海川", "name=乙新中心"] {
        let err = env.fails(&["edit", &id, edit], 1);
        assert!(
            err.contains("[A15.3.2]") && err.contains("jidi change"),
            "{edit}: {err}"
        );
    }
    // Without a qualification the change is filed, and is a finding (A6.1).
    env.ok(&[
        "change",
        &id,
        "leader",
        "--effective",
        "2026-11-01",
        "--to",
        "周海川",
        "--filed-province",
        "2026-11-02",
        "--filed-recommender",
        "2026-11-02",
    ]);
    let shown = env.json(&["show", &id]);
    assert_eq!(shown["leader"]["name"], "周海川");
    assert_eq!(shown["leader"]["qualification"], "none", "never inherited");
    let triage = env.json(&["triage"]);
    assert!(kinds_of(&triage, &id).contains(&"leader_change_unqualified".to_string()));
    // A qualification needs its date; the particulars belong to a leader change only.
    let err = env.fails(
        &[
            "change",
            &id,
            "leader",
            "--effective",
            "2026-11-20",
            "--to",
            "王海舟",
            "--qualification",
            "phd",
        ],
        1,
    );
    assert!(
        err.contains("[A6.1]") && err.contains("--qualified-on"),
        "{err}"
    );
    let err = env.fails(
        &[
            "change",
            &id,
            "rename",
            "--effective",
            "2026-11-20",
            "--to",
            "新名",
            "--qualification",
            "phd",
        ],
        1,
    );
    assert!(err.contains("负责人变更"), "{err}");
    let out = env.ok(&[
        "change",
        &id,
        "leader",
        "--effective",
        "2026-11-20",
        "--to",
        "王海舟",
        "--qualification",
        "博士",
        "--qualified-on",
        "2015-07-01",
        "--identity",
        "foreign",
        "--employed",
        "yes",
        "--filed-province",
        "2026-11-21",
        "--filed-recommender",
        "2026-11-21",
    ]);
    assert!(
        out.contains("周海川 → 王海舟（博士 2015-07-01，外籍，在职）"),
        "{out}"
    );
    let leader = &env.json(&["show", &id])["leader"];
    assert_eq!(
        (
            &leader["qualification"],
            &leader["qualified_on"],
            &leader["identity"]
        ),
        (
            &Value::from("phd"),
            &Value::from("2015-07-01"),
            &Value::from("foreign")
        )
    );
    assert!(
        !kinds_of(&env.json(&["triage"]), &id).contains(&"leader_change_unqualified".to_string())
    );
    // An application's leader is corrected by edit, and starts without the old particulars.
    let app = application(&env, "丙研究院", "institute");
    env.ok(&["edit", &app, "qualification=phd", "qualified_on=2010-01-01"]);
    env.ok(&["edit", &app, "leader=陈若溪"]);
    assert_eq!(env.json(&["show", &app])["leader"]["qualification"], "none");
}

#[test]
fn a7_3_systems_and_a8_prior_projects_are_lines_of_the_check_and_shown() {
    let env = Env::new();
    env.ok(&["init"]);
    let id = application(&env, "丁研究院", "institute");
    env.ok(&["systems", &id, "--set", "all=2025-12-01", "人类遗传资源=no"]);
    let json = eligibility(&env, &["eligibility", &id]);
    let systems = check(&json, "A7.3");
    assert_eq!(systems.len(), 7);
    let failing: Vec<&&Value> = systems.iter().filter(|c| c["pass"] == false).collect();
    assert_eq!(failing.len(), 1);
    assert_eq!(failing[0]["value"], "未建立");
    assert!(
        failing[0]["check"]
            .as_str()
            .unwrap()
            .contains("人类遗传资源")
    );
    assert_eq!(check(&json, "A8.1")[0]["pass"], false, "no project yet");
    env.ok(&[
        "project",
        "add",
        &id,
        "--name",
        "中德海洋材料合作",
        "--level",
        "省级",
        "--years",
        "2021-2023",
    ]);
    let json = eligibility(&env, &["eligibility", &id]);
    assert_eq!(check(&json, "A8.1")[0]["value"], "1 项（省级 1）");
    let err = env.fails(&["systems", &id, "--set", "ethics=soon"], 1);
    assert!(err.contains("ethics=soon"), "{err}");
    let err = env.fails(
        &[
            "project", "add", &id, "--name", "x", "--level", "national", "--years", "2030",
        ],
        1,
    );
    assert!(err.contains("--years"), "{err}");
    let shown = env.ok(&["show", &id]);
    for needle in [
        "管理制度",
        "人类遗传资源 未建立",
        "承担项目",
        "省级 2021–2023 中德海洋材料合作",
    ] {
        assert!(shown.contains(needle), "{needle} in\n{shown}");
    }
    // A featured application without a project is warned, not refused (A8.3 原则上).
    let featured = env
        .ok(&[
            "new",
            "--name",
            "戊特色基地",
            "--category",
            "featured",
            "--city",
            "汕头",
            "--host",
            "戊学院",
            "--date",
            "2026-05-01",
        ])
        .trim()
        .to_string();
    let json = eligibility(&env, &["eligibility", &featured]);
    let a83 = check(&json, "A8.3")[0];
    assert_eq!(
        (a83["pass"].as_bool(), a83["advisory"].as_bool()),
        (Some(false), Some(true))
    );
    let table = env.run(&["eligibility", &featured]);
    assert!(String::from_utf8_lossy(&table.stdout).contains("!  A8.3"));
}

#[test]
fn a8_indicators_by_year_a_missing_year_is_named_and_lookback_comes_from_the_policy() {
    let env = Env::new();
    env.ok(&["init"]);
    let id = application(&env, "己研究院", "institute");
    let err = env.fails(&["indicators", &id, "--set", "papers=2"], 1);
    assert!(err.contains("[A8]") && err.contains("--year"), "{err}");
    for year in ["2023", "2025"] {
        env.ok(&["indicators", &id, "--year", year, "--set", "papers=2"]);
    }
    let table = String::from_utf8(env.run(&["eligibility", &id]).stdout).unwrap();
    assert!(table.contains("量化指标统计 2023–2025 年"), "{table}");
    let papers = table.lines().find(|l| l.contains("联合发表")).unwrap();
    assert!(
        papers.contains("缺 2024 年数据")
            && papers.contains("≥ 2")
            && papers.contains("2023–2025（缺 2024）"),
        "value, threshold and years on the line: {papers}"
    );
    let json = eligibility(&env, &["eligibility", &id]);
    let line = check(&json, "A8.1.4")[0];
    assert_eq!(line["years"], serde_json::json!([2023, 2024, 2025]));
    assert_eq!(line["missing_years"], serde_json::json!([2024]));
    let err = env.fails(
        &["indicators", &id, "--year", "2027", "--set", "papers=1"],
        1,
    );
    assert!(err.contains("2027"), "{err}");
    // The policy's lookback_years sets the window.
    let policy = env.dir.path().join("policy.toml");
    std::fs::write(&policy, "[eligibility]\nlookback_years = 1\n").unwrap();
    let json = eligibility(
        &env,
        &["--policy", policy.to_str().unwrap(), "eligibility", &id],
    );
    let line = check(&json, "A8.1.4")[0];
    assert_eq!(line["years"], serde_json::json!([2025]));
    assert_eq!(line["pass"], true, "2 papers in 2025 alone");
}

#[test]
fn a_schema_3_database_migrates_flagging_unknown_countries_and_undated_totals() {
    let env = Env::new();
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/store-v3.redb");
    std::fs::copy(fixture, &env.db).unwrap();
    let shown = env.json(&["show", "GDICB-2020-0001"]);
    let codes: Vec<&Value> = shown["partners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["country_code"])
        .collect();
    assert_eq!(
        codes,
        vec![&Value::from("DE"), &Value::from("HK"), &Value::Null]
    );
    let triage = env.json(&["triage"]);
    for id in ["GDICB-2020-0001", "GDICB-2026-0001"] {
        assert!(
            kinds_of(&triage, id).contains(&"partner_country_unknown".to_string()),
            "{id}"
        );
    }
    let out = env.run(&["eligibility", "GDICB-2026-0001"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stdout).contains("年度未知"));
}

#[test]
fn a9_2_the_recommender_is_named_at_application_or_is_the_citys_bureau() {
    let env = Env::new();
    env.ok(&["init"]);
    let new = |recommender: Option<&str>| {
        let mut args = vec![
            "new",
            "--name",
            "庚中心",
            "--category",
            "featured",
            "--city",
            "广州",
            "--host",
            "庚研究所",
        ];
        if let Some(r) = recommender {
            args.extend(["--recommender", r]);
        }
        env.run(&args)
    };
    let by_department = new(Some("岭南省属科研事业单位管理局"));
    let id = String::from_utf8(by_department.stdout).unwrap();
    assert_eq!(
        env.json(&["show", id.trim()])["recommender"],
        "岭南省属科研事业单位管理局"
    );
    let id = String::from_utf8(new(None).stdout).unwrap();
    assert_eq!(
        env.json(&["show", id.trim()])["recommender"],
        "广州市科学技术局"
    );
    let other_city = new(Some("深圳市科技创新局"));
    assert_eq!(other_city.status.code(), Some(1));
    assert!(
        stderr(&other_city).contains("[A9.2]"),
        "{}",
        stderr(&other_city)
    );
}

#[test]
fn recognition_shows_the_verdict_and_needs_an_admins_reason_to_overrule_it() {
    let env = Env::new();
    env.ok(&["init"]);
    let id = application(&env, "辛研究院", "institute");
    for status in ["recommended", "vetted", "publicised"] {
        env.ok(&[
            "status",
            &id,
            status,
            "--reason",
            "按程序",
            "--date",
            "2026-11-01",
        ]);
    }
    let recognise = [
        "status",
        &id,
        "recognised",
        "--reason",
        "发文公告",
        "--date",
        "2026-11-20",
        "--doc-no",
        "粤科函外字〔2026〕5号",
    ];
    let err = env.fails(&recognise, 1);
    assert!(
        err.contains("申报条件审查未通过") && err.contains("--override"),
        "{err}"
    );
    assert!(err.contains("A7.3、A8.1"), "each failing rule once: {err}");
    assert_eq!(env.json(&["show", &id])["status"], "publicised");
    let mut overruled = recognise.to_vec();
    overruled.extend(["--override", "专家组复核认可"]);
    let out = env.ok(&overruled);
    assert!(out.contains("管理员认定理由：专家组复核认可"), "{out}");
    assert!(
        env.ok(&["log", &id])
            .contains("管理员认定理由：专家组复核认可"),
        "recorded"
    );
}

#[test]
fn recognition_re_checks_a_ban_recorded_after_the_application() {
    let env = Env::new();
    env.ok(&["init"]);
    let removed = env.recognised_base("壬甲中心", "壬研究院", "2024-06-01");
    let app = application(&env, "壬研究院", "institute");
    env.ok(&[
        "status",
        &removed,
        "removed",
        "--reason",
        "A14.4",
        "--date",
        "2026-06-01",
    ]);
    for status in ["recommended", "vetted", "publicised"] {
        env.ok(&[
            "status",
            &app,
            status,
            "--reason",
            "按程序",
            "--date",
            "2026-11-01",
        ]);
    }
    let err = env.fails(
        &[
            "status",
            &app,
            "recognised",
            "--reason",
            "发文公告",
            "--date",
            "2026-11-20",
            "--doc-no",
            "粤科函外字〔2026〕6号",
            "--override",
            "无论如何",
        ],
        1,
    );
    assert!(
        err.contains("[A14]") && err.contains("至 2031-06-01（含）不得重新申请"),
        "{err}"
    );
}

#[test]
fn a14_2_removal_after_an_excuse_is_refused() {
    let env = Env::new();
    env.ok(&["init"]);
    let id = env.recognised_base("癸中心", "癸研究院", "2024-06-01");
    env.ok(&["mark", &id, "未参加", "--date", "2026-10-01"]);
    env.ok(&[
        "excuse",
        &id,
        "--reason",
        "评估当日台风停课",
        "--date",
        "2026-10-08",
    ]);
    let err = env.fails(
        &[
            "status",
            &id,
            "removed",
            "--reason",
            "A14.2",
            "--date",
            "2026-11-20",
        ],
        1,
    );
    assert!(
        err.contains("[A14.2]") && err.contains("2026-10-08"),
        "{err}"
    );
    assert_eq!(env.json(&["show", &id])["status"], "recognised");
}

#[test]
fn triage_cites_a15_1_3_the_recommenders_review_and_the_regulations_validity_once() {
    let env = Env::new();
    env.ok(&["init"]);
    let id = env.recognised_base("子中心", "子研究院", "2024-06-01");
    env.ok(&["mark", &id, "不合格", "--date", "2025-11-20"]);
    env.ok(&[
        "change",
        &id,
        "other",
        "--effective",
        "2026-10-01",
        "--filed-province",
        "2026-10-02",
        "--filed-recommender",
        "2026-10-02",
    ]);
    let triage = env.json(&["triage"]);
    let of = |kind: &str| {
        triage
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["kind"] == kind)
            .cloned()
            .unwrap_or_else(|| panic!("no {kind} in {triage}"))
    };
    assert_eq!(of("rectification_due")["rule"], "A15.1.3");
    assert_eq!(of("change_review_overdue")["due"], "2026-11-01");
    env.ok(&["change-review", &id, "1", "returned"]);
    assert!(kinds_of(&env.json(&["triage"]), &id).contains(&"change_returned".to_string()));
    assert!(
        kinds_of(&env.json(&["triage"]), "").is_empty(),
        "valid until 2029-12-31"
    );
    let later = env.json(&["triage", "--today", "2030-01-01"]);
    let lapsed = kinds_of(&later, "");
    assert_eq!(
        lapsed,
        vec!["regulation_lapsed"],
        "shown once, not per base"
    );
    let table = env.ok(&["triage", "--today", "2030-01-01"]);
    assert!(
        table.contains("A16") && table.contains("（全部基地）"),
        "{table}"
    );
}

#[test]
fn a6_1_a_senior_enterprise_role_counts_only_at_an_enterprise_host() {
    let env = Env::new();
    env.ok(&["init"]);
    for (kind, pass) in [("university", false), ("enterprise", true)] {
        let id = application(&env, &format!("丑{kind}"), kind);
        env.ok(&[
            "edit",
            &id,
            "qualification=企业高级职务",
            "qualified_on=2015-01-01",
        ]);
        let json = eligibility(&env, &["eligibility", &id]);
        let title = check(&json, "A6.1")[0];
        assert_eq!(title["pass"], pass, "{kind}: {title}");
    }
}

#[test]
fn the_demo_shows_each_new_finding() {
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    let triage = env.json(&["triage"]);
    let kinds: Vec<&str> = triage
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    for kind in [
        "partner_country_unknown",
        "leader_change_unqualified",
        "change_returned",
        "change_review_overdue",
        "removal_after_excuse",
    ] {
        assert!(
            kinds.contains(&kind),
            "{kind} missing from the demo's triage"
        );
    }
    let later = env.json(&["triage", "--today", "2030-01-01"]);
    assert!(
        later
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "regulation_lapsed")
    );
}
