use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match jidi::cli::args::Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            let configured = jidi::config::configured_lang(&jidi::config::ConfigPaths::from_env());
            let lang = jidi::cli::usage::lang_of(&args, configured);
            return ExitCode::from(jidi::cli::usage::report(e, lang));
        }
    };
    ExitCode::from(jidi::cli::main_with(cli))
}
