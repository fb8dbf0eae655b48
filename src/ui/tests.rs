//! The screens at 80×24 with the demo data, drawn into a `TestBackend` and read back as text.
//! Numbers and labels expected here are computed from the data, not copied from the code
//! that draws them.

use super::theme::Theme;
use crate::app::App;
use crate::app::testkit::{Harness, demo_today};
use crate::domain::codes::{Category, Code, Outcome, RegionGroup, Status};
use crate::domain::findings::{self, Finding};
use crate::domain::text::Lang;
use crate::keymap::Keymap;
use crate::store::Summary;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Position;
use ratatui::style::{Color, Modifier};
use std::cmp::Reverse;
use unicode_width::UnicodeWidthStr;

const WIDTH: u16 = 80;
const HEIGHT: u16 = 24;
/// Rows of the layout: title, filter bar, the screen, notice, hints.
const FILTER_BAR: u16 = 1;
const MAIN: u16 = 2;
const NOTICE: u16 = HEIGHT - 2;
const HINTS: u16 = HEIGHT - 1;

const COLOUR: Theme = Theme { color: true };
const NO_COLOUR: Theme = Theme { color: false };

/// One drawn frame.
struct Drawn {
    buf: Buffer,
    /// Where the frame put the terminal's cursor (and with it an IME's popup), if anywhere.
    cursor: Option<Position>,
}

/// A frame at the app's own size (`draw` is at 80×24).
fn frame(app: &App) -> Drawn {
    draw_at(app, app.size, COLOUR)
}

fn draw(app: &App, theme: Theme) -> Drawn {
    draw_at(app, (WIDTH, HEIGHT), theme)
}

fn draw_at(app: &App, (w, h): (u16, u16), theme: Theme) -> Drawn {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a terminal");
    terminal
        .draw(|frame| super::draw(frame, app, &theme))
        .expect("drawn");
    // A fresh TestBackend starts at (0, 0) and only moves when a frame places the cursor;
    // nothing the console draws has its insertion point in the title's first cell.
    let at = terminal.get_cursor_position().expect("a position");
    Drawn {
        buf: terminal.backend().buffer().clone(),
        cursor: (at != Position::ORIGIN).then_some(at),
    }
}

impl Drawn {
    /// The symbols of row `y` with their columns, leaving out the cells a wide character
    /// covers.
    fn cells(&self, y: u16) -> Vec<(u16, &str)> {
        let mut out = Vec::new();
        let mut covered = 0;
        for x in 0..self.buf.area.width {
            let symbol = self.buf[(x, y)].symbol();
            if covered > 0 {
                covered -= 1;
                continue;
            }
            covered = symbol.width().saturating_sub(1);
            out.push((x, symbol));
        }
        out
    }

    fn line(&self, y: u16) -> String {
        self.cells(y).into_iter().map(|(_, s)| s).collect()
    }

    fn lines(&self) -> Vec<String> {
        (0..self.buf.area.height).map(|y| self.line(y)).collect()
    }

    /// The text drawn in columns `from..to` of row `y`.
    fn span(&self, y: u16, from: u16, to: u16) -> String {
        self.cells(y)
            .into_iter()
            .filter(|(x, _)| (from..to).contains(x))
            .map(|(_, s)| s)
            .collect()
    }

    /// The column where `text` starts in row `y`.
    fn column_of(&self, y: u16, text: &str) -> Option<u16> {
        let cells = self.cells(y);
        let line: String = cells.iter().map(|(_, s)| *s).collect();
        let at = line.find(text)?;
        let before = line[..at].chars().count();
        Some(cells[before].0)
    }

    /// The row whose text contains `text`.
    fn row_of(&self, text: &str) -> Option<u16> {
        (0..self.buf.area.height).find(|y| self.line(*y).contains(text))
    }

    /// Rows where every cell on show passes `test` (a cell a wide character covers is not on
    /// show: the terminal paints the character's style over both columns).
    fn rows_where(&self, test: impl Fn(&ratatui::buffer::Cell) -> bool) -> Vec<u16> {
        (0..self.buf.area.height)
            .filter(|y| {
                self.cells(*y)
                    .iter()
                    .all(|(x, _)| test(&self.buf[(*x, *y)]))
            })
            .collect()
    }

    /// Rows in the colour theme's cursor-row style from edge to edge.
    fn highlighted_rows(&self) -> Vec<u16> {
        self.rows_where(|cell| cell.bg == Color::Blue)
    }

    fn text(&self) -> String {
        self.lines().join("\n")
    }
}

fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// Every finding of the demo data, most urgent first as the triage screen promises: severity,
/// then due date (none counts as today), then base id, then kind.
fn expected_triage(h: &Harness) -> Vec<Finding> {
    let rows = h.store.summaries().expect("rows");
    let bans = crate::app::data::bans_of(&rows);
    let mut all: Vec<Finding> = h
        .store
        .bases()
        .expect("bases")
        .iter()
        .flat_map(|b| findings::findings(b, &h.app.ctx(), &bans))
        .collect();
    let today = demo_today();
    all.sort_by(|a, b| {
        (
            Reverse(a.severity),
            a.due.unwrap_or(today),
            &a.base_id,
            a.kind,
        )
            .cmp(&(
                Reverse(b.severity),
                b.due.unwrap_or(today),
                &b.base_id,
                b.kind,
            ))
    });
    all
}

