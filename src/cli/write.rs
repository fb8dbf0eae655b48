//! Commands that change the database. Each runs in one transaction: a refusal changes nothing.

use super::{EXIT_OK, Session, out, parse_number};
use crate::domain::base::Base;
use crate::domain::codes::{
    AgreementKind, Category, ChangeKind, Code, HostKind, Identity, Outcome, ProjectLevel,
    Qualification, ReportReview, Review, RiskArea, Severity, Status,
};
use crate::domain::dates::parse_date;
use crate::domain::declarations::ProjectInput;
use crate::domain::filings::{ChangeInput, NewLeader};
use crate::domain::lifecycle::{MarkInput, TransitionInput};
use crate::domain::ops::{NewApplication, RiskInput, parse_bool};
use crate::domain::partners::PartnerInput;
use crate::domain::text::{Refusal, Text};
use crate::service::{self, Request};
use crate::store::Store;
use crate::text;
use anyhow::Result;

pub struct NewArgs {
    pub name: String,
    pub category: String,
    pub city: String,
    pub host: String,
    pub host_kind: Option<String>,
    pub leader: Option<String>,
    pub recommender: Option<String>,
    pub date: Option<String>,
}

/// Loads records as created by an import (demo data, generated data), one event each. A new
/// file is built beside its path and appears there only once it holds them all.
fn load(session: &Session, bases: &[Base], source: Text) -> Result<usize> {
    session.refuse_if_read_only()?;
    let who = session.who();
    let path = &session.settings.db;
    if !path.exists() {
        let fill = |store: &Store| -> Result<usize> {
            super::keys::ensure_key(session, store)?;
            Ok(service::load(store, &who, bases, source.clone())?)
        };
        return Store::create_new(path, session.busy_timeout(), fill);
    }
    let store = session.open_to_write()?;
    if store.count()? > 0 {
        let shown = store.path().display().to_string();
        return Err(Refusal::input(text!(
            "数据库 {shown} 已有数据；演示或生成数据只能载入空数据库，请用 --db 指定新文件",
            "the database {shown} is not empty; demo or generated data only goes into an empty one: pass --db with a new file"
        ))
        .into());
    }
    super::keys::ensure_key(session, &store)?;
    Ok(service::load(&store, &who, bases, source)?)
}

pub fn init(session: &Session, demo: bool) -> Result<u8> {
    let shown = session.settings.db.display().to_string();
    if demo {
        // The next command must reach the same file, however this one was told where it is.
        let db = session
            .db_flag
            .as_ref()
            .map(|p| format!(" --db {}", p.display()))
            .unwrap_or_default();
        let bases = crate::demo::demo_bases()?;
        let count = load(
            session,
            &bases,
            text!("载入演示数据", "loaded the demo data"),
        )?;
        out(&format!(
            "{}\n",
            session.t(&text!(
                "已在 {shown} 载入 {count} 个虚构的演示基地（按 2026-11-25 设计）。下一步：jidi{db} triage",
                "loaded {count} fictional demo bases into {shown} (designed around 2026-11-25). Next: jidi{db} triage"
            ))
        ));
    } else {
        // Whoever initialises the database is its admin (a no-op once roles are recorded).
        session.refuse_if_read_only()?;
        let who = session.who();
        let settle = |store: &Store| -> Result<u64> {
            store.write(&who, |tx| Ok(tx.settle_first_admin(&who.actor)?))?;
            super::keys::ensure_key(session, store)?;
            Ok(store.count()?)
        };
        let path = &session.settings.db;
        let count = if path.exists() {
            settle(&session.open_to_write()?)?
        } else {
            Store::create_new(path, session.busy_timeout(), settle)?
        };
        out(&format!(
            "{}\n",
            session.t(&text!(
                "数据库 {shown} 已就绪（{count} 个基地）",
                "database {shown} is ready ({count} bases)"
            ))
        ));
    }
    Ok(EXIT_OK)
}

