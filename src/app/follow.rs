//! Case follow-up from the console, on the finding under the cursor (in triage, or on the 跟进 tab
//! of a base): take it, assign it to a user (the command line, with Tab completing the users),
//! a note, its state (a picker that shows which moves the workflow refuses), a look-again date;
//! and a work record on its base. Every one is a `Request::Follow` or `Request::WorkNote`
//! through the write gate, made against the version on screen and undone with `u`. What the
//! domain would refuse is refused here first, with the domain's own message, so a refused
//! change costs no write.

use super::form::{Form, FormKind};
use super::forms::field;
use super::overlay::Overlay;
use super::{App, Effect, InputKind, InputLine, Screen};
use crate::domain::cases::{self, FollowInput, FollowUp};
use crate::domain::codes::{CaseState, Code};
use crate::domain::dates::{add_days, parse_date};
use crate::domain::findings::Finding;
use crate::domain::text::{Lang, Refusal, Text};
use crate::keymap::Action;
use crate::service::Request;
use crate::text;

/// The case keys' answer to `action`, on the finding under the cursor; `None` for other actions.
pub(super) fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    let effects = match action {
        Action::AssignMe => app.assign_me(),
        Action::AssignTo => {
            app.prompt_assign();
            Vec::new()
        }
        Action::CaseNote => {
            app.open_case_form(FormKind::CaseNote);
            Vec::new()
        }
        Action::CaseState => {
            app.pick_state();
            Vec::new()
        }
        Action::LookAgain => {
            app.open_case_form(FormKind::LookAgain);
            Vec::new()
        }
        Action::WorkNote => {
            app.open_work_note();
            Vec::new()
        }
        _ => return None,
    };
    Some(effects)
}

/// The state picker: the five states with keys 1–5, each with why the workflow refuses it from
/// the case's state now, if it does.
pub struct StatePick {
    pub key: String,
    pub now: CaseState,
    pub cursor: usize,
    /// Per state of [`CaseState::all`]: the domain's refusal of that move, if any.
    pub refusals: Vec<Option<Refusal>>,
    /// Why the state picked last was not taken.
    pub error: Option<Text>,
}

/// "Look again on" choices offered in the date field.
const LOOK_AGAIN_DAYS: [i64; 3] = [7, 14, 30];

/// What a follow-up would do to `case` (a new one when `None`), as the domain judges it: the
/// refusal the write gate would give, without writing.
fn judged(
    key: &str,
    case: Option<&FollowUp>,
    input: FollowInput,
    app: &App,
) -> Result<(), Refusal> {
    let mut case = case.cloned().unwrap_or_else(|| FollowUp::new(key));
    cases::follow(&mut case, input, app.today, &app.user, "").map(drop)
}

impl App {
    /// The finding the case keys act on: the triage cursor's, or the one under the cursor of a
    /// base's 跟进 tab (another tab is switched to it first, so the user sees which finding).
    fn case_target(&mut self) -> Option<Finding> {
        let found = match self.screen {
            Screen::Triage => self.current_finding().cloned(),
            Screen::Detail => {
                let view = self.detail.as_mut()?;
                if view.tab != super::detail::Tab::Work {
                    view.tab = super::detail::Tab::Work;
                    view.scroll = 0;
                    self.notify(text!(
                        "在「跟进」标签页上选中问题，再按一次",
                        "pick the finding on the Cases tab, then press the key again"
                    ));
                    return None;
                }
                view.findings.get(view.work.cursor).cloned()
            }
            _ => None,
        };
        let Some(finding) = found else {
            self.notify(text!(
                "这里没有可跟进的问题",
                "no finding here to follow up"
            ));
            return None;
        };
        if finding.base_id.is_empty() {
            self.warn(text!(
                "这一项关于整个计划（A16），不属于某个基地，不能指派或跟进",
                "this finding is about the whole programme (A16), not a base: it cannot be assigned or followed up"
            ));
            return None;
        }
        Some(finding)
    }

