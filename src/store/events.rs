//! Events: every change is one, appended in the same transaction as the change. An event holds
//! the changed top-level fields of the record, before and after, as JSON; undo writes the
//! `before` values back as a new, compensating event.

use crate::domain::base::Base;
use crate::domain::text::{Lang, Text};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// Top-level field of the base (`status`, `rounds`…); `*` for a whole new record.
    pub field: String,
    /// JSON text of the value before, `null` when there was none.
    pub before: String,
    pub after: String,
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

/// The top-level fields that differ between two versions of a base.
pub(crate) fn diff(before: &Base, after: &Base) -> Vec<FieldChange> {
    let (Ok(serde_json::Value::Object(b)), Ok(serde_json::Value::Object(a))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        unreachable!("a Base always serializes to a JSON object");
    };
    a.iter()
        .filter(|(field, value)| b.get(*field) != Some(value))
        .map(|(field, value)| FieldChange {
            field: field.clone(),
            before: b.get(field).map_or("null".into(), |v| v.to_string()),
            after: value.to_string(),
        })
        .collect()
}

/// A whole new record, as its creation event records it.
pub(crate) fn creation(base: &Base) -> Vec<FieldChange> {
    vec![FieldChange {
        field: "*".into(),
        before: "null".into(),
        after: serde_json::to_string(base).expect("a Base always serializes"),
    }]
}

/// Why an event cannot be undone.
#[derive(Debug, PartialEq)]
pub enum RevertError {
    /// The named field has changed again since the event.
    ChangedSince(String),
    /// A creation cannot be undone: nothing is ever deleted.
    Creation,
}

/// Writes the `before` values of `changes` back into `current`, if each field still holds the
/// event's `after` value; otherwise the undo would overwrite a later change.
pub(crate) fn revert(current: &Base, changes: &[FieldChange]) -> Result<Base, RevertError> {
    let serde_json::Value::Object(mut fields) =
        serde_json::to_value(current).expect("a Base always serializes")
    else {
        unreachable!("a Base always serializes to a JSON object");
    };
    for change in changes {
        if change.field == "*" {
            return Err(RevertError::Creation);
        }
        let after: serde_json::Value = serde_json::from_str(&change.after)
            .map_err(|_| RevertError::ChangedSince(change.field.clone()))?;
        if fields.get(&change.field) != Some(&after) {
            return Err(RevertError::ChangedSince(change.field.clone()));
        }
        let before: serde_json::Value = serde_json::from_str(&change.before)
            .map_err(|_| RevertError::ChangedSince(change.field.clone()))?;
        fields.insert(change.field.clone(), before);
    }
    serde_json::from_value(serde_json::Value::Object(fields))
        .map_err(|_| RevertError::ChangedSince("*".into()))
}
