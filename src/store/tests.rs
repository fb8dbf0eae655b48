use super::*;
use crate::domain::codes::Status;
use crate::domain::testkit::{base_applied, base_recognised};
use crate::domain::text::{Lang, Refusal, Text};
use crate::text;
use schema::BASE_FORMAT;
use std::sync::Arc;

fn who() -> Who {
    Who {
        actor: "tester".into(),
        at: chrono::DateTime::parse_from_rfc3339("2026-11-25T09:00:00+08:00").unwrap(),
    }
}

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("jidi.redb")).unwrap();
    (dir, store)
}

fn with_base(store: &Store, base: &crate::domain::base::Base) {
    store
        .write(&who(), |tx| {
            tx.insert(base, "create", text!("新建", "created"))
        })
        .unwrap();
}

#[test]
fn a_new_file_gets_the_current_schema() {
    let (_dir, store) = temp_store();
    assert_eq!(store.schema_version().unwrap(), Some(SCHEMA_VERSION));
    assert_eq!(store.count().unwrap(), 0);
}

#[test]
fn records_summaries_and_events_move_together() {
    let (_dir, store) = temp_store();
    let base = base_recognised("2024-06-01");
    with_base(&store, &base);
    assert_eq!(store.base(&base.id).unwrap(), base);
    assert_eq!(store.summaries().unwrap(), vec![Summary::of(&base)]);
    let generation = store.generation().unwrap();
    store
        .write(&who(), |tx| {
            tx.update(&base.id, "edit", |b| {
                b.name = "新名称联合研究中心".into();
                Ok(((), text!("改名", "renamed")))
            })
        })
        .unwrap();
    assert_eq!(store.summaries().unwrap()[0].name, "新名称联合研究中心");
    assert_eq!(store.generation().unwrap(), generation + 1);
    let log = store.events(Some(&base.id)).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[1].actor, "tester");
    assert_eq!(log[1].changes.len(), 1);
    assert_eq!(log[1].changes[0].field, "name");
    assert_eq!(
        log[1].changes[0].before.as_deref(),
        Some("\"岭海智能材料联合研究中心\"")
    );
}

#[test]
fn a_refused_change_writes_nothing() {
    let (_dir, store) = temp_store();
    let base = base_recognised("2024-06-01");
    with_base(&store, &base);
    let generation = store.generation().unwrap();
    let result = store.write(&who(), |tx| {
        tx.update(&base.id, "edit", |b| {
            b.name = "changed".into();
            Err::<((), Text), _>(Refusal::rule("A9", text!("不行", "no")).into())
        })
    });
    assert!(matches!(result.unwrap_err(), WriteError::Refused(_)));
    assert_eq!(store.base(&base.id).unwrap(), base);
    assert_eq!(store.events(None).unwrap().len(), 1);
    assert_eq!(store.generation().unwrap(), generation);
}

#[test]
fn duplicate_ids_are_refused_and_unknown_ids_named() {
    let (_dir, store) = temp_store();
    let base = base_applied();
    with_base(&store, &base);
    let err = store
        .write(&who(), |tx| tx.insert(&base, "create", text!("x", "x")))
        .unwrap_err();
    let WriteError::Refused(refusal) = err else {
        panic!("{err}")
    };
    assert!(refusal.text.zh.contains(&base.id));
    let err = store.base("GDICB-1999-0001").unwrap_err();
    assert!(err.message(Lang::Zh).contains("GDICB-1999-0001"));
}

#[test]
fn ids_are_never_reused() {
    let (_dir, store) = temp_store();
    let mut taken = base_applied();
    taken.id = "GDICB-2026-0001".into();
    with_base(&store, &taken);
    let a = store.write(&who(), |tx| Ok(tx.next_id(2026)?)).unwrap();
    let b = store.write(&who(), |tx| Ok(tx.next_id(2026)?)).unwrap();
    assert_eq!(
        (a.as_str(), b.as_str()),
        ("GDICB-2026-0002", "GDICB-2026-0003")
    );
}

