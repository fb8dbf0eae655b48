//! Read-only sessions through the real binary: `jidi --read-only`, and a database file the user
//! may not write (a `chmod 444` copy; under root, owned by and opened as another account). The
//! status bar says 只读, a change is answered instead of tried, and the file keeps every byte.

use crate::support::pty::Term;
use crate::support::{Env, ID, screen};
use std::os::unix::fs::PermissionsExt;

/// An account with no passwd entry: root's tests open the file as it, since root may write any
/// file.
const OTHER_UID: u32 = 4242;

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// The console is up, read-only: the status bar says so; `e` on a base answers that nothing
/// can be changed, opening nothing; `q` quits cleanly.
fn refuses_changes(mut term: Term) {
    let shown = term.wait_for("the list, read-only", |s| {
        screen::contains(s, ID) && screen::row(s, 23).ends_with("只读")
    });
    assert!(screen::row(&shown, 0).starts_with("jidi"));
    let answer = term.press("e", "the refusal", |s| screen::contains(s, "只读会话"));
    assert!(
        !screen::contains(&answer, "评估结果（"),
        "the outcome picker opened:\n{}",
        answer.contents()
    );
    term.send("q");
    let (status, after) = term.wait_exit();
    assert!(status.success(), "{status:?}");
    assert!(!after.alternate_screen());
}

#[test]
fn read_only_flag_opens_the_console_read_only_and_changes_no_byte() {
    let env = Env::demo();
    let before = std::fs::read(&env.db).unwrap();
    refuses_changes(env.console(&["--read-only"], 80, 24));
    assert!(
        std::fs::read(&env.db).unwrap() == before,
        "the file changed"
    );
}

#[test]
fn a_file_the_user_may_not_write_opens_read_only_and_says_why() {
    let env = Env::demo();
    let before = std::fs::read(&env.db).unwrap();
    std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let term = if is_root() {
        // Root may write any file: the file belongs to another account, which may only read.
        std::os::unix::fs::chown(&env.db, Some(OTHER_UID), None).unwrap();
        std::fs::set_permissions(env.config_dir(), std::fs::Permissions::from_mode(0o755)).unwrap();
        match env.console_as(OTHER_UID, &[], 80, 24) {
            Some(term) => term,
            None => {
                eprintln!("skipped: no setpriv to open the file as another account");
                return;
            }
        }
    } else {
        env.console(&[], 80, 24)
    };
    let shown = term.wait_for("why it is read-only", |s| {
        screen::contains(s, "没有写入") && screen::contains(s, "以只读方式打开")
    });
    assert!(screen::contains(&shown, "权限"), "{}", shown.contents());
    refuses_changes(term);
    assert!(
        std::fs::read(&env.db).unwrap() == before,
        "the file changed"
    );
}
