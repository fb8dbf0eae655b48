//! Commands that only read: list, show, triage, log, eligibility.

use super::args::{Format, ListArgs, Selection, TextOrJson, TriageArgs};
use super::output::{Table, json};
use super::{EXIT_NOT_ELIGIBLE, EXIT_OK, Session, out, parse_number};
use crate::domain::base::Base;
use crate::domain::cases::{self, FollowUp, Inbox};
use crate::domain::codes::{CaseState, Code, RegionGroup};
use crate::domain::confidential::Notes;
use crate::domain::eligibility::{self, CheckLine};
use crate::domain::findings::{self, BanIndex, Finding};
use crate::domain::obligations::report_lines;
use crate::domain::text::{Lang, Refusal};
use crate::filter::Filter;
use crate::interchange::csv::to_string as csv;
use crate::store::{Event, Store, Summary};
use crate::text;
use anyhow::Result;
use serde_json::{Value, json};
use std::collections::HashMap;

fn group_of(session: &Session, city: &str) -> Option<RegionGroup> {
    session.policy().city_by_code(city).map(|c| c.group)
}

/// The city as people read it: `广州` (or its pinyin in English).
fn city_label(session: &Session, city: &str) -> String {
    match (session.policy().city_by_code(city), session.lang()) {
        (Some(c), Lang::Zh) => c.name.clone(),
        _ => city.to_string(),
    }
}

/// A base as scripts see it in lists: stable codes only.
fn summary_json(session: &Session, row: &Summary) -> Value {
    let city = session.policy().city_by_code(&row.city);
    json!({
        "id": row.id,
        "name": row.name,
        "category": row.category.code(),
        "city": row.city,
        "city_code": city.map(|c| c.code.clone()),
        "region_group": city.map(|c| c.group.code()),
        "status": row.status.code(),
        "last_outcome": row.last_outcome.code(),
        "origin": row.origin.code(),
        "host": row.host,
        "leader": row.leader,
        "former_names": row.former_names,
        "recognised_on": row.recognised_on,
    })
}

/// The summary rows `selection` picks, in id order (by relevance when it searches).
pub(super) fn select(
    session: &Session,
    store: &Store,
    selection: &Selection,
) -> Result<Vec<Summary>> {
    let policy = session.policy();
    let mut filter = Filter::default();
    if let Some(v) = &selection.category {
        filter.set_categories(v)?;
    }
    if let Some(v) = &selection.region {
        filter.set_regions(v, policy)?;
    }
    if let Some(v) = &selection.outcome {
        filter.set_outcomes(v)?;
    }
    if let Some(v) = &selection.status {
        filter.set_statuses(v)?;
    }
    let rows = match &selection.search {
        // Search reads every stored key in place and only then the rows it found, best first.
        Some(query) => {
            let query = crate::search::Query::new(query);
            let mut matcher = crate::search::Matcher::new();
            let mut hits: Vec<(i64, String)> = Vec::new();
            store.scan_keys(|id, key| {
                if let Some(hit) = matcher.score(&query, key) {
                    hits.push((hit.score, id.to_string()));
                }
            })?;
            hits.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            let ids: Vec<String> = hits.into_iter().map(|(_, id)| id).collect();
            store.summaries_of(&ids)?
        }
        None => store.summaries()?,
    };
    // A user limited to one city sees only its bases, in lists and exports alike.
    let grant = session.grant(store)?;
    Ok(rows
        .into_iter()
        .filter(|row| grant.covers(&row.city) && filter.matches(row, policy))
        .collect())
}

