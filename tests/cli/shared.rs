//! Shared use through the real binary: a change made against an old version of a base is
//! refused with who changed it, and nothing is lost.

use crate::support::Env;

fn version_of(env: &Env, id: &str) -> u64 {
    env.json(&["show", id])["version"].as_u64().unwrap()
}

#[test]
fn a_change_against_an_old_version_is_refused_naming_the_change_in_between() {
    let env = Env::new();
    env.ok(&["init"]);
    let id = env.recognised_base("岭南光电联合研究中心", "岭南光电研究院", "2024-03-01");
    env.ok(&["users", "add", "wang", "editor"]);
    env.ok(&["users", "add", "li", "editor"]);
    // Both sessions look at the base, at the same version.
    let seen = version_of(&env, &id).to_string();

    let first = env.run_as(
        "wang",
        &[
            "--if-version",
            &seen,
            "mark",
            &id,
            "合格",
            "--date",
            "2026-11-20",
        ],
    );
    assert_eq!(first.status.code(), Some(0), "{first:?}");
    let after_first = env.snapshot();

    let second = env.run_as(
        "li",
        &[
            "--if-version",
            &seen,
            "mark",
            &id,
            "不合格",
            "--date",
            "2026-11-21",
        ],
    );
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(6), "{stderr}");
    assert!(stderr.contains(&id), "{stderr}");
    assert!(stderr.contains("wang"), "names who changed it: {stderr}");
    assert!(stderr.contains("合格"), "names what changed: {stderr}");
    assert_eq!(
        env.snapshot(),
        after_first,
        "the refused change wrote nothing"
    );

    // Reapplied on the new version, it meets the rules of the new version (one outcome a
    // round), not a silent overwrite.
    let now = version_of(&env, &id).to_string();
    let again = env.run_as(
        "li",
        &[
            "--if-version",
            &now,
            "mark",
            &id,
            "不合格",
            "--date",
            "2026-11-21",
        ],
    );
    assert_eq!(again.status.code(), Some(1), "{again:?}");
    assert!(String::from_utf8_lossy(&again.stderr).contains("A15.1.2"));
}

#[test]
fn a_batch_with_one_conflict_is_refused_whole_naming_only_the_changed_bases() {
    let env = Env::new();
    env.ok(&["init"]);
    let a = env.recognised_base("岭南光电联合研究中心", "岭南光电研究院", "2024-03-01");
    let b = env.recognised_base("珠江数据联合研究中心", "珠江数据研究院", "2024-03-01");
    let c = env.recognised_base("白云材料联合研究中心", "白云材料研究院", "2024-03-01");
    let seen = version_of(&env, &c).max(version_of(&env, &b)).to_string();
    env.ok(&["mark", &b, "合格", "--date", "2026-11-20"]);
    let before = env.snapshot();

    let out = env.run(&[
        "--if-version",
        &seen,
        "mark",
        &a,
        &b,
        &c,
        "优秀",
        "--date",
        "2026-11-21",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{stderr}");
    assert!(stderr.contains(&b), "{stderr}");
    assert!(!stderr.contains(&a) && !stderr.contains(&c), "{stderr}");
    assert_eq!(env.snapshot(), before, "no base of the batch was marked");
}
