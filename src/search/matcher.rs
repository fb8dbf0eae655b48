//! Scoring one key against one query, and the ranking between kinds of match.

use super::pinyin::{self, Readings};
use super::{Field, FieldRef, Query, SearchKey};
use fuzzy_matcher::skim::SkimMatcherV2;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Higher is better.
    pub score: i64,
    pub field: Field,
    /// Which field text matched (see [`SearchKey::field_text`]).
    pub field_index: usize,
    /// Character indices in that field text, for highlighting.
    pub positions: Vec<usize>,
}

/// Ranking tiers, best first. Within a tier a shorter field ranks first, then an earlier match;
/// fuzzy matches rank by the fuzzy scorer first.
const EXACT_ID: i64 = 8;
const NAME_START: i64 = 7;
const NAME: i64 = 6;
const OTHER_FIELD: i64 = 5;
/// A pinyin run that needs a rare reading (昀港 as yunhong) takes its field's tier less this:
/// below every literal match and every run of common readings, in the same order of fields.
const RARE_READING: i64 = 3;
/// Words in a work record: below every match of the base's own fields, above a fuzzy one.
const NOTE: i64 = 2;
const FUZZY: i64 = 1;
/// Each tier's band: wider than anything the terms inside a tier add or take away.
const TIER: i64 = 1 << 32;

/// Holds the fuzzy scorer, whose buffers are reused from one key to the next.
pub struct Matcher {
    skim: SkimMatcherV2,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher::new()
    }
}

impl Matcher {
    pub fn new() -> Matcher {
        Matcher {
            // Past this many matrix cells the scorer switches to its linear greedy match, so a
            // huge query against a huge field cannot allocate gigabytes.
            skim: SkimMatcherV2::default()
                .ignore_case()
                .element_limit(1 << 16),
        }
    }

    /// Exact id > match at the start of the name > name substring > former name, host, leader or
    /// part of the id > the same three for pinyin runs that need a rare reading > words of a work
    /// record (literal only) > fuzzy (CJK queries only, tried only when nothing else matched). A match is literal (case-insensitive)
    /// or a pinyin run. An empty query matches every key, score 0.
    pub fn score(&mut self, query: &Query, key: &SearchKey<'_>) -> Option<Hit> {
        if query.is_empty() {
            return Some(Hit {
                score: 0,
                field: key.fields().next().map_or(Field::Name, |f| f.field),
                field_index: 0,
                positions: Vec::new(),
            });
        }
        let needle = &query.needle;
        let pattern = &query.pattern;
        // Literal and pinyin matches are one range of characters: keep the best range, and build
        // the positions only for the winner. Each kind of match first searches the whole key at
        // once, which rejects most keys before any per-field work.
        let mut best = Best::default();
        if needle.find(&key.text).is_some() {
            for f in key.fields() {
                if let Some(at) = needle.find(f.text) {
                    let start = f.text[..at].chars().count();
                    best.consider(query, &f, start, start + needle.chars(), false);
                }
            }
        }
        if query.spells {
            runs(query, key, &mut best);
            // Patterns with characters other than letters compare them with each field's text.
            if pattern.has_chars() && pinyin::may_start(&key.py, &key.text, pattern) {
                for f in key.fields().filter(|f| !f.py.is_empty()) {
                    let run = |readings| pinyin::find_run(f.py, f.text, pattern, readings);
                    if let Some((start, end)) = run(Readings::All) {
                        best.consider(query, &f, start, end, true);
                        if let Some((start, end)) = run(Readings::Common) {
                            best.consider(query, &f, start, end, false);
                        }
                    }
                }
            }
        }
        match best.0 {
            Some((score, index, start, end)) => Some(Hit {
                score,
                field: key.fields().nth(index).map_or(Field::Name, |f| f.field),
                field_index: index,
                positions: (start..end).collect(),
            }),
            None if query.has_cjk && needle.is_subsequence_of(&key.text) => self.fuzzy(query, key),
            None => None,
        }
    }

    fn fuzzy(&self, query: &Query, key: &SearchKey<'_>) -> Option<Hit> {
        let needle = query.needle.as_str();
        let mut best: Option<Hit> = None;
        for f in key.fields().filter(|f| f.field != Field::Note) {
            // The scorer allocates and fills a matrix: only call it on a subsequence.
            if !query.needle.is_subsequence_of(f.text) {
                continue;
            }
            let Some((fuzzy, positions)) = self.skim.fuzzy(f.text, needle, true) else {
                continue;
            };
            let chars = f.text.chars().count();
            let score = FUZZY * TIER + (fuzzy.clamp(0, 1 << 15) << 12) - chars.min(4095) as i64;
            if best.as_ref().is_none_or(|top| score > top.score) {
                best = Some(Hit {
                    score,
                    field: f.field,
                    field_index: f.index,
                    positions,
                });
            }
        }
        best
    }
}

/// Considers the first run of each field in `key` that the query's letters and digits spell,
/// over all readings. A run over characters that have a rare reading ranks as needing it; the
/// field is then searched again with common readings only, which finds that run again if it
/// needs no rare reading, or a later one.
fn runs(query: &Query, key: &SearchKey<'_>, best: &mut Best) {
    let pattern = &query.pattern;
    let mut from = 0;
    while let Some((at, len)) = pinyin::next_run(&key.py, from, pattern, Readings::All) {
        let Some(f) = key
            .fields()
            .find(|f| (f.py_start..f.py_start + f.py.len()).contains(&at))
        else {
            break; // a damaged key
        };
        let end = f.py_start + f.py.len();
        let start = |offset| pinyin::group_index(f.py, offset - f.py_start);
        // Most runs are over characters without rare readings (国际 for guoji).
        let rare = !pinyin::all_common(&key.py, at, len);
        best.consider(query, &f, start(at), start(at) + len, rare);
        if rare {
            // No common run starts before the first run of all.
            let field = &key.py[..end];
            if let Some((at, len)) = pinyin::next_run(field, at, pattern, Readings::Common) {
                best.consider(query, &f, start(at), start(at) + len, false);
            }
        }
        from = end;
    }
}

/// The best literal or pinyin match so far: (score, field index, start, end) in characters.
#[derive(Default)]
struct Best(Option<(i64, usize, usize, usize)>);

impl Best {
    /// `rare`: a pinyin run that may need a rare reading.
    fn consider(&mut self, query: &Query, f: &FieldRef, start: usize, end: usize, rare: bool) {
        let chars = f.text.chars().count();
        if end > chars {
            return; // a damaged key whose readings do not line up with its text
        }
        let tier = match f.field {
            Field::Id if query.needle.equals(f.text) => EXACT_ID,
            Field::Name if start == 0 => NAME_START,
            Field::Name => NAME,
            Field::Note => NOTE,
            _ => OTHER_FIELD,
        };
        let tier = if rare { tier - RARE_READING } else { tier };
        let score = tier * TIER - ((chars.min(1 << 20) as i64) << 8) - start.min(255) as i64;
        if self.0.is_none_or(|(top, ..)| score > top) {
            self.0 = Some((score, f.index, start, end));
        }
    }
}
