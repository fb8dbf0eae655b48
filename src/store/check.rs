//! `jidi check`: is the file sound, and do the records match their history? redb's own
//! integrity check (every page's checksum) runs on a private copy, since it may repair what it
//! checks and a check never writes the database; then every record, summary row, search key,
//! event and grant is decoded, the indexes are compared with what they index, and each record is
//! compared with what its events say: for every field (or list item) an event changed, the
//! record holds that field's latest `after`.

use super::codec::{decode, decode_borrowed};
use super::events::{FieldChange, object, set_items};
use super::guard::guarded;
use super::schema::{
    BASE_EVENTS, BASE_FORMAT, BASES, EVENT_FORMAT, EVENTS, HOST_INDEX, KEY_FORMAT, KEYS, SUMMARIES,
    SUMMARY_FORMAT, USER_FORMAT, USERS, WORK_NOTES,
};
use super::snapshot::SnapshotState;
use super::summary::{Summary, search_key, search_key_with_notes};
use super::{Damage, Event, Store, StoreError};
use crate::domain::base::Base;
use crate::domain::names;
use crate::domain::roles::Grant;
use crate::search::SearchKey;
use redb::{
    ConcurrencyMode, Database, ReadTransaction, ReadableMultimapTable, ReadableTable,
    ReadableTableMetadata,
};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// What redb's integrity check said of the file's pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedbVerdict {
    Clean,
    Damaged(String),
    /// Other processes kept writing while the file was copied for the check.
    NotRun(String),
}

#[derive(Clone, Debug)]
pub struct CheckReport {
    pub redb: RedbVerdict,
    pub bases: u64,
    pub events: u64,
    pub users: u64,
    /// Every damaged entry and every mismatch, by table and key.
    pub problems: Vec<Damage>,
    /// Whether searches read the search snapshot (`None`: it could not be read).
    pub search: Option<SnapshotState>,
}

impl CheckReport {
    pub fn clean(&self) -> bool {
        self.redb == RedbVerdict::Clean && self.problems.is_empty()
    }
}

/// How often the copy for redb's check is retried while other processes write.
const COPY_TRIES: usize = 5;

/// The file's length and modification time: if they are the same after a copy as before it,
/// no one wrote during the copy.
fn stamp(path: &Path) -> std::io::Result<(u64, std::time::SystemTime)> {
    let m = std::fs::metadata(path)?;
    Ok((m.len(), m.modified()?))
}

/// Runs redb's integrity check (each page's checksum, the allocator state) on a copy.
fn redb_verdict(path: &Path) -> RedbVerdict {
    let dir = match tempfile::Builder::new().prefix("jidi-check-").tempdir() {
        Ok(dir) => dir,
        Err(e) => return RedbVerdict::NotRun(e.to_string()),
    };
    let copy = dir.path().join("copy.redb");
    for _ in 0..COPY_TRIES {
        let copied = stamp(path).and_then(|before| {
            std::fs::copy(path, &copy)?;
            // The copy is this process's to open for writing, whatever the original's mode.
            std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o600))?;
            Ok(stamp(path)? == before)
        });
        match copied {
            Ok(true) => return verify_copy(&copy),
            Ok(false) => std::thread::sleep(std::time::Duration::from_millis(50)),
            Err(e) => return RedbVerdict::NotRun(e.to_string()),
        }
    }
    RedbVerdict::NotRun("the file kept changing while it was copied; run jidi check again".into())
}

fn verify_copy(copy: &Path) -> RedbVerdict {
    let checked = guarded(|| {
        let mut db = Database::builder()
            .set_concurrency_mode(ConcurrencyMode::MultiWriter)
            .set_check_integrity_on_open(true)
            .open(copy)?;
        Ok::<_, StoreError>(db.check_integrity()?)
    });
    match checked {
        Ok(true) => RedbVerdict::Clean,
        Ok(false) => RedbVerdict::Damaged("redb had to repair the file's structure".into()),
        Err(e @ StoreError::Damaged { .. }) => RedbVerdict::Damaged(corrupt_detail(e)),
        Err(e) => RedbVerdict::NotRun(corrupt_detail(e)),
    }
}

