//! The rooms and the command table: each screen's hints are keys that exist in its mode, and
//! every command answers to each of its names, completes, and is named when unknown.

use super::super::command::COMMANDS;
use super::super::testkit::Harness;
use super::super::{Effect, Screen};
use crate::keymap::Keymap;

const SCREENS: [Screen; 6] = [
    Screen::Bases,
    Screen::Detail,
    Screen::Triage,
    Screen::Dashboard,
    Screen::History,
    Screen::Calendar,
];

#[test]
fn every_hint_of_every_room_is_a_key_of_its_mode_in_both_presets() {
    for preset in Keymap::preset_names() {
        let keymap = Keymap::load(preset, None).expect("the preset loads");
        for screen in SCREENS {
            let room = screen.room();
            assert!(!room.hints.is_empty(), "{screen:?} offers something");
            let case_hints = if screen == Screen::Detail {
                super::super::detail::CASE_HINTS
            } else {
                &[]
            };
            for action in room.hints.iter().chain(case_hints) {
                assert!(
                    keymap.key_for(room.mode, *action).is_some(),
                    "{preset}: {screen:?} hints {} with no key in [{}]",
                    action.name(),
                    room.mode.name()
                );
            }
        }
    }
}

#[test]
fn the_mode_on_each_screen_is_its_room_s() {
    let mut h = Harness::demo();
    for (keys, screen) in [
        ("b", Screen::Bases),
        ("enter", Screen::Detail),
        ("t", Screen::Triage),
        ("d", Screen::Dashboard),
        ("H", Screen::History),
        ("C", Screen::Calendar),
    ] {
        h.press(keys);
        assert_eq!(h.app.screen, screen, "{keys}");
        assert_eq!(h.app.mode(), screen.room().mode, "{screen:?}");
    }
}

#[test]
fn command_names_are_unique_and_each_one_runs_its_command() {
    let mut seen = std::collections::HashSet::new();
    for command in COMMANDS {
        for name in command.names {
            assert!(seen.insert(*name), "{name} names two commands");
        }
    }
    // Every name of a screen switch reaches its screen.
    for (names, screen) in [
        (&["triage", "待办"][..], Screen::Triage),
        (&["dashboard", "总览"][..], Screen::Dashboard),
        (&["bases", "列表"][..], Screen::Bases),
        (&["history", "log", "历史"][..], Screen::History),
        (&["calendar", "日历"][..], Screen::Calendar),
    ] {
        for name in names {
            let mut h = Harness::demo();
            if screen == Screen::Bases {
                h.press("t");
            }
            h.command(name);
            assert_eq!(h.app.screen, screen, ":{name}");
        }
    }
    for name in ["quit", "q", "退出"] {
        let mut h = Harness::demo();
        let effects = h.command(name);
        assert!(
            effects.iter().any(|e| matches!(e, Effect::Quit)),
            ":{name} quits"
        );
    }
}

#[test]
fn an_unknown_command_lists_every_command_of_the_table() {
    let mut h = Harness::demo();
    h.command("frobnicate");
    let notice = h.notice().expect("an error");
    assert!(notice.contains("frobnicate"), "{notice}");
    for command in COMMANDS {
        assert!(notice.contains(command.names[0]), "{notice}");
    }
}

#[test]
fn tab_offers_every_command_then_what_follows_it_under_any_of_its_names() {
    let mut h = Harness::demo();
    h.press(": tab");
    let shown = h.app.input.as_ref().expect("the line").completions.clone();
    let names: Vec<String> = COMMANDS.iter().map(|c| c.names[0].to_string()).collect();
    assert_eq!(shown, names);
    h.press("esc");
    // The short and the Chinese names complete their arguments like the full one.
    for alias in ["f", "筛选"] {
        h.press(":");
        h.type_text(&format!("{alias} 类型=特"));
        h.press("tab");
        let value = h.app.input.as_ref().expect("the line").field.value();
        assert_eq!(value, format!("{alias} 类型=特色类 "));
        h.press("esc");
    }
    h.press(":");
    h.type_text("view delete ");
    h.press("tab");
    assert!(
        h.app
            .input
            .as_ref()
            .expect("the line")
            .completions
            .is_empty(),
        "no views saved, nothing to delete"
    );
}
