//! The demo data set (`data/demo.json`), embedded so `jidi demo` works from any directory.
//!
//! About 80 fictional bases designed around one day, [`DEMO_TODAY`]: on that day every kind of
//! triage finding shows up at least once (except `report_due_soon`, which cannot occur in November
//! with the default policy; it shows on 2027-03-15). [`check_consistency`] holds every record to
//! the lifecycle rules, and is shared with the generator (`synth`).

use crate::domain::base::Base;
use crate::domain::codes::{
    ChangeKind, Code, Origin, Qualification, RemovalReason, ReportReview, Review, RiskStatus,
    Status,
};
use crate::domain::lifecycle::{Ctx, MarkInput, TransitionInput, mark, transition};
use crate::domain::money::PERCENT_SCALE;
use crate::domain::obligations::report_years;
use crate::domain::policy::Policy;
use crate::domain::text::{Lang, Refusal};
use anyhow::{Context, anyhow, bail};
use chrono::{Datelike, NaiveDate};
use std::collections::HashSet;

/// `data/demo.json`: a JSON array of [`Base`] records.
pub const DEMO_JSON: &str = include_str!("../data/demo.json");
/// The date the demo is designed around; its dates are absolute, so views are meant for this day.
pub const DEMO_TODAY: &str = "2026-11-25";

/// Parses and checks the demo set; an error names the base (index and id) and the problem.
pub fn demo_bases() -> anyhow::Result<Vec<Base>> {
    load_checked(DEMO_JSON, &Policy::default_policy(), demo_today()?)
}

fn demo_today() -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(DEMO_TODAY, "%Y-%m-%d")
        .with_context(|| format!("DEMO_TODAY '{DEMO_TODAY}' is not a date"))
}

/// Parses `json` base by base (so a bad record is named) and checks ids and consistency.
fn load_checked(json: &str, policy: &Policy, today: NaiveDate) -> anyhow::Result<Vec<Base>> {
    let raw: Vec<serde_json::Value> =
        serde_json::from_str(json).context("the demo data is not a JSON array of bases")?;
    let mut ids = HashSet::new();
    let mut bases = Vec::with_capacity(raw.len());
    for (i, value) in raw.into_iter().enumerate() {
        let id = value
            .get("id")
            .and_then(|v| v.as_str())
            .unwrap_or("(no id)")
            .to_owned();
        let base: Base = serde_json::from_value(value)
            .with_context(|| format!("demo base #{i} ({id}) does not parse"))?;
        if !ids.insert(base.id.clone()) {
            bail!("demo base #{i} ({id}): the id is used twice");
        }
        check_consistency(&base, policy, today)
            .map_err(|problem| anyhow!("demo base #{i} ({id}): {problem}"))?;
        bases.push(base);
    }
    Ok(bases)
}

/// Checks that a base could have been produced by the lifecycle as of `today`: its id, city and
/// recommender, that nothing happened after `today`, that its status follows from its recognition,
/// evaluation rounds and removal (replayed through the real `mark` and `transition` rules), that
/// it reports only for owed years, and that change filings agree with its current name, leader and
/// host. The error says what is wrong, citing the rule where there is one.
pub fn check_consistency(base: &Base, policy: &Policy, today: NaiveDate) -> Result<(), String> {
    check_identity(base, policy)?;
    check_happened(base, today)?;
    check_lifecycle(base, policy, today)?;
    check_reports(base, policy)?;
    check_changes(base)?;
    check_partners(base, policy)?;
    check_details(base)
}

