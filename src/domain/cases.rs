//! Case follow-up of triage findings: who is on it, what was done, when to look again. Findings
//! are computed, never stored; a follow-up is stored under the finding's stable key (base, rule
//! and the object it is about), so it survives recomputation. When the cause goes away the case
//! closes itself, keeping its history; when the cause comes back, so does the case.

use super::codes::{CaseState, Code};
use super::names;
use super::text::{Refusal, RuleResult, Text};
use crate::text;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest note of a case or work record, in characters.
pub const MAX_NOTE: usize = 4000;

/// The stable key of a finding: `GDICB-2024-0011/A15.3.1/2025` (base, rule, and the report year,
/// filing number, note number or partner it is about, when it is about one).
pub fn case_key(base_id: &str, rule: &str, object: Option<&str>) -> String {
    match object {
        Some(object) => format!("{base_id}/{rule}/{object}"),
        None => format!("{base_id}/{rule}"),
    }
}

/// A case key as typed: its base id read as [`names::typed_id`] reads an id, its rule in any
/// case or width (`a15.3.4`, `PRACTICE`), `/` or `／` between the parts, and its object (a year,
/// a note number, a partner's name) folded only when it is plain letters and digits — a
/// partner's name keeps its case and its Chinese punctuation.
pub fn typed_key(input: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut parts = input.trim().splitn(3, ['/', '／']);
    let id = names::typed_id(parts.next().unwrap_or_default());
    let Some(rule) = parts.next() else {
        return id;
    };
    let rule = names::key_form(rule);
    let rule = if rule.eq_ignore_ascii_case(super::findings::PRACTICE) {
        super::findings::PRACTICE.to_string()
    } else {
        rule.to_ascii_uppercase()
    };
    match parts.next() {
        Some(object) => {
            let folded: String = object.trim().nfkc().collect();
            let object = match folded.chars().all(|c| c.is_ascii_digit()) {
                true => folded,
                false => object.trim().to_string(),
            };
            format!("{id}/{rule}/{object}")
        }
        None => format!("{id}/{rule}"),
    }
}

/// The base a case key is about.
pub fn base_of(key: &str) -> &str {
    key.split('/').next().unwrap_or(key)
}

/// A dated note on a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseNote {
    /// RFC 3339, as events record time.
    pub at: String,
    pub author: String,
    pub text: String,
}

/// A case closed by itself because its cause went away.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    #[serde(with = "super::dates::serde_date")]
    pub on: NaiveDate,
    /// What removed the cause: the change that did it.
    pub reason: Text,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub key: String,
    pub base_id: String,
    pub assignee: Option<String>,
    pub state: CaseState,
    /// Look again on this day: until then the case is out of its assignee's inbox.
    #[serde(with = "super::dates::serde_opt_date")]
    pub until: Option<NaiveDate>,
    /// The day the look-again date was set: a due date still ahead then that has passed since
    /// brings the case back before its look-again date.
    #[serde(with = "super::dates::serde_opt_date")]
    pub deferred_on: Option<NaiveDate>,
    pub notes: Vec<CaseNote>,
    /// Why it was dismissed; a dismissal always has one.
    pub dismissed_because: Option<String>,
    /// Set while the cause is gone.
    pub resolved: Option<Resolution>,
}

impl FollowUp {
    pub fn new(key: &str) -> FollowUp {
        FollowUp {
            key: key.to_string(),
            base_id: base_of(key).to_string(),
            assignee: None,
            state: CaseState::Open,
            until: None,
            deferred_on: None,
            notes: Vec::new(),
            dismissed_because: None,
            resolved: None,
        }
    }

    /// Nothing more to do: done, dismissed, or its cause gone.
    pub fn is_closed(&self) -> bool {
        matches!(self.state, CaseState::Done | CaseState::Dismissed) || self.resolved.is_some()
    }
}

/// What a `follow` changes; `None` leaves that part as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FollowInput {
    /// `Some(None)` takes the case off whoever has it.
    pub assign: Option<Option<String>>,
    pub state: Option<CaseState>,
    pub note: Option<String>,
    /// `Some(None)` clears the look-again date.
    pub until: Option<Option<NaiveDate>>,
}

impl FollowInput {
    pub fn is_empty(&self) -> bool {
        *self == FollowInput::default()
    }
}

