//! Case follow-up through the real binary: keys, the workflow, self-closing and reopening,
//! scope, work records, undo and the digest.

use crate::support::Env;
use serde_json::Value;

/// A recognised base (2023) whose 2025 annual report is overdue on the test's day, an editor
/// `wang`, and `zhao` limited to 深圳.
fn overdue_report() -> (Env, String, String) {
    let env = Env::new();
    env.ok(&["init"]);
    let id = env.recognised_base("岭南光电联合研究中心", "岭南光电研究院", "2023-03-01");
    env.ok(&["report-submit", &id, "2023", "--date", "2024-03-01"]);
    env.ok(&["report-submit", &id, "2024", "--date", "2025-03-01"]);
    env.ok(&["users", "add", "wang", "editor"]);
    env.ok(&["users", "add", "zhao", "editor", "--scope", "深圳"]);
    let key = format!("{id}/A15.3.1/2025");
    (env, id, key)
}

/// The triage finding with `key`, as `user` sees it (`None` when absent).
fn finding(env: &Env, user: &str, key: &str, extra: &[&str]) -> Option<Value> {
    let mut args = vec!["triage", "--format", "json", "--today", "2026-05-01"];
    args.extend(extra);
    let out = env.run_as(user, &args);
    assert!(out.status.success(), "{out:?}");
    let all: Value = serde_json::from_slice(&out.stdout).unwrap();
    all.as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == key)
        .cloned()
}

fn follow(env: &Env, user: &str, args: &[&str]) -> std::process::Output {
    let mut all = vec!["follow", "--today", "2026-05-01"];
    all.extend(args);
    env.run_as(user, &all)
}

