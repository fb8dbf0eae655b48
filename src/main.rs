use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match jidi::cli::args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                jidi::cli::EXIT_USAGE
            } else {
                jidi::cli::EXIT_OK
            });
        }
    };
    ExitCode::from(jidi::cli::main_with(cli))
}
