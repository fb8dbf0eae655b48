//! The store: the only code that touches redb. Records, their summary rows and their events are
//! written together in one transaction; nothing is ever deleted.
//!
//! Every open goes through [`Store::open`], in `ConcurrencyMode::MultiWriter`, so several
//! processes (administrators over SSH, scripts) can share one file: an open in any other mode
//! would lock the others out.

mod codec;
mod events;
mod schema;
mod summary;
mod tx;
mod users;
mod write_error;

pub use events::{Event, FieldChange};
pub use schema::SCHEMA_VERSION;
pub use summary::{Summary, search_key};
pub use tx::Tx;
pub use write_error::{Conflict, WriteError};

use crate::domain::base::Base;
use crate::domain::text::Lang;
use crate::search::SearchKey;
use chrono::{DateTime, FixedOffset};
use codec::{decode, decode_borrowed};
use redb::{
    ConcurrencyMode, Database, ReadableDatabase, ReadableTable, ReadableTableMetadata,
    TransactionError,
};
use schema::{
    BASE_EVENTS, BASE_FORMAT, BASES, EVENT_FORMAT, EVENTS, KEY_FORMAT, KEYS, META, SUMMARIES,
    SUMMARY_FORMAT, UNDONE, VIEWS,
};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug)]
pub enum StoreError {
    /// Another process held the write lock for longer than the busy timeout.
    Busy {
        waited: Duration,
    },
    /// The file was written by a newer jidi.
    NewerSchema {
        found: u64,
        supported: u64,
    },
    /// A stored value could not be decoded.
    Corrupt {
        table: &'static str,
        key: String,
        detail: String,
    },
    NotFound {
        id: String,
    },
    Open {
        path: PathBuf,
        detail: String,
    },
    Db(String),
}

