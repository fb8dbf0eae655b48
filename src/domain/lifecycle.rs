//! The lifecycle (A9, A10, A14, A15.1.3): status transitions with their guards, evaluation
//! outcomes and their consequences, removal and the five-year ban on the host unit.

use super::base::{Base, EvaluationRound, Recognition, Removal};
use super::codes::{Category, Code, Outcome, RemovalReason, Status};
use super::dates::{add_months, add_years};
use super::eligibility;
use super::names;
use super::policy::{BanScope, Policy};
use super::text::{Refusal, RuleResult, Text};
use crate::text;
use chrono::{Datelike, NaiveDate};

/// What every rule needs besides the record: the policy and the day it is judged on.
#[derive(Clone, Copy, Debug)]
pub struct Ctx<'a> {
    pub policy: &'a Policy,
    pub today: NaiveDate,
}

/// A date a person entered for something that already happened may not lie after today.
pub fn not_in_future(ctx: &Ctx, what: &str, what_en: &str, date: NaiveDate) -> RuleResult<()> {
    if date > ctx.today {
        let today = ctx.today;
        return Err(Refusal::input(text!(
            "{what}日期 {date} 晚于今天 {today}；只能记录已经发生的事",
            "{what_en} date {date} is after today ({today}); only what has happened can be recorded",
        )));
    }
    Ok(())
}

/// An evaluation outcome to record.
#[derive(Clone, Debug)]
pub struct MarkInput {
    pub outcome: Outcome,
    pub date: NaiveDate,
    pub round: String,
    pub score: Option<u8>,
}

/// What recording an outcome did to the base.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Consequence {
    /// Status unchanged.
    Unchanged(Status),
    /// 不合格: rectification until the deadline (A15.1.3).
    Rectifying { deadline: NaiveDate },
    /// Passed its re-evaluation: back to 已认定 (A14.1).
    Restored,
    /// Failed its re-evaluation: removed, reason A14.1.
    Removed { reason: RemovalReason },
    /// Absent or withdrew: a removal candidate awaiting a person's judgement (A14.2).
    RemovalCandidate,
}

impl Consequence {
    /// "→ 整改中, 整改期限 2027-11-25"
    pub fn describe(&self) -> super::text::Text {
        match self {
            Consequence::Unchanged(status) => text!(
                ["状态不变（{}）", status.zh()],
                ["status unchanged ({})", status.en()]
            ),
            Consequence::Rectifying { deadline } => text!(
                "→ 整改中, 整改期限 {deadline}",
                "→ rectifying, deadline {deadline}"
            ),
            Consequence::Restored => text!(
                "→ 已认定（复评通过）",
                "→ recognised (passed re-evaluation)"
            ),
            Consequence::Removed { reason } => text!(
                ["→ 已撤销（{}）", reason.code()],
                ["→ removed ({})", reason.code()]
            ),
            Consequence::RemovalCandidate => text!(
                "→ 撤销候选 A14.2（需判断是否“无故”）",
                "→ removal candidate A14.2 (decide whether it was without cause)"
            ),
        }
    }
}

/// Checks an outcome without changing anything, so a confirmation can show its consequence.
pub fn preview_mark(base: &Base, ctx: &Ctx, input: &MarkInput) -> RuleResult<Consequence> {
    let mut copy = base.clone();
    mark(&mut copy, ctx, input.clone())
}

/// Whether `base` takes part in evaluation at all (A11): only recognised or rectifying bases
/// do. The console checks it before it asks for an outcome.
pub fn can_be_evaluated(base: &Base) -> RuleResult<()> {
    if base.status.is_managed() {
        return Ok(());
    }
    Err(Refusal::rule(
        "A11",
        text!(
            [
                "{} 状态为{}，只有已认定或整改中的基地参加绩效评估",
                base.id,
                base.status.zh()
            ],
            [
                "{} is {}; only recognised or rectifying bases are evaluated",
                base.id,
                base.status.en()
            ]
        ),
    ))
}

