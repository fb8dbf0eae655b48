//! Keys in dialogs and forms belong to them: letters bound on the screen below (`y` copy-id,
//! `n` next-match, `q` quit, `j` move, `e` mark) must not reach it.

use crate::support::pty::Term;
use crate::support::{Env, ID, screen};

/// The other demo base whose name starts with 澄湾大学 (initials cwdx).
const SECOND_HIT: &str = "GDICB-2025-0003";

fn cursor_line(term: &Term) -> String {
    let s = term.wait_for("a highlighted row", |s| screen::cursor_row(s).is_some());
    screen::row(&s, screen::cursor_row(&s).unwrap())
}

#[test]
fn y_and_n_answer_the_confirmation_and_do_nothing_else() {
    let env = Env::demo();
    let events = env.events();
    let rounds = env.show(ID)["rounds"].as_array().unwrap().len();
    let mut term = env.start(80, 24);
    term.press("/", "the search line", |s| screen::row(s, 23) == "/");
    term.press("cwdx", "two hits", |s| {
        screen::row(s, 1) == "全部基地 — 2/80  /cwdx 按相关度"
    });
    term.press("\r", "the search kept", |s| {
        screen::row(s, 23).starts_with("Enter")
    });
    assert!(cursor_line(&term).contains(ID));

    term.press("e", "the outcome picker", |s| {
        screen::contains(s, "评估结果")
    });
    term.press("2", "the confirmation", |s| {
        screen::contains(s, "标记为「合格」")
    });
    let closed = term.press("n", "the confirmation closed", |s| {
        !screen::contains(s, "标记为")
    });
    assert!(
        cursor_line(&term).contains(ID),
        "n did not also jump to the next match"
    );
    assert_eq!(screen::row(&closed, 22), "", "and left no message");

    term.press("e", "the outcome picker", |s| {
        screen::contains(s, "评估结果")
    });
    term.press("2", "the confirmation", |s| {
        screen::contains(s, "标记为「合格」")
    });
    let notice = format!("{ID} 2026年度绩效评估 合格 状态不变（已认定）");
    term.press("y", "the mark stored", |s| screen::row(s, 22) == notice);
    assert!(term.clipboard().is_empty(), "y did not also copy the id");
    assert!(cursor_line(&term).contains(ID));

    // Outside the dialog the same keys do act, so the checks above could have failed.
    let copied = format!("已复制 {ID}");
    term.press("y", "the id copied", |s| screen::row(s, 22) == copied);
    assert_eq!(term.clipboard(), [ID]);
    term.press("n", "the next match", |s| {
        screen::cursor_row(s).is_some_and(|r| screen::row(s, r).contains(SECOND_HIT))
    });

    term.send("q");
    assert!(term.wait_exit().0.success());
    assert_eq!(env.show(ID)["rounds"].as_array().unwrap().len(), rounds + 1);
    assert_eq!(env.events(), events + 1, "marked once");
}

#[test]
fn letters_typed_in_a_form_go_into_the_field_and_esc_asks_before_discarding() {
    let env = Env::demo();
    let events = env.events();
    let mut term = env.start(80, 24);
    let form = "┌ 新建申报";

    // A clean form closes at once.
    term.press("a", "the new-application form", |s| {
        screen::contains(s, form)
    });
    term.press("\x1b", "the form closed", |s| !screen::contains(s, form));

    term.press("a", "the new-application form", |s| {
        screen::contains(s, form)
    });
    term.press("quantum jet", "the name typed", |s| {
        screen::contains(s, "基地名称  quantum jet")
    });

    let question = "┌ 放弃未保存的输入？";
    let asked = term.press("\x1b", "the discard question", |s| {
        screen::contains(s, question)
    });
    let buttons = screen::find(&asked, "[ 确认 y ]").expect("buttons");
    assert_eq!(
        screen::cursor_text(&asked, buttons),
        "[ 取消 n ]",
        "keeping is the default"
    );
    // Each way of saying no goes back to the form with the text intact.
    for no in ["n", "\x1b", "\r"] {
        term.press(no, "back to the form", |s| {
            !screen::contains(s, question) && screen::contains(s, "基地名称  quantum jet")
        });
        term.press("\x1b", "the discard question", |s| {
            screen::contains(s, question)
        });
    }
    let list = term.press("y", "the form discarded", |s| !screen::contains(s, form));
    assert!(screen::contains(&list, ID), "back on the list");

    term.send("q");
    assert!(term.wait_exit().0.success());
    assert_eq!(env.events(), events, "nothing was stored");
}
