//! The history room: every event newest first, read a page at a time; filtered by base (from a
//! base's detail), user and dates; new events come on top without moving the cursor off its
//! event; a user limited to one city sees only its bases' events.

use super::super::history::{PAGE, action_label};
use super::super::testkit::{Harness, WITH_NOTES, demo_today, other_user, who};
use super::super::{Effect, Screen};
use crate::domain::lifecycle::Ctx;
use crate::domain::roles::Role;
use crate::service::Request;
use crate::store::{Event, Who};

/// The seqs the history shows, top to bottom.
fn shown(h: &Harness) -> Vec<u64> {
    let view = h.app.history_view.as_ref().expect("the history is open");
    view.events.iter().map(|e| e.seq).collect()
}

/// Every event of the store (of one base), newest first.
fn stored(h: &Harness, base: Option<&str>) -> Vec<u64> {
    let mut all: Vec<u64> = h
        .store
        .events(base)
        .expect("the history")
        .iter()
        .map(|e| e.seq)
        .collect();
    all.reverse();
    all
}

fn cursor_event(h: &Harness) -> Event {
    let view = h.app.history_view.as_ref().expect("open");
    view.events[view.cursor].clone()
}

/// A correction `wang` makes: the base's technical fields.
fn edit(id: &str, value: &str) -> Request {
    Request::Edit {
        id: id.into(),
        pairs: vec![("fields".into(), value.into())],
    }
}

#[test]
fn h_opens_every_event_newest_first_and_esc_goes_back() {
    let mut h = Harness::demo();
    h.press("t");
    let effects = h.send("H");
    assert!(
        matches!(effects.as_slice(), [Effect::History(q)] if q.filter.is_empty()),
        "a page is asked for, off the input path: {effects:?}"
    );
    h.carry_out(effects);
    assert_eq!(h.app.screen, Screen::History);
    let all = stored(&h, None);
    assert!(all.len() <= PAGE, "the demo's history fits a page");
    assert_eq!(shown(&h), all);
    assert!(!h.app.history_view.as_ref().expect("open").more);
    h.press("esc");
    assert_eq!(h.app.screen, Screen::Triage, "back where it was opened");
    assert!(h.app.history_view.is_none());
}

#[test]
fn a_long_history_is_read_a_page_at_a_time_as_the_cursor_goes_down() {
    let mut h = Harness::demo();
    let id = h.rows()[0].id.clone();
    for i in 0..PAGE {
        h.as_other_user(edit(&id, &format!("领域{i}")));
    }
    h.poll();
    h.press("H");
    let all = stored(&h, None);
    assert!(all.len() > PAGE + 50);
    assert_eq!(shown(&h), all[..PAGE], "one page first");
    assert!(h.app.history_view.as_ref().expect("open").more);
    h.press("G");
    assert_eq!(shown(&h), all, "the rest once the cursor nears the end");
    assert!(!h.app.history_view.as_ref().expect("open").more);
    assert_eq!(
        cursor_event(&h).seq,
        all[PAGE - 1],
        "the end of what was read"
    );
    h.press("G");
    assert_eq!(cursor_event(&h).seq, *all.last().expect("events"));
}

#[test]
fn from_a_base_s_detail_h_shows_only_that_base_and_esc_returns_to_it() {
    let mut h = Harness::demo();
    let id = h.rows()[3].id.clone();
    h.as_other_user(edit(&id, "海洋工程"));
    h.poll();
    h.command(&format!("goto {id}"));
    h.press("H");
    assert_eq!(
        h.app.history_view.as_ref().expect("open").filter.base,
        Some(id.clone())
    );
    assert_eq!(shown(&h), stored(&h, Some(&id)));
    assert_eq!(cursor_event(&h).actor, other_user().actor);
    h.press("esc");
    assert_eq!(h.app.screen, Screen::Detail);
    assert_eq!(h.cursor_id().as_deref(), Some(id.as_str()));
}

