//! Search over bases: Chinese substrings and fuzzy matches, full pinyin, pinyin initials, mixes
//! (`华南lg`) and ids. Texts are compared after NFKC, trimming and lowercasing, so full-width
//! forms and stray spaces behave like their normal forms (DOMAIN "Money, dates, names").
//!
//! The work is split by cost: a [`SearchKey`] is built once when a base is written and carries
//! the field texts with their pinyin readings; a [`Query`] is prepared once per keystroke; the
//! [`Matcher`] then scores every key without allocating unless the key matches.

mod common;
mod job;
mod literal;
mod matcher;
mod pinyin;
mod rank;
#[cfg(test)]
mod tests;

#[cfg(test)]
pub use job::run_search;
pub use job::{Found, SearchHit, SearchJob, merge, search_in_parts, spawn_worker};
pub use matcher::{Hit, Matcher};
pub use pinyin::sort_key;
pub use rank::{best_first, score_all};

use crate::domain::names::{clean, is_cjk};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    Id,
    Name,
    FormerName,
    Host,
    Leader,
    /// A work record's text (工作记录): matched literally only — prose is long, and pinyin
    /// initials or a fuzzy subsequence would find almost any query in it.
    Note,
}

/// Precomputed once when a base is written; the store keeps it in its own table.
/// Plain strings and bytes only, so it round-trips through postcard — and can be read in place:
/// a `SearchKey<'a>` decoded from stored bytes borrows them, so scoring every stored key
/// allocates nothing for the keys that do not match.
///
/// All texts share one string and all readings one byte vector: a pass over 100,000 keys then
/// touches few allocations per key, and most keys are rejected by one search over all of their
/// text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchKey<'a> {
    /// The field texts as [`clean`] leaves them, each followed by [`END`].
    #[serde(borrow)]
    text: Cow<'a, str>,
    /// The readings of the fields that have any (see `pinyin::encode`), each field's followed by
    /// a character without reading, so no pinyin run spans two fields.
    #[serde(borrow)]
    py: Cow<'a, [u8]>,
    /// Per field, [`SPAN`] bytes: its [`Field`], then where its text and its readings end.
    #[serde(borrow)]
    spans: Cow<'a, [u8]>,
}

/// Ends each field text. [`clean`] turns every line break into a space, so neither a text nor a
/// query contains one, and no literal match spans two fields.
const END: char = '\n';

/// Stored keys name a field by its place here: new fields go at the end.
const FIELDS: [Field; 6] = [
    Field::Id,
    Field::Name,
    Field::FormerName,
    Field::Host,
    Field::Leader,
    Field::Note,
];

/// Bytes per span: the field, then where its text and its readings end, little-endian u32s.
/// Fixed width, so walking the fields costs two loads each (scoring walks them several times).
const SPAN: usize = 9;

fn push_span(out: &mut Vec<u8>, field: Field, text_end: u32, py_end: u32) {
    out.push(FIELDS.iter().position(|f| *f == field).unwrap_or(0) as u8);
    out.extend_from_slice(&text_end.to_le_bytes());
    out.extend_from_slice(&py_end.to_le_bytes());
}

/// One field of a key, resolved from its span.
struct FieldRef<'a> {
    index: usize,
    field: Field,
    text: &'a str,
    py: &'a [u8],
    /// Where `py` starts in the key's readings.
    py_start: usize,
}

impl SearchKey<'static> {
    /// Several `FormerName` entries are allowed. Fields keep their order: `field_index` counts
    /// entries of `fields`.
    pub fn new(fields: &[(Field, &str)]) -> SearchKey<'static> {
        let (mut text_all, mut py_all, mut spans) = (String::new(), Vec::new(), Vec::new());
        for &(field, text) in fields {
            let text = clean(text);
            // The leader is a person, whose name starts with a surname (曾 reads zēng there).
            let py = match field {
                Field::Note => Vec::new(),
                _ => pinyin::encode(&text, field == Field::Leader),
            };
            text_all.push_str(&text);
            py_all.extend_from_slice(&py);
            if !py.is_empty() {
                py_all.push(pinyin::NO_READING);
            }
            // A text past 4 GiB gets a span that resolves to "": nothing to search, no panic.
            push_span(
                &mut spans,
                field,
                u32::try_from(text_all.len()).unwrap_or(u32::MAX),
                u32::try_from(py_all.len()).unwrap_or(u32::MAX),
            );
            text_all.push(END);
        }
        SearchKey {
            text: Cow::Owned(text_all),
            py: Cow::Owned(py_all),
            spans: Cow::Owned(spans),
        }
    }
}