pub fn list(session: &Session, args: &ListArgs) -> Result<u8> {
    let store = session.open()?;
    let rows = select(session, &store, &args.selection)?;
    let lang = session.lang();
    match args.format {
        Format::Json => {
            let values: Vec<Value> = rows.iter().map(|r| summary_json(session, r)).collect();
            out(&json(&Value::Array(values)));
        }
        Format::Csv => {
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.id.clone(),
                        r.name.clone(),
                        r.category.code().into(),
                        r.city.clone(),
                        group_of(session, &r.city).map_or("", |g| g.code()).into(),
                        r.status.code().into(),
                        r.last_outcome.code().into(),
                        r.host.clone(),
                        r.leader.clone(),
                    ]
                })
                .collect();
            let headers = [
                "id",
                "name",
                "category",
                "city",
                "region_group",
                "status",
                "last_outcome",
                "host",
                "leader",
            ];
            out(&csv(&headers, &table)?);
        }
        Format::Table => {
            let headers = match lang {
                Lang::Zh => ["编号", "名称", "类型", "城市", "状态", "最近评估"],
                Lang::En => ["id", "name", "category", "city", "status", "last outcome"],
            };
            let mut table = Table::new(&headers);
            for r in &rows {
                table.row(vec![
                    r.id.clone(),
                    r.name.clone(),
                    r.category.label(lang).into(),
                    city_label(session, &r.city),
                    r.status.label(lang).into(),
                    r.last_outcome.label(lang).into(),
                ]);
            }
            let count = rows.len();
            out(&table.render());
            out(&format!(
                "{}\n",
                session.t(&text!("共 {count} 个基地", "{count} bases"))
            ));
        }
    }
    Ok(session.finish_read(&store, EXIT_OK))
}

fn finding_json(session: &Session, f: &Finding, name: Option<&str>) -> Value {
    json!({
        "key": f.key(),
        "base_id": f.base_id,
        "base_name": name,
        "kind": f.kind.code(),
        "rule": f.rule,
        "severity": f.severity.code(),
        "due": f.due,
        "message": session.t(&f.message),
        "action": session.t(&f.action),
    })
}

