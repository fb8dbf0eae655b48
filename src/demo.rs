//! The demo data set (`data/demo.json`), embedded so `jidi demo` works from any directory.
//!
//! About 80 fictional bases designed around one day, [`DEMO_TODAY`]: on that day every kind of
//! triage finding shows up at least once (except `report_due_soon`, which cannot occur in November
//! with the default policy; it shows on 2027-03-15). [`check_consistency`] holds every record to
//! the lifecycle rules, and is shared with the generator (`synth`).

use crate::domain::base::Base;
use crate::domain::codes::{ChangeKind, Code, Origin, Qualification, ReportReview, Review, Status};
use crate::domain::codes::{RemovalReason, RiskStatus};
use crate::domain::lifecycle::{Ctx, MarkInput, TransitionInput, mark, transition};
use crate::domain::money::PERCENT_SCALE;
use crate::domain::obligations::report_years;
use crate::domain::policy::Policy;
use crate::domain::text::{Lang, Refusal};
use anyhow::{Context, anyhow, bail};
use chrono::{Datelike, NaiveDate};
use std::collections::HashSet;

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
        };
        transition(sim, &ctx, input).map_err(|r| refused(format!("removal on {date}"), r))
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
    if base.origin == Origin::Legacy {
        return Err(format!("status {status}: legacy bases were all recognised"));
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
    let negative = [
        ind.input_yuan,
        ind.deal_yuan,
        ind.cross_border_deal_yuan,
        ind.rd_intensity,
    ]
    .iter()
    .flatten()
    .any(|v| *v < 0);
    let over = |part: Option<i64>, whole: Option<i64>| part.zip(whole).is_some_and(|(p, w)| p > w);
    if negative
        || ind.rd_intensity.is_some_and(|v| v > 100 * PERCENT_SCALE)
        || over(ind.cross_border_deal_yuan, ind.deal_yuan)
        || over(
            ind.cross_border_projects.map(i64::from),
            ind.projects.map(i64::from),
        )
    {
        return Err(
            "indicators out of range (negative, over 100%, or a part above its whole)".into(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::{
        Category, FindingKind, Identity, Outcome, RegionGroup, ReportStatus, RiskArea, Severity,
    };
    use crate::domain::dates::{add_months, days_between};
    use crate::domain::eligibility::{call_date_for, check};
    use crate::domain::findings::{BanIndex, findings};
    use crate::domain::obligations::report_lines;
    use std::collections::{BTreeSet, HashMap};

    fn setup() -> (Vec<Base>, Policy, NaiveDate) {
        let bases = demo_bases().unwrap_or_else(|e| panic!("{e:#}"));
        (bases, Policy::default_policy(), demo_today().unwrap())
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn kinds_on(bases: &[Base], policy: &Policy, today: NaiveDate) -> BTreeSet<FindingKind> {
        let ctx = Ctx { policy, today };
        let bans = BanIndex::new(bases);
        bases
            .iter()
            .flat_map(|b| findings(b, &ctx, &bans))
            .map(|f| f.kind)
            .collect()
    }

    fn all<T: Code + Ord>() -> BTreeSet<T> {
        T::all().iter().copied().collect()
    }

    #[test]
    fn the_demo_loads_and_every_base_is_consistent() {
        let (bases, _, _) = setup();
        assert!((70..=90).contains(&bases.len()), "{} bases", bases.len());
    }

    #[test]
    fn covers_every_category_region_group_and_15_cities() {
        let (bases, policy, _) = setup();
        let categories: BTreeSet<Category> = bases.iter().map(|b| b.category).collect();
        assert_eq!(categories, all());
        let groups: BTreeSet<RegionGroup> = bases
            .iter()
            .filter_map(|b| policy.city_by_code(&b.city))
            .map(|c| c.group)
            .collect();
        assert_eq!(groups, all());
        let cities: BTreeSet<&str> = bases.iter().map(|b| b.city.as_str()).collect();
        assert!(cities.len() >= 15, "{} cities", cities.len());
    }

    #[test]
    fn covers_every_status_and_last_outcome() {
        let (bases, _, _) = setup();
        let statuses: BTreeSet<Status> = bases.iter().map(|b| b.status).collect();
        assert_eq!(statuses, all());
        let outcomes: BTreeSet<Outcome> = bases.iter().map(|b| b.last_outcome()).collect();
        assert_eq!(outcomes, all(), "Outcome::None stands for never evaluated");
    }

    #[test]
    fn every_finding_kind_shows_on_the_demo_day_and_due_soon_in_march() {
        let (bases, policy, today) = setup();
        let on_the_day = kinds_on(&bases, &policy, today);
        let mut expected: BTreeSet<FindingKind> = all();
        // Reports are due 03-31 and warned 30 days ahead, so November never shows this kind.
        expected.remove(&FindingKind::ReportDueSoon);
        assert_eq!(on_the_day, expected);
        let in_march = kinds_on(&bases, &policy, d("2027-03-15"));
        assert!(
            in_march.contains(&FindingKind::ReportDueSoon),
            "{in_march:?}"
        );
    }

    #[test]
    fn partners_cover_foreign_and_hk_macau_expiring_and_ended() {
        let (bases, policy, today) = setup();
        let partners: Vec<_> = bases.iter().flat_map(|b| &b.partners).collect();
        assert!(partners.iter().any(|p| policy.is_foreign(&p.country)));
        assert!(partners.iter().any(|p| !policy.is_foreign(&p.country)));
        assert!(partners.iter().any(|p| p.ended.is_some()));
        assert!(
            partners
                .iter()
                .any(|p| p.valid_until < today && p.ended.is_none())
        );
        let expiring = |p: &&&crate::domain::base::Partner| {
            p.valid_on(today)
                && days_between(today, p.valid_until) <= policy.partner_expiry_warn_days
        };
        assert!(partners.iter().any(|p| expiring(&p)));
        assert!(
            partners
                .iter()
                .any(|p| expiring(&p) && !policy.is_foreign(&p.country))
        );
    }

    #[test]
    fn reports_are_on_time_late_missing_returned_and_accepted() {
        let (bases, policy, today) = setup();
        let statuses: BTreeSet<ReportStatus> = bases
            .iter()
            .filter(|b| b.status.is_managed())
            .flat_map(|b| report_lines(b, &policy, today))
            .map(|l| l.status)
            .collect();
        for wanted in [
            ReportStatus::Submitted,
            ReportStatus::Late,
            ReportStatus::Missing,
            ReportStatus::Returned,
            ReportStatus::Accepted,
            ReportStatus::Due,
        ] {
            assert!(statuses.contains(&wanted), "no {wanted:?} in {statuses:?}");
        }
        // A report that was returned, resubmitted and then accepted.
        assert!(
            bases
                .iter()
                .flat_map(|b| &b.reports)
                .any(|r| r.resubmitted.is_some() && r.review == Some(ReportReview::Accepted))
        );
    }

    #[test]
    fn rounds_carry_scores_and_lead_to_rectification_and_removal() {
        let (bases, policy, _) = setup();
        let rounds: Vec<_> = bases.iter().flat_map(|b| &b.rounds).collect();
        assert!(rounds.iter().filter(|r| r.score.is_some()).count() > rounds.len() / 2);
        assert!(
            rounds
                .iter()
                .any(|r| r.re_evaluation && r.outcome.is_pass())
        );
        for b in bases.iter().filter(|b| b.status == Status::Rectifying) {
            let failed = b
                .rounds
                .iter()
                .rfind(|r| r.outcome == Outcome::Unqualified)
                .expect("a rectifying base has its unqualified round");
            assert_eq!(
                b.rectification_deadline,
                Some(add_months(failed.date, policy.rectification_months)),
                "{}",
                b.id
            );
        }
        let reasons: BTreeSet<RemovalReason> = bases
            .iter()
            .filter_map(|b| b.removal.as_ref())
            .map(|r| r.reason)
            .collect();
        assert!(reasons.len() >= 5, "{reasons:?}");
        let failed_twice = bases.iter().find(|b| {
            b.removal
                .as_ref()
                .is_some_and(|r| r.reason == RemovalReason::A14_1)
        });
        let last = failed_twice
            .and_then(|b| b.last_round())
            .expect("an A14.1 removal");
        assert!(last.re_evaluation && last.outcome == Outcome::Unqualified);
    }

    #[test]
    fn change_filings_cover_kinds_timeliness_and_reviews() {
        let (bases, policy, today) = setup();
        let window = policy.change_filing_window_days;
        let changes: Vec<_> = bases.iter().flat_map(|b| &b.changes).collect();
        let kinds: BTreeSet<ChangeKind> = changes.iter().map(|c| c.kind).collect();
        assert!(kinds.contains(&ChangeKind::Rename) && kinds.contains(&ChangeKind::Leader));
        assert!(bases.iter().any(|b| !b.former_names.is_empty()));
        let late = |c: &&&crate::domain::base::ChangeFiling| {
            [c.filed_province, c.filed_recommender]
                .iter()
                .flatten()
                .any(|f| days_between(c.effective, *f) > window)
        };
        let on_time = |c: &&&crate::domain::base::ChangeFiling| {
            [c.filed_province, c.filed_recommender]
                .iter()
                .all(|f| f.is_some_and(|f| days_between(c.effective, f) <= window))
        };
        assert!(changes.iter().any(|c| late(&c)));
        assert!(changes.iter().any(|c| on_time(&c)));
        assert!(changes.iter().any(|c| c.filed_province.is_none()));
        let unfiled_in_window = changes
            .iter()
            .any(|c| c.filed_recommender.is_none() && days_between(c.effective, today) <= window);
        assert!(unfiled_in_window);
        let reviews: BTreeSet<Review> = changes.iter().map(|c| c.review).collect();
        assert_eq!(reviews, all());
    }

    #[test]
    fn risk_notes_and_plans_vary() {
        let (bases, _, _) = setup();
        let notes: Vec<_> = bases.iter().flat_map(|b| &b.risks).collect();
        let areas: BTreeSet<RiskArea> = notes.iter().map(|n| n.area).collect();
        assert!(areas.len() >= 6, "{areas:?}");
        let severities: BTreeSet<Severity> = notes.iter().map(|n| n.severity).collect();
        assert_eq!(severities, all());
        let statuses: BTreeSet<RiskStatus> = notes.iter().map(|n| n.status).collect();
        assert_eq!(statuses, all());
        let managed: Vec<_> = bases.iter().filter(|b| b.status.is_managed()).collect();
        assert!(managed.iter().any(|b| b.risk_plan.is_some()));
        assert!(managed.iter().any(|b| b.risk_plan.is_none()));
    }

    #[test]
    fn origins_and_leaders_vary() {
        let (bases, _, _) = setup();
        let origins: BTreeSet<Origin> = bases.iter().map(|b| b.origin).collect();
        assert_eq!(origins, all());
        let identities: BTreeSet<Identity> = bases.iter().map(|b| b.leader.identity).collect();
        assert_eq!(identities, all());
        assert!(bases.iter().any(|b| b.leader.dual_identity));
        // Several bases per host unit, as in life.
        let mut per_host: HashMap<&str, usize> = HashMap::new();
        for b in &bases {
            *per_host.entry(b.host.name.as_str()).or_default() += 1;
        }
        assert!(per_host.values().filter(|n| **n > 1).count() >= 5);
    }

    #[test]
    fn applications_pass_and_fail_eligibility_including_599_96_wan() {
        let (bases, policy, _) = setup();
        let mut passing = 0;
        let mut failed_rules = BTreeSet::new();
        let mut at_599_96 = false;
        for b in bases.iter().filter(|b| b.status.is_application()) {
            let call = call_date_for(b, &policy, None).expect("every application has its call");
            let lines = check(b, &policy, call);
            let failed: Vec<_> = lines.iter().filter(|l| !l.pass).collect();
            if failed.is_empty() {
                passing += 1;
            }
            failed_rules.extend(failed.iter().map(|l| l.rule));
            at_599_96 |= b.indicators.input_yuan == Some(5_999_600)
                && failed
                    .iter()
                    .any(|l| l.rule == "A8.1.1" && l.value.zh.contains("599.96"));
        }
        assert!(passing >= 3, "{passing} applications pass every line");
        for rule in [
            "A5.2", "A6.1", "A6.3", "A8.1.1", "A8.1.6", "A8.2.1", "A8.3.1",
        ] {
            assert!(failed_rules.contains(rule), "no application fails {rule}");
        }
        assert!(at_599_96, "an application fails A8.1.1 at exactly 599.96万");
    }

    #[test]
    fn names_are_invented_and_some_are_polyphonic() {
        let (bases, _, _) = setup();
        let mut names: Vec<&str> = Vec::new();
        for b in &bases {
            names.extend([b.name.as_str(), &b.host.name, &b.leader.name]);
            names.extend(b.former_names.iter().map(String::as_str));
            names.extend(b.partners.iter().map(|p| p.name.as_str()));
        }
        // A guard against the obvious slips, not a proof: well-known real institutions.
        let real = [
            "中山大学",
            "华南理工",
            "暨南大学",
            "深圳大学",
            "南方科技大学",
            "香港大学",
            "澳门大学",
            "中国科学院",
            "华为",
            "腾讯",
            "比亚迪",
            "美的",
            "格力",
            "招商银行",
            "Fraunhofer",
            "Max Planck",
            "MIT",
            "Stanford",
            "Oxford",
            "Cambridge",
            "Siemens",
        ];
        for name in &names {
            assert!(!real.iter().any(|r| name.contains(r)), "{name}");
        }
        // Characters whose first pinyin reading is wrong in these names (yh, cq…).
        for polyphone in ["银行", "重", "长", "厦"] {
            assert!(names.iter().any(|n| n.contains(polyphone)), "{polyphone}");
        }
    }

    fn demo_base(pred: impl Fn(&Base) -> bool) -> (Base, Policy, NaiveDate) {
        let (bases, policy, today) = setup();
        let base = bases
            .into_iter()
            .find(|b| pred(b))
            .expect("the demo has one");
        assert_eq!(check_consistency(&base, &policy, today), Ok(()));
        (base, policy, today)
    }

    fn refused(base: &Base, policy: &Policy, today: NaiveDate, needle: &str) {
        let err = check_consistency(base, policy, today).expect_err("inconsistent");
        assert!(err.contains(needle), "'{needle}' not in: {err}");
    }

    #[test]
    fn check_refuses_a_wrong_rectification_deadline() {
        let (mut b, p, today) = demo_base(|b| b.status == Status::Rectifying);
        b.rectification_deadline = b.rectification_deadline.map(|d| d.succ_opt().unwrap());
        refused(&b, &p, today, "deadline");
    }

    #[test]
    fn check_refuses_an_a14_1_removal_after_a_passed_re_evaluation() {
        let (mut b, p, today) = demo_base(|b| {
            b.removal
                .as_ref()
                .is_some_and(|r| r.reason == RemovalReason::A14_1)
        });
        b.rounds.last_mut().unwrap().outcome = Outcome::Qualified;
        refused(&b, &p, today, "leave it recognised");
    }

    #[test]
    fn check_refuses_an_a14_2_removal_without_an_absence() {
        let (mut b, p, today) = demo_base(|b| {
            b.removal
                .as_ref()
                .is_some_and(|r| r.reason == RemovalReason::A14_2)
        });
        let last = b.rounds.last_mut().unwrap();
        last.outcome = Outcome::Qualified;
        refused(&b, &p, today, "[A14.2]");
    }

    #[test]
    fn check_refuses_an_early_re_evaluation() {
        let (mut b, p, today) = demo_base(|b| {
            b.status == Status::Recognised && b.rounds.iter().any(|r| r.re_evaluation)
        });
        let i = b.rounds.iter().position(|r| r.re_evaluation).unwrap();
        let deadline = add_months(b.rounds[i - 1].date, p.rectification_months);
        // The day before the deadline is still inside the rectification period.
        b.rounds[i].date = deadline.pred_opt().unwrap();
        b.status_since = b.rounds[i].date;
        refused(&b, &p, today, "[A14.1]");
    }

    #[test]
    fn check_refuses_dates_after_today_and_unowed_reports() {
        let (b, p, today) = demo_base(|b| b.status == Status::Recognised && !b.reports.is_empty());
        let mut late = b.clone();
        late.reports[0].submitted = today.succ_opt().unwrap();
        refused(&late, &p, today, "after today");
        let mut unowed = b.clone();
        unowed.reports[0].year = b.recognition_date().unwrap().year() - 1;
        refused(&unowed, &p, today, "owes");
    }

    #[test]
    fn check_refuses_application_records_and_bad_ids_and_cities() {
        let (b, p, today) = demo_base(|b| b.status == Status::Vetted);
        let mut recognised = b.clone();
        recognised.recognition = Some(crate::domain::base::Recognition {
            date: b.status_since,
            doc_no: "粤科函外字〔2026〕1号".into(),
        });
        refused(&recognised, &p, today, "cannot have a recognition");
        let mut wrong_year = b.clone();
        wrong_year.id = "GDICB-2019-0001".into();
        refused(&wrong_year, &p, today, "id should be GDICB-2026-NNNN");
        let mut elsewhere = b.clone();
        elsewhere.city = "beijing".into();
        refused(&elsewhere, &p, today, "city");
        let mut other_bureau = b;
        other_bureau.recommender = p.cities[1].recommender.clone();
        refused(&other_bureau, &p, today, "A9.2");
    }

    #[test]
    fn check_refuses_a_rename_that_lost_its_former_name() {
        let (mut b, p, today) = demo_base(|b| !b.former_names.is_empty());
        b.former_names.clear();
        refused(&b, &p, today, "former names");
        let (mut b, p, today) = demo_base(|b| !b.former_names.is_empty());
        b.name = "另一个名称".into();
        refused(&b, &p, today, "the last rename change");
    }

    #[test]
    fn loading_names_the_bad_base_by_index_and_id() {
        let (bases, policy, today) = setup();
        let json = |bases: &[Base]| serde_json::to_string(bases).unwrap();
        let twice = [bases[0].clone(), bases[1].clone(), bases[0].clone()];
        let err = load_checked(&json(&twice), &policy, today).unwrap_err();
        assert!(
            err.to_string().contains(&format!("#2 ({})", bases[0].id)),
            "{err}"
        );

        let mut bad = bases[..2].to_vec();
        bad[1].status_since = today.succ_opt().unwrap();
        let err = load_checked(&json(&bad), &policy, today).unwrap_err();
        assert!(
            err.to_string().contains(&format!("#1 ({})", bases[1].id)),
            "{err}"
        );

        let broken = json(&bases[..1]).replace("\"recognised\"", "\"gone\"");
        let err = load_checked(&broken, &policy, today).unwrap_err();
        assert!(
            format!("{err:#}").contains(&format!("#0 ({})", bases[0].id)),
            "{err:#}"
        );
        assert!(format!("{err:#}").contains("gone"), "{err:#}");

        assert!(load_checked("{}", &policy, today).is_err());
    }
}
