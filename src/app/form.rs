//! Forms for the changes made from the console: a new application, an annual report, a change
//! filing, a security-risk note (add, close), a lifecycle transition, a partner agreement.
//! Fields are text (Chinese via the IME); choice fields also cycle through their values.

use super::text::TextField;
use crate::domain::base::Base;
use crate::domain::codes::{
    AgreementKind, Category, ChangeKind, Code, HostKind, RiskArea, RiskStatus, Severity, Status,
};
use crate::domain::dates::parse_date;
use crate::domain::filings::ChangeInput;
use crate::domain::lifecycle::TransitionInput;
use crate::domain::ops::{NewApplication, RiskInput};
use crate::domain::partners::PartnerInput;
use crate::domain::policy::Policy;
use crate::domain::text::{Lang, Refusal, Text};
use crate::service::Request;
use crate::text;
use chrono::{Datelike, NaiveDate};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormKind {
    NewApplication,
    Report,
    Change,
    RiskAdd,
    RiskClose,
    Transition,
    Partner,
    /// A note on a case (see `follow`).
    CaseNote,
    /// Dismissing a case: its reason.
    CaseDismiss,
    /// A case's look-again date.
    LookAgain,
    /// A work record on a base.
    WorkNote,
}

pub struct Field {
    pub key: &'static str,
    pub label: Text,
    pub input: TextField,
    /// Values the field cycles through (`complete`), shown as a hint.
    pub choices: Vec<String>,
    pub required: bool,
}

pub struct Form {
    pub kind: FormKind,
    pub base_id: Option<String>,
    pub title: Text,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<Text>,
    /// Esc on a changed form asks before discarding.
    pub confirm_discard: bool,
    /// Submitted; waiting for the store.
    pub pending: bool,
    /// The case key a follow-up form is about.
    pub subject: Option<String>,
    initial: Vec<String>,
}

fn labels<C: Code>(lang: Lang) -> Vec<String> {
    C::all().iter().map(|c| c.label(lang).to_string()).collect()
}

pub(super) fn field(key: &'static str, label: Text, value: &str, required: bool) -> Field {
    Field {
        key,
        label,
        input: TextField::with(value),
        choices: Vec::new(),
        required,
    }
}

fn choice(key: &'static str, label: Text, value: &str, choices: Vec<String>) -> Field {
    Field {
        key,
        label,
        input: TextField::with(value),
        choices,
        required: true,
    }
}

impl Form {
    pub(super) fn build(
        kind: FormKind,
        base_id: Option<String>,
        title: Text,
        fields: Vec<Field>,
    ) -> Form {
        let initial = fields.iter().map(|f| f.input.value().to_string()).collect();
        Form {
            kind,
            base_id,
            title,
            fields,
            focus: 0,
            error: None,
            confirm_discard: false,
            pending: false,
            subject: None,
            initial,
        }
    }

