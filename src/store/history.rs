//! The history as one read transaction sees it, walked either way one event at a time: `jidi
//! log --limit 20` reads twenty events, not the whole history, and a log of every event prints
//! as it reads, holding one event at a time.

use super::codec::decode;
use super::schema::{BASE_EVENTS, EVENT_FORMAT, EVENTS, SUMMARIES, SUMMARY_FORMAT};
use super::{Event, Store, StoreError, Summary};
use redb::{ReadTransaction, ReadableTable};

/// One read transaction's view of the events.
pub struct History<'s> {
    store: &'s Store,
    txn: ReadTransaction,
}

impl Store {
    /// The history as of now; later commits are not in it.
    pub fn history(&self) -> Result<History<'_>, StoreError> {
        Ok(History {
            store: self,
            txn: self.guarded(|| self.read())?,
        })
    }

    /// Walks the events newest first (of one base when `base_id` is given) until `f` says
    /// stop. One that cannot be decoded is skipped and noted.
    pub fn events_newest_first(
        &self,
        base_id: Option<&str>,
        f: impl FnMut(Event) -> bool,
    ) -> Result<(), StoreError> {
        self.history()?.walk(base_id, None, true, f)
    }
}

impl History<'_> {
    /// Walks the events newest first until `f` says stop.
    pub fn newest_first(
        &self,
        base_id: Option<&str>,
        f: impl FnMut(Event) -> bool,
    ) -> Result<(), StoreError> {
        self.walk(base_id, None, true, f)
    }

    /// Walks the events from sequence number `from` on, oldest first, until `f` says stop.
    pub fn oldest_first(
        &self,
        base_id: Option<&str>,
        from: u64,
        f: impl FnMut(Event) -> bool,
    ) -> Result<(), StoreError> {
        self.walk(base_id, Some(from), false, f)
    }

    /// The summary row of base `id`, as of this history (`None`: no such base, or damaged).
    pub fn summary(&self, id: &str) -> Result<Option<Summary>, StoreError> {
        self.store.guarded(|| {
            let table = self.txn.open_table(SUMMARIES)?;
            let Some(bytes) = table.get(id)? else {
                return Ok(None);
            };
            Ok(
                decode::<Summary>("summaries", id, SUMMARY_FORMAT, bytes.value())
                    .ok()
                    .filter(|row| row.id == id),
            )
        })
    }

    fn walk(
        &self,
        base_id: Option<&str>,
        from: Option<u64>,
        newest_first: bool,
        mut f: impl FnMut(Event) -> bool,
    ) -> Result<(), StoreError> {
        let store = self.store;
        store.guarded(|| {
            let events = self.txn.open_table(EVENTS)?;
            let mut visit = |seq: u64, bytes: &[u8]| -> Result<bool, StoreError> {
                let key = seq.to_string();
                match decode::<Event>("events", &key, EVENT_FORMAT, bytes) {
                    Ok(event) if event.seq == seq => Ok(f(event)),
                    Ok(event) => {
                        store.skip(super::read::misfiled(
                            "events",
                            &key,
                            &event.seq.to_string(),
                        ))?;
                        Ok(true)
                    }
                    Err(e) => {
                        store.skip(e)?;
                        Ok(true)
                    }
                }
            };
            let from = from.unwrap_or(0);
            match base_id {
                Some(id) => {
                    let index = self.txn.open_multimap_table(BASE_EVENTS)?;
                    let seqs = index.get(id)?;
                    let mut each = |seq: redb::AccessGuard<'_, u64>| -> Result<bool, StoreError> {
                        let seq = seq.value();
                        match events.get(seq)? {
                            Some(bytes) if seq >= from => visit(seq, bytes.value()),
                            _ => Ok(true),
                        }
                    };
                    if newest_first {
                        for seq in seqs.rev() {
                            if !each(seq?)? {
                                break;
                            }
                        }
                    } else {
                        for seq in seqs {
                            if !each(seq?)? {
                                break;
                            }
                        }
                    }
                }
                None if newest_first => {
                    for entry in events.iter()?.rev() {
                        let (seq, bytes) = entry?;
                        if !visit(seq.value(), bytes.value())? {
                            break;
                        }
                    }
                }
                None => {
                    for entry in events.range(from..)? {
                        let (seq, bytes) = entry?;
                        if !visit(seq.value(), bytes.value())? {
                            break;
                        }
                    }
                }
            }
            Ok(())
        })
    }
}
