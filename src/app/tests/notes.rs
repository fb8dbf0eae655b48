//! Confidential note text in the console (A15.3.4): a viewer sees that notes exist and why their
//! text is hidden; a security user sees it only after an explicit key, once the reading is
//! recorded as a `note_read` event through the store worker.

use super::super::detail::Tab;
use super::super::testkit::{Harness, WITH_NOTES, who};
use super::super::{Effect, Screen};
use crate::domain::confidential::Notes;
use crate::domain::roles::Role;
use crate::service::Request;
use crate::store::READ_ACTION;

fn grant_security(h: &mut Harness) {
    h.granted(&[Role::Security], None);
}

fn readings(h: &Harness) -> usize {
    h.store
        .events(Some(WITH_NOTES))
        .expect("the history")
        .iter()
        .filter(|e| e.action == READ_ACTION)
        .count()
}

#[test]
fn a_viewer_is_told_why_and_the_key_records_nothing() {
    let mut h = Harness::demo();
    h.command(&format!("goto {WITH_NOTES}"));
    let notes = &h.app.detail.as_ref().expect("open").notes;
    let Notes::Sealed(why) = notes else {
        panic!("sealed for a user without the security role: {notes:?}")
    };
    assert!(why.zh.contains("仅「保密」角色可见"), "{}", why.zh);
    let effects = h.send("o");
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::ReadNotes { .. })),
        "nothing is asked of the store: {effects:?}"
    );
    assert!(
        h.notice().expect("a refusal").contains("保密"),
        "{:?}",
        h.notice()
    );
    assert_eq!(readings(&h), 0);
}

#[test]
fn a_security_user_sees_the_text_only_after_the_key_and_the_reading_is_recorded_first() {
    let mut h = Harness::demo();
    grant_security(&mut h);
    h.command(&format!("goto {WITH_NOTES}"));
    let Notes::Sealed(how) = &h.app.detail.as_ref().expect("open").notes else {
        panic!("nothing is opened before the key");
    };
    assert!(how.zh.contains("按 o 显示"), "{}", how.zh);
    assert_eq!(readings(&h), 0, "opening the base reads nothing");
    // The key asks the store worker; the text comes back only with the reading recorded.
    let effects = h.send("o");
    assert!(matches!(
        effects.as_slice(),
        [Effect::ReadNotes { id }] if id == WITH_NOTES
    ));
    h.carry_out(effects);
    assert_eq!(readings(&h), 1);
    let d = h.app.detail.as_ref().expect("still open");
    assert_eq!(d.tab, Tab::Risks, "the key shows the security tab");
    let Notes::Open(texts) = &d.notes else {
        panic!("opened: {:?}", d.notes)
    };
    assert_eq!(texts.len(), d.base.risks.len());
    assert!(texts[0].description.starts_with("联合海试"), "{texts:?}");
    // The reading is this user's own: no news of another user in the status bar, and the text
    // stays on screen when the store is next looked at.
    h.poll();
    assert!(matches!(
        h.app.detail.as_ref().expect("open").notes,
        Notes::Open(_)
    ));
    assert!(
        h.notice().is_some_and(|n| n.contains("审计")),
        "{:?}",
        h.notice()
    );
}

#[test]
fn leaving_the_base_seals_the_text_again_and_a_new_note_seals_it_too() {
    let mut h = Harness::demo();
    grant_security(&mut h);
    h.command(&format!("goto {WITH_NOTES}"));
    h.press("o");
    assert!(matches!(
        h.app.detail.as_ref().expect("open").notes,
        Notes::Open(_)
    ));
    // Another user adds a note: its text was not part of the reading.
    h.as_other_user(Request::RiskAdd {
        id: WITH_NOTES.into(),
        input: crate::domain::ops::RiskInput {
            area: crate::domain::codes::RiskArea::Data,
            severity: crate::domain::codes::Severity::Low,
            description: "另一段说明".into(),
            mitigation: String::new(),
            opened: super::super::testkit::demo_today(),
        },
    });
    h.poll();
    assert!(matches!(
        h.app.detail.as_ref().expect("open").notes,
        Notes::Sealed(_)
    ));
    h.press("o");
    assert_eq!(readings(&h), 2, "read again, recorded again");
    h.press("esc");
    assert_eq!(h.app.screen, Screen::Bases);
    h.command(&format!("goto {WITH_NOTES}"));
    assert!(matches!(
        h.app.detail.as_ref().expect("open").notes,
        Notes::Sealed(_)
    ));
}

#[test]
fn withdrawing_the_security_role_seals_what_was_shown() {
    let mut h = Harness::demo();
    grant_security(&mut h);
    h.command(&format!("goto {WITH_NOTES}"));
    h.press("o");
    h.as_other_user(Request::WithdrawRoles {
        name: who().actor,
        roles: vec![Role::Security],
    });
    h.poll();
    let Notes::Sealed(why) = &h.app.detail.as_ref().expect("open").notes else {
        panic!("sealed again");
    };
    assert!(why.zh.contains("仅「保密」角色可见"), "{}", why.zh);
}
