//! Boundaries of the record-changing operations: dates at the edge of today and of other
//! dates, empty and oversized values, and refusals that name their rule and leave the base as it was.

use super::*;
use crate::domain::policy::Policy;
use crate::domain::testkit::{base_applied, base_recognised, d};

const TODAY: &str = "2026-11-25";

fn with_ctx<T>(f: impl FnOnce(&Ctx) -> T) -> T {
    let policy = Policy::default_policy();
    let ctx = Ctx {
        policy: &policy,
        today: d(TODAY),
    };
    f(&ctx)
}

fn tomorrow() -> NaiveDate {
    d("2026-11-26")
}

fn risk(opened: NaiveDate, description: &str) -> RiskInput {
    RiskInput {
        area: RiskArea::Data,
        severity: Severity::High,
        description: description.into(),
        mitigation: String::new(),
        opened,
    }
}

#[test]
fn a_report_may_be_submitted_today_but_not_tomorrow() {
    with_ctx(|ctx| {
        let mut b = base_recognised("2024-06-01");
        let year = report_years(&b, ctx.policy)[0];
        let before = b.clone();
        let err = submit_report(&mut b, ctx, year, tomorrow()).unwrap_err();
        assert!(err.text.en.contains("after today"), "{:?}", err.text);
        assert_eq!(b, before);
        submit_report(&mut b, ctx, year, d(TODAY)).unwrap();
        assert_eq!(b.report(year).map(|r| r.submitted), Some(d(TODAY)));
    });
}

#[test]
fn report_years_outside_the_owed_range_are_refused_under_a11() {
    with_ctx(|ctx| {
        let mut b = base_recognised("2024-06-01");
        let years = report_years(&b, ctx.policy);
        let (first, last) = (years[0], *years.last().unwrap());
        for year in [first - 1, last + 1] {
            let err = submit_report(&mut b, ctx, year, d(TODAY)).unwrap_err();
            assert_eq!(err.rule, Some("A11"), "{year}");
        }
        assert!(b.reports.is_empty());
    });
}

#[test]
fn a_report_submitted_twice_is_refused_and_an_application_owes_none() {
    with_ctx(|ctx| {
        let mut b = base_recognised("2024-06-01");
        let year = report_years(&b, ctx.policy)[0];
        submit_report(&mut b, ctx, year, d("2026-03-01")).unwrap();
        let err = submit_report(&mut b, ctx, year, d(TODAY)).unwrap_err();
        assert!(err.text.en.contains("already submitted"));
        assert_eq!(b.report(year).unwrap().submitted, d("2026-03-01"));
        let mut app = base_applied();
        let err = submit_report(&mut app, ctx, year, d(TODAY)).unwrap_err();
        assert_eq!(err.rule, Some("A11"));
    });
}

#[test]
fn a_review_on_the_submission_day_is_accepted_the_day_before_is_not() {
    with_ctx(|ctx| {
        let mut b = base_recognised("2024-06-01");
        let year = report_years(&b, ctx.policy)[0];
        submit_report(&mut b, ctx, year, d("2026-03-01")).unwrap();
        assert!(review_report(&mut b, ctx, year, ReportReview::Accepted, d("2026-02-28")).is_err());
        assert_eq!(b.report(year).unwrap().review, None);
        review_report(&mut b, ctx, year, ReportReview::Accepted, d("2026-03-01")).unwrap();
        assert_eq!(b.report(year).unwrap().reviewed_on, Some(d("2026-03-01")));
    });
}

#[test]
fn excusing_a_base_that_was_not_absent_is_refused_under_a14_2() {
    with_ctx(|ctx| {
        let mut b = base_recognised("2024-06-01");
        let err = excuse_absence(&mut b, ctx, "台风", d(TODAY)).unwrap_err();
        assert_eq!(err.rule, Some("A14.2"));
    });
}

