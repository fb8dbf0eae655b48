//! The command line (clap). Option names, values and exit codes here are a contract scripts rely
//! on: add to them, never change them.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "jidi",
    version,
    about = "jidi 基地 — 广东省国际科技合作基地管理控制台 / console for Guangdong's provincial international S&T cooperation bases",
    after_help = "Exit codes: 0 ok · 1 bad input or refused by a rule · 2 usage · 3 not eligible · 4 not permitted · 5 database busy · 6 changed by someone else since --if-version"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Args, Debug, Clone)]
pub struct Global {
    /// Database file (else $JIDI_DB, else `db` in config.toml, else /etc/jidi/config.toml, else the data dir)
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Evaluate the rules as of this date (default: today in Asia/Shanghai)
    #[arg(long, global = true, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// Language of messages and tables
    #[arg(long, global = true, value_name = "zh|en")]
    pub lang: Option<String>,
    /// A policy file merged over the built-in one
    #[arg(long, global = true, value_name = "PATH")]
    pub policy: Option<PathBuf>,
    /// Open the database for reading only: every change is refused (exit 4)
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Make the change only if no base it touches has changed since this version (the `version`
    /// of `jidi show ID --format json`); otherwise refuse it, naming who changed what (exit 6)
    #[arg(long, global = true, value_name = "N")]
    pub if_version: Option<u64>,
}

/// A base id as typed: any case, full-width or not (stored upper-case).
fn base_id(input: &str) -> Result<String, std::convert::Infallible> {
    Ok(crate::domain::names::typed_id(input))
}

/// A finding's key as typed: its base id part read as [`base_id`] reads an id.
fn case_key(input: &str) -> Result<String, std::convert::Infallible> {
    Ok(crate::domain::cases::typed_key(input))
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    /// One JSON array
    Json,
    /// One JSON object a line
    Jsonl,
    Csv,
}

/// `jidi log`'s formats.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Table,
    /// One JSON array
    Json,
    /// One JSON object a line
    Jsonl,
}

