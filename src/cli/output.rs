//! Plain-text tables that align Chinese (two cells per wide character), and JSON output; CSV is
//! written by `interchange::csv`.
//!
//! Stored text never reaches the terminal raw: table and CSV cells show a control character as
//! an escape (`\e`, `\u{9b}`); JSON keeps every value exact and writes those characters as
//! `\u001b`, `\u009b`, `\u202e`. CSV is read by people (a spreadsheet, `cat`), so it gets
//! the table's escapes; JSON is the exact form for scripts. jidi refuses control characters on
//! input, so they appear only in files written some other way.

use crate::domain::sanitize::{escape, escape_except, is_unsafe};
use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};
use std::io::{self, Write};
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
        self.rows.push(escaped(cells));
    }

    pub fn render(&self) -> String {
        let widths = widths(&self.headers, &self.rows);
        let mut out = String::new();
        for row in std::iter::once(&self.headers).chain(&self.rows) {
            push_line(&mut out, row, &widths);
        }
        out
    }
}

fn escaped(cells: Vec<String>) -> Vec<String> {
    cells
        .into_iter()
        .map(|c| match escape(&c) {
            std::borrow::Cow::Borrowed(_) => c,
            std::borrow::Cow::Owned(e) => e,
        })
        .collect()
}

/// Each column's widest cell, in terminal cells.
fn widths(headers: &[String], rows: &[Vec<String>]) -> Vec<usize> {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.width());
            }
        }
    }
    widths
}

/// One line of a table: each cell but the last padded to its column's width (a wider cell
/// pushes the rest of the line right; nothing is cut), two spaces between columns.
fn push_line(out: &mut String, row: &[String], widths: &[usize]) {
    let last = row.len().saturating_sub(1);
    for (i, cell) in row.iter().enumerate() {
        out.push_str(cell);
        if i < last {
            let width = widths.get(i).copied().unwrap_or(0);
            out.extend(std::iter::repeat_n(
                ' ',
                width.saturating_sub(cell.width()) + 2,
            ));
        }
    }
    out.push('\n');
}

/// Standard output for a command that prints as it goes, so a list of 100,000 bases is never
/// held whole: buffered, and escaped as [`super::out`] escapes (only line breaks pass). A closed
/// pipe (`jidi list | head`) ends the process quietly, as `out` does.
pub struct Stream<W: Write = io::BufWriter<io::StdoutLock<'static>>> {
    out: W,
}

impl Stream {
    pub fn stdout() -> Stream {
        Stream {
            out: io::BufWriter::with_capacity(64 * 1024, io::stdout().lock()),
        }
    }
}

impl<W: Write> Stream<W> {
    #[cfg(test)]
    pub fn new(out: W) -> Stream<W> {
        Stream { out }
    }

    pub fn text(&mut self, text: &str) {
        self.safe(escape_except(text, |c| c == '\n').as_bytes());
    }

    /// Writes output already made safe for a terminal: JSON from [`json`], CSV of escaped
    /// cells.
    fn safe(&mut self, bytes: &[u8]) {
        if self.out.write_all(bytes).is_err() {
            closed();
        }
    }

    /// Writes what is buffered and gives the writer back.
    pub fn finish(mut self) -> W {
        if self.out.flush().is_err() {
            closed();
        }
        self.out
    }
}

fn closed() -> ! {
    std::process::exit(super::EXIT_OK.into())
}

/// Rows of a list as they come, in one of the list formats.
pub enum Rows {
    /// One JSON array, element by element, exactly as [`json`] prints the whole array.
    Json {
        first: bool,
    },
    /// One compact JSON object a line (`--format jsonl`).
    Jsonl,
    Csv(Box<csv::Writer<Lines>>, Lines),
    Table(TableOut),
}

