//! An evaluation missed without a recorded excuse: a removal candidate (A14.2); and an A14.2
//! removal whose absence was excused.

use super::Sink;
use crate::domain::base::Base;
use crate::domain::codes::{Code, FindingKind, RemovalReason, Severity};
use crate::text;

pub(super) fn push(base: &Base, out: &mut Sink) {
    let Some(round) = base
        .last_round()
        .filter(|r| r.excused.is_none() && base.last_outcome().is_absence())
    else {
        return;
    };
    let outcome = round.outcome;
    out.push(
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

/// A removal under A14.2 ("无故") of an absence someone has since excused: the removal has lost
/// its ground. New removals of an excused absence are refused; this finds the ones on record.
pub(super) fn push_removal(base: &Base, out: &mut Sink) {
    let Some(removal) = base
        .removal
        .as_ref()
        .filter(|r| r.reason == RemovalReason::A14_2)
    else {
        return;
    };
    let Some(excuse) = base
        .rounds
        .iter()
        .rev()
        .find(|r| r.outcome.is_absence())
        .and_then(|r| r.excused.as_ref())
    else {
        return;
    };
    let (removed, on, why) = (removal.date, excuse.on, &excuse.reason);
    out.push(
        FindingKind::RemovalAfterExcuse,
        "A14.2",
        Severity::High,
        None,
        text!(
            "{removed} 以 A14.2（无故缺席）撤销，但 {on} 已记录正当理由：{why}",
            "removed {removed} under A14.2 (absent without cause), but a justification was recorded {on}: {why}"
        ),
        text!(
            "复核撤销决定：有正当理由不适用 A14.2",
            "review the removal: A14.2 does not apply to a justified absence"
        ),
    );
}
