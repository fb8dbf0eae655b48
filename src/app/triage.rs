//! The triage screen as a room: every finding, most urgent first, narrowed by the facet filters;
//! Enter opens the finding's base, Space selects it for marking.

use super::list::{moved, scrolled};
use super::room::{Room, rows_moved};
use super::{App, Effect, Screen};
use crate::domain::findings::Finding;
use crate::keymap::{Action, Mode};

pub const ROOM: Room = Room {
    mode: Mode::Triage,
    hints: &[
        Action::Open,
        Action::Mark,
        Action::ViewBases,
        Action::ViewDashboard,
        Action::Help,
        Action::Quit,
    ],
    act,
};

fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    if let Some(delta) = rows_moved(action, app.page_height()) {
        app.triage.move_by(delta);
        app.triage.scroll_into_view(app.triage_height());
        return Some(Vec::new());
    }
    match action {
        Action::Open => app.open_current(),
        Action::Back | Action::Cancel => app.screen = Screen::Bases,
        Action::ToggleSelect => {
            if let Some(id) = app.current_id()
                && !app.list.selected.remove(&id)
            {
                app.list.selected.insert(id);
            }
        }
        // A range of findings is not a range of bases.
        Action::SelectRange => {}
        _ => return None,
    }
    Some(Vec::new())
}

/// Which findings the triage screen shows, its cursor and scroll.
#[derive(Clone, Debug, Default)]
pub struct TriageView {
    pub cursor: usize,
    pub offset: usize,
    /// Indices of the findings shown (into the analysis's triage list).
    pub visible: Vec<u32>,
}

impl TriageView {
    pub fn move_by(&mut self, delta: isize) {
        self.cursor = moved(self.cursor, delta, self.visible.len());
    }

    pub fn move_to(&mut self, index: usize) {
        self.cursor = index.min(self.visible.len().saturating_sub(1));
    }

    pub fn scroll_into_view(&mut self, height: usize) {
        self.offset = scrolled(self.cursor, self.offset, height, self.visible.len());
    }
}

impl App {
    /// The findings the triage screen shows, in order.
    pub fn triage_rows(&self) -> Vec<&Finding> {
        match &self.analysis {
            Some(a) => self
                .triage
                .visible
                .iter()
                .map(|i| &a.triage[*i as usize])
                .collect(),
            None => Vec::new(),
        }
    }

    /// Recomputes which findings the triage screen shows: all, narrowed by the facet filters;
    /// the cursor stays on its finding when it is still shown.
    pub fn refresh_triage(&mut self) {
        let Some(analysis) = &self.analysis else {
            self.triage.visible.clear();
            return;
        };
        let keep = self
            .triage
            .visible
            .get(self.triage.cursor)
            .map(|i| analysis.triage[*i as usize].clone());
        let filter = &self.list.filter;
        self.triage.visible = analysis
            .triage
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                filter.is_empty()
                    || self
                        .row(&f.base_id)
                        .is_some_and(|r| filter.matches(r, &self.policy))
            })
            .map(|(i, _)| i as u32)
            .collect();
        let position = keep.and_then(|k| {
            self.triage
                .visible
                .iter()
                .position(|i| analysis.triage[*i as usize] == k)
        });
        self.triage.move_to(position.unwrap_or(0));
        self.triage.scroll_into_view(self.triage_height());
    }
}
