//! Text from the database or the command line never drives a terminal. Control characters (C0,
//! DEL, C1) and the bidirectional embeddings, overrides and isolates that reorder what is shown
//! are refused on input ([`unsafe_char`]) and escaped on output ([`escape`]): an `ESC ] 52`
//! stored in a leader's name prints as `\e]52…`, never as a clipboard write.

use std::borrow::Cow;

/// Characters no stored text may send to a terminal: C0 controls, DEL, C1 controls (`ESC`,
/// `BEL`, `CSI` U+009B…) and U+202A–202E, U+2066–2069 (bidi embeddings, overrides, isolates).
pub fn is_unsafe(ch: char) -> bool {
    ch.is_control() || matches!(ch, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The first unsafe character of `s` and its position (in characters, from 1).
pub fn unsafe_char(s: &str) -> Option<(usize, char)> {
    s.chars()
        .enumerate()
        .find(|(_, ch)| is_unsafe(*ch))
        .map(|(i, ch)| (i + 1, ch))
}

/// How one unsafe character is shown: `\e` for ESC, `\n` `\r` `\t`, else `\u{9b}`.
fn push_escaped(out: &mut String, ch: char) {
    match ch {
        '\u{1b}' => out.push_str("\\e"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        other => out.push_str(&format!("\\u{{{:x}}}", other as u32)),
    }
}

/// `s` with every unsafe character shown as an escape; borrowed when there is none (the usual
/// case, so tables and lists pay a scan, not a copy).
pub fn escape(s: &str) -> Cow<'_, str> {
    escape_except(s, |_| false)
}

/// Like [`escape`], but the characters `keep` accepts pass through: whole outputs keep their
/// own line breaks (`|c| c == '\n'`).
pub fn escape_except(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for ch in s.chars() {
        if is_unsafe(ch) && !keep(ch) {
            push_escaped(&mut out, ch);
        } else {
            out.push(ch);
        }
    }
    Cow::Owned(out)
}

/// How many characters of a value a message quotes.
pub const QUOTE_CHARS: usize = 80;

/// A value as an error message quotes it: escaped, and cut after [`QUOTE_CHARS`] characters
/// with `…(N chars)` so a 100,000-character argument is not echoed whole.
pub fn quote(s: &str) -> String {
    let total = s.chars().count();
    if total <= QUOTE_CHARS {
        return escape(s).into_owned();
    }
    let head: String = s.chars().take(QUOTE_CHARS).collect();
    format!("{}…({total})", escape(&head))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_and_bidi_overrides_are_unsafe() {
        for ch in [
            '\u{1b}', '\u{7}', '\u{0}', '\u{7f}', '\u{9b}', '\u{85}', '\u{202e}', '\u{2066}',
        ] {
            assert!(is_unsafe(ch), "{:x}", ch as u32);
        }
        for ch in ['a', '中', ' ', '\u{3000}', '…', '\u{200d}'] {
            assert!(!is_unsafe(ch), "{:x}", ch as u32);
        }
        assert_eq!(unsafe_char("ab\u{1b}c"), Some((3, '\u{1b}')));
        assert_eq!(unsafe_char("南粤"), None);
    }

    #[test]
    fn escapes_are_visible_and_plain_text_is_borrowed() {
        assert_eq!(
            escape("王\u{1b}]52;c;cm0=\u{7}\u{9b}2J\u{202e}"),
            "王\\e]52;c;cm0=\\u{7}\\u{9b}2J\\u{202e}"
        );
        assert!(matches!(escape("南粤智能"), Cow::Borrowed(_)));
        assert_eq!(escape_except("a\nb\u{1b}", |c| c == '\n'), "a\nb\\e");
    }

    #[test]
    fn quotes_are_cut_and_escaped() {
        let long = "\u{1b}".to_string() + &"x".repeat(131_000);
        let q = quote(&long);
        assert!(q.starts_with("\\ex"), "{q}");
        assert!(q.ends_with("…(131001)"), "{q}");
        assert!(q.chars().count() < 100, "{}", q.chars().count());
        assert_eq!(quote("广州"), "广州");
    }
}
