//! Keeping the console in step after a change is stored: rows, keys, findings, the open base.

use super::App;
use super::overlay::Overlay;
use crate::domain::text::Text;
use crate::service::Done;
use crate::store::Summary;
use crate::text;
use std::sync::Arc;

impl App {
    /// A change was stored: refresh the rows, findings and any open detail it touched.
    pub(super) fn written(&mut self, done: Done) {
        let summary = summarise(&done);
        // Undo reverts changes to bases; a saved view is none (undoing it would do nothing).
        if let Some(batch) = done.batch.filter(|_| !done.bases.is_empty()) {
            self.last_batch = Some((batch, summary.clone()));
        }
        // Keys line up with the rows once every row is loaded; before that they are empty and
        // come with the full load.
        let with_keys = self.keys.len() == self.rows.len() && !self.keys.is_empty();
        let rows = Arc::make_mut(&mut self.rows);
        let keys = Arc::make_mut(&mut self.keys);
        for base in &done.bases {
            let summary = Summary::of(base);
            let key = crate::store::search_key(base);
            match rows.binary_search_by(|r| r.id.cmp(&base.id)) {
                Ok(i) => {
                    rows[i] = summary;
                    if with_keys {
                        keys[i] = key;
                    }
                }
                Err(i) => {
                    rows.insert(i, summary);
                    if with_keys {
                        keys.insert(i, key);
                    }
                }
            }
        }
        self.total = self.rows.len();
        self.bans = super::data::bans_of(&self.rows);
        self.dashboard.stats = super::dashboard::Stats::of(&self.rows, &self.policy);
        let ctx = crate::domain::lifecycle::Ctx {
            policy: &self.policy,
            today: self.today,
        };
        if let Some(analysis) = &mut self.analysis {
            for base in &done.bases {
                analysis.update_base(base, ctx, &self.bans);
            }
        }
        let created = matches!(&self.overlay, Some(Overlay::Form(f)) if f.pending && f.kind == super::form::FormKind::NewApplication);
        if matches!(&self.overlay, Some(Overlay::Form(f)) if f.pending) {
            self.overlay = None;
        }
        // A change made to the selection is done with it.
        if done
            .bases
            .iter()
            .any(|b| self.list.selected.contains(&b.id))
        {
            self.list.selected.clear();
        }
        self.notify(summary);
        if self
            .detail
            .as_ref()
            .is_some_and(|d| done.bases.iter().any(|b| b.id == d.base.id))
        {
            self.refresh_detail();
        }
        self.list.invalidate();
        self.refresh_list();
        self.refresh_triage();
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
    }
}

/// One line for the status bar about what a change did.
fn summarise(done: &Done) -> Text {
    match done.lines.as_slice() {
        [] => text!("已保存", "saved"),
        [(id, line)] if id.is_empty() => line.clone(),
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
