//! The line at the bottom for `/` search and `:` commands: typing searches as you go, Enter runs
//! a command, Tab completes it, Up and Down recall earlier ones.

use super::text::TextField;
use super::{App, Effect};
use crate::keymap::Action;
use crate::search::Query;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    Search,
    Command,
}

pub struct InputLine {
    pub kind: InputKind,
    pub field: TextField,
    /// Position while stepping through history.
    pub history: Option<usize>,
    /// Candidates shown after Tab.
    pub completions: Vec<String>,
}

impl InputLine {
    pub fn new(kind: InputKind, value: &str) -> InputLine {
        InputLine {
            kind,
            field: TextField::with(value),
            history: None,
            completions: Vec::new(),
        }
    }
}

/// The input line's answer to `action` (its mode has only its own keys).
pub(super) fn act(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Back | Action::Cancel => match app.input.take() {
            // Esc on the search line clears the search as well.
            Some(line) if line.kind == InputKind::Search => return app.search_for(String::new()),
            _ => {}
        },
        Action::Submit => {
            let Some(line) = app.input.take() else {
                return Vec::new();
            };
            // Enter on the search line keeps the search and closes the line.
            if line.kind == InputKind::Command {
                let value = line.field.value().trim().to_string();
                if !value.is_empty() {
                    app.history.retain(|h| *h != value);
                    app.history.push(value.clone());
                }
                return super::command::run(app, &value);
            }
        }
        Action::Complete
            if app
                .input
                .as_ref()
                .is_some_and(|l| l.kind == InputKind::Command) =>
        {
            super::command::complete(app)
        }
        Action::HistoryPrev | Action::HistoryNext => {
            app.step_history(action == Action::HistoryPrev)
        }
        Action::ClearInput => {
            if let Some(line) = &mut app.input {
                line.field.clear();
                return app.text_edited();
            }
        }
        _ => {}
    }
    Vec::new()
}

impl App {
    /// Starts a search for `query`, narrowing from the previous hits when the query only grew.
    pub(super) fn search_for(&mut self, query: String) -> Vec<Effect> {
        let search = &mut self.list.search;
        let previous = std::mem::replace(&mut search.query, query.clone());
        // The hits at hand may answer an older query than `previous` (typing outran the
        // search); only hits of `previous` itself can be narrowed.
        let answered_previous = search.settled();
        search.seq += 1;
        if !search.active() {
            search.hits = None;
            self.refresh_list();
            return Vec::new();
        }
        let within = match &search.hits {
            Some(hits)
                if answered_previous
                    && !previous.trim().is_empty()
                    && Query::new(&query).narrows(&Query::new(&previous)) =>
            {
                Some(hits.iter().map(|h| h.row).collect())
            }
            _ => None,
        };
        vec![Effect::Search {
            seq: search.seq,
            query,
            within,
        }]
    }

    /// Searches the current query again over changed rows. The hits shown stay until the new
    /// ones come, unless rows were added or replaced (`moved`): then they point at other rows.
    pub(super) fn research(&mut self, moved: bool) -> Vec<Effect> {
        if !self.list.search.active() {
            return Vec::new();
        }
        if moved {
            self.list.search.hits = None;
        }
        self.list.search.seq += 1;
        vec![Effect::Search {
            seq: self.list.search.seq,
            query: self.list.search.query.clone(),
            within: None,
        }]
    }

    fn step_history(&mut self, back: bool) {
        let Some(line) = &mut self.input else { return };
        if self.history.is_empty() {
            return;
        }
        let last = self.history.len() - 1;
        let next = match (line.history, back) {
            (None, true) => Some(last),
            (None, false) => None,
            (Some(i), true) => Some(i.saturating_sub(1)),
            (Some(i), false) if i < last => Some(i + 1),
            (Some(_), false) => None,
        };
        line.history = next;
        line.field
            .set(next.map_or("", |i| self.history[i].as_str()));
    }
}
