//! A user whose grant is limited to one city sees only that city's bases: in the list, the
//! dashboard, the search and `:goto`; the grant is read again when another user changes it.

use super::super::Screen;
use super::super::testkit::{Harness, who};
use crate::domain::roles::Role;
use crate::service::Request;

/// Another admin limits the tester to `city` (a city's code); the console notices on its next
/// look at the store.
fn limit_to(h: &mut Harness, city: &str) {
    h.granted(&[Role::Editor], Some(city));
}

/// A city of the demo data and the ids of its bases, in id order; and one base elsewhere.
fn city_with_bases(h: &Harness) -> (String, Vec<String>, String) {
    let city = h.rows()[0].city.clone();
    let theirs: Vec<String> = h
        .rows()
        .iter()
        .filter(|r| r.city == city)
        .map(|r| r.id.clone())
        .collect();
    let other = h
        .rows()
        .iter()
        .find(|r| r.city != city)
        .map(|r| r.id.clone())
        .expect("the demo has bases in other cities");
    (city, theirs, other)
}

#[test]
fn the_list_shows_only_the_city_once_the_grant_is_limited_and_all_again_when_lifted() {
    let mut h = Harness::demo();
    let all = h.rows().len();
    assert_eq!(h.visible_ids().len(), all);
    let (city, theirs, _) = city_with_bases(&h);
    limit_to(&mut h, &city);
    assert_eq!(h.app.grant.scope.as_deref(), Some(city.as_str()));
    assert_eq!(h.visible_ids(), theirs);
    assert_eq!(h.app.bases_total(), theirs.len(), "the count says theirs");
    // The admin lifts the limit: a grant without a scope, everything shows again.
    h.as_other_user(Request::WithdrawRoles {
        name: who().actor,
        roles: Vec::new(),
    });
    h.as_other_user(Request::GrantRoles {
        name: who().actor,
        roles: vec![Role::Admin],
        scope: None,
    });
    h.poll();
    assert_eq!(h.app.grant.scope, None);
    assert_eq!(h.visible_ids().len(), all);
}

#[test]
fn the_dashboard_counts_only_the_city() {
    let mut h = Harness::demo();
    let all = h.app.dashboard.stats.total;
    let (city, theirs, _) = city_with_bases(&h);
    limit_to(&mut h, &city);
    let stats = &h.app.dashboard.stats;
    assert!(theirs.len() < all);
    assert_eq!(stats.total, theirs.len());
    let managed = h
        .rows()
        .iter()
        .filter(|r| r.city == city && r.status.is_managed())
        .count();
    assert_eq!(stats.managed, managed);
    // The findings counted on top: the city's bases' only.
    let analysis = h.app.analysis.as_ref().expect("analysed");
    let theirs_found = analysis
        .triage
        .iter()
        .filter(|f| h.app.row(&f.base_id).is_some_and(|r| r.city == city))
        .count();
    assert!(theirs_found < analysis.triage.len());
    assert_eq!(h.app.findings_total(), theirs_found);
    // Compliance too: only the city's managed bases are counted.
    let compliance = h
        .app
        .analysis
        .as_ref()
        .expect("analysed")
        .compliance(&h.app.grant);
    assert_eq!(compliance.plans_total, managed);
}

#[test]
fn a_search_finds_nothing_outside_the_city() {
    let mut h = Harness::demo();
    let (city, _, other) = city_with_bases(&h);
    let name = h.store.base(&other).expect("a base").name;
    h.press("/");
    h.type_text(&name);
    assert!(
        h.visible_ids().contains(&other),
        "found before the limit: {name}"
    );
    h.press("enter");
    limit_to(&mut h, &city);
    assert!(!h.visible_ids().contains(&other), "{:?}", h.visible_ids());
    assert!(
        h.visible_ids()
            .iter()
            .all(|id| h.app.row(id).is_some_and(|r| r.city == city))
    );
}

#[test]
fn goto_a_base_of_another_city_is_refused_and_not_offered() {
    let mut h = Harness::demo();
    let (city, theirs, other) = city_with_bases(&h);
    limit_to(&mut h, &city);
    h.command(&format!("goto {other}"));
    assert_eq!(h.app.screen, Screen::Bases, "not opened");
    let notice = h.notice().expect("a refusal");
    assert!(notice.contains(&other), "{notice}");
    h.command(&format!("goto {}", theirs[0]));
    assert_eq!(h.app.screen, Screen::Detail);
    assert_eq!(h.cursor_id().as_deref(), Some(theirs[0].as_str()));
    // Tab completion offers only the city's ids.
    h.press("esc :");
    h.type_text("goto ");
    h.press("tab");
    let offered = h.app.input.as_ref().expect("the line").completions.clone();
    assert_eq!(offered, theirs, "every id of the city and none else");
}

#[test]
fn an_open_base_of_another_city_closes_when_the_grant_is_limited() {
    let mut h = Harness::demo();
    let (city, _, other) = city_with_bases(&h);
    h.command(&format!("goto {other}"));
    assert_eq!(h.app.screen, Screen::Detail);
    limit_to(&mut h, &city);
    assert_eq!(h.app.screen, Screen::Bases);
    assert!(h.app.detail.is_none());
}
