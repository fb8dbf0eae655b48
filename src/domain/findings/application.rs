//! An application from a host unit still barred by a removal (A14).

use super::{BanIndex, Sink};
use crate::domain::base::Base;
use crate::domain::codes::{FindingKind, Severity};
use crate::domain::lifecycle::Ctx;
use crate::text;

pub(super) fn push(base: &Base, ctx: &Ctx, bans: &BanIndex, out: &mut Sink) {
    let policy = ctx.policy;
    let Some(ban) = bans.for_host(&base.host.name).iter().find(|b| {
        b.base_id != base.id && b.covers(policy, &base.host.name, base.category, base.applied_on)
    }) else {
        return;
    };
    let last = ban.last_day(policy);
    out.push(
        FindingKind::ApplicationBanned,
        "A14",
        Severity::Critical,
        None,
        text!(
            [
                "依托单位的基地 {} 于 {} 撤销，至 {last}（含）不得重新申请",
                ban.base_id,
                ban.removed_on
            ],
            [
                "the host unit's base {} was removed on {}; no new application through {last} (inclusive)",
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
