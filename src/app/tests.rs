//! The console's state machine driven by keys, with the demo data on the demo's day: state and
//! effects out. Expected rows and counts are computed here from the rows themselves, not taken
//! from the code under test.

use super::dashboard::{FIRST_OUTCOME_ROW, OTHERS_ROW};
use super::data::Level;
use super::form::FormKind;
use super::list::{Column, Sort};
use super::overlay::{MarkFocus, Overlay};
use super::testkit::{Harness, demo_today};
use super::{Effect, InputKind, Msg, Screen};
use crate::domain::codes::{Category, Code, Outcome, RegionGroup, Status};
use crate::domain::lifecycle::Consequence;
use crate::keymap::{Action, Mode};
use crate::service::Request;
use crate::store::Summary;
use chrono::Months;

fn ids(rows: &[&Summary]) -> Vec<String> {
    rows.iter().map(|r| r.id.clone()).collect()
}

fn group_of(h: &Harness, row: &Summary) -> Option<RegionGroup> {
    h.policy().city_by_code(&row.city).map(|c| c.group)
}

/// Rows of a joint-research base in the Pearl River Delta whose last outcome was 不合格, in id
/// order: what the three facets together should show.
fn joint_prd_unqualified(h: &Harness) -> Vec<String> {
    let rows: Vec<&Summary> = h
        .rows()
        .iter()
        .filter(|r| {
            r.category == Category::JointResearch
                && group_of(h, r) == Some(RegionGroup::Prd)
                && r.last_outcome == Outcome::Unqualified
        })
        .collect();
    assert!(!rows.is_empty(), "the demo data should have such bases");
    ids(&rows)
}

fn is_quit(e: &Effect) -> bool {
    matches!(e, Effect::Quit)
}

fn is_copy(e: &Effect) -> bool {
    matches!(e, Effect::Copy(_))
}

fn mark_confirm(h: &Harness) -> &super::overlay::MarkConfirm {
    match &h.app.overlay {
        Some(Overlay::MarkConfirm(c)) => c,
        _ => panic!("no mark confirmation is open"),
    }
}

fn form(h: &Harness) -> &super::form::Form {
    match &h.app.overlay {
        Some(Overlay::Form(f)) => f,
        _ => panic!("no form is open"),
    }
}

/// The cursor's row is inside the window of rows the list shows.
fn assert_cursor_in_view(h: &Harness) {
    let list = &h.app.list;
    let height = h.app.page_height();
    assert!(
        list.offset <= list.cursor && list.cursor < list.offset + height,
        "cursor {} outside rows {}..{}",
        list.cursor,
        list.offset,
        list.offset + height
    );
}

// Navigation.

#[test]
fn j_k_and_the_jumps_move_the_cursor_through_the_rows() {
    let mut h = Harness::demo();
    let all: Vec<String> = h.rows().iter().map(|r| r.id.clone()).collect();
    assert_eq!(
        h.visible_ids(),
        all,
        "unfiltered, the list is every row in id order"
    );
    assert_eq!(h.cursor_id().as_deref(), Some(all[0].as_str()));
    h.press("k");
    assert_eq!(h.app.list.cursor, 0, "k at the top stays put");
    h.press("j j");
    assert_eq!(h.cursor_id().as_deref(), Some(all[2].as_str()));
    h.press("k");
    assert_eq!(h.cursor_id().as_deref(), Some(all[1].as_str()));
    h.press("G");
    assert_eq!(h.cursor_id().as_deref(), all.last().map(String::as_str));
    assert_cursor_in_view(&h);
    h.press("j");
    assert_eq!(
        h.app.list.cursor,
        all.len() - 1,
        "j at the bottom stays put"
    );
    h.press("g g");
    assert_eq!((h.app.list.cursor, h.app.list.offset), (0, 0));
}

#[test]
fn paging_moves_by_the_screen_and_keeps_the_cursor_in_view() {
    let mut h = Harness::demo();
    let page = h.app.page_height();
    let last = h.rows().len() - 1;
    let mut expected = 0;
    for _ in 0..12 {
        h.press("ctrl-d");
        expected = (expected + page / 2).min(last);
        assert_eq!(h.app.list.cursor, expected);
        assert_cursor_in_view(&h);
    }
    for _ in 0..3 {
        h.press("ctrl-u");
        expected -= page / 2;
        assert_eq!(h.app.list.cursor, expected);
        assert_cursor_in_view(&h);
    }
    h.press("pageup");
    expected = expected.saturating_sub(page);
    assert_eq!(h.app.list.cursor, expected);
    assert_cursor_in_view(&h);
    h.press("pagedown pagedown");
    assert_eq!(h.app.list.cursor, expected + 2 * page);
    assert_cursor_in_view(&h);
    // A smaller terminal still shows the cursor.
    h.app.update(Msg::Resize(80, 10));
    assert_cursor_in_view(&h);
}

#[test]
fn enter_opens_the_cursor_row_and_esc_comes_back_to_it() {
    let mut h = Harness::demo();
    h.press("j j");
    let id = h.visible_ids()[2].clone();
    h.press("enter");
    assert_eq!(h.app.screen, Screen::Detail);
    assert_eq!(h.app.detail.as_ref().map(|d| d.base.id.clone()), Some(id));
    h.press("tab");
    assert_eq!(
        h.app.detail.as_ref().map(|d| d.tab),
        Some(super::detail::Tab::Partners)
    );
    h.press("esc");
    assert_eq!(h.app.screen, Screen::Bases);
    assert!(h.app.detail.is_none());
    assert_eq!(h.app.list.cursor, 2);
}

// Facet filters.

/// Opens a facet menu with its chord, ticks the options with these codes and applies them.
fn tick(h: &mut Harness, chord: &str, codes: &[&str]) {
    h.press(chord);
    for code in codes {
        let Some(Overlay::Menu(menu)) = &h.app.overlay else {
            panic!("{chord} should open a menu");
        };
        let target = menu
            .options
            .iter()
            .position(|o| o.code == *code)
            .unwrap_or_else(|| panic!("no option {code}"));
        h.press("home");
        for _ in 0..target {
            h.press("j");
        }
        h.press("space");
    }
    h.press("enter");
    assert!(h.app.overlay.is_none(), "enter applies and closes the menu");
}

#[test]
fn facet_menus_combine_category_region_and_outcome() {
    let mut h = Harness::demo();
    tick(&mut h, "f c", &["joint_research"]);
    let joint: Vec<&Summary> = h
        .rows()
        .iter()
        .filter(|r| r.category == Category::JointResearch)
        .collect();
    let joint = ids(&joint);
    assert_eq!(h.visible_ids(), joint);
    tick(&mut h, "f r", &["prd"]);
    tick(&mut h, "f o", &["unqualified"]);
    let expected = joint_prd_unqualified(&h);
    assert_eq!(h.visible_ids(), expected);
    // The same rows as the filter's own test of each row.
    let filter = h.app.list.filter.clone();
    let by_filter: Vec<&Summary> = h
        .rows()
        .iter()
        .filter(|r| filter.matches(r, h.policy()))
        .collect();
    assert_eq!(ids(&by_filter), expected);
    // Reopening a menu shows what is ticked; unticking widens again.
    h.press("f o");
    let Some(Overlay::Menu(menu)) = &h.app.overlay else {
        panic!("f o opens the outcome menu");
    };
    let ticked: Vec<&str> = menu
        .options
        .iter()
        .filter(|o| o.checked)
        .map(|o| o.code.as_str())
        .collect();
    assert_eq!(ticked, ["unqualified"]);
    h.press("esc");
    assert_eq!(h.visible_ids(), expected, "esc leaves the filter as it was");
    h.press("F");
    assert!(h.app.list.filter.is_empty());
    assert_eq!(h.visible_ids().len(), h.rows().len());
}

