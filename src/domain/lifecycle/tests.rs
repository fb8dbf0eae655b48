use super::*;
use crate::domain::testkit::{base_applied, base_recognised, d, make_eligible};

/// A transition for a host with no removals on record.
fn go(b: &mut Base, c: &Ctx, input: TransitionInput) -> RuleResult<Option<Text>> {
    transition(b, c, input, &[])
}

fn ctx(policy: &Policy, today: &str) -> Ctx<'static> {
    Ctx {
        policy: Box::leak(Box::new(policy.clone())),
        today: d(today),
    }
}

/// An outcome in a round named after its date, so each call is its own round.
fn input(outcome: Outcome, date: &str) -> MarkInput {
    MarkInput {
        outcome,
        date: d(date),
        round: format!("{date} 绩效评估"),
        score: Some(70),
    }
}

#[test]
fn a15_1_3_unqualified_starts_a_one_year_rectification() {
    let p = Policy::default_policy();
    let c = ctx(&p, "2026-11-25");
    let mut b = base_recognised("2023-06-01");
    let out = mark(&mut b, &c, input(Outcome::Unqualified, "2026-11-25")).unwrap();
    assert_eq!(
        out,
        Consequence::Rectifying {
            deadline: d("2027-11-25")
        }
    );
    assert_eq!(b.status, Status::Rectifying);
    assert_eq!(out.describe().zh, "→ 整改中, 整改期限 2027-11-25");
}

#[test]
fn a15_1_3_rectification_from_leap_day_ends_feb_28() {
    let p = Policy::default_policy();
    let c = ctx(&p, "2024-03-01");
    let mut b = base_recognised("2022-06-01");
    let out = mark(&mut b, &c, input(Outcome::Unqualified, "2024-02-29")).unwrap();
    assert_eq!(
        out,
        Consequence::Rectifying {
            deadline: d("2025-02-28")
        }
    );
}

#[test]
fn a14_1_re_evaluation_before_the_deadline_is_refused() {
    let p = Policy::default_policy();
    let mut b = base_recognised("2023-06-01");
    mark(
        &mut b,
        &ctx(&p, "2025-11-25"),
        input(Outcome::Unqualified, "2025-11-25"),
    )
    .unwrap();
    let c = ctx(&p, "2026-11-25");
    let err = mark(&mut b, &c, input(Outcome::Qualified, "2026-11-24")).unwrap_err();
    assert_eq!(err.rule, Some("A14.1"));
    assert_eq!(b.rounds.len(), 1, "a refused mark changes nothing");
    // On the deadline day itself the re-evaluation is allowed.
    let out = mark(&mut b, &c, input(Outcome::Qualified, "2026-11-25")).unwrap();
    assert_eq!(out, Consequence::Restored);
    assert_eq!(b.status, Status::Recognised);
    assert!(b.rounds[1].re_evaluation);
}

#[test]
fn a14_1_failed_re_evaluation_removes() {
    let p = Policy::default_policy();
    let mut b = base_recognised("2023-06-01");
    mark(
        &mut b,
        &ctx(&p, "2025-01-10"),
        input(Outcome::Unqualified, "2025-01-10"),
    )
    .unwrap();
    let out = mark(
        &mut b,
        &ctx(&p, "2026-02-01"),
        input(Outcome::Unqualified, "2026-02-01"),
    )
    .unwrap();
    assert_eq!(
        out,
        Consequence::Removed {
            reason: RemovalReason::A14_1
        }
    );
    assert_eq!(b.status, Status::Removed);
    assert_eq!(b.removal.as_ref().unwrap().reason, RemovalReason::A14_1);
}

#[test]
fn a14_2_absence_makes_a_removal_candidate_without_removing() {
    let p = Policy::default_policy();
    let c = ctx(&p, "2026-11-25");
    for outcome in [Outcome::Absent, Outcome::Withdrew] {
        let mut b = base_recognised("2023-06-01");
        let out = mark(&mut b, &c, input(outcome, "2026-11-01")).unwrap();
        assert_eq!(out, Consequence::RemovalCandidate);
        assert_eq!(b.status, Status::Recognised);
    }
}

