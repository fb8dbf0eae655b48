//! The console's state and its update function: key events become actions (through the keymap),
//! actions become state changes and effects (search, writes, clipboard) that the terminal loop
//! carries out. Nothing here draws or touches the terminal; `ui` draws this state.

pub mod background;
mod bases;
pub mod calendar;
pub mod cases;
pub mod command;
mod common;
pub mod dashboard;
pub mod data;
pub mod detail;
mod dialog;
pub mod follow;
pub mod form;
mod forms;
pub mod history;
mod input;
pub mod list;
mod mark;
pub mod outcomes;
pub mod overlay;
mod refresh;
pub mod room;
pub mod start;
pub mod text;
pub mod triage;
mod update;
pub mod worklog;

use crate::domain::base::Base;
use crate::domain::cases::FollowUp;
use crate::domain::findings::BanIndex;
use crate::domain::lifecycle::Ctx;
use crate::domain::policy::Policy;
use crate::domain::roles::{Act, Denial, Grant};
use crate::domain::text::{Lang, Text};
use crate::keymap::{Action, Chord, Keymap, Mode};
use crate::service::{Done, Request};
use crate::store::{Event, Store, StoreError, Summary, WorkNote, WriteError};
use chrono::NaiveDate;
use dashboard::DashboardView;
use data::Analysis;
use detail::DetailView;
pub use input::{InputKind, InputLine};
use list::ListView;
use overlay::Overlay;
use std::sync::Arc;
use triage::TriageView;

/// Where the console reads single records from (the store; a test double in tests). Changes go
/// through [`Effect::Write`] instead, so they can be carried out off the input path.
pub trait Source: Send + Sync {
    fn base(&self, id: &str) -> Result<Base, StoreError>;
    fn events(&self, id: &str) -> Result<Vec<Event>, StoreError>;
    /// The follow-ups of a base's findings, as stored now.
    fn cases_of(&self, id: &str) -> Result<Vec<FollowUp>, StoreError>;
    /// A base's work records, oldest first.
    fn work_notes(&self, id: &str) -> Result<Vec<WorkNote>, StoreError>;
    /// The names of the jidi users, for completing an assignee.
    fn users(&self) -> Result<Vec<String>, StoreError>;
    fn grant_of(&self, user: &str) -> Result<Grant, StoreError>;
}

impl Source for Store {
    fn base(&self, id: &str) -> Result<Base, StoreError> {
        Store::base(self, id)
    }

    fn events(&self, id: &str) -> Result<Vec<Event>, StoreError> {
        Store::events(self, Some(id))
    }

    fn cases_of(&self, id: &str) -> Result<Vec<FollowUp>, StoreError> {
        Store::cases_of(self, id)
    }

    fn work_notes(&self, id: &str) -> Result<Vec<WorkNote>, StoreError> {
        Store::work_notes(self, id)
    }

    fn users(&self) -> Result<Vec<String>, StoreError> {
        Ok(Store::users(self)?
            .into_iter()
            .map(|(name, _)| name)
            .collect())
    }

    fn grant_of(&self, user: &str) -> Result<Grant, StoreError> {
        Store::grant_of(self, user)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Bases,
    Detail,
    Triage,
    Dashboard,
    History,
    Calendar,
}

/// A message in the status bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: Text,
    pub error: bool,
}

