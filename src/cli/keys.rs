//! The key of confidential note text (A15.3.4): `jidi keygen` makes it, `init` and `gen` make one
//! for a new database, and `show` opens note text with it for a security user.

use super::{EXIT_OK, Session, out};
use crate::domain::base::Base;
use crate::domain::confidential::Notes;
use crate::domain::text::{Refusal, Text};
use crate::seal::OpenKey;
use crate::service;
use crate::store::Store;
use crate::text;
use anyhow::Result;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where a new key goes unless a path is given: beside the user's config file, `notes.key`, or
/// `notes-2.key`… when that is taken (another database's key).
fn default_key_path(session: &Session) -> PathBuf {
    // Beside the key this user is configured to use (where the security group reads keys),
    // else beside their config file.
    let dir = session
        .settings
        .note_key
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .or_else(|| {
            crate::config::ConfigPaths::from_env()
                .user
                .and_then(|p| p.parent().map(Path::to_path_buf))
        })
        .unwrap_or_else(|| PathBuf::from("."));
    (1..)
        .map(|n| match n {
            1 => dir.join("notes.key"),
            n => dir.join(format!("notes-{n}.key")),
        })
        .find(|p| !p.exists())
        .expect("some file name is free")
}

/// Writes a new key file readable by its owner and group only (0640), never over another file.
fn write_key_file(path: &Path, key: &OpenKey, created: &str) -> Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let shown = path.display().to_string();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o640)
        .open(path)
        .map_err(|e| {
            let why = e.to_string();
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Refusal::input(text!(
                    "{shown} 已存在，不会覆盖；请另给一个路径：jidi keygen PATH",
                    "{shown} exists and is not overwritten; give another path: jidi keygen PATH"
                ))
            } else {
                Refusal::input(text!(
                    "无法创建密钥文件 {shown}：{why}",
                    "cannot create the key file {shown}: {why}"
                ))
            }
        })?;
    // The umask may have taken the group's read bit; the security group needs it.
    file.set_permissions(std::fs::Permissions::from_mode(0o640))?;
    file.write_all(key.file_text(created).as_bytes())?;
    file.sync_all()?;
    Ok(())
}

/// Makes a key at `path` (or the default place) and records it in `store`; a key file whose
/// database refuses it is removed again. Returns the path and how many texts were sealed.
pub(super) fn make_key(
    session: &Session,
    store: &Store,
    path: Option<PathBuf>,
    old: Option<&OpenKey>,
) -> Result<(PathBuf, usize)> {
    let path = path.unwrap_or_else(|| default_key_path(session));
    let path = std::path::absolute(&path).unwrap_or(path);
    let key = OpenKey::generate();
    write_key_file(&path, &key, &session.today.to_string())?;
    let sealed = service::set_note_key(
        store,
        &session.who(),
        session.ctx(),
        &key.seal_key(),
        &path,
        old,
    );
    match sealed {
        Ok(n) => Ok((path, n)),
        Err(e) => {
            let _ = std::fs::remove_file(&path);
            Err(e.into())
        }
    }
}

fn tell_where(session: &Session, path: &Path) {
    let shown = path.display();
    out(&format!(
        "{}\n",
        session.t(&text!(
            "保密说明的私钥已写入 {shown}（权限 0640）。只让保密员组读取它：chgrp 保密员组 {shown}；其他用户在 config.toml 中用 note_key 指向它",
            "the confidential-note key was written to {shown} (mode 0640). Let only the security group read it: chgrp <security-group> {shown}; other users point note_key in config.toml at it"
        ))
    ));
}

