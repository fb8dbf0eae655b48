//! Backup and restore. A backup is a new database file holding every table as one read
//! transaction saw it, so other users keep working while it is taken. A restore validates the
//! backup, puts it in place of the database, keeps the previous file beside it, and marks that
//! previous file retired in the same step, so a process still holding it stops writing there.

use super::codec::decode;
use super::schema::{
    BASE_EVENTS, BASE_FORMAT, BASES, CASE_INDEX, CASES, COUNTERS, EVENT_FORMAT, EVENTS, HOST_INDEX,
    KEYS, LOOKS, META, SCHEMA_VERSION, SEARCH_PENDING, SEARCH_SNAPSHOT, SETTINGS, SUMMARIES,
    UNDONE, USERS, VIEWS, WORK_NOTES,
};
use super::{Event, Store, StoreError, Tx, Who, WriteError};
use crate::domain::base::Base;
use redb::{
    ConcurrencyMode, Database, Key, MultimapTableDefinition, ReadTransaction, ReadableDatabase,
    ReadableTableMetadata, TableDefinition, TableError, Value, WriteTransaction,
};
use std::path::{Path, PathBuf};

/// What a backup holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupSummary {
    pub schema: u64,
    pub bases: u64,
    pub events: u64,
}

/// A finished restore.
#[derive(Clone, Debug)]
pub struct Restored {
    pub summary: BackupSummary,
    /// Where the database that was replaced now is.
    pub previous: PathBuf,
}

/// The key under which a replaced file is marked retired.
pub(super) const RETIRED: &str = "retired";

fn copy_table<K: Key + 'static, V: Value + 'static>(
    from: &ReadTransaction,
    to: &WriteTransaction,
    table: TableDefinition<K, V>,
    copied: &mut Vec<String>,
) -> Result<(), StoreError> {
    let source = match from.open_table(table) {
        Ok(t) => t,
        Err(TableError::TableDoesNotExist(_)) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    let mut target = to.open_table(table)?;
    for entry in redb::ReadableTable::iter(&source)? {
        let (k, v) = entry?;
        target.insert(k.value(), v.value())?;
    }
    copied.push(redb::TableHandle::name(&table).to_string());
    Ok(())
}

fn copy_multimap<K: Key + 'static, V: Key + 'static>(
    from: &ReadTransaction,
    to: &WriteTransaction,
    table: MultimapTableDefinition<K, V>,
    copied: &mut Vec<String>,
) -> Result<(), StoreError> {
    let source = match from.open_multimap_table(table) {
        Ok(t) => t,
        Err(TableError::TableDoesNotExist(_)) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    let mut target = to.open_multimap_table(table)?;
    for entry in redb::ReadableMultimapTable::iter(&source)? {
        let (k, values) = entry?;
        for v in values {
            target.insert(k.value(), v?.value())?;
        }
    }
    copied.push(redb::MultimapTableHandle::name(&table).to_string());
    Ok(())
}

/// Copies every table of the schema. A table this jidi does not know is refused rather than
/// left out of the copy: a backup that silently drops data is worse than none.
fn copy_all(from: &ReadTransaction, to: &WriteTransaction) -> Result<(), StoreError> {
    let mut copied = Vec::new();
    copy_table(from, to, META, &mut copied)?;
    copy_table(from, to, BASES, &mut copied)?;
    copy_table(from, to, SUMMARIES, &mut copied)?;
    copy_table(from, to, KEYS, &mut copied)?;
    copy_table(from, to, EVENTS, &mut copied)?;
    copy_table(from, to, COUNTERS, &mut copied)?;
    copy_table(from, to, UNDONE, &mut copied)?;
    copy_table(from, to, VIEWS, &mut copied)?;
    copy_table(from, to, USERS, &mut copied)?;
    copy_table(from, to, SETTINGS, &mut copied)?;
    copy_table(from, to, CASES, &mut copied)?;
    copy_table(from, to, WORK_NOTES, &mut copied)?;
    copy_table(from, to, LOOKS, &mut copied)?;
    // The search snapshot with its pending ids and `meta.search_generation`, all as one
    // transaction saw them: in step in the copy exactly when they were in the original.
    copy_table(from, to, SEARCH_SNAPSHOT, &mut copied)?;
    copy_table(from, to, SEARCH_PENDING, &mut copied)?;
    copy_multimap(from, to, CASE_INDEX, &mut copied)?;
    copy_multimap(from, to, BASE_EVENTS, &mut copied)?;
    copy_multimap(from, to, HOST_INDEX, &mut copied)?;
    let names = from
        .list_tables()?
        .map(|t| redb::TableHandle::name(&t).to_string())
        .chain(
            from.list_multimap_tables()?
                .map(|t| redb::MultimapTableHandle::name(&t).to_string()),
        );
    for name in names {
        if !copied.contains(&name) {
            return Err(StoreError::Db(format!(
                "table {name} is not known to this jidi, so it cannot be copied; nothing was written"
            )));
        }
    }
    // A copy is a live database again, not a retired one.
    to.open_table(META)?.remove(RETIRED)?;
    Ok(())
}

/// A temporary path beside `target`, on the same file system, so a rename puts it in place
/// atomically.
fn beside(target: &Path, what: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "jidi".into());
    target.with_file_name(format!(".{name}.{what}-{}", std::process::id()))
}

fn new_database(path: &Path) -> Result<Database, StoreError> {
    Database::builder()
        .set_concurrency_mode(ConcurrencyMode::MultiWriter)
        .create(path)
        .map_err(|e| StoreError::Open {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })
}

/// Makes sure a rename into `dir` survives a crash.
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(dir) = std::fs::File::open(dir)
    {
        let _ = dir.sync_all();
    }
}

