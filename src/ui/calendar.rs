//! The calendar: a month of days with the number of findings due on each, today in brackets,
//! the chosen day highlighted, and under it the chosen day's findings and the cases to look at
//! again that day; or a week as an agenda, each day with its findings.

use super::cells::{fit, pad, put};
use super::theme::Theme;
use super::tr;
use crate::app::App;
use crate::domain::codes::Code;
use crate::domain::dates::add_days;
use crate::domain::text::Lang;
use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

const WEEKDAYS_ZH: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let buf = frame.buffer_mut();
    if app.analysis.is_none() {
        let text = match &app.analysis_failed {
            Some(why) => format!(
                "{}{}",
                tr(lang, "无法分析记录：", "could not analyse the records: "),
                why.get(lang)
            ),
            None => tr(lang, "正在分析全部记录…", "analysing all records…").to_string(),
        };
        put(
            buf,
            area,
            2,
            1,
            &Line::styled(text, theme.dim()),
            area.width,
        );
        return;
    };
    let cal = &app.calendar;
    let first = cal.first_shown();
    let weeks = cal.weeks_shown();
    let last = add_days(first, 7 * weeks as i64 - 1);
    // The month's own days (the grid shows some of the next and previous months' too).
    let (from, to) = if cal.week {
        (first, last)
    } else {
        let from = cal.day.with_day(1).expect("a first day");
        let to = from
            .checked_add_months(chrono::Months::new(1))
            .map_or(last, |next| add_days(next, -1));
        (from, to)
    };
    let in_view: usize = cal.due.range(from..=to).map(|(_, v)| v.len()).sum();
    let title = match (lang, cal.week) {
        (Lang::Zh, false) => format!("{}年{}月", cal.day.year(), cal.day.month()),
        (Lang::Zh, true) => format!("{} — {}", first, last.format("%m-%d")),
        (Lang::En, false) => cal.day.format("%B %Y").to_string(),
        (Lang::En, true) => format!("{} — {}", first, last.format("%m-%d")),
    };
    let summary = match lang {
        Lang::Zh => format!(
            "  {}到期 {in_view} 项 · 今天 {}",
            if cal.week { "本周" } else { "本月" },
            app.today
        ),
        Lang::En => format!(
            "  {in_view} due in this {} · today {}",
            if cal.week { "week" } else { "month" },
            app.today
        ),
    };
    put(
        buf,
        area,
        1,
        0,
        &Line::from(vec![
            Span::styled(title, theme.header()),
            Span::styled(summary, theme.dim()),
        ]),
        area.width,
    );
    let names = if lang == Lang::Zh {
        WEEKDAYS_ZH
    } else {
        WEEKDAYS_EN
    };
    if cal.week {
        agenda(buf, area, app, first, theme);
        return;
    }
    let cell = (area.width as usize / 7).clamp(6, 16);
    let header: String = names.iter().map(|n| pad(&format!("  {n}"), cell)).collect();
    put(
        buf,
        area,
        0,
        1,
        &Line::styled(header, theme.header()),
        area.width,
    );
    for week in 0..weeks {
        let y = 2 + week as u16;
        let mut spans = Vec::new();
        for weekday in 0..7 {
            let day = add_days(first, (7 * week + weekday) as i64);
            spans.push(day_cell(app, day, cell, theme));
        }
        put(buf, area, 0, y, &Line::from(spans), area.width);
    }
    // The chosen day's findings.
    let mut y = 3 + weeks as u16;
    let due = cal.due.get(&cal.day).map_or(0, Vec::len);
    let again = cal.look_again.get(&cal.day).map_or(0, Vec::len);
    let weekday = names[cal.day.weekday().num_days_from_monday() as usize];
    let heading = match lang {
        Lang::Zh => format!("{}（周{weekday}）到期 {due} 项，复查 {again} 项", cal.day),
        Lang::En => format!(
            "{} ({weekday}): {due} due, {again} to look at again",
            cal.day
        ),
    };
    put(
        buf,
        area,
        1,
        y,
        &Line::styled(heading, theme.header()),
        area.width,
    );
    y += 1;
    day_lines(buf, area, app, cal.day, &mut y, area.height, theme);
}

