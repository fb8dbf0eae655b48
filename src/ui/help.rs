//! Help, built from the active keymap: every binding of every screen and dialog, grouped, with
//! the action's description. Nothing here is written by hand, so it cannot drift from the keys.

use super::describe;
use crate::app::App;
use crate::domain::text::Lang;
use crate::keymap::Mode;
use ratatui::text::{Line, Span};

fn mode_title(mode: Mode, lang: Lang) -> &'static str {
    let (zh, en) = match mode {
        Mode::Global => ("通用", "Everywhere"),
        Mode::List => ("基地列表", "Bases list"),
        Mode::Detail => ("基地详情", "Base detail"),
        Mode::Triage => ("待办", "Triage"),
        Mode::Dashboard => ("总览", "Dashboard"),
        Mode::History => ("历史记录", "History"),
        Mode::Calendar => ("到期日历", "Calendar"),
        Mode::Help => ("帮助", "Help"),
        Mode::Confirm => ("确认对话框", "Confirmation"),
        Mode::Pick => (
            "选择（评估结果、跟进状态）",
            "Pickers (outcome, case state)",
        ),
        Mode::Menu => ("筛选菜单", "Filter menu"),
        Mode::Form => ("表单", "Forms"),
        Mode::Input => ("搜索 / 命令行", "Search / command line"),
    };
    if lang == Lang::Zh { zh } else { en }
}

/// The help text: per mode, the keys it adds over `[global]`, then the global ones.
pub fn lines(app: &App, theme: &super::theme::Theme) -> Vec<Line<'static>> {
    let lang = app.lang;
    let global = app.keymap.bindings(Mode::Global);
    let mut out = Vec::new();

    // Each section: its title and, one line per action, its keys together.
    let mut sections: Vec<(Mode, Vec<(String, crate::keymap::Action)>)> = Vec::new();
    for mode in Mode::ALL.iter().copied().filter(|m| *m != Mode::Help) {
        let mut bindings = app.keymap.bindings(mode);
        if mode != Mode::Global && mode.inherits_global() {
            bindings.retain(|b| !global.contains(b));
        }
        let mut merged: Vec<(Vec<String>, crate::keymap::Action)> = Vec::new();
        for (key, action) in bindings {
            match merged.iter_mut().find(|(_, a)| *a == action) {
                Some((keys, _)) => keys.push(key),
                None => merged.push((vec![key], action)),
            }
        }
        if !merged.is_empty() {
            let rows = merged.into_iter().map(|(k, a)| (k.join(" / "), a));
            sections.push((mode, rows.collect()));
        }
    }
    // The key column is as wide as the most keys an action has (the vim preset's tab keys are
    // `h / g T / Shift-Tab / Left`), so none is cut; within reason, so descriptions keep room.
    let key_w = sections
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|(keys, _)| super::cells::width(keys)))
        .max()
        .unwrap_or(0)
        .clamp(22, 34);
    for (mode, rows) in sections {
        out.push(Line::styled(
            mode_title(mode, lang).to_string(),
            theme.header(),
        ));
        for (keys, action) in rows {
            let pad = super::cells::pad(&keys, key_w);
            out.push(Line::from(vec![
                Span::styled(format!("  {pad} "), theme.key()),
                Span::raw(describe(action, lang)),
            ]));
        }
        out.push(Line::raw(""));
    }
    // After the keys: the command line, then what the list's badge column means.
    out.push(Line::styled(
        if lang == Lang::Zh {
            "命令行（:）"
        } else {
            "Command line (:)"
        }
        .to_string(),
        theme.header(),
    ));
    // From the table the command line runs, so help lists exactly the commands that work:
    // how each is written and its other names, then what it does (a line each, to be read in
    // full in a narrow box).
    for command in crate::app::command::COMMANDS {
        let (zh, en) = command.about;
        out.push(Line::from(vec![
            Span::styled(format!("  {}", command.usage()), theme.key()),
            Span::styled(format!("   {}", command.aliases()), theme.dim()),
        ]));
        out.push(Line::raw(format!(
            "      {}",
            if lang == Lang::Zh { zh } else { en }
        )));
    }
    out.push(Line::raw(""));
    // Two lines, so a narrow box shows all of it.
    let legend = match lang {
        Lang::Zh => [
            "「报变险」列：年度报告 · 变更报备 · 科技安全",
            "  . 正常  ! 需留意  X 需处理  空白 不适用",
        ],
        Lang::En => [
            "RFS column: reports · filings · security",
            "  . fine  ! attention  X action needed  blank n/a",
        ],
    };
    out.extend(legend.map(|l| Line::styled(l, theme.dim())));
    // What a search reaches besides the base's own fields, and how much of it.
    let (notes, chars) = (crate::store::KEY_NOTES, crate::store::KEY_NOTE_CHARS);
    out.push(Line::styled(
        match lang {
            Lang::Zh => format!(
                "搜索也查工作记录：每个基地最近 {notes} 条、每条前 {chars} 字，逐字匹配"
            ),
            Lang::En => format!(
                "Search also reads work records: a base's latest {notes}, the first {chars} characters of each, word for word"
            ),
        },
        theme.dim(),
    ));
    out.push(Line::raw(""));
    out
}
