//! User files laid over a preset: override, unbind, spellings.

use super::*;
use jidi::keymap::Action;

#[test]
fn config_override_preserves_unoverridden_keys() {
    let base = preset("default");
    let km = with_user("keys.toml", "[global]\n\"j\" = \"page-down\"\n");
    assert_eq!(
        press(&km, Mode::List, "j"),
        Resolution::Matched(Action::PageDown)
    );
    // Everything not named in the file is as the preset had it.
    assert_eq!(
        press(&km, Mode::List, "k"),
        Resolution::Matched(Action::MoveUp)
    );
    assert_eq!(
        press(&km, Mode::List, "down"),
        Resolution::Matched(Action::MoveDown)
    );
    assert_eq!(
        press(&km, Mode::List, "g g"),
        Resolution::Matched(Action::Top)
    );
    for &mode in Mode::ALL {
        let changed = |(keys, _): &(String, Action)| keys == "j";
        let before: Vec<_> = base
            .bindings(mode)
            .into_iter()
            .filter(|b| !changed(b))
            .collect();
        let after: Vec<_> = km
            .bindings(mode)
            .into_iter()
            .filter(|b| !changed(b))
            .collect();
        assert_eq!(before, after, "[{}]", mode.name());
    }
    // The dialog's own `j` is its own table's business, untouched by [global].
    assert_eq!(
        press(&km, Mode::Pick, "j"),
        Resolution::Matched(Action::MoveDown)
    );
}

#[test]
fn override_one_key() {
    let km = with_user("keys.toml", "[list]\n\"x\" = \"mark\"\n");
    assert_eq!(
        press(&km, Mode::List, "x"),
        Resolution::Matched(Action::Mark)
    );
    // Only [list] changed: detail keeps the preset's `x`.
    assert_eq!(
        press(&km, Mode::Detail, "x"),
        Resolution::Matched(Action::AddRisk)
    );
    // The user's key is the one status-bar hints show for mark in [list].
    assert_eq!(km.key_for(Mode::List, Action::Mark).as_deref(), Some("x"));
    assert_eq!(km.key_for(Mode::Detail, Action::Mark).as_deref(), Some("e"));
}

#[test]
fn unbind_one_key() {
    let km = with_user("keys.toml", "[list]\n\"x\" = \"none\"\n");
    assert_eq!(press(&km, Mode::List, "x"), Resolution::NotFound);
    assert_eq!(km.key_for(Mode::List, Action::AddRisk), None);
    assert_eq!(
        press(&km, Mode::Detail, "x"),
        Resolution::Matched(Action::AddRisk)
    );
}

#[test]
fn unbinding_in_a_mode_hides_the_global_key_there_only() {
    let km = with_user("keys.toml", "[help]\n\"j\" = \"none\"\n");
    assert_eq!(press(&km, Mode::Help, "j"), Resolution::NotFound);
    assert_eq!(
        press(&km, Mode::List, "j"),
        Resolution::Matched(Action::MoveDown)
    );
}

#[test]
fn user_file_with_both_spellings_of_names_loads() {
    let km = with_user(
        "keys.toml",
        "[list]\n\"Ctrl-W\" = \"mark\"\n\"Shift-Tab\" = \"undo\"\n\"PgDn\" = \"top\"\n",
    );
    assert_eq!(
        press(&km, Mode::List, "ctrl-w"),
        Resolution::Matched(Action::Mark)
    );
    assert_eq!(
        press(&km, Mode::List, "backtab"),
        Resolution::Matched(Action::Undo)
    );
    assert_eq!(
        press(&km, Mode::List, "pagedown"),
        Resolution::Matched(Action::Top)
    );
}
