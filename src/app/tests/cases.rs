//! Case follow-up from the console, driven by keys on the demo data: the inbox views and their
//! counts, each case key, the `:follow` and `:note` commands, undo, other users' follow-ups
//! arriving, conflicts, city scope, the programme-wide finding, the 跟进 tab, searching work
//! records, and the calendar. Expected findings and counts are computed here from the store,
//! with the domain's own inbox rule, not read back from the code under test.

use super::super::follow::StatePick;
use super::super::form::{Form, FormKind};
use super::super::overlay::Overlay;
use super::super::testkit::{Harness, demo_today, other_user, who};
use super::super::{Effect, InputKind, Screen};
use crate::domain::cases::{self, FollowInput, FollowUp, Inbox};
use crate::domain::codes::{CaseState, Code};
use crate::domain::dates::add_days;
use crate::domain::findings::{self, Finding};
use crate::domain::roles::Role;
use crate::service::Request;
use std::collections::HashMap;

/// Every finding the console should know, from the store, with its case.
fn expected(h: &Harness) -> Vec<(Finding, Option<FollowUp>)> {
    let bans = crate::app::data::bans_of(&h.store.summaries().expect("rows"));
    let cases: HashMap<String, FollowUp> = h
        .store
        .cases()
        .expect("cases")
        .into_iter()
        .map(|c| (c.key.clone(), c))
        .collect();
    h.store
        .bases()
        .expect("bases")
        .iter()
        .flat_map(|b| findings::findings(b, &h.app.ctx(), &bans))
        .chain(findings::programme(&h.app.ctx()))
        .map(|f| {
            let case = cases.get(&f.key()).cloned();
            (f, case)
        })
        .collect()
}

/// How many findings each inbox view should hold for the console's user.
fn expected_counts(h: &Harness) -> [usize; 4] {
    let all = expected(h);
    Inbox::ALL.map(|inbox| {
        all.iter()
            .filter(|(f, c)| cases::in_inbox(inbox, c.as_ref(), f.due, &h.app.user, demo_today()))
            .count()
    })
}

fn the_case(h: &Harness, key: &str) -> Option<FollowUp> {
    h.store.case(key).expect("a read")
}

fn form(h: &Harness) -> &Form {
    match &h.app.overlay {
        Some(Overlay::Form(f)) => f,
        _ => panic!("no form is open"),
    }
}

fn picker(h: &Harness) -> &StatePick {
    match &h.app.overlay {
        Some(Overlay::PickState(p)) => p,
        _ => panic!("no state picker is open"),
    }
}

/// The triage screen with its cursor on the first finding `pick` accepts (by keys).
fn triage_on(h: &mut Harness, pick: impl Fn(&Finding) -> bool) -> Finding {
    h.press("t");
    let found = h
        .app
        .triage_rows()
        .into_iter()
        .find(|f| pick(f))
        .expect("the demo data has such a finding")
        .clone();
    cursor_on(h, &found);
    found
}

/// The triage cursor on finding `f` (by keys), in the view shown.
fn cursor_on(h: &mut Harness, f: &Finding) {
    let at = h
        .app
        .triage_rows()
        .iter()
        .position(|r| *r == f)
        .expect("the finding is shown");
    h.press("g g");
    for _ in 0..at {
        h.press("j");
    }
    assert_eq!(h.app.current_finding(), Some(f));
}

fn writes(h: &Harness) -> usize {
    h.requests.len()
}

#[test]
fn the_views_switch_by_their_keys_and_by_tab_and_count_as_the_command_line_does() {
    let mut h = Harness::demo();
    h.press("t");
    assert_eq!(
        h.app.triage.inbox,
        Inbox::All,
        "every finding, as before inboxes"
    );
    let n = expected(&h).len();
    assert_eq!(h.app.triage.visible.len(), n);
    assert_eq!(h.app.triage.counts, expected_counts(&h));
    assert_eq!(h.app.triage.counts, [0, n, 0, n]);
    for (key, inbox) in [
        ("1", Inbox::Mine),
        ("2", Inbox::Unassigned),
        ("3", Inbox::Deferred),
        ("4", Inbox::All),
    ] {
        h.press(key);
        assert_eq!(h.app.triage.inbox, inbox, "{key}");
        assert_eq!(
            h.app.triage.visible.len(),
            h.app.triage.counts[super::super::cases::index_of(inbox)]
        );
    }
    h.press("tab");
    assert_eq!(
        h.app.triage.inbox,
        Inbox::Mine,
        "after 全部 comes 我的 again"
    );
    h.press("tab tab");
    assert_eq!(h.app.triage.inbox, Inbox::Deferred);
    h.press("backtab");
    assert_eq!(h.app.triage.inbox, Inbox::Unassigned);
}

