//! Every change the command line and the console make, as one request type carried out in one
//! store transaction. Both front ends go through here, so a change is validated, recorded and
//! described the same way wherever it is made.

use crate::domain::base::Base;
use crate::domain::codes::{Code, Outcome, ReportReview, Review, Status};
use crate::domain::declarations::ProjectInput;
use crate::domain::filings::ChangeInput;
use crate::domain::lifecycle::{self, Ctx, MarkInput, TransitionInput};
use crate::domain::ops::{self, NewApplication, RiskInput};
use crate::domain::partners::{self, PartnerInput};
use crate::domain::policy::Policy;
use crate::domain::roles::{Act, Grant, Role};
use crate::domain::text::{Lang, Refusal, Text};
use crate::store::{Conflict, Store, Tx, Who, WriteError};
use crate::text;
use chrono::{Datelike, NaiveDate};

mod backup;
mod cases;
mod declarations;
mod filings;
pub mod import;
mod notes;
pub use backup::{backup, restore};
pub use notes::{
    Reader, Reading, confidential, notes_for, open_key, read_notes, record_readings, set_note_key,
    why_sealed,
};

#[derive(Clone, Debug)]
pub enum Request {
    /// One evaluation outcome for each base, in one transaction.
    Mark {
        ids: Vec<String>,
        input: MarkInput,
    },
    /// A different outcome for each base (an evaluator's results sheet), in one transaction;
    /// `source` (the file) is added to each event's line.
    MarkEach {
        marks: Vec<(String, MarkInput)>,
        source: Option<Text>,
    },
    New(NewApplication),
    ReportSubmit {
        id: String,
        year: i32,
        date: NaiveDate,
    },
    ReportReview {
        id: String,
        year: i32,
        review: ReportReview,
        date: NaiveDate,
    },
    Change {
        id: String,
        input: ChangeInput,
    },
    ChangeFiled {
        id: String,
        n: u32,
        province: Option<NaiveDate>,
        recommender: Option<NaiveDate>,
    },
    ChangeReview {
        id: String,
        n: u32,
        review: Review,
    },
    RiskAdd {
        id: String,
        input: RiskInput,
    },
    RiskClose {
        id: String,
        n: u32,
        date: NaiveDate,
    },
    Transition {
        id: String,
        input: TransitionInput,
    },
    Edit {
        id: String,
        pairs: Vec<(String, String)>,
    },
    /// A8 indicators: yearly figures for `year`, or the standing `exchange` mechanism.
    Indicators {
        id: String,
        year: Option<i32>,
        pairs: Vec<(String, String)>,
    },
    /// A7.3 management systems: `KEY=DATE|no|none`.
    Systems {
        id: String,
        pairs: Vec<(String, String)>,
    },
    /// A prior international cooperation project (A8.1, A8.3).
    ProjectAdd {
        id: String,
        input: ProjectInput,
    },
    ProjectRemove {
        id: String,
        which: String,
    },
    /// Sets (corrects) a partner's country (A5.2).
    PartnerCountry {
        id: String,
        which: String,
        country: String,
    },
    PartnerAdd {
        id: String,
        input: PartnerInput,
    },
    PartnerEnd {
        id: String,
        which: String,
        date: NaiveDate,
    },
    /// The last absence or withdrawal had a justification: not a removal under A14.2.
    Excuse {
        id: String,
        reason: String,
        date: NaiveDate,
    },
    Undo {
        batch: u64,
    },
    SaveView {
        name: String,
        json: String,
    },
    DeleteView {
        name: String,
    },
    /// Adds roles to a user; `scope` (a city's code), when given, limits them to its bases.
    GrantRoles {
        name: String,
        roles: Vec<Role>,
        scope: Option<String>,
    },
    /// Withdraws roles from a user: all of them when `roles` is empty.
    WithdrawRoles {
        name: String,
        roles: Vec<Role>,
    },
    /// Follows up the finding with this key (assignee, state, note, look-again date).
    Follow {
        key: String,
        input: crate::domain::cases::FollowInput,
    },
    /// A work record (工作记录) on a base, optionally citing one of its findings.
    WorkNote {
        id: String,
        text: String,
        cites: Option<String>,
    },
}

