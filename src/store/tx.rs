//! One write transaction: reads see its own writes; every change appends its event; nothing is
//! committed unless the whole command succeeds.

use super::codec::{decode, encode};
use super::events::{self, Event, RevertError};
use super::schema::{
    BASE_EVENTS, BASE_FORMAT, BASES, COUNTERS, EVENT_FORMAT, EVENTS, HOST_INDEX, META, SUMMARIES,
    SUMMARY_FORMAT, UNDONE, VIEWS,
};
use super::summary::{Summary, search_key};
use super::{StoreError, Who, WriteError};
use crate::domain::base::Base;
use crate::domain::lifecycle::Ban;
use crate::domain::names;
use crate::domain::text::{Refusal, Text};
use crate::search::SearchKey;
use crate::text;
use redb::{ReadableMultimapTable, ReadableTable, WriteTransaction};

pub struct Tx<'w> {
    pub(super) txn: WriteTransaction,
    who: &'w Who,
    next_seq: u64,
    /// `next_seq` when the transaction began.
    first_seq: u64,
    /// The first event of this transaction, once there is one.
    batch: Option<u64>,
}

impl<'w> Tx<'w> {
    pub(crate) fn new(txn: WriteTransaction, who: &'w Who) -> Result<Tx<'w>, StoreError> {
        if txn.open_table(META)?.get(super::backup::RETIRED)?.is_some() {
            return Err(StoreError::Retired);
        }
        let next_seq = txn
            .open_table(EVENTS)?
            .last()?
            .map_or(1, |(k, _)| k.value() + 1);
        Ok(Tx {
            txn,
            who,
            next_seq,
            first_seq: next_seq,
            batch: None,
        })
    }

    pub(crate) fn commit(self) -> Result<(), StoreError> {
        {
            let mut meta = self.txn.open_table(META)?;
            let generation = meta.get("generation")?.map_or(0, |v| v.value());
            meta.insert("generation", generation + 1)?;
            drop(meta);
            super::snapshot::keep_in_step(&self.txn, generation, generation + 1)?;
        }
        self.txn.commit()?;
        Ok(())
    }

    /// Throws the transaction's writes away.
    pub(crate) fn discard(self) -> Result<(), StoreError> {
        self.txn.abort()?;
        Ok(())
    }

    /// The batch (first event) of this transaction, if it changed anything.
    pub fn batch(&self) -> Option<u64> {
        self.batch
    }

    /// The sequence number of the latest event committed before this transaction began.
    pub fn version_before(&self) -> u64 {
        self.first_seq - 1
    }

    /// The sequence number of the latest event, this transaction's included.
    pub fn version_now(&self) -> u64 {
        self.next_seq - 1
    }

    /// The latest event that changed base `id` (readings aside): its version, and who changed it
    /// when.
    pub fn last_event_of(&self, id: &str) -> Result<Option<Event>, StoreError> {
        let index = self.txn.open_multimap_table(BASE_EVENTS)?;
        let events = self.txn.open_table(EVENTS)?;
        for seq in index.get(id)?.rev() {
            let seq = seq?.value();
            let Some(bytes) = events.get(seq)? else {
                continue;
            };
            let event: Event = decode("events", &seq.to_string(), EVENT_FORMAT, bytes.value())?;
            if event.changed_base() {
                return Ok(Some(event));
            }
        }
        Ok(None)
    }

    pub fn who(&self) -> &Who {
        self.who
    }

    pub fn base(&self, id: &str) -> Result<Base, StoreError> {
        let table = self.txn.open_table(BASES)?;
        let found = table.get(id)?;
        match found {
            Some(bytes) => decode("bases", id, BASE_FORMAT, bytes.value()),
            None => Err(StoreError::NotFound { id: id.to_string() }),
        }
    }

    pub fn exists(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self.txn.open_table(BASES)?.get(id)?.is_some())
    }

    /// The next unused id for applications of `year`: `GDICB-2026-0001`, never reused.
    pub fn next_id(&mut self, year: i32) -> Result<String, StoreError> {
        let prefix = format!("GDICB-{year}");
        let mut counters = self.txn.open_table(COUNTERS)?;
        let mut n = counters.get(prefix.as_str())?.map_or(0, |v| v.value());
        let bases = self.txn.open_table(BASES)?;
        // Skip numbers taken by imported or demo records.
        let id = loop {
            n += 1;
            let id = format!("{prefix}-{n:04}");
            if bases.get(id.as_str())?.is_none() {
                break id;
            }
        };
        counters.insert(prefix.as_str(), n)?;
        Ok(id)
    }

    /// Bans (A14) on the host unit `host`: its removed bases.
    pub fn bans_for_host(&self, host: &str) -> Result<Vec<Ban>, StoreError> {
        let index = self.txn.open_multimap_table(HOST_INDEX)?;
        let mut out = Vec::new();
        for id in index.get(names::key(host).as_str())? {
            let id = id?;
            out.extend(Ban::of(&self.base(id.value())?));
        }
        Ok(out)
    }

