//! Help's command section is the command line's own table.

use super::{COLOUR, draw};
use crate::app::command::COMMANDS;
use crate::app::testkit::Harness;

#[test]
fn help_lists_every_command_with_its_other_names() {
    let mut h = Harness::demo();
    h.press("?");
    let limit = h.app.scroll_limit();
    let mut seen = String::new();
    // Page through help, as a reader would.
    for _ in 0..=limit {
        seen.push_str(&draw(&h.app, COLOUR).text());
        h.press("j");
    }
    for command in COMMANDS {
        assert!(seen.contains(&command.usage()), "{}", command.usage());
        assert!(seen.contains(command.about.0), "{}", command.about.0);
    }
    assert!(seen.contains(":f :筛选"), "aliases are shown");
}