/// Where the CSV writer puts each line, to be taken out as it is written.
#[derive(Clone, Default)]
pub struct Lines(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl Write for Lines {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Rows {
    /// Starts the rows: CSV writes `csv_headers` at once, a table holds `table_headers`.
    pub fn new<W: Write>(
        out: &mut Stream<W>,
        format: super::args::Format,
        csv_headers: &[&str],
        table_headers: &[&str],
    ) -> Rows {
        use super::args::Format;
        match format {
            Format::Json => Rows::Json { first: true },
            Format::Jsonl => Rows::Jsonl,
            Format::Csv => {
                let lines = Lines::default();
                let mut rows = Rows::Csv(Box::new(csv::Writer::from_writer(lines.clone())), lines);
                rows.cells(out, csv_headers.iter().copied());
                rows
            }
            Format::Table => Rows::Table(TableOut::new(table_headers)),
        }
    }

    /// Whether the rows want [`Rows::value`], [`Rows::cells`] or [`Rows::table_cells`].
    pub fn wants(&self) -> Want {
        match self {
            Rows::Json { .. } | Rows::Jsonl => Want::Json,
            Rows::Csv(..) => Want::Csv,
            Rows::Table(_) => Want::Table,
        }
    }

    pub fn value<W: Write>(&mut self, out: &mut Stream<W>, value: &serde_json::Value) {
        match self {
            Rows::Json { first } => {
                let pretty = json(value);
                let indented = pretty.trim_end_matches('\n').replace('\n', "\n  ");
                out.safe(if *first { b"[\n  " } else { b",\n  " });
                out.safe(indented.as_bytes());
                *first = false;
            }
            Rows::Jsonl => out.safe(json_line(value).as_bytes()),
            Rows::Csv(..) | Rows::Table(_) => {}
        }
    }

    /// One CSV row (cells escaped as tables escape them).
    pub fn cells<'c, W: Write>(
        &mut self,
        out: &mut Stream<W>,
        cells: impl IntoIterator<Item = &'c str>,
    ) {
        let Rows::Csv(writer, lines) = self else {
            return;
        };
        let written = writer
            .write_record(cells.into_iter().map(|c| escape(c)).map(|c| c.into_owned()))
            .and_then(|_| writer.flush().map_err(csv::Error::from));
        if written.is_err() {
            closed();
        }
        // Cells are escaped; CSV adds only quotes, commas and line breaks.
        out.safe(&lines.0.borrow());
        lines.0.borrow_mut().clear();
    }

    pub fn table_cells<W: Write>(&mut self, out: &mut Stream<W>, cells: Vec<String>) {
        if let Rows::Table(table) = self {
            table.row(out, cells);
        }
    }

    /// Ends the rows; a table then prints `footer` (a count) on a line of its own. A table
    /// without a row prints `empty` (“no events match”) instead of a lone header, so a person
    /// sees that nothing matched rather than nothing at all; JSON stays `[]`, JSONL and CSV
    /// stay empty or header-only for scripts.
    pub fn finish<W: Write>(self, out: &mut Stream<W>, footer: Option<&str>, empty: &str) {
        match self {
            Rows::Json { first: true } => out.text("[]\n"),
            Rows::Json { first: false } => out.text("\n]\n"),
            Rows::Jsonl | Rows::Csv(..) => {}
            Rows::Table(table) if table.is_empty() => {
                out.text(empty);
                out.text("\n");
            }
            Rows::Table(table) => {
                table.finish(out);
                if let Some(footer) = footer {
                    out.text(footer);
                    out.text("\n");
                }
            }
        }
    }
}

/// What a row is given as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Want {
    Json,
    Csv,
    Table,
}

/// How many rows a streamed table measures before it prints: a table of up to this many rows
/// is laid out exactly as [`Table`] lays it out; past it, the widths stay those of the first
/// rows, and a wider cell later pushes the rest of its line right (nothing is cut). A table
/// that long is read through a pager or a script, and memory stays flat.
pub const MEASURED_ROWS: usize = 1_000;

/// A table printed as its rows come (see [`MEASURED_ROWS`]).
pub struct TableOut {
    headers: Vec<String>,
    held: Vec<Vec<String>>,
    widths: Option<Vec<usize>>,
}

impl TableOut {
    pub fn new(headers: &[&str]) -> TableOut {
        TableOut {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            held: Vec::new(),
            widths: None,
        }
    }

    pub fn row<W: Write>(&mut self, out: &mut Stream<W>, cells: Vec<String>) {
        let cells = escaped(cells);
        match &self.widths {
            Some(widths) => {
                let mut line = String::new();
                push_line(&mut line, &cells, widths);
                out.text(&line);
            }
            None => {
                self.held.push(cells);
                if self.held.len() == MEASURED_ROWS {
                    self.print_held(out);
                }
            }
        }
    }

    /// No row was given.
    fn is_empty(&self) -> bool {
        self.widths.is_none() && self.held.is_empty()
    }

    fn print_held<W: Write>(&mut self, out: &mut Stream<W>) {
        let widths = widths(&self.headers, &self.held);
        let mut text = String::new();
        for row in std::iter::once(&self.headers).chain(&self.held) {
            push_line(&mut text, row, &widths);
        }
        out.text(&text);
        self.held = Vec::new();
        self.widths = Some(widths);
    }

    pub fn finish<W: Write>(mut self, out: &mut Stream<W>) {
        if self.widths.is_none() {
            self.print_held(out);
        }
    }
}

/// serde_json's pretty output, with DEL, C1 controls and bidi overrides written as `\uXXXX`
/// too (serde_json escapes only C0): the value read back is the same, and no terminal that
/// shows the JSON obeys them.
struct TerminalSafe<F>(F);