/// What the events of one base say its record holds now.
#[derive(Default)]
struct Expected {
    /// Whole fields, with the event that set each.
    fields: Map<String, Value>,
    field_seq: HashMap<String, u64>,
    /// Single items of list fields not known whole: (field, position) → item (`None`: no
    /// item there), with the event that set it.
    items: BTreeMap<(String, u32), (Option<Value>, u64)>,
}

fn parse(text: &Option<String>) -> Option<Value> {
    text.as_deref().and_then(|t| serde_json::from_str(t).ok())
}

impl Expected {
    /// Takes in one event's changes, in order.
    fn apply(&mut self, seq: u64, changes: &[FieldChange]) -> Result<(), String> {
        let mut items: BTreeMap<&str, Vec<(usize, Option<Value>)>> = BTreeMap::new();
        for change in changes {
            let field = change.field.as_str();
            match (field, change.item) {
                ("*", _) => {
                    let Some(Value::Object(all)) = parse(&change.after) else {
                        return Err("the creation event holds no record".into());
                    };
                    self.field_seq = all.keys().map(|k| (k.clone(), seq)).collect();
                    self.fields = all;
                    self.items.clear();
                }
                (_, None) => {
                    match parse(&change.after) {
                        Some(value) => self.fields.insert(field.to_string(), value),
                        None => self.fields.remove(field),
                    };
                    self.field_seq.insert(field.to_string(), seq);
                    self.items.retain(|(f, _), _| f != field);
                }
                (_, Some(i)) if self.fields.contains_key(field) => {
                    items
                        .entry(field)
                        .or_default()
                        .push((i as usize, parse(&change.after)));
                    self.field_seq.insert(field.to_string(), seq);
                }
                (_, Some(i)) => {
                    self.items
                        .insert((field.to_string(), i), (parse(&change.after), seq));
                }
            }
        }
        for (field, targets) in items {
            let Some(Value::Array(list)) = self.fields.get_mut(field) else {
                return Err(format!("`{field}` changed by item, but it is not a list"));
            };
            set_items(list, targets)
                .map_err(|_| format!("the items of `{field}` do not follow on"))?;
        }
        Ok(())
    }

    /// Where `record` differs from what the events say.
    fn mismatches(&self, record: &Map<String, Value>) -> Vec<String> {
        let mut out = Vec::new();
        for (field, value) in &self.fields {
            if !record.get(field).is_some_and(|now| covers(now, value)) {
                let seq = self.field_seq.get(field).copied().unwrap_or(0);
                out.push(format!("`{field}` is not what event #{seq} recorded"));
            }
        }
        for ((field, i), (item, seq)) in &self.items {
            let now = match record.get(field) {
                Some(Value::Array(list)) => list.get(*i as usize),
                _ => None,
            };
            let same = match (now, item) {
                (Some(now), Some(item)) => covers(now, item),
                (None, None) => true,
                _ => false,
            };
            if !same {
                out.push(format!("`{field}[{i}]` is not what event #{seq} recorded"));
            }
        }
        out
    }
}

/// Whether `now` holds everything `recorded` does: objects may have gained fields since (a
/// record format that added one), nothing else may differ.
fn covers(now: &Value, recorded: &Value) -> bool {
    match (now, recorded) {
        (Value::Object(now), Value::Object(recorded)) => recorded
            .iter()
            .all(|(k, v)| now.get(k).is_some_and(|n| covers(n, v))),
        (Value::Array(now), Value::Array(recorded)) => {
            now.len() == recorded.len() && now.iter().zip(recorded).all(|(n, r)| covers(n, r))
        }
        _ => now == recorded,
    }
}

/// The check's state as it goes through the tables.
#[derive(Default)]
struct Checker {
    problems: Vec<Damage>,
    expected: HashMap<String, Expected>,
    /// (base id, event) of every readable event about a base.
    base_events: BTreeSet<(String, u64)>,
    damaged_events: BTreeSet<u64>,
    latest_grant: BTreeMap<String, (Option<String>, u64)>,
    /// Cases and work records, by name, as their latest event left them.
    latest_record: BTreeMap<String, (Option<String>, u64)>,
    bases: BTreeSet<String>,
    counts: (u64, u64, u64),
    search: Option<SnapshotState>,
}

