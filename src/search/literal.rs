//! Case-insensitive literal matching (substring, equality, subsequence) of a query against field
//! texts, with offsets that map back to characters of the original text for highlighting.

use crate::domain::names::is_cjk;
use memchr::memmem::Finder;

/// Lowercases one character to exactly one character, so a text and its folded form have the
/// same character indices. A character whose lowercase is several characters (`İ`), or is ASCII
/// while it is not (KELVIN SIGN), is kept: ASCII then only ever matches ASCII, which lets an
/// ASCII needle be searched byte by byte.
pub fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if !l.is_ascii() => l,
        _ => c,
    }
}

/// How a needle is compared, decided once per query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Only characters that no other character folds to (CJK, digits, punctuation): byte search.
    Exact,
    /// ASCII with letters: byte search ignoring ASCII case.
    Ascii,
    /// Anything else: fold each character of the text.
    Folded,
}

/// A folded query, prepared for searching many texts.
pub struct Needle {
    text: String,
    chars: usize,
    kind: Kind,
    finder: Finder<'static>,
    /// Per character, a byte search for it when it is caseless (`None`: fold and compare).
    /// `str::find(char)` looks for a character's last byte, which for CJK is one of 64 values
    /// most CJK text is full of; this looks for the whole character.
    char_finders: Vec<Option<Finder<'static>>>,
}

impl Needle {
    /// `folded` must already be folded with [`fold`].
    pub fn new(folded: String) -> Needle {
        let kind = if folded.chars().all(caseless) {
            Kind::Exact
        } else if folded.is_ascii() {
            Kind::Ascii
        } else {
            Kind::Folded
        };
        let char_finders = folded
            .chars()
            .map(|c| {
                caseless(c).then(|| Finder::new(c.encode_utf8(&mut [0; 4]).as_bytes()).into_owned())
            })
            .collect();
        Needle {
            chars: folded.chars().count(),
            kind,
            finder: Finder::new(folded.as_bytes()).into_owned(),
            char_finders,
            text: folded,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length in characters: the length of every match.
    pub fn chars(&self) -> usize {
        self.chars
    }

    /// Byte offset of the first match in `text`, compared after folding `text`.
    pub fn find(&self, text: &str) -> Option<usize> {
        match self.kind {
            Kind::Exact => self.finder.find(text.as_bytes()),
            Kind::Ascii => find_ascii(text.as_bytes(), self.text.as_bytes()),
            Kind::Folded => {
                let first = self.text.chars().next()?;
                let matches_at = |at: usize| {
                    let mut rest = text[at..].chars().map(fold);
                    self.text.chars().all(|c| rest.next() == Some(c))
                };
                if caseless(first) {
                    // Only where the first character stands, found by a byte search.
                    text.match_indices(first)
                        .map(|(at, _)| at)
                        .find(|&at| matches_at(at))
                } else {
                    text.char_indices()
                        .map(|(at, _)| at)
                        .find(|&at| matches_at(at))
                }
            }
        }
    }

    /// Whether folded `text` is the needle.
    pub fn equals(&self, text: &str) -> bool {
        match self.kind {
            Kind::Exact => text == self.text,
            Kind::Ascii => text.eq_ignore_ascii_case(&self.text),
            Kind::Folded => text.chars().map(fold).eq(self.text.chars()),
        }
    }

    /// Whether the needle's characters occur in folded `text` in order: the cheap test before
    /// the costly fuzzy scorer, which only scores subsequences.
    pub fn is_subsequence_of(&self, text: &str) -> bool {
        let mut rest = text;
        self.text
            .chars()
            .zip(&self.char_finders)
            .all(|(c, finder)| {
                // Where the character found ends (a whole character's bytes are found only where
                // it stands in valid UTF-8).
                let end = if let Some(finder) = finder {
                    finder.find(rest.as_bytes()).map(|at| at + c.len_utf8())
                } else {
                    rest.char_indices()
                        .find(|&(_, t)| fold(t) == c)
                        .map(|(at, t)| at + t.len_utf8())
                };
                end.map(|end| rest = &rest[end..]).is_some()
            })
    }
}

/// Whether folded `text` contains `c` (already folded).
pub fn contains(text: &str, c: char) -> bool {
    // The memchr crate's byte search is markedly faster than `str::contains` on this hot path.
    if c.is_ascii() && caseless(c) {
        memchr::memchr(c as u8, text.as_bytes()).is_some()
    } else if caseless(c) {
        text.contains(c)
    } else {
        text.chars().any(|t| fold(t) == c)
    }
}

/// Whether no other character folds to `c` and `c` folds to itself: such a character is found by
/// a plain byte search.
fn caseless(c: char) -> bool {
    is_cjk(c) || (c.is_ascii() && !c.is_ascii_alphabetic())
}

fn find_ascii(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), hay).find(|&at| {
        hay.get(at + 1..at + needle.len())
            .is_some_and(|window| window.eq_ignore_ascii_case(rest))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needle(s: &str) -> Needle {
        Needle::new(s.chars().map(fold).collect())
    }

    #[test]
    fn fold_keeps_one_character_per_character() {
        for s in [
            "ÀÉÎ AbC 华南",
            "İstanbul",
            "ΣΑΣ",
            "\u{212A}elvin",
            "🦀e\u{301}",
        ] {
            let folded: String = s.chars().map(fold).collect();
            assert_eq!(folded.chars().count(), s.chars().count(), "{s}");
        }
        assert_eq!("ÉCOLE Ab".chars().map(fold).collect::<String>(), "école ab");
        // The Kelvin sign does not become an ASCII `k`: ASCII needles only meet ASCII text.
        assert_eq!(fold('\u{212A}'), '\u{212A}');
    }

    #[test]
    fn kinds_follow_the_needle() {
        assert_eq!(needle("华南-2").kind, Kind::Exact);
        assert_eq!(needle("0007").kind, Kind::Exact);
        assert_eq!(needle("hnlg").kind, Kind::Ascii);
        assert_eq!(needle("华南lg").kind, Kind::Folded);
        assert_eq!(needle("École").kind, Kind::Folded);
    }

    #[test]
    fn find_ignores_case_and_reports_bytes() {
        let text = "华南AI联合实验室";
        assert_eq!(needle("ai").find(text), Some(6));
        assert_eq!(needle("联合").find(text), Some(8));
        assert_eq!(needle("AI联合").find(text), Some(6));
        assert_eq!(needle("bi").find(text), None);
        assert_eq!(needle("nord").find("École Nord"), Some(7));
        assert_eq!(needle("école").find("ÉCOLE"), Some(0));
        assert_eq!(needle("很长的文字").find("短"), None);
        assert_eq!(needle("abc").find("xab"), None);
    }

    #[test]
    fn equality_ignores_case() {
        assert!(needle("gdicb-2025-0007").equals("GDICB-2025-0007"));
        assert!(!needle("gdicb-2025-000").equals("GDICB-2025-0007"));
        assert!(needle("école").equals("ÉCOLE"));
        assert!(needle("0007").equals("0007"));
    }

    #[test]
    fn subsequence_in_order_only() {
        assert!(needle("华理").is_subsequence_of("华南理工大学"));
        assert!(!needle("理华").is_subsequence_of("华南理工大学"));
        assert!(needle("华ai工").is_subsequence_of("华南AI理工"));
        assert!(!needle("华华").is_subsequence_of("华南"));
    }
}
