//! The command line: parses arguments, resolves settings, runs one subcommand. Exit codes:
//! 0 ok · 1 bad input or refused by a rule · 2 usage · 3 not eligible · 4 not permitted ·
//! 5 database busy.

pub mod args;
mod console;
mod interchange;
mod output;
mod read;
mod users;
mod write;

use crate::config::{ConfigPaths, Overrides, Settings};
use crate::domain::dates::parse_date;
use crate::domain::lifecycle::Ctx;
use crate::domain::policy::{Policy, PolicyError};
use crate::domain::roles::Denial;
use crate::domain::text::{Lang, Refusal, RuleResult, Text};
use crate::store::{Store, StoreError, Who, WriteError};
use crate::text;
use anyhow::Result;
use args::{Cli, Command};
use chrono::NaiveDate;
use std::io::Write;

pub const EXIT_OK: u8 = 0;
pub const EXIT_REFUSED: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_NOT_ELIGIBLE: u8 = 3;
pub const EXIT_DENIED: u8 = 4;
pub const EXIT_BUSY: u8 = 5;
pub const EXIT_CONFLICT: u8 = 6;

/// Everything a command needs: settings, the day rules are judged on, the language.
pub struct Session {
    pub settings: Settings,
    pub today: NaiveDate,
    /// `--read-only`: every change is refused before the database is touched.
    pub read_only: bool,
    /// `--if-version`: changes are made against this version of the database.
    pub seen: Option<crate::service::Seen>,
}

impl Session {
    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    pub fn policy(&self) -> &Policy {
        &self.settings.policy
    }

    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            policy: &self.settings.policy,
            today: self.today,
        }
    }

    pub fn who(&self) -> Who {
        Who::current(self.settings.policy.timezone)
    }

    pub fn t<'a>(&self, text: &'a Text) -> &'a str {
        text.get(self.lang())
    }

    /// Opens the database, creating it if needed (init, gen).
    pub fn open_or_create(&self) -> Result<Store> {
        self.refuse_if_read_only()?;
        self.open_path()
    }

    fn open_path(&self) -> Result<Store> {
        let timeout = self
            .settings
            .busy_timeout
            .unwrap_or(crate::store::DEFAULT_BUSY_TIMEOUT);
        Ok(Store::open_with_timeout(&self.settings.db, timeout)?)
    }

    /// Opens an existing database; a missing file is an error that says how to create one.
    pub fn open(&self) -> Result<Store> {
        let path = &self.settings.db;
        if !path.exists() {
            let shown = path.display();
            return Err(Refusal::input(text!(
                "数据库 {shown} 不存在；先运行 jidi init（或 jidi init --demo 载入演示数据），或用 --db 指定",
                "no database at {shown}; run `jidi init` (or `jidi init --demo` for the demo data) or pass --db"
            ))
            .into());
        }
        self.open_path()
    }

    /// Opens an existing database for a change; refused in a read-only session.
    pub fn open_to_write(&self) -> Result<Store> {
        self.refuse_if_read_only()?;
        self.open()
    }

    fn refuse_if_read_only(&self) -> Result<(), WriteError> {
        if self.read_only {
            return Err(WriteError::Denied(Denial::read_only()));
        }
        Ok(())
    }

    /// A date option, defaulting to today.
    pub fn date_or_today(&self, field: &str, value: Option<&str>) -> RuleResult<NaiveDate> {
        value.map_or(Ok(self.today), |v| parse_date(field, v))
    }
}

/// Writes to stdout; a closed pipe (`jidi list | head`) ends quietly instead of panicking.
pub fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
        .is_err()
    {
        std::process::exit(EXIT_OK.into());
    }
}

/// Parses a whole number argument, naming the field when it is not one.
pub fn parse_number<T: std::str::FromStr>(field: &str, value: &str) -> RuleResult<T> {
    value.trim().parse().map_err(|_| {
        Refusal::input(text!(
            "{field}：「{value}」不是有效的数字",
            "{field}: '{value}' is not a valid number"
        ))
    })
}

