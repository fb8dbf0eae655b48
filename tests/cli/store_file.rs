//! The database file as the operating system sees it: reads need no write access and change
//! nothing, a missing file is not created by a read, an account without a passwd entry is still
//! an account, and `busy_timeout = 0` means "do not wait" for writers only.

use crate::support::Env;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::time::{Duration, Instant};

/// A user id with no passwd entry.
const NO_SUCH_USER: u32 = 4242;

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

fn chown(path: &std::path::Path, uid: u32) {
    std::os::unix::fs::chown(path, Some(uid), None).unwrap();
}

const READS: [&[&str]; 7] = [
    &["list"],
    &["list", "--format", "json"],
    &["show", "GDICB-2016-0002"],
    &["log"],
    &["triage"],
    &["eligibility", "GDICB-2026-0001"],
    &["check"],
];

#[test]
fn reads_change_no_byte_and_need_no_write_access() {
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    let before = std::fs::read(&env.db).unwrap();
    std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o444)).unwrap();
    // Root may write any file: the file's owner is made another account, which may only read.
    let owner = is_root().then_some(NO_SUCH_USER);
    if let Some(uid) = owner {
        chown(&env.db, uid);
        std::fs::set_permissions(env.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    for args in READS {
        let mut cmd = env.command(args);
        if let Some(uid) = owner {
            cmd.uid(uid);
        }
        let out = cmd.output().unwrap();
        // eligibility exits 3 for an application that fails a line: still a read that worked.
        assert!(
            matches!(out.status.code(), Some(0) | Some(3)),
            "{args:?} on a read-only file: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(
        std::fs::read(&env.db).unwrap() == before,
        "a read changed the file"
    );
}

#[test]
fn a_read_of_a_missing_file_creates_nothing_and_says_how_to_make_one() {
    let env = Env::new();
    for args in [
        &["list"][..],
        &["show", "GDICB-2026-0001"],
        &["log"],
        &["check"],
    ] {
        let err = env.fails(args, 1);
        assert!(err.contains(&env.db.display().to_string()), "{err}");
        assert!(err.contains("jidi init"), "{err}");
        assert!(!env.db.exists(), "{args:?} created the file");
    }
}

#[test]
fn an_account_without_a_passwd_entry_is_recorded_by_its_uid() {
    if !is_root() {
        eprintln!("skipped: running as another user id needs root");
        return;
    }
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    env.ok(&["users", "add", &format!("uid:{NO_SUCH_USER}"), "editor"]);
    chown(&env.db, NO_SUCH_USER);
    chown(env.dir.path(), NO_SUCH_USER);
    let out = env
        .command(&["mark", "GDICB-2016-0002", "合格", "--date", "2026-11-20"])
        .uid(NO_SUCH_USER)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = env.json(&["log", "GDICB-2016-0002"]);
    let last = log.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "mark");
    assert_eq!(last["actor"], "uid:4242", "{last}");
}

/// Holds the write lock from this process until the returned sender is dropped.
fn hold_the_write_lock(env: &Env) -> (std::sync::mpsc::Sender<()>, std::thread::JoinHandle<()>) {
    let store = jidi::store::Store::open(&env.db).unwrap();
    let (held_tx, held_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        let who = jidi::store::Who {
            actor: "holder".into(),
            at: chrono::Utc::now().fixed_offset(),
        };
        store
            .write(&who, |_| {
                held_tx.send(()).unwrap();
                let _ = release_rx.recv();
                Ok(())
            })
            .unwrap();
    });
    held_rx.recv().unwrap();
    (release_tx, holder)
}

#[test]
fn busy_timeout_zero_means_writers_do_not_wait() {
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    std::fs::write(env.dir.path().join("config.toml"), "busy_timeout = 0\n").unwrap();
    // Nobody else writing: every command works.
    env.ok(&["list"]);
    env.ok(&["mark", "GDICB-2016-0002", "合格", "--date", "2026-11-20"]);
    env.ok(&["show", "GDICB-2016-0002"]);

    let (release, holder) = hold_the_write_lock(&env);
    // Readers never wait for a writer; a writer gives up at once.
    env.ok(&["list"]);
    let started = Instant::now();
    let err = env.fails(&["excuse", "GDICB-2019-0001", "--reason", "因故未参加"], 5);
    assert!(err.contains("数据库忙"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "gave up after {:?}",
        started.elapsed()
    );
    drop(release);
    holder.join().unwrap();
}