/// Records an evaluation outcome and applies its consequence (A15.1.3, A14.1, A14.2).
pub fn mark(base: &mut Base, ctx: &Ctx, input: MarkInput) -> RuleResult<Consequence> {
    if input.outcome == Outcome::None {
        return Err(Refusal::input(text!(
            "“未评估”不是评估结果；请选择 优秀/合格/不合格/未参加/中途退出",
            "'none' is not an outcome; use excellent, qualified, unqualified, absent or withdrew"
        )));
    }
    can_be_evaluated(base)?;
    not_in_future(ctx, "评估", "outcome", input.date)?;
    if let Some(recognised) = base.recognition_date().filter(|r| input.date < *r) {
        return Err(Refusal::rule(
            "A11",
            text!(
                ["评估日期 {} 早于认定日期 {recognised}", input.date],
                [
                    "outcome date {} is before the recognition date {recognised}",
                    input.date
                ]
            ),
        ));
    }
    if let Some(score) = input.score.filter(|s| *s > 100) {
        return Err(Refusal::input(text!(
            "评分 {score} 超出 0–100",
            "score {score} is outside 0–100"
        )));
    }
    // Outcomes are recorded in the order they happened; a back-dated one would rewrite history
    // (a rectification deadline already past, a status that began before its cause).
    let latest = base
        .last_round()
        .map(|r| r.date)
        .into_iter()
        .chain([base.status_since])
        .max();
    if let Some(latest) = latest.filter(|l| input.date < *l) {
        return Err(Refusal::rule(
            "A11",
            text!(
                [
                    "评估日期 {} 早于该基地最近的评估或状态变更（{latest}）",
                    input.date
                ],
                [
                    "outcome date {} is before the base's latest evaluation or status change ({latest})",
                    input.date
                ]
            ),
        ));
    }
    let round = names::limit("--round", names::clean(&input.round), names::MAX_NAME)?;
    if let Some(same) = base
        .rounds
        .iter()
        .find(|r| names::key(&r.round) == names::key(&round))
    {
        return Err(Refusal::rule(
            "A15.1.2",
            text!(
                [
                    "{} 已有「{round}」的评估结果（{}，{}）；复评或新一轮请用新的轮次名称",
                    base.id,
                    same.outcome.zh(),
                    same.date
                ],
                [
                    "{} already has an outcome for '{round}' ({}, {}); give a re-evaluation or a new round its own name",
                    base.id,
                    same.outcome.en(),
                    same.date
                ]
            ),
        ));
    }
    let rectifying = base.status == Status::Rectifying;
    if rectifying {
        let deadline = base.rectification_deadline.unwrap_or(base.status_since);
        if input.date < deadline {
            return Err(Refusal::rule(
                "A14.1",
                text!(
                    [
                        "{} 正在整改，复评须在整改期后进行：评估日期 {} 早于整改期限 {deadline}",
                        base.id,
                        input.date
                    ],
                    [
                        "{} is rectifying; its re-evaluation comes after the rectification period: {} is before the deadline {deadline}",
                        base.id,
                        input.date
                    ]
                ),
            ));
        }
    }
    base.rounds.push(EvaluationRound {
        round,
        date: input.date,
        outcome: input.outcome,
        score: input.score,
        re_evaluation: rectifying,
        excused: None,
    });
    let consequence = match (rectifying, input.outcome) {
        (_, o) if o.is_absence() => Consequence::RemovalCandidate,
        (false, Outcome::Unqualified) => {
            let deadline = add_months(input.date, ctx.policy.rectification_months);
            base.status = Status::Rectifying;
            base.status_since = input.date;
            base.rectification_deadline = Some(deadline);
            Consequence::Rectifying { deadline }
        }
        (false, _) => Consequence::Unchanged(base.status),
        (true, Outcome::Unqualified) => {
            remove(base, input.date, RemovalReason::A14_1, String::new());
            Consequence::Removed {
                reason: RemovalReason::A14_1,
            }
        }
        (true, _) => {
            base.status = Status::Recognised;
            base.status_since = input.date;
            base.rectification_deadline = None;
            Consequence::Restored
        }
    };
    Ok(consequence)
}

