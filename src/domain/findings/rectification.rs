//! The rectification period (A15.1.3: 限期一年整改) and the re-evaluation after it (A14.1).

use super::Sink;
use crate::domain::base::Base;
use crate::domain::codes::{FindingKind, Severity, Status};
use crate::domain::dates::days_between;
use crate::domain::lifecycle::Ctx;
use crate::text;

pub(super) fn push(base: &Base, ctx: &Ctx, out: &mut Sink) {
    // A re-evaluation that took place (even one the base missed) ends this finding; an
    // absence is then a removal candidate instead.
    let Some(deadline) = base
        .rectification_deadline
        .filter(|_| base.status == Status::Rectifying)
        .filter(|d| !base.rounds.iter().any(|r| r.date >= *d))
    else {
        return;
    };
    let days = days_between(ctx.today, deadline);
    if days < 0 {
        out.push(
            FindingKind::RectificationDue,
            "A15.1.3",
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
    } else if days <= ctx.policy.rectification_warn_days {
        out.push(
            FindingKind::RectificationDue,
            "A15.1.3",
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
