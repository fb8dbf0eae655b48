//! Database-wide settings shared by every session of a file: the public key that confidential
//! note text is sealed to, and where the key's private half was put (A15.3.4).

use super::codec::{decode, encode};
use super::events::{FieldChange, READ_ACTION};
use super::schema::{BASES, SETTINGS};
use super::{Store, StoreError, Tx};
use crate::domain::text::Text;
use redb::{ReadableTable, TableError};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

const SETTING_FORMAT: u8 = 1;
const NOTE_KEY: &str = "note_key";

/// The note key as the database records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteKey {
    /// The public key (`age1…`): any editor seals with it.
    pub seal: String,
    /// Where `jidi keygen` wrote the private key; a user's `note_key` setting may say otherwise.
    pub path: PathBuf,
}

fn note_key_in(
    table: &impl ReadableTable<&'static str, &'static [u8]>,
) -> Result<Option<NoteKey>, StoreError> {
    match table.get(NOTE_KEY)? {
        Some(bytes) => Ok(Some(decode(
            "settings",
            NOTE_KEY,
            SETTING_FORMAT,
            bytes.value(),
        )?)),
        None => Ok(None),
    }
}

impl Store {
    /// The note key, if one was made.
    pub fn note_key(&self) -> Result<Option<NoteKey>, StoreError> {
        self.guarded(|| {
            let txn = self.read()?;
            match txn.open_table(SETTINGS) {
                Ok(table) => note_key_in(&table),
                Err(TableError::TableDoesNotExist(_)) => Ok(None),
                Err(e) => Err(e.into()),
            }
        })
    }
}

impl Tx<'_> {
    pub fn note_key(&self) -> Result<Option<NoteKey>, StoreError> {
        note_key_in(&self.txn.open_table(SETTINGS)?)
    }

    /// Records a new note key; the event keeps the public keys before and after (never a
    /// private key, which the database never sees).
    pub fn set_note_key(&mut self, key: &NoteKey, summary: Text) -> Result<(), StoreError> {
        let before = self.note_key()?;
        self.txn
            .open_table(SETTINGS)?
            .insert(NOTE_KEY, encode(SETTING_FORMAT, key).as_slice())?;
        let json =
            |k: Option<&NoteKey>| serde_json::to_string(&k).expect("a key record serialises");
        let change = FieldChange {
            field: "setting:note_key".into(),
            item: None,
            before: Some(json(before.as_ref())),
            after: Some(json(Some(key))),
        };
        self.append(None, "keygen", summary, vec![change], None)?;
        Ok(())
    }

    /// Records that the author read confidential text of base `id`: an event that changes
    /// nothing, committed before the text is shown.
    pub fn record_reading(&mut self, id: &str, summary: Text) -> Result<u64, StoreError> {
        self.append(Some(id), READ_ACTION, summary, Vec::new(), None)
    }

    /// Every base's id, in order.
    pub fn base_ids(&self) -> Result<Vec<String>, StoreError> {
        let table = self.txn.open_table(BASES)?;
        let mut ids = Vec::new();
        for entry in table.iter()? {
            ids.push(entry?.0.value().to_string());
        }
        Ok(ids)
    }
}
