use super::*;
use crate::demo::demo_bases;
use crate::domain::base::Recognition;
use crate::domain::codes::Outcome;
use crate::domain::dates::add_months;

fn setup() -> (Vec<Base>, Policy, NaiveDate) {
    let bases = demo_bases().unwrap_or_else(|e| panic!("{e:#}"));
    let today = NaiveDate::parse_from_str(crate::demo::DEMO_TODAY, "%Y-%m-%d").unwrap();
    (bases, Policy::default_policy(), today)
}

fn demo_base(pred: impl Fn(&Base) -> bool) -> (Base, Policy, NaiveDate) {
    let (bases, policy, today) = setup();
    let base = bases
        .into_iter()
        .find(|b| pred(b))
        .expect("the demo has one");
    assert_eq!(check(&base, &policy, today), Ok(()));
    (base, policy, today)
}

fn refused(base: &Base, policy: &Policy, today: NaiveDate, needle: &str) {
    let err = check(base, policy, today)
        .expect_err("inconsistent")
        .to_string();
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
    let (mut b, p, today) =
        demo_base(|b| b.status == Status::Recognised && b.rounds.iter().any(|r| r.re_evaluation));
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
    recognised.recognition = Some(Recognition {
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
fn each_problem_names_its_field_in_both_languages() {
    let (b, p, today) = demo_base(|b| b.status == Status::Rectifying);
    let mut late = b.clone();
    late.rectification_deadline = None;
    let problem = check(&late, &p, today).unwrap_err();
    assert_eq!(problem.field, "rectification_deadline");
    assert!(
        problem.text.zh.contains("整改期限应为"),
        "{}",
        problem.text.zh
    );
    let mut elsewhere = b;
    elsewhere.city = "beijing".into();
    let problem = check(&elsewhere, &p, today).unwrap_err();
    assert_eq!(problem.field, "city");
    assert!(problem.text.zh.contains("beijing"), "{}", problem.text.zh);
}
