//! The app and the draw agree on where things go because both ask `ui::layout`: the rows a page
//! holds and how far text scrolls are what the screen shows.

use super::{COLOUR, frame};
use crate::app::Msg;
use crate::app::testkit::Harness;
use crate::domain::codes::Status;
use crate::domain::text::Text;

#[test]
fn a_long_notice_takes_rows_from_the_list_and_the_cursor_stays_on_screen() {
    let mut h = Harness::demo();
    let rows = h.app.page_height();
    h.press("G");
    let long = "无法载入全部记录，只显示前 300 条：数据库表 summaries 中 GDICB-2024-0100 的记录无法读取：unexpected end of input；视图「待整改」无法读取，已跳过；可用 :view delete 待整改 删除";
    h.app.warn(Text::new(long, long));
    assert_eq!(
        h.app.page_height(),
        rows - 2,
        "the notice takes three lines"
    );
    let d = frame(&h.app);
    // Every word of the notice is on screen, on the three lines above the hints (a line may
    // end where a space was).
    let notice: String = (20..23).map(|y| d.line(y).trim_end().to_string()).collect();
    assert_eq!(notice.replace(' ', ""), long.replace(' ', ""));
    // The cursor row (the last base) is highlighted inside the list, above the notice.
    let last = h.rows().last().expect("rows").id.clone();
    let highlighted = d.highlighted_rows();
    assert_eq!(highlighted.len(), 1, "{}", d.text());
    let y = highlighted[0];
    assert!(y < 20 && d.line(y).contains(&last), "{}", d.text());
}

#[test]
fn the_detail_scrolls_exactly_to_its_last_line() {
    let mut h = Harness::demo();
    h.app.update(Msg::Resize(80, 16));
    let id = h.first_row(|r| r.status == Status::Recognised).id;
    h.command(&format!("goto {id}"));
    h.press("G");
    let view = h.app.detail.as_ref().expect("detail");
    let text = super::super::detail::text_of(&h.app, view);
    let lines: Vec<String> = super::super::detail::tab_lines(&text, view.tab, &COLOUR)
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    let d = frame(&h.app);
    // The body ends above the notice and hints: its last row shows the tab's last line, and
    // the line the scroll points at is the first shown.
    let body_end = 16 - 3;
    assert_eq!(
        d.line(body_end).trim_end(),
        lines.last().expect("lines").trim_end()
    );
    let first = view.scroll as usize;
    let body_rows = lines.len() - first;
    assert_eq!(
        d.line(body_end + 1 - body_rows as u16).trim_end(),
        lines[first].trim_end()
    );
}

#[test]
fn help_scrolls_no_further_than_its_last_line_shown() {
    let mut h = Harness::demo();
    h.press("?");
    let limit = h.app.scroll_limit();
    assert!(limit > 0, "help is longer than the screen");
    h.press("G");
    match &h.app.overlay {
        Some(crate::app::overlay::Overlay::Help { scroll }) => assert_eq!(*scroll, limit),
        _ => panic!("help is open"),
    }
    let d = frame(&h.app);
    // The box's last inside row shows the last help line (empty), the one above it the last
    // command.
    let bottom = d.text();
    assert!(bottom.contains(":quit"), "{bottom}");
    h.press("k");
    match &h.app.overlay {
        Some(crate::app::overlay::Overlay::Help { scroll }) => assert_eq!(*scroll, limit - 1),
        _ => panic!("help is open"),
    }
}