#[test]
fn the_history_filters_by_user_and_by_dates() {
    let mut h = Harness::demo();
    let id = h.rows()[0].id.clone();
    // Another editor, the next morning.
    h.as_other_user(Request::GrantRoles {
        name: "li".into(),
        roles: vec![Role::Editor],
        scope: None,
    });
    let later = Who {
        actor: "li".into(),
        at: chrono::DateTime::parse_from_rfc3339("2026-11-26T08:30:00+08:00").expect("a time"),
    };
    let ctx = Ctx {
        policy: &h.app.policy,
        today: demo_today(),
    };
    crate::service::perform(&h.store, &later, ctx, edit(&id, "次日")).expect("li's edit");
    h.poll();

    h.command("history 用户=li");
    let only_li = shown(&h);
    assert_eq!(only_li.len(), 1);
    assert_eq!(cursor_event(&h).actor, "li");

    h.command("history 自=2026-11-26");
    assert_eq!(shown(&h), only_li, "only li's edit is of the 26th");
    h.command("history 至=2026-11-25");
    let before: Vec<u64> = stored(&h, None)
        .into_iter()
        .filter(|s| !only_li.contains(s))
        .collect();
    assert_eq!(shown(&h), before);
    h.command("history 自=2026-11-01 至=2026-11-24");
    assert!(shown(&h).is_empty());
    // A base id in any case, full-width too, as the CLI reads one.
    let wide: String = id
        .to_lowercase()
        .chars()
        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
        .collect();
    h.command(&format!("history 编号={wide}"));
    assert_eq!(shown(&h), stored(&h, Some(&id)));
    // `f` edits the filter on the command line; `F` clears it.
    h.command("history 用户=wang");
    h.press("f");
    let line = h.app.input.as_ref().expect("the command line");
    assert_eq!(line.field.value(), "history 用户=wang ");
    h.press("esc F");
    assert_eq!(shown(&h), stored(&h, None));
    // A filter that is not one is refused by name.
    h.command("history 颜色=红");
    assert!(
        h.notice().is_some_and(|n| n.contains("颜色")),
        "{:?}",
        h.notice()
    );
}

#[test]
fn new_events_come_on_top_and_the_cursor_stays_on_its_event() {
    let mut h = Harness::demo();
    let id = h.rows()[0].id.clone();
    h.press("H j j");
    let on = cursor_event(&h).seq;
    h.as_other_user(edit(&id, "新领域"));
    h.as_other_user(edit(&id, "又一领域"));
    h.poll();
    assert_eq!(shown(&h), stored(&h, None), "both on top");
    assert_eq!(
        cursor_event(&h).seq,
        on,
        "the cursor did not move off its event"
    );
    // This session's own change comes too.
    h.command("view save 我的视图");
    assert_eq!(h.app.screen, Screen::History);
    assert_eq!(shown(&h), stored(&h, None));
    assert_eq!(
        h.app.history_view.as_ref().expect("open").events[0].action,
        "view_save"
    );
    assert_eq!(cursor_event(&h).seq, on);
}

#[test]
fn enter_opens_the_event_s_base_or_says_it_concerns_none() {
    let mut h = Harness::demo();
    let id = h.rows()[5].id.clone();
    h.as_other_user(edit(&id, "海洋工程"));
    h.granted(&[Role::Security], None);
    h.press("H");
    // Newest first: the grant (about no base), then the edit.
    assert_eq!(cursor_event(&h).action, "users");
    h.press("enter");
    assert_eq!(h.app.screen, Screen::History);
    assert!(
        h.notice().is_some_and(|n| n.contains("不涉及某个基地")),
        "{:?}",
        h.notice()
    );
    h.press("j enter");
    assert_eq!(h.app.screen, Screen::Detail);
    assert_eq!(h.cursor_id().as_deref(), Some(id.as_str()));
    h.press("esc");
    assert_eq!(h.app.screen, Screen::History);
}

#[test]
fn a_reading_of_confidential_text_appears_as_such() {
    let mut h = Harness::demo();
    h.granted(&[Role::Security], None);
    h.command(&format!("goto {WITH_NOTES}"));
    h.press("o H");
    let top = cursor_event(&h);
    assert_eq!(top.actor, who().actor);
    assert!(top.is_reading());
    assert_eq!(action_label(&top.action).zh, "阅读保密说明");
}

#[test]
fn a_user_limited_to_one_city_sees_only_its_bases_events() {
    let mut h = Harness::demo();
    let city = h.rows()[0].city.clone();
    let other = h
        .rows()
        .iter()
        .find(|r| r.city != city)
        .map(|r| r.id.clone())
        .expect("another city");
    h.as_other_user(edit(&other, "他市领域"));
    h.granted(&[Role::Editor], Some(&city));
    h.press("H");
    let view = h.app.history_view.as_ref().expect("open");
    assert!(!view.events.is_empty());
    for event in &view.events {
        if let Some(id) = &event.base_id {
            let row = h.app.row(id).expect("a base");
            assert_eq!(row.city, city, "#{} about {id}", event.seq);
        }
    }
    assert!(
        view.events.iter().any(|e| e.base_id.is_none()),
        "roles events stay"
    );
    h.command(&format!("history {other}"));
    assert!(
        h.notice().is_some_and(|n| n.contains(&other)),
        "{:?}",
        h.notice()
    );
}
