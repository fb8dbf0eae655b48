//! The store: the only code that touches redb. Records, their summary rows and their events are
//! written together in one transaction; nothing is ever deleted.
//!
//! Every open goes through this module, in `ConcurrencyMode::MultiWriter`, so several
//! processes (administrators over SSH, scripts) can share one file: an open in any other mode
//! would lock the others out. Reads open the file read-only and never create or change it;
//! a new file is built beside its path and renamed into place. Every call is guarded: a file
//! damaged on disk is reported ([`StoreError::Damaged`], [`StoreError::Corrupt`]), never a
//! panic, and a file deleted or replaced under a running process is noticed before each write.

mod backup;
mod base_format1;
mod cases;
mod check;
mod codec;
mod error;
mod events;
mod file;
mod guard;
mod history;
mod read;
mod schema;
mod settings;
mod snapshot;
mod summary;
mod tx;
mod users;
mod write_error;

pub use backup::{BackupSummary, Restored, inspect_backup};
pub use cases::{Look, WorkNote};
pub use check::{CheckReport, RedbVerdict};
pub use error::{Damage, StoreError};
pub use events::{Event, FieldChange, READ_ACTION};
pub use file::FileState;
pub use history::History;
pub use schema::SCHEMA_VERSION;
pub use settings::NoteKey;
pub use snapshot::{KeyPart, SnapshotState};
pub use summary::{KEY_NOTE_CHARS, KEY_NOTES, Summary, search_key, search_key_with_notes};
pub use tx::Tx;
pub use write_error::{Conflict, WriteError};

use crate::domain::text::Text;
use chrono::{DateTime, FixedOffset};
pub use guard::absorb_guarded_panic;
use guard::guarded;
use redb::backends::FileBackend;
use redb::{
    ConcurrencyMode, Database, ReadOnlyDatabase, ReadTransaction, ReadableDatabase, ReadableTable,
    TransactionError,
};
use schema::META;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// Who makes a change and when: recorded in every event.
#[derive(Clone, Debug)]
pub struct Who {
    pub actor: String,
    pub at: DateTime<FixedOffset>,
}

impl Who {
    /// The OS account running jidi, looked up from the process's user id (not from `$USER`,
    /// which anyone can set; roles are granted by this name), at this instant in `zone`.
    pub fn current(zone: chrono_tz::Tz) -> Who {
        let actor = test_actor().unwrap_or_else(|| {
            // SAFETY: geteuid has no preconditions and cannot fail.
            let uid = unsafe { libc::geteuid() };
            account_name(whoami::username().ok(), uid)
        });
        Who {
            actor,
            at: chrono::Utc::now().with_timezone(&zone).fixed_offset(),
        }
    }
}

/// The account's name, or `uid:4242` for a user id with no passwd entry (a container, an
/// LDAP outage): still one account per id, never a shared `unknown`.
fn account_name(name: Option<String>, uid: u32) -> String {
    name.filter(|n| !n.is_empty())
        .unwrap_or_else(|| format!("uid:{uid}"))
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

/// How an open may use the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    Write,
    Read,
}

enum Db {
    Writable(Arc<Database>),
    ReadOnly(ReadOnlyDatabase),
}

/// One open of the file: the database, and a second handle on the same open file, by which
/// the file's identity is compared with what the path names.
struct Opened {
    db: Db,
    held: File,
}

impl Opened {
    fn begin_read(&self) -> Result<ReadTransaction, TransactionError> {
        match &self.db {
            Db::Writable(db) => db.begin_read(),
            Db::ReadOnly(db) => db.begin_read(),
        }
    }
}

/// What a running console should tell its user about the file (see [`Store::take_notice`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: Text,
    /// The file was replaced and has been opened again: every view must be reloaded.
    pub reopened: bool,
}

pub struct Store {
    opened: RwLock<Arc<Opened>>,
    path: PathBuf,
    access: Access,
    busy_timeout: Duration,
    /// Records and events skipped by reads because they could not be decoded, not yet reported.
    damage: Mutex<Vec<Damage>>,
    /// The file's state as last reported by [`Store::take_notice`].
    reported: Mutex<FileState>,
}

/// How long a write waits for another process's write before giving up (exit code 5).
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// What a writable open may take beyond the busy timeout: redb takes the write lock to open a
/// file for writing (so it waits for a running write) and reads the file's header.
const OPEN_ALLOWANCE: Duration = Duration::from_secs(2);

