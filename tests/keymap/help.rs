//! Help screen and status-bar hints, built from the keymap.

use super::*;
use jidi::keymap::Action;

#[test]
fn help_bindings_are_built_from_the_map() {
    let km = preset("default");
    let list = km.bindings(Mode::List);
    for expected in [
        ("q", Action::Quit),
        ("?", Action::Help),
        ("F1", Action::Help),
        ("Ctrl-d", Action::HalfPageDown),
        ("g g", Action::Top),
        ("Enter", Action::Open),
        ("Space", Action::ToggleSelect),
        ("Shift-Tab", Action::PrevTab),
        ("PgDn", Action::PageDown),
        ("f c", Action::FilterCategory),
    ] {
        assert!(
            list.contains(&(expected.0.to_owned(), expected.1)),
            "{expected:?} missing from {list:?}"
        );
    }
    // Grouped in the help screen's order (Action::ALL), own and inherited together.
    let order: Vec<usize> = list
        .iter()
        .map(|(_, a)| Action::ALL.iter().position(|x| x == a).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]));
    // Every binding shown is one that works.
    for (keys, action) in &list {
        if let [only] = keys.split(' ').collect::<Vec<_>>()[..]
            && only.chars().count() == 1
        {
            assert_eq!(
                press(&km, Mode::List, only),
                Resolution::Matched(*action),
                "{keys}"
            );
        }
    }
    // Help shows what the user changed, not what the preset had.
    let km = with_user("keys.toml", "[list]\n\"w\" = \"top\"\n\"x\" = \"none\"\n");
    let list = km.bindings(Mode::List);
    assert!(list.contains(&("w".to_owned(), Action::Top)));
    assert!(!list.iter().any(|(k, _)| k == "x"));
    assert_eq!(km.key_for(Mode::List, Action::Top).as_deref(), Some("w"));
    // Help's own table: `q` is listed as back there, not as quit.
    let help = km.bindings(Mode::Help);
    assert!(help.contains(&("q".to_owned(), Action::Back)));
    assert!(!help.contains(&("q".to_owned(), Action::Quit)));
    assert!(help.contains(&("Ctrl-c".to_owned(), Action::Quit)));
}

#[test]
fn status_bar_hints() {
    let km = preset("default");
    let hint = |mode, action: Action| {
        format!(
            "{} {}",
            km.key_for(mode, action).unwrap(),
            action.description_zh()
        )
    };
    assert_eq!(
        format!(
            "{}  {}",
            hint(Mode::List, Action::Mark),
            hint(Mode::List, Action::Search)
        ),
        "e 标记  / 搜索"
    );
    assert_eq!(
        km.key_for(Mode::List, Action::HalfPageDown).as_deref(),
        Some("Ctrl-d")
    );
    assert_eq!(km.key_for(Mode::Confirm, Action::CopyId), None);
    assert_eq!(
        preset("vim")
            .key_for(Mode::List, Action::NextTab)
            .as_deref(),
        Some("l")
    );
}
