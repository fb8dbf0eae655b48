//! The policy: every ⚙ setting of DOMAIN.md, read from `data/policy.toml` (embedded) with an
//! optional user file merged over it key by key. Parsing is pure: callers pass file text in.

use super::codes::{Code, RegionGroup, Severity};
use super::countries::{Countries, Country};
use super::money::{PERCENT_SCALE, YUAN_PER_WAN, from_float};
use super::names;
use super::text::{Lang, Refusal, Text};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The policy that ships with jidi.
pub const DEFAULT_POLICY: &str = include_str!("../../data/policy.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    general: RawGeneral,
    lifecycle: RawLifecycle,
    reports: RawReports,
    changes: RawChanges,
    partners: RawPartners,
    eligibility: RawEligibility,
    triage: RawTriage,
    cities: Vec<City>,
    countries: Vec<Country>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGeneral {
    timezone: String,
    effective_date: String,
    validity_years: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLifecycle {
    rectification_months: u32,
    ban_years: u32,
    ban_scope: String,
    rectification_warn_days: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReports {
    count: u32,
    first_year_offset: u32,
    due: String,
    legacy_first_year: Option<i32>,
    warn_days: u32,
    resubmit_days: u32,
    consecutive_missed_high: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChanges {
    filing_window_days: u32,
    review_days: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPartners {
    expiry_warn_days: u32,
    min_validity_years: u32,
    mainland_places: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEligibility {
    lookback_years: u32,
    foreign_partners_min: u32,
    calls: BTreeMap<String, String>,
    joint_research: RawJointResearch,
    tech_transfer: RawTechTransfer,
    featured: RawFeatured,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawJointResearch {
    input_wan: f64,
    trained_min: u32,
    papers_min: u32,
    patents_min: u32,
    transfers_min: u32,
    rd_intensity_pct: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTechTransfer {
    projects_min: u32,
    cross_border_projects_pct: f64,
    deal_wan: f64,
    cross_border_deal_pct: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeatured {
    events_min: u32,
    reports_min: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTriage {
    risk_severities: Vec<String>,
}

/// One row of the city table.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct City {
    /// National division code, e.g. `440100`.
    pub code: String,
    /// Short name without 市, e.g. `广州`.
    pub name: String,
    /// Stable code used in JSON and on the command line, e.g. `guangzhou`.
    pub pinyin: String,
    pub group: RegionGroup,
    /// 组织推荐单位 for units of this city (A9.2).
    pub recommender: String,
}

impl City {
    /// The city as people read it: `广州`, or in English its name in pinyin, `Guangzhou` (the
    /// stable code capitalised). JSON and CSV keep the code.
    pub fn label(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.name.clone(),
            Lang::En => {
                let mut letters = self.pinyin.chars();
                letters
                    .next()
                    .map(|first| first.to_ascii_uppercase().to_string() + letters.as_str())
                    .unwrap_or_default()
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BanScope {
    /// The host unit may not apply in any category.
    Host,
    /// Only the removed base's category is barred.
    HostAndCategory,
}

#[derive(Clone, Debug, PartialEq)]
pub struct JointResearchThresholds {
    pub input_yuan: i64,
    pub trained_min: u32,
    pub papers_min: u32,
    pub patents_min: u32,
    pub transfers_min: u32,
    pub rd_intensity: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TechTransferThresholds {
    pub projects_min: u32,
    pub cross_border_projects_pct: i64,
    pub deal_yuan: i64,
    pub cross_border_deal_pct: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FeaturedThresholds {
    pub events_min: u32,
    pub reports_min: u32,
}

/// The loaded policy, with amounts in fixed point and dates parsed.
#[derive(Clone, Debug)]
pub struct Policy {
    pub timezone: chrono_tz::Tz,
    pub effective_date: NaiveDate,
    /// A16: years the regulation is valid from `effective_date`.
    pub validity_years: i32,
    pub rectification_months: u32,
    pub rectification_warn_days: i64,
    pub ban_years: i32,
    pub ban_scope: BanScope,
    pub report_count: i32,
    pub report_first_year_offset: i32,
    pub report_due_month: u32,
    pub report_due_day: u32,
    pub legacy_first_report_year: i32,
    pub report_warn_days: i64,
    pub report_resubmit_days: i64,
    pub consecutive_missed_high: u32,
    pub change_filing_window_days: i64,
    /// A15.2.2: days the recommender has to review a change filed to it.
    pub change_review_days: i64,
    pub partner_expiry_warn_days: i64,
    pub partner_min_validity_years: i32,
    /// A5.2: partner countries by ISO code, with the mainland places refused as one.
    pub countries: Countries,
    /// A8 前三年: the calendar years before the call's year that indicators cover.
    pub lookback_years: u32,
    pub foreign_partners_min: u32,
    pub calls: BTreeMap<i32, NaiveDate>,
    pub joint_research: JointResearchThresholds,
    pub tech_transfer: TechTransferThresholds,
    pub featured: FeaturedThresholds,
    pub risk_severities: Vec<Severity>,
    pub cities: Vec<City>,
}

/// Why a policy file was refused: which file, where, which key, and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyError {
    pub file: String,
    pub line: Option<usize>,
    pub key: Option<String>,
    pub reason: String,
}

impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ": {key}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl std::error::Error for PolicyError {}

impl Policy {
    /// The policy that ships with jidi, unchanged.
    pub fn default_policy() -> Policy {
        Policy::load(None).expect("the embedded data/policy.toml is valid (tested)")
    }

    /// Loads the embedded policy with `user` = (file name, text) merged over it.
    pub fn load(user: Option<(&str, &str)>) -> Result<Policy, PolicyError> {
        let mut merged: toml::Table = toml::from_str(DEFAULT_POLICY).map_err(|e| PolicyError {
            file: "data/policy.toml".into(),
            line: None,
            key: None,
            reason: e.to_string(),
        })?;
        let (file, user_text) = user.unwrap_or(("data/policy.toml", ""));
        if user.is_some() {
            let user_table: toml::Table = toml::from_str(user_text).map_err(|e| PolicyError {
                file: file.to_string(),
                line: e
                    .span()
                    .map(|span| user_text[..span.start].matches('\n').count() + 1),
                key: None,
                reason: e.message().to_string(),
            })?;
            merge(&mut merged, user_table);
        }
        let located = |key: &str, reason: String| PolicyError {
            file: file.to_string(),
            line: find_key_line(user_text, key),
            key: Some(key.to_string()),
            reason,
        };
        let raw: RawPolicy =
            toml::Value::Table(merged)
                .try_into()
                .map_err(|e: toml::de::Error| {
                    let text = e.to_string();
                    let (reason, key) = match text.split_once("\nin `") {
                        Some((reason, rest)) => (
                            reason.to_string(),
                            rest.trim_end().trim_end_matches('`').to_string(),
                        ),
                        None => (text.trim().to_string(), String::new()),
                    };
                    located(&key, reason)
                })?;
        Policy::compile(raw).map_err(|(key, reason)| located(&key, reason))
    }

    fn compile(raw: RawPolicy) -> Result<Policy, (String, String)> {
        let err = |key: &str, reason: String| (key.to_string(), reason);
        let timezone: chrono_tz::Tz = raw.general.timezone.parse().map_err(|_| {
            err(
                "general.timezone",
                format!("unknown time zone '{}'", raw.general.timezone),
            )
        })?;
        let effective_date =
            parse_policy_date("general.effective_date", &raw.general.effective_date)?;
        let ban_scope = match raw.lifecycle.ban_scope.as_str() {
            "host" => BanScope::Host,
            "host_and_category" => BanScope::HostAndCategory,
            other => {
                return Err(err(
                    "lifecycle.ban_scope",
                    format!("'{other}' is not one of: host, host_and_category"),
                ));
            }
        };
        let (due_month, due_day) = raw
            .reports
            .due
            .split_once('-')
            .and_then(|(m, d)| Some((m.parse::<u32>().ok()?, d.parse::<u32>().ok()?)))
            .filter(|(m, d)| NaiveDate::from_ymd_opt(2023, *m, *d).is_some())
            .ok_or_else(|| {
                err(
                    "reports.due",
                    format!("'{}' is not a month-day such as 03-31", raw.reports.due),
                )
            })?;
        if raw.reports.count == 0 {
            return Err(err("reports.count", "must be at least 1".into()));
        }
        if raw.eligibility.lookback_years == 0 {
            return Err(err(
                "eligibility.lookback_years",
                "must be at least 1".into(),
            ));
        }
        if raw.lifecycle.rectification_months == 0 {
            return Err(err(
                "lifecycle.rectification_months",
                "must be at least 1".into(),
            ));
        }
        let mut calls = BTreeMap::new();
        for (year, date) in &raw.eligibility.calls {
            let key = format!("eligibility.calls.{year}");
            let year: i32 = year
                .parse()
                .map_err(|_| err(&key, "the key must be a year such as 2026".into()))?;
            let date = parse_policy_date(&key, date)?;
            if date.year() != year {
                return Err(err(&key, format!("{date} is not in {year}")));
            }
            calls.insert(year, date);
        }
        let mut risk_severities = Vec::new();
        for s in &raw.triage.risk_severities {
            risk_severities.push(
                Severity::parse(s).ok_or_else(|| {
                    err("triage.risk_severities", format!("unknown severity '{s}'"))
                })?,
            );
        }
        let mut seen = std::collections::HashSet::new();
        for (i, city) in raw.cities.iter().enumerate() {
            let key = format!("cities[{i}]");
            if city.code.len() != 6 || !city.code.chars().all(|c| c.is_ascii_digit()) {
                return Err(err(
                    &key,
                    format!("code '{}' is not a six-digit division code", city.code),
                ));
            }
            if city.pinyin.is_empty() || !city.pinyin.chars().all(|c| c.is_ascii_lowercase()) {
                return Err(err(
                    &key,
                    format!("pinyin '{}' must be lowercase letters", city.pinyin),
                ));
            }
            for id in [&city.code, &city.name, &city.pinyin] {
                if !seen.insert(id.clone()) {
                    return Err(err(&key, format!("'{id}' appears twice in the city table")));
                }
            }
        }
        // Every Guangdong city is a mainland place too, under its name and its pinyin.
        let places = raw.partners.mainland_places.iter().cloned().chain(
            raw.cities
                .iter()
                .flat_map(|c| [c.name.clone(), c.pinyin.clone()]),
        );
        let countries = Countries::build(raw.countries, places)?;
        let percent = |key: &str, v: f64| {
            if (0.0..=100.0).contains(&v) {
                Ok(from_float(v, PERCENT_SCALE))
            } else {
                Err(err(
                    key,
                    format!("{v} is not a percentage between 0 and 100"),
                ))
            }
        };
        let wan = |key: &str, v: f64| {
            if v >= 0.0 && v.is_finite() {
                Ok(from_float(v, YUAN_PER_WAN))
            } else {
                Err(err(key, format!("{v} is not a non-negative amount")))
            }
        };
        let jr = &raw.eligibility.joint_research;
        let tt = &raw.eligibility.tech_transfer;
        Ok(Policy {
            timezone,
            effective_date,
            validity_years: raw.general.validity_years as i32,
            rectification_months: raw.lifecycle.rectification_months,
            rectification_warn_days: raw.lifecycle.rectification_warn_days.into(),
            ban_years: raw.lifecycle.ban_years as i32,
            ban_scope,
            report_count: raw.reports.count as i32,
            report_first_year_offset: raw.reports.first_year_offset as i32,
            report_due_month: due_month,
            report_due_day: due_day,
            legacy_first_report_year: raw
                .reports
                .legacy_first_year
                .unwrap_or(effective_date.year()),
            report_warn_days: raw.reports.warn_days.into(),
            report_resubmit_days: raw.reports.resubmit_days.into(),
            consecutive_missed_high: raw.reports.consecutive_missed_high,
            change_filing_window_days: raw.changes.filing_window_days.into(),
            change_review_days: raw.changes.review_days.into(),
            partner_expiry_warn_days: raw.partners.expiry_warn_days.into(),
            partner_min_validity_years: raw.partners.min_validity_years as i32,
            countries,
            lookback_years: raw.eligibility.lookback_years,
            foreign_partners_min: raw.eligibility.foreign_partners_min,
            calls,
            joint_research: JointResearchThresholds {
                input_yuan: wan("eligibility.joint_research.input_wan", jr.input_wan)?,
                trained_min: jr.trained_min,
                papers_min: jr.papers_min,
                patents_min: jr.patents_min,
                transfers_min: jr.transfers_min,
                rd_intensity: percent(
                    "eligibility.joint_research.rd_intensity_pct",
                    jr.rd_intensity_pct,
                )?,
            },
            tech_transfer: TechTransferThresholds {
                projects_min: tt.projects_min,
                cross_border_projects_pct: percent(
                    "eligibility.tech_transfer.cross_border_projects_pct",
                    tt.cross_border_projects_pct,
                )?,
                deal_yuan: wan("eligibility.tech_transfer.deal_wan", tt.deal_wan)?,
                cross_border_deal_pct: percent(
                    "eligibility.tech_transfer.cross_border_deal_pct",
                    tt.cross_border_deal_pct,
                )?,
            },
            featured: FeaturedThresholds {
                events_min: raw.eligibility.featured.events_min,
                reports_min: raw.eligibility.featured.reports_min,
            },
            risk_severities,
            cities: raw.cities,
        })
    }

    /// Finds a city by name (with or without 市), pinyin or division code.
    pub fn city(&self, input: &str) -> Option<&City> {
        let wanted = names::clean(input);
        let short = wanted.strip_suffix('市').unwrap_or(&wanted);
        self.cities
            .iter()
            .find(|c| c.name == short || c.code == wanted || c.pinyin.eq_ignore_ascii_case(&wanted))
    }

    /// Like [`Policy::city`], refusing an unknown city with the list of known ones.
    pub fn city_or_refuse(&self, input: &str) -> Result<&City, Refusal> {
        self.city(input).ok_or_else(|| {
            let input = super::sanitize::quote(input);
            let known: Vec<&str> = self.cities.iter().map(|c| c.name.as_str()).collect();
            Refusal::input(Text::new(
                format!("未知的城市「{input}」；可用：{}（也可写拼音或行政区划代码）", known.join("、")),
                format!(
                    "unknown city '{input}'; expected one of: {} (pinyin or division code also work)",
                    self.cities.iter().map(|c| c.pinyin.as_str()).collect::<Vec<_>>().join(", ")
                ),
            ))
        })
    }

    /// The city whose stable code (pinyin) is `pinyin`.
    pub fn city_by_code(&self, pinyin: &str) -> Option<&City> {
        self.cities.iter().find(|c| c.pinyin == pinyin)
    }

    /// The city of code `pinyin` as people read it ([`City::label`]); an unknown code as is.
    pub fn city_label(&self, pinyin: &str, lang: Lang) -> String {
        self.city_by_code(pinyin)
            .map_or_else(|| pinyin.to_string(), |c| c.label(lang))
    }

    /// The last day the regulation is valid (A16): the day before `effective_date` plus its
    /// validity, as a five-year term from 2025-01-01 runs to 2029-12-31.
    pub fn regulation_last_day(&self) -> NaiveDate {
        super::dates::add_days(
            super::dates::add_years(self.effective_date, self.validity_years),
            -1,
        )
    }

    /// The call's publication date for `year`, if the policy has one.
    pub fn call_date(&self, year: i32) -> Option<NaiveDate> {
        self.calls.get(&year).copied()
    }

    /// The due date of the annual report for `year` (03-31 of the next year by default).
    pub fn report_due(&self, year: i32) -> NaiveDate {
        super::dates::month_day_in(year + 1, self.report_due_month, self.report_due_day)
    }

    /// Today in the policy's time zone.
    pub fn today(&self) -> NaiveDate {
        chrono::Utc::now()
            .with_timezone(&self.timezone)
            .date_naive()
    }
}

fn parse_policy_date(key: &str, raw: &str) -> Result<NaiveDate, (String, String)> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| {
        (
            key.to_string(),
            format!("'{raw}' is not a date such as 2025-03-31"),
        )
    })
}

/// Merges `over` into `base`: tables recursively, `cities` and `countries` by their `code`,
/// anything else replaced.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(inner)), toml::Value::Table(over_inner)) => {
                merge(inner, over_inner)
            }
            (Some(toml::Value::Array(existing)), toml::Value::Array(extra))
                if key == "cities" || key == "countries" =>
            {
                for city in extra {
                    let code = city.get("code").cloned();
                    match existing
                        .iter_mut()
                        .find(|c| code.is_some() && c.get("code") == code.as_ref())
                    {
                        Some(slot) => *slot = city,
                        None => existing.push(city),
                    }
                }
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// The line of a user's file where the last segment of `key` is set, for error messages.
fn find_key_line(text: &str, key: &str) -> Option<usize> {
    let leaf = key.rsplit('.').next()?.split('[').next()?;
    if leaf.is_empty() {
        return None;
    }
    text.lines()
        .position(|line| {
            let trimmed = line.trim_start();
            trimmed
                .strip_prefix(leaf)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
                || trimmed == format!("[{key}]")
                || trimmed == format!("[[{leaf}]]")
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests;