impl From<LogFormat> for Format {
    fn from(format: LogFormat) -> Format {
        match format {
            LogFormat::Table => Format::Table,
            LogFormat::Json => Format::Json,
            LogFormat::Jsonl => Format::Jsonl,
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    Table,
    Json,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create the database (with --demo: load the fictional demo data set)
    Init {
        #[arg(long)]
        demo: bool,
    },
    /// Open the console on a throwaway copy of the demo data
    Demo,
    /// Register a new application (status 申报); refused inside a five-year ban (A14)
    New {
        #[arg(long)]
        name: String,
        #[arg(long)]
        category: String,
        #[arg(long)]
        city: String,
        /// Host unit 依托建设单位
        #[arg(long)]
        host: String,
        #[arg(long, value_name = "KIND")]
        host_kind: Option<String>,
        #[arg(long)]
        leader: Option<String>,
        /// 组织推荐单位 (A9.2), for a unit under a provincial department or other 主管部门
        /// (default: the city's S&T bureau)
        #[arg(long, value_name = "NAME")]
        recommender: Option<String>,
        /// Application date (default today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// List bases, filtered and searched
    List(ListArgs),
    /// Show one base: record, findings, eligibility and history
    Show {
        #[arg(value_parser = base_id)]
        id: String,
        #[arg(long, value_enum, default_value = "table")]
        format: TextOrJson,
    },
    /// Record an evaluation outcome and apply its consequence (A15.1.3, A14.1, A14.2); several
    /// ids are marked in one transaction, all or none
    Mark {
        /// ID… OUTCOME: one or more base ids, then 优秀/合格/不合格/未参加/中途退出 or
        /// excellent|qualified|unqualified|absent|withdrew
        #[arg(num_args = 2.., value_name = "ID… OUTCOME", required = true)]
        ids_then_outcome: Vec<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Round name (default: "<year>年度绩效评估")
        #[arg(long)]
        round: Option<String>,
        /// Score 0–100
        #[arg(long)]
        score: Option<String>,
    },
    /// Record an annual execution report as submitted (A11, A15.3.1)
    ReportSubmit {
        #[arg(value_parser = base_id)]
        id: String,
        year: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// Review a submitted report: accepted | returned
    ReportReview {
        #[arg(value_parser = base_id)]
        id: String,
        year: String,
        review: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// File a major change (A15.3.2): rename | leader | host | partner | other. A leader change
    /// carries the new leader's particulars (A6.1): without --qualification it is a finding
    Change {
        #[arg(value_parser = base_id)]
        id: String,
        kind: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        effective: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        filed_province: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        filed_recommender: Option<String>,
        /// The new value (required for rename, leader and host)
        #[arg(long)]
        to: Option<String>,
        /// Leader change: phd | senior_title | enterprise_senior (博士 副高及以上 企业高级职务)
        #[arg(long, value_name = "Q")]
        qualification: Option<String>,
        /// Leader change: when the qualification was obtained
        #[arg(long, value_name = "YYYY-MM-DD")]
        qualified_on: Option<String>,
        /// Leader change: domestic | foreign | hk_macau_taiwan (default domestic)
        #[arg(long)]
        identity: Option<String>,
        /// Leader change: declared both a domestic and an overseas identity (A6.3)
        #[arg(long)]
        dual_identity: bool,
        /// Leader change: employed by the host unit, yes | no (default yes)
        #[arg(long, value_name = "yes|no")]
        employed: Option<String>,
    },
    /// Record when change filing N reached 省科技厅 and/or the recommender
    ChangeFiled {
        #[arg(value_parser = base_id)]
        id: String,
        n: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        province: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        recommender: Option<String>,
    },
    /// The recommender's review of change filing N: approved | returned (A15.2.2)
    ChangeReview {
        #[arg(value_parser = base_id)]
        id: String,
        n: String,
        review: String,
    },
    /// Security-risk notes (A7.3, A15.3.4)
    #[command(subcommand)]
    Risk(RiskCommand),
    /// Move a base along the lifecycle (A9, A14); refused with the rule id where forbidden
    Status {
        #[arg(value_parser = base_id)]
        id: String,
        new_status: String,
        /// Free text, or for a removal the reason A14.1–A14.7
        #[arg(long)]
        reason: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// 认定文号, required to recognise
        #[arg(long)]
        doc_no: Option<String>,
        /// Recognise although the eligibility check fails: the administrator's reason, recorded
        #[arg(long = "override", value_name = "REASON")]
        override_reason: Option<String>,
    },
    /// Record that the last absence or withdrawal had a justification (not a removal, A14.2)
    Excuse {
        #[arg(value_parser = base_id)]
        id: String,
        #[arg(long)]
        reason: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// Set other fields: FIELD=VALUE … (qualification, qualified_on, identity, …); a recognised
    /// base's leader and name change only through `jidi change`
    Edit {
        #[arg(value_parser = base_id)]
        id: String,
        #[arg(required = true, value_name = "FIELD=VALUE")]
        assignments: Vec<String>,
    },
    /// Findings across all bases, most urgent first
    Triage(TriageArgs),
    /// Follow up a finding by its key (see `jidi triage --format json`): assign, state, note, date
    Follow(FollowArgs),
    /// Add a work record (工作记录: a call, a letter, a visit) to a base
    Note {
        #[arg(value_parser = base_id)]
        id: String,
        text: String,
        /// The finding it is about, by key
        #[arg(long, value_name = "KEY", value_parser = case_key)]
        cites: Option<String>,
    },
    /// A base's work records
    Notes {
        #[arg(value_parser = base_id)]
        id: String,
        #[arg(long, value_enum, default_value = "table")]
        format: TextOrJson,
    },
    /// What is new for you since you last looked: findings, cases, deadlines, notes
    Digest {
        /// Since this day instead of your last look
        #[arg(long, value_name = "YYYY-MM-DD")]
        since: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: TextOrJson,
    },
    /// Record an application's A8 indicators for one year: --year Y --set KEY=VALUE … (A8
    /// counts the three years before the call; `exchange` takes no year)
    Indicators {
        #[arg(value_parser = base_id)]
        id: String,
        /// The calendar year the figures are for
        #[arg(long, value_name = "YYYY")]
        year: Option<String>,
        #[arg(long = "set", required = true, num_args = 1.., value_name = "KEY=VALUE")]
        set: Vec<String>,
    },
    /// Declare an application's A7.3 management systems: --set KEY=DATE|no|none … (KEY: a
    /// system's code or name, or all)
    Systems {
        #[arg(value_parser = base_id)]
        id: String,
        #[arg(long = "set", required = true, num_args = 1.., value_name = "KEY=VALUE")]
        set: Vec<String>,
    },
    /// Prior international cooperation projects (A8.1, A8.3)
    #[command(subcommand)]
    Project(ProjectCommand),
    /// Check an application against A5–A8; exit 3 when any line fails
    Eligibility {
        #[arg(value_parser = base_id)]
        id: String,
        /// The call's publication date (default: the policy's call for the application year)
        #[arg(long, value_name = "YYYY-MM-DD")]
        call_date: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: TextOrJson,
    },
    /// Partner agreements (A5.2)
    #[command(subcommand)]
    Partner(PartnerCommand),
    /// Users and their roles: viewer, editor, security, admin (admin only for changes)
    #[command(subcommand)]
    Users(UsersCommand),
    /// Write a consistent copy of the database to PATH (a new file) while others keep working
    Backup { path: std::path::PathBuf },
    /// Replace the database with a backup (admin): validated first; the previous file is kept
    /// beside it, and every process still holding it stops writing there
    Restore { path: std::path::PathBuf },
    /// Make the key that confidential risk-note text is sealed to (admin; A15.3.4): the private
    /// key goes to PATH (default: beside your config.toml), mode 0640, for the security group
    Keygen {
        path: Option<std::path::PathBuf>,
        /// Replace the database's key: every note is resealed (the old key must be readable)
        #[arg(long)]
        rotate: bool,
    },
    /// The events: every change, who and when, from which command, before → after
    Log {
        /// Only this base's events
        #[arg(value_parser = base_id)]
        id: Option<String>,
        /// Only events by this user (OS account)
        #[arg(long)]
        user: Option<String>,
        /// Only events on or after this day
        #[arg(long, value_name = "YYYY-MM-DD")]
        since: Option<String>,
        /// Only events on or before this day
        #[arg(long, value_name = "YYYY-MM-DD")]
        until: Option<String>,
        /// Only the newest N events (still printed oldest first)
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        #[arg(long, value_enum, default_value = "table")]
        format: LogFormat,
    },
    /// Undo a batch of changes with compensating events (default: your latest)
    Undo { batch: Option<String> },
    /// Verify the database: redb's integrity check, every record and event decoded, each record
    /// compared with its history; lists every problem, exit 1 when there is any (reads only)
    Check {
        #[arg(long, value_enum, default_value = "table")]
        format: TextOrJson,
    },
    /// Fill the database with N generated fictional bases (deterministic for a seed)
    Gen {
        #[arg(long)]
        count: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Measure on generated data: open + list, search, the console's first frame and keystrokes,
    /// durable marks, and the disk's fsync floor
    Bench {
        #[arg(long, default_value_t = 100_000)]
        count: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Repetitions of each measurement
        #[arg(long, default_value_t = 20)]
        rounds: usize,
        #[arg(long, value_enum, default_value = "table")]
        format: TextOrJson,
    },
    /// Write bases to a file: csv (the bases table), xlsx (the whole record, a sheet per kind) or
    /// json (whole records); takes the same filters as `list`
    Export {
        #[command(flatten)]
        selection: Selection,
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
        /// Output file (CSV and JSON go to standard output without it)
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Read bases from a CSV (UTF-8 or GBK), XLSX or JSON file, upserting by 编号: every row is
    /// checked first, and nothing is written unless every row is good
    Import {
        file: PathBuf,
        /// Show what would be created, changed and left unchanged; write nothing
        #[arg(long)]
        dry_run: bool,
        /// Import the good rows and write the problems of the others to a file
        #[arg(long)]
        skip_invalid: bool,
        /// Where --skip-invalid writes its problems (default: beside FILE, «name».问题.csv)
        #[arg(long, value_name = "FILE")]
        report_file: Option<PathBuf>,
    },
    /// Apply an evaluator's results sheet (编号 or 基地名称, 评估结果, 评估日期, optionally 得分,
    /// 轮次) as `mark` does: all or nothing
    ImportOutcomes {
        file: PathBuf,
        /// Show each base's outcome and consequence; write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// A summary for the leadership as of --today: counts, compliance, rectification, removals,
    /// overdue filings, open high risks
    Report {
        #[arg(long, value_enum, default_value = "md")]
        format: ReportFormat,
        /// Output file (Markdown and CSV go to standard output without it; XLSX needs it)
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print shell completions
    Completions { shell: Shell },
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Xlsx,
    Json,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Md,
    Xlsx,
    Csv,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    #[command(flatten)]
    pub selection: Selection,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// Which bases a command covers: `list` and `export` take the same filters.
#[derive(Args, Debug, Default)]
pub struct Selection {
    /// Category (comma-separated for several)
    #[arg(long)]
    pub category: Option<String>,
    /// City or region group (珠三角|粤东|粤西|粤北 or prd|east|west|north), comma-separated
    #[arg(long)]
    pub region: Option<String>,
    /// Last evaluation outcome (none = never evaluated), comma-separated
    #[arg(long)]
    pub outcome: Option<String>,
    /// Status, comma-separated
    #[arg(long)]
    pub status: Option<String>,
    /// Name, former names, host unit, leader or id: Chinese, full pinyin or initials
    #[arg(long)]
    pub search: Option<String>,
}

impl Selection {
    pub fn is_everything(&self) -> bool {
        self.category.is_none()
            && self.region.is_none()
            && self.outcome.is_none()
            && self.status.is_none()
            && self.search.is_none()
    }
}

/// `jidi follow KEY …`.
#[derive(Args, Debug)]
pub struct FollowArgs {
    #[arg(value_parser = case_key)]
    pub key: String,
    /// A jidi user, or `me`
    #[arg(long, value_name = "USER|me")]
    pub assign: Option<String>,
    /// Take the case off whoever has it
    #[arg(long, conflicts_with = "assign")]
    pub unassign: bool,
    /// open | contacted | waiting | done | dismissed (待处理 已联系 等待回复 已完成 不予处理)
    #[arg(long)]
    pub state: Option<String>,
    /// A dated note (the reason, when dismissing); at most 4,000 characters
    #[arg(long)]
    pub note: Option<String>,
    /// Look again on this day (or `none` to clear): out of "mine" until then
    #[arg(long, value_name = "YYYY-MM-DD|none")]
    pub until: Option<String>,
}

/// `jidi triage`: findings, with their follow-up, in one of the inbox views.
#[derive(Args, Debug)]
pub struct TriageArgs {
    /// Only findings due within this many days (overdue ones, and those without a due date,
    /// included)
    #[arg(long, value_name = "DAYS")]
    pub within: Option<String>,
    /// Cases assigned to me, not deferred (我的)
    #[arg(long, group = "inbox")]
    pub mine: bool,
    /// Open findings nobody has (未分配)
    #[arg(long, group = "inbox")]
    pub unassigned: bool,
    /// Cases waiting for their look-again date (已暂缓)
    #[arg(long, group = "inbox")]
    pub deferred: bool,
    /// Cases assigned to this user (or `me`), in any state
    #[arg(long, group = "inbox", value_name = "USER|me")]
    pub assignee: Option<String>,
    /// Only findings whose case is in this state (a finding not followed yet is open)
    #[arg(long)]
    pub state: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Subcommand, Debug)]
pub enum RiskCommand {
    /// Add a note
    Add {
        #[arg(value_parser = base_id)]
        id: String,
        #[arg(long)]
        area: String,
        #[arg(long)]
        severity: String,
        #[arg(long)]
        text: String,
        #[arg(long)]
        mitigation: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// Close note N
    Close {
        #[arg(value_parser = base_id)]
        id: String,
        n: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum UsersCommand {
    /// Grant roles to an OS account (added to what it holds)
    Add {
        name: String,
        /// viewer | editor | security | admin (查看 编辑 保密 管理员)
        #[arg(required = true)]
        roles: Vec<String>,
        /// Limit the user to one city's bases (a city bureau)
        #[arg(long, value_name = "CITY")]
        scope: Option<String>,
    },
    /// Withdraw roles (all of them when none is named)
    Remove { name: String, roles: Vec<String> },
    /// Everyone with a role
    List {
        #[arg(long, value_enum, default_value = "table")]
        format: TextOrJson,
    },
}

#[derive(Subcommand, Debug)]
pub enum ProjectCommand {
    /// Record a project the host has undertaken
    Add {
        #[arg(value_parser = base_id)]
        id: String,
        #[arg(long)]
        name: String,
        /// national | provincial | ministerial (国家级 省级 省部级)
        #[arg(long)]
        level: String,
        /// The year or years it ran: 2022, or 2021-2023
        #[arg(long)]
        years: String,
    },
    /// Remove a project recorded by mistake (by its number from 1, or its name)
    Remove { id: String, project: String },
}

#[derive(Subcommand, Debug)]
pub enum PartnerCommand {
    /// Add an agreement
    Add {
        #[arg(value_parser = base_id)]
        id: String,
        #[arg(long)]
        name: String,
        /// Country or region: Chinese or English name or ISO code (香港/澳门/台湾 are not
        /// foreign for A5.2; a mainland place is refused)
        #[arg(long)]
        country: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        signed: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        until: String,
        /// agreement | memorandum
        #[arg(long)]
        kind: Option<String>,
    },
    /// End an agreement early (by its number from 1, or its name)
    End {
        #[arg(value_parser = base_id)]
        id: String,
        partner: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// Set a partner's country (by its number from 1, or its name), e.g. one from old data whose
    /// name no table entry matched
    Country {
        #[arg(value_parser = base_id)]
        id: String,
        partner: String,
        country: String,
    },
}
