//! Major-change filings (A15.3.2): a rename, leader or host change updates the base when filed,
//! keeping the old value; a leader change carries the new leader's particulars (A6.1). The
//! recommender reviews what was filed to it (A15.2.2).

use super::base::{Base, ChangeFiling, Leader};
use super::codes::{ChangeKind, Code, Identity, Qualification, Review};
use super::lifecycle::{Ctx, not_in_future};
use super::names::{self, MAX_NAME};
use super::ops::managed_or_refuse;
use super::text::{Refusal, RuleResult};
use crate::text;
use chrono::NaiveDate;

/// A major change to file (A15.3.2).
#[derive(Clone, Debug)]
pub struct ChangeInput {
    pub kind: ChangeKind,
    pub effective: NaiveDate,
    pub filed_province: Option<NaiveDate>,
    pub filed_recommender: Option<NaiveDate>,
    pub to: Option<String>,
    /// For a leader change: the new leader's particulars, entered with the filing.
    pub leader: NewLeader,
}

/// The new leader's particulars, entered with a leader change (A6.1, A6.3) and never inherited
/// from the old leader. Without a qualification the change is filed, and is a finding (A6.1).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewLeader {
    pub qualification: Option<Qualification>,
    pub qualified_on: Option<NaiveDate>,
    /// Default: 境内.
    pub identity: Option<Identity>,
    pub dual_identity: bool,
    /// 依托单位在职人员; default: yes.
    pub employed: Option<bool>,
}

impl NewLeader {
    /// The leader named `name`, refusing a qualification without its date (or the reverse).
    pub(super) fn into_leader(self, ctx: &Ctx, name: String) -> RuleResult<Leader> {
        let qualification = self.qualification.unwrap_or(Qualification::None);
        match (qualification, self.qualified_on) {
            (Qualification::None, Some(_)) => {
                return Err(Refusal::input(text!(
                    "--qualified-on 须与 --qualification 一起给出",
                    "--qualified-on goes with --qualification"
                )));
            }
            (q, None) if q != Qualification::None => {
                return Err(Refusal::rule(
                    "A6.1",
                    text!(
                        [
                            "{}须给出取得日期 --qualified-on（A6.1 要求指南发布前取得）",
                            q.zh()
                        ],
                        [
                            "{} needs the date it was obtained, --qualified-on (A6.1: before the call)",
                            q.en()
                        ]
                    ),
                ));
            }
            (_, Some(on)) => not_in_future(ctx, "资格取得", "qualification", on)?,
            _ => {}
        }
        Ok(Leader {
            name,
            qualification,
            qualified_on: self.qualified_on,
            identity: self.identity.unwrap_or(Identity::Domestic),
            dual_identity: self.dual_identity,
            employed_by_host: self.employed.unwrap_or(true),
        })
    }
}

/// Whether `base` files major changes at all (A15.3.2): only a recognised or rectifying base
/// does. A form checks it before it asks for anything.
pub fn can_file_change(base: &Base) -> RuleResult<()> {
    managed_or_refuse(base, "A15.3.2")
}