pub fn gen_bases(session: &Session, count: usize, seed: u64) -> Result<u8> {
    let bases = crate::synth::generate(count, seed, session.policy(), session.today);
    let n = load(
        session,
        &bases,
        text!(
            "生成测试数据（种子 {seed}）",
            "generated data (seed {seed})"
        ),
    )?;
    let shown = session.settings.db.display().to_string();
    out(&format!(
        "{}\n",
        session.t(&text!(
            "已在 {shown} 生成 {n} 个虚构基地（种子 {seed}）",
            "generated {n} fictional bases into {shown} (seed {seed})"
        ))
    ));
    Ok(EXIT_OK)
}

/// Carries out one request and prints a line per base it changed.
pub(super) fn perform(session: &Session, request: Request) -> Result<u8> {
    let store = session.open_to_write()?;
    let done = service::perform_seen(&store, &session.who(), session.ctx(), request, session.seen)?;
    for (id, line) in &done.lines {
        if id.is_empty() {
            out(&format!("{}\n", session.t(line)));
        } else {
            out(&format!("{id}  {}\n", session.t(line)));
        }
    }
    Ok(EXIT_OK)
}

pub fn new(session: &Session, args: NewArgs) -> Result<u8> {
    let category = Category::parse_or_refuse(&args.category)?;
    let host_kind = args
        .host_kind
        .as_deref()
        .map(HostKind::parse_or_refuse)
        .transpose()?
        .unwrap_or(HostKind::Other);
    let input = NewApplication {
        name: args.name,
        category,
        city: args.city,
        host: args.host,
        host_kind,
        leader: args.leader,
        recommender: args.recommender,
        applied_on: session.date_or_today("--date", args.date.as_deref())?,
    };
    let store = session.open_to_write()?;
    let done = service::perform(&store, &session.who(), session.ctx(), Request::New(input))?;
    out(&format!("{}\n", done.bases[0].id));
    Ok(EXIT_OK)
}

pub fn mark(
    session: &Session,
    outcome: &str,
    ids: Vec<String>,
    date: Option<&str>,
    round: Option<&str>,
    score: Option<&str>,
) -> Result<u8> {
    let outcome = Outcome::parse_or_offer(outcome, &Outcome::RECORDED)?;
    let date = session.date_or_today("--date", date)?;
    let score = score
        .map(|s| parse_number::<u8>("--score", s))
        .transpose()?;
    let round = round.map_or_else(|| service::default_round(date), str::to_string);
    let input = MarkInput {
        outcome,
        date,
        round,
        score,
    };
    perform(session, Request::Mark { ids, input })
}

fn parse_year(value: &str) -> Result<i32, Refusal> {
    parse_number::<i32>("YEAR", value).and_then(|y| {
        if (1990..=2200).contains(&y) {
            Ok(y)
        } else {
            Err(Refusal::input(text!(
                "年度 {y} 不合理",
                "year {y} is out of range"
            )))
        }
    })
}

pub fn report_submit(session: &Session, id: &str, year: &str, date: Option<&str>) -> Result<u8> {
    let year = parse_year(year)?;
    let date = session.date_or_today("--date", date)?;
    perform(
        session,
        Request::ReportSubmit {
            id: id.into(),
            year,
            date,
        },
    )
}

pub fn report_review(
    session: &Session,
    id: &str,
    year: &str,
    review: &str,
    date: Option<&str>,
) -> Result<u8> {
    let year = parse_year(year)?;
    let review = ReportReview::parse_or_refuse(review)?;
    let date = session.date_or_today("--date", date)?;
    perform(
        session,
        Request::ReportReview {
            id: id.into(),
            year,
            review,
            date,
        },
    )
}

/// What `jidi change` was given.
pub struct ChangeArgs {
    pub id: String,
    pub kind: String,
    pub effective: String,
    pub filed_province: Option<String>,
    pub filed_recommender: Option<String>,
    pub to: Option<String>,
    pub qualification: Option<String>,
    pub qualified_on: Option<String>,
    pub identity: Option<String>,
    pub dual_identity: bool,
    pub employed: Option<String>,
}

