//! Bases set up under the old application–recognition procedure must pass an evaluation (A10).

use super::Sink;
use crate::domain::base::Base;
use crate::domain::codes::{FindingKind, Origin, Outcome, Severity, Status};
use crate::text;

pub(super) fn push(base: &Base, out: &mut Sink) {
    if base.origin == Origin::Legacy
        && base.status == Status::Recognised
        && base.last_outcome() == Outcome::None
    {
        out.push(
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