fn check_identity(base: &Base, policy: &Policy) -> Result<(), String> {
    let year = base.applied_on.year();
    let well_formed = base
        .id
        .strip_prefix(&format!("GDICB-{year}-"))
        .is_some_and(|n| n.len() >= 4 && n.bytes().all(|b| b.is_ascii_digit()));
    if !well_formed {
        return Err(format!(
            "id should be GDICB-{year}-NNNN (the year of application {})",
            base.applied_on
        ));
    }
    for (what, value) in [
        ("name", &base.name),
        ("host unit", &base.host.name),
        ("leader", &base.leader.name),
        ("recommender", &base.recommender),
    ] {
        if value.trim().is_empty() {
            return Err(format!("the {what} is empty"));
        }
    }
    let city = policy
        .city_by_code(&base.city)
        .ok_or_else(|| format!("city '{}' is not in the policy's city table", base.city))?;
    // A city unit is recommended by its own city's bureau (A9.2); units of provincial departments
    // name their department, which is in no city row.
    let other_city = policy
        .cities
        .iter()
        .any(|c| c.recommender == base.recommender && c.pinyin != city.pinyin);
    if other_city {
        return Err(format!(
            "recommender {} is another city's bureau; {} units are recommended by {} (A9.2)",
            base.recommender, city.name, city.recommender
        ));
    }
    Ok(())
}

/// Dates of things that happened may not lie after today (deadlines and validity may).
fn check_happened(base: &Base, today: NaiveDate) -> Result<(), String> {
    let mut dates = vec![
        ("application", Some(base.applied_on)),
        ("status_since", Some(base.status_since)),
        ("recognition", base.recognition_date()),
        ("removal", base.removal.as_ref().map(|r| r.date)),
        ("risk plan", base.risk_plan),
        ("leader qualification", base.leader.qualified_on),
    ];
    for p in &base.partners {
        dates.push(("partner signing", Some(p.signed)));
        dates.push(("partner end", p.ended));
    }
    for s in base.systems.values() {
        dates.push(("management system", s.since));
    }
    for r in &base.reports {
        dates.push(("report submission", Some(r.submitted)));
        dates.push(("report review", r.reviewed_on));
        dates.push(("report resubmission", r.resubmitted));
    }
    for r in &base.rounds {
        dates.push(("evaluation", Some(r.date)));
    }
    for c in &base.changes {
        dates.push(("change effective", Some(c.effective)));
        dates.push(("change filed to the department", c.filed_province));
        dates.push(("change filed to the recommender", c.filed_recommender));
    }
    for r in &base.risks {
        dates.push(("risk opened", Some(r.opened)));
        dates.push(("risk closed", r.closed));
    }
    match dates
        .into_iter()
        .find_map(|(what, date)| date.filter(|d| *d > today).map(|d| (what, d)))
    {
        Some((what, date)) => Err(format!("{what} date {date} is after today ({today})")),
        None => Ok(()),
    }
}

fn refused(what: String, refusal: Refusal) -> String {
    format!("{what}: {}", refusal.message(Lang::En))
}