    /// Adds a new base; an id already in use is refused.
    pub fn insert(&mut self, base: &Base, action: &str, summary: Text) -> Result<u64, WriteError> {
        if self.exists(&base.id)? {
            let id = &base.id;
            return Err(Refusal::input(text!(
                "编号 {id} 已存在；编号不能重复使用",
                "id {id} already exists; ids are never reused"
            ))
            .into());
        }
        // A new base has no work records yet.
        self.put(base, &search_key(base))?;
        Ok(self.append(
            Some(&base.id),
            action,
            summary,
            events::creation(base),
            None,
        )?)
    }

    /// Adds a base from a bulk load (demo data, generated data). Its creation event names the
    /// source but holds no copy of the record: at 100,000 records the copies would be most of
    /// the file, and the record itself is the state the load created.
    pub fn import(&mut self, base: &Base, summary: Text) -> Result<u64, WriteError> {
        if self.exists(&base.id)? {
            let id = &base.id;
            return Err(Refusal::input(text!(
                "编号 {id} 已存在；编号不能重复使用",
                "id {id} already exists; ids are never reused"
            ))
            .into());
        }
        self.put(base, &search_key(base))?;
        Ok(self.append(Some(&base.id), "import", summary, Vec::new(), None)?)
    }

    /// Changes one base with `f`, which returns a value and a one-line summary for the event.
    /// If `f` refuses, nothing is written. A change that changes nothing records no event.
    pub fn update<R>(
        &mut self,
        id: &str,
        action: &str,
        f: impl FnOnce(&mut Base) -> Result<(R, Text), WriteError>,
    ) -> Result<R, WriteError> {
        let before = self.base(id)?;
        let mut after = before.clone();
        let (value, summary) = f(&mut after)?;
        self.replace(&before, &after, action, summary, None)?;
        Ok(value)
    }

    fn replace(
        &mut self,
        before: &Base,
        after: &Base,
        action: &str,
        summary: Text,
        undoes: Option<u64>,
    ) -> Result<(), StoreError> {
        let changes = events::diff(before, after);
        if changes.is_empty() {
            return Ok(());
        }
        if before.host.name != after.host.name {
            let mut hosts = self.txn.open_multimap_table(HOST_INDEX)?;
            hosts.remove(names::key(&before.host.name).as_str(), before.id.as_str())?;
        }
        let key = self.search_key_of(after)?;
        self.put(after, &key)?;
        self.append(Some(&after.id), action, summary, changes, undoes)?;
        Ok(())
    }

    /// Writes the record, its summary row, its search key and its host-index entry.
    fn put(&mut self, base: &Base, key: &SearchKey) -> Result<(), StoreError> {
        let id = base.id.as_str();
        self.txn
            .open_table(BASES)?
            .insert(id, encode(BASE_FORMAT, base).as_slice())?;
        self.txn
            .open_table(SUMMARIES)?
            .insert(id, encode(SUMMARY_FORMAT, &Summary::of(base)).as_slice())?;
        super::snapshot::put_key(&self.txn, id, key)?;
        self.txn
            .open_multimap_table(HOST_INDEX)?
            .insert(names::key(&base.host.name).as_str(), id)?;
        Ok(())
    }

    pub(super) fn append(
        &mut self,
        base_id: Option<&str>,
        action: &str,
        summary: Text,
        changes: Vec<events::FieldChange>,
        undoes: Option<u64>,
    ) -> Result<u64, StoreError> {
        let seq = self.next_seq;
        self.next_seq += 1;
        let batch = *self.batch.get_or_insert(seq);
        let event = Event {
            seq,
            batch,
            at: self.who.at.to_rfc3339(),
            actor: self.who.actor.clone(),
            base_id: base_id.map(str::to_string),
            action: action.to_string(),
            summary,
            changes,
            undoes,
        };
        self.txn
            .open_table(EVENTS)?
            .insert(seq, encode(EVENT_FORMAT, &event).as_slice())?;
        if let Some(id) = base_id {
            self.txn.open_multimap_table(BASE_EVENTS)?.insert(id, seq)?;
        }
        Ok(seq)
    }

    /// Records an event that concerns no base (e.g. saving a view).
    pub fn note(&mut self, action: &str, summary: Text) -> Result<u64, StoreError> {
        self.append(None, action, summary, Vec::new(), None)
    }

