//! JSON: an array of whole records, as `data/demo.json` holds them (stable codes, dates as
//! `YYYY-MM-DD`). Written and read one record at a time.

use super::source::{Source, open_text};
use crate::domain::base::Base;
use crate::domain::text::Refusal;
use crate::text;
use serde::de::{Deserializer, SeqAccess, Visitor};
use std::io::Write;

/// Writes `[`, one record a line, `]`.
pub struct JsonWriter<W: Write> {
    out: W,
    first: bool,
}

impl<W: Write> JsonWriter<W> {
    pub fn new(mut out: W) -> std::io::Result<JsonWriter<W>> {
        out.write_all(b"[")?;
        Ok(JsonWriter { out, first: true })
    }

    pub fn write(&mut self, base: &Base) -> std::io::Result<()> {
        self.out
            .write_all(if self.first { b"\n" } else { b",\n" })?;
        self.first = false;
        serde_json::to_writer(&mut self.out, base)?;
        Ok(())
    }

    pub fn finish(mut self) -> std::io::Result<()> {
        self.out.write_all(b"\n]\n")?;
        self.out.flush()
    }
}

/// Reads the array record by record: `f(number from 1, the record or why it is not one)`.
/// A file that is not a JSON array of objects is refused with the line and column.
pub fn read_records(
    source: &Source,
    f: &mut dyn FnMut(u64, Result<Base, String>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let shown = source.name.clone();
    let input = open_text(source)
        .map_err(|e| Refusal::input(text!("无法读取 {shown}：{e}", "cannot read {shown}: {e}")))?;
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(input));
    let mut failure: Option<anyhow::Error> = None;
    let result = (&mut de).deserialize_seq(Records {
        f,
        failure: &mut failure,
    });
    if let Some(e) = failure {
        return Err(e);
    }
    result.map_err(|e| {
        let (line, column) = (e.line(), e.column());
        Refusal::input(text!(
            "{shown} 不是由记录组成的 JSON 数组（第 {line} 行第 {column} 列：{e}）",
            "{shown} is not a JSON array of records (line {line}, column {column}: {e})"
        ))
    })?;
    de.end().map_err(|e| {
        Refusal::input(text!(
            "{shown} 在 JSON 数组之后还有内容：{e}",
            "{shown} has more after its JSON array: {e}"
        ))
    })?;
    Ok(())
}

struct Records<'a, 'f> {
    f: &'a mut dyn FnMut(u64, Result<Base, String>) -> anyhow::Result<()>,
    failure: &'f mut Option<anyhow::Error>,
}

impl<'de> Visitor<'de> for Records<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of base records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut n = 0u64;
        while let Some(mut value) = seq.next_element::<serde_json::Value>()? {
            n += 1;
            // A record without an id is a new base that gets one.
            if let Some(obj) = value.as_object_mut() {
                obj.entry("id").or_insert_with(|| "".into());
            }
            let record = serde_json::from_value::<Base>(value).map_err(|e| e.to_string());
            if let Err(e) = (self.f)(n, record) {
                *self.failure = Some(e);
                return Err(serde::de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}