/// Copies `from` into a new file built beside `target`, renamed into place once complete.
fn write_copy(from: &ReadTransaction, target: &Path) -> Result<(), StoreError> {
    let temp = beside(target, "backup");
    let _ = std::fs::remove_file(&temp);
    let result = (|| {
        let db = new_database(&temp)?;
        let txn = db.begin_write()?;
        copy_all(from, &txn)?;
        txn.commit()?;
        drop(db);
        std::fs::rename(&temp, target).map_err(|e| StoreError::Open {
            path: target.to_path_buf(),
            detail: e.to_string(),
        })?;
        sync_dir(target);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

fn summary_of(txn: &ReadTransaction, path: &Path) -> Result<BackupSummary, StoreError> {
    let not_jidi = |detail: &str| StoreError::Open {
        path: path.to_path_buf(),
        detail: format!("not a jidi database ({detail})"),
    };
    let meta = match txn.open_table(META) {
        Ok(t) => t,
        Err(TableError::TableDoesNotExist(_)) => return Err(not_jidi("no meta table")),
        Err(e) => return Err(e.into()),
    };
    let schema = redb::ReadableTable::get(&meta, "schema_version")?
        .map(|v| v.value())
        .ok_or_else(|| not_jidi("no schema version"))?;
    if schema > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found: schema,
            supported: SCHEMA_VERSION,
        });
    }
    let bases = txn.open_table(BASES)?;
    let events = txn.open_table(EVENTS)?;
    // Every record and event decodes: a damaged backup is refused before it replaces anything.
    // (Older schemas are migrated when the restored file is opened, through the same code
    // that migrates any old database.)
    if schema == SCHEMA_VERSION {
        for entry in redb::ReadableTable::iter(&bases)? {
            let (id, bytes) = entry?;
            decode::<Base>("bases", id.value(), BASE_FORMAT, bytes.value())?;
        }
        for entry in redb::ReadableTable::iter(&events)? {
            let (seq, bytes) = entry?;
            decode::<Event>(
                "events",
                &seq.value().to_string(),
                EVENT_FORMAT,
                bytes.value(),
            )?;
        }
    }
    Ok(BackupSummary {
        schema,
        bases: bases.len()?,
        events: events.len()?,
    })
}

