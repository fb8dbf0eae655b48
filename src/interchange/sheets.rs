//! The sheets of a whole-record workbook besides 基地: one row per partner, annual report,
//! evaluation round, change filing and security-risk note, keyed by 编号, and 基地详情 for a
//! base's fields the bases table has no column for. Each column maps one key of the record's
//! JSON form, so the workbook carries exactly what `--format json` does; keys a sheet does not
//! name (fields added later) travel in its last column, 其他 (JSON).

use super::cells::parse_date;
use crate::domain::codes::{
    AgreementKind, ChangeKind, Code, Outcome, ReportReview, Review, RiskArea, RiskStatus, Severity,
};
use serde_json::{Map, Value};

#[derive(Clone, Copy)]
pub enum Kind {
    Text,
    Date,
    Int,
    Bool,
    /// A coded enum: stable code in JSON, Chinese label in the cell.
    Enum {
        zh: fn(&str) -> Option<&'static str>,
        code: fn(&str) -> Option<&'static str>,
    },
    /// A list of texts, joined by "；".
    List,
    /// Any JSON value, as JSON text.
    Json,
}

fn zh_of<T: Code>(code: &str) -> Option<&'static str> {
    T::all().iter().find(|v| v.code() == code).map(|v| v.zh())
}

fn code_of<T: Code>(label: &str) -> Option<&'static str> {
    T::parse(label).map(|v| v.code())
}

const fn coded<T: Code>() -> Kind {
    Kind::Enum {
        zh: zh_of::<T>,
        code: code_of::<T>,
    }
}

/// One column: its header, the JSON key path within the record (or sub-record), its kind.
pub struct Column {
    pub header: &'static str,
    pub path: &'static [&'static str],
    pub kind: Kind,
}

