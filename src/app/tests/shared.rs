//! Shared use: another process's commits reach this console without it losing its place, and
//! every change this console sends is made against the version it showed — a base changed in
//! between refuses it, keeping the user's input to send again.

use super::super::form::Form;
use super::super::overlay::{MarkConfirm, Overlay};
use super::super::testkit::{Harness, demo_today};
use super::super::{Effect, Msg};
use crate::domain::codes::{Category, Outcome, Status};
use crate::domain::lifecycle::MarkInput;
use crate::service::Request;
use crate::store::WriteError;
use std::collections::BTreeSet;

/// Recognised bases that can be marked today, in id order, of one category.
fn markable(h: &Harness, category: Category) -> Vec<String> {
    let today = demo_today();
    h.rows()
        .iter()
        .filter(|r| r.status == Status::Recognised && r.category == category)
        .filter(|r| {
            let base = h.store.base(&r.id).expect("a base");
            base.status_since < today && base.last_round().is_none_or(|l| l.date < today)
        })
        .map(|r| r.id.clone())
        .collect()
}

fn mark(ids: &[&str], outcome: Outcome) -> Request {
    Request::Mark {
        ids: ids.iter().map(|s| s.to_string()).collect(),
        input: MarkInput {
            outcome,
            date: demo_today(),
            round: "另一会话".into(),
            score: None,
        },
    }
}

/// A correction another user makes: the base's technical fields.
fn fields(id: &str, value: &str) -> Request {
    Request::Edit {
        id: id.into(),
        pairs: vec![("fields".into(), value.into())],
    }
}

fn form(h: &Harness) -> &Form {
    match &h.app.overlay {
        Some(Overlay::Form(f)) => f,
        _ => panic!("no form is open"),
    }
}

fn confirm(h: &Harness) -> &MarkConfirm {
    match &h.app.overlay {
        Some(Overlay::MarkConfirm(c)) => c,
        _ => panic!("no mark confirmation is open"),
    }
}

fn field_values(form: &Form) -> Vec<String> {
    form.fields
        .iter()
        .map(|f| f.input.value().to_string())
        .collect()
}

/// The store's version now: the latest event.
fn store_version(h: &Harness) -> u64 {
    crate::app::background::version(&h.store).expect("a version")
}

#[test]
fn another_users_change_is_named_and_nothing_of_this_session_is_lost() {
    let mut h = Harness::demo();
    let bases = markable(&h, Category::JointResearch);
    assert!(
        bases.len() >= 4,
        "the demo has joint-research bases to mark"
    );
    h.command("filter 类型=联合研究类");
    h.cursor_to(&bases[1]);
    h.press("space");
    h.cursor_to(&bases[3]);
    h.press("space");
    h.cursor_to(&bases[2]);
    // A half-filled form on the cursor's base.
    // A change filing, its new value typed.
    h.press("c tab");
    h.type_text("南粤新名称");
    let (filter, selected) = (h.app.list.filter.clone(), h.app.list.selected.clone());
    let typed = field_values(form(&h));
    let visible = h.visible_ids();

    // Another process marks the base under the cursor.
    h.as_other_user(mark(&[&bases[2]], Outcome::Unqualified));
    assert_ne!(
        h.app.row(&bases[2]).expect("a row").last_outcome,
        Outcome::Unqualified,
        "not seen before the store is looked at"
    );
    h.poll();

    let row = h.app.row(&bases[2]).expect("a row");
    assert_eq!(
        (row.last_outcome, row.status),
        (Outcome::Unqualified, Status::Rectifying)
    );
    let notice = h.notice().expect("what changed");
    assert!(
        notice.starts_with(&format!("wang 标记 {} 另一会话 不合格", bases[2])),
        "{notice}"
    );
    assert_eq!(h.cursor_id().as_deref(), Some(bases[2].as_str()));
    assert_eq!(h.app.list.selected, selected);
    assert_eq!(h.app.list.filter, filter);
    assert_eq!(h.visible_ids(), visible, "the same rows, in the same order");
    assert_eq!(
        field_values(form(&h)),
        typed,
        "the half-filled form is untouched"
    );
    assert_eq!(h.app.version, store_version(&h));
    // Its findings in triage are those of the base as it is now.
    let now = h.store.base(&bases[2]).expect("a base");
    let expected = crate::domain::findings::findings(&now, &h.app.ctx(), &h.app.bans);
    let analysis = h.app.analysis.as_ref().expect("analysed");
    let shown: Vec<_> = analysis
        .triage
        .iter()
        .filter(|f| f.base_id == bases[2])
        .collect();
    assert_eq!(shown.len(), expected.len());
    assert!(expected.iter().all(|f| shown.contains(&f)));
}