/// Opens a backup without changing it and checks that it is a jidi database this jidi can
/// read, every record and event intact.
pub fn inspect_backup(path: &Path) -> Result<BackupSummary, StoreError> {
    let open_error = |detail: String| StoreError::Open {
        path: path.to_path_buf(),
        detail,
    };
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => StoreError::NoFile {
            path: path.to_path_buf(),
        },
        _ => open_error(e.to_string()),
    })?;
    if meta.len() == 0 {
        return Err(StoreError::EmptyFile {
            path: path.to_path_buf(),
        });
    }
    let db = Database::builder()
        .set_concurrency_mode(ConcurrencyMode::MultiWriter)
        .open_read_only(path)
        .map_err(|_| StoreError::NotADatabase {
            path: path.to_path_buf(),
        })?;
    let txn = db.begin_read().map_err(StoreError::from);
    txn.and_then(|txn| summary_of(&txn, path))
        .map_err(|e| match e {
            StoreError::NewerSchema { .. } | StoreError::Open { .. } => e,
            other => open_error(format!(
                "damaged, not a usable backup ({})",
                other.message(crate::domain::text::Lang::En)
            )),
        })
}

impl Store {
    /// Writes a consistent copy of the database, as of one read transaction, to `target`,
    /// which must not exist yet.
    pub fn backup_to(&self, target: &Path) -> Result<BackupSummary, StoreError> {
        if target.exists() {
            return Err(StoreError::Exists {
                path: target.to_path_buf(),
            });
        }
        let txn = self.read()?;
        let summary = summary_of(&txn, &self.path)?;
        write_copy(&txn, target)?;
        Ok(summary)
    }

    /// Whether a restore has replaced this file: it must be reopened, never written.
    pub fn retired(&self) -> Result<bool, StoreError> {
        let txn = self.read()?;
        Ok(redb::ReadableTable::get(&txn.open_table(META)?, RETIRED)?.is_some())
    }

    /// Replaces the database with `backup`: validated first; the previous file is kept beside
    /// it and marked retired in the same step. `allow` checks the author's role inside that
    /// step's transaction. Whoever holds the previous file afterwards is refused writes.
    pub fn restore_from(
        &self,
        backup: &Path,
        who: &Who,
        allow: impl FnOnce(&Tx) -> Result<(), WriteError>,
    ) -> Result<Restored, WriteError> {
        let same = |a: &Path, b: &Path| matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b);
        if same(backup, &self.path) {
            let shown = backup.display();
            return Err(crate::domain::text::Refusal::input(crate::text!(
                "{shown} 就是当前的数据库，不能用它自己恢复；请给出一份备份（jidi backup 写的文件）",
                "{shown} is the database itself; a restore needs a backup (a file jidi backup wrote)"
            ))
            .into());
        }
        let summary = inspect_backup(backup)?;
        let staged = beside(&self.path, "restore");
        let _ = std::fs::remove_file(&staged);
        let result = (|| {
            {
                let source = Database::builder()
                    .set_concurrency_mode(ConcurrencyMode::MultiWriter)
                    .open_read_only(backup)
                    .map_err(|e| StoreError::Open {
                        path: backup.to_path_buf(),
                        detail: e.to_string(),
                    })?;
                write_copy(&source.begin_read().map_err(StoreError::from)?, &staged)?;
            }
            let stamp = who.at.format("%Y%m%d-%H%M%S");
            let name = self
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "jidi".into());
            let previous = self
                .path
                .with_file_name(format!("{name}.before-restore-{stamp}"));
            self.write(who, |tx| {
                allow(tx)?;
                tx.retire(backup)?;
                // The swap happens while this transaction holds the write lock, so no other
                // process commits between the two files.
                std::fs::rename(&self.path, &previous).map_err(|e| self.io_error(e))?;
                if let Err(e) = std::fs::rename(&staged, &self.path) {
                    let _ = std::fs::rename(&previous, &self.path);
                    return Err(self.io_error(e).into());
                }
                sync_dir(&self.path);
                Ok(())
            })
            .inspect_err(|_| {
                // The retirement did not commit: put the previous file back if it moved.
                if previous.exists() && !self.path.exists() {
                    let _ = std::fs::rename(&previous, &self.path);
                }
            })?;
            Ok(Restored { summary, previous })
        })();
        let _ = std::fs::remove_file(&staged);
        result
    }

    fn io_error(&self, e: std::io::Error) -> StoreError {
        StoreError::Open {
            path: self.path.clone(),
            detail: e.to_string(),
        }
    }
}