fn check_lifecycle(base: &Base, policy: &Policy, today: NaiveDate) -> Result<(), String> {
    if base.status_since < base.applied_on {
        return Err(format!(
            "status_since {} is before the application ({})",
            base.status_since, base.applied_on
        ));
    }
    match base.origin {
        // New bases come from an annual call (专题, A9.1), applied for after it was published.
        Origin::New => match policy.call_date(base.applied_on.year()) {
            Some(call) if call <= base.applied_on => {}
            Some(call) => {
                return Err(format!(
                    "applied on {} before the call was published ({call}) (A9.1)",
                    base.applied_on
                ));
            }
            None => {
                return Err(format!(
                    "origin new, but the policy has no call in {} (A9.1)",
                    base.applied_on.year()
                ));
            }
        },
        // Legacy bases were set up under the old procedure, before this regulation (A10).
        Origin::Legacy => match base.recognition_date() {
            Some(date) if date < policy.effective_date => {}
            _ => {
                return Err(format!(
                    "a legacy base needs a recognition before the regulation took effect ({}) (A10)",
                    policy.effective_date
                ));
            }
        },
    }
    if !(base.status.is_managed() || base.status == Status::Removed) {
        return check_application(base);
    }
    let Some(recognition) = &base.recognition else {
        return Err(format!(
            "status {} needs a recognition date and 认定文号 (A9.5)",
            base.status.code()
        ));
    };
    if recognition.doc_no.trim().is_empty() {
        return Err("the recognition has no 认定文号 (A9.5)".into());
    }
    if recognition.date < base.applied_on {
        return Err(format!(
            "recognised on {} before applying ({})",
            recognition.date, base.applied_on
        ));
    }
    if !base.rounds.is_sorted_by_key(|r| r.date) {
        return Err("evaluation rounds are not in date order".into());
    }

    // Replay the rounds and the removal through the real rules; the record must end where they do.
    let ctx = Ctx { policy, today };
    let mut sim = base.clone();
    sim.status = Status::Recognised;
    sim.status_since = recognition.date;
    sim.rounds.clear();
    sim.removal = None;
    sim.rectification_deadline = None;
    // A14.1 removals come from a failed re-evaluation, the others are a person's decision.
    let mut decided = base
        .removal
        .as_ref()
        .filter(|r| r.reason != RemovalReason::A14_1);
    let remove = |sim: &mut Base, reason: RemovalReason, date: NaiveDate| {
        let input = TransitionInput {
            to: Status::Removed,
            date,
            reason: reason.code().into(),
            doc_no: None,
            override_reason: None,
        };
        transition(sim, &ctx, input, &[])
            .map(|_| ())
            .map_err(|r| refused(format!("removal on {date}"), r))
    };
    for round in &base.rounds {
        if let Some(removal) = decided.filter(|r| r.date < round.date) {
            remove(&mut sim, removal.reason, removal.date)?;
            decided = None;
        }
        if round.outcome.is_absence() && round.score.is_some() {
            return Err(format!(
                "round {} has a score but the base did not take part",
                round.round
            ));
        }
        let input = MarkInput {
            outcome: round.outcome,
            date: round.date,
            round: round.round.clone(),
            score: round.score,
        };
        mark(&mut sim, &ctx, input)
            .map_err(|r| refused(format!("round {} ({})", round.round, round.date), r))?;
        let expected = sim.rounds.last().map(|r| r.re_evaluation);
        if expected != Some(round.re_evaluation) {
            return Err(format!(
                "round {} ({}) is marked re_evaluation={} but the lifecycle makes it {}",
                round.round, round.date, round.re_evaluation, !round.re_evaluation
            ));
        }
    }
    if let Some(removal) = decided {
        remove(&mut sim, removal.reason, removal.date)?;
    }
    if sim.status != base.status {
        return Err(format!(
            "its rounds and removal leave it {}, not {}",
            sim.status.code(),
            base.status.code()
        ));
    }
    if sim.status_since != base.status_since {
        return Err(format!(
            "status_since should be {} (when it became {}), not {}",
            sim.status_since,
            base.status.code(),
            base.status_since
        ));
    }
    if sim.rectification_deadline != base.rectification_deadline {
        return Err(format!(
            "rectification deadline should be {:?} (A15.1.3), not {:?}",
            sim.rectification_deadline, base.rectification_deadline
        ));
    }
    let removal = |b: &Base| b.removal.as_ref().map(|r| (r.date, r.reason));
    if removal(&sim) != removal(base) {
        return Err(format!(
            "removal should be {:?} (A14), not {:?}",
            removal(&sim),
            removal(base)
        ));
    }
    Ok(())
}

/// Applications and refused applications have none of a recognised base's records.
fn check_application(base: &Base) -> Result<(), String> {
    let status = base.status.code();
    let stray = [
        ("a recognition", base.recognition.is_some()),
        ("a removal", base.removal.is_some()),
        (
            "a rectification deadline",
            base.rectification_deadline.is_some(),
        ),
        ("annual reports", !base.reports.is_empty()),
        ("evaluation rounds", !base.rounds.is_empty()),
        ("change filings", !base.changes.is_empty()),
    ];
    if let Some((what, _)) = stray.iter().find(|(_, present)| *present) {
        return Err(format!("status {status} cannot have {what}"));
    }
    if base.status == Status::Applied && base.status_since != base.applied_on {
        return Err(format!(
            "an application is applied since its application date {}, not {}",
            base.applied_on, base.status_since
        ));
    }
    Ok(())
}

