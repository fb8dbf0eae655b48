//! The search snapshot: every base's id, search key and summary row laid end to end in a few
//! stored pieces, so a whole-process search reads a few dozen values instead of walking two
//! tables of 100,000 entries each, and scores keys borrowed from them without decoding them one
//! by one. Pieces are read and scored on every core, one after another on each, so memory
//! stays at a few pieces whatever the number of bases.
//!
//! It is derived from `search_keys` and `summaries` and kept in step inside every write
//! transaction. A write marks the ids whose key it wrote as pending (`search_pending`); a reader
//! takes the pieces, passes over their entries for pending ids and reads those from the tables.
//! Once more ids are pending than [`rebuild_after`] allows, the commit rebuilds the pieces and
//! clears them, so a reader never reads more than a few hundred entries one at a time and a
//! rebuild's cost is spread over as many writes as there are hundreds of bases.
//!
//! `meta.search_generation` names the commit that last kept the two in step. A reader uses the
//! snapshot only when that is the current generation: a file last written by a jidi from before
//! the snapshot (which bumps the generation without marking anything pending), or migrated, is
//! searched through the tables, and its next commit rebuilds the snapshot. So the snapshot is
//! built lazily and needs no schema version of its own. Every piece carries a checksum, like
//! every value: a damaged piece is reported and the tables are read instead; the next rebuild
//! replaces it.

mod check;

pub use check::SnapshotState;
pub(super) use check::check;

use super::codec::{decode_borrowed, encode};
use super::guard::guarded;
use super::schema::{
    BASES, KEY_FORMAT, KEYS, META, SEARCH_PENDING, SEARCH_SNAPSHOT, SNAPSHOT_FORMAT, SUMMARIES,
    SUMMARY_FORMAT,
};
use super::{Store, StoreError, Summary};
use crate::search::SearchKey;
use redb::{ReadTransaction, ReadableTable, ReadableTableMetadata, WriteTransaction};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The META key of the generation whose commit last kept the snapshot in step.
pub(super) const SEARCH_GENERATION: &str = "search_generation";
/// Per entry: where its id, text, readings, spans and row end, as little-endian u32s.
const ENDS: usize = 5;
const END_BYTES: usize = ENDS * 4;
/// A piece's size: redb gives a value a page of the next power of two, so a piece stays just
/// under one (1 MiB, less room for the page's own header).
const PIECE_BYTES: usize = (1 << 20) - (16 << 10);
/// Entries read from the tables (when the snapshot does not serve) are scored in parts this big.
const READ_PART: usize = 8_192;
/// More threads than this gain nothing on the machines jidi runs on (and leave none to others).
const MAX_THREADS: usize = 4;

/// How many ids may be pending before a commit rebuilds the snapshot: a rebuild costs about as
/// much as reading every entry, so it waits for a share of them to have changed (1 in 128, at
/// least 256, fewer only while most of a small file would be pending).
pub(super) fn rebuild_after(bases: u64) -> u64 {
    (bases / 128).max(256.min(bases / 2))
}

/// One stored piece: a run of entries in id order. Ids and texts are stored as bytes, each one
/// run, and checked as UTF-8 once per piece when it is read (see [`Stored::piece`]).
#[derive(Serialize, Deserialize)]
struct Stored<'a> {
    #[serde(borrow)]
    ids: Cow<'a, [u8]>,
    #[serde(borrow)]
    text: Cow<'a, [u8]>,
    #[serde(borrow)]
    py: Cow<'a, [u8]>,
    #[serde(borrow)]
    spans: Cow<'a, [u8]>,
    /// Each entry's summary row as the summaries table holds it, without format and checksum.
    #[serde(borrow)]
    rows: Cow<'a, [u8]>,
    #[serde(borrow)]
    ends: Cow<'a, [u8]>,
}

