//! Case follow-ups (by finding key) and work records (工作记录, by base), each change an event
//! on the base it concerns; and what each user last looked at, for `jidi digest`.

use super::codec::{decode, encode};
use super::events::FieldChange;
use super::schema::{BASE_EVENTS, CASE_INDEX, CASES, EVENT_FORMAT, EVENTS, LOOKS, WORK_NOTES};
use super::summary::search_key_with_notes;
use super::{Store, StoreError, Tx};
use crate::domain::base::Base;
use crate::domain::cases::FollowUp;
use crate::domain::text::Text;
use redb::{ReadableMultimapTable, ReadableTable, TableError};
use serde::{Deserialize, Serialize};

const CASE_FORMAT: u8 = 1;
const NOTE_FORMAT: u8 = 1;
const LOOK_FORMAT: u8 = 1;

/// The field name a case's change carries in its event: undo restores the case from it.
const CASE_FIELD: &str = "case:";
/// Likewise for a work record: `work_note:N`.
const WORK_NOTE_FIELD: &str = "work_note:";

/// A non-confidential work record on a base: a call, a letter, a visit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkNote {
    pub base_id: String,
    /// Number within the base, from 1.
    pub n: u32,
    /// RFC 3339.
    pub at: String,
    pub author: String,
    pub text: String,
    /// The finding it is about (a case key), if any.
    pub cites: Option<String>,
}

/// What a user saw when they last asked for their digest.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Look {
    /// RFC 3339; events after it are new to them.
    pub at: String,
    /// The keys of the findings in their scope then.
    pub findings: Vec<String>,
}

fn note_key(base_id: &str, n: u32) -> String {
    format!("{base_id}#{n:06}")
}

/// The range of keys of one base's notes: `#` sorts before every digit.
fn note_range(base_id: &str) -> (String, String) {
    (format!("{base_id}#"), format!("{base_id}$"))
}

/// The name a case or work record goes by in `jidi check`: `case:KEY`, `work_note:BASE#N`.
/// `None` for a change to anything else.
pub(super) fn record_name(base_id: &str, change: &FieldChange) -> Option<String> {
    if change.field.starts_with(CASE_FIELD) {
        Some(change.field.clone())
    } else {
        let n = change.field.strip_prefix(WORK_NOTE_FIELD)?;
        Some(format!(
            "{WORK_NOTE_FIELD}{}",
            note_key(base_id, n.parse().ok()?)
        ))
    }
}

