//! What the screen looks like: redraws after a resize or Ctrl-L, wide characters in their two
//! cells, and how much a keystroke costs on the wire.

use crate::support::{Env, screen};
use vt100::Screen;

/// The list's data rows at `rows` lines: below the top bar, filter bar and header, above the
/// status and hint lines.
fn data_rows(rows: u16) -> std::ops::Range<u16> {
    3..rows - 2
}

fn is_base(screen: &Screen, r: u16) -> bool {
    screen::row(screen, r).starts_with("  GDICB-")
}

/// The top bar ends at the right edge: the date's last digit is in the last column.
fn date_at_right_edge(screen: &Screen) -> bool {
    let last = screen.size().1.get() - 1;
    screen::row(screen, 0).ends_with("2026-11-25")
        && screen.cell(0, last).is_some_and(|c| c.contents() == "5")
}

#[test]
fn resizing_redraws_at_the_new_size_at_once() {
    let env = Env::demo();
    let mut term = env.start(80, 24);

    let big = term.resize(120, 40, "the 120×40 layout", |s| {
        screen::row(s, 39).starts_with("Enter") && is_base(s, 37)
    });
    assert!(
        data_rows(40).all(|r| is_base(&big, r)),
        "{}",
        big.contents()
    );
    assert!(date_at_right_edge(&big), "{}", big.contents());
    // Wide enough for the full category names and one more hint.
    assert!(
        screen::row(&big, 4).contains("联合研究类"),
        "{}",
        big.contents()
    );
    assert!(
        screen::row(&big, 39).ends_with("q 退出"),
        "{}",
        big.contents()
    );

    let small = term.resize(60, 15, "the 60×15 layout", |s| {
        screen::row(s, 0).starts_with("jidi") && screen::row(s, 14).starts_with("Enter")
    });
    assert!(
        data_rows(15).all(|r| is_base(&small, r)),
        "{}",
        small.contents()
    );
    assert!(date_at_right_edge(&small), "{}", small.contents());
    // Too narrow for every column: the city and badges go, status and outcome stay.
    let header = screen::row(&small, 2);
    assert!(
        header.contains("状态") && header.contains("评估"),
        "{header}"
    );
    assert!(
        !header.contains("城市") && !header.contains("报变险"),
        "{header}"
    );

    term.send("q");
    assert!(term.wait_exit().0.success());
}

#[test]
fn cjk_text_takes_two_cells_and_columns_stay_aligned() {
    let env = Env::demo();
    let names: std::collections::HashMap<String, String> = env
        .json(&["list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["id"].as_str().unwrap().into(),
                b["name"].as_str().unwrap().into(),
            )
        })
        .collect();
    let mut term = env.start(80, 24);
    let list = term.wait_for("a full page", |s| data_rows(24).all(|r| is_base(s, r)));

    let header = 2;
    let x = |label: &str| {
        screen::column_of(&list, header, label).unwrap_or_else(|| panic!("no {label} column"))
    };
    let (name_x, columns) = (
        x("名称"),
        ["类型", "城市", "状态", "评估"].map(|l| (l, x(l))),
    );
    for r in data_rows(24) {
        let text = screen::row(&list, r);
        let cell = |c: u16| list.cell(r, c).expect("inside the screen");
        // Every CJK character of the name fills two cells.
        let mut c = name_x;
        let mut shown = String::new();
        while c < columns[0].1 {
            let ch = cell(c).contents().chars().next().unwrap_or(' ');
            if ch > '\u{2e80}' {
                assert!(cell(c).is_wide(), "row {r} col {c}: {ch} is wide: {text}");
                assert!(
                    cell(c + 1).is_wide_continuation(),
                    "row {r} col {c}: {text}"
                );
                c += 2;
            } else {
                assert!(
                    !cell(c).is_wide(),
                    "row {r} col {c}: {ch} is narrow: {text}"
                );
                c += 1;
            }
            shown.push(ch);
        }
        // Truncation drops whole characters: what is shown is the start of the real name.
        let id = text.split_whitespace().next().unwrap();
        let shown = shown.trim_end().trim_end_matches('…');
        assert!(
            names[id].starts_with(shown),
            "row {r}: {shown:?} vs {:?}",
            names[id]
        );
        // Each later column starts exactly under its header, after a blank cell.
        for (label, x) in columns {
            assert!(
                cell(x).is_wide(),
                "row {r}: {label} starts at column {x}: {text}"
            );
            let before = cell(x - 1);
            assert!(
                !before.is_wide_continuation() && before.contents().trim().is_empty(),
                "row {r}: the column before {label} is blank: {text}"
            );
        }
    }
    term.send("q");
    assert!(term.wait_exit().0.success());
}

#[test]
fn ctrl_l_repaints_everything_and_a_cursor_move_only_what_changed() {
    let env = Env::demo();
    let mut term = env.start(80, 24);
    let before = term.wait_for("the list", |s| screen::cursor_row(s) == Some(3));
    term.interfere("\x1b[5;1HBroadcast message from root: reboot at noon\x1b[K");
    assert!(term.screen_text().contains("Broadcast message"));

    let repaint = term.press("\x0c", "the list repainted", |s| {
        !screen::contains(s, "Broadcast") && screen::row(s, 4) == screen::row(&before, 4)
    });
    assert_eq!(repaint.contents(), before.contents());

    let step = term.press("j", "the cursor one row down", |s| {
        screen::cursor_row(s) == Some(4)
    });
    assert_eq!(step.frames, 1);
    assert!(
        step.bytes * 4 < repaint.bytes,
        "a cursor move ({} bytes) redraws far less than a full repaint ({} bytes)",
        step.bytes,
        repaint.bytes
    );
    term.send("q");
    assert!(term.wait_exit().0.success());
}
