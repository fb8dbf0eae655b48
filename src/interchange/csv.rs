//! CSV: the writer every command's `--format csv` uses, and the bases table read row by row.

use super::source::{Source, open_text};
use super::table::{COLUMNS, row_of};
use crate::domain::base::Base;
use crate::domain::policy::Policy;
use crate::domain::sanitize::escape;
use crate::domain::text::Refusal;
use crate::text;
use std::io::Write;

/// CSV with a header row; values are written as given (codes, not labels), control characters
/// escaped as in tables (`\e`, `\u{9b}`): people open CSV in a spreadsheet or `cat` it, and
/// jidi refuses control characters on input, so only text written some other way has them.
pub fn to_string(headers: &[&str], rows: &[Vec<String>]) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(headers)?;
    for row in rows {
        writer.write_record(row.iter().map(|cell| escape(cell).into_owned()))?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

/// Written first in every CSV file jidi makes: Excel on a Chinese Windows then reads it as UTF-8,
/// not as GBK.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The bases table as CSV, one base at a time. UTF-8 with a BOM, so Excel on a Chinese
/// Windows opens it as UTF-8 rather than as GBK.
pub struct BasesWriter<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> BasesWriter<W> {
    pub fn new(mut out: W) -> std::io::Result<BasesWriter<W>> {
        out.write_all(BOM)?;
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(COLUMNS)?;
        Ok(BasesWriter { writer })
    }

    pub fn write(&mut self, base: &Base, policy: &Policy) -> std::io::Result<()> {
        let row = row_of(base, policy);
        Ok(self
            .writer
            .write_record(row.iter().map(|cell| escape(cell).into_owned()))?)
    }

    pub fn finish(self) -> std::io::Result<()> {
        self.writer
            .into_inner()
            .map_err(|e| e.into_error())?
            .flush()
    }
}

/// Reads a CSV file's records, `f(row, cells, bytes read)` each, numbered as a spreadsheet shows
/// them (the header is row 1).
pub fn read_rows(
    source: &Source,
    mut f: impl FnMut(u64, &[String], u64) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let shown = &source.name;
    let unreadable = |e: &dyn std::fmt::Display| {
        Refusal::input(text!(
            "无法读取 CSV 文件 {shown}：{e}",
            "cannot read the CSV file {shown}: {e}"
        ))
    };
    let input = open_text(source).map_err(|e| unreadable(&e))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut record = csv::ByteRecord::new();
    let mut cells: Vec<String> = Vec::new();
    let mut row = 0u64;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(unreadable(&e).into()),
        }
        row += 1;
        cells.clear();
        cells.extend(
            record
                .iter()
                .map(|c| String::from_utf8_lossy(c).into_owned()),
        );
        f(row, &cells, reader.position().byte())?;
    }
    if row == 0 {
        return Err(
            Refusal::input(text!("{shown} 没有表头行", "{shown} has no header row")).into(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_commas() {
        let out = to_string(&["a", "b"], &[vec!["1,2".into(), "中".into()]]).unwrap();
        assert_eq!(out, "a,b\n\"1,2\",中\n");
    }
}