/// Files a major change; a rename, leader or host change is applied to the base at once, the old
/// value kept (a renamed base stays findable by its former name; the old leader in the history).
/// Returns the filing's number.
pub fn file_change(base: &mut Base, ctx: &Ctx, input: ChangeInput) -> RuleResult<u32> {
    can_file_change(base)?;
    if input.kind != ChangeKind::Leader && input.leader != NewLeader::default() {
        return Err(Refusal::input(text!(
            "--qualification、--qualified-on、--identity、--dual-identity、--employed 只用于负责人变更",
            "--qualification, --qualified-on, --identity, --dual-identity and --employed are for a leader change"
        )));
    }
    not_in_future(ctx, "变更生效", "effective", input.effective)?;
    for filed in [input.filed_province, input.filed_recommender]
        .into_iter()
        .flatten()
    {
        not_in_future(ctx, "报备", "filing", filed)?;
    }
    let to = match &input.to {
        Some(v) => Some(names::required("--to", v, MAX_NAME)?),
        None => None,
    };
    let needs_to = matches!(
        input.kind,
        ChangeKind::Rename | ChangeKind::Leader | ChangeKind::Host
    );
    let new_value = match (to, needs_to) {
        (Some(v), _) => v,
        (None, false) => String::new(),
        (None, true) => {
            return Err(Refusal::input(text!(
                ["{}须用 --to 给出新值", input.kind.zh()],
                ["a {} needs the new value with --to", input.kind.en()]
            )));
        }
    };
    // The new leader's particulars are checked first: they are wrong whoever is named.
    let new_leader = match input.kind {
        ChangeKind::Leader => Some(input.leader.into_leader(ctx, new_value.clone())?),
        _ => None,
    };
    let current = match input.kind {
        ChangeKind::Rename => Some(&base.name),
        ChangeKind::Leader => Some(&base.leader.name),
        ChangeKind::Host => Some(&base.host.name),
        ChangeKind::Partner | ChangeKind::Other => None,
    };
    if let Some(current) = current
        && names::key(current) == names::key(&new_value)
    {
        let id = &base.id;
        let hint = if input.kind == ChangeKind::Leader {
            text!(
                "；补记现任负责人的资格用 jidi edit {id} qualification=资格 qualified_on=日期",
                "; to record the current leader's qualification use jidi edit {id} qualification=Q qualified_on=DATE"
            )
        } else {
            text!("", "")
        };
        let (hint_zh, hint_en) = (&hint.zh, &hint.en);
        return Err(Refusal::rule(
            "A15.3.2",
            text!(
                [
                    "{}：新值「{current}」与现值相同，不是变更{hint_zh}",
                    input.kind.zh()
                ],
                [
                    "{}: the new value '{current}' is what the base has now; nothing changes{hint_en}",
                    input.kind.en()
                ]
            ),
        ));
    }
    let old_value = match input.kind {
        ChangeKind::Rename => {
            let old = std::mem::replace(&mut base.name, new_value.clone());
            base.former_names.push(old.clone());
            old
        }
        ChangeKind::Leader => {
            let new = new_leader.expect("made above for a leader change");
            std::mem::replace(&mut base.leader, new).name
        }
        ChangeKind::Host => std::mem::replace(&mut base.host.name, new_value.clone()),
        ChangeKind::Partner | ChangeKind::Other => String::new(),
    };
    let n = base.changes.iter().map(|c| c.n).max().unwrap_or(0) + 1;
    base.changes.push(ChangeFiling {
        n,
        kind: input.kind,
        effective: input.effective,
        old_value,
        new_value,
        filed_province: input.filed_province,
        filed_recommender: input.filed_recommender,
        review: Review::Pending,
    });
    Ok(n)
}

fn change_mut(base: &mut Base, n: u32) -> RuleResult<&mut ChangeFiling> {
    let id = base.id.clone();
    base.changes.iter_mut().find(|c| c.n == n).ok_or_else(|| {
        Refusal::input(text!(
            "{id} 没有第 {n} 号变更报备",
            "{id} has no change filing #{n}"
        ))
    })
}

/// Records when a change was filed to 省科技厅 and/or the recommender.
pub fn record_change_filed(
    base: &mut Base,
    ctx: &Ctx,
    n: u32,
    province: Option<NaiveDate>,
    recommender: Option<NaiveDate>,
) -> RuleResult<()> {
    for filed in [province, recommender].into_iter().flatten() {
        not_in_future(ctx, "报备", "filing", filed)?;
    }
    let filing = change_mut(base, n)?;
    if province.is_some() {
        filing.filed_province = province;
    }
    if recommender.is_some() {
        filing.filed_recommender = recommender;
        // Filed again after the recommender returned it: awaiting its review once more.
        if filing.review == Review::Returned {
            filing.review = Review::Pending;
        }
    }
    Ok(())
}

/// The recommender's review of a change filing (A15.2.2).
pub fn review_change(base: &mut Base, n: u32, review: Review) -> RuleResult<()> {
    if review == Review::Pending {
        return Err(Refusal::input(text!(
            "审核结果应为 通过 或 退回",
            "the review is approved or returned"
        )));
    }
    let filing = change_mut(base, n)?;
    if filing.filed_recommender.is_none() {
        return Err(Refusal::rule(
            "A15.2.2",
            text!(
                "变更#{n} 尚未向推荐单位报备，推荐单位无法审核；先记录报备日期",
                "change #{n} was not filed to the recommender, who cannot review it yet; record the filing first"
            ),
        ));
    }
    filing.review = review;
    Ok(())
}

#[cfg(test)]
mod tests;
