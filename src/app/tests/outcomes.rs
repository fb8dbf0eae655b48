//! An evaluator's results sheet from the console: `:import-outcomes PATH` (with path
//! completion), the dry run in a dialog, `y` to record every outcome in one transaction through
//! the same request as `jidi import-outcomes` — all or nothing, undoable.

use super::super::Effect;
use super::super::outcomes::OutcomesConfirm;
use super::super::overlay::Overlay;
use super::super::testkit::Harness;
use crate::domain::codes::Status;
use crate::domain::roles::Role;
use crate::service::Request;

const FIXTURES: &str = "tests/fixtures/interchange";

fn fixture(name: &str) -> String {
    format!("{}/{FIXTURES}/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn dialog(h: &Harness) -> &OutcomesConfirm {
    match &h.app.overlay {
        Some(Overlay::Outcomes(c)) => c,
        _ => panic!("no dry run is open; notice: {:?}", h.notice()),
    }
}

fn events(h: &Harness) -> usize {
    h.store.events(None).expect("the history").len()
}

#[test]
fn the_dry_run_shows_each_row_and_y_records_them_all_in_one_batch_that_u_undoes() {
    let mut h = Harness::demo();
    let before = events(&h);
    let rounds = |h: &Harness| {
        h.store
            .base("GDICB-2025-0002")
            .expect("a base")
            .rounds
            .len()
    };
    let rounds_before = rounds(&h);
    let effects = h.send(":");
    h.carry_out(effects);
    h.type_text(&format!("import-outcomes {}", fixture("outcomes-good.csv")));
    let effects = h.send("enter");
    assert!(
        matches!(effects.as_slice(), [Effect::PlanOutcomes { .. }]),
        "the file is read off the input path: {effects:?}"
    );
    h.carry_out(effects);
    let c = dialog(&h);
    assert!(c.plan.problems.is_empty(), "{:?}", c.plan.problems);
    let lines: Vec<String> = c
        .lines(h.app.lang)
        .into_iter()
        .map(|(l, refused)| {
            assert!(!refused, "{l}");
            l
        })
        .collect();
    assert_eq!(lines.len(), 4);
    assert!(
        lines[0].starts_with("第 2 行  GDICB-2025-0002  合格 2026-11-20"),
        "{lines:?}"
    );
    assert!(
        lines[2].contains("GDICB-2022-0001  不合格 2026-11-20  → 整改中, 整改期限 2027-11-20"),
        "{lines:?}"
    );
    assert!(lines[3].contains("撤销候选 A14.2"), "{lines:?}");
    assert_eq!(events(&h), before, "a dry run writes nothing");

    h.press("y");
    assert!(h.app.overlay.is_none(), "done: {:?}", h.notice());
    assert!(matches!(
        h.requests.as_slice(),
        [Request::MarkEach { marks, source: Some(s) }]
            if marks.len() == 4 && s.zh.contains("outcomes-good.csv sha256:")
    ));
    assert_eq!(events(&h), before + 4, "one event a base, in one batch");
    assert_eq!(rounds(&h), rounds_before + 1);
    let rectifying = h.store.base("GDICB-2022-0001").expect("the base");
    assert_eq!(rectifying.status, Status::Rectifying);
    // One undo takes the whole sheet back.
    h.press("u y");
    let back = h.store.base("GDICB-2022-0001").expect("the base");
    assert_eq!(back.status, Status::Recognised);
    assert_eq!(rounds(&h), rounds_before, "every base of the sheet");
}

#[test]
fn a_sheet_with_bad_rows_shows_each_and_records_nothing() {
    let mut h = Harness::demo();
    let before = events(&h);
    h.command(&format!("import-outcomes {}", fixture("outcomes.csv")));
    let c = dialog(&h);
    let lines = c.lines(h.app.lang);
    let refused: Vec<&String> = lines.iter().filter(|(_, r)| *r).map(|(l, _)| l).collect();
    assert!(
        refused
            .iter()
            .any(|l| l.contains("第 7 行 · 基地名称「虚构不存在的联合研究中心」：没有这个名称")),
        "{refused:?}"
    );
    assert!(
        refused
            .iter()
            .any(|l| l.contains("第 9 行 · 评估日期「2026-11-31」"))
    );
    assert!(c.summary(h.app.lang).contains("行有问题"));
    h.press("y");
    let c = dialog(&h);
    let why = c.error.as_ref().expect("refused").zh.clone();
    assert!(why.contains("未记录任何评估结果"), "{why}");
    assert!(h.requests.is_empty());
    assert_eq!(events(&h), before);
    h.press("esc");
    assert!(h.app.overlay.is_none());
}

#[test]
fn rows_of_bases_outside_the_user_s_city_are_refused_not_recorded() {
    let mut h = Harness::demo();
    let city = h.store.base("GDICB-2025-0002").expect("a base").city;
    h.granted(&[Role::Editor], Some(&city));
    h.command(&format!("import-outcomes {}", fixture("outcomes-good.csv")));
    let c = dialog(&h);
    assert!(
        c.plan.planned.iter().all(|p| p.id == "GDICB-2025-0002"),
        "only the city's base is planned: {:?}",
        c.plan.planned.iter().map(|p| &p.id).collect::<Vec<_>>()
    );
    assert!(!c.plan.problems.is_empty());
    h.press("y");
    assert!(dialog(&h).error.is_some());
    assert!(h.requests.is_empty());
}

#[test]
fn a_missing_file_is_named_and_nothing_opens() {
    let mut h = Harness::demo();
    h.command("import-outcomes /no/such/评估结果.csv");
    assert!(h.app.overlay.is_none());
    let notice = h.notice().expect("why");
    assert!(notice.contains("/no/such/评估结果.csv"), "{notice}");
    h.command("import-outcomes");
    assert!(h.notice().is_some_and(|n| n.contains("用法")));
}

#[test]
fn tab_completes_directories_and_sheets() {
    let mut h = Harness::demo();
    // Relative to where the console runs: the crate's directory under cargo test.
    h.press(":");
    h.type_text("import-outcomes tests/fixtures/interc");
    h.press("tab");
    let line = |h: &Harness| {
        h.app
            .input
            .as_ref()
            .expect("the line")
            .field
            .value()
            .to_string()
    };
    assert_eq!(
        line(&h),
        "import-outcomes tests/fixtures/interchange/",
        "no space after a directory"
    );
    h.type_text("outcomes-g");
    h.press("tab");
    assert_eq!(
        line(&h),
        "import-outcomes tests/fixtures/interchange/outcomes-good.csv "
    );
    // Only sheets and directories are offered.
    h.press("ctrl-u");
    h.type_text("import-outcomes tests/fixtures/interchange/");
    h.press("tab");
    let offered = h.app.input.as_ref().expect("the line").completions.clone();
    assert!(!offered.is_empty());
    assert!(
        offered
            .iter()
            .all(|o| o.ends_with(".csv") || o.ends_with(".xlsx") || o.ends_with('/')),
        "{offered:?}"
    );
    assert!(!offered.iter().any(|o| o.ends_with(".png")));
}

#[test]
fn a_read_only_session_may_look_but_not_record() {
    let mut h = Harness::demo();
    h.app.read_only = true;
    let before = events(&h);
    h.command(&format!("import-outcomes {}", fixture("outcomes-good.csv")));
    assert_eq!(dialog(&h).plan.planned.len(), 4);
    h.press("y");
    let c = dialog(&h);
    assert!(!c.pending);
    assert!(c.error.as_ref().is_some_and(|e| e.zh.contains("只读会话")));
    assert_eq!(events(&h), before);
}
