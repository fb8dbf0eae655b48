//! JSON: an array of whole records, as `data/demo.json` holds them (stable codes, dates as
//! `YYYY-MM-DD`). Written and read one record at a time.

use super::source::{Source, open_text};
use crate::domain::base::Base;
use crate::domain::text::{Refusal, Text};
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

/// Why a record is not a base: the field at fault (`leader.qualified_on`, `partners[1].signed`;
/// empty for the record as a whole), its value as the file holds it, and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordFault {
    pub field: String,
    pub value: String,
    pub text: Text,
}

/// Reads the array record by record: `f(number from 1, the record or why it is not one)`.
/// A file that is not a JSON array of objects is refused with the line and column.
pub fn read_records(
    source: &Source,
    f: &mut dyn FnMut(u64, Result<Base, RecordFault>) -> anyhow::Result<()>,
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
    f: &'a mut dyn FnMut(u64, Result<Base, RecordFault>) -> anyhow::Result<()>,
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
            let record = record(value);
            if let Err(e) = (self.f)(n, record) {
                *self.failure = Some(e);
                return Err(serde::de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

/// A record as a base, or the field that keeps it from being one.
fn record(value: serde_json::Value) -> Result<Base, RecordFault> {
    let held = value.clone();
    serde_path_to_error::deserialize::<_, Base>(value).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." { String::new() } else { path };
        let value = value_at(&held, &field).unwrap_or_default();
        RecordFault {
            text: reason(&e.inner().to_string()),
            field,
            value,
        }
    })
}

/// The value of a base's field (a path, as [`value_at`] reads one), as text; empty when the
/// record does not hold it.
pub fn field_value(base: &Base, path: &str) -> String {
    serde_json::to_value(base)
        .ok()
        .and_then(|record| value_at(&record, path))
        .unwrap_or_default()
}

/// The value at a path such as `leader.qualified_on` or `partners[1].signed`, as text: a string
/// as it is, anything else as JSON; `None` when the record does not hold the field.
fn value_at(record: &serde_json::Value, path: &str) -> Option<String> {
    let mut at = record;
    for step in path.split('.').filter(|s| !s.is_empty()) {
        let (key, indexes) = step.split_once('[').unwrap_or((step, ""));
        if !key.is_empty() {
            at = at.get(key)?;
        }
        for index in indexes.split('[') {
            if let Ok(i) = index.trim_end_matches(']').parse::<usize>() {
                at = at.get(i)?;
            }
        }
    }
    Some(match at {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

/// serde's reason, said in both languages where it is one of the usual ones.
fn reason(message: &str) -> Text {
    let quoted = |m: &str| m.split('`').nth(1).unwrap_or_default().to_string();
    let expected = |m: &str| {
        m.split_once("expected ")
            .map_or_else(String::new, |(_, rest)| rest.replace('`', ""))
    };
    if message.starts_with("missing field") {
        let field = quoted(message);
        text!("缺少字段 {field}", "the field {field} is missing")
    } else if message.starts_with("unknown") && message.contains(" code '") {
        // A coded value's own message: "unknown agreement kind code 'x'; expected one of: …".
        let value = message.split('\'').nth(1).unwrap_or_default().to_string();
        let allowed = message
            .split_once("expected one of: ")
            .map_or_else(String::new, |(_, rest)| rest.to_string());
        text!(
            "「{value}」不是可用的代码；可用：{allowed}",
            "'{value}' is not one of the codes: {allowed}"
        )
    } else if message.starts_with("unknown variant") {
        let (value, allowed) = (quoted(message), expected(message));
        text!(
            "「{value}」不是可用的取值；可用：{allowed}",
            "'{value}' is not one of the values: {allowed}"
        )
    } else if message.starts_with("unknown field") {
        let (field, allowed) = (quoted(message), expected(message));
        text!(
            "没有名为 {field} 的字段；可用：{allowed}",
            "there is no field {field}; expected {allowed}"
        )
    } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
        let allowed = expected(message);
        text!(
            "类型不对：应为 {allowed}",
            "the wrong kind of value: expected {allowed}"
        )
    } else if message.contains("is not a date such as") {
        text!(
            "不是有效的日期，应写作 2025-03-31",
            "not a valid date: write it as 2025-03-31"
        )
    } else {
        let message = message.to_string();
        text!("无法读取：{message}", "cannot be read: {message}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::Lang;

    fn demo_record() -> serde_json::Value {
        let records: serde_json::Value =
            serde_json::from_str(include_str!("../../data/demo.json")).unwrap();
        records[0].clone()
    }

    #[test]
    fn a_bad_field_is_named_by_its_path_with_its_value() {
        let mut bad = demo_record();
        bad["leader"]["qualified_on"] = "2009-02-30".into();
        let fault = record(bad).unwrap_err();
        assert_eq!(fault.field, "leader.qualified_on");
        assert_eq!(fault.value, "2009-02-30");
        assert_eq!(
            fault.text.get(Lang::Zh),
            "不是有效的日期，应写作 2025-03-31"
        );

        let mut bad = demo_record();
        bad["partners"][0]["kind"] = "handshake".into();
        let fault = record(bad).unwrap_err();
        assert_eq!(
            (fault.field.as_str(), fault.value.as_str()),
            ("partners[0].kind", "handshake")
        );
        assert_eq!(
            fault.text.get(Lang::Zh),
            "「handshake」不是可用的代码；可用：agreement, memorandum"
        );

        let mut bad = demo_record();
        bad.as_object_mut().unwrap().remove("name");
        let fault = record(bad).unwrap_err();
        assert_eq!(fault.field, "");
        assert_eq!(fault.text.get(Lang::En), "the field name is missing");
    }
}