#[test]
fn a_takes_the_case_it_shows_in_mine_and_u_gives_it_back() {
    let mut h = Harness::demo();
    let f = triage_on(&mut h, |f| f.due.is_some());
    h.press("a");
    let case = the_case(&h, &f.key()).expect("followed");
    assert_eq!(case.assignee.as_deref(), Some("tester"));
    assert_eq!(h.app.analysis.as_ref().unwrap().cases.of(&f), Some(&case));
    assert_eq!(h.app.triage.counts, expected_counts(&h));
    assert_eq!(h.app.triage.counts[0], 1);
    let notice = h.notice().expect("what it did");
    assert!(notice.contains("交给 tester"), "{notice}");
    h.press("1");
    assert_eq!(h.app.triage_rows(), vec![&f], "mine holds exactly it");
    // Taking it again is no change: refused here, nothing sent.
    let before = writes(&h);
    h.press("a");
    assert_eq!(writes(&h), before);
    assert!(h.notice().unwrap().contains("没有变化"));
    // Undone like any change, from the console.
    h.press("u");
    assert!(matches!(h.app.overlay, Some(Overlay::UndoConfirm { .. })));
    h.press("y");
    assert_eq!(
        the_case(&h, &f.key()),
        None,
        "the case is as it was: never followed"
    );
    assert!(h.app.analysis.as_ref().unwrap().cases.of(&f).is_none());
    assert_eq!(h.app.triage.counts[0], 0);
    assert!(h.app.triage.visible.is_empty(), "mine is empty again");
}

#[test]
fn capital_a_assigns_through_the_command_line_with_the_users_completed() {
    let mut h = Harness::demo();
    let f = triage_on(&mut h, |_| true);
    h.press("A");
    let line = h.app.input.as_ref().expect("the command line");
    assert_eq!(line.kind, InputKind::Command);
    assert_eq!(line.field.value(), "follow 指派=");
    h.press("tab");
    let line = h.app.input.as_ref().unwrap();
    assert_eq!(line.field.value(), "follow 指派=me");
    assert_eq!(
        line.completions,
        ["指派=me", "指派=tester", "指派=wang"],
        "me, then the users"
    );
    h.press("ctrl-u");
    h.type_text("follow 指派=wa");
    h.press("tab");
    assert_eq!(
        h.app.input.as_ref().unwrap().field.value(),
        "follow 指派=wang "
    );
    h.press("enter");
    let case = the_case(&h, &f.key()).expect("followed");
    assert_eq!(case.assignee.as_deref(), Some("wang"));
    assert_eq!(h.app.triage.counts, expected_counts(&h));
    // Not a user: the service refuses, naming them.
    h.command("follow 指派=nobody");
    assert!(h.notice().unwrap().contains("nobody"), "{:?}", h.notice());
    assert_eq!(
        the_case(&h, &f.key()).unwrap().assignee.as_deref(),
        Some("wang")
    );
}

#[test]
fn i_adds_a_note_in_a_form_and_an_empty_one_is_refused_there() {
    let mut h = Harness::demo();
    let f = triage_on(&mut h, |_| true);
    h.press("i");
    assert_eq!(form(&h).kind, FormKind::CaseNote);
    assert_eq!(form(&h).subject.as_deref(), Some(f.key().as_str()));
    let before = writes(&h);
    h.press("enter");
    assert_eq!(writes(&h), before, "nothing sent");
    assert!(form(&h).error.as_ref().unwrap().zh.contains("不能为空"));
    h.type_text("已电话催报，答应周五交");
    h.press("enter");
    assert!(h.app.overlay.is_none(), "the form closed once stored");
    let case = the_case(&h, &f.key()).expect("followed");
    assert_eq!(case.notes.len(), 1);
    assert_eq!(case.notes[0].text, "已电话催报，答应周五交");
    assert_eq!(case.notes[0].author, "tester");
    assert_eq!(case.assignee, None, "a note assigns nobody");
}

