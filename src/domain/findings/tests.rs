use super::*;
use crate::domain::base::{AnnualReport, ChangeFiling, EvaluationRound, Partner, RiskNote};
use crate::domain::codes::{
    AgreementKind, ChangeKind, Identity, Origin, Outcome, Qualification, Review, RiskArea,
    RiskStatus, Status,
};
use crate::domain::lifecycle::{MarkInput, mark};
use crate::domain::policy::Policy;
use crate::domain::testkit::{base_applied, base_recognised, d};

fn run(base: &Base, today: &str) -> Vec<Finding> {
    let policy = Policy::default_policy();
    let ctx = Ctx {
        policy: &policy,
        today: d(today),
    };
    findings(base, &ctx, &BanIndex::default())
}

fn kinds(found: &[Finding]) -> Vec<FindingKind> {
    found.iter().map(|f| f.kind).collect()
}

fn one(found: &[Finding], kind: FindingKind) -> &Finding {
    let matching: Vec<_> = found.iter().filter(|f| f.kind == kind).collect();
    assert_eq!(
        matching.len(),
        1,
        "expected one {kind:?} in {:?}",
        kinds(found)
    );
    matching[0]
}

fn report(year: i32, submitted: &str) -> AnnualReport {
    AnnualReport {
        year,
        submitted: d(submitted),
        review: None,
        reviewed_on: None,
        resubmitted: None,
    }
}

#[test]
fn a_clean_recognised_base_has_no_findings() {
    let mut b = base_recognised("2024-06-01");
    b.reports = vec![report(2024, "2025-03-01"), report(2025, "2026-03-01")];
    assert_eq!(run(&b, "2026-11-25"), vec![]);
}

#[test]
fn a15_3_1_report_overdue_from_the_day_after_the_due_date() {
    let b = base_recognised("2024-06-01");
    assert!(!kinds(&run(&b, "2025-03-31")).contains(&FindingKind::ReportOverdue));
    let f = run(&b, "2025-04-01");
    let overdue = one(&f, FindingKind::ReportOverdue);
    assert_eq!(overdue.rule, "A15.3.1");
    assert_eq!(overdue.due, Some(d("2025-03-31")));
    assert_eq!(overdue.severity, Severity::Medium);
}

#[test]
fn practice_two_missed_reports_in_a_row_are_high() {
    let b = base_recognised("2023-06-01");
    let f = run(&b, "2025-04-01");
    let high = one(&f, FindingKind::ReportsMissedInRow);
    assert_eq!(high.rule, "practice");
    // A Chinese screen names national practice in Chinese; an article stays its id.
    assert_eq!(high.rule_label(Lang::Zh), "惯例");
    assert_eq!(high.rule_label(Lang::En), "practice");
    let overdue = f.iter().find(|f| f.kind == FindingKind::ReportOverdue);
    assert_eq!(overdue.map(|f| f.rule_label(Lang::Zh)), Some("A15.3.1"));
    assert_eq!(high.severity, Severity::High);
    // A submitted report between two missing ones breaks the run.
    let mut b = base_recognised("2023-06-01");
    b.reports = vec![report(2024, "2025-03-01")];
    let f = run(&b, "2026-04-01");
    assert!(!kinds(&f).contains(&FindingKind::ReportsMissedInRow));
    assert_eq!(
        f.iter()
            .filter(|x| x.kind == FindingKind::ReportOverdue)
            .count(),
        2
    );
}

#[test]
fn a15_3_1_report_due_soon_within_30_days() {
    let b = base_recognised("2025-06-01");
    assert!(!kinds(&run(&b, "2026-02-28")).contains(&FindingKind::ReportDueSoon));
    let f = run(&b, "2026-03-01");
    assert_eq!(
        one(&f, FindingKind::ReportDueSoon).due,
        Some(d("2026-03-31"))
    );
}

#[test]
fn a15_3_1_returned_report_is_due_for_resubmission() {
    let mut b = base_recognised("2024-06-01");
    b.reports = vec![
        AnnualReport {
            review: Some(crate::domain::codes::ReportReview::Returned),
            reviewed_on: Some(d("2026-11-10")),
            ..report(2024, "2025-03-20")
        },
        report(2025, "2026-03-01"),
    ];
    let f = run(&b, "2026-11-25");
    let returned = one(&f, FindingKind::ReportReturned);
    assert_eq!(returned.due, Some(d("2026-12-10")));
    assert_eq!(returned.severity, Severity::Low);
    assert_eq!(
        one(&run(&b, "2026-12-11"), FindingKind::ReportReturned).severity,
        Severity::Medium
    );
}

