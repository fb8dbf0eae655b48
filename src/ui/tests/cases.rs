//! The case follow-up on screen: the inbox's columns at 80×24 and 120×40, its tabs and the
//! cursor row's follow-up line, the state picker, a base's 跟进 tab, and the calendar. Rows and
//! counts expected here come from the store, not from the code that draws them.

use super::{Drawn, FILTER_BAR, HEIGHT, MAIN, NOTICE, frame, words};
use crate::app::Msg;
use crate::app::testkit::{Harness, demo_today};
use crate::domain::cases::FollowInput;
use crate::domain::codes::{CaseState, Code};
use crate::domain::findings::Finding;
use crate::domain::text::Lang;
use crate::service::Request;
use chrono::Datelike;
use unicode_width::UnicodeWidthStr;

const NOTE: &str = "已电话联系依托单位科研处，答应本周五前在平台补交年度执行报告";

/// The demo in triage with its first finding taken by this user with a long note, and its
/// second given to wang, who has contacted them: both through the console's own keys and
/// another user's process.
fn followed() -> (Harness, Finding, Finding) {
    let mut h = Harness::demo();
    h.press("t");
    let rows: Vec<Finding> = h.app.triage_rows().into_iter().cloned().collect();
    let (mine, theirs) = (rows[0].clone(), rows[1].clone());
    h.press("a i");
    h.type_text(NOTE);
    h.press("enter");
    h.as_other_user(Request::Follow {
        key: theirs.key(),
        input: FollowInput {
            assign: Some(Some("wang".into())),
            state: Some(CaseState::Contacted),
            note: Some("已联系".into()),
            ..Default::default()
        },
    });
    h.poll();
    h.press("g g");
    (h, mine, theirs)
}

fn row_of_id(d: &Drawn, id: &str, from: u16) -> u16 {
    (from..d.buf.area.height)
        .find(|y| d.line(*y).contains(id))
        .unwrap_or_else(|| panic!("{id} not on screen:\n{}", d.text()))
}

#[test]
fn the_inbox_columns_at_80_columns_line_up_and_cut_on_whole_characters() {
    let (h, mine, theirs) = followed();
    let d = frame(&h.app);
    let n = h.app.triage.visible.len();
    assert_eq!(
        d.line(FILTER_BAR).trim_end(),
        format!(" 我的 1  未分配 {}  已暂缓 0  全部 {n}  — {n}/{n}", n - 2)
    );
    let header = d.line(MAIN);
    assert_eq!(
        words(&header),
        ["严重", "到期", "编号", "问题", "跟进人", "状态", "最后备注"]
    );
    let who = d.column_of(MAIN, "跟进人").unwrap();
    let state = d.column_of(MAIN, "状态").unwrap();
    let note = d.column_of(MAIN, "最后备注").unwrap();
    let y = row_of_id(&d, &mine.base_id, MAIN + 1);
    assert_eq!(d.column_of(y, "tester"), Some(who), "{}", d.line(y));
    assert_eq!(
        d.span(y, state, note).trim_end(),
        "待处理",
        "the whole state at 80"
    );
    let shown = d.span(y, note, 80);
    let shown = shown.trim_end();
    assert!(shown.ends_with('…'), "a long note is cut: {shown}");
    let kept = shown.trim_end_matches('…');
    assert!(
        NOTE.starts_with(kept) && kept.chars().count() > 4,
        "{shown}"
    );
    // Cut on a whole character: the line is exactly the terminal's width.
    assert_eq!(d.line(y).width(), 80);
    let y = row_of_id(&d, &theirs.base_id, y + 1);
    assert_eq!(d.column_of(y, "wang"), Some(who), "{}", d.line(y));
    assert_eq!(d.span(y, state, note).trim_end(), "已联系");
    assert_eq!(d.span(y, note, 80).trim_end(), "已联系");
    // Under the table, the cursor row's follow-up in full.
    let case = d.line(NOTICE - 1);
    assert!(
        case.trim_start()
            .starts_with("跟进：tester · 待处理 · tester 2026-11-25 09:00：已电话联系"),
        "{case}"
    );
}

#[test]
fn the_inbox_at_120_columns_spells_out_rules_names_and_states() {
    let (mut h, _, theirs) = followed();
    h.app.update(Msg::Resize(120, 40));
    let d = frame(&h.app);
    assert_eq!(
        words(&d.line(MAIN)),
        [
            "严重",
            "到期",
            "规则",
            "编号",
            "基地",
            "问题",
            "跟进人",
            "状态",
            "最后备注"
        ]
    );
    let y = row_of_id(&d, &theirs.base_id, MAIN + 2);
    let state = d.column_of(MAIN, "状态").unwrap();
    assert_eq!(d.column_of(y, "已联系"), Some(state), "{}", d.line(y));
    assert_eq!(d.column_of(y, theirs.rule), d.column_of(MAIN, "规则"));
    let name = &h.app.row(&theirs.base_id).unwrap().name;
    let first: String = name.chars().take(4).collect();
    assert_eq!(d.column_of(y, &first), d.column_of(MAIN, "基地"));
}

