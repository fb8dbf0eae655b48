//! `jidi export` and `jidi import`: encodings and formats, every kind of bad row reported, file
//! problems refused with the database unchanged, round trips, dry runs and --skip-invalid.

use crate::support::Env;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/interchange")
        .join(name)
        .display()
        .to_string()
}

fn demo() -> Env {
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    env
}

fn empty() -> Env {
    let env = Env::new();
    env.ok(&["init"]);
    env
}

impl Env {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn export(&self, format: &str, name: &str) -> PathBuf {
        let path = self.path(name);
        self.ok(&["export", "--format", format, "-o", path.to_str().unwrap()]);
        path
    }

    /// `list` and `log` as JSON: what a failed command must leave as it was.
    fn state(&self) -> String {
        format!(
            "{}\n{}",
            self.ok(&["list", "--format", "json"]),
            self.ok(&["log", "--format", "json"])
        )
    }
}

#[test]
fn utf8_with_or_without_bom_and_gbk_import_the_same_bases() {
    let mut lists = Vec::new();
    for file in ["bases-utf8.csv", "bases-utf8-bom.csv", "bases-gbk.csv"] {
        let env = empty();
        let out = env.ok(&["import", &fixture(file)]);
        assert!(out.contains("新建 4"), "{file}: {out}");
        lists.push(env.json(&["list"]));
    }
    assert_eq!(lists[0], lists[1]);
    assert_eq!(lists[0], lists[2]);
    let rows = lists[0].as_array().unwrap();
    let by_name = |name: &str| {
        rows.iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {rows:?}"))
    };
    // "  青澜… " trimmed, 广州市 is 广州, ２０２５／１２／２ is a date.
    let first = by_name("青澜海洋装备联合研究中心");
    assert_eq!(first["city"], "guangzhou");
    assert_eq!(first["recognised_on"], "2025-12-02");
    assert_eq!(first["id"], "GDICB-2025-0001");
    assert_eq!(by_name("岚汐智能传感技术转移中心")["status"], "rectifying");
    assert_eq!(by_name("蔚石非遗数字化国际交流基地")["status"], "removed");
    assert_eq!(by_name("栖霞湾生物医药联合研究中心")["status"], "applied");
}

#[test]
fn every_bad_row_is_reported_with_row_column_value_and_nothing_is_written() {
    let env = demo();
    let before = env.state();
    let err = env.fails(&["import", &fixture("bad-rows.csv")], 1);
    for expected in [
        "第 2 行 · 地市「北京」：未知的城市",
        "第 3 行 · 认定日期「2025-02-30」：不是存在的日期",
        "第 5 行 · 编号「GDICB-2025-0103」：编号在文件中重复（第 4 行已有）",
        "第 6 行 · 状态「整改中」：[A15.1.3]",
        "第 7 行 · 基地名称「戊戊",
        "共 201 字",
        "第 8 行 · 依托单位 \"\"：必填项为空",
        "第 9 行 · 类型「大型类」：未知的类型",
        "第 10 行 · 认定日期「2026-12-20」",
        "未导入任何内容",
    ] {
        assert!(err.contains(expected), "missing '{expected}' in:\n{err}");
    }
    assert!(!err.contains("第 4 行 ·"), "row 4 is good:\n{err}");
    assert_eq!(env.state(), before);
}

#[test]
fn a_hundred_bad_rows_are_all_reported() {
    let env = empty();
    let err = env.fails(&["import", &fixture("bad-100.csv")], 1);
    for row in 2..=101 {
        assert!(
            err.contains(&format!("第 {row} 行 · 地市")),
            "row {row} missing:\n{err}"
        );
    }
    assert_eq!(err.matches("未知的城市").count(), 100);
    assert_eq!(env.json(&["list"]), serde_json::json!([]));
}

