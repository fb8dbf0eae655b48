//! Plain-text tables that align Chinese (two cells per wide character), and JSON output; CSV is
//! written by `interchange::csv`.
//!
//! Stored text never reaches the terminal raw: table and CSV cells show a control character as
//! an escape (`\e`, `\u{9b}`); JSON keeps every value exact and writes those characters as
//! `\u001b`, `\u009b`, `\u202e`. CSV is read by people (a spreadsheet, `cat`), so it gets
//! the table's escapes; JSON is the exact form for scripts. jidi refuses control characters on
//! input, so they appear only in files written some other way.

use crate::domain::sanitize::{escape, is_unsafe};
use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use std::io;
use unicode_width::UnicodeWidthStr;

/// A table printed with columns padded to their widest cell, in terminal cells.
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows
            .push(cells.into_iter().map(|c| escape(&c).into_owned()).collect());
    }

    pub fn render(&self) -> String {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell.width());
            }
        }
        let mut out = String::new();
        for row in std::iter::once(&self.headers).chain(&self.rows) {
            let last = row.len().saturating_sub(1);
            for (i, cell) in row.iter().enumerate() {
                out.push_str(cell);
                if i < last {
                    out.push_str(&" ".repeat(widths[i] - cell.width() + 2));
                }
            }
            out.push('\n');
        }
        out
    }
}

/// serde_json's pretty output, with DEL, C1 controls and bidi overrides written as `\uXXXX`
/// too (serde_json escapes only C0): the value read back is the same, and no terminal that
/// shows the JSON obeys them.
struct TerminalSafe(PrettyFormatter<'static>);

impl Formatter for TerminalSafe {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some((at, ch)) = rest.char_indices().find(|(_, c)| is_unsafe(*c)) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let mut units = [0u16; 2];
            for unit in ch.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            rest = &rest[at + ch.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Pretty JSON, one value, a line break after it; no raw control character inside.
pub fn json(value: &serde_json::Value) -> String {
    let mut out = Vec::new();
    let mut ser =
        serde_json::Serializer::with_formatter(&mut out, TerminalSafe(PrettyFormatter::new()));
    value
        .serialize(&mut ser)
        .expect("a JSON value always serializes");
    String::from_utf8(out).expect("serde_json writes UTF-8") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_align() {
        let mut t = Table::new(&["编号", "name"]);
        t.row(vec!["GDICB-1".into(), "南粤中心".into()]);
        t.row(vec!["x".into(), "ab".into()]);
        let text = t.render();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "编号     name");
        assert_eq!(lines[1], "GDICB-1  南粤中心");
        assert_eq!(lines[2], "x        ab");
    }

    #[test]
    fn stored_control_characters_never_leave_raw() {
        let hostile = "王\u{1b}]52;c;cm0=\u{7}\u{9b}2J\u{202e}\u{7f}";
        let mut t = Table::new(&["name"]);
        t.row(vec![hostile.into()]);
        let table = t.render();
        let json = json(&serde_json::json!({ "name": hostile }));
        for out in [&table, &json] {
            assert!(!out.chars().any(|c| is_unsafe(c) && c != '\n'), "{out:?}");
        }
        assert!(
            table.contains("王\\e]52;c;cm0=\\u{7}\\u{9b}2J\\u{202e}\\u{7f}"),
            "{table}"
        );
        assert!(json.contains("\\u001b]52"), "{json}");
        assert!(json.contains("\\u009b2J\\u202e\\u007f"), "{json}");
        // JSON keeps the data exact.
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["name"], hostile);
    }
}
