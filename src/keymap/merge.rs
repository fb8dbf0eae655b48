//! Laying the user's file over a preset key by key, and the checks that need both files:
//! prefix conflicts and modes left without a way out.

use super::Binding;
use super::action::{Action, Mode};
use super::error::KeymapError;
use super::file::{Entry, KeyFile};
use super::key::{Key, display_sequence};

/// A binding that survived the merge, with where it came from for messages.
#[derive(Clone, Copy)]
struct Placed<'a> {
    entry: &'a Entry,
    action: Action,
    file: &'a KeyFile,
    from_user: bool,
}

/// One mode's own table after the merge.
struct Table<'a> {
    /// User bindings first, then the preset's, each in file order: that order decides which key
    /// `key_for` shows, and a key the user chose should be the one the hints show.
    bound: Vec<Placed<'a>>,
    /// Keys explicitly set to `"none"`; they still hide `[global]` bindings of the same key.
    unbound: Vec<&'a [Key]>,
}

/// Builds each mode's effective table (own bindings plus inherited global ones), sorted by
/// action, and appends any conflicts to `errors`.
pub(super) fn build(
    preset: &KeyFile,
    user: Option<&KeyFile>,
    errors: &mut Vec<KeymapError>,
) -> Vec<Vec<Binding>> {
    let tables: Vec<Table> = Mode::ALL
        .iter()
        .map(|&mode| merge_mode(mode, preset, user))
        .collect();
    let effective: Vec<Vec<Placed>> = Mode::ALL
        .iter()
        .map(|&mode| {
            let mut table = effective(mode, &tables);
            report_prefix_conflicts(mode, &table, errors);
            // Stable: within one action the user's keys, then the mode's own, then inherited.
            table.sort_by_key(|p| p.action);
            table
        })
        .collect();
    report_missing_exits(&effective, preset, user, errors);
    effective
        .into_iter()
        .map(|table| {
            table
                .into_iter()
                .map(|p| Binding {
                    keys: p.entry.keys.clone(),
                    action: p.action,
                })
                .collect()
        })
        .collect()
}

fn merge_mode<'a>(mode: Mode, preset: &'a KeyFile, user: Option<&'a KeyFile>) -> Table<'a> {
    let in_mode = |file: &'a KeyFile| file.entries.iter().filter(move |e| e.mode == mode);
    let mut table = Table {
        bound: Vec::new(),
        unbound: Vec::new(),
    };
    let mut add = |entry: &'a Entry, file: &'a KeyFile, from_user: bool| match entry.action {
        Some(action) => table.bound.push(Placed {
            entry,
            action,
            file,
            from_user,
        }),
        None => table.unbound.push(&entry.keys),
    };
    if let Some(user) = user {
        in_mode(user).for_each(|e| add(e, user, true));
    }
    for entry in in_mode(preset) {
        let overridden = user.is_some_and(|u| in_mode(u).any(|e| e.keys == entry.keys));
        if !overridden {
            add(entry, preset, false);
        }
    }
    table
}

/// One key sequence being the start of the other (or equal).
fn is_related(a: &[Key], b: &[Key]) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// The bindings a mode answers to, unsorted: its own, then for navigation modes the `[global]`
/// ones whose exact key the mode doesn't mention (bound or `"none"`). Overriding a global key
/// in a mode is deliberate (`q` closes help); overlapping chords are left in, to be reported.
fn effective<'a>(mode: Mode, tables: &[Table<'a>]) -> Vec<Placed<'a>> {
    let own = &tables[mode.index()];
    let mut out = own.bound.clone();
    if mode.inherits_global() {
        let mentioned = |keys: &[Key]| {
            own.bound.iter().any(|p| p.entry.keys == keys) || own.unbound.contains(&keys)
        };
        out.extend(
            tables[Mode::Global.index()]
                .bound
                .iter()
                .filter(|g| !mentioned(&g.entry.keys)),
        );
    }
    out
}

/// Reports bindings where one key sequence starts another (`g` and `g g`): after the first keys
/// the keymap waits for more, so the shorter could never fire. Checked on what a mode answers
/// to, so a `[list] "g"` that would cut off the inherited global `g g` is caught too.
fn report_prefix_conflicts(mode: Mode, bound: &[Placed], errors: &mut Vec<KeymapError>) {
    // One error per line to change, listing everything it conflicts with: a stray `f` against
    // `f c`, `f r`, `f o`, `f s` is one mistake, not four.
    let mut groups: Vec<(&Placed, Vec<&Placed>)> = Vec::new();
    for short in bound {
        for long in bound {
            let (s, l) = (&short.entry.keys, &long.entry.keys);
            if l.len() <= s.len() || !l.starts_with(s) {
                continue;
            }
            // Two inherited bindings conflict in [global] already; say it once, there.
            if short.entry.mode != mode && long.entry.mode != mode {
                continue;
            }
            // Point at the line the user can change: theirs rather than the preset's, and of two
            // lines in one file the later, which is usually the newer.
            let (at, other) = match (short.from_user, long.from_user) {
                (true, false) => (short, long),
                (false, true) => (long, short),
                _ if short.entry.line > long.entry.line => (short, long),
                _ => (long, short),
            };
            match groups
                .iter_mut()
                .find(|(a, _)| std::ptr::eq(a.entry, at.entry))
            {
                Some((_, others)) => others.push(other),
                None => groups.push((at, vec![other])),
            }
        }
    }
    for (at, others) in groups {
        let mut involved: Vec<&Placed> = others;
        involved.push(at);
        involved.sort_by_key(|p| (p.entry.keys.len(), p.entry.line));
        let describe = |p: &Placed| {
            let mut whereabouts = Vec::new();
            if p.entry.mode != mode {
                whereabouts.push(format!("[{}]", p.entry.mode.name()));
            }
            if !std::ptr::eq(p.file, at.file) {
                whereabouts.push(p.file.name.clone());
            }
            if !std::ptr::eq(p.entry, at.entry) {
                whereabouts.push(format!("line {}", p.entry.line));
            }
            let whereabouts = if whereabouts.is_empty() {
                String::new()
            } else {
                format!(" ({})", whereabouts.join(", "))
            };
            format!(
                "\"{}\" = \"{}\"{whereabouts}",
                p.entry.spelling,
                p.action.name()
            )
        };
        let described: Vec<String> = involved.iter().map(|p| describe(p)).collect();
        let shortest = involved[0].entry;
        errors.push(KeymapError::new(
            &at.file.name,
            Some(at.entry.line),
            format!(
                "{} conflict in [{}]: after {} the keymap waits for another key, so \"{}\" \
                 alone could never fire; unbind one of them with = \"none\"",
                join_and(&described),
                mode.name(),
                display_sequence(&shortest.keys),
                shortest.spelling,
            ),
        ));
    }
}