#[test]
fn a_note_one_character_over_the_limit_is_refused_whole_not_cut_and_stored() {
    let mut h = Harness::demo();
    let f = triage_on(&mut h, |_| true);
    h.press("i");
    let over = "记".repeat(crate::domain::cases::MAX_NOTE + 1);
    h.type_text(&over);
    assert_eq!(
        form(&h).fields[0].input.value().chars().count(),
        crate::domain::cases::MAX_NOTE + 1,
        "the field keeps every character typed"
    );
    let before = writes(&h);
    h.press("enter");
    assert_eq!(writes(&h), before, "nothing sent");
    let error = form(&h).error.as_ref().expect("refused").zh.clone();
    assert!(error.contains("过长") && error.contains("4001"), "{error}");
    assert!(the_case(&h, &f.key()).is_none_or(|c| c.notes.is_empty()));
}

#[test]
fn z_picks_a_state_and_shows_which_moves_the_workflow_refuses() {
    let mut h = Harness::demo();
    let f = triage_on(&mut h, |_| true);
    h.press("z");
    let pick = picker(&h);
    assert_eq!(pick.now, CaseState::Open);
    // Open → open is no change; every other move is allowed from open.
    let refused: Vec<bool> = pick.refusals.iter().map(Option::is_some).collect();
    assert_eq!(refused, [true, false, false, false, false]);
    h.press("2");
    assert!(h.app.overlay.is_none());
    assert_eq!(the_case(&h, &f.key()).unwrap().state, CaseState::Contacted);
    h.press("z 4");
    assert_eq!(the_case(&h, &f.key()).unwrap().state, CaseState::Done);
    // done → contacted: the issue's own example, refused in the picker with the domain's words.
    h.press("z");
    assert!(picker(&h).refusals[1].is_some());
    let before = writes(&h);
    h.press("2");
    assert_eq!(writes(&h), before);
    let error = picker(&h).error.as_ref().expect("why not").zh.clone();
    assert!(
        error.contains("已完成") && error.contains("已联系"),
        "{error}"
    );
    // Reopened, then dismissed: a dismissal asks its reason.
    h.press("1");
    assert_eq!(the_case(&h, &f.key()).unwrap().state, CaseState::Open);
    h.press("z 5");
    assert_eq!(form(&h).kind, FormKind::CaseDismiss);
    h.type_text("已书面说明，属合理延期");
    h.press("enter");
    let case = the_case(&h, &f.key()).unwrap();
    assert_eq!(case.state, CaseState::Dismissed);
    assert_eq!(
        case.dismissed_because.as_deref(),
        Some("已书面说明，属合理延期")
    );
    // A dismissed case is not in "unassigned" but still in "all": shown, never hidden.
    assert_eq!(h.app.triage.counts, expected_counts(&h));
    assert!(h.app.triage_rows().contains(&&f));
}

#[test]
fn capital_d_sets_a_look_again_date_past_dates_refused_with_the_domain_s_message() {
    let mut h = Harness::demo();
    let f = triage_on(&mut h, |f| f.due.is_some_and(|d| d < demo_today()));
    h.press("a");
    h.press("D");
    assert_eq!(form(&h).kind, FormKind::LookAgain);
    let week = add_days(demo_today(), 7).to_string();
    assert_eq!(
        form(&h).fields[0].input.value(),
        week,
        "a week on, to start from"
    );
    h.press("ctrl-u");
    h.type_text("2026-11-01");
    h.press("enter");
    let error = form(&h).error.as_ref().expect("refused").zh.clone();
    assert!(error.contains("2026-11-01 已过去"), "{error}");
    // The form's own field is named, not the command line's flag the user never typed.
    assert!(
        error.contains("复查日期") && !error.contains("--until"),
        "{error}"
    );
    assert_eq!(
        the_case(&h, &f.key()).unwrap().until,
        None,
        "nothing written"
    );
    h.press("ctrl-u");
    h.type_text(&week);
    h.press("enter");
    assert!(h.app.overlay.is_none());
    let case = the_case(&h, &f.key()).unwrap();
    assert_eq!(case.until, Some(add_days(demo_today(), 7)));
    // Already overdue when deferred: out of mine until the day, in deferred.
    assert_eq!(h.app.triage.counts, expected_counts(&h));
    assert_eq!((h.app.triage.counts[0], h.app.triage.counts[2]), (0, 1));
    h.press("3");
    assert_eq!(h.app.triage_rows(), vec![&f]);
    // 无 clears it.
    h.press("D ctrl-u");
    h.type_text("无");
    h.press("enter");
    assert_eq!(the_case(&h, &f.key()).unwrap().until, None);
}

