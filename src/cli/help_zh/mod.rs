//! `jidi --help` in Chinese. clap writes help from the English doc comments of `args.rs`; for a
//! Chinese session the same command tree is rewritten from the tables of `texts.rs` before it
//! parses, so every command's about, every argument's help, the headings and clap's own `--help`,
//! `--version` and `help` read Chinese. Names, flags, value placeholders and exit codes are the
//! tree's own and stay as they are. A test walks the tree: every command and argument needs an
//! entry in `texts.rs`, and an entry for something that no longer exists fails too.

use super::args::Cli;
use crate::domain::text::Lang;
use clap::{Arg, Command, CommandFactory};
use texts::{ABOUT, ARGS, EXIT_CODES};

mod texts;

/// The command line as `lang` reads it: clap's English tree, or the same tree in Chinese.
pub fn command(lang: Lang) -> Command {
    match lang {
        Lang::En => Cli::command(),
        Lang::Zh => chinese(Cli::command()),
    }
}

fn chinese(cmd: Command) -> Command {
    let mut cmd = translate(cmd, "").after_help(EXIT_CODES);
    // clap adds `-h`, `-V` and the `help` subcommand (in English) when it builds the tree, so they
    // can be rewritten only after that.
    cmd.build();
    builtins(cmd)
}

fn about(path: &str) -> Option<&'static str> {
    ABOUT
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, text)| *text)
}

fn arg_help(path: &str, id: &str) -> Option<&'static str> {
    let entry = |path: &str| {
        ARGS.iter()
            .find(|(p, i, _)| *p == path && *i == id)
            .map(|(_, _, text)| *text)
    };
    entry(path).or_else(|| entry("*"))
}

fn child_path(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent} {name}")
    }
}

/// Rewrites `cmd` (at `path`) and its subcommands from the tables.
fn translate(cmd: Command, path: &str) -> Command {
    let mut cmd = match about(path).map(paragraphs) {
        Some((short, long)) => cmd.about(short).long_about(long),
        None => cmd,
    };
    cmd = cmd.mut_args(|arg| {
        let help = arg_help(path, arg.get_id().as_str()).map(paragraphs);
        let arg = match help {
            Some((short, long)) => arg.help(short).long_help(long),
            None => arg,
        };
        with_values_in_chinese(arg)
    });
    cmd.mut_subcommands(|sub| {
        let path = child_path(path, sub.get_name());
        translate(sub, &path)
    })
}

/// A text as clap's derive reads a doc comment: the first paragraph is the summary (`-h`), the
/// whole text, when there is more than one, the long help (`--help`).
fn paragraphs(text: &'static str) -> (&'static str, Option<&'static str>) {
    match text.split_once("\n\n") {
        Some((first, _)) => (first, Some(text)),
        None => (text, None),
    }
}

/// clap writes `[default: …]` and `[possible values: …]` after the help; here they are written in
/// Chinese instead, with the same values.
fn with_values_in_chinese(arg: Arg) -> Arg {
    let mut notes = Vec::new();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && arg.get_action().takes_values() {
        notes.push(format!("[默认：{}]", defaults.join("、")));
    }
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !values.is_empty() && arg.get_action().takes_values() {
        notes.push(format!("[可选：{}]", values.join("、")));
    }
    if notes.is_empty() {
        return arg;
    }
    let notes = notes.join(" ");
    let help = match arg.get_help() {
        Some(help) => format!("{help} {notes}"),
        None => notes.clone(),
    };
    let long = arg.get_long_help().map(|long| format!("{long}\n\n{notes}"));
    let arg = match long {
        Some(long) => arg.long_help(long),
        None => arg,
    };
    arg.help(help)
        .hide_default_value(true)
        .hide_possible_values(true)
}

/// clap's own parts, added at build: `-h`, `-V`, the `help` subcommand and the headings.
fn builtins(cmd: Command) -> Command {
    let template = template(&cmd);
    let cmd = cmd
        .help_template(template)
        .mut_args(|arg| match arg.get_id().as_str() {
            "help" if arg.get_long_help().is_some() => arg
                .help("显示帮助（用 '--help' 看详细说明）")
                .long_help("显示帮助（用 '-h' 只看摘要）"),
            "help" => arg.help("显示帮助"),
            "version" => arg.help("显示版本"),
            _ => arg,
        });
    cmd.mut_subcommands(|sub| {
        let sub = if sub.get_name() == "help" {
            sub.about("显示本帮助，或给定子命令的帮助")
        } else {
            sub
        };
        builtins(sub)
    })
}

