use clap::FromArgMatches;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // The language is settled before parsing: help and usage errors are written in it.
    let configured = jidi::config::configured_lang(&jidi::config::ConfigPaths::from_env());
    let lang = jidi::cli::usage::lang_of(&args, configured);
    let mut cmd = jidi::cli::help_zh::command(lang);
    let parsed = cmd.try_get_matches_from_mut(&args).and_then(|matches| {
        // As `Parser::try_parse_from` does: such an error gets the usage of the same tree.
        jidi::cli::args::Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd))
    });
    match parsed {
        Ok(cli) => ExitCode::from(jidi::cli::main_with(cli)),
        Err(e) => ExitCode::from(jidi::cli::usage::report(e, lang)),
    }
}