fn rectifying(deadline: &str) -> Base {
    let mut b = base_recognised("2023-06-01");
    b.reports = vec![
        report(2023, "2024-03-01"),
        report(2024, "2025-03-01"),
        report(2025, "2026-03-01"),
    ];
    b.status = Status::Rectifying;
    b.rectification_deadline = Some(d(deadline));
    b.rounds.push(EvaluationRound {
        round: "2025年度".into(),
        date: d("2025-12-01"),
        outcome: Outcome::Unqualified,
        score: Some(52),
        re_evaluation: false,
        excused: None,
    });
    b
}

#[test]
fn a14_1_rectification_deadline_near_then_passed() {
    let b = rectifying("2026-12-01");
    assert!(!kinds(&run(&b, "2026-10-31")).contains(&FindingKind::RectificationDue));
    let near = run(&b, "2026-11-01");
    assert_eq!(
        one(&near, FindingKind::RectificationDue).severity,
        Severity::Medium
    );
    let on_day = run(&b, "2026-12-01");
    assert_eq!(
        one(&on_day, FindingKind::RectificationDue).severity,
        Severity::Medium
    );
    let passed = run(&b, "2026-12-02");
    let f = one(&passed, FindingKind::RectificationDue);
    assert_eq!(
        (f.severity, f.rule),
        (Severity::High, "A15.1.3"),
        "the deadline is A15.1.3's; the re-evaluation after it is A14.1's"
    );
}

#[test]
fn a14_1_an_absent_re_evaluation_is_a_removal_candidate_not_a_missing_one() {
    let mut b = rectifying("2026-11-01");
    b.rounds.push(EvaluationRound {
        round: "复评".into(),
        date: d("2026-11-10"),
        outcome: Outcome::Absent,
        score: None,
        re_evaluation: true,
        excused: None,
    });
    let f = run(&b, "2026-11-25");
    assert!(
        !kinds(&f).contains(&FindingKind::RectificationDue),
        "{:?}",
        kinds(&f)
    );
    assert!(kinds(&f).contains(&FindingKind::RemovalCandidate));
}

#[test]
fn a14_2_absence_is_a_removal_candidate_until_decided() {
    let policy = Policy::default_policy();
    let ctx = Ctx {
        policy: &policy,
        today: d("2026-11-25"),
    };
    let mut b = base_recognised("2024-06-01");
    b.reports = vec![report(2024, "2025-03-01"), report(2025, "2026-03-01")];
    mark(
        &mut b,
        &ctx,
        MarkInput {
            outcome: Outcome::Withdrew,
            date: d("2026-11-01"),
            round: "2026".into(),
            score: None,
        },
    )
    .unwrap();
    let f = run(&b, "2026-11-25");
    assert_eq!(one(&f, FindingKind::RemovalCandidate).rule, "A14.2");
    b.status = Status::Removed;
    assert_eq!(run(&b, "2026-11-25"), vec![]);
}

fn filing(effective: &str, province: Option<&str>, recommender: Option<&str>) -> ChangeFiling {
    ChangeFiling {
        n: 1,
        kind: ChangeKind::Leader,
        effective: d(effective),
        old_value: "甲".into(),
        new_value: "乙".into(),
        filed_province: province.map(d),
        filed_recommender: recommender.map(d),
        // Reviewed once it reached the recommender (A15.2.2 has its own tests).
        review: if recommender.is_some() {
            Review::Approved
        } else {
            Review::Pending
        },
    }
}

#[test]
fn a15_3_2_change_filed_within_30_days_is_fine_later_is_a_finding() {
    let mut b = base_recognised("2024-06-01");
    b.reports = vec![report(2024, "2025-03-01"), report(2025, "2026-03-01")];
    b.changes = vec![filing("2026-09-01", Some("2026-10-01"), Some("2026-10-01"))];
    b.changes[0].review = Review::Approved;
    assert_eq!(run(&b, "2026-11-25"), vec![]);
    b.changes = vec![filing("2026-09-01", Some("2026-10-02"), Some("2026-10-01"))];
    let late = one(&run(&b, "2026-11-25"), FindingKind::ChangeFiledLate).clone();
    assert_eq!(late.due, Some(d("2026-10-01")));
}