#[test]
fn outcome_dates_after_today_are_refused() {
    let p = Policy::default_policy();
    let c = ctx(&p, "2026-11-25");
    let mut b = base_recognised("2023-06-01");
    assert!(mark(&mut b, &c, input(Outcome::Qualified, "2026-11-26")).is_err());
    assert!(mark(&mut b, &c, input(Outcome::Qualified, "2026-11-25")).is_ok());
}

#[test]
fn a11_back_dated_outcomes_are_refused() {
    let p = Policy::default_policy();
    let c = ctx(&p, "2026-11-25");
    let mut b = base_recognised("2023-06-01");
    mark(&mut b, &c, input(Outcome::Qualified, "2025-06-01")).unwrap();
    let err = mark(&mut b, &c, input(Outcome::Unqualified, "2025-05-31")).unwrap_err();
    assert_eq!(err.rule, Some("A11"));
    let mut same_day = input(Outcome::Unqualified, "2025-06-01");
    same_day.round = "2025 专项复核".into();
    assert!(mark(&mut b, &c, same_day).is_ok());
}

#[test]
fn a15_1_2_one_outcome_per_round() {
    let p = Policy::default_policy();
    let c = ctx(&p, "2026-11-25");
    let mut b = base_recognised("2023-06-01");
    let mut first = input(Outcome::Qualified, "2026-06-01");
    first.round = "2026年度绩效评估".into();
    mark(&mut b, &c, first.clone()).unwrap();
    let again = MarkInput {
        outcome: Outcome::Unqualified,
        date: d("2026-11-25"),
        ..first
    };
    let err = mark(&mut b, &c, again).unwrap_err();
    assert_eq!(err.rule, Some("A15.1.2"));
    assert_eq!(b.rounds.len(), 1);
    let mut other = input(Outcome::Unqualified, "2026-11-25");
    other.round = "2026年度专项复核".into();
    assert!(mark(&mut b, &c, other).is_ok());
}

#[test]
fn a11_applications_are_not_evaluated() {
    let p = Policy::default_policy();
    let mut b = base_applied();
    let err = mark(
        &mut b,
        &ctx(&p, "2026-11-25"),
        input(Outcome::Qualified, "2026-11-01"),
    )
    .unwrap_err();
    assert_eq!(err.rule, Some("A11"));
}

#[test]
fn a9_procedure_runs_in_order_and_refuses_skips() {
    let p = Policy::default_policy();
    let c = ctx(&p, "2026-11-25");
    let mut b = base_applied();
    make_eligible(&mut b);
    let step = |to: Status| TransitionInput {
        to,
        date: d("2026-11-20"),
        reason: "审核".into(),
        doc_no: None,
        override_reason: None,
    };
    let err = go(&mut b, &c, step(Status::Vetted)).unwrap_err();
    assert_eq!(err.rule, Some("A9"));
    go(&mut b, &c, step(Status::Recommended)).unwrap();
    go(&mut b, &c, step(Status::Vetted)).unwrap();
    go(&mut b, &c, step(Status::Publicised)).unwrap();
    let err = go(&mut b, &c, step(Status::Recognised)).unwrap_err();
    assert_eq!(err.rule, Some("A9.5"));
    let mut with_doc = step(Status::Recognised);
    with_doc.doc_no = Some("粤科函合字〔2026〕1号".into());
    let verdict = go(&mut b, &c, with_doc).unwrap().expect("a verdict");
    assert_eq!(verdict.zh, "申报条件审查：符合（指南 2026-04-10）");
    assert_eq!(b.status, Status::Recognised);
    assert_eq!(b.recognition.as_ref().unwrap().date, d("2026-11-20"));
}

fn recognise(date: &str, override_reason: Option<&str>) -> TransitionInput {
    TransitionInput {
        to: Status::Recognised,
        date: d(date),
        reason: "发文公告".into(),
        doc_no: Some("粤科函合字〔2026〕9号".into()),
        override_reason: override_reason.map(str::to_string),
    }
}

fn publicised() -> Base {
    let mut b = base_applied();
    make_eligible(&mut b);
    b.status = Status::Publicised;
    b.status_since = d("2026-10-01");
    b
}