#[test]
fn undo_writes_a_compensating_event_once() {
    let (_dir, store) = temp_store();
    let base = base_recognised("2024-06-01");
    with_base(&store, &base);
    let batch = store
        .write(&who(), |tx| {
            tx.update(&base.id, "status", |b| {
                b.status = Status::Rectifying;
                Ok(((), text!("整改", "rectify")))
            })?;
            Ok(tx.batch().unwrap())
        })
        .unwrap();
    assert_eq!(store.last_undoable("tester").unwrap(), Some(batch));
    assert_eq!(store.last_undoable("someone-else").unwrap(), None);
    store.write(&who(), |tx| tx.undo(batch)).unwrap();
    assert_eq!(store.base(&base.id).unwrap().status, Status::Recognised);
    let log = store.events(Some(&base.id)).unwrap();
    assert_eq!(log.len(), 3, "create, change, undo: history is kept");
    assert_eq!(log[2].undoes, Some(batch));
    assert_eq!(store.last_undoable("tester").unwrap(), None);
    let again = store.write(&who(), |tx| tx.undo(batch));
    assert!(again.is_err());
}

#[test]
fn undo_is_refused_when_the_field_changed_since() {
    let (_dir, store) = temp_store();
    let base = base_recognised("2024-06-01");
    with_base(&store, &base);
    let set_name = |name: &'static str| {
        store
            .write(&who(), |tx| {
                tx.update(&base.id, "edit", |b| {
                    b.name = name.into();
                    Ok(((), text!("改", "edit")))
                })?;
                Ok(tx.batch().unwrap())
            })
            .unwrap()
    };
    let first = set_name("一");
    set_name("二");
    let err = store.write(&who(), |tx| tx.undo(first)).unwrap_err();
    let WriteError::Refused(refusal) = err else {
        panic!("{err}")
    };
    assert!(refusal.text.zh.contains("name"));
    assert_eq!(store.base(&base.id).unwrap().name, "二");
}

#[test]
fn creation_cannot_be_undone() {
    let (_dir, store) = temp_store();
    let base = base_applied();
    with_base(&store, &base);
    assert!(store.write(&who(), |tx| tx.undo(1)).is_err());
    assert_eq!(store.count().unwrap(), 1);
}

#[test]
fn bans_are_found_by_normalised_host_name() {
    let (_dir, store) = temp_store();
    let mut removed = base_recognised("2019-06-01");
    removed.status = Status::Removed;
    removed.removal = Some(crate::domain::base::Removal {
        date: crate::domain::testkit::d("2022-01-01"),
        reason: crate::domain::codes::RemovalReason::A14_3,
        note: String::new(),
    });
    with_base(&store, &removed);
    let bans = store
        .write(&who(), |tx| Ok(tx.bans_for_host(" 岭海材料科学研究院　")?))
        .unwrap();
    assert_eq!(bans.len(), 1);
    assert_eq!(bans[0].base_id, removed.id);
}

#[test]
fn a_second_writer_gives_up_after_the_busy_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_with_timeout(
        &dir.path().join("jidi.redb"),
        std::time::Duration::from_millis(100),
    )
    .unwrap();
    let store = Arc::new(store);
    let (held_tx, held_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let holder = {
        let store = Arc::clone(&store);
        std::thread::spawn(move || {
            store
                .write(&who(), |_| {
                    held_tx.send(()).unwrap();
                    release_rx.recv().unwrap();
                    Ok(())
                })
                .unwrap();
        })
    };
    held_rx.recv().unwrap();
    let err = store.write(&who(), |_| Ok(())).unwrap_err();
    assert!(matches!(err, WriteError::Busy { .. }), "{err}");
    release_tx.send(()).unwrap();
    holder.join().unwrap();
    store.write(&who(), |_| Ok(())).unwrap();
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jidi.redb");
    {
        let store = Store::open(&path).unwrap();
        let txn = store.begin_write().unwrap();
        txn.open_table(schema::META)
            .unwrap()
            .insert("schema_version", SCHEMA_VERSION + 1)
            .unwrap();
        txn.commit().unwrap();
    }
    let err = Store::open(&path).err().expect("newer schema refused");
    assert!(matches!(err, StoreError::NewerSchema { .. }), "{err}");
    assert!(err.message(Lang::Zh).contains("升级"));
}

