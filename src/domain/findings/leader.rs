//! The leader's qualification and employment (A6.1) and a single identity (A6.3); a leader
//! change filed without the new leader's qualification (A6.1, A15.3.2).

use super::Sink;
use crate::domain::base::Base;
use crate::domain::codes::{ChangeKind, FindingKind, Qualification, Severity};
use crate::text;

pub(super) fn push(base: &Base, out: &mut Sink) {
    let leader = &base.leader;
    let name = &leader.name;
    let titled = leader.title_qualifies(base.host.kind);
    // The filing that brought in today's leader, if it came without a qualification.
    let unqualified_change = base
        .changes
        .iter()
        .rev()
        .find(|c| c.kind == ChangeKind::Leader)
        .filter(|c| c.new_value == leader.name && leader.qualification == Qualification::None);
    if let Some(change) = unqualified_change {
        let (n, old, id) = (change.n, &change.old_value, &base.id);
        out.push(
            FindingKind::LeaderChangeUnqualified,
            "A6.1",
            Severity::Medium,
            None,
            text!(
                "负责人变更#{n}（{old} → {name}）未填写新负责人的资格",
                "leader change #{n} ({old} → {name}) was filed without the new leader's qualification"
            ),
            text!(
                "核实后记录：jidi edit {id} qualification=资格 qualified_on=日期",
                "verify and record it: jidi edit {id} qualification=Q qualified_on=DATE"
            ),
        );
    } else if !titled || !leader.employed_by_host {
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
            } else if !titled {
                text!(
                    "负责人{name}的企业高级职务仅在依托单位为企业时符合条件，依托单位不是企业",
                    "leader {name}'s senior enterprise role qualifies only at an enterprise host, and this host is not one"
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