fn remove(base: &mut Base, date: NaiveDate, reason: RemovalReason, note: String) {
    base.status = Status::Removed;
    base.status_since = date;
    base.rectification_deadline = None;
    base.removal = Some(Removal { date, reason, note });
}

/// A lifecycle transition requested by a person (`jidi status`).
#[derive(Clone, Debug)]
pub struct TransitionInput {
    pub to: Status,
    pub date: NaiveDate,
    /// Free text, or for a removal the reason code A14.1–A14.7.
    pub reason: String,
    /// 认定文号, required to recognise.
    pub doc_no: Option<String>,
    /// To recognise an application that fails its eligibility check: the administrator's reason,
    /// recorded with the event.
    pub override_reason: Option<String>,
}

/// Moves a base along the lifecycle, refusing what the rules forbid with the rule id. `bans` are
/// the removals of the base's host unit (A14), re-checked on recognition. Returns, for a
/// recognition, the eligibility verdict it was made on (for the event and the person).
/// Why a base in `status` never changes status again: its rule and reason, or `None`.
fn final_status(status: Status) -> Option<(&'static str, &'static str, &'static str)> {
    match status {
        Status::Removed => Some((
            "A14",
            "已撤销的基地不再纳入序列管理，五年后可作为新申报重新提交",
            "a removed base leaves the programme; after five years its host may apply anew",
        )),
        Status::NotRecognised => Some((
            "A9",
            "不予认定是终局结果，请作为新申报提交",
            "not recognised is final; submit a new application",
        )),
        _ => None,
    }
}

/// Whether `base` may change status at all: removed and not recognised are final. A form checks
/// it before it asks for anything.
pub fn can_transition(base: &Base) -> RuleResult<()> {
    match final_status(base.status) {
        None => Ok(()),
        Some((rule, zh, en)) => Err(Refusal::rule(
            rule,
            text!(
                ["{} 状态为「{}」：{zh}", base.id, base.status.zh()],
                ["{} is {}: {en}", base.id, base.status.en()]
            ),
        )),
    }
}

