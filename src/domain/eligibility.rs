//! Eligibility checks for an application (A5–A8): one pass/fail line per condition, with the
//! recorded value, the threshold and, for yearly figures, the years they cover, so a reviewer
//! sees why.

mod window;

use super::base::Base;
use super::codes::{Category, Code, ProjectLevel, Qualification, SystemKind};
use super::dates::add_years;
use super::policy::Policy;
use super::text::Text;
use crate::text;
use chrono::NaiveDate;

pub use window::window_years;

#[derive(Clone, Debug, PartialEq)]
pub struct CheckLine {
    pub rule: &'static str,
    pub label: Text,
    pub value: Text,
    pub threshold: Text,
    /// The calendar years a yearly figure covers (A8 前三年); empty for other conditions.
    pub years: Vec<i32>,
    /// Years of `years` without a figure: the line fails and names them.
    pub missing: Vec<i32>,
    pub pass: bool,
    /// A condition the regulation asks for only 原则上 (A8.3): failing it warns, but does not
    /// make the application ineligible.
    pub advisory: bool,
}

impl CheckLine {
    fn new(rule: &'static str, label: Text, value: Text, threshold: Text, pass: bool) -> Self {
        CheckLine {
            rule,
            label,
            value,
            threshold,
            years: Vec::new(),
            missing: Vec::new(),
            pass,
            advisory: false,
        }
    }

    /// Fails and is not merely advisory.
    pub fn fails(&self) -> bool {
        !self.pass && !self.advisory
    }

    /// "2023–2025", with the missing years named: "2023–2025（缺 2024）"; empty when not yearly.
    pub fn years_text(&self) -> Text {
        let (Some(first), Some(last)) = (self.years.first(), self.years.last()) else {
            return Text::new("", "");
        };
        let span = if first == last {
            first.to_string()
        } else {
            format!("{first}–{last}")
        };
        if self.missing.is_empty() {
            return Text::new(span.clone(), span);
        }
        let list = join_years(&self.missing);
        text!(
            ["{span}（缺 {}）", list.zh],
            ["{span} ({} missing)", list.en]
        )
    }
}

/// Meets every condition (advisory lines aside).
pub fn eligible(lines: &[CheckLine]) -> bool {
    !lines.iter().any(CheckLine::fails)
}

/// The years as each language lists them: 2023、2024 · 2023, 2024.
fn join_years(years: &[i32]) -> Text {
    let years: Vec<String> = years.iter().map(i32::to_string).collect();
    Text::new(years.join("、"), years.join(", "))
}

fn not_recorded() -> Text {
    text!("未填写", "not recorded")
}

fn yes_no(v: bool) -> Text {
    if v {
        text!("是", "yes")
    } else {
        text!("否", "no")
    }
}

/// The call date to judge by: the override, else the policy's call for the application's year.
pub fn call_date_for(
    base: &Base,
    policy: &Policy,
    override_date: Option<NaiveDate>,
) -> Option<NaiveDate> {
    use chrono::Datelike;
    override_date.or_else(|| policy.call_date(base.applied_on.year()))
}

/// Every A5–A8 line for `base` against the call published on `call_date`.
pub fn check(base: &Base, policy: &Policy, call_date: NaiveDate) -> Vec<CheckLine> {
    let mut lines = vec![CheckLine::new(
        "A5.1",
        text!(
            "依托单位具有独立法人资格",
            "host unit is an independent legal person"
        ),
        yes_no(base.host.legal_person),
        yes_no(true),
        base.host.legal_person,
    )];
    lines.push(foreign_partners(base, policy, call_date));
    lines.extend(leader(base, call_date));
    lines.extend(systems(base));
    match base.category {
        Category::JointResearch => lines.push(projects(base, "A8.1", false)),
        Category::Featured => lines.push(projects(base, "A8.3", true)),
        Category::TechTransfer => {}
    }
    lines.extend(window::indicator_lines(base, policy, call_date));
    lines
}

/// A5.2: agreements with a foreign partner signed by the call and valid at least three years.
fn foreign_partners(base: &Base, policy: &Policy, call_date: NaiveDate) -> CheckLine {
    let min_years = policy.partner_min_validity_years;
    let qualifying = base
        .partners
        .iter()
        .filter(|p| {
            policy.countries.is_foreign(p.country_code.as_deref())
                && p.signed <= call_date
                && p.valid_until >= add_years(p.signed, min_years)
                && p.valid_on(call_date)
        })
        .count() as u32;
    let unknown = base
        .partners
        .iter()
        .filter(|p| p.country_code.is_none())
        .count();
    let min = policy.foreign_partners_min;
    let value = if unknown == 0 {
        text!("{qualifying}", "{qualifying}")
    } else {
        text!(
            "{qualifying}（另有 {unknown} 个合作方国别无法识别，未计入）",
            "{qualifying} ({unknown} more with an unrecognised country, not counted)"
        )
    };
    CheckLine::new(
        "A5.2",
        text!(
            "国外合作协议：{call_date} 前签署、有效期 ≥ {min_years} 年（港澳台不计）",
            "foreign agreements signed by {call_date}, valid ≥ {min_years} years (HK/Macao/Taiwan not counted)"
        ),
        value,
        text!("≥ {min}", "≥ {min}"),
        qualifying >= min,
    )
}

