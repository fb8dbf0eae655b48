//! The bases in 序列管理 by category × region group and by last outcome (with bars), the others
//! by kind, and compliance rates. The cursor cell is what Enter opens.

use super::cells::{pad, put, width};
use super::theme::Theme;
use super::tr;
use crate::app::App;
use crate::app::dashboard::{
    FIRST_OUTCOME_ROW, OTHERS_ROW, TOTAL_ROW, others_label, short_category,
};
use crate::domain::codes::{Category, Code, Outcome, RegionGroup};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

fn percent(ok: usize, total: usize) -> String {
    if total == 0 {
        "—".into()
    } else {
        format!("{:.0}%", ok as f64 * 100.0 / total as f64)
    }
}

/// `s` right-aligned in `cells` terminal cells.
fn rpad(s: &str, cells: usize) -> String {
    format!("{}{s}", " ".repeat(cells.saturating_sub(width(s))))
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let view = &app.dashboard;
    let stats = &view.stats;
    let buf = frame.buffer_mut();
    let cell_w = 8usize;
    // The labels decide the widths, so a long English one ("Technology transfer", "Pearl River
    // Delta") widens its column instead of being cut or pushing the numbers out from under it.
    let row_labels = Category::all()
        .iter()
        .map(|c| short_category(*c, lang))
        .chain(Outcome::all().iter().map(|o| o.label(lang)));
    let label_w = row_labels.map(|l| width(l) + 1).max().unwrap_or(0).max(10);
    let group_w: Vec<usize> = RegionGroup::all()
        .iter()
        .map(|g| (width(g.label(lang)) + 2).max(cell_w))
        .collect();
    let style_of = |row: usize, col: usize| {
        if view.row == row && view.col == col {
            theme.cursor()
        } else {
            Style::new()
        }
    };
    let cell = |row: usize, col: usize, value: usize| {
        let w = group_w.get(col).copied().unwrap_or(cell_w);
        Span::styled(format!("{value:>w$}"), style_of(row, col))
    };
    let mut y = 0u16;
    let mut line = |y: &mut u16, l: Line| {
        put(buf, area, 1, *y, &l, area.width);
        *y += 1;
    };
    line(
        &mut y,
        Line::styled(
            tr(
                lang,
                "序列管理中的基地：类型 × 地区（回车查看名单）",
                "Bases in the programme: category × region (Enter opens the list)",
            ),
            theme.header(),
        ),
    );
    let mut head = vec![Span::raw(pad("", label_w))];
    for (g, w) in RegionGroup::all().iter().zip(&group_w) {
        head.push(Span::styled(rpad(g.label(lang), *w), theme.header()));
    }
    head.push(Span::styled(
        rpad(tr(lang, "合计", "Total"), cell_w),
        theme.header(),
    ));
    line(&mut y, Line::from(head));
    let groups = RegionGroup::all().len();
    for (r, c) in Category::all().iter().enumerate() {
        let mut spans = vec![Span::raw(pad(short_category(*c, lang), label_w))];
        for g in 0..groups {
            spans.push(cell(r, g, stats.matrix.get(r).map_or(0, |row| row[g])));
        }
        spans.push(cell(
            r,
            groups,
            if stats.matrix.is_empty() {
                0
            } else {
                stats.row_total(r)
            },
        ));
        line(&mut y, Line::from(spans));
    }
    let mut spans = vec![Span::styled(
        pad(tr(lang, "合计", "Total"), label_w),
        theme.header(),
    )];
    for g in 0..groups {
        spans.push(cell(
            TOTAL_ROW,
            g,
            if stats.matrix.is_empty() {
                0
            } else {
                stats.column_total(g)
            },
        ));
    }
    spans.push(cell(TOTAL_ROW, groups, stats.managed));
    line(&mut y, Line::from(spans));
    y += 1;

    line(
        &mut y,
        Line::styled(
            tr(lang, "最近评估结果", "Last evaluation outcome"),
            theme.header(),
        ),
    );
    let max = stats.by_outcome.iter().copied().max().unwrap_or(0).max(1);
    let bar_room = (area.width as usize)
        .saturating_sub(label_w + cell_w + 6)
        .min(40);
    for (i, o) in Outcome::all().iter().enumerate() {
        let count = stats.by_outcome.get(i).copied().unwrap_or(0);
        let selected = style_of(FIRST_OUTCOME_ROW + i, 0);
        line(
            &mut y,
            Line::from(vec![
                Span::styled(pad(o.label(lang), label_w), selected),
                Span::styled(format!("{count:>6} "), selected),
                Span::styled("█".repeat(count * bar_room / max), theme.outcome(*o)),
            ]),
        );
    }
    y += 1;
    let mut spans = vec![Span::styled(
        pad(tr(lang, "其他", "Others"), label_w),
        theme.header(),
    )];
    for (i, n) in stats.others.iter().enumerate() {
        spans.push(Span::styled(
            format!("{} {n}", others_label(i, lang)),
            style_of(OTHERS_ROW, i),
        ));
        spans.push(Span::raw("   "));
    }
    line(&mut y, Line::from(spans));
    y += 1;
    let compliance = match &app.analysis {
        None if app.analysis_failed.is_some() => {
            tr(lang, "合规率：分析失败", "Compliance: analysis failed").to_string()
        }
        None => tr(lang, "合规率：分析中…", "Compliance: analysing…").to_string(),
        Some(a) => {
            let c = a.compliance(&app.grant);
            format!(
                "{} {}  ·  {} {}  ·  {} {}",
                tr(lang, "年度报告按时", "Reports on time"),
                percent(c.reports_ok, c.reports_total),
                tr(lang, "变更按时报备", "Changes filed on time"),
                percent(c.filings_ok, c.filings_total),
                tr(lang, "风险预案齐备", "Risk plans on file"),
                percent(c.plans_ok, c.plans_total),
            )
        }
    };
    line(&mut y, Line::raw(compliance));
    line(
        &mut y,
        Line::styled(
            format!("{}{}", tr(lang, "当前格：", "Cell: "), view.describe(lang)),
            theme.dim(),
        ),
    );
}
