//! A failure is on the screen where the user looks for what failed, not only in a passing
//! notice.

use super::{COLOUR, FILTER_BAR, MAIN, draw};
use crate::app::Msg;
use crate::app::testkit::Harness;
use crate::domain::text::Text;

fn why() -> Text {
    Text::new(
        "数据库错误：磁盘 I/O 错误",
        "database error: disk I/O error",
    )
}

#[test]
fn a_failed_load_replaces_loading_in_the_filter_bar() {
    let mut h = Harness::first_screen();
    let (shown, total) = (h.rows().len(), h.app.total);
    let before = draw(&h.app, COLOUR);
    assert_eq!(
        before.line(FILTER_BAR).trim_end(),
        format!("全部基地 — {shown}/{total} 加载中…")
    );
    h.app.update(Msg::LoadFailed(why()));
    let d = draw(&h.app, COLOUR);
    assert_eq!(
        d.line(FILTER_BAR).trim_end(),
        format!("全部基地 — {shown}/{total} 未能全部载入")
    );
    assert!(d.text().contains("磁盘 I/O 错误"), "{}", d.text());
}

#[test]
fn a_failed_analysis_replaces_analysing_on_top_and_in_triage() {
    let mut h = Harness::first_screen();
    assert!(draw(&h.app, COLOUR).line(0).contains("分析中…"));
    h.app.update(Msg::AnalysisFailed(why()));
    h.press("t");
    let d = draw(&h.app, COLOUR);
    assert!(d.line(0).contains("分析失败"), "{}", d.line(0));
    assert!(!d.text().contains("分析中"), "{}", d.text());
    let body = d.lines()[MAIN as usize + 1..].join("\n");
    assert!(
        body.contains("无法分析记录：数据库错误：磁盘 I/O 错误"),
        "{body}"
    );
}
