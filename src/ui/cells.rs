//! Fitting text into terminal cells: wide (CJK) characters take two, truncation drops whole
//! characters and ends with an ellipsis. Control characters and bidi overrides in stored text
//! are shown escaped (`\e`, `\u{202e}`), never sent to the terminal.

use crate::domain::sanitize::{escape, is_unsafe};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn width(s: &str) -> usize {
    escape(s).width()
}

/// `s` cut to at most `max` cells; a cut string ends with `…`.
pub fn fit(s: &str, max: usize) -> String {
    let s = escape(s);
    let s = s.as_ref();
    if s.width() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in s.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(ch);
        used += w;
    }
    out.push('…');
    out
}

/// `s` cut into lines of at most `max` cells, for text that must be read in full. A line breaks
/// after its last space when there is one in its second half (English words stay whole), else
/// between any two characters (Chinese has no spaces to break at).
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let s = escape(s);
    let max = max.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for ch in s.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w > max && ch == ' ' {
            // The line ends here; the space is not carried to the next.
            lines.push(std::mem::take(&mut line));
            used = 0;
            continue;
        }
        if used + w > max {
            let carried = match line.rfind(' ') {
                Some(at) if line[..at].width() >= max / 2 => {
                    let rest = line[at + 1..].to_string();
                    line.truncate(at);
                    rest
                }
                _ => String::new(),
            };
            lines.push(std::mem::replace(&mut line, carried));
            used = line.width();
        }
        line.push(ch);
        used += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A field's text fitted to `cells` cells with its insertion point (`cursor` cells in) in view,
/// and the insertion point's column. While the insertion point would fall past the field's end,
/// the text is cut on the left behind a `…` instead of on the right, so what is being typed
/// shows and the terminal's cursor (and an IME popup) stays beside it.
pub fn scrolled(s: &str, cursor: usize, cells: usize) -> (String, usize) {
    if cursor < cells {
        return (fit(s, cells), cursor);
    }
    let mut split = s.len();
    let mut used = 0;
    for (i, ch) in s.char_indices() {
        if used >= cursor {
            split = i;
            break;
        }
        used += ch.width().unwrap_or(0);
    }
    let (before, after) = s.split_at(split);
    // What fits between the leading `…` and the cell the cursor takes.
    let room = cells.saturating_sub(2);
    let mut kept = Vec::new();
    let mut kept_width = 0;
    for ch in before.chars().rev() {
        let w = ch.width().unwrap_or(0);
        if kept_width + w > room {
            break;
        }
        kept_width += w;
        kept.push(ch);
    }
    let kept: String = kept.into_iter().rev().collect();
    (fit(&format!("…{kept}{after}"), cells), 1 + kept_width)
}

/// `s` fitted and padded with spaces to exactly `cells` cells.
pub fn pad(s: &str, cells: usize) -> String {
    let fitted = fit(s, cells);
    let w = fitted.width();
    format!("{fitted}{}", " ".repeat(cells.saturating_sub(w)))
}

/// A text with some characters (by index) highlighted, fitted to `max` cells.
pub fn highlighted(
    s: &str,
    positions: &[usize],
    max: usize,
    base: Style,
    mark: Style,
) -> Line<'static> {
    let (escaped, positions) = escape_with_positions(s, positions);
    let (s, positions) = (escaped.as_str(), positions.as_slice());
    let fitted = fit(s, max);
    let cut = fitted.ends_with('…') && !s.ends_with('…');
    let mut spans: Vec<Span> = Vec::new();
    for (i, ch) in fitted.chars().enumerate() {
        let is_ellipsis = cut && i == fitted.chars().count() - 1;
        let style = if !is_ellipsis && positions.contains(&i) {
            mark
        } else {
            base
        };
        match spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push(ch),
            _ => spans.push(Span::styled(ch.to_string(), style)),
        }
    }
    Line::from(spans)
}

/// `s` escaped, with character `positions` moved to where those characters are in the escaped
/// text (an escape takes several characters; all of them are marked).
fn escape_with_positions(s: &str, positions: &[usize]) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut moved = Vec::with_capacity(positions.len());
    let mut at = 0;
    for (i, ch) in s.chars().enumerate() {
        let shown = escape(ch.encode_utf8(&mut [0; 4])).into_owned();
        let n = shown.chars().count();
        if positions.contains(&i) {
            moved.extend(at..at + n);
        }
        out.push_str(&shown);
        at += n;
    }
    (out, moved)
}

/// The last line of defence, run over each finished frame: a cell that still holds a control
/// character or bidi override (a zero-width one rides along with the character before it) keeps
/// only its visible characters.
pub fn scrub(buf: &mut Buffer) {
    for cell in buf.content.iter_mut() {
        if cell.symbol().chars().any(is_unsafe) {
            let visible: String = cell.symbol().chars().filter(|c| !is_unsafe(*c)).collect();
            cell.set_symbol(if visible.is_empty() { " " } else { &visible });
        }
    }
}

