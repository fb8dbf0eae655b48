//! The history: events newest first (number, time, user, command, base, what), and under them
//! the cursor event in full — who did what to which base, and each field's before → after.
//! Readings of confidential text stand out; sealed text shows as sealed, never as its cipher.

use super::cells::{fit, pad, put, row_style};
use super::theme::Theme;
use super::tr;
use crate::app::App;
use crate::app::history::action_label;
use crate::domain::base::EvaluationRound;
use crate::domain::codes::Code;
use crate::domain::text::Lang;
use crate::store::Event;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

const SEQ_W: usize = 6;
const AT_W: usize = 16;
const USER_W: usize = 8;
const ACTION_W: usize = 12;
const ID_W: usize = 15;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(view) = &app.history_view else {
        return;
    };
    let lang = app.lang;
    let parts = super::layout::history(area);
    let buf = frame.buffer_mut();
    // Of one base: its id is in the filter bar, not on every row.
    let with_id = view.filter.base.is_none();
    let mut header = vec![
        pad(tr(lang, "序号", "#"), SEQ_W),
        pad(tr(lang, "时间", "When"), AT_W),
        pad(tr(lang, "用户", "User"), USER_W),
        pad(tr(lang, "操作", "Command"), ACTION_W),
    ];
    if with_id {
        header.push(pad(tr(lang, "编号", "ID"), ID_W));
    }
    header.push(tr(lang, "内容", "What").to_string());
    put(
        buf,
        parts.header,
        1,
        0,
        &Line::styled(header.join(" "), theme.header()),
        parts.header.width,
    );
    if view.events.is_empty() {
        let text = match (&view.failed, view.loading) {
            (Some(why), _) => Line::styled(why.get(lang).to_string(), theme.error()),
            (None, true) => Line::styled(tr(lang, "读取中…", "reading…"), theme.dim()),
            (None, false) => Line::styled(
                tr(lang, "没有符合条件的记录", "no event fits the filter"),
                theme.dim(),
            ),
        };
        put(buf, parts.rows, 2, 0, &text, parts.rows.width);
        return;
    }
    let rows = parts.rows.height as usize;
    for (i, event) in view.events.iter().skip(view.offset).take(rows).enumerate() {
        let y = i as u16;
        let on_cursor = view.offset + i == view.cursor;
        let style = row_style(buf, parts.rows, y, on_cursor, theme);
        let action_style = if on_cursor || !event.is_reading() {
            style
        } else {
            theme.selected()
        };
        let mut spans = vec![
            Span::styled(
                format!(" {} ", pad(&format!("#{}", event.seq), SEQ_W)),
                style,
            ),
            Span::styled(format!("{} ", pad(&when(event), AT_W)), style),
            Span::styled(format!("{} ", pad(&event.actor, USER_W)), style),
            Span::styled(
                format!("{} ", pad(action_label(&event.action).get(lang), ACTION_W)),
                action_style,
            ),
        ];
        if with_id {
            let id = event.base_id.as_deref().unwrap_or("—");
            spans.push(Span::styled(format!("{} ", pad(id, ID_W)), style));
        }
        let used: usize = spans.iter().map(|s| super::cells::width(&s.content)).sum();
        let rest = (parts.rows.width as usize).saturating_sub(used);
        spans.push(Span::styled(fit(event.summary(lang), rest), style));
        put(buf, parts.rows, 0, y, &Line::from(spans), parts.rows.width);
    }
    if let Some(event) = view.events.get(view.cursor) {
        pane(frame, parts.pane, app, event, theme);
    }
}

/// "2026-11-25 09:00": the event's time in the policy's zone, as it was recorded.
fn when(event: &Event) -> String {
    event.at.get(..16).unwrap_or(&event.at).replace('T', " ")
}

/// The cursor event in full: a heading (who, when, what, which base), then one line per field
/// it changed, before → after.
fn pane(frame: &mut Frame, area: Rect, app: &App, event: &Event, theme: &Theme) {
    let lang = app.lang;
    let width = area.width as usize;
    let base = event.base_id.as_deref().map(|id| {
        let name = app.row(id).map_or("", |r| r.name.as_str());
        format!("{id} {name}")
    });
    let heading = format!(
        "#{} {} {} {}{}",
        event.seq,
        when(event),
        event.actor,
        action_label(&event.action).get(lang),
        base.map(|b| format!(" · {b}")).unwrap_or_default()
    );
    let mut lines = vec![
        Line::styled(fit(&heading, width), theme.header()),
        Line::raw(fit(event.summary(lang), width)),
    ];
    let shown = (area.height as usize).saturating_sub(lines.len());
    let changes = changes(event, lang);
    let more = changes.len().saturating_sub(shown);
    for (i, change) in changes.iter().enumerate().take(shown) {
        let last = i + 1 == shown && more > 0;
        let text = if last {
            match lang {
                Lang::Zh => format!("… 另有 {} 项（jidi log --format json 可见全部）", more + 1),
                Lang::En => format!("… {} more (all in jidi log --format json)", more + 1),
            }
        } else {
            change.clone()
        };
        lines.push(Line::styled(fit(&format!("  {text}"), width), theme.dim()));
    }
    frame.render_widget(ratatui::widgets::Paragraph::new(lines), area);
}

