//! `App::update`: one message in, state changed, effects out.

use super::overlay::{MarkFocus, Overlay};
use super::text::TextField;
use super::{App, Effect, InputKind, InputLine, Msg};
use crate::keymap::{Action, Resolution, is_text_key};
use crossterm::event::KeyEvent;

/// The keys that change the database. (Showing note text records the reading: a read-only
/// session is told why it shows none by `reveal-notes` itself.)
pub(super) const WRITES: &[Action] = &[
    Action::Mark,
    Action::Undo,
    Action::NewApplication,
    Action::RecordReport,
    Action::FileChange,
    Action::AddRisk,
    Action::CloseRisk,
    Action::Transition,
    Action::AddPartner,
    Action::AssignMe,
    Action::AssignTo,
    Action::CaseNote,
    Action::CaseState,
    Action::LookAgain,
    Action::WorkNote,
];

impl App {
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(key) => self.key(key),
            Msg::Terminate => {
                self.quit = true;
                vec![Effect::Quit]
            }
            Msg::Paste(text) => match self.text_target() {
                Some(field) => {
                    field.insert_str(&text.replace(['\r', '\n'], " "));
                    self.text_edited()
                }
                None => Vec::new(),
            },
            Msg::Resize(w, h) => {
                self.size = (w, h);
                self.keep_cursors_in_view();
                Vec::new()
            }
            Msg::SearchFound {
                seq,
                hits,
                complete,
            } => {
                if self.list.search.found(seq, hits, complete) {
                    self.refresh_list();
                }
                Vec::new()
            }
            other => self.store_news(other),
        }
    }

    /// Where typed text goes now, if anywhere.
    fn text_target(&mut self) -> Option<&mut TextField> {
        match &mut self.overlay {
            Some(Overlay::Form(f)) if !f.confirm_discard && !f.pending => Some(f.focused()),
            Some(Overlay::MarkConfirm(c)) if !c.pending => match c.focus {
                MarkFocus::Round => Some(&mut c.round),
                MarkFocus::Date => Some(&mut c.date),
                MarkFocus::Score => Some(&mut c.score),
                _ => None,
            },
            Some(_) => None,
            None => self.input.as_mut().map(|i| &mut i.field),
        }
    }

    fn key(&mut self, key: KeyEvent) -> Vec<Effect> {
        // A message is about the last key; the next one clears it.
        self.notice = None;
        if is_text_key(&key)
            && let (Some(field), crossterm::event::KeyCode::Char(c)) =
                (self.text_target(), key.code)
        {
            field.insert(c);
            return self.text_edited();
        }
        let mode = self.mode();
        match self.keymap.resolve(&mut self.chord, mode, key) {
            Resolution::Matched(action) => {
                self.which_key.clear();
                self.act(action)
            }
            Resolution::Pending(next) => {
                self.which_key = next;
                Vec::new()
            }
            Resolution::NotFound => {
                self.which_key.clear();
                let edited = self.text_target().is_some_and(|field| field.edit(&key));
                if edited {
                    self.text_edited()
                } else {
                    Vec::new()
                }
            }
            Resolution::Cancelled => {
                self.which_key.clear();
                Vec::new()
            }
            Resolution::Ignored => Vec::new(),
        }
    }

    /// After a text field changed: search as you type, re-check a mark's round and date.
    pub(super) fn text_edited(&mut self) -> Vec<Effect> {
        if let Some(Overlay::MarkConfirm(confirm)) = &mut self.overlay {
            super::mark::refresh_previews(confirm, &self.policy, self.today, &self.mark_bases);
            return Vec::new();
        }
        match &self.input {
            Some(InputLine {
                kind: InputKind::Search,
                field,
                ..
            }) => {
                let query = field.value().to_string();
                self.search_for(query)
            }
            Some(line) => {
                if !line.completions.is_empty() {
                    self.input.as_mut().expect("checked").completions.clear();
                }
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    /// One action, to whoever answers it: the dialog on top, else the input line, else the
    /// screen's room, else what every screen answers alike. A read-only session answers a key
    /// that would change something itself.
    fn act(&mut self, action: Action) -> Vec<Effect> {
        if self.overlay.is_some() {
            return super::dialog::act(self, action);
        }
        if self.input.is_some() {
            return super::input::act(self, action);
        }
        if WRITES.contains(&action) && (self.refuse_read_only() || self.refuse_role(action)) {
            return Vec::new();
        }
        match (self.screen.room().act)(self, action) {
            Some(effects) => effects,
            None => super::common::act(self, action),
        }
    }
}
