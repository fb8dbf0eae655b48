//! Presets: both load, bind every action somewhere it can be reached, keep familiar keys.

use super::*;
use jidi::keymap::Action;

#[test]
fn both_presets_load_without_errors() {
    assert_eq!(Keymap::preset_names(), ["default", "vim"]);
    for name in Keymap::preset_names() {
        preset(name);
    }
}

#[test]
fn unknown_preset_is_an_error() {
    let errors = Keymap::load("emacs", None).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].to_string(),
        "emacs: unknown keymap preset \"emacs\"; presets are default, vim"
    );
}

/// What must be bound in each mode because there is no other way to reach it there: dialog
/// modes don't inherit `[global]`, so each needs its own keys, and a navigation mode's work is
/// done by keys alone. Together the lists cover every action, so a new action must be given a
/// key (and a place here) before this passes.
const MUST_BIND: &[(Mode, &str)] = &[
    (
        Mode::List,
        "quit help redraw back move-down move-up half-page-down half-page-up page-down page-up \
         top bottom open next-tab prev-tab view-bases view-triage view-dashboard view-history \
         view-calendar search \
         next-match prev-match command-line toggle-select select-range clear-selection mark \
         undo copy-id new-application record-report file-change add-risk \
         close-risk transition add-partner filter-category filter-region filter-outcome \
         filter-status clear-filters sort-next sort-reverse",
    ),
    (
        Mode::Detail,
        "quit back next-tab prev-tab mark undo copy-id record-report \
         file-change add-risk close-risk transition add-partner reveal-notes assign-me assign-to \
         case-note case-state look-again work-note view-calendar",
    ),
    (
        Mode::Triage,
        "quit back open toggle-select select-range clear-selection mark undo copy-id \
         transition filter-category filter-region filter-outcome filter-status clear-filters \
         sort-next sort-reverse assign-me assign-to case-note case-state look-again work-note \
         inbox-mine inbox-unassigned inbox-deferred inbox-all next-tab prev-tab view-calendar",
    ),
    (
        Mode::Dashboard,
        "quit back open filter-category filter-region filter-outcome filter-status \
         clear-filters",
    ),
    (
        Mode::History,
        "quit back open move-down move-up view-history filter-history clear-filters copy-id",
    ),
    (
        Mode::Calendar,
        "quit back open next-tab prev-tab prev-day next-day prev-week next-week prev-month \
         next-month go-today view-triage view-calendar",
    ),
    (
        Mode::Help,
        "quit back move-down move-up half-page-down half-page-up top bottom search",
    ),
    (Mode::Confirm, "confirm cancel focus-next focus-prev press"),
    (
        Mode::Pick,
        "pick-1 pick-2 pick-3 pick-4 pick-5 cancel move-down move-up press",
    ),
    (Mode::Menu, "cancel move-down move-up press toggle"),
    (
        Mode::Form,
        "cancel submit next-field prev-field complete complete-prev clear-input",
    ),
    (
        Mode::Input,
        "cancel submit complete history-prev history-next clear-input",
    ),
];

fn must_bind() -> Vec<(Mode, Action)> {
    MUST_BIND
        .iter()
        .flat_map(|&(mode, names)| {
            names.split_whitespace().map(move |name| {
                let action = Action::from_name(name).unwrap_or_else(|| panic!("{name}?"));
                (mode, action)
            })
        })
        .collect()
}

#[test]
fn presets_bind_every_action_that_has_no_other_way_in() {
    let required = must_bind();
    for &action in Action::ALL {
        assert!(
            required.iter().any(|&(_, a)| a == action),
            "{} has no place in MUST_BIND",
            action.name()
        );
    }
    for name in Keymap::preset_names() {
        let km = preset(name);
        for &(mode, action) in &required {
            assert!(
                km.key_for(mode, action).is_some(),
                "preset {name}: no key for {} in [{}]",
                action.name(),
                mode.name()
            );
        }
    }
}

