//! Bad user files from `tests/fixtures/keymaps/`: every error names file, line and actions.

use super::*;
use jidi::keymap::Action;

#[test]
fn prefix_conflict_with_the_preset_names_file_line_and_both_actions() {
    let errors = fixture_errors("prefix_conflict_with_preset.toml");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let preset_line = preset_line("default", "\"g g\" = \"top\"");
    assert_contains_all(
        &errors[0],
        &[
            "prefix_conflict_with_preset.toml:3:",
            "\"g\" = \"mark\"",
            &format!("\"g g\" = \"top\" (keymaps/default.toml, line {preset_line})"),
            "[global]",
            "= \"none\"",
        ],
    );
}

#[test]
fn prefix_conflict_within_the_user_file_names_both_lines() {
    let errors = fixture_errors("prefix_conflict_in_file.toml");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_contains_all(
        &errors[0],
        &[
            "prefix_conflict_in_file.toml:4:",
            "\"z\" = \"mark\" (line 2)",
            "\"z z\" = \"top\"",
            "[list]",
        ],
    );
}

#[test]
fn prefix_conflict_with_an_inherited_global_chord() {
    let errors = fixture_errors("prefix_conflict_across_tables.toml");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let preset_line = preset_line("default", "\"g g\" = \"top\"");
    assert_contains_all(
        &errors[0],
        &[
            "prefix_conflict_across_tables.toml:3:",
            "\"g\" = \"copy-id\"",
            &format!("\"g g\" = \"top\" ([global], keymaps/default.toml, line {preset_line})"),
            "conflict in [list]",
        ],
    );
}

#[test]
fn resolving_the_conflict_by_unbinding_the_chord_loads() {
    let km = with_user(
        "keys.toml",
        "[global]\n\"g\" = \"mark\"\n\"g g\" = \"none\"\n",
    );
    assert_eq!(
        press(&km, Mode::List, "g"),
        Resolution::Matched(Action::Mark)
    );
}

#[test]
fn same_key_under_two_spellings_names_both_lines_and_actions() {
    let errors = fixture_errors("duplicate_spelling.toml");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_contains_all(
        &errors[0],
        &[
            "duplicate_spelling.toml:5:",
            "\"C-D\" = \"page-down\"",
            "\"ctrl-d\" = \"half-page-down\" on line 3",
            "Ctrl-d",
        ],
    );
}

#[test]
fn unknown_action() {
    let errors = fixture_errors("unknown_action.toml");
    assert_eq!(
        errors,
        [
            "unknown_action.toml:3: unknown action \"move-dwon\" for \"j\" in [list] (did you mean \
             \"move-down\"?)"
        ]
    );
}

#[test]
fn unknown_key_name() {
    let errors = fixture_errors("unknown_key.toml");
    assert_eq!(errors.len(), 1);
    assert_contains_all(
        &errors[0],
        &[
            "unknown_key.toml:2:",
            "can't read key \"ctrl-pgdwn\" in [list]",
            "unknown key name `pgdwn`",
        ],
    );
}

#[test]
fn unknown_mode() {
    let errors = fixture_errors("unknown_mode.toml");
    assert_eq!(errors.len(), 1);
    assert_contains_all(
        &errors[0],
        &[
            "unknown_mode.toml:1:",
            "unknown mode [lsit]",
            "did you mean [list]?",
        ],
    );
}

#[test]
fn toml_syntax_error() {
    let errors = fixture_errors("syntax_error.toml");
    assert!(!errors.is_empty());
    assert!(
        errors
            .iter()
            .all(|e| e.starts_with("syntax_error.toml:3: TOML syntax:")),
        "{errors:#?}"
    );
}

#[test]
fn every_error_in_a_file_is_reported_at_once() {
    let errors = fixture_errors("many_errors.toml");
    let lines: Vec<&str> = errors
        .iter()
        .map(|e| e.split(": ").next().unwrap())
        .collect();
    assert_eq!(
        lines,
        [
            "many_errors.toml:4",  // "Z Z" starts with "Z"
            "many_errors.toml:7",  // unknown action
            "many_errors.toml:8",  // unknown key
            "many_errors.toml:9",  // not a string
            "many_errors.toml:12", // printable key in [input]
            "many_errors.toml:16", // "tab" and "Tab"
        ],
        "{errors:#?}"
    );
    assert_contains_all(
        &errors[0],
        &["\"Z\" = \"quit\" (line 3)", "\"Z Z\" = \"help\""],
    );
    assert_contains_all(&errors[4], &["printable keys go to the text field"]);
    assert_contains_all(
        &errors[5],
        &[
            "\"Tab\" = \"focus-prev\"",
            "\"tab\" = \"focus-next\" on line 15",
        ],
    );
}

