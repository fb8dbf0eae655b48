//! Drawing: a pure function of the app state. Widgets decide nothing; they show what `app`
//! says, built for the visible rows only.

mod calendar;
mod cells;
mod dashboard;
mod declared;
pub mod detail;
mod form;
mod help;
mod history;
pub mod layout;
mod list;
mod overlay;
pub mod theme;
pub mod triage;
pub mod worklog;

#[cfg(test)]
mod tests;

use crate::app::{App, InputKind, Screen};
use crate::domain::text::Lang;
use crate::keymap::Action;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use theme::Theme;

pub use cells::{fit, width};

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    // A message too long for one line takes more, so a refusal is read in full.
    let layout::Areas {
        top,
        bar,
        main,
        notice,
        bottom,
    } = layout::areas(app, frame.area());
    draw_top(frame, top, app, theme);
    draw_filter_bar(frame, bar, app, theme);
    match app.screen {
        Screen::Bases if app.total == 0 && app.loaded => draw_empty(frame, main, app, theme),
        Screen::Bases => list::draw(frame, main, app, theme),
        Screen::Detail => detail::draw(frame, main, app, theme),
        Screen::Triage => triage::draw(frame, main, app, theme),
        Screen::Dashboard => dashboard::draw(frame, main, app, theme),
        Screen::History => history::draw(frame, main, app, theme),
        Screen::Calendar => calendar::draw(frame, main, app, theme),
    }
    draw_notice(frame, notice, app, theme);
    draw_bottom(frame, bottom, app, theme);
    overlay::draw(frame, app, theme);
    cells::scrub(frame.buffer_mut());
}

fn tr(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// `label` with an aside in brackets, punctuated as the language writes it: 问题（3） · Findings (3).
fn aside(lang: Lang, label: &str, inner: &str) -> String {
    match lang {
        Lang::Zh => format!("{label}（{inner}）"),
        Lang::En => format!("{label} ({inner})"),
    }
}

/// What separates the items of a list in running text: 、 · ", ".
fn list_sep(lang: Lang) -> &'static str {
    tr(lang, "、", ", ")
}

/// What introduces what follows it: ： · ": ".
fn colon(lang: Lang) -> &'static str {
    tr(lang, "：", ": ")
}

fn draw_top(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let tabs = [
        (Screen::Bases, tr(lang, "列表", "Bases")),
        (Screen::Triage, tr(lang, "待办", "Triage")),
        (Screen::Dashboard, tr(lang, "总览", "Dashboard")),
        (Screen::History, tr(lang, "历史", "History")),
        (Screen::Calendar, tr(lang, "日历", "Calendar")),
    ];
    let mut spans = vec![Span::styled("jidi 基地 ", theme.title())];
    for (screen, label) in tabs {
        let active = app.screen == screen
            || (app.screen == Screen::Detail
                && app.detail.as_ref().is_some_and(|d| d.back == screen));
        let style = if active {
            theme.cursor()
        } else {
            theme.plain()
        };
        spans.push(Span::styled(format!(" {label} "), style));
    }
    let (right, style) = match (&app.analysis, &app.analysis_failed) {
        (Some(_), _) => (
            format!(
                "{} {}  {}",
                tr(lang, "问题", "findings"),
                app.findings_total(),
                app.today
            ),
            theme.dim(),
        ),
        (None, Some(_)) => (
            format!("{}  {}", tr(lang, "分析失败", "analysis failed"), app.today),
            theme.error(),
        ),
        (None, None) => (
            format!("{}  {}", tr(lang, "分析中…", "analysing…"), app.today),
            theme.dim(),
        ),
    };
    let used: usize = spans.iter().map(|s| cells::width(&s.content)).sum();
    let gap = (area.width as usize).saturating_sub(used + cells::width(&right));
    spans.push(Span::raw(" ".repeat(gap)));
    spans.push(Span::styled(right, style));
    frame.render_widget(Line::from(spans), area);
}