/// Runs the command line and returns the process exit code; errors are printed here.
pub fn main_with(cli: Cli) -> u8 {
    let lang_flag = cli.global.lang.as_deref().map(Lang::parse);
    if let Some(None) = lang_flag {
        eprintln!("--lang: expected zh or en / 应为 zh 或 en");
        return EXIT_USAGE;
    }
    let overrides = Overrides {
        db: cli.global.db.clone(),
        lang: lang_flag.flatten(),
        policy: cli.global.policy.clone(),
    };
    let fallback_lang = overrides.lang.unwrap_or_default();
    let session = Settings::resolve(overrides, &ConfigPaths::from_env()).and_then(|settings| {
        let today = match cli.global.today.as_deref() {
            Some(raw) => parse_date("--today", raw)?,
            None => settings.policy.today(),
        };
        Ok(Session {
            settings,
            today,
            read_only: cli.global.read_only,
            seen: cli.global.if_version.map(crate::service::Seen),
        })
    });
    let session = match session {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", describe(&e, fallback_lang));
            return exit_code(&e);
        }
    };
    match run(&session, cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", describe(&e, session.lang()));
            exit_code(&e)
        }
    }
}

fn describe(error: &anyhow::Error, lang: Lang) -> String {
    let prefix = match lang {
        Lang::Zh => "错误：",
        Lang::En => "error: ",
    };
    let body = if let Some(w) = error.downcast_ref::<WriteError>() {
        w.message(lang)
    } else if let Some(r) = error.downcast_ref::<Refusal>() {
        r.message(lang)
    } else if let Some(s) = error.downcast_ref::<StoreError>() {
        s.message(lang)
    } else if let Some(p) = error.downcast_ref::<PolicyError>() {
        match lang {
            Lang::Zh => format!("策略文件有误：{p}"),
            Lang::En => format!("bad policy file: {p}"),
        }
    } else {
        format!("{error:#}")
    };
    format!("{prefix}{body}")
}

/// Every change's outcome maps to its exit code here.
fn write_exit_code(error: &WriteError) -> u8 {
    match error {
        WriteError::Refused(_) | WriteError::Store(_) => EXIT_REFUSED,
        WriteError::Denied(_) => EXIT_DENIED,
        WriteError::Busy { .. } => EXIT_BUSY,
        WriteError::Conflict(_) => EXIT_CONFLICT,
    }
}

fn exit_code(error: &anyhow::Error) -> u8 {
    if let Some(w) = error.downcast_ref::<WriteError>() {
        return write_exit_code(w);
    }
    match error.downcast_ref::<StoreError>() {
        Some(StoreError::Busy { .. }) => EXIT_BUSY,
        _ => EXIT_REFUSED,
    }
}

