//! A read-only session (`--read-only`, or a file the user may not write): every key and command
//! that would change something answers that it is read-only, opens nothing and asks nothing of
//! the store.

use super::super::testkit::{Harness, WITH_NOTES};
use super::super::{Effect, Screen};
use crate::domain::confidential::Notes;
use crate::domain::roles::Role;

fn read_only() -> Harness {
    let mut h = Harness::demo();
    h.app.read_only = true;
    h
}

fn events(h: &Harness) -> usize {
    h.store.events(None).expect("the history").len()
}

fn is_write(e: &Effect) -> bool {
    matches!(e, Effect::Write { .. } | Effect::ReadNotes { .. })
}

#[test]
fn the_case_keys_in_triage_say_read_only_and_write_nothing() {
    let mut h = read_only();
    h.press("t");
    for key in ["a", "A", "i", "z", "D", "w"] {
        let effects = h.press(key);
        assert!(h.app.overlay.is_none(), "{key} opened a dialog");
        assert!(!effects.iter().any(is_write), "{key}");
        let notice = h.notice().unwrap_or_default();
        assert!(notice.contains("只读会话"), "{key}: {notice}");
    }
}

#[test]
fn every_write_key_says_read_only_and_opens_nothing() {
    let mut h = read_only();
    let before = events(&h);
    let id = h.cursor_id().expect("a base under the cursor");
    for screen_keys in ["b", "enter", "t"] {
        h.press("esc b");
        h.cursor_to(&id);
        h.press(screen_keys);
        let screen = h.app.screen;
        for key in ["e", "u", "a", "r", "c", "x", "X", "T", "p"] {
            let effects = h.press(key);
            // A key unbound on this screen does nothing at all; a bound one says why.
            assert!(
                h.app.overlay.is_none(),
                "{key} on {screen:?} opened a dialog"
            );
            assert!(!effects.iter().any(is_write), "{key} on {screen:?}");
            // The list binds every one of them; elsewhere a key the screen binds says why.
            match h.notice() {
                Some(notice) => {
                    assert!(notice.contains("只读会话"), "{key} on {screen:?}: {notice}")
                }
                None => assert_ne!(screen, Screen::Bases, "{key} said nothing on the list"),
            }
        }
    }
    assert!(h.requests.is_empty(), "{:?}", h.requests);
    assert_eq!(events(&h), before, "nothing was written");
}

#[test]
fn write_commands_say_read_only_too() {
    let mut h = read_only();
    let before = events(&h);
    for line in [
        "mark 合格",
        "excuse 已说明",
        "view save 我的视图",
        "view delete 某视图",
    ] {
        h.command(line);
        assert!(h.app.overlay.is_none(), ":{line} opened a dialog");
        let notice = h.notice().unwrap_or_default();
        assert!(notice.contains("只读会话"), ":{line}: {notice}");
    }
    assert!(h.app.views.is_empty(), "no view was saved, even on screen");
    assert!(h.requests.is_empty(), "{:?}", h.requests);
    assert_eq!(events(&h), before);
    // Reading still works: filters, search, another screen.
    h.command("filter 类型=联合研究类");
    assert!(h.notice().is_none(), "{:?}", h.notice());
    h.press("d");
    assert_eq!(h.app.screen, Screen::Dashboard);
}

#[test]
fn a_security_user_in_a_read_only_session_is_told_why_no_text_is_shown() {
    let mut h = Harness::demo();
    h.granted(&[Role::Security], None);
    h.app.read_only = true;
    h.command(&format!("goto {WITH_NOTES}"));
    let Notes::Sealed(why) = &h.app.detail.as_ref().expect("open").notes else {
        panic!("nothing opened");
    };
    assert!(why.zh.contains("只读会话"), "{}", why.zh);
    let effects = h.press("o");
    assert!(!effects.iter().any(is_write));
    assert!(h.notice().is_some_and(|n| n.contains("只读会话")));
}

#[test]
fn a_key_the_role_does_not_permit_names_the_role_before_any_dialog_opens() {
    let mut h = Harness::demo();
    // The tester loses every role: a viewer.
    h.as_other_user(crate::service::Request::WithdrawRoles {
        name: super::super::testkit::who().actor,
        roles: Vec::new(),
    });
    h.poll();
    for key in ["e", "a", "r", "c", "x", "p"] {
        let effects = h.press(key);
        assert!(h.app.overlay.is_none(), "{key} opened a dialog");
        assert!(!effects.iter().any(is_write));
        let notice = h.notice().unwrap_or_default();
        assert!(
            notice.contains("jidi users add tester editor"),
            "{key}: {notice}"
        );
    }
    // The command line asks the same of them: `:mark` opens no confirmation, `:follow` names
    // the role rather than sending them to find a finding.
    for line in ["mark 合格", "follow 状态=已联系"] {
        let effects = h.command(line);
        assert!(h.app.overlay.is_none(), ":{line} opened a dialog");
        assert!(!effects.iter().any(is_write));
        let notice = h.notice().unwrap_or_default();
        assert!(
            notice.contains("jidi users add tester editor"),
            ":{line}: {notice}"
        );
    }
    // An editor may record, but a status change needs an admin.
    h.granted(&[Role::Editor], None);
    h.press("T");
    assert!(h.app.overlay.is_none());
    assert!(
        h.notice()
            .is_some_and(|n| n.contains("jidi users add tester admin"))
    );
    h.press("r");
    assert!(h.app.overlay.is_some(), "an editor records reports");
}
