//! `jidi log`: the history, oldest first, printed as it is read.

use super::args::LogFormat;
use super::output::{Rows, Stream, Want};
use super::{EXIT_OK, Session};
use crate::domain::text::Lang;
use crate::store::Event;
use crate::text;
use anyhow::Result;
use serde_json::{Value, json};

pub(super) fn event_json(event: &Event, session: &Session) -> Value {
    json!({
        "seq": event.seq,
        "batch": event.batch,
        "at": event.at,
        "actor": event.actor,
        "base_id": event.base_id,
        "action": event.action,
        "summary": session.t(&event.summary),
        "undoes": event.undoes,
        "changes": event.changes.iter().map(|c| json!({
            "field": c.field,
            "item": c.item,
            "before": stored_json(c.before.as_deref()),
            "after": stored_json(c.after.as_deref()),
        })).collect::<Vec<_>>(),
    })
}

/// A value an event recorded, as JSON (`null` where there was none).
fn stored_json(text: Option<&str>) -> Value {
    text.and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or(Value::Null)
}

fn event_cells(e: &Event, session: &Session, with_base: bool) -> Vec<String> {
    let at = e.at.get(..16).unwrap_or(&e.at).replace('T', " ");
    let mut row = vec![format!("#{}", e.seq), at, e.actor.clone()];
    if with_base {
        row.push(e.base_id.clone().unwrap_or_else(|| "—".into()));
    }
    row.push(session.t(&e.summary).into());
    row
}

/// What `jidi log` shows.
pub struct LogArgs {
    pub id: Option<String>,
    pub user: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub limit: Option<usize>,
}

/// Prints events oldest first as they are read. With `--limit` or `--since` a first walk,
/// newest first, finds where to start (reading only the events it prints, and those between),
/// then the events are read again from there, in the same read transaction: memory holds one
/// event at a time however long the history.
pub fn log(session: &Session, args: &LogArgs, format: LogFormat) -> Result<u8> {
    let parse = |field, v: &Option<String>| {
        v.as_deref()
            .map(|d| crate::domain::dates::parse_date(field, d))
            .transpose()
    };
    let (since, until) = (
        parse("--since", &args.since)?,
        parse("--until", &args.until)?,
    );
    let store = session.open()?;
    let grant = session.grant(&store)?;
    let id = args.id.as_deref();
    if let Some(id) = id {
        let base = store.base(id)?;
        session.may_see(&grant, id, &base.city)?;
    }
    let history = store.history()?;
    // A user limited to one city sees the events of that city's bases (and those about no base).
    let scoped = grant.scope.is_some() && id.is_none();
    let visible = |e: &Event| {
        !scoped
            || e.base_id.as_deref().is_none_or(|b| {
                history
                    .summary(b)
                    .ok()
                    .flatten()
                    .is_none_or(|row| grant.covers(&row.city))
            })
    };
    // RFC 3339 in the policy's zone: its first ten characters are the day.
    let day = |e: &Event| {
        e.at.get(..10)
            .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
    };
    let wanted = |e: &Event| {
        args.user.as_deref().is_none_or(|u| e.actor == u)
            && until.is_none_or(|u| day(e).is_none_or(|d| d <= u))
            && visible(e)
    };
    let past = |e: &Event| since.is_some_and(|s| day(e).is_some_and(|d| d < s));
    // The oldest event to print: of the newest `limit` wanted ones, and not before `since`.
    let start = if args.limit == Some(0) {
        // `--limit 0` asks for no event, as `head -n 0` prints no line.
        None
    } else if args.limit.is_some() || since.is_some() {
        let (mut start, mut found) = (None, 0);
        history.newest_first(id, |e| {
            if past(&e) {
                return false;
            }
            if wanted(&e) {
                found += 1;
                start = Some(e.seq);
            }
            args.limit.is_none_or(|n| found < n)
        })?;
        start
    } else {
        Some(0)
    };
    let with_base = id.is_none();
    let headers: &[&str] = match (session.lang(), with_base) {
        (Lang::Zh, true) => &["序号", "时间", "用户", "编号", "内容"],
        (Lang::Zh, false) => &["序号", "时间", "用户", "内容"],
        (Lang::En, true) => &["seq", "at", "user", "id", "what"],
        (Lang::En, false) => &["seq", "at", "user", "what"],
    };
    let mut out = Stream::stdout();
    let mut rows = Rows::new(&mut out, format.into(), &[], headers);
    if let Some(start) = start {
        history.oldest_first(id, start, |e| {
            if wanted(&e) {
                match rows.wants() {
                    Want::Table => rows.table_cells(&mut out, event_cells(&e, session, with_base)),
                    Want::Json | Want::Csv => rows.value(&mut out, &event_json(&e, session)),
                }
            }
            true
        })?;
    }
    let none = text!("没有符合条件的事件", "no events match");
    rows.finish(&mut out, None, session.t(&none));
    out.finish();
    Ok(session.finish_read(&store, EXIT_OK))
}
