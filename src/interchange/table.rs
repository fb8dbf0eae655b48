//! The bases table: one row a base, a Chinese header, exactly these columns in this order (the
//! CSV file, and the 基地 sheet of a workbook). Values are the Chinese labels of DOMAIN.md; dates
//! are `YYYY-MM-DD`. Reading accepts what people type (see `cells`), any column order, and
//! codes or English labels besides the Chinese ones.

use super::cells::{clean, parse_date, text};
use crate::domain::base::Base;
use crate::domain::codes::{
    Category, Code, HostKind, Identity, Origin, Outcome, Qualification, RemovalReason, Status,
};
use crate::domain::names::{self, MAX_NAME};
use crate::domain::policy::Policy;
use crate::domain::text::{Refusal, Text};
use crate::text;
use chrono::NaiveDate;

pub const COLUMNS: [&str; 18] = [
    "编号",
    "基地名称",
    "类型",
    "依托单位",
    "单位性质",
    "地市",
    "推荐单位",
    "负责人",
    "负责人资格",
    "负责人身份",
    "来源",
    "认定日期",
    "认定文号",
    "状态",
    "最近评估结果",
    "最近评估日期",
    "整改期限",
    "撤销原因",
];

/// Column positions in [`COLUMNS`].
pub mod col {
    pub const ID: usize = 0;
    pub const NAME: usize = 1;
    pub const CATEGORY: usize = 2;
    pub const HOST: usize = 3;
    pub const HOST_KIND: usize = 4;
    pub const CITY: usize = 5;
    pub const RECOMMENDER: usize = 6;
    pub const LEADER: usize = 7;
    pub const QUALIFICATION: usize = 8;
    pub const IDENTITY: usize = 9;
    pub const ORIGIN: usize = 10;
    pub const RECOGNISED_ON: usize = 11;
    pub const DOC_NO: usize = 12;
    pub const STATUS: usize = 13;
    pub const OUTCOME: usize = 14;
    pub const OUTCOME_ON: usize = 15;
    pub const DEADLINE: usize = 16;
    pub const REMOVAL: usize = 17;
}

