//! Shared use through the real binary: another process changes a base the console shows, and
//! the console says who changed what and shows the change, without a key being pressed.

use crate::support::{Env, ID, screen};

#[test]
fn another_process_s_mark_appears_with_who_made_it() {
    let env = Env::demo();
    let mut term = env.start(80, 24);
    // The first row selected, which puts the cursor on the base the other process will mark.
    term.press(" ", "the first row selected, the cursor on the next", |s| {
        screen::row(s, 1).contains("已选 1") && screen::cursor_text(s, 4).contains(ID)
    });

    // Another administrator's process, as a script or a colleague over SSH would run it.
    env.ok(&["mark", ID, "合格", "--round", "他人复核"]);
    let actor = env
        .json(&["log", ID])
        .as_array()
        .and_then(|events| events.last().cloned())
        .and_then(|e| e["actor"].as_str().map(str::to_string))
        .expect("the mark's actor");

    let said = format!("{actor} 标记 {ID} 他人复核 合格");
    let shown = term.wait_for(&said, |s| screen::contains(s, &said));
    // The row says so too, and nothing of the session moved.
    assert!(
        screen::cursor_text(&shown, 4).contains("合格"),
        "{}",
        shown.contents()
    );
    assert!(screen::cursor_text(&shown, 4).contains(ID));
    assert!(
        screen::row(&shown, 1).contains("已选 1"),
        "{}",
        shown.contents()
    );
    term.send("q");
    assert!(term.wait_exit().0.success());
}