pub fn change(session: &Session, args: ChangeArgs) -> Result<u8> {
    let date =
        |field: &str, value: Option<String>| value.map(|d| parse_date(field, &d)).transpose();
    let leader = NewLeader {
        qualification: args
            .qualification
            .as_deref()
            .map(Qualification::parse_or_refuse)
            .transpose()?,
        qualified_on: date("--qualified-on", args.qualified_on)?,
        identity: args
            .identity
            .as_deref()
            .map(Identity::parse_or_refuse)
            .transpose()?,
        dual_identity: args.dual_identity,
        employed: args
            .employed
            .as_deref()
            .map(|v| parse_bool("--employed", v))
            .transpose()?,
    };
    let input = ChangeInput {
        kind: ChangeKind::parse_or_refuse(&args.kind)?,
        effective: parse_date("--effective", &args.effective)?,
        filed_province: date("--filed-province", args.filed_province)?,
        filed_recommender: date("--filed-recommender", args.filed_recommender)?,
        to: args.to,
        leader,
    };
    perform(session, Request::Change { id: args.id, input })
}

fn parse_n(value: &str) -> Result<u32, Refusal> {
    parse_number::<u32>("N", value)
}

pub fn change_filed(
    session: &Session,
    id: &str,
    n: &str,
    province: Option<&str>,
    recommender: Option<&str>,
) -> Result<u8> {
    let n = parse_n(n)?;
    let province = province.map(|d| parse_date("--province", d)).transpose()?;
    let recommender = recommender
        .map(|d| parse_date("--recommender", d))
        .transpose()?;
    if province.is_none() && recommender.is_none() {
        return Err(Refusal::input(text!(
            "请给出 --province 或 --recommender 日期",
            "give --province and/or --recommender"
        ))
        .into());
    }
    perform(
        session,
        Request::ChangeFiled {
            id: id.into(),
            n,
            province,
            recommender,
        },
    )
}

pub fn change_review(session: &Session, id: &str, n: &str, review: &str) -> Result<u8> {
    let n = parse_n(n)?;
    let review = Review::parse_or_refuse(review)?;
    perform(
        session,
        Request::ChangeReview {
            id: id.into(),
            n,
            review,
        },
    )
}

pub fn risk_add(
    session: &Session,
    id: &str,
    area: &str,
    severity: &str,
    description: &str,
    mitigation: Option<String>,
    date: Option<&str>,
) -> Result<u8> {
    let input = RiskInput {
        area: RiskArea::parse_or_refuse(area)?,
        severity: Severity::parse_or_refuse(severity)?,
        description: description.to_string(),
        mitigation: mitigation.unwrap_or_default(),
        opened: session.date_or_today("--date", date)?,
    };
    perform(
        session,
        Request::RiskAdd {
            id: id.into(),
            input,
        },
    )
}

pub fn risk_close(session: &Session, id: &str, n: &str, date: Option<&str>) -> Result<u8> {
    let n = parse_n(n)?;
    let date = session.date_or_today("--date", date)?;
    perform(
        session,
        Request::RiskClose {
            id: id.into(),
            n,
            date,
        },
    )
}

pub fn status(
    session: &Session,
    id: &str,
    new_status: &str,
    reason: &str,
    date: Option<&str>,
    doc_no: Option<String>,
    override_reason: Option<String>,
) -> Result<u8> {
    let to = Status::parse_or_refuse(new_status)?;
    let date = session.date_or_today("--date", date)?;
    let input = TransitionInput {
        to,
        date,
        reason: reason.to_string(),
        doc_no,
        override_reason,
    };
    perform(
        session,
        Request::Transition {
            id: id.into(),
            input,
        },
    )
}

fn split_assignment(raw: &str) -> Result<(String, String), Refusal> {
    raw.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.to_string()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| {
            let raw = crate::domain::sanitize::quote(raw);
            Refusal::input(text!(
                "「{raw}」应写作 字段=值",
                "'{raw}' should be FIELD=VALUE"
            ))
        })
}

