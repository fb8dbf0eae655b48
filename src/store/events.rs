//! Events: every change is one, appended in the same transaction as the change. An event holds
//! what changed, as JSON: a top-level field of the record, or — for a list such as `risks` or
//! `rounds` — the one item that changed and its position, so history grows with the change, not
//! with the record (100 risk notes of 4,000 characters used to store every earlier note again in
//! each event). Undo writes the `before` values back as a new, compensating event; `jidi check`
//! replays the `after` values against the record.

use crate::domain::base::Base;
use crate::domain::text::{Lang, Text};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// Top-level field of the base (`status`, `risks`…); `*` for a whole new record;
    /// `user:NAME`, `view:NAME` for settings.
    pub field: String,
    /// For a change to one item of a list field: its position, from 0. `None`: the whole field.
    pub item: Option<u32>,
    /// JSON text of the value before; `None` where there was none (an appended item, a new
    /// record).
    pub before: Option<String>,
    /// JSON text of the value after; `None` where there is none (an item taken off the end).
    pub after: Option<String>,
}

impl FieldChange {
    fn whole(field: &str, before: Option<&Value>, after: Option<&Value>) -> FieldChange {
        FieldChange {
            field: field.to_string(),
            item: None,
            before: before.map(Value::to_string),
            after: after.map(Value::to_string),
        }
    }

    fn item(field: &str, at: usize, before: Option<&Value>, after: Option<&Value>) -> FieldChange {
        FieldChange {
            item: Some(at as u32),
            ..FieldChange::whole(field, before, after)
        }
    }