#[test]
fn files_that_are_no_table_are_refused_and_change_nothing() {
    let env = demo();
    let before = env.state();
    let truncated = env.path("truncated.xlsx");
    let whole = std::fs::read(env.export("xlsx", "whole.xlsx")).unwrap();
    std::fs::write(&truncated, &whole[..whole.len() / 2]).unwrap();
    let cases = [
        (fixture("not-a-table.png"), "不是 CSV、XLSX 或 JSON 文件"),
        (fixture("empty.csv"), "是空文件"),
        (fixture("missing-column.csv"), "缺少列：撤销原因"),
        (fixture("extra-column.csv"), "多出的列：备注"),
        (truncated.display().to_string(), "不是完整的 XLSX 文件"),
        (fixture("no-such-file.csv"), "找不到文件"),
    ];
    for (file, needle) in cases {
        let err = env.fails(&["import", &file], 1);
        assert!(err.contains(needle), "{file}: '{needle}' not in:\n{err}");
        assert!(err.lines().count() <= 3, "{err}");
    }
    let broken = env.path("broken.json");
    std::fs::write(&broken, "[{\"id\": \"GDICB-2025-0001\",").unwrap();
    let err = env.fails(&["import", broken.to_str().unwrap()], 1);
    assert!(err.contains("不是由记录组成的 JSON 数组"), "{err}");
    assert_eq!(env.state(), before);
}

#[test]
fn csv_round_trip_is_byte_for_byte_and_reimporting_changes_nothing() {
    let source = demo();
    let first = source.export("csv", "first.csv");
    let bytes = std::fs::read(&first).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF\xE7\xBC\x96\xE5\x8F\xB7,"),
        "BOM then 编号"
    );
    let target = empty();
    let out = target.ok(&["import", first.to_str().unwrap()]);
    assert!(out.contains("新建 80"), "{out}");
    let second = target.export("csv", "second.csv");
    assert_eq!(std::fs::read(second).unwrap(), bytes);
    let log = target.ok(&["log", "--format", "json"]);
    let out = target.ok(&["import", first.to_str().unwrap()]);
    assert!(out.contains("不变 80"), "{out}");
    assert_eq!(target.ok(&["log", "--format", "json"]), log, "no events");
}

#[test]
fn json_round_trip_gives_the_same_records() {
    // Note text travels only in a security user's export (A15.3.4).
    let me = whoami::username().unwrap();
    let source = demo();
    source.ok(&["users", "add", &me, "security"]);
    let first = source.export("json", "first.json");
    let target = empty();
    target.ok(&["users", "add", &me, "security"]);
    target.ok(&["import", first.to_str().unwrap()]);
    let second = target.export("json", "second.json");
    assert_eq!(
        std::fs::read_to_string(second).unwrap(),
        std::fs::read_to_string(&first).unwrap()
    );
    // The same records, as `show` sees them (events aside).
    let strip = |mut v: serde_json::Value| {
        v.as_object_mut().unwrap().remove("events");
        v.as_object_mut().unwrap().remove("version");
        v
    };
    let id = "GDICB-2016-0001";
    assert_eq!(
        strip(target.json(&["show", id])),
        strip(source.json(&["show", id]))
    );
    let out = target.ok(&["import", first.to_str().unwrap()]);
    assert!(out.contains("不变 80"), "{out}");
}

/// Every sheet's cells, as text, for comparing workbooks.
fn cells(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

#[test]
fn xlsx_round_trip_gives_the_same_cells_on_every_sheet() {
    let source = demo();
    let me = whoami::username().unwrap();
    source.ok(&["users", "add", &me, "security"]);
    let first = source.export("xlsx", "first.xlsx");
    let sheets = cells(&first);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "基地",
            "基地详情",
            "合作方",
            "年度报告",
            "绩效评估",
            "变更报备",
            "安全风险"
        ]
    );
    let target = empty();
    target.ok(&["users", "add", &me, "security"]);
    let out = target.ok(&["import", first.to_str().unwrap()]);
    assert!(out.contains("新建 80"), "{out}");
    assert_eq!(cells(&target.export("xlsx", "second.xlsx")), sheets);
    let out = target.ok(&["import", first.to_str().unwrap()]);
    assert!(out.contains("不变 80"), "{out}");
}

