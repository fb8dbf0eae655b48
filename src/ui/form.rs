//! A form over the screen: its fields with their labels, the focused field's choices or how a
//! pre-filled value is replaced, the refusal, the keys; and the question before its input is
//! discarded.

use super::cells::{fit, pad, width};
use super::layout::centered;
use super::overlay::{buttons, frame_box, key, saving};
use super::theme::Theme;
use super::tr;
use crate::app::App;
use crate::app::form::Form;
use crate::keymap::{Action, Mode};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub(super) fn draw(frame: &mut Frame, area: Rect, app: &App, form: &Form, theme: &Theme) {
    let lang = app.lang;
    let (rect, message) = super::layout::form(app, area, form);
    let inner = frame_box(frame, rect, &fit(form.title.get(lang), 60), theme);
    let label_w = form
        .fields
        .iter()
        .enumerate()
        .filter(|(i, _)| form.shown(*i))
        .map(|(_, f)| width(f.label.get(lang)))
        .max()
        .unwrap_or(8)
        .min(24)
        + 2;
    let value_w = (inner.width as usize).saturating_sub(label_w);
    let mut lines = Vec::new();
    let mut cursor = None;
    for (i, f) in form.fields.iter().enumerate() {
        if !form.shown(i) {
            continue;
        }
        let focused = i == form.focus;
        let label_style = if f.required {
            theme.header()
        } else {
            theme.plain()
        };
        // Long values scroll so the insertion point stays visible.
        let (shown, column) =
            super::cells::scrolled(f.input.value(), f.input.cursor_width(), value_w);
        let value_style = if focused {
            theme.cursor()
        } else {
            theme.plain()
        };
        // A selected (pre-filled) value is underlined: typing replaces it.
        let text_style = if focused && f.input.is_selected() {
            value_style.add_modifier(Modifier::UNDERLINED)
        } else {
            value_style
        };
        lines.push(Line::from(vec![
            Span::styled(pad(f.label.get(lang), label_w), label_style),
            Span::styled(shown.to_string(), text_style),
            Span::styled(pad("", value_w.saturating_sub(width(&shown))), value_style),
        ]));
        if focused {
            cursor = Some((lines.len() as u16 - 1, column as u16));
        }
    }
    // Under the fields, the focused one's choices and the keys that cycle them, or that a
    // pre-filled value is replaced by typing.
    let focused = &form.fields[form.focus];
    let hint = if !focused.choices.is_empty() {
        let keys: Vec<String> = [Action::Complete, Action::CompletePrev]
            .into_iter()
            .map(|a| key(app, Mode::Form, a))
            .filter(|k| !k.is_empty())
            .collect();
        format!("{}: {}", keys.join("/"), focused.choices.join(" / "))
    } else if focused.input.is_selected() {
        tr(
            lang,
            "输入即替换；← → 修改原值",
            "typing replaces it; ← → to edit it",
        )
        .to_string()
    } else {
        String::new()
    };
    let hint = fit(&hint, inner.width as usize - label_w);
    lines.push(Line::from(vec![
        Span::raw(pad("", label_w)),
        Span::styled(hint, theme.dim()),
    ]));
    lines.extend(message.into_iter().map(|l| Line::styled(l, theme.error())));
    let status = if form.pending {
        saving(app).to_string()
    } else {
        let mut hints = vec![(Action::Submit, tr(lang, "提交", "submit"))];
        // A form of one field has no next one.
        if (0..form.fields.len()).filter(|i| form.shown(*i)).count() > 1 {
            hints.push((Action::NextField, tr(lang, "下一项", "next field")));
        }
        hints.push((Action::Cancel, tr(lang, "取消", "cancel")));
        hints
            .iter()
            .map(|(action, what)| format!("{} {what}", key(app, Mode::Form, *action)))
            .collect::<Vec<_>>()
            .join("  ")
    };
    lines.push(Line::styled(status, theme.dim()));
    frame.render_widget(Paragraph::new(lines), inner);
    if form.confirm_discard {
        let rect = centered(area, 44, 5);
        let inner = frame_box(
            frame,
            rect,
            tr(lang, "放弃未保存的输入？", "Discard unsaved input?"),
            theme,
        );
        let lines = vec![Line::raw(""), buttons(app, true, false, theme)];
        frame.render_widget(Paragraph::new(lines), inner);
    } else if let Some((row, col)) = cursor {
        frame.set_cursor_position(Position {
            x: inner.x + label_w as u16 + col,
            y: inner.y + row,
        });
    }
}
