//! What an application declares besides its record: A8 indicators by year, the A7.3 management
//! systems and the prior international cooperation projects (A8.1, A8.3). Each change validates
//! all of its input first and leaves the base untouched when refused.

use super::base::{Base, Figures, PriorProject, SystemDeclaration};
use super::codes::{Code, ProjectLevel, SystemKind};
use super::dates::parse_date;
use super::lifecycle::{Ctx, not_in_future};
use super::money::{parse_percent, parse_wan};
use super::names::{self, MAX_NAME};
use super::ops::parse_bool;
use super::text::{Refusal, RuleResult};
use crate::text;
use chrono::Datelike;

/// The indicator keys `jidi indicators --set` accepts (A8); all but `exchange` are yearly.
pub const INDICATOR_KEYS: &[&str] = &[
    "input_wan",
    "exchange",
    "trained",
    "papers",
    "patents",
    "transfers",
    "rd_intensity",
    "projects",
    "cross_border_projects",
    "deal_wan",
    "cross_border_deal_wan",
    "events",
    "reports",
];

/// Years figures may be recorded for: from 1990 to the current year.
const FIRST_YEAR: i32 = 1990;

/// Sets the named indicators; the others keep their values. Yearly figures need `year` (A8
/// 前三年); `exchange` is a standing mechanism and takes none. Values: 万元 with decimals, percent
/// for `rd_intensity`, true/false for `exchange`, whole numbers for counts; `none` clears one.
pub fn set_indicators(
    base: &mut Base,
    ctx: &Ctx,
    year: Option<i32>,
    pairs: &[(String, String)],
) -> RuleResult<()> {
    if let Some(y) = year {
        let now = ctx.today.year();
        if !(FIRST_YEAR..=now).contains(&y) {
            return Err(Refusal::input(text!(
                "--year {y}：应在 {FIRST_YEAR}–{now} 之间（只能记录已经开始的年度）",
                "--year {y}: expected {FIRST_YEAR}–{now} (only years that have begun)"
            )));
        }
    }
    let mut ind = base.indicators.clone();
    let mut figures = year
        .map(|y| ind.years.get(&y).cloned().unwrap_or_default())
        .unwrap_or_default();
    for (key, value) in pairs {
        let field = format!("{key}={}", super::sanitize::quote(value));
        let clear = matches!(value.trim(), "" | "none" | "-");
        if key == "exchange" {
            if let Some(y) = year {
                return Err(Refusal::input(text!(
                    "exchange（常态化交流机制）不分年度：去掉 --year {y}，单独设置",
                    "exchange (a standing exchange mechanism) has no year: set it without --year {y}"
                )));
            }
            ind.exchange = if clear {
                None
            } else {
                Some(parse_bool(&field, value)?)
            };
            continue;
        }
        if !INDICATOR_KEYS.contains(&key.as_str()) {
            let key = super::sanitize::quote(key);
            return Err(Refusal::input(text!(
                ["未知的指标「{key}」；可用：{}", INDICATOR_KEYS.join(" ")],
                [
                    "unknown indicator '{key}'; expected one of: {}",
                    INDICATOR_KEYS.join(" ")
                ]
            )));
        }
        if year.is_none() {
            return Err(Refusal::rule(
                "A8",
                text!(
                    "{key} 按年度记录（统计期限为申报前三年）：请加 --year 年度，如 --year 2025",
                    "{key} is recorded by year (A8 counts the three years before the call): add --year, e.g. --year 2025"
                ),
            ));
        }
        set_figure(&mut figures, key, value, &field, clear)?;
    }
    if let Some(y) = year {
        check_parts(&figures, y)?;
        if figures.is_empty() {
            ind.years.remove(&y);
        } else {
            ind.years.insert(y, figures);
        }
    }
    base.indicators = ind;
    Ok(())
}

fn set_figure(f: &mut Figures, key: &str, value: &str, field: &str, clear: bool) -> RuleResult<()> {
    let count = || -> RuleResult<Option<u32>> {
        if clear {
            return Ok(None);
        }
        value.trim().parse::<u32>().map(Some).map_err(|_| {
            Refusal::input(text!(
                "{field}：应为非负整数",
                "{field}: expected a whole number"
            ))
        })
    };
    let wan = || -> RuleResult<Option<i64>> {
        if clear {
            Ok(None)
        } else {
            parse_wan(field, value).map(Some)
        }
    };
    match key {
        "input_wan" => f.input_yuan = wan()?,
        "trained" => f.trained = count()?,
        "papers" => f.papers = count()?,
        "patents" => f.patents = count()?,
        "transfers" => f.transfers = count()?,
        "rd_intensity" => {
            f.rd_intensity = if clear {
                None
            } else {
                Some(parse_percent(field, value)?)
            }
        }
        "projects" => f.projects = count()?,
        "cross_border_projects" => f.cross_border_projects = count()?,
        "deal_wan" => f.deal_yuan = wan()?,
        "cross_border_deal_wan" => f.cross_border_deal_yuan = wan()?,
        "events" => f.events = count()?,
        _ => f.reports = count()?,
    }
    Ok(())
}