/// The ids whose search keys match `query`, in id order, as the store hands the keys over.
fn search_ids(store: &Store, query: &str) -> Vec<String> {
    let query = crate::search::Query::new(query);
    let parts = store
        .map_key_parts(|part| {
            crate::search::score_all(&query, part.len(), |i| part.key(i))
                .into_iter()
                .filter_map(|(_, i)| Some(part.row(i)?.id))
                .collect::<Vec<_>>()
        })
        .unwrap();
    let mut ids: Vec<String> = parts.into_iter().flatten().collect();
    ids.sort();
    ids
}

/// Schema 1, record format 1: records and events only, no summaries, no host index. Written by
/// `write_v1_fixture` as of commit 88d25fc.
const V1_FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/store-v1.redb");

#[test]
fn a_v1_file_is_migrated_to_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.redb");
    std::fs::copy(V1_FIXTURE, &path).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), Some(SCHEMA_VERSION));
    let summaries = store.summaries().unwrap();
    let ids: Vec<&str> = summaries.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, vec!["GDICB-2020-0001", "GDICB-2026-0001"]);
    assert_eq!(summaries[0].status, Status::Recognised);
    // Search keys were built (v3) and line up with the rows.
    let (rows, keys) = store.summaries_and_keys().unwrap();
    assert_eq!(rows.len(), keys.len());
    assert_eq!(
        search_ids(&store, "nlhy"),
        vec!["GDICB-2026-0001"],
        "南岭海洋 by its initials"
    );
    // The host index was built, so bans can be found, and new writes work.
    let found = store
        .write(&who(), |tx| {
            Ok(tx.bans_for_host("南岭海洋装备有限公司")?.len())
        })
        .unwrap();
    assert_eq!(found, 0);
    assert_eq!(
        store.write(&who(), |tx| Ok(tx.next_id(2026)?)).unwrap(),
        "GDICB-2026-0002"
    );
}

/// Schema 3, record format 1, written through the store by `write_v3_fixture` as of commit
/// 7cb42b6: GDICB-2020-0001 (recognised) with partners in 德国, 香港特别行政区 and 奥瑞利亚 (no such
/// country), indicators as single totals, a PhD leader; GDICB-2026-0001 (a tech-transfer
/// application) with partners in Hong Kong SAR and 上海, single totals.
const V3_FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/store-v3.redb");

fn migrated_v3() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.redb");
    std::fs::copy(V3_FIXTURE, &path).unwrap();
    let store = Store::open(&path).unwrap();
    (dir, store)
}

#[test]
fn a_v3_file_gets_country_codes_and_flags_the_names_it_cannot_place() {
    let (_dir, store) = migrated_v3();
    assert_eq!(store.schema_version().unwrap(), Some(SCHEMA_VERSION));
    let a = store.base("GDICB-2020-0001").unwrap();
    let partners: Vec<(&str, Option<&str>)> = a
        .partners
        .iter()
        .map(|p| (p.country.as_str(), p.country_code.as_deref()))
        .collect();
    assert_eq!(
        partners,
        vec![
            ("德国", Some("DE")),
            ("香港特别行政区", Some("HK")),
            ("奥瑞利亚", None),
        ],
        "names kept; the unknown one flagged, not guessed"
    );
    let b = store.base("GDICB-2026-0001").unwrap();
    let codes: Vec<Option<&str>> = b
        .partners
        .iter()
        .map(|p| p.country_code.as_deref())
        .collect();
    assert_eq!(
        codes,
        vec![Some("HK"), None],
        "Hong Kong SAR is HK; 上海 is no partner country"
    );
    // Nothing else moved.
    assert_eq!(
        a.leader.qualification,
        crate::domain::codes::Qualification::Phd
    );
    assert_eq!(
        a.leader.qualified_on,
        Some(crate::domain::testkit::d("2012-07-01"))
    );
    assert_eq!(
        a.partners[1].valid_until,
        crate::domain::testkit::d("2027-02-28")
    );
    assert_eq!(store.events(None).unwrap().len(), 2, "the history is kept");
    assert_eq!(store.summaries().unwrap()[1].host, "南岭海洋装备有限公司");
}

