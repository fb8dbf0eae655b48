//! Keeping the console in step with the store: every row once loaded, the analysis, this
//! session's own writes and other users' changes. Changes are applied base by base, so the
//! cursor stays on its base, and the selection, filters, search and a half-filled form stay as
//! they were.

use super::list::Column;
use super::overlay::Overlay;
use super::{App, Changes, Effect, Msg, SavedView};
use crate::domain::base::Base;
use crate::domain::text::{Lang, Text};
use crate::keymap::{Action, Mode};
use crate::service::Done;
use crate::store::{Event, Summary, WriteError};
use crate::text;
use std::sync::Arc;

impl App {
    /// A message from the store worker (or the analysis thread).
    pub(super) fn store_news(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Rows {
                rows,
                keys,
                version,
            } => return self.rows_loaded(rows, keys, version),
            Msg::Analysed(mut analysis) => {
                // Made from the rows as loaded: bases changed since are applied again, with
                // their cases as they are now.
                for base in self.pending_analysis.take().unwrap_or_default() {
                    analysis.update_base(&base, self.ctx(), &self.bans);
                    if let Some(cases) = self.cases_now(&base.id) {
                        analysis.cases.set_base(&base.id, cases);
                    }
                }
                self.analysis = Some(analysis);
                self.findings_changed();
                if self.list.sort.column == Column::Badges {
                    self.list.invalidate();
                }
                self.refresh_list();
                self.refresh_triage();
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
                // The analysis is made from the loaded rows: it will not come.
                if self.analysis.is_none() {
                    self.analysis_failed = Some(why.clone());
                }
                self.load_failed = Some(why);
            }
            Msg::AnalysisFailed(why) => {
                self.pending_analysis = None;
                self.warn(text!(
                    ["无法分析记录，待办与徽标不可用：{}", why.zh],
                    [
                        "could not analyse the records, so triage and badges are unavailable: {}",
                        why.en
                    ]
                ));
                self.analysis_failed = Some(why);
            }
            Msg::Written(result) => {
                self.writing = false;
                self.write_waiting = false;
                return match result {
                    Ok(done) => self.written(done),
                    Err(e) => {
                        self.refused(e);
                        Vec::new()
                    }
                };
            }
            Msg::WriteWaiting if self.writing => {
                self.write_waiting = true;
                self.notify(text!(
                    "等待其他用户的写入…",
                    "waiting for another user's write…"
                ));
            }
            Msg::Changed(changes) => return self.changed(changes),
            Msg::NotesRead { id, notes } => self.notes_read(&id, notes),
            Msg::HistoryPage(page) => return self.history_page(page),
            Msg::OutcomesPlanned(plan) => self.outcomes_planned(plan),
            Msg::StoreNotice(text) => self.warn(text),
            Msg::WatchFailed(why) => self.warn(text!(
                ["无法查看其他用户的更改：{}", why.zh],
                ["could not look for other users' changes: {}", why.en]
            )),
            Msg::Views(Ok(views)) => self.set_views(views),
            Msg::Views(Err(why)) => self.warn(text!(
                ["无法读取已保存的视图：{}", why.zh],
                ["could not read the saved views: {}", why.en]
            )),
            _ => {}
        }
        Vec::new()
    }

    fn rows_loaded(
        &mut self,
        rows: Vec<Summary>,
        keys: Vec<crate::search::SearchKey<'static>>,
        version: u64,
    ) -> Vec<Effect> {
        self.version = version;
        self.pending_analysis = Some(Vec::new());
        self.keys = Arc::new(keys);
        self.total = rows.len();
        self.loaded = true;
        self.load_failed = None;
        self.bans = super::data::bans_of(&rows);
        self.dashboard.stats = super::dashboard::Stats::of(&rows, &self.policy, &self.grant);
        self.rows = Arc::new(rows);
        self.findings_changed();
        self.list.invalidate();
        let effects = self.research(true);
        self.refresh_list();
        self.refresh_triage();
        // Rows come again after a great many changes: the open base may be one.
        self.refresh_detail();
        effects
    }

    fn set_views(&mut self, views: Vec<(String, String)>) {
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
    }

    /// A change of this session was stored: the bases it touched are brought up to date.
    fn written(&mut self, done: Done) -> Vec<Effect> {
        let (before, after) = done.versions;
        // Nobody else wrote in between: the console is at the new version. Otherwise the store
        // worker reports what they did next, with the version after both.
        if before == self.version {
            self.version = after;
        }
        let summary = summarise(&done);
        // Undo reverts changes to bases; a saved view is none (undoing it would do nothing).
        if let Some(batch) = done.batch.filter(|_| !done.bases.is_empty()) {
            self.last_batch = Some((batch, summary.clone()));
        }
        let created = matches!(&self.overlay, Some(Overlay::Form(f)) if f.pending && f.kind == super::form::FormKind::NewApplication);
        // The dialog that asked for it is done.
        match &self.overlay {
            Some(Overlay::Form(f)) if f.pending => self.overlay = None,
            Some(Overlay::MarkConfirm(c)) if c.pending => self.overlay = None,
            Some(Overlay::Outcomes(c)) if c.pending => self.overlay = None,
            _ => {}
        }
        // A change made to the selection is done with it.
        if done
            .bases
            .iter()
            .any(|b| self.list.selected.contains(&b.id))
        {
            self.list.selected.clear();
        }
        let mut effects = self.apply(&done.bases);
        effects.extend(self.history_follow());
        self.notify(summary);
        // A new application is what the user wants to see next.
        if let (true, Some(base)) = (created, done.bases.first())
            && let Some(i) = self
                .list
                .visible
                .iter()
                .position(|v| self.rows[v.row as usize].id == base.id)
        {
            self.list.move_to(i);
            self.list.scroll_into_view(self.page_height());
        }
        effects
    }

    /// A change of this session was refused: the dialog that asked for it stays open with the
    /// input as it was, saying why and how to send it again.
    pub(super) fn refused(&mut self, e: WriteError) {
        // The key that sends it again: Enter in a form, y in the mark confirmation.
        let key = match &self.overlay {
            Some(Overlay::Form(f)) if f.pending => self.keymap.key_for(Mode::Form, Action::Submit),
            Some(Overlay::MarkConfirm(c)) if c.pending => {
                self.keymap.key_for(Mode::Confirm, Action::Confirm)
            }
            Some(Overlay::Outcomes(c)) if c.pending => {
                self.keymap.key_for(Mode::Confirm, Action::Confirm)
            }
            _ => None,
        };
        let text = match (&e, key) {
            // By then the store worker has brought the view up to date.
            (WriteError::Conflict(conflicts), Some(key)) => {
                let each = |lang| {
                    let sep = if lang == Lang::Zh { "；" } else { "; " };
                    let each: Vec<String> = conflicts.iter().map(|c| c.describe(lang)).collect();
                    each.join(sep)
                };
                text!(
                    [
                        "{}。未写入任何内容；已显示新版本，按 {key} 在新版本上重新提交",
                        each(Lang::Zh)
                    ],
                    [
                        "{}. Nothing was written; the new version is shown: press {key} to apply the change to it",
                        each(Lang::En)
                    ]
                )
            }
            (WriteError::Busy { .. }, Some(key)) => text!(
                ["{}；按 {key} 重试", e.message(Lang::Zh)],
                ["{}; press {key} to try again", e.message(Lang::En)]
            ),
            _ => e.text(),
        };
        match &mut self.overlay {
            Some(Overlay::Form(form)) if form.pending => {
                form.pending = false;
                form.error = Some(form.explain(text));
            }
            Some(Overlay::Outcomes(c)) if c.pending => {
                c.pending = false;
                c.error = Some(text);
            }
            Some(Overlay::MarkConfirm(c)) if c.pending => {
                c.pending = false;
                c.input_error = Some(text);
                // On a button, so the confirm key sends it again rather than typing.
                if c.focus.is_field() {
                    c.focus = super::overlay::MarkFocus::Cancel;
                }
            }
            _ => self.warn(text),
        }
    }

    /// Other users' commits: their bases brought up to date, and the status bar says who did
    /// what.
    fn changed(&mut self, changes: Changes) -> Vec<Effect> {
        self.version = self.version.max(changes.version);
        if let Some(views) = changes.views {
            self.set_views(views);
        }
        if let Some(grant) = changes.grant {
            let user = self.user.clone();
            self.set_grant(&user, grant);
        }
        let mut effects = self.apply(&changes.bases);
        if changes.count > 0 {
            effects.extend(self.history_follow());
        }
        if let Some(newest) = changes.events.last() {
            let what = describe(newest);
            let n = changes.count;
            self.notify(if n > 1 {
                text!(["{n} 项变更：{}", what.zh], ["{n} changes: {}", what.en])
            } else {
                what
            });
        }
        effects
    }

    /// Brings the rows, search keys, findings, dashboard and any open base or mark
    /// confirmation up to date with `bases` as stored; everything else stays as it was.
    fn apply(&mut self, bases: &[Base]) -> Vec<Effect> {
        if bases.is_empty() {
            return Vec::new();
        }
        // Keys line up with the rows once every row is loaded; before that they are empty and
        // come with the full load.
        let with_keys = self.keys.len() == self.rows.len() && !self.keys.is_empty();
        // With the text of their work records, as the store keeps them.
        let new_keys: Vec<_> = bases.iter().map(|b| self.search_key_of(b)).collect();
        let rows = Arc::make_mut(&mut self.rows);
        let keys = Arc::make_mut(&mut self.keys);
        let mut inserted = false;
        for (base, key) in bases.iter().zip(new_keys) {
            let summary = Summary::of(base);
            match rows.binary_search_by(|r| r.id.cmp(&base.id)) {
                Ok(i) => {
                    rows[i] = summary;
                    if with_keys {
                        keys[i] = key;
                    }
                }
                Err(i) => {
                    inserted = true;
                    rows.insert(i, summary);
                    if with_keys {
                        keys.insert(i, key);
                    }
                }
            }
        }
        self.total = self.total.max(self.rows.len());
        self.bans = super::data::bans_of(&self.rows);
        self.dashboard.stats = super::dashboard::Stats::of(&self.rows, &self.policy, &self.grant);
        if self.analysis.is_some() {
            // Read before the analysis is borrowed: the source is the app's.
            let cases: Vec<_> = bases.iter().map(|b| self.cases_now(&b.id)).collect();
            let ctx = crate::domain::lifecycle::Ctx {
                policy: &self.policy,
                today: self.today,
            };
            let analysis = self.analysis.as_mut().expect("checked");
            for (base, cases) in bases.iter().zip(cases) {
                analysis.update_base(base, ctx, &self.bans);
                if let Some(cases) = cases {
                    analysis.cases.set_base(&base.id, cases);
                }
            }
        }
        if let Some(pending) = &mut self.pending_analysis {
            pending.extend(bases.iter().cloned());
        }
        self.findings_changed();
        if self
            .detail
            .as_ref()
            .is_some_and(|d| bases.iter().any(|b| b.id == d.base.id))
        {
            self.refresh_detail();
        }
        self.refresh_mark_bases(bases);
        self.list.invalidate();
        // New rows move the others: hits pointing at them are dropped until searched again.
        let effects = self.research(inserted);
        self.refresh_list();
        self.refresh_triage();
        effects
    }

    /// The bases a mark confirmation previews, as they are now.
    fn refresh_mark_bases(&mut self, bases: &[Base]) {
        let Some(Overlay::MarkConfirm(confirm)) = &mut self.overlay else {
            return;
        };
        let mut touched = false;
        for base in bases {
            if let Some(shown) = self.mark_bases.iter_mut().find(|b| b.id == base.id) {
                *shown = base.clone();
                touched = true;
            }
        }
        if touched {
            let error = confirm.input_error.take();
            super::mark::refresh_previews(confirm, &self.policy, self.today, &self.mark_bases);
            // Why the last try was refused still stands.
            confirm.input_error = confirm.input_error.take().or(error);
        }
    }
}

