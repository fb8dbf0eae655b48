//! Pinyin readings of a field, computed once when a key is built, and the run matcher: a query
//! spells a run of consecutive characters, each character consuming one of its readings or a
//! prefix of one, so `hnlg`, `huananligong` and `hnligong` all spell 华南理工.
//!
//! Every reading of a polyphonic character is kept, because the crate reads characters without
//! context (it gives 银行 as yinxing, 重庆 as zhongqing): matching any reading is what lets `yh`
//! find 银行 and `cq` find 重庆. Each reading is also marked common or rare (see `common`), and a
//! run can be searched with the common readings only, so that the matcher ranks a run people would
//! type (银行 as yinhang) above one that needs a reading nobody says there (港 as hong).
//!
//! Encoding, one group per character of the field text (so a group index is a character index):
//! - a group starts with an uppercase letter (its first reading, a common one), an ASCII digit (a
//!   digit in the text, matched literally; letters in the text are one-letter readings) or
//!   [`NO_READING`] (punctuation, emoji…: it breaks a run);
//! - each further common reading starts with an uppercase letter with [`ALT`] set, each rare one
//!   with a lowercase letter with [`ALT`] set, after the common ones;
//! - the rest of a reading is lowercase letters.
//!
//! `重庆A` is `Chong` `ALT|z` `hong` `ALT|t` `ong` `Qing` `A`: a few bytes per character, no more
//! than without the marks. The bytes are not UTF-8, hence `Vec<u8>`. Keys written before the rare
//! mark existed have only uppercase starts: all their readings count as common.

use super::common;
use super::literal::{contains, fold};
use pinyin::ToPinyinMulti;

pub const NO_READING: u8 = b' ';
const ALT: u8 = 0x80;

/// Longest query the run matcher takes: its states are the bits of a `u64`. A longer query can
/// still match literally.
const MAX_UNITS: usize = 63;

/// Which readings a run may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Readings {
    /// Every reading: what decides whether a key matches.
    All,
    /// Only those marked common: what decides how a match ranks.
    Common,
}

/// The readings of `text`, empty when no character of it has a pinyin reading (ASCII-only
/// fields are matched literally). `person` says the text is a person's name, whose first
/// character is read as a surname.
pub fn encode(text: &str, person: bool) -> Vec<u8> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(text.len() * 2);
    let mut any_reading = false;
    // Toneless readings of one character, each once (the crate lists one per tone).
    let mut plain: Vec<&'static str> = Vec::new();
    // How they are typed, each once, with whether they are common.
    let mut typed: Vec<(String, bool)> = Vec::new();
    for (i, &ch) in chars.iter().enumerate() {
        if let Some(multi) = ch.to_pinyin_multi() {
            plain.clear();
            for reading in multi {
                if !plain.contains(&reading.plain()) {
                    plain.push(reading.plain());
                }
            }
            typed.clear();
            // A character with one reading needs no look-up.
            let said = (plain.len() > 1).then(|| common::said(&chars, i, person));
            for (n, &reading) in plain.iter().enumerate() {
                let is_common = said
                    .as_ref()
                    .is_none_or(|said| said.includes(reading, n == 0));
                for spelled in spellings(reading) {
                    match typed.iter_mut().find(|(s, _)| *s == spelled) {
                        Some((_, c)) => *c |= is_common,
                        None if !spelled.is_empty() => typed.push((spelled, is_common)),
                        None => {}
                    }
                }
            }
            // Common readings first, so the one that starts the group is common (the crate's
            // first reading always is, unless a listed word rules it out for another).
            typed.sort_by_key(|&(_, is_common)| !is_common);
            for (n, (reading, is_common)) in typed.iter().enumerate() {
                let mut bytes = reading.bytes();
                if let Some(lead) = bytes.next() {
                    out.push(match (n, is_common) {
                        (0, _) => lead.to_ascii_uppercase(),
                        (_, true) => lead.to_ascii_uppercase() | ALT,
                        (_, false) => lead | ALT,
                    });
                    out.extend(bytes);
                }
            }
            if !typed.is_empty() {
                any_reading = true;
                continue;
            }
        }
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_uppercase() as u8);
        } else {
            out.push(NO_READING);
        }
    }
    if any_reading { out } else { Vec::new() }
}