/// One line per field an event changed: `status: "recognised" → "rectifying"`. A reading
/// changes nothing; a creation is the whole record, named rather than spelt out.
fn changes(event: &Event, lang: Lang) -> Vec<String> {
    if event.is_reading() {
        return vec![
            tr(
                lang,
                "阅读保密说明：记录未改变（A15.3.4 审计）",
                "a reading of confidential text: nothing changed (A15.3.4 audit)",
            )
            .to_string(),
        ];
    }
    if event.changes.is_empty() {
        // A bulk load's creations hold no copy of the record (see `Tx::import`).
        return vec![
            tr(
                lang,
                "（此事件未记录字段的变化：批量载入的记录不存副本）",
                "(no field changes recorded: a bulk load keeps no copy of its records)",
            )
            .to_string(),
        ];
    }
    event
        .changes
        .iter()
        .map(|c| match c.field.as_str() {
            "*" => tr(lang, "新建整条记录", "the whole record, created").to_string(),
            // An evaluation round as a phrase: date, round, outcome, score.
            "rounds" => format!(
                "{}: {} → {}",
                c.path(),
                round(c.before.as_deref(), lang),
                round(c.after.as_deref(), lang)
            ),
            _ => format!(
                "{}: {} → {}",
                c.path(),
                value(c.before.as_deref(), lang),
                value(c.after.as_deref(), lang)
            ),
        })
        .collect()
}

/// A recorded evaluation round as people read it: `2026-11-20 2026年度绩效评估 合格 85 分`, or
/// in English `2026-11-20, 2026 evaluation: Qualified, score 85`; any other value as `value`.
fn round(stored: Option<&str>, lang: Lang) -> String {
    let Some(r) = stored.and_then(|s| serde_json::from_str::<EvaluationRound>(s).ok()) else {
        return value(stored, lang);
    };
    let (date, name, outcome) = (r.date, &r.round, r.outcome.label(lang));
    let mut phrase = match lang {
        Lang::Zh => format!("{date} {name} {outcome}"),
        Lang::En => format!("{date}, {name}: {outcome}"),
    };
    if let Some(score) = r.score {
        phrase += &match lang {
            Lang::Zh => format!(" {score} 分"),
            Lang::En => format!(", score {score}"),
        };
    }
    if r.re_evaluation {
        phrase += tr(lang, "（复评）", " (re-evaluation)");
    }
    if let Some(excuse) = &r.excused {
        phrase += &match lang {
            Lang::Zh => format!("（{} 说明理由：{}）", excuse.on, excuse.reason),
            Lang::En => format!(" (excused {}: {})", excuse.on, excuse.reason),
        };
    }
    phrase
}

/// A value an event recorded, as people read it: text without quotes, sealed text as sealed,
/// nothing as —.
fn value(stored: Option<&str>, lang: Lang) -> String {
    let Some(stored) = stored else {
        return "—".into();
    };
    match serde_json::from_str::<serde_json::Value>(stored) {
        Ok(mut value) => {
            seal_strings(&mut value, lang);
            match value {
                serde_json::Value::String(s) => s,
                serde_json::Value::Null => "—".into(),
                other => other.to_string(),
            }
        }
        Err(_) => stored.to_string(),
    }
}

/// Sealed note text inside a recorded value, shown as what it is.
fn seal_strings(value: &mut serde_json::Value, lang: Lang) {
    match value {
        serde_json::Value::String(s) if crate::seal::is_sealed(s) => {
            *s = tr(lang, "（保密）", "(sealed)").to_string();
        }
        serde_json::Value::Array(items) => {
            items.iter_mut().for_each(|v| seal_strings(v, lang));
        }
        serde_json::Value::Object(fields) => {
            fields.values_mut().for_each(|v| seal_strings(v, lang));
        }
        _ => {}
    }
}
