//! Search over bases: Chinese substrings and fuzzy matches, full pinyin and pinyin initials.

use crate::store::Summary;

/// Placeholder until the search module lands: plain substring over the searchable fields.
pub fn rank(query: &str, rows: Vec<Summary>) -> Vec<Summary> {
    rows.into_iter()
        .filter(|r| {
            r.name.contains(query)
                || r.host.contains(query)
                || r.leader.contains(query)
                || r.id.contains(query)
        })
        .collect()
}
