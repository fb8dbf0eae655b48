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
            let raw = super::sanitize::quote(raw);
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

/// Dates as `YYYY-MM-DD` for people (JSON, the demo file) and as a day number in the compact
/// stored form, where parsing 100,000 date strings would dominate a load.
pub mod serde_date {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.collect_str(&date.format("%Y-%m-%d"))
        } else {
            s.serialize_i32(date.num_days_from_ce())
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        if d.is_human_readable() {
            let text = std::borrow::Cow::<str>::deserialize(d)?;
            NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                .map_err(|_| D::Error::custom(format!("'{text}' is not a date such as 2025-03-31")))
        } else {
            let days = i32::deserialize(d)?;
            NaiveDate::from_num_days_from_ce_opt(days)
                .ok_or_else(|| D::Error::custom(format!("day number {days} is out of range")))
        }
    }
}

/// [`serde_date`] for optional dates.
pub mod serde_opt_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => s.serialize_some(&Wrapped(*d)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Ok(Option::<Wrapped>::deserialize(d)?.map(|w| w.0))
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Wrapped(#[serde(with = "super::serde_date")] NaiveDate);
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
    fn dates_are_text_for_people_and_day_numbers_when_stored() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct T {
            #[serde(with = "serde_date")]
            a: NaiveDate,
            #[serde(with = "serde_opt_date")]
            b: Option<NaiveDate>,
        }
        let t = T {
            a: d("2024-02-29"),
            b: Some(d("2026-11-25")),
        };
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"a":"2024-02-29","b":"2026-11-25"}"#
        );
        let bytes = postcard::to_allocvec(&t).unwrap();
        assert!(bytes.len() < 10, "{bytes:?}");
        assert_eq!(postcard::from_bytes::<T>(&bytes).unwrap(), t);
        assert!(serde_json::from_str::<T>(r#"{"a":"2025-02-30","b":null}"#).is_err());
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
