//! Errors in key files, located by file and line.

use std::fmt;

/// One problem in a key file. `Keymap::load` returns every one it finds, so a user fixes their
/// file in one pass instead of one error per restart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    /// The user file's name as given to `Keymap::load`, or `keymaps/<preset>.toml` for a preset.
    pub file: String,
    /// 1-based line; `None` when the problem is not on any one line (an unknown preset name).
    pub line: Option<usize>,
    pub message: String,
}

impl KeymapError {
    pub(crate) fn new(file: &str, line: Option<usize>, message: String) -> KeymapError {
        KeymapError {
            file: file.to_owned(),
            line,
            message,
        }
    }
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for KeymapError {}

/// Byte offset → 1-based line number, for TOML spans.
pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub(crate) fn new(text: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { starts }
    }

    pub(crate) fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }
}

/// The candidate closest to a misspelt name, if any is close enough to be a likely typo.
pub(crate) fn suggest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // `move_down` and `Move Down` are near misses too, not unrelated words.
    let word: String = word
        .trim()
        .chars()
        .map(|c| match c {
            '_' | ' ' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (crate::domain::names::edit_distance(&word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_one_based() {
        let lines = Lines::new("a\nbc\n\nd");
        assert_eq!(lines.line(0), 1);
        assert_eq!(lines.line(1), 1);
        assert_eq!(lines.line(2), 2);
        assert_eq!(lines.line(5), 3);
        assert_eq!(lines.line(6), 4);
    }

    #[test]
    fn suggestions() {
        let names = ["move-down", "move-up", "top", "list"];
        assert_eq!(suggest("move_down", names), Some("move-down"));
        assert_eq!(suggest("movedown", names), Some("move-down"));
        assert_eq!(suggest("lsit", names), Some("list"));
        assert_eq!(suggest("frobnicate", names), None);
    }

    #[test]
    fn display_includes_file_and_line() {
        let e = KeymapError::new("keys.toml", Some(3), "bad".into());
        assert_eq!(e.to_string(), "keys.toml:3: bad");
        let e = KeymapError::new("emacs", None, "unknown preset".into());
        assert_eq!(e.to_string(), "emacs: unknown preset");
    }
}
