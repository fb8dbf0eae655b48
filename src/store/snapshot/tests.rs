use super::*;
use crate::domain::base::Base;
use crate::domain::policy::Policy;
use crate::search::{Matcher, Query};
use crate::store::{Who, search_key};
use crate::text;
use std::sync::Arc;

fn who() -> Who {
    Who {
        actor: "tester".into(),
        at: chrono::DateTime::parse_from_rfc3339("2026-11-25T09:00:00+08:00").unwrap(),
    }
}

/// Enough generated bases for several pieces, loaded in one transaction.
fn loaded(count: usize) -> (tempfile::TempDir, Store, Vec<Base>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("jidi.redb")).unwrap();
    let policy = Policy::default_policy();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let bases = crate::synth::generate(count, 7, &policy, today);
    store
        .write(&who(), |tx| {
            for base in &bases {
                tx.import(base, text!("测试", "test"))?;
            }
            Ok(())
        })
        .unwrap();
    (dir, store, bases)
}

/// What a search of `bases` finds, best first: scored one key at a time, from the records.
fn expected(bases: &[Base], query: &str) -> Vec<String> {
    let query = Query::new(query);
    let mut matcher = Matcher::new();
    let mut hits: Vec<(i64, String)> = bases
        .iter()
        .filter_map(|b| Some((matcher.score(&query, &search_key(b))?.score, b.id.clone())))
        .collect();
    crate::search::best_first(&mut hits, |a, b| a.cmp(b));
    hits.into_iter().map(|(_, id)| id).collect()
}

/// What a search through the store finds, best first, with the rows' ids.
fn searched(store: &Store, query: &str) -> Vec<String> {
    let query = Query::new(query);
    let parts = store
        .map_key_parts(|part| {
            crate::search::score_all(&query, part.len(), |i| part.key(i))
                .into_iter()
                .filter_map(|(score, i)| Some((score, part.row(i)?.id)))
                .collect::<Vec<_>>()
        })
        .unwrap();
    let mut hits: Vec<(i64, String)> = parts.into_iter().flatten().collect();
    crate::search::best_first(&mut hits, |a, b| a.cmp(b));
    hits.into_iter().map(|(_, id)| id).collect()
}

fn state(store: &Store) -> SnapshotState {
    let txn = store.read().unwrap();
    let mut problems = Vec::new();
    let state = check(&txn, &mut |key, detail| problems.push((key, detail))).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    state
}

fn pieces(store: &Store) -> u64 {
    match state(store) {
        SnapshotState::Serving { pieces, .. } => pieces,
        SnapshotState::NotServing => 0,
    }
}

const QUERIES: [&str; 6] = [
    "海洋",
    "智能制造",
    "znzz",
    "haiyang",
    "GDICB-2009",
    "实验室",
];

#[test]
fn the_snapshot_answers_as_the_records_do_and_stays_in_step() {
    let (_dir, store, mut bases) = loaded(3_000);
    assert!(pieces(&store) > 1, "3,000 bases fill more than one piece");
    for query in QUERIES {
        assert_eq!(searched(&store, query), expected(&bases, query), "{query}");
    }
    // A write is seen by the next search: the changed base is read from the tables.
    let id = bases[17].id.clone();
    store
        .write(&who(), |tx| {
            tx.update(&id, "edit", |b| {
                b.host.name = "潮汐测试装备有限公司".into();
                Ok(((), text!("改", "edit")))
            })
        })
        .unwrap();
    bases[17].host.name = "潮汐测试装备有限公司".into();
    assert_eq!(searched(&store, "潮汐测试"), vec![id.clone()]);
    assert!(matches!(
        state(&store),
        SnapshotState::Serving { pending: 1, .. }
    ));
    // So is a new base, and the rows still come in id order.
    let mut new = bases[0].clone();
    new.id = "GDICB-2009-00005".into();
    new.name = "潮汐测试新建中心".into();
    store
        .write(&who(), |tx| {
            tx.insert(&new, "create", text!("新建", "created"))
        })
        .unwrap();
    bases.push(new.clone());
    bases.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(searched(&store, "潮汐测试"), expected(&bases, "潮汐测试"));
    let (rows, keys) = store.summaries_and_keys().unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let sorted: Vec<&str> = bases.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, sorted);
    assert_eq!(keys, bases.iter().map(search_key).collect::<Vec<_>>());
    // Past the pending allowance a commit rebuilds the snapshot: nothing is pending after.
    let allowance = rebuild_after(bases.len() as u64) as usize;
    let ids: Vec<String> = bases
        .iter()
        .take(allowance + 1)
        .map(|b| b.id.clone())
        .collect();
    for id in &ids {
        store
            .write(&who(), |tx| {
                tx.update(id, "edit", |b| {
                    b.leader.name = format!("{}甲", b.leader.name);
                    Ok(((), text!("改", "edit")))
                })
            })
            .unwrap();
    }
    for base in bases.iter_mut().take(allowance + 1) {
        base.leader.name = format!("{}甲", base.leader.name);
    }
    assert!(matches!(
        state(&store),
        SnapshotState::Serving { pending: 0, .. }
    ));
    for query in QUERIES.iter().chain(&["甲", "潮汐测试"]) {
        assert_eq!(searched(&store, query), expected(&bases, query), "{query}");
    }
    assert!(store.take_damage().is_empty());
}