fn run(session: &Session, command: Option<Command>) -> Result<u8> {
    use args::{PartnerCommand, RiskCommand};
    let Some(command) = command else {
        return console::console(session);
    };
    match command {
        Command::Init { demo } => write::init(session, demo),
        Command::Demo => console::demo(session),
        Command::New {
            name,
            category,
            city,
            host,
            host_kind,
            leader,
            date,
        } => write::new(
            session,
            write::NewArgs {
                name,
                category,
                city,
                host,
                host_kind,
                leader,
                date,
            },
        ),
        Command::List(list) => read::list(session, &list),
        Command::Show { id, format } => read::show(session, &id, format),
        Command::Mark {
            mut ids_then_outcome,
            date,
            round,
            score,
        } => write::mark(
            session,
            ids_then_outcome.pop().as_deref().unwrap_or_default(),
            ids_then_outcome,
            date.as_deref(),
            round.as_deref(),
            score.as_deref(),
        ),
        Command::ReportSubmit { id, year, date } => {
            write::report_submit(session, &id, &year, date.as_deref())
        }
        Command::ReportReview {
            id,
            year,
            review,
            date,
        } => write::report_review(session, &id, &year, &review, date.as_deref()),
        Command::Change {
            id,
            kind,
            effective,
            filed_province,
            filed_recommender,
            to,
        } => write::change(
            session,
            &id,
            &kind,
            &effective,
            filed_province.as_deref(),
            filed_recommender.as_deref(),
            to,
        ),
        Command::ChangeFiled {
            id,
            n,
            province,
            recommender,
        } => write::change_filed(
            session,
            &id,
            &n,
            province.as_deref(),
            recommender.as_deref(),
        ),
        Command::ChangeReview { id, n, review } => write::change_review(session, &id, &n, &review),
        Command::Risk(RiskCommand::Add {
            id,
            area,
            severity,
            text,
            mitigation,
            date,
        }) => write::risk_add(
            session,
            &id,
            &area,
            &severity,
            &text,
            mitigation,
            date.as_deref(),
        ),
        Command::Risk(RiskCommand::Close { id, n, date }) => {
            write::risk_close(session, &id, &n, date.as_deref())
        }
        Command::Status {
            id,
            new_status,
            reason,
            date,
            doc_no,
        } => write::status(session, &id, &new_status, &reason, date.as_deref(), doc_no),
        Command::Edit { id, assignments } => write::edit(session, &id, &assignments),
        Command::Excuse { id, reason, date } => {
            write::excuse(session, &id, &reason, date.as_deref())
        }
        Command::Triage { within, format } => read::triage(session, within.as_deref(), format),
        Command::Indicators { id, set } => write::indicators(session, &id, &set),
        Command::Eligibility {
            id,
            call_date,
            format,
        } => read::eligibility(session, &id, call_date.as_deref(), format),
        Command::Partner(PartnerCommand::Add {
            id,
            name,
            country,
            signed,
            until,
            kind,
        }) => write::partner_add(
            session,
            &id,
            &name,
            &country,
            &signed,
            &until,
            kind.as_deref(),
        ),
        Command::Partner(PartnerCommand::End { id, partner, date }) => {
            write::partner_end(session, &id, &partner, date.as_deref())
        }
        Command::Log { id, format } => read::log(session, id.as_deref(), format),
        Command::Undo { batch } => write::undo(session, batch.as_deref()),
        Command::Users(users) => users::users(session, users),
        Command::Gen { count, seed } => write::gen_bases(session, count, seed),
        Command::Bench {
            count,
            seed,
            rounds,
            format,
        } => {
            let settings = crate::bench::Settings {
                count,
                seed,
                today: session.today,
                rounds: rounds.max(1),
            };
            let figures = crate::bench::run(&settings, session.policy())?;
            match format {
                args::TextOrJson::Table => out(&crate::bench::table(&figures)),
                args::TextOrJson::Json => out(&(serde_json::to_string_pretty(&figures)? + "\n")),
            }
            Ok(EXIT_OK)
        }
        Command::Export {
            selection,
            format,
            output,
        } => interchange::export(session, &selection, format, output.as_deref()),
        Command::Import {
            file,
            dry_run,
            skip_invalid,
            report_file,
        } => interchange::import(
            session,
            &file,
            crate::interchange::import::Options {
                dry_run,
                skip_invalid,
            },
            report_file.as_deref(),
        ),
        Command::ImportOutcomes { file, dry_run } => {
            interchange::import_outcomes(session, &file, dry_run)
        }
        Command::Report { format, output } => {
            interchange::report(session, format, output.as_deref())
        }
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let shell = match shell {
                args::Shell::Bash => clap_complete::Shell::Bash,
                args::Shell::Zsh => clap_complete::Shell::Zsh,
                args::Shell::Fish => clap_complete::Shell::Fish,
            };
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "jidi", &mut buf);
            out(&String::from_utf8_lossy(&buf));
            Ok(EXIT_OK)
        }
    }
}