    /// The case of finding `f` as the console knows it now.
    fn case_of(&self, f: &Finding) -> Option<FollowUp> {
        let on_base = self
            .detail
            .as_ref()
            .filter(|d| self.screen == Screen::Detail && d.base.id == f.base_id);
        match on_base {
            Some(view) => view.work.cases.iter().find(|c| f.has_key(&c.key)).cloned(),
            None => self.analysis.as_ref()?.cases.of(f).cloned(),
        }
    }

    /// A follow-up of `key`, refused here when the domain would refuse it.
    fn follow(&mut self, key: String, case: Option<&FollowUp>, input: FollowInput) -> Vec<Effect> {
        if let Err(refusal) = judged(&key, case, input.clone(), self) {
            self.warn(refusal.text);
            return Vec::new();
        }
        self.write(Request::Follow { key, input })
    }

    fn assign_me(&mut self) -> Vec<Effect> {
        let Some(f) = self.case_target() else {
            return Vec::new();
        };
        let case = self.case_of(&f);
        let input = FollowInput {
            assign: Some(Some(self.user.clone())),
            ..Default::default()
        };
        self.follow(f.key(), case.as_ref(), input)
    }

    /// The command line, ready for the assignee: Tab completes the users.
    fn prompt_assign(&mut self) {
        if self.case_target().is_some() {
            self.input = Some(InputLine::new(InputKind::Command, "follow 指派="));
        }
    }

    /// A one-field form for the case under the cursor: its note, a dismissal's reason, or its
    /// look-again date.
    fn open_case_form(&mut self, kind: FormKind) {
        let Some(f) = self.case_target() else { return };
        let case = self.case_of(&f);
        let key = f.key();
        let (title, input) = match kind {
            FormKind::CaseNote => (
                text!("跟进备注 · {key}", "Note on the case · {key}"),
                field("note", text!("备注", "Note"), "", true),
            ),
            FormKind::CaseDismiss => (
                text!("不予处理 · {key}", "Dismiss · {key}"),
                field("note", text!("理由（必填）", "Reason (required)"), "", true),
            ),
            _ => {
                let until = case.as_ref().and_then(|c| c.until);
                let shown = until.unwrap_or(add_days(self.today, LOOK_AGAIN_DAYS[0]));
                let mut date = field(
                    "until",
                    text!("复查日期（「无」取消）", "Look again on ('none' clears)"),
                    &shown.to_string(),
                    true,
                );
                date.choices = LOOK_AGAIN_DAYS
                    .iter()
                    .map(|d| add_days(self.today, *d).to_string())
                    .chain([text!("无", "none").get(self.lang).to_string()])
                    .collect();
                (text!("复查日期 · {key}", "Look again · {key}"), date)
            }
        };
        let mut form = Form::build(kind, Some(f.base_id.clone()), title, vec![input]);
        form.subject = Some(key);
        self.overlay = Some(Overlay::Form(form));
    }

    /// The work-record form for the base under the cursor, citing the finding under the cursor
    /// (the field may be cleared, or set to another of the base's findings).
    fn open_work_note(&mut self) {
        let (id, cited, keys) = match self.screen {
            Screen::Triage => {
                let Some(f) = self.current_finding().filter(|f| !f.base_id.is_empty()) else {
                    self.notify(text!("先选中一个基地", "select a base first"));
                    return;
                };
                (f.base_id.clone(), Some(f.key()), vec![f.key()])
            }
            Screen::Detail => {
                let Some(view) = &self.detail else { return };
                let cited = (view.tab == super::detail::Tab::Work)
                    .then(|| view.findings.get(view.work.cursor).map(Finding::key))
                    .flatten();
                let keys = view.findings.iter().map(Finding::key).collect();
                (view.base.id.clone(), cited, keys)
            }
            _ => return,
        };
        let name = self.row(&id).map_or(id.clone(), |r| r.name.clone());
        let mut about = field(
            "cites",
            text!(
                "关于（问题键，可清空）",
                "About (a finding's key, may be cleared)"
            ),
            cited.as_deref().unwrap_or(""),
            false,
        );
        about.choices = keys;
        let form = Form::build(
            FormKind::WorkNote,
            Some(id),
            text!("工作记录 · {name}", "Work record · {name}"),
            vec![field("text", text!("内容", "Text"), "", true), about],
        );
        self.overlay = Some(Overlay::Form(form));
    }