pub fn transition(
    base: &mut Base,
    ctx: &Ctx,
    input: TransitionInput,
    bans: &[Ban],
) -> RuleResult<Option<Text>> {
    use Status::*;
    not_in_future(ctx, "状态变更", "transition", input.date)?;
    if input.date < base.status_since {
        return Err(Refusal::input(text!(
            [
                "变更日期 {} 早于当前状态的开始日期 {}",
                input.date,
                base.status_since
            ],
            [
                "the transition date {} is before the current status began ({})",
                input.date,
                base.status_since
            ]
        )));
    }
    let reason = names::limit("--reason", names::clean(&input.reason), names::MAX_TEXT)?;
    let (from, to) = (base.status, input.to);
    let forbidden = |rule: &'static str, zh: &str, en: &str| {
        Err(Refusal::rule(
            rule,
            text!(
                ["不能从「{}」变为「{}」：{zh}", from.zh(), to.zh()],
                ["cannot go from {} to {}: {en}", from.code(), to.code()]
            ),
        ))
    };
    if let Some((rule, zh, en)) = final_status(from) {
        return forbidden(rule, zh, en);
    }
    match (from, to) {
        (Applied, Recommended) | (Recommended, Vetted) | (Vetted, Publicised) => {}
        (Publicised, Recognised) => {
            let doc_no = input
                .doc_no
                .as_deref()
                .map(names::clean)
                .unwrap_or_default();
            if doc_no.is_empty() {
                return Err(Refusal::rule(
                    "A9.5",
                    text!(
                        "认定须发文公告：请用 --doc-no 给出认定文号",
                        "recognition is by published decision: give its document number with --doc-no"
                    ),
                ));
            }
            let doc_no = names::limit("--doc-no", doc_no, names::MAX_NAME)?;
            let verdict = recognition_checks(base, ctx, &input, bans)?;
            base.recognition = Some(Recognition {
                date: input.date,
                doc_no,
            });
            base.status = to;
            base.status_since = input.date;
            return Ok(Some(verdict));
        }
        (f, NotRecognised) if f.is_application() => {}
        (Recognised | Rectifying, Removed) => {
            let reason_code = RemovalReason::parse(&reason).ok_or_else(|| {
                let reason = super::sanitize::quote(&reason);
                Refusal::rule(
                    "A14",
                    text!(
                        "撤销须给出理由 A14.1–A14.7（--reason A14.2 等），收到「{reason}」",
                        "a removal needs its reason A14.1–A14.7 (--reason A14.2 etc.), got '{reason}'"
                    ),
                )
            })?;
            if reason_code == RemovalReason::A14_1 {
                return forbidden(
                    "A14.1",
                    "A14.1 的撤销由整改期后的复评结果产生，请用 jidi mark 记录复评“不合格”",
                    "A14.1 removals follow from the re-evaluation: record it with `jidi mark ID unqualified`",
                );
            }
            if reason_code == RemovalReason::A14_2 && !base.last_outcome().is_absence() {
                return forbidden(
                    "A14.2",
                    "A14.2 适用于无故不参加或中途退出考核评估，该基地最近的评估结果不是未参加/中途退出",
                    "A14.2 applies to a base absent from or withdrawn from an evaluation; its last outcome is neither",
                );
            }
            if reason_code == RemovalReason::A14_2
                && let Some(excuse) = base.last_round().and_then(|r| r.excused.as_ref())
            {
                let (on, why) = (excuse.on, excuse.reason.clone());
                return forbidden(
                    "A14.2",
                    &format!("A14.2 只适用于“无故”缺席，而 {on} 已记录正当理由：{why}"),
                    &format!(
                        "A14.2 removes only an absence without cause, and a justification was recorded on {on}: {why}"
                    ),
                );
            }
            remove(base, input.date, reason_code, String::new());
            return Ok(None);
        }
        (Recognised, Rectifying) | (Rectifying, Recognised) => {
            return forbidden(
                "A15.1.3",
                "整改由评估结果决定，请用 jidi mark 记录评估结果",
                "rectification follows from evaluation outcomes: record them with `jidi mark`",
            );
        }
        (f, t) if f == t => {
            return forbidden("A9", "状态未变化", "the status is already that");
        }
        _ => {
            return forbidden(
                "A9",
                "认定程序为 申报→已推荐→审查通过→评审公示→已认定，不能跳步或回退",
                "the procedure is applied → recommended → vetted → publicised → recognised, without skipping or going back",
            );
        }
    }
    base.status = to;
    base.status_since = input.date;
    Ok(None)
}

