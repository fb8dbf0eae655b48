//! The bases list: facet filters, sort, search narrowing, cursor and selection. Only indices are
//! kept here; rows are drawn from the data for the visible slice alone.

use super::data::Analysis;
use crate::domain::codes::Code;
use crate::domain::policy::Policy;
use crate::domain::roles::Grant;
use crate::filter::Filter;
pub use crate::search::SearchHit;
use crate::search::{merge, sort_key};
use crate::store::Summary;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Id,
    Name,
    Category,
    City,
    Status,
    Outcome,
    Badges,
}

impl Column {
    pub const ALL: [Column; 7] = [
        Column::Id,
        Column::Name,
        Column::Category,
        Column::City,
        Column::Status,
        Column::Outcome,
        Column::Badges,
    ];

    pub fn label(self, lang: crate::domain::text::Lang) -> &'static str {
        use crate::domain::text::Lang::*;
        match (self, lang) {
            (Column::Id, Zh) => "编号",
            (Column::Name, Zh) => "名称",
            (Column::Category, Zh) => "类型",
            (Column::City, Zh) => "城市",
            (Column::Status, Zh) => "状态",
            (Column::Outcome, Zh) => "评估",
            (Column::Badges, Zh) => "报变险",
            (Column::Id, En) => "ID",
            (Column::Name, En) => "Name",
            (Column::Category, En) => "Category",
            (Column::City, En) => "City",
            (Column::Status, En) => "Status",
            (Column::Outcome, En) => "Outcome",
            (Column::Badges, En) => "RFS",
        }
    }

    /// Accepts the Chinese or English header, or the code (`:sort 状态`, `:sort status`).
    pub fn parse(input: &str) -> Option<Column> {
        let wanted = input.trim();
        let aliases: &[(&str, Column)] = &[
            ("评估结果", Column::Outcome),
            ("最近评估", Column::Outcome),
            ("地区", Column::City),
            ("合规", Column::Badges),
            ("badge", Column::Badges),
            ("last_outcome", Column::Outcome),
        ];
        Column::ALL
            .into_iter()
            .find(|c| {
                wanted == c.label(crate::domain::text::Lang::Zh)
                    || wanted.eq_ignore_ascii_case(c.label(crate::domain::text::Lang::En))
                    || wanted.eq_ignore_ascii_case(&format!("{c:?}"))
            })
            .or_else(|| {
                aliases
                    .iter()
                    .find(|(a, _)| wanted.eq_ignore_ascii_case(a))
                    .map(|(_, c)| *c)
            })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sort {
    pub column: Column,
    pub descending: bool,
}

impl Default for Sort {
    fn default() -> Sort {
        Sort {
            column: Column::Id,
            descending: false,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct SearchState {
    pub query: String,
    /// Sequence of the latest query sent; older results are dropped.
    pub seq: u64,
    /// Results of `query`, best first; `None` while it is being computed.
    pub hits: Option<Vec<SearchHit>>,
    /// Sequence of the query `hits` answer: behind `seq` while a newer query is searched.
    pub hits_seq: u64,
    /// `hits` are all of that query's hits, not the first found.
    pub complete: bool,
    /// The query `hits` answer.
    pub hits_query: String,
    /// A search of the same query again (over changed rows), gathered until whole while the
    /// earlier hits stay on screen: its sequence and what it found so far.
    pub fresh: Option<(u64, Vec<SearchHit>)>,
}

impl SearchState {
    /// A query that narrows the list. A lone Latin letter or digit does not: as pinyin it matches
    /// nearly every base, so the search waits for a second character.
    pub fn active(&self) -> bool {
        !self.query.trim().is_empty() && !self.needs_more()
    }

    /// Hits found for the latest query, part by part: shown as they come, except that the same
    /// query searched again keeps its earlier hits until the new ones are whole.
    pub fn found(&mut self, seq: u64, hits: Vec<SearchHit>, complete: bool) -> bool {
        if seq != self.seq {
            return false;
        }
        let hits = if self.hits_seq == seq {
            merge(self.hits.take().unwrap_or_default(), hits)
        } else if self.hits.is_some() && self.hits_query == self.query {
            let earlier = match self.fresh.take() {
                Some((s, found)) if s == seq => found,
                _ => Vec::new(),
            };
            let fresh = merge(earlier, hits);
            if !complete {
                self.fresh = Some((seq, fresh));
                return false;
            }
            fresh
        } else {
            hits
        };
        self.hits = Some(hits);
        self.hits_seq = seq;
        self.complete = complete;
        self.hits_query = self.query.clone();
        true
    }

    /// The hits shown answer the latest query in full.
    pub fn settled(&self) -> bool {
        self.hits.is_some() && self.hits_seq == self.seq && self.complete
    }

    /// The query is one Latin letter or digit: too little to search by.
    pub fn needs_more(&self) -> bool {
        let mut chars = self.query.trim().chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_ascii_alphanumeric())
    }
}

/// A row on screen: its index in the data and, when searching, its hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Visible {
    pub row: u32,
    pub hit: Option<u32>,
}

#[derive(Clone, Debug)]
pub struct ListView {
    pub filter: Filter,
    pub sort: Sort,
    pub search: SearchState,
    pub visible: Vec<Visible>,
    pub cursor: usize,
    pub offset: usize,
    pub selected: BTreeSet<String>,
    /// Start of a `v` range selection.
    pub anchor: Option<usize>,
    pub columns: Vec<Column>,
    /// Row indices in the current sort order, rebuilt when the sort or the rows change.
    order: Option<(Sort, Vec<u32>)>,
}

impl Default for ListView {
    fn default() -> ListView {
        ListView {
            filter: Filter::default(),
            sort: Sort::default(),
            search: SearchState::default(),
            visible: Vec::new(),
            cursor: 0,
            offset: 0,
            selected: BTreeSet::new(),
            anchor: None,
            columns: Column::ALL.to_vec(),
            order: None,
        }
    }
}

fn city_key<'a>(policy: &'a Policy, city: &'a str) -> (u8, &'a str) {
    match policy.city_by_code(city) {
        Some(c) => (c.group as u8, c.pinyin.as_str()),
        None => (u8::MAX, city),
    }
}

fn sorted(rows: &[Summary], sort: Sort, policy: &Policy, analysis: Option<&Analysis>) -> Vec<u32> {
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    let row = |i: &u32| &rows[*i as usize];
    match sort.column {
        // Rows are kept in id order already.
        Column::Id => {}
        // As people look names up: by pinyin (a name's common readings), not by code point.
        Column::Name => order.sort_by_cached_key(|i| sort_key(&row(i).name)),
        Column::Category => order.sort_by_key(|i| row(i).category),
        Column::City => order
            .sort_by(|a, b| city_key(policy, &row(a).city).cmp(&city_key(policy, &row(b).city))),
        Column::Status => order.sort_by_key(|i| row(i).status),
        Column::Outcome => order.sort_by_key(|i| row(i).last_outcome),
        Column::Badges => order.sort_by_key(|i| {
            std::cmp::Reverse(
                analysis
                    .and_then(|a| a.badges.get(&row(i).id))
                    .map(|b| b.rank())
                    .unwrap_or_default(),
            )
        }),
    }
    if sort.descending {
        order.reverse();
    }
    order
}

impl ListView {
    /// Forgets the cached order (the rows or their badges changed).
    pub fn invalidate(&mut self) {
        self.order = None;
    }

    pub fn current_id<'a>(&self, rows: &'a [Summary]) -> Option<&'a str> {
        self.visible
            .get(self.cursor)
            .map(|v| rows[v.row as usize].id.as_str())
    }

    /// Recomputes the visible rows; the cursor stays on the same base when it is still shown.
    /// Only bases `grant` covers are shown.
    pub fn recompute(
        &mut self,
        rows: &[Summary],
        policy: &Policy,
        analysis: Option<&Analysis>,
        grant: &Grant,
    ) {
        let keep = self.current_id(rows).map(str::to_string);
        if self
            .order
            .as_ref()
            .is_none_or(|(s, o)| *s != self.sort || o.len() != rows.len())
        {
            self.order = Some((self.sort, sorted(rows, self.sort, policy, analysis)));
        }
        let order = &self.order.as_ref().expect("just built").1;
        let filter = &self.filter;
        let shown = |i: u32| {
            let row = &rows[i as usize];
            grant.covers(&row.city) && filter.matches(row, policy)
        };
        self.visible = match (&self.search.hits, self.search.active()) {
            (Some(hits), true) if self.sort == Sort::default() => hits
                .iter()
                .enumerate()
                .filter(|(_, h)| shown(h.row))
                .map(|(i, h)| Visible {
                    row: h.row,
                    hit: Some(i as u32),
                })
                .collect(),
            (Some(hits), true) => {
                // An explicit sort orders the hits by column instead of by score.
                let mut rank = vec![u32::MAX; rows.len()];
                for (i, h) in hits.iter().enumerate() {
                    rank[h.row as usize] = i as u32;
                }
                order
                    .iter()
                    .filter(|r| rank[**r as usize] != u32::MAX && shown(**r))
                    .map(|r| Visible {
                        row: *r,
                        hit: Some(rank[*r as usize]),
                    })
                    .collect()
            }
            _ => order
                .iter()
                .copied()
                .filter(|r| shown(*r))
                .map(|row| Visible { row, hit: None })
                .collect(),
        };
        self.cursor = keep
            .and_then(|id| {
                self.visible
                    .iter()
                    .position(|v| rows[v.row as usize].id == id)
            })
            .unwrap_or(0)
            .min(self.visible.len().saturating_sub(1));
        self.anchor = None;
    }

    /// Moves the cursor by `delta` rows, clamped.
    pub fn move_by(&mut self, delta: isize) {
        self.cursor = moved(self.cursor, delta, self.visible.len());
    }

    pub fn move_to(&mut self, index: usize) {
        self.cursor = index.min(self.visible.len().saturating_sub(1));
    }

    /// Keeps the cursor inside a window of `height` rows.
    pub fn scroll_into_view(&mut self, height: usize) {
        self.offset = scrolled(self.cursor, self.offset, height, self.visible.len());
    }

    pub fn toggle_selected(&mut self, rows: &[Summary]) {
        if let Some(id) = self.current_id(rows)
            && !self.selected.remove(id)
        {
            self.selected.insert(id.to_string());
        }
    }

    /// `v`: first press sets the anchor, second selects everything between it and the cursor.
    pub fn select_range(&mut self, rows: &[Summary]) -> Option<usize> {
        match self.anchor.take() {
            None => {
                self.anchor = Some(self.cursor);
                None
            }
            Some(anchor) => {
                let (from, to) = (anchor.min(self.cursor), anchor.max(self.cursor));
                for v in &self.visible[from..=to.min(self.visible.len().saturating_sub(1))] {
                    self.selected.insert(rows[v.row as usize].id.clone());
                }
                Some(to - from + 1)
            }
        }
    }

    /// The bases an action applies to: the selection, else the row under the cursor.
    pub fn targets(&self, rows: &[Summary]) -> Vec<String> {
        if self.selected.is_empty() {
            self.current_id(rows)
                .map(|id| vec![id.to_string()])
                .unwrap_or_default()
        } else {
            self.selected.iter().cloned().collect()
        }
    }

    /// "联合研究类 · 珠三角 · 不合格" — the active facets, for the filter bar.
    pub fn facet_labels(&self, policy: &Policy, lang: crate::domain::text::Lang) -> Vec<String> {
        let f = &self.filter;
        let join = |labels: Vec<String>| labels.join("/");
        let mut out = Vec::new();
        if !f.categories.is_empty() {
            out.push(join(
                f.categories
                    .iter()
                    .map(|c| c.label(lang).to_string())
                    .collect(),
            ));
        }
        if !f.groups.is_empty() || !f.cities.is_empty() {
            let mut labels: Vec<String> =
                f.groups.iter().map(|g| g.label(lang).to_string()).collect();
            labels.extend(f.cities.iter().map(|c| {
                policy
                    .city_by_code(c)
                    .map_or_else(|| c.clone(), |city| city.label(lang))
            }));
            out.push(join(labels));
        }
        if !f.outcomes.is_empty() {
            out.push(join(
                f.outcomes
                    .iter()
                    .map(|o| o.label(lang).to_string())
                    .collect(),
            ));
        }
        if !f.statuses.is_empty() {
            out.push(join(
                f.statuses
                    .iter()
                    .map(|s| s.label(lang).to_string())
                    .collect(),
            ));
        }
        out
    }
}

/// A cursor moved by `delta` within `len` rows.
pub(super) fn moved(cursor: usize, delta: isize, len: usize) -> usize {
    let last = len.saturating_sub(1) as isize;
    (cursor as isize + delta).clamp(0, last.max(0)) as usize
}

/// The first row shown so that `cursor` is inside a window of `height` rows, moving `offset` as
/// little as possible and never past the last full window.
pub(super) fn scrolled(cursor: usize, offset: usize, height: usize, len: usize) -> usize {
    let height = height.max(1);
    let offset = if cursor < offset {
        cursor
    } else if cursor >= offset + height {
        cursor + 1 - height
    } else {
        offset
    };
    offset.min(len.saturating_sub(height))
}