/// Text as a piece stores it, checked: a piece of 100,000 names' worth is checked in a
/// millisecond (`simdutf8`), where one `str` check per key took ten times as long.
fn checked(bytes: Cow<'_, [u8]>) -> Result<Cow<'_, str>, String> {
    let checked = match bytes {
        Cow::Borrowed(b) => simdutf8::basic::from_utf8(b).ok().map(Cow::Borrowed),
        Cow::Owned(v) => String::from_utf8(v).ok().map(Cow::Owned),
    };
    checked.ok_or_else(|| "text that is not UTF-8".to_string())
}

impl<'a> Stored<'a> {
    fn piece(self) -> Result<Piece<'a>, String> {
        Ok(Piece {
            ids: checked(self.ids)?,
            text: checked(self.text)?,
            py: self.py,
            spans: self.spans,
            rows: self.rows,
            ends: self.ends,
        })
    }
}

/// A piece read and checked.
struct Piece<'a> {
    ids: Cow<'a, str>,
    text: Cow<'a, str>,
    py: Cow<'a, [u8]>,
    spans: Cow<'a, [u8]>,
    rows: Cow<'a, [u8]>,
    ends: Cow<'a, [u8]>,
}

impl Piece<'_> {
    fn len(&self) -> usize {
        self.ends.len() / END_BYTES
    }

    /// Where entry `i`'s parts start and end.
    fn bounds(&self, i: usize) -> Option<([usize; ENDS], [usize; ENDS])> {
        let read = |i: usize| -> Option<[usize; ENDS]> {
            let bytes = self.ends.get(i * END_BYTES..(i + 1) * END_BYTES)?;
            let mut out = [0; ENDS];
            for (n, end) in out.iter_mut().enumerate() {
                *end = u32::from_le_bytes(bytes[n * 4..n * 4 + 4].try_into().ok()?) as usize;
            }
            Some(out)
        };
        let start = if i == 0 { [0; ENDS] } else { read(i - 1)? };
        Some((start, read(i)?))
    }

    fn id(&self, i: usize) -> Option<&str> {
        let (start, end) = self.bounds(i)?;
        self.ids.get(start[0]..end[0])
    }

    /// Entry `i`'s key; `None` where its bounds do not resolve (a piece that passed its
    /// checksum but was written wrong).
    fn key(&self, i: usize) -> Option<SearchKey<'_>> {
        let (start, end) = self.bounds(i)?;
        Some(SearchKey::from_parts(
            self.text.get(start[1]..end[1])?,
            self.py.get(start[2]..end[2])?,
            self.spans.get(start[3]..end[3])?,
        ))
    }

    fn row(&self, i: usize) -> Option<&[u8]> {
        let (start, end) = self.bounds(i)?;
        self.rows.get(start[4]..end[4])
    }

    /// Where `id` is, by binary search (entries are in id order).
    fn find(&self, id: &str) -> Option<usize> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let mid = (low + high) / 2;
            match self.id(mid)?.cmp(id) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

/// A piece being filled.
#[derive(Default)]
struct Filling {
    ids: String,
    text: String,
    py: Vec<u8>,
    spans: Vec<u8>,
    rows: Vec<u8>,
    ends: Vec<u8>,
}

impl Filling {
    fn bytes(&self) -> usize {
        self.ids.len()
            + self.text.len()
            + self.py.len()
            + self.spans.len()
            + self.rows.len()
            + self.ends.len()
    }

    /// `None` once an offset passes 4 GiB (a single entry that big): no snapshot then.
    fn push(&mut self, id: &str, key: &SearchKey<'_>, row: &[u8]) -> Option<()> {
        let (text, py, spans) = key.parts();
        self.ids.push_str(id);
        self.text.push_str(text);
        self.py.extend_from_slice(py);
        self.spans.extend_from_slice(spans);
        self.rows.extend_from_slice(row);
        for end in [
            self.ids.len(),
            self.text.len(),
            self.py.len(),
            self.spans.len(),
            self.rows.len(),
        ] {
            self.ends
                .extend_from_slice(&u32::try_from(end).ok()?.to_le_bytes());
        }
        Some(())
    }

    fn stored(self) -> Vec<u8> {
        encode(
            SNAPSHOT_FORMAT,
            &Stored {
                ids: Cow::Owned(self.ids.into_bytes()),
                text: Cow::Owned(self.text.into_bytes()),
                py: Cow::Owned(self.py),
                spans: Cow::Owned(self.spans),
                rows: Cow::Owned(self.rows),
                ends: Cow::Owned(self.ends),
            },
        )
    }
}