/// A sort key for `text`: each character's first common reading as search reads it (so 长青 is
/// chang qing and 重庆 chong qing, as the polyphone table says), or the character itself,
/// lowercased, when it has none; one space after each character.
pub fn sort_key(text: &str) -> String {
    let py = encode(text, false);
    let mut key = String::with_capacity(text.len() * 2);
    let mut offset = 0;
    for ch in text.chars() {
        // `encode` writes one group per character, or nothing when no character has a reading.
        let group = (offset < py.len()).then(|| &py[offset..group_end(&py, offset)]);
        offset = group.map_or(offset, |g| offset + g.len());
        match group {
            Some([lead, rest @ ..]) if lead.is_ascii_uppercase() && !ch.is_ascii() => {
                key.push(lead.to_ascii_lowercase() as char);
                let letters = rest.iter().take_while(|b| b.is_ascii_lowercase());
                key.extend(letters.map(|&b| b as char));
            }
            _ => key.extend(ch.to_lowercase()),
        }
        key.push(' ');
    }
    key
}

/// How a toneless reading can be typed: `ü` as `v` (IME convention) or `u`, `ê` as `e`; only
/// `a`–`z` kept.
fn spellings(plain: &str) -> impl Iterator<Item = String> {
    let with_u = plain.contains('ü').then(|| spelling(plain, 'u'));
    std::iter::once(spelling(plain, 'v')).chain(with_u)
}

/// `plain` typed with `u` for `ü`.
fn spelling(plain: &str, u: char) -> String {
    typed(plain, u).collect()
}

/// The letters that type `plain`, with `u` for `ü`.
pub fn typed(plain: &str, u: char) -> impl Iterator<Item = char> + '_ {
    plain
        .chars()
        .map(move |c| match c {
            'ü' => u,
            'ê' => 'e',
            c => c,
        })
        .filter(char::is_ascii_lowercase)
}

/// A query as the run matcher sees it: whitespace dropped (`hua nan` spells 华南); ASCII letters
/// and digits consume readings, any other character must equal the field's character.
#[derive(Clone, Debug)]
pub struct Pattern {
    /// Per unit: the lowercase ASCII letter or digit, or 0 for a unit in `chars`.
    bytes: Vec<u8>,
    /// Per unit: the folded character.
    chars: Vec<char>,
    /// Per byte of the readings: the states (units consumed) whose next unit is the letter or
    /// digit a reading starting with that byte begins with; 0 for bytes that start no reading.
    /// A reading that cannot continue any live state is passed over with one AND.
    next_is: Box<[u64; 256]>,
    /// The same, with 0 for the bytes that start a rare reading.
    next_is_common: Box<[u64; 256]>,
    /// The states whose next unit is a character compared with the text.
    next_is_char: u64,
    /// Those characters, each once: a text without one of them holds no run.
    needed_chars: Vec<char>,
}

impl Pattern {
    /// `folded` is the query after folding.
    pub fn new(folded: &str) -> Pattern {
        let chars: Vec<char> = folded.chars().filter(|c| !c.is_whitespace()).collect();
        let mut bytes = Vec::with_capacity(chars.len());
        let mut next_is_common = Box::new([0u64; 256]);
        let mut rare_next_is = [0u64; 256];
        let mut next_is_char = 0u64;
        for (s, &c) in chars.iter().enumerate() {
            let byte = if c.is_ascii_alphanumeric() {
                c as u8
            } else {
                0
            };
            bytes.push(byte);
            if s >= MAX_UNITS {
                continue; // `find_run` refuses such a pattern
            }
            if byte == 0 {
                next_is_char |= 1 << s;
            } else {
                // The bytes a reading starting with this unit begins with (see `encode`).
                let first = byte.to_ascii_uppercase();
                next_is_common[usize::from(first)] |= 1 << s;
                if first.is_ascii_uppercase() {
                    next_is_common[usize::from(first | ALT)] |= 1 << s;
                    rare_next_is[usize::from(byte | ALT)] |= 1 << s;
                }
            }
        }
        let mut needed_chars: Vec<char> = bits(next_is_char).map(|s| chars[s]).collect();
        needed_chars.sort_unstable();
        needed_chars.dedup();
        let mut next_is = next_is_common.clone();
        for (all, rare) in next_is.iter_mut().zip(rare_next_is) {
            *all |= rare;
        }
        Pattern {
            bytes,
            chars,
            next_is,
            next_is_common,
            next_is_char,
            needed_chars,
        }
    }

