//! Key bindings: presets embedded from `keymaps/`, user overrides merged key by key.
//!
//! Keys flow one way: `KeyEvent → Keymap::resolve(mode, key) → Action`. Help and status-bar
//! hints are built from the same map ([`Keymap::bindings`], [`Keymap::key_for`]), so they can't
//! drift from the keys that work.
//!
//! # Key files
//! One table per [`Mode`], key → [action name](Action::name), or `"none"` to unbind:
//! ```toml
//! [global]
//! "q" = "quit"
//! "f1" = "help"
//! [list]
//! "g g" = "top"
//! "x" = "none"
//! ```
//! A user file has the same format and changes only the keys it names; everything else keeps
//! the preset's binding. A `"none"` in a navigation mode also hides a `[global]` binding of that
//! key in that mode.
//!
//! Keys: a single character is itself (`j`, `G` = Shift+g, `?`, `/`, `:`); names are `space`,
//! `enter`, `esc`, `tab`, `backtab` (or `shift-tab`), `backspace`, `delete`, `insert`, `up`,
//! `down`, `left`, `right`, `pageup`/`pgup`, `pagedown`/`pgdn`, `home`, `end`, `f1`…`f12`;
//! modifiers `ctrl-` (`c-`), `alt-` (`a-`, `m-`, `meta-`), `shift-` (`s-`), `-` or `+` after each.
//! Names and modifiers are case-insensitive, and `ctrl-D` is `ctrl-d` because terminals send the
//! same byte for both. Chords are keys separated by spaces (`"g g"`); Esc during a chord cancels
//! it, so Esc can only be bound alone.
//!
//! # Modes
//! Lookup tries the mode's own table, then `[global]` — for the navigation modes (`list detail
//! triage dashboard help`) only. Dialog modes (`confirm pick menu form input`) never fall
//! through: a `y` in a confirmation must never become `copy-id`. A navigation mode's binding
//! replaces a `[global]` binding of the same key (`q` closes help instead of quitting); one that
//! overlaps a global chord (`[list] "g"` against `[global] "g g"`) is a prefix conflict.
//!
//! In `form` and `input`, printable characters go to the text field *before* the keymap: the
//! caller checks [`is_text_key`] and only passes the rest to [`Keymap::resolve`]. Those modes
//! may therefore bind only non-text keys, and the presets leave Backspace, Delete and the
//! arrows the field needs unbound (they resolve to [`Resolution::NotFound`]).
//!
//! # Errors
//! Problems are reported, never papered over with a default: [`Keymap::load`] returns every
//! [`KeymapError`] it finds (file, line, message) — TOML syntax, unknown mode or action, a key
//! it can't read, one key written twice in a mode (`ctrl-d` and `C-d`), a key that is a prefix of
//! another chord a mode answers to (`g` with `g g`), and a mode left with no way out (no
//! `cancel` in a dialog, no `quit` in a navigation mode).

mod action;
mod error;
mod file;
mod key;
mod merge;
mod preset;
mod resolve;

pub use action::{Action, Mode};
pub use error::KeymapError;
pub use key::is_text_key;
pub use resolve::{Chord, Resolution};

use key::{Key, display_sequence};
use std::path::Path;

/// The active bindings of every mode, immutable after loading. Chord state is kept in a
/// [`Chord`] by the caller.
#[derive(Debug, Clone)]
pub struct Keymap {
    /// Indexed by [`Mode::index`]: the mode's effective bindings (own, then inherited from
    /// `[global]` where it applies), sorted by action and, within one action, by preference.
    tables: Vec<Vec<Binding>>,
}

#[derive(Debug, Clone)]
struct Binding {
    keys: Vec<Key>,
    action: Action,
}

impl Keymap {
    /// Loads a preset (see [`Keymap::preset_names`]) with an optional user file, given as
    /// (file name for messages, text). Any problem in either refuses the whole keymap: half a
    /// user file applied is worse than a clear message.
    pub fn load(preset: &str, user: Option<(&str, &str)>) -> Result<Keymap, Vec<KeymapError>> {
        let mut errors = Vec::new();
        let preset_file_name = preset::file_name(preset);
        let preset_file = match preset::text(preset) {
            Some(text) => Some(file::parse(&preset_file_name, text, &mut errors)),
            None => {
                errors.push(KeymapError::new(
                    preset,
                    None,
                    format!(
                        "unknown keymap preset \"{preset}\"; presets are {}",
                        preset::NAMES.join(", ")
                    ),
                ));
                None
            }
        };
        // Parsed even when the preset name is wrong, so its own errors come out in the same run.
        let user_file = user.map(|(name, text)| file::parse(name, text, &mut errors));
        let tables = preset_file.map(|p| merge::build(&p, user_file.as_ref(), &mut errors));
        match tables {
            Some(tables) if errors.is_empty() => Ok(Keymap { tables }),
            _ => {
                // Preset problems first, then the user file's, each top to bottom.
                errors.sort_by_key(|e| (e.file != preset_file_name, e.line));
                Err(errors)
            }
        }
    }

    /// [`Keymap::load`] with the user's file read from `path`. No file there means the preset
    /// alone; a file that is there but cannot be used (a directory, not UTF-8, unreadable) is an
    /// error naming it, like any other bad key file, never silently skipped.
    pub fn load_file(preset: &str, path: Option<&Path>) -> Result<Keymap, Vec<KeymapError>> {
        let Some(path) = path else {
            return Keymap::load(preset, None);
        };
        let name = path.display().to_string();
        match file::read(path) {
            Ok(None) => Keymap::load(preset, None),
            Ok(Some(text)) => Keymap::load(preset, Some((&name, &text))),
            Err(message) => Err(vec![KeymapError::new(&name, None, message)]),
        }
    }

    pub fn preset_names() -> &'static [&'static str] {
        preset::NAMES
    }

    /// Bindings of a mode as shown in help: (key display such as `Ctrl-d` or `g g`, action),
    /// including inherited global ones, in [`Action::ALL`] order.
    pub fn bindings(&self, mode: Mode) -> Vec<(String, Action)> {
        self.tables[mode.index()]
            .iter()
            .map(|b| (display_sequence(&b.keys), b.action))
            .collect()
    }

    /// The preferred key for an action in a mode, for status-bar hints ("e 标记  / 搜索"): a
    /// key from the user's file before the preset's, a mode's own before an inherited one, and
    /// otherwise the first in the file.
    pub fn key_for(&self, mode: Mode, action: Action) -> Option<String> {
        self.tables[mode.index()]
            .iter()
            .find(|b| b.action == action)
            .map(|b| display_sequence(&b.keys))
    }
}