fn group_of(h: &Harness, row: &Summary) -> RegionGroup {
    h.policy()
        .city_by_code(&row.city)
        .expect("a known city")
        .group
}

// The bases list.

#[test]
fn the_list_shows_title_counts_header_and_rows() {
    let h = Harness::demo();
    let d = draw(&h.app, COLOUR);
    let findings = expected_triage(&h).len();
    let title = d.line(0);
    assert!(title.starts_with("jidi 基地  列表  待办  总览 "), "{title}");
    assert!(
        title
            .trim_end()
            .ends_with(&format!("问题 {findings}  2026-11-25")),
        "{title}"
    );
    let n = h.rows().len();
    assert_eq!(d.line(FILTER_BAR).trim_end(), format!("全部基地 — {n}/{n}"));
    assert_eq!(
        words(&d.line(MAIN)),
        ["编号↑", "名称", "类型", "城市", "状态", "评估", "报变险"]
    );
    let body = h.app.page_height() as u16;
    assert_eq!(
        MAIN + 1 + body,
        NOTICE,
        "the rows fill the screen down to the notice"
    );
    let ids = h.visible_ids();
    for i in 0..body {
        let y = MAIN + 1 + i;
        assert_eq!(words(&d.line(y))[0], ids[i as usize], "row {i}");
    }
}

#[test]
fn columns_line_up_and_names_are_cut_on_whole_characters() {
    let h = Harness::demo();
    let d = draw(&h.app, COLOUR);
    let header = ["编号", "名称", "类型", "城市", "状态", "评估", "报变险"];
    let x: Vec<u16> = header
        .iter()
        .map(|label| d.column_of(MAIN, label).expect("a header"))
        .collect();
    let name_width = (x[2] - x[1] - 1) as usize;
    let mut cut = 0;
    for (i, id) in h.visible_ids().iter().take(h.app.page_height()).enumerate() {
        let y = MAIN + 1 + i as u16;
        let row = h.app.row(id).expect("a row");
        let city = h.policy().city_by_code(&row.city).expect("a city");
        let cell = |k: usize| d.span(y, x[k], x.get(k + 1).copied().unwrap_or(WIDTH));
        assert_eq!(cell(0).trim(), row.id);
        assert_eq!(
            cell(2).trim(),
            row.category.zh().trim_end_matches('类'),
            "{id}"
        );
        assert_eq!(cell(3).trim(), city.name, "{id}");
        assert_eq!(cell(4).trim(), row.status.zh(), "{id}");
        assert_eq!(cell(5).trim(), row.last_outcome.zh(), "{id}");
        assert!(
            cell(6).trim().chars().all(|c| ". !X".contains(c)),
            "{id}: {}",
            cell(6)
        );
        // Every character takes its width in cells: the columns after a name start where the
        // header says however wide the name's characters are.
        let symbols = d.cells(y);
        for pair in symbols.windows(2) {
            assert_eq!(
                pair[1].0 - pair[0].0,
                pair[0].1.width().max(1) as u16,
                "{id}"
            );
        }
        let shown = cell(1).trim_end().to_string();
        if row.name.width() <= name_width {
            assert_eq!(shown, row.name);
        } else {
            cut += 1;
            let kept = shown.strip_suffix('…').expect("a cut name ends with …");
            assert!(row.name.starts_with(kept), "{kept} / {}", row.name);
            let next = row.name[kept.len()..].chars().next().expect("more");
            assert!(kept.width() < name_width, "{shown}");
            assert!(
                kept.width() + next.to_string().width() + 1 > name_width,
                "{shown}: one more character would have fitted"
            );
        }
    }
    assert!(
        cut > 0,
        "the first screen has names too long for 80 columns"
    );
}

#[test]
fn the_cursor_row_is_highlighted_across_the_screen() {
    let mut h = Harness::demo();
    assert_eq!(draw(&h.app, COLOUR).highlighted_rows(), [MAIN + 1]);
    h.press("j j");
    let d = draw(&h.app, COLOUR);
    assert_eq!(d.highlighted_rows(), [MAIN + 3]);
    assert!(d.line(MAIN + 3).contains(&h.visible_ids()[2]));
    // After a jump the cursor row is still on screen.
    h.press("G");
    let d = draw(&h.app, COLOUR);
    let last = h.visible_ids().last().cloned().expect("rows");
    assert_eq!(d.highlighted_rows(), [NOTICE - 1]);
    assert!(d.line(NOTICE - 1).contains(&last));
}

#[test]
fn the_filter_bar_names_the_facets_with_the_count() {
    let mut h = Harness::demo();
    h.command("filter 类型=联合研究类 地区=珠三角");
    let n = h
        .rows()
        .iter()
        .filter(|r| r.category == Category::JointResearch && group_of(&h, r) == RegionGroup::Prd)
        .count();
    let total = h.rows().len();
    let d = draw(&h.app, COLOUR);
    assert_eq!(
        d.line(FILTER_BAR).trim_end(),
        format!("联合研究类 · 珠三角 — {n}/{total}")
    );
    h.press("space");
    h.press("/");
    h.type_text("澄湾");
    let shown = h.visible_ids().len();
    let d = draw(&h.app, COLOUR);
    assert_eq!(
        d.line(FILTER_BAR).trim_end(),
        format!("联合研究类 · 珠三角 — {shown}/{total}  /澄湾 按相关度  已选 1")
    );
}

