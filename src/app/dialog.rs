//! The dialogs over a screen answer their own keys, and nothing reaches the screen below: help,
//! the outcome picker, the mark and undo confirmations, facet menus and forms.

use super::overlay::{ButtonFocus, MarkFocus, OUTCOMES, Overlay};
use super::room::{rows_moved, scrolled};
use super::{App, Effect};
use crate::keymap::Action;
use crate::service::Request;

const PICKS: [Action; 5] = [
    Action::Pick1,
    Action::Pick2,
    Action::Pick3,
    Action::Pick4,
    Action::Pick5,
];

/// The answer of the dialog on top to `action`.
pub(super) fn act(app: &mut App, action: Action) -> Vec<Effect> {
    if let Some(Overlay::Outcomes(_)) = &app.overlay {
        return super::outcomes::act(app, action);
    }
    let page = app.page_height();
    let limit = app.scroll_limit() as usize;
    let moved = rows_moved(action, page);
    let Some(overlay) = &mut app.overlay else {
        return Vec::new();
    };
    match overlay {
        // Help inherits `[global]` for scrolling and quitting, but nothing else may act on the
        // screen behind it (`n`, Enter, `d`, `/`…).
        Overlay::Help { scroll } => match action {
            Action::Quit => {
                app.quit = true;
                return vec![Effect::Quit];
            }
            Action::Redraw => return vec![Effect::Redraw],
            Action::Back | Action::Cancel => app.overlay = None,
            Action::Help => *scroll = 0,
            _ => {
                if let Some(delta) = moved {
                    *scroll = scrolled(*scroll as usize, delta, limit) as u16;
                }
            }
        },
        Overlay::PickOutcome { cursor, .. } => {
            let picked = match action {
                Action::Press => Some(*cursor),
                _ => PICKS.iter().position(|p| *p == action),
            };
            if let Some(i) = picked {
                app.open_confirm(OUTCOMES[i]);
            } else if let Some(delta) = moved {
                *cursor = scrolled(*cursor, delta, OUTCOMES.len() - 1);
            } else if matches!(action, Action::Back | Action::Cancel) {
                app.overlay = None;
            }
        }
        Overlay::PickState(pick) => {
            let picked = match action {
                Action::Press => Some(pick.cursor),
                _ => PICKS.iter().position(|p| *p == action),
            };
            if let Some(i) = picked {
                return app.state_picked(i);
            } else if let Some(delta) = moved {
                pick.cursor = scrolled(pick.cursor, delta, pick.refusals.len() - 1);
            } else if matches!(action, Action::Back | Action::Cancel) {
                app.overlay = None;
            }
        }
        Overlay::MarkConfirm(c) => match action {
            Action::Confirm => return app.submit_mark(),
            Action::Back | Action::Cancel => app.overlay = None,
            Action::FocusNext | Action::FocusPrev => {
                c.focus = c.focus.step(action == Action::FocusNext)
            }
            Action::Press => match c.focus {
                MarkFocus::Confirm => return app.submit_mark(),
                MarkFocus::Cancel => app.overlay = None,
                MarkFocus::Round | MarkFocus::Date | MarkFocus::Score => {
                    c.focus = c.focus.step(true)
                }
            },
            _ => {
                if let Some(delta) = moved {
                    c.scroll = scrolled(c.scroll, delta, limit);
                }
            }
        },
        Overlay::UndoConfirm { focus, batch, .. } => match action {
            Action::Confirm => {
                let batch = *batch;
                return app.undo(batch);
            }
            Action::Press if *focus == ButtonFocus::Confirm => {
                let batch = *batch;
                return app.undo(batch);
            }
            Action::Press | Action::Back | Action::Cancel => app.overlay = None,
            Action::FocusNext | Action::FocusPrev => {
                *focus = match focus {
                    ButtonFocus::Cancel => ButtonFocus::Confirm,
                    ButtonFocus::Confirm => ButtonFocus::Cancel,
                };
            }
            _ => {}
        },
        Overlay::Menu(menu) => match action {
            Action::Toggle => {
                if let Some(o) = menu.options.get_mut(menu.cursor) {
                    o.checked = !o.checked;
                }
            }
            Action::Press => {
                menu.apply(&mut app.list.filter);
                app.overlay = None;
                app.refresh_list();
                app.refresh_triage();
            }
            Action::Back | Action::Cancel => app.overlay = None,
            _ => {
                if let Some(delta) = moved {
                    menu.cursor = scrolled(menu.cursor, delta, menu.options.len() - 1);
                }
            }
        },
        // "Discard unsaved input?", Cancel focused: only `y` discards.
        Overlay::Form(form) if form.confirm_discard => match action {
            Action::Confirm => app.overlay = None,
            Action::Press | Action::Back | Action::Cancel => form.confirm_discard = false,
            _ => {}
        },
        Overlay::Outcomes(_) => {}
        Overlay::Form(form) => match action {
            Action::Submit => return app.submit_form(),
            Action::NextField | Action::PrevField => form.step(action == Action::NextField),
            Action::Complete | Action::CompletePrev => form.complete(action == Action::Complete),
            Action::ClearInput if !form.pending => form.focused().clear(),
            Action::Back | Action::Cancel if form.dirty() && !form.pending => {
                form.confirm_discard = true
            }
            Action::Back | Action::Cancel => app.overlay = None,
            _ => {}
        },
    }
    Vec::new()
}

impl App {
    /// `y` on an undo: the batch is undone by a compensating event.
    fn undo(&mut self, batch: u64) -> Vec<Effect> {
        self.overlay = None;
        self.last_batch = None;
        self.write(Request::Undo { batch })
    }

    /// Enter in a form: the request it makes, or the field that is wrong.
    fn submit_form(&mut self) -> Vec<Effect> {
        let Some(Overlay::Form(form)) = &mut self.overlay else {
            return Vec::new();
        };
        if form.pending {
            return Vec::new();
        }
        match form.request(self.lang) {
            Ok(request) => {
                form.pending = true;
                form.error = None;
                self.write(request)
            }
            Err(refusal) => {
                form.error = Some(refusal.text);
                Vec::new()
            }
        }
    }
}
