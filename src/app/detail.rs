//! One base in full: its findings on top, then tabs for the record's parts and its history.

use super::room::{Room, rows_moved, scrolled};
use super::{App, Effect, Screen};
use crate::domain::base::Base;
use crate::domain::confidential::Notes;
use crate::domain::eligibility::{self, CheckLine};
use crate::domain::findings::{self, BanIndex, Finding};
use crate::domain::lifecycle::Ctx;
use crate::domain::obligations::{ReportLine, report_lines};
use crate::domain::text::Text;
use crate::keymap::{Action, Mode};
use crate::store::Event;
use chrono::NaiveDate;

pub const ROOM: Room = Room {
    mode: Mode::Detail,
    hints: &[
        Action::NextTab,
        Action::Mark,
        Action::RecordReport,
        Action::FileChange,
        Action::Back,
        Action::Help,
    ],
    act,
};

/// What the status bar offers on the 跟进 tab: the keys that act on the case under its cursor.
pub const CASE_HINTS: &[Action] = &[
    Action::AssignMe,
    Action::AssignTo,
    Action::CaseNote,
    Action::CaseState,
    Action::LookAgain,
    Action::WorkNote,
    Action::NextTab,
    Action::Back,
];

fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    if let Some(effects) = super::worklog::act(app, action) {
        return Some(effects);
    }
    if let Some(delta) = rows_moved(action, app.page_height()) {
        // Scrolled text stops at its last page: a scroll past it would need as many presses
        // back before anything moved.
        let limit = app.scroll_limit() as usize;
        if let Some(d) = &mut app.detail {
            d.scroll = scrolled(d.scroll as usize, delta, limit) as u16;
        }
        return Some(Vec::new());
    }
    match action {
        Action::NextTab | Action::PrevTab => {
            if let Some(d) = &mut app.detail {
                d.step_tab(action == Action::NextTab);
            }
        }
        Action::Back | Action::Cancel => {
            app.screen = app.detail.take().map_or(Screen::Bases, |d| d.back);
        }
        Action::RevealNotes => return Some(app.reveal_notes()),
        // This base's history; Esc comes back here.
        Action::ViewHistory => {
            let base = app.detail.as_ref().map(|d| d.base.id.clone());
            let filter = super::history::HistoryFilter {
                base,
                ..Default::default()
            };
            return Some(app.open_history(filter, Screen::Detail));
        }
        Action::Open => {}
        _ => return None,
    }
    Some(Vec::new())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Overview,
    Partners,
    Reports,
    Rounds,
    Changes,
    Risks,
    History,
    /// Follow-ups and work records (see `worklog`): last, a Shift-Tab away from the overview.
    Work,
}

impl Tab {
    pub const ALL: [Tab; 8] = [
        Tab::Overview,
        Tab::Partners,
        Tab::Reports,
        Tab::Rounds,
        Tab::Changes,
        Tab::Risks,
        Tab::History,
        Tab::Work,
    ];

    pub fn title(self) -> Text {
        match self {
            Tab::Overview => Text::new("概况", "Overview"),
            Tab::Work => Text::new("跟进", "Cases"),
            Tab::Partners => Text::new("合作方", "Partners"),
            Tab::Reports => Text::new("年度报告", "Reports"),
            Tab::Rounds => Text::new("绩效评估", "Evaluations"),
            Tab::Changes => Text::new("变更报备", "Changes"),
            Tab::Risks => Text::new("科技安全", "Security"),
            Tab::History => Text::new("历史", "History"),
        }
    }
}

pub struct DetailView {
    pub base: Base,
    pub events: Vec<Event>,
    pub findings: Vec<Finding>,
    pub reports: Vec<ReportLine>,
    /// For an application: the call date judged against and the A5–A8 lines.
    pub checks: Option<(NaiveDate, Vec<CheckLine>)>,
    pub tab: Tab,
    pub scroll: u16,
    /// The screen Esc returns to.
    pub back: Screen,
    /// The confidential text of the risk notes, as this reader may see it.
    pub notes: Notes,
    pub work: super::worklog::WorkView,
}

impl DetailView {
    pub fn new(
        base: Base,
        events: Vec<Event>,
        ctx: Ctx,
        bans: &BanIndex,
        back: Screen,
    ) -> DetailView {
        let mut found = findings::findings(&base, &ctx, bans);
        findings::sort_by_urgency(&mut found, ctx.today);
        let reports = report_lines(&base, ctx.policy, ctx.today);
        let checks = base
            .status
            .is_application()
            .then(|| eligibility::call_date_for(&base, ctx.policy, None))
            .flatten()
            .map(|call| (call, eligibility::check(&base, ctx.policy, call)));
        DetailView {
            base,
            events,
            findings: found,
            reports,
            checks,
            tab: Tab::Overview,
            scroll: 0,
            back,
            notes: Notes::Sealed(crate::service::confidential()),
            work: Default::default(),
        }
    }

    pub fn step_tab(&mut self, forward: bool) {
        let i = Tab::ALL.iter().position(|t| *t == self.tab).unwrap_or(0);
        let n = Tab::ALL.len();
        self.tab = Tab::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
        self.scroll = 0;
    }
}

