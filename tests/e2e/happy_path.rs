//! The walk-through the issue asks for: filter by category and region through the facet menus,
//! find a base by its pinyin initials, open it, mark it 不合格, quit — then check what the
//! database stored.

use crate::support::pty::Term;
use crate::support::{Env, ID, NAME, screen};

/// Initials of 澄湾大学中德 (Chéngwān Dàxué Zhōng Dé): only this base's name starts so.
const INITIALS: &str = "cwdxzd";

/// `f KEY` opens a facet menu; moves its cursor to `label`, ticks it and applies.
fn tick_facet(term: &mut Term, key: &str, title: &str, label: &str) {
    let unticked = format!("[ ] {label}");
    // The box's top border; the hint line names the menus too.
    let border = format!("┌ {title}");
    let menu = term.press(&format!("f{key}"), title, |s| screen::contains(s, &border));
    let row = screen::find(&menu, &unticked)
        .unwrap_or_else(|| panic!("{title} offers {label}:\n{}", menu.contents()));
    let options = screen::find(&menu, "[ ]").expect("a first option");
    for step in options..row {
        term.press("j", "the menu cursor moving down", |s| {
            screen::cursor_text(s, step + 1).starts_with("[ ]")
        });
    }
    term.press(" ", "the option ticked", |s| {
        screen::cursor_text(s, row) == format!("[x] {label}")
    });
    term.press("\r", "the menu closed", |s| !screen::contains(s, &border));
}

#[test]
fn filter_search_open_mark_quit_and_the_outcome_is_stored() {
    let env = Env::demo();
    let before = env.show(ID);
    let events = env.events();
    let joint = env.json(&["list", "--category", "联合研究类"]);
    let joint_prd = env.json(&["list", "--category", "联合研究类", "--region", "珠三角"]);
    let (joint, joint_prd) = (
        joint.as_array().unwrap().len(),
        joint_prd.as_array().unwrap().len(),
    );

    let mut term = env.start(80, 24);
    term.wait_for("all bases listed", |s| {
        screen::row(s, 1) == "全部基地 — 80/80"
    });

    tick_facet(&mut term, "c", "按类型筛选", "联合研究类");
    let bar = format!("联合研究类 — {joint}/80");
    term.wait_for(&bar, |s| screen::row(s, 1) == bar);
    tick_facet(&mut term, "r", "按地区筛选", "珠三角");
    let bar = format!("联合研究类 · 珠三角 — {joint_prd}/80");
    let filtered = term.wait_for(&bar, |s| screen::row(s, 1) == bar);
    for r in 3..3 + joint_prd.min(19) as u16 {
        assert!(
            screen::row(&filtered, r).contains("联合研究"),
            "row {r} is a joint-research base"
        );
    }

    term.press("/", "the search line", |s| screen::row(s, 23) == "/");
    let bar = format!("联合研究类 · 珠三角 — 1/80  /{INITIALS} 按相关度");
    let found = term.press(INITIALS, "one hit", |s| screen::row(s, 1) == bar);
    let cursor = screen::cursor_row(&found).expect("a highlighted row");
    let text = screen::row(&found, cursor);
    assert!(
        text.contains(ID) && text.contains("澄湾大学中德先进材"),
        "{text}"
    );
    assert_eq!(
        screen::underlined(&found, cursor),
        "澄湾大学中德",
        "the matched characters"
    );
    // Enter keeps the search: the line closes, the hit stays.
    let kept = term.press("\r", "the search line closed", |s| {
        screen::row(s, 23).starts_with("Enter")
    });
    assert_eq!(screen::row(&kept, 1), bar);

    let header = format!("{ID}  {NAME}");
    let detail = term.press("\r", "the detail", |s| screen::row(s, 2) == header);
    assert!(
        screen::row(&detail, 3).contains("已认定 · 优秀"),
        "{}",
        detail.contents()
    );

    term.press("e", "the outcome picker", |s| {
        screen::contains(s, "评估结果（1 个基地）")
    });
    let confirm = term.press("3", "the confirmation", |s| {
        screen::contains(s, "标记为「不合格」（1 个基地）")
    });
    // What marking will do, before it is done.
    let preview = format!("{ID} → 整改中, 整改期限 2027-11-25");
    assert!(
        screen::contains(&confirm, &preview),
        "{}",
        confirm.contents()
    );
    let buttons = screen::find(&confirm, "[ 确认 y ]").expect("buttons");
    assert_eq!(
        screen::cursor_text(&confirm, buttons),
        "[ 取消 n ]",
        "Cancel is focused first"
    );
    term.press("\t", "Confirm focused", |s| {
        screen::cursor_text(s, buttons) == "[ 确认 y ]"
    });
    assert_eq!(
        env.show(ID)["rounds"],
        before["rounds"],
        "nothing stored before confirming"
    );

    let notice = format!("{ID} 2026年度绩效评估 不合格 → 整改中, 整改期限 2027-11-25");
    let marked = term.press("y", "the status line", |s| screen::row(s, 22) == notice);
    assert!(
        !screen::contains(&marked, "标记为"),
        "the confirmation closed"
    );
    assert!(
        screen::row(&marked, 3).contains("整改中 期限 2027-11-25 · 不合格"),
        "the detail shows the new status: {}",
        marked.contents()
    );

    term.send("q");
    let (status, _) = term.wait_exit();
    assert!(status.success(), "{status:?}");

    let after = env.show(ID);
    assert_eq!(after["status"], "rectifying");
    assert_eq!(after["last_outcome"], "unqualified");
    assert_eq!(after["rectification_deadline"], "2027-11-25");
    let rounds = |base: &serde_json::Value| base["rounds"].as_array().unwrap().clone();
    let (old, new) = (rounds(&before), rounds(&after));
    assert_eq!(new[..new.len() - 1], old[..], "earlier rounds untouched");
    let round = new.last().unwrap();
    assert_eq!(round["round"], "2026年度绩效评估");
    assert_eq!(round["date"], "2026-11-25");
    assert_eq!(round["outcome"], "unqualified");
    assert_eq!(env.events(), events + 1, "one event: the mark");
    let log = env.json(&["log", ID]);
    let last = log.as_array().unwrap().last().unwrap();
    assert_eq!(
        (&last["action"], &last["base_id"]),
        (&"mark".into(), &ID.into())
    );
}
