//! Case follow-up and work records through the write gate, and keeping cases in step with their
//! findings after every change.

use super::{Done, Gate};
use crate::domain::base::Base;
use crate::domain::cases::{self, FollowInput, FollowUp};
use crate::domain::findings::{self, BanIndex, Finding};
use crate::domain::lifecycle::Ctx;
use crate::domain::roles::{self, Denial};
use crate::domain::text::{Refusal, Text};
use crate::store::{StoreError, Tx, WriteError};
use crate::text;

/// The findings of `base` as of `ctx.today`, with the bans on its host unit from the store.
fn findings_of(tx: &Tx, base: &Base, ctx: &Ctx) -> Result<Vec<Finding>, StoreError> {
    let bans = BanIndex::from_bans(tx.bans_for_host(&base.host.name)?);
    Ok(findings::findings(base, ctx, &bans))
}

fn unknown_key(key: &str) -> Refusal {
    Refusal::input(text!(
        "没有键为「{key}」的问题；用 jidi triage --format json 查看各项的 key",
        "there is no finding with key '{key}'; see the key of each in `jidi triage --format json`"
    ))
}

/// The base a case key is about, within the author's scope.
fn base_for(tx: &Tx, gate: &Gate<'_>, key: &str) -> Result<Base, WriteError> {
    let base = match tx.base(cases::base_of(key)) {
        Ok(base) => base,
        Err(StoreError::NotFound { .. }) => return Err(unknown_key(key).into()),
        Err(e) => return Err(e.into()),
    };
    gate.allow_base(&base)?;
    Ok(base)
}

/// An assignee must be a jidi user whose roles cover the case's city.
fn check_assignee(tx: &Tx, gate: &Gate<'_>, user: &str, base: &Base) -> Result<(), WriteError> {
    if !tx.is_user(user)? {
        return Err(roles::not_a_user(user).into());
    }
    let grant = tx.grant_of(user)?;
    if !grant.covers(&base.city) {
        let scope = grant.scope.unwrap_or_default();
        let scope = gate
            .policy
            .city_by_code(&scope)
            .map_or(scope.clone(), |c| c.name.clone());
        let id = &base.id;
        return Err(WriteError::Denied(Denial {
            need: None,
            text: text!(
                "{user} 的权限限于{scope}，不能接手 {id} 的事项",
                "{user}'s roles cover only {scope}, so they cannot take a case of {id}"
            ),
        }));
    }
    Ok(())
}

/// `jidi follow KEY …`: opens the case on first use (the finding must exist then).
pub(super) fn follow(
    tx: &mut Tx,
    gate: &Gate<'_>,
    ctx: &Ctx,
    key: &str,
    input: FollowInput,
    done: &mut Done,
) -> Result<(), WriteError> {
    let base = base_for(tx, gate, key)?;
    let existing = tx.case(key)?;
    if existing.is_none() && !findings_of(tx, &base, ctx)?.iter().any(|f| f.key() == key) {
        return Err(unknown_key(key).into());
    }
    if let Some(Some(user)) = &input.assign {
        check_assignee(tx, gate, user, &base)?;
    }
    let mut case = existing.clone().unwrap_or_else(|| FollowUp::new(key));
    let at = tx.who().at.to_rfc3339();
    let actor = tx.who().actor.clone();
    let line = cases::follow(&mut case, input, ctx.today, &actor, &at)?;
    tx.put_case(existing.as_ref(), &case, "follow", line.clone())?;
    done.lines.push((base.id.clone(), line));
    // The base the case is on: the console brings it up to date, and undo knows what it did.
    done.bases.push(base);
    Ok(())
}

/// `jidi note ID TEXT`: a work record, optionally citing one of the base's findings.
pub(super) fn work_note(
    tx: &mut Tx,
    gate: &Gate<'_>,
    ctx: &Ctx,
    id: &str,
    text: &str,
    cites: Option<String>,
    done: &mut Done,
) -> Result<(), WriteError> {
    let base = tx.base(id)?;
    gate.allow_base(&base)?;
    let text = cases::note_text(&cases::work_record(), text)?;
    if let Some(key) = &cites {
        let other = cases::base_of(key);
        if other != id {
            return Err(Refusal::input(text!(
                "「{key}」是 {other} 的问题，不是 {id} 的；工作记录只能引用本基地的问题",
                "'{key}' is a finding of {other}, not of {id}; a work record cites its own base's findings"
            ))
            .into());
        }
        let known =
            tx.case(key)?.is_some() || findings_of(tx, &base, ctx)?.iter().any(|f| f.key() == *key);
        if !known {
            return Err(unknown_key(key).into());
        }
    }
    let short: String = text.chars().take(40).collect();
    let more = if text.chars().count() > 40 { "…" } else { "" };
    let line = text!("工作记录「{short}{more}」", "work record '{short}{more}'");
    let n = tx.add_work_note(id, text, cites, line.clone())?;
    let (zh, en) = (&line.zh, &line.en);
    done.lines
        .push((id.to_string(), text!("{zh}（#{n}）", "{en} (#{n})")));
    done.bases.push(base);
    Ok(())
}

/// The last change to case `key` made after version `seen`, by anyone: a follow-up made against
/// an older view of the case would write over it. (A case's changes leave its base's record as
/// it was, so the base's own version does not tell.)
pub(super) fn case_conflict(
    tx: &Tx,
    key: &str,
    seen: u64,
) -> Result<Option<crate::store::Conflict>, StoreError> {
    let event = tx.case_changed_after(key, seen)?;
    Ok(event.map(|event| crate::store::Conflict {
        id: key.to_string(),
        version: event.seq,
        actor: event.actor,
        at: event.at,
        summary: event.summary,
    }))
}

/// After a change to `bases`: a case whose finding the change removed closes itself, naming the
/// change; one whose finding came back reopens.
pub(super) fn reconcile(tx: &mut Tx, ctx: &Ctx, done: &Done) -> Result<(), WriteError> {
    let mut seen = std::collections::HashSet::new();
    for base in &done.bases {
        if !seen.insert(base.id.clone()) {
            continue;
        }
        let open = tx.cases_of(&base.id)?;
        if open.is_empty() {
            continue;
        }
        let keys: Vec<String> = findings_of(tx, base, ctx)?
            .iter()
            .map(Finding::key)
            .collect();
        let reason = done
            .lines
            .iter()
            .find(|(id, _)| *id == base.id)
            .map_or_else(
                || Text::new("记录变更", "a change"),
                |(_, line)| line.clone(),
            );
        for before in open {
            let mut after = before.clone();
            if let Some(line) =
                cases::reconcile(&mut after, keys.contains(&before.key), ctx.today, &reason)
            {
                tx.put_case(Some(&before), &after, "case_auto", line)?;
            }
        }
    }
    Ok(())
}