/// Whether the workflow goes from `from` to `to`: forward through open → contacted → waiting →
/// done (waiting may go back to contacted), dismissed from any open state, and a finished case
/// only reopened.
pub fn may_move(from: CaseState, to: CaseState) -> bool {
    use CaseState::*;
    from == to
        || match from {
            Open => matches!(to, Contacted | Waiting | Done | Dismissed),
            Contacted => matches!(to, Waiting | Done | Dismissed),
            Waiting => matches!(to, Contacted | Done | Dismissed),
            Done | Dismissed => to == Open,
        }
}

/// A note's text: prose, so trimmed but not normalised (its full-width punctuation is kept), not
/// empty, at most [`MAX_NOTE`] characters.
/// `field` names it in each language: a Chinese screen never reads the English name.
pub fn note_text(field: &Text, input: &str) -> RuleResult<String> {
    let text = input.trim();
    if text.is_empty() {
        let Text { zh, en } = field;
        return Err(Refusal::input(text!(
            "{zh} 不能为空",
            "{en} must not be empty"
        )));
    }
    names::limit_named(field, text.to_string(), MAX_NOTE)
}

/// What a work record (工作记录) is called in a refusal.
pub fn work_record() -> Text {
    text!("工作记录", "the work record")
}

/// Applies `input` to `case` as `author` at `at` (RFC 3339) on `today`; returns the one-line
/// summary of what changed. Who may be assigned is checked by the caller, which knows the users.
pub fn follow(
    case: &mut FollowUp,
    input: FollowInput,
    today: NaiveDate,
    author: &str,
    at: &str,
) -> RuleResult<Text> {
    if input.is_empty() {
        return Err(Refusal::input(text!(
            "没有要修改的内容：用 --assign、--state、--note 或 --until",
            "nothing to change: use --assign, --state, --note or --until"
        )));
    }
    let key = case.key.clone();
    let note = input
        .note
        .as_deref()
        .map(|n| note_text(&Text::new("--note", "--note"), n))
        .transpose()?;
    let mut zh = Vec::new();
    let mut en = Vec::new();
    if let Some(to) = input.state
        && to != case.state
    {
        let from = case.state;
        if !may_move(from, to) {
            return Err(Refusal::input(text!(
                ["{key}：跟进状态不能从「{}」改为「{}」", from.zh(), to.zh()],
                [
                    "{key}: a case cannot go from {} to {}",
                    from.code(),
                    to.code()
                ]
            )));
        }
        if to == CaseState::Dismissed {
            let Some(reason) = &note else {
                return Err(Refusal::input(text!(
                    "{key}：不予处理须说明理由（--note）",
                    "{key}: dismissing a case needs a reason (--note)"
                )));
            };
            case.dismissed_because = Some(reason.clone());
        } else {
            case.dismissed_because = None;
        }
        case.state = to;
        zh.push(format!("状态 {} → {}", from.zh(), to.zh()));
        en.push(format!("state {} → {}", from.code(), to.code()));
    }
    let until_given = input.until.is_some();
    if let Some(until) = input.until
        && until != case.until
    {
        if let Some(day) = until
            && day < today
        {
            // Named as the console's field is, not as the command line's flag: both show it.
            return Err(Refusal::input(text!(
                "复查日期 {day} 已过去；须是今天（{today}）或以后",
                "the look-again date {day} has passed; it must be today ({today}) or later"
            )));
        }
        case.until = until;
        case.deferred_on = until.map(|_| today);
        match until {
            Some(day) => {
                zh.push(format!("{day} 再看"));
                en.push(format!("look again on {day}"));
            }
            None => {
                zh.push("取消复查日期".into());
                en.push("look-again date cleared".into());
            }
        }
    }
    if let Some(assignee) = input.assign
        && assignee != case.assignee
    {
        match &assignee {
            Some(user) => {
                zh.push(format!("交给 {user}"));
                en.push(format!("assigned to {user}"));
            }
            None => {
                zh.push("取消指派".into());
                en.push("unassigned".into());
            }
        }
        case.assignee = assignee;
        // The look-again date was the previous assignee's plan: the new one starts without it.
        if !until_given && case.until.take().is_some() {
            case.deferred_on = None;
            zh.push("原复查日期取消".into());
            en.push("the earlier look-again date dropped".into());
        }
    }
    if let Some(text) = note {
        let short: String = text.chars().take(40).collect();
        let more = if text.chars().count() > 40 { "…" } else { "" };
        zh.push(format!("备注「{short}{more}」"));
        en.push(format!("note '{short}{more}'"));
        case.notes.push(CaseNote {
            at: at.to_string(),
            author: author.to_string(),
            text,
        });
    }
    if zh.is_empty() {
        return Err(Refusal::input(text!(
            "{key}：与现状相同，没有变化",
            "{key}: already so; nothing changed"
        )));
    }
    Ok(Text::new(
        format!("跟进 {key}：{}", zh.join("，")),
        format!("case {key}: {}", en.join(", ")),
    ))
}