impl Checker {
    fn problem(&mut self, table: &'static str, key: impl Into<String>, detail: impl Into<String>) {
        self.problems.push(Damage {
            table,
            key: key.into(),
            detail: detail.into(),
        });
    }

    /// Runs one part of the check; a part that cannot go on (redb gave up reading a table)
    /// is itself a problem, and the other parts still run. Whether it read everything.
    fn part(
        &mut self,
        table: &'static str,
        txn: &ReadTransaction,
        f: fn(&mut Checker, &ReadTransaction) -> Result<(), StoreError>,
    ) -> bool {
        match guarded(|| f(self, txn)) {
            Ok(()) => true,
            Err(e) => {
                let detail = corrupt_detail(e);
                self.problem(
                    table,
                    "*",
                    format!("the table could not be read to the end: {detail}"),
                );
                false
            }
        }
    }

    fn events(&mut self, txn: &ReadTransaction) -> Result<(), StoreError> {
        let table = txn.open_table(EVENTS)?;
        for entry in table.iter()? {
            let (key, bytes) = entry?;
            let seq = key.value();
            self.counts.1 += 1;
            let event: Event = match decode("events", &seq.to_string(), EVENT_FORMAT, bytes.value())
            {
                Ok(event) => event,
                Err(e) => {
                    self.damaged_events.insert(seq);
                    self.problem("events", seq.to_string(), corrupt_detail(e));
                    continue;
                }
            };
            if event.seq != seq {
                self.problem(
                    "events",
                    seq.to_string(),
                    format!("holds event #{}", event.seq),
                );
            }
            for change in &event.changes {
                if let Some(name) = change.field.strip_prefix("user:") {
                    self.latest_grant
                        .insert(name.to_string(), (change.after.clone(), seq));
                }
            }
            if let Some(id) = &event.base_id {
                self.base_events.insert((id.clone(), seq));
                // Changes to a case or a work record are checked against their own tables.
                let mut fields = Vec::new();
                for change in &event.changes {
                    match super::cases::record_name(id, change) {
                        Some(name) => {
                            self.latest_record.insert(name, (change.after.clone(), seq));
                        }
                        None => fields.push(change.clone()),
                    }
                }
                let expected = self.expected.entry(id.clone()).or_default();
                if let Err(detail) = expected.apply(seq, &fields) {
                    self.problem("events", seq.to_string(), detail);
                }
            }
        }
        Ok(())
    }

    fn index(&mut self, txn: &ReadTransaction) -> Result<(), StoreError> {
        let index = txn.open_multimap_table(BASE_EVENTS)?;
        let mut listed = BTreeSet::new();
        for entry in index.iter()? {
            let (id, seqs) = entry?;
            for seq in seqs {
                listed.insert((id.value().to_string(), seq?.value()));
            }
        }
        let unexpected: Vec<(String, u64)> = listed
            .difference(&self.base_events)
            .filter(|(_, seq)| !self.damaged_events.contains(seq))
            .cloned()
            .collect();
        for (id, seq) in unexpected {
            self.problem(
                "base_events",
                id,
                format!("lists event #{seq}, which is not about it"),
            );
        }
        for (id, seq) in self
            .base_events
            .difference(&listed)
            .cloned()
            .collect::<Vec<_>>()
        {
            self.problem("base_events", id, format!("does not list event #{seq}"));
        }
        Ok(())
    }

