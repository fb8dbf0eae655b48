//! Case follow-up from the command line: `follow`, `note`, `notes` and the login `digest`.

use super::args::{FollowArgs, TextOrJson};
use super::output::{Table, json};
use super::{EXIT_OK, Session, out};
use crate::domain::cases::{FollowInput, FollowUp};
use crate::domain::codes::{CaseState, Code};
use crate::domain::dates::{add_days, parse_date};
use crate::domain::findings::{self, BanIndex, Finding};
use crate::domain::text::Lang;
use crate::service::Request;
use crate::store::{Event, Look};
use crate::text;
use anyhow::Result;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};

pub fn follow(session: &Session, args: FollowArgs) -> Result<u8> {
    let me = session.who().actor;
    let assign = match (args.assign, args.unassign) {
        (_, true) => Some(None),
        (Some(user), false) if user == "me" || user == "我" => Some(Some(me)),
        (Some(user), false) => Some(Some(user.trim().to_string())),
        (None, false) => None,
    };
    let until = match args.until.as_deref().map(str::trim) {
        None => None,
        Some("none" | "无") => Some(None),
        Some(day) => Some(Some(parse_date("--until", day)?)),
    };
    let input = FollowInput {
        assign,
        state: args
            .state
            .as_deref()
            .map(CaseState::parse_or_refuse)
            .transpose()?,
        note: args.note,
        until,
    };
    super::write::perform(
        session,
        Request::Follow {
            key: args.key.trim().to_string(),
            input,
        },
    )
}

pub fn note(session: &Session, id: &str, text: String, cites: Option<String>) -> Result<u8> {
    super::write::perform(
        session,
        Request::WorkNote {
            id: id.to_string(),
            text,
            cites,
        },
    )
}

pub fn notes(session: &Session, id: &str, format: TextOrJson) -> Result<u8> {
    let store = session.open()?;
    let base = store.base(id)?;
    session.may_see(&session.grant(&store)?, id, &base.city)?;
    let notes = store.work_notes(id)?;
    match format {
        TextOrJson::Json => {
            let values: Vec<Value> = notes
                .iter()
                .map(|n| {
                    json!({"n": n.n, "at": n.at, "author": n.author, "text": n.text, "cites": n.cites})
                })
                .collect();
            out(&json(&Value::Array(values)));
        }
        TextOrJson::Table if notes.is_empty() => out(&format!(
            "{}\n",
            session.t(&text!(
                "{id} 还没有工作记录；用 jidi note {id} 内容 添加",
                "{id} has no work records yet; add one with jidi note {id} TEXT"
            ))
        )),
        TextOrJson::Table => {
            let headers = match session.lang() {
                Lang::Zh => ["#", "时间", "记录人", "内容", "关于"],
                Lang::En => ["#", "at", "by", "note", "about"],
            };
            let mut table = Table::new(&headers);
            for n in &notes {
                let at = n.at.get(..16).unwrap_or(&n.at).replace('T', " ");
                table.row(vec![
                    n.n.to_string(),
                    at,
                    n.author.clone(),
                    n.text.clone(),
                    n.cites.clone().unwrap_or_default(),
                ]);
            }
            out(&table.render());
        }
    }
    Ok(EXIT_OK)
}

/// What is new for one user since they last looked.
struct Digest {
    since: String,
    new_findings: Vec<Finding>,
    assigned: Vec<(FollowUp, Option<Finding>)>,
    due_soon: Vec<Finding>,
    notes: Vec<Event>,
}

/// The window of deadlines a digest looks ahead.
const DUE_DAYS: i64 = 14;

