//! The forms the console offers — a new application, an annual report, a change filing, a
//! security-risk note (add, close), a lifecycle transition, a partner agreement — as fields
//! with their defaults and choices. How a form is filled in and what it sends is `form`.

use super::form::{Field, Form, FormKind};
use super::text::TextField;
use crate::domain::base::Base;
use crate::domain::codes::{
    AgreementKind, Category, ChangeKind, Code, HostKind, Identity, Qualification, RiskArea,
    RiskStatus, Severity, Status,
};
use crate::domain::policy::Policy;
use crate::domain::text::{Lang, Text};
use crate::text;
use chrono::{Datelike, NaiveDate};

fn labels<C: Code>(lang: Lang) -> Vec<String> {
    C::all().iter().map(|c| c.label(lang).to_string()).collect()
}

pub(super) fn field(key: &'static str, label: Text, value: &str, required: bool) -> Field {
    Field {
        key,
        label,
        input: TextField::prefilled(value),
        choices: Vec::new(),
        required,
        only_if: None,
    }
}

fn choice(key: &'static str, label: Text, value: &str, choices: Vec<String>) -> Field {
    Field {
        key,
        label,
        input: TextField::prefilled(value),
        choices,
        required: true,
        only_if: None,
    }
}

/// A field that may stay empty, shown only while `applies` says so.
fn when(applies: fn(&Form) -> bool, field: Field) -> Field {
    Field {
        required: false,
        only_if: Some(applies),
        ..field
    }
}

/// The filing is a leader change: its new leader's particulars are asked for (A6.1, A6.3).
fn leader_change(form: &Form) -> bool {
    ChangeKind::parse(form.raw("kind")) == Some(ChangeKind::Leader)
}

/// The transition recognises the base: an administrator may overrule a failing eligibility
/// verdict with a reason, recorded with the event.
pub(super) fn recognition(form: &Form) -> bool {
    Status::parse(form.raw("status")) == Some(Status::Recognised)
}

/// 是 / 否 (yes / no), for the fields `parse_bool` reads.
fn yes_no(lang: Lang) -> Vec<String> {
    match lang {
        Lang::Zh => vec!["是".into(), "否".into()],
        Lang::En => vec!["yes".into(), "no".into()],
    }
}

impl Form {
    pub fn new_application(today: NaiveDate, policy: &Policy, lang: Lang) -> Form {
        let cities = policy.cities.iter().map(|c| c.label(lang)).collect();
        Form::build(
            FormKind::NewApplication,
            None,
            text!("新建申报", "New application"),
            vec![
                field("name", text!("基地名称", "Base name"), "", true),
                choice(
                    "category",
                    text!("类型", "Category"),
                    Category::JointResearch.label(lang),
                    labels::<Category>(lang),
                ),
                choice("city", text!("城市", "City"), "", cities),
                field("host", text!("依托单位", "Host unit"), "", true),
                choice(
                    "host_kind",
                    text!("单位性质", "Host kind"),
                    HostKind::University.label(lang),
                    labels::<HostKind>(lang),
                ),
                field("leader", text!("负责人", "Leader"), "", false),
                field(
                    "date",
                    text!("申报日期", "Applied on"),
                    &today.to_string(),
                    true,
                ),
            ],
        )
    }

    pub fn report(base: &Base, policy: &Policy, today: NaiveDate) -> Form {
        // The year still missing (or returned); else last year's, the usual one in spring.
        let year =
            crate::domain::ops::next_report_year(base, policy, today).unwrap_or(today.year() - 1);
        Form::build(
            FormKind::Report,
            Some(base.id.clone()),
            text!(
                ["登记年度执行报告 · {}", base.name],
                ["Record annual report · {}", base.name]
            ),
            vec![
                field("year", text!("年度", "Year"), &year.to_string(), true),
                field(
                    "date",
                    text!("提交日期", "Submitted on"),
                    &today.to_string(),
                    true,
                ),
            ],
        )
    }