fn open_file(path: &Path, access: Access) -> Result<Opened, StoreError> {
    let file = OpenOptions::new()
        .read(true)
        .write(access == Access::Write)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => StoreError::Missing {
                path: path.to_path_buf(),
            },
            std::io::ErrorKind::PermissionDenied => StoreError::NoAccess {
                path: path.to_path_buf(),
                write: access == Access::Write,
            },
            _ => file::open_error(path, e),
        })?;
    let held = file.try_clone().map_err(|e| file::open_error(path, e))?;
    let mut builder = Database::builder();
    builder
        .set_concurrency_mode(ConcurrencyMode::MultiWriter)
        .set_cache_size(match access {
            // A command reads what it reads once: a small cache leaves it little memory to
            // take and fault in (a search reads its snapshot piece by piece through it).
            Access::Read => 4 << 20,
            Access::Write => 16 << 20,
        });
    let backend = FileBackend::new(file)?;
    // redb says so in its message only: a file that is no redb database at all.
    let not_redb = |e: redb::DatabaseError| -> StoreError {
        if e.to_string().contains("Not a redb database") {
            StoreError::NotADatabase {
                path: path.to_path_buf(),
            }
        } else {
            e.into()
        }
    };
    let db = match access {
        Access::Write => Db::Writable(Arc::new(
            builder.create_with_backend(backend).map_err(not_redb)?,
        )),
        Access::Read => Db::ReadOnly(builder.open_read_only_with_backend(backend).map_err(
            |e| match e {
                redb::DatabaseError::RepairAborted => StoreError::NeedsRecovery {
                    path: path.to_path_buf(),
                },
                other => not_redb(other),
            },
        )?),
    };
    Ok(Opened { db, held })
}