#[test]
fn follow_and_note_commands_do_what_jidi_follow_and_jidi_note_do() {
    let mut h = Harness::demo();
    let f = triage_on(&mut h, |_| true);
    h.command("follow 指派=me 状态=已联系 备注=已发函 请尽快补交");
    let case = the_case(&h, &f.key()).expect("followed");
    assert_eq!(case.assignee.as_deref(), Some("tester"));
    assert_eq!(case.state, CaseState::Contacted);
    assert_eq!(
        case.notes[0].text, "已发函 请尽快补交",
        "the note takes the rest of the line"
    );
    h.command("follow 颜色=红");
    assert!(h.notice().unwrap().contains("颜色=红"));
    h.command("note 上门走访，见到项目负责人");
    let notes = h.store.work_notes(&f.base_id).expect("notes");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].text, "上门走访，见到项目负责人");
    assert_eq!(
        notes[0].cites.as_deref(),
        Some(f.key().as_str()),
        "cites the finding under the cursor"
    );
    // Both are undone with u, the last one first.
    h.press("u y");
    assert!(h.store.work_notes(&f.base_id).unwrap().is_empty());
}

#[test]
fn w_writes_a_work_record_citing_the_finding_and_a_search_finds_the_base_by_it() {
    let mut h = Harness::demo();
    let f = triage_on(&mut h, |_| true);
    h.press("w");
    assert_eq!(form(&h).kind, FormKind::WorkNote);
    assert_eq!(
        form(&h).fields[1].input.value(),
        f.key(),
        "cites the cursor's finding"
    );
    h.type_text("与澜汐联络员电话沟通第三轮整改");
    h.press("enter");
    let notes = h.store.work_notes(&f.base_id).expect("notes");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].cites.as_deref(), Some(f.key().as_str()));
    // The words of the record find its base, in the console as in the store.
    h.press("b /");
    h.type_text("第三轮整改");
    assert_eq!(h.visible_ids(), std::slice::from_ref(&f.base_id));
    let hit = h.app.list.search.hits.as_ref().unwrap()[0].hit.field;
    assert_eq!(hit, crate::search::Field::Note);
    let stored = h.store.summaries_and_keys().expect("keys").1;
    let query = crate::search::Query::new("第三轮整改");
    let mut matcher = crate::search::Matcher::new();
    let found: Vec<usize> = (0..stored.len())
        .filter(|i| matcher.score(&query, &stored[*i]).is_some())
        .collect();
    assert_eq!(found.len(), 1, "the stored key holds the record too");
    // Undoing the record takes its words out of the key again.
    h.press("esc u y");
    h.press("/");
    h.type_text("第三轮整改");
    assert!(h.visible_ids().is_empty());
    let report = crate::store::Store::check(h.store.path()).expect("checked");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn another_user_s_follow_up_arrives_and_a_change_made_over_it_is_refused() {
    let mut h = Harness::demo();
    let f = triage_on(&mut h, |_| true);
    let seen = h.app.version;
    h.as_other_user(Request::Follow {
        key: f.key(),
        input: FollowInput {
            assign: Some(Some(other_user().actor)),
            note: Some("我来跟".into()),
            ..Default::default()
        },
    });
    // Before the console has looked: taking it is made against the older version.
    assert_eq!(h.app.version, seen);
    h.press("a");
    let notice = h.notice().expect("refused");
    assert!(
        notice.contains("wang") && notice.contains(&f.key()),
        "{notice}"
    );
    assert_eq!(
        the_case(&h, &f.key()).unwrap().assignee.as_deref(),
        Some("wang")
    );
    // By then the console shows theirs; taking it now is a change to what is shown.
    assert_eq!(
        h.app
            .analysis
            .as_ref()
            .unwrap()
            .cases
            .of(&f)
            .and_then(|c| c.assignee.clone())
            .as_deref(),
        Some("wang")
    );
    h.press("a");
    assert_eq!(
        the_case(&h, &f.key()).unwrap().assignee.as_deref(),
        Some("tester")
    );
    // A follow-up elsewhere reaches this console when it polls.
    let other = h.app.triage_rows()[1].clone();
    h.as_other_user(Request::Follow {
        key: other.key(),
        input: FollowInput {
            state: Some(CaseState::Contacted),
            ..Default::default()
        },
    });
    h.poll();
    let seen_here = h
        .app
        .analysis
        .as_ref()
        .unwrap()
        .cases
        .of(&other)
        .map(|c| c.state);
    assert_eq!(seen_here, Some(CaseState::Contacted));
    assert_eq!(h.app.triage.counts, expected_counts(&h));
}

