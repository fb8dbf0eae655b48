//! Backup and restore through the real binary: a backup taken while another process writes is
//! consistent, a restore keeps the previous file, and bad backups change nothing.

use crate::support::Env;
use std::process::Stdio;

fn backup_env() -> (Env, String) {
    let env = Env::new();
    env.ok(&["init"]);
    let id = env.recognised_base("岭南光电联合研究中心", "岭南光电研究院", "2024-03-01");
    (env, id)
}

#[test]
fn a_backup_taken_while_another_process_writes_is_consistent_and_restores() {
    let (env, id) = backup_env();
    // Writers mark rounds while the backup is taken.
    let mut children = Vec::new();
    for n in 0..12 {
        let date = format!("2026-{:02}-01", n % 10 + 1);
        let round = format!("第{n}轮");
        children.push(
            env.command(&["mark", &id, "合格", "--date", &date, "--round", &round])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
    }
    let target = env.dir.path().join("copy.redb");
    let said = env.ok(&["backup", target.to_str().unwrap()]);
    assert!(said.contains("copy.redb"), "{said}");
    for child in children {
        let _ = child.wait_with_output();
    }
    // The backup is a database of its own, every round in it whole: each round it holds has its
    // event, and it opens and checks clean.
    let backup = Env {
        dir: tempfile::tempdir().unwrap(),
        db: target.clone(),
    };
    let shown = backup.json(&["show", &id]);
    let rounds = shown["rounds"].as_array().unwrap().len();
    let marks = backup
        .json(&["log"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "mark")
        .count();
    assert_eq!(rounds, marks, "a round without its event, or the reverse");

    // Restoring it brings back exactly what it held; the previous file stays beside.
    let before_restore = env.snapshot();
    let said = env.ok(&["restore", target.to_str().unwrap()]);
    assert!(said.contains("before-restore"), "{said}");
    let restored = env.json(&["show", &id]);
    assert_eq!(restored["rounds"], shown["rounds"]);
    let previous: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".before-restore-"))
        .collect();
    assert_eq!(previous.len(), 1, "{previous:?}");
    let kept = Env {
        dir: tempfile::tempdir().unwrap(),
        db: previous[0].clone(),
    };
    let kept_log = kept.ok(&["log", "--format", "json"]);
    assert!(
        kept_log.contains("\"restore\""),
        "the old file says it was replaced"
    );
    assert_ne!(env.snapshot(), before_restore);
    let log = env.ok(&["log"]);
    assert!(
        log.contains("copy.redb"),
        "the restore is in the history: {log}"
    );
}

#[test]
fn a_backup_never_overwrites_and_a_scoped_user_may_not_take_one() {
    let (env, _) = backup_env();
    let target = env.dir.path().join("exists.redb");
    std::fs::write(&target, "something else").unwrap();
    let err = env.fails(&["backup", target.to_str().unwrap()], 1);
    assert!(err.contains("exists.redb"), "{err}");
    assert_eq!(std::fs::read(&target).unwrap(), b"something else");

    env.ok(&["users", "add", "zhao", "editor", "--scope", "深圳"]);
    let out = env.run_as(
        "zhao",
        &["backup", env.dir.path().join("b.redb").to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(4), "{out:?}");
}

#[test]
fn only_an_admin_restores() {
    let (env, _) = backup_env();
    let target = env.dir.path().join("copy.redb");
    env.ok(&["backup", target.to_str().unwrap()]);
    env.ok(&["users", "add", "wang", "editor"]);
    let before = env.snapshot();
    let out = env.run_as("wang", &["restore", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("admin"));
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_bad_backup_is_refused_and_changes_nothing() {
    let (env, _) = backup_env();
    let good = env.dir.path().join("good.redb");
    env.ok(&["backup", good.to_str().unwrap()]);
    let bytes = std::fs::read(&good).unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.redb", Vec::new()),
        ("text.redb", "编号,基地名称\n".as_bytes().to_vec()),
        ("truncated.redb", bytes[..bytes.len() / 3].to_vec()),
    ];
    let before = env.snapshot();
    for (name, content) in cases {
        let path = env.dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let err = env.fails(&["restore", path.to_str().unwrap()], 1);
        assert!(err.contains(name), "{name}: {err}");
        assert_eq!(env.snapshot(), before, "{name} changed the database");
    }
    let missing = env.fails(&["restore", "/nonexistent/backup.redb"], 1);
    assert!(missing.contains("backup.redb"), "{missing}");
}
