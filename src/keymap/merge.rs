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
            let at = match (short.from_user, long.from_user) {
                (true, false) => short,
                (false, true) => long,
                _ if short.entry.line > long.entry.line => short,
                _ => long,
            };
            let describe = |p: &Placed| {
                let table = if p.entry.mode == mode {
                    String::new()
                } else {
                    format!("[{}], ", p.entry.mode.name())
                };
                let location = if std::ptr::eq(p.entry, at.entry) {
                    String::new()
                } else if std::ptr::eq(p.file, at.file) {
                    format!(" ({table}line {})", p.entry.line)
                } else {
                    format!(" ({table}{}, line {})", p.file.name, p.entry.line)
                };
                format!(
                    "\"{}\" = \"{}\"{location}",
                    p.entry.spelling,
                    p.action.name()
                )
            };
            errors.push(KeymapError::new(
                &at.file.name,
                Some(at.entry.line),
                format!(
                    "{} and {} conflict in [{}]: after {} the keymap waits for another key, so \
                     \"{}\" alone could never fire; unbind one of them with = \"none\"",
                    describe(short),
                    describe(long),
                    mode.name(),
                    display_sequence(s),
                    short.entry.spelling,
                ),
            ));
        }
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
