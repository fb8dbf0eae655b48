use super::*;
use crate::domain::base::RiskNote;
use crate::domain::codes::RiskArea;
use crate::domain::testkit::{base_applied, base_recognised, d};
use crate::domain::text::Text;

fn finding(kind: FindingKind, severity: Severity) -> Finding {
    Finding {
        base_id: "GDICB-2024-0001".into(),
        kind,
        rule: "test",
        severity,
        due: None,
        message: Text::new("", ""),
        action: Text::new("", ""),
        object: None,
    }
}

fn open_risk() -> RiskNote {
    RiskNote {
        n: 1,
        area: RiskArea::Data,
        severity: Severity::High,
        status: RiskStatus::Open,
        description: "跨境传输未评估".into(),
        mitigation: String::new(),
        opened: d("2026-10-01"),
        closed: None,
    }
}

#[test]
fn a_managed_base_without_findings_is_fine_in_every_cell() {
    let b = base_recognised("2024-06-01");
    let all_ok = Badges {
        reports: Level::Ok,
        filings: Level::Ok,
        risks: Level::Ok,
    };
    assert_eq!(Badges::of(&b, &[]), all_ok);
}

#[test]
fn a_bad_kind_needs_action_only_from_medium_severity() {
    let b = base_recognised("2024-06-01");
    let medium = [finding(FindingKind::ReportOverdue, Severity::Medium)];
    assert_eq!(Badges::of(&b, &medium).reports, Level::Bad);
    let low = [finding(FindingKind::ChangeNotFiled, Severity::Low)];
    assert_eq!(Badges::of(&b, &low).filings, Level::Warn);
    let medium_filing = [finding(FindingKind::ChangeNotFiled, Severity::Medium)];
    assert_eq!(Badges::of(&b, &medium_filing).filings, Level::Bad);
}

#[test]
fn a_warning_kind_needs_attention_whatever_its_severity() {
    let b = base_recognised("2024-06-01");
    let found = [
        finding(FindingKind::ReportReturned, Severity::Medium),
        finding(FindingKind::ChangeFiledLate, Severity::Low),
        finding(FindingKind::RiskPlanMissing, Severity::Medium),
    ];
    let badges = Badges::of(&b, &found);
    assert_eq!(
        (badges.reports, badges.filings, badges.risks),
        (Level::Warn, Level::Warn, Level::Warn)
    );
}

#[test]
fn findings_of_other_obligations_leave_the_badges_fine() {
    let b = base_recognised("2024-06-01");
    let found = [
        finding(FindingKind::NoValidPartner, Severity::High),
        finding(FindingKind::LeaderDualIdentity, Severity::High),
    ];
    assert_eq!(Badges::of(&b, &found).rank().0, Level::Ok);
}

#[test]
fn an_application_owes_nothing_until_a_risk_is_open() {
    let mut b = base_applied();
    let plan = [finding(FindingKind::RiskPlanMissing, Severity::Medium)];
    assert_eq!(Badges::of(&b, &plan), Badges::default());
    b.risks = vec![open_risk()];
    let open = [finding(FindingKind::RiskOpen, Severity::High)];
    let badges = Badges::of(&b, &open);
    assert_eq!(
        (badges.reports, badges.filings, badges.risks),
        (Level::None, Level::None, Level::Bad)
    );
}

#[test]
fn rank_puts_the_worst_cell_first() {
    let b = Badges {
        reports: Level::Ok,
        filings: Level::Bad,
        risks: Level::Warn,
    };
    assert_eq!(b.rank(), (Level::Bad, Level::Ok, Level::Warn));
}

#[test]
fn only_recognised_and_rectifying_bases_are_in_the_programme() {
    assert_eq!(
        Standing::InProgramme.statuses(),
        vec![Status::Recognised, Status::Rectifying]
    );
    assert_eq!(Standing::Removed.statuses(), vec![Status::Removed]);
    assert_eq!(
        Standing::NotRecognised.statuses(),
        vec![Status::NotRecognised]
    );
    assert_eq!(
        Standing::Application.statuses(),
        vec![
            Status::Applied,
            Status::Recommended,
            Status::Vetted,
            Status::Publicised
        ]
    );
}

#[test]
fn standing_agrees_with_the_status_predicates() {
    for s in Status::all() {
        assert_eq!(
            Standing::of(*s) == Standing::InProgramme,
            s.is_managed(),
            "{s:?}"
        );
        assert_eq!(
            Standing::of(*s) == Standing::Application,
            s.is_application(),
            "{s:?}"
        );
    }
}