#[test]
fn national_practice_reads_as_chinese_in_the_rule_column() {
    let mut h = Harness::demo();
    h.press("t 4");
    h.app.update(Msg::Resize(120, 40));
    let rows: Vec<Finding> = h.app.triage_rows().into_iter().cloned().collect();
    let practice = rows
        .iter()
        .position(|f| f.rule == "practice")
        .expect("the demo has two reports missed in a row");
    for _ in 0..practice {
        h.press("j");
    }
    let d = frame(&h.app);
    let y = (MAIN + 1..d.buf.area.height)
        .find(|y| d.line(*y).contains(&rows[practice].base_id))
        .expect("the row is on screen");
    assert_eq!(
        d.column_of(y, "惯例"),
        d.column_of(MAIN, "规则"),
        "{}",
        d.line(y)
    );
    assert!(!d.text().contains("practice"), "{}", d.text());
}

#[test]
fn the_inbox_in_english_fits_80_columns_too() {
    let (mut h, _, theirs) = followed();
    h.app.lang = Lang::En;
    let d = frame(&h.app);
    assert!(
        d.line(FILTER_BAR).starts_with(" Mine 1  Unassigned "),
        "{}",
        d.line(FILTER_BAR)
    );
    assert_eq!(
        words(&d.line(MAIN)),
        [
            "Sev", "Due", "ID", "Finding", "Owner", "State", "Last", "note"
        ]
    );
    let y = row_of_id(&d, &theirs.base_id, MAIN + 2);
    assert_eq!(d.column_of(y, "wang"), d.column_of(MAIN, "Owner"));
    let state = d.column_of(MAIN, "State").unwrap();
    let note = d.column_of(MAIN, "Last").unwrap();
    assert_eq!(d.span(y, state, note).trim_end(), "Contacted");
    // Every severity label whole, under its header.
    let sev = d.column_of(MAIN, "Sev").unwrap();
    let due = d.column_of(MAIN, "Due").unwrap();
    let severities: Vec<String> = (MAIN + 1..NOTICE - 3)
        .map(|y| d.span(y, sev, due).trim().to_string())
        .collect();
    assert!(
        severities.contains(&"Critical".to_string()),
        "{severities:?}"
    );
    assert!(severities.contains(&"Medium".to_string()), "{severities:?}");
    assert_eq!(d.line(y).width(), 80);
}

#[test]
fn mine_shows_only_mine_and_an_empty_view_says_so() {
    let (mut h, mine, _) = followed();
    h.press("1");
    let d = frame(&h.app);
    assert!(d.line(FILTER_BAR).starts_with(" 我的 1 "));
    let body: Vec<String> = (MAIN + 1..NOTICE - 3).map(|y| d.line(y)).collect();
    assert!(
        body[0].contains(&mine.base_id) && body[0].contains("tester"),
        "{}",
        body[0]
    );
    assert!(
        body[1..].iter().all(|l| l.trim().is_empty()),
        "{}",
        d.text()
    );
    h.press("3");
    let d = frame(&h.app);
    assert!(
        d.text().contains("这个视图里没有事项：按 4 看全部"),
        "{}",
        d.text()
    );
}

#[test]
fn an_empty_mine_says_where_the_cases_to_take_are() {
    let mut h = Harness::demo();
    h.press("t 1");
    let d = frame(&h.app);
    assert!(
        d.text()
            .contains("这个视图里没有事项：按 2 看未分配，a 认领"),
        "{}",
        d.text()
    );
}

#[test]
fn the_state_picker_shows_the_refused_moves_with_the_reason() {
    let (mut h, _, _) = followed();
    h.press("z 4 z");
    let text = frame(&h.app).text();
    assert!(text.contains("现在：已完成"), "{text}");
    assert!(text.contains("1 待处理"), "{text}");
    let n = CaseState::all().len();
    assert!(text.contains(&format!("1–{n} 选择  Esc 取消")), "{text}");
    assert!(text.contains("✗"), "{text}");
    assert!(text.contains("不能从「已完成」改为「已联系」"), "{text}");
    h.press("2");
    let text = frame(&h.app).text();
    assert!(
        text.contains("跟进状态不能从「已完成」改为「已联系」"),
        "{text}"
    );
}