    pub fn change(base: &Base, today: NaiveDate, lang: Lang) -> Form {
        Form::build(
            FormKind::Change,
            Some(base.id.clone()),
            text!(
                ["登记重大事项变更 · {}", base.name],
                ["File a major change · {}", base.name]
            ),
            vec![
                choice(
                    "kind",
                    text!("变更类型", "Kind"),
                    ChangeKind::Rename.label(lang),
                    labels::<ChangeKind>(lang),
                ),
                field(
                    "to",
                    text!("新值（名称/负责人/单位）", "New value (name, leader, host)"),
                    "",
                    false,
                ),
                field(
                    "effective",
                    text!("生效日期", "Effective on"),
                    &today.to_string(),
                    true,
                ),
                field(
                    "filed_province",
                    text!("报省科技厅日期", "Filed to the department"),
                    "",
                    false,
                ),
                field(
                    "filed_recommender",
                    text!("报推荐单位日期", "Filed to the recommender"),
                    "",
                    false,
                ),
                // The new leader's particulars, entered with the filing, never inherited.
                when(
                    leader_change,
                    choice(
                        "qualification",
                        text!("新负责人资格", "New leader's qualification"),
                        "",
                        labels::<Qualification>(lang),
                    ),
                ),
                when(
                    leader_change,
                    field(
                        "qualified_on",
                        text!("资格取得日期", "Qualified on"),
                        "",
                        false,
                    ),
                ),
                when(
                    leader_change,
                    choice(
                        "identity",
                        text!("身份（默认境内）", "Identity (default domestic)"),
                        "",
                        labels::<Identity>(lang),
                    ),
                ),
                when(
                    leader_change,
                    choice(
                        "dual_identity",
                        text!("境内外双重身份", "Dual identity"),
                        "",
                        yes_no(lang),
                    ),
                ),
                when(
                    leader_change,
                    choice(
                        "employed",
                        text!(
                            "依托单位在职（默认是）",
                            "Employed by the host (default yes)"
                        ),
                        "",
                        yes_no(lang),
                    ),
                ),
            ],
        )
    }

    pub fn risk_add(base: &Base, today: NaiveDate, lang: Lang) -> Form {
        Form::build(
            FormKind::RiskAdd,
            Some(base.id.clone()),
            text!(
                ["登记科技安全风险 · {}", base.name],
                ["Add a security-risk note · {}", base.name]
            ),
            vec![
                choice(
                    "area",
                    text!("领域", "Area"),
                    RiskArea::Data.label(lang),
                    labels::<RiskArea>(lang),
                ),
                choice(
                    "severity",
                    text!("严重程度", "Severity"),
                    Severity::Medium.label(lang),
                    labels::<Severity>(lang),
                ),
                field(
                    "text",
                    text!("情况说明（保密）", "Description (confidential)"),
                    "",
                    true,
                ),
                field("mitigation", text!("应对措施", "Mitigation"), "", false),
                field(
                    "date",
                    text!("登记日期", "Opened on"),
                    &today.to_string(),
                    true,
                ),
            ],
        )
    }

    pub fn risk_close(base: &Base, today: NaiveDate) -> Form {
        let open: Vec<String> = base
            .risks
            .iter()
            .filter(|r| r.status != RiskStatus::Closed)
            .map(|r| r.n.to_string())
            .collect();
        let first = open.first().cloned().unwrap_or_default();
        Form::build(
            FormKind::RiskClose,
            Some(base.id.clone()),
            text!(
                ["关闭风险记录 · {}", base.name],
                ["Close a risk note · {}", base.name]
            ),
            vec![
                choice("n", text!("风险编号", "Note #"), &first, open),
                field(
                    "date",
                    text!("关闭日期", "Closed on"),
                    &today.to_string(),
                    true,
                ),
            ],
        )
    }

    pub fn transition(base: &Base, today: NaiveDate, lang: Lang) -> Form {
        Form::build(
            FormKind::Transition,
            Some(base.id.clone()),
            text!(
                ["状态流转 · {}（当前：{}）", base.name, base.status.zh()],
                ["Change status · {} (now {})", base.name, base.status.en()]
            ),
            vec![
                choice(
                    "status",
                    text!("新状态", "New status"),
                    "",
                    labels::<Status>(lang),
                ),
                field(
                    "reason",
                    text!(
                        "理由（撤销填 A14.1–A14.7）",
                        "Reason (removal: A14.1–A14.7)"
                    ),
                    "",
                    true,
                ),
                field("date", text!("日期", "Date"), &today.to_string(), true),
                field(
                    "doc_no",
                    text!("认定文号（认定时必填）", "Document no. (to recognise)"),
                    "",
                    false,
                ),
                when(
                    recognition,
                    field(
                        "override",
                        text!(
                            "认定理由（不符合条件时）",
                            "Override reason (failing checks)"
                        ),
                        "",
                        false,
                    ),
                ),
            ],
        )
    }

    pub fn partner(base: &Base, today: NaiveDate, lang: Lang) -> Form {
        Form::build(
            FormKind::Partner,
            Some(base.id.clone()),
            text!(
                ["添加合作方 · {}", base.name],
                ["Add a partner · {}", base.name]
            ),
            vec![
                field("name", text!("合作方名称", "Partner name"), "", true),
                field("country", text!("国家/地区", "Country or region"), "", true),
                choice(
                    "kind",
                    text!("文件类型", "Agreement kind"),
                    AgreementKind::Agreement.label(lang),
                    labels::<AgreementKind>(lang),
                ),
                field(
                    "signed",
                    text!("签署日期", "Signed on"),
                    &today.to_string(),
                    true,
                ),
                field("until", text!("有效期至", "Valid until"), "", true),
            ],
        )
    }
}
