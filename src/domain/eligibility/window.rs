//! The A8 quantitative lines over their window (前三年): each sums the figures of the calendar
//! years before the call's year (R&D intensity: averages them); a year without a figure fails
//! the line and is named, never read as zero. Totals kept before figures had years (`undated`)
//! are shown but satisfy nothing.

use super::{CheckLine, join_years, not_recorded, yes_no};
use crate::domain::base::{Base, Figures};
use crate::domain::codes::{Category, HostKind};
use crate::domain::money::{PERCENT_SCALE, format_money, format_percent};
use crate::domain::policy::Policy;
use crate::domain::text::{Lang, Text};
use crate::text;
use chrono::{Datelike, NaiveDate};

/// The calendar years the indicators of a call published on `call_date` cover, oldest first.
pub fn window_years(policy: &Policy, call_date: NaiveDate) -> Vec<i32> {
    let last = call_date.year() - 1;
    (last - policy.lookback_years as i32 + 1..=last).collect()
}

/// One indicator's figures over the window.
struct Gathered {
    years: Vec<i32>,
    missing: Vec<i32>,
    /// The sum over the window, once every year has a figure.
    total: Option<i64>,
    /// The old undated total, if one was kept.
    undated: Option<i64>,
}

fn gather(base: &Base, years: &[i32], get: impl Fn(&Figures) -> Option<i64>) -> Gathered {
    let ind = &base.indicators;
    let mut total = 0i64;
    let mut missing = Vec::new();
    for year in years {
        match ind.years.get(year).and_then(&get) {
            Some(v) => total += v,
            None => missing.push(*year),
        }
    }
    Gathered {
        years: years.to_vec(),
        total: missing.is_empty().then_some(total),
        missing,
        undated: ind.undated.as_ref().and_then(get),
    }
}

/// The value of a line whose window is incomplete: which years are missing, and the old
/// undated total that cannot stand in for them.
fn missing_value(g: &Gathered, show: &dyn Fn(i64, Lang) -> String) -> Text {
    let list = join_years(&g.missing);
    match g.undated {
        Some(old) => {
            let (zh, en) = (show(old, Lang::Zh), show(old, Lang::En));
            text!(
                [
                    "缺 {} 年数据；旧数据为不分年度的合计 {zh}，年度未知，须按年度录入",
                    list.zh
                ],
                [
                    "no figures for {}; the old total {en} has no year (year unknown): record it by year",
                    list.en
                ]
            )
        }
        None if g.missing.len() == g.years.len() => not_recorded(),
        None => text!(["缺 {} 年数据", list.zh], ["no figures for {}", list.en]),
    }
}

fn yearly_line(
    rule: &'static str,
    label: Text,
    g: Gathered,
    threshold: Text,
    value: impl FnOnce(i64) -> (Text, bool),
    show: &dyn Fn(i64, Lang) -> String,
) -> CheckLine {
    let (value, pass) = match g.total {
        Some(total) => value(total),
        None => (missing_value(&g, show), false),
    };
    let mut line = CheckLine::new(rule, label, value, threshold, pass);
    line.years = g.years;
    line.missing = g.missing;
    line
}

fn count_line(rule: &'static str, label: Text, g: Gathered, min: u32) -> CheckLine {
    let min = i64::from(min);
    yearly_line(
        rule,
        label,
        g,
        text!("≥ {min}", "≥ {min}"),
        |total| (text!("{total}", "{total}"), total >= min),
        &|v, _| v.to_string(),
    )
}

fn money_line(rule: &'static str, label: Text, g: Gathered, min: i64) -> CheckLine {
    let money = |v| Text::new(format_money(v, Lang::Zh), format_money(v, Lang::En));
    let min_text = money(min);
    yearly_line(
        rule,
        label,
        g,
        text!(["≥ {}", min_text.zh], ["≥ {}", min_text.en]),
        |total| (money(total), total >= min),
        &format_money,
    )
}

/// `part / whole ≥ pct` over the window, in exact integer arithmetic (pct in ten-thousandths
/// of a percent).
fn share_line(
    rule: &'static str,
    label: Text,
    part: Gathered,
    whole: Gathered,
    pct: i64,
    money: bool,
) -> CheckLine {
    let threshold = format_percent(pct);
    let threshold = text!("≥ {threshold}", "≥ {threshold}");
    let show = move |v: i64, lang| {
        if money {
            format_money(v, lang)
        } else {
            v.to_string()
        }
    };
    let mut missing: Vec<i32> = part.missing.iter().chain(&whole.missing).copied().collect();
    missing.sort_unstable();
    missing.dedup();
    let (value, pass) = match (part.total, whole.total) {
        (Some(p), Some(w)) if w > 0 => {
            let share =
                format_percent((p as i128 * 100 * PERCENT_SCALE as i128 / w as i128) as i64);
            let of = |lang| format!("{} / {} = {share}", show(p, lang), show(w, lang));
            (
                Text::new(of(Lang::Zh), of(Lang::En)),
                p as i128 * 100 * PERCENT_SCALE as i128 >= pct as i128 * w as i128,
            )
        }
        (Some(_), Some(_)) => (text!("总数为 0", "the whole is 0"), false),
        _ => {
            let gathered = Gathered {
                years: part.years.clone(),
                missing: missing.clone(),
                total: None,
                undated: part.undated.or(whole.undated),
            };
            (missing_value(&gathered, &show), false)
        }
    };
    let mut line = CheckLine::new(rule, label, value, threshold, pass);
    line.years = part.years;
    line.missing = missing;
    line
}

