//! Reading one key file (a preset or the user's) into checked entries with their lines.
//!
//! Everything that can be judged from one file alone is judged here: TOML syntax, mode and action
//! names, key syntax, keys a text field would swallow, and one key written twice. Conflicts
//! that need both files (prefixes, lost escape keys) are judged in `merge`.

use toml::de::{DeTable, DeValue};

use super::action::{Action, Mode};
use super::error::{KeymapError, Lines, suggest};
use super::key::{Key, display_sequence, parse_sequence};

/// One `key = action` line. `action` is `None` for `"none"`, which unbinds the key.
pub(crate) struct Entry {
    pub(crate) mode: Mode,
    pub(crate) keys: Vec<Key>,
    pub(crate) action: Option<Action>,
    pub(crate) line: usize,
    /// The key as written, so messages quote the user's own spelling.
    pub(crate) spelling: String,
}

impl Entry {
    pub(crate) fn action_name(&self) -> &'static str {
        self.action.map_or("none", Action::name)
    }
}

pub(crate) struct KeyFile {
    pub(crate) name: String,
    pub(crate) entries: Vec<Entry>,
}

/// The text of the user's key file at `path`: `None` when there is none; a message (for a
/// [`KeymapError`] naming the file) when something is there that is not a readable UTF-8 file.
pub(crate) fn read(path: &std::path::Path) -> Result<Option<String>, String> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(_) if path.is_dir() => {
            return Err("is a directory, not a key file: remove it, or put the bindings in a file of that name".into());
        }
        Err(e) => return Err(format!("cannot be read ({e})")),
    };
    String::from_utf8(bytes).map(Some).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = at_line(&e.as_bytes()[..at]);
        format!("is not UTF-8 text (line {line}, byte {at}): save it as UTF-8")
    })
}

/// The 1-based line a byte offset is on.
fn at_line(before: &[u8]) -> usize {
    before.iter().filter(|b| **b == b'\n').count() + 1
}

/// Parses a key file, appending its problems to `errors`. Entries with problems are left out;
/// the caller refuses to build a keymap while `errors` is non-empty anyway.
pub(crate) fn parse(name: &str, text: &str, errors: &mut Vec<KeymapError>) -> KeyFile {
    let mut file = KeyFile {
        name: name.to_owned(),
        entries: Vec::new(),
    };
    let lines = Lines::new(text);
    let (doc, syntax_errors) = DeTable::parse_recoverable(text);
    if !syntax_errors.is_empty() {
        // The recovered document is a guess (a broken line reads as an empty value); checking it
        // would add errors about things the user never wrote.
        for e in syntax_errors {
            let line = e.span().map(|span| lines.line(span.start));
            errors.push(KeymapError::new(
                name,
                line,
                format!("TOML syntax: {}", e.message()),
            ));
        }
        return file;
    }

    // Without toml's `preserve_order` the tables come sorted by name; file order makes errors
    // read top to bottom and gives "first key for an action" its meaning.
    let mut tables: Vec<_> = doc.get_ref().iter().collect();
    tables.sort_by_key(|(k, _)| k.span().start);
    for (mode_name, value) in tables {
        let line = lines.line(mode_name.span().start);
        let Some(table) = value.get_ref().as_table() else {
            errors.push(KeymapError::new(
                name,
                Some(line),
                format!(
                    "`{}` is outside any mode table: bindings go in a table such as [list]",
                    mode_name.get_ref()
                ),
            ));
            continue;
        };
        let Some(mode) = Mode::from_name(mode_name.get_ref()) else {
            let hint = suggest(mode_name.get_ref(), Mode::ALL.iter().map(|m| m.name()))
                .map(|m| format!("did you mean [{m}]? "))
                .unwrap_or_default();
            let all: Vec<_> = Mode::ALL.iter().map(|m| m.name()).collect();
            errors.push(KeymapError::new(
                name,
                Some(line),
                format!(
                    "unknown mode [{}]; {hint}modes are {}",
                    mode_name.get_ref(),
                    all.join(", ")
                ),
            ));
            continue;
        };
        parse_table(&mut file, mode, table, &lines, errors);
    }
    file
}