    /// The state picker for the case under the cursor.
    fn pick_state(&mut self) {
        let Some(f) = self.case_target() else { return };
        let case = self.case_of(&f);
        let key = f.key();
        let now = case.as_ref().map_or(CaseState::Open, |c| c.state);
        let refusals = CaseState::all()
            .iter()
            .map(|to| {
                let input = FollowInput {
                    state: Some(*to),
                    // A dismissal's reason is asked next; the move itself is judged here.
                    note: (*to == CaseState::Dismissed).then(|| "—".to_string()),
                    ..Default::default()
                };
                judged(&key, case.as_ref(), input, self).err()
            })
            .collect();
        let cursor = CaseState::all().iter().position(|s| *s == now).unwrap_or(0);
        self.overlay = Some(Overlay::PickState(StatePick {
            key,
            now,
            cursor,
            refusals,
            error: None,
        }));
    }

    /// A state picked in the picker: refused there, or asked a reason (a dismissal), or sent.
    pub(super) fn state_picked(&mut self, index: usize) -> Vec<Effect> {
        let Some(Overlay::PickState(pick)) = &mut self.overlay else {
            return Vec::new();
        };
        let Some(&to) = CaseState::all().get(index) else {
            return Vec::new();
        };
        pick.cursor = index;
        if let Some(refusal) = &pick.refusals[index] {
            pick.error = Some(refusal.text.clone());
            return Vec::new();
        }
        let key = pick.key.clone();
        self.overlay = None;
        if to == CaseState::Dismissed {
            self.open_case_form(FormKind::CaseDismiss);
            return Vec::new();
        }
        let input = FollowInput {
            state: Some(to),
            ..Default::default()
        };
        self.write(Request::Follow { key, input })
    }
}

/// The request of a follow-up form: what its one field says about the case `form.subject`.
pub(super) fn request(form: &Form, lang: Lang) -> Result<Request, Refusal> {
    let value = |key: &str| {
        form.fields
            .iter()
            .find(|f| f.key == key)
            .map_or("", |f| f.input.value().trim())
    };
    let key = || form.subject.clone().unwrap_or_default();
    let note = |label: Text| cases::note_text(&label, value("note")).map(Some);
    Ok(match form.kind {
        FormKind::CaseNote => Request::Follow {
            key: key(),
            input: FollowInput {
                note: note(text!("备注", "note"))?,
                ..Default::default()
            },
        },
        FormKind::CaseDismiss => Request::Follow {
            key: key(),
            input: FollowInput {
                state: Some(CaseState::Dismissed),
                note: note(text!("理由", "reason"))?,
                ..Default::default()
            },
        },
        FormKind::LookAgain => {
            let raw = value("until");
            let label = text!("复查日期", "look-again date");
            let until = match raw {
                "无" | "none" | "" => None,
                day => Some(parse_date(label.get(lang), day)?),
            };
            Request::Follow {
                key: key(),
                input: FollowInput {
                    until: Some(until),
                    ..Default::default()
                },
            }
        }
        _ => Request::WorkNote {
            id: form.base_id.clone().unwrap_or_default(),
            text: cases::note_text(&text!("内容", "text"), value("text"))?,
            cites: Some(value("cites").to_string()).filter(|c| !c.is_empty()),
        },
    })
}