/// "联合研究类 · 珠三角 · 不合格 — 7/83", with the search and the selection; on the history,
/// its own filter and how much of it is read.
fn draw_filter_bar(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    if let (Screen::History, Some(view)) = (app.screen, &app.history_view) {
        let mut spans = vec![if view.filter.is_empty() {
            Span::styled(tr(lang, "全部记录", "Every event"), theme.dim())
        } else {
            Span::styled(view.filter.args().trim_end().to_string(), theme.selected())
        }];
        let n = view.events.len();
        let count = match (view.more, lang) {
            (false, Lang::Zh) => format!(" — {n} 条"),
            (false, Lang::En) => format!(" — {n} events"),
            (true, Lang::Zh) => format!(" — 已读 {n} 条，向下翻阅读更早的"),
            (true, Lang::En) => format!(" — {n} read, scroll down for older"),
        };
        spans.push(Span::raw(count));
        if view.loading {
            spans.push(Span::raw(tr(lang, " 读取中…", " reading…")));
        }
        frame.render_widget(Line::from(spans), area);
        return;
    }
    let mut spans = Vec::new();
    if app.screen == Screen::Triage && app.analysis.is_some() {
        spans = triage::bar(app, theme);
    } else {
        let facets = app.list.facet_labels(&app.policy, lang);
        let findings = matches!(app.screen, Screen::Triage | Screen::Calendar);
        if facets.is_empty() {
            let all = match findings {
                true => tr(lang, "全部待办", "All findings"),
                false => tr(lang, "全部基地", "All bases"),
            };
            spans.push(Span::styled(all, theme.dim()));
        } else {
            spans.push(Span::styled(facets.join(" · "), theme.selected()));
        }
        // The calendar shows the findings the triage screen's 全部 view holds.
        let (shown, total) = match (findings, &app.analysis) {
            (true, Some(_)) => (
                app.triage.counts[crate::app::cases::index_of(crate::domain::cases::Inbox::All)],
                app.findings_total(),
            ),
            _ => (app.list.visible.len(), app.bases_total()),
        };
        spans.push(Span::raw(format!(" — {shown}/{total}")));
    }
    if !app.loaded {
        match app.load_failed {
            Some(_) => spans.push(Span::styled(
                tr(lang, " 未能全部载入", " not all loaded"),
                theme.error(),
            )),
            None => spans.push(Span::raw(tr(lang, " 加载中…", " loading…"))),
        }
    }
    if app.list.search.needs_more() {
        spans.push(Span::styled(
            format!("  /{}", app.list.search.query.trim()),
            theme.highlight(),
        ));
        spans.push(Span::styled(
            tr(
                lang,
                " 再输入一个字符即开始搜索",
                " type one more character to search",
            ),
            theme.dim(),
        ));
    }
    if app.list.search.active() {
        let pending = if app.list.search.settled() { "" } else { "…" };
        spans.push(Span::styled(
            format!("  /{}{pending}", app.list.search.query),
            theme.highlight(),
        ));
        if app.list.sort == crate::app::list::Sort::default() {
            spans.push(Span::styled(
                tr(lang, " 按相关度", " by relevance"),
                theme.dim(),
            ));
        }
    }
    if !app.list.selected.is_empty() {
        let n = app.list.selected.len();
        // A selection made before a filter still counts: say how much of it the list hides.
        let hidden = app
            .list
            .selected
            .iter()
            .filter(|id| {
                app.row(id)
                    .is_none_or(|r| !app.list.filter.matches(r, &app.policy))
            })
            .count();
        let text = match (hidden, lang) {
            (0, _) => format!("  {}{n}", tr(lang, "已选 ", "selected ")),
            (h, Lang::Zh) => format!("  已选 {n}（{h} 个不在当前筛选中）"),
            (h, Lang::En) => format!("  selected {n} ({h} outside the filter)"),
        };
        spans.push(Span::styled(text, theme.selected()));
    }
    frame.render_widget(Line::from(spans), area);
}

fn draw_empty(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lines = match app.lang {
        Lang::Zh => vec![
            Line::styled("数据库里还没有基地。", theme.header()),
            Line::raw(""),
            Line::raw("  按 a 新建一条申报，或退出后："),
            Line::raw("  jidi init --demo      载入虚构的演示数据（需空数据库）"),
            Line::raw("  jidi demo             在演示数据的临时副本上打开控制台"),
            Line::raw("  jidi new --help       用命令行登记申报"),
        ],
        Lang::En => vec![
            Line::styled("There are no bases in this database yet.", theme.header()),
            Line::raw(""),
            Line::raw("  Press a to register an application, or quit and run:"),
            Line::raw("  jidi init --demo      load the fictional demo data (empty database)"),
            Line::raw("  jidi demo             open the console on a copy of the demo data"),
            Line::raw("  jidi new --help       register applications from the command line"),
        ],
    };
    frame.render_widget(
        ratatui::widgets::Paragraph::new(lines),
        area.inner(ratatui::layout::Margin {
            horizontal: 2,
            vertical: 1,
        }),
    );
}

fn draw_notice(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    if !app.which_key.is_empty() {
        let mut spans = vec![Span::styled(
            format!("{} ", app.chord.display()),
            theme.key(),
        )];
        for (key, action) in &app.which_key {
            spans.push(Span::styled(format!("{key} "), theme.key()));
            spans.push(Span::raw(format!("{}  ", describe(*action, app.lang))));
        }
        frame.render_widget(Line::from(spans), area);
        return;
    }
    if let Some(notice) = &app.notice {
        let style = if notice.error {
            theme.error()
        } else {
            theme.plain()
        };
        let lines: Vec<Line> = layout::notice_lines(app, area.width)
            .into_iter()
            .map(|l| Line::styled(l, style))
            .collect();
        frame.render_widget(ratatui::widgets::Paragraph::new(lines), area);
    } else if let Some(line) = match_reason(app) {
        frame.render_widget(
            Line::styled(cells::fit(&line, area.width as usize), theme.dim()),
            area,
        );
    }
}

