//! What can go wrong with the database file, in words for people: what happened, where, and
//! what to do next.

use crate::domain::sanitize::quote;
use crate::domain::text::Lang;
use std::path::PathBuf;
use std::time::Duration;

/// One record, summary, search key, event or grant that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Damage {
    pub table: &'static str,
    pub key: String,
    pub detail: String,
}

impl Damage {
    /// "bases GDICB-2025-0007: checksum mismatch…".
    pub fn describe(&self) -> String {
        format!("{} {}: {}", self.table, quote(&self.key), self.detail)
    }
}

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
    Corrupt(Damage),
    NotFound {
        id: String,
    },
    /// No file at the path (a read never creates one).
    Missing {
        path: PathBuf,
    },
    /// A zero-byte file: not a database, and not silently made into one.
    EmptyFile {
        path: PathBuf,
    },
    /// A file that is not a redb database at all (a text file, another program's file).
    NotADatabase {
        path: PathBuf,
    },
    /// No file at a path given for something other than the database (a backup to restore).
    NoFile {
        path: PathBuf,
    },
    /// A file a new one (a backup) would overwrite.
    Exists {
        path: PathBuf,
    },
    /// The OS refused to open the file for reading, or (`write`) for writing.
    NoAccess {
        path: PathBuf,
        write: bool,
    },
    Open {
        path: PathBuf,
        detail: String,
    },
    /// The file's structure is broken (redb failed or gave up reading it).
    Damaged {
        detail: String,
    },
    /// The file at the path is no longer the one this process opened: deleted, or replaced (a
    /// restore by copy). Nothing was written.
    Moved {
        path: PathBuf,
        deleted: bool,
    },
    /// A restore replaced this file: whoever still holds it must reopen the database.
    Retired,
    /// A write through a read-only open.
    ReadOnly {
        path: PathBuf,
    },
    /// A writer was interrupted (or the format is older) and the file must be brought up to
    /// date by a writable open, which this user may not make.
    NeedsRecovery {
        path: PathBuf,
    },
    Db(String),
}

