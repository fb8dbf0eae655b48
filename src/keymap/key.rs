//! Keys: parsing key strings from key files, normalising crossterm events, and display for help.
//!
//! Both directions go through [`Key::normalized`], so a parsed `"G"` and the event crossterm
//! delivers for Shift+g compare equal however the terminal reported it.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key press after normalisation. Characters never carry SHIFT (the character says it:
/// `G`, `?`); control-letters are always lowercase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    code: KeyCode,
    mods: KeyModifiers,
}

impl Key {
    /// The key for a crossterm event, with terminal differences smoothed out.
    pub(crate) fn from_event(event: &KeyEvent) -> Key {
        Key::normalized(event.code, event.modifiers)
    }

    fn normalized(code: KeyCode, mut mods: KeyModifiers) -> Key {
        let code = match code {
            // Legacy terminals send BackTab with SHIFT, the kitty protocol Tab with SHIFT; both
            // mean the one key users call Shift-Tab.
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::Char(c) => {
                // Shift+g arrives as 'G', 'G'+SHIFT or (kitty) 'g'+SHIFT; Shift+/ as '?' with or
                // without SHIFT. The character is the truth, so SHIFT is folded into it.
                let mut c = c;
                if mods.contains(KeyModifiers::SHIFT) && c.is_ascii_lowercase() {
                    c = c.to_ascii_uppercase();
                }
                mods.remove(KeyModifiers::SHIFT);
                // Windows reports AltGr as Ctrl+Alt: AltGr+q on a German layout is '@' with both.
                // That is typing, not a shortcut.
                if mods.contains(KeyModifiers::CONTROL | KeyModifiers::ALT)
                    && !c.is_ascii_alphanumeric()
                {
                    mods.remove(KeyModifiers::CONTROL | KeyModifiers::ALT);
                }
                // Ctrl+d and Ctrl+Shift+d are the same byte (0x04) on a legacy terminal, which is
                // what SSH sessions get; treating them as one key keeps bindings portable.
                if mods.contains(KeyModifiers::CONTROL) {
                    c = c.to_ascii_lowercase();
                }
                KeyCode::Char(c)
            }
            other => other,
        };
        Key { code, mods }
    }

    /// A key a text field would insert: a character without Ctrl or Alt.
    pub(crate) fn is_text(self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && self.mods.is_empty()
    }

    pub(crate) fn is_plain_esc(self) -> bool {
        self.code == KeyCode::Esc && self.mods.is_empty()
    }

    /// Parses one key (`j`, `G`, `ctrl-d`, `C-d`, `Shift-Tab`, `pgdn`, `f5`).
    ///
    /// Modifiers: `ctrl`/`control`/`c`, `alt`/`meta`/`a`/`m`, `shift`/`s`, each followed by `-` or
    /// `+`, any case. Key names are case-insensitive; a single character is taken literally, so
    /// `G` is Shift+g and `ctrl-D` is `ctrl-d` (see [`Key::normalized`] for why).
    pub(crate) fn parse(text: &str) -> Result<Key, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = text;
        // A modifier is `name-` followed by at least one more character, so `-`, `ctrl--` and
        // `+` still name the minus and plus keys.
        while let Some(pos) = rest.find(['-', '+']) {
            if pos == 0 || pos + 1 == rest.len() {
                break;
            }
            let name = &rest[..pos];
            let modifier = match name.to_ascii_lowercase().as_str() {
                "ctrl" | "control" | "c" => KeyModifiers::CONTROL,
                "alt" | "meta" | "a" | "m" => KeyModifiers::ALT,
                "shift" | "s" => KeyModifiers::SHIFT,
                _ => {
                    return Err(format!(
                        "`{name}` is not a modifier (use ctrl-, alt- or shift-)"
                    ));
                }
            };
            if mods.contains(modifier) {
                return Err(format!("modifier `{name}` given twice"));
            }
            mods |= modifier;
            rest = &rest[pos + 1..];
        }

