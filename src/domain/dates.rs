//! Calendar rules: deadlines are whole days, years added to 02-29 land on 02-28 (DOMAIN "Money,
//! dates, names").

use super::text::{Refusal, RuleResult, Text};
use chrono::{Datelike, Months, NaiveDate};

/// Adds whole years; 02-29 becomes 02-28 in a non-leap target year.
pub fn add_years(date: NaiveDate, years: i32) -> NaiveDate {
    let year = date.year() + years;
    NaiveDate::from_ymd_opt(year, date.month(), date.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, date.month(), 28))
        .expect("every month has a 28th")
}

/// Adds whole months, clamping to the month's last day (2025-01-31 + 1 month = 2025-02-28).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

pub fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_add_signed(chrono::Duration::days(days))
        .unwrap_or(NaiveDate::MAX)
}

/// Parses `YYYY-MM-DD`; an impossible date such as 2025-02-30 is refused with the field named.
pub fn parse_date(field: &str, input: &str) -> RuleResult<NaiveDate> {
    let raw = input.trim();
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .filter(|d| (1900..=2200).contains(&d.year()))
        .ok_or_else(|| {
            Refusal::input(Text::new(
                format!("{field}：日期「{raw}」无效，应为存在的日期，格式 YYYY-MM-DD（如 2025-03-31）"),
                format!("{field}: '{raw}' is not a valid date; expected an existing date as YYYY-MM-DD (e.g. 2025-03-31)"),
            ))
        })
}

/// A date given as `MM-DD` in the policy file, resolved in a given year.
pub fn month_day_in(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day)
        .or_else(|| NaiveDate::from_ymd_opt(year, month, 28))
        .expect("month/day validated when the policy was loaded")
}

/// Days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn leap_day_plus_years_lands_on_feb_28() {
        assert_eq!(add_years(d("2024-02-29"), 1), d("2025-02-28"));
        assert_eq!(add_years(d("2024-02-29"), 4), d("2028-02-29"));
        assert_eq!(add_years(d("2024-02-29"), 5), d("2029-02-28"));
        assert_eq!(add_years(d("2026-11-25"), 1), d("2027-11-25"));
    }

    #[test]
    fn months_clamp_to_month_end() {
        assert_eq!(add_months(d("2024-02-29"), 12), d("2025-02-28"));
        assert_eq!(add_months(d("2025-01-31"), 1), d("2025-02-28"));
    }

    #[test]
    fn impossible_dates_are_refused_with_the_field() {
        let err = parse_date("--date", "2025-02-30").unwrap_err();
        assert!(err.text.zh.contains("2025-02-30"));
        assert!(err.text.zh.contains("--date"));
        assert!(parse_date("x", "2025/03/01").is_err());
        assert!(parse_date("x", "99999-01-01").is_err());
        assert_eq!(parse_date("x", " 2024-02-29 ").unwrap(), d("2024-02-29"));
    }
}