    pub fn has_chars(&self) -> bool {
        self.next_is_char != 0
    }

    /// Whether the run matcher takes this pattern: not empty, and its states fit in a `u64`.
    fn fits(&self) -> bool {
        (1..=MAX_UNITS).contains(&self.bytes.len())
    }

    /// See [`Pattern::next_is`].
    fn next_is(&self, readings: Readings) -> &[u64; 256] {
        match readings {
            Readings::All => &self.next_is,
            Readings::Common => &self.next_is_common,
        }
    }
}

/// Whether a run could start anywhere in `py` (readings) or `text`: the first unit must begin a
/// reading, and every unit that is a character must be in the text. One cheap scan of a whole
/// key, or field, spares most of them the run search.
pub fn may_start(py: &[u8], text: &str, pattern: &Pattern) -> bool {
    let chars_present = pattern.needed_chars.iter().all(|&c| contains(text, c));
    chars_present
        && match pattern.bytes.first() {
            None => false,
            Some(0) => true,
            Some(&first) => next_start(py, first, Readings::All).is_some(),
        }
}

/// The first run of `text` (whose readings are `py`) that `pattern` spells with `readings`, as
/// character indices `start..end`; the earliest start wins.
pub fn find_run(
    py: &[u8],
    text: &str,
    pattern: &Pattern,
    readings: Readings,
) -> Option<(usize, usize)> {
    if !pattern.fits() || !may_start(py, text, pattern) {
        return None;
    }
    if pattern.bytes[0] != 0 {
        let text = pattern.has_chars().then_some(text);
        let (offset, len) = first_run(py, 0, pattern, text, readings)?;
        let index = group_index(py, offset);
        return Some((index, index + len));
    }
    // The first unit is a character: try the places where the text has it.
    let mut groups = Groups::new(py);
    for (index, (at, c)) in text.char_indices().enumerate() {
        if fold(c) != pattern.chars[0] {
            continue;
        }
        let next = group_end(py, groups.offset_of(index)?);
        let rest = text[at + c.len_utf8()..].chars();
        if let Some(more) = extend(py, next, 1 << 1, Some(rest), pattern, readings) {
            return Some((index, index + 1 + more));
        }
    }
    None
}

/// For a pattern of letters and digits only (which needs no text): the first run in `py` whose
/// first reading starts at or after `from`, spelled with `readings`, as (offset of its first
/// group, groups it spans). On a whole key's readings this finds the runs of all fields in one
/// pass, since the group with no reading that ends each field stops a run.
pub fn next_run(
    py: &[u8],
    from: usize,
    pattern: &Pattern,
    readings: Readings,
) -> Option<(usize, usize)> {
    if !pattern.fits() || pattern.has_chars() {
        return None;
    }
    first_run(py, from, pattern, None, readings)
}