    pub fn new_application(today: NaiveDate, policy: &Policy, lang: Lang) -> Form {
        let cities = policy.cities.iter().map(|c| c.name.clone()).collect();
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

    pub fn report(base: &Base, today: NaiveDate) -> Form {
        let year = base
            .recognition_date()
            .map(|_| today.year() - 1)
            .unwrap_or(today.year());
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
                    text!(
                        "新值（更名/负责人/依托单位必填）",
                        "New value (rename, leader, host)"
                    ),
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

    pub fn dirty(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.initial)
            .any(|(f, v)| f.input.value() != v)
    }

    pub fn focused(&mut self) -> &mut TextField {
        &mut self.fields[self.focus].input
    }

    pub fn step(&mut self, forward: bool) {
        let n = self.fields.len();
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
    }

    /// Fills the focused choice field with its next value.
    pub fn complete(&mut self) {
        let field = &mut self.fields[self.focus];
        if field.choices.is_empty() {
            return;
        }
        let current = field.choices.iter().position(|c| c == field.input.value());
        let typed = field.input.value().to_string();
        let next = match current {
            Some(i) => (i + 1) % field.choices.len(),
            // Complete what was typed, else start at the first value.
            None => field
                .choices
                .iter()
                .position(|c| c.starts_with(&typed))
                .unwrap_or(0),
        };
        field.input.set(&field.choices[next]);
    }

    fn value(&self, key: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map_or("", |f| f.input.value().trim())
    }

    fn label(&self, key: &str, lang: Lang) -> String {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map_or(key.to_string(), |f| f.label.get(lang).to_string())
    }

    /// Turns the fields into a request, refusing with the field named where one is wrong.
    pub fn request(&self, lang: Lang) -> Result<Request, Refusal> {
        for f in &self.fields {
            if f.required && f.input.value().trim().is_empty() {
                let label = f.label.get(lang);
                return Err(Refusal::input(text!(
                    "「{label}」不能为空",
                    "'{label}' is required"
                )));
            }
        }
        let date = |key: &str| parse_date(&self.label(key, lang), self.value(key));
        let optional_date = |key: &str| {
            if self.value(key).is_empty() {
                Ok(None)
            } else {
                date(key).map(Some)
            }
        };
        fn code<C: Code>(value: &str) -> Result<C, Refusal> {
            C::parse_or_refuse(value)
        }
        let number = |key: &str| -> Result<u32, Refusal> {
            self.value(key).parse().map_err(|_| {
                let label = self.label(key, lang);
                Refusal::input(text!("「{label}」应为数字", "'{label}' must be a number"))
            })
        };
        let id = || self.base_id.clone().unwrap_or_default();
        let optional = |key: &str| Some(self.value(key).to_string()).filter(|v| !v.is_empty());
        Ok(match self.kind {
            FormKind::CaseNote
            | FormKind::CaseDismiss
            | FormKind::LookAgain
            | FormKind::WorkNote => return super::follow::request(self, lang),
            FormKind::NewApplication => Request::New(NewApplication {
                name: self.value("name").into(),
                category: code(self.value("category"))?,
                city: self.value("city").into(),
                host: self.value("host").into(),
                host_kind: code(self.value("host_kind"))?,
                leader: optional("leader"),
                recommender: None,
                applied_on: date("date")?,
            }),
            FormKind::Report => Request::ReportSubmit {
                id: id(),
                year: number("year")? as i32,
                date: date("date")?,
            },
            FormKind::Change => Request::Change {
                id: id(),
                input: ChangeInput {
                    kind: code(self.value("kind"))?,
                    effective: date("effective")?,
                    filed_province: optional_date("filed_province")?,
                    filed_recommender: optional_date("filed_recommender")?,
                    to: optional("to"),
                    leader: Default::default(),
                },
            },
            FormKind::RiskAdd => Request::RiskAdd {
                id: id(),
                input: RiskInput {
                    area: code(self.value("area"))?,
                    severity: code(self.value("severity"))?,
                    description: self.value("text").into(),
                    mitigation: self.value("mitigation").into(),
                    opened: date("date")?,
                },
            },
            FormKind::RiskClose => Request::RiskClose {
                id: id(),
                n: number("n")?,
                date: date("date")?,
            },
            FormKind::Transition => Request::Transition {
                id: id(),
                input: TransitionInput {
                    to: code::<Status>(self.value("status"))?,
                    date: date("date")?,
                    reason: self.value("reason").into(),
                    doc_no: optional("doc_no"),
                    override_reason: None,
                },
            },
            FormKind::Partner => Request::PartnerAdd {
                id: id(),
                input: PartnerInput {
                    name: self.value("name").into(),
                    country: self.value("country").into(),
                    kind: code::<AgreementKind>(self.value("kind"))?,
                    signed: date("signed")?,
                    until: date("until")?,
                },
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::{base_recognised, d};

    #[test]
    fn a_form_names_the_missing_or_wrong_field() {
        let policy = Policy::default_policy();
        let mut form = Form::new_application(d("2026-11-25"), &policy, Lang::Zh);
        assert!(!form.dirty());
        let err = form.request(Lang::Zh).unwrap_err();
        assert!(err.text.zh.contains("基地名称"), "{}", err.text.zh);
        form.focused().insert_str("南粤新中心");
        assert!(form.dirty());
        form.fields[2].input.set("广州");
        form.fields[3].input.set("南粤研究院");
        form.fields[6].input.set("2026-02-30");
        let err = form.request(Lang::Zh).unwrap_err();
        assert!(
            err.text.zh.contains("申报日期") && err.text.zh.contains("2026-02-30"),
            "{}",
            err.text.zh
        );
        form.fields[6].input.set("2026-11-20");
        assert!(
            matches!(form.request(Lang::Zh).unwrap(), Request::New(n) if n.name == "南粤新中心")
        );
    }

    #[test]
    fn choice_fields_complete_and_cycle() {
        let base = base_recognised("2024-06-01");
        let mut form = Form::change(&base, d("2026-11-25"), Lang::Zh);
        assert_eq!(form.fields[0].input.value(), "更名");
        form.complete();
        assert_eq!(form.fields[0].input.value(), "负责人变更");
        form.fields[0].input.set("依托");
        form.complete();
        assert_eq!(form.fields[0].input.value(), "依托单位变更");
    }
}
