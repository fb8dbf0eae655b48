//! The security tab as people see it: a viewer's screen never holds note text, only that the
//! notes exist (area, severity, status, dates) and why the text is hidden; a security user's
//! holds it once the key that records the reading was pressed.

use super::{COLOUR, draw};
use crate::app::testkit::{Harness, WITH_NOTES};
use crate::domain::codes::Code;
use crate::domain::roles::Role;
use crate::domain::text::Lang;

/// The demo's plain note text of the base: what must never reach a viewer's screen. Cut to what
/// a row of the screen shows of it.
fn plain_texts() -> Vec<String> {
    let base = crate::demo::demo_bases()
        .expect("the demo data")
        .into_iter()
        .find(|b| b.id == WITH_NOTES)
        .expect("the demo base with notes");
    base.risks
        .iter()
        .flat_map(|r| [r.description.clone(), r.mitigation.clone()])
        .filter(|t| !t.is_empty())
        .map(|t| t.chars().take(8).collect())
        .collect()
}

/// The security tab of the base with notes, drawn.
fn security_tab(h: &mut Harness) -> String {
    h.command(&format!("goto {WITH_NOTES}"));
    while h.app.detail.as_ref().expect("open").tab != crate::app::detail::Tab::Risks {
        h.press("tab");
    }
    draw(&h.app, COLOUR).text()
}

#[test]
fn a_viewer_sees_that_notes_exist_and_why_not_their_text() {
    let mut h = Harness::demo();
    let screen = security_tab(&mut h);
    let base = h.store.base(WITH_NOTES).expect("the base");
    assert!(screen.contains("仅「保密」角色可见"), "{screen}");
    for r in &base.risks {
        let line = format!("#{} {} · {}", r.n, r.area.label(Lang::Zh), r.severity.zh());
        assert!(screen.contains(&line), "{line} in\n{screen}");
        assert!(screen.contains(&r.opened.to_string()), "{screen}");
    }
    for text in plain_texts() {
        assert!(!screen.contains(&text), "{text} on a viewer's screen");
    }
    // Nor after pressing the key that shows it to a security user.
    h.press("o");
    let screen = draw(&h.app, COLOUR).text();
    for text in plain_texts() {
        assert!(!screen.contains(&text), "{text} on a viewer's screen");
    }
}

#[test]
fn a_security_user_sees_the_text_after_the_key_and_not_before() {
    let mut h = Harness::demo();
    h.granted(&[Role::Security], None);
    let before = security_tab(&mut h);
    assert!(before.contains("按 o 显示保密说明"), "{before}");
    for text in plain_texts() {
        assert!(!before.contains(&text), "{text} before the key");
    }
    h.press("o");
    let after = draw(&h.app, COLOUR).text();
    for text in plain_texts() {
        assert!(after.contains(&text), "{text} after the key:\n{after}");
    }
    assert!(!after.contains("按 o 显示保密说明"), "{after}");
}

#[test]
fn the_key_is_in_help() {
    let mut h = Harness::demo();
    h.press("?");
    let lines = super::super::help::lines(&h.app, &COLOUR);
    let text: String = lines
        .iter()
        .flat_map(|l| l.spans.iter().map(|s| s.content.to_string()))
        .collect();
    assert!(text.contains("显示保密说明"), "{text}");
}