#[test]
fn a_v3_file_keeps_single_totals_as_year_unknown_which_fail_the_window() {
    use crate::domain::eligibility;
    use crate::domain::findings::{self, BanIndex};
    use crate::domain::lifecycle::Ctx;
    use crate::domain::policy::Policy;
    let (_dir, store) = migrated_v3();
    let a = store.base("GDICB-2020-0001").unwrap();
    let undated = a.indicators.undated.as_ref().expect("old totals kept");
    assert_eq!(undated.input_yuan, Some(6_500_000));
    assert_eq!(undated.papers, Some(3));
    assert_eq!(a.indicators.exchange, Some(true));
    assert!(a.indicators.years.is_empty());
    let b = store.base("GDICB-2026-0001").unwrap();
    let policy = Policy::default_policy();
    let lines = eligibility::check(&b, &policy, crate::domain::testkit::d("2026-04-10"));
    let projects = lines.iter().find(|l| l.rule == "A8.2.1").unwrap();
    assert!(!projects.pass);
    assert!(
        projects.value.zh.contains("年度未知"),
        "{}",
        projects.value.zh
    );
    // Triage names each partner whose country could not be placed.
    let ctx = Ctx {
        policy: &policy,
        today: crate::domain::testkit::d("2026-11-25"),
    };
    let bases = store.bases().unwrap();
    let unknown: Vec<String> = bases
        .iter()
        .flat_map(|base| findings::findings(base, &ctx, &BanIndex::new(&bases)))
        .filter(|f| f.kind == crate::domain::codes::FindingKind::PartnerCountryUnknown)
        .map(|f| f.message.zh)
        .collect();
    assert_eq!(unknown.len(), 2, "{unknown:?}");
    assert!(
        unknown[0].contains("奥瑞利亚") && unknown[1].contains("上海"),
        "{unknown:?}"
    );
    // The migrated file takes new writes in the new format.
    store
        .write(&who(), |tx| {
            tx.update("GDICB-2026-0001", "edit", |b| {
                b.indicators.exchange = Some(false);
                Ok(((), text!("改", "edit")))
            })
        })
        .unwrap();
    assert_eq!(
        store.base("GDICB-2026-0001").unwrap().indicators.exchange,
        Some(false)
    );
}

const V3_EVENTS_FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/store-v3-events.redb"
);

/// The v3 fixture (made by jidi at baebd9a, see its commit) holds events with whole lists
/// before and after, and values without checksums.
#[test]
fn a_v3_file_is_migrated_to_checksums_and_item_events() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.redb");
    std::fs::copy(V3_EVENTS_FIXTURE, &path).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), Some(SCHEMA_VERSION));
    let id = "GDICB-2024-0001";
    let log = store.events(Some(id)).unwrap();
    assert_eq!(log.len(), 13);
    // Event #8 added the second risk note: v4 keeps that note alone.
    let second = log.iter().find(|e| e.seq == 8).unwrap();
    assert_eq!(second.action, "risk_add");
    assert_eq!(second.changes.len(), 1, "{:?}", second.changes);
    assert_eq!(second.changes[0].path(), "risks[1]");
    assert_eq!(second.changes[0].before, None);
    assert!(
        second.changes[0]
            .after
            .as_deref()
            .unwrap()
            .contains("第二条风险说明")
    );
    assert!(
        !second.changes[0]
            .after
            .as_deref()
            .unwrap()
            .contains("第一条风险说明")
    );
    // The records still match their (migrated) history.
    let report = Store::check(&path).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!((report.bases, report.events), (2, 16));
    // Undo works from the smaller events: the second note goes, then the first reopens.
    store.write(&who(), |tx| tx.undo(8)).unwrap();
    assert_eq!(store.base(id).unwrap().risks.len(), 1);
    store.write(&who(), |tx| tx.undo(9)).unwrap();
    let base = store.base(id).unwrap();
    assert_eq!(base.risks[0].closed, None);
    assert!(Store::check(&path).unwrap().problems.is_empty());
}