/// The style of row `y` of `area`: the cursor's across the whole width when `on_cursor`, which
/// the cells drawn on it then inherit.
pub fn row_style(
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    on_cursor: bool,
    theme: &super::theme::Theme,
) -> Style {
    if !on_cursor {
        return Style::new();
    }
    let style = theme.cursor();
    buf.set_style(
        Rect {
            x: area.x,
            y: area.y + y,
            width: area.width,
            height: 1,
        },
        style,
    );
    style
}

/// Writes a line into one row of `area` at column offset `x`, clipped to `max` cells.
pub fn put(buf: &mut Buffer, area: Rect, x: u16, y: u16, line: &Line, max: u16) {
    if y >= area.height || x >= area.width {
        return;
    }
    let max = max.min(area.width - x);
    buf.set_line(area.x + x, area.y + y, line, max);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_on_whole_wide_characters() {
        assert_eq!(fit("南粤智能装备", 12), "南粤智能装备");
        assert_eq!(fit("南粤智能装备", 11), "南粤智能装…");
        assert_eq!(fit("南粤智能装备", 10), "南粤智能…");
        assert_eq!(width(&fit("南粤智能装备", 10)), 9);
        assert_eq!(pad("南粤", 6), "南粤  ");
        assert_eq!(pad("南粤智能", 5), "南粤…");
    }

    #[test]
    fn wraps_chinese_anywhere_english_at_spaces_and_loses_nothing() {
        let zh = "无法载入全部记录，只显示前三十条";
        let lines = wrap(zh, 10);
        assert!(lines.iter().all(|l| width(l) <= 10), "{lines:?}");
        assert_eq!(lines.concat(), zh);
        assert_eq!(lines[0], "无法载入全");
        let en = "could not load every record; only the first 30 are shown";
        let lines = wrap(en, 20);
        assert_eq!(
            lines,
            [
                "could not load every",
                "record; only the",
                "first 30 are shown"
            ]
        );
        assert_eq!(wrap("", 10), [""]);
        // A word longer than a line is cut where the line ends.
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn control_characters_show_escaped_and_highlights_follow() {
        assert_eq!(fit("王\u{1b}[2J", 20), "王\\e[2J");
        assert_eq!(width("a\u{202e}b"), 10);
        let line = highlighted(
            "a\u{1b}b",
            &[1, 2],
            20,
            Style::new(),
            Style::new().add_modifier(ratatui::style::Modifier::BOLD),
        );
        let marked: String = line
            .spans
            .iter()
            .filter(|s| s.style == Style::new().add_modifier(ratatui::style::Modifier::BOLD))
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(marked, "\\eb");
    }

    /// A database written some other way (an old jidi, a damaged import) holds names with ESC,
    /// BEL, CSI (C1) and a bidi override: the list and the detail show them escaped, and no cell
    /// of the frame holds one.
    #[test]
    fn hostile_stored_names_never_reach_the_screen_raw() {
        use crate::app::testkit::Harness;
        use ratatui::Terminal;
        use ratatui::backend::TestBackend;
        let mut h = Harness::empty();
        let mut base = crate::domain::testkit::base_recognised("2024-06-01");
        base.name = "王\u{1b}]52;c;cm0gLXJmIH4vKg==\u{7}中心".into();
        base.leader.name = "李\u{9b}2J四".into();
        base.host.name = "乙\u{202e}txt.exe单位".into();
        h.store
            .write(&crate::app::testkit::who(), |tx| {
                tx.import(&base, crate::text!("旧数据", "old data"))
            })
            .expect("stored as an old file would hold it");
        h.reload();
        let theme = super::super::theme::Theme { color: false };
        let screen = |h: &Harness| {
            let mut terminal = Terminal::new(TestBackend::new(100, 24)).expect("a terminal");
            terminal
                .draw(|frame| super::super::draw(frame, &h.app, &theme))
                .expect("drawn");
            let buf = terminal.backend().buffer().clone();
            let raw: Vec<String> = buf
                .content
                .iter()
                .map(|c| c.symbol().to_string())
                .filter(|s| s.chars().any(is_unsafe))
                .collect();
            assert!(raw.is_empty(), "cells holding control characters: {raw:?}");
            buf.content.iter().map(|c| c.symbol()).collect::<String>()
        };
        let list = screen(&h);
        assert!(list.contains("\\e]52;c;"), "{list}");
        h.press("enter");
        let detail = screen(&h);
        assert!(detail.contains("]52;c;cm0gLXJmIH4vKg==\\u{7}"), "{detail}");
        assert!(detail.contains("\\u{9b}2J"), "{detail}");
        // A status-bar message quoting stored text is drawn as a paragraph, past `fit`.
        let quoted = format!("NOTICE {}", base.host.name);
        h.app
            .warn(crate::domain::text::Text::new(quoted.clone(), quoted));
        let notice = screen(&h);
        assert!(notice.contains("NOTICE"), "{notice}");
    }
}
