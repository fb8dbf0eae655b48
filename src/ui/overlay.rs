//! Dialogs drawn over the screen: help, the outcome picker, confirmations, facet menus; forms
//! are drawn by [`super::form`].

use super::cells::{fit, pad, width};
use super::layout::centered;
use super::theme::Theme;
use super::tr;
use crate::app::App;
use crate::app::follow::StatePick;
use crate::app::outcomes::OutcomesConfirm;
use crate::app::overlay::{ButtonFocus, FacetMenu, MarkConfirm, MarkFocus, OUTCOMES, Overlay};
use crate::domain::codes::{CaseState, Code};
use crate::domain::text::Lang;
use crate::keymap::{Action, Mode};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

pub(super) fn frame_box(frame: &mut Frame, rect: Rect, title: &str, theme: &Theme) -> Rect {
    // Clear one more column on each side: a wide character straddling the box's edge would
    // otherwise swallow the border cell next to it.
    let area = frame.area();
    let left = rect.x.saturating_sub(1).max(area.x);
    let right = (rect.right() + 1).min(area.right());
    frame.render_widget(
        Clear,
        Rect {
            x: left,
            width: right - left,
            ..rect
        },
    );
    let block = Block::bordered().title(Span::styled(format!(" {title} "), theme.title()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

pub(super) fn key(app: &App, mode: Mode, action: Action) -> String {
    app.keymap.key_for(mode, action).unwrap_or_default()
}

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    match &app.overlay {
        None => {}
        Some(Overlay::Help { scroll }) => {
            let rect = super::layout::help(area);
            let title = tr(
                app.lang,
                "帮助（按键来自当前键位表）",
                "Help (keys from the active keymap)",
            );
            let inner = frame_box(frame, rect, title, theme);
            let lines = super::help::lines(app, theme);
            let first = (*scroll).min(super::layout::last_page(lines.len(), inner.height as usize));
            frame.render_widget(Paragraph::new(lines).scroll((first, 0)), inner);
        }
        Some(Overlay::PickOutcome { targets, cursor }) => {
            let rect = centered(area, 40, OUTCOMES.len() as u16 + 4);
            let title = match app.lang {
                Lang::Zh => format!("评估结果（{} 个基地）", targets.len()),
                Lang::En => format!("Outcome ({})", bases_en(targets.len())),
            };
            let inner = frame_box(frame, rect, &title, theme);
            let mut lines: Vec<Line> = OUTCOMES
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let style = if i == *cursor {
                        theme.cursor()
                    } else {
                        theme.outcome(*o)
                    };
                    Line::from(vec![
                        Span::styled(format!(" {} ", i + 1), theme.key()),
                        Span::styled(pad(o.label(app.lang), 20), style),
                    ])
                })
                .collect();
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                format!(
                    "{} {}  {} {}",
                    pick_keys(app, OUTCOMES.len()),
                    tr(app.lang, "选择", "pick"),
                    key(app, Mode::Pick, Action::Cancel),
                    tr(app.lang, "取消", "cancel")
                ),
                theme.dim(),
            ));
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Some(Overlay::MarkConfirm(c)) => draw_mark_confirm(frame, area, app, c, theme),
        Some(Overlay::UndoConfirm { summary, focus, .. }) => {
            let rect = centered(area, 60, 7);
            let inner = frame_box(
                frame,
                rect,
                tr(app.lang, "撤回上一步？", "Undo the last change?"),
                theme,
            );
            let lines = vec![
                Line::raw(fit(summary.get(app.lang), inner.width as usize)),
                Line::styled(
                    tr(
                        app.lang,
                        "以补偿记录撤回，历史保留。",
                        "Undone by a compensating event; history is kept.",
                    ),
                    theme.dim(),
                ),
                Line::raw(""),
                buttons(
                    app,
                    *focus == ButtonFocus::Cancel,
                    *focus == ButtonFocus::Confirm,
                    theme,
                ),
            ];
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Some(Overlay::Menu(menu)) => draw_menu(frame, area, app, menu, theme),
        Some(Overlay::Form(form)) => super::form::draw(frame, area, app, form, theme),
        Some(Overlay::Outcomes(c)) => draw_outcomes(frame, area, app, c, theme),
        Some(Overlay::PickState(pick)) => draw_state_pick(frame, area, app, pick, theme),
    }
}