#[test]
fn a15_3_2_unfiled_change_is_low_inside_the_window_medium_after() {
    let mut b = base_recognised("2024-06-01");
    b.reports = vec![report(2024, "2025-03-01"), report(2025, "2026-03-01")];
    b.changes = vec![filing("2026-11-01", None, Some("2026-11-05"))];
    let inside = run(&b, "2026-12-01");
    let f = one(&inside, FindingKind::ChangeNotFiled);
    assert_eq!((f.severity, f.due), (Severity::Low, Some(d("2026-12-01"))));
    assert!(f.message.zh.contains("省科技厅"));
    let after = run(&b, "2026-12-02");
    assert_eq!(
        one(&after, FindingKind::ChangeNotFiled).severity,
        Severity::Medium
    );
}

#[test]
fn a15_3_4_open_high_risk_and_missing_plan() {
    let mut b = base_recognised("2024-06-01");
    b.reports = vec![report(2024, "2025-03-01"), report(2025, "2026-03-01")];
    b.risk_plan = None;
    let note = |severity, status| RiskNote {
        n: 1,
        area: RiskArea::Data,
        severity,
        status,
        description: "跨境传输未评估".into(),
        mitigation: String::new(),
        opened: d("2026-10-01"),
        closed: None,
    };
    b.risks = vec![note(Severity::Medium, RiskStatus::Open)];
    let f = run(&b, "2026-11-25");
    assert_eq!(kinds(&f), vec![FindingKind::RiskPlanMissing]);
    b.risks = vec![note(Severity::Critical, RiskStatus::Mitigating)];
    let f = run(&b, "2026-11-25");
    assert_eq!(one(&f, FindingKind::RiskOpen).severity, Severity::Critical);
    b.risks = vec![note(Severity::Critical, RiskStatus::Closed)];
    assert!(!kinds(&run(&b, "2026-11-25")).contains(&FindingKind::RiskOpen));
}

#[test]
fn a5_2_partner_expiring_within_90_days_and_none_left() {
    let mut b = base_recognised("2024-06-01");
    b.reports = vec![report(2024, "2025-03-01"), report(2025, "2026-03-01")];
    b.partners[0].valid_until = d("2027-02-23");
    assert!(!kinds(&run(&b, "2026-11-24")).contains(&FindingKind::PartnerExpiring));
    let f = run(&b, "2026-11-25");
    let exp = one(&f, FindingKind::PartnerExpiring);
    assert_eq!(
        (exp.severity, exp.due),
        (Severity::Medium, Some(d("2027-02-23")))
    );
    // Last valid day is still valid; the day after there is none.
    assert!(!kinds(&run(&b, "2027-02-23")).contains(&FindingKind::NoValidPartner));
    assert_eq!(
        one(&run(&b, "2027-02-24"), FindingKind::NoValidPartner).rule,
        "A5.2"
    );
    // A Hong Kong partner alone does not count.
    b.partners = vec![Partner {
        name: "港湾创新研究所".into(),
        country: "香港特别行政区".into(),
        country_code: Some("HK".into()),
        kind: AgreementKind::Memorandum,
        signed: d("2024-01-01"),
        valid_until: d("2030-01-01"),
        ended: None,
    }];
    assert!(kinds(&run(&b, "2026-11-25")).contains(&FindingKind::NoValidPartner));
}

#[test]
fn a10_legacy_base_never_evaluated_is_flagged() {
    let mut b = base_recognised("2015-06-01");
    b.origin = Origin::Legacy;
    b.reports = vec![report(2025, "2026-03-01")];
    let f = run(&b, "2026-11-25");
    assert_eq!(one(&f, FindingKind::LegacyUnevaluated).rule, "A10");
    b.rounds.push(EvaluationRound {
        round: "2026".into(),
        date: d("2026-06-01"),
        outcome: Outcome::Qualified,
        score: None,
        re_evaluation: false,
        excused: None,
    });
    assert!(!kinds(&run(&b, "2026-11-25")).contains(&FindingKind::LegacyUnevaluated));
}