#[test]
fn a_followed_finding_carries_its_case_in_triage_json() {
    let (env, _, key) = overdue_report();
    let before = finding(&env, "wang", &key, &[]).expect("the overdue 2025 report");
    assert!(
        before["assignee"].is_null() && before["state"].is_null(),
        "not followed yet: {before}"
    );
    let out = follow(
        &env,
        "wang",
        &[
            &key,
            "--assign",
            "me",
            "--state",
            "contacted",
            "--note",
            "已电话催报，对方承诺五月中旬提交",
            "--until",
            "2026-05-15",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let after = finding(&env, "wang", &key, &[]).unwrap();
    assert_eq!(after["assignee"], "wang");
    assert_eq!(after["state"], "contacted");
    assert_eq!(after["until"], "2026-05-15");
    assert_eq!(
        after["notes"][0]["text"],
        "已电话催报，对方承诺五月中旬提交"
    );
    assert_eq!(after["notes"][0]["author"], "wang");
    // Deferred until the 15th: out of "mine", in "deferred"; back on the day.
    assert!(finding(&env, "wang", &key, &["--mine"]).is_none());
    assert!(finding(&env, "wang", &key, &["--deferred"]).is_some());
    let on_the_day = env.run_as(
        "wang",
        &[
            "triage",
            "--mine",
            "--format",
            "json",
            "--today",
            "2026-05-15",
        ],
    );
    assert!(String::from_utf8_lossy(&on_the_day.stdout).contains(&key));
    assert!(finding(&env, "wang", &key, &["--unassigned"]).is_none());
    assert!(finding(&env, "wang", &key, &["--assignee", "wang"]).is_some());
    assert!(finding(&env, "wang", &key, &["--state", "contacted"]).is_some());
    assert!(finding(&env, "wang", &key, &["--state", "open"]).is_none());
}

#[test]
fn the_case_closes_itself_when_the_report_arrives_and_reopens_when_it_is_returned() {
    let (env, id, key) = overdue_report();
    assert!(
        follow(&env, "wang", &[&key, "--assign", "me", "--note", "催报"])
            .status
            .success()
    );
    env.ok(&[
        "report-submit",
        &id,
        "2025",
        "--date",
        "2026-05-01",
        "--today",
        "2026-05-01",
    ]);
    assert!(
        finding(&env, "wang", &key, &[]).is_none(),
        "the finding is gone"
    );
    let log = env.ok(&["log", &id]);
    assert!(
        log.contains("自动关闭"),
        "the case closed itself, naming why: {log}"
    );
    // The report is returned for revision: the same key is back, and so is the case's history.
    env.ok(&[
        "report-review",
        &id,
        "2025",
        "returned",
        "--date",
        "2026-05-01",
        "--today",
        "2026-05-01",
    ]);
    let back = finding(&env, "wang", &key, &[]).expect("a returned report is a finding again");
    assert_eq!(back["state"], "open");
    assert_eq!(back["notes"][0]["text"], "催报", "the old history shows");
    assert!(env.ok(&["log", &id]).contains("重新打开"));
}

#[test]
fn bad_follow_ups_are_refused_and_change_nothing() {
    let (env, _, key) = overdue_report();
    let before = env.snapshot();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["GDICB-2099-0001/A15.3.1/2025", "--note", "x"],
            "GDICB-2099-0001",
        ),
        (vec![&key, "--assign", "nobody"], "nobody"),
        (vec![&key, "--until", "2026-04-30"], "2026-04-30"),
        (vec![&key, "--state", "finished"], "finished"),
        (vec![&key, "--state", "dismissed"], "--note"),
        (vec![&key], "--assign"),
    ];
    for (args, named) in cases {
        let out = follow(&env, "wang", &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(named), "{args:?} should name {named}: {err}");
    }
    let long = "电".repeat(4001);
    let out = follow(&env, "wang", &[&key, "--note", &long]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("4000"));
    assert_eq!(
        env.snapshot(),
        before,
        "the refused follow-ups wrote nothing"
    );
    // done → contacted is not a move the workflow makes.
    assert!(
        follow(&env, "wang", &[&key, "--state", "done"])
            .status
            .success()
    );
    let out = follow(&env, "wang", &[&key, "--state", "contacted"]);
    assert_eq!(out.status.code(), Some(1));
    // A viewer may not follow up; a city bureau not outside its city, nor be given its cases.
    env.ok(&["users", "add", "li", "viewer"]);
    assert_eq!(
        follow(&env, "li", &[&key, "--note", "x"]).status.code(),
        Some(4)
    );
    assert_eq!(
        follow(&env, "zhao", &[&key, "--note", "x"]).status.code(),
        Some(4)
    );
    let out = follow(&env, "wang", &[&key, "--state", "open", "--assign", "zhao"]);
    assert_eq!(out.status.code(), Some(4), "{out:?}");
}

#[test]
fn a_follow_up_is_undone_like_any_change() {
    let (env, _, key) = overdue_report();
    assert!(
        follow(&env, "wang", &[&key, "--assign", "me"])
            .status
            .success()
    );
    assert!(
        follow(&env, "wang", &[&key, "--state", "contacted"])
            .status
            .success()
    );
    let undone = env.run_as("wang", &["undo"]);
    assert!(undone.status.success(), "{undone:?}");
    let now = finding(&env, "wang", &key, &[]).unwrap();
    assert_eq!(now["state"], "open");
    assert_eq!(now["assignee"], "wang");
    assert!(env.run_as("wang", &["undo"]).status.success());
    let now = finding(&env, "wang", &key, &[]).unwrap();
    assert!(
        now["assignee"].is_null() && now["state"].is_null(),
        "no case any more: {now}"
    );
    env.ok(&["check"]);
}

