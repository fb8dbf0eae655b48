//! At least one valid agreement with a foreign partner, agreements about to end, and partners
//! whose stored country no table entry matched (A5.2).

use super::Sink;
use crate::domain::base::Base;
use crate::domain::codes::{FindingKind, Severity};
use crate::domain::dates::days_between;
use crate::domain::lifecycle::Ctx;
use crate::text;

pub(super) fn push(base: &Base, ctx: &Ctx, out: &mut Sink) {
    let (today, policy) = (ctx.today, ctx.policy);
    let foreign_valid: Vec<_> = base
        .partners
        .iter()
        .filter(|p| p.valid_on(today) && policy.countries.is_foreign(p.country_code.as_deref()))
        .collect();
    for (i, partner) in base.partners.iter().enumerate() {
        if partner.country_code.is_some() {
            continue;
        }
        let (n, name, country, id) = (i + 1, &partner.name, &partner.country, &base.id);
        out.about(format!("{name}/country")).push(
            FindingKind::PartnerCountryUnknown,
            "A5.2",
            Severity::Medium,
            None,
            text!(
                "合作方#{n}「{name}」的国别「{country}」不在国家表中（旧数据），未计入国外合作方",
                "partner #{n} '{name}': its country '{country}' is in no table entry (old data) and is not counted as foreign"
            ),
            text!(
                "核实后更正：jidi partner country {id} {n} 国家或地区",
                "check and correct it: jidi partner country {id} {n} COUNTRY"
            ),
        );
    }
    if foreign_valid.is_empty() {
        out.push(
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
        if days_between(today, until) <= policy.partner_expiry_warn_days {
            let only_one = foreign_valid.len() == 1 && foreign_valid[0] == partner;
            out.about(&partner.name).push(
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
}