#[test]
fn a_file_written_without_the_snapshot_is_searched_through_the_tables_then_rebuilt() {
    let (_dir, store, bases) = loaded(500);
    // As a jidi from before the snapshot leaves a file: the generation moved on without it.
    let txn = store.begin_write().unwrap();
    txn.open_table(META)
        .unwrap()
        .insert("generation", 1_000)
        .unwrap();
    txn.commit().unwrap();
    assert_eq!(state(&store), SnapshotState::NotServing);
    for query in QUERIES {
        assert_eq!(searched(&store, query), expected(&bases, query), "{query}");
    }
    // The next commit rebuilds it.
    store.write(&who(), |_| Ok(())).unwrap();
    assert!(pieces(&store) >= 1);
    assert_eq!(searched(&store, "海洋"), expected(&bases, "海洋"));
}

#[test]
fn a_damaged_piece_is_reported_and_the_tables_answer() {
    let (dir, store, bases) = loaded(3_000);
    let txn = store.begin_write().unwrap();
    {
        let mut table = txn.open_table(SEARCH_SNAPSHOT).unwrap();
        let mut bytes = table.get(1).unwrap().unwrap().value().to_vec();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x20;
        table.insert(1, bytes.as_slice()).unwrap();
    }
    txn.commit().unwrap();
    for query in QUERIES {
        assert_eq!(searched(&store, query), expected(&bases, query), "{query}");
    }
    let damage = store.take_damage();
    assert!(
        damage
            .iter()
            .any(|d| d.table == "search_snapshot" && d.detail.contains("checksum")),
        "{damage:?}"
    );
    let report = Store::check(&dir.path().join("jidi.redb")).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.table == "search_snapshot" && p.key == "piece 1"),
        "{:?}",
        report.problems
    );
}

#[test]
fn check_finds_a_key_written_behind_the_snapshot() {
    let (dir, store, bases) = loaded(300);
    let id = bases[3].id.clone();
    let mut changed = bases[3].clone();
    changed.name = "潮汐改写中心".into();
    // A key rewritten without being marked pending (as a writer that forgot would leave it).
    let txn = store.begin_write().unwrap();
    txn.open_table(KEYS)
        .unwrap()
        .insert(
            id.as_str(),
            encode(KEY_FORMAT, &search_key(&changed)).as_slice(),
        )
        .unwrap();
    txn.commit().unwrap();
    let report = Store::check(&dir.path().join("jidi.redb")).unwrap();
    assert!(
        report.problems.iter().any(|p| p.table == "search_snapshot"
            && p.key == id
            && p.detail.contains("out of step")),
        "{:?}",
        report.problems
    );
}

#[test]
fn a_reader_never_sees_keys_and_snapshot_out_of_step_while_a_writer_goes_on() {
    let (_dir, store, bases) = loaded(2_500);
    let store = Arc::new(store);
    let pair = [bases[5].id.clone(), bases[2_400].id.clone()];
    // More writes than the pending allowance, so the snapshot is rebuilt while readers read.
    let rounds = rebuild_after(bases.len() as u64) as usize + 40;
    let writer = {
        let store = Arc::clone(&store);
        let pair = pair.clone();
        std::thread::spawn(move || {
            for n in 1..=rounds {
                store
                    .write(&who(), |tx| {
                        for id in &pair {
                            tx.update(id, "edit", |b| {
                                b.leader.name = format!("潮汐{n:04}");
                                Ok(((), text!("改", "edit")))
                            })?;
                        }
                        Ok(())
                    })
                    .unwrap();
            }
        })
    };
    let query = Query::new("潮汐");
    let mut last = 0;
    loop {
        let finished = writer.is_finished();
        let parts = store
            .map_key_parts(|part| {
                crate::search::score_all(&query, part.len(), |i| part.key(i))
                    .into_iter()
                    .filter_map(|(_, i)| part.row(i))
                    .collect::<Vec<_>>()
            })
            .unwrap();
        let rows: Vec<_> = parts.into_iter().flatten().collect();
        if rows.is_empty() {
            continue; // before the first write
        }
        let mut ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        ids.sort();
        assert_eq!(ids, [pair[0].as_str(), pair[1].as_str()], "each base once");
        assert_eq!(rows[0].leader, rows[1].leader, "both from one commit");
        let n: usize = rows[0].leader["潮汐".len()..].parse().unwrap();
        assert!(n >= last, "a search saw round {n} after round {last}");
        last = n;
        if finished {
            break;
        }
    }
    writer.join().unwrap();
    assert_eq!(last, rounds);
    assert!(store.take_damage().is_empty());
}