#[test]
fn a_base_s_cases_tab_lists_its_findings_cases_and_work_records_newest_first() {
    let (mut h, mine, _) = followed();
    h.press("enter");
    let overview = frame(&h.app).line(HEIGHT - 1);
    assert!(overview.contains("r 登记年度报告"), "{overview}");
    h.press("backtab");
    // The status bar offers the case keys, which act on the finding under the cursor.
    let hints = frame(&h.app).line(HEIGHT - 1);
    assert!(
        hints.starts_with("a 认领  A 指派  i 备注  z 状态  D 复查日期  w 工作记录"),
        "{hints}"
    );
    assert!(!hints.contains("登记年度报告"), "{hints}");
    h.press("w");
    h.type_text("第一次：电话");
    h.press("enter w");
    h.type_text("第二次：上门");
    h.press("enter");
    let d = frame(&h.app);
    let text = d.text();
    assert!(text.contains(" 历史  跟进 "), "the tab bar: {text}");
    let cursor = d.row_of("▶").expect("the cursor finding");
    assert!(d.line(cursor).contains("tester"), "{}", d.line(cursor));
    assert!(
        text.contains(&format!("{} 的跟进备注（1 条", mine.key())),
        "{text}"
    );
    let records = d.row_of("工作记录（2 条，最新在前）").expect("the records");
    assert!(d.line(records + 1).contains("第二次：上门"), "{text}");
    assert!(d.line(records + 2).contains("第一次：电话"), "{text}");
    assert!(d.line(records + 1).contains("tester"));
    let about = mine.key();
    let short = about.split_once('/').unwrap().1;
    assert!(
        d.line(records + 1).contains(&format!("〔关于 {short}")),
        "{}",
        d.line(records + 1)
    );
}

#[test]
fn the_calendar_at_80_by_24_shows_the_month_counts_and_today() {
    let mut h = Harness::demo();
    h.press("C");
    let d = frame(&h.app);
    let today = demo_today();
    let findings: Vec<Finding> = h.app.analysis.as_ref().unwrap().triage.clone();
    let due: Vec<chrono::NaiveDate> = findings.iter().filter_map(|f| f.due).collect();
    let this_month = due
        .iter()
        .filter(|d| d.year() == today.year() && d.month() == today.month())
        .count();
    let title = d.line(MAIN);
    assert_eq!(
        title.trim_end(),
        format!(" 2026年11月  本月到期 {this_month} 项 · 今天 2026-11-25")
    );
    assert_eq!(
        words(&d.line(MAIN + 1)),
        ["一", "二", "三", "四", "五", "六", "日"]
    );
    // Today in brackets, under its weekday.
    let weekday = today.weekday().num_days_from_monday() as u16;
    let y = d.row_of("[25]").expect("today");
    let x = d.column_of(y, "[25]").unwrap();
    assert_eq!(x / (80 / 7), weekday, "{}", d.line(y));
    // Every day of the month with findings due shows how many.
    for day in (1..=30).map(|n| today.with_day(n).unwrap()) {
        let n = due.iter().filter(|d| **d == day).count();
        if n == 0 {
            continue;
        }
        let label = if day == today {
            format!("[{:>2}]{n:>3}项", day.day())
        } else {
            format!(" {:>2} {n:>3}项", day.day())
        };
        assert!(d.text().contains(&label), "{label}:\n{}", d.text());
    }
    let heading = format!(
        "2026-11-25（周三）到期 {} 项",
        due.iter().filter(|d| **d == today).count()
    );
    assert!(d.text().contains(&heading), "{heading}:\n{}", d.text());
    // The week, as an agenda: a line a day, Monday first, each day's findings under it.
    h.press("tab");
    let d = frame(&h.app);
    assert!(
        d.line(MAIN).starts_with(" 2026-11-23 — 11-29"),
        "{}",
        d.line(MAIN)
    );
    assert!(d.line(MAIN + 1).starts_with(" 一 11-23"), "{}", d.text());
    let today_row = d.row_of(" 三 11-25（今天）").expect("today's line");
    assert!(d.line(today_row).contains("·"), "nothing due today");
    // The next day with findings due, in its week.
    let next = *due
        .iter()
        .filter(|d| **d > today)
        .min()
        .expect("a later due date");
    while h.app.calendar.day < next {
        h.press("l");
    }
    let d = frame(&h.app);
    let on_next: Vec<&Finding> = findings.iter().filter(|f| f.due == Some(next)).collect();
    let label = next.format("%m-%d").to_string();
    let row = (MAIN..NOTICE)
        .find(|y| d.line(*y).contains(&label))
        .expect("the day's line");
    assert!(
        d.line(row).contains(&format!("到期 {} 项", on_next.len())),
        "{}",
        d.text()
    );
    for (i, f) in on_next.iter().enumerate() {
        let line = d.line(row + 1 + i as u16);
        assert!(line.contains(&f.base_id), "{line}");
    }
}