fn date_cell(date: Option<NaiveDate>) -> String {
    date.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// "A14.2 无故不参加或中途退出考核评估": the rule people cite, then what it says.
pub fn removal_cell(reason: RemovalReason) -> String {
    format!("{} {}", reason.code(), reason.zh())
}

/// Accepts the code (`A14.2`, `14.2`), the label, or both together.
fn parse_removal(cell: &str) -> Option<RemovalReason> {
    let code: String = cell
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    RemovalReason::parse(cell).or_else(|| RemovalReason::parse(&code))
}

/// The city as the table shows it: its name (`广州`), or the stored code if the policy lost it.
fn city_cell(policy: &Policy, code: &str) -> String {
    policy
        .city_by_code(code)
        .map_or_else(|| code.to_string(), |c| c.name.clone())
}

/// A base's row, in [`COLUMNS`] order.
pub fn row_of(base: &Base, policy: &Policy) -> [String; 18] {
    let last = base.last_round();
    [
        base.id.clone(),
        base.name.clone(),
        base.category.zh().into(),
        base.host.name.clone(),
        base.host.kind.zh().into(),
        city_cell(policy, &base.city),
        base.recommender.clone(),
        base.leader.name.clone(),
        base.leader.qualification.zh().into(),
        base.leader.identity.zh().into(),
        base.origin.zh().into(),
        date_cell(base.recognition_date()),
        base.recognition
            .as_ref()
            .map(|r| r.doc_no.clone())
            .unwrap_or_default(),
        base.status.zh().into(),
        base.last_outcome().zh().into(),
        date_cell(last.map(|r| r.date)),
        date_cell(base.rectification_deadline),
        base.removal
            .as_ref()
            .map(|r| removal_cell(r.reason))
            .unwrap_or_default(),
    ]
}

/// Where each column of [`COLUMNS`] is in a file's header.
#[derive(Clone, Debug)]
pub struct Header {
    positions: [usize; 18],
    width: usize,
}

impl Header {
    /// Reads a header row: every column once, in any order, no other column. A missing, extra,
    /// unnamed or repeated column refuses the file, naming each.
    pub fn parse(cells: &[String], file: &str) -> Result<Header, Refusal> {
        let names: Vec<String> = cells.iter().map(|c| clean(c)).collect();
        let mut positions = [usize::MAX; 18];
        let mut extra = Vec::new();
        let mut repeated = Vec::new();
        for (i, name) in names.iter().enumerate() {
            match COLUMNS.iter().position(|c| c == name) {
                Some(k) if positions[k] == usize::MAX => positions[k] = i,
                Some(_) => repeated.push(name.clone()),
                None if name.is_empty() && i + 1 == names.len() => {}
                None if name.is_empty() => extra.push(format!("（第 {} 列无表头）", i + 1)),
                None => extra.push(name.clone()),
            }
        }
        let missing: Vec<&str> = COLUMNS
            .iter()
            .zip(positions)
            .filter(|(_, p)| *p == usize::MAX)
            .map(|(c, _)| *c)
            .collect();
        if missing.is_empty() && extra.is_empty() && repeated.is_empty() {
            return Ok(Header {
                positions,
                width: names.len(),
            });
        }
        let mut zh = Vec::new();
        let mut en = Vec::new();
        if !missing.is_empty() {
            zh.push(format!("缺少列：{}", missing.join("、")));
            en.push(format!("missing column(s): {}", missing.join(", ")));
        }
        if !extra.is_empty() {
            zh.push(format!("多出的列：{}", extra.join("、")));
            en.push(format!("unexpected column(s): {}", extra.join(", ")));
        }
        if !repeated.is_empty() {
            zh.push(format!("重复的列：{}", repeated.join("、")));
            en.push(format!("repeated column(s): {}", repeated.join(", ")));
        }
        let (zh, en) = (zh.join("；"), en.join("; "));
        let expected = COLUMNS.join(",");
        Err(Refusal::input(text!(
            "{file} 第 1 行（表头）不符：{zh}。表头应为：{expected}",
            "row 1 (the header) of {file} does not fit: {en}. The header is: {expected}"
        )))
    }

    /// The row's cells in [`COLUMNS`] order, cleaned (names as names are stored, the rest
    /// folded); `None` when the row is blank.
    pub fn pick(&self, cells: &[String]) -> Option<[String; 18]> {
        if cells.iter().all(|c| c.trim().is_empty()) {
            return None;
        }
        Some(std::array::from_fn(|k| {
            let is_text = [
                col::NAME,
                col::HOST,
                col::RECOMMENDER,
                col::LEADER,
                col::DOC_NO,
            ]
            .contains(&k);
            cells
                .get(self.positions[k])
                .map(|c| if is_text { text(c) } else { clean(c) })
                .unwrap_or_default()
        }))
    }

    /// Cells past the header's last column that hold something.
    pub fn overflow<'a>(&self, cells: &'a [String]) -> Option<&'a str> {
        cells
            .iter()
            .skip(self.width)
            .find(|c| !c.trim().is_empty())
            .map(String::as_str)
    }
}

/// One row of the table, read and typed. `cells` keeps the cleaned text of each column, for
/// reports and for comparing with what the database holds.
#[derive(Clone, Debug, PartialEq)]
pub struct TableRow {
    pub cells: [String; 18],
    pub id: Option<String>,
    pub name: String,
    pub category: Category,
    pub host: String,
    pub host_kind: HostKind,
    /// The city's stable code (pinyin).
    pub city: String,
    /// Empty: the city's bureau (A9.2).
    pub recommender: String,
    pub leader: String,
    pub qualification: Qualification,
    pub identity: Identity,
    pub origin: Origin,
    pub recognised_on: Option<NaiveDate>,
    pub doc_no: String,
    pub status: Status,
    pub outcome: Outcome,
    pub outcome_on: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    pub removal: Option<RemovalReason>,
}

