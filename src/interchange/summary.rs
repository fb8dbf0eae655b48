//! `jidi report` in its three formats: Markdown for reading, CSV (one table after another) for
//! spreadsheets and scripts, XLSX with a sheet per table and a chart of the counts. The numbers
//! come from `domain::statistics`; here they are only laid out.

use crate::domain::codes::{Category, Code, Outcome, RegionGroup, Status};
use crate::domain::policy::Policy;
use crate::domain::statistics::Overview;
use crate::domain::text::{Lang, Text};
use crate::text;
use rust_xlsxwriter::{Chart, ChartType, Format, Workbook};

/// A cell: text, or a number that stays a number in a workbook.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl Cell {
    fn show(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) if n.fract() == 0.0 => format!("{}", *n as i64),
            Cell::Number(n) => format!("{n:.1}"),
        }
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Cell {
        Cell::Number(f64::from(n))
    }
}

/// One table of the report.
pub struct Section {
    pub title: String,
    /// A sheet name: short, no characters Excel forbids.
    pub sheet: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Said under an empty table.
    pub empty: String,
}

/// The report's tables, as `lang` reads them. Without `confidential`, open risks are counts by
/// severity and area only (A15.3.4).
pub fn sections(o: &Overview, policy: &Policy, lang: Lang, confidential: bool) -> Vec<Section> {
    let t = |text: Text| text.get(lang).to_string();
    let date = |d: chrono::NaiveDate| Cell::Text(d.format("%Y-%m-%d").to_string());
    let city = |code: &str| policy.city_label(code, lang);
    let none = t(text!("（无）", "(none)"));
    let mut out = Vec::new();

    let statuses: Vec<Vec<Cell>> = Status::all()
        .iter()
        .map(|s| {
            vec![
                Cell::from(s.label(lang)),
                Cell::from(o.by_status.get(s).copied().unwrap_or(0)),
            ]
        })
        .collect();
    out.push(Section {
        title: t(text!("基地状态", "Bases by status")),
        sheet: t(text!("状态", "status")),
        headers: vec![t(text!("状态", "status")), t(text!("数量", "count"))],
        rows: statuses,
        empty: none.clone(),
    });

    let mut headers = vec![t(text!("类型", "category")), t(text!("地区", "region"))];
    headers.extend(Outcome::all().iter().map(|o| o.label(lang).to_string()));
    headers.push(t(text!("合计", "total")));
    let mut rows = Vec::new();
    for category in Category::all() {
        for group in RegionGroup::all() {
            let counts: Vec<u32> = Outcome::all()
                .iter()
                .map(|outcome| {
                    o.counts
                        .get(&(*category, *group, *outcome))
                        .copied()
                        .unwrap_or(0)
                })
                .collect();
            let mut row = vec![
                Cell::from(category.label(lang)),
                Cell::from(group.label(lang)),
            ];
            row.extend(counts.iter().map(|n| Cell::from(*n)));
            row.push(Cell::from(counts.iter().sum::<u32>()));
            rows.push(row);
        }
    }
    out.push(Section {
        title: t(text!(
            "在管基地：类型 × 地区 × 最近评估结果",
            "Bases in the programme: category × region × last outcome"
        )),
        sheet: t(text!("分类统计", "counts")),
        headers,
        rows,
        empty: none.clone(),
    });

    out.push(Section {
        title: t(text!(
            "年度执行报告按时提交率（已到期的报告，A15.3.1）",
            "Annual reports submitted on time (reports already due, A15.3.1)"
        )),
        sheet: t(text!("年度报告", "reports")),
        headers: vec![
            t(text!("年度", "year")),
            t(text!("类型", "category")),
            t(text!("应提交", "due")),
            t(text!("按时提交", "on time")),
            t(text!("按时率 %", "on time %")),
        ],
        rows: o
            .compliance
            .iter()
            .map(|((year, category), c)| {
                vec![
                    Cell::Number(f64::from(*year)),
                    Cell::from(category.label(lang)),
                    Cell::from(c.due),
                    Cell::from(c.on_time),
                    c.rate().map_or(Cell::from("—"), Cell::Number),
                ]
            })
            .collect(),
        empty: none.clone(),
    });

    out.push(Section {
        title: t(text!(
            "整改中的基地（A15.1.3）",
            "Bases in rectification (A15.1.3)"
        )),
        sheet: t(text!("整改", "rectification")),
        headers: vec![
            t(text!("编号", "id")),
            t(text!("基地名称", "name")),
            t(text!("地市", "city")),
            t(text!("整改起始", "since")),
            t(text!("整改期限", "deadline")),
            t(text!("剩余天数", "days left")),
        ],
        rows: o
            .rectifying
            .iter()
            .map(|r| {
                vec![
                    Cell::from(r.id.as_str()),
                    Cell::from(r.name.as_str()),
                    Cell::from(city(&r.city)),
                    date(r.since),
                    r.deadline.map_or(Cell::from("—"), date),
                    r.days_left
                        .map_or(Cell::from("—"), |d| Cell::Number(d as f64)),
                ]
            })
            .collect(),
        empty: none.clone(),
    });

    let yes_no = |b: bool| {
        t(if b {
            text!("是", "yes")
        } else {
            text!("否", "no")
        })
    };
    out.push(Section {
        title: t(text!(
            "撤销的基地与五年内不得重新申请（A14）",
            "Removed bases and their five-year bans (A14)"
        )),
        sheet: t(text!("撤销", "removals")),
        headers: vec![
            t(text!("编号", "id")),
            t(text!("基地名称", "name")),
            t(text!("依托单位", "host unit")),
            t(text!("撤销日期", "removed on")),
            t(text!("原因", "reason")),
            t(text!("不得申请至（含）", "banned until (inclusive)")),
            t(text!("限制有效", "ban active")),
        ],
        rows: o
            .removed
            .iter()
            .map(|r| {
                vec![
                    Cell::from(r.id.as_str()),
                    Cell::from(r.name.as_str()),
                    Cell::from(r.host.as_str()),
                    date(r.date),
                    Cell::from(r.reason.code()),
                    date(r.ban_until),
                    Cell::from(yes_no(r.ban_active)),
                ]
            })
            .collect(),
        empty: none.clone(),
    });

    out.push(Section {
        title: t(text!(
            "逾期未报备的重大事项变更（A15.3.2）",
            "Major changes not filed within the window (A15.3.2)"
        )),
        sheet: t(text!("逾期报备", "filings")),
        headers: vec![
            t(text!("编号", "id")),
            t(text!("基地名称", "name")),
            t(text!("变更", "change")),
            t(text!("类型", "kind")),
            t(text!("生效日期", "effective")),
            t(text!("报备期限", "window ended")),
        ],
        rows: o
            .overdue_filings
            .iter()
            .map(|f| {
                vec![
                    Cell::from(f.id.as_str()),
                    Cell::from(f.name.as_str()),
                    Cell::from(format!("#{}", f.n)),
                    Cell::from(f.kind.label(lang)),
                    date(f.effective),
                    date(f.due),
                ]
            })
            .collect(),
        empty: none.clone(),
    });

    let risk_title = t(text!(
        "未关闭的高/重大科技安全风险（A15.3.4）",
        "Open high and critical security risks (A15.3.4)"
    ));
    let risk_sheet = t(text!("安全风险", "risks"));
    out.push(if confidential {
        Section {
            title: risk_title,
            sheet: risk_sheet,
            headers: vec![
                t(text!("编号", "id")),
                t(text!("基地名称", "name")),
                t(text!("风险", "note")),
                t(text!("严重程度", "severity")),
                t(text!("领域", "area")),
                t(text!("状态", "status")),
                t(text!("登记日期", "opened")),
                t(text!("说明", "description")),
            ],
            rows: o
                .open_risks
                .iter()
                .map(|r| {
                    vec![
                        Cell::from(r.id.as_str()),
                        Cell::from(r.name.as_str()),
                        Cell::from(format!("#{}", r.n)),
                        Cell::from(r.severity.label(lang)),
                        Cell::from(r.area.label(lang)),
                        Cell::from(r.status.label(lang)),
                        date(r.opened),
                        Cell::from(r.description.as_str()),
                    ]
                })
                .collect(),
            empty: none,
        }
    } else {
        Section {
            title: format!(
                "{risk_title}{}",
                t(text!(
                    "：仅数量（保密角色可见明细）",
                    ": counts only (details need the security role)"
                ))
            ),
            sheet: risk_sheet,
            headers: vec![
                t(text!("严重程度", "severity")),
                t(text!("领域", "area")),
                t(text!("数量", "count")),
            ],
            rows: o
                .risk_counts()
                .iter()
                .rev()
                .map(|((severity, area), n)| {
                    vec![
                        Cell::from(severity.label(lang)),
                        Cell::from(area.label(lang)),
                        Cell::from(*n),
                    ]
                })
                .collect(),
            empty: none,
        }
    });
    out
}