/// A6.1 title in time and employment; A6.3 a single identity.
fn leader(base: &Base, call_date: NaiveDate) -> [CheckLine; 3] {
    let leader = &base.leader;
    let qualification = leader.qualification;
    let applies = leader.title_qualifies(base.host.kind);
    let title_value = match (qualification, applies, leader.qualified_on) {
        (Qualification::None, _, _) => text!("无", "none"),
        (Qualification::EnterpriseSenior, false, _) => text!(
            "企业高级职务（依托单位不是企业，不适用）",
            "senior enterprise role (the host is not an enterprise: does not apply)"
        ),
        (q, _, None) => text!(
            ["{}，取得日期未填写", q.zh()],
            ["{}, date not recorded", q.en()]
        ),
        (q, _, Some(on)) => text!(["{}（{on}）", q.zh()], ["{} ({on})", q.en()]),
    };
    [
        CheckLine::new(
            "A6.1",
            text!(
                "负责人在 {call_date} 指南发布前已取得博士学位、副高及以上职称或企业高级职务",
                "leader held a PhD, senior title or senior enterprise role before the call ({call_date})"
            ),
            title_value,
            text!("早于 {call_date}", "before {call_date}"),
            applies && leader.qualified_on.is_some_and(|d| d < call_date),
        ),
        CheckLine::new(
            "A6.1",
            text!(
                "负责人为依托单位在职人员",
                "leader is employed by the host unit"
            ),
            yes_no(leader.employed_by_host),
            yes_no(true),
            leader.employed_by_host,
        ),
        CheckLine::new(
            "A6.3",
            text!(
                "负责人以境内、境外双重身份申报（不得如此）",
                "leader declared both a domestic and an overseas identity (not allowed)"
            ),
            yes_no(leader.dual_identity),
            yes_no(false),
            !leader.dual_identity,
        ),
    ]
}

/// A7.3: one line per management system, in place as declared.
fn systems(base: &Base) -> Vec<CheckLine> {
    SystemKind::all()
        .iter()
        .map(|&kind| {
            let declared = base.systems.get(&kind);
            let value = match declared {
                None => not_recorded(),
                Some(d) if !d.present => text!("未建立", "not in place"),
                Some(d) => match d.since {
                    Some(since) => text!("已建立（{since}）", "in place ({since})"),
                    None => text!("已建立", "in place"),
                },
            };
            CheckLine::new(
                "A7.3",
                text!(
                    ["管理制度：{}", kind.zh()],
                    ["management system: {}", kind.en()]
                ),
                value,
                text!("已建立", "in place"),
                declared.is_some_and(|d| d.present),
            )
        })
        .collect()
}

/// A8.1 / A8.3: an international cooperation project undertaken — A8.1 counts 国家级 or 省级,
/// A8.3 国家级 or 省部级 (a ministry's too). A8.3 asks it 原则上, so there the line is advisory.
fn projects(base: &Base, rule: &'static str, advisory: bool) -> CheckLine {
    let counts = |level: &ProjectLevel| advisory || *level != ProjectLevel::Ministerial;
    let parts: Vec<(ProjectLevel, usize)> = ProjectLevel::all()
        .iter()
        .map(|&l| (l, base.projects.iter().filter(|p| p.level == l).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    let n = base.projects.iter().filter(|p| counts(&p.level)).count();
    let value = if parts.is_empty() {
        text!("无", "none")
    } else {
        let zh: Vec<String> = parts
            .iter()
            .map(|(l, k)| {
                let apart = if counts(l) { "" } else { "，不计入" };
                format!("{} {k}{apart}", l.zh())
            })
            .collect();
        let en: Vec<String> = parts
            .iter()
            .map(|(l, k)| {
                let apart = if counts(l) { "" } else { ", not counted" };
                format!("{} {k}{apart}", l.code())
            })
            .collect();
        text!(["{n} 项（{}）", zh.join("、")], ["{n} ({})", en.join("; ")])
    };
    let label = if advisory {
        text!(
            "原则上承担过国家级或省部级国际科技创新合作项目（不符合时仅提示）",
            "has, in principle, undertaken a national or provincial/ministerial international cooperation project (a warning only)"
        )
    } else {
        text!(
            "承担过国家级或省级国际科技创新合作项目",
            "has undertaken a national or provincial international cooperation project"
        )
    };
    let mut line = CheckLine::new(rule, label, value, text!("≥ 1", "≥ 1"), n >= 1);
    line.advisory = advisory;
    line
}

#[cfg(test)]
mod tests;
