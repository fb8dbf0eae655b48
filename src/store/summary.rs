//! The summary row: what lists, filters and search need of a base, kept in step with the record
//! in its own table so a list of 100,000 bases never decodes whole records.

use super::cases::WorkNote;
use crate::domain::base::Base;
use crate::domain::codes::{Category, Origin, Outcome, Status};
use crate::search::{Field, SearchKey};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    pub name: String,
    pub former_names: Vec<String>,
    pub category: Category,
    /// City code (pinyin), resolved through the policy's table.
    pub city: String,
    pub status: Status,
    pub last_outcome: Outcome,
    pub origin: Origin,
    pub host: String,
    pub leader: String,
    #[serde(with = "crate::domain::dates::serde_opt_date")]
    pub recognised_on: Option<NaiveDate>,
    /// Set for removed bases: the start of the host unit's five-year ban (A14).
    #[serde(with = "crate::domain::dates::serde_opt_date")]
    pub removed_on: Option<NaiveDate>,
}

/// How much of a base's work records (工作记录) its search key holds: the first
/// [`KEY_NOTE_CHARS`] characters of each of its latest [`KEY_NOTES`], so a key stays small
/// however much is written about a base.
pub const KEY_NOTES: usize = 20;
pub const KEY_NOTE_CHARS: usize = 200;

/// What search matches a base without work records by: see [`search_key_with_notes`].
pub fn search_key(base: &Base) -> SearchKey<'static> {
    search_key_with_notes(base, &[])
}

/// What search matches a base by: id, name, former names, host and leader with their pinyin,
/// then the text of its latest work records (`notes` as stored, oldest first; the key holds
/// the newest first, cut as [`KEY_NOTES`] says). Computed when the base or its work records are
/// written and kept in its own table.
pub fn search_key_with_notes(base: &Base, notes: &[WorkNote]) -> SearchKey<'static> {
    let mut fields = vec![
        (Field::Id, base.id.as_str()),
        (Field::Name, base.name.as_str()),
    ];
    fields.extend(
        base.former_names
            .iter()
            .map(|n| (Field::FormerName, n.as_str())),
    );
    fields.push((Field::Host, base.host.name.as_str()));
    fields.push((Field::Leader, base.leader.name.as_str()));
    let cut: Vec<&str> = notes
        .iter()
        .rev()
        .take(KEY_NOTES)
        .map(|n| {
            let end = n
                .text
                .char_indices()
                .nth(KEY_NOTE_CHARS)
                .map_or(n.text.len(), |(i, _)| i);
            &n.text[..end]
        })
        .collect();
    fields.extend(cut.into_iter().map(|text| (Field::Note, text)));
    SearchKey::new(&fields)
}

impl Summary {
    /// The ban this base's removal puts on its host unit (A14), if removed.
    pub fn ban(&self) -> Option<crate::domain::lifecycle::Ban> {
        // Asked of every row after every change: only a removed base's host name is normalised.
        let removed_on = self.removed_on?;
        Some(crate::domain::lifecycle::Ban {
            base_id: self.id.clone(),
            host_key: crate::domain::names::key(&self.host),
            category: self.category,
            removed_on,
        })
    }

    pub fn of(base: &Base) -> Summary {
        Summary {
            id: base.id.clone(),
            name: base.name.clone(),
            former_names: base.former_names.clone(),
            category: base.category,
            city: base.city.clone(),
            status: base.status,
            last_outcome: base.last_outcome(),
            origin: base.origin,
            host: base.host.name.clone(),
            leader: base.leader.name.clone(),
            recognised_on: base.recognition_date(),
            removed_on: base
                .removal
                .as_ref()
                .filter(|_| base.status == crate::domain::codes::Status::Removed)
                .map(|r| r.date),
        }
    }
}