/// The keys the administrators' fingers already know, in both presets.
#[test]
fn presets_keep_the_keys_fingers_know() {
    use Action::*;
    let expected: &[(Mode, &str, Action)] = &[
        (Mode::List, "j", MoveDown),
        (Mode::List, "down", MoveDown),
        (Mode::List, "k", MoveUp),
        (Mode::List, "up", MoveUp),
        (Mode::List, "g g", Top),
        (Mode::List, "G", Bottom),
        (Mode::List, "ctrl-d", HalfPageDown),
        (Mode::List, "ctrl-u", HalfPageUp),
        (Mode::List, "/", Search),
        (Mode::List, "n", NextMatch),
        (Mode::List, "N", PrevMatch),
        (Mode::List, ":", CommandLine),
        (Mode::List, "?", Help),
        (Mode::List, "f1", Help),
        (Mode::List, "enter", Open),
        (Mode::List, "esc", Back),
        (Mode::List, "tab", NextTab),
        (Mode::List, "q", Quit),
        (Mode::List, "space", ToggleSelect),
        (Mode::List, "v", SelectRange),
        (Mode::List, "U", ClearSelection),
        (Mode::List, "e", Mark),
        (Mode::List, "u", Undo),
        (Mode::List, "t", ViewTriage),
        (Mode::List, "d", ViewDashboard),
        (Mode::List, "ctrl-l", Redraw),
        (Mode::List, "y", CopyId),
        (Mode::Detail, "y", CopyId),
        (Mode::Triage, "space", ToggleSelect),
        (Mode::Confirm, "y", Confirm),
        (Mode::Confirm, "n", Cancel),
        (Mode::Confirm, "esc", Cancel),
        (Mode::Confirm, "tab", FocusNext),
        (Mode::Confirm, "right", FocusNext),
        (Mode::Confirm, "backtab", FocusPrev),
        (Mode::Confirm, "left", FocusPrev),
        (Mode::Confirm, "enter", Press),
        (Mode::Pick, "1", Pick1),
        (Mode::Pick, "2", Pick2),
        (Mode::Pick, "3", Pick3),
        (Mode::Pick, "4", Pick4),
        (Mode::Pick, "5", Pick5),
        (Mode::Pick, "esc", Cancel),
        (Mode::Pick, "j", MoveDown),
        (Mode::Pick, "k", MoveUp),
        (Mode::Pick, "down", MoveDown),
        (Mode::Pick, "up", MoveUp),
        (Mode::Pick, "enter", Press),
    ];
    for name in Keymap::preset_names() {
        let km = preset(name);
        for &(mode, keys, action) in expected {
            assert_eq!(
                press(&km, mode, keys),
                Resolution::Matched(action),
                "preset {name}, [{}] {keys}",
                mode.name()
            );
        }
    }
}

#[test]
fn default_is_friendly_and_vim_is_vim_like() {
    use Action::*;
    let default = preset("default");
    for (keys, action) in [
        ("pagedown", PageDown),
        ("pageup", PageUp),
        ("home", Top),
        ("end", Bottom),
        ("backspace", Back),
        ("]", NextTab),
    ] {
        assert_eq!(
            press(&default, Mode::List, keys),
            Resolution::Matched(action)
        );
    }
    let vim = preset("vim");
    for (keys, action) in [
        ("h", PrevTab),
        ("l", NextTab),
        ("g t", NextTab),
        ("g T", PrevTab),
        ("ctrl-f", PageDown),
        ("ctrl-b", PageUp),
        ("Z Z", Quit),
        ("ctrl-o", Back),
    ] {
        assert_eq!(press(&vim, Mode::List, keys), Resolution::Matched(action));
    }
    assert_eq!(press(&default, Mode::List, "h"), Resolution::NotFound);
}

/// A navigation mode's own key replaces the global one; in the presets that must only happen
/// where it was meant to (help's own keys close help), never by accident.
#[test]
fn presets_override_global_keys_only_on_purpose() {
    for name in Keymap::preset_names() {
        let km = preset(name);
        let global = km.bindings(Mode::Global);
        for mode in [
            Mode::List,
            Mode::Detail,
            Mode::Triage,
            Mode::Dashboard,
            Mode::History,
            Mode::Help,
        ] {
            let here = km.bindings(mode);
            let replaced: Vec<String> = global
                .iter()
                .filter(|b| !here.contains(b))
                .map(|(keys, action)| format!("{keys}={}", action.name()))
                .collect();
            let expected: &[&str] = match mode {
                Mode::Help => &["q=quit", "?=help", "F1=help"],
                _ => &[],
            };
            assert_eq!(replaced, expected, "preset {name}, [{}]", mode.name());
        }
    }
}