/// `jidi keygen [PATH] [--rotate]`.
pub fn keygen(session: &Session, path: Option<PathBuf>, rotate: bool) -> Result<u8> {
    let store = session.open_to_write()?;
    let old = if rotate {
        if store.note_key()?.is_none() {
            return Err(Refusal::input(text!(
                "本数据库还没有密钥，无需 --rotate；直接运行 jidi keygen",
                "this database has no key yet, so there is nothing to rotate: run `jidi keygen`"
            ))
            .into());
        }
        Some(open_key(session, &store).map_err(Refusal::input)?)
    } else {
        None
    };
    let (path, sealed) = make_key(session, &store, path, old.as_ref())?;
    tell_where(session, &path);
    if let Some(configured) = session.settings.note_key.as_deref()
        && configured != path
    {
        let (old, new) = (configured.display(), path.display());
        out(&format!(
            "{}\n",
            session.t(&text!(
                "注意：config.toml 的 note_key 仍指向 {old}，它已打不开本数据库的说明；请改为 {new}（用户和系统的 config.toml 都要检查）",
                "note: note_key in config.toml still names {old}, which no longer opens this database's notes; change it to {new} (check both the user's and the system's config.toml)"
            ))
        ));
    }
    if sealed > 0 {
        out(&format!(
            "{}\n",
            session.t(&text!(
                "已用新密钥加密 {sealed} 段说明",
                "{sealed} note texts sealed to the new key"
            ))
        ));
    }
    Ok(EXIT_OK)
}

/// A key for a database that has none yet (`init`, `gen`), so notes are sealed from the start.
pub(super) fn ensure_key(session: &Session, store: &Store) -> Result<()> {
    if store.note_key()?.is_none() {
        let (path, _) = make_key(session, store, None, None)?;
        tell_where(session, &path);
    }
    Ok(())
}

/// The private key this user can read for `store` (see [`service::open_key`]).
pub(super) fn open_key(session: &Session, store: &Store) -> Result<OpenKey, Text> {
    service::open_key(store, session.settings.note_key.as_deref())
}

/// What this user may see of `base`'s confidential note text (see [`service::notes_for`]).
pub(super) fn notes_for(session: &Session, store: &Store, base: &Base) -> Notes {
    let who = session.who();
    let reader = service::Reader {
        who: &who,
        configured_key: session.settings.note_key.as_deref(),
        read_only: session.read_only,
    };
    // Reads open the file read-only; the reading is recorded through a writable open.
    let writer = || {
        session.open_to_write().map_err(|e| {
            let why = e.to_string();
            Text::new(why.clone(), why)
        })
    };
    service::notes_for(store, writer, &reader, session.ctx(), base)
}

/// How an export shows the text of risk notes: opened for a security user who can read the key
/// (every base's reading recorded before any text is written), else left blank.
pub(super) enum ExportNotes {
    Blank,
    Open(OpenKey),
}

impl ExportNotes {
    /// Decides for this user and records the readings `reads` gives when the text will be in
    /// the file; says on stderr why a security user's export has no text.
    pub(super) fn decide(
        session: &Session,
        store: &Store,
        reads: impl FnOnce() -> Result<Vec<service::Reading>>,
    ) -> Result<ExportNotes> {
        let grant = session.grant(store)?;
        if !crate::interchange::may_read_confidential(&grant) {
            return Ok(ExportNotes::Blank);
        }
        let key = match open_key(session, store) {
            Ok(key) => key,
            Err(why) => {
                eprintln!("{}", session.t(&why));
                return Ok(ExportNotes::Blank);
            }
        };
        let writer = session.open_to_write()?;
        service::record_readings(&writer, &session.who(), session.ctx(), &reads()?)?;
        Ok(ExportNotes::Open(key))
    }

    pub(super) fn opened(&self) -> bool {
        matches!(self, ExportNotes::Open(_))
    }

    /// A stored note text as the file shows it: opened, or blank.
    pub(super) fn text(&self, stored: &str) -> Result<String> {
        Ok(match self {
            ExportNotes::Blank => String::new(),
            ExportNotes::Open(key) => key.open(stored).map_err(Refusal::input)?,
        })
    }

    /// The base as the file shows it.
    pub(super) fn apply(&self, base: &mut Base) -> Result<()> {
        for note in &mut base.risks {
            for text in [&mut note.description, &mut note.mitigation] {
                *text = self.text(text)?;
            }
        }
        Ok(())
    }
}
