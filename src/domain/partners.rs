//! Partner agreements (A5.2): each with a country from the policy's table, signed, valid until
//! a date, possibly ended early.

use super::base::{Base, Partner};
use super::codes::AgreementKind;
use super::lifecycle::{Ctx, not_in_future};
use super::names::{self, MAX_NAME};
use super::text::{Refusal, RuleResult};
use crate::text;
use chrono::NaiveDate;

/// A partner agreement to add (A5.2).
#[derive(Clone, Debug)]
pub struct PartnerInput {
    pub name: String,
    pub country: String,
    pub kind: AgreementKind,
    pub signed: NaiveDate,
    pub until: NaiveDate,
}

pub fn add_partner(base: &mut Base, ctx: &Ctx, input: PartnerInput) -> RuleResult<()> {
    let name = names::required("--name", &input.name, MAX_NAME)?;
    let country = names::required("--country", &input.country, MAX_NAME)?;
    let code = ctx
        .policy
        .countries
        .resolve_or_refuse("--country", &country)?
        .code
        .clone();
    not_in_future(ctx, "签署", "signing", input.signed)?;
    if input.until <= input.signed {
        return Err(Refusal::rule(
            "A5.2",
            text!(
                ["有效期至 {} 不晚于签署日期 {}", input.until, input.signed],
                [
                    "valid-until {} is not after the signing date {}",
                    input.until,
                    input.signed
                ]
            ),
        ));
    }
    base.partners.push(Partner {
        name,
        country,
        country_code: Some(code),
        kind: input.kind,
        signed: input.signed,
        valid_until: input.until,
        ended: None,
    });
    Ok(())
}

/// The partner named `which`: its number from 1, or its name.
fn partner_mut<'a>(base: &'a mut Base, which: &str) -> RuleResult<&'a mut Partner> {
    let index = names::pick(&base.partners, which, |p| &p.name);
    let id = base.id.clone();
    index.map(|i| &mut base.partners[i]).ok_or_else(|| {
        let which = super::sanitize::quote(which);
        Refusal::input(text!(
            "{id} 没有合作方「{which}」（可用序号或名称）",
            "{id} has no partner '{which}' (use its number or name)"
        ))
    })
}

/// Sets a partner's country, as when correcting one stored before countries had codes whose name
/// no table entry matched (A5.2). Returns the partner's name and the country's code.
pub fn set_partner_country(
    base: &mut Base,
    ctx: &Ctx,
    which: &str,
    country: &str,
) -> RuleResult<(String, String)> {
    let country = names::required("COUNTRY", country, MAX_NAME)?;
    let code = ctx
        .policy
        .countries
        .resolve_or_refuse("COUNTRY", &country)?
        .code
        .clone();
    let partner = partner_mut(base, which)?;
    partner.country = country;
    partner.country_code = Some(code.clone());
    Ok((partner.name.clone(), code))
}

/// Ends the partner agreement named `which` (its number from 1, or its name) on `date`.
pub fn end_partner(base: &mut Base, ctx: &Ctx, which: &str, date: NaiveDate) -> RuleResult<()> {
    not_in_future(ctx, "终止", "end", date)?;
    let partner = partner_mut(base, which)?;
    if partner.ended.is_some() {
        return Err(Refusal::input(text!(
            "该合作协议已终止",
            "that agreement has already ended"
        )));
    }
    if date < partner.signed {
        return Err(Refusal::input(text!(
            ["终止日期 {date} 早于签署日期 {}", partner.signed],
            ["end date {date} is before the signing ({})", partner.signed]
        )));
    }
    partner.ended = Some(date);
    Ok(())
}

#[cfg(test)]
mod tests;
