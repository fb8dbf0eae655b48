//! The dashboard: counts by category × region group and by last outcome, and compliance rates.
//! Every count is a cell the cursor can reach; Enter opens the list filtered to it.

use crate::domain::codes::{Category, Code, Outcome, RegionGroup};
use crate::domain::policy::Policy;
use crate::filter::Filter;
use crate::store::Summary;

/// Counts over the summary rows; kept in step when rows change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// `[category][group]`, groups in `RegionGroup::all()` order.
    pub matrix: Vec<Vec<usize>>,
    pub by_outcome: Vec<usize>,
    pub total: usize,
}

impl Stats {
    pub fn of(rows: &[Summary], policy: &Policy) -> Stats {
        let mut stats = Stats {
            matrix: vec![vec![0; RegionGroup::all().len()]; Category::all().len()],
            by_outcome: vec![0; Outcome::all().len()],
            total: rows.len(),
        };
        for row in rows {
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

/// The cursor: rows 0–2 are the categories and row 3 their totals (columns: the four groups,
/// then the row total); row 4 is the outcomes.
#[derive(Clone, Debug, Default)]
pub struct DashboardView {
    pub row: usize,
    pub col: usize,
    pub stats: Stats,
}

pub const OUTCOME_ROW: usize = 4;

impl DashboardView {
    pub fn row_len(row: usize) -> usize {
        if row == OUTCOME_ROW {
            Outcome::all().len()
        } else {
            RegionGroup::all().len() + 1
        }
    }

    pub fn move_row(&mut self, delta: isize) {
        self.row = (self.row as isize + delta).clamp(0, OUTCOME_ROW as isize) as usize;
        self.col = self.col.min(Self::row_len(self.row) - 1);
    }

    pub fn move_col(&mut self, delta: isize) {
        let len = Self::row_len(self.row) as isize;
        self.col = (self.col as isize + delta).rem_euclid(len) as usize;
    }

    /// The filter behind the cell under the cursor.
    pub fn drill(&self) -> Filter {
        let mut filter = Filter::default();
        if self.row == OUTCOME_ROW {
            filter.outcomes = vec![Outcome::all()[self.col]];
            return filter;
        }
        if self.row < Category::all().len() {
            filter.categories = vec![Category::all()[self.row]];
        }
        if self.col < RegionGroup::all().len() {
            filter.groups = vec![RegionGroup::all()[self.col]];
        }
        filter
    }

    /// The count in the cell under the cursor.
    pub fn count(&self) -> usize {
        let s = &self.stats;
        let categories = Category::all().len();
        match (self.row, self.col) {
            (OUTCOME_ROW, c) => s.by_outcome[c],
            (r, c) if r < categories && c < s.matrix[r].len() => s.matrix[r][c],
            (r, _) if r < categories => s.row_total(r),
            (_, c) if c < RegionGroup::all().len() => s.column_total(c),
            _ => s.total,
        }
    }
}

/// A Category code as a short label (`联合研究` for the dashboard's narrow cells).
pub fn short_category(c: Category, lang: crate::domain::text::Lang) -> &'static str {
    match lang {
        crate::domain::text::Lang::Zh => c.zh().trim_end_matches('类'),
        crate::domain::text::Lang::En => c.en(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_drill_down_agree() {
        let policy = Policy::default_policy();
        let bases = crate::demo::demo_bases().unwrap();
        let rows: Vec<Summary> = bases.iter().map(Summary::of).collect();
        let mut view = DashboardView {
            stats: Stats::of(&rows, &policy),
            ..Default::default()
        };
        for row in 0..=OUTCOME_ROW {
            for col in 0..DashboardView::row_len(row) {
                view.row = row;
                view.col = col;
                let filter = view.drill();
                let behind = rows.iter().filter(|r| filter.matches(r, &policy)).count();
                assert_eq!(view.count(), behind, "cell ({row}, {col})");
            }
        }
        view.row = 3;
        view.col = 4;
        assert_eq!(view.count(), rows.len());
    }
}