/// The payload of a stored summary row, checked (checksum, format, that it decodes and is
/// filed under its own id), as a piece keeps it.
fn row_payload<'v>(id: &str, bytes: &'v [u8]) -> Result<&'v [u8], StoreError> {
    let row: Summary = decode_borrowed("summaries", id, SUMMARY_FORMAT, bytes)?;
    if row.id != id {
        return Err(StoreError::corrupt(
            "summaries",
            id,
            format!("holds the entry of {}", row.id),
        ));
    }
    // The format byte before, the checksum after: what `decode` read.
    Ok(&bytes[1..bytes.len() - 4])
}

/// Writes the pieces of every key and row as `txn` holds them into `snapshot`, each as soon as
/// it is full (a rebuild holds one piece, not the whole snapshot). `false` when a key or row
/// cannot be read or lines up with no other (a damaged file: readers then meet the damage in the
/// tables and report it, as they did before the snapshot); the caller then drops what was
/// written.
fn build(
    txn: &WriteTransaction,
    snapshot: &mut redb::Table<u32, &[u8]>,
) -> Result<bool, StoreError> {
    let keys = txn.open_table(KEYS)?;
    let summaries = txn.open_table(SUMMARIES)?;
    if keys.len()? != summaries.len()? {
        return Ok(false);
    }
    let mut pieces = 0u32;
    let mut put = |filling: Filling| -> Result<(), StoreError> {
        snapshot.insert(pieces, filling.stored().as_slice())?;
        pieces += 1;
        Ok(())
    };
    let mut filling = Filling::default();
    for (key_entry, row_entry) in keys.iter()?.zip(summaries.iter()?) {
        let ((key_id, key_bytes), (row_id, row_bytes)) = (key_entry?, row_entry?);
        let id = key_id.value();
        if row_id.value() != id {
            return Ok(false);
        }
        let key = decode_borrowed::<SearchKey>("search_keys", id, KEY_FORMAT, key_bytes.value());
        let (Ok(key), Ok(row)) = (key, row_payload(id, row_bytes.value())) else {
            return Ok(false);
        };
        let adds = id.len() + key_bytes.value().len() + row.len() + END_BYTES;
        if filling.bytes() > 0 && filling.bytes() + adds > PIECE_BYTES {
            put(std::mem::take(&mut filling))?;
        }
        if filling.push(id, &key, row).is_none() {
            return Ok(false);
        }
    }
    if filling.bytes() > 0 {
        put(filling)?;
    }
    Ok(true)
}

/// Writes the search key of `id` and marks it pending: every key is written here, so the
/// snapshot never misses one.
pub(super) fn put_key(
    txn: &WriteTransaction,
    id: &str,
    key: &SearchKey<'_>,
) -> Result<(), StoreError> {
    txn.open_table(KEYS)?
        .insert(id, encode(KEY_FORMAT, key).as_slice())?;
    let mut pending = txn.open_table(SEARCH_PENDING)?;
    // A base changed again is pending already: no page rewritten for it.
    if pending.get(id)?.is_none() {
        pending.insert(id, ())?;
    }
    Ok(())
}

/// Keeps the snapshot in step at the commit that moves the generation from `before` to `now`:
/// rebuilt when it was not in step before this commit or too many ids are pending.
pub(super) fn keep_in_step(
    txn: &WriteTransaction,
    before: u64,
    now: u64,
) -> Result<(), StoreError> {
    let mut meta = txn.open_table(META)?;
    let in_step = meta.get(SEARCH_GENERATION)?.map(|v| v.value()) == Some(before);
    let pending = txn.open_table(SEARCH_PENDING)?.len()?;
    let bases = txn.open_table(BASES)?.len()?;
    if in_step && pending <= rebuild_after(bases) {
        meta.insert(SEARCH_GENERATION, now)?;
        return Ok(());
    }
    txn.delete_table(SEARCH_PENDING)?;
    txn.open_table(SEARCH_PENDING)?;
    txn.delete_table(SEARCH_SNAPSHOT)?;
    let built = build(txn, &mut txn.open_table(SEARCH_SNAPSHOT)?)?;
    if built {
        meta.insert(SEARCH_GENERATION, now)?;
    } else {
        txn.delete_table(SEARCH_SNAPSHOT)?;
        txn.open_table(SEARCH_SNAPSHOT)?;
        meta.remove(SEARCH_GENERATION)?;
    }
    Ok(())
}