#[test]
fn a6_1_and_a6_3_leader_findings() {
    let mut b = base_applied();
    b.leader.qualification = Qualification::None;
    b.leader.identity = Identity::Foreign;
    b.leader.dual_identity = true;
    let f = run(&b, "2026-11-25");
    assert_eq!(one(&f, FindingKind::LeaderUnqualified).rule, "A6.1");
    assert_eq!(one(&f, FindingKind::LeaderDualIdentity).rule, "A6.3");
}

#[test]
fn a14_application_inside_a_ban_is_critical() {
    let policy = Policy::default_policy();
    let ctx = Ctx {
        policy: &policy,
        today: d("2026-11-25"),
    };
    let mut removed = base_recognised("2019-06-01");
    removed.id = "GDICB-2019-0003".into();
    removed.status = Status::Removed;
    removed.removal = Some(crate::domain::base::Removal {
        date: d("2022-05-01"),
        reason: crate::domain::codes::RemovalReason::A14_3,
        note: String::new(),
    });
    let application = base_applied();
    let bans = BanIndex::new([&removed]);
    let f = findings(&application, &ctx, &bans);
    let banned = one(&f, FindingKind::ApplicationBanned);
    assert_eq!((banned.rule, banned.severity), ("A14", Severity::Critical));
    assert!(banned.message.zh.contains("GDICB-2019-0003"));
    assert!(
        banned
            .message
            .zh
            .contains("至 2027-05-01（含）不得重新申请"),
        "the last day is written as included: {}",
        banned.message.zh
    );
}

#[test]
fn a15_2_2_a_returned_filing_and_one_unreviewed_past_the_window_are_findings() {
    let mut b = base_recognised("2024-06-01");
    b.reports = vec![report(2024, "2025-03-01"), report(2025, "2026-03-01")];
    b.changes = vec![filing("2026-10-20", Some("2026-10-26"), Some("2026-10-26"))];
    b.changes[0].kind = ChangeKind::Other;
    b.changes[0].review = Review::Pending;
    // Filed to the recommender 2026-10-26: it has until 2026-11-25 to review.
    assert_eq!(run(&b, "2026-11-25"), vec![]);
    let f = run(&b, "2026-11-26");
    let late = one(&f, FindingKind::ChangeReviewOverdue);
    assert_eq!((late.rule, late.due), ("A15.2.2", Some(d("2026-11-25"))));
    b.changes[0].review = Review::Returned;
    let f = run(&b, "2026-11-26");
    assert_eq!(one(&f, FindingKind::ChangeReturned).rule, "A15.2.2");
    assert!(!kinds(&f).contains(&FindingKind::ChangeReviewOverdue));
    b.changes[0].review = Review::Approved;
    assert_eq!(run(&b, "2026-11-26"), vec![]);
}

#[test]
fn a6_1_a_leader_change_without_a_qualification_is_a_finding() {
    let mut b = base_recognised("2024-06-01");
    b.reports = vec![report(2024, "2025-03-01"), report(2025, "2026-03-01")];
    b.changes = vec![filing("2026-11-01", Some("2026-11-02"), Some("2026-11-02"))];
    b.changes[0].old_value = "林晓岚".into();
    b.changes[0].new_value = "周海川".into();
    b.leader.name = "周海川".into();
    b.leader.qualification = Qualification::None;
    b.leader.qualified_on = None;
    let f = run(&b, "2026-11-25");
    let change = one(&f, FindingKind::LeaderChangeUnqualified);
    assert_eq!(change.rule, "A6.1");
    assert!(
        change.message.zh.contains("林晓岚 → 周海川"),
        "{}",
        change.message.zh
    );
    assert!(
        !kinds(&f).contains(&FindingKind::LeaderUnqualified),
        "one finding, not two"
    );
    b.leader.qualification = Qualification::SeniorTitle;
    b.leader.qualified_on = Some(d("2018-01-01"));
    assert_eq!(run(&b, "2026-11-25"), vec![]);
}

