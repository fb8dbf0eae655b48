//! Scoring a run of keys at once, for a whole-process search (`jidi list --search`): the store
//! hands its keys over part by part, on as many threads as there are cores, and each part is
//! scored here; the console scores its rows part by part on a thread of its own (`job`).

use super::{Matcher, Query, SearchKey};
use std::cmp::{Ordering, Reverse};

/// The keys `0..n` that match `query`, in position order, with their scores. `key(i)` gives
/// key `i` (`None`: pass over it).
pub fn score_all<'k>(
    query: &Query,
    n: usize,
    key: impl Fn(usize) -> Option<SearchKey<'k>>,
) -> Vec<(i64, usize)> {
    let mut matcher = Matcher::new();
    (0..n)
        .filter_map(|i| Some((matcher.score(query, &key(i)?)?.score, i)))
        .collect()
}

/// Hits best first; among equal scores, in the order `tie` gives (by id, say).
pub fn best_first<T>(hits: &mut [(i64, T)], tie: impl Fn(&T, &T) -> Ordering) {
    hits.sort_by(|a, b| {
        Reverse(a.0)
            .cmp(&Reverse(b.0))
            .then_with(|| tie(&a.1, &b.1))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_in_position_order_and_ranks_ties_by_the_given_order() {
        let keys: Vec<SearchKey<'static>> = ["海洋 二", "海洋", "南海洋 一", "山地"]
            .iter()
            .map(|name| SearchKey::new(&[(crate::search::Field::Name, name)]))
            .collect();
        let query = Query::new("海洋");
        let found = score_all(&query, keys.len() + 1, |i| keys.get(i).cloned());
        let positions: Vec<usize> = found.iter().map(|(_, i)| *i).collect();
        assert_eq!(
            positions,
            [0, 1, 2],
            "position order; 山地 and the missing key are passed over"
        );
        let mut hits: Vec<(i64, &str)> = vec![(1, "b"), (5, "c"), (1, "a"), (5, "a")];
        best_first(&mut hits, |a, b| a.cmp(b));
        assert_eq!(hits, [(5, "a"), (5, "c"), (1, "a"), (1, "b")]);
    }
}
