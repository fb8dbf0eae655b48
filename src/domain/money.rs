//! Money is kept in whole 元 and shown in 万元 with up to four decimals, so 599.96万 never reads
//! "600.0"; percentages are kept in ten-thousandths of a percent (3.5% = 35000).

use super::text::{Lang, Refusal, RuleResult, Text};

/// 1 万元 in 元.
pub const YUAN_PER_WAN: i64 = 10_000;
/// Stored units per percent point.
pub const PERCENT_SCALE: i64 = 10_000;

/// Parses a non-negative decimal with at most `digits` fractional digits into an integer scaled
/// by 10^digits, exactly (no floating point).
fn parse_scaled(input: &str, digits: u32) -> Option<i64> {
    let raw = input.trim();
    let (whole, frac) = raw.split_once('.').unwrap_or((raw, ""));
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if frac.len() > digits as usize || whole.len() > 12 {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut frac_value: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    frac_value *= 10i64.pow(digits - frac.len() as u32);
    whole
        .checked_mul(10i64.pow(digits))?
        .checked_add(frac_value)
}

/// Formats a value scaled by 10^digits, dropping trailing zeros of the fraction.
fn format_scaled(value: i64, digits: u32) -> String {
    let scale = 10i64.pow(digits);
    let sign = if value < 0 { "-" } else { "" };
    let abs = value.unsigned_abs() as i64;
    let whole = abs / scale;
    let frac = abs % scale;
    if frac == 0 {
        return format!("{sign}{whole}");
    }
    let frac = format!("{frac:0width$}", width = digits as usize);
    format!("{sign}{whole}.{}", frac.trim_end_matches('0'))
}

/// `--set input_wan=599.96` → 5 999 600 元.
pub fn parse_wan(field: &str, input: &str) -> RuleResult<i64> {
    parse_scaled(input, 4).ok_or_else(|| {
        let input = super::sanitize::quote(input);
        Refusal::input(Text::new(
            format!("{field}：「{input}」不是有效的万元金额（非负数，最多四位小数，如 599.96）"),
            format!("{field}: '{input}' is not an amount in 万元 (non-negative, at most four decimals, e.g. 599.96)"),
        ))
    })
}

/// 5 999 600 元 → "599.96万元".
pub fn format_wan(yuan: i64) -> String {
    format!("{}万元", format_scaled(yuan, 4))
}

/// An amount as a reader of `lang` counts money: 万元 in Chinese, millions in English
/// (5 999 600 元 → "5.9996 M yuan"), exact either way.
pub fn format_money(yuan: i64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format_wan(yuan),
        Lang::En => format!("{} M yuan", format_scaled(yuan, 6)),
    }
}

/// `3.5` → 35000 (ten-thousandths of a percent).
pub fn parse_percent(field: &str, input: &str) -> RuleResult<i64> {
    let value =
        parse_scaled(input.trim().trim_end_matches('%'), 4).filter(|v| *v <= 100 * PERCENT_SCALE);
    value.ok_or_else(|| {
        let input = super::sanitize::quote(input);
        Refusal::input(Text::new(
            format!("{field}：「{input}」不是有效的百分数（0–100，最多四位小数，3.5 表示 3.5%）"),
            format!("{field}: '{input}' is not a percentage (0–100, at most four decimals; 3.5 means 3.5%)"),
        ))
    })
}

/// 35000 → "3.5%".
pub fn format_percent(value: i64) -> String {
    format!("{}%", format_scaled(value, 4))
}

/// Converts a policy threshold given as a TOML float into fixed point, rounding to the nearest unit.
pub fn from_float(value: f64, scale: i64) -> i64 {
    (value * scale as f64).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wan_round_trips_without_float_error() {
        assert_eq!(parse_wan("x", "600").unwrap(), 6_000_000);
        assert_eq!(parse_wan("x", "599.96").unwrap(), 5_999_600);
        assert_eq!(parse_wan("x", "599.9999").unwrap(), 5_999_999);
        assert_eq!(format_wan(5_999_600), "599.96万元");
        assert_eq!(format_wan(5_999_999), "599.9999万元");
        assert_eq!(format_wan(6_000_000), "600万元");
        assert_eq!(format_wan(0), "0万元");
        assert_eq!(format_money(1_890_000, Lang::En), "1.89 M yuan");
        assert_eq!(format_money(5_999_600, Lang::En), "5.9996 M yuan");
        assert_eq!(format_money(7, Lang::En), "0.000007 M yuan");
        assert_eq!(format_money(1_890_000, Lang::Zh), "189万元");
    }

    #[test]
    fn bad_amounts_are_refused() {
        for bad in ["", "-1", "1.23456", "abc", "1e6", "1.2.3", "99999999999999"] {
            assert!(parse_wan("input_wan", bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn percent_is_entered_as_percent() {
        assert_eq!(parse_percent("x", "3.5").unwrap(), 35_000);
        assert_eq!(parse_percent("x", "3.5%").unwrap(), 35_000);
        assert_eq!(format_percent(34_999), "3.4999%");
        assert!(parse_percent("x", "101").is_err());
        assert_eq!(from_float(3.5, PERCENT_SCALE), 35_000);
        assert_eq!(from_float(600.0, YUAN_PER_WAN), 6_000_000);
    }
}
