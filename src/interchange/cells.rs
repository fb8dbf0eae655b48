//! What people type into a spreadsheet cell, made into values: NFKC and trimmed (full-width
//! digits and punctuation, stray spaces), dates written `2025-03-01`, `2025/3/1`, `2025.3.1` or
//! `2025年3月1日`, and values quoted back safely in reports.

use crate::domain::names;
use chrono::{Datelike, NaiveDate};
use unicode_normalization::{IsNormalized, is_nfkc_quick};

/// A cell as the rules see it: NFKC, trimmed, inner runs of space collapsed.
pub fn clean(raw: &str) -> String {
    // Most cells are already NFKC and hold no space: skip the normalisation then (at 100,000
    // rows it is a tenth of an import's time).
    let spaceless = !raw.chars().any(char::is_whitespace);
    if spaceless && is_nfkc_quick(raw.chars()) == IsNormalized::Yes {
        return raw.to_string();
    }
    // Codes, dates, numbers, ids and headers fold fully (２０２５／３／１ is a date); names keep
    // their Chinese punctuation (see `text`).
    names::key_form(raw)
}

/// A text cell (a name, a unit, a person, a document number): stored as `names::clean` stores
/// what the commands are given, Chinese punctuation kept.
pub fn text(raw: &str) -> String {
    names::clean(raw)
}

/// Parses a date as people write it; `None` when it is not one (an impossible day such as
/// 2025-02-30 included).
pub fn parse_date(cell: &str) -> Option<NaiveDate> {
    let text = cell.trim().trim_end_matches('日');
    let parts: Vec<&str> = text
        .split(['-', '/', '.', '年', '月'])
        .map(str::trim)
        .collect();
    let [y, m, d] = parts.as_slice() else {
        return compact_date(text);
    };
    if y.len() != 4 || m.is_empty() || d.is_empty() || m.len() > 2 || d.len() > 2 {
        return None;
    }
    let number = |s: &str| -> Option<u32> {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let date = NaiveDate::from_ymd_opt(number(y)? as i32, number(m)?, number(d)?)?;
    (1900..=2200).contains(&date.year()).then_some(date)
}

/// `20250301`, as some systems export dates.
fn compact_date(text: &str) -> Option<NaiveDate> {
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let date = NaiveDate::parse_from_str(text, "%Y%m%d").ok()?;
    (1900..=2200).contains(&date.year()).then_some(date)
}

/// The day an Excel serial number stands for (1900 date system; 60 is Excel's phantom
/// 1900-02-29).
pub fn excel_serial_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) || serial.fract() != 0.0 || serial == 60.0 {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = serial as i64 + i64::from(serial < 60.0);
    base.checked_add_signed(chrono::Duration::days(days))
}

/// Longest part of a value quoted in a report.
pub const QUOTE_CHARS: usize = 80;

/// A value as a report quotes it: control characters escaped, at most [`QUOTE_CHARS`]
/// characters, with the full length said when it was cut.
pub fn quote(value: &str) -> String {
    let mut out = String::new();
    let total = value.chars().count();
    for ch in value.chars().take(QUOTE_CHARS) {
        match ch {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{1b}' => out.push_str("\\e"),
            c if c.is_control()
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') =>
            {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    if total > QUOTE_CHARS {
        out.push_str(&format!("…（共 {total} 字 / {total} chars）"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn dates_as_people_write_them() {
        for text in [
            "2025-03-01",
            "2025/3/1",
            "2025.3.1",
            "2025年3月1日",
            "2025年03月01日",
            " 2025-3-1 ",
            "20250301",
        ] {
            assert_eq!(parse_date(text), Some(d("2025-03-01")), "{text}");
        }
        assert_eq!(
            parse_date(&clean("２０２５／３／１")),
            Some(d("2025-03-01"))
        );
        assert_eq!(
            parse_date(&clean("２０２５年３月１日")),
            Some(d("2025-03-01"))
        );
        for bad in [
            "2025-02-30",
            "2025-13-01",
            "25/3/1",
            "3/1/2025",
            "2025-03",
            "明天",
            "",
            "2025-3-1-1",
            "20250230",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn excel_serials_count_from_1899_12_30() {
        assert_eq!(excel_serial_date(45717.0), Some(d("2025-03-01")));
        assert_eq!(excel_serial_date(1.0), Some(d("1900-01-01")));
        assert_eq!(excel_serial_date(59.0), Some(d("1900-02-28")));
        assert_eq!(excel_serial_date(61.0), Some(d("1900-03-01")));
        assert_eq!(excel_serial_date(45717.5), None);
    }

    #[test]
    fn cells_are_nfkc_and_trimmed() {
        assert_eq!(clean("  广州市 "), "广州市");
        assert_eq!(clean("ＧＤＩＣＢ－２０２５－０００１"), "GDICB-2025-0001");
        assert_eq!(clean("南粤  智能"), "南粤智能");
    }

    #[test]
    fn quotes_are_escaped_and_cut() {
        assert_eq!(quote("a\u{1b}]52;x"), "a\\e]52;x");
        let long = "名".repeat(131_000);
        let q = quote(&long);
        assert!(q.starts_with(&"名".repeat(80)));
        assert!(q.contains("131000"), "{q}");
        assert!(q.chars().count() < 120);
    }
}
