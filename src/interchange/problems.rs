//! The validation report of an import: every bad row, where it is (sheet, row as a spreadsheet
//! shows it — the header is row 1 — or a JSON record's number), the column, the value as typed
//! (escaped, cut to ~80 characters), what is wrong and the rule.

use super::cells::quote;
use crate::domain::text::{Lang, Refusal, Text};
use std::collections::BTreeSet;

#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// The XLSX sheet; `None` in a CSV or JSON file.
    pub sheet: Option<String>,
    /// The spreadsheet row (header = 1), or the JSON record's number from 1.
    pub row: u64,
    /// The column's header (a JSON key in JSON files); empty when the whole row is at fault.
    pub column: String,
    /// The value as it was in the file.
    pub value: String,
    pub text: Text,
    pub rule: Option<&'static str>,
}

impl Problem {
    pub fn new(row: u64, column: &str, value: &str, text: Text) -> Problem {
        Problem {
            sheet: None,
            row,
            column: column.to_string(),
            value: value.to_string(),
            text,
            rule: None,
        }
    }

    pub fn from_refusal(row: u64, column: &str, value: &str, refusal: Refusal) -> Problem {
        Problem {
            rule: refusal.rule,
            ..Problem::new(row, column, value, refusal.text)
        }
    }

    pub fn on_sheet(mut self, sheet: &str) -> Problem {
        self.sheet = Some(sheet.to_string());
        self
    }

    /// "第 5 行 · 地市「北京」：未知的城市…【A9.2】"
    pub fn line(&self, lang: Lang, unit: RowUnit) -> String {
        let mut out = String::new();
        if let Some(sheet) = &self.sheet {
            out.push_str(&format!("[{sheet}] "));
        }
        let row = self.row;
        out.push_str(&match (lang, unit) {
            (Lang::Zh, RowUnit::Row) => format!("第 {row} 行"),
            (Lang::Zh, RowUnit::Record) => format!("第 {row} 条记录"),
            (Lang::En, RowUnit::Row) => format!("row {row}"),
            (Lang::En, RowUnit::Record) => format!("record {row}"),
        });
        if !self.column.is_empty() {
            out.push_str(&format!(" · {}", self.column));
            // An empty value is shown as "", not as quotes around nothing.
            out.push_str(&match lang {
                _ if self.value.is_empty() => " \"\"".to_string(),
                Lang::Zh => format!("「{}」", quote(&self.value)),
                Lang::En => format!(" '{}'", quote(&self.value)),
            });
        }
        out.push_str(match lang {
            Lang::Zh => "：",
            Lang::En => ": ",
        });
        if let Some(rule) = self.rule {
            out.push_str(&format!("[{rule}] "));
        }
        out.push_str(self.text.get(lang));
        out
    }
}

/// How a file's units are counted: spreadsheet rows, or JSON records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowUnit {
    Row,
    Record,
}

/// Every problem of one file, in file order.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub problems: Vec<Problem>,
}

impl Report {
    pub fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    pub fn extend(&mut self, problems: impl IntoIterator<Item = Problem>) {
        self.problems.extend(problems);
    }

    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// The rows (with their sheet) that have at least one problem.
    pub fn bad_rows(&self) -> BTreeSet<(Option<String>, u64)> {
        self.problems
            .iter()
            .map(|p| (p.sheet.clone(), p.row))
            .collect()
    }

    /// One line a problem, sorted by sheet and row.
    pub fn render(&self, lang: Lang, unit: RowUnit) -> String {
        let mut sorted: Vec<&Problem> = self.problems.iter().collect();
        sorted.sort_by(|a, b| (&a.sheet, a.row).cmp(&(&b.sheet, b.row)));
        sorted.iter().map(|p| p.line(lang, unit) + "\n").collect()
    }

    /// The report as a CSV file (for `--skip-invalid`), in the UI language.
    pub fn to_csv(&self, lang: Lang) -> anyhow::Result<String> {
        let headers = match lang {
            Lang::Zh => ["工作表", "行", "列", "值", "问题", "规则"],
            Lang::En => ["sheet", "row", "column", "value", "problem", "rule"],
        };
        let rows: Vec<Vec<String>> = self
            .problems
            .iter()
            .map(|p| {
                vec![
                    p.sheet.clone().unwrap_or_default(),
                    p.row.to_string(),
                    p.column.clone(),
                    quote(&p.value),
                    p.text.get(lang).to_string(),
                    p.rule.unwrap_or("").to_string(),
                ]
            })
            .collect();
        super::csv::to_string(&headers, &rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text;

    #[test]
    fn a_line_names_row_column_value_and_rule() {
        let p = Problem {
            rule: Some("A9.2"),
            ..Problem::new(5, "地市", "北京", text!("未知的城市", "unknown city"))
        };
        assert_eq!(
            p.line(Lang::Zh, RowUnit::Row),
            "第 5 行 · 地市「北京」：[A9.2] 未知的城市"
        );
        assert_eq!(
            p.clone().on_sheet("基地").line(Lang::En, RowUnit::Row),
            "[基地] row 5 · 地市 '北京': [A9.2] unknown city"
        );
    }

    #[test]
    fn an_empty_value_is_shown_as_empty_quotes_and_a_record_by_its_number() {
        let p = Problem::new(3, "leader.name", "", text!("不能为空", "must not be empty"));
        assert_eq!(
            p.line(Lang::Zh, RowUnit::Record),
            "第 3 条记录 · leader.name \"\"：不能为空"
        );
        assert_eq!(
            p.line(Lang::En, RowUnit::Record),
            "record 3 · leader.name \"\": must not be empty"
        );
    }

    #[test]
    fn the_csv_report_quotes_values_safely() {
        let mut report = Report::default();
        report.push(Problem::new(
            2,
            "基地名称",
            &format!("x\u{1b}[2J{}", "长".repeat(300)),
            text!("过长", "too long"),
        ));
        let csv = report.to_csv(Lang::Zh).unwrap();
        assert!(!csv.contains('\u{1b}'), "{csv}");
        assert!(csv.contains("x\\e[2J"), "{csv}");
        assert!(csv.contains("共 305 字"), "{csv}");
    }
}
