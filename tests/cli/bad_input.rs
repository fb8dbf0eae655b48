//! Bad input gets exit 1, a message naming the value (and the rule), and changes nothing.

use crate::support::Env;

fn populated() -> (Env, String) {
    let env = Env::new();
    env.ok(&["init"]);
    let id = env.recognised_base("南粤智能装备联合研究中心", "岭海装备研究院", "2024-06-01");
    (env, id)
}

#[test]
fn each_bad_input_is_refused_and_changes_nothing() {
    let (env, id) = populated();
    let before = env.snapshot();
    let huge = "名".repeat(34_000); // about 100 KB of UTF-8
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "new",
                "--name",
                "x",
                "--category",
                "featured",
                "--city",
                "北京",
                "--host",
                "h",
            ],
            "北京",
        ),
        (
            vec![
                "new",
                "--name",
                "x",
                "--category",
                "大型",
                "--city",
                "广州",
                "--host",
                "h",
            ],
            "大型",
        ),
        (vec!["mark", &id, "很好"], "很好"),
        (
            vec!["mark", &id, "合格", "--date", "2025-02-30"],
            "2025-02-30",
        ),
        (vec!["mark", "GDICB-1999-0999", "合格"], "GDICB-1999-0999"),
        (vec!["status", &id, "applied", "--reason", "x"], "[A9]"),
        (
            vec![
                "new",
                "--name",
                &huge,
                "--category",
                "featured",
                "--city",
                "广州",
                "--host",
                "h",
            ],
            "--name",
        ),
        (vec!["list", "--region", "火星"], "火星"),
        (vec!["list", "--outcome", "perfect"], "perfect"),
        (
            vec!["mark", &id, "合格", "--date", "2026-11-26"],
            "2026-11-26",
        ),
        (vec!["mark", &id, "合格", "--score", "101"], "101"),
        (vec!["report-submit", &id, "twenty"], "twenty"),
        (vec!["edit", &id, "leader"], "leader"),
        (vec!["edit", &id, "salary=3"], "salary"),
        (
            vec!["indicators", &id, "--year", "2025", "--set", "papers=-1"],
            "papers=-1",
        ),
        (
            vec![
                "risk",
                "add",
                &id,
                "--area",
                "太空",
                "--severity",
                "高",
                "--text",
                "t",
            ],
            "太空",
        ),
        (vec!["risk", "close", &id, "9"], "9"),
        (
            vec![
                "partner",
                "add",
                &id,
                "--name",
                "P",
                "--country",
                "德国",
                "--signed",
                "2025-01-01",
                "--until",
                "2024-01-01",
            ],
            "[A5.2]",
        ),
        (
            vec!["change", &id, "rename", "--effective", "2026-01-01"],
            "--to",
        ),
        (vec!["change-review", &id, "1", "approved"], "第 1 号"),
        (vec!["undo", "999"], "999"),
    ];
    for (args, needle) in cases {
        let err = env.fails(&args, 1);
        assert!(err.starts_with("错误："), "{args:?}: {err}");
        assert!(
            err.contains(needle),
            "{args:?}: expected {needle:?} in {err}"
        );
        assert!(
            err.len() < 2_000,
            "{args:?}: the message should not echo a huge value"
        );
    }
    assert_eq!(
        env.snapshot(),
        before,
        "a refused command changed the database"
    );
}

#[test]
fn a_missing_database_says_how_to_create_one() {
    let env = Env::new();
    let err = env.fails(&["list"], 1);
    assert!(err.contains("jidi init"), "{err}");
    assert!(!env.db.exists(), "reading must not create the database");
}

#[test]
fn bad_policy_file_is_refused_with_file_key_and_line() {
    let env = Env::new();
    env.ok(&["init"]);
    let policy = env.dir.path().join("policy.toml");
    std::fs::write(&policy, "[reports]\ncount = \"three\"\n").unwrap();
    let err = env.fails(&["--policy", policy.to_str().unwrap(), "list"], 1);
    assert!(
        err.contains("policy.toml:2") && err.contains("reports.count"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let env = Env::new();
    env.fails(&["mark"], 2);
    env.fails(&["frobnicate"], 2);
    env.fails(&["list", "--format", "xml"], 2);
}