/// A bad cell: its column (position in [`COLUMNS`]) and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct CellFault {
    pub column: usize,
    pub refusal: Refusal,
}

fn fault(column: usize, refusal: Refusal) -> CellFault {
    CellFault { column, refusal }
}

fn missing(column: usize) -> CellFault {
    let name = COLUMNS[column];
    fault(
        column,
        Refusal::input(text!(
            "必填项为空：{name}",
            "a required field is empty: {name}"
        )),
    )
}

fn bad_date(column: usize) -> CellFault {
    fault(
        column,
        Refusal::input(text!(
            "不是存在的日期；应写成 2025-03-01、2025/3/1 或 2025年3月1日",
            "not an existing date; write it as 2025-03-01, 2025/3/1 or 2025年3月1日"
        )),
    )
}

impl TableRow {
    /// Types every cell of a row picked by [`Header::pick`]; every bad cell is reported.
    pub fn parse(cells: [String; 18], policy: &Policy) -> Result<TableRow, Vec<CellFault>> {
        let mut faults = Vec::new();
        let c = |k: usize| cells[k].as_str();
        let mut text = |k: usize, required: bool| -> String {
            let value = c(k);
            if value.is_empty() {
                if required {
                    faults.push(missing(k));
                }
                return String::new();
            }
            if value.contains('\u{fffd}') {
                faults.push(fault(
                    k,
                    Refusal::input(text!(
                        "含有无法识别的字符（文件编码不是 UTF-8 或 GBK？）",
                        "holds characters that could not be decoded (is the file neither UTF-8 nor GBK?)"
                    )),
                ));
            }
            match names::limit(COLUMNS[k], value.to_string(), MAX_NAME) {
                Ok(v) => v,
                Err(r) => {
                    faults.push(fault(k, r));
                    String::new()
                }
            }
        };
        let id_raw = text(col::ID, false).to_uppercase();
        let name = text(col::NAME, true);
        let host = text(col::HOST, true);
        let recommender = text(col::RECOMMENDER, false);
        // `jidi new` takes an application without a leader, so a table may leave it blank.
        let leader = text(col::LEADER, false);
        let doc_no = text(col::DOC_NO, false);
        let id = (!id_raw.is_empty()).then_some(id_raw);
        if let Some(id) = &id
            && !well_formed_id(id)
        {
            faults.push(fault(
                col::ID,
                Refusal::input(text!(
                    "编号应为 GDICB-年度-序号（如 GDICB-2025-0001），或留空由系统编号",
                    "an id looks like GDICB-2025-0001 (year of application, number); leave it empty to have one given"
                )),
            ));
        }
        fn code<T: Code>(
            faults: &mut Vec<CellFault>,
            k: usize,
            value: &str,
            empty: Option<T>,
        ) -> Option<T> {
            if value.is_empty() {
                if empty.is_none() {
                    faults.push(missing(k));
                }
                return empty;
            }
            T::parse_or_refuse(value)
                .map_err(|r| faults.push(fault(k, r)))
                .ok()
        }
        let category = code::<Category>(&mut faults, col::CATEGORY, c(col::CATEGORY), None);
        let host_kind = code::<HostKind>(&mut faults, col::HOST_KIND, c(col::HOST_KIND), None);
        let qualification = code(
            &mut faults,
            col::QUALIFICATION,
            c(col::QUALIFICATION),
            Some(Qualification::None),
        );
        let identity = code(
            &mut faults,
            col::IDENTITY,
            c(col::IDENTITY),
            Some(Identity::Domestic),
        );
        let origin = code::<Origin>(&mut faults, col::ORIGIN, c(col::ORIGIN), None);
        let status = code::<Status>(&mut faults, col::STATUS, c(col::STATUS), None);
        let outcome = code(
            &mut faults,
            col::OUTCOME,
            c(col::OUTCOME),
            Some(Outcome::None),
        );
        let city = if c(col::CITY).is_empty() {
            faults.push(missing(col::CITY));
            None
        } else {
            policy
                .city_or_refuse(c(col::CITY))
                .map(|city| city.pinyin.clone())
                .map_err(|r| faults.push(fault(col::CITY, r)))
                .ok()
        };
        let mut date = |k: usize| -> Option<NaiveDate> {
            let value = c(k);
            if value.is_empty() {
                return None;
            }
            let parsed = parse_date(value);
            if parsed.is_none() {
                faults.push(bad_date(k));
            }
            parsed
        };
        let recognised_on = date(col::RECOGNISED_ON);
        let outcome_on = date(col::OUTCOME_ON);
        let deadline = date(col::DEADLINE);
        let removal = match c(col::REMOVAL) {
            "" => None,
            value => {
                let parsed = parse_removal(value);
                if parsed.is_none() {
                    faults.push(fault(
                        col::REMOVAL,
                        Refusal::rule(
                            "A14",
                            text!(
                                "撤销原因应为 A14.1–A14.7 之一（如 A14.2）",
                                "a removal reason is one of A14.1–A14.7 (e.g. A14.2)"
                            ),
                        ),
                    ));
                }
                parsed
            }
        };
        if let Some(status) = status {
            row_rules(
                &mut faults,
                status,
                outcome,
                &cells,
                removal.is_some() || !c(col::REMOVAL).is_empty(),
            );
        }
        match (
            category,
            host_kind,
            qualification,
            identity,
            origin,
            status,
            outcome,
            city,
        ) {
            (
                Some(category),
                Some(host_kind),
                Some(qualification),
                Some(identity),
                Some(origin),
                Some(status),
                Some(outcome),
                Some(city),
            ) if faults.is_empty() => Ok(TableRow {
                id,
                name,
                category,
                host,
                host_kind,
                city,
                recommender,
                leader,
                qualification,
                identity,
                origin,
                recognised_on,
                doc_no,
                status,
                outcome,
                outcome_on,
                deadline,
                removal,
                cells,
            }),
            _ => Err(faults),
        }
    }