        let code = parse_code(rest)?;
        if let KeyCode::Char(c) = code {
            check_char_combination(c, mods)?;
        }
        Ok(Key::normalized(code, mods))
    }
}

/// Parses a key chord written as keys separated by spaces (`"g g"`, `"Z Z"`).
pub(crate) fn parse_sequence(text: &str) -> Result<Vec<Key>, String> {
    let keys = text
        .split_whitespace()
        .map(Key::parse)
        .collect::<Result<Vec<_>, _>>()?;
    if keys.is_empty() {
        return Err("empty key (the space bar is written `space`)".to_owned());
    }
    if keys.len() > 1 && keys.iter().any(|k| k.is_plain_esc()) {
        return Err("Esc cancels a pending chord, so it can only be bound on its own".to_owned());
    }
    Ok(keys)
}

/// Help-screen form of a chord: keys joined by spaces (`g g`, `Ctrl-d`).
pub(crate) fn display_sequence(keys: &[Key]) -> String {
    keys.iter()
        .map(Key::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a text field should take this key before the keymap sees it: a character typed
/// without Ctrl or Alt (AltGr characters on Windows included). Callers in [`Mode::takes_text`]
/// modes use this so they and the keymap's own checks agree on what "printable" means.
///
/// [`Mode::takes_text`]: super::Mode::takes_text
pub fn is_text_key(event: &KeyEvent) -> bool {
    Key::from_event(event).is_text()
}

fn parse_code(name: &str) -> Result<KeyCode, String> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_control() || c.is_whitespace() {
            return Err(format!("{c:?} is not a printable key; use its name"));
        }
        return Ok(KeyCode::Char(c));
    }
    let lower = name.to_ascii_lowercase();
    let code = match lower.as_str() {
        "space" | "spc" => KeyCode::Char(' '),
        "enter" | "return" | "ret" | "cr" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" | "bs" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" | "pgdown" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        _ => match lower.strip_prefix('f').map(str::parse::<u8>) {
            Some(Ok(n @ 1..=12)) => KeyCode::F(n),
            _ => {
                return Err(format!(
                    "unknown key name `{name}` (expected a single character, space, enter, esc, \
                     tab, backtab, backspace, delete, insert, up, down, left, right, pageup, \
                     pagedown, home, end or f1-f12)"
                ));
            }
        },
    };
    Ok(code)
}

