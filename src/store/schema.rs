//! Tables, the stored schema version and the migrations between versions. A file from a newer
//! jidi is refused; an older one is migrated in one transaction, one function per step.

use super::StoreError;
use super::base_format1;
use super::codec::{checksum_legacy, decode, encode};
use super::events::{Event, FieldChange, diff_field};
use super::summary::{Summary, search_key};
use crate::domain::countries::Countries;
use crate::domain::names;
use crate::domain::policy::Policy;
use crate::domain::text::Text;
use redb::{MultimapTableDefinition, ReadableTable, TableDefinition, WriteTransaction};
use serde::{Deserialize, Serialize};

/// The schema this jidi writes.
pub const SCHEMA_VERSION: u64 = 5;

/// The first schema whose values carry a checksum (see `codec`).
const CHECKSUMS_SINCE: u64 = 5;

/// `schema_version`, `generation` (bumped by every commit, so other sessions notice changes).
pub(crate) const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
/// Base id → record.
pub(crate) const BASES: TableDefinition<&str, &[u8]> = TableDefinition::new("bases");
/// Base id → summary row (since v2).
pub(crate) const SUMMARIES: TableDefinition<&str, &[u8]> = TableDefinition::new("summaries");
/// Base id → search key (since v3), read in place by searches.
pub(crate) const KEYS: TableDefinition<&str, &[u8]> = TableDefinition::new("search_keys");
/// Sequence number → event.
pub(crate) const EVENTS: TableDefinition<u64, &[u8]> = TableDefinition::new("events");
/// Base id → its events' sequence numbers.
pub(crate) const BASE_EVENTS: MultimapTableDefinition<&str, u64> =
    MultimapTableDefinition::new("base_events");
/// Normalised host-unit name → ids of its bases (since v2), for the five-year ban (A14).
pub(crate) const HOST_INDEX: MultimapTableDefinition<&str, &str> =
    MultimapTableDefinition::new("host_index");
/// Id prefix (`GDICB-2026`) → last number given out; ids are never reused.
pub(crate) const COUNTERS: TableDefinition<&str, u64> = TableDefinition::new("counters");
/// Batch undone → the batch of its undo, so nothing is undone twice.
pub(crate) const UNDONE: TableDefinition<u64, u64> = TableDefinition::new("undone");
/// Saved view name → view (JSON), shared by all users.
pub(crate) const VIEWS: TableDefinition<&str, &[u8]> = TableDefinition::new("views");

/// User name (OS account) → granted roles; absent in files from before roles.
pub(crate) const USERS: TableDefinition<&str, &[u8]> = TableDefinition::new("users");
/// Database-wide settings (`note_key`: the public key confidential notes are sealed to, and
/// where its private half was put); absent in files from before they existed.
pub(crate) const SETTINGS: TableDefinition<&str, &[u8]> = TableDefinition::new("settings");
/// Case key (`GDICB-2024-0011/A15.3.1/2025`) → the follow-up of that finding.
pub(crate) const CASES: TableDefinition<&str, &[u8]> = TableDefinition::new("cases");
/// Base id → the keys of its cases.
pub(crate) const CASE_INDEX: MultimapTableDefinition<&str, &str> =
    MultimapTableDefinition::new("case_index");
/// `BASEID#000001` → a work record (工作记录) on that base.
pub(crate) const WORK_NOTES: TableDefinition<&str, &[u8]> = TableDefinition::new("work_notes");
/// User → what they last looked at (`jidi digest`).
pub(crate) const LOOKS: TableDefinition<&str, &[u8]> = TableDefinition::new("looks");
/// Piece number → a run of search keys and summary rows (see `snapshot`): derived, built by the
/// first commit that finds it missing or out of step, so no schema version brings it.
pub(crate) const SEARCH_SNAPSHOT: TableDefinition<u32, &[u8]> =
    TableDefinition::new("search_snapshot");
/// Ids whose search key was written since the snapshot was built.
pub(crate) const SEARCH_PENDING: TableDefinition<&str, ()> = TableDefinition::new("search_pending");

/// Format 2 (schema 4): partners' country codes, indicators by year, systems, prior projects.
pub(crate) const BASE_FORMAT: u8 = 2;
pub(crate) const SUMMARY_FORMAT: u8 = 1;
pub(crate) const KEY_FORMAT: u8 = 1;
/// 2 (schema 5): a list field's change names the one item that changed.
pub(crate) const EVENT_FORMAT: u8 = 2;
pub(crate) const USER_FORMAT: u8 = 1;
pub(crate) const SNAPSHOT_FORMAT: u8 = 1;