#[test]
fn a_user_limited_to_one_city_sees_and_assigns_only_its_findings() {
    let mut h = Harness::demo();
    let guangzhou = h.policy().city("广州").expect("a city").pinyin.clone();
    let shenzhen = h.policy().city("深圳").expect("a city").pinyin.clone();
    h.as_other_user(Request::GrantRoles {
        name: who().actor,
        roles: vec![Role::Editor],
        scope: Some(guangzhou.clone()),
    });
    h.as_other_user(Request::WithdrawRoles {
        name: who().actor,
        roles: vec![Role::Admin],
    });
    h.as_other_user(Request::GrantRoles {
        name: "li".into(),
        roles: vec![Role::Editor],
        scope: Some(shenzhen),
    });
    h.poll();
    h.press("t");
    let rows = h.rows().to_vec();
    let city_of = |id: &str| rows.iter().find(|r| r.id == id).map(|r| r.city.clone());
    let in_city: Vec<Finding> = expected(&h)
        .into_iter()
        .map(|(f, _)| f)
        .filter(|f| {
            f.base_id.is_empty() || city_of(&f.base_id).as_deref() == Some(guangzhou.as_str())
        })
        .collect();
    assert!(!in_city.is_empty() && in_city.len() < expected(&h).len());
    let shown: Vec<Finding> = h.app.triage_rows().into_iter().cloned().collect();
    assert_eq!(shown.len(), in_city.len());
    assert!(shown.iter().all(|f| in_city.contains(f)));
    // One of them can be taken; given to someone whose roles cover another city, it is not.
    let f = shown
        .iter()
        .find(|f| !f.base_id.is_empty())
        .expect("a base's finding")
        .clone();
    cursor_on(&mut h, &f);
    h.press("a");
    assert_eq!(
        the_case(&h, &f.key()).unwrap().assignee.as_deref(),
        Some("tester")
    );
    h.command("follow 指派=li");
    let notice = h.notice().expect("refused");
    assert!(notice.contains("li") && notice.contains("深圳"), "{notice}");
    assert_eq!(
        the_case(&h, &f.key()).unwrap().assignee.as_deref(),
        Some("tester")
    );
}

#[test]
fn the_programme_wide_finding_shows_and_cannot_be_assigned() {
    let mut h = Harness::demo();
    h.app.today = chrono::NaiveDate::from_ymd_opt(2031, 1, 1).unwrap();
    h.reload();
    let f = triage_on(&mut h, |f| f.base_id.is_empty());
    assert_eq!(f.rule, "A16");
    assert_eq!(h.app.current_id(), None, "about no base");
    let before = writes(&h);
    for key in ["a", "i", "z", "D", "w", "enter"] {
        h.press(key);
        assert!(h.app.overlay.is_none(), "{key} opened nothing");
        assert_eq!(h.app.screen, Screen::Triage);
    }
    assert_eq!(writes(&h), before);
    h.press("a");
    assert!(h.notice().unwrap().contains("整个计划"), "{:?}", h.notice());
}

#[test]
fn on_a_base_the_case_keys_act_on_the_cases_tab_cursor() {
    let mut h = Harness::demo();
    let f = triage_on(&mut h, |_| true);
    h.press("enter");
    assert_eq!(h.app.screen, Screen::Detail);
    // Not on the tab yet: it is shown first, so the user sees which finding the key is for.
    h.press("a");
    let view = h.app.detail.as_ref().unwrap();
    assert_eq!(view.tab, super::super::detail::Tab::Work);
    assert_eq!(the_case(&h, &f.key()), None);
    let findings = view.findings.clone();
    assert!(!findings.is_empty());
    let last = findings.len() - 1;
    h.press("G");
    assert_eq!(h.app.detail.as_ref().unwrap().work.cursor, last);
    h.press("a");
    let key = findings[last].key();
    assert_eq!(
        the_case(&h, &key).unwrap().assignee.as_deref(),
        Some("tester")
    );
    let view = h.app.detail.as_ref().unwrap();
    assert_eq!(view.work.cursor, last, "the cursor stays on its finding");
    assert_eq!(
        view.work
            .case_at(view, last)
            .and_then(|c| c.assignee.as_deref()),
        Some("tester")
    );
    h.press("w");
    assert_eq!(form(&h).fields[1].input.value(), key);
    h.type_text("走访");
    h.press("enter");
    assert_eq!(h.app.detail.as_ref().unwrap().work.notes.len(), 1);
}