/// What happened: a key, a resize, or a result the terminal loop brings back.
pub enum Msg {
    Key(crossterm::event::KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// Every summary row and its search key (same order), loaded after the first frame, as of
    /// `version` (or later).
    Rows {
        rows: Vec<Summary>,
        keys: Vec<crate::search::SearchKey<'static>>,
        version: u64,
    },
    /// Other users' commits since the version the console shows.
    Changed(Changes),
    /// Other users' changes could not be looked at.
    WatchFailed(Text),
    /// What the store noticed about its file: deleted, replaced by a restore (and opened again),
    /// damaged records skipped.
    StoreNotice(Text),
    Analysed(Analysis),
    /// The rows could not all be loaded (the first screen's are all there is).
    LoadFailed(Text),
    AnalysisFailed(Text),
    /// Hits of search `seq`, best first: the first found, more, or (`complete`) the last.
    SearchFound {
        seq: u64,
        hits: Vec<crate::search::SearchHit>,
        complete: bool,
    },
    Written(Result<Done, WriteError>),
    /// A write has been waiting a while (on another process's transaction).
    WriteWaiting,
    /// The confidential text of base `id`'s notes as this user may see it, once the reading
    /// was recorded (or why it is not shown).
    NotesRead {
        id: String,
        notes: crate::domain::confidential::Notes,
    },
    /// The dry run of an evaluator's results sheet, or why the file could not be read.
    OutcomesPlanned(Result<outcomes::OutcomesPlan, Text>),
    /// A page of the history view.
    HistoryPage(history::HistoryPage),
    /// The saved views, name → JSON, or why they could not be read.
    Views(Result<Vec<(String, String)>, Text>),
    /// The system asks the console to end (the terminal hung up, or a signal to stop).
    Terminate,
}

/// Work for the terminal loop.
#[derive(Debug)]
pub enum Effect {
    /// Search the rows for `query`; `within` restricts it to earlier hits (the query only grew).
    Search {
        seq: u64,
        query: String,
        within: Option<Vec<u32>>,
    },
    /// A change, made against `seen`: the version the user was shown.
    Write {
        request: Request,
        seen: u64,
    },
    /// Record a reading of base `id`'s confidential note text and open it (A15.3.4): a write,
    /// so off the input path like one.
    ReadNotes {
        id: String,
    },
    /// Read and plan an evaluator's results sheet (a dry run: nothing is written).
    PlanOutcomes {
        path: std::path::PathBuf,
    },
    /// Read a page of events for the history view.
    History(history::HistoryQuery),
    /// Put text on the clipboard (OSC 52, so it works over SSH).
    Copy(String),
    /// Clear and redraw the whole terminal.
    Redraw,
    Quit,
}

/// Other users' commits the console had not seen: what they did, and the bases as they are now.
#[derive(Debug)]
pub struct Changes {
    /// The version the console shows once these are applied.
    pub version: u64,
    /// This user's roles, when they changed.
    pub grant: Option<Grant>,
    /// How many changes others made (more than `events` after a great many).
    pub count: usize,
    /// Their events, oldest first (at most the newest few hundred).
    pub events: Vec<Event>,
    /// The bases they changed, as they are now.
    pub bases: Vec<Base>,
    /// The saved views, when any changed.
    pub views: Option<Vec<(String, String)>>,
}

/// A saved view: filters, sort and columns, shared by all users through the store.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SavedView {
    pub filter: crate::filter::Filter,
    pub sort: list::Sort,
    pub columns: Vec<list::Column>,
}

pub struct App {
    pub lang: Lang,
    pub today: NaiveDate,
    pub policy: Arc<Policy>,
    pub keymap: Keymap,
    pub chord: Chord,
    pub rows: Arc<Vec<Summary>>,
    /// The search key of each row, same order; empty until every row is loaded.
    pub keys: Arc<Vec<crate::search::SearchKey<'static>>>,
    /// Bases in the store, known before every row is loaded.
    pub total: usize,
    pub loaded: bool,
    /// Why not every row could be loaded, if so.
    pub load_failed: Option<Text>,
    pub analysis: Option<Analysis>,
    /// Why the analysis could not be made, if so.
    pub analysis_failed: Option<Text>,
    pub bans: BanIndex,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub list: ListView,
    pub triage: TriageView,
    pub dashboard: DashboardView,
    pub calendar: calendar::CalendarView,
    pub detail: Option<DetailView>,
    /// The history room, while it is open (or a base opened from it is).
    pub history_view: Option<history::HistoryView>,
    pub input: Option<InputLine>,
    pub notice: Option<Notice>,
    /// Round and date of the last mark, prefilled in the next confirmation.
    pub last_mark: Option<(String, NaiveDate)>,
    /// This session's last change and what it did, for undo: the status-bar notice may have
    /// moved on by the time `u` is pressed.
    pub last_batch: Option<(u64, Text)>,
    pub views: Vec<(String, SavedView)>,
    pub history: Vec<String>,
    /// Terminal size, for page moves.
    pub size: (u16, u16),
    /// Chord continuations to show while a chord is pending.
    pub which_key: Vec<(String, Action)>,
    /// A write is in flight.
    pub writing: bool,
    /// That write has waited a while on another process's transaction.
    pub write_waiting: bool,
    /// The version (latest event) the console shows: every change is made against it, so one
    /// to a base someone else changed since is refused, never written over theirs.
    pub version: u64,
    /// Bases changed while the analysis of freshly loaded rows is being made: applied to it
    /// again when it comes, as it was made from the rows before them. `None` when none is due.
    pub pending_analysis: Option<Vec<Base>>,
    /// The records of the bases being marked, for the confirmation's previews.
    pub mark_bases: Vec<Base>,
    /// The OS account using the console, and the roles the store grants it: read at start and
    /// again when roles change. A grant limited to one city shows only that city's bases.
    pub user: String,
    pub grant: Grant,
    /// `--read-only`, or a database file this user may not write: every change is refused
    /// before it is tried, and the status bar says so at all times.
    pub read_only: bool,
    pub quit: bool,
    source: Arc<dyn Source>,
}

