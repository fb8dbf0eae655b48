//! The leader's qualification and employment (A6.1) and a single identity (A6.3).

use super::Sink;
use crate::domain::base::Base;
use crate::domain::codes::{FindingKind, Qualification, Severity};
use crate::text;

pub(super) fn push(base: &Base, out: &mut Sink) {
    let leader = &base.leader;
    let name = &leader.name;
    if leader.qualification == Qualification::None || !leader.employed_by_host {
        out.push(
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
        out.push(
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
