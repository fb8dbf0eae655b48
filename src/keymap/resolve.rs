//! Turning key events into actions, including multi-key chords such as `g g`.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::Keymap;
use super::action::{Action, Mode};
use super::key::{Key, display_sequence};

/// Keys typed so far of an unfinished chord. It lives outside the immutable [`Keymap`] so one
/// keymap can serve any number of sessions and tests.
#[derive(Debug, Clone, Default)]
pub struct Chord {
    /// The mode the chord was started in; a chord never continues across a mode change.
    mode: Option<Mode>,
    keys: Vec<Key>,
}

impl Chord {
    pub fn is_pending(&self) -> bool {
        !self.keys.is_empty()
    }

    /// Drops the keys typed so far, e.g. when the console changes mode for another reason.
    pub fn clear(&mut self) {
        self.mode = None;
        self.keys.clear();
    }

    /// The keys typed so far (`g`), for the status bar while a chord is pending.
    pub fn display(&self) -> String {
        display_sequence(&self.keys)
    }
}

/// What a key event means in a mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Matched(Action),
    /// The key starts or continues a chord. Holds the possible continuations, as (the keys still
    /// to type, action), for a which-key popup.
    Pending(Vec<(String, Action)>),
    /// Nothing is bound; any pending chord is dropped. In `form`/`input` the caller may give
    /// such keys (Backspace, arrows) to the text field.
    NotFound,
    /// Esc while a chord was pending: the chord is dropped and Esc does nothing else.
    Cancelled,
    /// Not a key press (a release, or a lone modifier or lock key under the kitty keyboard
    /// protocol): nothing changed, and a pending chord is still pending.
    Ignored,
}

impl Keymap {
    /// Resolves one key event in `mode`, updating `chord`.
    ///
    /// The mode's own bindings are tried first, then `[global]` for navigation modes
    /// ([`Mode::inherits_global`]); dialog modes see only their own table. In `form` and
    /// `input` the caller must give text keys ([`is_text_key`](super::is_text_key)) to the field
    /// first; only the rest belong here.
    pub fn resolve(&self, chord: &mut Chord, mode: Mode, event: KeyEvent) -> Resolution {
        if event.kind == KeyEventKind::Release
            || matches!(
                event.code,
                KeyCode::Modifier(_) | KeyCode::CapsLock | KeyCode::NumLock | KeyCode::ScrollLock
            )
        {
            return Resolution::Ignored;
        }
        if chord.mode != Some(mode) {
            chord.clear();
        }
        let key = Key::from_event(&event);
        if chord.is_pending() && key.is_plain_esc() {
            chord.clear();
            return Resolution::Cancelled;
        }

        let mut typed = std::mem::take(&mut chord.keys);
        typed.push(key);
        let table = &self.tables[mode.index()];
        if let Some(binding) = table.iter().find(|b| b.keys == typed) {
            // Merge rejected prefix conflicts, so an exact match has no longer continuations.
            chord.clear();
            return Resolution::Matched(binding.action);
        }
        let continuations: Vec<(String, Action)> = table
            .iter()
            .filter(|b| b.keys.len() > typed.len() && b.keys.starts_with(&typed))
            .map(|b| (display_sequence(&b.keys[typed.len()..]), b.action))
            .collect();
        if continuations.is_empty() {
            chord.clear();
            return Resolution::NotFound;
        }
        chord.mode = Some(mode);
        chord.keys = typed;
        Resolution::Pending(continuations)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn keymap(user: &str) -> Keymap {
        Keymap::load("default", Some(("t.toml", user))).unwrap()
    }

    fn press(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn release_is_ignored_and_keeps_the_chord() {
        let km = keymap("");
        let mut chord = Chord::default();
        assert!(matches!(
            km.resolve(&mut chord, Mode::List, press('g')),
            Resolution::Pending(_)
        ));
        let release = KeyEvent::new_with_kind(
            KeyCode::Char('g'),
            KeyModifiers::NONE,
            KeyEventKind::Release,
        );
        assert_eq!(
            km.resolve(&mut chord, Mode::List, release),
            Resolution::Ignored
        );
        let shift = KeyEvent::new(
            KeyCode::Modifier(crossterm::event::ModifierKeyCode::LeftShift),
            KeyModifiers::SHIFT,
        );
        assert_eq!(
            km.resolve(&mut chord, Mode::List, shift),
            Resolution::Ignored
        );
        assert_eq!(chord.display(), "g");
        assert_eq!(
            km.resolve(&mut chord, Mode::List, press('g')),
            Resolution::Matched(Action::Top)
        );
    }

    #[test]
    fn repeat_counts_as_a_press() {
        let km = keymap("");
        let mut chord = Chord::default();
        let repeat =
            KeyEvent::new_with_kind(KeyCode::Char('j'), KeyModifiers::NONE, KeyEventKind::Repeat);
        assert_eq!(
            km.resolve(&mut chord, Mode::List, repeat),
            Resolution::Matched(Action::MoveDown)
        );
    }

    #[test]
    fn wrong_second_key_drops_the_chord() {
        let km = keymap("");
        let mut chord = Chord::default();
        km.resolve(&mut chord, Mode::List, press('g'));
        assert_eq!(
            km.resolve(&mut chord, Mode::List, press('z')),
            Resolution::NotFound
        );
        assert!(!chord.is_pending());
        // The next key starts afresh.
        assert_eq!(
            km.resolve(&mut chord, Mode::List, press('j')),
            Resolution::Matched(Action::MoveDown)
        );
    }

    #[test]
    fn a_mode_change_drops_the_chord() {
        let km = keymap("");
        let mut chord = Chord::default();
        km.resolve(&mut chord, Mode::List, press('g'));
        // A dialog opened in between: its `g`… is not the list's `g g`.
        assert_eq!(
            km.resolve(&mut chord, Mode::Confirm, press('g')),
            Resolution::NotFound
        );
        assert!(!chord.is_pending());
    }

    #[test]
    fn shifted_keys_match_however_reported() {
        let km = keymap("");
        let mut chord = Chord::default();
        for event in [
            KeyEvent::new(KeyCode::Char('G'), KeyModifiers::NONE),
            KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT),
            KeyEvent::new(KeyCode::Char('g'), KeyModifiers::SHIFT),
        ] {
            assert_eq!(
                km.resolve(&mut chord, Mode::List, event),
                Resolution::Matched(Action::Bottom)
            );
        }
        let backtab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            km.resolve(&mut chord, Mode::Confirm, backtab),
            Resolution::Matched(Action::FocusPrev)
        );
    }
}