#[test]
fn the_filter_command_matches_the_menus() {
    let mut h = Harness::demo();
    h.command("filter 类型=联合研究类 地区=珠三角 评估=不合格");
    assert_eq!(h.visible_ids(), joint_prd_unqualified(&h));
    let from_command = h.app.list.filter.clone();
    h.press("F");
    tick(&mut h, "f c", &["joint_research"]);
    tick(&mut h, "f r", &["prd"]);
    tick(&mut h, "f o", &["unqualified"]);
    assert_eq!(h.app.list.filter, from_command);
    // `:filter` alone clears.
    h.command("filter");
    assert_eq!(h.visible_ids().len(), h.rows().len());
}

#[test]
fn unknown_filter_values_are_named_and_change_nothing() {
    let mut h = Harness::demo();
    h.command("filter 类型=特色类");
    let before = h.visible_ids();
    for (line, named) in [
        ("filter 地区=北京", "北京"),
        ("filter 评估=很好", "很好"),
        ("filter 颜色=红", "颜色"),
        ("filter 类型", "类型"),
    ] {
        h.command(line);
        let notice = h.app.notice.clone().expect("an error notice");
        assert!(notice.error, "{line}: {}", notice.text.zh);
        assert!(notice.text.zh.contains(named), "{line}: {}", notice.text.zh);
        assert_eq!(h.visible_ids(), before, "{line} changed the list");
    }
}

// Sorting.

fn position<C: Code>(value: C) -> usize {
    C::all()
        .iter()
        .position(|x| *x == value)
        .expect("a known value")
}

/// A column's value as something ordered the way the column should sort: names by text, codes
/// in the order their menus list them, cities by region group then pinyin, compliance worst
/// first.
fn sort_key(h: &Harness, row: &Summary, column: Column) -> (Vec<usize>, String) {
    match column {
        Column::Id => (Vec::new(), row.id.clone()),
        // Names sort by their common pinyin, as search reads it (tested in `search`).
        Column::Name => (Vec::new(), crate::search::sort_key(&row.name)),
        Column::Category => (vec![position(row.category)], String::new()),
        Column::City => {
            let city = h.policy().city_by_code(&row.city).expect("a known city");
            (vec![position(city.group)], city.pinyin.clone())
        }
        Column::Status => (vec![position(row.status)], String::new()),
        Column::Outcome => (vec![position(row.last_outcome)], String::new()),
        Column::Badges => {
            let badges = h.app.analysis.as_ref().expect("analysed").badges[&row.id];
            let worse = |l: Level| match l {
                Level::Bad => 0,
                Level::Warn => 1,
                Level::Ok => 2,
                Level::None => 3,
            };
            let worst = badges.reports.max(badges.filings).max(badges.risks);
            (
                vec![worse(worst), worse(badges.reports), worse(badges.risks)],
                String::new(),
            )
        }
    }
}

fn visible_keys(h: &Harness, column: Column) -> Vec<((Vec<usize>, String), String)> {
    h.app
        .list
        .visible
        .iter()
        .map(|v| {
            let row = &h.rows()[v.row as usize];
            (sort_key(h, row, column), row.id.clone())
        })
        .collect()
}

#[test]
fn s_sorts_by_each_column_in_turn_and_capital_s_reverses() {
    let mut h = Harness::demo();
    let n = h.rows().len();
    for column in Column::ALL
        .iter()
        .copied()
        .cycle()
        .skip(1)
        .take(Column::ALL.len())
    {
        h.press("s");
        assert_eq!(
            h.app.list.sort,
            Sort {
                column,
                descending: false
            }
        );
        let keys = visible_keys(&h, column);
        assert_eq!(keys.len(), n);
        // Ascending by the column; equal values keep id order.
        for pair in keys.windows(2) {
            assert!(
                pair[0] < pair[1],
                "{column:?}: {:?} before {:?}",
                pair[0],
                pair[1]
            );
        }
        h.press("S");
        let keys = visible_keys(&h, column);
        assert_eq!(keys.len(), n);
        for pair in keys.windows(2) {
            assert!(pair[0].0 >= pair[1].0, "{column:?} reversed: {pair:?}");
        }
        h.press("S");
    }
    assert_eq!(
        h.app.list.sort,
        Sort::default(),
        "the cycle comes back to ids"
    );
}

#[test]
fn the_sort_command_sorts_by_status_descending() {
    let mut h = Harness::demo();
    h.command("sort 状态 desc");
    assert_eq!(
        h.app.list.sort,
        Sort {
            column: Column::Status,
            descending: true
        }
    );
    let keys = visible_keys(&h, Column::Status);
    assert_eq!(keys.len(), h.rows().len());
    for pair in keys.windows(2) {
        assert!(pair[0].0 >= pair[1].0, "{pair:?}");
    }
    let latest = h.rows().iter().map(|r| r.status).max().expect("rows");
    assert_eq!(
        h.app.row(&h.visible_ids()[0]).map(|r| r.status),
        Some(latest)
    );
    h.command("sort 颜色");
    assert!(h.app.notice.as_ref().is_some_and(|n| n.error));
    assert_eq!(
        h.app.list.sort.column,
        Column::Status,
        "a bad column keeps the sort"
    );
}

// Search.

fn search_effect(effects: &[Effect]) -> (u64, String, Option<Vec<u32>>) {
    match effects {
        [Effect::Search { seq, query, within }] => (*seq, query.clone(), within.clone()),
        other => panic!("expected one search, got {other:?}"),
    }
}

#[test]
fn each_keystroke_searches_and_a_growing_query_narrows() {
    let mut h = Harness::demo();
    h.press("/");
    assert_eq!(h.app.mode(), Mode::Input);
    // One Latin letter matches nearly everything as pinyin: the search waits for a second.
    assert!(h.send("c").is_empty());
    assert!(h.app.list.search.needs_more() && !h.app.list.search.active());
    assert_eq!(h.visible_ids().len(), h.rows().len());
    let effects = h.send("w");
    let (seq1, query, within) = search_effect(&effects);
    assert_eq!((query.as_str(), within), ("cw", None));
    h.carry_out(effects);
    let cw_rows: Vec<u32> = h
        .app
        .list
        .search
        .hits
        .as_ref()
        .expect("results arrived")
        .iter()
        .map(|hit| hit.row)
        .collect();
    let effects = h.send("d");
    let (seq2, query, within) = search_effect(&effects);
    assert!(seq2 > seq1);
    assert_eq!(query, "cwd");
    assert_eq!(
        within,
        Some(cw_rows),
        "a longer query looks only among the hits so far"
    );
    h.carry_out(effects);
    let effects = h.send("backspace");
    let (_, query, within) = search_effect(&effects);
    assert_eq!(
        (query.as_str(), within),
        ("cw", None),
        "a shorter query looks everywhere"
    );
    // One Chinese character is a search of its own.
    h.press("ctrl-u");
    let (_, query, _) = search_effect(&h.send("海"));
    assert_eq!(query, "海");
}