#[test]
fn work_records_are_kept_per_base_and_may_cite_a_finding() {
    let (env, id, key) = overdue_report();
    let out = env.run_as(
        "wang",
        &[
            "note",
            &id,
            "走访依托单位，核对合作协议原件",
            "--cites",
            &key,
            "--today",
            "2026-05-01",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    env.run_as("wang", &["note", &id, "收到书面说明"]);
    let notes = env.json(&["notes", &id]);
    let notes = notes.as_array().unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["n"], 1);
    assert_eq!(notes[0]["author"], "wang");
    assert_eq!(notes[0]["cites"], key.as_str());
    assert_eq!(notes[1]["text"], "收到书面说明");
    let err = env.fails(&["note", &id, "x", "--cites", "GDICB-2099-0001/A1"], 1);
    assert!(err.contains("GDICB-2099-0001/A1"), "{err}");
    let err = env.fails(&["note", &id, "   "], 1);
    assert!(
        err.contains("工作记录 不能为空") && !err.contains("note"),
        "each language its own label: {err}"
    );
    let err = env.fails(&["note", &id, "   ", "--lang", "en"], 1);
    assert!(
        err.contains("the work record must not be empty") && !err.contains("工作记录"),
        "{err}"
    );
    let out = env.run_as("zhao", &["notes", &id]);
    assert_eq!(out.status.code(), Some(4), "outside zhao's city");
    env.ok(&["check"]);
}

#[test]
fn the_digest_says_what_is_new_since_the_last_look() {
    let (env, _, key) = overdue_report();
    let first = env.run_as(
        "wang",
        &["digest", "--format", "json", "--today", "2026-05-01"],
    );
    let first: Value = serde_json::from_slice(&first.stdout).unwrap();
    let new: Vec<&str> = first["new_findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    assert!(new.contains(&key.as_str()), "{first}");
    // Someone else assigns the case to wang and notes on it.
    let out = follow(
        &env,
        "zhou",
        &[&key, "--assign", "wang", "--note", "请王老师跟进"],
    );
    assert_eq!(out.status.code(), Some(4), "zhou is not a user yet");
    env.ok(&["users", "add", "zhou", "editor"]);
    assert!(
        follow(&env, "zhou", &[&key, "--assign", "wang"])
            .status
            .success()
    );
    assert!(
        follow(&env, "zhou", &[&key, "--note", "请王老师跟进"])
            .status
            .success()
    );
    let second = env.run_as(
        "wang",
        &["digest", "--format", "json", "--today", "2026-05-01"],
    );
    let second: Value = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!(
        second["new_findings"].as_array().unwrap().len(),
        0,
        "seen last time: {second}"
    );
    assert_eq!(second["assigned"][0]["key"], key.as_str());
    let notes = second["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(
            |n| n["actor"] == "zhou" && n["summary"].as_str().unwrap().contains("请王老师跟进")
        ),
        "{second}"
    );
    let text = env.run_as("wang", &["digest", "--today", "2026-05-01"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.lines().count() <= 12,
        "a few lines for a login message:\n{text}"
    );
}

#[test]
fn a_follow_up_made_against_an_older_view_of_its_case_is_refused() {
    let (env, id, key) = overdue_report();
    let version = env.json(&["show", &id])["version"]
        .as_u64()
        .expect("a version");
    let out = follow(&env, "wang", &[&key, "--assign", "me"]);
    assert!(out.status.success(), "{out:?}");
    // Made against the version before wang's: wang's case would be written over.
    env.ok(&["users", "add", "li", "editor"]);
    let v = version.to_string();
    let out = follow(&env, "li", &[&key, "--note", "已联系", "--if-version", &v]);
    assert_eq!(out.status.code(), Some(6), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&key) && stderr.contains("wang"), "{stderr}");
    let case = finding(&env, "wang", &key, &[]).expect("the finding");
    assert_eq!(
        case["notes"].as_array().map(Vec::len),
        Some(0),
        "nothing written"
    );
    // Another case of the same base is no conflict: its base's record did not change.
    let other = format!("{id}/A15.3.4");
    assert!(
        finding(&env, "li", &other, &[]).is_some(),
        "no risk plan yet"
    );
    let out = follow(
        &env,
        "li",
        &[&other, "--note", "已提醒", "--if-version", &v],
    );
    assert!(out.status.success(), "{out:?}");
}