pub fn digest(session: &Session, since: Option<&str>, format: TextOrJson) -> Result<u8> {
    let since_day = since.map(|d| parse_date("--since", d)).transpose()?;
    let store = session.open()?;
    let grant = session.grant(&store)?;
    let me = session.who().actor;
    let today = session.today;
    let last = store.last_look(&me)?;
    let since = match (since_day, &last) {
        (Some(day), _) => format!("{day}T00:00:00"),
        (None, Some(look)) => look.at.clone(),
        // A first digest looks back a week.
        (None, None) => format!("{}T00:00:00", add_days(today, -7)),
    };
    // Every record passes through the rules one at a time; only the findings are kept.
    let bans = BanIndex::from_bans(store.bans()?);
    let ctx = session.ctx();
    let mut found: Vec<Finding> = Vec::new();
    store.for_each_base(|b| {
        if grant.covers(&b.city) {
            found.extend(findings::findings(&b, &ctx, &bans));
        }
    })?;
    let cases: HashMap<String, FollowUp> = store
        .cases()?
        .into_iter()
        .map(|c| (c.key.clone(), c))
        .collect();
    let known: HashSet<&str> = last
        .as_ref()
        .filter(|_| since_day.is_none())
        .map(|l| l.findings.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let mut new_findings: Vec<Finding> = found
        .iter()
        .filter(|f| !known.contains(f.key().as_str()))
        .cloned()
        .collect();
    findings::sort_by_urgency(&mut new_findings, today);
    let by_key: HashMap<String, &Finding> = found.iter().map(|f| (f.key(), f)).collect();
    let mine: Vec<&FollowUp> = cases
        .values()
        .filter(|c| c.assignee.as_deref() == Some(me.as_str()) && !c.is_closed())
        .collect();
    let mut assigned: Vec<(FollowUp, Option<Finding>)> = mine
        .iter()
        .map(|c| ((*c).clone(), by_key.get(&c.key).map(|f| (*f).clone())))
        .collect();
    assigned.sort_by(|a, b| a.0.key.cmp(&b.0.key));
    let horizon = add_days(today, DUE_DAYS);
    let mut due_soon: Vec<Finding> = found
        .iter()
        .filter(|f| f.due.is_some_and(|d| d >= today && d <= horizon))
        .filter(|f| {
            cases
                .get(&f.key())
                .is_none_or(|c| !c.is_closed() && c.assignee.as_deref().is_none_or(|a| a == me))
        })
        .cloned()
        .collect();
    due_soon.sort_by_key(|f| (f.due, f.base_id.clone()));
    let my_keys: HashSet<&str> = mine.iter().map(|c| c.key.as_str()).collect();
    let mut notes = Vec::new();
    store.events_newest_first(None, |e| {
        if e.at.as_str() <= since.as_str() {
            return false;
        }
        let on_mine = e.changes.iter().any(|c| {
            c.field
                .strip_prefix("case:")
                .is_some_and(|k| my_keys.contains(k))
        });
        if e.action == "follow" && e.actor != me && on_mine {
            notes.push(e);
        }
        true
    })?;
    notes.reverse();
    let digest = Digest {
        since,
        new_findings,
        assigned,
        due_soon,
        notes,
    };
    print_digest(session, &digest, format);
    if !session.read_only {
        let look = Look {
            at: session.who().at.to_rfc3339(),
            findings: found.iter().map(Finding::key).collect(),
        };
        let who = session.who();
        // A bookmark, not a change: a failure to keep it does not fail the digest.
        if let Ok(store) = session.open_to_write() {
            let _ = store.write(&who, |tx| Ok(tx.set_look(&me, &look)?));
        }
    }
    Ok(EXIT_OK)
}

fn print_digest(session: &Session, d: &Digest, format: TextOrJson) {
    let lang = session.lang();
    let finding = |f: &Finding| {
        json!({
            "key": f.key(), "base_id": f.base_id, "kind": f.kind.code(), "rule": f.rule,
            "severity": f.severity.code(), "due": f.due, "message": session.t(&f.message),
        })
    };
    if format == TextOrJson::Json {
        let value = json!({
            "since": d.since,
            "new_findings": d.new_findings.iter().map(finding).collect::<Vec<_>>(),
            "assigned": d.assigned.iter().map(|(c, f)| json!({
                "key": c.key, "state": c.state.code(), "until": c.until,
                "finding": f.as_ref().map(finding),
            })).collect::<Vec<_>>(),
            "due_soon": d.due_soon.iter().map(finding).collect::<Vec<_>>(),
            "notes": d.notes.iter().map(|e| json!({
                "at": e.at, "actor": e.actor, "base_id": e.base_id, "summary": session.t(&e.summary),
            })).collect::<Vec<_>>(),
        });
        out(&json(&value));
        return;
    }
    let since = d.since.get(..16).unwrap_or(&d.since).replace('T', " ");
    let (new, mine, due, noted) = (
        d.new_findings.len(),
        d.assigned.len(),
        d.due_soon.len(),
        d.notes.len(),
    );
    let mut lines = vec![session.t(&text!(
        "jidi：自 {since} 以来 — 新问题 {new} 项 · 我的事项 {mine} 项 · {DUE_DAYS} 天内到期 {due} 项 · 他人备注 {noted} 条",
        "jidi since {since}: {new} new findings · {mine} cases of mine · {due} due within {DUE_DAYS} days · {noted} notes by others"
    )).to_string()];
    let line = |f: &Finding| {
        let due = f
            .due
            .map(|d| d.format(" %m-%d").to_string())
            .unwrap_or_default();
        format!(
            "  {}{due} {} {}",
            f.severity.label(lang),
            f.base_id,
            session.t(&f.message)
        )
    };
    const SHOWN: usize = 3;
    // A login message stays short: the first few of each, and how many more there are.
    let more = |n: usize| {
        (n > SHOWN).then(|| {
            let rest = n - SHOWN;
            session
                .t(&text!("  …还有 {rest} 项", "  …and {rest} more"))
                .to_string()
        })
    };
    if new > 0 {
        lines.push(session.t(&text!("新问题：", "new:")).to_string());
        lines.extend(d.new_findings.iter().take(SHOWN).map(line));
        lines.extend(more(new));
    }
    if due > 0 {
        lines.push(session.t(&text!("即将到期：", "due soon:")).to_string());
        lines.extend(d.due_soon.iter().take(SHOWN).map(line));
        lines.extend(more(due));
    }
    for e in d.notes.iter().rev().take(SHOWN) {
        lines.push(format!("  {} {}", e.actor, session.t(&e.summary)));
    }
    lines.extend(more(noted));
    if new + mine + due + noted > 0 {
        lines.push(
            session
                .t(&text!(
                    "详见：jidi triage --mine（控制台：t 后切到「我的」）",
                    "more: jidi triage --mine (console: t, then the Mine view)"
                ))
                .to_string(),
        );
    }
    out(&(lines.join("\n") + "\n"));
}