    /// `risks[3]`, or the field's name for a whole-field change.
    pub fn path(&self) -> String {
        match self.item {
            Some(i) => format!("{}[{i}]", self.field),
            None => self.field.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub seq: u64,
    /// The first event of the same transaction: a batch is undone as a whole.
    pub batch: u64,
    /// RFC 3339 with the policy zone's offset.
    pub at: String,
    /// The OS account that made the change.
    pub actor: String,
    pub base_id: Option<String>,
    /// What was done: `create`, `mark`, `status`, `edit`, `report_submit`, `undo`…
    pub action: String,
    /// One line for people, in both languages.
    pub summary: Text,
    pub changes: Vec<FieldChange>,
    /// For an undo: the batch it compensates.
    pub undoes: Option<u64>,
}

/// The action of an event that records a reading of confidential text (A15.3.4): it changes
/// nothing, so it is neither a version of the base nor something to undo.
pub const READ_ACTION: &str = "note_read";

impl Event {
    pub fn summary(&self, lang: Lang) -> &str {
        self.summary.get(lang)
    }

    /// Whether the event records a reading, which changes nothing.
    pub fn is_reading(&self) -> bool {
        self.action == READ_ACTION
    }

    /// Whether the event changed its base's record: a version of the base that a change made
    /// against an older one conflicts with. Readings, follow-ups and work records about a base
    /// leave its record as it was.
    pub fn changed_base(&self) -> bool {
        self.base_id.is_some()
            && !matches!(
                self.action.as_str(),
                READ_ACTION | "follow" | "work_note" | "case_auto"
            )
    }
}

pub(crate) fn object(base: &Base) -> Map<String, Value> {
    match serde_json::to_value(base) {
        Ok(Value::Object(fields)) => fields,
        _ => unreachable!("a Base always serializes to a JSON object"),
    }
}

/// What changed from `before` to `after` in one field: the items that differ when both are
/// lists, else the whole value.
pub(crate) fn diff_field(
    field: &str,
    before: Option<&Value>,
    after: Option<&Value>,
) -> Vec<FieldChange> {
    if before == after {
        return Vec::new();
    }
    match (before, after) {
        (Some(Value::Array(b)), Some(Value::Array(a))) => (0..b.len().max(a.len()))
            .filter(|i| b.get(*i) != a.get(*i))
            .map(|i| FieldChange::item(field, i, b.get(i), a.get(i)))
            .collect(),
        _ => vec![FieldChange::whole(field, before, after)],
    }
}

/// The changes from one version of a base to the next.
pub(crate) fn diff(before: &Base, after: &Base) -> Vec<FieldChange> {
    let (b, a) = (object(before), object(after));
    a.iter()
        .flat_map(|(field, value)| diff_field(field, b.get(field), Some(value)))
        .collect()
}

/// A whole new record, as its creation event records it.
pub(crate) fn creation(base: &Base) -> Vec<FieldChange> {
    vec![FieldChange {
        field: "*".into(),
        item: None,
        before: None,
        after: Some(serde_json::to_string(base).expect("a Base always serializes")),
    }]
}

fn json(text: &Option<String>) -> Result<Option<Value>, ()> {
    text.as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|_| ())
}

/// Puts each item at its position: set or appended in ascending order, then taken off the end
/// in descending order. Positions are stable because lists only grow at the end or shrink from
/// it; anything else is refused.
pub(crate) fn set_items(
    list: &mut Vec<Value>,
    mut targets: Vec<(usize, Option<Value>)>,
) -> Result<(), ()> {
    targets.sort_by_key(|(i, _)| *i);
    for (i, value) in &targets {
        let Some(value) = value else { continue };
        match (*i).cmp(&list.len()) {
            std::cmp::Ordering::Less => list[*i] = value.clone(),
            std::cmp::Ordering::Equal => list.push(value.clone()),
            std::cmp::Ordering::Greater => return Err(()),
        }
    }
    for (i, value) in targets.iter().rev() {
        if value.is_none() {
            if *i + 1 != list.len() {
                return Err(());
            }
            list.pop();
        }
    }
    Ok(())
}

/// Puts the `before` values of `changes` (not a creation) back into a record's `fields`, if
/// each field and item still holds the change's `after` value; otherwise names the first field
/// that does not.
fn undo_changes(fields: &mut Map<String, Value>, changes: &[FieldChange]) -> Result<(), String> {
    let mut items: BTreeMap<&str, Vec<(usize, Option<Value>)>> = BTreeMap::new();
    for change in changes {
        let field = change.field.as_str();
        let (from, to) = json(&change.after)
            .and_then(|after| Ok((after, json(&change.before)?)))
            .map_err(|_| field.to_string())?;
        match change.item {
            None => {
                if fields.get(field) != from.as_ref() {
                    return Err(field.to_string());
                }
                match to {
                    Some(value) => fields.insert(field.to_string(), value),
                    None => fields.remove(field),
                };
            }
            Some(i) => {
                let i = i as usize;
                let Some(Value::Array(list)) = fields.get(field) else {
                    return Err(field.to_string());
                };
                if list.get(i) != from.as_ref() {
                    return Err(field.to_string());
                }
                items.entry(field).or_default().push((i, to));
            }
        }
    }
    for (field, targets) in items {
        let Some(Value::Array(list)) = fields.get_mut(field) else {
            return Err(field.to_string());
        };
        set_items(list, targets).map_err(|_| field.to_string())?;
    }
    Ok(())
}

/// Why an event cannot be undone.
#[derive(Debug, PartialEq)]
pub enum RevertError {
    /// The named field has changed again since the event.
    ChangedSince(String),
    /// A creation cannot be undone: nothing is ever deleted.
    Creation,
}

/// Writes the `before` values of `changes` back into `current`, if each field (or item) still
/// holds the event's `after` value; otherwise the undo would overwrite a later change.
pub(crate) fn revert(current: &Base, changes: &[FieldChange]) -> Result<Base, RevertError> {
    if changes.iter().any(|c| c.field == "*") {
        return Err(RevertError::Creation);
    }
    let mut fields = object(current);
    undo_changes(&mut fields, changes).map_err(RevertError::ChangedSince)?;
    serde_json::from_value(Value::Object(fields)).map_err(|_| RevertError::ChangedSince("*".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::base::RiskNote;
    use crate::domain::codes::{RiskArea, RiskStatus, Severity};
    use crate::domain::testkit::{base_recognised, d};

    fn note(n: u32) -> RiskNote {
        RiskNote {
            n,
            area: RiskArea::Data,
            severity: Severity::Medium,
            status: RiskStatus::Open,
            description: "说".repeat(4000),
            mitigation: String::new(),
            opened: d("2026-01-05"),
            closed: None,
        }
    }

    #[test]
    fn a_new_list_item_is_recorded_alone() {
        let mut before = base_recognised("2024-06-01");
        before.risks = (1..=50).map(note).collect();
        let mut after = before.clone();
        after.risks.push(note(51));
        let changes = diff(&before, &after);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].path(), "risks[50]");
        assert_eq!(changes[0].before, None);
        let stored: usize = changes
            .iter()
            .map(|c| c.after.as_ref().map_or(0, String::len))
            .sum();
        assert!(stored < 13_000, "one note, not fifty-one: {stored} bytes");
        assert_eq!(revert(&after, &changes).unwrap(), before);
    }

    #[test]
    fn undo_of_an_item_is_refused_once_it_changed_or_others_came_after() {
        let before = base_recognised("2024-06-01");
        let mut added = before.clone();
        added.risks.push(note(1));
        let changes = diff(&before, &added);
        let mut closed = added.clone();
        closed.risks[0].status = RiskStatus::Closed;
        assert_eq!(
            revert(&closed, &changes),
            Err(RevertError::ChangedSince("risks".into()))
        );
        let mut more = added.clone();
        more.risks.push(note(2));
        assert_eq!(
            revert(&more, &changes),
            Err(RevertError::ChangedSince("risks".into())),
            "taking out an item from the middle would renumber the later ones"
        );
        // A change to one item is undone in place.
        let undone = revert(&closed, &diff(&added, &closed)).unwrap();
        assert_eq!(undone, added);
    }

    #[test]
    fn fields_items_added_and_taken_off_are_undone_together() {
        let mut before = base_recognised("2024-06-01");
        before.risks = (1..=3).map(note).collect();
        let mut after = before.clone();
        after.name = "新名称联合研究中心".into();
        after.risks.truncate(1);
        after.risks[0].severity = Severity::High;
        after.fields.push("海洋".into());
        let changes = diff(&before, &after);
        assert_eq!(changes.len(), 5, "{changes:?}");
        assert_eq!(revert(&after, &changes).unwrap(), before);
    }
}