/// A8.1(6): the average R&D intensity of the window years, compared exactly (the sum against the
/// minimum times the number of years), shown rounded down so a failing average never reads as
/// the threshold.
fn average_line(rule: &'static str, label: Text, g: Gathered, min: i64) -> CheckLine {
    let n = g.years.len().max(1) as i64;
    let min_text = format_percent(min);
    yearly_line(
        rule,
        label,
        g,
        text!("≥ {min_text}", "≥ {min_text}"),
        |sum| {
            let avg = format_percent(sum / n);
            (text!("平均 {avg}", "average {avg}"), sum >= min * n)
        },
        &|v, _| format_percent(v),
    )
}

/// The A8 lines of the base's category.
pub(super) fn indicator_lines(
    base: &Base,
    policy: &Policy,
    call_date: NaiveDate,
) -> Vec<CheckLine> {
    let years = window_years(policy, call_date);
    let ind = &base.indicators;
    let count =
        |get: fn(&Figures) -> Option<u32>| gather(base, &years, move |f| get(f).map(i64::from));
    let amount = |get: fn(&Figures) -> Option<i64>| gather(base, &years, get);
    let mut lines = Vec::new();
    match base.category {
        Category::JointResearch => {
            let t = &policy.joint_research;
            lines.push(money_line(
                "A8.1.1",
                text!("围绕基地建设的投入累计总额", "total input into the base"),
                amount(|f| f.input_yuan),
                t.input_yuan,
            ));
            lines.push(CheckLine::new(
                "A8.1.2",
                text!("常态化人员互访、学术交流机制", "regular exchange mechanism"),
                ind.exchange.map_or_else(not_recorded, yes_no),
                yes_no(true),
                ind.exchange == Some(true),
            ));
            lines.push(count_line(
                "A8.1.3",
                text!(
                    "联合培养研究生或专业人才（名）",
                    "jointly trained students / talent"
                ),
                count(|f| f.trained),
                t.trained_min,
            ));
            lines.push(count_line(
                "A8.1.4",
                text!("联合发表高质量论文（篇）", "joint papers"),
                count(|f| f.papers),
                t.papers_min,
            ));
            lines.push(count_line(
                "A8.1.4",
                text!("联合合作已授权专利（件）", "granted joint patents"),
                count(|f| f.patents),
                t.patents_min,
            ));
            lines.push(count_line(
                "A8.1.5",
                text!("完成科技成果转化项目（项）", "results transferred"),
                count(|f| f.transfers),
                t.transfers_min,
            ));
            if base.host.kind == HostKind::Enterprise {
                lines.push(average_line(
                    "A8.1.6",
                    text!(
                        "近三年研发经费投入强度平均值（企业）",
                        "average R&D intensity over the years (enterprise)"
                    ),
                    amount(|f| f.rd_intensity),
                    t.rd_intensity,
                ));
            }
        }
        Category::TechTransfer => {
            let t = &policy.tech_transfer;
            lines.push(count_line(
                "A8.2.1",
                text!(
                    "促成技术转移、成果转化项目（项）",
                    "transfer / commercialisation projects"
                ),
                count(|f| f.projects),
                t.projects_min,
            ));
            lines.push(share_line(
                "A8.2.1",
                text!("其中跨境交易项目数量占比", "cross-border share by count"),
                count(|f| f.cross_border_projects),
                count(|f| f.projects),
                t.cross_border_projects_pct,
                false,
            ));
            lines.push(money_line(
                "A8.2.2",
                text!("技术交易额", "transaction value"),
                amount(|f| f.deal_yuan),
                t.deal_yuan,
            ));
            lines.push(share_line(
                "A8.2.2",
                text!("其中跨境交易金额占比", "cross-border share by value"),
                amount(|f| f.cross_border_deal_yuan),
                amount(|f| f.deal_yuan),
                t.cross_border_deal_pct,
                true,
            ));
        }
        Category::Featured => {
            let t = &policy.featured;
            lines.push(count_line(
                "A8.3.1",
                text!(
                    "较大规模国际交流示范活动（场）",
                    "large international exchange events"
                ),
                count(|f| f.events),
                t.events_min,
            ));
            lines.push(count_line(
                "A8.3.2",
                text!(
                    "战略研究报告或典型经验案例（项）",
                    "strategy reports or case studies"
                ),
                count(|f| f.reports),
                t.reports_min,
            ));
        }
    }
    lines
}
