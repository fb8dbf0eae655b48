//! Resolving key events: chords, Esc, and which modes fall through to [global].

use super::*;
use jidi::keymap::Action;

#[test]
fn chord_g_g_is_pending_then_top() {
    let km = preset("default");
    let mut chord = Chord::default();
    assert_eq!(
        km.resolve(&mut chord, Mode::List, ev("g")),
        Resolution::Pending(vec![("g".to_owned(), Action::Top)])
    );
    assert!(chord.is_pending());
    assert_eq!(chord.display(), "g");
    assert_eq!(
        km.resolve(&mut chord, Mode::List, ev("g")),
        Resolution::Matched(Action::Top)
    );
    assert!(!chord.is_pending());

    // vim's `g` has more continuations, all offered for a which-key popup.
    let vim = preset("vim");
    let Resolution::Pending(next) = vim.resolve(&mut chord, Mode::List, ev("g")) else {
        panic!("g should be pending in vim");
    };
    assert_eq!(
        next,
        [
            ("g".to_owned(), Action::Top),
            ("t".to_owned(), Action::NextTab),
            ("T".to_owned(), Action::PrevTab),
        ]
    );
}

#[test]
fn esc_cancels_a_chord() {
    let km = preset("default");
    let mut chord = Chord::default();
    assert!(matches!(
        km.resolve(&mut chord, Mode::List, ev("g")),
        Resolution::Pending(_)
    ));
    assert_eq!(
        km.resolve(&mut chord, Mode::List, ev("esc")),
        Resolution::Cancelled
    );
    assert!(!chord.is_pending());
    // Esc with nothing pending is an ordinary key again.
    assert_eq!(
        km.resolve(&mut chord, Mode::List, ev("esc")),
        Resolution::Matched(Action::Back)
    );
    // And `g` after the cancel starts a new chord rather than finishing the old one.
    assert!(matches!(
        km.resolve(&mut chord, Mode::List, ev("g")),
        Resolution::Pending(_)
    ));
}

#[test]
fn dialog_modes_do_not_fall_through_to_global() {
    for name in Keymap::preset_names() {
        let km = preset(name);
        // `y` confirms; it must never become the list's copy-id.
        assert_eq!(
            press(&km, Mode::Confirm, "y"),
            Resolution::Matched(Action::Confirm)
        );
        for mode in [
            Mode::Confirm,
            Mode::Pick,
            Mode::Menu,
            Mode::Form,
            Mode::Input,
        ] {
            // Global-only keys do nothing in a dialog.
            for key in ["?", "ctrl-l", ":", "/", "t", "d"] {
                assert_eq!(
                    press(&km, mode, key),
                    Resolution::NotFound,
                    "{name}: [{}] {key}",
                    mode.name()
                );
            }
            let actions: Vec<Action> = km.bindings(mode).into_iter().map(|(_, a)| a).collect();
            for global_only in [Action::Quit, Action::Help, Action::Redraw, Action::CopyId] {
                assert!(
                    !actions.contains(&global_only),
                    "{name}: [{}] shows {}",
                    mode.name(),
                    global_only.name()
                );
            }
        }
    }
    // Even a user's [global] binding stays out of dialogs.
    let km = with_user("keys.toml", "[global]\n\"ctrl-w\" = \"mark\"\n");
    assert_eq!(
        press(&km, Mode::List, "ctrl-w"),
        Resolution::Matched(Action::Mark)
    );
    assert_eq!(press(&km, Mode::Confirm, "ctrl-w"), Resolution::NotFound);
}

#[test]
fn navigation_modes_fall_through_to_global() {
    let km = preset("default");
    for mode in [
        Mode::List,
        Mode::Detail,
        Mode::Triage,
        Mode::Dashboard,
        Mode::History,
        Mode::Help,
    ] {
        assert_eq!(
            press(&km, mode, "ctrl-l"),
            Resolution::Matched(Action::Redraw)
        );
    }
    // ... unless the mode binds the key itself: `q` closes help, Ctrl-c still quits.
    assert_eq!(
        press(&km, Mode::Help, "q"),
        Resolution::Matched(Action::Back)
    );
    assert_eq!(
        press(&km, Mode::Help, "ctrl-c"),
        Resolution::Matched(Action::Quit)
    );
}
