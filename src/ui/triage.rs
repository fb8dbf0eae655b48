//! Every finding, most urgent first, with who follows it up, its state and its last note; the
//! inbox views as tabs in the bar above; under the table, the cursor row's finding in full, what
//! to do, and its follow-up. Severity and state always show their whole label; the other columns
//! give way to the width: at 80 columns the rule moves to the line under the table; from 100 the
//! rule has a column, from 120 the base's name has one.

use super::cells::{fit, pad, put, row_style, width};
use super::theme::Theme;
use super::{colon, tr};
use crate::app::App;
use crate::domain::cases::{FollowUp, Inbox};
use crate::domain::codes::{CaseState, Code, Severity};
use crate::domain::findings::Finding;
use crate::domain::text::Lang;
use crate::keymap::{Action, Mode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// Lines under the table: the finding in full, what to do, its follow-up.
pub const FOOTER_LINES: u16 = 3;

/// What the state column says of a case: its state, or that the finding went away.
fn state_of(case: &FollowUp, lang: Lang) -> &'static str {
    match case.resolved {
        Some(_) => tr(lang, "已自动关闭", "closed"),
        None => case.state.label(lang),
    }
}

/// The widest of `labels`, so that a column holding them never cuts one.
fn widest<'a>(labels: impl IntoIterator<Item = &'a str>) -> usize {
    labels.into_iter().map(width).max().unwrap_or(0)
}

/// The columns' widths for a table `total` cells wide (0: no such column). Severity and state
/// are as wide as their longest label in `lang`; the free-text columns take what is left.
struct Columns {
    severity: usize,
    rule: usize,
    id: usize,
    name: usize,
    message: usize,
    who: usize,
    state: usize,
    note: usize,
}

const DUE: usize = 10;

