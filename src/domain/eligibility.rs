//! Eligibility checks for an application (A5–A8): one pass/fail line per condition, with the
//! recorded value and the threshold, so a reviewer sees why.

use super::base::Base;
use super::codes::{Category, Code, HostKind, Qualification};
use super::dates::add_years;
use super::money::{PERCENT_SCALE, format_percent, format_wan};
use super::policy::Policy;
use super::text::Text;
use crate::text;
use chrono::NaiveDate;

#[derive(Clone, Debug, PartialEq)]
pub struct CheckLine {
    pub rule: &'static str,
    pub label: Text,
    pub value: Text,
    pub threshold: Text,
    pub pass: bool,
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

fn count_line(rule: &'static str, label: Text, value: Option<u32>, min: u32) -> CheckLine {
    CheckLine {
        rule,
        label,
        value: value.map_or_else(not_recorded, |v| text!("{v}", "{v}")),
        threshold: text!("≥ {min}", "≥ {min}"),
        pass: value.is_some_and(|v| v >= min),
    }
}

fn money_line(rule: &'static str, label: Text, value: Option<i64>, min: i64) -> CheckLine {
    let min_text = format_wan(min);
    CheckLine {
        rule,
        label,
        value: value.map_or_else(not_recorded, |v| {
            let s = format_wan(v);
            text!("{s}", "{s}")
        }),
        threshold: text!("≥ {min_text}", "≥ {min_text}"),
        pass: value.is_some_and(|v| v >= min),
    }
}

/// `part / whole ≥ pct` in exact integer arithmetic (pct in ten-thousandths of a percent).
fn share_line(
    rule: &'static str,
    label: Text,
    part: Option<i64>,
    whole: Option<i64>,
    pct: i64,
    money: bool,
) -> CheckLine {
    let threshold = format_percent(pct);
    let threshold = text!("≥ {threshold}", "≥ {threshold}");
    match (part, whole) {
        (Some(part), Some(whole)) if whole > 0 => {
            let share = (part as i128 * 100 * PERCENT_SCALE as i128 / whole as i128) as i64;
            let (p, w) = if money {
                (format_wan(part), format_wan(whole))
            } else {
                (part.to_string(), whole.to_string())
            };
            let share_text = format_percent(share);
            CheckLine {
                rule,
                label,
                value: text!("{p} / {w} = {share_text}", "{p} / {w} = {share_text}"),
                threshold,
                pass: part as i128 * 100 * PERCENT_SCALE as i128 >= pct as i128 * whole as i128,
            }
        }
        _ => CheckLine {
            rule,
            label,
            value: not_recorded(),
            threshold,
            pass: false,
        },
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
    let mut lines = Vec::new();
    lines.push(CheckLine {
        rule: "A5.1",
        label: text!(
            "依托单位具有独立法人资格",
            "host unit is an independent legal person"
        ),
        value: yes_no(base.host.legal_person),
        threshold: yes_no(true),
        pass: base.host.legal_person,
    });

    let min_years = policy.partner_min_validity_years;
    let qualifying = base
        .partners
        .iter()
        .filter(|p| {
            policy.is_foreign(&p.country)
                && p.signed <= call_date
                && p.valid_until >= add_years(p.signed, min_years)
                && p.valid_on(call_date)
        })
        .count() as u32;
    let min = policy.foreign_partners_min;
    lines.push(CheckLine {
        rule: "A5.2",
        label: text!(
            "国外合作协议：{call_date} 前签署、有效期 ≥ {min_years} 年（港澳台不计）",
            "foreign agreements signed by {call_date}, valid ≥ {min_years} years (HK/Macau/Taiwan not counted)"
        ),
        value: text!("{qualifying}", "{qualifying}"),
        threshold: text!("≥ {min}", "≥ {min}"),
        pass: qualifying >= min,
    });

    let leader = &base.leader;
    let titled = leader.qualification != Qualification::None;
    let title_in_time = titled && leader.qualified_on.is_some_and(|d| d < call_date);
    lines.push(CheckLine {
        rule: "A6.1",
        label: text!(
            "负责人在 {call_date} 指南发布前已取得博士学位、副高及以上职称或企业高级职务",
            "leader held a PhD, senior title or senior enterprise role before the call ({call_date})"
        ),
        value: match (titled, leader.qualified_on) {
            (false, _) => text!("无", "none"),
            (true, None) => text!(["{}，取得日期未填写", leader.qualification.zh()], ["{}, date not recorded", leader.qualification.en()]),
            (true, Some(on)) => text!(["{}（{on}）", leader.qualification.zh()], ["{} ({on})", leader.qualification.en()]),
        },
        threshold: text!("早于 {call_date}", "before {call_date}"),
        pass: title_in_time,
    });
    lines.push(CheckLine {
        rule: "A6.1",
        label: text!(
            "负责人为依托单位在职人员",
            "leader is employed by the host unit"
        ),
        value: yes_no(leader.employed_by_host),
        threshold: yes_no(true),
        pass: leader.employed_by_host,
    });
    lines.push(CheckLine {
        rule: "A6.3",
        label: text!(
            "负责人以境内、境外双重身份申报（不得如此）",
            "leader declared both a domestic and an overseas identity (not allowed)"
        ),
        value: yes_no(leader.dual_identity),
        threshold: yes_no(false),
        pass: !leader.dual_identity,
    });

    let ind = &base.indicators;
    match base.category {
        Category::JointResearch => {
            let t = &policy.joint_research;
            lines.push(money_line(
                "A8.1.1",
                text!("围绕基地建设的投入累计总额", "total input into the base"),
                ind.input_yuan,
                t.input_yuan,
            ));
            lines.push(CheckLine {
                rule: "A8.1.2",
                label: text!("常态化人员互访、学术交流机制", "regular exchange mechanism"),
                value: ind.exchange.map_or_else(not_recorded, yes_no),
                threshold: yes_no(true),
                pass: ind.exchange == Some(true),
            });
            lines.push(count_line(
                "A8.1.3",
                text!(
                    "联合培养研究生或专业人才（名）",
                    "jointly trained students / talent"
                ),
                ind.trained,
                t.trained_min,
            ));
            lines.push(count_line(
                "A8.1.4",
                text!("联合发表高质量论文（篇）", "joint papers"),
                ind.papers,
                t.papers_min,
            ));
            lines.push(count_line(
                "A8.1.4",
                text!("联合合作已授权专利（件）", "granted joint patents"),
                ind.patents,
                t.patents_min,
            ));
            lines.push(count_line(
                "A8.1.5",
                text!("完成科技成果转化项目（项）", "results transferred"),
                ind.transfers,
                t.transfers_min,
            ));
            if base.host.kind == HostKind::Enterprise {
                let min = format_percent(t.rd_intensity);
                lines.push(CheckLine {
                    rule: "A8.1.6",
                    label: text!(
                        "近三年研发经费投入强度平均值（企业）",
                        "average R&D intensity over three years (enterprise)"
                    ),
                    value: ind.rd_intensity.map_or_else(not_recorded, |v| {
                        let s = format_percent(v);
                        text!("{s}", "{s}")
                    }),
                    threshold: text!("≥ {min}", "≥ {min}"),
                    pass: ind.rd_intensity.is_some_and(|v| v >= t.rd_intensity),
                });
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
                ind.projects,
                t.projects_min,
            ));
            lines.push(share_line(
                "A8.2.1",
                text!("其中跨境交易项目数量占比", "cross-border share by count"),
                ind.cross_border_projects.map(i64::from),
                ind.projects.map(i64::from),
                t.cross_border_projects_pct,
                false,
            ));
            lines.push(money_line(
                "A8.2.2",
                text!("技术交易额", "transaction value"),
                ind.deal_yuan,
                t.deal_yuan,
            ));
            lines.push(share_line(
                "A8.2.2",
                text!("其中跨境交易金额占比", "cross-border share by value"),
                ind.cross_border_deal_yuan,
                ind.deal_yuan,
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
                ind.events,
                t.events_min,
            ));
            lines.push(count_line(
                "A8.3.2",
                text!(
                    "战略研究报告或典型经验案例（项）",
                    "strategy reports or case studies"
                ),
                ind.reports,
                t.reports_min,
            ));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::base::Partner;
    use crate::domain::codes::AgreementKind;
    use crate::domain::testkit::{base_applied, d};

    fn line<'a>(lines: &'a [CheckLine], rule: &str) -> &'a CheckLine {
        lines
            .iter()
            .find(|l| l.rule == rule)
            .unwrap_or_else(|| panic!("no line {rule}"))
    }

    fn partner(country: &str, signed: &str, until: &str) -> Partner {
        Partner {
            name: "Nordwind Institut".into(),
            country: country.into(),
            kind: AgreementKind::Agreement,
            signed: d(signed),
            valid_until: d(until),
            ended: None,
        }
    }

    #[test]
    fn a5_1_needs_legal_person() {
        let p = Policy::default_policy();
        let mut b = base_applied();
        assert!(line(&check(&b, &p, d("2026-04-10")), "A5.1").pass);
        b.host.legal_person = false;
        assert!(!line(&check(&b, &p, d("2026-04-10")), "A5.1").pass);
    }

    #[test]
    fn a5_2_foreign_agreement_signed_by_the_call_valid_three_years() {
        let p = Policy::default_policy();
        let call = d("2026-04-10");
        let mut b = base_applied();
        b.partners = vec![partner("德国", "2026-04-10", "2029-04-10")];
        assert!(
            line(&check(&b, &p, call), "A5.2").pass,
            "signed on the call day, exactly 3 years"
        );
        b.partners = vec![partner("德国", "2026-04-11", "2030-01-01")];
        assert!(
            !line(&check(&b, &p, call), "A5.2").pass,
            "signed after the call"
        );
        b.partners = vec![partner("德国", "2026-04-10", "2029-04-09")];
        assert!(
            !line(&check(&b, &p, call), "A5.2").pass,
            "one day short of 3 years"
        );
        b.partners = vec![partner("香港", "2025-01-01", "2030-01-01")];
        assert!(
            !line(&check(&b, &p, call), "A5.2").pass,
            "港澳 does not count"
        );
    }

    #[test]
    fn a6_1_title_must_predate_the_call() {
        let p = Policy::default_policy();
        let call = d("2026-04-10");
        let mut b = base_applied();
        b.leader.qualified_on = Some(d("2026-04-09"));
        assert!(line(&check(&b, &p, call), "A6.1").pass);
        b.leader.qualified_on = Some(d("2026-04-10"));
        assert!(
            !line(&check(&b, &p, call), "A6.1").pass,
            "on the call day is not before it"
        );
        b.leader.qualification = Qualification::None;
        assert!(!line(&check(&b, &p, call), "A6.1").pass);
    }

    #[test]
    fn a6_1_leader_employed_and_a6_3_no_dual_identity() {
        let p = Policy::default_policy();
        let mut b = base_applied();
        b.leader.employed_by_host = false;
        b.leader.dual_identity = true;
        let lines = check(&b, &p, d("2026-04-10"));
        assert!(!lines.iter().filter(|l| l.rule == "A6.1").all(|l| l.pass));
        assert!(!line(&lines, "A6.3").pass);
    }

    #[test]
    fn a8_1_1_input_600_wan_passes_599_9_fails() {
        let p = Policy::default_policy();
        let mut b = base_applied();
        b.indicators.input_yuan = Some(6_000_000);
        assert!(line(&check(&b, &p, d("2026-04-10")), "A8.1.1").pass);
        b.indicators.input_yuan = Some(5_999_600);
        let l = check(&b, &p, d("2026-04-10"));
        let l = line(&l, "A8.1.1");
        assert!(!l.pass);
        assert_eq!(l.value.zh, "599.96万元", "never rounds up to 600");
        b.indicators.input_yuan = None;
        assert_eq!(
            line(&check(&b, &p, d("2026-04-10")), "A8.1.1").value.zh,
            "未填写"
        );
    }

    #[test]
    fn a8_1_2_to_5_counts_at_their_minimums() {
        let p = Policy::default_policy();
        let mut b = base_applied();
        let ind = &mut b.indicators;
        ind.exchange = Some(true);
        ind.trained = Some(1);
        ind.papers = Some(2);
        ind.patents = Some(1);
        ind.transfers = Some(1);
        let lines = check(&b, &p, d("2026-04-10"));
        for rule in ["A8.1.2", "A8.1.3", "A8.1.4", "A8.1.5"] {
            assert!(
                lines.iter().filter(|l| l.rule == rule).all(|l| l.pass),
                "{rule}"
            );
        }
        b.indicators.papers = Some(1);
        b.indicators.trained = Some(0);
        b.indicators.exchange = Some(false);
        b.indicators.transfers = Some(0);
        let lines = check(&b, &p, d("2026-04-10"));
        for rule in ["A8.1.2", "A8.1.3", "A8.1.4", "A8.1.5"] {
            assert!(
                !lines.iter().filter(|l| l.rule == rule).all(|l| l.pass),
                "{rule}"
            );
        }
    }

    #[test]
    fn a8_1_6_rd_intensity_only_for_enterprises() {
        let p = Policy::default_policy();
        let mut b = base_applied();
        b.host.kind = HostKind::University;
        assert!(
            check(&b, &p, d("2026-04-10"))
                .iter()
                .all(|l| l.rule != "A8.1.6")
        );
        b.host.kind = HostKind::Enterprise;
        b.indicators.rd_intensity = Some(35_000);
        assert!(line(&check(&b, &p, d("2026-04-10")), "A8.1.6").pass);
        b.indicators.rd_intensity = Some(34_999);
        assert!(!line(&check(&b, &p, d("2026-04-10")), "A8.1.6").pass);
    }

    #[test]
    fn a8_2_projects_and_cross_border_shares() {
        let p = Policy::default_policy();
        let mut b = base_applied();
        b.category = Category::TechTransfer;
        b.indicators.projects = Some(10);
        b.indicators.cross_border_projects = Some(2);
        b.indicators.deal_yuan = Some(5_000_000);
        b.indicators.cross_border_deal_yuan = Some(1_000_000);
        let lines = check(&b, &p, d("2026-04-10"));
        assert!(
            lines
                .iter()
                .filter(|l| l.rule.starts_with("A8.2"))
                .all(|l| l.pass)
        );
        b.indicators.projects = Some(9);
        b.indicators.cross_border_deal_yuan = Some(999_999);
        let lines = check(&b, &p, d("2026-04-10"));
        let a821: Vec<bool> = lines
            .iter()
            .filter(|l| l.rule == "A8.2.1")
            .map(|l| l.pass)
            .collect();
        assert_eq!(
            a821,
            vec![false, true],
            "9 projects fail; 2 of 9 is 22% and passes"
        );
        let a822: Vec<bool> = lines
            .iter()
            .filter(|l| l.rule == "A8.2.2")
            .map(|l| l.pass)
            .collect();
        assert_eq!(a822, vec![true, false]);
    }

    #[test]
    fn a8_3_events_and_reports() {
        let p = Policy::default_policy();
        let mut b = base_applied();
        b.category = Category::Featured;
        b.indicators.events = Some(2);
        b.indicators.reports = Some(1);
        assert!(
            check(&b, &p, d("2026-04-10"))
                .iter()
                .filter(|l| l.rule.starts_with("A8.3"))
                .all(|l| l.pass)
        );
        b.indicators.events = Some(1);
        b.indicators.reports = Some(0);
        assert!(
            check(&b, &p, d("2026-04-10"))
                .iter()
                .filter(|l| l.rule.starts_with("A8.3"))
                .all(|l| !l.pass)
        );
    }
}