    /// The row of a record (JSON or a whole workbook), to be applied like a table row.
    pub fn of(base: &Base, policy: &Policy) -> TableRow {
        let cells = row_of(base, policy);
        TableRow {
            id: Some(base.id.clone()),
            name: base.name.clone(),
            category: base.category,
            host: base.host.name.clone(),
            host_kind: base.host.kind,
            city: base.city.clone(),
            recommender: base.recommender.clone(),
            leader: base.leader.name.clone(),
            qualification: base.leader.qualification,
            identity: base.leader.identity,
            origin: base.origin,
            recognised_on: base.recognition_date(),
            doc_no: cells[col::DOC_NO].clone(),
            status: base.status,
            outcome: base.last_outcome(),
            outcome_on: base.last_round().map(|r| r.date),
            deadline: base.rectification_deadline,
            removal: base.removal.as_ref().map(|r| r.reason),
            cells,
        }
    }

    /// The row as the table would show it: what a base holding exactly these values exports.
    pub fn canonical(&self, policy: &Policy) -> [String; 18] {
        let mut out = self.cells.clone();
        out[col::ID] = self.id.clone().unwrap_or_default();
        out[col::CATEGORY] = self.category.zh().into();
        out[col::HOST_KIND] = self.host_kind.zh().into();
        out[col::CITY] = city_cell(policy, &self.city);
        if self.recommender.is_empty() {
            out[col::RECOMMENDER] = policy
                .city_by_code(&self.city)
                .map(|c| c.recommender.clone())
                .unwrap_or_default();
        }
        out[col::QUALIFICATION] = self.qualification.zh().into();
        out[col::IDENTITY] = self.identity.zh().into();
        out[col::ORIGIN] = self.origin.zh().into();
        out[col::RECOGNISED_ON] = date_cell(self.recognised_on);
        out[col::STATUS] = self.status.zh().into();
        out[col::OUTCOME] = self.outcome.zh().into();
        out[col::OUTCOME_ON] = date_cell(self.outcome_on);
        out[col::DEADLINE] = date_cell(self.deadline);
        out[col::REMOVAL] = self.removal.map(removal_cell).unwrap_or_default();
        out
    }
}

