//! Reading: one read transaction per call, guarded against a damaged file. A read over many
//! entries skips one that cannot be decoded and notes it ([`Store::take_damage`]), so a command
//! about other bases still answers; a read of one named base reports its damage as the error.

use super::codec::{decode, decode_borrowed};
use super::schema::{
    BASE_EVENTS, BASE_FORMAT, BASES, EVENT_FORMAT, EVENTS, HOST_INDEX, KEY_FORMAT, KEYS, META,
    SUMMARIES, SUMMARY_FORMAT, UNDONE, VIEWS,
};
use super::{Event, Store, StoreError, Summary};
use crate::domain::base::Base;
use crate::domain::lifecycle::Ban;
use crate::domain::names;
use crate::search::SearchKey;
use redb::{ReadTransaction, ReadableTable, ReadableTableMetadata};

/// An entry stored under another key than its own: a damaged key.
pub(super) fn misfiled(table: &'static str, key: &str, holds: &str) -> StoreError {
    StoreError::corrupt(table, key, format!("holds the entry of {holds}"))
}

impl Store {
    /// Bumped by every commit; a session polls it to notice other users' changes.
    pub fn generation(&self) -> Result<u64, StoreError> {
        self.guarded(|| {
            let txn = self.read()?;
            Ok(txn
                .open_table(META)?
                .get("generation")?
                .map_or(0, |v| v.value()))
        })
    }

    pub fn count(&self) -> Result<u64, StoreError> {
        self.guarded(|| Ok(self.read()?.open_table(BASES)?.len()?))
    }

    pub fn base(&self, id: &str) -> Result<Base, StoreError> {
        self.guarded(|| {
            let txn = self.read()?;
            let table = txn.open_table(BASES)?;
            let found = table.get(id)?;
            match found {
                Some(bytes) => match decode::<Base>("bases", id, BASE_FORMAT, bytes.value())? {
                    base if base.id == id => Ok(base),
                    base => Err(misfiled("bases", id, &base.id)),
                },
                None => Err(StoreError::NotFound { id: id.to_string() }),
            }
        })
    }

    /// Every record that can be read, all at once: for tests. Commands stream the records
    /// ([`Store::for_each_base`]) or read the one they need.
    #[cfg(test)]
    pub fn bases(&self) -> Result<Vec<Base>, StoreError> {
        let mut out = Vec::new();
        self.for_each_base(|base| out.push(base))?;
        Ok(out)
    }

    /// Decodes the records one at a time, so a pass over all of them holds one in memory.
    pub fn for_each_base(&self, mut f: impl FnMut(Base)) -> Result<(), StoreError> {
        self.guarded(|| {
            let txn = self.read()?;
            let table = txn.open_table(BASES)?;
            let mut read = 0;
            for entry in table.iter()? {
                let (id, bytes) = entry?;
                read += 1;
                match decode::<Base>("bases", id.value(), BASE_FORMAT, bytes.value()) {
                    Ok(base) if base.id == id.value() => f(base),
                    Ok(base) => self.skip(misfiled("bases", id.value(), &base.id))?,
                    Err(e) => self.skip(e)?,
                }
            }
            self.skip_unless_whole("bases", read, table.len()?)
        })
    }

    /// A full pass that met fewer entries than the table holds went past a damaged part of
    /// the file without an error: noted, so the answer is not taken as complete.
    fn skip_unless_whole(
        &self,
        table: &'static str,
        read: u64,
        len: u64,
    ) -> Result<(), StoreError> {
        if read == len {
            return Ok(());
        }
        self.skip(StoreError::corrupt(
            table,
            "*",
            format!("{read} entries read, the table holds {len}"),
        ))
    }

    /// The first `limit` summary rows in id order (a first screen's worth, or all of them).
    pub fn first_summaries(&self, limit: usize) -> Result<Vec<Summary>, StoreError> {
        let mut out = Vec::new();
        if limit > 0 {
            self.for_each_summary(|row| {
                out.push(row);
                out.len() < limit
            })?;
        }
        Ok(out)
    }