#[test]
fn an_empty_filter_result_says_how_to_get_rows_back() {
    let mut h = Harness::demo();
    h.command("filter 状态=已撤销 评估=优秀");
    let none = h
        .rows()
        .iter()
        .all(|r| !(r.status == Status::Removed && r.last_outcome == Outcome::Excellent));
    assert!(
        none,
        "the demo has no removed base whose last outcome was excellent"
    );
    let d = draw(&h.app, COLOUR);
    assert!(
        d.text()
            .contains("没有符合条件的基地（F 清除筛选，Esc 清除搜索）"),
        "{}",
        d.text()
    );
}

#[test]
fn the_header_marks_the_sort_column_and_direction() {
    let mut h = Harness::demo();
    h.command("sort 状态 desc");
    let header = words(&draw(&h.app, COLOUR).line(MAIN)).join(" ");
    assert_eq!(header, "编号 名称 类型 城市 状态↓ 评估 报变险");
    h.press("s");
    let header = words(&draw(&h.app, COLOUR).line(MAIN)).join(" ");
    assert_eq!(header, "编号 名称 类型 城市 状态 评估↑ 报变险");
}

#[test]
fn search_matches_are_highlighted_in_the_names() {
    let mut h = Harness::demo();
    h.press("/");
    h.type_text("澄湾");
    h.press("enter");
    let d = draw(&h.app, COLOUR);
    let name_x = d.column_of(MAIN, "名称").expect("the header");
    let mut seen = 0;
    for (i, id) in h.visible_ids().iter().enumerate() {
        let y = MAIN + 1 + i as u16;
        let name = &h.app.row(id).expect("a row").name;
        let Some(at) = name.find("澄湾") else {
            continue;
        };
        seen += 1;
        let x = name_x + name[..at].width() as u16;
        assert_eq!(d.span(y, x, x + 4), "澄湾", "{id}");
        let underlined = |x: u16| d.buf[(x, y)].modifier.contains(Modifier::UNDERLINED);
        assert!(
            underlined(x) && underlined(x + 2),
            "{id}: the match is marked"
        );
        assert!(!underlined(x + 4), "{id}: only the match");
    }
    assert!(seen > 0, "a name contains the query");
}

#[test]
fn the_search_line_puts_the_cursor_after_the_query() {
    let mut h = Harness::demo();
    h.press("/");
    h.type_text("cw");
    let d = draw(&h.app, COLOUR);
    assert_eq!(d.line(HINTS).trim_end(), "/cw");
    assert_eq!(d.cursor, Some(Position::new(3, HINTS)));
    h.type_text("大学");
    let d = draw(&h.app, COLOUR);
    assert_eq!(
        d.cursor,
        Some(Position::new(3 + 4, HINTS)),
        "two wide characters"
    );
}

#[test]
fn a_pending_chord_lists_its_continuations() {
    let mut h = Harness::demo();
    h.press("f");
    let d = draw(&h.app, COLOUR);
    let notice = d.line(NOTICE);
    assert!(
        notice.starts_with("f c 按类型筛选  r 按地区筛选"),
        "{notice}"
    );
}

// Hints and help come from the keymap.

#[test]
fn the_hints_show_the_keys_of_the_active_keymap() {
    let h = Harness::demo();
    let hints = draw(&h.app, COLOUR).line(HINTS);
    assert!(hints.starts_with("Enter 打开  e 标记  / 搜索"), "{hints}");
    let user = "[list]\n\"e\" = \"none\"\n\"M\" = \"mark\"\n";
    let keymap = Keymap::load("default", Some(("keymap.toml", user))).expect("loads");
    let h = Harness::with(Lang::Zh, keymap);
    let hints = draw(&h.app, COLOUR).line(HINTS);
    assert!(hints.starts_with("Enter 打开  M 标记  / 搜索"), "{hints}");
}

/// The keys help shows for an action, by its description, in the first section that has it.
fn help_keys(d: &Drawn, description: &str) -> Vec<String> {
    let y = (0..HEIGHT)
        .find(|y| {
            let line = d.line(*y);
            line.trim_end_matches([' ', '│'])
                .ends_with(&format!(" {description}"))
        })
        .unwrap_or_else(|| panic!("help has no line for {description}:\n{}", d.text()));
    let line = d.line(y);
    let inner = line.trim_matches([' ', '│']);
    let keys = inner
        .strip_suffix(description)
        .expect("the description")
        .trim();
    keys.split(" / ").map(str::to_string).collect()
}

#[test]
fn help_is_built_from_the_keymap() {
    let mut h = Harness::demo();
    h.press("?");
    let d = draw(&h.app, COLOUR);
    assert!(
        d.line(1).contains("帮助（按键来自当前键位表）"),
        "{}",
        d.text()
    );
    assert_eq!(help_keys(&d, "退出"), ["q", "Ctrl-c"]);
    assert_eq!(help_keys(&d, "下移"), ["j", "Down"]);
    assert_eq!(help_keys(&d, "跳到开头"), ["g g", "Home"]);
    let user = "[global]\n\"q\" = \"none\"\n\"Z\" = \"quit\"\n";
    let keymap = Keymap::load("default", Some(("keymap.toml", user))).expect("loads");
    let mut h = Harness::with(Lang::Zh, keymap);
    h.press("?");
    let d = draw(&h.app, COLOUR);
    let mut keys = help_keys(&d, "退出");
    keys.sort();
    assert_eq!(keys, ["Ctrl-c", "Z"]);
}