/// Creates every table of the current schema.
pub(crate) fn create_tables(txn: &WriteTransaction) -> Result<(), StoreError> {
    txn.open_table(META)?;
    txn.open_table(BASES)?;
    txn.open_table(SUMMARIES)?;
    txn.open_table(KEYS)?;
    txn.open_table(EVENTS)?;
    txn.open_multimap_table(BASE_EVENTS)?;
    txn.open_multimap_table(HOST_INDEX)?;
    txn.open_table(COUNTERS)?;
    txn.open_table(UNDONE)?;
    txn.open_table(VIEWS)?;
    txn.open_table(USERS)?;
    txn.open_table(SETTINGS)?;
    txn.open_table(CASES)?;
    txn.open_multimap_table(CASE_INDEX)?;
    txn.open_table(WORK_NOTES)?;
    txn.open_table(LOOKS)?;
    txn.open_table(SEARCH_SNAPSHOT)?;
    txn.open_table(SEARCH_PENDING)?;
    Ok(())
}

/// One step from a schema version to the next.
type Migration = fn(&WriteTransaction) -> Result<(), StoreError>;

/// Brings a file at `from` up to [`SCHEMA_VERSION`] inside `txn`.
pub(crate) fn migrate(txn: &WriteTransaction, from: u64) -> Result<(), StoreError> {
    if from > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found: from,
            supported: SCHEMA_VERSION,
        });
    }
    // Before any step reads a value: every step decodes with the checksum in place.
    if from < CHECKSUMS_SINCE {
        add_checksums(txn)?;
    }
    let steps: &[Migration] = &[v1_to_v2, v2_to_v3, v3_to_v4, v4_to_v5];
    for (i, step) in steps.iter().enumerate() {
        let step_from = i as u64 + 1;
        if step_from >= from {
            step(txn)?;
        }
    }
    create_tables(txn)?;
    let mut meta = txn.open_table(META)?;
    meta.insert("schema_version", SCHEMA_VERSION)?;
    // A step may have rewritten search keys without marking them pending: the next commit
    // rebuilds the search snapshot.
    meta.remove(super::snapshot::SEARCH_GENERATION)?;
    Ok(())
}

/// The country table the migrations resolve stored names with: the one jidi ships (a store
/// has no user policy; a name it does not know is kept and reported, never guessed).
fn shipped_countries() -> Countries {
    Policy::default_policy().countries
}

/// v1 kept records and events only. v2 adds the host index, derived from the records.
fn v1_to_v2(txn: &WriteTransaction) -> Result<(), StoreError> {
    let bases = txn.open_table(BASES)?;
    let mut hosts = txn.open_multimap_table(HOST_INDEX)?;
    let countries = shipped_countries();
    for entry in bases.iter()? {
        let (id, bytes) = entry?;
        let old: base_format1::Base =
            decode("bases", id.value(), base_format1::FORMAT, bytes.value())?;
        let base = old.upgrade(&countries);
        hosts.insert(names::key(&base.host.name).as_str(), id.value())?;
    }
    Ok(())
}

/// v3 keeps search keys in their own table and summary rows without them; both are rebuilt
/// from the records.
fn v2_to_v3(txn: &WriteTransaction) -> Result<(), StoreError> {
    let bases = txn.open_table(BASES)?;
    let mut summaries = txn.open_table(SUMMARIES)?;
    let mut keys = txn.open_table(KEYS)?;
    let countries = shipped_countries();
    for entry in bases.iter()? {
        let (id, bytes) = entry?;
        let old: base_format1::Base =
            decode("bases", id.value(), base_format1::FORMAT, bytes.value())?;
        let base = old.upgrade(&countries);
        summaries.insert(
            id.value(),
            encode(SUMMARY_FORMAT, &Summary::of(&base)).as_slice(),
        )?;
        keys.insert(
            id.value(),
            encode(KEY_FORMAT, &search_key(&base)).as_slice(),
        )?;
    }
    Ok(())
}