/// clap's layout with Chinese headings (its `Usage:`, `Commands:`, `Arguments:` and `Options:`
/// are fixed English words), listing only the sections the command has.
fn template(cmd: &Command) -> String {
    let mut template = String::from("{before-help}{about-with-newline}\n用法：{usage}");
    if cmd.get_subcommands().any(|sub| !sub.is_hide_set()) {
        template.push_str("\n\n命令：\n{subcommands}");
    }
    if cmd.get_positionals().any(|arg| !arg.is_hide_set()) {
        template.push_str("\n\n参数：\n{positionals}");
    }
    if cmd
        .get_arguments()
        .any(|arg| !arg.is_positional() && !arg.is_hide_set())
    {
        template.push_str("\n\n选项：\n{options}");
    }
    template.push_str("{after-help}");
    template
}

#[cfg(test)]
mod tests {
    use super::*;

    type Entry = (String, Option<String>, bool);

    /// Every command and argument of the English tree, as (path, arg id or `None` for the command,
    /// whether the English has a long help besides the summary).
    fn tree(cmd: &Command, path: &str, into: &mut Vec<Entry>) {
        into.push((path.to_string(), None, cmd.get_long_about().is_some()));
        for arg in cmd.get_arguments() {
            let id = Some(arg.get_id().to_string());
            into.push((path.to_string(), id, arg.get_long_help().is_some()));
        }
        for sub in cmd.get_subcommands() {
            tree(sub, &child_path(path, sub.get_name()), into);
        }
    }

    #[test]
    fn every_command_and_argument_has_chinese_help_and_no_entry_is_stale() {
        let mut entries = Vec::new();
        tree(&Cli::command(), "", &mut entries);
        let missing: Vec<String> = entries
            .iter()
            .filter(|(path, id, long)| {
                let text = match id {
                    None => about(path),
                    Some(id) => arg_help(path, id),
                };
                // A long English help needs a long Chinese one, else `--help` would say less.
                text.is_none_or(|text| *long && paragraphs(text).1.is_none())
            })
            .map(|(path, id, _)| format!("{path:?} {}", id.as_deref().unwrap_or("(about)")))
            .collect();
        assert!(missing.is_empty(), "no Chinese help for: {missing:?}");

        // A `"*"` entry is stale when every command with that argument has an entry of its own.
        let used = |path: &str, id: &str| {
            entries.iter().any(|(p, i, _)| {
                i.as_deref() == Some(id)
                    && (p == path
                        || path == "*" && !ARGS.iter().any(|(q, j, _)| q == p && *j == id))
            })
        };
        let stale: Vec<String> = ABOUT
            .iter()
            .filter(|(path, _)| !entries.iter().any(|(p, i, _)| p == path && i.is_none()))
            .map(|(path, _)| format!("{path:?}"))
            .chain(
                ARGS.iter()
                    .filter(|(path, id, _)| !used(path, id))
                    .map(|(path, id, _)| format!("{path:?} {id}")),
            )
            .collect();
        assert!(stale.is_empty(), "entries for nothing: {stale:?}");

        let keys: Vec<(&str, &str)> = ABOUT
            .iter()
            .map(|(path, _)| (*path, ""))
            .chain(ARGS.iter().map(|(path, id, _)| (*path, *id)))
            .collect();
        let twice: Vec<_> = keys
            .iter()
            .enumerate()
            .filter(|(n, key)| keys[..*n].contains(key))
            .collect();
        assert!(twice.is_empty(), "entries given twice: {twice:?}");
        let chinese = |text: &str| text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let english: Vec<&str> = ABOUT
            .iter()
            .map(|(_, text)| *text)
            .chain(ARGS.iter().map(|(_, _, text)| *text))
            .filter(|text| !chinese(text))
            .collect();
        assert!(english.is_empty(), "not in Chinese: {english:?}");
    }
}
