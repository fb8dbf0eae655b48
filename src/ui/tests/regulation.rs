//! Issue 12 on screen at 80×24: the leader change's ten fields and its keys fit; the A16
//! finding is a triage row of its own, about no base.

use super::{COLOUR, MAIN, draw};
use crate::app::testkit::Harness;
use crate::domain::codes::Status;

#[test]
fn a_leader_change_form_shows_every_field_and_its_keys() {
    let mut h = Harness::demo();
    let id = h.first_row(|r| r.status == Status::Recognised).id;
    h.cursor_to(&id);
    h.press("c ctrl-n");
    let text = draw(&h.app, COLOUR).text();
    for label in [
        "变更类型",
        "新值",
        "生效日期",
        "报省科技厅日期",
        "报推荐单位日期",
        "新负责人资格",
        "资格取得日期",
        "身份（默认境内）",
        "境内外双重身份",
        "依托单位在职（默认是）",
        "Enter 提交  Tab 下一项  Esc 取消",
    ] {
        assert!(text.contains(label), "{label:?} in\n{text}");
    }
    // A rename does not ask about a leader.
    h.press("esc y c");
    let text = draw(&h.app, COLOUR).text();
    assert!(text.contains("变更类型"), "{text}");
    assert!(!text.contains("新负责人资格"), "{text}");
}

#[test]
fn the_a16_finding_is_a_row_about_no_base() {
    let mut h = Harness::demo();
    h.app.today = "2030-01-15".parse().expect("a date");
    h.reload();
    h.press("t");
    let at = h
        .app
        .triage_rows()
        .iter()
        .position(|f| f.rule == "A16")
        .expect("the A16 finding");
    for _ in 0..at {
        h.press("j");
    }
    let d = draw(&h.app, COLOUR);
    let row = (MAIN + 1..MAIN + 20)
        .map(|y| d.line(y))
        .find(|l| l.contains("管理办法"))
        .unwrap_or_else(|| panic!("no A16 row in\n{}", d.text()));
    assert!(!row.contains("GDICB-"), "a finding about no base: {row}");
    // At 80 columns the rule is under the table, for the cursor's finding.
    assert!(d.text().contains("A16"), "{}", d.text());
}
