//! Search over bases: Chinese substrings and fuzzy matches, full pinyin, pinyin initials, mixes
//! (`华南lg`) and ids. Texts are compared after NFKC, trimming and lowercasing, so full-width
//! forms and stray spaces behave like their normal forms (DOMAIN "Money, dates, names").
//!
//! The work is split by cost: a [`SearchKey`] is built once when a base is written and carries
//! the field texts with their pinyin readings; a [`Query`] is prepared once per keystroke; the
//! [`Matcher`] then scores every key without allocating unless the key matches.

mod common;
mod literal;
mod matcher;
mod pinyin;
#[cfg(test)]
mod tests;

pub use matcher::{Hit, Matcher};

use crate::domain::names::{clean, is_cjk};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    Id,
    Name,
    FormerName,
    Host,
    Leader,
}

/// Precomputed once when a base is written; the store keeps it in a compact summary table.
/// Plain structs, sequences and a unit enum only, so it round-trips through postcard.
///
/// All texts share one string and all readings one byte vector: a pass over 100,000 keys then
/// touches three allocations per key instead of two per field, and most keys are rejected by one
/// search over all of their text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchKey {
    /// The field texts as [`clean`] leaves them, each followed by [`END`].
    text: String,
    /// The readings of the fields that have any (see `pinyin::encode`), each field's followed by
    /// a character without reading, so no pinyin run spans two fields.
    py: Vec<u8>,
    spans: Vec<Span>,
}

/// Ends each field text. [`clean`] turns every line break into a space, so neither a text nor a
/// query contains one, and no literal match spans two fields.
const END: char = '\n';

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
struct Span {
    field: Field,
    /// Where the field's text ends (at its [`END`]) in `text`.
    text_end: u32,
    /// Where the field's readings end in `py`.
    py_end: u32,
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

impl SearchKey {
    /// Several `FormerName` entries are allowed. Fields keep their order: `field_index` counts
    /// entries of `fields`.
    pub fn new(fields: &[(Field, &str)]) -> SearchKey {
        let mut key = SearchKey {
            text: String::new(),
            py: Vec::new(),
            spans: Vec::with_capacity(fields.len()),
        };
        for &(field, text) in fields {
            let text = clean(text);
            // The leader is a person, whose name starts with a surname (曾 reads zēng there).
            let py = pinyin::encode(&text, field == Field::Leader);
            key.text.push_str(&text);
            key.py.extend_from_slice(&py);
            if !py.is_empty() {
                key.py.push(pinyin::NO_READING);
            }
            // A text past 4 GiB gets a span that resolves to "": nothing to search, no panic.
            key.spans.push(Span {
                field,
                text_end: u32::try_from(key.text.len()).unwrap_or(u32::MAX),
                py_end: u32::try_from(key.py.len()).unwrap_or(u32::MAX),
            });
            key.text.push(END);
        }
        key
    }

    /// The field texts, for highlighting (index = the `field_index` of a Hit); "" when out of range.
    pub fn field_text(&self, field_index: usize) -> &str {
        self.fields().nth(field_index).map_or("", |f| f.text)
    }

    /// The fields in order. Spans are not trusted (a key may come from a damaged store): one that
    /// does not resolve gives an empty field.
    fn fields(&self) -> impl Iterator<Item = FieldRef<'_>> {
        let (mut text_start, mut py_start) = (0, 0);
        self.spans.iter().enumerate().map(move |(index, span)| {
            let (text_end, py_end) = (span.text_end as usize, span.py_end as usize);
            let text = self.text.get(text_start..text_end).unwrap_or("");
            let py = self.py.get(py_start..py_end).unwrap_or(&[]);
            let field = FieldRef {
                index,
                field: span.field,
                text,
                py,
                py_start,
            };
            text_start = text_end.saturating_add(END.len_utf8());
            py_start = py_end;
            field
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