impl App {
    /// Enter on a list of bases or findings: the base under the cursor in full — or, on a
    /// finding about the programme itself (A16), why there is none to open.
    pub(super) fn open_current(&mut self) {
        match self.current_id() {
            Some(id) => self.open_detail(&id),
            None if self.screen == Screen::Triage && !self.triage.visible.is_empty() => self
                .notify(crate::text!(
                    "这一项涉及整个管理办法，不涉及某个基地",
                    "this finding concerns the regulation as a whole, not one base"
                )),
            None => {}
        }
    }

    /// Opens base `id` in full; Esc returns to the screen it was opened from.
    pub(super) fn open_detail(&mut self, id: &str) {
        let Some(base) = self.load_base(id) else {
            return;
        };
        if let Err(denied) = self.may_see(&base.id, &base.city) {
            self.warn(denied);
            return;
        }
        let events = self.load_events(id);
        let back = if self.screen == Screen::Detail {
            self.detail.as_ref().map_or(Screen::Bases, |d| d.back)
        } else {
            self.screen
        };
        let mut view = DetailView::new(base, events, self.ctx(), &self.bans, back);
        view.notes = self.sealed_notes();
        self.load_work(&mut view, 0);
        self.detail = Some(view);
        self.screen = Screen::Detail;
    }

    /// Refuses a base of a city this user's grant does not cover, as the store would.
    pub(super) fn may_see(&self, id: &str, city: &str) -> Result<(), Text> {
        let name_of = |code: &str, lang| self.policy.city_label(code, lang);
        self.grant
            .allow_city(&self.user, id, city, name_of)
            .map_err(|denied| denied.text)
    }

    /// The confidential text as a base opens: sealed, saying why — or, for a security user,
    /// how to show it (each showing is recorded).
    pub(super) fn sealed_notes(&self) -> Notes {
        let why = crate::service::why_sealed(&self.grant, self.read_only).unwrap_or_else(|| {
            let key = self
                .keymap
                .key_for(Mode::Detail, Action::RevealNotes)
                .unwrap_or_else(|| Action::RevealNotes.name().to_string());
            crate::text!(
                "按 {key} 显示保密说明（本次阅读将记入审计日志）",
                "press {key} to show the confidential text (the reading is written to the audit log)"
            )
        });
        Notes::Sealed(why)
    }

    /// The key that shows the open base's confidential text: the reading is recorded by the
    /// store worker first, like any write; a user who may not read it is told why.
    pub(super) fn reveal_notes(&mut self) -> Vec<Effect> {
        let Some(d) = &mut self.detail else {
            return Vec::new();
        };
        if d.base.risks.is_empty() {
            self.notify(crate::text!(
                "这个基地没有科技安全风险记录",
                "this base has no security-risk notes"
            ));
            return Vec::new();
        }
        d.tab = Tab::Risks;
        d.scroll = 0;
        if matches!(d.notes, Notes::Open(_)) {
            return Vec::new();
        }
        let id = d.base.id.clone();
        if let Some(why) = crate::service::why_sealed(&self.grant, self.read_only) {
            self.warn(why);
            return Vec::new();
        }
        self.notify(crate::text!("正在记录本次阅读…", "recording the reading…"));
        vec![Effect::ReadNotes { id }]
    }

    /// The confidential text of base `id` came back from the store worker.
    pub(super) fn notes_read(&mut self, id: &str, notes: Notes) {
        let Some(d) = self.detail.as_mut().filter(|d| d.base.id == id) else {
            return;
        };
        d.notes = notes;
        match &d.notes {
            Notes::Sealed(why) => {
                let why = why.clone();
                self.warn(why);
            }
            Notes::Open(_) => self.notify(crate::text!(
                "已显示保密说明；本次阅读已记入审计日志",
                "the confidential text is shown; the reading is in the audit log"
            )),
        }
    }

    /// A base's history; when it cannot be read, the history tab is empty and the notice says
    /// why.
    fn load_events(&mut self, id: &str) -> Vec<Event> {
        self.source.events(id).unwrap_or_else(|e| {
            let (zh, en) = (
                e.message(crate::domain::text::Lang::Zh),
                e.message(crate::domain::text::Lang::En),
            );
            self.warn(crate::text!(
                "无法读取 {id} 的历史：{zh}",
                "could not read the history of {id}: {en}"
            ));
            Vec::new()
        })
    }

    /// Reloads the open base (this or another user changed it), keeping its tab and scroll.
    pub(super) fn refresh_detail(&mut self) {
        let Some(d) = &self.detail else { return };
        let (id, tab, scroll, back) = (d.base.id.clone(), d.tab, d.scroll, d.back);
        let shown = d.notes.clone();
        let cursor = d.work.cursor;
        let Ok(base) = self.source.base(&id) else {
            return;
        };
        // Moved to a city this user does not see.
        if !self.covers(&base.city) {
            self.detail = None;
            self.screen = back;
            return;
        }
        let events = self.load_events(&id);
        // Text already shown stays while the notes are the same ones; a new note would be
        // shown without its text, so everything is sealed again until read again.
        let same_notes = matches!(&shown, Notes::Open(texts)
            if texts.len() == base.risks.len()
                && base.risks.iter().all(|r| texts.iter().any(|t| t.n == r.n)));
        let notes = if same_notes {
            shown
        } else {
            self.sealed_notes()
        };
        let mut view = DetailView::new(base, events, self.ctx(), &self.bans, back);
        view.notes = notes;
        view.tab = tab;
        view.scroll = scroll;
        self.load_work(&mut view, cursor);
        self.detail = Some(view);
    }
}
