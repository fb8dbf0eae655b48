//! Starting and leaving: the terminal restored on exit, a clear refusal without a terminal or
//! with a broken keymap, a helpful first screen on an empty database, the demo's throwaway copy.

use crate::support::pty::DEADLINE;
use crate::support::{Env, screen};
use std::io::Read;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Instant;

/// Quits with `keys` and checks the terminal is as the shell left it.
fn quit_restores_the_terminal(keys: &str) {
    let env = Env::demo();
    let mut term = env.start(80, 24);
    let running = term.wait_for("the list", |s| screen::contains(s, "GDICB-"));
    assert!(running.alternate_screen() && running.bracketed_paste());

    term.send(keys);
    let (status, after) = term.wait_exit();
    assert!(status.success(), "{status:?}");
    assert!(!after.alternate_screen(), "back on the main screen");
    assert!(!after.hide_cursor(), "the cursor shows again");
    assert!(!after.bracketed_paste(), "bracketed paste is off again");
    assert!(!after.contents().contains("GDICB-"), "{}", after.contents());
}

#[test]
fn q_quits_and_restores_the_terminal() {
    quit_restores_the_terminal("q");
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal() {
    quit_restores_the_terminal("\x03");
}

/// Runs `cmd` with its output captured; fails if it hasn't finished within the deadline.
fn output_within_deadline(mut cmd: Command) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start jidi");
    let drain = |mut pipe: Box<dyn Read + Send>| -> Receiver<Vec<u8>> {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            let _ = tx.send(bytes);
        });
        rx
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let deadline = Instant::now() + DEADLINE;
    let collect = |rx: Receiver<Vec<u8>>| {
        rx.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .ok()
    };
    match (collect(stdout), collect(stderr)) {
        (Some(stdout), Some(stderr)) => Output {
            status: child.wait().expect("wait for jidi"),
            stdout,
            stderr,
        },
        _ => {
            let _ = child.kill();
            panic!("{cmd:?} still running after {DEADLINE:?}");
        }
    }
}

#[test]
fn without_a_terminal_the_console_refuses_with_a_hint() {
    let env = Env::new();
    for args in [&[][..], &["demo"]] {
        let out = output_within_deadline(env.command(args));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "jidi {args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "jidi {args:?} wrote to stdout");
        assert!(
            stderr.contains("控制台需要终端") && stderr.contains("jidi list"),
            "jidi {args:?} says why and what to use instead: {stderr}"
        );
    }
    assert!(!env.db.exists(), "no database created");
}

#[test]
fn an_empty_database_says_how_to_start() {
    let env = Env::new();
    let mut term = env.start(80, 24);
    let empty = term.wait_for("the empty-database page", |s| {
        screen::contains(s, "数据库里还没有基地")
    });
    assert_eq!(screen::row(&empty, 1), "全部基地 — 0/0");
    assert!(
        screen::contains(&empty, "jidi init --demo"),
        "{}",
        empty.contents()
    );
    assert!(
        screen::contains(&empty, "按 a 新建"),
        "{}",
        empty.contents()
    );
    assert!(
        !screen::contains(&empty, "编号"),
        "no empty table: {}",
        empty.contents()
    );
    term.send("q");
    assert!(term.wait_exit().0.success());
    assert!(env.db.exists(), "the database was created");
}

#[test]
fn a_keymap_conflict_stops_the_console_before_it_starts() {
    let env = Env::new();
    let keymap = env.config_dir().join("keymap.toml");
    std::fs::write(&keymap, "[list]\n\"g\" = \"copy-id\"\n").unwrap();
    // Wide, so the long error line isn't wrapped in the middle of what is checked.
    let mut term = env.console(&[], 250, 24);
    let (status, screen) = term.wait_exit();
    let text = screen.contents();
    assert_eq!(status.exit_code(), 1, "{text}");
    assert_eq!(term.counters().1, 0, "no frame was drawn");
    for part in [
        "键位表有误，控制台未启动",
        &format!("{}:2:", keymap.display()),
        "\"g\" = \"copy-id\"",
        "\"g g\" = \"top\"",
        "[list]",
    ] {
        assert!(text.contains(part), "{part:?} in:\n{text}");
    }
}

#[test]
fn a_keymap_file_that_is_a_directory_or_not_utf8_stops_the_console_naming_it() {
    let env = Env::new();
    let keymap = env.config_dir().join("keymap.toml");
    std::fs::create_dir(&keymap).unwrap();
    let mut term = env.console(&[], 250, 24);
    let (status, screen) = term.wait_exit();
    let text = screen.contents();
    assert_eq!(status.exit_code(), 1, "{text}");
    assert_eq!(term.counters().1, 0, "no frame was drawn");
    let named = format!("{}: is a directory", keymap.display());
    assert!(text.contains(&named), "{named:?} in:\n{text}");

    std::fs::remove_dir(&keymap).unwrap();
    std::fs::write(&keymap, b"[list]\n\"x\" = \"mark\" # \xb1\xea\xbc\xc7\n").unwrap();
    let mut term = env.console(&[], 250, 24);
    let (status, screen) = term.wait_exit();
    let text = screen.contents();
    assert_eq!(status.exit_code(), 1, "{text}");
    let named = format!("{}: is not UTF-8 text (line 2", keymap.display());
    assert!(text.contains(&named), "{named:?} in:\n{text}");
}

#[test]
fn demo_opens_a_throwaway_copy_and_removes_it() {
    let env = Env::new();
    let mut term = env.console(&["demo"], 80, 24);
    term.wait_for("the 80 demo bases", |s| {
        screen::row(s, 1) == "全部基地 — 80/80"
    });
    let copies = || demo_copies(&env);
    assert_eq!(
        copies(),
        1,
        "the copy lives in TMPDIR while the console runs"
    );
    term.send("q");
    assert!(term.wait_exit().0.success());
    assert_eq!(copies(), 0, "and is gone afterwards");
    assert!(!env.db.exists(), "the configured database is not touched");
}

#[test]
fn a_hang_up_ends_the_demo_cleanly_and_removes_its_copy() {
    let env = Env::new();
    let mut term = env.console(&["demo"], 80, 24);
    term.wait_for("the 80 demo bases", |s| {
        screen::row(s, 1) == "全部基地 — 80/80"
    });
    let copies = || demo_copies(&env);
    assert_eq!(copies(), 1);
    // What a closed SSH session sends.
    let sent = std::process::Command::new("kill")
        .args(["-HUP", &term.pid().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    assert!(
        term.wait_exit().0.success(),
        "it ends through its normal exit"
    );
    assert_eq!(copies(), 0, "the throwaway copy is removed");
}

/// How many throwaway demo databases are in the environment's TMPDIR.
fn demo_copies(env: &Env) -> usize {
    std::fs::read_dir(env.config_dir())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("jidi-demo-")
        })
        .count()
}
