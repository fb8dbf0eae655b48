//! The triage screen as a room: every finding, most urgent first, with its follow-up (who has
//! it, its state, its last note), in four inbox views — 我的, 未分配, 已暂缓, 全部 — narrowed by
//! the facet filters and, when opened from the calendar, to one due day. A user limited to one
//! city sees only its findings. Enter opens the finding's base, Space selects it for marking,
//! and the case keys act on the finding under the cursor (see `follow`).

use super::cases::{index_of, views_of};
use super::list::{moved, scrolled};
use super::room::{Room, rows_moved};
use super::{App, Effect, Screen};
use crate::domain::cases::Inbox;
use crate::domain::findings::Finding;
use crate::keymap::{Action, Mode};
use chrono::NaiveDate;

pub const ROOM: Room = Room {
    mode: Mode::Triage,
    hints: &[
        Action::Open,
        Action::NextTab,
        Action::AssignMe,
        Action::CaseNote,
        Action::CaseState,
        Action::LookAgain,
        Action::ViewCalendar,
        Action::Mark,
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
    if let Some(effects) = super::follow::act(app, action) {
        return Some(effects);
    }
    let inbox = match action {
        Action::InboxMine => Some(Inbox::Mine),
        Action::InboxUnassigned => Some(Inbox::Unassigned),
        Action::InboxDeferred => Some(Inbox::Deferred),
        Action::InboxAll => Some(Inbox::All),
        Action::NextTab | Action::PrevTab => {
            let n = Inbox::ALL.len();
            let at = index_of(app.triage.inbox);
            let next = if action == Action::NextTab {
                at + 1
            } else {
                at + n - 1
            };
            Some(Inbox::ALL[next % n])
        }
        _ => None,
    };
    if let Some(inbox) = inbox {
        app.show_inbox(inbox);
        return Some(Vec::new());
    }
    match action {
        Action::Open => app.open_current(),
        // Opened on one day from the calendar: back there (its own Esc still goes where it
        // was opened from), and the day's narrowing ends.
        Action::Back | Action::Cancel if app.triage.day.is_some() => {
            app.triage.day = None;
            app.refresh_triage();
            app.show(Screen::Calendar);
            app.refresh_calendar();
        }
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
#[derive(Clone, Debug)]
pub struct TriageView {
    pub cursor: usize,
    pub offset: usize,
    /// Indices of the findings shown (into the analysis's triage list).
    pub visible: Vec<u32>,
    pub inbox: Inbox,
    /// How many findings each inbox view holds, in the order of [`Inbox::ALL`], under the same
    /// filters as the one shown.
    pub counts: [usize; Inbox::ALL.len()],
    /// Only the findings due on this day (opened from the calendar).
    pub day: Option<NaiveDate>,
    /// Per finding of the analysis (same order), worked out once per change (see
    /// [`App::findings_changed`]), empty when due again: the inbox views it is in (bit `i`:
    /// `Inbox::ALL[i]`), and its row in `App::rows` (only while a filter needs it).
    views: Vec<u8>,
    rows: Vec<u32>,
}

/// The row of a finding about no base, or of a base not among the rows.
const NO_ROW: u32 = u32::MAX;

impl Default for TriageView {
    fn default() -> TriageView {
        TriageView {
            cursor: 0,
            offset: 0,
            visible: Vec::new(),
            // Every finding, as the screen showed before there were inboxes: "mine" is a key
            // away.
            inbox: Inbox::All,
            counts: [0; Inbox::ALL.len()],
            day: None,
            views: Vec::new(),
            rows: Vec::new(),
        }
    }
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

    /// The finding under the triage cursor.
    pub fn current_finding(&self) -> Option<&Finding> {
        let a = self.analysis.as_ref()?;
        let i = self.triage.visible.get(self.triage.cursor)?;
        a.triage.get(*i as usize)
    }

    /// Switches the triage screen to `inbox`, from the top.
    pub(super) fn show_inbox(&mut self, inbox: Inbox) {
        self.triage.inbox = inbox;
        self.triage.cursor = 0;
        self.triage.offset = 0;
        self.refresh_triage();
    }

    /// Forgets what each finding's views and row were: the findings, their cases or the rows
    /// changed. The next refresh works them out again.
    pub(super) fn findings_changed(&mut self) {
        self.triage.views.clear();
        self.triage.rows.clear();
    }

    /// Whether the screen's filters need each finding's row: a facet filter or a city limit.
    fn filters_by_row(&self) -> bool {
        !self.list.filter.is_empty() || self.grant.scope.is_some()
    }

    /// Works out, once per change of the findings, their cases or the rows, each finding's
    /// inbox views, and its row when a filter needs it: a keystroke's pass then only reads them.
    pub(super) fn index_findings(&mut self) {
        let by_rows = self.filters_by_row();
        let Some(analysis) = &self.analysis else {
            return;
        };
        let n = analysis.triage.len();
        if self.triage.views.len() != n {
            let (me, today) = (self.user.as_str(), self.today);
            self.triage.views = analysis
                .triage
                .iter()
                .map(|f| {
                    let views = views_of(f, analysis.cases.of(f), me, today);
                    views
                        .iter()
                        .enumerate()
                        .fold(0u8, |mask, (i, v)| mask | (u8::from(*v) << i))
                })
                .collect();
        }
        if by_rows && self.triage.rows.len() != n {
            // One hash lookup a finding: a binary search over 100,000 ids misses the cache at
            // every step.
            let at: std::collections::HashMap<&str, u32> = self
                .rows
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.as_str(), i as u32))
                .collect();
            self.triage.rows = analysis
                .triage
                .iter()
                .map(|f| at.get(f.base_id.as_str()).copied().unwrap_or(NO_ROW))
                .collect();
        }
    }

    /// Whether finding `i` passes the screen's filters other than the inbox view: the user's
    /// city, the facet filters, the day. A programme-wide finding (no base) passes the city and
    /// has no facets to match. Needs [`App::index_findings`] first.
    pub(super) fn finding_shown(&self, i: usize, day: Option<NaiveDate>) -> bool {
        let Some(analysis) = &self.analysis else {
            return false;
        };
        let f = &analysis.triage[i];
        if day.is_some_and(|d| f.due != Some(d)) {
            return false;
        }
        let filter = &self.list.filter;
        if f.base_id.is_empty() {
            return filter.is_empty();
        }
        if !self.filters_by_row() {
            return true;
        }
        let row = self
            .triage
            .rows
            .get(i)
            .and_then(|r| self.rows.get(*r as usize));
        row.is_some_and(|row| {
            self.covers(&row.city) && (filter.is_empty() || filter.matches(row, &self.policy))
        })
    }

    /// Recomputes which findings the triage screen shows and how many each inbox view holds;
    /// the cursor stays on its finding when it is still shown.
    pub fn refresh_triage(&mut self) {
        let Some(analysis) = &self.analysis else {
            self.triage.visible.clear();
            self.triage.counts = Default::default();
            return;
        };
        let keep = self
            .triage
            .visible
            .get(self.triage.cursor)
            .map(|i| analysis.triage[*i as usize].clone());
        self.index_findings();
        let shown = index_of(self.triage.inbox);
        let day = self.triage.day;
        let mut counts = [0; Inbox::ALL.len()];
        let mut visible = Vec::new();
        for (i, views) in self.triage.views.iter().enumerate() {
            if !self.finding_shown(i, day) {
                continue;
            }
            for (view, count) in counts.iter_mut().enumerate() {
                *count += usize::from(views >> view & 1);
            }
            if views >> shown & 1 == 1 {
                visible.push(i as u32);
            }
        }
        self.triage.counts = counts;
        self.triage.visible = visible;
        let analysis = self.analysis.as_ref().expect("checked");
        let position = keep.and_then(|k| {
            self.triage
                .visible
                .iter()
                .position(|i| analysis.triage[*i as usize] == k)
        });
        self.triage.move_to(position.unwrap_or(0));
        self.triage.scroll_into_view(self.triage_height());
        if self.screen == Screen::Calendar {
            self.refresh_calendar();
        }
    }
}
