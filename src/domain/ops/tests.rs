//! Boundaries of the record-changing operations: dates at the edge of today and of other
//! dates, empty and oversized values, and refusals that name their rule and leave the base as it was.

use super::*;
use crate::domain::testkit::{base_applied, base_recognised, d, with_ctx};

const TODAY: &str = "2026-11-25";

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
    with_ctx(TODAY, |ctx| {
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
fn the_proposed_report_year_is_the_earliest_missing_or_returned_one_up_to_this_year() {
    with_ctx(TODAY, |ctx| {
        let today = d(TODAY);
        let mut b = base_recognised("2022-06-01");
        let years: Vec<i32> = report_years(&b, ctx.policy)
            .into_iter()
            .filter(|y| *y <= today.year())
            .collect();
        assert!(years.len() >= 2, "{years:?}");
        assert_eq!(next_report_year(&b, ctx.policy, today), Some(years[0]));
        submit_report(&mut b, ctx, years[0], today).unwrap();
        assert_eq!(next_report_year(&b, ctx.policy, today), Some(years[1]));
        // A returned report is the one to send again.
        review_report(&mut b, ctx, years[0], ReportReview::Returned, today).unwrap();
        assert_eq!(next_report_year(&b, ctx.policy, today), Some(years[0]));
        for year in &years {
            submit_report(&mut b, ctx, *year, today).unwrap();
        }
        assert_eq!(next_report_year(&b, ctx.policy, today), None, "all on file");
        assert_eq!(next_report_year(&base_applied(), ctx.policy, today), None);
    });
}

#[test]
fn report_years_outside_the_owed_range_are_refused_under_a11() {
    with_ctx(TODAY, |ctx| {
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
    with_ctx(TODAY, |ctx| {
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
    with_ctx(TODAY, |ctx| {
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
    with_ctx(TODAY, |ctx| {
        let mut b = base_recognised("2024-06-01");
        let err = excuse_absence(&mut b, ctx, "台风", d(TODAY)).unwrap_err();
        assert_eq!(err.rule, Some("A14.2"));
    });
}

#[test]
fn risk_notes_need_a_description_within_the_limit_and_close_on_or_after_opening() {
    with_ctx(TODAY, |ctx| {
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
fn edits_refuse_renames_under_a15_3_2_and_category_changes_after_recognition_under_a4() {
    with_ctx(TODAY, |ctx| {
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
        // Blanking the leader is no leader change to file: it is refused as leaving none.
        assert_eq!(
            edit_field(&mut b, ctx, "leader", " ").unwrap_err().rule,
            Some("A6.1")
        );
        assert_eq!(
            edit_field(&mut b, ctx, "leader", "苏砚秋")
                .unwrap_err()
                .rule,
            Some("A15.3.2")
        );
        assert_eq!(b, before);
        edit_field(&mut b, ctx, "risk_plan", TODAY).unwrap();
        assert_eq!(b.risk_plan, Some(d(TODAY)));
        edit_field(&mut b, ctx, "risk_plan", "无").unwrap();
        assert_eq!(b.risk_plan, None);
    });
}

#[test]
fn a_new_application_dated_tomorrow_or_without_a_name_is_refused() {
    with_ctx(TODAY, |ctx| {
        let input = |name: &str, applied_on| NewApplication {
            name: name.into(),
            category: Category::all()[0],
            city: ctx.policy.cities[0].pinyin.clone(),
            host: "岭海大学".into(),
            host_kind: HostKind::all()[0],
            leader: None,
            recommender: None,
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
