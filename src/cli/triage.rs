//! `jidi triage`: every finding, most urgent first. The records pass through the rules one at a
//! time; only the findings are kept (and sorted), so memory grows with what is found, not with
//! the number of bases.

use super::args::TriageArgs;
use super::output::{Rows, Stream, Want};
use super::read::finding_json;
use super::{EXIT_OK, Session, parse_number};
use crate::domain::cases::{self, FollowUp, Inbox};
use crate::domain::codes::{CaseState, Code};
use crate::domain::findings::{self, BanIndex, Finding};
use crate::domain::roles;
use crate::domain::text::{Lang, Refusal};
use crate::text;
use anyhow::Result;
use serde_json::{Value, json};
use std::collections::HashMap;

pub fn triage(session: &Session, args: &TriageArgs) -> Result<u8> {
    let within: Option<i64> = args
        .within
        .as_deref()
        .map(|w| parse_number("--within", w))
        .transpose()?;
    let state = args
        .state
        .as_deref()
        .map(CaseState::parse_or_refuse)
        .transpose()?;
    let inbox = if args.mine {
        Some(Inbox::Mine)
    } else if args.unassigned {
        Some(Inbox::Unassigned)
    } else if args.deferred {
        Some(Inbox::Deferred)
    } else {
        None
    };
    if within.is_some_and(|w| w < 0) {
        return Err(Refusal::input(text!(
            "--within 不能为负数",
            "--within must not be negative"
        ))
        .into());
    }
    let store = session.open()?;
    let grant = session.grant(&store)?;
    // Bans come from the summary rows; the records pass through the rules one at a time, and
    // only their findings (and the names of the bases that have some) are kept.
    let bans = BanIndex::from_bans(store.bans()?);
    let ctx = session.ctx();
    let cases: HashMap<String, FollowUp> = store
        .cases()?
        .into_iter()
        .map(|c| (c.key.clone(), c))
        .collect();
    let me = session.who().actor;
    // `me` as `follow --assign me` takes it. An assignee is a jidi user, as `follow --assign`
    // insists; a former user who still holds cases is shown them.
    let assignee = match args.assignee.as_deref().map(str::trim) {
        Some("me" | "我") => Some(me.as_str()),
        other => other,
    };
    if let Some(user) = assignee
        && !cases.values().any(|c| c.assignee.as_deref() == Some(user))
        && !store.users()?.iter().any(|(name, _)| name == user)
    {
        return Err(roles::not_a_user(user).into());
    }
    let today = session.today;
    let wanted = |f: &Finding| {
        let case = cases.get(&f.key());
        inbox.is_none_or(|inbox| cases::in_inbox(inbox, case, f.due, &me, today))
            && assignee.is_none_or(|u| case.is_some_and(|c| c.assignee.as_deref() == Some(u)))
            && state.is_none_or(|s| case.map_or(CaseState::Open, |c| c.state) == s)
            && within.is_none_or(|days| findings::within(f, today, days))
    };
    let mut found: Vec<Finding> = Vec::new();
    let mut names: HashMap<String, String> = HashMap::new();
    store.for_each_base(|b| {
        if !grant.covers(&b.city) {
            return;
        }
        let before = found.len();
        found.extend(
            findings::findings(&b, &ctx, &bans)
                .into_iter()
                .filter(|f| wanted(f)),
        );
        if found.len() > before {
            names.insert(b.id, b.name);
        }
    })?;
    found.extend(findings::programme(&ctx).into_iter().filter(|f| wanted(f)));
    findings::sort_by_urgency(&mut found, session.today);
    let name_of = |f: &Finding| names.get(&f.base_id).map(String::as_str);
    let lang = session.lang();
    let case_of = |f: &Finding| cases.get(&f.key());
    let table_headers = match lang {
        Lang::Zh => [
            "严重", "到期", "编号", "基地", "规则", "问题", "处理", "跟进",
        ],
        Lang::En => [
            "severity",
            "due",
            "id",
            "base",
            "rule",
            "finding",
            "what to do",
            "follow-up",
        ],
    };
    let mut out = Stream::stdout();
    let mut rows = Rows::new(&mut out, args.format, &TRIAGE_CSV, &table_headers);
    for f in &found {
        match rows.wants() {
            Want::Json => {
                let mut value = finding_json(session, f, name_of(f));
                add_case_json(&mut value, case_of(f));
                rows.value(&mut out, &value);
            }
            Want::Csv => {
                let case = case_of(f);
                let due = f.due.map(|d| d.to_string()).unwrap_or_default();
                let assignee = case.and_then(|c| c.assignee.as_deref()).unwrap_or("");
                let until = case
                    .and_then(|c| c.until)
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                rows.cells(
                    &mut out,
                    [
                        f.base_id.as_str(),
                        name_of(f).unwrap_or(""),
                        f.kind.code(),
                        f.rule,
                        f.severity.code(),
                        &due,
                        session.t(&f.message),
                        session.t(&f.action),
                        &f.key(),
                        assignee,
                        case.map_or("", |c| c.state.code()),
                        &until,
                    ],
                );
            }
            Want::Table => rows.table_cells(
                &mut out,
                vec![
                    f.severity.label(lang).into(),
                    f.due.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
                    if f.base_id.is_empty() {
                        "—".into()
                    } else {
                        f.base_id.clone()
                    },
                    match name_of(f) {
                        Some(name) => name.to_string(),
                        None => session.t(&text!("（全部基地）", "(all bases)")).into(),
                    },
                    f.rule_label(lang).into(),
                    session.t(&f.message).into(),
                    session.t(&f.action).into(),
                    case_of(f).map_or_else(|| "—".into(), |c| case_label(c, lang)),
                ],
            ),
        }
    }
    let count = found.len();
    let footer = text!("共 {count} 项", "{count} findings");
    let none = text!("没有符合条件的问题", "no findings match");
    rows.finish(&mut out, Some(session.t(&footer)), session.t(&none));
    out.finish();
    Ok(session.finish_read(&store, EXIT_OK))
}

