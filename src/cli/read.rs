//! Commands that only read: list, show, eligibility (triage and log have their own files).

use super::args::{ListArgs, Selection, TextOrJson};
use super::log::event_json;
use super::output::{Rows, Stream, Table, Want, json};
use super::{EXIT_NOT_ELIGIBLE, EXIT_OK, Session, out};
use crate::domain::base::Base;
use crate::domain::codes::{Code, RegionGroup};
use crate::domain::confidential::Notes;
use crate::domain::eligibility::{self, CheckLine};
use crate::domain::findings::{self, BanIndex, Finding};
use crate::domain::obligations::report_lines;
use crate::domain::text::{Lang, Refusal};
use crate::filter::Filter;
use crate::store::{Store, Summary};
use crate::text;
use anyhow::Result;
use serde_json::{Value, json};

fn group_of(session: &Session, city: &str) -> Option<RegionGroup> {
    session.policy().city_by_code(city).map(|c| c.group)
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

/// The columns of `jidi list --format csv`.
const LIST_CSV: [&str; 9] = [
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

/// The filter `selection` asks for; an unknown category, region, outcome or status is refused
/// here, before anything is printed or written.
pub(super) fn filter_of(session: &Session, selection: &Selection) -> Result<Filter> {
    let mut filter = Filter::default();
    if let Some(v) = &selection.category {
        filter.set_categories(v)?;
    }
    if let Some(v) = &selection.region {
        filter.set_regions(v, session.policy())?;
    }
    if let Some(v) = &selection.outcome {
        filter.set_outcomes(v)?;
    }
    if let Some(v) = &selection.status {
        filter.set_statuses(v)?;
    }
    Ok(filter)
}

/// Calls `f` with each summary row `selection` picks, one at a time: in id order, or best
/// first when it searches. A user limited to one city gets only its bases, in lists and
/// exports alike.
pub(super) fn select_each(
    session: &Session,
    store: &Store,
    selection: &Selection,
    mut f: impl FnMut(Summary),
) -> Result<()> {
    let policy = session.policy();
    let filter = filter_of(session, selection)?;
    let grant = session.grant(store)?;
    let mut keep = |row: Summary| {
        if grant.covers(&row.city) && filter.matches(&row, policy) {
            f(row);
        }
    };
    match &selection.search {
        Some(query) => search(store, query)?.into_iter().for_each(keep),
        None => store.for_each_summary(|row| {
            keep(row);
            true
        })?,
    }
    Ok(())
}

/// The rows whose search keys match `query`, best first (equals by id). Every key is scored
/// where the store keeps them, on every core; only the rows found are decoded.
fn search(store: &Store, query: &str) -> Result<Vec<Summary>> {
    let query = crate::search::Query::new(query);
    let parts = store.map_key_parts(|part| {
        crate::search::score_all(&query, part.len(), |i| part.key(i))
            .into_iter()
            .filter_map(|(score, i)| Some((score, part.row(i)?)))
            .collect::<Vec<_>>()
    })?;
    let mut hits: Vec<(i64, Summary)> = parts.into_iter().flatten().collect();
    crate::search::best_first(&mut hits, |a, b| a.id.cmp(&b.id));
    Ok(hits.into_iter().map(|(_, row)| row).collect())
}

/// The summary rows `selection` picks, in [`select_each`]'s order.
pub(super) fn select(
    session: &Session,
    store: &Store,
    selection: &Selection,
) -> Result<Vec<Summary>> {
    let mut rows = Vec::new();
    select_each(session, store, selection, |row| rows.push(row))?;
    Ok(rows)
}

/// Lists as the rows come: memory stays flat however many bases there are.
pub fn list(session: &Session, args: &ListArgs) -> Result<u8> {
    // A bad filter is refused before a CSV header or a table is printed.
    filter_of(session, &args.selection)?;
    let store = session.open()?;
    let lang = session.lang();
    let table_headers = match lang {
        Lang::Zh => ["编号", "名称", "类型", "城市", "状态", "最近评估"],
        Lang::En => ["id", "name", "category", "city", "status", "last outcome"],
    };
    let mut out = Stream::stdout();
    let mut rows = Rows::new(&mut out, args.format, &LIST_CSV, &table_headers);
    let mut count = 0;
    select_each(session, &store, &args.selection, |r| {
        count += 1;
        match rows.wants() {
            Want::Json => rows.value(&mut out, &summary_json(session, &r)),
            Want::Csv => rows.cells(
                &mut out,
                [
                    r.id.as_str(),
                    &r.name,
                    r.category.code(),
                    &r.city,
                    group_of(session, &r.city).map_or("", |g| g.code()),
                    r.status.code(),
                    r.last_outcome.code(),
                    &r.host,
                    &r.leader,
                ],
            ),
            Want::Table => rows.table_cells(
                &mut out,
                vec![
                    r.id.clone(),
                    r.name.clone(),
                    r.category.label(lang).into(),
                    session.policy().city_label(&r.city, lang),
                    r.status.label(lang).into(),
                    r.last_outcome.label(lang).into(),
                ],
            ),
        }
    })?;
    let footer = text!("共 {count} 个基地", "{count} bases");
    let none = text!("没有符合条件的基地", "no bases match");
    rows.finish(&mut out, Some(session.t(&footer)), session.t(&none));
    out.finish();
    Ok(session.finish_read(&store, EXIT_OK))
}

pub(super) fn finding_json(session: &Session, f: &Finding, name: Option<&str>) -> Value {
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
    // One base costs what one base costs: the bans on its host unit through the host index,
    // never a pass over every record.
    let bans = BanIndex::from_bans(store.bans_for_host(&base.host.name)?);
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