impl Tx<'_> {
    /// Marks this file retired (replaced by a restore from `backup`), with an event saying so.
    fn retire(&mut self, backup: &Path) -> Result<(), StoreError> {
        self.txn.open_table(META)?.insert(RETIRED, 1)?;
        let shown = backup.display();
        self.note(
            "restore",
            crate::text!(
                "已用备份 {shown} 替换本数据库；本文件不再使用",
                "replaced by the backup {shown}; this file is no longer in use"
            ),
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::base_recognised;

    fn who() -> Who {
        Who {
            actor: "tester".into(),
            at: chrono::DateTime::parse_from_rfc3339("2026-11-25T09:00:00+08:00").unwrap(),
        }
    }

    fn store_with_a_base(dir: &Path) -> Store {
        let store = Store::open(&dir.join("jidi.redb")).unwrap();
        let base = base_recognised("2024-03-01");
        store
            .write(&who(), |tx| {
                tx.insert(&base, "create", crate::text!("新建", "created"))
            })
            .unwrap();
        store
    }

    #[test]
    fn a_process_still_holding_the_replaced_file_cannot_write_there() {
        let dir = tempfile::tempdir().unwrap();
        let holder = store_with_a_base(dir.path());
        let restorer = Store::open(holder.path()).unwrap();
        let backup = dir.path().join("copy.redb");
        assert_eq!(restorer.backup_to(&backup).unwrap().bases, 1);
        let restored = restorer.restore_from(&backup, &who(), |_| Ok(())).unwrap();
        assert!(restored.previous.exists());
        assert!(holder.retired().unwrap());
        let refused = holder.write(&who(), |tx| Ok(tx.note("x", crate::text!("x", "x"))?));
        assert!(
            matches!(
                refused,
                Err(WriteError::Store(
                    StoreError::Moved { .. } | StoreError::Retired
                ))
            ),
            "{refused:?}"
        );
        // The file kept aside is retired: opened by its new name, it still refuses writes.
        let aside = Store::open(&restored.previous).unwrap();
        let refused = aside.write(&who(), |tx| Ok(tx.note("x", crate::text!("x", "x"))?));
        assert!(
            matches!(refused, Err(WriteError::Store(StoreError::Retired))),
            "{refused:?}"
        );
        // The file now at the path is live: a new open writes there.
        let fresh = Store::open(holder.path()).unwrap();
        assert!(!fresh.retired().unwrap());
        assert_eq!(fresh.count().unwrap(), 1);
        fresh
            .write(&who(), |tx| Ok(tx.note("x", crate::text!("x", "x"))?))
            .unwrap();
    }

    #[test]
    fn a_refused_restore_leaves_the_file_in_place_and_live() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with_a_base(dir.path());
        let backup = dir.path().join("copy.redb");
        store.backup_to(&backup).unwrap();
        let denied = store.restore_from(&backup, &who(), |_| {
            Err(WriteError::Denied(crate::domain::roles::Denial::read_only()))
        });
        assert!(matches!(denied, Err(WriteError::Denied(_))));
        assert!(!store.retired().unwrap());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            leftovers.len(),
            2,
            "only the database and the backup: {leftovers:?}"
        );
    }

    #[test]
    fn a_migration_keeps_a_copy_of_the_file_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.redb");
        std::fs::copy(
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/store-v1.redb"),
            &path,
        )
        .unwrap();
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), Some(SCHEMA_VERSION));
        let copy = dir.path().join("old.redb.v1-backup");
        let kept = inspect_backup(&copy).unwrap();
        assert_eq!((kept.schema, kept.bases), (1, 2));
    }
}