/// The dry run of a results sheet: a summary, each row's base, outcome and consequence (or why
/// it is refused), scrolled; the buttons; what the keys do.
fn draw_outcomes(frame: &mut Frame, area: Rect, app: &App, c: &OutcomesConfirm, theme: &Theme) {
    let lang = app.lang;
    let super::layout::MarkLayout {
        rect,
        shown,
        message,
    } = super::layout::outcomes_confirm(app, area, c);
    let title = tr(lang, "导入评估结果（演练）", "Import outcomes (dry run)");
    let inner = frame_box(frame, rect, title, theme);
    let width = inner.width as usize;
    let style = if c.plan.problems.is_empty() {
        theme.header()
    } else {
        theme.error()
    };
    let mut lines = vec![Line::styled(fit(&c.summary(lang), width), style)];
    let rows = super::layout::outcome_lines(app, c, width);
    let first = c
        .scroll
        .min(super::layout::last_page(rows.len(), shown) as usize);
    for (text, refused) in rows.iter().skip(first).take(shown) {
        let style = if *refused {
            theme.error()
        } else {
            theme.plain()
        };
        lines.push(Line::styled(text.clone(), style));
    }
    while lines.len() < 1 + shown {
        lines.push(Line::raw(""));
    }
    lines.extend(message.into_iter().map(|l| Line::styled(l, theme.error())));
    lines.push(buttons(
        app,
        c.focus == ButtonFocus::Cancel,
        c.focus == ButtonFocus::Confirm,
        theme,
    ));
    let below = rows.len().saturating_sub(first + shown);
    let (down, y) = (
        key(app, Mode::Confirm, Action::MoveDown),
        key(app, Mode::Confirm, Action::Confirm),
    );
    let hint = match lang {
        _ if c.pending => saving(app).to_string(),
        Lang::Zh => format!("{y} 一次记录全部（可用 u 撤回）  {down} 滚动  还有 {below} 行"),
        Lang::En => format!("{y} records them all (u undoes)  {down} scrolls  {below} more rows"),
    };
    lines.push(Line::styled(fit(&hint, width), theme.dim()));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The five states with keys 1–5: the current one marked, the moves the workflow refuses
/// dimmed with the reason, and why the last pick was not taken.
fn draw_state_pick(frame: &mut Frame, area: Rect, app: &App, pick: &StatePick, theme: &Theme) {
    let lang = app.lang;
    let width = area.width.saturating_sub(4).min(76);
    let message = pick
        .error
        .as_ref()
        .map(|e| super::layout::message_lines(e.get(lang), width.saturating_sub(2)))
        .unwrap_or_default();
    let height = CaseState::all().len() as u16 + 5 + message.len() as u16;
    let rect = centered(area, width, height);
    let title = match lang {
        Lang::Zh => format!("跟进状态 · {}", pick.key),
        Lang::En => format!("Case state · {}", pick.key),
    };
    let inner = frame_box(frame, rect, &fit(&title, width as usize - 4), theme);
    let w = inner.width as usize;
    let mut lines = vec![Line::styled(
        format!("{}{}", tr(lang, "现在：", "Now: "), pick.now.label(lang)),
        theme.dim(),
    )];
    for (i, (state, refusal)) in CaseState::all().iter().zip(&pick.refusals).enumerate() {
        let style = if i == pick.cursor {
            theme.cursor()
        } else if refusal.is_some() {
            theme.dim()
        } else {
            theme.plain()
        };
        let why = match refusal {
            Some(_) if *state == pick.now => tr(lang, "（当前）", "(current)").to_string(),
            // The key is in the title already.
            Some(r) => {
                let text = r.text.get(lang);
                let why = [format!("{}：", pick.key), format!("{}: ", pick.key)]
                    .iter()
                    .find_map(|p| text.strip_prefix(p.as_str()))
                    .unwrap_or(text);
                format!("✗ {why}")
            }
            None if *state == CaseState::Dismissed => {
                tr(lang, "须说明理由", "asks for a reason").to_string()
            }
            None => String::new(),
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {} ", i + 1), theme.key()),
            Span::styled(pad(state.label(lang), 10), style),
            Span::styled(fit(&why, w.saturating_sub(14)), theme.dim()),
        ]));
    }
    lines.extend(message.into_iter().map(|l| Line::styled(l, theme.error())));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "{} {}  {} {}",
            pick_keys(app, CaseState::all().len()),
            tr(lang, "选择", "pick"),
            key(app, Mode::Pick, Action::Cancel),
            tr(lang, "取消", "cancel")
        ),
        theme.dim(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The keys that pick the first to the `n`th of a picker's options, as `1–5`.
fn pick_keys(app: &App, n: usize) -> String {
    const PICKS: [Action; 5] = [
        Action::Pick1,
        Action::Pick2,
        Action::Pick3,
        Action::Pick4,
        Action::Pick5,
    ];
    let last = PICKS[n.clamp(1, PICKS.len()) - 1];
    format!(
        "{}–{}",
        key(app, Mode::Pick, Action::Pick1),
        key(app, Mode::Pick, last)
    )
}

/// While a change is on its way to the store.
pub(super) fn saving(app: &App) -> &'static str {
    if app.write_waiting {
        tr(
            app.lang,
            "等待其他用户的写入…",
            "waiting for another user's write…",
        )
    } else {
        tr(app.lang, "保存中…", "saving…")
    }
}

