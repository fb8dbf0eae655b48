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
