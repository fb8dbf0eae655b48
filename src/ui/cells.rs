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
}