#[test]
fn the_calendar_moves_by_day_week_and_month_and_enter_opens_the_day_in_triage() {
    let mut h = Harness::demo();
    h.press("d C");
    assert_eq!(h.app.screen, Screen::Calendar);
    let today = demo_today();
    assert_eq!(h.app.calendar.day, today);
    let all = expected(&h);
    let due_on = |day| all.iter().filter(|(f, _)| f.due == Some(day)).count();
    let busy = all
        .iter()
        .filter_map(|(f, _)| f.due)
        .max_by_key(|d| (due_on(*d), *d))
        .expect("a due date");
    for day in [today, busy] {
        assert_eq!(h.app.calendar.count(day), due_on(day), "{day}");
    }
    for (keys, day) in [
        ("l", add_days(today, 1)),
        ("h h", add_days(today, -1)),
        ("j", add_days(today, 6)),
        ("k k", add_days(today, -8)),
        (
            "pagedown",
            add_days(today, -8)
                .checked_add_months(chrono::Months::new(1))
                .unwrap(),
        ),
        (".", today),
    ] {
        h.press(keys);
        assert_eq!(h.app.calendar.day, day, "{keys}");
    }
    h.press("tab");
    assert!(h.app.calendar.week);
    assert_eq!(h.app.calendar.weeks_shown(), 1);
    h.press("tab");
    assert!(!h.app.calendar.week);
    // To the busiest day, then Enter: its findings in triage, and nothing else.
    while h.app.calendar.day < busy {
        h.press("l");
    }
    while h.app.calendar.day > busy {
        h.press("h");
    }
    h.press("enter");
    assert_eq!(h.app.screen, Screen::Triage);
    assert_eq!(h.app.triage.day, Some(busy));
    assert_eq!(h.app.triage.inbox, Inbox::All);
    let rows = h.app.triage_rows();
    assert_eq!(rows.len(), due_on(busy));
    assert!(rows.iter().all(|f| f.due == Some(busy)));
    // Esc goes back to the calendar, and the triage screen is whole again.
    h.press("esc");
    assert_eq!(h.app.screen, Screen::Calendar);
    assert_eq!(h.app.triage.day, None);
    h.press("esc");
    assert_eq!(
        h.app.screen,
        Screen::Dashboard,
        "where the calendar was opened from"
    );
    h.press("t");
    assert_eq!(h.app.triage.visible.len(), all.len());
}

#[test]
fn the_calendar_is_a_key_away_from_every_screen() {
    for from in ["b", "t", "d", "enter"] {
        let mut h = Harness::demo();
        h.press(from);
        let effects: Vec<Effect> = h.press("C");
        assert!(effects.is_empty());
        assert_eq!(h.app.screen, Screen::Calendar, "from {from}");
    }
}

#[test]
fn the_views_count_under_the_facet_filters_and_stay_right_as_changes_arrive() {
    let mut h = Harness::demo();
    let f = triage_on(&mut h, |_| true);
    let category = h.app.row(&f.base_id).expect("a row").category;
    h.command(&format!("filter 类型={}", category.zh()));
    h.press("t");
    let in_category = |h: &Harness| {
        let rows = h.rows().to_vec();
        Inbox::ALL.map(|inbox| {
            expected(h)
                .iter()
                .filter(|(f, _)| {
                    rows.iter()
                        .any(|r| r.id == f.base_id && r.category == category)
                })
                .filter(|(f, c)| {
                    cases::in_inbox(inbox, c.as_ref(), f.due, &h.app.user, demo_today())
                })
                .count()
        })
    };
    assert_eq!(h.app.triage.counts, in_category(&h));
    assert!(h.app.triage.counts[3] < expected(&h).len());
    // Taken here, then another user's follow-up of another finding of the category arrives.
    cursor_on(&mut h, &f);
    h.press("a");
    assert_eq!(h.app.triage.counts, in_category(&h));
    assert_eq!(h.app.triage.counts[0], 1);
    let other = h
        .app
        .triage_rows()
        .into_iter()
        .find(|r| **r != f)
        .unwrap()
        .clone();
    h.as_other_user(Request::Follow {
        key: other.key(),
        input: FollowInput {
            assign: Some(Some(who().actor)),
            ..Default::default()
        },
    });
    h.poll();
    assert_eq!(h.app.triage.counts, in_category(&h));
    assert_eq!(h.app.triage.counts[0], 2, "given to me by wang");
    h.press("1");
    let mine: Vec<String> = h.app.triage_rows().iter().map(|r| r.key()).collect();
    assert_eq!(mine.len(), 2);
    assert!(mine.contains(&f.key()) && mine.contains(&other.key()));
}