/// v4 (record format 2): a partner's country is a code from the country table, indicators are
/// kept by year, and an application declares its management systems and prior projects. Every
/// record is decoded through the frozen format-1 types and rewritten. A stored country name the
/// table does not know (or a mainland place) is kept without a code: triage reports it and it
/// never counts as foreign. Old single-total indicators become totals of unknown year, which
/// fail the A8 window saying so. Summaries and search keys do not change.
fn v3_to_v4(txn: &WriteTransaction) -> Result<(), StoreError> {
    let countries = shipped_countries();
    let mut bases = txn.open_table(BASES)?;
    let mut upgraded = Vec::new();
    for entry in bases.iter()? {
        let (id, bytes) = entry?;
        let old: base_format1::Base =
            decode("bases", id.value(), base_format1::FORMAT, bytes.value())?;
        upgraded.push((id.value().to_string(), old.upgrade(&countries)));
    }
    for (id, base) in upgraded {
        bases.insert(id.as_str(), encode(BASE_FORMAT, &base).as_slice())?;
    }
    // The history keeps matching the records: values of the reshaped fields that events
    // recorded are reshaped too (events stay in format 1 until v4 → v5).
    let mut events = txn.open_table(EVENTS)?;
    let mut seqs = Vec::new();
    for entry in events.iter()? {
        seqs.push(entry?.0.value());
    }
    for seq in seqs {
        let Some(bytes) = events.get(seq)?.map(|v| checksum_legacy(v.value())) else {
            continue;
        };
        let mut event: EventV3 = decode("events", &seq.to_string(), 1, &bytes)?;
        for change in &mut event.changes {
            for value in [&mut change.before, &mut change.after] {
                *value = base_format1::upgrade_json(&change.field, value, &countries);
            }
        }
        events.insert(seq, encode(1, &event).as_slice())?;
    }
    Ok(())
}

/// Gives every record, summary, search key and grant its checksum, without decoding it.
/// Events get theirs as v4 → v5 rewrites them.
fn add_checksums(txn: &WriteTransaction) -> Result<(), StoreError> {
    for table in [BASES, SUMMARIES, KEYS, USERS] {
        let mut table = txn.open_table(table)?;
        let mut ids = Vec::new();
        for entry in table.iter()? {
            ids.push(entry?.0.value().to_string());
        }
        for id in ids {
            let bytes = table.get(id.as_str())?.map(|v| checksum_legacy(v.value()));
            if let Some(bytes) = bytes {
                table.insert(id.as_str(), bytes.as_slice())?;
            }
        }
    }
    Ok(())
}

/// A change as v4 and older stored it: the whole field before and after, as JSON.
#[derive(Serialize, Deserialize)]
struct FieldChangeV3 {
    field: String,
    before: String,
    after: String,
}

/// An event as v4 and older stored it (event format 1).
#[derive(Serialize, Deserialize)]
struct EventV3 {
    seq: u64,
    batch: u64,
    at: String,
    actor: String,
    base_id: Option<String>,
    action: String,
    summary: Text,
    changes: Vec<FieldChangeV3>,
    undoes: Option<u64>,
}

/// One v4 (or older) change as v5 records it: a list field's change becomes a change of each item that
/// differs; a new record and settings (users, views) stay whole.
fn compact(change: FieldChangeV3) -> Vec<FieldChange> {
    if change.field == "*" {
        return vec![FieldChange {
            field: change.field,
            item: None,
            before: None,
            after: Some(change.after),
        }];
    }
    let parsed = (
        serde_json::from_str::<serde_json::Value>(&change.before),
        serde_json::from_str::<serde_json::Value>(&change.after),
    );
    match parsed {
        (Ok(before), Ok(after)) => diff_field(&change.field, Some(&before), Some(&after)),
        _ => vec![FieldChange {
            field: change.field,
            item: None,
            before: Some(change.before),
            after: Some(change.after),
        }],
    }
}

/// v5 events record the changed item of a list, not the whole list before and after: a base
/// with 100 long risk notes no longer stores them all again in each event.
fn v4_to_v5(txn: &WriteTransaction) -> Result<(), StoreError> {
    let mut events = txn.open_table(EVENTS)?;
    let mut seqs = Vec::new();
    for entry in events.iter()? {
        seqs.push(entry?.0.value());
    }
    for seq in seqs {
        let Some(bytes) = events.get(seq)?.map(|v| checksum_legacy(v.value())) else {
            continue;
        };
        let old: EventV3 = decode("events", &seq.to_string(), 1, &bytes)?;
        let event = Event {
            seq: old.seq,
            batch: old.batch,
            at: old.at,
            actor: old.actor,
            base_id: old.base_id,
            action: old.action,
            summary: old.summary,
            changes: old.changes.into_iter().flat_map(compact).collect(),
            undoes: old.undoes,
        };
        events.insert(seq, encode(EVENT_FORMAT, &event).as_slice())?;
    }
    Ok(())
}
