use super::*;
use crate::domain::codes::{
    Category, ChangeKind, Code, FindingKind, Identity, Origin, Outcome, RegionGroup, RemovalReason,
    ReportReview, ReportStatus, Review, RiskArea, RiskStatus, Severity, Status,
};
use crate::domain::dates::{add_months, days_between};
use crate::domain::eligibility::{call_date_for, check};
use crate::domain::findings::{BanIndex, findings};
use crate::domain::lifecycle::Ctx;
use crate::domain::obligations::report_lines;
use std::collections::{BTreeSet, HashMap};

/// A guard against the obvious slips, not a proof that a name is invented: fragments of
/// well-known real institutions. The generator's tests use it too.
pub(crate) fn names_a_real_institution(name: &str) -> bool {
    const REAL: &[&str] = &[
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
    REAL.iter().any(|r| name.contains(r))
}

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
    // The regulation itself lapses after 2029 (A16): a programme finding, not one base's.
    expected.remove(&FindingKind::RegulationLapsed);
    assert_eq!(on_the_day, expected);
    let lapsed = |day: &str| {
        crate::domain::findings::programme(&Ctx {
            policy: &policy,
            today: d(day),
        })
    };
    assert!(lapsed("2029-12-31").is_empty());
    assert_eq!(lapsed("2030-01-01")[0].kind, FindingKind::RegulationLapsed);
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
    let foreign =
        |p: &crate::domain::base::Partner| policy.countries.is_foreign(p.country_code.as_deref());
    assert!(partners.iter().any(|p| foreign(p)));
    assert!(
        partners
            .iter()
            .any(|p| !foreign(p) && p.country_code.is_some())
    );
    assert!(
        partners
            .iter()
            .any(|p| p.country == "香港特别行政区" && p.country_code.as_deref() == Some("HK")),
        "the regulation's own wording for Hong Kong (A2)"
    );
    assert!(
        partners.iter().any(|p| p.country_code.is_none()),
        "old data"
    );
    assert!(partners.iter().any(|p| p.ended.is_some()));
    assert!(
        partners
            .iter()
            .any(|p| p.valid_until < today && p.ended.is_none())
    );
    let expiring = |p: &&&crate::domain::base::Partner| {
        p.valid_on(today) && days_between(today, p.valid_until) <= policy.partner_expiry_warn_days
    };
    assert!(partners.iter().any(|p| expiring(&p)));
    assert!(partners.iter().any(|p| expiring(&p) && !foreign(p)));
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
    let (mut warned, mut missing_year, mut year_unknown) = (false, false, false);
    for b in bases.iter().filter(|b| b.status.is_application()) {
        let call = call_date_for(b, &policy, None).expect("every application has its call");
        let lines = check(b, &policy, call);
        let failed: Vec<_> = lines.iter().filter(|l| l.fails()).collect();
        if failed.is_empty() {
            passing += 1;
        }
        failed_rules.extend(failed.iter().map(|l| l.rule));
        warned |= lines
            .iter()
            .any(|l| l.rule == "A8.3" && !l.pass && l.advisory);
        missing_year |= lines
            .iter()
            .any(|l| l.missing == [2024] && l.value.zh.contains("缺 2024"));
        year_unknown |= lines.iter().any(|l| l.value.zh.contains("年度未知"));
        let input: i64 = b
            .indicators
            .years
            .values()
            .filter_map(|f| f.input_yuan)
            .sum();
        at_599_96 |= input == 5_999_600
            && failed
                .iter()
                .any(|l| l.rule == "A8.1.1" && l.value.zh.contains("599.96"));
    }
    assert!(passing >= 3, "{passing} applications pass every line");
    for rule in [
        "A5.2", "A6.1", "A6.3", "A7.3", "A8.1", "A8.1.1", "A8.1.6", "A8.2.1", "A8.3.1",
    ] {
        assert!(failed_rules.contains(rule), "no application fails {rule}");
    }
    assert!(
        warned,
        "an application without a prior project is warned (A8.3)"
    );
    assert!(missing_year, "an application misses a year of its window");
    assert!(
        year_unknown,
        "an application has old totals of unknown year"
    );
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
    for name in &names {
        assert!(!names_a_real_institution(name), "{name}");
    }
    // Characters whose first pinyin reading is wrong in these names (yh, cq…).
    for polyphone in ["银行", "重", "长", "厦"] {
        assert!(names.iter().any(|n| n.contains(polyphone)), "{polyphone}");
    }
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