fn assignments(raw: &[String]) -> Result<Vec<(String, String)>, Refusal> {
    raw.iter().map(|a| split_assignment(a)).collect()
}

pub fn edit(session: &Session, id: &str, raw: &[String]) -> Result<u8> {
    let pairs = assignments(raw)?;
    perform(
        session,
        Request::Edit {
            id: id.into(),
            pairs,
        },
    )
}

pub fn excuse(session: &Session, id: &str, reason: &str, date: Option<&str>) -> Result<u8> {
    let date = session.date_or_today("--date", date)?;
    perform(
        session,
        Request::Excuse {
            id: id.into(),
            reason: reason.to_string(),
            date,
        },
    )
}

pub fn indicators(session: &Session, id: &str, year: Option<&str>, raw: &[String]) -> Result<u8> {
    let pairs = assignments(raw)?;
    let year = year.map(parse_year).transpose()?;
    perform(
        session,
        Request::Indicators {
            id: id.into(),
            year,
            pairs,
        },
    )
}

pub fn systems(session: &Session, id: &str, raw: &[String]) -> Result<u8> {
    let pairs = assignments(raw)?;
    perform(
        session,
        Request::Systems {
            id: id.into(),
            pairs,
        },
    )
}

pub fn project_add(
    session: &Session,
    id: &str,
    name: &str,
    level: &str,
    years: &str,
) -> Result<u8> {
    let input = ProjectInput {
        name: name.to_string(),
        level: ProjectLevel::parse_or_refuse(level)?,
        years: years.to_string(),
    };
    perform(
        session,
        Request::ProjectAdd {
            id: id.into(),
            input,
        },
    )
}

pub fn project_remove(session: &Session, id: &str, which: &str) -> Result<u8> {
    perform(
        session,
        Request::ProjectRemove {
            id: id.into(),
            which: which.to_string(),
        },
    )
}

pub fn partner_country(session: &Session, id: &str, which: &str, country: &str) -> Result<u8> {
    perform(
        session,
        Request::PartnerCountry {
            id: id.into(),
            which: which.to_string(),
            country: country.to_string(),
        },
    )
}

pub fn partner_add(
    session: &Session,
    id: &str,
    name: &str,
    country: &str,
    signed: &str,
    until: &str,
    kind: Option<&str>,
) -> Result<u8> {
    let input = PartnerInput {
        name: name.to_string(),
        country: country.to_string(),
        kind: kind
            .map(AgreementKind::parse_or_refuse)
            .transpose()?
            .unwrap_or(AgreementKind::Agreement),
        signed: parse_date("--signed", signed)?,
        until: parse_date("--until", until)?,
    };
    perform(
        session,
        Request::PartnerAdd {
            id: id.into(),
            input,
        },
    )
}

pub fn partner_end(session: &Session, id: &str, partner: &str, date: Option<&str>) -> Result<u8> {
    let date = session.date_or_today("--date", date)?;
    perform(
        session,
        Request::PartnerEnd {
            id: id.into(),
            which: partner.to_string(),
            date,
        },
    )
}

pub fn undo(session: &Session, batch: Option<&str>) -> Result<u8> {
    let store = session.open_to_write()?;
    let who = session.who();
    let batch = match batch {
        Some(raw) => parse_number::<u64>("BATCH", raw.trim_start_matches('#'))?,
        None => store.last_undoable(&who.actor)?.ok_or_else(|| {
            let actor = &who.actor;
            Refusal::input(text!(
                "用户 {actor} 没有可撤回的操作",
                "user {actor} has nothing to undo"
            ))
        })?,
    };
    let done = service::perform(&store, &who, session.ctx(), Request::Undo { batch })?;
    let list = done
        .bases
        .iter()
        .map(|b| b.id.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    out(&format!(
        "{}\n",
        session.t(&text!(
            "已撤回操作 #{batch}（{list}），历史记录保留",
            "undid change #{batch} ({list}); the history is kept"
        ))
    ));
    Ok(EXIT_OK)
}
