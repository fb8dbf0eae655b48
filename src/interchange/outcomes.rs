//! An evaluator's results sheet (绩效评估, A15.1.2): one row per base with 编号 or 基地名称,
//! 评估结果, 评估日期, and optionally 得分 and 轮次. A base named rather than numbered is the one
//! whose name or a former name is the same after normalisation; a name that fits several bases
//! or none is reported, never guessed. Each outcome is checked with `lifecycle::preview_mark`,
//! so its consequence is known before anything is written.

use super::cells::{clean, parse_date};
use super::problems::{Problem, Report};
use super::source::{Format, Source};
use crate::domain::base::Base;
use crate::domain::codes::{Code, Outcome};
use crate::domain::lifecycle::{Consequence, Ctx, MarkInput, preview_mark};
use crate::domain::names;
use crate::domain::text::Refusal;
use crate::service::{Request, default_round};
use crate::store::{Store, StoreError};
use crate::text;
use std::collections::HashMap;

pub const ID: &str = "编号";
pub const NAME: &str = "基地名称";
pub const OUTCOME: &str = "评估结果";
pub const DATE: &str = "评估日期";
pub const SCORE: &str = "得分";
pub const ROUND: &str = "轮次";
const ALL: [&str; 6] = [ID, NAME, OUTCOME, DATE, SCORE, ROUND];

/// Where each known column is in the header.
struct Columns(HashMap<&'static str, usize>);

impl Columns {
    fn parse(cells: &[String], file: &str) -> Result<Columns, Refusal> {
        let mut at = HashMap::new();
        let mut extra = Vec::new();
        for (i, cell) in cells.iter().enumerate() {
            let name = clean(cell);
            match ALL.iter().find(|c| **c == name) {
                Some(c) if !at.contains_key(c) => {
                    at.insert(*c, i);
                }
                Some(_) => extra.push(format!("{name}（重复）")),
                None if name.is_empty() => {}
                None => extra.push(name),
            }
        }
        let mut missing: Vec<&str> = [OUTCOME, DATE]
            .into_iter()
            .filter(|c| !at.contains_key(c))
            .collect();
        if !at.contains_key(ID) && !at.contains_key(NAME) {
            missing.push("编号 或 基地名称");
        }
        if missing.is_empty() && extra.is_empty() {
            return Ok(Columns(at));
        }
        let (missing, extra) = (missing.join("、"), extra.join("、"));
        Err(Refusal::input(text!(
            "{file} 第 1 行（表头）不符：缺少「{missing}」；多出「{extra}」。评估结果表的列为：编号 或 基地名称、评估结果、评估日期，可选 得分、轮次",
            "row 1 (the header) of {file} does not fit: missing '{missing}'; unexpected '{extra}'. An outcome sheet has 编号 or 基地名称, 评估结果, 评估日期, optionally 得分 and 轮次"
        )))
    }

    fn get<'c>(&self, cells: &'c [String], column: &str) -> &'c str {
        self.0
            .get(column)
            .and_then(|k| cells.get(*k))
            .map_or("", |c| c.as_str())
    }
}

/// Bases by the normalised forms of their names and former names.
pub struct Names {
    by_key: HashMap<String, Vec<String>>,
}

impl Names {
    /// `bases`: (id, name, former names) of every base.
    pub fn new<'a>(bases: impl IntoIterator<Item = (&'a str, &'a str, &'a [String])>) -> Names {
        let mut by_key: HashMap<String, Vec<String>> = HashMap::new();
        for (id, name, former) in bases {
            let keys: Vec<String> = std::iter::once(name)
                .chain(former.iter().map(String::as_str))
                .map(names::key)
                .collect();
            for key in keys {
                let ids = by_key.entry(key).or_default();
                if !ids.iter().any(|i| i == id) {
                    ids.push(id.to_string());
                }
            }
        }
        Names { by_key }
    }

    fn find(&self, name: &str) -> Result<&str, Refusal> {
        match self.by_key.get(&names::key(name)).map(Vec::as_slice) {
            Some([one]) => Ok(one),
            Some(several) => {
                let list = several.join("、");
                Err(Refusal::input(text!(
                    "名称对应多个基地（{list}），不作猜测：请改填编号",
                    "the name fits several bases ({list}); it is not guessed: give the 编号 instead"
                )))
            }
            None => Err(Refusal::input(text!(
                "没有这个名称（或曾用名）的基地，不作猜测：请核对名称或改填编号（jidi list --search 查找）",
                "no base has this name or former name; it is not guessed: check it or give the 编号 (find it with jidi list --search)"
            ))),
        }
    }
}