impl Columns {
    fn for_width(total: usize, lang: Lang) -> Columns {
        let severity = widest(Severity::all().iter().map(|s| s.label(lang)));
        let state = widest(CaseState::all().iter().map(|s| s.label(lang)).chain([tr(
            lang,
            "已自动关闭",
            "closed",
        )]));
        let rule = if total >= 100 { 8 } else { 0 };
        let who = if total >= 110 { 8 } else { 6 };
        let id = 15;
        // The selection mark, then each column after a space.
        let fixed = 1
            + severity
            + (1 + DUE)
            + rule
            + usize::from(rule > 0)
            + (1 + id)
            + (1 + who)
            + (1 + state);
        let rest = total.saturating_sub(fixed);
        let name = if total >= 120 { (rest / 4).min(24) } else { 0 };
        let rest = rest.saturating_sub(name + usize::from(name > 0) + 2);
        let message = rest * 5 / 9;
        Columns {
            severity,
            rule,
            id,
            name,
            message,
            who,
            state,
            note: rest - message,
        }
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let buf = frame.buffer_mut();
    let Some(analysis) = &app.analysis else {
        let line = match &app.analysis_failed {
            Some(why) => Line::styled(
                format!(
                    "{}{}",
                    tr(lang, "无法分析记录：", "could not analyse the records: "),
                    why.get(lang)
                ),
                theme.error(),
            ),
            None => Line::styled(
                tr(lang, "正在分析全部记录…", "analysing all records…"),
                theme.dim(),
            ),
        };
        put(buf, area, 2, 1, &line, area.width);
        return;
    };
    let c = Columns::for_width(area.width as usize, lang);
    let mut header = vec![
        (tr(lang, "严重", "Sev"), c.severity),
        (tr(lang, "到期", "Due"), DUE),
        (tr(lang, "规则", "Rule"), c.rule),
        (tr(lang, "编号", "ID"), c.id),
        (tr(lang, "基地", "Base"), c.name),
        (tr(lang, "问题", "Finding"), c.message),
        (tr(lang, "跟进人", "Owner"), c.who),
        (tr(lang, "状态", "State"), c.state),
        (tr(lang, "最后备注", "Last note"), c.note),
    ];
    header.retain(|(_, w)| *w > 0);
    let line: String = header
        .iter()
        .map(|(h, w)| pad(h, *w))
        .collect::<Vec<_>>()
        .join(" ");
    put(
        buf,
        area,
        1,
        0,
        &Line::styled(line, theme.header()),
        area.width,
    );
    let body = area.height.saturating_sub(1 + FOOTER_LINES) as usize;
    let view = &app.triage;
    for (i, index) in view.visible.iter().skip(view.offset).take(body).enumerate() {
        let f = &analysis.triage[*index as usize];
        let case = analysis.cases.of(f);
        let y = i as u16 + 1;
        let on_cursor = view.offset + i == view.cursor;
        let row_style = row_style(buf, area, y, on_cursor, theme);
        let selected = !f.base_id.is_empty() && app.list.selected.contains(&f.base_id);
        let severity_style = if on_cursor {
            row_style
        } else {
            theme.severity(f.severity)
        };
        let due = f.due.map_or("—".into(), |d| d.to_string());
        let cell = |text: &str, w: usize| Span::styled(format!(" {}", pad(text, w)), row_style);
        let mut spans = vec![
            Span::styled(
                if selected { "*" } else { " " },
                row_style.patch(theme.selected()),
            ),
            Span::styled(pad(f.severity.label(lang), c.severity), severity_style),
            cell(&due, DUE),
        ];
        if c.rule > 0 {
            spans.push(cell(f.rule_label(lang), c.rule));
        }
        let id = if f.base_id.is_empty() {
            tr(lang, "（全计划）", "(programme)")
        } else {
            f.base_id.as_str()
        };
        spans.push(cell(id, c.id));
        if c.name > 0 {
            spans.push(cell(
                app.row(&f.base_id).map_or("", |r| r.name.as_str()),
                c.name,
            ));
        }
        spans.push(cell(f.message.get(lang), c.message));
        spans.push(cell(
            case.and_then(|c| c.assignee.as_deref()).unwrap_or(""),
            c.who,
        ));
        spans.push(cell(case.map_or("", |k| state_of(k, lang)), c.state));
        spans.push(cell(
            case.and_then(|k| k.notes.last())
                .map_or("", |n| n.text.as_str()),
            c.note,
        ));
        put(buf, area, 0, y, &Line::from(spans), area.width);
    }
    let footer = area.height.saturating_sub(FOOTER_LINES);
    let width = area.width as usize - 1;
    match app.current_finding() {
        Some(f) => {
            let name = app.row(&f.base_id).map_or("", |r| r.name.as_str());
            let finding = format!(
                "[{}] {name}{}{}",
                f.rule_label(lang),
                colon(lang),
                f.message.get(lang)
            );
            let line = Line::styled(fit(&finding, width), theme.severity(f.severity));
            put(buf, area, 1, footer, &line, area.width);
            let todo = format!("{}{}", tr(lang, "处理：", "To do: "), f.action.get(lang));
            let line = Line::styled(fit(&todo, width), theme.key());
            put(buf, area, 1, footer + 1, &line, area.width);
            let line = follow_up_line(app, f, analysis.cases.of(f), width, theme);
            put(buf, area, 1, footer + 2, &line, area.width);
        }
        None => {
            let key = |action| app.keymap.key_for(Mode::Triage, action).unwrap_or_default();
            // An empty view says where the work is: the unassigned cases to take, or all.
            let text = match (view.inbox, view.counts.iter().all(|n| *n == 0)) {
                (Inbox::All, _) | (_, true) => {
                    tr(lang, "没有待处理事项", "nothing needs action").to_string()
                }
                (Inbox::Mine, _) => {
                    let (other, take) = (key(Action::InboxUnassigned), key(Action::AssignMe));
                    match (lang, app.may(Action::AssignMe)) {
                        (Lang::Zh, true) => {
                            format!("这个视图里没有事项：按 {other} 看未分配，{take} 认领")
                        }
                        (Lang::Zh, false) => format!("这个视图里没有事项：按 {other} 看未分配"),
                        (Lang::En, true) => format!(
                            "nothing in this view: {other} shows the unassigned cases, {take} takes one"
                        ),
                        (Lang::En, false) => {
                            format!("nothing in this view: {other} shows the unassigned cases")
                        }
                    }
                }
                _ => {
                    let all = key(Action::InboxAll);
                    match lang {
                        Lang::Zh => format!("这个视图里没有事项：按 {all} 看全部"),
                        Lang::En => format!("nothing in this view: {all} shows them all"),
                    }
                }
            };
            put(buf, area, 2, 1, &Line::styled(text, theme.ok()), area.width);
        }
    }
}

/// The cursor finding's follow-up in one line: who, state, look-again date, the last note with
/// its author and time — or, when nobody follows it, the keys that start.
fn follow_up_line(
    app: &App,
    f: &Finding,
    case: Option<&FollowUp>,
    width: usize,
    theme: &Theme,
) -> Line<'static> {
    let lang = app.lang;
    let key = |action| app.keymap.key_for(Mode::Triage, action).unwrap_or_default();
    let text = match case {
        _ if f.base_id.is_empty() => tr(
            lang,
            "跟进：全计划的事项，不属于某个基地",
            "Case: about the whole programme",
        )
        .to_string(),
        None => {
            let keys: Vec<String> = [
                Action::AssignMe,
                Action::AssignTo,
                Action::CaseNote,
                Action::CaseState,
                Action::LookAgain,
            ]
            .into_iter()
            .filter(|action| app.may(*action))
            .map(|action| format!("{} {}", key(action), super::brief(action, lang)))
            .collect();
            // A session that may not follow cases up is told who follows it, not offered keys.
            match keys.is_empty() {
                true => tr(lang, "跟进：未指派", "Case: nobody").to_string(),
                false => format!(
                    "{}{}",
                    tr(lang, "跟进：未指派 — ", "Case: nobody — "),
                    keys.join(" · ")
                ),
            }
        }
        Some(case) => {
            let mut parts = vec![
                case.assignee
                    .clone()
                    .unwrap_or_else(|| tr(lang, "未指派", "unassigned").into()),
                state_of(case, lang).to_string(),
            ];
            if let Some(until) = case.until {
                parts.push(match lang {
                    Lang::Zh => format!("{until} 再看"),
                    Lang::En => format!("look again {until}"),
                });
            }
            if let Some(n) = case.notes.last() {
                let at = super::worklog::minute(&n.at);
                parts.push(format!("{} {at}{}{}", n.author, colon(lang), n.text));
            }
            format!("{}{}", tr(lang, "跟进：", "Case: "), parts.join(" · "))
        }
    };
    Line::styled(fit(&text, width), theme.dim())
}

/// The triage screen's bar: the inbox views as tabs with their counts, then the facet filters
/// and the day, and how many findings are shown.
pub fn bar(app: &App, theme: &Theme) -> Vec<Span<'static>> {
    let lang = app.lang;
    let view = &app.triage;
    let mut spans = Vec::new();
    for (inbox, count) in Inbox::ALL.iter().zip(view.counts) {
        let style = if *inbox == view.inbox {
            theme.cursor()
        } else {
            theme.plain()
        };
        spans.push(Span::styled(
            format!(" {} {count} ", inbox.title().get(lang)),
            style,
        ));
    }
    let mut narrowed = app.list.facet_labels(&app.policy, lang);
    if let Some(day) = view.day {
        narrowed.push(match lang {
            Lang::Zh => format!("{day} 到期"),
            Lang::En => format!("due {day}"),
        });
    }
    if !narrowed.is_empty() {
        spans.push(Span::styled(
            format!(" {}", narrowed.join(" · ")),
            theme.selected(),
        ));
    }
    let all = view.counts[crate::app::cases::index_of(Inbox::All)];
    spans.push(Span::raw(format!(" — {}/{all}", view.visible.len())));
    spans
}
