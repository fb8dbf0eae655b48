//! Where everything goes, as a pure function of the state and the terminal's size. The draw lays
//! each frame out with it, and the app asks it how many rows a page holds and how far scrolled
//! text can go ([`App::page_height`], [`App::scroll_limit`]) — so the draw never has to tell the
//! app what it found.

use super::cells::wrap;
use super::theme::Theme;
use crate::app::form::Form;
use crate::app::outcomes::OutcomesConfirm;
use crate::app::overlay::{MarkConfirm, Overlay};
use crate::app::{App, Screen};
use ratatui::layout::{Constraint, Layout, Margin, Rect};

/// Lines a message may take (the notice, a dialog's refusal): read in full, but the list or the
/// dialog keeps most of its room.
const MESSAGE_MAX_LINES: usize = 3;
/// Lines of the mark confirmation besides its list and its message: round, date, score, the
/// skipped line, buttons and a hint.
const MARK_FIXED_LINES: u16 = 6;
/// The widest the mark confirmation and a form get.
const MARK_WIDTH: u16 = 110;
const FORM_WIDTH: u16 = 72;

/// The rows of the screen, top to bottom.
pub struct Areas {
    /// Title and screen tabs.
    pub top: Rect,
    /// Filters, counts, search and selection.
    pub bar: Rect,
    /// The screen itself.
    pub main: Rect,
    pub notice: Rect,
    /// The input line, or the hints.
    pub bottom: Rect,
}

/// The whole terminal, as the app knows its size.
fn terminal(app: &App) -> Rect {
    Rect::new(0, 0, app.size.0, app.size.1)
}

/// A message cut into the lines it takes at `cells` wide, at most three (the last cut with `…`).
pub fn message_lines(text: &str, cells: u16) -> Vec<String> {
    let mut lines = wrap(text, cells as usize);
    if lines.len() > MESSAGE_MAX_LINES {
        lines.truncate(MESSAGE_MAX_LINES);
        let last = lines.last_mut().expect("three lines");
        *last = super::cells::fit(&format!("{last}…"), cells as usize);
    }
    lines
}

/// The notice's text cut into the lines it takes at `cells` wide.
pub fn notice_lines(app: &App, cells: u16) -> Vec<String> {
    match &app.notice {
        Some(notice) => message_lines(notice.text.get(app.lang), cells),
        None => Vec::new(),
    }
}

/// A dialog's message (why its input or its change was refused) as the lines it takes inside a
/// box `width` wide: one empty line when there is none.
fn dialog_message(
    app: &App,
    message: Option<&crate::domain::text::Text>,
    width: u16,
) -> Vec<String> {
    match message {
        Some(text) => message_lines(text.get(app.lang), width.saturating_sub(2)),
        None => vec![String::new()],
    }
}

pub fn areas(app: &App, area: Rect) -> Areas {
    let notice = (notice_lines(app, area.width).len() as u16).max(1);
    let [top, bar, main, notice, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(notice),
        Constraint::Length(1),
    ])
    .areas(area);
    Areas {
        top,
        bar,
        main,
        notice,
        bottom,
    }
}

/// Rows of the bases list: the main area under its header.
pub fn list_rows(app: &App) -> usize {
    (areas(app, terminal(app)).main.height as usize)
        .saturating_sub(1)
        .max(1)
}

/// Rows of the triage table: under its header, above the two lines that show the cursor row's
/// finding in full and what to do about it.
pub fn triage_rows(app: &App) -> usize {
    (areas(app, terminal(app)).main.height as usize)
        .saturating_sub(1 + super::triage::FOOTER_LINES as usize)
        .max(1)
}

/// Lines under the history list for the cursor event: its heading and what it changed.
const HISTORY_PANE: u16 = 7;

/// The history room's parts: the list's header, its rows, and the pane with the cursor
/// event's before → after.
pub struct HistoryAreas {
    pub header: Rect,
    pub rows: Rect,
    pub pane: Rect,
}

pub fn history(main: Rect) -> HistoryAreas {
    let pane = HISTORY_PANE.min(main.height / 3);
    let [header, rows, pane] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(pane),
    ])
    .areas(main);
    HistoryAreas { header, rows, pane }
}

/// Rows of the history list on screen.
pub fn history_rows(app: &App) -> usize {
    (history(areas(app, terminal(app)).main).rows.height as usize).max(1)
}

/// Rows of an open base's tab, under its header, findings and tab bar.
pub fn detail_rows(app: &App) -> usize {
    let findings = app.detail.as_ref().map_or(0, |d| d.findings.len());
    (detail(findings, areas(app, terminal(app)).main).body.height as usize).max(1)
}

/// The parts of a base's detail.
pub struct DetailAreas {
    pub head: Rect,
    pub findings: Rect,
    pub tabs: Rect,
    pub body: Rect,
}

pub fn detail(findings: usize, main: Rect) -> DetailAreas {
    let findings_height = (findings.min(4) as u16 + u16::from(findings > 0)).min(main.height / 3);
    let [head, findings, tabs, body] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(findings_height),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(main);
    DetailAreas {
        head,
        findings,
        tabs,
        body,
    }
}

