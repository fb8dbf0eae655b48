//! Triage findings: what needs action, computed from the records and today's date, never stored.
//! Each carries its rule id, a severity, a due date where one exists and a one-line "what to do".

use super::base::Base;
use super::codes::{
    Code, FindingKind, Origin, Outcome, Qualification, ReportStatus, RiskStatus, Severity, Status,
};
use super::dates::{add_days, days_between};
use super::lifecycle::{Ban, Ctx};
use super::names;
use super::obligations::report_lines;
use super::text::Text;
use crate::text;
use chrono::NaiveDate;
use std::cmp::Reverse;
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub base_id: String,
    pub kind: FindingKind,
    /// DOMAIN.md rule id, or `practice` for national practice that is not in the regulation.
    pub rule: &'static str,
    pub severity: Severity,
    pub due: Option<NaiveDate>,
    pub message: Text,
    /// What to do next, one line.
    pub action: Text,
}

/// Removals that bar host units from applying (A14), gathered once for a whole pass and looked
/// up by normalised host name, so a pass over many applications stays linear.
#[derive(Default)]
pub struct BanIndex {
    by_host: HashMap<String, Vec<Ban>>,
}

impl BanIndex {
    pub fn new<'a>(bases: impl IntoIterator<Item = &'a Base>) -> BanIndex {
        BanIndex::from_bans(bases.into_iter().filter_map(Ban::of).collect())
    }

    pub fn from_bans(bans: Vec<Ban>) -> BanIndex {
        let mut by_host: HashMap<String, Vec<Ban>> = HashMap::new();
        for ban in bans {
            by_host.entry(ban.host_key.clone()).or_default().push(ban);
        }
        BanIndex { by_host }
    }

    /// The bans on the unit named `host` (any spelling that normalises the same).
    pub fn for_host(&self, host: &str) -> &[Ban] {
        self.by_host
            .get(&names::key(host))
            .map_or(&[], Vec::as_slice)
    }
}

