//! Security risks: the plan on file and the notes still open (A15.3.4).

use super::Sink;
use crate::domain::base::Base;
use crate::domain::codes::{Code, FindingKind, RiskStatus, Severity};
use crate::domain::lifecycle::Ctx;
use crate::text;

pub(super) fn push_plan(base: &Base, out: &mut Sink) {
    if base.risk_plan.is_none() {
        out.push(
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
}

pub(super) fn push_open(base: &Base, ctx: &Ctx, out: &mut Sink) {
    for note in base.risks.iter().filter(|n| n.status != RiskStatus::Closed) {
        if ctx.policy.risk_severities.contains(&note.severity) {
            let (n, area, area_en) = (note.n, note.area.zh(), note.area.en());
            out.about(n).push(
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
}