#[test]
fn without_the_security_role_the_risk_sheet_lists_notes_without_their_text() {
    let env = demo();
    let book = cells(&env.export("xlsx", "plain.xlsx"));
    let (_, risks) = book.iter().find(|(n, _)| n == "安全风险").unwrap();
    assert!(risks.len() > 1, "the notes are listed");
    assert!(!risks[0].contains(&"说明".to_string()), "{:?}", risks[0]);
    assert!(risks[0].contains(&"严重程度".to_string()));
    let all: String = book
        .iter()
        .flat_map(|(_, rows)| rows.iter().flatten())
        .cloned()
        .collect();
    let secret = secret_of(&env, "GDICB-2020-0005");
    let secret = secret.as_str();
    assert!(!all.contains(secret), "note text leaked into the workbook");
    // Re-importing that workbook keeps the text the database holds.
    let before = env.state();
    let path = env.path("plain.xlsx");
    let out = env.ok(&["import", path.to_str().unwrap()]);
    assert!(out.contains("不变 80"), "{out}");
    assert_eq!(env.state(), before);
}

/// The text of a base's first risk note, as a security officer (`zhou`) reads it.
fn secret_of(env: &Env, id: &str) -> String {
    env.ok(&["users", "add", "zhou", "security"]);
    let out = env.run_as("zhou", &["show", id, "--format", "json"]);
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    shown["risks"][0]["description"]
        .as_str()
        .unwrap()
        .to_string()
}

