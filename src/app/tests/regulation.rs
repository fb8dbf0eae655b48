//! The regulation's later rules in the console (issue 12): the programme-wide A16 finding has
//! no base, and nothing assumes one; recognising against a failing eligibility verdict takes an
//! administrator's reason; a leader change takes the new leader's particulars.

use super::super::form::Form;
use super::super::overlay::Overlay;
use super::super::testkit::Harness;
use super::super::{Effect, Screen};
use crate::domain::codes::{FindingKind, Identity, Qualification, Status};
use crate::service::Request;

fn form(h: &Harness) -> &Form {
    match &h.app.overlay {
        Some(Overlay::Form(f)) => f,
        _ => panic!("no form is open; notice: {:?}", h.notice()),
    }
}

/// The form's field `key`, focused with Tab (from the first field) and set to `value`.
fn fill(h: &mut Harness, key: &str, value: &str) {
    let mut steps = 0;
    while form(h).fields[form(h).focus].key != key {
        h.press("tab");
        steps += 1;
        assert!(steps < 20, "no field {key} is shown");
    }
    h.press("ctrl-u");
    h.type_text(value);
}

fn shown_keys(h: &Harness) -> Vec<&'static str> {
    let f = form(h);
    (0..f.fields.len())
        .filter(|i| f.shown(*i))
        .map(|i| f.fields[i].key)
        .collect()
}

#[test]
fn the_a16_finding_is_in_triage_and_enter_says_it_concerns_no_base() {
    let mut h = Harness::demo();
    h.app.today = "2030-01-15".parse().expect("a date");
    h.reload();
    let analysis = h.app.analysis.as_ref().expect("analysed");
    let lapsed: Vec<_> = analysis
        .triage
        .iter()
        .filter(|f| f.kind == FindingKind::RegulationLapsed)
        .collect();
    assert_eq!(lapsed.len(), 1, "shown once, not per base");
    assert!(lapsed[0].base_id.is_empty());
    h.press("t");
    let at = h
        .app
        .triage_rows()
        .iter()
        .position(|f| f.kind == FindingKind::RegulationLapsed)
        .expect("on the triage screen");
    h.press("g g");
    for _ in 0..at {
        h.press("j");
    }
    assert_eq!(h.app.current_id(), None, "no base under the cursor");
    h.press("enter");
    assert_eq!(h.app.screen, Screen::Triage);
    assert!(
        h.notice().is_some_and(|n| n.contains("不涉及某个基地")),
        "{:?}",
        h.notice()
    );
    let effects = h.press("y");
    assert!(!effects.iter().any(|e| matches!(e, Effect::Copy(_))));
    h.press("e");
    assert!(h.app.overlay.is_none(), "nothing to mark");
}

#[test]
fn recognising_a_failing_application_takes_the_admin_s_reason() {
    let mut h = Harness::demo();
    // A publicised application that fails its A5–A8 checks.
    let id = "GDICB-2026-0013";
    h.cursor_to(id);
    h.press("T");
    assert!(!shown_keys(&h).contains(&"override"), "only to recognise");
    fill(&mut h, "status", "已认定");
    assert!(shown_keys(&h).contains(&"override"));
    fill(&mut h, "reason", "评审通过");
    fill(&mut h, "doc_no", "粤科函〔2026〕12号");
    h.press("enter");
    let why = form(&h).error.as_ref().expect("refused").zh.clone();
    assert!(why.contains("申报条件审查未通过"), "{why}");
    assert!(
        why.contains("在「认定理由（不符合条件时）」一栏填写"),
        "{why}"
    );
    assert_eq!(
        h.store.base(id).expect("the base").status,
        Status::Publicised
    );
    fill(&mut h, "override", "国家战略急需，经厅务会研究");
    h.press("enter");
    assert!(h.app.overlay.is_none(), "{:?}", h.notice());
    assert!(matches!(
        h.requests.last(),
        Some(Request::Transition { input, .. })
            if input.override_reason.as_deref() == Some("国家战略急需，经厅务会研究")
    ));
    let base = h.store.base(id).expect("the base");
    assert_eq!(base.status, Status::Recognised);
    let event = h
        .store
        .events(Some(id))
        .expect("events")
        .pop()
        .expect("one");
    assert!(
        event.summary.zh.contains("管理员认定理由：国家战略急需"),
        "{}",
        event.summary.zh
    );
}

#[test]
fn a_leader_change_takes_the_new_leader_s_particulars() {
    let mut h = Harness::demo();
    let id = h.first_row(|r| r.status == Status::Recognised).id;
    h.cursor_to(&id);
    h.press("c");
    let leader_fields = [
        "qualification",
        "qualified_on",
        "identity",
        "dual_identity",
        "employed",
    ];
    assert!(
        leader_fields.iter().all(|k| !shown_keys(&h).contains(k)),
        "a rename asks for no leader"
    );
    fill(&mut h, "kind", "负责人变更");
    for key in leader_fields {
        assert!(shown_keys(&h).contains(&key), "{key}");
    }
    fill(&mut h, "to", "欧阳新");
    fill(&mut h, "qualification", "博士");
    fill(&mut h, "qualified_on", "2019-07-01");
    fill(&mut h, "identity", "外籍");
    fill(&mut h, "employed", "是");
    h.press("enter");
    assert!(h.app.overlay.is_none(), "{:?}", h.notice());
    let leader = h.store.base(&id).expect("the base").leader;
    assert_eq!(leader.name, "欧阳新");
    assert_eq!(leader.qualification, Qualification::Phd);
    assert_eq!(leader.qualified_on, "2019-07-01".parse().ok());
    assert_eq!(leader.identity, Identity::Foreign);
    assert!(!leader.dual_identity && leader.employed_by_host);
}

#[test]
fn leader_particulars_typed_then_hidden_are_not_sent() {
    let mut h = Harness::demo();
    let id = h.first_row(|r| r.status == Status::Recognised).id;
    h.cursor_to(&id);
    h.press("c");
    fill(&mut h, "kind", "负责人变更");
    fill(&mut h, "qualification", "博士");
    // Back to a rename: the qualification no longer applies and is not sent with it.
    fill(&mut h, "kind", "更名");
    fill(&mut h, "to", "新名称联合研究中心");
    h.press("enter");
    assert!(h.app.overlay.is_none(), "{:?}", h.notice());
    assert!(matches!(
        h.requests.last(),
        Some(Request::Change { input, .. }) if input.leader == Default::default()
    ));
}
