//! The keymap through its public API: presets, user files (good and bad, from
//! `tests/fixtures/keymaps/`), help output and key resolution. One test binary, a module per
//! concern; the helpers below are shared.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jidi::keymap::{Chord, Keymap, KeymapError, Mode, Resolution};

// This file is the test crate's root, so its modules would be looked up beside it in `tests/`;
// the paths keep them in `tests/keymap/` instead of among other layers' test binaries.
#[path = "keymap/errors.rs"]
mod errors;
#[path = "keymap/help.rs"]
mod help;
#[path = "keymap/presets.rs"]
mod presets;
#[path = "keymap/resolve.rs"]
mod resolve;
#[path = "keymap/user_files.rs"]
mod user_files;

/// A key event the way a legacy terminal delivers it: `G` with SHIFT, `ctrl-d` as 'd'+CONTROL.
pub(crate) fn ev(key: &str) -> KeyEvent {
    let (mods, name) = match key.strip_prefix("ctrl-") {
        Some(rest) => (KeyModifiers::CONTROL, rest),
        None => (KeyModifiers::NONE, key),
    };
    let code = match name {
        "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => return KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
        "backspace" => KeyCode::Backspace,
        "space" => KeyCode::Char(' '),
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pageup" => KeyCode::PageUp,
        "pagedown" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "f1" => KeyCode::F(1),
        "f2" => KeyCode::F(2),
        "f3" => KeyCode::F(3),
        "f4" => KeyCode::F(4),
        s if s.chars().count() == 1 => {
            let c = s.chars().next().unwrap();
            let shift = if c.is_ascii_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            return KeyEvent::new(KeyCode::Char(c), mods | shift);
        }
        other => panic!("test helper doesn't know key {other:?}"),
    };
    KeyEvent::new(code, mods)
}

/// Resolves a space-separated key sequence from a fresh chord; returns the last resolution.
pub(crate) fn press(km: &Keymap, mode: Mode, keys: &str) -> Resolution {
    let mut chord = Chord::default();
    let mut last = Resolution::NotFound;
    for key in keys.split(' ') {
        last = km.resolve(&mut chord, mode, ev(key));
    }
    last
}

pub(crate) fn preset(name: &str) -> Keymap {
    Keymap::load(name, None).unwrap_or_else(|errors| panic!("{name}: {}", render(&errors)))
}

pub(crate) fn with_user(name: &str, text: &str) -> Keymap {
    Keymap::load("default", Some((name, text)))
        .unwrap_or_else(|errors| panic!("{name}: {}", render(&errors)))
}

pub(crate) fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/keymaps/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Loads a fixture over the default preset, expecting errors; returns them as display text.
pub(crate) fn fixture_errors(name: &str) -> Vec<String> {
    fixture_errors_over("default", name)
}

pub(crate) fn fixture_errors_over(preset: &str, name: &str) -> Vec<String> {
    match Keymap::load(preset, Some((name, &fixture(name)))) {
        Ok(_) => panic!("{name} loaded without errors"),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

pub(crate) fn render(errors: &[KeymapError]) -> String {
    errors
        .iter()
        .map(|e| format!("\n  {e}"))
        .collect::<String>()
}

/// The 1-based line of the first line in a preset containing `needle`.
pub(crate) fn preset_line(preset: &str, needle: &str) -> usize {
    let path = format!("{}/keymaps/{preset}.toml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

pub(crate) fn assert_contains_all(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
}