#[test]
fn a_search_and_several_changes_survive_a_refresh() {
    let mut h = Harness::demo();
    h.press("/");
    h.type_text("研究");
    h.press("enter");
    let hits = h.visible_ids();
    assert!(hits.len() > 3, "{hits:?}");
    h.cursor_to(&hits[2]);
    h.as_other_user(fields(&hits[0], "海洋工程"));
    h.as_other_user(fields(&hits[1], "生物医药"));
    h.poll();
    let notice = h.notice().expect("what changed");
    assert!(
        notice.starts_with(&format!("2 项变更：wang 修改 {} ", hits[1])),
        "the newest of the two: {notice}"
    );
    assert_eq!(h.app.list.search.query, "研究");
    assert_eq!(h.visible_ids(), hits, "the same hits");
    assert_eq!(h.cursor_id().as_deref(), Some(hits[2].as_str()));
    // Another user's new base appears without losing the place either.
    h.press("esc");
    let before = h.cursor_id();
    let created = h.as_other_user(Request::New(crate::domain::ops::NewApplication {
        name: "南粤海洋联合研究中心".into(),
        category: Category::JointResearch,
        city: "广州".into(),
        host: "岭南海洋研究院".into(),
        host_kind: crate::domain::codes::HostKind::Institute,
        leader: None,
        recommender: None,
        applied_on: demo_today(),
    }));
    h.poll();
    let id = &created.bases[0].id;
    assert!(h.app.row(id).is_some(), "the new base is listed");
    assert_eq!(h.cursor_id(), before);
    assert!(
        h.notice()
            .expect("named")
            .contains(&format!("wang 新建 {id}"))
    );
}

#[test]
fn a_conflict_keeps_the_form_and_its_key_applies_it_to_the_new_version() {
    let mut h = Harness::demo();
    let id = markable(&h, Category::JointResearch)[0].clone();
    h.cursor_to(&id);
    // A change filing, its new value typed.
    h.press("c tab");
    h.type_text("南粤新名称");
    let typed = field_values(form(&h));
    let seen = h.app.version;
    h.as_other_user(fields(&id, "智能制造"));
    let filed = h.store.base(&id).expect("a base").changes.len();
    h.press("enter");

    let f = form(&h);
    assert!(!f.pending);
    assert_eq!(field_values(f), typed, "the input is kept");
    let error = f.error.as_ref().expect("why").zh.clone();
    for part in [
        id.as_str(),
        "wang",
        "修改 fields",
        "未写入任何内容",
        "按 Enter",
    ] {
        assert!(error.contains(part), "{part:?} in {error}");
    }
    // The view already shows the new version.
    assert!(h.app.version > seen);
    assert_eq!(
        h.store.base(&id).expect("a base").changes.len(),
        filed,
        "nothing written"
    );

    h.press("enter");
    assert!(h.app.overlay.is_none(), "stored on the new version");
    let base = h.store.base(&id).expect("a base");
    assert_eq!(base.changes.len(), filed + 1);
    assert_eq!(base.fields, ["智能制造"], "the other user's change stands");
}

#[test]
fn a_batch_mark_with_one_conflict_is_refused_whole_and_y_sends_it_again() {
    let mut h = Harness::demo();
    let bases = markable(&h, Category::JointResearch);
    let (a, b) = (bases[0].clone(), bases[1].clone());
    h.cursor_to(&a);
    h.press("space");
    h.cursor_to(&b);
    h.press("space");
    h.press("e 2");
    let round = confirm(&h).round.value().to_string();
    h.as_other_user(fields(&b, "新材料"));
    let effects = h.press("y");
    assert!(effects.is_empty(), "{effects:?}");
    let c = confirm(&h);
    assert!(!c.pending);
    assert_eq!(c.round.value(), round, "the input is kept");
    let error = c.input_error.as_ref().expect("why").zh.clone();
    assert!(
        error.contains(&b) && error.contains("wang") && !error.contains(&a),
        "names the base changed and who: {error}"
    );
    assert!(error.contains("按 y"), "{error}");
    for id in [&a, &b] {
        assert!(
            h.store
                .base(id)
                .expect("a base")
                .rounds
                .iter()
                .all(|r| r.round != round),
            "{id}: nothing was marked"
        );
    }
    assert_eq!(h.app.list.selected.len(), 2, "the selection is kept");
    h.press("y");
    assert!(h.app.overlay.is_none());
    for id in [&a, &b] {
        let base = h.store.base(id).expect("a base");
        assert_eq!(base.last_outcome(), Outcome::Qualified, "{id}");
    }
}