/// Before recognition (A9.5): no five-year ban on the host (A14) — on the application day or
/// today's recognition day — and the eligibility verdict (A5–A8), which an administrator may
/// overrule only with a reason. Returns the verdict as recorded.
fn recognition_checks(
    base: &Base,
    ctx: &Ctx,
    input: &TransitionInput,
    bans: &[Ban],
) -> RuleResult<Text> {
    for day in [base.applied_on, input.date] {
        check_ban(ctx.policy, bans, &base.host.name, base.category, day)?;
    }
    let reason = input
        .override_reason
        .as_deref()
        .map(names::clean)
        .filter(|r| !r.is_empty())
        .map(|r| names::limit("--override", r, names::MAX_TEXT))
        .transpose()?;
    let Some(call) = eligibility::call_date_for(base, ctx.policy, None) else {
        let year = base.applied_on.year();
        return match reason {
            Some(r) => Ok(text!(
                "无 {year} 年指南发布日期，未审查申报条件；管理员认定理由：{r}",
                "no {year} call date, eligibility not checked; the administrator's reason: {r}"
            )),
            None => Err(Refusal::rule(
                "A9.3",
                text!(
                    "策略文件没有 {year} 年的指南发布日期，无法审查申报条件：请在 [eligibility.calls] 补充，或以 --override 理由 认定",
                    "the policy has no call date for {year}, so eligibility cannot be checked: add it under [eligibility.calls], or recognise with --override REASON"
                ),
            )),
        };
    };
    let lines = eligibility::check(base, ctx.policy, call);
    let n = lines.iter().filter(|l| l.fails()).count();
    // Each failing rule once (A7.3 has a line per system).
    let mut failed: Vec<&str> = lines.iter().filter(|l| l.fails()).map(|l| l.rule).collect();
    failed.dedup();
    if n == 0 {
        return Ok(text!(
            "申报条件审查：符合（指南 {call}）",
            "eligibility: meets every condition (call {call})"
        ));
    }
    let (list, list_en) = (failed.join("、"), failed.join(", "));
    match reason {
        Some(r) => Ok(text!(
            "申报条件审查：{n} 项不符合（{list}）；管理员认定理由：{r}",
            "eligibility: {n} condition(s) not met ({list_en}); recognised by the administrator because: {r}"
        )),
        None => Err(Refusal::rule(
            failed[0],
            text!(
                [
                    "申报条件审查未通过：{n} 项不符合（{list}），见 jidi eligibility {}；管理员如确需认定，请加 --override 理由（记入历史）",
                    base.id
                ],
                [
                    "the application fails {n} condition(s) ({list_en}), see `jidi eligibility {}`; an administrator who recognises it anyway adds --override REASON (recorded in the history)",
                    base.id
                ]
            ),
        )),
    }
}

/// A removal that bars its host unit from applying (A14).
#[derive(Clone, Debug, PartialEq)]
pub struct Ban {
    pub base_id: String,
    pub host_key: String,
    pub category: Category,
    pub removed_on: NaiveDate,
}

impl Ban {
    pub fn of(base: &Base) -> Option<Ban> {
        let removal = base
            .removal
            .as_ref()
            .filter(|_| base.status == Status::Removed)?;
        Some(Ban {
            base_id: base.id.clone(),
            host_key: names::key(&base.host.name),
            category: base.category,
            removed_on: removal.date,
        })
    }

    /// The last day of the ban: five years on, inclusive (A14).
    pub fn last_day(&self, policy: &Policy) -> NaiveDate {
        add_years(self.removed_on, policy.ban_years)
    }

    /// Does this ban cover an application by `host` in `category` on `date`?
    pub fn covers(&self, policy: &Policy, host: &str, category: Category, date: NaiveDate) -> bool {
        self.host_key == names::key(host)
            && (policy.ban_scope == BanScope::Host || self.category == category)
            && date >= self.removed_on
            && date <= self.last_day(policy)
    }
}

/// Refuses a new application by a host unit inside a five-year ban (A14), citing the removed base.
pub fn check_ban(
    policy: &Policy,
    bans: &[Ban],
    host: &str,
    category: Category,
    date: NaiveDate,
) -> RuleResult<()> {
    match bans.iter().find(|b| b.covers(policy, host, category, date)) {
        Some(ban) => Err(Refusal::rule(
            "A14",
            text!(
                [
                    "依托单位「{host}」的基地 {} 于 {} 撤销，至 {}（含）不得重新申请",
                    ban.base_id,
                    ban.removed_on,
                    ban.last_day(policy)
                ],
                [
                    "host unit '{host}' had base {} removed on {}; it may not apply again through {} (inclusive)",
                    ban.base_id,
                    ban.removed_on,
                    ban.last_day(policy)
                ]
            ),
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests;