pub(super) fn buttons(app: &App, cancel: bool, confirm: bool, theme: &Theme) -> Line<'static> {
    let y = key(app, Mode::Confirm, Action::Confirm);
    let n = key(app, Mode::Confirm, Action::Cancel);
    Line::from(vec![
        Span::styled(
            format!("[ {} {n} ]", tr(app.lang, "取消", "Cancel")),
            theme.button(cancel),
        ),
        Span::raw("  "),
        Span::styled(
            format!("[ {} {y} ]", tr(app.lang, "确认", "Confirm")),
            theme.button(confirm),
        ),
    ])
}

fn draw_mark_confirm(frame: &mut Frame, area: Rect, app: &App, c: &MarkConfirm, theme: &Theme) {
    let lang = app.lang;
    let super::layout::MarkLayout {
        rect,
        shown: list_height,
        message,
    } = super::layout::mark_confirm(app, area, c);
    let title = match lang {
        Lang::Zh => format!(
            "标记为「{}」（{} 个基地）",
            c.outcome.zh(),
            c.previews.len()
        ),
        Lang::En => format!(
            "Mark as {} ({})",
            c.outcome.en(),
            bases_en(c.previews.len())
        ),
    };
    let inner = frame_box(frame, rect, &title, theme);
    let width = inner.width as usize;
    let label_w = 6;
    let field_line = |label: &str, value: &str, focused: bool| {
        let style = if focused {
            theme.cursor()
        } else {
            theme.plain()
        };
        Line::from(vec![
            Span::raw(pad(label, label_w)),
            Span::styled(pad(value, 30), style),
        ])
    };
    let mut lines = vec![
        field_line(
            tr(lang, "轮次", "Round"),
            c.round.value(),
            c.focus == MarkFocus::Round,
        ),
        field_line(
            tr(lang, "日期", "Date"),
            c.date.value(),
            c.focus == MarkFocus::Date,
        ),
        field_line(
            tr(lang, "评分", "Score"),
            c.score.value(),
            c.focus == MarkFocus::Score,
        ),
    ];
    lines.extend(message.into_iter().map(|l| Line::styled(l, theme.error())));
    let first = c
        .scroll
        .min(super::layout::last_page(c.previews.len(), list_height) as usize);
    for p in c.previews.iter().skip(first).take(list_height) {
        let (text, style) = match &p.result {
            Ok(consequence) => (
                format!("{} {}  {}", p.id, consequence.describe().get(lang), p.name),
                theme.plain(),
            ),
            // Refusals name the base themselves.
            Err(refusal) => (format!("✗ {}", refusal.message(lang)), theme.error()),
        };
        lines.push(Line::styled(fit(&text, width), style));
    }
    while lines.len() < (inner.height.saturating_sub(3)) as usize {
        lines.push(Line::raw(""));
    }
    let skipped = c.previews.iter().filter(|p| p.result.is_err()).count();
    let below = c.previews.len().saturating_sub(first + list_height);
    let mut status = Vec::new();
    if below > 0 {
        let more = match lang {
            Lang::Zh => format!(
                "↓ 还有 {below} 个（{} / {} 滚动）  ",
                key(app, Mode::Confirm, Action::MoveDown),
                key(app, Mode::Confirm, Action::PageDown)
            ),
            Lang::En => format!(
                "↓ {below} more ({} / {} scroll)  ",
                key(app, Mode::Confirm, Action::MoveDown),
                key(app, Mode::Confirm, Action::PageDown)
            ),
        };
        status.push(Span::styled(more, theme.dim()));
    }
    if skipped > 0 {
        status.push(Span::styled(
            match lang {
                Lang::Zh => format!("{skipped} 个不符合规则，将跳过"),
                Lang::En => format!("{skipped} refused by the rules will be skipped"),
            },
            theme.error(),
        ));
    }
    lines.push(Line::from(status));
    lines.push(buttons(
        app,
        c.focus == MarkFocus::Cancel,
        c.focus == MarkFocus::Confirm,
        theme,
    ));
    let tab = key(app, Mode::Confirm, Action::FocusNext);
    let hint = match lang {
        _ if c.pending => saving(app).to_string(),
        Lang::Zh => format!("{tab} 在轮次、日期、评分与按钮间切换；在字段中可直接修改"),
        Lang::En => format!(
            "{tab} moves between round, date, score and the buttons; type in a field to change it"
        ),
    };
    lines.push(Line::styled(fit(&hint, width), theme.dim()));
    frame.render_widget(Paragraph::new(lines), inner);
    // The real cursor sits in the focused field, so an IME pops up there.
    let field = match c.focus {
        MarkFocus::Round => Some((0, &c.round)),
        MarkFocus::Date => Some((1, &c.date)),
        MarkFocus::Score => Some((2, &c.score)),
        _ => None,
    };
    if let Some((row, field)) = field {
        frame.set_cursor_position(Position {
            x: inner.x + label_w as u16 + field.cursor_width() as u16,
            y: inner.y + row,
        });
    }
}

