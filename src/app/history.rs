//! The history room (issue 7 §5): every event, newest first — who, when, which command, what —
//! and the cursor event's before → after. Filtered by base, user and dates; opened from anywhere,
//! or from a base's detail for that base. Events are read a page at a time, off the input path
//! ([`Effect::History`]), and new ones (other users', this session's) are added on top as they
//! come, without moving the cursor off its event.

use super::room::{Room, rows_moved};
use super::{App, Effect, InputKind, InputLine, Screen};
use crate::domain::dates::parse_date;
use crate::domain::names::typed_id;
use crate::domain::text::{Lang, Refusal, Text};
use crate::keymap::{Action, Mode};
use crate::store::{Event, Store, Summary};
use crate::text;
use chrono::NaiveDate;
use std::sync::Arc;

pub const ROOM: Room = Room {
    mode: Mode::History,
    hints: &[
        Action::Open,
        Action::FilterHistory,
        Action::ClearFilters,
        Action::Back,
        Action::Help,
    ],
    act,
};

/// Events read at a time.
pub const PAGE: usize = 200;

fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    if let Some(delta) = rows_moved(action, app.history_height()) {
        let height = app.history_height();
        let view = app.history_view.as_mut()?;
        view.cursor = super::list::moved(view.cursor, delta, view.events.len());
        view.offset = super::list::scrolled(view.cursor, view.offset, height, view.events.len());
        return Some(app.history_more());
    }
    match action {
        Action::Open => {
            let event = app
                .history_view
                .as_ref()
                .and_then(|v| v.events.get(v.cursor));
            match event.map(|e| e.base_id.clone()) {
                Some(Some(id)) => app.open_detail(&id),
                Some(None) => app.notify(text!(
                    "这条记录不涉及某个基地（用户、视图或设置）",
                    "this event concerns no base (users, views or settings)"
                )),
                None => {}
            }
        }
        Action::FilterHistory => {
            let args = app
                .history_view
                .as_ref()
                .map(|v| v.filter.args())
                .unwrap_or_default();
            app.input = Some(InputLine::new(
                InputKind::Command,
                &format!("history {args}"),
            ));
        }
        Action::ClearFilters => {
            let back = app.history_view.as_ref().map_or(Screen::Bases, |v| v.back);
            return Some(app.open_history(HistoryFilter::default(), back));
        }
        Action::Back | Action::Cancel => {
            let back = app.history_view.take().map_or(Screen::Bases, |v| v.back);
            app.screen = match back {
                Screen::Detail if app.detail.is_none() => Screen::Bases,
                other => other,
            };
        }
        _ => return None,
    }
    Some(Vec::new())
}

/// Which events the history shows: of one base, by one user, between two days (inclusive).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryFilter {
    pub base: Option<String>,
    pub user: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl HistoryFilter {
    /// `:history [编号] [用户=…] [自=YYYY-MM-DD] [至=YYYY-MM-DD]` (or `base= user= since=
    /// until=`); anything else is refused by name.
    pub fn parse(args: &[&str]) -> Result<HistoryFilter, Refusal> {
        let mut filter = HistoryFilter::default();
        for arg in args {
            let Some((key, value)) = arg.split_once('=') else {
                filter.base = Some(typed_id(arg));
                continue;
            };
            match key {
                "编号" | "基地" | "base" | "id" => filter.base = Some(typed_id(value)),
                "用户" | "user" => filter.user = Some(value.to_string()),
                "自" | "从" | "since" => filter.since = Some(parse_date(key, value)?),
                "至" | "到" | "until" => filter.until = Some(parse_date(key, value)?),
                _ => {
                    return Err(Refusal::input(text!(
                        "未知的历史筛选项「{key}」；可用：编号 用户 自 至",
                        "unknown history filter '{key}'; expected base, user, since or until"
                    )));
                }
            }
        }
        Ok(filter)
    }

    /// The filter as `:history` takes it, to edit it on the command line.
    pub fn args(&self) -> String {
        let mut out = Vec::new();
        if let Some(b) = &self.base {
            out.push(b.clone());
        }
        if let Some(u) = &self.user {
            out.push(format!("用户={u}"));
        }
        if let Some(d) = self.since {
            out.push(format!("自={d}"));
        }
        if let Some(d) = self.until {
            out.push(format!("至={d}"));
        }
        let mut line = out.join(" ");
        line.push(' ');
        line
    }

    pub fn is_empty(&self) -> bool {
        *self == HistoryFilter::default()
    }

    /// The day of an event, as its timestamp (in the policy's zone) says.
    fn day(event: &Event) -> Option<NaiveDate> {
        event.at.get(..10).and_then(|d| d.parse().ok())
    }

    /// Whether the event is one the filter asks for (its base is chosen by the index read).
    fn wanted(&self, event: &Event) -> bool {
        let day = HistoryFilter::day(event);
        self.user.as_ref().is_none_or(|u| event.actor == *u)
            && self.until.is_none_or(|u| day.is_none_or(|d| d <= u))
            && self.since.is_none_or(|s| day.is_none_or(|d| d >= s))
    }

    /// Whether the event is older than the filter's first day: every later one is too.
    fn past(&self, event: &Event) -> bool {
        self.since
            .is_some_and(|s| HistoryFilter::day(event).is_some_and(|d| d < s))
    }
}