#[test]
fn help_shows_every_key_of_the_vim_preset_whole() {
    let keymap = Keymap::load("vim", None).expect("the preset");
    let mut h = Harness::with(Lang::Zh, keymap);
    h.press("?");
    let d = draw(&h.app, COLOUR);
    // The action with the most keys in the preset: none of them is cut off.
    let mut keys = help_keys(&d, "上一个标签页");
    keys.sort();
    assert_eq!(keys, ["Left", "Shift-Tab", "g T", "h"], "{}", d.text());
    assert!(!d.text().contains("/…"), "{}", d.text());
}

#[test]
fn help_scrolls_to_the_later_sections() {
    let mut h = Harness::demo();
    h.press("?");
    let top = draw(&h.app, COLOUR).text();
    assert!(
        !top.contains("确认对话框"),
        "the confirmation keys are further down"
    );
    h.press("G");
    let bottom = draw(&h.app, COLOUR).text();
    // The last sections: the command line's commands and the badge column's legend.
    assert!(bottom.contains(":lang zh|en"), "{bottom}");
    assert!(bottom.contains("X 需处理"), "{bottom}");
    assert!(
        bottom.contains("「报变险」列"),
        "quoted as elsewhere: {bottom}"
    );
}

// The detail.

#[test]
fn the_detail_shows_the_record_its_findings_and_tabs() {
    let mut h = Harness::demo();
    let ctx = h.app.ctx();
    let bans = crate::app::data::bans_of(&h.store.summaries().expect("rows"));
    // A base with findings, partners and evaluation rounds, to see every part.
    let base = h
        .store
        .bases()
        .expect("bases")
        .into_iter()
        .find(|b| {
            !b.partners.is_empty()
                && !b.rounds.is_empty()
                && !findings::findings(b, &ctx, &bans).is_empty()
        })
        .expect("such a base");
    let found = findings::findings(&base, &ctx, &bans).len();
    h.cursor_to(&base.id);
    h.press("enter");
    let d = draw(&h.app, COLOUR);
    assert_eq!(
        d.line(MAIN).trim_end(),
        format!("{}  {}", base.id, base.name)
    );
    let city = h.policy().city_by_code(&base.city).expect("a city");
    assert!(
        d.line(MAIN + 1).starts_with(&format!(
            "{} · {}·{} · {}",
            base.category.zh(),
            city.name,
            city.group.zh(),
            base.status.zh()
        )),
        "{}",
        d.line(MAIN + 1)
    );
    assert!(
        d.line(MAIN + 1)
            .trim_end()
            .ends_with(base.last_outcome().zh())
    );
    assert_eq!(d.line(MAIN + 2).trim_end(), format!("问题（{found}）"));
    let tabs = d.row_of(" 概况  合作方  年度报告  绩效评估  变更报备  科技安全  历史 ");
    let tabs = tabs.expect("the tab bar");
    let host = d.line(tabs + 1);
    assert!(
        host.starts_with("依托单位") && host.contains(&base.host.name),
        "{host}"
    );
    h.press("tab");
    let d = draw(&h.app, COLOUR);
    assert_eq!(
        words(&d.line(tabs + 1)),
        [
            "#",
            "合作方",
            "国家/地区",
            "类型",
            "签署",
            "有效期至",
            "状态"
        ]
    );
    for (i, p) in base.partners.iter().enumerate() {
        let line = d.line(tabs + 2 + i as u16);
        assert!(line.starts_with(&format!("{:<2} ", i + 1)), "{line}");
        assert!(
            line.contains(&p.country) && line.contains(&p.signed.to_string()),
            "{line}"
        );
    }
    h.press("tab tab");
    let d = draw(&h.app, COLOUR);
    for (i, r) in base.rounds.iter().enumerate() {
        let line = d.line(tabs + 2 + i as u16);
        assert!(
            line.contains(&r.date.to_string()) && line.contains(r.outcome.zh()),
            "{line}"
        );
    }
}

// Triage.