/// `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The action that must stay reachable in a mode so the user can always get out of it.
fn exit_action(mode: Mode) -> Option<Action> {
    match mode {
        Mode::Global => None,
        _ if mode.inherits_global() => Some(Action::Quit),
        _ => Some(Action::Cancel),
    }
}

/// Reports modes whose way out the user's file removed (e.g. Esc unbound in `[confirm]` with
/// nothing else on `cancel`), pointing at the lines that removed it.
fn report_missing_exits(
    effective: &[Vec<Placed>],
    preset: &KeyFile,
    user: Option<&KeyFile>,
    errors: &mut Vec<KeymapError>,
) {
    // Modes that lost their exit for the same reason are reported together, so unbinding `q`
    // and `ctrl-c` in [global] is one error, not five.
    let mut groups: Vec<(Action, Vec<usize>, Vec<Mode>)> = Vec::new();
    for &mode in Mode::ALL {
        let Some(exit) = exit_action(mode) else {
            continue;
        };
        if effective[mode.index()].iter().any(|p| p.action == exit) {
            continue;
        }
        let consulted =
            |e: &Entry| e.mode == mode || (mode.inherits_global() && e.mode == Mode::Global);
        let preset_keys: Vec<&[Key]> = preset
            .entries
            .iter()
            .filter(|e| consulted(e) && e.action == Some(exit))
            .map(|e| e.keys.as_slice())
            .collect();
        let culprits: Vec<usize> = user
            .map(|u| {
                u.entries
                    .iter()
                    .filter(|e| consulted(e) && preset_keys.iter().any(|k| is_related(k, &e.keys)))
                    .map(|e| e.line)
                    .collect()
            })
            .unwrap_or_default();
        match groups
            .iter_mut()
            .find(|(a, lines, _)| *a == exit && *lines == culprits)
        {
            Some((_, _, modes)) => modes.push(mode),
            None => groups.push((exit, culprits, vec![mode])),
        }
    }
    for (exit, culprits, modes) in groups {
        let modes: Vec<_> = modes.iter().map(|m| format!("[{}]", m.name())).collect();
        let modes = modes.join(", ");
        let error = match (user, culprits.last()) {
            (Some(user), Some(&last)) => {
                let others: Vec<_> = culprits[..culprits.len() - 1]
                    .iter()
                    .map(usize::to_string)
                    .collect();
                let also = match others.len() {
                    0 => String::new(),
                    1 => format!(" (with line {})", others[0]),
                    _ => format!(" (with lines {})", others.join(", ")),
                };
                KeymapError::new(
                    &user.name,
                    Some(last),
                    format!(
                        "this line{also} leaves no key for \"{}\" in {modes}, so there would be \
                         no way out; keep a key bound to {}",
                        exit.name(),
                        exit.name()
                    ),
                )
            }
            _ => KeymapError::new(
                &preset.name,
                None,
                format!("no key for \"{}\" in {modes}", exit.name()),
            ),
        };
        errors.push(error);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::Keymap;

    #[test]
    fn join_and_reads_as_prose() {
        let items = |n: usize| (1..=n).map(|i| i.to_string()).collect::<Vec<_>>();
        assert_eq!(join_and(&items(1)), "1");
        assert_eq!(join_and(&items(2)), "1 and 2");
        assert_eq!(join_and(&items(3)), "1, 2 and 3");
    }

    #[test]
    fn user_keys_come_first_then_own_then_inherited() {
        let km = Keymap::load(
            "default",
            Some(("t.toml", "[help]\n\"ctrl-w\" = \"back\"\n")),
        )
        .unwrap();
        let back: Vec<String> = km
            .bindings(Mode::Help)
            .into_iter()
            .filter(|(_, a)| *a == Action::Back)
            .map(|(k, _)| k)
            .collect();
        // User's, then [help]'s own in file order, then inherited from [global].
        assert_eq!(back, ["Ctrl-w", "q", "?", "F1", "Esc", "Backspace"]);
    }

    #[test]
    fn none_hides_only_the_exact_global_key() {
        let km = Keymap::load("default", Some(("t.toml", "[list]\n\"g\" = \"none\"\n"))).unwrap();
        // `g` alone was never bound; the inherited `g g` is untouched.
        assert!(
            km.bindings(Mode::List)
                .contains(&("g g".to_owned(), Action::Top))
        );
    }
}