    fn records(&mut self, txn: &ReadTransaction) -> Result<(), StoreError> {
        let bases = txn.open_table(BASES)?;
        let summaries = txn.open_table(SUMMARIES)?;
        let keys = txn.open_table(KEYS)?;
        // A file without work records yet may lack their table.
        let notes = txn.open_table(WORK_NOTES).ok();
        let mut hosts = BTreeSet::new();
        for entry in bases.iter()? {
            let (key, bytes) = entry?;
            let id = key.value().to_string();
            self.counts.0 += 1;
            self.bases.insert(id.clone());
            let base: Base = match decode("bases", &id, BASE_FORMAT, bytes.value()) {
                Ok(base) => base,
                Err(e) => {
                    self.problem("bases", id, corrupt_detail(e));
                    continue;
                }
            };
            if base.id != id {
                self.problem(
                    "bases",
                    id.clone(),
                    format!("holds the record of {}", base.id),
                );
            }
            hosts.insert((names::key(&base.host.name), id.clone()));
            match summaries.get(id.as_str())? {
                None => self.problem("summaries", id.clone(), "missing"),
                Some(bytes) => {
                    match decode::<Summary>("summaries", &id, SUMMARY_FORMAT, bytes.value()) {
                        Ok(row) if row == Summary::of(&base) => {}
                        Ok(_) => {
                            self.problem("summaries", id.clone(), "out of step with the record")
                        }
                        Err(e) => self.problem("summaries", id.clone(), corrupt_detail(e)),
                    }
                }
            }
            match keys.get(id.as_str())? {
                None => self.problem("search_keys", id.clone(), "missing"),
                Some(bytes) => match decode_borrowed::<SearchKey>(
                    "search_keys",
                    &id,
                    KEY_FORMAT,
                    bytes.value(),
                ) {
                    Ok(key) => {
                        // A damaged work record is reported with the others; its base's key is
                        // not judged by it.
                        let expected = match &notes {
                            Some(table) => super::cases::notes_in(table, &id)
                                .ok()
                                .map(|notes| search_key_with_notes(&base, &notes)),
                            None => Some(search_key(&base)),
                        };
                        if expected.is_some_and(|expected| key != expected) {
                            self.problem("search_keys", id.clone(), "out of step with the record");
                        }
                    }
                    Err(e) => self.problem("search_keys", id.clone(), corrupt_detail(e)),
                },
            }
            if let Some(expected) = self.expected.remove(&id) {
                for detail in expected.mismatches(&object(&base)) {
                    self.problem("bases", id.clone(), detail);
                }
            }
        }
        for (table, rows) in [("summaries", &summaries), ("search_keys", &keys)] {
            for entry in rows.iter()? {
                let id = entry?.0.value().to_string();
                if !self.bases.contains(&id) {
                    self.problem(table, id, "no record with this id");
                }
            }
        }
        let index = txn.open_multimap_table(HOST_INDEX)?;
        let mut indexed = BTreeSet::new();
        for entry in index.iter()? {
            let (host, ids) = entry?;
            for id in ids {
                indexed.insert((host.value().to_string(), id?.value().to_string()));
            }
        }
        for (host, id) in hosts.difference(&indexed).cloned().collect::<Vec<_>>() {
            self.problem(
                "host_index",
                id,
                format!("host unit '{host}' is not indexed"),
            );
        }
        for (host, id) in indexed.difference(&hosts).cloned().collect::<Vec<_>>() {
            if !self.bases.contains(&id) || self.problems.iter().all(|p| p.key != id) {
                self.problem(
                    "host_index",
                    id,
                    format!("indexed under host unit '{host}', which it does not have"),
                );
            }
        }
        let orphans: Vec<String> = self
            .expected
            .keys()
            .filter(|id| !self.bases.contains(*id))
            .cloned()
            .collect();
        for id in orphans {
            self.problem("events", id, "events about a base with no record");
        }
        Ok(())
    }