#[test]
fn history_grows_with_each_note_not_with_the_record() {
    let (dir, store) = temp_store();
    let base = base_recognised("2024-06-01");
    with_base(&store, &base);
    let note = |n: u32| crate::domain::base::RiskNote {
        n,
        area: crate::domain::codes::RiskArea::Data,
        severity: crate::domain::codes::Severity::Medium,
        status: crate::domain::codes::RiskStatus::Open,
        description: "风".repeat(4000),
        mitigation: String::new(),
        opened: crate::domain::testkit::d("2026-01-05"),
        closed: None,
    };
    let size = || {
        std::fs::metadata(dir.path().join("jidi.redb"))
            .unwrap()
            .len()
    };
    let mut sizes = vec![size()];
    for n in 1..=100 {
        store
            .write(&who(), |tx| {
                tx.update(&base.id, "risk_add", |b| {
                    b.risks.push(note(n));
                    Ok(((), text!("登记风险", "risk added")))
                })
            })
            .unwrap();
        if n % 50 == 0 {
            sizes.push(size());
        }
    }
    let history: usize = store
        .events(Some(&base.id))
        .unwrap()
        .iter()
        .flat_map(|e| &e.changes)
        .map(|c| c.after.as_ref().map_or(0, String::len) + c.before.as_ref().map_or(0, String::len))
        .sum();
    // 100 notes of about 12,100 bytes of JSON each: the history holds each once (1.2 MB), not
    // 1 + 2 + … + 100 times (61 MB).
    eprintln!("history {history} bytes; file before, after 50 and 100 notes: {sizes:?}");
    assert!(history < 100 * 13_000, "history holds {history} bytes");
    // The file grows by about the same amount each half (linearly), far from the quadratic
    // 247 MB of whole-list events, whose second half grows three times the first. redb grows
    // its file by doubling, so one half may take up to twice the other.
    let growth: Vec<u64> = sizes
        .windows(2)
        .map(|w| w[1].saturating_sub(w[0]))
        .collect();
    assert!(sizes[2] < 40_000_000, "{sizes:?}");
    assert!(growth[1] < 5 * growth[0].max(1_000_000) / 2, "{sizes:?}");
}

#[test]
fn a_deleted_file_refuses_writes_and_a_replaced_one_is_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jidi.redb");
    let store = Store::open(&path).unwrap();
    let base = base_recognised("2024-06-01");
    with_base(&store, &base);
    let rename = |b: &mut crate::domain::base::Base| {
        b.name = "改过的名称".into();
        Ok(((), text!("改名", "renamed")))
    };

    // Restored by copy: another file now has the path.
    let other = dir.path().join("backup.redb");
    {
        let backup = Store::open(&other).unwrap();
        let mut restored = base.clone();
        restored.name = "备份中的名称".into();
        with_base(&backup, &restored);
    }
    std::fs::rename(&other, &path).unwrap();
    assert_eq!(store.file_state(), FileState::Replaced);
    let err = store
        .write(&who(), |tx| tx.update(&base.id, "edit", rename))
        .unwrap_err();
    assert!(
        matches!(
            err,
            WriteError::Store(StoreError::Moved { deleted: false, .. })
        ),
        "{err}"
    );
    let notice = store.take_notice().expect("the console is told");
    assert!(notice.reopened);
    assert!(notice.text.zh.contains("已被替换"), "{}", notice.text.zh);
    assert_eq!(store.base(&base.id).unwrap().name, "备份中的名称");
    assert_eq!(store.file_state(), FileState::Same);
    store
        .write(&who(), |tx| tx.update(&base.id, "edit", rename))
        .unwrap();

    // Deleted: writes would vanish with the inode, so none is made.
    std::fs::remove_file(&path).unwrap();
    assert_eq!(store.file_state(), FileState::Deleted);
    let err = store
        .write(&who(), |tx| tx.update(&base.id, "edit", rename))
        .unwrap_err();
    assert!(
        matches!(
            err,
            WriteError::Store(StoreError::Moved { deleted: true, .. })
        ),
        "{err}"
    );
    assert!(err.message(Lang::Zh).contains("已被删除"));
    let notice = store.take_notice().expect("said once");
    assert!(!notice.reopened);
    assert_eq!(store.take_notice(), None, "not said again every poll");
}