/// A `w`×`h` box in the middle of `area` (cut to fit).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Inside a box's border.
pub fn inside(rect: Rect) -> Rect {
    rect.inner(Margin::new(1, 1))
}

/// The help box.
pub fn help(area: Rect) -> Rect {
    centered(
        area,
        area.width.saturating_sub(4).min(84),
        area.height.saturating_sub(2),
    )
}

/// The mark confirmation as laid out: its box, how many of its bases' lines it shows at once,
/// and its message's lines.
pub struct MarkLayout {
    pub rect: Rect,
    pub shown: usize,
    pub message: Vec<String>,
}

pub fn mark_confirm(app: &App, area: Rect, c: &MarkConfirm) -> MarkLayout {
    let width = area.width.saturating_sub(4).min(MARK_WIDTH);
    let message = dialog_message(app, c.input_error.as_ref(), width);
    let fixed = MARK_FIXED_LINES + message.len() as u16;
    let rect = centered(
        area,
        width,
        (c.previews.len() as u16)
            .saturating_add(fixed + 2)
            .min(area.height),
    );
    let shown = inside(rect).height.saturating_sub(fixed) as usize;
    MarkLayout {
        rect,
        shown,
        message,
    }
}

/// Lines of the dry run of a results sheet besides its rows: the summary, the buttons, a hint.
const OUTCOMES_FIXED_LINES: u16 = 3;

/// The dry run of a results sheet as laid out: its box, how many of its rows it shows at once,
/// and its message's lines.
pub fn outcomes_confirm(app: &App, area: Rect, c: &OutcomesConfirm) -> MarkLayout {
    let width = area.width.saturating_sub(4).min(MARK_WIDTH);
    let message = dialog_message(app, c.error.as_ref(), width);
    let fixed = OUTCOMES_FIXED_LINES + message.len() as u16;
    let rows = outcome_lines(app, c, inside_width(width)).len() as u16;
    let rect = centered(area, width, rows.saturating_add(fixed + 2).min(area.height));
    let shown = inside(rect).height.saturating_sub(fixed) as usize;
    MarkLayout {
        rect,
        shown,
        message,
    }
}

/// Cells inside a box `width` wide.
fn inside_width(width: u16) -> usize {
    width.saturating_sub(2) as usize
}

/// The dry run's rows as drawn `cells` wide: a row to be recorded on one line (cut), a refused
/// row in full over as many lines as it takes, so why it is refused can be read.
pub fn outcome_lines(app: &App, c: &OutcomesConfirm, cells: usize) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for (line, refused) in c.lines(app.lang) {
        if refused {
            for (i, part) in wrap(&line, cells.saturating_sub(2)).into_iter().enumerate() {
                let indent = if i == 0 { "" } else { "  " };
                out.push((format!("{indent}{part}"), true));
            }
        } else {
            out.push((super::cells::fit(&line, cells), false));
        }
    }
    out
}

/// A form's box and its message's lines.
pub fn form(app: &App, area: Rect, form: &Form) -> (Rect, Vec<String>) {
    let width = area.width.saturating_sub(4).min(FORM_WIDTH);
    let message = dialog_message(app, form.error.as_ref(), width);
    // A line a field that applies, one for the focused field's choices, the message, the keys,
    // the border: a leader change's ten fields fit 24 rows.
    let shown = (0..form.fields.len()).filter(|i| form.shown(*i)).count() as u16;
    let height = (shown + message.len() as u16 + 4).min(area.height);
    (centered(area, width, height), message)
}

/// The first line of the last page of `lines` lines when `shown` fit: as far as text scrolls.
pub fn last_page(lines: usize, shown: usize) -> u16 {
    lines.saturating_sub(shown).min(u16::MAX as usize) as u16
}

/// How far the scrolled text on top (help, a detail tab, the mark confirmation's list) can
/// scroll: no further than its last page.
pub fn scroll_limit(app: &App) -> u16 {
    let area = terminal(app);
    let over = last_page;
    match &app.overlay {
        Some(Overlay::Help { .. }) => over(
            super::help::lines(app, &Theme { color: false }).len(),
            inside(help(area)).height as usize,
        ),
        Some(Overlay::MarkConfirm(c)) => over(c.previews.len(), mark_confirm(app, area, c).shown),
        Some(Overlay::Outcomes(c)) => {
            let laid = outcomes_confirm(app, area, c);
            over(
                outcome_lines(app, c, inside(laid.rect).width as usize).len(),
                laid.shown,
            )
        }
        Some(_) => 0,
        None if app.screen == Screen::Detail => match &app.detail {
            Some(view) => {
                let body = detail(view.findings.len(), areas(app, area).main).body;
                let text = super::detail::text_of(app, view);
                over(
                    super::detail::tab_lines(&text, view.tab, &Theme { color: false }).len(),
                    body.height as usize,
                )
            }
            None => 0,
        },
        None => 0,
    }
}