#[test]
fn a_change_needs_its_new_value_and_refuses_empty_or_oversized_ones() {
    with_ctx(|ctx| {
        let mut b = base_recognised("2024-06-01");
        let before = b.clone();
        let input = |to: Option<String>| ChangeInput {
            kind: ChangeKind::Rename,
            effective: d(TODAY),
            filed_province: None,
            filed_recommender: None,
            to,
        };
        assert!(file_change(&mut b, ctx, input(None)).is_err());
        let err = file_change(&mut b, ctx, input(Some("   ".into()))).unwrap_err();
        assert!(err.text.en.contains("--to"), "{:?}", err.text);
        let huge = "名".repeat(MAX_NAME + 1);
        let err = file_change(&mut b, ctx, input(Some(huge))).unwrap_err();
        assert!(err.text.en.contains("--to"), "{:?}", err.text);
        assert_eq!(b, before);
        let longest = "名".repeat(MAX_NAME);
        assert_eq!(
            file_change(&mut b, ctx, input(Some(longest.clone()))),
            Ok(1)
        );
        assert_eq!(b.name, longest);
        assert_eq!(b.former_names, [before.name]);
    });
}

#[test]
fn a_change_filed_in_the_future_is_refused_and_an_application_files_none() {
    with_ctx(|ctx| {
        let input = |filed| ChangeInput {
            kind: ChangeKind::Other,
            effective: d("2026-11-01"),
            filed_province: Some(filed),
            filed_recommender: None,
            to: None,
        };
        let mut b = base_recognised("2024-06-01");
        assert!(file_change(&mut b, ctx, input(tomorrow())).is_err());
        assert!(b.changes.is_empty());
        assert_eq!(file_change(&mut b, ctx, input(d(TODAY))), Ok(1));
        let mut app = base_applied();
        let err = file_change(&mut app, ctx, input(d(TODAY))).unwrap_err();
        assert_eq!(err.rule, Some("A15.3.2"));
    });
}

#[test]
fn the_recommender_cannot_review_a_change_not_filed_to_it() {
    with_ctx(|ctx| {
        let mut b = base_recognised("2024-06-01");
        let n = file_change(
            &mut b,
            ctx,
            ChangeInput {
                kind: ChangeKind::Other,
                effective: d("2026-11-01"),
                filed_province: Some(d("2026-11-02")),
                filed_recommender: None,
                to: None,
            },
        )
        .unwrap();
        let err = review_change(&mut b, n, Review::Approved).unwrap_err();
        assert_eq!(err.rule, Some("A15.2.2"));
        assert!(review_change(&mut b, n, Review::Pending).is_err());
        assert!(review_change(&mut b, n + 1, Review::Approved).is_err());
        record_change_filed(&mut b, ctx, n, None, Some(d(TODAY))).unwrap();
        review_change(&mut b, n, Review::Approved).unwrap();
        assert_eq!(b.changes[0].review, Review::Approved);
    });
}

#[test]
fn risk_notes_need_a_description_within_the_limit_and_close_on_or_after_opening() {
    with_ctx(|ctx| {
        let mut b = base_recognised("2024-06-01");
        assert!(add_risk(&mut b, ctx, risk(d(TODAY), "  ")).is_err());
        let huge = "险".repeat(MAX_TEXT + 1);
        assert!(add_risk(&mut b, ctx, risk(d(TODAY), &huge)).is_err());
        assert!(add_risk(&mut b, ctx, risk(tomorrow(), "跨境传输")).is_err());
        assert!(b.risks.is_empty());
        let n = add_risk(&mut b, ctx, risk(d("2026-11-20"), "跨境传输")).unwrap();
        assert!(close_risk(&mut b, ctx, n, d("2026-11-19")).is_err());
        assert!(close_risk(&mut b, ctx, n, tomorrow()).is_err());
        close_risk(&mut b, ctx, n, d("2026-11-20")).unwrap();
        assert_eq!(b.risks[0].status, RiskStatus::Closed);
        assert!(close_risk(&mut b, ctx, n, d(TODAY)).is_err());
        assert_eq!(b.risks[0].closed, Some(d("2026-11-20")));
    });
}

