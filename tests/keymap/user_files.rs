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

/// A user key file written to a fresh directory.
fn user_file(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("keymap.toml");
    std::fs::write(&path, bytes).expect("written");
    (dir, path)
}

#[test]
fn a_missing_user_file_means_the_preset_alone() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let km = Keymap::load_file("default", Some(&dir.path().join("keymap.toml")))
        .unwrap_or_else(|e| panic!("{}", render(&e)));
    assert_eq!(
        km.bindings(Mode::List),
        preset("default").bindings(Mode::List)
    );
}

#[test]
fn a_user_file_on_disk_overrides_the_preset() {
    let (_dir, path) = user_file(b"[global]\n\"j\" = \"page-down\"\n");
    let km = Keymap::load_file("default", Some(&path)).unwrap_or_else(|e| panic!("{}", render(&e)));
    assert_eq!(
        press(&km, Mode::List, "j"),
        Resolution::Matched(Action::PageDown)
    );
}

#[test]
fn a_user_file_that_is_not_utf8_is_refused_naming_the_file_and_line() {
    // "下移" in GBK on the second line: what an editor set to a Chinese legacy encoding saves.
    let (_dir, path) = user_file(b"[global]\n\"j\" = \"move-down\" # \xcf\xc2\xd2\xc6\n");
    let errors = Keymap::load_file("default", Some(&path)).expect_err("refused");
    assert_eq!(errors.len(), 1, "{}", render(&errors));
    let shown = errors[0].to_string();
    assert_contains_all(
        &shown,
        &[&path.display().to_string(), "not UTF-8", "line 2", "UTF-8"],
    );
}

#[test]
fn a_directory_where_the_user_file_goes_is_refused_by_name() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("keymap.toml");
    std::fs::create_dir(&path).expect("a directory");
    let errors = Keymap::load_file("default", Some(&path)).expect_err("refused");
    assert_eq!(errors.len(), 1, "{}", render(&errors));
    assert_contains_all(
        &errors[0].to_string(),
        &[&path.display().to_string(), "is a directory"],
    );
}