#[test]
fn stale_search_results_are_ignored() {
    let mut h = Harness::demo();
    h.press("/");
    h.send("c");
    let first = search_effect(&h.send("w"));
    let second = search_effect(&h.send("d"));
    let old_hits = h.search(first.0, first.1.clone(), first.2.clone());
    h.app.update(Msg::SearchFound {
        seq: first.0,
        hits: old_hits,
        complete: true,
    });
    assert!(
        h.app.list.search.hits.is_none(),
        "results for 'cw' arrived after 'cwd' was sent"
    );
    assert_eq!(h.visible_ids().len(), h.rows().len());
    let hits = h.search(second.0, second.1.clone(), second.2.clone());
    let expected: Vec<String> = hits
        .iter()
        .map(|hit| h.rows()[hit.row as usize].id.clone())
        .collect();
    assert!(!expected.is_empty() && expected.len() < h.rows().len());
    h.app.update(Msg::SearchFound {
        seq: second.0,
        hits,
        complete: true,
    });
    assert_eq!(h.visible_ids(), expected, "best first");
}

#[test]
fn pinyin_initials_find_a_demo_base() {
    let mut h = Harness::demo();
    // 南溟理工大学: nan ming li gong da xue.
    let wanted: Vec<String> = h
        .rows()
        .iter()
        .filter(|r| r.name.contains("南溟理工大学") || r.host.contains("南溟理工大学"))
        .map(|r| r.id.clone())
        .collect();
    assert!(wanted.len() >= 2);
    h.press("/");
    h.type_text("nmlgdx");
    h.press("enter");
    assert_eq!(
        h.app.input.as_ref().map(|i| i.kind),
        None,
        "enter closes the search line"
    );
    let shown = h.visible_ids();
    for id in &wanted {
        assert!(shown.contains(id), "{id} not found in {shown:?}");
    }
    assert!(
        wanted.contains(&shown[0]),
        "the best hit is a 南溟理工大学 base: {shown:?}"
    );
}

#[test]
fn n_and_capital_n_step_through_the_matches_and_esc_clears() {
    let mut h = Harness::demo();
    h.press("/");
    h.type_text("澄湾");
    h.press("enter");
    let shown = h.visible_ids();
    assert!(shown.len() >= 2, "{shown:?}");
    for id in &shown {
        let row = h.app.row(id).expect("a row");
        assert!(
            row.name.contains("澄湾") || row.host.contains("澄湾"),
            "{id} {}",
            row.name
        );
    }
    assert_eq!(h.app.list.cursor, 0);
    h.press("n");
    assert_eq!(h.cursor_id().as_ref(), Some(&shown[1]));
    h.press("N N");
    assert_eq!(
        h.cursor_id().as_ref(),
        shown.last(),
        "N wraps to the last match"
    );
    h.press("n");
    assert_eq!(h.app.list.cursor, 0, "n wraps to the first match");
    h.press("esc");
    assert!(!h.app.list.search.active());
    assert_eq!(h.visible_ids().len(), h.rows().len());
    assert_eq!(
        h.cursor_id().as_ref(),
        Some(&shown[0]),
        "the cursor stays on its base"
    );
}

#[test]
fn esc_on_the_search_line_clears_the_search() {
    let mut h = Harness::demo();
    h.press("/");
    h.type_text("澄湾");
    assert!(h.visible_ids().len() < h.rows().len());
    h.press("esc");
    assert!(h.app.input.is_none());
    assert!(!h.app.list.search.active());
    assert_eq!(h.visible_ids().len(), h.rows().len());
}

#[test]
fn a_query_growing_from_one_still_searching_is_not_narrowed_to_older_results() {
    let mut h = Harness::demo();
    let wanted: Vec<String> = h
        .rows()
        .iter()
        .filter(|r| r.name.contains("潮岚"))
        .map(|r| r.id.clone())
        .collect();
    assert!(!wanted.is_empty());
    h.press("/");
    h.type_text("潮湄");
    // Backspace starts a search for "潮" that has not answered yet when "岚" is typed: "潮岚"
    // grows from "潮", but the results at hand are still those of "潮湄".
    let pending = h.send("backspace");
    search_effect(&pending);
    let effects = h.app.update(Msg::Key(super::testkit::key("岚")));
    h.carry_out(effects);
    let shown = h.visible_ids();
    for id in &wanted {
        assert!(shown.contains(id), "{id} missing from {shown:?}");
    }
}

// Marking.

/// Bases a mark dated `before` is accepted for: recognised, nothing recorded on or after it.
fn markable(h: &Harness, before: chrono::NaiveDate) -> Vec<String> {
    h.rows()
        .iter()
        .filter(|r| r.status == Status::Recognised)
        .filter(|r| {
            let base = h.store.base(&r.id).expect("a base");
            base.status_since < before && base.last_round().is_none_or(|l| l.date < before)
        })
        .map(|r| r.id.clone())
        .collect()
}

#[test]
fn e_then_3_asks_with_cancel_focused_and_previews_the_consequence() {
    let mut h = Harness::demo();
    let today = demo_today();
    let id = markable(&h, today)[0].clone();
    h.cursor_to(&id);
    h.press("e");
    match &h.app.overlay {
        Some(Overlay::PickOutcome { targets, cursor }) => {
            assert_eq!((targets.clone(), *cursor), (vec![id.clone()], 0));
        }
        _ => panic!("e opens the outcome picker"),
    }
    assert_eq!(h.app.mode(), Mode::Pick);
    h.press("3");
    assert_eq!(h.app.mode(), Mode::Confirm);
    let c = mark_confirm(&h);
    assert_eq!(c.outcome, Outcome::Unqualified);
    assert_eq!(c.focus, MarkFocus::Cancel);
    assert_eq!(c.round.value(), crate::service::default_round(today));
    assert_eq!(c.date.value(), today.to_string());
    let deadline = today
        .checked_add_months(Months::new(h.policy().rectification_months))
        .expect("a date");
    assert_eq!(c.previews.len(), 1);
    let consequence = c.previews[0].result.as_ref().expect("accepted");
    assert_eq!(*consequence, Consequence::Rectifying { deadline });
    assert_eq!(
        consequence.describe().zh,
        format!("→ 整改中, 整改期限 {deadline}")
    );
    assert_eq!(
        deadline.to_string(),
        "2027-11-25",
        "the demo's day plus a year"
    );
    assert!(h.requests.is_empty());
}

