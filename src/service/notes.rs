//! Confidential note text through the write gate (A15.3.4): sealed on the way in, opened on the
//! way out only for the security role and only once the reading is recorded, and the key that
//! seals it made or replaced by an admin.

use super::Gate;
use crate::domain::base::Base;
use crate::domain::confidential::{NoteText, Notes};
use crate::domain::lifecycle::Ctx;
use crate::domain::roles::{Act, Grant, Role};
use crate::domain::text::{Refusal, Text};
use crate::seal::{OpenKey, SealKey, is_sealed};
use crate::store::{NoteKey, Store, Tx, Who, WriteError};
use crate::text;
use std::borrow::Borrow;
use std::path::Path;

/// The key new note text is sealed to, as this transaction sees it.
pub(super) fn seal_key(tx: &Tx) -> Result<Option<SealKey>, WriteError> {
    match tx.note_key()? {
        Some(key) => Ok(Some(SealKey::parse(&key.seal)?)),
        None => Ok(None),
    }
}

fn no_key() -> Refusal {
    Refusal::rule(
        "A15.3.4",
        text!(
            "数据库还没有保密说明的密钥，风险说明不能以明文保存；请管理员先运行 jidi keygen",
            "the database has no key for confidential notes, and note text is never stored in the clear; ask an admin to run `jidi keygen` first"
        ),
    )
}

/// Seals every note text of `base` still in the clear; the number sealed. Text with no key to
/// seal it to is refused, never stored as it is.
pub(super) fn seal_notes(base: &mut Base, key: Option<&SealKey>) -> Result<usize, Refusal> {
    let mut sealed = 0;
    for note in &mut base.risks {
        for text in [&mut note.description, &mut note.mitigation] {
            if text.is_empty() || is_sealed(text) {
                continue;
            }
            *text = key.ok_or_else(no_key)?.seal(text);
            sealed += 1;
        }
    }
    Ok(sealed)
}

/// Makes `seal` the key notes are sealed to, recording where its private half is. A database
/// that has a key already needs that key (`old`) to reseal every note; text still in the clear
/// (from before sealing) is sealed now. Returns how many texts were (re)sealed.
pub fn set_note_key(
    store: &Store,
    who: &Who,
    ctx: Ctx,
    seal: &SealKey,
    path: &Path,
    old: Option<&OpenKey>,
) -> Result<usize, WriteError> {
    store.write(who, |tx| {
        let gate = Gate::of(tx, who, ctx.policy)?;
        gate.allow(Act::ManageKeys)?;
        let current = seal_key(tx)?;
        let opener = match (&current, old) {
            (None, _) => None,
            (Some(current), Some(old)) if old.matches(current) => Some(old),
            (Some(_), Some(_)) => {
                return Err(Refusal::input(text!(
                    "给出的旧密钥不是本数据库当前的密钥，无法重新加密现有说明",
                    "the old key given is not this database's current key, so the notes cannot be resealed"
                ))
                .into());
            }
            (Some(_), None) => {
                return Err(Refusal::input(text!(
                    "本数据库已有保密说明的密钥；要更换，用 jidi keygen --rotate（需要能读取旧密钥）",
                    "this database already has a note key; to replace it use `jidi keygen --rotate` (the old key must be readable)"
                ))
                .into());
            }
        };
        let mut count = 0;
        for id in tx.base_ids()? {
            if tx.base(&id)?.risks.is_empty() {
                continue;
            }
            count += tx.update(&id, "keygen", |b| {
                let mut n = 0;
                for note in &mut b.risks {
                    for text in [&mut note.description, &mut note.mitigation] {
                        if text.is_empty() {
                            continue;
                        }
                        let plain = match opener {
                            Some(key) => key.open(text).map_err(Refusal::input)?,
                            None if is_sealed(text) => continue,
                            None => std::mem::take(text),
                        };
                        *text = seal.seal(&plain);
                        n += 1;
                    }
                }
                Ok((
                    n,
                    text!(
                        "保密说明改用新密钥加密（{n} 段）",
                        "confidential notes sealed to the new key ({n} texts)"
                    ),
                ))
            })?;
        }
        let record = NoteKey {
            seal: seal.encoded(),
            path: path.to_path_buf(),
        };
        let shown = path.display();
        tx.set_note_key(
            &record,
            text!(
                "保密说明密钥：私钥位于 {shown}",
                "confidential-note key: private key at {shown}"
            ),
        )?;
        Ok(count)
    })
}

/// Records that a security user is reading the notes of `ids` (an export with their text), one
/// event per base that has notes, before any text is written out: if it cannot be recorded,
/// nothing may be opened.
pub fn record_readings(
    store: &Store,
    who: &Who,
    ctx: Ctx,
    reads: &[Reading],
) -> Result<(), WriteError> {
    store.write(who, |tx| {
        let gate = Gate::of(tx, who, ctx.policy)?;
        gate.allow(Act::ReadConfidential)?;
        for read in reads {
            let base = tx.base(&read.id)?;
            gate.allow_base(&base)?;
            let numbers: Vec<String> = base
                .risks
                .iter()
                .filter(|r| read.notes.as_ref().is_none_or(|n| n.contains(&r.n)))
                .map(|r| format!("#{}", r.n))
                .collect();
            if numbers.is_empty() {
                continue;
            }
            let (zh, en) = (numbers.join("、"), numbers.join(", "));
            tx.record_reading(
                &read.id,
                text!(
                    "导出保密风险说明 {zh}",
                    "exported confidential risk notes {en}"
                ),
            )?;
        }
        Ok(())
    })
}

/// Which notes of a base a file will show: `None`, all of them.
#[derive(Clone, Debug)]
pub struct Reading {
    pub id: String,
    pub notes: Option<Vec<u32>>,
}