#[test]
fn triage_lists_findings_most_urgent_first_with_rules_and_what_to_do() {
    let mut h = Harness::demo();
    h.press("t");
    let expected = expected_triage(&h);
    let d = draw(&h.app, COLOUR);
    let n = expected.len();
    // Nothing is followed up yet: every finding is unassigned, none is anyone's.
    assert_eq!(
        d.line(FILTER_BAR).trim_end(),
        format!(" 我的 0  未分配 {n}  已暂缓 0  全部 {n}  — {n}/{n}")
    );
    assert_eq!(
        words(&d.line(MAIN)),
        ["严重", "到期", "编号", "问题", "跟进人", "状态", "最后备注"]
    );
    // Three lines under the table: the cursor row's finding in full with its rule, what to
    // do, and its follow-up.
    let footer = NOTICE - 3;
    for (i, y) in (MAIN + 1..footer).enumerate() {
        let f = &expected[i];
        let due = f.due.map_or("—".to_string(), |d| d.to_string());
        assert_eq!(
            words(&d.line(y))[..3],
            [f.severity.zh(), due.as_str(), f.base_id.as_str()],
            "row {i}"
        );
    }
    let name = &h.app.row(&expected[0].base_id).expect("a row").name;
    let finding = d.line(footer);
    let expected_finding = format!("[{}] {name}：{}", expected[0].rule, expected[0].message.zh);
    assert!(
        finding.trim_end().starts_with(&format!(
            " {}",
            crate::ui::fit(&expected_finding, WIDTH as usize - 1).trim_end_matches('…')
        )),
        "{finding}"
    );
    let todo = d.line(footer + 1);
    assert!(
        todo.trim_start().starts_with(&format!(
            "处理：{}",
            expected[0].action.zh.chars().next().expect("an action")
        )),
        "{todo}"
    );
    let case = d.line(footer + 2);
    assert!(
        case.trim_start()
            .starts_with("跟进：未指派 — a 认领 · A 指派 · i 备注"),
        "{case}"
    );
}

#[test]
fn the_triage_cursor_row_stays_on_screen() {
    let mut h = Harness::demo();
    h.press("t");
    let footer = NOTICE - 3;
    for keys in ["G", "g g", "ctrl-d ctrl-d ctrl-d", "pagedown", "k"] {
        h.press(keys);
        let d = draw(&h.app, COLOUR);
        let rows = d.highlighted_rows();
        assert_eq!(rows.len(), 1, "after {keys}: no cursor row on screen");
        assert!(rows[0] > MAIN && rows[0] < footer, "after {keys}: {rows:?}");
        let id = &h.app.triage_rows()[h.app.triage.cursor].base_id;
        assert!(d.line(rows[0]).contains(id.as_str()), "after {keys}");
    }
}

// The dashboard.

#[test]
fn the_dashboard_counts_match_the_rows() {
    let mut h = Harness::demo();
    h.press("d");
    let d = draw(&h.app, COLOUR);
    let header_y = d.row_of("珠三角").expect("the matrix header");
    assert_eq!(
        words(&d.line(header_y)),
        ["珠三角", "粤东", "粤西", "粤北", "合计"]
    );
    // The dashboard counts the bases in the programme: recognised or rectifying.
    let managed = |r: &&Summary| matches!(r.status, Status::Recognised | Status::Rectifying);
    let count = |category: Option<Category>, group: Option<RegionGroup>| {
        h.rows()
            .iter()
            .filter(managed)
            .filter(|r| category.is_none_or(|c| r.category == c))
            .filter(|r| group.is_none_or(|g| group_of(&h, r) == g))
            .count()
            .to_string()
    };
    let mut categories: Vec<Option<Category>> = Category::all().iter().copied().map(Some).collect();
    categories.push(None);
    for (i, category) in categories.into_iter().enumerate() {
        let line = d.line(header_y + 1 + i as u16);
        let label = category.map_or("合计", |c| c.zh().trim_end_matches('类'));
        let mut expected = vec![label.to_string()];
        expected.extend(RegionGroup::all().iter().map(|g| count(category, Some(*g))));
        expected.push(count(category, None));
        assert_eq!(words(&line), expected, "{line}");
    }
    for o in Outcome::all() {
        let line = (0..HEIGHT)
            .map(|y| d.line(y))
            .find(|l| words(l).first() == Some(&o.zh()))
            .expect("an outcome row");
        let n = h
            .rows()
            .iter()
            .filter(managed)
            .filter(|r| r.last_outcome == *o)
            .count();
        assert_eq!(words(&line)[..2], [o.zh(), n.to_string().as_str()], "{o:?}");
    }
    assert!(d.text().contains("年度报告按时"));
    // The cursor cell is the first: joint research in the Pearl River Delta.
    let first = count(Some(Category::all()[0]), Some(RegionGroup::all()[0]));
    assert!(
        d.text()
            .contains(&format!("当前格：联合研究 × 珠三角：{first}")),
        "{}",
        d.text()
    );
}

// Dialogs.

#[test]
fn the_outcome_picker_numbers_the_outcomes() {
    let mut h = Harness::demo();
    h.press("e");
    let d = draw(&h.app, COLOUR);
    assert!(d.text().contains("评估结果（1 个基地）"));
    for (i, o) in crate::app::overlay::OUTCOMES.iter().enumerate() {
        assert!(
            d.text().contains(&format!(" {} {}", i + 1, o.zh())),
            "{o:?}"
        );
    }
    let n = crate::app::overlay::OUTCOMES.len();
    assert!(
        d.text().contains(&format!("1–{n} 选择  Esc 取消")),
        "{}",
        d.text()
    );
}

/// The background of a button's first cell: blue when it has the focus.
fn button_style(d: &Drawn, label: &str) -> Color {
    let y = d.row_of(label).expect("the button");
    let x = d.column_of(y, label).expect("the button");
    d.buf[(x, y)].bg
}