impl<F: Formatter> Formatter for TerminalSafe<F> {
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
    written(value, TerminalSafe(PrettyFormatter::new()))
}

/// Compact JSON on one line, a line break after it (`--format jsonl`).
pub fn json_line(value: &serde_json::Value) -> String {
    written(value, TerminalSafe(CompactFormatter))
}

fn written(value: &serde_json::Value, formatter: impl Formatter) -> String {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    value
        .serialize(&mut ser)
        .expect("a JSON value always serializes");
    String::from_utf8(out).expect("serde_json writes UTF-8") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::args::Format;

    /// What `rows` print for `format`, each row given as JSON, CSV cells and table cells.
    fn streamed(
        format: Format,
        rows: &[(serde_json::Value, Vec<String>)],
        footer: Option<&str>,
    ) -> String {
        let mut out = Stream::new(Vec::new());
        let mut writer = Rows::new(&mut out, format, &["id", "name"], &["编号", "名称"]);
        for (value, cells) in rows {
            match writer.wants() {
                Want::Json => writer.value(&mut out, value),
                Want::Csv => writer.cells(&mut out, cells.iter().map(String::as_str)),
                Want::Table => writer.table_cells(&mut out, cells.clone()),
            }
        }
        writer.finish(&mut out, footer, "无");
        String::from_utf8(out.finish()).unwrap()
    }

    fn rows(n: usize) -> Vec<(serde_json::Value, Vec<String>)> {
        (0..n)
            .map(|i| {
                let name = match i % 3 {
                    0 => format!("南粤{i}中心"),
                    1 => "x,\"引号\"".to_string(),
                    _ => "王\u{1b}]52;c".to_string(),
                };
                let value = serde_json::json!({
                    "id": format!("GDICB-{i:04}"),
                    "name": name,
                    "former_names": [name.clone(), "旧名"],
                    "nested": {"n": i, "none": null},
                });
                (value, vec![format!("GDICB-{i:04}"), name])
            })
            .collect()
    }

    #[test]
    fn a_streamed_json_array_is_the_array_printed_whole() {
        for n in [0, 1, 3] {
            let rows = rows(n);
            let whole = json(&serde_json::Value::Array(
                rows.iter().map(|(v, _)| v.clone()).collect(),
            ));
            assert_eq!(streamed(Format::Json, &rows, Some("共")), whole, "{n} rows");
        }
    }

    #[test]
    fn jsonl_is_one_object_a_line_with_nothing_raw() {
        let rows = rows(4);
        let text = streamed(Format::Jsonl, &rows, Some("共"));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4);
        for (line, (value, _)) in lines.iter().zip(&rows) {
            let back: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(&back, value);
        }
        assert!(!text.contains('\u{1b}'), "{text:?}");
        assert!(text.ends_with('\n'));
        assert_eq!(streamed(Format::Jsonl, &[], None), "");
    }

    #[test]
    fn streamed_csv_is_the_csv_written_whole() {
        let rows = rows(5);
        let cells: Vec<Vec<String>> = rows.iter().map(|(_, c)| c.clone()).collect();
        let whole = crate::interchange::csv::to_string(&["id", "name"], &cells).unwrap();
        assert_eq!(streamed(Format::Csv, &rows, Some("共")), whole);
        assert_eq!(streamed(Format::Csv, &[], None), "id,name\n");
    }

    #[test]
    fn a_streamed_table_is_laid_out_as_a_whole_one_up_to_the_measured_rows() {
        let rows = rows(MEASURED_ROWS);
        let mut whole = Table::new(&["编号", "名称"]);
        for (_, cells) in &rows {
            whole.row(cells.clone());
        }
        let printed = streamed(Format::Table, &rows, Some("共 1000 个基地"));
        assert_eq!(printed, whole.render() + "共 1000 个基地\n");
        assert!(!printed.contains('\u{1b}'));
        assert_eq!(streamed(Format::Table, &[], Some("共 0 个")), "无\n");
    }

    #[test]
    fn past_the_measured_rows_widths_stay_and_a_wider_cell_is_not_cut() {
        let mut rows = rows(MEASURED_ROWS + 2);
        let wide = "一个比前一千行都宽得多的名称".to_string();
        rows[MEASURED_ROWS].1 = vec![wide.clone(), "尾".into()];
        let printed = streamed(Format::Table, &rows, None);
        let lines: Vec<&str> = printed.lines().collect();
        assert_eq!(lines.len(), MEASURED_ROWS + 3, "header and every row");
        let column = lines[1].find("南粤").unwrap();
        assert_eq!(
            lines[MEASURED_ROWS + 2].find("王"),
            Some(column),
            "widths kept"
        );
        assert_eq!(
            lines[MEASURED_ROWS + 1],
            format!("{wide}  尾"),
            "pushed right, not cut"
        );
    }

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
