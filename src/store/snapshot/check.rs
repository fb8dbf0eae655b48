//! `jidi check` of the search snapshot: it is derived, so it must hold exactly what the tables
//! it is derived from hold.

use super::{
    KEY_FORMAT, KEYS, META, SEARCH_GENERATION, SEARCH_PENDING, SEARCH_SNAPSHOT, SNAPSHOT_FORMAT,
    SUMMARIES, Stored, row_payload,
};
use crate::search::SearchKey;
use crate::store::StoreError;
use crate::store::codec::decode_borrowed;
use redb::{ReadTransaction, ReadableTable, ReadableTableMetadata};

/// What `jidi check` found of the search snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SnapshotState {
    /// In step with the keys: searches read it.
    Serving {
        pieces: u64,
        entries: u64,
        pending: u64,
    },
    /// Not built, or not in step (a jidi from before the snapshot wrote the file last, or it
    /// was migrated): searches read the key table until the next change rebuilds it.
    NotServing,
}

/// The snapshot against the tables it is derived from: every piece decodes, entries are in id
/// order, and each id not pending has the key and row its tables hold, no more, no fewer.
/// Damaged keys and rows are the records check's to report; here they are passed over.
pub(in crate::store) fn check(
    txn: &ReadTransaction,
    problem: &mut impl FnMut(String, String),
) -> Result<SnapshotState, StoreError> {
    let meta = txn.open_table(META)?;
    let generation = meta.get("generation")?.map_or(0, |v| v.value());
    let (table, pending) = match (
        txn.open_table(SEARCH_SNAPSHOT),
        txn.open_table(SEARCH_PENDING),
    ) {
        (Ok(table), Ok(pending))
            if meta.get(SEARCH_GENERATION)?.map(|v| v.value()) == Some(generation) =>
        {
            (table, pending)
        }
        (Err(e), _) | (_, Err(e)) if !matches!(e, redb::TableError::TableDoesNotExist(_)) => {
            return Err(e.into());
        }
        _ => return Ok(SnapshotState::NotServing),
    };
    let mut waiting = std::collections::BTreeSet::new();
    for entry in pending.iter()? {
        waiting.insert(entry?.0.value().to_string());
    }
    let keys = txn.open_table(KEYS)?;
    let summaries = txn.open_table(SUMMARIES)?;
    for id in &waiting {
        if keys.get(id.as_str())?.is_none() {
            problem(id.clone(), "pending, but has no search key".into());
        }
    }
    let mut tables = keys.iter()?.peekable();
    let (mut entries, mut whole, mut last) = (0u64, true, String::new());
    let pieces = table.len()?;
    for entry in table.iter()? {
        let (n, value) = entry?;
        let name = format!("piece {}", n.value());
        let piece =
            decode_borrowed::<Stored>("search_snapshot", &name, SNAPSHOT_FORMAT, value.value())
                .and_then(|stored| {
                    stored
                        .piece()
                        .map_err(|detail| StoreError::corrupt("search_snapshot", &name, detail))
                });
        let piece = match piece {
            Ok(piece) => piece,
            Err(e) => {
                problem(name, e.to_string());
                whole = false;
                continue;
            }
        };
        for i in 0..piece.len() {
            entries += 1;
            let (Some(id), Some(key), Some(row)) = (piece.id(i), piece.key(i), piece.row(i)) else {
                problem(name.clone(), format!("entry {i} out of bounds"));
                continue;
            };
            if id <= last.as_str() {
                problem(
                    id.to_string(),
                    "out of id order in the search snapshot".into(),
                );
            }
            last = id.to_string();
            // Keys the tables hold before this id are missing from the snapshot.
            while let Some(Ok((key_id, _))) = tables.peek() {
                let table_id = key_id.value().to_string();
                if table_id.as_str() >= id {
                    break;
                }
                if !waiting.contains(&table_id) {
                    problem(table_id, "missing from the search snapshot".into());
                }
                tables.next();
            }
            let Some(Ok((key_id, key_bytes))) = tables.peek() else {
                problem(
                    id.to_string(),
                    "in the search snapshot but has no search key".into(),
                );
                continue;
            };
            if key_id.value() != id {
                problem(
                    id.to_string(),
                    "in the search snapshot but has no search key".into(),
                );
                continue;
            }
            let stored_key =
                decode_borrowed::<SearchKey>("search_keys", id, KEY_FORMAT, key_bytes.value());
            let row_bytes = summaries.get(id)?;
            let stored_row = row_bytes.as_ref().map(|b| row_payload(id, b.value()));
            if let (Ok(stored_key), Some(Ok(stored_row))) = (stored_key, stored_row)
                && !waiting.contains(id)
                && (stored_key.parts() != key.parts() || stored_row != row)
            {
                problem(
                    id.to_string(),
                    "out of step with its search key or summary row".into(),
                );
            }
            tables.next();
        }
    }
    for entry in tables {
        let (key_id, _) = entry?;
        let id = key_id.value().to_string();
        if whole && !waiting.contains(&id) {
            problem(id, "missing from the search snapshot".into());
        }
    }
    Ok(SnapshotState::Serving {
        pieces,
        entries,
        pending: waiting.len() as u64,
    })
}