#[test]
fn a6_1_a_senior_enterprise_role_needs_an_enterprise_host() {
    let mut b = base_applied();
    b.leader.qualification = Qualification::EnterpriseSenior;
    b.host.kind = crate::domain::codes::HostKind::Enterprise;
    assert!(!kinds(&run(&b, "2026-11-25")).contains(&FindingKind::LeaderUnqualified));
    b.host.kind = crate::domain::codes::HostKind::Institute;
    let f = run(&b, "2026-11-25");
    let l = one(&f, FindingKind::LeaderUnqualified);
    assert!(
        l.message.zh.contains("依托单位不是企业"),
        "{}",
        l.message.zh
    );
}

#[test]
fn a5_2_a_partner_whose_stored_country_is_unknown_is_reported() {
    let mut b = base_applied();
    b.partners.push(Partner {
        name: "Nordhaven Consortium".into(),
        country: "欧洲".into(),
        country_code: None,
        kind: AgreementKind::Memorandum,
        signed: d("2024-01-01"),
        valid_until: d("2030-01-01"),
        ended: None,
    });
    let f = run(&b, "2026-11-25");
    let unknown = one(&f, FindingKind::PartnerCountryUnknown);
    assert_eq!((unknown.rule, unknown.severity), ("A5.2", Severity::Medium));
    assert!(unknown.message.zh.contains("#2") && unknown.message.zh.contains("欧洲"));
    assert!(
        unknown
            .action
            .zh
            .contains("jidi partner country GDICB-2026-0001 2")
    );
    b.partners.remove(0);
    assert!(
        kinds(&run(&b, "2026-11-25")).contains(&FindingKind::NoValidPartner),
        "never counted as foreign"
    );
}

#[test]
fn a14_2_a_removal_whose_absence_was_since_excused_is_a_finding() {
    let mut b = base_recognised("2023-06-01");
    b.rounds = vec![EvaluationRound {
        round: "2025年度绩效评估".into(),
        date: d("2025-11-24"),
        outcome: Outcome::Absent,
        score: None,
        re_evaluation: false,
        excused: None,
    }];
    b.status = Status::Removed;
    b.removal = Some(crate::domain::base::Removal {
        date: d("2026-03-16"),
        reason: crate::domain::codes::RemovalReason::A14_2,
        note: String::new(),
    });
    assert_eq!(run(&b, "2026-11-25"), vec![]);
    b.rounds[0].excused = Some(crate::domain::base::Excuse {
        on: d("2026-06-10"),
        reason: "台风停航".into(),
    });
    let f = run(&b, "2026-11-25");
    let r = one(&f, FindingKind::RemovalAfterExcuse);
    assert_eq!((r.rule, r.severity), ("A14.2", Severity::High));
    b.removal.as_mut().unwrap().reason = crate::domain::codes::RemovalReason::A14_4;
    assert_eq!(
        run(&b, "2026-11-25"),
        vec![],
        "only an A14.2 removal loses its ground"
    );
}

#[test]
fn a16_the_regulation_past_its_validity_is_one_programme_finding() {
    let policy = Policy::default_policy();
    let on = |day: &str| {
        programme(&Ctx {
            policy: &policy,
            today: d(day),
        })
    };
    assert_eq!(on("2029-12-31"), vec![], "its last valid day");
    let lapsed = on("2030-01-01");
    assert_eq!(lapsed.len(), 1);
    assert_eq!((lapsed[0].rule, lapsed[0].base_id.as_str()), ("A16", ""));
    assert!(
        lapsed[0].message.zh.contains("2029-12-31"),
        "{}",
        lapsed[0].message.zh
    );
}

#[test]
fn urgency_orders_by_severity_then_due_date() {
    let today = d("2026-11-25");
    let make = |id: &str, severity, due: Option<&str>| Finding {
        base_id: id.into(),
        kind: FindingKind::ReportOverdue,
        rule: "A15.3.1",
        severity,
        due: due.map(d),
        message: Text::new("", ""),
        action: Text::new("", ""),
        object: None,
    };
    let mut list = vec![
        make("a", Severity::Low, Some("2026-01-01")),
        make("b", Severity::High, Some("2026-12-01")),
        make("c", Severity::High, None),
        make("d", Severity::High, Some("2026-10-01")),
        make("e", Severity::Critical, Some("2027-01-01")),
    ];
    sort_by_urgency(&mut list, today);
    let order: Vec<&str> = list.iter().map(|f| f.base_id.as_str()).collect();
    assert_eq!(order, vec!["e", "d", "c", "b", "a"]);
    assert!(within(&list[3], today, 6));
    assert!(!within(&list[3], today, 5));
}