fn check_reports(base: &Base, policy: &Policy) -> Result<(), String> {
    let owed = report_years(base, policy);
    if !base.reports.is_sorted_by_key(|r| r.year) {
        return Err("annual reports are not in year order".into());
    }
    let mut seen = HashSet::new();
    for r in &base.reports {
        let year = r.year;
        if !owed.contains(&year) {
            return Err(format!(
                "a report for {year}, but the base owes {owed:?} (A11)"
            ));
        }
        if !seen.insert(year) {
            return Err(format!("two reports for {year}"));
        }
        if r.submitted.year() < year {
            return Err(format!(
                "the {year} report was submitted before that year ({})",
                r.submitted
            ));
        }
        if r.review.is_some() != r.reviewed_on.is_some() && r.resubmitted.is_none() {
            return Err(format!(
                "the {year} report's review and review date go together"
            ));
        }
        if let Some(on) = r.reviewed_on.filter(|on| *on < r.submitted) {
            return Err(format!(
                "the {year} report was reviewed ({on}) before it was submitted"
            ));
        }
        // A resubmission answers a return: it follows a review, and is reviewed again after it.
        if let Some(again) = r.resubmitted {
            match (r.review, r.reviewed_on) {
                (Some(ReportReview::Returned), _) | (_, None) => {
                    return Err(format!(
                        "the {year} report was resubmitted but not after a return"
                    ));
                }
                (None, Some(on)) if again < on => {
                    return Err(format!(
                        "the {year} report was resubmitted ({again}) before its return ({on})"
                    ));
                }
                (Some(_), Some(on)) if on < again => {
                    return Err(format!(
                        "the {year} report's review ({on}) is before its resubmission ({again})"
                    ));
                }
                _ => {}
            }
        }
    }
    Ok(())
}

fn check_changes(base: &Base) -> Result<(), String> {
    if let Some(first) = base.changes.first() {
        if !base.status.is_managed() && base.status != Status::Removed {
            return Err("only recognised bases file major changes (A15.3.2)".into());
        }
        let recognised = base.recognition_date().unwrap_or(first.effective);
        let end = base.removal.as_ref().map(|r| r.date);
        for c in &base.changes {
            if c.effective < recognised || end.is_some_and(|end| c.effective > end) {
                return Err(format!(
                    "change #{} takes effect {} outside the base's recognised life",
                    c.n, c.effective
                ));
            }
            if c.review != Review::Pending && c.filed_recommender.is_none() {
                return Err(format!(
                    "change #{} was reviewed but never filed to the recommender (A15.2.2)",
                    c.n
                ));
            }
            let needs_value = matches!(
                c.kind,
                ChangeKind::Rename | ChangeKind::Leader | ChangeKind::Host
            );
            if needs_value && (c.old_value.trim().is_empty() || c.new_value.trim().is_empty()) {
                return Err(format!("change #{} needs its old and new value", c.n));
            }
        }
    }
    let numbers: Vec<u32> = base.changes.iter().map(|c| c.n).collect();
    if numbers != (1..=numbers.len() as u32).collect::<Vec<_>>() {
        return Err(format!(
            "change filings are numbered {numbers:?}, not 1, 2, …"
        ));
    }
    if !base.changes.is_sorted_by_key(|c| c.effective) {
        return Err("change filings are not in the order they took effect".into());
    }
    // Each applied change replaces the value the next one starts from; the last gives today's.
    let chain = |kind: ChangeKind, current: &str| -> Result<Vec<&str>, String> {
        let mut olds = Vec::new();
        let mut expected_old: Option<&str> = None;
        let mut latest = None;
        for c in base.changes.iter().filter(|c| c.kind == kind) {
            if expected_old.is_some_and(|old| old != c.old_value) {
                return Err(format!(
                    "change #{} starts from '{}' but the previous {} ended at '{}'",
                    c.n,
                    c.old_value,
                    kind.code(),
                    expected_old.unwrap_or_default()
                ));
            }
            olds.push(c.old_value.as_str());
            expected_old = Some(&c.new_value);
            latest = Some(c.new_value.as_str());
        }
        match latest {
            Some(new) if new != current => Err(format!(
                "the last {} change sets '{new}' but the base has '{current}'",
                kind.code()
            )),
            _ => Ok(olds),
        }
    };
    let former = chain(ChangeKind::Rename, &base.name)?;
    if former != base.former_names {
        return Err(format!(
            "former names {:?} should be the renames' old names {former:?}",
            base.former_names
        ));
    }
    chain(ChangeKind::Leader, &base.leader.name)?;
    chain(ChangeKind::Host, &base.host.name)?;
    Ok(())
}