/// One good row: the base and the outcome to record, with what it will do.
#[derive(Clone, Debug)]
pub struct Planned {
    pub row: u64,
    pub id: String,
    pub name: String,
    pub input: MarkInput,
    pub consequence: Consequence,
}

/// Reads `source` and plans each row against the bases `lookup` returns by id.
pub fn plan(
    source: &Source,
    ctx: &Ctx,
    names: &Names,
    lookup: &mut dyn FnMut(&str) -> anyhow::Result<Option<Base>>,
) -> anyhow::Result<(Vec<Planned>, Report)> {
    let mut planned = Vec::new();
    let mut report = Report::default();
    let mut columns: Option<Columns> = None;
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut each = |row: u64, cells: &[String], _: u64| -> anyhow::Result<()> {
        let Some(cols) = &columns else {
            columns = Some(Columns::parse(cells, &source.name)?);
            return Ok(());
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            return Ok(());
        }
        let cell = |c: &str| clean(cols.get(cells, c));
        let mut problems = Vec::new();
        let mut bad = |column: &str, value: &str, refusal: Refusal| {
            problems.push(Problem::from_refusal(row, column, value, refusal))
        };
        let (id_cell, name_cell) = (cell(ID).to_uppercase(), cell(NAME));
        let id = if !id_cell.is_empty() {
            Some(id_cell.clone())
        } else if name_cell.is_empty() {
            bad(
                ID,
                "",
                Refusal::input(text!("编号和基地名称都为空", "neither an id nor a name")),
            );
            None
        } else {
            names
                .find(&name_cell)
                .map(str::to_string)
                .map_err(|r| bad(NAME, &name_cell, r))
                .ok()
        };
        let outcome = Outcome::parse_or_offer(&cell(OUTCOME), &Outcome::RECORDED)
            .map_err(|r| bad(OUTCOME, &cell(OUTCOME), r))
            .ok();
        let date = parse_date(&cell(DATE));
        if date.is_none() {
            bad(
                DATE,
                &cell(DATE),
                Refusal::input(text!(
                    "不是存在的日期；应写成 2025-03-01、2025/3/1 或 2025年3月1日",
                    "not an existing date; write it as 2025-03-01, 2025/3/1 or 2025年3月1日"
                )),
            );
        }
        let score = match cell(SCORE).as_str() {
            "" => None,
            s => s.parse::<u8>().ok().filter(|n| *n <= 100).or_else(|| {
                bad(
                    SCORE,
                    s,
                    Refusal::input(text!(
                        "得分应为 0–100 的整数",
                        "a score is a whole number 0–100"
                    )),
                );
                None
            }),
        };
        let (Some(id), Some(outcome), Some(date)) = (id, outcome, date) else {
            report.extend(problems);
            return Ok(());
        };
        if !problems.is_empty() {
            report.extend(problems);
            return Ok(());
        }
        if let Some(first) = seen.insert(id.clone(), row) {
            report.push(Problem::new(
                row,
                if id_cell.is_empty() { NAME } else { ID },
                if id_cell.is_empty() {
                    &name_cell
                } else {
                    &id_cell
                },
                text!(
                    "{id} 在文件中出现两次（第 {first} 行已有）",
                    "{id} appears twice in the file (first on row {first})"
                ),
            ));
            return Ok(());
        }
        let Some(base) = lookup(&id)? else {
            report.push(Problem::new(
                row,
                ID,
                &id_cell,
                text!("没有编号为「{id}」的基地", "no base has the id '{id}'"),
            ));
            return Ok(());
        };
        // A row that gives both must name the base its id is: a mismatch is reported, never
        // settled by trusting one of the two.
        if !id_cell.is_empty() && !name_cell.is_empty() {
            let wanted = names::key(&name_cell);
            let known = std::iter::once(&base.name)
                .chain(&base.former_names)
                .any(|n| names::key(n) == wanted);
            if !known {
                let held = &base.name;
                report.push(Problem::new(
                    row,
                    NAME,
                    &name_cell,
                    text!(
                        "与编号 {id} 不符：{id} 是「{held}」；请核对是编号还是名称写错",
                        "does not match the id {id}, which is '{held}'; check which of the two is wrong"
                    ),
                ));
                return Ok(());
            }
        }
        let round = match cell(ROUND) {
            r if r.is_empty() => default_round(date),
            r => r,
        };
        let input = MarkInput {
            outcome,
            date,
            round,
            score,
        };
        match preview_mark(&base, ctx, &input) {
            Ok(consequence) => planned.push(Planned {
                row,
                id,
                name: base.name.clone(),
                input,
                consequence,
            }),
            Err(r) => report.push(Problem::from_refusal(row, OUTCOME, &cell(OUTCOME), r)),
        }
        Ok(())
    };
    match source.format {
        Format::Csv => super::csv::read_rows(source, &mut each)?,
        Format::Xlsx => super::xlsx::read_rows(source, "评估结果", &mut each)?,
        Format::Json => {
            let name = &source.name;
            return Err(Refusal::input(text!(
                "{name} 是 JSON；评估结果表应为 CSV 或 XLSX",
                "{name} is JSON; an outcome sheet is CSV or XLSX"
            ))
            .into());
        }
    }
    if columns.is_none() {
        let name = &source.name;
        return Err(Refusal::input(text!("{name} 没有表头行", "{name} has no header row")).into());
    }
    Ok((planned, report))
}