#[test]
fn a14_2_a_justified_absence_is_no_removal_candidate() {
    let policy = Policy::default_policy();
    let ctx = Ctx {
        policy: &policy,
        today: d("2026-11-25"),
    };
    let mut b = base_recognised("2024-06-01");
    b.reports = vec![report(2024, "2025-03-01"), report(2025, "2026-03-01")];
    let absent = MarkInput {
        outcome: Outcome::Absent,
        date: d("2026-11-01"),
        round: "2026".into(),
        score: None,
    };
    mark(&mut b, &ctx, absent).unwrap();
    assert!(kinds(&run(&b, "2026-11-25")).contains(&FindingKind::RemovalCandidate));
    crate::domain::ops::excuse_absence(&mut b, &ctx, "评估当日遭遇台风停航", d("2026-11-20"))
        .unwrap();
    assert!(!kinds(&run(&b, "2026-11-25")).contains(&FindingKind::RemovalCandidate));
    // Only an absence can be justified.
    let mut passed = base_recognised("2024-06-01");
    let qualified = MarkInput {
        outcome: Outcome::Qualified,
        date: d("2026-11-01"),
        round: "2026".into(),
        score: None,
    };
    mark(&mut passed, &ctx, qualified).unwrap();
    let err =
        crate::domain::ops::excuse_absence(&mut passed, &ctx, "x", d("2026-11-20")).unwrap_err();
    assert_eq!(err.rule, Some("A14.2"));
}

// Window edges taken from the policy, so a changed default moves the test with it.

#[test]
fn report_due_soon_starts_exactly_at_the_policy_warning_window() {
    let policy = Policy::default_policy();
    let b = base_recognised("2025-06-01");
    let due = d("2026-03-31");
    let first = add_days(due, -policy.report_warn_days);
    let before = add_days(first, -1).to_string();
    assert!(!kinds(&run(&b, &before)).contains(&FindingKind::ReportDueSoon));
    let on_due_day = run(&b, "2026-03-31");
    assert_eq!(one(&on_due_day, FindingKind::ReportDueSoon).due, Some(due));
    assert!(!kinds(&on_due_day).contains(&FindingKind::ReportOverdue));
    assert_eq!(
        one(&run(&b, &first.to_string()), FindingKind::ReportDueSoon).severity,
        Severity::Low
    );
}

#[test]
fn rectification_warning_starts_exactly_at_the_policy_window() {
    let policy = Policy::default_policy();
    let b = rectifying("2026-12-01");
    let first = add_days(d("2026-12-01"), -policy.rectification_warn_days);
    let before = add_days(first, -1).to_string();
    assert!(!kinds(&run(&b, &before)).contains(&FindingKind::RectificationDue));
    assert!(kinds(&run(&b, &first.to_string())).contains(&FindingKind::RectificationDue));
}

#[test]
fn change_filed_on_the_last_day_of_the_window_is_fine_the_day_after_is_late() {
    let policy = Policy::default_policy();
    let last = add_days(d("2026-09-01"), policy.change_filing_window_days).to_string();
    let after = add_days(d(&last), 1).to_string();
    let mut b = base_recognised("2024-06-01");
    b.reports = vec![report(2024, "2025-03-01"), report(2025, "2026-03-01")];
    b.changes = vec![filing("2026-09-01", Some(&last), Some(&last))];
    assert_eq!(run(&b, "2026-11-25"), vec![]);
    b.changes = vec![filing("2026-09-01", Some(&last), Some(&after))];
    let late = one(&run(&b, "2026-11-25"), FindingKind::ChangeFiledLate).clone();
    assert_eq!(late.due.map(|d| d.to_string()), Some(last));
}

#[test]
fn a_returned_report_is_low_on_its_resubmission_day_itself() {
    let mut b = base_recognised("2024-06-01");
    b.reports = vec![
        AnnualReport {
            review: Some(crate::domain::codes::ReportReview::Returned),
            reviewed_on: Some(d("2026-11-10")),
            ..report(2024, "2025-03-20")
        },
        report(2025, "2026-03-01"),
    ];
    let f = run(&b, "2026-12-10");
    let returned = one(&f, FindingKind::ReportReturned);
    assert_eq!(
        (returned.severity, returned.due),
        (Severity::Low, Some(d("2026-12-10")))
    );
}

