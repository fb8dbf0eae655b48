//! The dry run of a results sheet on screen: the summary, every row with its base, outcome and
//! consequence or its refusal, the buttons and what `y` does; a long sheet scrolls.

use super::{COLOUR, draw};
use crate::app::testkit::Harness;

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/interchange/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn the_dry_run_shows_every_row_and_how_to_record_them() {
    let mut h = Harness::demo();
    h.command(&format!("import-outcomes {}", fixture("outcomes.csv")));
    let text = draw(&h.app, COLOUR).text();
    for part in [
        "导入评估结果（演练）",
        "outcomes.csv：",
        "第 2 行  GDICB-2025-0002  合格 2026-11-20",
        "✗ 第 7 行 · 基地名称「虚构不存在的联合研究中心」",
        "[ 取消 n ]",
        "[ 确认 y ]",
        "y 一次记录全部（可用 u 撤回）",
    ] {
        assert!(text.contains(part), "{part:?} in\n{text}");
    }
    // A refusal is read in full, over as many lines as it takes.
    let inside: String = text
        .lines()
        .filter_map(|l| l.split('│').nth(1))
        .flat_map(|l| l.chars().filter(|c| *c != ' '))
        .collect();
    let why = "第 9 行 · 评估日期「2026-11-31」：不是存在的日期；应写成 2025-03-01、2025/3/1 或 2025年3月1日";
    assert!(inside.contains(&why.replace(' ', "")), "{why:?} in\n{text}");
}

#[test]
fn a_long_dry_run_scrolls_to_its_last_row() {
    let mut h = Harness::demo();
    let dir = tempfile::tempdir().expect("a directory");
    let path = dir.path().join("长表.csv");
    let mut sheet = String::from("编号,评估结果,评估日期\n");
    let ids: Vec<String> = h.rows().iter().take(40).map(|r| r.id.clone()).collect();
    for id in &ids {
        sheet.push_str(&format!("{id},合格,2026-11-20\n"));
    }
    std::fs::write(&path, sheet).expect("the sheet");
    h.command(&format!("import-outcomes {}", path.display()));
    let top = draw(&h.app, COLOUR).text();
    let last = format!("第 41 行  {}", ids[39]);
    assert!(!top.contains(&last), "{top}");
    assert!(top.contains("还有 "), "{top}");
    h.press("pagedown pagedown");
    let bottom = draw(&h.app, COLOUR).text();
    assert!(bottom.contains(&last), "{bottom}");
    assert!(bottom.contains("还有 0 行"), "{bottom}");
}
