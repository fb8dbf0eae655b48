//! Counts by category × region group and by last outcome (with bars), and compliance rates.
//! The cursor cell is what Enter opens.

use super::cells::{pad, put};
use super::theme::Theme;
use super::tr;
use crate::app::App;
use crate::app::dashboard::{OUTCOME_ROW, short_category};
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

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let view = &app.dashboard;
    let stats = &view.stats;
    let buf = frame.buffer_mut();
    let label_w = 10usize;
    let cell_w = 8usize;
    let cell = |row: usize, col: usize, value: usize| -> Span<'static> {
        let style = if view.row == row && view.col == col {
            theme.cursor()
        } else {
            Style::new()
        };
        Span::styled(format!("{:>width$}", value, width = cell_w), style)
    };
    let mut y = 0u16;
    put(
        buf,
        area,
        1,
        y,
        &Line::styled(
            tr(
                lang,
                "类型 × 地区（回车查看名单）",
                "Category × region (Enter opens the list)",
            ),
            theme.header(),
        ),
        area.width,
    );
    y += 1;
    let mut head = vec![Span::raw(pad("", label_w))];
    for g in RegionGroup::all() {
        head.push(Span::styled(rpad(g.label(lang), cell_w), theme.header()));
    }
    head.push(Span::styled(
        rpad(tr(lang, "合计", "Total"), cell_w),
        theme.header(),
    ));
    put(buf, area, 1, y, &Line::from(head), area.width);
    y += 1;
    for (r, c) in Category::all().iter().enumerate() {
        let mut spans = vec![Span::raw(pad(short_category(*c, lang), label_w))];
        for g in 0..RegionGroup::all().len() {
            spans.push(cell(r, g, stats.matrix.get(r).map_or(0, |row| row[g])));
        }
        spans.push(cell(
            r,
            RegionGroup::all().len(),
            if stats.matrix.is_empty() {
                0
            } else {
                stats.row_total(r)
            },
        ));
        put(buf, area, 1, y, &Line::from(spans), area.width);
        y += 1;
    }
    let total_row = Category::all().len();
    let mut spans = vec![Span::styled(
        pad(tr(lang, "合计", "Total"), label_w),
        theme.header(),
    )];
    for g in 0..RegionGroup::all().len() {
        spans.push(cell(
            total_row,
            g,
            if stats.matrix.is_empty() {
                0
            } else {
                stats.column_total(g)
            },
        ));
    }
    spans.push(cell(total_row, RegionGroup::all().len(), stats.total));
    put(buf, area, 1, y, &Line::from(spans), area.width);
    y += 2;

    put(
        buf,
        area,
        1,
        y,
        &Line::styled(
            tr(lang, "最近评估结果", "Last evaluation outcome"),
            theme.header(),
        ),
        area.width,
    );
    y += 1;
    let max = stats.by_outcome.iter().copied().max().unwrap_or(0).max(1);
    let bar_room = (area.width as usize)
        .saturating_sub(label_w + cell_w + 6)
        .min(40);
    for (i, o) in Outcome::all().iter().enumerate() {
        if y >= area.height.saturating_sub(4) {
            break;
        }
        let count = stats.by_outcome.get(i).copied().unwrap_or(0);
        let bar = "█".repeat(count * bar_room / max);
        let selected = view.row == OUTCOME_ROW && view.col == i;
        let label_style = if selected {
            theme.cursor()
        } else {
            Style::new()
        };
        let spans = vec![
            Span::styled(pad(o.label(lang), label_w), label_style),
            Span::styled(format!("{count:>6} "), label_style),
            Span::styled(bar, theme.outcome(*o)),
        ];
        put(buf, area, 1, y, &Line::from(spans), area.width);
        y += 1;
    }
    y += 1;
    let Some(analysis) = &app.analysis else {
        put(
            buf,
            area,
            1,
            y,
            &Line::styled(
                tr(lang, "合规率：分析中…", "Compliance: analysing…"),
                theme.dim(),
            ),
            area.width,
        );
        return;
    };
    let c = analysis.compliance;
    let text = format!(
        "{} {}  ·  {} {}  ·  {} {}",
        tr(lang, "年度报告按时", "Reports on time"),
        percent(c.reports_ok, c.reports_total),
        tr(lang, "变更按时报备", "Changes filed on time"),
        percent(c.filings_ok, c.filings_total),
        tr(lang, "风险预案齐备", "Risk plans on file"),
        percent(c.plans_ok, c.plans_total),
    );
    put(
        buf,
        area,
        1,
        y,
        &Line::styled(text, theme.plain()),
        area.width,
    );
    if y + 1 < area.height {
        let hint = format!("{} {}", tr(lang, "当前格：", "Cell: "), view.count());
        put(
            buf,
            area,
            1,
            y + 1,
            &Line::styled(hint, theme.dim()),
            area.width,
        );
    }
}

/// `s` right-aligned in `cells` terminal cells.
fn rpad(s: &str, cells: usize) -> String {
    format!(
        "{}{s}",
        " ".repeat(cells.saturating_sub(super::cells::width(s)))
    )
}