#[test]
fn an_application_gets_no_report_rectification_or_change_findings() {
    let mut b = base_applied();
    b.changes = vec![filing("2026-04-01", None, None)];
    b.risk_plan = None;
    let found = kinds(&run(&b, "2027-11-25"));
    for kind in [
        FindingKind::ReportOverdue,
        FindingKind::ChangeNotFiled,
        FindingKind::RiskPlanMissing,
        FindingKind::RectificationDue,
    ] {
        assert!(!found.contains(&kind), "{kind:?} in {found:?}");
    }
}

#[test]
fn every_finding_of_a_base_has_its_own_key_and_keeps_it_as_days_pass() {
    let policy = crate::domain::policy::Policy::default_policy();
    let bases = crate::synth::generate(3_000, 11, &policy, d("2026-11-25"));
    let bans = BanIndex::new(&bases);
    let mut seen_at = std::collections::HashMap::new();
    for day in ["2026-11-25", "2027-02-20", "2027-04-15"] {
        let ctx = Ctx {
            policy: &policy,
            today: d(day),
        };
        for base in &bases {
            let found = findings(base, &ctx, &bans);
            let mut keys: Vec<String> = found.iter().map(Finding::key).collect();
            let all = keys.len();
            keys.sort();
            keys.dedup();
            assert_eq!(
                keys.len(),
                all,
                "{}: two findings share a key on {day}",
                base.id
            );
            for f in &found {
                assert!(f.key().starts_with(&format!("{}/{}", base.id, f.rule)));
                // A key means the same finding whenever it is computed: same kind family.
                let kind = seen_at.entry(f.key()).or_insert(f.kind);
                let same_family = *kind == f.kind
                    || matches!(
                        (*kind, f.kind),
                        (FindingKind::ReportDueSoon, FindingKind::ReportOverdue)
                            | (
                                FindingKind::ChangeReturned,
                                FindingKind::ChangeReviewOverdue
                            )
                            | (
                                FindingKind::ChangeReviewOverdue,
                                FindingKind::ChangeReturned
                            )
                            | (
                                FindingKind::LeaderUnqualified,
                                FindingKind::LeaderChangeUnqualified
                            )
                            | (
                                FindingKind::LeaderChangeUnqualified,
                                FindingKind::LeaderUnqualified
                            )
                    );
                assert!(same_family, "{} was {:?}, now {:?}", f.key(), kind, f.kind);
            }
        }
    }
}

#[test]
fn has_key_answers_as_comparing_with_the_built_key_does() {
    let policy = crate::domain::policy::Policy::default_policy();
    let bases = crate::synth::generate(500, 7, &policy, d("2026-11-25"));
    let bans = BanIndex::new(&bases);
    let ctx = Ctx {
        policy: &policy,
        today: d("2026-11-25"),
    };
    let found: Vec<Finding> = bases
        .iter()
        .flat_map(|b| findings(b, &ctx, &bans))
        .collect();
    assert!(found.iter().any(|f| f.object.is_some()) && found.iter().any(|f| f.object.is_none()));
    for f in &found {
        let key = f.key();
        assert!(f.has_key(&key), "{key}");
        // One character more or less, another object, another rule: another finding.
        assert!(!f.has_key(&format!("{key}0")), "{key}0");
        let cut: String = key.chars().take(key.chars().count() - 1).collect();
        assert!(!f.has_key(&cut), "{cut}");
        assert!(!f.has_key(&format!("{key}/x")), "{key}/x");
        let other_rule = crate::domain::cases::case_key(&f.base_id, "A0", f.object.as_deref());
        assert!(!f.has_key(&other_rule), "{other_rule}");
    }
    // The programme-wide finding has no base: its key is the rule alone after a slash.
    let later = Ctx {
        policy: &policy,
        today: d("2040-01-01"),
    };
    let lapsed = &programme(&later)[0];
    assert!(lapsed.has_key(&lapsed.key()) && !lapsed.has_key("A16"));
}
