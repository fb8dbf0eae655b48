//! Backing out of a mark: the confirmation closes and nothing reaches the database.

use crate::support::{Env, ID, NAME, screen};

/// Filters and opens the base with `:` commands, starts marking it 不合格, answers the
/// confirmation with `keys`, quits; the base and the log must be as before.
fn cancel_with(keys: &str) {
    let env = Env::demo();
    let before = env.show(ID);
    let events = env.events();
    let joint_prd = env.json(&["list", "--category", "联合研究类", "--region", "珠三角"]);
    let bar = format!(
        "联合研究类 · 珠三角 — {}/80",
        joint_prd.as_array().unwrap().len()
    );

    let mut term = env.start(80, 24);
    term.press(":", "the command line", |s| screen::row(s, 23) == ":");
    term.send("filter 类型=联合研究类 地区=珠三角");
    term.press("\r", &bar, |s| screen::row(s, 1) == bar);
    term.press(":", "the command line", |s| screen::row(s, 23) == ":");
    term.send(&format!("goto {ID}"));
    let header = format!("{ID}  {NAME}");
    term.press("\r", "the detail", |s| screen::row(s, 2) == header);
    term.press("e", "the outcome picker", |s| {
        screen::contains(s, "评估结果")
    });
    let confirm = term.press("3", "the confirmation", |s| {
        screen::contains(s, "标记为「不合格」")
    });
    let buttons = screen::find(&confirm, "[ 确认 y ]").expect("buttons");
    assert_eq!(screen::cursor_text(&confirm, buttons), "[ 取消 n ]");

    let closed = term.press(keys, "the confirmation closed", |s| {
        !screen::contains(s, "标记为")
    });
    assert_eq!(screen::row(&closed, 2), header, "back on the detail");
    assert!(
        screen::row(&closed, 3).contains("已认定 · 优秀"),
        "{}",
        closed.contents()
    );
    assert!(!screen::contains(&closed, "整改"), "{}", closed.contents());

    term.send("q");
    assert!(term.wait_exit().0.success());
    assert_eq!(env.show(ID), before, "the base is unchanged");
    assert_eq!(env.events(), events, "no new event in the log");
}

#[test]
fn n_cancels_the_mark() {
    cancel_with("n");
}

#[test]
fn esc_cancels_the_mark() {
    cancel_with("\x1b");
}

#[test]
fn enter_on_the_initially_focused_cancel_button_cancels_the_mark() {
    cancel_with("\r");
}
