//! A read-only session says so in the status bar at all times: on every screen, with the input
//! line open and under a dialog.

use super::{COLOUR, HINTS, NO_COLOUR, draw};
use crate::app::testkit::Harness;

#[test]
fn the_status_bar_says_read_only_on_every_screen_and_under_everything() {
    let mut h = Harness::demo();
    let plain = draw(&h.app, COLOUR).line(HINTS);
    assert!(!plain.contains("只读"), "a writable session: {plain}");
    h.app.read_only = true;
    for keys in ["b", "enter", "esc t", "d", "b :", "esc ?", "esc /"] {
        h.press(keys);
        for theme in [COLOUR, NO_COLOUR] {
            let line = draw(&h.app, theme).line(HINTS);
            assert!(
                line.trim_end().ends_with("只读"),
                "after {keys:?}: {line:?}"
            );
        }
    }
    // The hints still fit beside it: the list's first hint is whole.
    h.press("esc esc b");
    let line = draw(&h.app, COLOUR).line(HINTS);
    assert!(line.starts_with("Enter 打开"), "{line}");
}

#[test]
fn the_status_bar_offers_no_key_the_session_may_not_use() {
    let mut h = Harness::demo();
    let writable = draw(&h.app, COLOUR).line(HINTS);
    assert!(
        writable.contains("e 标记"),
        "an admin is offered marking: {writable}"
    );
    // A viewer (every role withdrawn) is offered the keys that read; marking would only be
    // refused.
    h.as_other_user(crate::service::Request::WithdrawRoles {
        name: crate::app::testkit::who().actor,
        roles: Vec::new(),
    });
    h.poll();
    let viewer = draw(&h.app, COLOUR).line(HINTS);
    assert!(!viewer.contains("标记"), "{viewer}");
    assert!(
        viewer.contains("Enter 打开") && viewer.contains("搜索"),
        "{viewer}"
    );
    h.press("t");
    let screen = draw(&h.app, COLOUR);
    let triage = screen.line(HINTS);
    assert!(
        !triage.contains("认领") && !triage.contains("备注"),
        "{triage}"
    );
    // Nor does the cursor finding's follow-up line, nor the empty 我的 view's next step.
    let text = screen.lines().join("\n");
    assert!(text.contains("跟进：未指派"), "{text}");
    assert!(!text.contains("认领"), "{text}");
    h.press("1");
    let mine = draw(&h.app, COLOUR).lines().join("\n");
    assert!(
        mine.contains("按 2 看未分配") && !mine.contains("认领"),
        "{mine}"
    );
    // An editor in a read-only session: the same.
    h.granted(&[crate::domain::roles::Role::Editor], None);
    h.press("b");
    assert!(draw(&h.app, COLOUR).line(HINTS).contains("e 标记"));
    h.app.read_only = true;
    let read_only = draw(&h.app, COLOUR).line(HINTS);
    assert!(!read_only.contains("标记"), "{read_only}");
}