/// A year's cross-border part may not exceed its whole (A8.2).
fn check_parts(f: &Figures, year: i32) -> RuleResult<()> {
    if let (Some(part), Some(whole)) = (f.cross_border_projects, f.projects)
        && part > whole
    {
        return Err(Refusal::rule(
            "A8.2.1",
            text!(
                "{year} 年跨境项目数 {part} 大于项目总数 {whole}",
                "{year}: cross-border projects ({part}) exceed all projects ({whole})"
            ),
        ));
    }
    if let (Some(part), Some(whole)) = (f.cross_border_deal_yuan, f.deal_yuan)
        && part > whole
    {
        return Err(Refusal::rule(
            "A8.2.2",
            text!(
                "{year} 年跨境交易额大于交易总额",
                "{year}: the cross-border value exceeds the total value"
            ),
        ));
    }
    Ok(())
}

/// Declares management systems (A7.3) from `KEY=VALUE` pairs: the key a system's code or name, or
/// `all`; the value the date it was adopted (in place), `no` (not in place), or `none` (not
/// declared either way).
pub fn declare_systems(base: &mut Base, ctx: &Ctx, pairs: &[(String, String)]) -> RuleResult<()> {
    let mut systems = base.systems.clone();
    for (key, value) in pairs {
        let field = format!("{key}={}", super::sanitize::quote(value));
        let kinds: Vec<SystemKind> =
            if key.trim().eq_ignore_ascii_case("all") || key.trim() == "全部" {
                SystemKind::all().to_vec()
            } else {
                vec![SystemKind::parse_or_refuse(key)?]
            };
        let declaration = match value.trim() {
            "none" | "-" | "" => None,
            v if parse_bool(&field, v) == Ok(false) => Some(SystemDeclaration {
                present: false,
                since: None,
            }),
            v => {
                let since = parse_date(&field, v).map_err(|_| {
                    Refusal::input(text!(
                        "{field}：应为制度建立日期（YYYY-MM-DD）、no（未建立）或 none（未填写）",
                        "{field}: expected the date it was adopted (YYYY-MM-DD), no (not in place) or none (not declared)"
                    ))
                })?;
                not_in_future(ctx, &format!("{field}："), &format!("{field}:"), since)?;
                Some(SystemDeclaration {
                    present: true,
                    since: Some(since),
                })
            }
        };
        for kind in kinds {
            match &declaration {
                Some(d) => systems.insert(kind, d.clone()),
                None => systems.remove(&kind),
            };
        }
    }
    base.systems = systems;
    Ok(())
}

/// A prior project to record (A8.1, A8.3).
#[derive(Clone, Debug)]
pub struct ProjectInput {
    pub name: String,
    pub level: ProjectLevel,
    /// `2021-2023` or `2022`.
    pub years: String,
}

/// Records a prior project; returns its number (from 1).
pub fn add_project(base: &mut Base, ctx: &Ctx, input: ProjectInput) -> RuleResult<usize> {
    let name = names::required("--name", &input.name, MAX_NAME)?;
    let raw = input.years.trim();
    let bad = || {
        Refusal::input(text!(
            "--years：「{raw}」应为年度或年度区间，如 2022 或 2021-2023",
            "--years: '{raw}' should be a year or a span of years, e.g. 2022 or 2021-2023"
        ))
    };
    let (from, to) = match raw.split_once(['-', '–', '~', '至']) {
        Some((a, b)) => (a.trim().parse::<i32>(), b.trim().parse::<i32>()),
        None => (raw.parse::<i32>(), raw.parse::<i32>()),
    };
    let (from, to) = (from.map_err(|_| bad())?, to.map_err(|_| bad())?);
    let now = ctx.today.year();
    if from > to || from < 1950 || from > now {
        return Err(Refusal::input(text!(
            "--years：{from}–{to} 不合理（应从 1950 年起、不晚于 {now} 年开始，且起始不晚于结束）",
            "--years: {from}–{to} is not a plausible span (from 1950 on, started by {now}, first year first)"
        )));
    }
    if base
        .projects
        .iter()
        .any(|p| names::key(&p.name) == names::key(&name))
    {
        return Err(Refusal::input(text!(
            "已有项目「{name}」",
            "a project '{name}' is already recorded"
        )));
    }
    base.projects.push(PriorProject {
        name,
        level: input.level,
        from,
        to,
    });
    Ok(base.projects.len())
}

/// Removes a prior project recorded by mistake (by its number from 1, or its name).
pub fn remove_project(base: &mut Base, which: &str) -> RuleResult<PriorProject> {
    match names::pick(&base.projects, which, |p| &p.name) {
        Some(i) => Ok(base.projects.remove(i)),
        None => {
            let id = &base.id;
            Err(Refusal::input(text!(
                "{id} 没有项目「{which}」（可用序号或名称）",
                "{id} has no project '{which}' (use its number or name)"
            )))
        }
    }
}

#[cfg(test)]
mod tests;