/// Every stored case and work record as JSON, by [`record_name`]; one that cannot be decoded
/// is named in `damaged`.
pub(super) fn stored_records(
    txn: &redb::ReadTransaction,
    damaged: &mut Vec<(&'static str, String, StoreError)>,
) -> Result<std::collections::BTreeMap<String, serde_json::Value>, StoreError> {
    let mut out = std::collections::BTreeMap::new();
    if let Ok(table) = txn.open_table(CASES) {
        for entry in table.iter()? {
            let (key, bytes) = entry?;
            match decode::<FollowUp>("cases", key.value(), CASE_FORMAT, bytes.value()) {
                Ok(case) => {
                    let json = serde_json::to_value(case).expect("a case serialises");
                    out.insert(format!("{CASE_FIELD}{}", key.value()), json);
                }
                Err(e) => damaged.push(("cases", key.value().to_string(), e)),
            }
        }
    }
    if let Ok(table) = txn.open_table(WORK_NOTES) {
        for entry in table.iter()? {
            let (key, bytes) = entry?;
            match decode::<WorkNote>("work_notes", key.value(), NOTE_FORMAT, bytes.value()) {
                Ok(note) => {
                    let json = serde_json::to_value(note).expect("a note serialises");
                    out.insert(format!("{WORK_NOTE_FIELD}{}", key.value()), json);
                }
                Err(e) => damaged.push(("work_notes", key.value().to_string(), e)),
            }
        }
    }
    Ok(out)
}

/// The work records of one base in `table`, oldest first.
pub(super) fn notes_in(
    table: &impl ReadableTable<&'static str, &'static [u8]>,
    base_id: &str,
) -> Result<Vec<WorkNote>, StoreError> {
    let (from, to) = note_range(base_id);
    let mut out = Vec::new();
    for entry in table.range(from.as_str()..to.as_str())? {
        let (key, bytes) = entry?;
        out.push(decode(
            "work_notes",
            key.value(),
            NOTE_FORMAT,
            bytes.value(),
        )?);
    }
    Ok(out)
}

macro_rules! open_or_empty {
    ($txn:expr, $table:expr, $empty:expr) => {
        match $txn.open_table($table) {
            Ok(t) => t,
            Err(TableError::TableDoesNotExist(_)) => return Ok($empty),
            Err(e) => return Err(e.into()),
        }
    };
}

impl Store {
    /// Every case, by key.
    pub fn cases(&self) -> Result<Vec<FollowUp>, StoreError> {
        self.guarded(|| {
            let txn = self.read()?;
            let table = open_or_empty!(txn, CASES, Vec::new());
            let mut out = Vec::new();
            for entry in table.iter()? {
                let (key, bytes) = entry?;
                out.push(decode("cases", key.value(), CASE_FORMAT, bytes.value())?);
            }
            Ok(out)
        })
    }

    /// The case followed under `key`, if any.
    pub fn case(&self, key: &str) -> Result<Option<FollowUp>, StoreError> {
        self.guarded(|| {
            let txn = self.read()?;
            let table = open_or_empty!(txn, CASES, None);
            match table.get(key)? {
                Some(bytes) => Ok(Some(decode("cases", key, CASE_FORMAT, bytes.value())?)),
                None => Ok(None),
            }
        })
    }

    /// The cases on one base, by key.
    pub fn cases_of(&self, base_id: &str) -> Result<Vec<FollowUp>, StoreError> {
        self.guarded(|| {
            let txn = self.read()?;
            let index = match txn.open_multimap_table(CASE_INDEX) {
                Ok(t) => t,
                Err(TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
                Err(e) => return Err(e.into()),
            };
            let table = open_or_empty!(txn, CASES, Vec::new());
            let mut out = Vec::new();
            for key in index.get(base_id)? {
                let key = key?;
                if let Some(bytes) = table.get(key.value())? {
                    out.push(decode("cases", key.value(), CASE_FORMAT, bytes.value())?);
                }
            }
            Ok(out)
        })
    }

    /// The work records of a base, oldest first.
    pub fn work_notes(&self, base_id: &str) -> Result<Vec<WorkNote>, StoreError> {
        self.guarded(|| {
            let txn = self.read()?;
            let table = open_or_empty!(txn, WORK_NOTES, Vec::new());
            notes_in(&table, base_id)
        })
    }

    /// What `user` last looked at, if they ever did.
    pub fn last_look(&self, user: &str) -> Result<Option<Look>, StoreError> {
        self.guarded(|| {
            let txn = self.read()?;
            let table = open_or_empty!(txn, LOOKS, None);
            match table.get(user)? {
                Some(bytes) => Ok(Some(decode("looks", user, LOOK_FORMAT, bytes.value())?)),
                None => Ok(None),
            }
        })
    }
}

impl Tx<'_> {
    pub fn case(&self, key: &str) -> Result<Option<FollowUp>, StoreError> {
        match self.txn.open_table(CASES)?.get(key)? {
            Some(bytes) => Ok(Some(decode("cases", key, CASE_FORMAT, bytes.value())?)),
            None => Ok(None),
        }
    }

    /// The latest event that changed case `key` after version `seen`, if any.
    pub fn case_changed_after(
        &self,
        key: &str,
        seen: u64,
    ) -> Result<Option<super::Event>, StoreError> {
        let field = format!("{CASE_FIELD}{key}");
        let index = self.txn.open_multimap_table(BASE_EVENTS)?;
        let events = self.txn.open_table(EVENTS)?;
        for seq in index.get(crate::domain::cases::base_of(key))?.rev() {
            let seq = seq?.value();
            if seq <= seen {
                break;
            }
            let Some(bytes) = events.get(seq)? else {
                continue;
            };
            let event: super::Event =
                decode("events", &seq.to_string(), EVENT_FORMAT, bytes.value())?;
            if event.changes.iter().any(|c| c.field == field) {
                return Ok(Some(event));
            }
        }
        Ok(None)
    }

    /// The cases on one base.
    pub fn cases_of(&self, base_id: &str) -> Result<Vec<FollowUp>, StoreError> {
        let index = self.txn.open_multimap_table(CASE_INDEX)?;
        let mut out = Vec::new();
        for key in index.get(base_id)? {
            if let Some(case) = self.case(key?.value())? {
                out.push(case);
            }
        }
        Ok(out)
    }

    /// Stores `after` (the case as changed), with an event on its base holding the case before
    /// and after, so undo can put it back.
    pub fn put_case(
        &mut self,
        before: Option<&FollowUp>,
        after: &FollowUp,
        action: &str,
        summary: Text,
    ) -> Result<u64, StoreError> {
        self.write_case(after)?;
        let json = |c: Option<&FollowUp>| serde_json::to_string(&c).expect("a case serialises");
        let change = FieldChange {
            field: format!("{CASE_FIELD}{}", after.key),
            item: None,
            before: before.map(|b| json(Some(b))),
            after: Some(json(Some(after))),
        };
        self.append(Some(&after.base_id), action, summary, vec![change], None)
    }

    fn write_case(&mut self, case: &FollowUp) -> Result<(), StoreError> {
        self.txn
            .open_table(CASES)?
            .insert(case.key.as_str(), encode(CASE_FORMAT, case).as_slice())?;
        self.txn
            .open_multimap_table(CASE_INDEX)?
            .insert(case.base_id.as_str(), case.key.as_str())?;
        Ok(())
    }

    /// Undo of a case or work-record change: what was before goes back, if nothing changed it
    /// since; `Ok(false)` when something did. `Ok(true)` when put back.
    pub(super) fn revert_record(&mut self, change: &FieldChange) -> Result<bool, StoreError> {
        if let Some(n) = change.field.strip_prefix(WORK_NOTE_FIELD) {
            let after = change.after.as_deref().unwrap_or("null");
            let note: WorkNote = match serde_json::from_str(after) {
                Ok(note) => note,
                Err(_) => return Ok(false),
            };
            let key = note_key(&note.base_id, n.parse().unwrap_or(0));
            let removed = self
                .txn
                .open_table(WORK_NOTES)?
                .remove(key.as_str())?
                .is_some();
            if removed {
                self.rekey(&note.base_id)?;
            }
            return Ok(removed);
        }
        let key = change.field.trim_start_matches(CASE_FIELD);
        let parse = |json: &Option<String>| {
            serde_json::from_str::<Option<FollowUp>>(json.as_deref().unwrap_or("null")).ok()
        };
        let (Some(before), Some(after)) = (parse(&change.before), parse(&change.after)) else {
            return Ok(false);
        };
        if self.case(key)? != after {
            return Ok(false);
        }
        match before {
            Some(case) => self.write_case(&case)?,
            None => {
                self.txn.open_table(CASES)?.remove(key)?;
                let base = crate::domain::cases::base_of(key);
                self.txn
                    .open_multimap_table(CASE_INDEX)?
                    .remove(base, key)?;
            }
        }
        Ok(true)
    }

    /// Whether an event's change is to a case or a work record rather than to the base itself.
    pub(super) fn is_record_change(change: &FieldChange) -> bool {
        change.field.starts_with(CASE_FIELD) || change.field.starts_with(WORK_NOTE_FIELD)
    }

    /// Adds a work record to a base, numbered after its last one; returns its number.
    pub fn add_work_note(
        &mut self,
        base_id: &str,
        text: String,
        cites: Option<String>,
        summary: Text,
    ) -> Result<u32, StoreError> {
        let (from, to) = note_range(base_id);
        let last = self
            .txn
            .open_table(WORK_NOTES)?
            .range(from.as_str()..to.as_str())?
            .next_back()
            .transpose()?
            .map(|(key, bytes)| {
                decode::<WorkNote>("work_notes", key.value(), NOTE_FORMAT, bytes.value())
            })
            .transpose()?;
        let n = last.map_or(1, |l| l.n + 1);
        let note = WorkNote {
            base_id: base_id.to_string(),
            n,
            at: self.who().at.to_rfc3339(),
            author: self.who().actor.clone(),
            text,
            cites,
        };
        let json = serde_json::to_string(&note).expect("a note serialises");
        self.txn.open_table(WORK_NOTES)?.insert(
            note_key(base_id, n).as_str(),
            encode(NOTE_FORMAT, &note).as_slice(),
        )?;
        let change = FieldChange {
            field: format!("{WORK_NOTE_FIELD}{n}"),
            item: None,
            before: None,
            after: Some(json),
        };
        self.append(Some(base_id), "work_note", summary, vec![change], None)?;
        self.rekey(base_id)?;
        Ok(n)
    }

    /// The work records of a base, oldest first, as this transaction sees them.
    pub fn work_notes_of(&self, base_id: &str) -> Result<Vec<WorkNote>, StoreError> {
        notes_in(&self.txn.open_table(WORK_NOTES)?, base_id)
    }

    /// The search key of `base` with its work records as this transaction sees them.
    pub(super) fn search_key_of(
        &self,
        base: &Base,
    ) -> Result<crate::search::SearchKey<'static>, StoreError> {
        Ok(search_key_with_notes(base, &self.work_notes_of(&base.id)?))
    }

    /// Writes the search key of base `id` again after its work records changed, so a search
    /// finds it by what they say.
    fn rekey(&mut self, id: &str) -> Result<(), StoreError> {
        let key = self.search_key_of(&self.base(id)?)?;
        super::snapshot::put_key(&self.txn, id, &key)
    }

    /// Remembers what `user` has now seen (no event: it is a bookmark, not a change).
    pub fn set_look(&mut self, user: &str, look: &Look) -> Result<(), StoreError> {
        self.txn
            .open_table(LOOKS)?
            .insert(user, encode(LOOK_FORMAT, look).as_slice())?;
        Ok(())
    }
}