/// Runs are only tried from readings that begin with the first unit, found by a byte search.
/// `text` is given when the pattern has units that are not letters, to compare them with.
fn first_run(
    py: &[u8],
    mut from: usize,
    pattern: &Pattern,
    text: Option<&str>,
    readings: Readings,
) -> Option<(usize, usize)> {
    // Both cursors only move forward, so a long field costs linear time.
    let mut groups = Groups::new(py);
    let mut chars = text.map(|text| (text.chars(), 0));
    // Most first readings spell only the first unit (`Yan` for `yinhang`); the run then needs a
    // later reading that starts with the second unit. Where the next such reading stands is
    // searched once and reused, and when there is none those candidates cost one comparison.
    let second = pattern.bytes.get(1).copied().filter(|&b| b != 0);
    let mut follow = 0;
    while let Some(at) = py
        .get(from..)
        .and_then(|rest| next_start(rest, pattern.bytes[0], readings))
    {
        let at = from + at;
        from = at + 1;
        let live = 1 & pattern.next_is(readings)[usize::from(py[at])];
        let states = spell(py, at, live, pattern);
        if states == 0 {
            continue;
        }
        if let Some(second) = second.filter(|_| states == 1 << 1) {
            if follow <= at {
                follow = next_start(&py[from..], second, readings).map_or(usize::MAX, |i| from + i);
            }
            if follow == usize::MAX {
                continue;
            }
        }
        let start = || (0..=at).rev().find(|&i| starts_group(py[i])).unwrap_or(0);
        let rest = chars.as_mut().map(|(rest, at_index)| {
            let index = groups.index_at(start());
            rest.by_ref()
                .take((index + 1).saturating_sub(*at_index))
                .for_each(drop);
            *at_index = (*at_index).max(index + 1);
            rest.clone()
        });
        if let Some(more) = extend(py, group_end(py, at), states, rest, pattern, readings) {
            return Some((start(), 1 + more));
        }
    }
    None
}

/// Offset of the next reading among `readings` that starts with `first` (a lowercase letter or a
/// digit).
fn next_start(py: &[u8], first: u8, readings: Readings) -> Option<usize> {
    let upper = first.to_ascii_uppercase();
    match readings {
        Readings::All => memchr::memchr3(upper, upper | ALT, first | ALT, py),
        Readings::Common => memchr::memchr2(upper, upper | ALT, py),
    }
}

/// Whether the `len` groups from `offset` on have no rare reading, so that any run over them is
/// one of common readings.
pub fn all_common(py: &[u8], offset: usize, len: usize) -> bool {
    let mut end = offset;
    for _ in 0..len {
        if end >= py.len() {
            break;
        }
        end = group_end(py, end);
    }
    py.get(offset..end)
        .is_some_and(|groups| !groups.iter().any(|&b| is_rare_start(b)))
}

/// Whether `b` starts a rare reading: a lowercase letter with [`ALT`] set.
fn is_rare_start(b: u8) -> bool {
    b & ALT != 0 && (b & !ALT).is_ascii_lowercase()
}

/// Index (character index) of the group that starts at `offset`.
pub fn group_index(py: &[u8], offset: usize) -> usize {
    Groups::new(py).index_at(offset)
}

/// Converts between group offsets and indices, moving forward only, so a scan stays linear.
struct Groups<'a> {
    py: &'a [u8],
    offset: usize,
    /// Groups that start before `offset`.
    index: usize,
}

impl<'a> Groups<'a> {
    fn new(py: &'a [u8]) -> Self {
        Groups {
            py,
            offset: 0,
            index: 0,
        }
    }

    /// Index of the group that starts at `offset`.
    fn index_at(&mut self, offset: usize) -> usize {
        if let Some(skipped) = self.py.get(self.offset..offset) {
            self.index += skipped.iter().filter(|&&b| starts_group(b)).count();
            self.offset = offset;
        }
        self.index
    }

    /// Offset of group `index`, if there are that many groups.
    fn offset_of(&mut self, index: usize) -> Option<usize> {
        while self.index < index && self.offset < self.py.len() {
            self.offset = group_end(self.py, self.offset);
            self.index += 1;
        }
        (self.index == index && self.offset < self.py.len()).then_some(self.offset)
    }
}