fn draw_menu(frame: &mut Frame, area: Rect, app: &App, menu: &FacetMenu, theme: &Theme) {
    let hint = format!(
        "{} {}  {} {}  {} {}",
        key(app, Mode::Menu, Action::Toggle),
        tr(app.lang, "勾选", "tick"),
        key(app, Mode::Menu, Action::Press),
        tr(app.lang, "应用", "apply"),
        key(app, Mode::Menu, Action::Cancel),
        tr(app.lang, "取消", "cancel")
    );
    let height = (menu.options.len() as u16 + 4).min(area.height.saturating_sub(2));
    let rect = centered(area, (width(&hint) as u16 + 2).max(36), height);
    let inner = frame_box(frame, rect, menu.title().get(app.lang), theme);
    let visible = inner.height.saturating_sub(2) as usize;
    let start = menu.cursor.saturating_sub(visible.saturating_sub(1));
    let end = (start + visible).min(menu.options.len());
    let w = inner.width as usize;
    let mut lines: Vec<Line> = menu.options[start..end]
        .iter()
        .enumerate()
        .map(|(row, o)| {
            let i = start + row;
            let mark = if o.checked { "[x] " } else { "[ ] " };
            let style = if i == menu.cursor {
                theme.cursor()
            } else {
                theme.plain()
            };
            // Arrows at the edge where more options are scrolled out of sight.
            let more = match (row, i) {
                (0, _) if start > 0 => "↑",
                (_, i) if i + 1 == end && end < menu.options.len() => "↓",
                _ => "",
            };
            Line::from(vec![
                Span::styled(
                    pad(&format!("{mark}{}", o.label), w.saturating_sub(2)),
                    style,
                ),
                Span::styled(format!("{more:>2}"), theme.dim()),
            ])
        })
        .collect();
    // Where the cursor is among them all, when they do not all fit.
    let place = if end - start < menu.options.len() {
        format!("{}/{}", menu.cursor + 1, menu.options.len())
    } else {
        String::new()
    };
    lines.push(Line::styled(format!("{place:>w$}"), theme.dim()));
    lines.push(Line::styled(hint, theme.dim()));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// "1 base", "3 bases".
fn bases_en(n: usize) -> String {
    if n == 1 {
        "1 base".into()
    } else {
        format!("{n} bases")
    }
}