#[test]
fn a_partner_valid_until_its_signing_day_is_refused_under_a5_2() {
    with_ctx(|ctx| {
        let mut b = base_recognised("2024-06-01");
        let count = b.partners.len();
        let input = |until| PartnerInput {
            name: "Fraunhofer".into(),
            country: "德国".into(),
            kind: AgreementKind::Memorandum,
            signed: d("2026-01-01"),
            until,
        };
        let err = add_partner(&mut b, ctx, input(d("2026-01-01"))).unwrap_err();
        assert_eq!(err.rule, Some("A5.2"));
        assert_eq!(b.partners.len(), count);
        add_partner(&mut b, ctx, input(d("2026-01-02"))).unwrap();
        assert_eq!(b.partners.len(), count + 1);
        let number = (count + 1).to_string();
        assert!(end_partner(&mut b, ctx, &number, d("2025-12-31")).is_err());
        end_partner(&mut b, ctx, &number, d("2026-01-01")).unwrap();
        assert!(end_partner(&mut b, ctx, &number, d(TODAY)).is_err());
        assert!(end_partner(&mut b, ctx, "0", d(TODAY)).is_err());
    });
}

#[test]
fn indicators_refuse_a_part_larger_than_its_whole_and_keep_the_old_values() {
    let mut b = base_recognised("2024-06-01");
    let set = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    set_indicators(
        &mut b,
        &set(&[("projects", "3"), ("cross_border_projects", "3")]),
    )
    .unwrap();
    let before = b.clone();
    let err = set_indicators(&mut b, &set(&[("cross_border_projects", "4")])).unwrap_err();
    assert_eq!(err.rule, Some("A8.2.1"));
    assert_eq!(b, before);
    assert!(set_indicators(&mut b, &set(&[("papers", "-1")])).is_err());
    assert!(set_indicators(&mut b, &set(&[("nonsense", "1")])).is_err());
    assert_eq!(b, before);
}

#[test]
fn edits_refuse_renames_under_a15_3_2_and_category_changes_after_recognition_under_a4() {
    with_ctx(|ctx| {
        let mut b = base_recognised("2024-06-01");
        let before = b.clone();
        assert_eq!(
            edit_field(&mut b, ctx, "name", "新名").unwrap_err().rule,
            Some("A15.3.2")
        );
        let category = Category::all()
            .iter()
            .find(|c| **c != b.category)
            .unwrap()
            .code();
        assert_eq!(
            edit_field(&mut b, ctx, "category", category)
                .unwrap_err()
                .rule,
            Some("A4")
        );
        assert!(edit_field(&mut b, ctx, "risk_plan", "2026-11-26").is_err());
        assert!(edit_field(&mut b, ctx, "leader", "").is_err());
        assert_eq!(b, before);
        edit_field(&mut b, ctx, "risk_plan", TODAY).unwrap();
        assert_eq!(b.risk_plan, Some(d(TODAY)));
        edit_field(&mut b, ctx, "risk_plan", "无").unwrap();
        assert_eq!(b.risk_plan, None);
    });
}

#[test]
fn a_new_application_dated_tomorrow_or_without_a_name_is_refused() {
    with_ctx(|ctx| {
        let input = |name: &str, applied_on| NewApplication {
            name: name.into(),
            category: Category::all()[0],
            city: ctx.policy.cities[0].pinyin.clone(),
            host: "岭海大学".into(),
            host_kind: HostKind::all()[0],
            leader: None,
            applied_on,
        };
        let id = || "GDICB-2026-0009".to_string();
        assert!(new_application(id(), input("联合中心", tomorrow()), ctx, &[]).is_err());
        let err = new_application(id(), input(" ", d(TODAY)), ctx, &[]).unwrap_err();
        assert!(err.text.en.contains("--name"), "{:?}", err.text);
        let base = new_application(id(), input("联合中心", d(TODAY)), ctx, &[]).unwrap();
        assert_eq!((base.status, base.applied_on), (Status::Applied, d(TODAY)));
    });
}