/// "王某 标记 GDICB-2025-0007 2026年度绩效评估 合格 → 保持": who did what to which base.
fn describe(event: &Event) -> Text {
    let (zh, en) = match event.action.as_str() {
        "mark" => ("标记", "marked"),
        "create" | "import" => ("新建", "created"),
        "undo" => ("撤回", "undid"),
        _ => ("修改", "changed"),
    };
    let actor = &event.actor;
    let (szh, sen) = (&event.summary.zh, &event.summary.en);
    match &event.base_id {
        // A follow-up's line says what it did to which case: "跟进 GDICB-…/A15.3.1/2025：…".
        Some(_) if matches!(event.action.as_str(), "follow" | "case_auto") => {
            text!("{actor} {szh}", "{actor}: {sen}")
        }
        Some(id) => text!("{actor} {zh} {id} {szh}", "{actor} {en} {id}: {sen}"),
        None => text!("{actor} {szh}", "{actor}: {sen}"),
    }
}

/// One line for the status bar about what a change did.
fn summarise(done: &Done) -> Text {
    match done.lines.as_slice() {
        [] => text!("已保存", "saved"),
        // A follow-up's line names its case, and with it the base.
        [(id, line)] if id.is_empty() || line.zh.contains(id.as_str()) => line.clone(),
        [(id, line)] => text!(["{id} {}", line.zh], ["{id} {}", line.en]),
        [(id, line), ..] => {
            let n = done.lines.len();
            text!(
                ["已更新 {n} 个基地；{id} {} …", line.zh],
                ["updated {n} bases; {id} {} …", line.en]
            )
        }
    }
}

impl App {
    /// The search key of `base` as stored: with the text of its work records.
    fn search_key_of(&mut self, base: &Base) -> crate::search::SearchKey<'static> {
        match self.source.work_notes(&base.id) {
            Ok(notes) => crate::store::search_key_with_notes(base, &notes),
            Err(e) => {
                self.warn(store_problem(&e));
                crate::store::search_key(base)
            }
        }
    }

    /// The cases on base `id` as stored now; `None` (the ones known kept) when they cannot be
    /// read, which the notice then says.
    fn cases_now(&mut self, id: &str) -> Option<Vec<crate::domain::cases::FollowUp>> {
        match self.source.cases_of(id) {
            Ok(cases) => Some(cases),
            Err(e) => {
                self.warn(store_problem(&e));
                None
            }
        }
    }
}

fn store_problem(e: &crate::store::StoreError) -> Text {
    Text::new(e.message(Lang::Zh), e.message(Lang::En))
}