/// What a part's entries are read from.
enum Entries<'a> {
    /// A stored piece; entries for pending ids are passed over (they are read apart).
    Piece {
        piece: Piece<'a>,
        superseded: Vec<bool>,
    },
    /// Entries read from the tables.
    Read(&'a [(Summary, SearchKey<'static>)]),
}

/// A run of the search index's entries, as one read transaction saw them: a stored piece, or
/// entries read from the tables. [`Store::map_key_parts`] hands them over.
pub struct KeyPart<'a> {
    /// Where an entry that cannot be decoded is noted.
    store: &'a Store,
    entries: Entries<'a>,
}

impl KeyPart<'_> {
    /// Entries are numbered `0..len`; some may be passed over (`key` and `row` give `None`).
    pub fn len(&self) -> usize {
        match &self.entries {
            Entries::Piece { piece, .. } => piece.len(),
            Entries::Read(read) => read.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn key(&self, i: usize) -> Option<SearchKey<'_>> {
        match &self.entries {
            Entries::Piece { piece, superseded } if !*superseded.get(i)? => piece.key(i),
            Entries::Piece { .. } => None,
            Entries::Read(read) => Some(read.get(i)?.1.clone()),
        }
    }

    /// The summary row of entry `i`; one that cannot be decoded (a piece written wrong) is
    /// noted and left out.
    pub fn row(&self, i: usize) -> Option<Summary> {
        let decoded = match &self.entries {
            Entries::Piece { superseded, .. } if *superseded.get(i)? => return None,
            Entries::Piece { piece, .. } => {
                let id = piece.id(i)?;
                match postcard::from_bytes::<Summary>(piece.row(i)?) {
                    Ok(row) if row.id == id => Ok(row),
                    Ok(row) => Err(format!("holds the row of {}", row.id)),
                    Err(e) => Err(e.to_string()),
                }
                .map_err(|detail| StoreError::corrupt("search_snapshot", id, detail))
            }
            Entries::Read(read) => Ok(read.get(i)?.0.clone()),
        };
        decoded.map_err(|e| self.store.note_damage(e)).ok()
    }
}

/// Runs `job(n)` for every `n` in `0..count` on up to [`MAX_THREADS`] threads, each taking the
/// next `n` as it finishes one; the answers in order of `n`. Every call is guarded: a panic in
/// redb on another thread is damage too.
fn in_parallel<T: Send>(
    count: usize,
    job: impl Fn(usize) -> Result<T, StoreError> + Sync,
) -> Result<Vec<T>, StoreError> {
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let threads = cores.min(MAX_THREADS).min(count);
    if threads <= 1 {
        return (0..count).map(job).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        guarded(|| {
            let mut done = Vec::new();
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= count {
                    return Ok(done);
                }
                done.push((n, job(n)?));
            }
        })
    };
    let answers: Vec<Result<Vec<(usize, T)>, StoreError>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut all = Vec::with_capacity(count);
    for answer in answers {
        all.extend(answer?);
    }
    all.sort_unstable_by_key(|(n, _)| *n);
    Ok(all.into_iter().map(|(_, t)| t).collect())
}

