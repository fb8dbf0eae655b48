//! The history room on screen at 80×24: who, when, which command, what; the cursor event's
//! before → after underneath; readings of confidential text named as such; sealed text never
//! drawn as its cipher.

use super::{COLOUR, FILTER_BAR, MAIN, draw};
use crate::app::testkit::{Harness, WITH_NOTES, other_user};
use crate::domain::codes::{RiskArea, Severity};
use crate::domain::ops::RiskInput;
use crate::domain::roles::Role;
use crate::service::Request;

#[test]
fn rows_say_who_when_which_command_and_what_and_the_pane_before_and_after() {
    let mut h = Harness::demo();
    let id = h.rows()[2].id.clone();
    h.as_other_user(Request::Edit {
        id: id.clone(),
        pairs: vec![("fields".into(), "海洋工程".into())],
    });
    h.poll();
    h.press("H");
    let d = draw(&h.app, COLOUR);
    let event = h
        .store
        .events(Some(&id))
        .expect("events")
        .pop()
        .expect("the edit");
    let header: Vec<String> = d.line(MAIN).split_whitespace().map(String::from).collect();
    assert_eq!(header, ["序号", "时间", "用户", "操作", "编号", "内容"]);
    let row = d.line(MAIN + 1);
    for part in [
        format!("#{}", event.seq),
        "2026-11-25 09:00".to_string(),
        other_user().actor,
        "修改".to_string(),
        id.clone(),
        "修改 fields".to_string(),
    ] {
        assert!(row.contains(&part), "{part:?} in {row:?}");
    }
    assert!(
        d.line(FILTER_BAR).starts_with("全部记录 — "),
        "{}",
        d.line(FILTER_BAR)
    );
    // The pane: the heading with the base's name, then each field before → after.
    let text = d.text();
    let name = &h.app.row(&id).expect("the base").name;
    assert!(text.contains(&format!("#{} ", event.seq)), "{text}");
    assert!(text.contains(name.as_str()), "{text}");
    for change in &event.changes {
        let after: serde_json::Value =
            serde_json::from_str(change.after.as_deref().expect("a value")).expect("JSON");
        let after = after.as_str().map_or(after.to_string(), str::to_string);
        let line = format!("{}: ", change.path());
        assert!(text.contains(&line), "{line} in\n{text}");
        assert!(text.contains(&format!("→ {after}")), "{after} in\n{text}");
    }
}

#[test]
fn a_reading_is_named_and_sealed_text_is_never_drawn_as_cipher() {
    let mut h = Harness::demo();
    h.as_other_user(Request::RiskAdd {
        id: WITH_NOTES.into(),
        input: RiskInput {
            area: RiskArea::Data,
            severity: Severity::High,
            description: "境外传输未报备".into(),
            mitigation: "暂停传输".into(),
            opened: crate::app::testkit::demo_today(),
        },
    });
    h.granted(&[Role::Security], None);
    h.command(&format!("goto {WITH_NOTES}"));
    h.press("o H");
    let d = draw(&h.app, COLOUR);
    let text = d.text();
    assert!(
        d.line(FILTER_BAR).starts_with(WITH_NOTES),
        "{}",
        d.line(FILTER_BAR)
    );
    assert!(
        d.line(MAIN + 1).contains("阅读保密说明"),
        "{}",
        d.line(MAIN + 1)
    );
    assert!(text.contains("记录未改变"), "{text}");
    // Down to the note added: its text is sealed in the event, and shown as sealed.
    h.press("j");
    let text = draw(&h.app, COLOUR).text();
    assert!(text.contains("登记风险"), "{text}");
    assert!(text.contains("（保密）"), "{text}");
    assert!(!text.contains("age:"), "{text}");
    assert!(!text.contains("境外传输未报备"), "{text}");
}

#[test]
fn an_evaluation_round_reads_as_a_phrase_not_as_json() {
    let mut h = Harness::demo();
    let today = crate::app::testkit::demo_today();
    let id = h
        .first_row(|r| {
            r.status == crate::domain::codes::Status::Recognised
                && h.store.base(&r.id).is_ok_and(|b| {
                    b.status_since < today && b.last_round().is_none_or(|l| l.date < today)
                })
        })
        .id;
    h.as_other_user(Request::Mark {
        ids: vec![id.clone()],
        input: crate::domain::lifecycle::MarkInput {
            outcome: crate::domain::codes::Outcome::Excellent,
            date: today,
            round: "年度评估".into(),
            score: Some(92),
        },
    });
    h.poll();
    h.press("H");
    let text = draw(&h.app, COLOUR).text();
    assert!(
        text.contains(&format!("— → {today} 年度评估 优秀 92 分")),
        "{text}"
    );
    assert!(!text.contains("{\""), "no raw JSON: {text}");
    h.app.lang = crate::domain::text::Lang::En;
    let text = draw(&h.app, COLOUR).text();
    assert!(
        text.contains(&format!("— → {today}, 年度评估: Excellent, score 92")),
        "{text}"
    );
}