fn check_details(base: &Base) -> Result<(), String> {
    let leader = &base.leader;
    if (leader.qualification == Qualification::None) != leader.qualified_on.is_none() {
        return Err("the leader's qualification and the date it was obtained go together".into());
    }
    for p in &base.partners {
        if p.name.trim().is_empty() || p.country.trim().is_empty() {
            return Err("a partner without name or country".into());
        }
        if p.valid_until <= p.signed || p.ended.is_some_and(|end| end < p.signed) {
            return Err(format!(
                "agreement with {} ends before it was signed ({})",
                p.name, p.signed
            ));
        }
    }
    let numbers: Vec<u32> = base.risks.iter().map(|r| r.n).collect();
    if numbers != (1..=numbers.len() as u32).collect::<Vec<_>>() {
        return Err(format!("risk notes are numbered {numbers:?}, not 1, 2, …"));
    }
    for r in &base.risks {
        if r.description.trim().is_empty() {
            return Err(format!("risk #{} has no description", r.n));
        }
        if (r.status == RiskStatus::Closed) != r.closed.is_some() {
            return Err(format!(
                "risk #{} is {} but its closing date is {:?}",
                r.n,
                r.status.code(),
                r.closed
            ));
        }
        if r.closed.is_some_and(|c| c < r.opened) {
            return Err(format!("risk #{} was closed before it was opened", r.n));
        }
        if r.status == RiskStatus::Mitigating && r.mitigation.trim().is_empty() {
            return Err(format!(
                "risk #{} is being mitigated without a mitigation",
                r.n
            ));
        }
    }
    let ind = &base.indicators;
    let over = |part: Option<i64>, whole: Option<i64>| part.zip(whole).is_some_and(|(p, w)| p > w);
    let figures = ind.years.iter().map(|(y, f)| (Some(*y), f));
    for (year, f) in figures.chain(ind.undated.iter().map(|f| (None, f))) {
        let negative = [
            f.input_yuan,
            f.deal_yuan,
            f.cross_border_deal_yuan,
            f.rd_intensity,
        ]
        .iter()
        .flatten()
        .any(|v| *v < 0);
        if negative
            || f.rd_intensity.is_some_and(|v| v > 100 * PERCENT_SCALE)
            || over(f.cross_border_deal_yuan, f.deal_yuan)
            || over(
                f.cross_border_projects.map(i64::from),
                f.projects.map(i64::from),
            )
        {
            return Err(format!(
                "indicators of {} out of range (negative, over 100%, or a part above its whole)",
                year.map_or("no year".to_string(), |y| y.to_string())
            ));
        }
        if year.is_some_and(|y| y >= base.applied_on.year()) || f.is_empty() {
            return Err(format!(
                "indicators for {year:?}: empty, or not a year before the application (A8)"
            ));
        }
    }
    for (kind, s) in &base.systems {
        if s.present != s.since.is_some() {
            return Err(format!(
                "management system {} is in place with its date, or not in place without one",
                kind.code()
            ));
        }
    }
    for p in &base.projects {
        if p.from > p.to || p.to > base.applied_on.year() + 5 || p.name.trim().is_empty() {
            return Err(format!(
                "prior project '{}' has no name or impossible years",
                p.name
            ));
        }
    }
    Ok(())
}

/// Partner countries are codes from the table, and the name kept beside each means that code;
/// a partner without a code has a name no entry matches (old data, reported by triage).
fn check_partners(base: &Base, policy: &Policy) -> Result<(), String> {
    use crate::domain::countries::Resolved;
    for p in &base.partners {
        let resolved = policy.countries.resolve(&p.country);
        match (&p.country_code, resolved) {
            (Some(code), Resolved::Country(c)) if *code == c.code && code != "CN" => {}
            (None, Resolved::Unknown(_) | Resolved::Mainland) => {}
            (code, _) => {
                return Err(format!(
                    "partner {}: country '{}' does not go with code {code:?} (A5.2)",
                    p.name, p.country
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests;
