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
        // `:mark` comes here without the key's check: a viewer is refused before the dialog.
        if self.refuse_read_only() || self.refuse_role(crate::keymap::Action::Mark) {
            return;
        }
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
        // When no base can take an outcome (a removed base, an application), say why now
        // rather than after an outcome is picked and every base is skipped.
        let evaluated = crate::domain::lifecycle::can_be_evaluated;
        if !bases.iter().any(|b| evaluated(b).is_ok())
            && let Some(Err(refusal)) = bases.first().map(evaluated)
        {
            self.warn_refusal(&refusal);
            return;
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
            round: TextField::prefilled(&round),
            date: TextField::prefilled(&date.to_string()),
            score: TextField::default(),
            focus: MarkFocus::Cancel,
            previews: Vec::new(),
            input_error: None,
            scroll: 0,
            pending: false,
        };
        refresh_previews(&mut confirm, &self.policy, self.today, &self.mark_bases);
        self.overlay = Some(Overlay::MarkConfirm(confirm));
    }

    /// `y` on the confirmation: the request for the bases the rules accept. The dialog stays
    /// open until the change is stored, so a refusal (another user changed one of the bases,
    /// the database is busy) finds the input as it was, ready to send again.
    pub(super) fn submit_mark(&mut self) -> Vec<Effect> {
        let Some(Overlay::MarkConfirm(confirm)) = &mut self.overlay else {
            return Vec::new();
        };
        if confirm.pending {
            return Vec::new();
        }
        let checked = confirm
            .parsed_date()
            .map_err(|e| (e.text, MarkFocus::Date))
            .and_then(|date| {
                let score = confirm
                    .parsed_score()
                    .map_err(|e| (e.text, MarkFocus::Score))?;
                // The rules take any round name, even none; the dialog asks for one.
                if confirm.round.value().trim().is_empty() {
                    return Err((round_required(), MarkFocus::Round));
                }
                Ok((date, score))
            });
        let (date, score) = match checked {
            Ok(values) => values,
            Err((text, focus)) => {
                confirm.input_error = Some(text);
                confirm.focus = focus;
                return Vec::new();
            }
        };
        let ids = confirm.accepted();
        if ids.is_empty() {
            self.overlay = None;
            self.warn(text!(
                "没有可标记的基地：全部不符合规则",
                "nothing to mark: every base is refused"
            ));
            return Vec::new();
        }
        let round = confirm.round.value().trim().to_string();
        confirm.pending = true;
        confirm.input_error = None;
        let input = MarkInput {
            outcome: confirm.outcome,
            date,
            round: round.clone(),
            score,
        };
        self.last_mark = Some((round, date));
        self.write(Request::Mark { ids, input })
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