/// The week as an agenda: each day on a line with its count, its findings under it, as many as
/// fit.
fn agenda(buf: &mut Buffer, area: Rect, app: &App, first: NaiveDate, theme: &Theme) {
    let names = if app.lang == Lang::Zh {
        WEEKDAYS_ZH
    } else {
        WEEKDAYS_EN
    };
    let cal = &app.calendar;
    // Every day keeps its own line: the findings share what is left.
    let mut y = 1;
    for weekday in 0..7u16 {
        let day = add_days(first, weekday as i64);
        let n = cal.count(day);
        let again = cal.look_again.get(&day).map_or(0, Vec::len);
        let mut text = format!("{} {}", names[weekday as usize], day.format("%m-%d"));
        if day == app.today {
            text.push_str(tr(app.lang, "（今天）", " (today)"));
        }
        let count = match (n, again, app.lang) {
            (0, 0, _) => "·".to_string(),
            (n, 0, Lang::Zh) => format!("到期 {n} 项"),
            (n, a, Lang::Zh) => format!("到期 {n} 项，复查 {a} 项"),
            (n, 0, Lang::En) => format!("{n} due"),
            (n, a, Lang::En) => format!("{n} due, {a} to look at again"),
        };
        let style = if day == cal.day {
            theme.cursor()
        } else {
            theme.header()
        };
        let line = Line::styled(
            pad(&format!(" {text}  {count}"), area.width as usize),
            style,
        );
        put(buf, area, 0, y, &line, area.width);
        y += 1;
        // Leave a line for each day still to come.
        let stop = area.height.saturating_sub(6 - weekday);
        day_lines(buf, area, app, day, &mut y, stop, theme);
    }
}

/// The findings due on `day` and those to look at again then, one a line from row `y`, stopping
/// before row `stop` with how many did not fit.
fn day_lines(
    buf: &mut Buffer,
    area: Rect,
    app: &App,
    day: NaiveDate,
    y: &mut u16,
    stop: u16,
    theme: &Theme,
) {
    let (lang, cal) = (app.lang, &app.calendar);
    let Some(analysis) = &app.analysis else {
        return;
    };
    let due = cal.due.get(&day).map_or(&[][..], Vec::as_slice);
    let again = cal.look_again.get(&day).map_or(&[][..], Vec::as_slice);
    let width = area.width as usize - 4;
    let rows = due
        .iter()
        .map(|i| (*i, ""))
        .chain(again.iter().map(|i| (*i, tr(lang, "复查 ", "look again "))));
    for (i, (index, prefix)) in rows.enumerate() {
        if *y >= stop {
            break;
        }
        let left = due.len() + again.len() - i;
        if *y + 1 == stop && left > 1 {
            let line = match lang {
                Lang::Zh => format!("…还有 {left} 项（Enter 在待办中查看）"),
                Lang::En => format!("…{left} more (Enter shows them in triage)"),
            };
            put(
                buf,
                area,
                4,
                *y,
                &Line::styled(line, theme.dim()),
                area.width,
            );
            *y += 1;
            break;
        }
        let f = &analysis.triage[index as usize];
        let name = app.row(&f.base_id).map_or("", |r| r.name.as_str());
        let text = format!(
            "{prefix}{} {} {name} {}",
            pad(f.severity.label(lang), 4),
            f.base_id,
            f.message.get(lang)
        );
        let line = Line::styled(fit(&text, width), theme.severity(f.severity));
        put(buf, area, 4, *y, &line, area.width);
        *y += 1;
    }
}

/// One day: its number (in brackets when it is today) and how many findings are due on it;
/// the chosen day in the cursor's style, days of another month dimmed, past days with findings
/// still due in the error colour.
fn day_cell(app: &App, day: NaiveDate, cell: usize, theme: &Theme) -> Span<'static> {
    let cal = &app.calendar;
    let n = cal.count(day);
    let number = if day == app.today {
        format!("[{:>2}]", day.day())
    } else {
        format!(" {:>2} ", day.day())
    };
    let count = match (n, app.lang) {
        (0, _) => "   ·".to_string(),
        (n, Lang::Zh) => format!("{n:>3}项"),
        (n, Lang::En) => format!("{n:>4}"),
    };
    let text = pad(&format!("{number}{count}"), cell);
    let other_month = !cal.week && day.month() != cal.day.month();
    let style = if day == cal.day {
        theme.cursor()
    } else if other_month {
        theme.dim()
    } else if n > 0 && day < app.today {
        theme.error()
    } else if n > 0 {
        theme.key()
    } else {
        theme.plain()
    };
    Span::styled(text, style)
}
