//! A base's 跟进 tab: its findings with who has each, its state and look-again date (the cursor
//! row picks the one the case keys act on), the notes of the case under the cursor, and the
//! base's work records, newest first.

use super::cells::pad;
use super::detail::Detail;
use super::theme::Theme;
use super::{aside, colon, tr};
use crate::domain::cases::FollowUp;
use crate::domain::codes::Code;
use crate::domain::sanitize::escape;
use crate::domain::text::Lang;
use ratatui::text::{Line, Span};

/// "2026-11-25 10:02" from an RFC 3339 time.
pub fn minute(at: &str) -> String {
    at.get(..16).unwrap_or(at).replace('T', " ")
}

/// A case's state as shown: closed by itself when its cause went away.
pub fn state_label(case: &FollowUp, lang: Lang) -> &'static str {
    if case.resolved.is_some() {
        tr(lang, "已自动关闭", "closed by itself")
    } else {
        case.state.label(lang)
    }
}

pub fn lines(d: &Detail, theme: &Theme) -> Vec<Line<'static>> {
    let (view, lang) = (d.view, d.lang);
    let work = &view.work;
    let mut out = vec![Line::styled(
        format!(
            "{}  {}",
            aside(
                lang,
                tr(lang, "问题", "Findings"),
                &view.findings.len().to_string()
            ),
            tr(
                lang,
                "跟进人 · 状态 · 复查 · 最后备注",
                "assignee · state · look again · last note"
            )
        ),
        theme.header(),
    )];
    debug_assert_eq!(out.len(), crate::app::worklog::FIRST_FINDING_LINE);
    if view.findings.is_empty() {
        out.push(Line::styled(tr(lang, "  （无）", "  (none)"), theme.dim()));
    }
    for (i, f) in view.findings.iter().enumerate() {
        let case = work.case_at(view, i);
        let who = case.and_then(|c| c.assignee.as_deref()).unwrap_or("—");
        let state = case.map_or("—", |c| state_label(c, lang));
        let until = case
            .and_then(|c| c.until)
            .map_or(String::new(), |u| u.format("%m-%d").to_string());
        let last = case
            .and_then(|c| c.notes.last())
            .map_or(String::new(), |n| escape(&n.text).into_owned());
        let on_cursor = i == work.cursor;
        let style = if on_cursor {
            theme.cursor()
        } else {
            theme.severity(f.severity)
        };
        let text = format!(
            "{}{} {} {} {} {} {} {last}",
            if on_cursor { "▶" } else { " " },
            pad(f.severity.label(lang), 4),
            pad(f.rule_label(lang), 8),
            pad(f.message.get(lang), 26),
            pad(who, 8),
            pad(state, 8),
            pad(&until, 5),
        );
        out.push(Line::styled(text, style));
    }
    out.push(Line::raw(""));
    if let Some(f) = view.findings.get(work.cursor) {
        let key = f.key();
        match work.case_at(view, work.cursor) {
            None => out.push(Line::styled(
                format!(
                    "{key}  {}",
                    tr(lang, "未跟进：尚无人指派或备注", "not followed up yet")
                ),
                theme.dim(),
            )),
            Some(case) => {
                out.push(Line::styled(
                    match lang {
                        Lang::Zh => {
                            format!("{key} 的跟进备注（{} 条，最新在前）", case.notes.len())
                        }
                        Lang::En => format!("Notes on {key} ({}, newest first)", case.notes.len()),
                    },
                    theme.header(),
                ));
                if let Some(why) = &case.dismissed_because {
                    out.push(Line::raw(format!(
                        "  {}{}",
                        tr(lang, "不予处理的理由：", "dismissed because: "),
                        escape(why)
                    )));
                }
                if let Some(r) = &case.resolved {
                    out.push(Line::raw(format!(
                        "  {} {}{}{}",
                        r.on,
                        tr(lang, "原因已消除，自动关闭", "the cause went away"),
                        colon(lang),
                        r.reason.get(lang)
                    )));
                }
                for n in case.notes.iter().rev() {
                    out.push(note_line(&minute(&n.at), &n.author, &n.text, None));
                }
            }
        }
        out.push(Line::raw(""));
    }
    out.push(Line::styled(
        match lang {
            Lang::Zh => format!("工作记录（{} 条，最新在前）", work.notes.len()),
            Lang::En => format!("Work records ({}, newest first)", work.notes.len()),
        },
        theme.header(),
    ));
    if work.notes.is_empty() {
        out.push(Line::styled(tr(lang, "  （无）", "  (none)"), theme.dim()));
    }
    for n in work.notes.iter().rev() {
        let about = n.cites.as_deref().map(|key| {
            // The base's own id adds nothing here.
            let short = key.split_once('/').map_or(key, |(_, rest)| rest);
            format!("〔{}{short}〕", tr(lang, "关于 ", "about "))
        });
        out.push(note_line(&minute(&n.at), &n.author, &n.text, about));
    }
    out
}

fn note_line(at: &str, author: &str, text: &str, about: Option<String>) -> Line<'static> {
    Line::from(vec![
        Span::raw(format!("  {at}  {}  ", pad(author, 8))),
        Span::raw(escape(text).into_owned()),
        Span::raw(about.unwrap_or_default()),
    ])
}
