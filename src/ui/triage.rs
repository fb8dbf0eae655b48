//! Every finding, most urgent first, with its rule; the cursor row's base and "what to do" below.

use super::cells::{fit, pad, put, row_style};
use super::theme::Theme;
use super::tr;
use crate::app::App;
use crate::domain::codes::Code;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

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
    let (sev_w, due_w, rule_w, id_w) = (4usize, 10usize, 8usize, 15usize);
    let rest = (area.width as usize).saturating_sub(sev_w + due_w + rule_w + id_w + 6);
    // The base's name is shown below for the cursor row; wide terminals also get a column.
    let name_w = if rest >= 70 { (rest / 3).min(30) } else { 0 };
    let message_w = rest.saturating_sub(name_w + usize::from(name_w > 0));
    let mut header = vec![
        (tr(lang, "严重", "Sev"), sev_w),
        (tr(lang, "到期", "Due"), due_w),
        (tr(lang, "规则", "Rule"), rule_w),
        (tr(lang, "编号", "ID"), id_w),
    ];
    if name_w > 0 {
        header.push((tr(lang, "基地", "Base"), name_w));
    }
    header.push((tr(lang, "问题", "Finding"), message_w));
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
    // Under the table, two lines for the cursor row: its finding in full, and what to do.
    let body = area.height.saturating_sub(3) as usize;
    let view = &app.triage;
    for (i, index) in view.visible.iter().skip(view.offset).take(body).enumerate() {
        let f = &analysis.triage[*index as usize];
        let y = i as u16 + 1;
        let on_cursor = view.offset + i == view.cursor;
        let row_style = row_style(buf, area, y, on_cursor, theme);
        let selected = app.list.selected.contains(&f.base_id);
        let severity_style = if on_cursor {
            row_style
        } else {
            theme.severity(f.severity)
        };
        let due = f.due.map_or("—".into(), |d| d.to_string());
        let mut spans = vec![
            Span::styled(
                if selected { "*" } else { " " },
                row_style.patch(theme.selected()),
            ),
            Span::styled(pad(f.severity.label(lang), sev_w), severity_style),
            Span::styled(format!(" {}", pad(&due, due_w)), row_style),
            Span::styled(format!(" {}", pad(f.rule, rule_w)), row_style),
            Span::styled(format!(" {}", pad(&f.base_id, id_w)), row_style),
        ];
        if name_w > 0 {
            let name = app.row(&f.base_id).map_or("", |r| r.name.as_str());
            spans.push(Span::styled(format!(" {}", pad(name, name_w)), row_style));
        }
        spans.push(Span::styled(
            format!(" {}", fit(f.message.get(lang), message_w)),
            row_style,
        ));
        put(buf, area, 0, y, &Line::from(spans), area.width);
    }
    let footer = area.height.saturating_sub(2);
    match view
        .visible
        .get(view.cursor)
        .map(|i| &analysis.triage[*i as usize])
    {
        Some(f) => {
            let name = app.row(&f.base_id).map_or("", |r| r.name.as_str());
            let finding = format!("{name}：{}", f.message.get(lang));
            let line = Line::styled(
                fit(&finding, area.width as usize - 1),
                theme.severity(f.severity),
            );
            put(buf, area, 1, footer, &line, area.width);
            let todo = format!("{}{}", tr(lang, "处理：", "To do: "), f.action.get(lang));
            let line = Line::styled(fit(&todo, area.width as usize - 1), theme.key());
            put(buf, area, 1, footer + 1, &line, area.width);
        }
        None => {
            let text = tr(lang, "没有待处理事项", "nothing needs action");
            put(buf, area, 2, 1, &Line::styled(text, theme.ok()), area.width);
        }
    }
}