pub fn well_formed_id(id: &str) -> bool {
    let mut parts = id.split('-');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some("GDICB"), Some(y), Some(n), None)
            if y.len() == 4 && n.len() >= 4
                && y.bytes().chain(n.bytes()).all(|b| b.is_ascii_digit())
    )
}

/// What a row must hold given its status, before any record is built from it.
fn row_rules(
    faults: &mut Vec<CellFault>,
    status: Status,
    outcome: Option<Outcome>,
    cells: &[String; 18],
    has_removal: bool,
) {
    let present = |k: usize| !cells[k].is_empty();
    let label = status.zh();
    let recognised = status.is_managed() || status == Status::Removed;
    let not_here = |faults: &mut Vec<CellFault>, k: usize, why: Text| {
        faults.push(fault(k, Refusal::input(why)))
    };
    if recognised {
        if !present(col::RECOGNISED_ON) {
            faults.push(fault(
                col::RECOGNISED_ON,
                Refusal::rule(
                    "A9.5",
                    text!(
                        "状态为{label}，须填认定日期",
                        "a base that is {label} needs its recognition date"
                    ),
                ),
            ));
        }
        if !present(col::DOC_NO) {
            faults.push(fault(
                col::DOC_NO,
                Refusal::rule(
                    "A9.5",
                    text!(
                        "状态为{label}，须填认定文号",
                        "a base that is {label} needs its 认定文号"
                    ),
                ),
            ));
        }
    } else {
        for k in [
            col::RECOGNISED_ON,
            col::DOC_NO,
            col::OUTCOME_ON,
            col::DEADLINE,
        ] {
            if present(k) {
                let name = COLUMNS[k];
                not_here(
                    faults,
                    k,
                    text!(
                        "状态为{label}的基地尚未认定，不能有{name}",
                        "a base that is {label} is not recognised and has no {name}"
                    ),
                );
            }
        }
        if outcome.is_some_and(|o| o != Outcome::None) {
            not_here(
                faults,
                col::OUTCOME,
                text!(
                    "状态为{label}的基地尚未认定，没有评估结果",
                    "a base that is {label} is not recognised and has no outcome"
                ),
            );
        }
    }
    match outcome {
        Some(Outcome::None) | None if present(col::OUTCOME_ON) && recognised => not_here(
            faults,
            col::OUTCOME_ON,
            text!(
                "有评估日期却没有评估结果",
                "an outcome date without an outcome"
            ),
        ),
        Some(o) if o != Outcome::None && !present(col::OUTCOME_ON) => faults.push(fault(
            col::OUTCOME_ON,
            Refusal::input(text!(
                "有评估结果，须填最近评估日期",
                "an outcome needs its date"
            )),
        )),
        _ => {}
    }
    if status == Status::Removed && !has_removal {
        faults.push(fault(
            col::REMOVAL,
            Refusal::rule(
                "A14",
                text!(
                    "已撤销的基地须填撤销原因 A14.1–A14.7",
                    "a removed base needs its reason, A14.1–A14.7"
                ),
            ),
        ));
    }
    if status != Status::Removed && has_removal {
        not_here(
            faults,
            col::REMOVAL,
            text!(
                "状态为{label}，不能有撤销原因",
                "a base that is {label} has no removal reason"
            ),
        );
    }
    if status != Status::Rectifying && recognised && present(col::DEADLINE) {
        not_here(
            faults,
            col::DEADLINE,
            text!(
                "只有整改中的基地有整改期限（A15.1.3）",
                "only a rectifying base has a rectification deadline (A15.1.3)"
            ),
        );
    }
}
