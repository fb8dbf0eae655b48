//! Failures are shown, never swallowed: a load or an analysis that fails, a saved view that no
//! longer parses, every start-up warning.

use super::super::list::{Column, Sort};
use super::super::testkit::Harness;
use super::super::{Msg, SavedView, Screen};
use crate::domain::text::Text;

fn store_error() -> Text {
    Text::new(
        "数据库表 summaries 中 GDICB-2013-0031 的记录无法读取：truncated",
        "cannot read GDICB-2013-0031 in table summaries: truncated",
    )
}

#[test]
fn a_failed_load_says_so_and_keeps_the_first_screen() {
    let mut h = Harness::first_screen();
    let shown = h.rows().len();
    assert!(!h.app.loaded && shown < h.app.total, "only the first rows");
    h.app.update(Msg::LoadFailed(store_error()));
    let notice = h.notice().expect("a notice");
    assert!(h.app.notice.as_ref().is_some_and(|n| n.error));
    for part in [
        "无法载入全部记录",
        &format!("只显示前 {shown} 条"),
        "GDICB-2013-0031",
    ] {
        assert!(notice.contains(part), "{part:?} in {notice}");
    }
    assert_eq!(h.app.load_failed, Some(store_error()));
    assert!(!h.app.loaded, "still not every row");
    // What was loaded still works.
    h.press("j");
    assert_eq!(h.app.list.cursor, 1);
}

#[test]
fn a_failed_analysis_is_named_on_the_triage_screen() {
    let mut h = Harness::first_screen();
    h.app.update(Msg::AnalysisFailed(store_error()));
    assert!(h.notice().expect("a notice").contains("无法分析记录"));
    h.press("t");
    assert_eq!(h.app.screen, Screen::Triage);
    let notice = h.notice().expect("why triage is empty");
    assert!(
        notice.contains("无法分析记录") && notice.contains("GDICB-2013-0031"),
        "{notice}"
    );
    assert!(!notice.contains("正在分析"), "{notice}");
}

#[test]
fn a_saved_view_that_no_longer_parses_is_named_and_the_others_kept() {
    let mut h = Harness::demo();
    let good = serde_json::to_string(&SavedView {
        filter: Default::default(),
        sort: Sort {
            column: Column::Status,
            descending: true,
        },
        columns: Column::ALL.to_vec(),
    })
    .expect("a view serializes");
    h.app.update(Msg::Views(Ok(vec![
        ("旧格式".into(), r#"{"filter":"类型=特色类"}"#.into()),
        ("特色".into(), good),
    ])));
    let names: Vec<&str> = h.app.views.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["特色"]);
    let notice = h.notice().expect("a warning");
    assert!(
        notice.contains("视图「旧格式」无法读取") && notice.contains(":view delete 旧格式"),
        "{notice}"
    );
    // The good one still works.
    h.command("view 特色");
    assert!(h.app.list.sort.descending);
}

#[test]
fn unreadable_saved_views_are_reported() {
    let mut h = Harness::demo();
    h.app.update(Msg::Views(Err(store_error())));
    let notice = h.notice().expect("a warning");
    assert!(
        notice.contains("无法读取已保存的视图") && notice.contains("truncated"),
        "{notice}"
    );
}

#[test]
fn every_start_up_warning_is_shown_until_the_next_key() {
    let mut h = Harness::first_screen();
    let warnings = [
        Text::new("当前区域设置不是 UTF-8", "the locale is not UTF-8"),
        Text::new("终端只有 16 色", "the terminal has 16 colours"),
    ];
    for w in &warnings {
        h.app.warn(w.clone());
    }
    // Then a problem found while loading: it joins them rather than hiding them.
    h.app.update(Msg::LoadFailed(store_error()));
    let notice = h.notice().expect("the warnings");
    for part in ["区域设置不是 UTF-8", "只有 16 色", "无法载入全部记录"] {
        assert!(notice.contains(part), "{part:?} in {notice}");
    }
    h.press("j");
    assert!(h.notice().is_none(), "read: the next key clears them");
}