/// Keeps a case in step with its finding after a change: a case whose finding is gone closes
/// itself (`reason`: the change that removed it); one whose finding is back reopens, history
/// kept. Returns the summary of what it did, if anything.
pub fn reconcile(
    case: &mut FollowUp,
    finding_present: bool,
    today: NaiveDate,
    reason: &Text,
) -> Option<Text> {
    let key = case.key.clone();
    match (finding_present, &case.resolved) {
        (true, Some(_)) => {
            case.resolved = None;
            case.state = CaseState::Open;
            case.dismissed_because = None;
            Some(text!(
                "跟进 {key}：原因再次出现，重新打开（保留记录）",
                "case {key}: the cause is back; reopened with its history"
            ))
        }
        (false, None) if !matches!(case.state, CaseState::Done | CaseState::Dismissed) => {
            case.resolved = Some(Resolution {
                on: today,
                reason: reason.clone(),
            });
            let (zh, en) = (&reason.zh, &reason.en);
            Some(text!(
                "跟进 {key}：原因已消除（{zh}），自动关闭",
                "case {key}: the cause is gone ({en}); closed by itself"
            ))
        }
        _ => None,
    }
}

/// The triage inbox views.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inbox {
    /// 我的: assigned to me, still open, and either not deferred or its due date has passed.
    Mine,
    /// 未分配: open and nobody has it.
    Unassigned,
    /// 已暂缓: waiting until a look-again date that has not come.
    Deferred,
    /// 全部: every finding, closed cases shown too.
    All,
}

impl Inbox {
    pub const ALL: [Inbox; 4] = [Inbox::Mine, Inbox::Unassigned, Inbox::Deferred, Inbox::All];

    pub fn title(self) -> Text {
        match self {
            Inbox::Mine => text!("我的", "Mine"),
            Inbox::Unassigned => text!("未分配", "Unassigned"),
            Inbox::Deferred => text!("已暂缓", "Deferred"),
            Inbox::All => text!("全部", "All"),
        }
    }
}

/// Whether the look-again date holds the case back: it has not come, and no due date that was
/// still ahead when it was set has passed since (an overdue finding can still be deferred).
pub fn deferred(case: &FollowUp, due: Option<NaiveDate>, today: NaiveDate) -> bool {
    let due_passed_since = match (due, case.deferred_on) {
        (Some(due), Some(set)) => due >= set && due < today,
        _ => false,
    };
    case.until.is_some_and(|until| until > today) && !due_passed_since
}