impl Store {
    /// Calls `f` on every part of the search index (every base's id, search key and summary
    /// row as of one moment), on every core, and gives back what each call returned. Parts come
    /// in id order, except that entries written since the snapshot was built come last, in a
    /// part of their own. Entries that cannot be read are left out and noted, as every read
    /// over many entries does; a damaged snapshot is noted and the tables are read instead.
    pub fn map_key_parts<T: Send>(
        &self,
        f: impl Fn(&KeyPart<'_>) -> T + Sync,
    ) -> Result<Vec<T>, StoreError> {
        self.guarded(|| {
            let txn = self.read()?;
            if let Some(answers) = self.map_pieces(&txn, &f)? {
                return Ok(answers);
            }
            let all = self.rows_and_keys(&txn)?;
            let parts: Vec<&[(Summary, SearchKey<'static>)]> = all.chunks(READ_PART).collect();
            in_parallel(parts.len(), |n| {
                Ok(f(&KeyPart {
                    store: self,
                    entries: Entries::Read(parts[n]),
                }))
            })
        })
    }

    /// [`Store::map_key_parts`] over the snapshot; `None` when it does not serve (not in step,
    /// not built, or damaged: noted).
    fn map_pieces<T: Send>(
        &self,
        txn: &ReadTransaction,
        f: &(impl Fn(&KeyPart<'_>) -> T + Sync),
    ) -> Result<Option<Vec<T>>, StoreError> {
        let meta = txn.open_table(META)?;
        let generation = meta.get("generation")?.map_or(0, |v| v.value());
        if meta.get(SEARCH_GENERATION)?.map(|v| v.value()) != Some(generation) {
            return Ok(None);
        }
        let (table, pending) = match (
            txn.open_table(SEARCH_SNAPSHOT),
            txn.open_table(SEARCH_PENDING),
        ) {
            (Ok(table), Ok(pending)) => (table, pending),
            (Err(redb::TableError::TableDoesNotExist(_)), _)
            | (_, Err(redb::TableError::TableDoesNotExist(_))) => return Ok(None),
            (Err(e), _) | (_, Err(e)) => return Err(e.into()),
        };
        let mut ids = Vec::with_capacity(pending.len()? as usize);
        for entry in pending.iter()? {
            ids.push(entry?.0.value().to_string());
        }
        let pieces = table.len()? as usize;
        let answers = in_parallel(pieces, |n| {
            let name = || n.to_string();
            let Some(value) = table.get(n as u32)? else {
                return Err(StoreError::corrupt("search_snapshot", &name(), "missing"));
            };
            let stored: Stored =
                decode_borrowed("search_snapshot", &name(), SNAPSHOT_FORMAT, value.value())?;
            let piece = stored
                .piece()
                .map_err(|detail| StoreError::corrupt("search_snapshot", &name(), detail))?;
            let mut superseded = vec![false; piece.len()];
            for id in &ids {
                if let Some(at) = piece.find(id) {
                    superseded[at] = true;
                }
            }
            Ok(f(&KeyPart {
                store: self,
                entries: Entries::Piece { piece, superseded },
            }))
        });
        let mut answers = match answers {
            Ok(answers) => answers,
            Err(e @ StoreError::Corrupt(_)) => {
                self.skip(e)?;
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        if !ids.is_empty() {
            let read = self.read_entries(txn, &ids)?;
            answers.push(f(&KeyPart {
                store: self,
                entries: Entries::Read(&read),
            }));
        }
        Ok(Some(answers))
    }

    /// The summary rows and keys of `ids` that can be read; the others are noted.
    fn read_entries(
        &self,
        txn: &ReadTransaction,
        ids: &[String],
    ) -> Result<Vec<(Summary, SearchKey<'static>)>, StoreError> {
        let keys = txn.open_table(KEYS)?;
        let summaries = txn.open_table(SUMMARIES)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let key = match keys.get(id.as_str())? {
                Some(bytes) => {
                    decode_borrowed::<SearchKey>("search_keys", id, KEY_FORMAT, bytes.value())
                        .map(SearchKey::into_owned)
                }
                None => Err(StoreError::corrupt("search_keys", id, "missing")),
            };
            let row = match summaries.get(id.as_str())? {
                Some(bytes) => row_payload(id, bytes.value()).and_then(|payload| {
                    postcard::from_bytes::<Summary>(payload)
                        .map_err(|e| StoreError::corrupt("summaries", id, e.to_string()))
                }),
                None => Err(StoreError::corrupt("summaries", id, "missing")),
            };
            match (row, key) {
                (Ok(row), Ok(key)) => out.push((row, key)),
                (Err(e), _) | (_, Err(e)) => self.skip(e)?,
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