#[test]
fn this_session_s_own_changes_are_no_conflict() {
    let mut h = Harness::demo();
    let id = markable(&h, Category::JointResearch)[0].clone();
    h.cursor_to(&id);
    h.press("e 2 y");
    assert!(h.app.overlay.is_none());
    assert_eq!(h.app.version, store_version(&h));
    let filed = h.store.base(&id).expect("a base").changes.len();
    // A change filing, its new value typed.
    h.press("c tab");
    h.type_text("南粤新名称");
    h.press("enter");
    assert!(h.app.overlay.is_none(), "{:?}", form_error(&h));
    assert_eq!(h.store.base(&id).expect("a base").changes.len(), filed + 1);
    // Nothing to report: the changes were this session's own.
    h.poll();
    assert!(
        h.notice()
            .is_none_or(|n| !n.contains("wang") && !n.contains("项变更")),
        "{:?}",
        h.notice()
    );
}

fn form_error(h: &Harness) -> Option<String> {
    match &h.app.overlay {
        Some(Overlay::Form(f)) => f.error.as_ref().map(|e| e.zh.clone()),
        _ => None,
    }
}

#[test]
fn a_write_that_waits_says_so_and_a_busy_store_keeps_the_form() {
    let mut h = Harness::demo();
    let id = markable(&h, Category::JointResearch)[0].clone();
    h.cursor_to(&id);
    // A change filing, its new value typed.
    h.press("c tab");
    h.type_text("南粤新名称");
    let typed = field_values(form(&h));
    let effects = h.send("enter");
    assert!(matches!(effects.as_slice(), [Effect::Write { .. }]));
    h.app.update(Msg::WriteWaiting);
    assert_eq!(h.notice().as_deref(), Some("等待其他用户的写入…"));
    assert!(h.app.write_waiting);
    h.app.update(Msg::Written(Err(WriteError::Busy {
        waited: std::time::Duration::from_secs(5),
    })));
    let f = form(&h);
    assert_eq!(field_values(f), typed);
    let error = f.error.as_ref().expect("why").zh.clone();
    assert!(
        error.contains("数据库忙") && error.contains("按 Enter 重试"),
        "{error}"
    );
    assert!(!h.app.writing && !h.app.write_waiting);
}

#[test]
fn a_great_many_changes_reload_every_row_and_keep_the_place() {
    let mut h = Harness::demo();
    let bases = markable(&h, Category::JointResearch);
    h.cursor_to(&bases[1]);
    h.press("space");
    let cursor = h.cursor_id();
    for i in 0..201 {
        h.as_other_user(fields(&bases[0], &format!("领域{i}")));
    }
    h.poll();
    let notice = h.notice().expect("what changed");
    assert!(
        notice.starts_with(&format!("201 项变更：wang 修改 {}", bases[0])),
        "{notice}"
    );
    assert_eq!(h.cursor_id(), cursor);
    assert_eq!(
        h.app.list.selected,
        BTreeSet::from([bases[1].clone()]),
        "the selection is kept"
    );
    assert_eq!(h.app.version, store_version(&h));
}

#[test]
fn a_database_file_replaced_under_the_console_is_reopened_and_every_row_reloaded() {
    let mut h = Harness::demo();
    let id = markable(&h, Category::JointResearch)[0].clone();
    h.cursor_to(&id);
    // A restore puts another file in its place: a copy with one change more.
    let path = h.store.path().to_path_buf();
    let copy = path.with_extension("restored");
    std::fs::copy(&path, &copy).expect("copied");
    {
        let other = crate::store::Store::open(&copy).expect("the copy opens");
        let ctx = h.app.ctx();
        crate::service::perform(
            &other,
            &super::super::testkit::other_user(),
            ctx,
            fields(&id, "恢复后的领域"),
        )
        .expect("changed in the copy");
    }
    std::fs::rename(&copy, &path).expect("put in place");
    h.poll();
    let notice = h.notice().expect("said");
    assert!(notice.contains("数据库文件已被替换"), "{notice}");
    assert!(h.app.loaded);
    assert_eq!(
        h.cursor_id().as_deref(),
        Some(id.as_str()),
        "the place is kept"
    );
    assert_eq!(
        h.app.version,
        store_version(&h),
        "at the new file's version"
    );
    h.press("enter");
    assert_eq!(
        h.app.detail.as_ref().expect("opened").base.fields,
        ["恢复后的领域"],
        "the base as the new file has it"
    );
}