fn parse_table(
    file: &mut KeyFile,
    mode: Mode,
    table: &DeTable<'_>,
    lines: &Lines,
    errors: &mut Vec<KeymapError>,
) {
    let first_in_mode = file.entries.len();
    let mut bindings: Vec<_> = table.iter().collect();
    bindings.sort_by_key(|(k, _)| k.span().start);
    for (key, value) in bindings {
        let spelling = key.get_ref().to_string();
        let line = lines.line(key.span().start);
        let mut fail = |message: String| {
            errors.push(KeymapError::new(&file.name, Some(line), message));
        };
        let mode_name = mode.name();

        let action = match value.get_ref() {
            DeValue::String(s) if s == "none" => None,
            DeValue::String(s) => match Action::from_name(s) {
                Some(action) => Some(action),
                None => {
                    let hint = suggest(s, Action::ALL.iter().map(|a| a.name()))
                        .map(|a| format!(" (did you mean \"{a}\"?)"))
                        .unwrap_or_default();
                    fail(format!(
                        "unknown action \"{s}\" for \"{spelling}\" in [{mode_name}]{hint}"
                    ));
                    continue;
                }
            },
            other => {
                fail(format!(
                    "\"{spelling}\" in [{mode_name}]: expected an action name in quotes, \
                     such as \"move-down\" or \"none\", found a TOML {}",
                    other.type_str()
                ));
                continue;
            }
        };
        let keys = match parse_sequence(&spelling) {
            Ok(keys) => keys,
            Err(why) => {
                fail(format!(
                    "can't read key \"{spelling}\" in [{mode_name}]: {why}"
                ));
                continue;
            }
        };
        if mode.takes_text() && keys.iter().any(|k| k.is_text()) {
            fail(format!(
                "\"{spelling}\" in [{mode_name}]: printable keys go to the text field before the \
                 keymap sees them, so this binding could never fire; use ctrl-, alt- or a named \
                 key such as tab"
            ));
            continue;
        }
        if let Some(earlier) = file.entries[first_in_mode..]
            .iter()
            .find(|e| e.keys == keys)
        {
            fail(format!(
                "\"{spelling}\" = \"{}\" is the same key ({}) as \"{}\" = \"{}\" on line {} in \
                 [{mode_name}]; keep one",
                action.map_or("none", Action::name),
                display_sequence(&keys),
                earlier.spelling,
                earlier.action_name(),
                earlier.line,
            ));
            continue;
        }
        file.entries.push(Entry {
            mode,
            keys,
            action,
            line,
            spelling,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> KeyFile {
        let mut errors = Vec::new();
        let file = parse("t.toml", text, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        file
    }

    fn parse_err(text: &str) -> Vec<String> {
        let mut errors = Vec::new();
        parse("t.toml", text, &mut errors);
        assert!(!errors.is_empty());
        errors.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn entries_keep_file_order_and_lines() {
        let file = parse_ok(
            "[list]\n\"k\" = \"move-up\"\n\"j\" = \"move-down\"\n\n[global]\nq = \"none\"\n",
        );
        let got: Vec<_> = file
            .entries
            .iter()
            .map(|e| (e.mode, e.spelling.as_str(), e.action_name(), e.line))
            .collect();
        assert_eq!(
            got,
            [
                (Mode::List, "k", "move-up", 2),
                (Mode::List, "j", "move-down", 3),
                (Mode::Global, "q", "none", 6),
            ]
        );
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let errors = parse_err(
            "[list]\n\"j\" = \"move_down\"\n\"ctrl-dd\" = \"top\"\n\"x\" = 3\n[lsit]\n\"k\" = \"top\"\n",
        );
        assert_eq!(errors.len(), 4, "{errors:#?}");
        assert!(errors[0].starts_with("t.toml:2: unknown action \"move_down\""));
        assert!(errors[0].contains("did you mean \"move-down\""));
        assert!(errors[1].starts_with("t.toml:3: can't read key \"ctrl-dd\""));
        assert!(errors[2].starts_with("t.toml:4:") && errors[2].contains("found a TOML integer"));
        assert!(errors[3].starts_with("t.toml:5: unknown mode [lsit]; did you mean [list]?"));
    }

    #[test]
    fn syntax_errors_are_reported_alone() {
        let errors = parse_err("[list]\n\"j\" = \"move-down\n\"k\" = \"nonsense\"\n");
        assert!(
            errors.iter().all(|e| e.contains("TOML syntax")),
            "{errors:#?}"
        );
        assert!(errors[0].starts_with("t.toml:2:"));
    }

    #[test]
    fn bindings_at_top_level_are_refused() {
        let errors = parse_err("q = \"quit\"\n");
        assert_eq!(
            errors,
            ["t.toml:1: `q` is outside any mode table: bindings go in a table such as [list]"]
        );
    }

    #[test]
    fn text_modes_refuse_printable_keys() {
        let errors = parse_err("[input]\n\"j\" = \"history-next\"\n\"ctrl-x j\" = \"complete\"\n");
        assert_eq!(errors.len(), 2);
        assert!(errors[0].contains("printable keys go to the text field"));
        parse_ok("[input]\n\"ctrl-n\" = \"history-next\"\n\"tab\" = \"complete\"\n");
    }

    #[test]
    fn same_key_spelt_twice() {
        let errors =
            parse_err("[list]\n\"ctrl-d\" = \"half-page-down\"\n\"C-D\" = \"page-down\"\n");
        assert_eq!(
            errors,
            [
                "t.toml:3: \"C-D\" = \"page-down\" is the same key (Ctrl-d) as \"ctrl-d\" = \
              \"half-page-down\" on line 2 in [list]; keep one"
            ]
        );
        // The same key in two modes is not a duplicate.
        parse_ok("[list]\n\"y\" = \"copy-id\"\n[confirm]\n\"y\" = \"confirm\"\n");
    }
}