impl App {
    pub fn new(
        policy: Arc<Policy>,
        today: NaiveDate,
        lang: Lang,
        keymap: Keymap,
        source: Arc<dyn Source>,
        first_rows: Vec<Summary>,
        total: usize,
    ) -> App {
        let mut app = App {
            lang,
            today,
            policy,
            keymap,
            chord: Chord::default(),
            loaded: first_rows.len() >= total,
            bans: data::bans_of(&first_rows),
            rows: Arc::new(first_rows),
            keys: Arc::new(Vec::new()),
            total,
            load_failed: None,
            analysis: None,
            analysis_failed: None,
            screen: Screen::Bases,
            overlay: None,
            list: ListView::default(),
            triage: TriageView::default(),
            dashboard: DashboardView::default(),
            calendar: calendar::CalendarView::new(today),
            detail: None,
            history_view: None,
            input: None,
            notice: None,
            last_mark: None,
            last_batch: None,
            views: Vec::new(),
            history: Vec::new(),
            size: (80, 24),
            which_key: Vec::new(),
            writing: false,
            write_waiting: false,
            version: 0,
            pending_analysis: None,
            mark_bases: Vec::new(),
            user: String::new(),
            grant: Grant::default(),
            read_only: false,
            quit: false,
            source,
        };
        app.refresh_list();
        app
    }

    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            policy: &self.policy,
            today: self.today,
        }
    }

    pub fn t<'a>(&self, text: &'a Text) -> &'a str {
        text.get(self.lang)
    }

    /// Whether this user may see the bases of `city` (a city's code): everyone, unless their
    /// grant is limited to another city. Every view of bases asks this.
    pub fn covers(&self, city: &str) -> bool {
        self.grant.covers(city)
    }

    /// The bases this user may see: all of them, or their city's.
    pub fn bases_total(&self) -> usize {
        match self.grant.scope {
            None => self.total,
            Some(_) => self.dashboard.stats.total,
        }
    }

    /// How many findings this user's bases have (and those about the programme, which concern
    /// everyone): all of them unless the grant is limited to one city.
    pub fn findings_total(&self) -> usize {
        let Some(analysis) = &self.analysis else {
            return 0;
        };
        match self.grant.scope {
            None => analysis.triage.len(),
            Some(_) => analysis
                .triage
                .iter()
                .filter(|f| {
                    f.base_id.is_empty()
                        || self.row(&f.base_id).is_some_and(|r| self.covers(&r.city))
                })
                .count(),
        }
    }

    /// Takes `grant` as this user's roles: the views show only the bases it covers.
    pub fn set_grant(&mut self, user: &str, grant: Grant) {
        self.user = user.to_string();
        self.grant = grant;
        self.dashboard.stats = dashboard::Stats::of(&self.rows, &self.policy, &self.grant);
        self.list.invalidate();
        self.refresh_list();
        self.refresh_triage();
        if let Some(d) = &self.detail
            && !self.covers(&d.base.city)
        {
            let back = d.back;
            self.detail = None;
            self.screen = back;
        }
        // The roles decide who sees note text: what was shown is sealed again.
        let notes = self.sealed_notes();
        if let Some(d) = &mut self.detail {
            d.notes = notes;
        }
    }

    /// The keymap mode the console is in: the top dialog's, else the input line's, else the
    /// screen's.
    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Some(Overlay::Help { .. }) => Mode::Help,
            Some(Overlay::PickOutcome { .. }) | Some(Overlay::PickState(_)) => Mode::Pick,
            Some(Overlay::MarkConfirm(_))
            | Some(Overlay::UndoConfirm { .. })
            | Some(Overlay::Outcomes(_)) => Mode::Confirm,
            Some(Overlay::Menu(_)) => Mode::Menu,
            Some(Overlay::Form(f)) if f.confirm_discard => Mode::Confirm,
            Some(Overlay::Form(_)) => Mode::Form,
            None if self.input.is_some() => Mode::Input,
            None => self.screen.room().mode,
        }
    }

    /// In a read-only session: says so and answers `true`, for a key that would change
    /// something — it is refused before anything opens or is asked of the store.
    pub(super) fn refuse_read_only(&mut self) -> bool {
        if self.read_only {
            self.warn(Denial::read_only().text);
        }
        self.read_only
    }

    /// For a key that would change something this user's role does not permit: says which role
    /// it needs and answers `true`, before a dialog opens (the store would refuse it anyway).
    pub(super) fn refuse_role(&mut self, action: Action) -> bool {
        match self.grant.allow(&self.user, act_of(action)) {
            Ok(()) => false,
            Err(denied) => {
                self.warn(denied.text);
                true
            }
        }
    }

    /// Whether this session may use `action`: a key that changes the database needs a writable
    /// session and a role that permits it.
    pub fn may(&self, action: Action) -> bool {
        !update::WRITES.contains(&action)
            || (!self.read_only && self.grant.allow(&self.user, act_of(action)).is_ok())
    }

    /// Shows a rule's refusal with the rule it cites (`[A11] …`).
    pub(super) fn warn_refusal(&mut self, refusal: &crate::domain::text::Refusal) {
        self.warn(Text::new(
            refusal.message(Lang::Zh),
            refusal.message(Lang::En),
        ));
    }

    pub fn notify(&mut self, text: Text) {
        self.notice = Some(Notice { text, error: false });
        self.keep_cursors_in_view();
    }

    /// Shows a problem. Problems that arrive together (start-up warnings, a failed load, a
    /// saved view that no longer parses) are all shown, one after the other, until the next key.
    pub fn warn(&mut self, text: Text) {
        let text = match self.notice.take() {
            Some(Notice {
                text: shown,
                error: true,
            }) if shown != text => Text::new(
                format!("{}；{}", shown.zh, text.zh),
                format!("{}; {}", shown.en, text.en),
            ),
            _ => text,
        };
        self.notice = Some(Notice { text, error: true });
        self.keep_cursors_in_view();
    }

    /// The lists scrolled so their cursor rows are on screen: after the terminal or the notice
    /// changed how many rows they get.
    pub fn keep_cursors_in_view(&mut self) {
        let (list, triage) = (self.page_height(), self.triage_height());
        self.list.scroll_into_view(list);
        self.triage.scroll_into_view(triage);
    }

    /// Rows of the bases list on screen, as the screen is laid out now (a long notice takes
    /// rows from it).
    pub fn page_height(&self) -> usize {
        crate::ui::layout::list_rows(self)
    }

    /// Rows of the triage list on screen.
    pub fn triage_height(&self) -> usize {
        crate::ui::layout::triage_rows(self)
    }

    /// How far the scrolled text on top (help, a detail tab, the mark list) can scroll: to its
    /// last page as laid out, so one press back always moves it.
    pub fn scroll_limit(&self) -> u16 {
        crate::ui::layout::scroll_limit(self)
    }

    /// The base under the cursor of the current screen.
    pub fn current_id(&self) -> Option<String> {
        match self.screen {
            Screen::Bases => self.list.current_id(&self.rows).map(str::to_string),
            // A programme-wide finding (A16) is about no base.
            Screen::Triage => {
                Some(self.current_finding()?.base_id.clone()).filter(|id| !id.is_empty())
            }
            Screen::Detail => self.detail.as_ref().map(|d| d.base.id.clone()),
            Screen::History => {
                let view = self.history_view.as_ref()?;
                view.events.get(view.cursor)?.base_id.clone()
            }
            Screen::Dashboard | Screen::Calendar => None,
        }
    }

    pub fn row(&self, id: &str) -> Option<&Summary> {
        self.rows
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.rows[i])
    }

    /// A change for the store worker, made against the version on screen. A read-only session
    /// refuses it here, whatever asked (a dialog that asked says so and keeps its input).
    fn write(&mut self, request: Request) -> Vec<Effect> {
        if self.read_only {
            self.refused(WriteError::Denied(Denial::read_only()));
            return Vec::new();
        }
        self.writing = true;
        self.write_waiting = false;
        vec![Effect::Write {
            request,
            seen: self.version,
        }]
    }

    /// Loads a base through the source, with the error as a notice.
    fn load_base(&mut self, id: &str) -> Option<Base> {
        match self.source.base(id) {
            Ok(b) => Some(b),
            Err(e) => {
                let message = e.message(self.lang);
                self.warn(Text::new(message.clone(), message));
                None
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod testkit;

#[cfg(test)]
mod tests;

/// What a key that changes the database asks of its author's role.
fn act_of(action: Action) -> Act {
    match action {
        Action::Transition => Act::Transition,
        _ => Act::Record,
    }
}