/// Why the row under the cursor matched a search when it was not by its name or id: the name
/// column is too narrow to say it.
fn match_reason(app: &App) -> Option<String> {
    if app.screen != Screen::Bases || app.input.is_some() {
        return None;
    }
    let visible = app.list.visible.get(app.list.cursor)?;
    let hit = &app
        .list
        .search
        .hits
        .as_ref()?
        .get(visible.hit? as usize)?
        .hit;
    let field = match (hit.field, app.lang) {
        (crate::search::Field::FormerName, Lang::Zh) => "曾用名",
        (crate::search::Field::Host, Lang::Zh) => "依托单位",
        (crate::search::Field::Leader, Lang::Zh) => "负责人",
        (crate::search::Field::Note, Lang::Zh) => "工作记录",
        (crate::search::Field::FormerName, Lang::En) => "former name",
        (crate::search::Field::Host, Lang::En) => "host unit",
        (crate::search::Field::Leader, Lang::En) => "leader",
        (crate::search::Field::Note, Lang::En) => "work record",
        _ => return None,
    };
    let text = app
        .keys
        .get(visible.row as usize)?
        .field_text(hit.field_index);
    Some(match app.lang {
        Lang::Zh => format!("匹配{field}：{text}"),
        Lang::En => format!("matched the {field}: {text}"),
    })
}

pub fn describe(action: Action, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => action.description_zh(),
        Lang::En => action.description_en(),
    }
}

/// A word or two for `action` where the status bar is short of room: the case keys, which come
/// six at a time. Other actions keep their description.
pub fn brief(action: Action, lang: Lang) -> &'static str {
    let (zh, en) = match action {
        Action::AssignMe => ("认领", "take"),
        Action::AssignTo => ("指派", "assign"),
        Action::CaseNote => ("备注", "note"),
        Action::CaseState => ("状态", "state"),
        Action::LookAgain => ("复查日期", "look again"),
        Action::WorkNote => ("工作记录", "work record"),
        _ => return describe(action, lang),
    };
    tr(lang, zh, en)
}

/// The input line when one is open (with the real cursor at the insertion point, for the IME),
/// else hints for the current mode built from the keymap. A read-only session says so at its
/// right end, whatever else the line holds.
fn draw_bottom(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let area = match app.read_only {
        true => {
            let badge = tr(app.lang, " 只读 ", " READ-ONLY ");
            let w = (cells::width(badge) as u16).min(area.width);
            let [rest, right] = ratatui::layout::Layout::horizontal([
                ratatui::layout::Constraint::Min(0),
                ratatui::layout::Constraint::Length(w),
            ])
            .areas(area);
            frame.render_widget(Line::styled(badge, theme.read_only()), right);
            rest
        }
        false => area,
    };
    if let Some(line) = &app.input {
        let prompt = match line.kind {
            InputKind::Search => "/",
            InputKind::Command => ":",
        };
        let mut spans = vec![
            Span::styled(prompt, theme.key()),
            Span::raw(line.field.value().to_string()),
        ];
        if !line.completions.is_empty() {
            let shown: Vec<&str> = line
                .completions
                .iter()
                .take(8)
                .map(String::as_str)
                .collect();
            spans.push(Span::styled(
                format!("   {}", shown.join("  ")),
                theme.dim(),
            ));
        }
        frame.render_widget(Line::from(spans), area);
        let x = area.x + 1 + line.field.cursor_width() as u16;
        frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
        return;
    }
    // The screen's room says what to offer; dialogs show their keys inside their boxes.
    let mode = app.mode();
    let room = app.screen.room();
    let wanted = if mode == room.mode {
        app.hints()
    } else {
        Vec::new()
    };
    let hint = |action: Action, short: bool| {
        let key = app.keymap.key_for(mode, action)?;
        let what = if short {
            brief(action, app.lang)
        } else {
            describe(action, app.lang)
        };
        Some((key, format!(" {what}  ")))
    };
    // Briefer labels when the whole descriptions would not all fit.
    let full: usize = wanted
        .iter()
        .filter_map(|a| hint(*a, false))
        .map(|(key, label)| cells::width(&key) + cells::width(&label))
        .sum();
    let short = full > area.width as usize;
    // Whole hints only: stop before one would be cut.
    let mut spans = Vec::new();
    let mut used = 0;
    for action in &wanted {
        if let Some((key, label)) = hint(*action, short) {
            let needed = cells::width(&key) + cells::width(&label);
            if used + needed > area.width as usize {
                break;
            }
            used += needed;
            spans.push(Span::styled(key, theme.key()));
            spans.push(Span::styled(label, theme.dim()));
        }
    }
    frame.render_widget(Line::from(spans), area);
}