/// The columns of `jidi triage --format csv`.
const TRIAGE_CSV: [&str; 12] = [
    "base_id",
    "base_name",
    "kind",
    "rule",
    "severity",
    "due",
    "message",
    "action",
    "key",
    "assignee",
    "state",
    "until",
];

/// "wang · 已联系 · 12-01 再看": who has a case, where it stands, when to look again.
fn case_label(case: &FollowUp, lang: Lang) -> String {
    let mut parts = vec![
        case.assignee.clone().unwrap_or_else(|| "—".into()),
        case.state.label(lang).to_string(),
    ];
    if let Some(until) = case.until {
        parts.push(match lang {
            Lang::Zh => format!("{} 再看", until.format("%m-%d")),
            Lang::En => format!("again {}", until.format("%m-%d")),
        });
    }
    parts.join(" · ")
}

/// Every finding in JSON carries its follow-up: `assignee`, `state`, `until`, `notes` and
/// `dismissed_because`, `null` (and no notes) while nobody follows it, so a script can read
/// the keys without asking first whether they are there.
fn add_case_json(value: &mut Value, case: Option<&FollowUp>) {
    let obj = value.as_object_mut().expect("a finding is a JSON object");
    obj.insert(
        "assignee".into(),
        json!(case.and_then(|c| c.assignee.as_deref())),
    );
    obj.insert("state".into(), json!(case.map(|c| c.state.code())));
    obj.insert("until".into(), json!(case.and_then(|c| c.until)));
    let notes = case.map_or(&[][..], |c| &c.notes[..]);
    obj.insert(
        "notes".into(),
        json!(
            notes
                .iter()
                .map(|n| json!({"at": n.at, "author": n.author, "text": n.text}))
                .collect::<Vec<_>>()
        ),
    );
    obj.insert(
        "dismissed_because".into(),
        json!(case.and_then(|c| c.dismissed_because.as_deref())),
    );
}