#[test]
fn the_mark_confirmation_shows_fields_previews_and_focused_buttons() {
    let mut h = Harness::demo();
    let ok = h.first_row(|r| r.status == Status::Recognised).id;
    let refused = h.first_row(|r| r.status == Status::Applied).id;
    h.cursor_to(&ok);
    h.press("space");
    h.cursor_to(&refused);
    h.press("space e 3");
    let d = draw(&h.app, COLOUR);
    let text = d.text();
    assert!(text.contains("标记为「不合格」（2 个基地）"), "{text}");
    let round = crate::service::default_round(demo_today());
    assert!(text.contains(&format!("轮次  {round}")), "{text}");
    assert!(text.contains("日期  2026-11-25"), "{text}");
    assert!(
        text.contains(&format!("{ok} → 整改中, 整改期限 2027-11-25")),
        "{text}"
    );
    assert!(text.contains(&format!("✗ [A11] {refused}")), "{text}");
    assert!(text.contains("1 个不符合规则，将跳过"), "{text}");
    assert_eq!(
        button_style(&d, "[ 取消 n ]"),
        Color::Blue,
        "Cancel is focused"
    );
    assert_ne!(button_style(&d, "[ 确认 y ]"), Color::Blue);
    assert_eq!(d.cursor, None, "no field has the focus");
    h.press("tab");
    let d = draw(&h.app, COLOUR);
    assert_eq!(button_style(&d, "[ 确认 y ]"), Color::Blue);
    assert_ne!(button_style(&d, "[ 取消 n ]"), Color::Blue);
    // The round field: the terminal's cursor sits right after its text, where typing goes.
    h.press("tab");
    let d = draw(&h.app, COLOUR);
    let y = d.row_of("轮次").expect("the round");
    let x = d.column_of(y, &round).expect("the round's value");
    assert_eq!(d.cursor, Some(Position::new(x + round.width() as u16, y)));
    // The proposed round is selected: what is typed replaces it.
    h.type_text("复评");
    let d = draw(&h.app, COLOUR);
    assert_eq!(d.cursor, Some(Position::new(x + 4, y)));
    assert_eq!(d.span(y, x, x + 4), "复评");
    assert!(!d.line(y).contains(&round), "{}", d.line(y));
}

#[test]
fn the_undo_confirmation_names_the_change() {
    let mut h = Harness::demo();
    let id = h.first_row(|r| r.status == Status::Recognised).id;
    h.cursor_to(&id);
    h.press("e 2 y");
    let change = h.notice().expect("the change is reported");
    h.press("u");
    let d = draw(&h.app, COLOUR);
    let text = d.text();
    assert!(text.contains("撤回上一步？"), "{text}");
    assert!(text.contains(&change), "{text}");
    assert!(text.contains("以补偿记录撤回，历史保留。"), "{text}");
    assert_eq!(
        button_style(&d, "[ 取消 n ]"),
        Color::Blue,
        "Cancel is focused"
    );
}

#[test]
fn a_region_menu_longer_than_the_screen_shows_that_there_is_more() {
    let mut h = Harness::demo();
    h.press("f r");
    let n = RegionGroup::all().len() + h.policy().cities.len();
    // The menu's option rows, and the arrows at their edge.
    let arrows = |text: &str| -> String {
        text.lines()
            .filter_map(|l| l.split_once("│[").map(|(_, row)| row))
            .filter_map(|row| row.split('│').next()?.chars().last())
            .filter(|c| "↑↓".contains(*c))
            .collect()
    };
    let text = draw(&h.app, COLOUR).text();
    assert!(text.contains(&format!("1/{n}")), "{text}");
    assert_eq!(arrows(&text), "↓", "more below only: {text}");
    for _ in 0..n - 1 {
        h.press("j");
    }
    let text = draw(&h.app, COLOUR).text();
    assert!(text.contains(&format!("{n}/{n}")), "{text}");
    assert_eq!(arrows(&text), "↑", "more above only: {text}");
    // The English keys fit the box whole.
    h.app.lang = crate::domain::text::Lang::En;
    let text = draw(&h.app, COLOUR).text();
    assert!(
        text.contains("Space tick  Enter apply  Esc cancel"),
        "{text}"
    );
}

#[test]
fn a_facet_menu_shows_ticks_and_its_keys() {
    let mut h = Harness::demo();
    h.press("f c");
    let d = draw(&h.app, COLOUR);
    let text = d.text();
    assert!(text.contains("按类型筛选"));
    for c in Category::all() {
        assert!(text.contains(&format!("[ ] {}", c.zh())), "{text}");
    }
    assert!(text.contains("Space 勾选  Enter 应用  Esc 取消"), "{text}");
    h.press("space");
    let text = draw(&h.app, COLOUR).text();
    assert!(
        text.contains(&format!("[x] {}", Category::all()[0].zh())),
        "{text}"
    );
}