#[test]
fn a9_5_recognition_refuses_a_failing_verdict_unless_an_admin_overrides_with_a_reason() {
    let p = Policy::default_policy();
    let c = ctx(&p, "2026-11-25");
    let mut b = publicised();
    b.indicators.years.remove(&2024);
    let before = b.clone();
    let err = go(&mut b, &c, recognise("2026-11-20", None)).unwrap_err();
    assert_eq!(err.rule, Some("A8.1.1"), "cites the first failing line");
    assert!(err.text.zh.contains("--override"), "{}", err.text.zh);
    assert!(
        err.text.zh.contains("A8.1.3"),
        "names every failing rule: {}",
        err.text.zh
    );
    assert_eq!(b, before);
    let err = go(&mut b, &c, recognise("2026-11-20", Some("  "))).unwrap_err();
    assert_eq!(err.rule, Some("A8.1.1"), "a blank reason is no reason");
    let verdict = go(&mut b, &c, recognise("2026-11-20", Some("专家组复核认可")))
        .unwrap()
        .unwrap();
    assert!(verdict.zh.contains("不符合（A8.1.1"), "{}", verdict.zh);
    assert!(
        verdict.zh.contains("管理员认定理由：专家组复核认可"),
        "{}",
        verdict.zh
    );
    assert_eq!(b.status, Status::Recognised);
}

#[test]
fn a9_5_recognition_re_checks_the_five_year_ban_which_no_override_lifts() {
    let p = Policy::default_policy();
    let c = ctx(&p, "2026-11-25");
    let ban = |removed_on: &str| Ban {
        base_id: "GDICB-2021-0003".into(),
        host_key: names::key("岭海材料科学研究院"),
        category: Category::Featured,
        removed_on: d(removed_on),
    };
    let mut b = publicised();
    // Its last day is the day before the application (2026-05-01): no ban.
    let ok = transition(
        &mut b,
        &c,
        recognise("2026-11-20", None),
        &[ban("2021-04-30")],
    );
    assert!(ok.is_ok(), "{ok:?}");
    for removed_on in ["2021-05-01", "2026-06-01"] {
        let mut b = publicised();
        let err = transition(
            &mut b,
            &c,
            recognise("2026-11-20", Some("例外")),
            &[ban(removed_on)],
        )
        .unwrap_err();
        assert_eq!(err.rule, Some("A14"), "removed {removed_on}");
        assert_eq!(b.status, Status::Publicised);
    }
}

#[test]
fn a14_2_removal_after_the_absence_was_excused_is_refused() {
    let p = Policy::default_policy();
    let c = ctx(&p, "2026-11-25");
    let mut b = base_recognised("2023-06-01");
    mark(&mut b, &c, input(Outcome::Absent, "2026-10-01")).unwrap();
    crate::domain::ops::excuse_absence(&mut b, &c, "评估当日台风停课", d("2026-10-08")).unwrap();
    let removal = |reason: &str| TransitionInput {
        to: Status::Removed,
        date: d("2026-11-20"),
        reason: reason.into(),
        doc_no: None,
        override_reason: None,
    };
    let err = go(&mut b, &c, removal("A14.2")).unwrap_err();
    assert_eq!(err.rule, Some("A14.2"));
    assert!(
        err.text.zh.contains("2026-10-08") && err.text.zh.contains("台风"),
        "{}",
        err.text.zh
    );
    assert_eq!(b.status, Status::Recognised);
    go(&mut b, &c, removal("A14.7")).unwrap();
    assert_eq!(b.status, Status::Removed);
}

#[test]
fn a9_any_application_stage_can_end_not_recognised() {
    let p = Policy::default_policy();
    let c = ctx(&p, "2026-11-25");
    let mut b = base_applied();
    b.status = Status::Vetted;
    let to = TransitionInput {
        to: Status::NotRecognised,
        date: d("2026-11-20"),
        reason: "评审未通过".into(),
        doc_no: None,
        override_reason: None,
    };
    go(&mut b, &c, to.clone()).unwrap();
    let err = go(
        &mut b,
        &c,
        TransitionInput {
            to: Status::Applied,
            ..to
        },
    )
    .unwrap_err();
    assert_eq!(err.rule, Some("A9"));
}