fn heading(o: &Overview, lang: Lang) -> String {
    let today = o.today;
    text!(
        "广东省国际科技合作基地情况汇总（截至 {today}）",
        "Guangdong international S&T cooperation bases: summary as of {today}"
    )
    .get(lang)
    .to_string()
}

/// Escapes what Markdown tables would read as structure.
fn md_cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

pub fn markdown(o: &Overview, sections: &[Section], lang: Lang) -> String {
    let mut out = format!("# {}\n", heading(o, lang));
    for s in sections {
        out.push_str(&format!("\n## {}\n\n", s.title));
        if s.rows.is_empty() {
            out.push_str(&format!("{}\n", s.empty));
            continue;
        }
        out.push_str(&format!("| {} |\n", s.headers.join(" | ")));
        out.push_str(&format!("|{}\n", "---|".repeat(s.headers.len())));
        for row in &s.rows {
            let cells: Vec<String> = row.iter().map(|c| md_cell(&c.show())).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
    }
    out
}

/// The tables one after another, each under its title, a blank line between them.
pub fn csv(o: &Overview, sections: &[Section], lang: Lang) -> anyhow::Result<String> {
    let mut parts = vec![super::csv::to_string(&[&heading(o, lang)], &[])?];
    for s in sections {
        let headers: Vec<&str> = s.headers.iter().map(String::as_str).collect();
        let rows: Vec<Vec<String>> = s
            .rows
            .iter()
            .map(|row| row.iter().map(Cell::show).collect())
            .collect();
        let title = super::csv::to_string(&[&s.title], &[])?;
        parts.push(title + &super::csv::to_string(&headers, &rows)?);
    }
    Ok(parts.join("\n"))
}

/// A sheet per table; the counts sheet carries a stacked column chart of the bases by category
/// and region, one colour per last outcome.
pub fn workbook(o: &Overview, sections: &[Section], lang: Lang) -> anyhow::Result<Workbook> {
    let err = |e: rust_xlsxwriter::XlsxError| anyhow::anyhow!("{e}");
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for (index, s) in sections.iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(&s.sheet).map_err(err)?;
        sheet
            .write_string_with_format(0, 0, &s.title, &bold)
            .map_err(err)?;
        if index == 0 {
            sheet.write_string(1, 0, heading(o, lang)).map_err(err)?;
        }
        let top = 2u32;
        for (i, h) in s.headers.iter().enumerate() {
            sheet
                .write_string_with_format(top, i as u16, h, &bold)
                .map_err(err)?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (top + 1 + r as u32, c as u16);
                match cell {
                    Cell::Text(text) => sheet.write_string(r, c, text),
                    Cell::Number(n) => sheet.write_number(r, c, *n),
                }
                .map_err(err)?;
            }
        }
        if s.rows.is_empty() {
            sheet.write_string(top + 1, 0, &s.empty).map_err(err)?;
        }
        sheet.set_column_width(1, 28).map_err(err)?;
        if index == 1 && !s.rows.is_empty() {
            let last = top + s.rows.len() as u32;
            let mut chart = Chart::new(ChartType::ColumnStacked);
            for (k, outcome) in Outcome::all().iter().enumerate() {
                let column = 2 + k as u16;
                chart
                    .add_series()
                    .set_name(outcome.label(lang))
                    .set_categories((s.sheet.as_str(), top + 1, 0, last, 1))
                    .set_values((s.sheet.as_str(), top + 1, column, last, column));
            }
            chart.title().set_name(&s.title);
            chart.y_axis().set_name(text!("基地数", "bases").get(lang));
            chart.set_width(960).set_height(420);
            sheet
                .insert_chart(top, s.headers.len() as u16 + 1, &chart)
                .map_err(err)?;
        }
    }
    Ok(book)
}