impl Request {
    /// What the request needs of its author's role. A mark whose outcome removes a base also
    /// needs [`Act::ConfirmRemoval`], known only once the outcome is applied.
    pub fn act(&self) -> Act {
        match self {
            Request::Transition { .. } => Act::Transition,
            Request::GrantRoles { .. } | Request::WithdrawRoles { .. } => Act::ManageUsers,
            _ => Act::Record,
        }
    }

    /// The existing bases the request changes, as named by it (an undo's are known only once
    /// its batch is read, and undo checks them itself).
    pub fn bases(&self) -> Vec<&str> {
        match self {
            Request::Mark { ids, .. } => ids.iter().map(String::as_str).collect(),
            Request::MarkEach { marks, .. } => marks.iter().map(|(id, _)| id.as_str()).collect(),
            Request::ReportSubmit { id, .. }
            | Request::ReportReview { id, .. }
            | Request::Change { id, .. }
            | Request::ChangeFiled { id, .. }
            | Request::ChangeReview { id, .. }
            | Request::RiskAdd { id, .. }
            | Request::RiskClose { id, .. }
            | Request::Transition { id, .. }
            | Request::Edit { id, .. }
            | Request::Indicators { id, .. }
            | Request::Systems { id, .. }
            | Request::ProjectAdd { id, .. }
            | Request::ProjectRemove { id, .. }
            | Request::PartnerCountry { id, .. }
            | Request::PartnerAdd { id, .. }
            | Request::PartnerEnd { id, .. }
            | Request::Excuse { id, .. }
            | Request::WorkNote { id, .. } => vec![id.as_str()],
            Request::Follow { key, .. } => vec![crate::domain::cases::base_of(key)],
            Request::New(_)
            | Request::Undo { .. }
            | Request::SaveView { .. }
            | Request::DeleteView { .. }
            | Request::GrantRoles { .. }
            | Request::WithdrawRoles { .. } => Vec::new(),
        }
    }
}

/// The state of the database the author's request was made against: the version (latest event
/// number) they last saw. A base changed after it by anyone is a conflict, never overwritten.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seen(pub u64);

/// The author of a request and what they may do, checked before anything is written.
struct Gate<'p> {
    user: String,
    grant: Grant,
    policy: &'p Policy,
}