impl<'a> SearchKey<'a> {
    /// A key over parts another key gave out ([`SearchKey::parts`]), borrowed where they lie (a
    /// store's snapshot of every key). Spans are checked as they are read, never trusted.
    pub fn from_parts(text: &'a str, py: &'a [u8], spans: &'a [u8]) -> SearchKey<'a> {
        SearchKey {
            text: Cow::Borrowed(text),
            py: Cow::Borrowed(py),
            spans: Cow::Borrowed(spans),
        }
    }

    /// The key's text, readings and spans, as [`SearchKey::from_parts`] takes them back.
    pub fn parts(&self) -> (&str, &[u8], &[u8]) {
        (&self.text, &self.py, &self.spans)
    }
}

impl SearchKey<'_> {
    /// An owned copy, for a key decoded in place that must outlive its bytes.
    pub fn into_owned(self) -> SearchKey<'static> {
        SearchKey {
            text: Cow::Owned(self.text.into_owned()),
            py: Cow::Owned(self.py.into_owned()),
            spans: Cow::Owned(self.spans.into_owned()),
        }
    }

    /// The field texts, for highlighting (index = the `field_index` of a Hit); "" when out of range.
    pub fn field_text(&self, field_index: usize) -> &str {
        self.fields().nth(field_index).map_or("", |f| f.text)
    }

    /// The fields in order. Spans are not trusted (a key may come from a damaged store): one that
    /// does not resolve gives an empty field, and a garbled span list ends the fields.
    fn fields(&self) -> impl Iterator<Item = FieldRef<'_>> {
        let (mut text_start, mut py_start, mut at, mut index) = (0usize, 0usize, 0usize, 0usize);
        let spans: &[u8] = &self.spans;
        std::iter::from_fn(move || {
            let span = spans.get(at..at + SPAN)?;
            let field = *FIELDS.get(span[0] as usize)?;
            let text_end = u32::from_le_bytes(span[1..5].try_into().ok()?) as usize;
            let py_end = u32::from_le_bytes(span[5..9].try_into().ok()?) as usize;
            at += SPAN;
            let text = self.text.get(text_start..text_end).unwrap_or("");
            let py = self.py.get(py_start..py_end).unwrap_or(&[]);
            let resolved = FieldRef {
                index,
                field,
                text,
                py,
                py_start,
            };
            text_start = text_end.saturating_add(END.len_utf8());
            py_start = py_end;
            index += 1;
            Some(resolved)
        })
    }
}

/// A search text, prepared once and reused against every key.
pub struct Query {
    /// [`clean`]ed, then lowercased character by character (`literal::fold`) so that it compares
    /// with field texts folded the same way.
    needle: literal::Needle,
    pattern: pinyin::Pattern,
    /// A CJK character makes fuzzy (subsequence) matching worth trying.
    has_cjk: bool,
    /// Some character is not CJK, so the query may spell pinyin. A CJK-only query spells only
    /// itself, which the substring search already finds.
    spells: bool,
}

impl Query {
    /// NFKC + lowercase + trim.
    pub fn new(text: &str) -> Query {
        let text: String = clean(text).chars().map(literal::fold).collect();
        Query {
            pattern: pinyin::Pattern::new(&text),
            has_cjk: text.chars().any(is_cjk),
            spells: text.chars().any(|c| !is_cjk(c)),
            needle: literal::Needle::new(text),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.needle.as_str().is_empty()
    }

    /// True when every key matching `self` also matches `previous` — so the console may narrow
    /// from the previous result instead of rescanning everything.
    ///
    /// Sound because each way of matching keeps matching when the query loses its end: a
    /// substring, a subsequence, and a pinyin run (the run of a longer query spells the shorter
    /// one too). The fuzzy stage is the one switched by the query's script, so both queries must
    /// agree on containing CJK. An empty query matches every key.
    pub fn narrows(&self, previous: &Query) -> bool {
        previous.is_empty()
            || (self.needle.as_str().starts_with(previous.needle.as_str())
                && self.has_cjk == previous.has_cjk)
    }
}
