//! A form of the console as it is filled in: fields of text (Chinese via the IME), choice fields
//! that also cycle through their values, fields that apply only as the others say, and the
//! request it sends, or the field that is wrong. Which forms there are is `forms`.

use super::text::TextField;
use crate::domain::codes::{AgreementKind, Code, Status};
use crate::domain::dates::parse_date;
use crate::domain::filings::{ChangeInput, NewLeader};
use crate::domain::lifecycle::TransitionInput;
use crate::domain::ops::{NewApplication, RiskInput};
use crate::domain::partners::PartnerInput;
use crate::domain::text::{Lang, Refusal, Text};
use crate::service::Request;
use crate::text;

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
    /// Shown (and taken) only while the form's other fields say it applies: the new leader's
    /// particulars for a leader change, the override reason for a recognition.
    pub only_if: Option<fn(&Form) -> bool>,
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

    /// A refusal as the form shows it: the rules name the command line's flags (`--country`,
    /// `--override`); here they are the form's fields, named by their labels.
    pub fn explain(&self, refusal: Text) -> Text {
        let asks_override = refusal.zh.contains("--override");
        let field = self.fields.iter().find(|f| f.key == "override");
        if let (Some(field), true) = (field, super::forms::recognition(self) && asks_override) {
            let label = &field.label;
            return text!(
                ["{}（在「{}」一栏填写）", refusal.zh, label.zh],
                ["{} (in the field '{}')", refusal.en, label.en]
            );
        }
        let mut flags: Vec<(String, &Field)> = self
            .fields
            .iter()
            .map(|f| (format!("--{}", f.key.replace('_', "-")), f))
            .collect();
        // The longest first, so that no flag is taken for the start of a longer one.
        flags.sort_by_key(|(flag, _)| std::cmp::Reverse(flag.len()));
        let (mut zh, mut en) = (refusal.zh, refusal.en);
        for (flag, field) in flags {
            zh = zh.replace(&flag, &format!("「{}」", field.label.zh));
            en = en.replace(&flag, &format!("'{}'", field.label.en));
        }
        Text::new(zh, en)
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

    /// Whether field `i` applies as the form is filled in now.
    pub fn shown(&self, i: usize) -> bool {
        self.fields[i].only_if.is_none_or(|applies| applies(self))
    }

    /// The next (or previous) field that applies.
    pub fn step(&mut self, forward: bool) {
        let n = self.fields.len();
        for _ in 0..n {
            self.focus = if forward {
                (self.focus + 1) % n
            } else {
                (self.focus + n - 1) % n
            };
            if self.shown(self.focus) {
                return;
            }
        }
    }

    /// Fills the focused choice field with its next (or previous) value.
    pub fn complete(&mut self, forward: bool) {
        let field = &mut self.fields[self.focus];
        let n = field.choices.len();
        if n == 0 {
            return;
        }
        let current = field.choices.iter().position(|c| c == field.input.value());
        let typed = field.input.value().to_string();
        let next = match current {
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
            // Complete what was typed, else start at the first value (or the last, backwards).
            None => field
                .choices
                .iter()
                .position(|c| c.starts_with(&typed))
                .unwrap_or(if forward { 0 } else { n - 1 }),
        };
        // Selected, as a pre-filled value is: typing replaces the choice.
        field.input = TextField::prefilled(&field.choices[next]);
    }

    /// What field `key` holds, whether it applies or not.
    pub(super) fn raw(&self, key: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map_or("", |f| f.input.value().trim())
    }

    /// What field `key` holds when it applies; empty when it does not.
    fn value(&self, key: &str) -> &str {
        match self.fields.iter().position(|f| f.key == key) {
            Some(i) if self.shown(i) => self.raw(key),
            _ => "",
        }
    }

    fn label(&self, key: &str, lang: Lang) -> String {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map_or(key.to_string(), |f| f.label.get(lang).to_string())
    }

    /// Turns the fields into a request, refusing with the field named where one is wrong.
    pub fn request(&self, lang: Lang) -> Result<Request, Refusal> {
        for (i, f) in self.fields.iter().enumerate() {
            if f.required && self.shown(i) && f.input.value().trim().is_empty() {
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
        fn optional_code<C: Code>(value: &str) -> Result<Option<C>, Refusal> {
            match value {
                "" => Ok(None),
                v => C::parse_or_refuse(v).map(Some),
            }
        }
        let optional_bool = |key: &str| match self.value(key) {
            "" => Ok(None),
            v => crate::domain::ops::parse_bool(&self.label(key, lang), v).map(Some),
        };
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
                    leader: NewLeader {
                        qualification: optional_code(self.value("qualification"))?,
                        qualified_on: optional_date("qualified_on")?,
                        identity: optional_code(self.value("identity"))?,
                        dual_identity: optional_bool("dual_identity")?.unwrap_or(false),
                        employed: optional_bool("employed")?,
                    },
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
                    override_reason: optional("override"),
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
    use crate::domain::codes::ChangeKind;
    use crate::domain::policy::Policy;
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
    fn a_refusal_names_the_form_s_field_not_the_command_line_flag() {
        let base = base_recognised("2024-06-01");
        let form = Form::partner(&base, d("2026-11-25"), Lang::Zh);
        let refusal = Text::new(
            "[A5.2] --country：未知的国家或地区「Germny」",
            "[A5.2] --country: unknown country 'Germny'",
        );
        let shown = form.explain(refusal);
        assert_eq!(shown.zh, "[A5.2] 「国家/地区」：未知的国家或地区「Germny」");
        assert_eq!(
            shown.en,
            "[A5.2] 'Country or region': unknown country 'Germny'"
        );
    }

    #[test]
    fn choice_fields_complete_and_cycle() {
        let base = base_recognised("2024-06-01");
        let mut form = Form::change(&base, d("2026-11-25"), Lang::Zh);
        assert_eq!(form.fields[0].input.value(), "更名");
        form.complete(true);
        assert_eq!(form.fields[0].input.value(), "负责人变更");
        form.complete(false);
        form.complete(false);
        let last = labels_of::<ChangeKind>().last().cloned();
        assert_eq!(
            Some(form.fields[0].input.value().to_string()),
            last,
            "wraps back"
        );
        form.complete(true);
        assert_eq!(form.fields[0].input.value(), "更名");
        form.fields[0].input.set("依托");
        form.complete(true);
        assert_eq!(form.fields[0].input.value(), "依托单位变更");
        // A pre-filled or chosen value is replaced by what is typed.
        form.focused().insert_str("负责");
        form.complete(true);
        assert_eq!(form.fields[0].input.value(), "负责人变更");
    }

    fn labels_of<C: Code>() -> Vec<String> {
        C::all().iter().map(|c| c.zh().to_string()).collect()
    }
}