fn write(env: &Env, name: &str, text: &str) -> String {
    let path = env.path(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

const HEADER: &str = "编号,基地名称,类型,依托单位,单位性质,地市,推荐单位,负责人,负责人资格,负责人身份,来源,认定日期,认定文号,状态,最近评估结果,最近评估日期,整改期限,撤销原因";

/// The demo base's row as exported, with `edit` applied to its cells.
fn edited_row(env: &Env, id: &str, edit: impl Fn(&mut Vec<String>)) -> String {
    let csv = std::fs::read_to_string(env.export("csv", "now.csv")).unwrap();
    let line = csv.lines().find(|l| l.starts_with(id)).unwrap();
    let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
    edit(&mut cells);
    format!("{HEADER}\n{}\n", cells.join(","))
}

#[test]
fn dry_run_shows_the_diff_and_writes_nothing_then_the_import_applies_it() {
    let env = demo();
    let id = "GDICB-2026-0001";
    let status = env.json(&["show", id])["status"].clone();
    assert_eq!(
        status, "vetted",
        "the demo's vetted application, two steps from recognition"
    );
    let text = edited_row(&env, id, |c| {
        c[11] = "2026/11/20".into();
        c[12] = "粤科函外字〔2026〕88号".into();
        c[13] = "已认定".into();
    });
    let file = write(&env, "recognise.csv", &text);
    let before = env.state();
    let out = env.ok(&["import", &file, "--dry-run"]);
    assert!(out.contains(&format!("修改  第 2 行  {id}")), "{out}");
    assert!(out.contains("状态：审查通过 → 已认定"), "{out}");
    assert!(out.contains("认定日期：— → 2026-11-20"), "{out}");
    assert!(out.contains("未写入任何内容"), "{out}");
    assert_eq!(env.state(), before);
    let out = env.ok(&["import", &file]);
    assert!(out.contains("修改 1"), "{out}");
    let shown = env.json(&["show", id]);
    assert_eq!(shown["status"], "recognised");
    assert_eq!(shown["recognition"]["doc_no"], "粤科函外字〔2026〕88号");
    let log = env.json(&["log", id]);
    let last = log.as_array().unwrap().last().unwrap();
    let summary = last["summary"].as_str().unwrap();
    assert!(summary.contains("recognise.csv"), "{summary}");
    assert!(summary.contains("sha256:"), "{summary}");
    assert_eq!(last["action"], "import_change");
}

#[test]
fn a_status_the_lifecycle_cannot_reach_is_refused_with_its_rule() {
    let env = demo();
    let id = "GDICB-2026-0001";
    let before = env.state();
    // Back from vetted to applied.
    let text = edited_row(&env, id, |c| c[13] = "申报".into());
    let err = env.fails(&["import", &write(&env, "back.csv", &text)], 1);
    assert!(err.contains("第 2 行 · 状态「申报」：[A9]"), "{err}");
    // A rename is a change filing.
    let text = edited_row(&env, id, |c| c[1] = "新名称联合研究中心".into());
    let err = env.fails(&["import", &write(&env, "rename.csv", &text)], 1);
    assert!(err.contains("[A15.3.2]"), "{err}");
    assert_eq!(env.state(), before);
}

#[test]
fn skip_invalid_imports_the_good_rows_and_writes_the_rest_to_a_file() {
    let env = empty();
    let file = env.path("bad-rows.csv");
    std::fs::copy(fixture("bad-rows.csv"), &file).unwrap();
    let out = env.ok(&["import", file.to_str().unwrap(), "--skip-invalid"]);
    assert!(out.contains("新建 1"), "{out}");
    let list = env.json(&["list"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], "GDICB-2025-0103");
    let text = std::fs::read_to_string(env.path("bad-rows.问题.csv")).unwrap();
    // UTF-8 with a BOM, so Excel reads it as such.
    assert!(
        text.starts_with("\u{feff}工作表,行,列,值,问题,规则\n"),
        "{text}"
    );
    assert!(text.contains(",2,地市,北京,"), "{text}");
    assert!(text.contains(",6,状态,整改中,"), "{text}");
    assert_eq!(text.lines().count(), 9, "{text}");
}

#[test]
fn a_one_sheet_workbook_typed_in_excel_imports() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let env = empty();
    let path = env.path("people.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (i, h) in HEADER.split(',').enumerate() {
        sheet.write_string(0, i as u16, h).unwrap();
    }
    let row = [
        "",
        "　澄潭量子测量联合研究中心",
        "联合研究类",
        "澄潭计量研究院",
        "科研院所",
        "佛山市",
        "",
        "岑望舒",
        "博士",
        "境内",
        "新认定",
        "",
        "粤科函外字〔2025〕40号",
        "已认定",
        "",
        "",
        "",
        "",
    ];
    for (i, v) in row.iter().enumerate() {
        sheet.write_string(1, i as u16, *v).unwrap();
    }
    // A date typed into Excel is a date cell, not text.
    let date = ExcelDateTime::from_ymd(2025, 12, 2).unwrap();
    let format = Format::new().set_num_format("yyyy/m/d");
    sheet
        .write_datetime_with_format(1, 11, &date, &format)
        .unwrap();
    book.save(&path).unwrap();
    let out = env.ok(&["import", path.to_str().unwrap()]);
    assert!(out.contains("新建 1"), "{out}");
    let list = env.json(&["list"]);
    assert_eq!(list[0]["name"], "澄潭量子测量联合研究中心");
    assert_eq!(list[0]["city"], "foshan");
    assert_eq!(list[0]["recognised_on"], "2025-12-02");
}

#[test]
fn export_takes_the_list_filters_and_a_viewer_cannot_import() {
    let env = demo();
    let out = env.ok(&["export", "--status", "rectifying"]);
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.contains(",整改中,")), "{out}");
    let file = env.export("csv", "all.csv");
    let before = env.state();
    let out = env.run_as("visitor", &["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    assert_eq!(env.state(), before);
}

#[test]
fn an_outcome_sheet_with_an_ambiguous_and_an_unknown_name_records_nothing() {
    let env = demo();
    env.ok(&["import", &fixture("twins.csv")]);
    let before = env.state();
    let err = env.fails(&["import-outcomes", &fixture("outcomes.csv")], 1);
    for expected in [
        "第 6 行 · 基地名称「同名智慧水务联合研究中心」：名称对应多个基地",
        "不作猜测",
        "第 7 行 · 基地名称「虚构不存在的联合研究中心」：没有这个名称",
        "第 8 行 · 评估结果「很好」",
        "第 9 行 · 评估日期「2026-11-31」",
        "第 10 行 · 评估结果「合格」：[A11]",
        "未记录任何评估结果",
    ] {
        assert!(err.contains(expected), "missing '{expected}' in:\n{err}");
    }
    assert!(!err.contains("第 2 行"), "{err}");
    assert_eq!(env.state(), before);
}

#[test]
fn an_outcome_sheet_applies_outcomes_and_consequences_as_mark_does() {
    let env = demo();
    let good = fixture("outcomes-good.csv");
    let before = env.state();
    let out = env.ok(&["import-outcomes", &good, "--dry-run"]);
    // By 编号, by a former name, by a name typed with stray spaces, by a lower-case id.
    let row = |n: &str| {
        let line = out
            .lines()
            .find(|l| l.starts_with(&format!("{n} ")))
            .unwrap();
        line.split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
    };
    assert_eq!(row("2")[1], "GDICB-2025-0002", "{out}");
    assert_eq!(
        row("3")[1..4],
        [
            "GDICB-2013-0001",
            "澄湾大学中德先进材料联合研究中心",
            "优秀"
        ],
        "{out}"
    );
    assert_eq!(
        row("4")[1..],
        [
            "GDICB-2022-0001",
            "梅岫客家生态农业国际合作基地",
            "不合格",
            "2026-11-20",
            "→ 整改中, 整改期限 2027-11-20"
        ],
        "{out}"
    );
    assert_eq!(row("5")[1], "GDICB-2025-0007", "{out}");
    assert!(out.contains("撤销候选 A14.2"), "{out}");
    assert_eq!(env.state(), before);
    env.ok(&["import-outcomes", &good]);
    let rectifying = env.json(&["show", "GDICB-2022-0001"]);
    assert_eq!(rectifying["status"], "rectifying");
    assert_eq!(rectifying["rectification_deadline"], "2027-11-20");
    let rounds = rectifying["rounds"].as_array().unwrap();
    assert_eq!(rounds.last().unwrap()["score"], 55);
    let scored = env.json(&["show", "GDICB-2013-0001"]);
    let last = scored["rounds"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["round"], "2026年度绩效评估(第三方)");
    let log = env.json(&["log", "GDICB-2022-0001"]);
    let summary = log.as_array().unwrap().last().unwrap()["summary"].clone();
    assert!(
        summary
            .as_str()
            .unwrap()
            .contains("outcomes-good.csv sha256:"),
        "{summary}"
    );
    // The same sheet again: every base already has that round.
    let err = env.fails(&["import-outcomes", &good], 1);
    assert!(err.contains("[A15.1.2]"), "{err}");
}

#[test]
fn the_report_counts_what_list_counts_and_hides_note_text_without_the_security_role() {
    let env = demo();
    let md = env.ok(&["report"]);
    assert!(
        md.starts_with("# 广东省国际科技合作基地情况汇总（截至 2026-11-25）"),
        "{md}"
    );
    for title in [
        "## 在管基地：类型 × 地区 × 最近评估结果",
        "## 年度执行报告按时提交率",
        "## 整改中的基地（A15.1.3）",
        "## 撤销的基地与五年内不得重新申请（A14）",
        "## 逾期未报备的重大事项变更（A15.3.2）",
        "## 未关闭的高/重大科技安全风险（A15.3.4）：仅数量",
    ] {
        assert!(md.contains(title), "{title} missing:\n{md}");
    }
    // Every rectifying base is listed with its deadline.
    for row in env
        .json(&["list", "--status", "rectifying"])
        .as_array()
        .unwrap()
    {
        let id = row["id"].as_str().unwrap();
        let deadline = env.json(&["show", id])["rectification_deadline"].clone();
        let line = md.lines().find(|l| l.contains(id)).unwrap();
        assert!(line.contains(deadline.as_str().unwrap()), "{line}");
    }
    // The counts table sums to the bases in the programme.
    let managed = env.json(&["list", "--status", "recognised,rectifying"]);
    let table: u64 = md
        .lines()
        .skip_while(|l| !l.contains("类型 × 地区"))
        .filter(|l| l.starts_with("| 联合") || l.starts_with("| 技术") || l.starts_with("| 特色"))
        .map(|l| {
            l.trim_end_matches(" |")
                .rsplit("| ")
                .next()
                .unwrap()
                .parse::<u64>()
                .unwrap()
        })
        .sum();
    assert_eq!(table, managed.as_array().unwrap().len() as u64);
    let secret = secret_of(&env, "GDICB-2020-0005");
    assert!(!md.contains(&secret));
    let me = whoami::username().unwrap();
    env.ok(&["users", "add", &me, "security"]);
    let md = env.ok(&["report"]);
    assert!(
        md.contains(&secret),
        "the security role reads the note text"
    );
}

#[test]
fn the_report_follows_today_and_comes_as_csv_and_a_workbook_with_a_chart() {
    let env = demo();
    let before = env.ok(&["report", "--format", "csv", "--today", "2026-03-31"]);
    let after = env.ok(&["report", "--format", "csv", "--today", "2026-04-01"]);
    // The 2025 reports fall due on 2026-03-31 and count from the next day.
    assert!(!before.contains("\n2025,"), "{before}");
    assert!(after.contains("\n2025,联合研究类,"), "{after}");
    let path = env.path("summary.xlsx");
    env.ok(&["report", "--format", "xlsx", "-o", path.to_str().unwrap()]);
    let bytes = std::fs::read(&path).unwrap();
    let has = |name: &[u8]| bytes.windows(name.len()).any(|w| w == name);
    assert!(has(b"xl/charts/chart1.xml"), "the workbook has a chart");
    let book = cells(&path);
    let (_, counts) = book.iter().find(|(n, _)| n == "分类统计").unwrap();
    assert_eq!(counts[2][0], "类型");
    assert!(
        counts
            .iter()
            .any(|r| r.first().is_some_and(|c| c == "特色类"))
    );
    let err = env.fails(&["report", "--format", "xlsx"], 1);
    assert!(err.contains("-o"), "{err}");
}

#[test]
fn names_are_kept_as_written_and_an_export_with_a_leaderless_application_re_imports() {
    let env = empty();
    let id = env
        .ok(&[
            "new",
            "--name",
            "华为 AI 联合实验室（深圳）：一期",
            "--category",
            "联合研究类",
            "--city",
            "深圳市",
            "--host",
            "鹏岭科技（深圳）有限公司",
        ])
        .trim()
        .to_string();
    let shown = env.json(&["show", &id]);
    assert_eq!(shown["name"], "华为 AI 联合实验室（深圳）：一期");
    assert_eq!(shown["host"]["name"], "鹏岭科技（深圳）有限公司");
    assert_eq!(shown["leader"]["name"], "", "no leader named yet");
    for format in ["csv", "xlsx", "json"] {
        let file = env.export(format, &format!("now.{format}"));
        let out = env.ok(&["import", file.to_str().unwrap()]);
        assert!(out.contains("不变 1"), "{format}: {out}");
    }
    // The unit is one unit however its name is spaced or punctuated (the ban and search
    // compare folded names).
    let found = env.json(&["list", "--search", "华为AI"]);
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
}