    /// Undoes the batch `batch` with compensating events, one per base it changed; refused if it
    /// was undone already, created a base, or a field it changed has changed since.
    pub fn undo(&mut self, batch: u64) -> Result<Vec<String>, WriteError> {
        if self.txn.open_table(UNDONE)?.get(batch)?.is_some() {
            return Err(Refusal::input(text!(
                "操作 #{batch} 已撤销过",
                "change #{batch} was already undone"
            ))
            .into());
        }
        let mut targets = Vec::new();
        {
            let events = self.txn.open_table(EVENTS)?;
            for entry in events.range(batch..)? {
                let (seq, bytes) = entry?;
                let event: Event = decode(
                    "events",
                    &seq.value().to_string(),
                    EVENT_FORMAT,
                    bytes.value(),
                )?;
                if event.batch != batch {
                    break;
                }
                targets.push(event);
            }
        }
        if targets.is_empty() {
            return Err(Refusal::input(text!(
                "没有编号为 #{batch} 的操作",
                "there is no change #{batch}"
            ))
            .into());
        }
        if targets.iter().any(|e| e.action == "keygen") {
            return Err(Refusal::input(text!(
                "更换保密密钥不能撤销（旧密钥加密的内容已不存在）；需要时再运行 jidi keygen --rotate",
                "a change of note key cannot be undone (nothing sealed to the old key is left); run `jidi keygen --rotate` again if needed"
            ))
            .into());
        }
        let mut ids = Vec::new();
        for event in targets.iter().rev() {
            let Some(id) = event.base_id.as_deref() else {
                continue;
            };
            // Changes to a case or a work record are put back apart from the base's fields.
            let (records, fields): (Vec<_>, Vec<_>) = event
                .changes
                .iter()
                .cloned()
                .partition(Tx::is_record_change);
            for change in &records {
                if !self.revert_record(change)? {
                    let field = &change.field;
                    return Err(Refusal::input(text!(
                        "{id} 的「{field}」在操作 #{batch} 之后又被修改过，不能撤销",
                        "{id}: '{field}' has changed again since change #{batch}; it cannot be undone"
                    ))
                    .into());
                }
            }
            let (zh, en) = (&event.summary.zh, &event.summary.en);
            if !records.is_empty() {
                let undone = records
                    .iter()
                    .map(|c| events::FieldChange {
                        field: c.field.clone(),
                        item: c.item,
                        before: c.after.clone(),
                        after: c.before.clone(),
                    })
                    .collect();
                self.append(
                    Some(id),
                    "undo",
                    text!("撤回：{zh}", "undo: {en}"),
                    undone,
                    Some(batch),
                )?;
            }
            let creation = matches!(event.action.as_str(), "create" | "import");
            if fields.is_empty() && !creation {
                ids.push(id.to_string());
                continue;
            }
            let current = self.base(id)?;
            let reverted = if creation {
                Err(RevertError::Creation)
            } else {
                events::revert(&current, &fields)
            };
            let restored = reverted.map_err(|e| match e {
                RevertError::Creation => Refusal::input(text!(
                    "新建的基地不能撤销（记录不会被删除）；可将其状态设为不予认定",
                    "creating a base cannot be undone (nothing is deleted); end it as not recognised instead"
                )),
                RevertError::ChangedSince(field) => Refusal::input(text!(
                    "{id} 的「{field}」在操作 #{batch} 之后又被修改过，不能撤销",
                    "{id}: '{field}' has changed again since change #{batch}; it cannot be undone"
                )),
            })?;
            let summary = text!("撤回：{zh}", "undo: {en}");
            self.replace(&current, &restored, "undo", summary, Some(batch))?;
            ids.push(id.to_string());
        }
        let undo_batch = self.batch.unwrap_or(batch);
        self.txn.open_table(UNDONE)?.insert(batch, undo_batch)?;
        Ok(ids)
    }

    /// Deletes a shared view (a view is a setting, not a record: the event keeps what it was).
    pub fn delete_view(&mut self, name: &str) -> Result<(), WriteError> {
        let removed = self
            .txn
            .open_table(VIEWS)?
            .remove(name)?
            .map(|v| String::from_utf8_lossy(v.value()).into_owned());
        let Some(was) = removed else {
            return Err(Refusal::input(text!(
                "没有名为「{name}」的视图",
                "no view named '{name}'"
            ))
            .into());
        };
        let changes = vec![events::FieldChange {
            field: format!("view:{name}"),
            item: None,
            before: Some(was),
            after: Some("null".into()),
        }];
        self.append(
            None,
            "view_delete",
            text!("删除视图「{name}」", "deleted view '{name}'"),
            changes,
            None,
        )?;
        Ok(())
    }

    /// Saves (or replaces) a shared view.
    pub fn save_view(&mut self, name: &str, json: &str) -> Result<(), WriteError> {
        let name = names::required("view name", name, names::MAX_NAME)?;
        self.txn
            .open_table(VIEWS)?
            .insert(name.as_str(), json.as_bytes())?;
        self.note(
            "view_save",
            text!("保存视图「{name}」", "saved view '{name}'"),
        )?;
        Ok(())
    }
}