#[test]
fn a_form_shows_its_fields_and_the_cursor_in_the_focused_one() {
    let mut h = Harness::demo();
    h.press("a");
    let d = draw(&h.app, COLOUR);
    let text = d.text();
    assert!(text.contains(" 新建申报 "), "{text}");
    for label in [
        "基地名称",
        "类型",
        "城市",
        "依托单位",
        "单位性质",
        "负责人",
        "申报日期",
    ] {
        assert!(text.contains(label), "{label}");
    }
    assert!(text.contains("Enter 提交  Tab 下一项  Esc 取消"), "{text}");
    let y = d.row_of("基地名称").expect("the name field");
    let start = d.cursor.expect("the cursor is in the name field");
    assert_eq!(start.y, y);
    h.type_text("南粤");
    let d = draw(&h.app, COLOUR);
    assert_eq!(d.cursor, Some(Position::new(start.x + 4, y)));
    assert_eq!(d.span(y, start.x, start.x + 4), "南粤");
    // A choice field shows its choices and the key that cycles them.
    h.press("tab");
    let d = draw(&h.app, COLOUR);
    assert!(
        d.text()
            .contains("Ctrl-n/Ctrl-p: 联合研究类 / 技术转移类 / 特色类"),
        "{}",
        d.text()
    );
    h.press("ctrl-p");
    let d = draw(&h.app, COLOUR);
    let y = d.row_of("│类型").expect("the category field");
    assert!(
        d.line(y).contains(Category::all().last().unwrap().zh()),
        "{}",
        d.line(y)
    );
    h.press("esc");
    let text = draw(&h.app, COLOUR).text();
    assert!(
        text.contains("放弃未保存的输入？") && text.contains("[ 取消 n ]"),
        "{text}"
    );
}

#[test]
fn a_prefilled_date_is_replaced_by_what_is_typed() {
    let mut h = Harness::demo();
    h.press("t a D");
    let text = draw(&h.app, COLOUR).text();
    assert!(
        text.contains("Enter 提交  Esc 取消") && !text.contains("下一项"),
        "a form of one field has no next field: {text}"
    );
    h.type_text("2027-01-15");
    let d = draw(&h.app, COLOUR);
    let y = d.row_of("│复查日期").expect("the date field");
    let line = d.line(y);
    assert!(line.contains("2027-01-15"), "{line}");
    assert_eq!(line.matches("20").count(), 1, "only what was typed: {line}");
    // A risk note's date, reached by Tab, too.
    let mut h = Harness::demo();
    h.press("x tab tab tab tab");
    let text = draw(&h.app, COLOUR).text();
    assert!(
        text.contains("输入即替换"),
        "the hint says typing replaces: {text}"
    );
    h.type_text("2026-12-01");
    let d = draw(&h.app, COLOUR);
    let y = d.row_of("│登记日期").expect("the date field");
    assert!(
        d.line(y).contains("│登记日期          2026-12-01 "),
        "{}",
        d.line(y)
    );
}

#[test]
fn a_long_value_scrolls_to_keep_what_is_typed_in_view() {
    let mut h = Harness::demo();
    h.press("a");
    let start = draw(&h.app, COLOUR)
        .cursor
        .expect("the cursor is in the name field");
    // Wider than the field: sixty cells of 甲, then the characters that end it.
    let name = format!("{}乙丙丁", "甲".repeat(30));
    h.type_text(&name);
    let d = draw(&h.app, COLOUR);
    let cursor = d.cursor.expect("the cursor is in the name field");
    assert_eq!(cursor.y, start.y);
    let cells = d.cells(start.y);
    let right_border = cells.iter().rev().find(|(_, s)| *s == "│");
    let field_end = right_border.expect("the form's right border").0;
    assert!(
        cursor.x < field_end,
        "{cursor:?} is past the field ({field_end})"
    );
    let typed = d.span(start.y, cursor.x - 6, cursor.x);
    assert_eq!(
        typed, "乙丙丁",
        "the last characters typed sit before the cursor"
    );
    assert_eq!(
        d.span(start.y, start.x, start.x + 1),
        "…",
        "cut on the left"
    );
    // Home goes back to the start, which then shows, cut on the right instead.
    h.press("home");
    let d = draw(&h.app, COLOUR);
    assert_eq!(d.cursor, Some(start));
    assert_eq!(d.span(start.y, start.x, start.x + 2), "甲");
    assert!(d.line(start.y).contains("甲…"), "{}", d.line(start.y));
}

#[test]
fn a_form_error_names_the_field() {
    let mut h = Harness::demo();
    h.press("a enter");
    let text = draw(&h.app, COLOUR).text();
    assert!(text.contains("「基地名称」不能为空"), "{text}");
}

// Other screens and languages.

#[test]
fn an_empty_database_says_how_to_start() {
    let h = Harness::empty();
    let d = draw(&h.app, COLOUR);
    assert_eq!(d.line(FILTER_BAR).trim_end(), "全部基地 — 0/0");
    let text = d.text();
    assert!(text.contains("数据库里还没有基地。"), "{text}");
    assert!(text.contains("按 a 新建一条申报"), "{text}");
    assert!(text.contains("jidi init --demo"), "{text}");
}