#[test]
fn a_dialog_without_cancel_is_refused() {
    let errors = fixture_errors("no_way_out.toml");
    assert_eq!(
        errors,
        [
            "no_way_out.toml:5: this line (with lines 3, 4) leaves no key for \"cancel\" in \
             [confirm], so there would be no way out; keep a key bound to cancel"
        ]
    );
}

#[test]
fn losing_every_quit_key_is_one_error_naming_the_modes() {
    let errors = fixture_errors("no_quit.toml");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_contains_all(
        &errors[0],
        &[
            "no_quit.toml:4:",
            "line 3",
            "\"quit\" in [list], [detail], [triage], [dashboard], [history], [calendar], [help]",
        ],
    );
    // vim keeps `Z Z`, so the same file is fine there.
    let km = Keymap::load("vim", Some(("no_quit.toml", &fixture("no_quit.toml")))).unwrap();
    assert_eq!(
        press(&km, Mode::List, "Z Z"),
        Resolution::Matched(Action::Quit)
    );
}

#[test]
fn no_user_file_content_panics() {
    // Hand-picked oddities, then many mutations of a real preset.
    let odd = [
        "",
        "\u{0}",
        "[",
        "[[list]]\nj = \"top\"",
        "list = 3",
        "list = []",
        "[list]\nj = []\nk = {}\nl = 1979-05-27\nm = true\nn = 1.5",
        "[list]\n\"\" = \"top\"\n\" \" = \"top\"\n\"-\" = \"top\"\n\"+\" = \"none\"",
        "[list]\n\"ctrl-\" = \"top\"\n\"--\" = \"top\"\n\"ctrl+-\" = \"top\"",
        "[list]\n\"中\" = \"mark\"\n\"é\" = \"mark\"\n\"ctrl-中\" = \"mark\"",
        "[global]\n\"esc esc\" = \"quit\"\n\"g g g g g g g g\" = \"top\"",
        "[list.deep.deeper]\nj = \"top\"",
        "[list]\nj.k = \"top\"",
    ];
    for text in odd {
        let _ = Keymap::load("default", Some(("odd.toml", text)));
    }
    let source = include_str!("../../keymaps/vim.toml");
    let chars: Vec<char> = source.chars().collect();
    let alphabet: Vec<char> = "[]\"= -\n#gZ\\中".chars().collect();
    let mut rng = fastrand::Rng::with_seed(7);
    for _ in 0..500 {
        let mut text = chars.clone();
        for _ in 0..rng.usize(1..6) {
            let at = rng.usize(..text.len());
            match rng.u8(..3) {
                0 => {
                    text.remove(at);
                }
                1 => text.insert(at, alphabet[rng.usize(..alphabet.len())]),
                _ => text[at] = alphabet[rng.usize(..alphabet.len())],
            }
        }
        let text: String = text.into_iter().collect();
        if let Err(errors) = Keymap::load("vim", Some(("mutant.toml", &text))) {
            let last_line = text.lines().count() + 1;
            for e in errors {
                assert_eq!(e.file, "mutant.toml");
                assert!(e.line.is_some_and(|l| (1..=last_line).contains(&l)), "{e}");
            }
        }
    }
}

#[test]
fn a_global_key_that_starts_a_mode_chord_is_reported_in_each_such_mode() {
    let errors = match Keymap::load(
        "default",
        Some(("keys.toml", "[global]\n\"f\" = \"mark\"\n")),
    ) {
        Ok(_) => panic!("loaded"),
        Err(errors) => errors,
    };
    let modes: Vec<&str> = errors
        .iter()
        .map(|e| {
            assert_eq!((e.file.as_str(), e.line), ("keys.toml", Some(2)), "{e}");
            let start = e.message.find("conflict in [").unwrap() + "conflict in [".len();
            let end = start + e.message[start..].find(']').unwrap();
            &e.message[start..end]
        })
        .collect();
    assert_eq!(modes, ["list", "triage", "dashboard"]);
    let line = preset_line("default", "\"f c\" = \"filter-category\"");
    assert_contains_all(
        &errors[0].message,
        &[
            "\"f\" = \"mark\" ([global]), ",
            &format!("\"f c\" = \"filter-category\" (keymaps/default.toml, line {line}), "),
            "\"f s\" = \"filter-status\"",
            "after f the keymap waits",
        ],
    );
}