/// Every finding for one base as of `ctx.today`.
pub fn findings(base: &Base, ctx: &Ctx, bans: &BanIndex) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut push = |kind, rule, severity, due, message: Text, action: Text| {
        out.push(Finding {
            base_id: base.id.clone(),
            kind,
            rule,
            severity,
            due,
            message,
            action,
        });
    };
    let today = ctx.today;
    let policy = ctx.policy;
    let managed = base.status.is_managed();

    if managed {
        let lines = report_lines(base, policy, today);
        let mut missed_run = 0u32;
        for line in &lines {
            let year = line.year;
            let due = line.due;
            if line.status == ReportStatus::Missing {
                missed_run += 1;
                push(
                    FindingKind::ReportOverdue,
                    "A15.3.1",
                    Severity::Medium,
                    Some(due),
                    text!(
                        "{year} 年度执行报告逾期未提交（应于 {due} 前）",
                        "{year} execution report missing (due {due})"
                    ),
                    text!(
                        "督促依托单位在阳光政务平台提交并记录",
                        "chase the host unit to submit it, then record it"
                    ),
                );
                if missed_run == policy.consecutive_missed_high {
                    push(
                        FindingKind::ReportsMissedInRow,
                        "practice",
                        Severity::High,
                        Some(due),
                        text!(
                            "连续 {missed_run} 年未提交年度执行报告（截至 {year} 年度）",
                            "{missed_run} execution reports missed in a row (to {year})"
                        ),
                        text!(
                            "按国家惯例升级处理：约谈依托单位",
                            "escalate as national practice does: meet the host unit"
                        ),
                    );
                }
            } else {
                missed_run = 0;
            }
            if line.status == ReportStatus::Due
                && days_between(today, due) <= policy.report_warn_days
            {
                push(
                    FindingKind::ReportDueSoon,
                    "A15.3.1",
                    Severity::Low,
                    Some(due),
                    text!(
                        "{year} 年度执行报告将于 {due} 到期",
                        "{year} execution report due {due}"
                    ),
                    text!(
                        "提醒依托单位按时提交",
                        "remind the host unit to submit on time"
                    ),
                );
            }
            if let Some(by) = line.resubmit_by {
                let severity = if today > by {
                    Severity::Medium
                } else {
                    Severity::Low
                };
                push(
                    FindingKind::ReportReturned,
                    "A15.3.1",
                    severity,
                    Some(by),
                    text!(
                        "{year} 年度执行报告已退回修改，应于 {by} 前重新提交",
                        "{year} execution report returned; resubmit by {by}"
                    ),
                    text!(
                        "跟进修改稿并记录重新提交",
                        "follow up the revision and record the resubmission"
                    ),
                );
            }
        }

        // A re-evaluation that took place (even one the base missed) ends this finding; an
        // absence is then a removal candidate instead.
        if let Some(deadline) = base
            .rectification_deadline
            .filter(|_| base.status == Status::Rectifying)
            .filter(|d| !base.rounds.iter().any(|r| r.date >= *d))
        {
            let days = days_between(today, deadline);
            if days < 0 {
                push(
                    FindingKind::RectificationDue,
                    "A14.1",
                    Severity::High,
                    Some(deadline),
                    text!(
                        "整改期限 {deadline} 已过，尚未复评",
                        "rectification deadline {deadline} passed without re-evaluation"
                    ),
                    text!(
                        "组织复评并用“标记”记录结果",
                        "arrange the re-evaluation and record its outcome"
                    ),
                );
            } else if days <= policy.rectification_warn_days {
                push(
                    FindingKind::RectificationDue,
                    "A14.1",
                    Severity::Medium,
                    Some(deadline),
                    text!(
                        "整改期限 {deadline} 将至，复评可自当日起进行",
                        "rectification ends {deadline}; re-evaluation may be held from that day"
                    ),
                    text!("安排整改期后复评", "schedule the re-evaluation"),
                );
            }
        }

        if base.last_outcome().is_absence()
            && base.last_round().is_some_and(|r| r.excused.is_none())
        {
            let round = base.last_round().expect("an outcome implies a round");
            let outcome = round.outcome;
            push(
                FindingKind::RemovalCandidate,
                "A14.2",
                Severity::High,
                None,
                text!(
                    [
                        "{}（{}）结果为{}，尚未决定是否撤销",
                        round.round,
                        round.date,
                        outcome.zh()
                    ],
                    [
                        "{} ({}) outcome {}; no removal decided",
                        round.round,
                        round.date,
                        outcome.en()
                    ]
                ),
                text!(
                    "判断是否“无故”：无故则以 A14.2 撤销；有正当理由则记录（:excuse 理由 / jidi excuse）",
                    "judge whether it was without cause: remove under A14.2, or record the reason (:excuse / jidi excuse)"
                ),
            );
        }

        let window = policy.change_filing_window_days;
        for filing in &base.changes {
            let last_day = add_days(filing.effective, window);
            let n = filing.n;
            let kind = filing.kind.zh();
            let kind_en = filing.kind.en();
            let filed = [filing.filed_province, filing.filed_recommender];
            if filed.iter().any(Option::is_none) {
                let missing_zh = match filed {
                    [None, None] => "省科技厅和推荐单位",
                    [None, Some(_)] => "省科技厅",
                    _ => "推荐单位",
                };
                let missing_en = match filed {
                    [None, None] => "the department and the recommender",
                    [None, Some(_)] => "the department",
                    _ => "the recommender",
                };
                let overdue = today > last_day;
                push(
                    FindingKind::ChangeNotFiled,
                    "A15.3.2",
                    if overdue {
                        Severity::Medium
                    } else {
                        Severity::Low
                    },
                    Some(last_day),
                    if overdue {
                        text!(
                            [
                                "变更#{n}（{kind}，{}生效）未向{missing_zh}报备，报备期限 {last_day} 已过",
                                filing.effective
                            ],
                            [
                                "change #{n} ({kind_en}, effective {}) not filed to {missing_en}; the window ended {last_day}",
                                filing.effective
                            ]
                        )
                    } else {
                        text!(
                            "变更#{n}（{kind}）须于 {last_day} 前向{missing_zh}报备",
                            "change #{n} ({kind_en}) must be filed to {missing_en} by {last_day}"
                        )
                    },
                    text!(
                        "要求依托单位书面报备（隐瞒重大事项见 A14.6）",
                        "ask the host unit for its written filing (concealment: A14.6)"
                    ),
                );
            } else if filed.iter().flatten().any(|d| *d > last_day) {
                push(
                    FindingKind::ChangeFiledLate,
                    "A15.3.2",
                    Severity::Low,
                    Some(last_day),
                    text!(
                        "变更#{n}（{kind}）报备晚于期限 {last_day}",
                        "change #{n} ({kind_en}) was filed after the window ended {last_day}"
                    ),
                    text!(
                        "在评估中记录逾期报备",
                        "note the late filing for the evaluation"
                    ),
                );
            }
        }

        if base.risk_plan.is_none() {
            push(
                FindingKind::RiskPlanMissing,
                "A15.3.4",
                Severity::Medium,
                None,
                text!(
                    "未备案科技安全风险应对预案",
                    "no security-risk plan on file"
                ),
                text!(
                    "要求依托单位制定预案并记录日期",
                    "ask the host unit for its plan and record its date"
                ),
            );
        }

        if base.origin == Origin::Legacy
            && base.status == Status::Recognised
            && base.last_outcome() == Outcome::None
        {
            push(
                FindingKind::LegacyUnevaluated,
                "A10",
                Severity::Medium,
                None,
                text!(
                    "原“申报—认定”程序设立的基地尚未评估，须获优秀或合格方可保留",
                    "legacy base never evaluated; it stays only with excellent or qualified"
                ),
                text!("安排绩效评估", "schedule its evaluation"),
            );
        }
    }

    if managed || base.status.is_application() {
        for note in base.risks.iter().filter(|n| n.status != RiskStatus::Closed) {
            if policy.risk_severities.contains(&note.severity) {
                let (n, area, area_en) = (note.n, note.area.zh(), note.area.en());
                push(
                    FindingKind::RiskOpen,
                    "A15.3.4",
                    note.severity,
                    None,
                    text!(
                        ["风险#{n}（{area}，{}）仍未关闭", note.severity.zh()],
                        ["risk #{n} ({area_en}, {}) still open", note.severity.en()]
                    ),
                    text!(
                        "跟进处置措施，必要时按 A14.4 处理",
                        "follow up the mitigation; A14.4 if it came to harm"
                    ),
                );
            }
        }

        let foreign_valid: Vec<_> = base
            .partners
            .iter()
            .filter(|p| p.valid_on(today) && policy.is_foreign(&p.country))
            .collect();
        if foreign_valid.is_empty() {
            push(
                FindingKind::NoValidPartner,
                "A5.2",
                Severity::High,
                None,
                text!(
                    "没有有效的国外合作协议（港澳台合作方不计入）",
                    "no valid agreement with a foreign partner (HK/Macau/Taiwan do not count)"
                ),
                text!(
                    "要求依托单位续签或补充国外合作协议",
                    "ask the host unit to renew or add a foreign agreement"
                ),
            );
        }
        for partner in base.partners.iter().filter(|p| p.valid_on(today)) {
            let until = partner.valid_until;
            let days = days_between(today, until);
            if days <= policy.partner_expiry_warn_days {
                let only_one = foreign_valid.len() == 1 && foreign_valid[0] == partner;
                push(
                    FindingKind::PartnerExpiring,
                    "A5.2",
                    if only_one {
                        Severity::Medium
                    } else {
                        Severity::Low
                    },
                    Some(until),
                    text!(
                        ["与{}的合作协议将于 {until} 到期", partner.name],
                        ["agreement with {} ends {until}", partner.name]
                    ),
                    text!("提醒续签", "remind the host unit to renew it"),
                );
            }
        }

        let leader = &base.leader;
        let name = &leader.name;
        if leader.qualification == Qualification::None || !leader.employed_by_host {
            push(
                FindingKind::LeaderUnqualified,
                "A6.1",
                Severity::Medium,
                None,
                if leader.qualification == Qualification::None {
                    text!(
                        "负责人{name}无博士学位、副高及以上职称或企业高级职务",
                        "leader {name} holds no PhD, senior title or senior enterprise role"
                    )
                } else {
                    text!(
                        "负责人{name}不是依托单位在职人员",
                        "leader {name} is not employed by the host unit"
                    )
                },
                text!(
                    "核实资格或报备负责人变更",
                    "verify the qualification or file a leader change"
                ),
            );
        }
        if leader.dual_identity {
            push(
                FindingKind::LeaderDualIdentity,
                "A6.3",
                Severity::High,
                None,
                text!(
                    "负责人{name}以境内、境外双重身份申报或参与",
                    "leader {name} declared both a domestic and an overseas identity"
                ),
                text!(
                    "要求依托单位更正身份或更换负责人",
                    "ask the host unit to correct the identity or change the leader"
                ),
            );
        }
    }

    if base.status.is_application()
        && let Some(ban) = bans.for_host(&base.host.name).iter().find(|b| {
            b.base_id != base.id
                && b.covers(policy, &base.host.name, base.category, base.applied_on)
        })
    {
        let last = ban.last_day(policy);
        push(
            FindingKind::ApplicationBanned,
            "A14",
            Severity::Critical,
            None,
            text!(
                [
                    "依托单位的基地 {} 于 {} 撤销，{last} 前不得重新申请",
                    ban.base_id,
                    ban.removed_on
                ],
                [
                    "the host unit's base {} was removed on {}; no new application until after {last}",
                    ban.base_id,
                    ban.removed_on
                ]
            ),
            text!(
                "将该申报设为不予认定",
                "end this application as not recognised"
            ),
        );
    }
    out
}

/// Most urgent first: severity, then due date (a finding without one counts as due today), then id.
pub fn sort_by_urgency(findings: &mut [Finding], today: NaiveDate) {
    findings.sort_by(|a, b| {
        (
            Reverse(a.severity),
            a.due.unwrap_or(today),
            &a.base_id,
            a.kind,
        )
            .cmp(&(
                Reverse(b.severity),
                b.due.unwrap_or(today),
                &b.base_id,
                b.kind,
            ))
    });
}

/// Findings due within `days` of today (overdue ones and those without a due date included).
pub fn within(finding: &Finding, today: NaiveDate, days: i64) -> bool {
    finding.due.is_none_or(|due| due <= add_days(today, days))
}

#[cfg(test)]
mod tests;