    fn users(&mut self, txn: &ReadTransaction) -> Result<(), StoreError> {
        let users = match txn.open_table(USERS) {
            Ok(users) => users,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        let mut stored = BTreeMap::new();
        for entry in users.iter()? {
            let (name, bytes) = entry?;
            let name = name.value().to_string();
            self.counts.2 += 1;
            match decode::<Grant>("users", &name, USER_FORMAT, bytes.value()) {
                Ok(grant) => {
                    stored.insert(
                        name,
                        serde_json::to_value(Some(grant)).unwrap_or(Value::Null),
                    );
                }
                Err(e) => self.problem("users", name, corrupt_detail(e)),
            }
        }
        let latest = std::mem::take(&mut self.latest_grant);
        for (name, (after, seq)) in latest {
            let recorded = parse(&after).unwrap_or(Value::Null);
            let now = stored.get(&name).cloned().unwrap_or(Value::Null);
            let damaged = self
                .problems
                .iter()
                .any(|p| p.table == "users" && p.key == name);
            if now != recorded && !damaged {
                self.problem(
                    "users",
                    name,
                    format!("roles are not what event #{seq} recorded"),
                );
            }
        }
        Ok(())
    }
}

impl Checker {
    /// The search snapshot is what the keys and rows it is derived from hold.
    fn search(&mut self, txn: &ReadTransaction) -> Result<(), StoreError> {
        let mut found = Vec::new();
        let state = super::snapshot::check(txn, &mut |key, detail| found.push((key, detail)))?;
        for (key, detail) in found {
            self.problem("search_snapshot", key, detail);
        }
        self.search = Some(state);
        Ok(())
    }

    /// Each case and work record is what its latest event left, and none is without one.
    fn kept(&mut self, txn: &ReadTransaction) -> Result<(), StoreError> {
        let mut damaged = Vec::new();
        let mut stored = super::cases::stored_records(txn, &mut damaged)?;
        for (table, key, e) in damaged {
            self.problem(table, key, corrupt_detail(e));
        }
        for (name, (after, seq)) in std::mem::take(&mut self.latest_record) {
            let recorded = parse(&after).unwrap_or(Value::Null);
            let now = stored.remove(&name).unwrap_or(Value::Null);
            if now != recorded {
                self.problem("cases", name, format!("is not what event #{seq} recorded"));
            }
        }
        for name in stored.into_keys() {
            self.problem("cases", name, "no event records it");
        }
        Ok(())
    }
}

/// The detail of an error, without the advice around it (the check's report gives its own).
fn corrupt_detail(e: StoreError) -> String {
    match e {
        StoreError::Corrupt(damage) => damage.detail,
        StoreError::Damaged { detail } | StoreError::Db(detail) => detail,
        other => other.to_string(),
    }
}

impl Store {
    /// Checks the file at `path` (see the module's documentation). An error means the file
    /// could not be opened at all.
    pub fn check(path: &Path) -> Result<CheckReport, StoreError> {
        let store = Store::open_read_only(path)?;
        let redb = redb_verdict(path);
        let txn = guarded(|| store.read())?;
        let mut checker = Checker::default();
        // Each comparison needs the parts it compares with read whole: a table that could not
        // be read is one problem, not one per entry it would have matched.
        let events_read = checker.part("events", &txn, Checker::events);
        if events_read {
            checker.part("base_events", &txn, Checker::index);
        } else {
            checker.expected.clear();
        }
        let bases_read = checker.part("bases", &txn, Checker::records);
        checker.part("search_snapshot", &txn, Checker::search);
        if events_read {
            checker.part("users", &txn, Checker::users);
            checker.part("cases", &txn, Checker::kept);
        }
        // A table's stored length against what was read: a damaged branch can hide entries.
        let lengths = guarded(|| {
            Ok::<_, StoreError>((
                txn.open_table(BASES)?.len()?,
                txn.open_table(EVENTS)?.len()?,
            ))
        });
        if let Ok((bases, events)) = lengths {
            if bases_read && bases != checker.counts.0 {
                checker.problem(
                    "bases",
                    "*",
                    format!("{} records read, the table holds {bases}", checker.counts.0),
                );
            }
            if events_read && events != checker.counts.1 {
                checker.problem(
                    "events",
                    "*",
                    format!("{} events read, the table holds {events}", checker.counts.1),
                );
            }
        }
        let (bases, events, users) = checker.counts;
        Ok(CheckReport {
            redb,
            bases,
            events,
            users,
            problems: checker.problems,
            search: checker.search,
        })
    }
}
