//! A damaged database in the console (issue 10 §3): opened on a copy of the fixture with a
//! zeroed page, the console says the file is damaged, keeps answering keys, changes nothing,
//! and `q` quits with the terminal restored.

use crate::support::{Env, screen};

const ZEROED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/store-zeroed-page.redb"
);

#[test]
fn a_zeroed_page_is_reported_on_screen_and_the_console_goes_on_until_q() {
    let env = Env::new();
    std::fs::copy(ZEROED, &env.db).expect("a copy of the fixture");
    let before = std::fs::read(&env.db).unwrap();
    let mut term = env.console(&[], 80, 24);
    let shown = term.wait_for("the damage named", |s| {
        screen::contains(s, "数据库文件已损坏") && screen::row(s, 0).starts_with("jidi")
    });
    assert!(
        screen::contains(&shown, "jidi check"),
        "{}",
        shown.contents()
    );
    assert!(
        screen::row(&shown, 23).ends_with("只读"),
        "{}",
        shown.contents()
    );
    // Still answering: help opens and closes, another screen shows why it is empty.
    term.press("?", "help", |s| {
        screen::contains(s, "帮助（按键来自当前键位表）")
    });
    term.send("\x1b");
    term.wait_for("help closed", |s| {
        !screen::contains(s, "帮助（按键来自当前键位表）")
    });
    term.press("t", "the triage screen", |s| {
        screen::contains(s, "无法分析记录") && screen::contains(s, "已损坏")
    });
    term.press("e", "a change refused", |s| screen::contains(s, "只读会话"));
    term.send("q");
    let (status, after) = term.wait_exit();
    assert!(status.success(), "{status:?}");
    assert!(!after.alternate_screen(), "back on the main screen");
    assert!(!after.hide_cursor(), "the cursor shows again");
    assert!(
        std::fs::read(&env.db).unwrap() == before,
        "the file changed"
    );
}