#[test]
fn refused_bases_are_listed_and_skipped() {
    let mut h = Harness::demo();
    let ok = markable(&h, demo_today())[0].clone();
    let refused = h.first_row(|r| r.status == Status::Applied).id;
    h.cursor_to(&ok);
    h.press("space");
    h.cursor_to(&refused);
    h.press("space");
    h.press("e 3");
    let c = mark_confirm(&h);
    let previews: Vec<(&str, bool)> = c
        .previews
        .iter()
        .map(|p| (p.id.as_str(), p.result.is_ok()))
        .collect();
    assert_eq!(previews, [(ok.as_str(), true), (refused.as_str(), false)]);
    let refusal = c.previews[1].result.as_ref().expect_err("refused");
    assert_eq!(refusal.rule, Some("A11"));
    assert_eq!(c.accepted(), [ok.as_str()]);
    let effects = h.send("y");
    match effects.as_slice() {
        [
            Effect::Write {
                request: Request::Mark { ids, input },
                ..
            },
        ] => {
            assert_eq!(*ids, [ok.as_str()]);
            assert_eq!(input.outcome, Outcome::Unqualified);
        }
        other => panic!("expected one mark, got {other:?}"),
    }
}

#[test]
fn n_and_esc_cancel_a_mark_with_no_effect() {
    let mut h = Harness::demo();
    for cancel in ["n", "esc", "ctrl-c"] {
        h.press("e 3");
        assert!(matches!(h.app.overlay, Some(Overlay::MarkConfirm(_))));
        let effects = h.send(cancel);
        assert!(effects.is_empty(), "{cancel}: {effects:?}");
        assert!(h.app.overlay.is_none(), "{cancel} closes the confirmation");
    }
    // Enter on the focused Cancel button cancels too.
    h.press("e 3 enter");
    assert!(h.app.overlay.is_none());
    // Esc in the picker.
    h.press("e esc");
    assert!(h.app.overlay.is_none());
    assert!(h.requests.is_empty());
    assert!(!h.app.writing);
}

#[test]
fn tab_and_arrows_cycle_round_date_score_cancel_confirm() {
    let mut h = Harness::demo();
    h.press("e 3");
    let mut seen = Vec::new();
    for key in ["tab", "tab", "tab", "tab", "tab"] {
        h.press(key);
        seen.push(mark_confirm(&h).focus);
    }
    use MarkFocus::*;
    assert_eq!(seen, [Confirm, Round, Date, Score, Cancel]);
    h.press("right");
    assert_eq!(mark_confirm(&h).focus, Confirm);
    h.press("left left left");
    assert_eq!(mark_confirm(&h).focus, Date);
    h.press("backtab");
    assert_eq!(mark_confirm(&h).focus, Round);
}

#[test]
fn y_in_a_field_types_it_and_y_on_a_button_confirms_with_the_score_typed() {
    let mut h = Harness::demo();
    let id = markable(&h, demo_today())[0].clone();
    h.cursor_to(&id);
    h.press("e 3 tab tab");
    assert_eq!(mark_confirm(&h).focus, MarkFocus::Round);
    let round = mark_confirm(&h).round.value().to_string();
    // The proposed round is selected: the first key typed replaces it.
    for typed in ["y", "n", "q", "j"] {
        let effects = h.send(typed);
        assert!(effects.is_empty(), "{typed}: {effects:?}");
        assert_eq!(mark_confirm(&h).round.value(), typed);
        h.press("backspace");
    }
    h.type_text(&round);
    h.press("tab");
    assert_eq!(mark_confirm(&h).focus, MarkFocus::Date);
    let date = mark_confirm(&h).date.value().to_string();
    h.send("y");
    assert_eq!(mark_confirm(&h).date.value(), "y");
    assert!(mark_confirm(&h).input_error.is_some(), "y is no date");
    h.press("backspace");
    h.type_text(&date);
    assert!(mark_confirm(&h).input_error.is_none());
    h.press("tab");
    assert_eq!(mark_confirm(&h).focus, MarkFocus::Score);
    h.type_text("101");
    assert!(
        mark_confirm(&h).input_error.is_some(),
        "a score over 100 is refused"
    );
    h.press("backspace backspace");
    h.type_text("5");
    assert!(mark_confirm(&h).input_error.is_none());
    h.press("tab");
    assert_eq!(mark_confirm(&h).focus, MarkFocus::Cancel);
    let effects = h.send("y");
    assert!(
        matches!(effects.as_slice(), [Effect::Write { request: Request::Mark { ids, input }, .. }] if *ids == [id.clone()] && input.score == Some(15)),
        "{effects:?}"
    );
    // Open until the store answers, so a refusal finds the input as it was.
    assert!(mark_confirm(&h).pending);
    h.carry_out(effects);
    assert!(h.app.overlay.is_none());
}