    /// Calls `f` with each summary row in id order, decoded one at a time, until it answers
    /// `false`: a list of every base holds one row at a time.
    pub fn for_each_summary(&self, mut f: impl FnMut(Summary) -> bool) -> Result<(), StoreError> {
        self.guarded(|| {
            let txn = self.read()?;
            let table = txn.open_table(SUMMARIES)?;
            let mut read = 0;
            for entry in table.iter()? {
                let (id, bytes) = entry?;
                read += 1;
                match decode::<Summary>("summaries", id.value(), SUMMARY_FORMAT, bytes.value()) {
                    Ok(row) if row.id == id.value() => {
                        if !f(row) {
                            return Ok(());
                        }
                    }
                    Ok(row) => self.skip(misfiled("summaries", id.value(), &row.id))?,
                    Err(e) => self.skip(e)?,
                }
            }
            self.skip_unless_whole("summaries", read, table.len()?)
        })
    }

    /// Every summary row with its search key, in id order, as of one moment (one read
    /// transaction): from the search snapshot where it serves. A row whose summary or key
    /// cannot be read is left out of both lists, so they always line up.
    pub fn summaries_and_keys(
        &self,
    ) -> Result<(Vec<Summary>, Vec<SearchKey<'static>>), StoreError> {
        let parts = self.map_key_parts(|part| {
            (0..part.len())
                .filter_map(|i| Some((part.row(i)?, part.key(i)?.into_owned())))
                .collect::<Vec<_>>()
        })?;
        let mut all: Vec<(Summary, SearchKey<'static>)> = parts.into_iter().flatten().collect();
        // Entries written since the snapshot was built come last.
        if !all.is_sorted_by(|a, b| a.0.id < b.0.id) {
            all.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        }
        Ok(all.into_iter().unzip())
    }

    /// Every summary row with its search key, read from their two tables in id order. A row
    /// whose summary or key cannot be read is left out and noted.
    pub(super) fn rows_and_keys(
        &self,
        txn: &ReadTransaction,
    ) -> Result<Vec<(Summary, SearchKey<'static>)>, StoreError> {
        let summaries = txn.open_table(SUMMARIES)?;
        let keys = txn.open_table(KEYS)?;
        let mut out = Vec::with_capacity(summaries.len()? as usize);
        let mut key_entries = keys.iter()?;
        let mut next_key = key_entries.next().transpose()?;
        for entry in summaries.iter()? {
            let (id, bytes) = entry?;
            let id = id.value();
            // Keys before this row's id belong to no row.
            while let Some((key_id, _)) = &next_key
                && key_id.value() < id
            {
                let orphan = key_id.value().to_string();
                self.skip(StoreError::corrupt(
                    "search_keys",
                    &orphan,
                    "no summary row",
                ))?;
                next_key = key_entries.next().transpose()?;
            }
            let key = match &next_key {
                Some((key_id, key_bytes)) if key_id.value() == id => {
                    decode_borrowed::<SearchKey>("search_keys", id, KEY_FORMAT, key_bytes.value())
                        .map(SearchKey::into_owned)
                }
                _ => Err(StoreError::corrupt("search_keys", id, "missing")),
            };
            if matches!(&next_key, Some((key_id, _)) if key_id.value() == id) {
                next_key = key_entries.next().transpose()?;
            }
            let row =
                decode::<Summary>("summaries", id, SUMMARY_FORMAT, bytes.value()).and_then(|row| {
                    match row.id == id {
                        true => Ok(row),
                        false => Err(misfiled("summaries", id, &row.id)),
                    }
                });
            match (row, key) {
                (Ok(row), Ok(key)) => out.push((row, key)),
                (Err(e), _) | (_, Err(e)) => self.skip(e)?,
            }
        }
        while let Some((key_id, _)) = &next_key {
            let orphan = key_id.value().to_string();
            self.skip(StoreError::corrupt(
                "search_keys",
                &orphan,
                "no summary row",
            ))?;
            next_key = key_entries.next().transpose()?;
        }
        Ok(out)
    }

    /// The summary rows of `ids` that can be read, in that order, in one transaction.
    pub fn summaries_of(&self, ids: &[String]) -> Result<Vec<Summary>, StoreError> {
        self.guarded(|| {
            let txn = self.read()?;
            let table = txn.open_table(SUMMARIES)?;
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                let found = table.get(id.as_str())?;
                let Some(bytes) = found else {
                    return Err(StoreError::NotFound { id: id.clone() });
                };
                match decode::<Summary>("summaries", id, SUMMARY_FORMAT, bytes.value()) {
                    Ok(row) if row.id == *id => out.push(row),
                    Ok(row) => self.skip(misfiled("summaries", id, &row.id))?,
                    Err(e) => self.skip(e)?,
                }
            }
            Ok(out)
        })
    }