/// Whether a finding (with its case, if followed) belongs in `inbox` for user `me`.
pub fn in_inbox(
    inbox: Inbox,
    case: Option<&FollowUp>,
    due: Option<NaiveDate>,
    me: &str,
    today: NaiveDate,
) -> bool {
    let open = case.is_none_or(|c| !c.is_closed());
    match inbox {
        Inbox::All => true,
        Inbox::Mine => case
            .is_some_and(|c| open && c.assignee.as_deref() == Some(me) && !deferred(c, due, today)),
        Inbox::Unassigned => open && case.is_none_or(|c| c.assignee.is_none()),
        Inbox::Deferred => open && case.is_some_and(|c| deferred(c, due, today)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const AT: &str = "2026-11-25T09:00:00+08:00";

    fn case() -> FollowUp {
        FollowUp::new("GDICB-2024-0011/A15.3.1/2025")
    }

    fn input() -> FollowInput {
        FollowInput::default()
    }

    #[test]
    fn keys_name_base_rule_and_object() {
        assert_eq!(
            case_key("GDICB-2024-0011", "A15.3.1", Some("2025")),
            "GDICB-2024-0011/A15.3.1/2025"
        );
        assert_eq!(
            case_key("GDICB-2024-0011", "A14.2", None),
            "GDICB-2024-0011/A14.2"
        );
        assert_eq!(base_of("GDICB-2024-0011/A15.3.1/2025"), "GDICB-2024-0011");
        assert_eq!(
            typed_key(" gdicb-2024-0011/A5.2/Aokumo Optics "),
            "GDICB-2024-0011/A5.2/Aokumo Optics"
        );
        // The rule in any case or width; a year or number folded; a name kept as written.
        assert_eq!(typed_key("gdicb-2026-0005/a14"), "GDICB-2026-0005/A14");
        assert_eq!(
            typed_key("gdicb-2024-0011/PRACTICE/2025"),
            "GDICB-2024-0011/practice/2025"
        );
        assert_eq!(
            typed_key("ｇｄｉｃｂ－２０１７－０００３／ａ１５．３．４／１"),
            "GDICB-2017-0003/A15.3.4/1"
        );
        assert_eq!(
            typed_key("gdicb-2024-0011/a5.2/澜汐（香港）光学"),
            "GDICB-2024-0011/A5.2/澜汐（香港）光学"
        );
        assert_eq!(case().base_id, "GDICB-2024-0011");
    }

    #[test]
    fn the_workflow_goes_forward_and_a_finished_case_only_reopens() {
        use CaseState::*;
        assert!(may_move(Open, Contacted) && may_move(Contacted, Waiting));
        assert!(may_move(Waiting, Contacted) && may_move(Waiting, Done));
        assert!(may_move(Contacted, Dismissed));
        assert!(!may_move(Done, Contacted), "the issue's own example");
        assert!(!may_move(Contacted, Open) && !may_move(Dismissed, Waiting));
        assert!(may_move(Done, Open) && may_move(Dismissed, Open));

        let mut c = case();
        c.state = Done;
        let err = follow(
            &mut c,
            FollowInput {
                state: Some(Contacted),
                ..input()
            },
            d("2026-11-25"),
            "wang",
            AT,
        )
        .unwrap_err();
        assert!(
            err.text.zh.contains("已完成") && err.text.zh.contains("已联系"),
            "{}",
            err.text.zh
        );
        assert_eq!(c.state, Done, "a refused change leaves the case as it was");
    }

    #[test]
    fn dismissing_needs_a_reason_which_is_kept() {
        let mut c = case();
        let dismiss = FollowInput {
            state: Some(CaseState::Dismissed),
            ..input()
        };
        let err = follow(&mut c, dismiss.clone(), d("2026-11-25"), "wang", AT).unwrap_err();
        assert!(err.text.en.contains("reason"), "{}", err.text.en);
        let with_reason = FollowInput {
            note: Some("已书面说明，属合理延期".into()),
            ..dismiss
        };
        let line = follow(&mut c, with_reason, d("2026-11-25"), "wang", AT).unwrap();
        assert_eq!(c.state, CaseState::Dismissed);
        assert_eq!(
            c.dismissed_because.as_deref(),
            Some("已书面说明，属合理延期")
        );
        assert_eq!(c.notes.len(), 1);
        assert!(line.zh.contains("不予处理"), "{}", line.zh);
        assert!(c.is_closed());
    }

    #[test]
    fn the_look_again_date_is_today_or_later() {
        let today = d("2026-11-25");
        let mut c = case();
        let past = FollowInput {
            until: Some(Some(d("2026-11-24"))),
            ..input()
        };
        assert!(follow(&mut c, past, today, "wang", AT).is_err());
        let same_day = FollowInput {
            until: Some(Some(today)),
            ..input()
        };
        assert!(follow(&mut c, same_day, today, "wang", AT).is_ok());
        let cleared = FollowInput {
            until: Some(None),
            ..input()
        };
        follow(&mut c, cleared, today, "wang", AT).unwrap();
        assert_eq!(c.until, None);
    }

    #[test]
    fn notes_are_bounded_and_nothing_to_change_is_refused() {
        let today = d("2026-11-25");
        let mut c = case();
        assert!(follow(&mut c, input(), today, "wang", AT).is_err());
        let long = FollowInput {
            note: Some("电".repeat(MAX_NOTE + 1)),
            ..input()
        };
        let err = follow(&mut c, long, today, "wang", AT).unwrap_err();
        assert!(err.text.zh.contains("4000"), "{}", err.text.zh);
        let exactly = FollowInput {
            note: Some("电".repeat(MAX_NOTE)),
            ..input()
        };
        follow(&mut c, exactly, today, "wang", AT).unwrap();
        let blank = FollowInput {
            note: Some("   ".into()),
            ..input()
        };
        assert!(follow(&mut c, blank, today, "wang", AT).is_err());
        c.assignee = Some("wang".into());
        let same = FollowInput {
            assign: Some(Some("wang".into())),
            ..input()
        };
        assert!(
            follow(&mut c, same, today, "wang", AT).is_err(),
            "no change is no event"
        );
    }

    #[test]
    fn a_case_closes_itself_when_the_cause_goes_and_reopens_when_it_returns() {
        let today = d("2026-11-25");
        let mut c = case();
        c.state = CaseState::Contacted;
        c.notes.push(CaseNote {
            at: AT.into(),
            author: "wang".into(),
            text: "已电话催报".into(),
        });
        let why = text!("提交 2025 年度报告", "2025 report submitted");
        assert!(
            reconcile(&mut c, true, today, &why).is_none(),
            "still there: nothing to do"
        );
        let line = reconcile(&mut c, false, today, &why).unwrap();
        assert!(line.zh.contains("提交 2025 年度报告"), "{}", line.zh);
        assert!(c.is_closed());
        assert!(
            reconcile(&mut c, false, today, &why).is_none(),
            "closed once"
        );
        reconcile(&mut c, true, d("2026-12-01"), &why).unwrap();
        assert!(!c.is_closed());
        assert_eq!(c.state, CaseState::Open);
        assert_eq!(c.notes.len(), 1, "the history is kept");
        // A case the team closed stays closed when the cause goes.
        let mut done = case();
        done.state = CaseState::Done;
        assert!(reconcile(&mut done, false, today, &why).is_none());
    }

    #[test]
    fn a_new_assignee_starts_without_the_previous_look_again_date() {
        let today = d("2026-11-25");
        let mut c = case();
        let defer = FollowInput {
            assign: Some(Some("root".into())),
            until: Some(Some(d("2026-12-20"))),
            ..input()
        };
        follow(&mut c, defer, today, "root", AT).unwrap();
        let pass = FollowInput {
            assign: Some(Some("wang".into())),
            ..input()
        };
        let line = follow(&mut c, pass, today, "root", AT).unwrap();
        assert_eq!((c.until, c.deferred_on), (None, None));
        assert!(line.zh.contains("复查日期取消"), "{}", line.zh);
        assert!(in_inbox(Inbox::Mine, Some(&c), None, "wang", today));
        // Handed over with a date of its own, the date is the new one.
        let again = FollowInput {
            assign: Some(Some("li".into())),
            until: Some(Some(d("2026-12-01"))),
            ..input()
        };
        follow(&mut c, again, today, "root", AT).unwrap();
        assert_eq!(c.until, Some(d("2026-12-01")));
    }

    #[test]
    fn inboxes_and_the_look_again_date() {
        let today = d("2026-11-25");
        let mut mine = case();
        mine.assignee = Some("wang".into());
        let due = Some(d("2026-12-31"));
        assert!(in_inbox(Inbox::Mine, Some(&mine), due, "wang", today));
        assert!(!in_inbox(Inbox::Mine, Some(&mine), due, "li", today));
        assert!(!in_inbox(
            Inbox::Unassigned,
            Some(&mine),
            due,
            "wang",
            today
        ));
        assert!(
            in_inbox(Inbox::Unassigned, None, due, "wang", today),
            "not followed yet"
        );
        assert!(!in_inbox(Inbox::Mine, None, due, "wang", today));

        mine.until = Some(d("2026-12-10"));
        mine.deferred_on = Some(today);
        assert!(
            !in_inbox(Inbox::Mine, Some(&mine), due, "wang", today),
            "deferred"
        );
        assert!(in_inbox(Inbox::Deferred, Some(&mine), due, "wang", today));
        assert!(
            in_inbox(Inbox::Mine, Some(&mine), due, "wang", d("2026-12-10")),
            "its day came"
        );
        // The due date passes before the look-again date: back in "mine".
        let soon = Some(d("2026-11-30"));
        assert!(in_inbox(
            Inbox::Mine,
            Some(&mine),
            soon,
            "wang",
            d("2026-12-01")
        ));
        assert!(!in_inbox(
            Inbox::Deferred,
            Some(&mine),
            soon,
            "wang",
            d("2026-12-01")
        ));
        assert!(
            !in_inbox(Inbox::Mine, Some(&mine), soon, "wang", d("2026-11-30")),
            "not yet"
        );
        // Already overdue when deferred: the look-again date holds.
        let overdue = Some(d("2026-03-31"));
        assert!(!in_inbox(Inbox::Mine, Some(&mine), overdue, "wang", today));
        assert!(in_inbox(
            Inbox::Deferred,
            Some(&mine),
            overdue,
            "wang",
            today
        ));

        mine.state = CaseState::Done;
        assert!(!in_inbox(
            Inbox::Mine,
            Some(&mine),
            due,
            "wang",
            d("2026-12-10")
        ));
        assert!(
            in_inbox(Inbox::All, Some(&mine), due, "wang", today),
            "shown, never hidden"
        );
    }
}