/// Opens the confidential text of base `id`'s notes for a security user, recording the reading
/// first: if it cannot be recorded (a read-only session, a busy database) nothing is opened.
pub fn read_notes(
    store: &Store,
    who: &Who,
    ctx: Ctx,
    id: &str,
    key: &OpenKey,
) -> Result<Vec<NoteText>, WriteError> {
    let texts = store.write(who, |tx| {
        let gate = Gate::of(tx, who, ctx.policy)?;
        gate.allow(Act::ReadConfidential)?;
        let base = tx.base(id)?;
        gate.allow_base(&base)?;
        let mut texts = Vec::new();
        for note in &base.risks {
            let open = |t: &str| key.open(t).map_err(Refusal::input);
            texts.push(NoteText {
                n: note.n,
                description: open(&note.description)?,
                mitigation: open(&note.mitigation)?,
            });
        }
        if !texts.is_empty() {
            let numbers: Vec<String> = texts.iter().map(|t| format!("#{}", t.n)).collect();
            let (zh, en) = (numbers.join("、"), numbers.join(", "));
            tx.record_reading(
                id,
                text!("阅读保密风险说明 {zh}", "read confidential risk notes {en}"),
            )?;
        }
        Ok(texts)
    })?;
    Ok(texts)
}

/// Who is reading, from the CLI or the console: where they keep the private key and whether
/// their session may record a reading.
pub struct Reader<'a> {
    pub who: &'a Who,
    /// `note_key` of config.toml, tried before the path the database records.
    pub configured_key: Option<&'a Path>,
    /// A read-only session records nothing, so it opens nothing.
    pub read_only: bool,
}

/// Why everyone but a security user sees no note text.
pub fn confidential() -> Text {
    text!(
        "说明内容保密（A15.3.4），仅「保密」角色可见",
        "the text is confidential (A15.3.4): only the security role sees it"
    )
}

/// Why a user holding `grant` sees no note text in this session, before any key is tried; `None`
/// when they may ask to read it.
pub fn why_sealed(grant: &Grant, read_only: bool) -> Option<Text> {
    if !grant.has(Role::Security) {
        return Some(confidential());
    }
    read_only.then(|| {
        text!(
            "只读会话不显示保密说明：每次阅读都要记入审计日志",
            "a read-only session shows no confidential text: every reading is written to the audit log"
        )
    })
}

/// The private key this reader can open `store`'s notes with: `configured` (the `note_key` of
/// their config file) when it is this database's key, else the file `jidi keygen` recorded.
pub fn open_key(store: &Store, configured: Option<&Path>) -> Result<OpenKey, Text> {
    let record = store.note_key().map_err(|e| WriteError::from(e).text())?;
    let Some(record) = record else {
        return Err(text!(
            "数据库还没有保密说明的密钥（jidi keygen）",
            "the database has no note key yet (`jidi keygen`)"
        ));
    };
    let seal = SealKey::parse(&record.seal).map_err(|r| r.text)?;
    // What each place holds: the configured key is tried first, the recorded one next.
    let tried = |path: &Path| match OpenKey::read(path) {
        Ok(key) if key.matches(&seal) => Ok(key),
        Ok(_) => {
            let shown = path.display();
            Err(text!(
                "{shown} 不是本数据库的保密密钥（可能已更换）；在 config.toml 中用 note_key 指向正确的密钥",
                "{shown} is not this database's note key (it may have been replaced); point note_key in config.toml at the right one"
            ))
        }
        Err(refusal) => Err(refusal.text),
    };
    let configured = configured.map(tried);
    if let Some(Ok(key)) = configured {
        return Ok(key);
    }
    match (tried(&record.path), configured) {
        (Ok(key), _) => Ok(key),
        (Err(recorded), None) => Err(recorded),
        (Err(recorded), Some(Err(configured))) => {
            let (czh, cen, rzh, ren) = (&configured.zh, &configured.en, &recorded.zh, &recorded.en);
            Err(text!(
                "config.toml 的 note_key：{czh}；数据库记录的位置：{rzh}",
                "note_key in config.toml: {cen}; where the database recorded it: {ren}"
            ))
        }
        (Err(_), Some(Ok(_))) => unreachable!("a configured key that opens was returned above"),
    }
}

/// What `reader` sees of `base`'s confidential text: opened for a security user who can read the
/// key, and only once the reading is recorded through `writer` (a writable open of the database
/// `store` reads); else sealed, saying why.
pub fn notes_for<W: Borrow<Store>>(
    store: &Store,
    writer: impl FnOnce() -> Result<W, Text>,
    reader: &Reader,
    ctx: Ctx,
    base: &Base,
) -> Notes {
    if base.risks.is_empty() {
        return Notes::Open(Vec::new());
    }
    let grant = match store.grant_of(&reader.who.actor) {
        Ok(g) => g,
        Err(e) => return Notes::Sealed(WriteError::from(e).text()),
    };
    if let Some(why) = why_sealed(&grant, reader.read_only) {
        return Notes::Sealed(why);
    }
    let key = match open_key(store, reader.configured_key) {
        Ok(k) => k,
        Err(why) => return Notes::Sealed(why),
    };
    let writer = match writer() {
        Ok(writer) => writer,
        Err(why) => {
            return Notes::Sealed(text!(
                ["无法记录本次阅读，因此不显示保密说明：{}", why.zh],
                [
                    "the reading cannot be recorded, so the confidential text is not shown: {}",
                    why.en
                ]
            ));
        }
    };
    match read_notes(writer.borrow(), reader.who, ctx, &base.id, &key) {
        Ok(texts) => Notes::Open(texts),
        Err(e) => Notes::Sealed(e.text()),
    }
}
