use super::*;
use crate::demo::tests::names_a_real_institution;
use crate::domain::codes::{Code, FindingKind, ReportStatus};
use crate::domain::consistency::check as check_consistency;
use crate::domain::findings::{BanIndex, findings};
use crate::domain::lifecycle::Ctx;
use crate::domain::obligations::report_lines;
use std::collections::BTreeSet;

fn today() -> NaiveDate {
    date(2026, 11, 25)
}

fn all<T: Code + Ord>() -> BTreeSet<T> {
    T::all().iter().copied().collect()
}

#[test]
fn the_same_seed_gives_the_same_bases_another_seed_others() {
    let p = Policy::default_policy();
    let a = generate(300, 7, &p, today());
    assert_eq!(a, generate(300, 7, &p, today()));
    let b = generate(300, 8, &p, today());
    assert_eq!(b.len(), 300);
    let names = |bases: &[Base]| bases.iter().map(|b| b.name.clone()).collect::<Vec<_>>();
    assert_ne!(names(&a), names(&b));
}

#[test]
fn ids_are_unique_and_numbered_by_year_of_application() {
    let p = Policy::default_policy();
    let bases = generate(3000, 1, &p, today());
    let ids: HashSet<&str> = bases.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids.len(), bases.len());
    for b in &bases {
        let prefix = format!("GDICB-{}-", b.applied_on.year());
        let number =
            b.id.strip_prefix(&prefix)
                .unwrap_or_else(|| panic!("{}", b.id));
        assert!(
            number.len() >= 4 && number.parse::<u32>().is_ok(),
            "{}",
            b.id
        );
    }
    // Numbered in order of application within a year.
    let mut by_year: HashMap<i32, Vec<&Base>> = HashMap::new();
    for b in &bases {
        by_year.entry(b.applied_on.year()).or_default().push(b);
    }
    for year in by_year.values_mut() {
        year.sort_by_key(|b| b.id[11..].parse::<u32>().unwrap());
        assert!(year.is_sorted_by_key(|b| b.applied_on));
    }
}

#[test]
fn every_generated_base_is_consistent() {
    let p = Policy::default_policy();
    for (seed, day) in [(1, today()), (2, date(2025, 6, 1)), (3, date(2031, 2, 28))] {
        for b in generate(2000, seed, &p, day) {
            if let Err(problem) = check_consistency(&b, &p, day) {
                panic!(
                    "seed {seed} on {day}: {} {}: {problem}",
                    b.id,
                    b.status.code()
                );
            }
        }
    }
}

#[test]
fn a_2000_base_set_covers_the_lifecycle_and_many_findings() {
    let p = Policy::default_policy();
    let bases = generate(2000, 42, &p, today());
    let statuses: BTreeSet<Status> = bases.iter().map(|b| b.status).collect();
    assert_eq!(statuses, all());
    let categories: BTreeSet<Category> = bases.iter().map(|b| b.category).collect();
    assert_eq!(categories, all());
    let groups: BTreeSet<RegionGroup> = bases
        .iter()
        .filter_map(|b| p.city_by_code(&b.city))
        .map(|c| c.group)
        .collect();
    assert_eq!(groups, all());
    let outcomes: BTreeSet<Outcome> = bases.iter().map(|b| b.last_outcome()).collect();
    assert_eq!(outcomes, all());
    // Most bases are recognised; removals and rectification are the exception.
    let share = |s: Status| bases.iter().filter(|b| b.status == s).count() * 100 / bases.len();
    assert!(
        share(Status::Recognised) >= 50,
        "{}%",
        share(Status::Recognised)
    );
    assert!((1..=10).contains(&share(Status::Removed)));
    assert!(share(Status::Rectifying) <= 5);

    let reports: BTreeSet<ReportStatus> = bases
        .iter()
        .filter(|b| b.status.is_managed())
        .flat_map(|b| report_lines(b, &p, today()))
        .map(|l| l.status)
        .collect();
    assert!(reports.len() >= 5, "{reports:?}");

    let ctx = Ctx {
        policy: &p,
        today: today(),
    };
    let bans = BanIndex::new(&bases);
    let kinds: BTreeSet<FindingKind> = bases
        .iter()
        .flat_map(|b| findings(b, &ctx, &bans))
        .map(|f| f.kind)
        .collect();
    // report_due_soon cannot occur in November with the default policy.
    assert!(kinds.len() >= 13, "{kinds:?}");
    for kind in [
        FindingKind::ReportOverdue,
        FindingKind::RectificationDue,
        FindingKind::RemovalCandidate,
        FindingKind::ChangeNotFiled,
        FindingKind::RiskOpen,
        FindingKind::PartnerExpiring,
        FindingKind::LeaderUnqualified,
    ] {
        assert!(kinds.contains(&kind), "no {kind:?} in {kinds:?}");
    }
}

#[test]
fn names_are_plausible_invented_and_hosts_repeat() {
    let p = Policy::default_policy();
    let bases = generate(2000, 5, &p, today());
    let chars: usize = bases.iter().map(|b| b.name.chars().count()).sum();
    let average = chars as f64 / bases.len() as f64;
    assert!((11.0..=15.0).contains(&average), "{average:.1}");
    let distinct: HashSet<&str> = bases.iter().map(|b| b.name.as_str()).collect();
    assert!(distinct.len() * 100 >= bases.len() * 99);
    for b in &bases {
        for name in [&b.name, &b.host.name, &b.leader.name] {
            assert!(!names_a_real_institution(name), "{name}");
        }
        assert!(
            b.partners
                .iter()
                .all(|p| !names_a_real_institution(&p.name))
        );
    }
    let mut per_host: HashMap<&str, usize> = HashMap::new();
    for b in &bases {
        *per_host.entry(b.host.name.as_str()).or_default() += 1;
    }
    assert!(per_host.values().any(|n| *n >= 3));
    assert!(
        per_host.len() * 2 > bases.len() / 3,
        "{} hosts",
        per_host.len()
    );
    assert!(bases.iter().any(|b| b.leader.identity == Identity::Foreign));
    assert!(bases.iter().any(|b| !b.former_names.is_empty()));
}

#[test]
fn odd_inputs_give_consistent_or_empty_sets() {
    let p = Policy::default_policy();
    assert!(generate(0, 1, &p, today()).is_empty());
    // Before any call and before the legacy period: nothing can exist yet.
    assert!(generate(10, 1, &p, date(1990, 1, 1)).is_empty());
    let mut no_calls = p.clone();
    no_calls.calls.clear();
    let legacy_only = generate(200, 1, &no_calls, today());
    assert_eq!(legacy_only.len(), 200);
    assert!(legacy_only.iter().all(|b| b.origin == Origin::Legacy));
    for b in &legacy_only {
        assert_eq!(check_consistency(b, &no_calls, today()), Ok(()), "{}", b.id);
    }
    let one_base = generate(1, 9, &p, today());
    assert_eq!(one_base.len(), 1);
    assert_eq!(check_consistency(&one_base[0], &p, today()), Ok(()));
}