#[test]
fn a_read_only_open_never_creates_or_changes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.redb");
    let err = Store::open_read_only(&missing).err().expect("refused");
    assert!(matches!(err, StoreError::Missing { .. }), "{err}");
    assert!(err.message(Lang::Zh).contains("jidi init"));
    assert!(!missing.exists(), "nothing created");

    let path = dir.path().join("jidi.redb");
    with_base(&Store::open(&path).unwrap(), &base_recognised("2024-06-01"));
    let before = std::fs::read(&path).unwrap();
    let store = Store::open_read_only(&path).unwrap();
    assert_eq!(store.summaries().unwrap().len(), 1);
    store.events(None).unwrap();
    let err = store.write(&who(), |_| Ok(())).unwrap_err();
    assert!(
        matches!(err, WriteError::Store(StoreError::ReadOnly { .. })),
        "{err}"
    );
    drop(store);
    assert!(
        std::fs::read(&path).unwrap() == before,
        "not one byte changed"
    );
}

#[test]
fn an_unknown_uid_is_its_own_account() {
    assert_eq!(account_name(None, 4242), "uid:4242");
    assert_eq!(account_name(Some(String::new()), 4242), "uid:4242");
    assert_eq!(account_name(Some("wang".into()), 1000), "wang");
}

#[test]
fn a_read_redb_panics_on_is_an_error_and_a_notice_for_the_console() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.redb");
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/store-zeroed-page.redb"
    );
    std::fs::copy(fixture, &path).unwrap();
    let store = Store::open_read_only(&path).unwrap();
    let err = store
        .summaries_and_keys()
        .expect_err("the zeroed page is met");
    assert!(matches!(err, StoreError::Damaged { .. }), "{err}");
    assert!(err.message(Lang::Zh).contains("jidi check"), "{err}");
    let notice = store.take_notice().expect("the console is told");
    assert!(notice.text.zh.contains("损坏"), "{}", notice.text.zh);
    // Other reads still answer.
    assert_eq!(store.count().unwrap(), 80);
    assert!(store.base("GDICB-2016-0002").is_ok());
}

#[test]
fn check_finds_a_record_changed_behind_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jidi.redb");
    let store = Store::open(&path).unwrap();
    let base = base_recognised("2024-06-01");
    with_base(&store, &base);
    store
        .write(&who(), |tx| {
            tx.update(&base.id, "edit", |b| {
                b.leader.name = "陈海明".into();
                Ok(((), text!("改负责人", "leader changed")))
            })
        })
        .unwrap();
    assert!(Store::check(&path).unwrap().clean());
    // A record rewritten without an event (another program, a bug): its summary still says
    // otherwise, and its history disagrees.
    let mut altered = store.base(&base.id).unwrap();
    altered.leader.name = "无记录的改动".into();
    let txn = store.begin_write().unwrap();
    txn.open_table(schema::BASES)
        .unwrap()
        .insert(
            base.id.as_str(),
            codec::encode(BASE_FORMAT, &altered).as_slice(),
        )
        .unwrap();
    txn.commit().unwrap();
    let report = Store::check(&path).unwrap();
    assert!(!report.clean());
    let about: Vec<String> = report
        .problems
        .iter()
        .filter(|p| p.key == base.id)
        .map(|p| format!("{} {}", p.table, p.detail))
        .collect();
    assert!(
        about
            .iter()
            .any(|p| p.contains("bases `leader` is not what event #2 recorded")),
        "{about:?}"
    );
    assert!(
        about.iter().any(|p| p.contains("summaries out of step")),
        "{about:?}"
    );
}