/// Plans `source` against every base of `store` (names and former names matched among all of
/// them): what the CLI's `import-outcomes` and the console's `:import-outcomes` both show and
/// apply.
pub fn plan_in(
    store: &Store,
    ctx: &Ctx,
    source: &Source,
) -> anyhow::Result<(Vec<Planned>, Report)> {
    let summaries = store.summaries()?;
    let names = Names::new(
        summaries
            .iter()
            .map(|s| (s.id.as_str(), s.name.as_str(), s.former_names.as_slice())),
    );
    plan(source, ctx, &names, &mut |id| match store.base(id) {
        Ok(base) => Ok(Some(base)),
        Err(StoreError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    })
}

/// The change that records the planned outcomes: one transaction, all or nothing, each event
/// naming the file and its hash.
pub fn request(source: &Source, planned: Vec<Planned>) -> Request {
    let (name, hash) = (&source.name, &source.sha256);
    Request::MarkEach {
        marks: planned.into_iter().map(|p| (p.id, p.input)).collect(),
        source: Some(text!(
            "导入 {name} sha256:{hash}",
            "import of {name} sha256:{hash}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_after_normalisation_or_by_a_former_name_and_never_by_guess() {
        let former = vec!["旧名联合研究中心".to_string()];
        let none: Vec<String> = Vec::new();
        let names = Names::new([
            ("GDICB-2024-0001", "南粤海洋联合研究中心", none.as_slice()),
            ("GDICB-2024-0002", "新名联合研究中心", former.as_slice()),
            ("GDICB-2024-0003", "同名基地", none.as_slice()),
            ("GDICB-2024-0004", "同名基地", none.as_slice()),
        ]);
        assert_eq!(
            names.find(" 南粤海洋联合研究中心　").unwrap(),
            "GDICB-2024-0001"
        );
        assert_eq!(names.find("旧名联合研究中心").unwrap(), "GDICB-2024-0002");
        let err = names.find("同名基地").unwrap_err();
        assert!(
            err.text.zh.contains("GDICB-2024-0003、GDICB-2024-0004"),
            "{}",
            err.text.zh
        );
        assert!(
            names.find("南粤海洋").is_err(),
            "a part of a name is not a match"
        );
    }
}
