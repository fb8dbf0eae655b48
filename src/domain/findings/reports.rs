//! Annual execution reports (A15.3.1) and the national practice on reports missed in a row.

use super::Sink;
use crate::domain::base::Base;
use crate::domain::codes::{FindingKind, ReportStatus, Severity};
use crate::domain::dates::days_between;
use crate::domain::lifecycle::Ctx;
use crate::domain::obligations::report_lines;
use crate::text;

pub(super) fn push(base: &Base, ctx: &Ctx, out: &mut Sink) {
    let (today, policy) = (ctx.today, ctx.policy);
    let mut missed_run = 0u32;
    for line in &report_lines(base, policy, today) {
        let year = line.year;
        let due = line.due;
        if line.status == ReportStatus::Missing {
            missed_run += 1;
            out.about(year).push(
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
                out.about(year).push(
                    FindingKind::ReportsMissedInRow,
                    super::PRACTICE,
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
        if line.status == ReportStatus::Due && days_between(today, due) <= policy.report_warn_days {
            out.about(year).push(
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
            out.about(year).push(
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
}
