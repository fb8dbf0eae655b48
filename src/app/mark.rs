//! Marking evaluation outcomes: choosing the bases, the confirmation with its previews, and the
//! request it sends.

use super::overlay::{MarkConfirm, MarkFocus, Overlay, Preview};
use super::text::TextField;
use super::{App, Effect, Screen};
use crate::domain::base::Base;
use crate::domain::codes::{Code, Outcome};
use crate::domain::lifecycle::{MarkInput, preview_mark};
use crate::domain::text::Text;
use crate::service::Request;
use crate::text;

impl App {
    /// `e`: pick an outcome for the selection (or the base under the cursor); with `outcome`
    /// given (`:mark 合格`) go straight to the confirmation.
    pub(super) fn start_mark(&mut self, outcome: Option<Outcome>) {
        // The detail marks the base on screen; the list and triage mark the selection, if any.
        let targets = match self.screen {
            Screen::Bases => self.list.targets(&self.rows),
            Screen::Detail => self.current_id().into_iter().collect(),
            _ if !self.list.selected.is_empty() => self.list.selected.iter().cloned().collect(),
            _ => self.current_id().into_iter().collect(),
        };
        if targets.is_empty() {
            self.notify(text!("没有可标记的基地", "no base to mark"));
            return;
        }
        let mut bases = Vec::with_capacity(targets.len());
        for id in &targets {
            match self.load_base(id) {
                Some(b) => bases.push(b),
                None => return,
            }
        }
        self.mark_bases = bases;
        match outcome {
            Some(o) => self.open_confirm(o),
            None => self.overlay = Some(Overlay::PickOutcome { targets, cursor: 0 }),
        }
    }

    pub(super) fn open_confirm(&mut self, outcome: Outcome) {
        let (round, date) = self
            .last_mark
            .clone()
            .unwrap_or_else(|| (crate::service::default_round(self.today), self.today));
        let mut confirm = MarkConfirm {
            outcome,
            round: TextField::with(&round),
            date: TextField::with(&date.to_string()),
            score: TextField::default(),
            focus: MarkFocus::Cancel,
            previews: Vec::new(),
            input_error: None,
            scroll: 0,
        };
        refresh_previews(&mut confirm, &self.policy, self.today, &self.mark_bases);
        self.overlay = Some(Overlay::MarkConfirm(confirm));
    }

    pub(super) fn submit_mark(&mut self, confirm: MarkConfirm) -> Vec<Effect> {
        let mut confirm = confirm;
        let date = match confirm.parsed_date() {
            Ok(d) => d,
            Err(e) => {
                confirm.input_error = Some(e.text);
                confirm.focus = MarkFocus::Date;
                self.overlay = Some(Overlay::MarkConfirm(confirm));
                return Vec::new();
            }
        };
        let score = match confirm.parsed_score() {
            Ok(s) => s,
            Err(e) => {
                confirm.input_error = Some(e.text);
                confirm.focus = MarkFocus::Score;
                self.overlay = Some(Overlay::MarkConfirm(confirm));
                return Vec::new();
            }
        };
        // The rules take any round name, even none; the dialog asks for one.
        if confirm.round.value().trim().is_empty() {
            confirm.input_error = Some(round_required());
            confirm.focus = MarkFocus::Round;
            self.overlay = Some(Overlay::MarkConfirm(confirm));
            return Vec::new();
        }
        let ids = confirm.accepted();
        if ids.is_empty() {
            self.warn(text!(
                "没有可标记的基地：全部不符合规则",
                "nothing to mark: every base is refused"
            ));
            return Vec::new();
        }
        let round = confirm.round.value().trim().to_string();
        self.last_mark = Some((round.clone(), date));
        self.writing = true;
        let input = MarkInput {
            outcome: confirm.outcome,
            date,
            round,
            score,
        };
        vec![Effect::Write(Request::Mark { ids, input })]
    }
}

/// What marking each base would do with the round and date as typed.
pub(super) fn refresh_previews(
    confirm: &mut MarkConfirm,
    policy: &crate::domain::policy::Policy,
    today: chrono::NaiveDate,
    bases: &[Base],
) {
    let ctx = crate::domain::lifecycle::Ctx { policy, today };
    let date = confirm.parsed_date();
    confirm.input_error = date.as_ref().err().map(|e| e.text.clone());
    if confirm.round.value().trim().is_empty() {
        confirm.input_error = Some(round_required());
    }
    if let Err(e) = confirm.parsed_score() {
        confirm.input_error = Some(e.text);
    }
    confirm.previews = bases
        .iter()
        .map(|b| Preview {
            id: b.id.clone(),
            name: b.name.clone(),
            result: match &date {
                Ok(date) => preview_mark(
                    b,
                    &ctx,
                    &MarkInput {
                        outcome: confirm.outcome,
                        date: *date,
                        round: confirm.round.value().to_string(),
                        score: None,
                    },
                ),
                Err(e) => Err(e.clone()),
            },
        })
        .collect();
}

fn round_required() -> Text {
    text!("轮次不能为空", "the round is required")
}

/// For `:mark 合格`: the outcome named, in Chinese or as its code.
pub(super) fn parse_outcome(input: &str) -> Option<Outcome> {
    Outcome::parse(input).filter(|o| *o != Outcome::None)
}
