//! `App::update`: one message in, state changed, effects out.

use super::form::Form;
use super::list::{Column, Sort};
use super::overlay::{ButtonFocus, Facet, MarkFocus, OUTCOMES, Overlay};
use super::text::TextField;
use super::{App, Effect, InputKind, InputLine, Msg, SavedView, Screen};
use crate::keymap::{Action, Resolution, is_text_key};
use crate::search::Query;
use crate::service::Request;
use crate::text;
use crossterm::event::KeyEvent;
use std::sync::Arc;

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
            Msg::Rows { rows, keys } => {
                self.keys = Arc::new(keys);
                self.total = rows.len();
                self.loaded = true;
                self.bans = super::data::bans_of(&rows);
                self.dashboard.stats = super::dashboard::Stats::of(&rows, &self.policy);
                self.rows = Arc::new(rows);
                self.list.invalidate();
                let effects = self.restart_search();
                self.refresh_list();
                self.refresh_triage();
                // Rows come again after another user's change: the open base may be one.
                self.refresh_detail();
                effects
            }
            Msg::Analysed(analysis) => {
                self.analysis = Some(analysis);
                if self.list.sort.column == Column::Badges {
                    self.list.invalidate();
                }
                self.refresh_list();
                self.refresh_triage();
                Vec::new()
            }
            Msg::LoadFailed(why) => {
                let shown = self.rows.len();
                self.warn(text!(
                    ["无法载入全部记录，只显示前 {shown} 条：{}", why.zh],
                    [
                        "could not load every record; only the first {shown} are shown: {}",
                        why.en
                    ]
                ));
                self.load_failed = Some(why);
                Vec::new()
            }
            Msg::AnalysisFailed(why) => {
                self.warn(text!(
                    ["无法分析记录，待办与徽标不可用：{}", why.zh],
                    [
                        "could not analyse the records, so triage and badges are unavailable: {}",
                        why.en
                    ]
                ));
                self.analysis_failed = Some(why);
                Vec::new()
            }
            Msg::SearchDone { seq, hits } => {
                if seq == self.list.search.seq {
                    self.list.search.hits = Some(hits);
                    self.list.search.hits_seq = seq;
                    self.refresh_list();
                }
                Vec::new()
            }
            Msg::Written(result) => {
                self.writing = false;
                match result {
                    Ok(done) => self.written(done),
                    Err(text) => {
                        if let Some(Overlay::Form(form)) = &mut self.overlay {
                            form.pending = false;
                            form.error = Some(text);
                        } else {
                            self.warn(text);
                        }
                    }
                }
                Vec::new()
            }
            Msg::Views(Ok(views)) => {
                self.views.clear();
                for (name, json) in views {
                    match serde_json::from_str::<SavedView>(&json) {
                        Ok(view) => self.views.push((name, view)),
                        // Kept in the store, so a newer jidi that wrote it still has it.
                        Err(e) => self.warn(text!(
                            "视图「{name}」无法读取（{e}），已跳过；可用 :view delete {name} 删除",
                            "the saved view '{name}' cannot be read ({e}) and is skipped; :view delete {name} removes it"
                        )),
                    }
                }
                Vec::new()
            }
            Msg::Views(Err(why)) => {
                self.warn(text!(
                    ["无法读取已保存的视图：{}", why.zh],
                    ["could not read the saved views: {}", why.en]
                ));
                Vec::new()
            }
        }
    }

    /// Where typed text goes now, if anywhere.
    fn text_target(&mut self) -> Option<&mut TextField> {
        match &mut self.overlay {
            Some(Overlay::Form(f)) if !f.confirm_discard && !f.pending => Some(f.focused()),
            Some(Overlay::MarkConfirm(c)) => match c.focus {
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
    fn text_edited(&mut self) -> Vec<Effect> {
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

    /// Starts a search for `query`, narrowing from the previous hits when the query only grew.
    pub(super) fn search_for(&mut self, query: String) -> Vec<Effect> {
        let search = &mut self.list.search;
        let previous = std::mem::replace(&mut search.query, query.clone());
        // The hits at hand may answer an older query than `previous` (typing outran the
        // search); only hits of `previous` itself can be narrowed.
        let answered_previous = search.hits_seq == search.seq;
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

    /// Searches the current query again over new rows.
    fn restart_search(&mut self) -> Vec<Effect> {
        if !self.list.search.active() {
            return Vec::new();
        }
        self.list.search.hits = None;
        self.list.search.seq += 1;
        vec![Effect::Search {
            seq: self.list.search.seq,
            query: self.list.search.query.clone(),
            within: None,
        }]
    }

    fn act(&mut self, action: Action) -> Vec<Effect> {
        // Help inherits `[global]` for scrolling and quitting, but it is a dialog like the
        // others: nothing else may act on the screen behind it (`n`, Enter, `d`, `/`…).
        if matches!(self.overlay, Some(Overlay::Help { .. })) && !works_in_help(action) {
            return Vec::new();
        }
        let page = self.page_height() as isize;
        match action {
            Action::Quit => {
                self.quit = true;
                return vec![Effect::Quit];
            }
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Redraw => return vec![Effect::Redraw],
            Action::Back | Action::Cancel => return self.back(),
            Action::MoveDown => self.move_by(1),
            Action::MoveUp => self.move_by(-1),
            Action::HalfPageDown => self.move_by(page / 2),
            Action::HalfPageUp => self.move_by(-page / 2),
            Action::PageDown => self.move_by(page),
            Action::PageUp => self.move_by(-page),
            Action::Top => self.jump(false),
            Action::Bottom => self.jump(true),
            Action::Open => self.open(),
            Action::NextTab | Action::PrevTab => {
                let forward = action == Action::NextTab;
                match self.screen {
                    Screen::Detail => {
                        if let Some(d) = &mut self.detail {
                            d.step_tab(forward);
                        }
                    }
                    Screen::Dashboard => self.dashboard.move_col(if forward { 1 } else { -1 }),
                    _ => {}
                }
            }
            Action::ViewBases => self.show(Screen::Bases),
            Action::ViewTriage => self.show(Screen::Triage),
            Action::ViewDashboard => self.show(Screen::Dashboard),
            Action::Search => {
                let query = self.list.search.query.clone();
                if self.screen != Screen::Bases {
                    self.show(Screen::Bases);
                }
                self.input = Some(InputLine {
                    kind: InputKind::Search,
                    field: TextField::with(&query),
                    history: None,
                    completions: Vec::new(),
                });
            }
            Action::NextMatch | Action::PrevMatch => {
                if self.list.search.active() && !self.list.visible.is_empty() {
                    let n = self.list.visible.len();
                    let step = if action == Action::NextMatch {
                        1
                    } else {
                        n - 1
                    };
                    self.list.cursor = (self.list.cursor + step) % n;
                    self.list.scroll_into_view(self.page_height());
                } else {
                    self.notify(text!(
                        "没有进行中的搜索；按 / 搜索",
                        "no search; press / to search"
                    ));
                }
            }
            Action::CommandLine => {
                self.input = Some(InputLine {
                    kind: InputKind::Command,
                    field: TextField::default(),
                    history: None,
                    completions: Vec::new(),
                });
            }
            Action::ToggleSelect => {
                if self.screen == Screen::Bases {
                    self.list.toggle_selected(&self.rows);
                    self.list.move_by(1);
                    self.list.scroll_into_view(self.page_height());
                } else if let Some(id) = self.current_id()
                    && !self.list.selected.remove(&id)
                {
                    self.list.selected.insert(id);
                }
            }
            Action::SelectRange => {
                if self.screen == Screen::Bases {
                    match self.list.select_range(&self.rows) {
                        None => self.notify(text!(
                            "区间起点已设定；移动到终点再按一次",
                            "range start set; move to its end and press again"
                        )),
                        Some(n) => self.notify(text!("已选中 {n} 个", "selected {n}")),
                    }
                }
            }
            Action::ClearSelection => {
                self.list.selected.clear();
                self.list.anchor = None;
            }
            Action::Mark => self.start_mark(None),
            Action::Undo => match &self.last_batch {
                Some((batch, summary)) => {
                    self.overlay = Some(Overlay::UndoConfirm {
                        batch: *batch,
                        summary: summary.clone(),
                        focus: ButtonFocus::Cancel,
                    });
                }
                None => self.notify(text!(
                    "本次会话还没有可撤回的操作",
                    "nothing to undo in this session"
                )),
            },
            Action::CopyId => {
                if let Some(id) = self.current_id() {
                    self.notify(text!("已复制 {id}", "copied {id}"));
                    return vec![Effect::Copy(id)];
                }
            }
            Action::NewApplication => {
                self.overlay = Some(Overlay::Form(Form::new_application(
                    self.today,
                    &self.policy,
                    self.lang,
                )));
            }
            Action::RecordReport
            | Action::FileChange
            | Action::AddRisk
            | Action::CloseRisk
            | Action::Transition
            | Action::AddPartner => self.open_form(action),
            Action::FilterCategory => self.open_menu(Facet::Category),
            Action::FilterRegion => self.open_menu(Facet::Region),
            Action::FilterOutcome => self.open_menu(Facet::Outcome),
            Action::FilterStatus => self.open_menu(Facet::Status),
            Action::ClearFilters => {
                self.list.filter = Default::default();
                self.refresh_list();
                self.refresh_triage();
            }
            Action::SortNext => {
                let i = Column::ALL
                    .iter()
                    .position(|c| *c == self.list.sort.column)
                    .unwrap_or(0);
                self.list.sort = Sort {
                    column: Column::ALL[(i + 1) % Column::ALL.len()],
                    descending: false,
                };
                self.refresh_list();
            }
            Action::SortReverse => {
                self.list.sort.descending = !self.list.sort.descending;
                self.refresh_list();
            }
            Action::Confirm => return self.confirm(),
            Action::FocusNext | Action::FocusPrev => {
                let forward = action == Action::FocusNext;
                match &mut self.overlay {
                    Some(Overlay::MarkConfirm(c)) => c.focus = c.focus.step(forward),
                    Some(Overlay::UndoConfirm { focus, .. }) => {
                        *focus = if *focus == ButtonFocus::Cancel {
                            ButtonFocus::Confirm
                        } else {
                            ButtonFocus::Cancel
                        };
                    }
                    _ => {}
                }
            }
            Action::Press => return self.press(),
            Action::Pick1 | Action::Pick2 | Action::Pick3 | Action::Pick4 | Action::Pick5 => {
                let i = [
                    Action::Pick1,
                    Action::Pick2,
                    Action::Pick3,
                    Action::Pick4,
                    Action::Pick5,
                ]
                .iter()
                .position(|a| *a == action)
                .expect("a pick action");
                if matches!(self.overlay, Some(Overlay::PickOutcome { .. })) {
                    self.open_confirm(OUTCOMES[i]);
                }
            }
            Action::Toggle => {
                if let Some(Overlay::Menu(menu)) = &mut self.overlay
                    && let Some(o) = menu.options.get_mut(menu.cursor)
                {
                    o.checked = !o.checked;
                }
            }
            Action::Submit => return self.submit(),
            Action::NextField | Action::PrevField => {
                if let Some(Overlay::Form(form)) = &mut self.overlay {
                    form.step(action == Action::NextField);
                }
            }
            Action::Complete => {
                if let Some(Overlay::Form(form)) = &mut self.overlay {
                    form.complete();
                } else if let Some(line) = &mut self.input
                    && line.kind == InputKind::Command
                {
                    super::command::complete(self);
                }
            }
            Action::HistoryPrev | Action::HistoryNext => {
                self.step_history(action == Action::HistoryPrev)
            }
            Action::ClearInput => {
                if let Some(field) = self.text_target() {
                    field.clear();
                    return self.text_edited();
                }
            }
        }
        Vec::new()
    }

    /// `y` in a confirmation.
    fn confirm(&mut self) -> Vec<Effect> {
        match self.overlay.take() {
            Some(Overlay::MarkConfirm(confirm)) => self.submit_mark(confirm),
            Some(Overlay::UndoConfirm { batch, .. }) => {
                self.writing = true;
                self.last_batch = None;
                vec![Effect::Write(Request::Undo { batch })]
            }
            Some(Overlay::Form(form)) if form.confirm_discard => Vec::new(),
            other => {
                self.overlay = other;
                Vec::new()
            }
        }
    }

    /// Enter: the focused button or item.
    fn press(&mut self) -> Vec<Effect> {
        match &mut self.overlay {
            Some(Overlay::MarkConfirm(c)) => match c.focus {
                MarkFocus::Confirm => self.confirm(),
                MarkFocus::Cancel => {
                    self.overlay = None;
                    Vec::new()
                }
                MarkFocus::Round | MarkFocus::Date | MarkFocus::Score => {
                    c.focus = c.focus.step(true);
                    Vec::new()
                }
            },
            Some(Overlay::UndoConfirm { focus, .. }) => {
                if *focus == ButtonFocus::Confirm {
                    self.confirm()
                } else {
                    self.overlay = None;
                    Vec::new()
                }
            }
            Some(Overlay::PickOutcome { cursor, .. }) => {
                let outcome = OUTCOMES[*cursor];
                self.open_confirm(outcome);
                Vec::new()
            }
            Some(Overlay::Form(form)) if form.confirm_discard => {
                // Cancel is the focused button: back to the form.
                form.confirm_discard = false;
                Vec::new()
            }
            Some(Overlay::Menu(menu)) => {
                menu.apply(&mut self.list.filter);
                self.overlay = None;
                self.refresh_list();
                self.refresh_triage();
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Enter in a form or on the input line.
    fn submit(&mut self) -> Vec<Effect> {
        if let Some(Overlay::Form(form)) = &mut self.overlay {
            if form.pending {
                return Vec::new();
            }
            return match form.request(self.lang) {
                Ok(request) => {
                    form.pending = true;
                    form.error = None;
                    self.writing = true;
                    vec![Effect::Write(request)]
                }
                Err(refusal) => {
                    form.error = Some(refusal.text);
                    Vec::new()
                }
            };
        }
        let Some(line) = self.input.take() else {
            return Vec::new();
        };
        let value = line.field.value().trim().to_string();
        match line.kind {
            InputKind::Search => Vec::new(),
            InputKind::Command => {
                if !value.is_empty() {
                    self.history.retain(|h| *h != value);
                    self.history.push(value.clone());
                }
                super::command::run(self, &value)
            }
        }
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

    /// Applies a saved view.
    pub(super) fn apply_view(&mut self, view: &SavedView) {
        self.list.filter = view.filter.clone();
        self.list.sort = view.sort;
        self.list.columns = view.columns.clone();
        self.refresh_list();
        self.refresh_triage();
    }
}

/// Actions that scroll, close or leave help.
fn works_in_help(action: Action) -> bool {
    matches!(
        action,
        Action::Quit
            | Action::Redraw
            | Action::Back
            | Action::Cancel
            | Action::Help
            | Action::MoveDown
            | Action::MoveUp
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom
    )
}