    /// The bans every removed base puts on its host unit (A14), from the summary rows: a pass
    /// over every record needs these before it starts, and they are few.
    pub fn bans(&self) -> Result<Vec<Ban>, StoreError> {
        let mut out = Vec::new();
        self.for_each_summary(|row| {
            out.extend(row.ban());
            true
        })?;
        Ok(out)
    }

    /// The bans on the host unit `host` (A14), through the host index: what one base's findings
    /// need, without reading any other record.
    pub fn bans_for_host(&self, host: &str) -> Result<Vec<Ban>, StoreError> {
        self.guarded(|| {
            let txn = self.read()?;
            let index = txn.open_multimap_table(HOST_INDEX)?;
            let summaries = txn.open_table(SUMMARIES)?;
            let mut out = Vec::new();
            for id in index.get(names::key(host).as_str())? {
                let id = id?;
                let id = id.value();
                let Some(bytes) = summaries.get(id)? else {
                    continue;
                };
                match decode::<Summary>("summaries", id, SUMMARY_FORMAT, bytes.value()) {
                    Ok(row) if row.id == id => out.extend(row.ban()),
                    Ok(row) => self.skip(misfiled("summaries", id, &row.id))?,
                    Err(e) => self.skip(e)?,
                }
            }
            Ok(out)
        })
    }

    pub fn summaries(&self) -> Result<Vec<Summary>, StoreError> {
        self.first_summaries(usize::MAX)
    }

    /// Events in order, of one base when `base_id` is given; one that cannot be decoded is
    /// skipped and noted.
    pub fn events(&self, base_id: Option<&str>) -> Result<Vec<Event>, StoreError> {
        self.guarded(|| {
            let txn = self.read()?;
            let events = txn.open_table(EVENTS)?;
            let mut out = Vec::new();
            let mut add = |seq: u64, bytes: &[u8]| -> Result<(), StoreError> {
                let key = seq.to_string();
                match decode::<Event>("events", &key, EVENT_FORMAT, bytes) {
                    Ok(event) if event.seq == seq => out.push(event),
                    Ok(event) => self.skip(misfiled("events", &key, &event.seq.to_string()))?,
                    Err(e) => self.skip(e)?,
                }
                Ok(())
            };
            match base_id {
                Some(id) => {
                    let index = txn.open_multimap_table(BASE_EVENTS)?;
                    for seq in index.get(id)? {
                        let seq = seq?.value();
                        if let Some(bytes) = events.get(seq)? {
                            add(seq, bytes.value())?;
                        }
                    }
                }
                None => {
                    let mut read = 0;
                    for entry in events.iter()? {
                        let (seq, bytes) = entry?;
                        read += 1;
                        add(seq.value(), bytes.value())?;
                    }
                    self.skip_unless_whole("events", read, events.len()?)?;
                }
            }
            out.sort_by_key(|e| e.seq);
            Ok(out)
        })
    }

    /// The latest batch of changes by `actor` that can still be undone: not itself an undo, not
    /// undone already, not a creation. A damaged event on the way is an error: skipping it
    /// could undo an older change than the one meant.
    pub fn last_undoable(&self, actor: &str) -> Result<Option<u64>, StoreError> {
        self.guarded(|| {
            let txn = self.read()?;
            let events = txn.open_table(EVENTS)?;
            let undone = txn.open_table(UNDONE)?;
            for entry in events.iter()?.rev() {
                let (seq, bytes) = entry?;
                let event: Event = decode(
                    "events",
                    &seq.value().to_string(),
                    EVENT_FORMAT,
                    bytes.value(),
                )?;
                if event.actor != actor || event.base_id.is_none() || event.is_reading() {
                    continue;
                }
                if event.undoes.is_some()
                    || matches!(event.action.as_str(), "create" | "import" | "keygen")
                    || undone.get(event.batch)?.is_some()
                {
                    continue;
                }
                return Ok(Some(event.batch));
            }
            Ok(None)
        })
    }

    /// Saved views, name → JSON.
    pub fn views(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.guarded(|| {
            let txn = self.read()?;
            let table = txn.open_table(VIEWS)?;
            let mut out = Vec::new();
            for entry in table.iter()? {
                let (name, bytes) = entry?;
                out.push((
                    name.value().to_string(),
                    String::from_utf8_lossy(bytes.value()).into_owned(),
                ));
            }
            Ok(out)
        })
    }
}