#[test]
fn a14_removal_needs_a_reason_code_and_its_guard() {
    let p = Policy::default_policy();
    let c = ctx(&p, "2026-11-25");
    let removal = |reason: &str| TransitionInput {
        to: Status::Removed,
        date: d("2026-11-20"),
        reason: reason.into(),
        doc_no: None,
        override_reason: None,
    };
    let mut b = base_recognised("2023-06-01");
    assert_eq!(
        go(&mut b, &c, removal("不好")).unwrap_err().rule,
        Some("A14")
    );
    assert_eq!(
        go(&mut b, &c, removal("A14.1")).unwrap_err().rule,
        Some("A14.1")
    );
    assert_eq!(
        go(&mut b, &c, removal("A14.2")).unwrap_err().rule,
        Some("A14.2")
    );
    go(&mut b, &c, removal("A14.4")).unwrap();
    assert_eq!(b.status, Status::Removed);
    assert_eq!(b.removal.as_ref().unwrap().reason, RemovalReason::A14_4);
    // Removed is final.
    let back = TransitionInput {
        to: Status::Recognised,
        ..removal("x")
    };
    assert_eq!(go(&mut b, &c, back).unwrap_err().rule, Some("A14"));
}

#[test]
fn a14_2_removal_allowed_after_absence() {
    let p = Policy::default_policy();
    let c = ctx(&p, "2026-11-25");
    let mut b = base_recognised("2023-06-01");
    mark(&mut b, &c, input(Outcome::Absent, "2026-10-01")).unwrap();
    let to = TransitionInput {
        to: Status::Removed,
        date: d("2026-11-20"),
        reason: "A14.2".into(),
        doc_no: None,
        override_reason: None,
    };
    go(&mut b, &c, to).unwrap();
    assert_eq!(b.removal.unwrap().reason, RemovalReason::A14_2);
}

#[test]
fn a15_1_3_rectification_is_not_a_manual_transition() {
    let p = Policy::default_policy();
    let c = ctx(&p, "2026-11-25");
    let mut b = base_recognised("2023-06-01");
    let to = TransitionInput {
        to: Status::Rectifying,
        date: d("2026-11-20"),
        reason: "x".into(),
        doc_no: None,
        override_reason: None,
    };
    assert_eq!(go(&mut b, &c, to).unwrap_err().rule, Some("A15.1.3"));
}

#[test]
fn a14_ban_covers_five_years_inclusive() {
    let mut p = Policy::default_policy();
    let ban = Ban {
        base_id: "GDICB-2020-0001".into(),
        host_key: names::key("海岳材料研究院"),
        category: Category::JointResearch,
        removed_on: d("2021-03-15"),
    };
    let bans = [ban];
    let cat = Category::TechTransfer;
    let err = check_ban(&p, &bans, "海岳材料研究院 ", cat, d("2026-03-15")).unwrap_err();
    assert_eq!(err.rule, Some("A14"));
    assert!(
        err.text.zh.contains("至 2026-03-15（含）不得重新申请"),
        "the last day is written as included: {}",
        err.text.zh
    );
    assert!(err.text.zh.contains("GDICB-2020-0001"));
    assert!(check_ban(&p, &bans, "海岳材料研究院", cat, d("2026-03-16")).is_ok());
    assert!(check_ban(&p, &bans, "别的单位", cat, d("2022-01-01")).is_ok());
    p.ban_scope = BanScope::HostAndCategory;
    assert!(check_ban(&p, &bans, "海岳材料研究院", cat, d("2022-01-01")).is_ok());
    assert!(
        check_ban(
            &p,
            &bans,
            "海岳材料研究院",
            Category::JointResearch,
            d("2022-01-01")
        )
        .is_err()
    );
}

#[test]
fn a14_ban_from_leap_day_ends_feb_28() {
    let p = Policy::default_policy();
    let ban = Ban {
        base_id: "X".into(),
        host_key: names::key("甲单位"),
        category: Category::Featured,
        removed_on: d("2024-02-29"),
    };
    assert_eq!(ban.last_day(&p), d("2029-02-28"));
    assert!(ban.covers(&p, "甲单位", Category::Featured, d("2029-02-28")));
    assert!(!ban.covers(&p, "甲单位", Category::Featured, d("2029-03-01")));
}
