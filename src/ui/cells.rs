//! Fitting text into terminal cells: wide (CJK) characters take two, truncation drops whole
//! characters and ends with an ellipsis.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn width(s: &str) -> usize {
    s.width()
}

/// `s` cut to at most `max` cells; a cut string ends with `…`.
pub fn fit(s: &str, max: usize) -> String {
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
}