const fn c(header: &'static str, path: &'static [&'static str], kind: Kind) -> Column {
    Column { header, path, kind }
}

/// A sheet of sub-records: its name, the record's JSON key holding them, its columns (after
/// 编号).
pub struct Sheet {
    pub name: &'static str,
    pub key: &'static str,
    pub columns: &'static [Column],
}

pub const OTHER: &str = "其他（JSON）";
pub const DETAILS: &str = "基地详情";

/// The base's fields the bases table has no column for.
pub const DETAIL_COLUMNS: &[Column] = &[
    c("申报日期", &["applied_on"], Kind::Date),
    c("状态起始日期", &["status_since"], Kind::Date),
    c("撤销日期", &["removal", "date"], Kind::Date),
    c("撤销说明", &["removal", "note"], Kind::Text),
    c("曾用名", &["former_names"], Kind::List),
    c("独立法人", &["host", "legal_person"], Kind::Bool),
    c(
        "负责人资格取得日期",
        &["leader", "qualified_on"],
        Kind::Date,
    ),
    c("负责人双重身份", &["leader", "dual_identity"], Kind::Bool),
    c("负责人在职", &["leader", "employed_by_host"], Kind::Bool),
    c("技术领域", &["fields"], Kind::List),
    c("合作国别", &["focus_countries"], Kind::List),
    c("风险预案日期", &["risk_plan"], Kind::Date),
    c("申报指标", &["indicators"], Kind::Json),
];

pub const SHEETS: &[Sheet] = &[
    Sheet {
        name: "合作方",
        key: "partners",
        columns: &[
            c("合作方名称", &["name"], Kind::Text),
            c("国家/地区", &["country"], Kind::Text),
            c("文件类型", &["kind"], coded::<AgreementKind>()),
            c("签署日期", &["signed"], Kind::Date),
            c("有效期至", &["valid_until"], Kind::Date),
            c("终止日期", &["ended"], Kind::Date),
        ],
    },
    Sheet {
        name: "年度报告",
        key: "reports",
        columns: &[
            c("年度", &["year"], Kind::Int),
            c("提交日期", &["submitted"], Kind::Date),
            c("审核结果", &["review"], coded::<ReportReview>()),
            c("审核日期", &["reviewed_on"], Kind::Date),
            c("重新提交日期", &["resubmitted"], Kind::Date),
        ],
    },
    Sheet {
        name: "绩效评估",
        key: "rounds",
        columns: &[
            c("轮次", &["round"], Kind::Text),
            c("评估日期", &["date"], Kind::Date),
            c("评估结果", &["outcome"], coded::<Outcome>()),
            c("得分", &["score"], Kind::Int),
            c("复评", &["re_evaluation"], Kind::Bool),
            c("正当理由", &["excused", "reason"], Kind::Text),
            c("理由记录日期", &["excused", "on"], Kind::Date),
        ],
    },
    Sheet {
        name: "变更报备",
        key: "changes",
        columns: &[
            c("序号", &["n"], Kind::Int),
            c("变更类型", &["kind"], coded::<ChangeKind>()),
            c("生效日期", &["effective"], Kind::Date),
            c("原值", &["old_value"], Kind::Text),
            c("新值", &["new_value"], Kind::Text),
            c("报省科技厅日期", &["filed_province"], Kind::Date),
            c("报推荐单位日期", &["filed_recommender"], Kind::Date),
            c("推荐单位审核", &["review"], coded::<Review>()),
        ],
    },
    Sheet {
        name: RISKS,
        key: "risks",
        columns: &[
            c("序号", &["n"], Kind::Int),
            c("领域", &["area"], coded::<RiskArea>()),
            c("严重程度", &["severity"], coded::<Severity>()),
            c("状态", &["status"], coded::<RiskStatus>()),
            c(RISK_TEXT[0], &["description"], Kind::Text),
            c(RISK_TEXT[1], &["mitigation"], Kind::Text),
            c("登记日期", &["opened"], Kind::Date),
            c("关闭日期", &["closed"], Kind::Date),
        ],
    },
];

pub const RISKS: &str = "安全风险";
/// The confidential columns of 安全风险 (A15.3.4): left out for users without the security role.
pub const RISK_TEXT: [&str; 2] = ["说明", "处置措施"];

/// The value at `path` as a cell's text ("" for none).
pub fn cell_of(object: &Map<String, Value>, column: &Column) -> String {
    let mut value = object.get(column.path[0]);
    for key in &column.path[1..] {
        value = value.and_then(|v| v.get(key));
    }
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return String::new();
    };
    match (column.kind, value) {
        (Kind::Bool, Value::Bool(b)) => if *b { "是" } else { "否" }.into(),
        (Kind::Enum { zh, .. }, Value::String(s)) => zh(s).unwrap_or(s).to_string(),
        (Kind::List, Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join("；"),
        (Kind::Json, v) => v.to_string(),
        (_, Value::String(s)) => s.clone(),
        (_, v) => v.to_string(),
    }
}

/// The JSON value a cell stands for; `Err` says what is wrong with it.
pub fn value_of(cell: &str, kind: Kind) -> Result<Value, String> {
    if cell.is_empty() {
        return Ok(match kind {
            Kind::List => Value::Array(Vec::new()),
            Kind::Bool => Value::Bool(false),
            Kind::Text => Value::String(String::new()),
            _ => Value::Null,
        });
    }
    match kind {
        Kind::Text => Ok(Value::String(cell.to_string())),
        Kind::Date => parse_date(cell)
            .map(|d| Value::String(d.format("%Y-%m-%d").to_string()))
            .ok_or_else(|| "不是存在的日期 / not an existing date".to_string()),
        Kind::Int => cell
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| "不是整数 / not a whole number".to_string()),
        Kind::Bool => match cell {
            "是" | "true" | "yes" | "y" | "1" | "√" => Ok(Value::Bool(true)),
            "否" | "false" | "no" | "n" | "0" | "×" => Ok(Value::Bool(false)),
            _ => Err("应为 是 或 否 / expected 是 or 否".into()),
        },
        Kind::Enum { code, .. } => code(cell)
            .map(|c| Value::String(c.to_string()))
            .ok_or_else(|| "不是可用的取值 / not one of the accepted values".to_string()),
        Kind::List => Ok(Value::Array(
            cell.split(['；', ';'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.to_string()))
                .collect(),
        )),
        Kind::Json => serde_json::from_str(cell).map_err(|e| format!("JSON: {e}")),
    }
}

/// Sets `path` in `object` to `value`, creating inner objects; a null inner value drops the
/// object it would have been part of only if every key of it is null.
pub fn set_path(object: &mut Map<String, Value>, path: &[&str], value: Value) {
    if path.len() == 1 {
        object.insert(path[0].to_string(), value);
        return;
    }
    let inner = object
        .entry(path[0].to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    if !inner.is_object() {
        *inner = Value::Object(Map::new());
    }
    if let Value::Object(map) = inner {
        set_path(map, &path[1..], value);
    }
}

/// Keys of `object` that no column names: they travel in 其他 (JSON).
pub fn other_keys(
    object: &Map<String, Value>,
    columns: &[Column],
    also: &[&str],
) -> Option<String> {
    let rest: Map<String, Value> = object
        .iter()
        .filter(|(k, _)| {
            !columns.iter().any(|c| c.path[0] == k.as_str()) && !also.contains(&k.as_str())
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    (!rest.is_empty()).then(|| Value::Object(rest).to_string())
}