fn check_json(session: &Session, line: &CheckLine) -> Value {
    json!({
        "rule": line.rule,
        "check": session.t(&line.label),
        "value": session.t(&line.value),
        "threshold": session.t(&line.threshold),
        "years": line.years,
        "missing_years": line.missing,
        "pass": line.pass,
        "advisory": line.advisory,
    })
}

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
    let bases = store.bases()?;
    let bans = BanIndex::new(&bases);
    let ctx = session.ctx();
    let cases: HashMap<String, FollowUp> = store
        .cases()?
        .into_iter()
        .map(|c| (c.key.clone(), c))
        .collect();
    let me = session.who().actor;
    let today = session.today;
    let wanted = |f: &Finding| {
        let case = cases.get(&f.key());
        inbox.is_none_or(|inbox| cases::in_inbox(inbox, case, f.due, &me, today))
            && args
                .assignee
                .as_deref()
                .is_none_or(|u| case.is_some_and(|c| c.assignee.as_deref() == Some(u)))
            && state.is_none_or(|s| case.map_or(CaseState::Open, |c| c.state) == s)
            && within.is_none_or(|days| findings::within(f, today, days))
    };
    let mut found: Vec<Finding> = bases
        .iter()
        .filter(|b| grant.covers(&b.city))
        .flat_map(|b| findings::findings(b, &ctx, &bans))
        .chain(findings::programme(&ctx))
        .filter(|f| wanted(f))
        .collect();
    findings::sort_by_urgency(&mut found, session.today);
    let names: HashMap<&str, &str> = bases
        .iter()
        .map(|b| (b.id.as_str(), b.name.as_str()))
        .collect();
    let lang = session.lang();
    let case_of = |f: &Finding| cases.get(&f.key());
    match args.format {
        Format::Json => {
            let values: Vec<Value> = found
                .iter()
                .map(|f| {
                    let mut value =
                        finding_json(session, f, names.get(f.base_id.as_str()).copied());
                    if let Some(case) = case_of(f) {
                        add_case_json(&mut value, case);
                    }
                    value
                })
                .collect();
            out(&json(&Value::Array(values)));
        }
        Format::Csv => {
            let rows: Vec<Vec<String>> = found
                .iter()
                .map(|f| {
                    vec![
                        f.base_id.clone(),
                        names.get(f.base_id.as_str()).copied().unwrap_or("").into(),
                        f.kind.code().into(),
                        f.rule.into(),
                        f.severity.code().into(),
                        f.due.map(|d| d.to_string()).unwrap_or_default(),
                        session.t(&f.message).into(),
                        session.t(&f.action).into(),
                        f.key(),
                        case_of(f)
                            .and_then(|c| c.assignee.clone())
                            .unwrap_or_default(),
                        case_of(f).map_or("", |c| c.state.code()).into(),
                        case_of(f)
                            .and_then(|c| c.until)
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                    ]
                })
                .collect();
            let headers = [
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
            out(&csv(&headers, &rows)?);
        }
        Format::Table => {
            let headers = match lang {
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
            let mut table = Table::new(&headers);
            for f in &found {
                table.row(vec![
                    f.severity.label(lang).into(),
                    f.due.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
                    if f.base_id.is_empty() {
                        "—".into()
                    } else {
                        f.base_id.clone()
                    },
                    match names.get(f.base_id.as_str()) {
                        Some(name) => name.to_string(),
                        None => session.t(&text!("（全部基地）", "(all bases)")).into(),
                    },
                    f.rule.into(),
                    session.t(&f.message).into(),
                    session.t(&f.action).into(),
                    case_of(f).map_or_else(|| "—".into(), |c| case_label(c, lang)),
                ]);
            }
            let count = found.len();
            out(&table.render());
            out(&format!(
                "{}\n",
                session.t(&text!("共 {count} 项", "{count} findings"))
            ));
        }
    }
    Ok(session.finish_read(&store, EXIT_OK))
}

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

/// A followed finding in JSON gains `assignee`, `state`, `until` and `notes`.
fn add_case_json(value: &mut Value, case: &FollowUp) {
    let obj = value.as_object_mut().expect("a finding is a JSON object");
    obj.insert("assignee".into(), json!(case.assignee));
    obj.insert("state".into(), json!(case.state.code()));
    obj.insert("until".into(), json!(case.until));
    obj.insert(
        "notes".into(),
        json!(
            case.notes
                .iter()
                .map(|n| json!({"at": n.at, "author": n.author, "text": n.text}))
                .collect::<Vec<_>>()
        ),
    );
    if let Some(reason) = &case.dismissed_because {
        obj.insert("dismissed_because".into(), json!(reason));
    }
}

fn event_json(event: &Event, session: &Session) -> Value {
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

fn event_lines(events: &[Event], session: &Session, with_base: bool) -> Table {
    let headers: &[&str] = match (session.lang(), with_base) {
        (Lang::Zh, true) => &["序号", "时间", "用户", "编号", "内容"],
        (Lang::Zh, false) => &["序号", "时间", "用户", "内容"],
        (Lang::En, true) => &["seq", "at", "user", "id", "what"],
        (Lang::En, false) => &["seq", "at", "user", "what"],
    };
    let mut table = Table::new(headers);
    for e in events {
        let at = e.at.get(..16).unwrap_or(&e.at).replace('T', " ");
        let mut row = vec![format!("#{}", e.seq), at, e.actor.clone()];
        if with_base {
            row.push(e.base_id.clone().unwrap_or_else(|| "—".into()));
        }
        row.push(session.t(&e.summary).into());
        table.row(row);
    }
    table
}

/// What `jidi log` shows.
pub struct LogArgs {
    pub id: Option<String>,
    pub user: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub limit: Option<usize>,
}

pub fn log(session: &Session, args: &LogArgs, format: TextOrJson) -> Result<u8> {
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
    // A user limited to one city sees the events of that city's bases (and those about no base).
    let hidden: std::collections::HashSet<String> = match &grant.scope {
        Some(_) if id.is_none() => store
            .summaries()?
            .into_iter()
            .filter(|s| !grant.covers(&s.city))
            .map(|s| s.id)
            .collect(),
        _ => Default::default(),
    };
    let mut events = Vec::new();
    store.events_newest_first(id, |e| {
        // RFC 3339 in the policy's zone: its first ten characters are the day.
        let day =
            e.at.get(..10)
                .and_then(|d| d.parse::<chrono::NaiveDate>().ok());
        let wanted = args.user.as_deref().is_none_or(|u| e.actor == u)
            && e.base_id.as_ref().is_none_or(|b| !hidden.contains(b))
            && until.is_none_or(|u| day.is_none_or(|d| d <= u));
        let past = since.is_some_and(|s| day.is_some_and(|d| d < s));
        if wanted && !past {
            events.push(e);
        }
        !past && args.limit.is_none_or(|n| events.len() < n)
    })?;
    events.reverse();
    match format {
        TextOrJson::Json => {
            let values: Vec<Value> = events.iter().map(|e| event_json(e, session)).collect();
            out(&json(&Value::Array(values)));
        }
        TextOrJson::Table => out(&event_lines(&events, session, id.is_none()).render()),
    }
    Ok(session.finish_read(&store, EXIT_OK))
}

fn eligibility_lines(
    session: &Session,
    base: &Base,
    call_date: Option<&str>,
) -> Result<(chrono::NaiveDate, Vec<CheckLine>)> {
    let override_date = call_date
        .map(|d| crate::domain::dates::parse_date("--call-date", d))
        .transpose()?;
    let Some(call) = eligibility::call_date_for(base, session.policy(), override_date) else {
        use chrono::Datelike;
        let year = base.applied_on.year();
        return Err(Refusal::input(text!(
            "策略文件没有 {year} 年的专题指南发布日期；用 --call-date 指定，或在 [eligibility.calls] 中补充",
            "the policy has no call date for {year}; pass --call-date or add it under [eligibility.calls]"
        ))
        .into());
    };
    Ok((call, eligibility::check(base, session.policy(), call)))
}

pub fn eligibility(
    session: &Session,
    id: &str,
    call_date: Option<&str>,
    format: TextOrJson,
) -> Result<u8> {
    let store = session.open()?;
    let base = store.base(id)?;
    session.may_see(&session.grant(&store)?, id, &base.city)?;
    let (call, lines) = eligibility_lines(session, &base, call_date)?;
    let eligible = eligibility::eligible(&lines);
    match format {
        TextOrJson::Json => out(&json(&json!({
            "id": base.id,
            "category": base.category.code(),
            "call_date": call,
            "eligible": eligible,
            "checks": lines.iter().map(|l| check_json(session, l)).collect::<Vec<_>>(),
        }))),
        TextOrJson::Table => {
            out(&format!(
                "{}  {}  ({})\n",
                base.id,
                base.name,
                base.category.label(session.lang())
            ));
            let years = eligibility::window_years(session.policy(), call);
            let (first, last) = (years[0], years[years.len() - 1]);
            out(&format!(
                "{}\n",
                session.t(&text!(
                    "指南发布日期 {call}；量化指标统计 {first}–{last} 年（A8：申报前三年）",
                    "call published {call}; figures of {first}–{last} (A8: the years before the call)"
                ))
            ));
            out(&check_table_for(session, &lines).render());
            let failed = lines.iter().filter(|l| l.fails()).count();
            let warned = lines.iter().filter(|l| !l.pass && l.advisory).count();
            let verdict = match (eligible, warned) {
                (true, 0) => text!("结论：符合全部申报条件", "result: meets every condition"),
                (true, _) => text!(
                    "结论：符合申报条件（{warned} 项提示，见 !）",
                    "result: meets the conditions ({warned} warning(s), marked !)"
                ),
                (false, _) => text!(
                    "结论：{failed} 项不符合",
                    "result: {failed} condition(s) not met"
                ),
            };
            out(&format!("{}\n", session.t(&verdict)));
        }
    }
    let code = if eligible { EXIT_OK } else { EXIT_NOT_ELIGIBLE };
    Ok(session.finish_read(&store, code))
}

pub(super) fn check_table_for(session: &Session, lines: &[CheckLine]) -> Table {
    let headers = match session.lang() {
        Lang::Zh => ["", "规则", "条件", "实际", "要求", "年度"],
        Lang::En => ["", "rule", "condition", "value", "threshold", "years"],
    };
    let mut table = Table::new(&headers);
    for l in lines {
        table.row(vec![
            match (l.pass, l.advisory) {
                (true, _) => "✓".into(),
                (false, true) => "!".into(),
                (false, false) => "✗".into(),
            },
            l.rule.into(),
            session.t(&l.label).into(),
            session.t(&l.value).into(),
            session.t(&l.threshold).into(),
            session.t(&l.years_text()).into(),
        ]);
    }
    table
}

pub fn show(session: &Session, id: &str, format: TextOrJson) -> Result<u8> {
    let store = session.open()?;
    let base = store.base(id)?;
    session.may_see(&session.grant(&store)?, id, &base.city)?;
    let all = store.bases()?;
    let bans = BanIndex::new(&all);
    let ctx = session.ctx();
    let mut found = findings::findings(&base, &ctx, &bans);
    findings::sort_by_urgency(&mut found, session.today);
    let reports = report_lines(&base, session.policy(), session.today);
    let checks = if base.status.is_application() {
        eligibility_lines(session, &base, None).ok()
    } else {
        None
    };
    let notes = super::keys::notes_for(session, &store, &base);
    let events = store.events(Some(id))?;
    match format {
        TextOrJson::Json => {
            let mut value = serde_json::to_value(&base)?;
            confidential_json(&mut value, &notes, session);
            let obj = value.as_object_mut().expect("a Base is a JSON object");
            obj.insert(
                "region_group".into(),
                json!(group_of(session, &base.city).map(|g| g.code())),
            );
            obj.insert("last_outcome".into(), json!(base.last_outcome().code()));
            // For `--if-version`: the change a script's edit was made against.
            let version = events
                .iter()
                .rev()
                .find(|e| e.changed_base())
                .map(|e| e.seq);
            obj.insert("version".into(), json!(version));
            obj.insert(
                "report_lines".into(),
                json!(
                    reports
                        .iter()
                        .map(|r| json!({
                            "year": r.year, "due": r.due, "status": r.status.code(),
                            "submitted": r.submitted, "resubmit_by": r.resubmit_by,
                        }))
                        .collect::<Vec<_>>()
                ),
            );
            obj.insert(
                "findings".into(),
                json!(
                    found
                        .iter()
                        .map(|f| finding_json(session, f, Some(&base.name)))
                        .collect::<Vec<_>>()
                ),
            );
            if let Some((call, lines)) = &checks {
                obj.insert(
                    "eligibility".into(),
                    json!({
                        "call_date": call,
                        "eligible": eligibility::eligible(lines),
                        "checks": lines.iter().map(|l| check_json(session, l)).collect::<Vec<_>>(),
                    }),
                );
            }
            obj.insert(
                "events".into(),
                json!(
                    events
                        .iter()
                        .map(|e| event_json(e, session))
                        .collect::<Vec<_>>()
                ),
            );
            out(&json(&value));
        }
        TextOrJson::Table => {
            let mut view = crate::app::detail::DetailView::new(
                base,
                events,
                ctx,
                &bans,
                crate::app::Screen::Bases,
            );
            view.notes = notes;
            let detail = crate::ui::detail::Detail {
                view: &view,
                lang: session.lang(),
                policy: session.policy(),
                today: session.today,
                full_width: true,
            };
            out(&crate::ui::detail::plain_text(&detail));
        }
    }
    Ok(session.finish_read(&store, EXIT_OK))
}

/// Risk notes in JSON: the opened text for a reader who may see it, else `null` and the reason
/// (`confidential`); what is stored (sealed) is never printed.
fn confidential_json(value: &mut serde_json::Value, notes: &Notes, session: &Session) {
    let Some(risks) = value.get_mut("risks").and_then(|r| r.as_array_mut()) else {
        return;
    };
    for risk in risks {
        let n = risk["n"].as_u64().unwrap_or(0) as u32;
        let text = notes.text_of(n);
        risk["description"] = json!(text.map(|t| &t.description));
        risk["mitigation"] = json!(text.map(|t| &t.mitigation));
        if let Notes::Sealed(why) = notes {
            risk["confidential"] = json!(session.t(why));
        }
    }
}
