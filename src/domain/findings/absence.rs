//! An evaluation missed without a recorded excuse: a removal candidate (A14.2).

use super::Sink;
use crate::domain::base::Base;
use crate::domain::codes::{Code, FindingKind, Severity};
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
