//! What the console leaves in the audit trail and shows of it, across processes: a security
//! user's reading of note text is recorded before the text is on screen, and the history room
//! shows another process's change on top as it happens.

use crate::support::{Env, ID, screen};

/// A demo base with confidential notes, and the start of one note's text.
const WITH_NOTES: &str = "GDICB-2015-0003";
const NOTE_TEXT: &str = "联合海试的水下地形数据";

/// The account the tests run as: the demo database's admin.
fn me(env: &Env) -> String {
    env.json(&["log", "--limit", "1"])[0]["actor"]
        .as_str()
        .expect("an actor")
        .to_string()
}

fn readings(env: &Env) -> usize {
    env.json(&["log", WITH_NOTES])
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["action"] == "note_read")
        .count()
}

#[test]
fn note_text_shows_after_o_once_the_reading_is_recorded() {
    let env = Env::demo();
    env.ok(&["users", "add", &me(&env), "security"]);
    let mut term = env.start(80, 24);
    term.press(":", "the command line", |s| screen::row(s, 23) == ":");
    term.send(&format!("goto {WITH_NOTES}"));
    term.press("\r", "the detail", |s| {
        screen::row(s, 2).starts_with(WITH_NOTES)
    });
    let sealed = term.press("]]]]]", "the security tab", |s| {
        screen::contains(s, "按 o 显示保密说明")
    });
    assert!(
        !screen::contains(&sealed, NOTE_TEXT),
        "{}",
        sealed.contents()
    );
    assert_eq!(readings(&env), 0);
    term.press("o", "the text", |s| screen::contains(s, NOTE_TEXT));
    assert_eq!(readings(&env), 1, "recorded by the time it is on screen");
    term.send("q");
    assert!(term.wait_exit().0.success());
}

#[test]
fn without_the_security_role_the_text_never_shows() {
    let env = Env::demo();
    let mut term = env.start(80, 24);
    term.press(":", "the command line", |s| screen::row(s, 23) == ":");
    term.send(&format!("goto {WITH_NOTES}"));
    term.press("\r", "the detail", |s| {
        screen::row(s, 2).starts_with(WITH_NOTES)
    });
    term.press("]]]]]", "the security tab", |s| {
        screen::contains(s, "仅「保密」角色可见")
    });
    let after = term.press("o", "the refusal", |s| {
        screen::row(s, 21).contains("保密") || screen::row(s, 22).contains("保密")
    });
    assert!(!screen::contains(&after, NOTE_TEXT), "{}", after.contents());
    term.send("q");
    assert!(term.wait_exit().0.success());
    assert_eq!(readings(&env), 0);
}

#[test]
fn the_history_shows_another_process_s_change_on_top() {
    let env = Env::demo();
    let mut term = env.start(80, 24);
    term.press("H", "the history", |s| {
        screen::row(s, 2).contains("序号") && screen::row(s, 1).starts_with("全部记录")
    });
    env.ok(&["mark", ID, "合格", "--round", "他人复核"]);
    let shown = term.wait_for("the mark on top", |s| {
        screen::row(s, 3).contains("标记") && screen::row(s, 3).contains(ID)
    });
    assert!(screen::contains(&shown, "他人复核"), "{}", shown.contents());
    term.send("q");
    assert!(term.wait_exit().0.success());
}