impl StoreError {
    pub fn corrupt(table: &'static str, key: &str, detail: impl Into<String>) -> StoreError {
        StoreError::Corrupt(Damage {
            table,
            key: key.to_string(),
            detail: detail.into(),
        })
    }

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
            StoreError::Corrupt(damage) => {
                let what = damage.describe();
                crate::text!(
                    "数据库文件已损坏，无法读取 {what}；运行 jidi check 查看全部损坏，或从备份恢复",
                    "the database file is damaged: cannot read {what}; run `jidi check` to list all damage, or restore from a backup"
                )
            }
            StoreError::NotFound { id } => {
                let id = quote(id);
                crate::text!(
                    "没有编号为「{id}」的基地；用 jidi list --search 查找编号",
                    "no base with id '{id}'; find ids with `jidi list --search`"
                )
            }
            StoreError::Missing { path } => {
                let shown = path.display();
                crate::text!(
                    "数据库 {shown} 不存在；先运行 jidi init（或 jidi init --demo 载入演示数据），或用 --db 指定",
                    "no database at {shown}; run `jidi init` (or `jidi init --demo` for the demo data) or pass --db"
                )
            }
            StoreError::EmptyFile { path } => {
                let shown = path.display();
                crate::text!(
                    "{shown} 是空文件，不是 jidi 数据库；删除它后运行 jidi init，或用 --db 指定正确的文件",
                    "{shown} is an empty file, not a jidi database; remove it and run `jidi init`, or pass --db with the right file"
                )
            }
            StoreError::NotADatabase { path } => {
                let shown = path.display();
                crate::text!(
                    "{shown} 不是 jidi 数据库（连 redb 数据库文件都不是）；用 --db 指定正确的文件，或用 jidi init 在新路径建库",
                    "{shown} is not a jidi database (not a redb file at all); pass --db with the right file, or create one at a new path with `jidi init`"
                )
            }
            StoreError::NoFile { path } => {
                let shown = path.display();
                crate::text!("找不到文件 {shown}", "no file at {shown}")
            }
            StoreError::Exists { path } => {
                let shown = path.display();
                crate::text!(
                    "{shown} 已存在：备份从不覆盖文件；请另给一个路径",
                    "{shown} exists: a backup never overwrites a file; give another path"
                )
            }
            StoreError::NoAccess { path, write } => {
                let shown = path.display();
                if *write {
                    crate::text!(
                        "无权写入 {shown}，未做任何修改；查看用 --read-only，修改请管理员授予该文件的写权限",
                        "no permission to write {shown}, so nothing changed; to look add --read-only, to change ask for write access to the file"
                    )
                } else {
                    crate::text!(
                        "无权读取 {shown}；请管理员让你属于能读取该文件的组",
                        "no permission to read {shown}; ask an admin for membership of the group that may read it"
                    )
                }
            }
            StoreError::Open { path, detail } => {
                let path = path.display();
                crate::text!(
                    "无法打开数据库 {path}：{detail}",
                    "cannot open the database {path}: {detail}"
                )
            }
            StoreError::Retired => crate::text!(
                "这个数据库文件已被备份恢复替换，只作留存，未写入任何内容；请打开恢复后的数据库（原来的路径），已打开的 jidi 请重新打开",
                "this database file was replaced by a restore and is kept for reference only, so nothing was written; use the restored database (at the original path), and reopen a running jidi"
            ),
            StoreError::Damaged { detail } => crate::text!(
                "数据库文件已损坏（{detail}）；运行 jidi check 查看详情，或从备份恢复",
                "the database file is damaged ({detail}); run `jidi check` for details, or restore from a backup"
            ),
            StoreError::Moved { path, deleted } => {
                let shown = path.display();
                if *deleted {
                    crate::text!(
                        "数据库文件 {shown} 已被删除，本次修改未写入；请用 jidi init 新建或从备份恢复后重新打开",
                        "the database file {shown} was deleted; nothing was written. Create it with `jidi init` or restore it, then reopen"
                    )
                } else {
                    crate::text!(
                        "数据库文件 {shown} 已被替换（如从备份恢复），本次修改未写入；请在新文件上重新操作",
                        "the database file {shown} was replaced (a restore?); nothing was written. Make the change again on the new file"
                    )
                }
            }
            StoreError::ReadOnly { path } => {
                let shown = path.display();
                crate::text!(
                    "数据库 {shown} 以只读方式打开，不能写入",
                    "the database {shown} is open read-only: nothing can be written"
                )
            }
            StoreError::NeedsRecovery { path } => {
                let shown = path.display();
                crate::text!(
                    "数据库 {shown} 需要先恢复（上次写入被中断）或升级格式，这需要写权限；请有写权限的用户运行任一 jidi 命令（如 jidi init）后重试",
                    "the database {shown} must first be recovered (a write was interrupted) or upgraded, which needs write access; ask a user who may write it to run any jidi command (e.g. `jidi init`), then try again"
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

/// redb's errors: a file redb finds corrupted is damage (`jidi check`, restore); the others are
/// plain database errors.
fn classify(detail: String, corrupted: bool) -> StoreError {
    if corrupted {
        StoreError::Damaged { detail }
    } else {
        StoreError::Db(detail)
    }
}

/// Damage, as opposed to a plain failure: redb found the file corrupted, a read of it panicked
/// before (the lock it held is poisoned), or the file ends before its contents do (truncated).
fn is_corrupted(e: &redb::StorageError) -> bool {
    match e {
        redb::StorageError::Corrupted(_) | redb::StorageError::LockPoisoned(_) => true,
        redb::StorageError::Io(io) => io.kind() == std::io::ErrorKind::UnexpectedEof,
        _ => false,
    }
}

impl From<redb::StorageError> for StoreError {
    fn from(e: redb::StorageError) -> Self {
        let corrupted = is_corrupted(&e);
        classify(e.to_string(), corrupted)
    }
}

impl From<redb::DatabaseError> for StoreError {
    fn from(e: redb::DatabaseError) -> Self {
        let corrupted = matches!(&e, redb::DatabaseError::Storage(s) if is_corrupted(s));
        classify(e.to_string(), corrupted)
    }
}

impl From<redb::TableError> for StoreError {
    fn from(e: redb::TableError) -> Self {
        let corrupted = matches!(&e, redb::TableError::Storage(s) if is_corrupted(s));
        classify(e.to_string(), corrupted)
    }
}

impl From<redb::CommitError> for StoreError {
    fn from(e: redb::CommitError) -> Self {
        let corrupted = matches!(&e, redb::CommitError::Storage(s) if is_corrupted(s));
        classify(e.to_string(), corrupted)
    }
}

impl From<redb::TransactionError> for StoreError {
    fn from(e: redb::TransactionError) -> Self {
        let corrupted = matches!(&e, redb::TransactionError::Storage(s) if is_corrupted(s));
        classify(e.to_string(), corrupted)
    }
}