impl Store {
    /// Opens the database at `path` for reading and writing, creating it (atomically) if
    /// missing, migrating an older schema and refusing a newer one.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with_timeout(path, DEFAULT_BUSY_TIMEOUT)
    }

    /// Like [`Store::open`]; a write gives up after `busy_timeout` when another process's
    /// write holds the lock (zero: at once).
    pub fn open_with_timeout(path: &Path, busy_timeout: Duration) -> Result<Store, StoreError> {
        if !path.exists() {
            match Store::create_new(path, busy_timeout, |_| Ok::<_, StoreError>(())) {
                // Another process made it meanwhile: open theirs.
                Err(StoreError::Open { .. }) if path.exists() => {}
                other => other?,
            }
        }
        Store::open_existing(path, busy_timeout)
    }

    fn open_existing(path: &Path, busy_timeout: Duration) -> Result<Store, StoreError> {
        file::refuse_empty(path)?;
        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
        let target = path.to_path_buf();
        // On timeout the opening thread is left to finish on its own; the caller has moved on.
        std::thread::spawn(move || {
            let _ = sender.send(guarded(|| open_file(&target, Access::Write)));
        });
        let started = Instant::now();
        let opened = match receiver.recv_timeout(busy_timeout + OPEN_ALLOWANCE) {
            Ok(opened) => opened?,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                return Err(StoreError::Busy {
                    waited: started.elapsed(),
                });
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                return Err(StoreError::Damaged {
                    detail: "the open stopped without an answer".into(),
                });
            }
        };
        let store = Store::with(opened, path, Access::Write, busy_timeout);
        guarded(|| store.prepare_schema())?;
        Ok(store)
    }

    fn with(opened: Opened, path: &Path, access: Access, busy_timeout: Duration) -> Store {
        Store {
            opened: RwLock::new(Arc::new(opened)),
            path: path.to_path_buf(),
            access,
            busy_timeout,
            damage: Mutex::new(Vec::new()),
            reported: Mutex::new(FileState::Same),
        }
    }

    /// Opens an existing database for reading only: the file is neither created nor changed,
    /// and a file its user may only read can be read. A file an interrupted writer left for
    /// recovery, or of an older schema, is first brought up to date through a writable open
    /// when the user may write it.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        file::refuse_empty(path)?;
        let opened = match guarded(|| open_file(path, Access::Read)) {
            Err(StoreError::NeedsRecovery { .. }) => {
                Store::bring_up_to_date(path)?;
                guarded(|| open_file(path, Access::Read))?
            }
            other => other?,
        };
        let store = Store::with(opened, path, Access::Read, DEFAULT_BUSY_TIMEOUT);
        match store.schema_version()? {
            Some(SCHEMA_VERSION) => Ok(store),
            Some(found) if found > SCHEMA_VERSION => Err(StoreError::NewerSchema {
                found,
                supported: SCHEMA_VERSION,
            }),
            _ => {
                drop(store);
                Store::bring_up_to_date(path)?;
                Store::open_read_only(path)
            }
        }
    }

    /// A writable open, which recovers an interrupted write and migrates an older schema.
    fn bring_up_to_date(path: &Path) -> Result<(), StoreError> {
        match Store::open_existing(path, DEFAULT_BUSY_TIMEOUT) {
            Err(StoreError::Open { .. }) => Err(StoreError::NeedsRecovery {
                path: path.to_path_buf(),
            }),
            other => other.map(drop),
        }
    }

    /// Creates a new database at `path`, runs `fill` on it, and only then puts it at `path`:
    /// an interrupted creation leaves nothing there. Refused if `path` exists.
    pub fn create_new<T, E: From<StoreError>>(
        path: &Path,
        busy_timeout: Duration,
        fill: impl FnOnce(&Store) -> Result<T, E>,
    ) -> Result<T, E> {
        if path.exists() {
            return Err(file::open_error(path, "a file is already there").into());
        }
        let draft = file::Draft::new(path)?;
        let value = {
            let store = Store::open_existing_draft(draft.path(), busy_timeout)?;
            fill(&store)?
        };
        if draft.publish()? {
            Ok(value)
        } else {
            Err(file::open_error(path, "another process created it meanwhile").into())
        }
    }

    /// The draft is empty; redb makes it a database, then the schema is written.
    fn open_existing_draft(path: &Path, busy_timeout: Duration) -> Result<Store, StoreError> {
        let opened = guarded(|| open_file(path, Access::Write))?;
        let store = Store::with(opened, path, Access::Write, busy_timeout);
        guarded(|| store.prepare_schema())?;
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
        if let Some(found) = current {
            // A migration rewrites the file: keep a copy of it as it was first.
            let backup = (1..)
                .map(|n| {
                    let suffix = if n == 1 {
                        String::new()
                    } else {
                        format!("-{n}")
                    };
                    let name = self.path.file_name().unwrap_or_default().to_string_lossy();
                    self.path
                        .with_file_name(format!("{name}.v{found}-backup{suffix}"))
                })
                .find(|p| !p.exists())
                .expect("some file name is free");
            self.backup_to(&backup)?;
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
        guarded(|| {
            let txn = self.read()?;
            let meta = match txn.open_table(META) {
                Ok(t) => t,
                Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
                Err(e) => return Err(e.into()),
            };
            Ok(meta.get("schema_version")?.map(|v| v.value()))
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn current(&self) -> Arc<Opened> {
        self.opened
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// A read transaction on the file as of now.
    fn read(&self) -> Result<ReadTransaction, StoreError> {
        Ok(self.current().begin_read()?)
    }

    /// Waits for the write lock up to the busy timeout. A waiter waits in the kernel's queue
    /// for the lock (a blocking `begin_write` on a helper thread), not by polling: a poller
    /// asleep between tries lost the lock, again and again, to processes that just arrived,
    /// and one waited 2.7 s behind seven others whose writes took 5 ms.
    fn begin_write(&self) -> Result<redb::WriteTransaction, StoreError> {
        let db = match &self.current().db {
            Db::Writable(db) => db.clone(),
            Db::ReadOnly(_) => {
                return Err(StoreError::ReadOnly {
                    path: self.path.clone(),
                });
            }
        };
        match db.try_begin_write() {
            Ok(txn) => return Ok(txn),
            Err(TransactionError::WouldBlock) => {}
            Err(e) => return Err(e.into()),
        }
        let started = Instant::now();
        if self.busy_timeout.is_zero() {
            return Err(StoreError::Busy {
                waited: started.elapsed(),
            });
        }
        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
        // A waiter given up on still takes its turn, then drops the transaction (an abort).
        std::thread::spawn(move || {
            let _ = sender.send(guarded(|| Ok::<_, StoreError>(db.begin_write()?)));
        });
        match receiver.recv_timeout(self.busy_timeout) {
            Ok(txn) => txn,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(StoreError::Busy {
                waited: started.elapsed(),
            }),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(StoreError::Damaged {
                detail: "waiting for the write lock stopped without an answer".into(),
            }),
        }
    }

    /// Runs `f` in one write transaction. It commits only if `f` succeeds: a refused or failed
    /// command changes nothing. Refused, before anything is written, when the file at the path
    /// is no longer the one this store opened.
    pub fn write<T>(
        &self,
        who: &Who,
        f: impl FnOnce(&mut Tx) -> Result<T, WriteError>,
    ) -> Result<T, WriteError> {
        guarded(|| {
            let txn = self.begin_write()?;
            self.refuse_moved()?;
            let mut tx = Tx::new(txn, who)?;
            let value = f(&mut tx)?;
            tx.commit()?;
            Ok(value)
        })
    }

    /// Runs `f` in one write transaction and commits only when it answers `true` with its
    /// value: a rehearsal (an import's dry run) or a batch with bad rows leaves nothing behind,
    /// after seeing exactly what the change would have seen.
    pub fn write_if<T>(
        &self,
        who: &Who,
        f: impl FnOnce(&mut Tx) -> Result<(T, bool), WriteError>,
    ) -> Result<T, WriteError> {
        guarded(|| {
            let txn = self.begin_write()?;
            self.refuse_moved()?;
            let mut tx = Tx::new(txn, who)?;
            let (value, keep) = f(&mut tx)?;
            if keep {
                tx.commit()?;
            } else {
                tx.discard()?;
            }
            Ok(value)
        })
    }

    /// Whether the path still names the file this store has open: two `stat` calls, cheap
    /// enough for every write and every refresh poll.
    pub fn file_state(&self) -> FileState {
        file::state(&self.current().held, &self.path)
    }

    fn refuse_moved(&self) -> Result<(), StoreError> {
        match self.file_state() {
            FileState::Same => Ok(()),
            moved => Err(StoreError::Moved {
                path: self.path.clone(),
                deleted: moved == FileState::Deleted,
            }),
        }
    }

    /// Opens the file now at the path in place of the one held (after a restore by copy).
    pub fn reopen(&self) -> Result<(), StoreError> {
        file::refuse_empty(&self.path)?;
        let opened = guarded(|| open_file(&self.path, self.access))?;
        *self
            .opened
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(opened);
        self.schema_version()?;
        Ok(())
    }

    /// What a console's refresh poll should show: the file replaced (it is opened again) or
    /// deleted (writes are refused; said once), and records skipped as damaged since the last
    /// call.
    pub fn take_notice(&self) -> Option<Notice> {
        let mut lines = Vec::new();
        let mut reopened = false;
        let state = self.file_state();
        let mut reported = self
            .reported
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match state {
            FileState::Replaced => match self.reopen() {
                Ok(()) => {
                    reopened = true;
                    *reported = FileState::Same;
                    lines.push(crate::text!(
                        "数据库文件已被替换（如从备份恢复），已改为打开新文件",
                        "the database file was replaced (a restore?); the new file is now open"
                    ));
                }
                Err(e) => lines.push(Text::new(
                    e.message(crate::domain::text::Lang::Zh),
                    e.message(crate::domain::text::Lang::En),
                )),
            },
            FileState::Deleted if *reported != FileState::Deleted => {
                *reported = FileState::Deleted;
                let e = StoreError::Moved {
                    path: self.path.clone(),
                    deleted: true,
                };
                lines.push(Text::new(
                    e.message(crate::domain::text::Lang::Zh),
                    e.message(crate::domain::text::Lang::En),
                ));
            }
            FileState::Deleted => {}
            FileState::Same => *reported = FileState::Same,
        }
        let damage = self.take_damage();
        if !damage.is_empty() {
            let n = damage.len();
            let ids: Vec<String> = damage.iter().take(5).map(Damage::describe).collect();
            let ids = ids.join("; ");
            lines.push(crate::text!(
                "{n} 条记录已损坏，未显示（{ids}）；运行 jidi check，或从备份恢复",
                "{n} damaged entries are not shown ({ids}); run `jidi check`, or restore from a backup"
            ));
        }
        if lines.is_empty() {
            return None;
        }
        let zh: Vec<&str> = lines.iter().map(|t| t.zh.as_str()).collect();
        let en: Vec<&str> = lines.iter().map(|t| t.en.as_str()).collect();
        Some(Notice {
            text: Text::new(zh.join("；"), en.join("; ")),
            reopened,
        })
    }

    /// A guarded read: a damaged file is also noted for [`Store::take_notice`], so a console
    /// whose background load failed says why.
    fn guarded<T>(&self, f: impl FnOnce() -> Result<T, StoreError>) -> Result<T, StoreError> {
        let result = guarded(f);
        if let Err(StoreError::Damaged { detail }) = &result {
            self.note(Damage {
                table: "*",
                key: "*".into(),
                detail: detail.clone(),
            });
        }
        result
    }

    fn note(&self, damage: Damage) {
        let mut seen = self
            .damage
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if !seen.contains(&damage) {
            seen.push(damage);
        }
    }

    /// Notes damage a read met and went past (an entry left out).
    fn note_damage(&self, error: StoreError) {
        if let StoreError::Corrupt(damage) = error {
            self.note(damage);
        }
    }

    /// Notes an entry a read skipped because it could not be decoded.
    fn skip(&self, error: StoreError) -> Result<(), StoreError> {
        match error {
            StoreError::Corrupt(damage) => {
                self.note(damage);
                Ok(())
            }
            other => Err(other),
        }
    }

    /// Entries skipped by reads since the last call: each is named, so a command can finish
    /// with what it could read and then report them (and exit 1).
    pub fn take_damage(&self) -> Vec<Damage> {
        std::mem::take(
            &mut *self
                .damage
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        )
    }
}

#[cfg(test)]
mod tests;