/// How many more groups, from `offset` on, a run in `states` needs to spell all of `pattern`.
/// States are bit sets of "units consumed so far": reading prefixes branch (`xian` is 西安 or
/// 先), so several states can be alive at once. `chars` walks the text alongside, when the
/// pattern has units that are not letters.
fn extend(
    py: &[u8],
    mut offset: usize,
    mut states: u64,
    mut chars: Option<impl Iterator<Item = char>>,
    pattern: &Pattern,
    readings: Readings,
) -> Option<usize> {
    let done = 1u64 << pattern.bytes.len();
    let next_is = pattern.next_is(readings);
    let mut groups = 0;
    loop {
        if states & done != 0 {
            return Some(groups);
        }
        if states == 0 || offset >= py.len() {
            return None;
        }
        let mut next = 0u64;
        let ch = chars.as_mut().and_then(Iterator::next).map(fold);
        for s in bits(states & pattern.next_is_char) {
            if ch == Some(pattern.chars[s]) {
                next |= 1 << (s + 1);
            }
        }
        // Each byte that starts a reading continuing a live state (see `Pattern::next_is`).
        loop {
            let live = states & next_is[usize::from(py[offset])];
            if live != 0 {
                next |= spell(py, offset, live, pattern);
            }
            offset += 1;
            if offset >= py.len() || starts_group(py[offset]) {
                break;
            }
        }
        states = next;
        groups += 1;
    }
}

/// The states reached from `live` (states whose next unit starts the reading at `py[at]`) by
/// spelling a prefix of that reading: its first letter, and as many of the next as agree.
fn spell(py: &[u8], at: usize, live: u64, pattern: &Pattern) -> u64 {
    let rest = &py[at + 1..];
    let mut next = 0u64;
    for s in bits(live) {
        let len = 1 + rest
            .iter()
            .zip(&pattern.bytes[s + 1..])
            .take_while(|&(&r, &u)| r == u && r.is_ascii_lowercase())
            .count();
        next |= ((1u64 << len) - 1) << (s + 1);
    }
    next
}

/// The set bits of `set`, lowest first.
fn bits(mut set: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        let bit = set.trailing_zeros() as usize;
        set &= set.wrapping_sub(1);
        (bit < 64).then_some(bit)
    })
}

fn starts_group(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit() || b == NO_READING
}