impl<'p> Gate<'p> {
    /// The author of the transaction `tx`, with the roles it records for them now.
    fn of(tx: &Tx, who: &Who, policy: &'p Policy) -> Result<Gate<'p>, WriteError> {
        Ok(Gate {
            user: who.actor.clone(),
            grant: tx.grant_of(&who.actor)?,
            policy,
        })
    }

    fn allow(&self, act: Act) -> Result<(), WriteError> {
        Ok(self.grant.allow(&self.user, act)?)
    }

    fn allow_base(&self, base: &Base) -> Result<(), WriteError> {
        let name_of = |code: &str, lang| self.policy.city_label(code, lang);
        Ok(self
            .grant
            .allow_city(&self.user, &base.id, &base.city, name_of)?)
    }
}

/// What a request did: the bases as they are now, the batch to undo it by, one line per base.
#[derive(Clone, Debug)]
pub struct Done {
    pub bases: Vec<Base>,
    pub batch: Option<u64>,
    pub lines: Vec<(String, Text)>,
    /// The database's version just before and just after this change: an author whose view was
    /// at `before` now sees everything up to `after`.
    pub versions: (u64, u64),
}

/// Changes one base, returning the one-line summary the event records.
fn change(
    tx: &mut Tx,
    gate: &Gate<'_>,
    id: &str,
    action: &str,
    f: impl FnOnce(&mut Base) -> Result<Text, WriteError>,
    done: &mut Done,
) -> Result<(), WriteError> {
    let version = tx.version_now();
    let mut line = tx.update(id, action, |b| {
        gate.allow_base(b)?;
        let line = f(b)?;
        Ok((line.clone(), line))
    })?;
    // The base already held it: no event, and the line says so rather than "changed".
    if tx.version_now() == version {
        let (zh, en) = (&line.zh, &line.en);
        line = text!("未改变（已是如此）：{zh}", "unchanged (already so): {en}");
    }
    done.bases.push(tx.base(id)?);
    done.lines.push((id.to_string(), line));
    Ok(())
}

/// "2026年度绩效评估": the round name used when none is given.
pub fn default_round(date: NaiveDate) -> String {
    format!("{}年度绩效评估", date.year())
}

/// The event summary of a mark: "2026年度绩效评估 不合格 → 整改中, 整改期限 2027-11-25".
pub fn mark_line(round: &str, outcome: Outcome, consequence: &lifecycle::Consequence) -> Text {
    let c = consequence.describe();
    text!(
        ["{round} {} {}", outcome.zh(), c.zh],
        ["{round}: {} {}", outcome.en(), c.en]
    )
}

/// Adds imported records (demo data, generated data) in one transaction, one import event
/// each; any duplicate id refuses the whole load.
/// Note text in the records is sealed to the database's key on the way in.
pub fn load(store: &Store, who: &Who, bases: &[Base], source: Text) -> Result<usize, WriteError> {
    store.write(who, |tx| {
        let key = notes::seal_key(tx)?;
        for base in bases {
            if base.risks.is_empty() {
                tx.import(base, source.clone())?;
            } else {
                let mut sealed = base.clone();
                notes::seal_notes(&mut sealed, key.as_ref())?;
                tx.import(&sealed, source.clone())?;
            }
        }
        Ok(bases.len())
    })
}

/// Carries out `request` in one transaction: everything or nothing.
/// The author's role is checked here, in the same transaction, so a grant withdrawn a moment ago
/// already counts.
pub fn perform(store: &Store, who: &Who, ctx: Ctx, request: Request) -> Result<Done, WriteError> {
    perform_seen(store, who, ctx, request, None)
}

/// [`perform`], made against the version `seen`: a base changed since then by anyone refuses
/// the whole request, naming each such base.
pub fn perform_seen(
    store: &Store,
    who: &Who,
    ctx: Ctx,
    request: Request,
    seen: Option<Seen>,
) -> Result<Done, WriteError> {
    store.write(who, |tx| {
        let gate = Gate::of(tx, who, ctx.policy)?;
        gate.allow(request.act())?;
        if let Some(seen) = seen {
            refuse_conflicts(tx, &request, seen)?;
        }
        let mut done = Done {
            bases: Vec::new(),
            batch: None,
            lines: Vec::new(),
            versions: (tx.version_before(), 0),
        };
        apply(tx, &gate, ctx, request, &mut done)?;
        cases::reconcile(tx, &ctx, &done)?;
        done.batch = tx.batch();
        done.versions.1 = tx.version_now();
        Ok(done)
    })
}

/// Every base of the request changed after `seen`, named with who changed it, when and how.
fn refuse_conflicts(tx: &Tx, request: &Request, seen: Seen) -> Result<(), WriteError> {
    let mut conflicts = Vec::new();
    for id in request.bases() {
        if let Some(event) = tx.last_event_of(id)?
            && event.seq > seen.0
        {
            conflicts.push(Conflict {
                id: id.to_string(),
                version: event.seq,
                actor: event.actor,
                at: event.at,
                summary: event.summary,
            });
        }
    }
    if let Request::Follow { key, .. } = request
        && let Some(conflict) = cases::case_conflict(tx, key, seen.0)?
    {
        conflicts.push(conflict);
    }
    if conflicts.is_empty() {
        Ok(())
    } else {
        Err(WriteError::Conflict(conflicts))
    }
}

fn apply(
    tx: &mut Tx,
    gate: &Gate<'_>,
    ctx: Ctx,
    request: Request,
    done: &mut Done,
) -> Result<(), WriteError> {
    match request {
        Request::Mark { ids, input } => {
            if ids.is_empty() {
                return Err(Refusal::input(text!("没有选中的基地", "no base selected")).into());
            }
            for id in ids {
                mark_one(tx, gate, ctx, &id, input.clone(), None, done)?;
            }
        }
        Request::MarkEach { marks, source } => {
            if marks.is_empty() {
                return Err(
                    Refusal::input(text!("没有要记录的评估结果", "no outcome to record")).into(),
                );
            }
            for (id, input) in marks {
                mark_one(tx, gate, ctx, &id, input, source.as_ref(), done)?;
            }
        }
        Request::New(input) => {
            let bans = tx.bans_for_host(&input.host)?;
            // A refusal aborts the transaction, so the id taken here is not used up.
            let id = tx.next_id(input.applied_on.year())?;
            let base = ops::new_application(id, input, &ctx, &bans)?;
            gate.allow_base(&base)?;
            let name = &base.name;
            let line = text!("新申报「{name}」", "new application '{name}'");
            tx.insert(&base, "create", line.clone())?;
            done.lines.push((base.id.clone(), line));
            done.bases.push(base);
        }
        Request::ReportSubmit { id, year, date } => change(
            tx,
            gate,
            &id,
            "report_submit",
            |b| {
                ops::submit_report(b, &ctx, year, date)?;
                Ok(text!(
                    "{year} 年度执行报告于 {date} 提交",
                    "{year} execution report submitted {date}"
                ))
            },
            done,
        )?,
        Request::ReportReview {
            id,
            year,
            review,
            date,
        } => change(
            tx,
            gate,
            &id,
            "report_review",
            |b| {
                ops::review_report(b, &ctx, year, review, date)?;
                Ok(text!(
                    ["{year} 年度执行报告审核：{}", review.zh()],
                    ["{year} execution report reviewed: {}", review.en()]
                ))
            },
            done,
        )?,
        request @ (Request::Change { .. }
        | Request::ChangeFiled { .. }
        | Request::ChangeReview { .. }) => filings::apply(tx, gate, ctx, request, done)?,
        Request::RiskAdd { id, input } => {
            let key = notes::seal_key(tx)?;
            change(
                tx,
                gate,
                &id,
                "risk_add",
                |b| {
                    let (area, severity) = (input.area, input.severity);
                    let n = ops::add_risk(b, &ctx, input)?;
                    notes::seal_notes(b, key.as_ref())?;
                    Ok(text!(
                        ["登记风险#{n}（{}，{}）", area.zh(), severity.zh()],
                        ["risk #{n} added ({}, {})", area.en(), severity.en()]
                    ))
                },
                done,
            )?
        }
        Request::RiskClose { id, n, date } => change(
            tx,
            gate,
            &id,
            "risk_close",
            |b| {
                ops::close_risk(b, &ctx, n, date)?;
                Ok(text!("风险#{n} 于 {date} 关闭", "risk #{n} closed {date}"))
            },
            done,
        )?,
        Request::Transition { id, input } => {
            // Recognition re-checks the host's five-year ban (A14).
            let bans = tx.bans_for_host(&tx.base(&id)?.host.name)?;
            change(
                tx,
                gate,
                &id,
                "status",
                |b| {
                    let (from, to, reason) = (b.status, input.to, input.reason.clone());
                    let verdict = lifecycle::transition(b, &ctx, input, &bans)?;
                    let line = transition_line(from, to, &reason);
                    Ok(match verdict {
                        Some(v) => text!(["{}；{}", line.zh, v.zh], ["{}; {}", line.en, v.en]),
                        None => line,
                    })
                },
                done,
            )?
        }
        Request::Edit { id, pairs } => change(
            tx,
            gate,
            &id,
            "edit",
            |b| {
                for (field, value) in &pairs {
                    ops::edit_field(b, &ctx, field, value)?;
                }
                let list = pairs
                    .iter()
                    .map(|(f, _)| f.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                Ok(text!("修改 {list}", "edited {list}"))
            },
            done,
        )?,
        request @ (Request::Indicators { .. }
        | Request::Systems { .. }
        | Request::ProjectAdd { .. }
        | Request::ProjectRemove { .. }) => declarations::apply(tx, gate, ctx, request, done)?,
        Request::PartnerCountry { id, which, country } => change(
            tx,
            gate,
            &id,
            "partner_country",
            |b| {
                let (name, code) = partners::set_partner_country(b, &ctx, &which, &country)?;
                Ok(text!(
                    "合作方「{name}」的国别设为 {country}（{code}）",
                    "partner '{name}': country set to {country} ({code})"
                ))
            },
            done,
        )?,
        Request::PartnerAdd { id, input } => change(
            tx,
            gate,
            &id,
            "partner_add",
            |b| {
                let (name, until) = (input.name.clone(), input.until);
                partners::add_partner(b, &ctx, input)?;
                Ok(text!(
                    "新增合作方「{name}」，有效期至 {until}",
                    "partner '{name}' added, valid until {until}"
                ))
            },
            done,
        )?,
        Request::PartnerEnd { id, which, date } => change(
            tx,
            gate,
            &id,
            "partner_end",
            |b| {
                partners::end_partner(b, &ctx, &which, date)?;
                Ok(text!(
                    "合作协议「{which}」于 {date} 终止",
                    "agreement '{which}' ended {date}"
                ))
            },
            done,
        )?,
        Request::Excuse { id, reason, date } => change(
            tx,
            gate,
            &id,
            "excuse",
            |b| {
                ops::excuse_absence(b, &ctx, &reason, date)?;
                Ok(text!(
                    "记录未参加/中途退出的正当理由：{reason}",
                    "recorded the justification for the absence: {reason}"
                ))
            },
            done,
        )?,
        Request::Undo { batch } => {
            for id in tx.undo(batch)? {
                let base = tx.base(&id)?;
                gate.allow_base(&base)?;
                done.bases.push(base);
                done.lines
                    .push((id, text!("已撤回操作 #{batch}", "undid change #{batch}")));
            }
        }
        Request::DeleteView { name } => {
            tx.delete_view(&name)?;
            done.lines.push((
                String::new(),
                text!("视图「{name}」已删除", "view '{name}' deleted"),
            ));
        }
        Request::GrantRoles { name, roles, scope } => {
            let name = crate::domain::names::required("user", &name, 64)?;
            let now = tx.grant_of(&name)?.with(&roles, scope);
            tx.set_grant(&name, Some(now.clone()))?;
            let (zh, en) = (now.roles_label(Lang::Zh), now.roles_label(Lang::En));
            let (scope_zh, scope_en) = match &now.scope {
                Some(code) => {
                    let city = gate
                        .policy
                        .city_by_code(code)
                        .map_or_else(|| code.clone(), |c| c.name.clone());
                    (
                        format!("，仅限{city}的基地"),
                        format!(", limited to {code}"),
                    )
                }
                None => ("，全省".to_string(), ", all cities".to_string()),
            };
            done.lines.push((
                String::new(),
                text!(
                    "用户 {name} 现有角色：{zh}{scope_zh}",
                    "{name} now holds: {en}{scope_en}"
                ),
            ));
        }
        Request::WithdrawRoles { name, roles } => {
            if !tx.has_grant(&name)? {
                return Err(Refusal::input(text!(
                    "没有用户「{name}」的角色记录；用 jidi users list 查看",
                    "no roles are recorded for '{name}'; see `jidi users list`"
                ))
                .into());
            }
            let now = tx.grant_of(&name)?.without(&roles);
            tx.set_grant(&name, now.clone())?;
            let left = now.unwrap_or_default();
            let (zh, en) = (left.roles_label(Lang::Zh), left.roles_label(Lang::En));
            done.lines.push((
                String::new(),
                text!("用户 {name} 现有角色：{zh}", "{name} now holds: {en}"),
            ));
        }
        Request::Follow { key, input } => cases::follow(tx, gate, &ctx, &key, input, done)?,
        Request::WorkNote { id, text, cites } => {
            cases::work_note(tx, gate, &ctx, &id, &text, cites, done)?
        }
        Request::SaveView { name, json } => {
            tx.save_view(&name, &json)?;
            done.lines.push((
                String::new(),
                text!("视图「{name}」已保存", "view '{name}' saved"),
            ));
        }
    }
    Ok(())
}

/// Records one outcome and its consequence; a removal it entails needs the admin's role.
fn mark_one(
    tx: &mut Tx,
    gate: &Gate<'_>,
    ctx: Ctx,
    id: &str,
    input: MarkInput,
    source: Option<&Text>,
    done: &mut Done,
) -> Result<(), WriteError> {
    let (round, outcome) = (input.round.clone(), input.outcome);
    change(
        tx,
        gate,
        id,
        "mark",
        |b| {
            let consequence = lifecycle::mark(b, &ctx, input)?;
            if b.status == Status::Removed {
                gate.allow(Act::ConfirmRemoval)?;
            }
            let line = mark_line(&round, outcome, &consequence);
            Ok(match source {
                Some(s) => text!(["{}（{}）", line.zh, s.zh], ["{} ({})", line.en, s.en]),
                None => line,
            })
        },
        done,
    )
}

fn transition_line(from: Status, to: Status, reason: &str) -> Text {
    text!(
        ["{} → {}（{reason}）", from.zh(), to.zh()],
        ["{} → {} ({reason})", from.en(), to.en()]
    )
}
