//! The dashboard: the bases in 序列管理 (recognised or rectifying) by category × region group and
//! by last outcome, the others (applications, removed, not recognised) by kind, and compliance
//! rates. Every count is a cell the cursor can reach; Enter opens the list filtered to it.

use super::room::{Room, rows_moved};
use super::{App, Effect, Screen};
use crate::domain::badges::Standing;
use crate::domain::codes::{Category, Code, Outcome, RegionGroup};
use crate::domain::policy::Policy;
use crate::domain::roles::Grant;
use crate::domain::text::Lang;
use crate::filter::Filter;
use crate::keymap::{Action, Mode};
use crate::store::Summary;

pub const ROOM: Room = Room {
    mode: Mode::Dashboard,
    hints: &[
        Action::Open,
        Action::NextTab,
        Action::ViewBases,
        Action::Help,
        Action::Quit,
    ],
    act,
};

fn act(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    if let Some(delta) = rows_moved(action, app.page_height()) {
        // The table has a dozen rows: a page or a jump moves at most a few.
        app.dashboard.move_row(delta.signum() * delta.abs().min(4));
        return Some(Vec::new());
    }
    match action {
        Action::NextTab => app.dashboard.move_col(1),
        Action::PrevTab => app.dashboard.move_col(-1),
        // The list behind a number is exactly that number's bases: no search on top.
        Action::Open => {
            app.list.search = Default::default();
            app.list.filter = app.dashboard.drill();
            app.screen = Screen::Bases;
            app.refresh_list();
            app.refresh_triage();
        }
        Action::Back | Action::Cancel => app.screen = Screen::Bases,
        _ => return None,
    }
    Some(Vec::new())
}

/// Counts over the summary rows; kept in step when rows change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Managed bases, `[category][group]`, groups in `RegionGroup::all()` order.
    pub matrix: Vec<Vec<usize>>,
    /// Managed bases by last outcome, in `Outcome::all()` order.
    pub by_outcome: Vec<usize>,
    /// Managed bases.
    pub managed: usize,
    /// Applications, removed, not recognised.
    pub others: [usize; 3],
    /// Every base counted: managed and others.
    pub total: usize,
}

impl Stats {
    /// Counts the bases of `rows` that `grant` covers.
    pub fn of(rows: &[Summary], policy: &Policy, grant: &Grant) -> Stats {
        let mut stats = Stats {
            matrix: vec![vec![0; RegionGroup::all().len()]; Category::all().len()],
            by_outcome: vec![0; Outcome::all().len()],
            managed: 0,
            others: [0; 3],
            total: 0,
        };
        for row in rows.iter().filter(|r| grant.covers(&r.city)) {
            stats.total += 1;
            let standing = Standing::of(row.status);
            if let Some(i) = Standing::APART.iter().position(|s| *s == standing) {
                stats.others[i] += 1;
                continue;
            }
            stats.managed += 1;
            let c = Category::all()
                .iter()
                .position(|c| *c == row.category)
                .expect("a known category");
            if let Some(group) = policy.city_by_code(&row.city).map(|c| c.group) {
                let g = RegionGroup::all()
                    .iter()
                    .position(|x| *x == group)
                    .expect("a known group");
                stats.matrix[c][g] += 1;
            }
            let o = Outcome::all()
                .iter()
                .position(|o| *o == row.last_outcome)
                .expect("a known outcome");
            stats.by_outcome[o] += 1;
        }
        stats
    }

    pub fn row_total(&self, category: usize) -> usize {
        self.matrix[category].iter().sum()
    }

    pub fn column_total(&self, group: usize) -> usize {
        self.matrix.iter().map(|r| r[group]).sum()
    }
}

/// Rows of cells: 0–2 the categories and 3 their totals (columns: the four groups, then the row
/// total); then one row per outcome; then the others (applications, removed, not recognised).
pub const TOTAL_ROW: usize = 3;
pub const FIRST_OUTCOME_ROW: usize = 4;
pub const OTHERS_ROW: usize = FIRST_OUTCOME_ROW + 6;

#[derive(Clone, Debug, Default)]
pub struct DashboardView {
    pub row: usize,
    pub col: usize,
    pub stats: Stats,
}

impl DashboardView {
    pub fn row_len(row: usize) -> usize {
        match row {
            0..=TOTAL_ROW => RegionGroup::all().len() + 1,
            OTHERS_ROW => Standing::APART.len(),
            _ => 1,
        }
    }

    pub fn move_row(&mut self, delta: isize) {
        self.row = (self.row as isize + delta).clamp(0, OTHERS_ROW as isize) as usize;
        self.col = self.col.min(Self::row_len(self.row) - 1);
    }

    pub fn move_col(&mut self, delta: isize) {
        let len = Self::row_len(self.row) as isize;
        self.col = (self.col as isize + delta).rem_euclid(len) as usize;
    }