#[test]
fn english_labels_throughout() {
    let keymap = Keymap::load("default", None).expect("the preset");
    let mut h = Harness::with(Lang::En, keymap);
    let d = draw(&h.app, COLOUR);
    assert!(
        d.line(0)
            .starts_with("jidi 基地  Bases  Triage  Dashboard ")
    );
    let n = h.rows().len();
    assert_eq!(
        d.line(FILTER_BAR).trim_end(),
        format!("All bases — {n}/{n}")
    );
    // At 80 columns every column fits in English too.
    assert_eq!(
        words(&d.line(MAIN)),
        [
            "ID↑", "Name", "Category", "City", "Status", "Outcome", "RFS"
        ]
    );
    let status_x = d.column_of(MAIN, "Status").expect("a header");
    let outcome_x = d.column_of(MAIN, "Outcome").expect("a header");
    let badges_x = d.column_of(MAIN, "RFS").expect("a header");
    // Labels longer than their column end in an ellipsis on a whole character.
    let shown = |label: &str, width: usize| crate::ui::fit(label, width).to_string();
    for (i, id) in h.visible_ids().iter().take(h.app.page_height()).enumerate() {
        let row = h.app.row(id).expect("a row");
        let y = MAIN + 1 + i as u16;
        let status_w = (outcome_x - status_x - 1) as usize;
        let outcome_w = (badges_x - outcome_x - 1) as usize;
        assert_eq!(
            d.span(y, status_x, outcome_x).trim(),
            shown(row.status.en(), status_w)
        );
        assert_eq!(
            d.span(y, outcome_x, badges_x).trim(),
            shown(row.last_outcome.en(), outcome_w)
        );
    }
    assert!(d.line(HINTS).starts_with("Enter Open  e Mark  / Search"));
    h.press("e 3");
    let text = draw(&h.app, COLOUR).text();
    assert!(text.contains("Mark as Unqualified (1 base)"), "{text}");
    assert!(text.contains("[ Cancel n ]  [ Confirm y ]"), "{text}");
    h.press("esc d");
    let text = draw(&h.app, COLOUR).text();
    assert!(
        text.contains("category × region (Enter opens the list)"),
        "{text}"
    );
}

#[test]
fn without_colour_the_cursor_is_reversed_and_nothing_is_coloured() {
    let mut h = Harness::demo();
    let mut screens = Vec::new();
    for keys in ["j", "e 3", "esc t", "d", "b enter", "?", "esc esc a"] {
        h.press(keys);
        screens.push((keys, draw(&h.app, NO_COLOUR)));
    }
    for (keys, d) in &screens {
        for cell in d.buf.content() {
            assert_eq!(
                (cell.fg, cell.bg),
                (Color::Reset, Color::Reset),
                "after {keys}"
            );
        }
    }
    // The list's cursor row, in reverse video from edge to edge.
    let list = &screens[0].1;
    let reversed = list.rows_where(|cell| cell.modifier.contains(Modifier::REVERSED));
    assert_eq!(reversed, [MAIN + 2]);
}

#[test]
fn colours_come_from_the_16_colour_palette() {
    let mut h = Harness::demo();
    for keys in ["j", "e 3", "esc t", "d", "b enter", "?", "esc esc a"] {
        h.press(keys);
        let d = draw(&h.app, COLOUR);
        for cell in d.buf.content() {
            for colour in [cell.fg, cell.bg] {
                assert!(
                    !matches!(colour, Color::Rgb(..) | Color::Indexed(_)),
                    "after {keys}: {colour:?}"
                );
            }
        }
    }
}

#[test]
fn the_bases_list_at_80_by_24() {
    let h = Harness::demo();
    insta::assert_snapshot!(draw(&h.app, COLOUR).text());
}

#[test]
fn a_match_on_the_host_is_explained_under_the_list() {
    let mut h = Harness::demo();
    // A base whose host unit's name is not part of its own name, found by the host.
    let row = h
        .first_row(|r| !r.name.contains(r.host.as_str()) && r.host.chars().count() >= 6)
        .clone();
    let query: String = row.host.chars().take(6).collect();
    h.press("/");
    h.type_text(&query);
    h.press("enter");
    h.cursor_to(&row.id);
    let text = draw(&h.app, COLOUR).text();
    let reason = text
        .lines()
        .nth((HEIGHT - 2) as usize)
        .expect("the notice line");
    assert!(
        reason.starts_with(&format!("匹配依托单位：{}", row.host)),
        "{reason}"
    );
}

#[test]
fn a_long_mark_confirmation_scrolls_and_says_how_many_are_below() {
    let mut h = Harness::demo();
    h.command("filter 状态=已认定");
    h.press("g g v G v e 2");
    let d = draw(&h.app, COLOUR);
    let text = d.text();
    let below: usize = text
        .split("↓ 还有 ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of the rest: {text}"));
    let shown = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.contains("│GDICB-") || l.contains("│✗"))
            .map(str::to_string)
            .collect()
    };
    let first = shown(&text);
    h.press("j");
    let after = draw(&h.app, COLOUR).text();
    assert!(!shown(&after).is_empty(), "{after}");
    assert_ne!(shown(&after)[0], first[0], "j scrolled the list");
    assert!(after.contains(&format!("↓ 还有 {} ", below - 1)), "{after}");
}

#[test]
fn one_latin_letter_asks_for_another_before_searching() {
    let mut h = Harness::demo();
    h.press("/");
    h.type_text("h");
    let d = draw(&h.app, COLOUR);
    assert!(
        d.line(FILTER_BAR).contains("/h 再输入一个字符即开始搜索"),
        "{}",
        d.line(FILTER_BAR)
    );
    let n = h.rows().len();
    assert!(
        d.line(FILTER_BAR)
            .starts_with(&format!("全部基地 — {n}/{n}"))
    );
}

mod cases;
mod commands;
mod english;
mod failures;
mod history;
mod layout;
mod notes;
mod outcomes;
mod read_only;
mod regulation;
mod shared;