#[test]
fn marking_a_selection_writes_once_then_rows_badges_and_undo_follow() {
    let mut h = Harness::demo();
    let today = demo_today();
    let markable = markable(&h, today);
    // Three markable bases next to each other in id order, for a `v` range.
    let all = h.visible_ids();
    let start = (0..all.len() - 2)
        .find(|i| (0..3).all(|k| markable.contains(&all[i + k])))
        .expect("three markable bases in a row");
    let chosen: Vec<String> = all[start..start + 3].to_vec();
    // Space selects, U clears.
    h.cursor_to(&all[0]);
    h.press("space space");
    assert_eq!(h.app.list.selected.len(), 2);
    h.press("U");
    assert!(h.app.list.selected.is_empty());
    h.cursor_to(&chosen[0]);
    h.press("v j j v");
    let selected: Vec<String> = h.app.list.selected.iter().cloned().collect();
    assert_eq!(selected, chosen);
    h.press("e");
    assert!(
        matches!(&h.app.overlay, Some(Overlay::PickOutcome { targets, .. }) if *targets == chosen)
    );
    h.press("3");
    let effects = h.send("y");
    let (request, seen) = match effects.as_slice() {
        [
            Effect::Write {
                request: r @ Request::Mark { ids, .. },
                seen,
            },
        ] if *ids == chosen => (r.clone(), *seen),
        other => panic!("expected one mark of the three, got {other:?}"),
    };
    assert!(h.app.writing);
    let messages = h.perform(request, seen);
    let batch = messages
        .iter()
        .find_map(|m| match m {
            Msg::Written(Ok(done)) => Some(done.batch),
            _ => None,
        })
        .expect("stored");
    for msg in messages {
        h.app.update(msg);
    }
    assert!(!h.app.writing);
    assert!(
        h.app.list.selected.is_empty(),
        "the marked selection is cleared"
    );
    let fresh = {
        let bans = super::data::bans_of(&h.store.summaries().expect("rows"));
        super::background::analyse(&h.store, h.policy(), today, &bans).expect("analysed")
    };
    let analysis = h.app.analysis.as_ref().expect("analysed");
    for id in &chosen {
        let row = h.app.row(id).expect("a row");
        assert_eq!(
            (row.status, row.last_outcome),
            (Status::Rectifying, Outcome::Unqualified)
        );
        assert_eq!(analysis.badges.get(id), fresh.badges.get(id), "{id}");
        let of = |a: &super::data::Analysis| {
            a.triage
                .iter()
                .filter(|f| &f.base_id == id)
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(of(analysis), of(&fresh), "{id}");
    }
    let notice = h.notice().expect("a notice");
    assert!(notice.starts_with("已更新 3 个基地"), "{notice}");
    // Undo asks first, Cancel focused, and names the change.
    h.press("u");
    match &h.app.overlay {
        Some(Overlay::UndoConfirm {
            batch: b, summary, ..
        }) => {
            assert_eq!(Some(*b), batch);
            assert_eq!(summary.zh, notice);
        }
        _ => panic!("u offers to undo"),
    }
    let effects = h.send("y");
    assert!(
        matches!(effects.as_slice(), [Effect::Write { request: Request::Undo { batch: b }, .. }] if Some(*b) == batch),
        "{effects:?}"
    );
    h.carry_out(effects);
    for id in &chosen {
        assert_eq!(
            h.app.row(id).map(|r| r.status),
            Some(Status::Recognised),
            "{id}"
        );
    }
}

#[test]
fn the_next_confirmation_is_prefilled_from_the_last_mark() {
    let mut h = Harness::demo();
    let date = demo_today() - chrono::Days::new(5);
    let bases = markable(&h, date);
    h.cursor_to(&bases[0]);
    h.press("e 2 tab tab");
    while !mark_confirm(&h).round.is_empty() {
        h.press("backspace");
    }
    h.type_text("2026年度专项复核");
    h.press("tab");
    for _ in 0..10 {
        h.press("backspace");
    }
    h.type_text(&date.to_string());
    h.press("tab tab tab");
    assert_eq!(mark_confirm(&h).focus, MarkFocus::Confirm);
    h.press("enter");
    assert!(h.app.overlay.is_none());
    let stored = h.store.base(&bases[0]).expect("a base");
    let round = stored.last_round().expect("marked");
    assert_eq!(
        (round.round.as_str(), round.date),
        ("2026年度专项复核", date)
    );
    h.cursor_to(&bases[1]);
    h.press("e 1");
    let c = mark_confirm(&h);
    assert_eq!(c.round.value(), "2026年度专项复核");
    assert_eq!(c.date.value(), date.to_string());
}

#[test]
fn a_mark_without_a_round_is_not_written() {
    let mut h = Harness::demo();
    let id = markable(&h, demo_today())[0].clone();
    h.cursor_to(&id);
    h.press("e 3 tab tab");
    while !mark_confirm(&h).round.is_empty() {
        h.press("backspace");
    }
    let shown = mark_confirm(&h)
        .input_error
        .clone()
        .expect("the dialog says so");
    assert!(shown.zh.contains("轮次"), "{}", shown.zh);
    h.press("tab tab tab");
    assert_eq!(mark_confirm(&h).focus, MarkFocus::Cancel);
    let effects = h.send("y");
    assert!(effects.is_empty(), "{effects:?}");
    let c = mark_confirm(&h);
    assert_eq!(c.focus, MarkFocus::Round, "back to the field to fill in");
    assert!(
        c.input_error
            .as_ref()
            .is_some_and(|e| e.zh.contains("轮次"))
    );
    assert!(h.app.last_mark.is_none());
}

// Dialogs keep their keys.

/// The list as the user sees it, to compare before and after a key in a dialog.
fn list_state(h: &Harness) -> (Screen, usize, usize, Vec<String>, Vec<String>) {
    (
        h.app.screen,
        h.app.list.cursor,
        h.app.list.offset,
        h.app.list.selected.iter().cloned().collect(),
        h.visible_ids(),
    )
}

#[test]
fn list_and_global_keys_never_reach_the_list_from_a_dialog() {
    let mut h = Harness::demo();
    // A search with several matches, so `n` would visibly move the cursor, and a change to undo.
    let id = markable(&h, demo_today())[0].clone();
    h.cursor_to(&id);
    h.press("e 1 y");
    let undoable = h.app.last_batch.clone();
    assert!(undoable.is_some());
    h.press("/");
    h.type_text("澄湾");
    h.press("enter");
    assert!(h.visible_ids().len() >= 2);
    let dialogs: [(&str, &str, Mode); 8] = [
        ("help", "?", Mode::Help),
        ("picker", "e", Mode::Pick),
        ("mark confirmation", "e 3", Mode::Confirm),
        ("undo confirmation", "u", Mode::Confirm),
        ("facet menu", "f c", Mode::Menu),
        ("form", "a", Mode::Form),
        ("discard question", "a x esc", Mode::Confirm),
        ("record form", "r", Mode::Form),
    ];
    for (name, open, mode) in dialogs {
        for key in ["y", "n", "q", "j", "enter", "d", "t", "b", "/", ":"] {
            h.app.overlay = None;
            h.app.last_batch = undoable.clone();
            h.press(open);
            assert_eq!(h.app.mode(), mode, "{name}");
            let before = list_state(&h);
            // Sent, not carried out: a confirmation's write must not change the list here.
            let effects = h.send(key);
            assert!(
                !effects.iter().any(|e| is_copy(e) || is_quit(e)),
                "{name}, {key}: {effects:?}"
            );
            assert!(!h.app.quit, "{name}, {key}");
            assert!(h.app.input.is_none(), "{name}, {key} opened the input line");
            // Enter in a menu applies it: the menu's own meaning, which may change the list.
            if (name, key) != ("facet menu", "enter") {
                assert_eq!(list_state(&h), before, "{name}, {key}");
            }
        }
    }
}

// Text fields take the keys.

#[test]
fn text_keys_in_forms_and_input_lines_are_typed() {
    let mut h = Harness::demo();
    h.press("a");
    let effects = h.type_text("qjyn?:/");
    assert!(effects.is_empty());
    assert_eq!(form(&h).fields[0].input.value(), "qjyn?:/");
    h.app.overlay = None;
    for (open, kind) in [("/", InputKind::Search), (":", InputKind::Command)] {
        h.press(open);
        let effects = h.type_text("qjy");
        assert!(!effects.iter().any(|e| is_copy(e) || is_quit(e)));
        let line = h.app.input.as_ref().expect("the line stays open");
        assert_eq!((line.kind, line.field.value()), (kind, "qjy"));
        h.press("esc");
        assert!(h.app.input.is_none());
    }
    assert!(!h.app.quit);
}

// Forms.

#[test]
fn each_form_opens_from_its_key_for_the_cursor_base() {
    let mut h = Harness::demo();
    // A recognised base with a risk note still open, so that every form applies to it.
    let id = h
        .visible_ids()
        .into_iter()
        .find(|id| {
            let base = h.store.base(id).expect("the base");
            base.status == Status::Recognised
                && base
                    .risks
                    .iter()
                    .any(|r| r.status != crate::domain::codes::RiskStatus::Closed)
        })
        .expect("a recognised base with an open risk note");
    h.cursor_to(&id);
    for (key, kind) in [
        ("a", FormKind::NewApplication),
        ("r", FormKind::Report),
        ("c", FormKind::Change),
        ("x", FormKind::RiskAdd),
        ("X", FormKind::RiskClose),
        ("T", FormKind::Transition),
        ("p", FormKind::Partner),
    ] {
        h.press(key);
        let f = form(&h);
        assert_eq!(f.kind, kind, "{key}");
        let expected = (kind != FormKind::NewApplication).then(|| id.clone());
        assert_eq!(f.base_id, expected, "{key}");
        assert_eq!(f.focus, 0);
        h.press("esc");
        assert!(
            h.app.overlay.is_none(),
            "{key}: esc closes an untouched form"
        );
    }
}

#[test]
fn a_missing_or_invalid_field_is_named() {
    let mut h = Harness::demo();
    h.press("a");
    let effects = h.press("enter");
    assert!(effects.is_empty());
    let error = form(&h).error.clone().expect("an error");
    assert!(error.zh.contains("基地名称"), "{}", error.zh);
    assert!(h.requests.is_empty());
    h.type_text("南粤测试基地");
    h.press("tab tab");
    h.type_text("广州");
    h.press("tab");
    h.type_text("南粤测试研究院");
    // The date field is last; ctrl-u empties it.
    h.press("tab tab tab ctrl-u");
    h.type_text("2026-02-30");
    h.press("enter");
    let error = form(&h).error.clone().expect("an error");
    assert!(
        error.zh.contains("申报日期") && error.zh.contains("2026-02-30"),
        "{}",
        error.zh
    );
    assert!(h.requests.is_empty());
    assert!(!form(&h).pending);
}

#[test]
fn a_refused_write_keeps_the_form_open_with_the_error() {
    let mut h = Harness::demo();
    let id = h.first_row(|r| r.status == Status::Recognised).id;
    h.cursor_to(&id);
    h.press("T");
    h.type_text(Status::Applied.zh());
    h.press("tab");
    h.type_text("测试");
    let effects = h.send("enter");
    assert!(
        matches!(effects.as_slice(), [Effect::Write { request: Request::Transition { id: i, .. }, .. }] if *i == id),
        "{effects:?}"
    );
    assert!(form(&h).pending, "waiting for the store");
    h.carry_out(effects);
    let f = form(&h);
    assert_eq!(f.kind, FormKind::Transition);
    assert!(!f.pending);
    let error = f.error.clone().expect("the refusal is shown in the form");
    assert!(error.zh.contains(Status::Applied.zh()), "{}", error.zh);
    assert_eq!(f.fields[1].input.value(), "测试", "the input is kept");
    assert_eq!(h.app.row(&id).map(|r| r.status), Some(Status::Recognised));
}

#[test]
fn a_stored_form_closes_and_updates_the_detail() {
    let mut h = Harness::demo();
    let id = h.first_row(|r| r.status == Status::Recognised).id;
    let partners = h.store.base(&id).expect("a base").partners.len();
    h.cursor_to(&id);
    h.press("enter p");
    h.type_text("柏林应用技术大学");
    h.press("tab");
    h.type_text("德国");
    h.press("tab tab tab");
    h.type_text("2029-12-31");
    h.press("enter");
    assert!(
        h.app.overlay.is_none(),
        "the form stayed open: {:?}",
        form(&h).error
    );
    let detail = h.app.detail.as_ref().expect("still on the detail");
    assert_eq!(detail.base.partners.len(), partners + 1);
    assert_eq!(
        detail.base.partners.last().map(|p| p.name.as_str()),
        Some("柏林应用技术大学")
    );
    assert!(h.app.last_batch.is_some());
}

#[test]
fn esc_on_a_changed_form_asks_before_discarding() {
    let mut h = Harness::demo();
    h.press("a");
    h.type_text("x");
    h.press("esc");
    assert_eq!(h.app.mode(), Mode::Confirm);
    assert!(form(&h).confirm_discard);
    h.type_text("z");
    assert_eq!(
        form(&h).fields[0].input.value(),
        "x",
        "the question takes no text"
    );
    h.press("esc");
    assert_eq!(h.app.mode(), Mode::Form, "esc answers no");
    assert_eq!(form(&h).fields[0].input.value(), "x");
    h.press("esc enter");
    assert_eq!(
        h.app.mode(),
        Mode::Form,
        "enter on the focused Cancel answers no"
    );
    h.press("esc n");
    assert_eq!(h.app.mode(), Mode::Form);
    h.press("esc y");
    assert!(h.app.overlay.is_none(), "y discards");
    assert!(h.requests.is_empty());
}

// Undo, copy, help.

#[test]
fn undo_with_nothing_done_says_so() {
    let mut h = Harness::demo();
    h.press("u");
    assert!(h.app.overlay.is_none());
    assert!(h.notice().is_some_and(|n| n.contains("没有可撤回")));
}

#[test]
fn undo_shows_the_change_it_undoes_even_after_other_notices() {
    let mut h = Harness::demo();
    let id = markable(&h, demo_today())[0].clone();
    h.cursor_to(&id);
    h.press("e 1 y");
    let change = h.notice().expect("the change is reported");
    // Copying the id replaces the status-bar notice; undo must still name the change.
    h.press("y");
    assert_ne!(h.notice().as_ref(), Some(&change));
    h.press("u");
    match &h.app.overlay {
        Some(Overlay::UndoConfirm { summary, .. }) => assert_eq!(summary.zh, change),
        _ => panic!("u offers to undo"),
    }
}
#[test]
fn a_saved_view_brings_back_filter_and_sort() {
    let mut h = Harness::demo();
    h.command("filter 类型=联合研究类 地区=珠三角");
    h.command("sort 状态 desc");
    let (filter, sort, rows) = (h.app.list.filter.clone(), h.app.list.sort, h.visible_ids());
    h.command("view save 珠三角联合");
    assert_eq!(h.notice().as_deref(), Some("视图「珠三角联合」已保存"));
    assert_eq!(
        h.store.views().expect("views").len(),
        1,
        "saved in the store"
    );
    h.command("filter");
    h.command("sort 编号");
    h.press("d");
    h.command("view 珠三角联合");
    assert_eq!(h.app.screen, Screen::Bases);
    assert_eq!((&h.app.list.filter, h.app.list.sort), (&filter, sort));
    assert_eq!(h.visible_ids(), rows);
    h.command("view 不存在");
    assert!(h.notice().is_some_and(|n| n.contains("不存在")));
}

#[test]
fn saving_a_view_leaves_the_last_change_to_undo() {
    let mut h = Harness::demo();
    let id = markable(&h, demo_today())[0].clone();
    let before = h.app.row(&id).expect("a row").last_outcome;
    h.cursor_to(&id);
    h.press("e 1 y");
    let change = h.notice().expect("the change is reported");
    assert_eq!(
        h.app.row(&id).map(|r| r.last_outcome),
        Some(Outcome::Excellent)
    );
    h.command("view save 全部");
    h.press("u");
    match &h.app.overlay {
        Some(Overlay::UndoConfirm { summary, .. }) => assert_eq!(summary.zh, change),
        _ => panic!("u offers to undo the mark"),
    }
    h.press("y");
    assert_eq!(h.app.row(&id).map(|r| r.last_outcome), Some(before));
}

#[test]
fn y_copies_the_id_under_the_cursor() {
    let mut h = Harness::demo();
    h.press("j");
    let id = h.visible_ids()[1].clone();
    let effects = h.press("y");
    assert!(
        matches!(effects.as_slice(), [Effect::Copy(c)] if *c == id),
        "{effects:?}"
    );
    assert_eq!(h.notice(), Some(format!("已复制 {id}")));
    h.press("enter");
    let effects = h.press("y");
    assert!(
        matches!(effects.as_slice(), [Effect::Copy(c)] if *c == id),
        "{effects:?}"
    );
}

#[test]
fn help_opens_and_closes_with_its_keys() {
    let mut h = Harness::demo();
    for (open, close) in [("?", "?"), ("f1", "q"), ("?", "esc"), ("f1", "f1")] {
        h.press(open);
        assert_eq!(h.app.mode(), Mode::Help, "{open}");
        let effects = h.press(close);
        assert!(effects.is_empty(), "{close}: {effects:?}");
        assert!(h.app.overlay.is_none(), "{close} closes help");
    }
    h.press("? j j");
    assert!(matches!(h.app.overlay, Some(Overlay::Help { scroll: 2 })));
    assert!(!h.app.quit);
    let effects = h.press("ctrl-c");
    assert!(effects.iter().any(is_quit), "ctrl-c still quits from help");
}

#[test]
fn q_and_the_quit_command_quit() {
    let mut h = Harness::demo();
    assert!(h.press("q").iter().any(is_quit));
    let mut h = Harness::demo();
    assert!(h.command("q").iter().any(is_quit));
    assert!(h.app.quit);
}

#[test]
fn a_chord_prefix_offers_its_continuations() {
    let mut h = Harness::demo();
    h.press("f");
    assert!(
        h.app
            .which_key
            .contains(&("c".to_string(), Action::FilterCategory))
    );
    let effects = h.press("esc");
    assert!(effects.is_empty());
    assert!(h.app.which_key.is_empty() && !h.app.chord.is_pending());
    assert_eq!(h.app.screen, Screen::Bases, "esc only dropped the chord");
    // With the chord dropped, `c` alone is the change form, not the category menu.
    h.press("c");
    assert_eq!(form(&h).kind, FormKind::Change);
}

// Triage and dashboard.

#[test]
fn triage_enter_opens_the_finding_s_base_and_esc_returns() {
    let mut h = Harness::demo();
    h.press("t");
    assert_eq!(h.app.screen, Screen::Triage);
    let findings = h.app.analysis.as_ref().expect("analysed").triage.len();
    assert_eq!(h.app.triage.visible.len(), findings);
    h.press("j j");
    let base = h.app.triage_rows()[2].base_id.clone();
    h.press("enter");
    assert_eq!(h.app.screen, Screen::Detail);
    assert_eq!(h.app.detail.as_ref().map(|d| d.base.id.clone()), Some(base));
    h.press("esc");
    assert_eq!(h.app.screen, Screen::Triage);
    assert_eq!(h.app.triage.cursor, 2);
}

#[test]
fn triage_follows_the_facet_filters() {
    let mut h = Harness::demo();
    h.command("filter 类型=特色类");
    h.press("t");
    let rows = h.app.triage_rows();
    assert!(!rows.is_empty());
    for f in &rows {
        assert_eq!(
            h.app.row(&f.base_id).map(|r| r.category),
            Some(Category::Featured)
        );
    }
    let all = h.app.analysis.as_ref().expect("analysed").triage.clone();
    let featured = all
        .iter()
        .filter(|f| {
            h.app
                .row(&f.base_id)
                .is_some_and(|r| r.category == Category::Featured)
        })
        .count();
    assert_eq!(rows.len(), featured);
}

/// The number of rows behind a dashboard cell, counted here from the rows: the managed bases
/// (recognised or rectifying) in the matrix and the outcomes; the others by kind.
fn cell_count(h: &Harness, row: usize, col: usize) -> usize {
    let managed = |r: &Summary| matches!(r.status, Status::Recognised | Status::Rectifying);
    h.rows()
        .iter()
        .filter(|r| {
            if row == OTHERS_ROW {
                return match col {
                    0 => r.status.is_application(),
                    1 => r.status == Status::Removed,
                    _ => r.status == Status::NotRecognised,
                };
            }
            if row >= FIRST_OUTCOME_ROW {
                return managed(r) && r.last_outcome == Outcome::all()[row - FIRST_OUTCOME_ROW];
            }
            let category = row >= Category::all().len() || r.category == Category::all()[row];
            let group =
                col >= RegionGroup::all().len() || group_of(h, r) == Some(RegionGroup::all()[col]);
            managed(r) && category && group
        })
        .count()
}

#[test]
fn every_dashboard_cell_opens_the_list_with_its_count() {
    let mut h = Harness::demo();
    let columns = super::dashboard::DashboardView::row_len;
    for row in 0..=OTHERS_ROW {
        for col in 0..columns(row) {
            h.press("F d");
            assert_eq!(h.app.screen, Screen::Dashboard);
            for _ in 0..=OTHERS_ROW {
                h.press("k");
            }
            for _ in 0..row {
                h.press("j");
            }
            for _ in 0..columns(row) {
                if h.app.dashboard.col == col {
                    break;
                }
                h.press("tab");
            }
            assert_eq!((h.app.dashboard.row, h.app.dashboard.col), (row, col));
            let expected = cell_count(&h, row, col);
            assert_eq!(h.app.dashboard.count(), expected, "cell ({row}, {col})");
            h.press("enter");
            assert_eq!(h.app.screen, Screen::Bases);
            assert_eq!(h.visible_ids().len(), expected, "cell ({row}, {col})");
        }
    }
}

// The command line.

#[test]
fn goto_opens_a_base_by_id_and_names_an_unknown_one() {
    let mut h = Harness::demo();
    let id = h.rows()[h.rows().len() / 2].id.clone();
    h.command(&id.to_lowercase());
    assert!(
        h.app.notice.as_ref().is_some_and(|n| n.error),
        "an id is no command"
    );
    h.command(&format!("goto {}", id.to_lowercase()));
    assert_eq!(h.app.screen, Screen::Detail);
    assert_eq!(
        h.app.detail.as_ref().map(|d| d.base.id.clone()),
        Some(id.clone())
    );
    h.press("esc");
    assert_eq!(
        h.cursor_id(),
        Some(id.clone()),
        "the list cursor moved to it too"
    );
    // Full-width, as a Chinese input method types it, like the CLI.
    let wide: String = id
        .to_lowercase()
        .chars()
        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
        .collect();
    h.command(&format!("goto {wide}"));
    assert_eq!(
        h.app.detail.as_ref().map(|d| d.base.id.clone()),
        Some(id.clone()),
        "{:?}",
        h.notice()
    );
    h.press("esc");
    h.command("goto GDICB-1999-0001");
    assert!(h.notice().is_some_and(|n| n.contains("GDICB-1999-0001")));
    assert_eq!(h.app.screen, Screen::Bases);
}

#[test]
fn tab_completes_and_up_recalls_commands() {
    let mut h = Harness::demo();
    h.press(":");
    h.type_text("fil");
    h.press("tab");
    let value = |h: &Harness| h.app.input.as_ref().map(|i| i.field.value().to_string());
    assert_eq!(value(&h).as_deref(), Some("filter "));
    h.type_text("类型=联");
    h.press("tab");
    assert_eq!(value(&h).as_deref(), Some("filter 类型=联合研究类 "));
    h.press("enter");
    assert_eq!(h.app.list.filter.categories, [Category::JointResearch]);
    h.command("lang en");
    assert_eq!(h.app.lang, crate::domain::text::Lang::En);
    h.press(":");
    h.press("up");
    assert_eq!(value(&h).as_deref(), Some("lang en"));
    h.press("up");
    assert_eq!(value(&h).as_deref(), Some("filter 类型=联合研究类"));
    h.press("down down");
    assert_eq!(value(&h).as_deref(), Some(""));
    h.press("esc");
    h.command("lang 火星文");
    assert!(h.app.notice.as_ref().is_some_and(|n| n.error));
    assert_eq!(h.app.lang, crate::domain::text::Lang::En);
}

#[test]
fn a_paste_goes_into_the_focused_field_on_one_line() {
    let mut h = Harness::demo();
    assert!(
        h.app.update(Msg::Paste("澄湾".into())).is_empty(),
        "no field: ignored"
    );
    h.press("/");
    let effects = h.app.update(Msg::Paste("澄湾\n".into()));
    let (_, query, _) = search_effect(&effects);
    assert_eq!(query, "澄湾 ");
    h.press("esc a");
    h.app.update(Msg::Paste("南粤\r\n研究院".into()));
    assert_eq!(form(&h).fields[0].input.value(), "南粤  研究院");
}

// An empty database.

#[test]
fn an_empty_database_has_nothing_to_mark_or_open() {
    let mut h = Harness::empty();
    assert!(h.app.loaded && h.app.total == 0);
    h.press("enter");
    assert_eq!(h.app.screen, Screen::Bases);
    h.press("e");
    assert!(h.app.overlay.is_none());
    assert!(h.notice().is_some_and(|n| n.contains("没有可标记")));
    h.press("a");
    assert_eq!(
        form(&h).kind,
        FormKind::NewApplication,
        "a new application needs no base"
    );
}

#[test]
fn scrolling_stops_at_the_last_page_the_screen_shows() {
    let mut h = Harness::demo();
    // A short terminal, so the overview is longer than the detail's body.
    h.app.update(Msg::Resize(80, 16));
    let id = h.first_row(|r| r.status == Status::Recognised).id;
    h.command(&format!("goto {id}"));
    let limit = h.app.scroll_limit();
    assert!(limit > 0, "the overview is longer than the screen");
    h.press("G");
    assert_eq!(h.app.detail.as_ref().expect("detail").scroll, limit);
    h.press("k");
    assert_eq!(
        h.app.detail.as_ref().expect("detail").scroll,
        limit - 1,
        "one press back moves at once"
    );
}

#[test]
fn the_detail_marks_its_own_base_not_an_earlier_selection() {
    let mut h = Harness::demo();
    let rows: Vec<String> = h
        .rows()
        .iter()
        .filter(|r| r.status == Status::Recognised)
        .map(|r| r.id.clone())
        .collect();
    h.cursor_to(&rows[0]);
    h.press("space");
    h.command(&format!("goto {}", rows[1]));
    h.press("e");
    match &h.app.overlay {
        Some(Overlay::PickOutcome { targets, .. }) => assert_eq!(targets, &vec![rows[1].clone()]),
        _ => panic!("the outcome picker should be open"),
    }
}

#[test]
fn a_dashboard_number_opens_its_bases_without_an_earlier_search() {
    let mut h = Harness::demo();
    h.press("/");
    h.type_text("海洋");
    h.press("enter");
    assert!(h.app.list.search.active());
    h.press("d enter");
    assert!(!h.app.list.search.active());
    assert_eq!(h.app.list.visible.len(), h.app.dashboard.count());
}

#[test]
fn a_notice_lasts_until_the_next_key() {
    let mut h = Harness::demo();
    h.press("y");
    assert!(h.notice().is_some());
    h.press("j");
    assert!(h.notice().is_none());
}

#[test]
fn a_new_application_is_under_the_cursor_once_stored() {
    let mut h = Harness::demo();
    h.press("a");
    h.type_text("南粤量子联合研究中心");
    h.press("tab tab");
    h.type_text("广州");
    h.press("tab");
    h.type_text("岭南量子研究院");
    h.press("enter");
    assert!(h.app.overlay.is_none(), "the form closes once stored");
    let id = h.cursor_id().expect("a cursor row");
    assert_eq!(
        h.app.row(&id).expect("the new row").name,
        "南粤量子联合研究中心"
    );
}

#[test]
fn the_mark_command_prefills_round_date_and_score_and_refuses_the_unknown() {
    let mut h = Harness::demo();
    let id = markable(&h, demo_today())[0].clone();
    h.cursor_to(&id);
    h.command("mark 不合格 轮次=2026年度复核 日期=2026-11-20 评分=55");
    let c = mark_confirm(&h);
    assert_eq!(
        (c.round.value(), c.date.value(), c.score.value()),
        ("2026年度复核", "2026-11-20", "55")
    );
    let preview = c.previews[0].result.as_ref().expect("markable");
    assert_eq!(
        preview.describe().zh,
        "→ 整改中, 整改期限 2027-11-20",
        "the deadline runs from the date given"
    );
    h.press("esc");
    h.command("mark 合格 --date 2026-11-20");
    assert!(
        h.app.overlay.is_none(),
        "not opened on an argument it does not know"
    );
    assert!(h.notice().expect("an error").contains("--date"));
}

#[test]
fn an_open_base_follows_another_users_change_and_keeps_its_tab() {
    let mut h = Harness::demo();
    let id = markable(&h, demo_today())[0].clone();
    h.command(&format!("goto {id}"));
    h.press("tab tab tab");
    let tab = h.app.detail.as_ref().expect("detail").tab;
    // Another session marks it; this one sees the store change and reloads.
    let input = crate::domain::lifecycle::MarkInput {
        outcome: Outcome::Unqualified,
        date: demo_today(),
        round: "他人登记".into(),
        score: None,
    };
    let ctx = crate::domain::lifecycle::Ctx {
        policy: h.policy(),
        today: demo_today(),
    };
    crate::service::perform(
        &h.store,
        &super::testkit::who(),
        ctx,
        Request::Mark {
            ids: vec![id.clone()],
            input,
        },
    )
    .expect("marked");
    h.reload();
    let detail = h.app.detail.as_ref().expect("still open");
    assert_eq!(detail.base.status, Status::Rectifying);
    assert_eq!(detail.tab, tab);
}

#[test]
fn a_saved_view_can_be_deleted_and_an_unknown_one_is_named() {
    let mut h = Harness::demo();
    h.command("filter 类型=特色类");
    h.command("view save 特色");
    assert_eq!(h.store.views().expect("views").len(), 1);
    h.command("view delete 特色");
    assert!(h.app.views.is_empty());
    assert!(h.store.views().expect("views").is_empty());
    h.command("view delete 特色");
    assert!(h.notice().expect("an error").contains("特色"));
}

mod cases;
mod failures;
mod guards;
mod history;
mod notes;
mod outcomes;
mod read_only;
mod regulation;
mod rooms;
mod scope;
mod search;
mod shared;