/// Where the group starting at `offset` ends: at the next group's first byte.
fn group_end(py: &[u8], offset: usize) -> usize {
    py[offset + 1..]
        .iter()
        .position(|&b| starts_group(b))
        .map_or(py.len(), |at| offset + 1 + at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the reading starting at `at` ends: its other letters are lowercase.
    fn reading_end(py: &[u8], at: usize) -> usize {
        py[at + 1..]
            .iter()
            .position(|b| !b.is_ascii_lowercase())
            .map_or(py.len(), |i| at + 1 + i)
    }

    fn readings_of(text: &str) -> Vec<Vec<String>> {
        let py = encode(text, false);
        let mut out = Vec::new();
        let mut offset = 0;
        while offset < py.len() {
            let end = group_end(&py, offset);
            let mut group = Vec::new();
            let mut at = offset;
            while at < end && py[at] != NO_READING {
                let reading = &py[at..reading_end(&py, at)];
                group.push(
                    reading
                        .iter()
                        .map(|&b| ((b & !ALT) | 0x20) as char)
                        .collect(),
                );
                at += reading.len();
            }
            out.push(group);
            offset = end;
        }
        out
    }

    fn run(text: &str, query: &str) -> Option<(usize, usize)> {
        find_run(
            &encode(text, false),
            text,
            &Pattern::new(query),
            Readings::All,
        )
    }

    fn common_run(text: &str, query: &str) -> Option<(usize, usize)> {
        find_run(
            &encode(text, false),
            text,
            &Pattern::new(query),
            Readings::Common,
        )
    }

    /// The common readings of each character of `text`, in order.
    fn common_readings_of(text: &str, person: bool) -> Vec<Vec<String>> {
        let py = encode(text, person);
        let mut out = Vec::new();
        let mut offset = 0;
        while offset < py.len() {
            let end = group_end(&py, offset);
            let common = (offset..end)
                .filter(|&at| at == offset || (py[at] & ALT != 0 && !is_rare_start(py[at])))
                .filter(|&at| py[at] != NO_READING)
                .map(|at| py[at..reading_end(&py, at)].iter())
                .map(|r| r.map(|&b| ((b & !ALT) | 0x20) as char).collect())
                .collect();
            out.push(common);
            offset = end;
        }
        out
    }

    #[test]
    fn polyphones_keep_every_reading_once() {
        let groups = readings_of("重庆银行");
        assert!(groups[0].contains(&"zhong".into()) && groups[0].contains(&"chong".into()));
        assert_eq!(groups[1], vec!["qing"]);
        assert!(groups[3].contains(&"xing".into()) && groups[3].contains(&"hang".into()));
        for group in &groups {
            let mut unique = group.clone();
            unique.dedup();
            assert_eq!(&unique, group);
        }
    }

    #[test]
    fn umlaut_is_typed_v_or_u_and_letters_stay_literal() {
        let groups = readings_of("绿A-7");
        assert!(groups[0].contains(&"lv".into()) && groups[0].contains(&"lu".into()));
        assert_eq!(groups[1], vec!["a"]);
        assert!(groups[2].is_empty());
        assert_eq!(groups[3], vec!["7"]);
    }

    #[test]
    fn ascii_only_fields_have_no_readings() {
        assert!(encode("GDICB-2025-0007", false).is_empty());
        assert!(encode("Nordwind GmbH", false).is_empty());
        assert!(encode("", false).is_empty());
    }

    #[test]
    fn common_readings_come_first_and_rare_ones_are_marked() {
        assert_eq!(common_readings_of("重庆银行", false)[0], vec!["chong"]);
        assert_eq!(common_readings_of("重庆银行", false)[3], vec!["hang"]);
        // 港 is gǎng; hòng is kept, but rare.
        assert_eq!(common_readings_of("港口", false)[0], vec!["gang"]);
        assert_eq!(readings_of("港口")[0], vec!["gang", "hong"]);
        // Outside a listed word both frequent readings of 行 count.
        let xing = &common_readings_of("行走", false)[0];
        assert!(xing.contains(&"xing".into()) && xing.contains(&"hang".into()));
        // Both spellings of ü follow their reading.
        assert_eq!(common_readings_of("绿", false)[0], vec!["lv", "lu"]);
        assert_eq!(common_readings_of("曾明", true)[0], vec!["ceng", "zeng"]);
        assert_eq!(common_readings_of("曾明", false)[0], vec!["ceng"]);
        // Marks cost no bytes: a reading's first byte carries them.
        let bytes: usize = readings_of("重庆银行")
            .iter()
            .flatten()
            .map(String::len)
            .sum();
        assert_eq!(encode("重庆银行", false).len(), bytes);
    }

    #[test]
    fn initials_full_readings_and_prefixes_mix() {
        for q in [
            "hnlg",
            "huananligong",
            "hnligong",
            "huananl",
            "hnlgdx",
            "huanlig",
        ] {
            assert_eq!(run("华南理工大学", q).map(|r| r.0), Some(0), "{q}");
        }
        assert_eq!(run("华南理工大学", "lgdx"), Some((2, 6)));
        assert_eq!(run("华南理工大学", "ligong"), Some((2, 4)));
    }

    #[test]
    fn runs_must_be_consecutive_and_spelled_from_each_character() {
        assert_eq!(run("华北理工大学", "hnlg"), None);
        assert_eq!(run("华南理工大学", "hlg"), None);
        assert_eq!(run("银杏研究所", "yh"), None);
        assert_eq!(run("华南理工大学", "hx"), None);
        // A reading must start at a character: `uanan` is inside 华 and 南.
        assert_eq!(run("华南理工大学", "uanan"), None);
    }

    #[test]
    fn polyphones_match_by_any_reading() {
        assert_eq!(run("银行", "yh"), Some((0, 2)));
        assert_eq!(run("银行", "yinhang"), Some((0, 2)));
        assert_eq!(run("重庆", "cq"), Some((0, 2)));
        assert_eq!(run("重庆", "chongqing"), Some((0, 2)));
        assert_eq!(run("厦门", "xm"), Some((0, 2)));
        assert_eq!(run("厦门", "xiamen"), Some((0, 2)));
        assert_eq!(run("长沙", "cs"), Some((0, 2)));
        assert_eq!(run("长沙", "changsha"), Some((0, 2)));
    }

    #[test]
    fn common_runs_need_a_common_reading_for_every_character() {
        assert_eq!(common_run("银行", "yh"), Some((0, 2)));
        assert_eq!(common_run("银行", "yx"), None);
        assert_eq!(run("银行", "yx"), Some((0, 2)));
        assert_eq!(common_run("昀港中心", "yh"), None);
        assert_eq!(run("昀港中心", "yh"), Some((0, 2)));
        assert_eq!(common_run("厦门", "xiamen"), Some((0, 2)));
        assert_eq!(common_run("厦门", "shamen"), None);
        assert_eq!(common_run("重载", "zhongzai"), Some((0, 2)));
        assert_eq!(common_run("重载", "chongzai"), None);
        assert_eq!(run("重载", "chongzai"), Some((0, 2)));
        // A rare run first, a common one later: the common search finds the later one.
        assert_eq!(run("昀港银行", "yh"), Some((0, 2)));
        assert_eq!(common_run("昀港银行", "yh"), Some((2, 4)));
        // A prefix of a rare reading is no more common than the reading.
        assert_eq!(common_run("港口", "ho"), None);
        assert_eq!(run("港口", "ho"), Some((0, 1)));
        // Runs over characters without rare readings need no second search.
        let py = encode("国际港", false);
        assert!(all_common(&py, 0, 2));
        assert!(!all_common(&py, 0, 3));
        assert!(!all_common(&py, 0, 9));
        // Mixed with Chinese characters.
        assert_eq!(common_run("岚川银行", "川yh"), Some((1, 4)));
        assert_eq!(common_run("昀港中心", "昀h"), None);
        assert_eq!(run("昀港中心", "昀h"), Some((0, 2)));
    }

    #[test]
    fn prefixes_that_branch_are_all_followed() {
        // `xian` is 西 + 安 here: the branch "xian is one reading" dies, "xi" + "an" lives.
        assert_eq!(run("西安", "xian"), Some((0, 2)));
        assert_eq!(run("中中", "zhzh"), Some((0, 2)));
    }

    #[test]
    fn a_lone_first_letter_needs_a_later_reading_for_the_second() {
        // Each first 华 spells only `h`; the `l` must start the very next character.
        assert_eq!(run("华南华理", "hl"), Some((2, 4)));
        assert_eq!(run("华南理华理", "hl"), Some((3, 5)));
        assert_eq!(run("理华南", "hl"), None);
        assert_eq!(run("华南理", "hl"), None);
    }

    #[test]
    fn letters_digits_and_chinese_in_one_query() {
        assert_eq!(run("华南AI联合实验室", "ailh"), Some((2, 6)));
        assert_eq!(run("粤港5G实验室", "5gsys"), Some((2, 7)));
        assert_eq!(run("华南理工大学", "华南lg"), Some((0, 4)));
        assert_eq!(run("华南理工大学", "hn理工"), Some((0, 4)));
        assert_eq!(run("华南理工大学", "hua nan"), Some((0, 2)));
        assert_eq!(run("华南理工大学", "华北"), None);
    }

    #[test]
    fn punctuation_breaks_a_run() {
        assert_eq!(run("华南-理工", "hnlg"), None);
        assert_eq!(run("华南-理工", "lg"), Some((3, 5)));
    }

    #[test]
    fn odd_input_does_not_panic() {
        let long = "a".repeat(10_000);
        assert_eq!(run("啊啊啊", &long), None);
        assert_eq!(run("啊啊啊", ""), None);
        assert_eq!(run("🦀e\u{301}华", "hua"), Some((3, 4)));
        // Bytes that no encoder wrote (a damaged key) never panic.
        let junk: Vec<u8> = (0..=255).collect();
        for readings in [Readings::All, Readings::Common] {
            let _ = find_run(&junk, "x", &Pattern::new("ab"), readings);
            let _ = find_run(&junk, "", &Pattern::new("华a"), readings);
            let _ = next_run(&junk, 0, &Pattern::new("ab"), readings);
        }
    }
}