/// Which page a read is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// The newest events: what the view shows first.
    First,
    /// Older than the oldest shown.
    Older,
    /// Newer than the newest shown: events that came since.
    Newer,
}

/// A page of events to read: those the filter asks for, before or after an event, and only of
/// the bases the user may see (`scope` and the rows to find a base's city in).
#[derive(Clone, Debug)]
pub struct HistoryQuery {
    pub seq: u64,
    pub page: Page,
    pub filter: HistoryFilter,
    /// The oldest event shown (for an older page) or the newest (for a newer one).
    pub from: Option<u64>,
    pub scope: Option<(String, Arc<Vec<Summary>>)>,
}

/// What a history read found: the page, newest first, and whether older events may remain.
#[derive(Debug)]
pub struct HistoryPage {
    pub seq: u64,
    pub page: Page,
    pub events: Result<Vec<Event>, Text>,
    pub more: bool,
}

/// Reads one page for `query`, walking the events newest first and stopping as soon as the
/// page is full or the filter's first day is passed: never the whole history at once.
pub fn read_page(store: &Store, query: &HistoryQuery) -> HistoryPage {
    let hidden = |event: &Event| match (&query.scope, &event.base_id) {
        (Some((city, rows)), Some(id)) => rows
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .map_or(true, |i| rows[i].city != *city),
        _ => false,
    };
    let mut events = Vec::new();
    let mut more = false;
    let read = store.events_newest_first(query.filter.base.as_deref(), |event| {
        match (query.page, query.from) {
            (Page::Older, Some(oldest)) if event.seq >= oldest => return true,
            (Page::Newer, Some(newest)) if event.seq <= newest => return false,
            _ => {}
        }
        if query.filter.past(&event) {
            return false;
        }
        if query.filter.wanted(&event) && !hidden(&event) {
            if events.len() == PAGE {
                more = true;
                return false;
            }
            events.push(event);
        }
        true
    });
    HistoryPage {
        seq: query.seq,
        page: query.page,
        events: read.map(|()| events).map_err(|e| {
            Text::new(
                e.message(crate::domain::text::Lang::Zh),
                e.message(crate::domain::text::Lang::En),
            )
        }),
        more,
    }
}

/// The history as the room shows it.
pub struct HistoryView {
    pub filter: HistoryFilter,
    /// Newest first.
    pub events: Vec<Event>,
    pub cursor: usize,
    pub offset: usize,
    /// Older events may remain beyond the last one read.
    pub more: bool,
    /// The latest read asked for; answers to older ones are dropped.
    pub seq: u64,
    /// A read is on its way.
    pub loading: bool,
    /// Why the last read failed, if it did.
    pub failed: Option<Text>,
    /// The screen Esc returns to.
    pub back: Screen,
}

impl App {
    /// Opens the history under `filter`; Esc returns to `back`.
    pub(super) fn open_history(&mut self, filter: HistoryFilter, back: Screen) -> Vec<Effect> {
        let seq = self.history_view.as_ref().map_or(0, |v| v.seq);
        self.history_view = Some(HistoryView {
            filter,
            events: Vec::new(),
            cursor: 0,
            offset: 0,
            more: false,
            seq,
            loading: false,
            failed: None,
            back,
        });
        self.screen = Screen::History;
        self.history_read(Page::First)
    }

    /// Rows of the history list on screen.
    pub fn history_height(&self) -> usize {
        crate::ui::layout::history_rows(self)
    }

    /// A read of `page` for the open history.
    fn history_read(&mut self, page: Page) -> Vec<Effect> {
        let scope = self
            .grant
            .scope
            .clone()
            .map(|city| (city, self.rows.clone()));
        let Some(view) = &mut self.history_view else {
            return Vec::new();
        };
        let from = match page {
            Page::First => None,
            Page::Older => view.events.last().map(|e| e.seq),
            Page::Newer => view.events.first().map(|e| e.seq),
        };
        view.seq += 1;
        view.loading = true;
        vec![Effect::History(HistoryQuery {
            seq: view.seq,
            page,
            filter: view.filter.clone(),
            from,
            scope,
        })]
    }