impl StoreError {
    pub fn message(&self, lang: Lang) -> String {
        let text = match self {
            StoreError::Busy { waited } => {
                let secs = waited.as_secs_f32();
                crate::text!(
                    "数据库忙：另一位用户正在写入，已等待 {secs:.1} 秒；请稍后重试",
                    "database busy: another user is writing; gave up after {secs:.1} s — try again shortly"
                )
            }
            StoreError::NewerSchema { found, supported } => crate::text!(
                "数据库格式版本 {found} 比本程序支持的 {supported} 新；请升级 jidi",
                "the database has schema version {found}, newer than this jidi supports ({supported}); upgrade jidi"
            ),
            StoreError::Corrupt { table, key, detail } => crate::text!(
                "数据库表 {table} 中 {key} 的记录无法读取：{detail}",
                "cannot read {key} in table {table}: {detail}"
            ),
            StoreError::NotFound { id } => crate::text!(
                "没有编号为「{id}」的基地；用 jidi list --search 查找编号",
                "no base with id '{id}'; find ids with `jidi list --search`"
            ),
            StoreError::Open { path, detail } => {
                let path = path.display();
                crate::text!(
                    "无法打开数据库 {path}：{detail}",
                    "cannot open the database {path}: {detail}"
                )
            }
            StoreError::Db(detail) => {
                crate::text!("数据库错误：{detail}", "database error: {detail}")
            }
        };
        text.get(lang).to_string()
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for StoreError {}

macro_rules! from_redb {
    ($($t:ty),*) => {$(
        impl From<$t> for StoreError {
            fn from(e: $t) -> Self {
                StoreError::Db(e.to_string())
            }
        }
    )*};
}
from_redb!(
    redb::DatabaseError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError
);

impl From<TransactionError> for StoreError {
    fn from(e: TransactionError) -> Self {
        StoreError::Db(e.to_string())
    }
}

/// Who makes a change and when: recorded in every event.
#[derive(Clone, Debug)]
pub struct Who {
    pub actor: String,
    pub at: DateTime<FixedOffset>,
}

impl Who {
    /// The OS account running jidi, looked up from the process's user id (not from `$USER`,
    /// which anyone can set; roles will be granted by this name), at this instant in `zone`.
    pub fn current(zone: chrono_tz::Tz) -> Who {
        let actor = test_actor()
            .unwrap_or_else(|| whoami::username().unwrap_or_else(|_| "unknown".to_string()));
        Who {
            actor,
            at: chrono::Utc::now().with_timezone(&zone).fixed_offset(),
        }
    }
}

/// Tests act as other users through `JIDI_TEST_ACTOR`; release builds do not read it, so no one
/// can take another account's roles by setting a variable.
#[cfg(debug_assertions)]
fn test_actor() -> Option<String> {
    std::env::var("JIDI_TEST_ACTOR")
        .ok()
        .filter(|a| !a.is_empty())
}

#[cfg(not(debug_assertions))]
fn test_actor() -> Option<String> {
    None
}

pub struct Store {
    db: Database,
    path: PathBuf,
    busy_timeout: Duration,
}

/// How long a write waits for another process's write before giving up (exit code 5).
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

impl Store {
    /// Opens (creating if needed) the database at `path`, migrating an older schema and refusing
    /// a newer one. The one place a redb database is opened.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with_timeout(path, DEFAULT_BUSY_TIMEOUT)
    }

    /// Like [`Store::open`], giving up after `busy_timeout` when another process's write keeps
    /// the file from opening (redb makes a writable open wait for a running write).
    pub fn open_with_timeout(path: &Path, busy_timeout: Duration) -> Result<Store, StoreError> {
        let open_error = |detail: String| StoreError::Open {
            path: path.to_path_buf(),
            detail,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| open_error(e.to_string()))?;
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        let target = path.to_path_buf();
        // On timeout the opening thread is left to finish on its own; the caller has moved on.
        std::thread::spawn(move || {
            let opened = Database::builder()
                .set_concurrency_mode(ConcurrencyMode::MultiWriter)
                .set_cache_size(16 * 1024 * 1024)
                .create(&target);
            let _ = sender.send(opened);
        });
        let started = Instant::now();
        let db = match receiver.recv_timeout(busy_timeout) {
            Ok(opened) => opened.map_err(|e| open_error(e.to_string()))?,
            Err(_) => {
                return Err(StoreError::Busy {
                    waited: started.elapsed(),
                });
            }
        };
        let store = Store {
            db,
            path: path.to_path_buf(),
            busy_timeout,
        };
        store.prepare_schema()?;
        Ok(store)
    }

    fn prepare_schema(&self) -> Result<(), StoreError> {
        let current = self.schema_version()?;
        if current == Some(SCHEMA_VERSION) {
            return Ok(());
        }
        if let Some(found) = current.filter(|v| *v > SCHEMA_VERSION) {
            return Err(StoreError::NewerSchema {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        let txn = self.begin_write()?;
        // Another process may have prepared the file while this one waited for the lock.
        let stored = txn
            .open_table(META)?
            .get("schema_version")?
            .map(|v| v.value());
        match stored {
            None => {
                schema::create_tables(&txn)?;
                txn.open_table(META)?
                    .insert("schema_version", SCHEMA_VERSION)?;
            }
            Some(v) if v == SCHEMA_VERSION => {}
            Some(v) => schema::migrate(&txn, v)?,
        }
        txn.commit()?;
        Ok(())
    }

    /// The stored schema version; `None` for a new, empty file.
    pub fn schema_version(&self) -> Result<Option<u64>, StoreError> {
        let txn = self.db.begin_read()?;
        let meta = match txn.open_table(META) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        Ok(meta.get("schema_version")?.map(|v| v.value()))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Waits for the write lock up to the busy timeout; `begin_write` alone would wait forever.
    fn begin_write(&self) -> Result<redb::WriteTransaction, StoreError> {
        let start = Instant::now();
        let mut pause = Duration::from_millis(2);
        loop {
            match self.db.try_begin_write() {
                Ok(txn) => return Ok(txn),
                Err(TransactionError::WouldBlock) if start.elapsed() < self.busy_timeout => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(50));
                }
                Err(TransactionError::WouldBlock) => {
                    return Err(StoreError::Busy {
                        waited: start.elapsed(),
                    });
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Runs `f` in one write transaction. It commits only if `f` succeeds: a refused or failed
    /// command changes nothing.
    pub fn write<T>(
        &self,
        who: &Who,
        f: impl FnOnce(&mut Tx) -> Result<T, WriteError>,
    ) -> Result<T, WriteError> {
        let txn = self.begin_write()?;
        let mut tx = Tx::new(txn, who)?;
        let value = f(&mut tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs `f` in one write transaction and commits only when it answers `true` with its
    /// value: a rehearsal (an import's dry run) or a batch with bad rows leaves nothing behind,
    /// after seeing exactly what the change would have seen.
    pub fn write_if<T>(
        &self,
        who: &Who,
        f: impl FnOnce(&mut Tx) -> Result<(T, bool), WriteError>,
    ) -> Result<T, WriteError> {
        let txn = self.begin_write()?;
        let mut tx = Tx::new(txn, who)?;
        let (value, keep) = f(&mut tx)?;
        if keep {
            tx.commit()?;
        } else {
            tx.discard()?;
        }
        Ok(value)
    }

    /// Bumped by every commit; a session polls it to notice other users' changes.
    pub fn generation(&self) -> Result<u64, StoreError> {
        let txn = self.db.begin_read()?;
        Ok(txn
            .open_table(META)?
            .get("generation")?
            .map_or(0, |v| v.value()))
    }

    pub fn count(&self) -> Result<u64, StoreError> {
        let txn = self.db.begin_read()?;
        Ok(txn.open_table(BASES)?.len()?)
    }

    pub fn base(&self, id: &str) -> Result<Base, StoreError> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(BASES)?;
        let found = table.get(id)?;
        match found {
            Some(bytes) => decode("bases", id, BASE_FORMAT, bytes.value()),
            None => Err(StoreError::NotFound { id: id.to_string() }),
        }
    }

    /// Every record, decoded. Lists and search use [`Store::summaries`] instead.
    pub fn bases(&self) -> Result<Vec<Base>, StoreError> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(BASES)?;
        let mut out = Vec::with_capacity(table.len()? as usize);
        for entry in table.iter()? {
            let (id, bytes) = entry?;
            out.push(decode("bases", id.value(), BASE_FORMAT, bytes.value())?);
        }
        Ok(out)
    }

    /// Decodes the records one at a time, so a pass over all of them holds one in memory.
    pub fn for_each_base(&self, mut f: impl FnMut(Base)) -> Result<(), StoreError> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(BASES)?;
        for entry in table.iter()? {
            let (id, bytes) = entry?;
            f(decode("bases", id.value(), BASE_FORMAT, bytes.value())?);
        }
        Ok(())
    }

    /// The first `limit` summary rows in id order (a first screen's worth, or all of them).
    pub fn first_summaries(&self, limit: usize) -> Result<Vec<Summary>, StoreError> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(SUMMARIES)?;
        let mut out = Vec::with_capacity(limit.min(table.len()? as usize));
        for entry in table.iter()?.take(limit) {
            let (id, bytes) = entry?;
            out.push(decode(
                "summaries",
                id.value(),
                SUMMARY_FORMAT,
                bytes.value(),
            )?);
        }
        Ok(out)
    }

    /// Every summary row with its search key, in id order, as of one moment (one read
    /// transaction, so the two lists always line up).
    pub fn summaries_and_keys(
        &self,
    ) -> Result<(Vec<Summary>, Vec<SearchKey<'static>>), StoreError> {
        let txn = self.db.begin_read()?;
        let summaries = txn.open_table(SUMMARIES)?;
        let keys = txn.open_table(KEYS)?;
        let mut rows = Vec::with_capacity(summaries.len()? as usize);
        let mut out = Vec::with_capacity(rows.capacity());
        for (summary, key) in summaries.iter()?.zip(keys.iter()?) {
            let ((id, bytes), (key_id, key_bytes)) = (summary?, key?);
            if id.value() != key_id.value() {
                return Err(StoreError::Corrupt {
                    table: "search_keys",
                    key: key_id.value().to_string(),
                    detail: format!("out of step with the summary of {}", id.value()),
                });
            }
            rows.push(decode(
                "summaries",
                id.value(),
                SUMMARY_FORMAT,
                bytes.value(),
            )?);
            let key: SearchKey =
                decode_borrowed("search_keys", id.value(), KEY_FORMAT, key_bytes.value())?;
            out.push(key.into_owned());
        }
        Ok((rows, out))
    }

    /// Calls `f` with every base's id and search key, read in place: a search over every base
    /// allocates only for what it keeps.
    pub fn scan_keys(&self, mut f: impl FnMut(&str, &SearchKey<'_>)) -> Result<(), StoreError> {
        let txn = self.db.begin_read()?;
        let keys = txn.open_table(KEYS)?;
        for entry in keys.iter()? {
            let (id, bytes) = entry?;
            let key: SearchKey =
                decode_borrowed("search_keys", id.value(), KEY_FORMAT, bytes.value())?;
            f(id.value(), &key);
        }
        Ok(())
    }

    /// The summary rows of `ids`, in that order, read in one transaction.
    pub fn summaries_of(&self, ids: &[String]) -> Result<Vec<Summary>, StoreError> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(SUMMARIES)?;
        ids.iter()
            .map(|id| match table.get(id.as_str())? {
                Some(bytes) => decode("summaries", id, SUMMARY_FORMAT, bytes.value()),
                None => Err(StoreError::NotFound { id: id.clone() }),
            })
            .collect()
    }

    pub fn summaries(&self) -> Result<Vec<Summary>, StoreError> {
        self.first_summaries(usize::MAX)
    }

    /// Events in order; of one base when `base_id` is given.
    pub fn events(&self, base_id: Option<&str>) -> Result<Vec<Event>, StoreError> {
        let txn = self.db.begin_read()?;
        let events = txn.open_table(EVENTS)?;
        let decode_event = |seq: u64, bytes: &[u8]| {
            decode::<Event>("events", &seq.to_string(), EVENT_FORMAT, bytes)
        };
        let mut out = Vec::new();
        match base_id {
            Some(id) => {
                let index = txn.open_multimap_table(BASE_EVENTS)?;
                for seq in index.get(id)? {
                    let seq = seq?.value();
                    if let Some(bytes) = events.get(seq)? {
                        out.push(decode_event(seq, bytes.value())?);
                    }
                }
            }
            None => {
                for entry in events.iter()? {
                    let (seq, bytes) = entry?;
                    out.push(decode_event(seq.value(), bytes.value())?);
                }
            }
        }
        out.sort_by_key(|e| e.seq);
        Ok(out)
    }

    /// The latest batch of changes by `actor` that can still be undone: not itself an undo, not
    /// undone already, not a creation.
    pub fn last_undoable(&self, actor: &str) -> Result<Option<u64>, StoreError> {
        let txn = self.db.begin_read()?;
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
            if event.actor != actor || event.base_id.is_none() {
                continue;
            }
            if event.undoes.is_some()
                || matches!(event.action.as_str(), "create" | "import")
                || undone.get(event.batch)?.is_some()
            {
                continue;
            }
            return Ok(Some(event.batch));
        }
        Ok(None)
    }

    /// Saved views, name → JSON.
    pub fn views(&self) -> Result<Vec<(String, String)>, StoreError> {
        let txn = self.db.begin_read()?;
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
    }
}

#[cfg(test)]
mod tests;
