//! The database file itself: which file an open holds (so a file deleted or replaced under a
//! running process is noticed), and creating a new one atomically (built beside the target and
//! renamed into place, so an interrupted `jidi init` leaves no half-made file).

use super::StoreError;
use std::fs::File;
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// What the path holds now, compared with the file this process opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileState {
    Same,
    /// Another file is at the path (a restore by copy or rename).
    Replaced,
    /// Nothing is at the path: writes would go into a file no one will open again.
    Deleted,
}

/// Compares the open file (`held`, a handle on the same open file) with what `path` names.
pub(crate) fn state(held: &File, path: &Path) -> FileState {
    let Ok(open) = held.metadata() else {
        return FileState::Same;
    };
    match std::fs::metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => FileState::Deleted,
        // Unreadable path (permissions changed): nothing says the file changed.
        Err(_) => FileState::Same,
        Ok(now) if now.dev() == open.dev() && now.ino() == open.ino() && open.nlink() > 0 => {
            FileState::Same
        }
        Ok(_) => FileState::Replaced,
    }
}

/// Refuses what no open may silently turn into a database: a zero-byte file.
pub(crate) fn refuse_empty(path: &Path) -> Result<(), StoreError> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == 0 => Err(StoreError::EmptyFile {
            path: path.to_path_buf(),
        }),
        _ => Ok(()),
    }
}

pub(crate) fn open_error(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Open {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// A new database being built beside its final path.
pub(crate) struct Draft {
    temp: tempfile::NamedTempFile,
    dir: PathBuf,
    target: PathBuf,
}

impl Draft {
    /// A temporary file in the target's directory (so the rename stays on one file system),
    /// named so a leftover is recognisable: `.jidi.redb.new-XXXXXX`.
    pub(crate) fn new(target: &Path) -> Result<Draft, StoreError> {
        let dir = match target.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(dir) => dir.to_path_buf(),
            None => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir).map_err(|e| open_error(target, e))?;
        let name = target
            .file_name()
            .map_or("jidi".into(), |n| n.to_string_lossy().into_owned());
        // The mode a plain create gives (0666 less the umask), not a temporary file's 0600:
        // a shared database is shared through its group.
        let temp = tempfile::Builder::new()
            .permissions(std::fs::Permissions::from_mode(0o666))
            .prefix(&format!(".{name}.new-"))
            .tempfile_in(&dir)
            .map_err(|e| open_error(target, e))?;
        Ok(Draft {
            temp,
            dir,
            target: target.to_path_buf(),
        })
    }

    pub(crate) fn path(&self) -> &Path {
        self.temp.path()
    }

    /// Makes the draft durable and puts it at the target, unless something appeared there
    /// meanwhile (another `jidi init`): then the draft is dropped and `false` returned.
    pub(crate) fn publish(self) -> Result<bool, StoreError> {
        let Draft { temp, dir, target } = self;
        temp.as_file()
            .sync_all()
            .map_err(|e| open_error(&target, e))?;
        match temp.persist_noclobber(&target) {
            Ok(_) => {}
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => return Ok(false),
            Err(e) => return Err(open_error(&target, e.error)),
        }
        // The rename is durable once the directory is.
        File::open(&dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| open_error(&target, e))?;
        Ok(true)
    }
}