    /// The filter behind the cell under the cursor.
    pub fn drill(&self) -> Filter {
        let mut filter = Filter {
            statuses: Standing::InProgramme.statuses(),
            ..Filter::default()
        };
        match self.row {
            OTHERS_ROW => filter.statuses = Standing::APART[self.col].statuses(),
            r if r >= FIRST_OUTCOME_ROW => {
                filter.outcomes = vec![Outcome::all()[r - FIRST_OUTCOME_ROW]]
            }
            r => {
                if r < Category::all().len() {
                    filter.categories = vec![Category::all()[r]];
                }
                if self.col < RegionGroup::all().len() {
                    filter.groups = vec![RegionGroup::all()[self.col]];
                }
            }
        }
        filter
    }

    /// The count in the cell under the cursor.
    pub fn count(&self) -> usize {
        let s = &self.stats;
        let groups = RegionGroup::all().len();
        match (self.row, self.col) {
            (OTHERS_ROW, c) => s.others[c],
            (r, _) if r >= FIRST_OUTCOME_ROW => s.by_outcome[r - FIRST_OUTCOME_ROW],
            (TOTAL_ROW, c) if c < groups => s.column_total(c),
            (TOTAL_ROW, _) => s.managed,
            (r, c) if c < groups => s.matrix[r][c],
            (r, _) => s.row_total(r),
        }
    }

    /// What the cell under the cursor counts, for the line under the dashboard.
    pub fn describe(&self, lang: Lang) -> String {
        let all = match lang {
            Lang::Zh => "全部",
            Lang::En => "all",
        };
        let what = match self.row {
            OTHERS_ROW => others_label(self.col, lang).to_string(),
            r if r >= FIRST_OUTCOME_ROW => Outcome::all()[r - FIRST_OUTCOME_ROW]
                .label(lang)
                .to_string(),
            r => {
                let category = Category::all()
                    .get(r)
                    .map_or(all, |c| short_category(*c, lang));
                let group = RegionGroup::all()
                    .get(self.col)
                    .map_or(all, |g| g.label(lang));
                format!("{category} × {group}")
            }
        };
        match lang {
            Lang::Zh => format!("{what}：{}", self.count()),
            Lang::En => format!("{what}: {}", self.count()),
        }
    }
}

/// The labels of the "others" cells.
pub fn others_label(col: usize, lang: Lang) -> &'static str {
    match (col, lang) {
        (0, Lang::Zh) => "申报中",
        (1, Lang::Zh) => "已撤销",
        (_, Lang::Zh) => "不予认定",
        (0, Lang::En) => "Applications",
        (1, Lang::En) => "Removed",
        (_, Lang::En) => "Not recognised",
    }
}

/// A Category code as a short label (`联合研究` for the dashboard's narrow cells).
pub fn short_category(c: Category, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => c.zh().trim_end_matches('类'),
        Lang::En => c.en(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cell_counts_exactly_the_bases_it_opens() {
        let policy = Policy::default_policy();
        let bases = crate::demo::demo_bases().unwrap();
        let rows: Vec<Summary> = bases.iter().map(Summary::of).collect();
        let mut view = DashboardView {
            stats: Stats::of(&rows, &policy, &Grant::default()),
            ..Default::default()
        };
        for row in 0..=OTHERS_ROW {
            for col in 0..DashboardView::row_len(row) {
                view.row = row;
                view.col = col;
                let filter = view.drill();
                let behind = rows.iter().filter(|r| filter.matches(r, &policy)).count();
                assert_eq!(view.count(), behind, "cell ({row}, {col})");
            }
        }
        // The managed total and the others add up to every base.
        let s = &view.stats;
        assert_eq!(s.managed + s.others.iter().sum::<usize>(), rows.len());
        assert_eq!(s.total, rows.len());
        assert!(s.others.iter().all(|n| *n > 0), "the demo has every kind");
    }

    #[test]
    fn a_grant_limited_to_one_city_counts_only_its_bases() {
        let policy = Policy::default_policy();
        let bases = crate::demo::demo_bases().unwrap();
        let rows: Vec<Summary> = bases.iter().map(Summary::of).collect();
        let city = rows[0].city.clone();
        let grant = Grant {
            roles: Vec::new(),
            scope: Some(city.clone()),
        };
        let s = Stats::of(&rows, &policy, &grant);
        let theirs: Vec<&Summary> = rows.iter().filter(|r| r.city == city).collect();
        assert!(theirs.len() < rows.len(), "the demo has other cities");
        assert_eq!(s.total, theirs.len());
        let managed = theirs.iter().filter(|r| r.status.is_managed()).count();
        assert_eq!(s.managed, managed);
    }

    #[test]
    fn j_and_k_walk_every_row_down_to_the_others() {
        let mut view = DashboardView::default();
        for expected in 1..=OTHERS_ROW {
            view.move_row(1);
            assert_eq!(view.row, expected);
        }
        view.move_row(1);
        assert_eq!(view.row, OTHERS_ROW);
    }
}
