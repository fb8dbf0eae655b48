//! The command line: parses arguments, resolves settings, runs one subcommand. Exit codes:
//! 0 ok · 1 bad input or refused by a rule · 2 usage · 3 not eligible · 4 not permitted ·
//! 5 database busy.

pub mod args;
mod backup;
mod cases;
mod check;
mod console;
pub mod help_zh;
mod interchange;
mod keys;
mod log;
mod output;
mod read;
mod triage;
pub mod usage;
mod users;
mod write;

use crate::config::{ConfigPaths, Overrides, Settings};
use crate::domain::dates::parse_date;
use crate::domain::lifecycle::Ctx;
use crate::domain::policy::{Policy, PolicyError};
use crate::domain::roles::{Denial, Grant};
use crate::domain::sanitize::escape_except;
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
    /// `--db` as given, for advice that names the same file.
    pub db_flag: Option<std::path::PathBuf>,
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

    /// How long a write waits for another user's write (`busy_timeout` in config.toml).
    pub fn busy_timeout(&self) -> std::time::Duration {
        self.settings
            .busy_timeout
            .unwrap_or(crate::store::DEFAULT_BUSY_TIMEOUT)
    }

    /// Opens the database for the console, creating it (atomically) if missing.
    pub fn open_or_create(&self) -> Result<Store> {
        self.refuse_if_read_only()?;
        Ok(Store::open_with_timeout(
            &self.settings.db,
            self.busy_timeout(),
        )?)
    }

    /// Opens an existing database for reading only: it is neither created nor changed, and
    /// a file the user may only read can be read. A missing file is an error that says how
    /// to create one.
    pub fn open(&self) -> Result<Store> {
        Ok(Store::open_read_only(&self.settings.db)?)
    }

    /// What the running user may see: a grant limited to one city hides the other cities' bases.
    pub fn grant(&self, store: &Store) -> Result<Grant> {
        Ok(store.grant_of(&self.who().actor)?)
    }

    /// Refuses a base outside the user's city (exit 4), as a change to it would be.
    pub fn may_see(&self, grant: &Grant, id: &str, city: &str) -> Result<(), WriteError> {
        let name_of = |code: &str, lang| self.policy().city_label(code, lang);
        grant
            .allow_city(&self.who().actor, id, city, name_of)
            .map_err(WriteError::Denied)
    }

    /// Opens an existing database for a change; refused in a read-only session.
    pub fn open_to_write(&self) -> Result<Store> {
        self.refuse_if_read_only()?;
        let path = &self.settings.db;
        if !path.exists() {
            return Err(StoreError::Missing { path: path.clone() }.into());
        }
        Ok(Store::open_with_timeout(path, self.busy_timeout())?)
    }

    /// The end of a read: entries it skipped because they could not be decoded are named on
    /// stderr, and the command exits 1 — what it printed is all it could read, not all there is.
    pub fn finish_read(&self, store: &Store, code: u8) -> u8 {
        let damage = store.take_damage();
        if damage.is_empty() {
            return code;
        }
        let n = damage.len();
        let list: Vec<String> = damage.iter().map(|d| d.describe()).collect();
        let list = list.join("\n  ");
        let message = text!(
            "数据库文件已损坏：以下 {n} 项无法读取，未包括在上面的结果中；运行 jidi check 查看全部，或从备份恢复\n  {list}",
            "the database file is damaged: these {n} entries could not be read and are left out above; run `jidi check` for everything, or restore from a backup\n  {list}"
        );
        let prefix = match self.lang() {
            Lang::Zh => "错误：",
            Lang::En => "error: ",
        };
        eprintln!(
            "{}",
            terminal_safe_message(&format!("{prefix}{}", self.t(&message)))
        );
        EXIT_REFUSED
    }

    pub(crate) fn refuse_if_read_only(&self) -> Result<(), WriteError> {
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
/// A control character that got past the tables and lists is escaped here (only line breaks
/// pass), so no output of jidi drives the terminal it is read on.
pub fn out(text: &str) {
    let text = escape_except(text, |c| c == '\n');
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
        let value = crate::domain::sanitize::quote(value);
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
            db_flag: cli.global.db.clone(),
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
    terminal_safe_message(&format!("{prefix}{body}"))
}

/// Longest message printed whole; a longer one (values are quoted cut, but a list of them may
/// still run long) is cut with a note.
const MAX_MESSAGE_CHARS: usize = 2000;

/// A message as it reaches stderr: control characters escaped, at most [`MAX_MESSAGE_CHARS`].
fn terminal_safe_message(message: &str) -> String {
    let safe = escape_except(message, |c| c == '\n');
    let total = safe.chars().count();
    if total <= MAX_MESSAGE_CHARS {
        return safe.into_owned();
    }
    let head: String = safe.chars().take(MAX_MESSAGE_CHARS).collect();
    format!("{head}…({total})")
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
    use args::{PartnerCommand, ProjectCommand, RiskCommand};
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
            recommender,
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
                recommender,
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
            ids_then_outcome
                .iter()
                .map(|id| crate::domain::names::typed_id(id))
                .collect(),
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
            qualification,
            qualified_on,
            identity,
            dual_identity,
            employed,
        } => write::change(
            session,
            write::ChangeArgs {
                id,
                kind,
                effective,
                filed_province,
                filed_recommender,
                to,
                qualification,
                qualified_on,
                identity,
                dual_identity,
                employed,
            },
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
            override_reason,
        } => write::status(
            session,
            &id,
            &new_status,
            &reason,
            date.as_deref(),
            doc_no,
            override_reason,
        ),
        Command::Edit { id, assignments } => write::edit(session, &id, &assignments),
        Command::Excuse { id, reason, date } => {
            write::excuse(session, &id, &reason, date.as_deref())
        }
        Command::Triage(args) => triage::triage(session, &args),
        Command::Follow(args) => cases::follow(session, args),
        Command::Note { id, text, cites } => cases::note(session, &id, text, cites),
        Command::Notes { id, format } => cases::notes(session, &id, format),
        Command::Digest { since, format } => cases::digest(session, since.as_deref(), format),
        Command::Indicators { id, year, set } => {
            write::indicators(session, &id, year.as_deref(), &set)
        }
        Command::Systems { id, set } => write::systems(session, &id, &set),
        Command::Project(ProjectCommand::Add {
            id,
            name,
            level,
            years,
        }) => write::project_add(session, &id, &name, &level, &years),
        Command::Project(ProjectCommand::Remove { id, project }) => {
            write::project_remove(session, &id, &project)
        }
        Command::Partner(PartnerCommand::Country {
            id,
            partner,
            country,
        }) => write::partner_country(session, &id, &partner, &country),
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
        Command::Log {
            id,
            user,
            since,
            until,
            limit,
            format,
        } => log::log(
            session,
            &log::LogArgs {
                id,
                user,
                since,
                until,
                limit,
            },
            format,
        ),
        Command::Undo { batch } => write::undo(session, batch.as_deref()),
        Command::Check { format } => check::check(session, format),
        Command::Users(users) => users::users(session, users),
        Command::Keygen { path, rotate } => keys::keygen(session, path, rotate),
        Command::Backup { path } => backup::backup(session, &path),
        Command::Restore { path } => backup::restore(session, &path),
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
            let shell = match shell {
                args::Shell::Bash => clap_complete::Shell::Bash,
                args::Shell::Zsh => clap_complete::Shell::Zsh,
                args::Shell::Fish => clap_complete::Shell::Fish,
            };
            let mut buf = Vec::new();
            // The descriptions zsh and fish show are in the session's language, as `--help` is.
            let mut cmd = help_zh::command(session.lang());
            clap_complete::generate(shell, &mut cmd, "jidi", &mut buf);
            out(&String::from_utf8_lossy(&buf));
            Ok(EXIT_OK)
        }
    }
}