/// `:follow 指派=USER|me 状态=S 再看=DATE|无 备注=TEXT…` on the finding under the cursor: the
/// same as `jidi follow KEY --assign --state --until --note`; the note takes the rest of the line.
pub(super) fn command(app: &mut App, args: &[&str]) -> Result<Vec<Effect>, Refusal> {
    if args.is_empty() {
        return Err(Refusal::input(text!(
            "用法：:follow 指派=用户|me 状态=… 再看=YYYY-MM-DD|无 备注=…",
            "usage: :follow assign=USER|me state=… until=YYYY-MM-DD|none note=…"
        )));
    }
    // Who may not follow cases up is told so first, not sent to find a finding.
    if app.refuse_read_only() || app.refuse_role(Action::CaseState) {
        return Ok(Vec::new());
    }
    let mut input = FollowInput::default();
    for (i, arg) in args.iter().enumerate() {
        let (name, value) = arg.split_once('=').ok_or_else(|| unknown(arg))?;
        match name {
            "指派" | "assign" => {
                input.assign = Some(match value.trim() {
                    "me" | "我" => Some(app.user.clone()),
                    "无" | "none" | "" => None,
                    user => Some(user.to_string()),
                })
            }
            "状态" | "state" => input.state = Some(CaseState::parse_or_refuse(value)?),
            "再看" | "until" => {
                input.until = Some(match value.trim() {
                    "无" | "none" | "" => None,
                    day => Some(parse_date("再看/until", day)?),
                })
            }
            "备注" | "note" => {
                let rest: Vec<&str> = std::iter::once(value)
                    .chain(args[i + 1..].iter().copied())
                    .collect();
                input.note = Some(rest.join(" "));
                break;
            }
            _ => return Err(unknown(arg)),
        }
    }
    let Some(f) = app.case_target() else {
        return Ok(Vec::new());
    };
    let case = app.case_of(&f);
    judged(&f.key(), case.as_ref(), input.clone(), app)?;
    Ok(app.write(Request::Follow {
        key: f.key(),
        input,
    }))
}

fn unknown(arg: &str) -> Refusal {
    Refusal::input(text!(
        "「{arg}」不是 指派=… 状态=… 再看=… 备注=… 之一",
        "'{arg}' is not one of assign=… state=… until=… note=…"
    ))
}

/// What may follow `:follow`: the parts, then a part's values (the users for 指派=).
pub(super) fn complete(app: &App, _: &[&str], last: &str) -> Vec<String> {
    let Some((name, _)) = last.split_once('=') else {
        return ["指派=", "状态=", "再看=", "备注="]
            .into_iter()
            .map(String::from)
            .collect();
    };
    let values: Vec<String> = match name {
        "指派" | "assign" => {
            let mut users = app.source.users().unwrap_or_default();
            users.sort();
            std::iter::once("me".to_string()).chain(users).collect()
        }
        "状态" | "state" => CaseState::all()
            .iter()
            .map(|s| s.label(app.lang).to_string())
            .collect(),
        "再看" | "until" => LOOK_AGAIN_DAYS
            .iter()
            .map(|d| add_days(app.today, *d).to_string())
            .chain(["无".to_string()])
            .collect(),
        _ => Vec::new(),
    };
    values.into_iter().map(|v| format!("{name}={v}")).collect()
}

/// `:note TEXT`: a work record on the base under the cursor, citing the finding under it.
pub(super) fn note_command(app: &mut App, args: &[&str]) -> Result<Vec<Effect>, Refusal> {
    let text = args.join(" ");
    if text.trim().is_empty() {
        return Err(Refusal::input(text!(
            "用法：:note 工作记录内容",
            "usage: :note TEXT"
        )));
    }
    let (id, cites) = match app.screen {
        Screen::Triage => match app.current_finding().filter(|f| !f.base_id.is_empty()) {
            Some(f) => (f.base_id.clone(), Some(f.key())),
            None => (String::new(), None),
        },
        Screen::Detail => match &app.detail {
            Some(view) => (
                view.base.id.clone(),
                (view.tab == super::detail::Tab::Work)
                    .then(|| view.findings.get(view.work.cursor).map(Finding::key))
                    .flatten(),
            ),
            None => (String::new(), None),
        },
        _ => (app.current_id().unwrap_or_default(), None),
    };
    if id.is_empty() {
        return Err(Refusal::input(text!(
            "先选中一个基地",
            "select a base first"
        )));
    }
    let text = cases::note_text(&cases::work_record(), &text)?;
    Ok(app.write(Request::WorkNote { id, text, cites }))
}