/// Rejects character combinations a terminal cannot deliver as written, so a binding never
/// sits in the table without any way to press it.
fn check_char_combination(c: char, mods: KeyModifiers) -> Result<(), String> {
    if mods.contains(KeyModifiers::SHIFT) && !c.is_ascii_alphabetic() {
        let shown = if c == ' ' {
            "space".to_owned()
        } else {
            c.to_string()
        };
        return Err(format!(
            "shift-{shown}: terminals report the character Shift produces, so bind that \
             character instead (`?` rather than `shift-/`)"
        ));
    }
    if mods.contains(KeyModifiers::CONTROL | KeyModifiers::ALT) && !c.is_ascii_alphanumeric() {
        return Err(format!(
            "ctrl-alt-{c}: Windows reports AltGr characters as Ctrl+Alt, so this can't be told \
             apart from typing"
        ));
    }
    if mods.contains(KeyModifiers::CONTROL) {
        // Legacy terminals encode these as the control bytes of other keys, and crossterm
        // reports those keys (0x1C..=0x1F come back as Ctrl-4..Ctrl-7).
        let same_as = match c.to_ascii_lowercase() {
            'i' => Some("tab"),
            'm' => Some("enter"),
            '[' => Some("esc"),
            '\\' => Some("ctrl-4"),
            ']' => Some("ctrl-5"),
            '^' => Some("ctrl-6"),
            '_' | '/' => Some("ctrl-7"),
            _ => None,
        };
        if let Some(named) = same_as {
            return Err(format!(
                "ctrl-{c} sends the same code as {named} in most terminals; bind `{named}`"
            ));
        }
    }
    Ok(())
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::Up => f.write_str("Up"),
            KeyCode::Down => f.write_str("Down"),
            KeyCode::Left => f.write_str("Left"),
            KeyCode::Right => f.write_str("Right"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::F(n) => write!(f, "F{n}"),
            // The parser produces none of these; an event key is only displayed while it is part
            // of a pending chord, which means it was parsed first.
            other => write!(f, "{other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventKind;

    fn key(s: &str) -> Key {
        Key::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn ev(code: KeyCode, mods: KeyModifiers) -> Key {
        Key::from_event(&KeyEvent::new(code, mods))
    }

    #[test]
    fn plain_characters() {
        assert_eq!(key("j"), ev(KeyCode::Char('j'), KeyModifiers::NONE));
        assert_eq!(key("?"), ev(KeyCode::Char('?'), KeyModifiers::NONE));
        assert_eq!(key("/"), ev(KeyCode::Char('/'), KeyModifiers::NONE));
        assert_eq!(key(":"), ev(KeyCode::Char(':'), KeyModifiers::NONE));
        assert_eq!(key("-"), ev(KeyCode::Char('-'), KeyModifiers::NONE));
        assert_eq!(key("+"), ev(KeyCode::Char('+'), KeyModifiers::NONE));
        assert_eq!(key("space"), ev(KeyCode::Char(' '), KeyModifiers::NONE));
    }

    #[test]
    fn uppercase_means_shift_however_the_terminal_reports_it() {
        let g = key("G");
        assert_eq!(g, ev(KeyCode::Char('G'), KeyModifiers::NONE));
        assert_eq!(g, ev(KeyCode::Char('G'), KeyModifiers::SHIFT));
        assert_eq!(g, ev(KeyCode::Char('g'), KeyModifiers::SHIFT));
        assert_eq!(g, key("shift-g"));
        assert_eq!(g, key("S-g"));
        assert_ne!(g, key("g"));
        // '?' arrives with SHIFT on Windows and the kitty protocol, without it elsewhere.
        assert_eq!(key("?"), ev(KeyCode::Char('?'), KeyModifiers::SHIFT));
    }

    #[test]
    fn names_and_modifiers_are_case_insensitive() {
        let ctrl_d = ev(KeyCode::Char('d'), KeyModifiers::CONTROL);
        for s in [
            "ctrl-d",
            "Ctrl-D",
            "CTRL-d",
            "C-d",
            "c-D",
            "ctrl+d",
            "control-d",
        ] {
            assert_eq!(key(s), ctrl_d, "{s}");
        }
        assert_eq!(key("Enter"), key("enter"));
        assert_eq!(key("RETURN"), key("enter"));
        assert_eq!(key("PgDn"), key("pagedown"));
        assert_eq!(key("F1"), ev(KeyCode::F(1), KeyModifiers::NONE));
        assert_eq!(key("alt-x"), ev(KeyCode::Char('x'), KeyModifiers::ALT));
        assert_eq!(key("M-x"), key("alt-x"));
    }

    #[test]
    fn ctrl_shift_letter_is_ctrl_letter() {
        assert_eq!(
            key("ctrl-d"),
            ev(
                KeyCode::Char('D'),
                KeyModifiers::CONTROL | KeyModifiers::SHIFT
            )
        );
        assert_eq!(key("ctrl-shift-d"), key("ctrl-d"));
    }

    #[test]
    fn alt_keeps_case() {
        assert_eq!(key("alt-X"), ev(KeyCode::Char('X'), KeyModifiers::ALT));
        assert_eq!(
            key("alt-X"),
            ev(KeyCode::Char('x'), KeyModifiers::ALT | KeyModifiers::SHIFT)
        );
        assert_ne!(key("alt-X"), key("alt-x"));
    }

    #[test]
    fn backtab_spellings_and_events() {
        let bt = key("backtab");
        assert_eq!(bt, key("shift-tab"));
        assert_eq!(bt, key("Shift-Tab"));
        assert_eq!(bt, ev(KeyCode::BackTab, KeyModifiers::SHIFT));
        assert_eq!(bt, ev(KeyCode::BackTab, KeyModifiers::NONE));
        assert_eq!(bt, ev(KeyCode::Tab, KeyModifiers::SHIFT));
    }

    #[test]
    fn altgr_characters_are_typing() {
        let at = ev(
            KeyCode::Char('@'),
            KeyModifiers::CONTROL | KeyModifiers::ALT,
        );
        assert_eq!(at, key("@"));
        assert!(at.is_text());
        assert!(Key::parse("ctrl-alt-@").is_err());
        // Ctrl+Alt+letter is a real shortcut and stays one.
        assert!(
            !ev(
                KeyCode::Char('x'),
                KeyModifiers::CONTROL | KeyModifiers::ALT
            )
            .is_text()
        );
    }

    #[test]
    fn other_modifiers_never_match_a_plain_key() {
        assert_ne!(ev(KeyCode::Char('q'), KeyModifiers::SUPER), key("q"));
    }

    #[test]
    fn display_round_trips() {
        for s in [
            "j",
            "G",
            "?",
            "space",
            "enter",
            "esc",
            "tab",
            "backtab",
            "up",
            "pgdn",
            "home",
            "f12",
            "ctrl-d",
            "alt-x",
            "alt-X",
            "ctrl-l",
            "shift-up",
            "ctrl--",
            "backspace",
            "del",
            "ins",
        ] {
            let k = key(s);
            assert_eq!(key(&k.to_string()), k, "{s} displayed as {k}");
        }
    }

    #[test]
    fn display_forms_for_help() {
        assert_eq!(key("ctrl-D").to_string(), "Ctrl-d");
        assert_eq!(key("enter").to_string(), "Enter");
        assert_eq!(key("space").to_string(), "Space");
        assert_eq!(key("?").to_string(), "?");
        assert_eq!(key("backtab").to_string(), "Shift-Tab");
        assert_eq!(key("pageup").to_string(), "PgUp");
        assert_eq!(display_sequence(&parse_sequence("g  g").unwrap()), "g g");
    }

    #[test]
    fn rejects_what_cannot_be_pressed_or_read() {
        for (s, why) in [
            ("", "empty"),
            ("   ", "empty"),
            ("ctrl-dd", "unknown key name `dd`"),
            ("foo", "unknown key name `foo`"),
            ("f13", "unknown key name"),
            ("f0", "unknown key name"),
            ("hyper-x", "not a modifier"),
            ("page-down", "not a modifier"),
            ("ctrl-ctrl-x", "twice"),
            ("shift-/", "`?` rather than"),
            ("shift-space", "shift-space"),
            ("ctrl-i", "tab"),
            ("ctrl-m", "enter"),
            ("ctrl-[", "esc"),
            ("ctrl-]", "ctrl-5"),
            ("ctrl-/", "ctrl-7"),
            ("g esc", "Esc cancels"),
            ("\u{1}", "not a printable key"),
        ] {
            let err = parse_sequence(s).expect_err(s);
            assert!(err.contains(why), "{s:?}: {err}");
        }
    }

    #[test]
    fn text_keys() {
        let press = |code, mods| KeyEvent::new_with_kind(code, mods, KeyEventKind::Press);
        assert!(is_text_key(&press(KeyCode::Char('j'), KeyModifiers::NONE)));
        assert!(is_text_key(&press(KeyCode::Char('J'), KeyModifiers::SHIFT)));
        assert!(is_text_key(&press(KeyCode::Char('中'), KeyModifiers::NONE)));
        assert!(is_text_key(&press(KeyCode::Char(' '), KeyModifiers::NONE)));
        assert!(!is_text_key(&press(
            KeyCode::Char('u'),
            KeyModifiers::CONTROL
        )));
        assert!(!is_text_key(&press(KeyCode::Char('x'), KeyModifiers::ALT)));
        assert!(!is_text_key(&press(KeyCode::Enter, KeyModifiers::NONE)));
        assert!(!is_text_key(&press(KeyCode::Tab, KeyModifiers::NONE)));
    }
}