    /// The next older page, once the cursor comes within a screen of the last event read.
    fn history_more(&mut self) -> Vec<Effect> {
        let height = self.history_height();
        match &self.history_view {
            Some(v) if v.more && !v.loading && v.cursor + height >= v.events.len() => {
                self.history_read(Page::Older)
            }
            _ => Vec::new(),
        }
    }

    /// New events (another user's, or this session's change): read what came since.
    pub(super) fn history_follow(&mut self) -> Vec<Effect> {
        match &self.history_view {
            Some(v) if v.events.is_empty() => self.history_read(Page::First),
            Some(_) => self.history_read(Page::Newer),
            None => Vec::new(),
        }
    }

    /// A page came back: the first, an older one added below, or newer ones added on top with
    /// the cursor kept on its event.
    pub(super) fn history_page(&mut self, answer: HistoryPage) -> Vec<Effect> {
        let height = self.history_height();
        let Some(view) = self.history_view.as_mut().filter(|v| v.seq == answer.seq) else {
            return Vec::new();
        };
        view.loading = false;
        let events = match answer.events {
            Ok(events) => events,
            Err(why) => {
                view.failed = Some(why.clone());
                self.warn(text!(
                    ["无法读取历史记录：{}", why.zh],
                    ["could not read the history: {}", why.en]
                ));
                return Vec::new();
            }
        };
        view.failed = None;
        match answer.page {
            Page::First => {
                view.events = events;
                view.more = answer.more;
                view.cursor = 0;
                view.offset = 0;
            }
            Page::Older => {
                view.events.extend(events);
                view.more = answer.more;
            }
            // More came than a page holds: start again from the newest.
            Page::Newer if answer.more => {
                view.events = events;
                view.more = true;
                view.cursor = 0;
                view.offset = 0;
            }
            Page::Newer => {
                let n = events.len();
                view.events.splice(0..0, events);
                if view.cursor > 0 || view.offset > 0 {
                    view.cursor += n;
                    view.offset += n;
                }
                view.offset =
                    super::list::scrolled(view.cursor, view.offset, height, view.events.len());
            }
        }
        self.history_more()
    }
}

/// `:history [编号] [用户=…] [自=…] [至=…]`.
pub(super) fn command(app: &mut App, args: &[&str]) -> Result<Vec<Effect>, Refusal> {
    let filter = HistoryFilter::parse(args)?;
    if let Some(id) = &filter.base {
        let row = app.row(id).ok_or_else(|| {
            Refusal::input(text!("没有编号为「{id}」的基地", "no base with id '{id}'"))
        })?;
        app.may_see(id, &row.city).map_err(Refusal::input)?;
    }
    // From the history itself its filter changes; from elsewhere Esc returns there.
    let back = match (app.screen, &app.history_view) {
        (Screen::History, Some(v)) => v.back,
        (screen, _) => screen,
    };
    Ok(app.open_history(filter, back))
}

/// The filter's keys, and the ids of the bases this user sees.
pub(super) fn complete(app: &App, _: &[&str], last: &str) -> Vec<String> {
    if last.contains('=') {
        return Vec::new();
    }
    let keys = match app.lang {
        Lang::Zh => ["用户=", "自=", "至="],
        Lang::En => ["user=", "since=", "until="],
    };
    keys.into_iter()
        .map(String::from)
        .chain(super::command::complete_goto(app, &[], last))
        .collect()
}

/// The command an event records, for people: `mark` is 标记. Readings of confidential text are
/// named as such; an action this version does not know is shown as it is stored.
pub fn action_label(action: &str) -> Text {
    let (zh, en) = match action {
        "create" => ("新建", "create"),
        "import" | "import_change" => ("导入", "import"),
        "mark" => ("标记", "mark"),
        "status" => ("状态流转", "status"),
        "edit" => ("修改", "edit"),
        "report_submit" => ("报告提交", "report"),
        "report_review" => ("报告审核", "review"),
        "change" | "change_filed" | "change_review" => ("变更报备", "filing"),
        "risk_add" => ("登记风险", "risk"),
        "risk_close" => ("关闭风险", "risk closed"),
        "partner_add" | "partner_end" | "partner_country" => ("合作方", "partner"),
        "excuse" => ("正当理由", "excuse"),
        "indicators" => ("指标", "indicators"),
        "systems" => ("管理制度", "systems"),
        "project_add" | "project_remove" => ("前期项目", "project"),
        "restore" => ("恢复备份", "restore"),
        "undo" => ("撤回", "undo"),
        "keygen" => ("密钥", "key"),
        "users" => ("用户角色", "roles"),
        "view_save" | "view_delete" => ("视图", "view"),
        crate::store::READ_ACTION => ("阅读保密说明", "read notes"),
        "follow" | "case_auto" => ("跟进", "follow-up"),
        "work_note" => ("工作记录", "work note"),
        other => return Text::new(other, other),
    };
    Text::new(zh, en)
}
