//! A form that cannot succeed on the base under the cursor is not opened: the domain's guard is
//! asked first and its refusal, with the rule, is in the status bar before any field is filled.

use super::super::overlay::Overlay;
use super::super::testkit::Harness;
use crate::domain::codes::{RiskStatus, Status};

/// Presses `key` on the base `id` and answers the notice, checking that no form opened.
fn refused(h: &mut Harness, id: &str, key: &str) -> String {
    h.cursor_to(id);
    h.press(key);
    assert!(
        !matches!(h.app.overlay, Some(Overlay::Form(_))),
        "{key} on {id} opened a form"
    );
    assert!(h.app.notice.as_ref().is_some_and(|n| n.error), "{key}");
    h.notice().expect("a notice")
}

#[test]
fn forms_that_cannot_succeed_say_why_instead_of_opening() {
    let mut h = Harness::demo();
    let removed = h.first_row(|r| r.status == Status::Removed).id;
    let notice = refused(&mut h, &removed, "c");
    assert!(
        notice.starts_with("[A15.3.2]") && notice.contains(&removed) && notice.contains("已撤销"),
        "{notice}"
    );
    let notice = refused(&mut h, &removed, "T");
    assert!(
        notice.starts_with("[A14]") && notice.contains("已撤销"),
        "{notice}"
    );
    let applied = h.first_row(|r| r.status.is_application()).id;
    let notice = refused(&mut h, &applied, "r");
    assert!(notice.starts_with("[A11]"), "{notice}");
    let no_open_risk = h
        .visible_ids()
        .into_iter()
        .find(|id| {
            let base = h.store.base(id).expect("the base");
            base.risks.iter().all(|r| r.status == RiskStatus::Closed)
        })
        .expect("a base without open risk notes");
    let notice = refused(&mut h, &no_open_risk, "X");
    assert!(notice.contains("没有未关闭的风险记录"), "{notice}");
}

#[test]
fn forms_that_can_succeed_still_open() {
    let mut h = Harness::demo();
    let recognised = h.first_row(|r| r.status == Status::Recognised).id;
    h.cursor_to(&recognised);
    for key in ["c", "T", "r"] {
        h.press(key);
        assert!(
            matches!(h.app.overlay, Some(Overlay::Form(_))),
            "{key} on {recognised}"
        );
        h.app.overlay = None;
    }
}

#[test]
fn marking_bases_none_of_which_is_evaluated_says_why_before_an_outcome_is_picked() {
    let mut h = Harness::demo();
    let removed = h.first_row(|r| r.status == Status::Removed).id;
    h.cursor_to(&removed);
    let effects = h.press("e");
    assert!(h.app.overlay.is_none(), "no outcome picker");
    assert!(
        effects.is_empty(),
        "nothing asked of the store: {effects:?}"
    );
    assert!(h.app.notice.as_ref().is_some_and(|n| n.error));
    let notice = h.notice().expect("a notice");
    assert!(
        notice.starts_with("[A11]") && notice.contains(&removed),
        "{notice}"
    );
    // With one base that is evaluated among them, the picker opens as before.
    let recognised = h.first_row(|r| r.status == Status::Recognised).id;
    h.cursor_to(&removed);
    h.press("space");
    h.cursor_to(&recognised);
    h.press("space e");
    assert!(
        matches!(h.app.overlay, Some(Overlay::PickOutcome { .. })),
        "{:?}",
        h.notice()
    );
}