#[test]
fn check_finds_a_case_changed_behind_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jidi.redb");
    let store = Store::open(&path).unwrap();
    let base = base_recognised("2024-06-01");
    with_base(&store, &base);
    let key = format!("{}/A15.3.4", base.id);
    let mut case = crate::domain::cases::FollowUp::new(&key);
    case.assignee = Some("wang".into());
    store
        .write(&who(), |tx| {
            Ok(tx.put_case(None, &case, "follow", text!("跟进", "case"))?)
        })
        .unwrap();
    assert!(Store::check(&path).unwrap().clean());
    case.assignee = Some("nobody".into());
    let txn = store.begin_write().unwrap();
    txn.open_table(schema::CASES)
        .unwrap()
        .insert(key.as_str(), codec::encode(1, &case).as_slice())
        .unwrap();
    txn.commit().unwrap();
    let report = Store::check(&path).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.key == format!("case:{key}")),
        "{:?}",
        report.problems
    );
}

/// The stored search key of base `id`, read as a search pass reads it.
fn stored_key(store: &Store, id: &str) -> crate::search::SearchKey<'static> {
    let (rows, keys) = store.summaries_and_keys().unwrap();
    let at = rows.iter().position(|r| r.id == id).unwrap();
    keys[at].clone()
}

#[test]
fn a_base_s_search_key_holds_its_latest_work_records_cut_to_size() {
    let (dir, store) = temp_store();
    let base = base_recognised("2024-06-01");
    with_base(&store, &base);
    let note = |text: String| {
        store
            .write(&who(), |tx| {
                Ok(tx.add_work_note(&base.id, text, None, text!("记录", "noted"))?)
            })
            .unwrap()
    };
    note("首次电话联系，对方答应补交".into());
    let key = stored_key(&store, &base.id);
    assert_eq!(
        key,
        search_key_with_notes(&base, &store.work_notes(&base.id).unwrap())
    );
    assert_ne!(key, search_key(&base), "the note's words are in the key");
    // A change to the base keeps them there.
    store
        .write(&who(), |tx| {
            tx.update(&base.id, "edit", |b| {
                b.fields = vec!["海洋工程".into()];
                Ok(((), text!("改", "edited")))
            })
        })
        .unwrap();
    let stored = store.base(&base.id).unwrap();
    assert_eq!(
        stored_key(&store, &base.id),
        search_key_with_notes(&stored, &store.work_notes(&base.id).unwrap())
    );
    // Only the latest KEY_NOTES records, each cut to KEY_NOTE_CHARS, go in.
    let long = "访".repeat(KEY_NOTE_CHARS + 50);
    for _ in 0..KEY_NOTES {
        note(long.clone());
    }
    let key = stored_key(&store, &base.id);
    let notes: Vec<&str> = (0..40)
        .map(|i| key.field_text(i))
        .filter(|t| t.starts_with('访'))
        .collect();
    assert_eq!(notes.len(), KEY_NOTES);
    assert!(notes.iter().all(|t| t.chars().count() == KEY_NOTE_CHARS));
    assert!(
        (0..40).all(|i| !key.field_text(i).starts_with("首次电话")),
        "the oldest fell out"
    );
    // Undoing the last record takes it out of the key again; the file checks clean.
    let last = store.events(Some(&base.id)).unwrap().last().unwrap().batch;
    store.write(&who(), |tx| tx.undo(last)).unwrap();
    assert_eq!(store.work_notes(&base.id).unwrap().len(), KEY_NOTES);
    assert_eq!(
        stored_key(&store, &base.id),
        search_key_with_notes(&stored, &store.work_notes(&base.id).unwrap())
    );
    drop(store);
    let report = Store::check(&dir.path().join("jidi.redb")).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}
