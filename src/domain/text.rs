//! Bilingual text: every message a person reads exists in Chinese and English.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "cn" | "chinese" | "中文" => Some(Lang::Zh),
            "en" | "english" | "英文" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A message in both languages; the UI picks one at display time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// Why the file `shown` (a `what`: 文件/file, 策略文件/policy file) could not be read, in
    /// words rather than the system's English: missing, not permitted, a directory, or else the
    /// system's own reason.
    pub fn unreadable(what: (&str, &str), shown: &str, error: &std::io::Error) -> Text {
        let (zh, en) = what;
        match error.kind() {
            std::io::ErrorKind::NotFound => crate::text!(
                "找不到{zh} {shown}；请检查路径",
                "no {en} at {shown}; check the path"
            ),
            std::io::ErrorKind::PermissionDenied => crate::text!(
                "无权读取{zh} {shown}；请让管理员开放读取权限",
                "no permission to read the {en} {shown}; ask an admin for read access"
            ),
            std::io::ErrorKind::IsADirectory => crate::text!(
                "{shown} 是目录，不是{zh}",
                "{shown} is a directory, not a {en}"
            ),
            _ => crate::text!(
                "无法读取{zh} {shown}：{error}",
                "cannot read the {en} {shown}: {error}"
            ),
        }
    }
}

/// Shorthand for a [`Text`] built with `format!` in each language:
/// `text!("共 {n} 个", "{n} in all")` or, with arguments,
/// `text!(["{} 已撤销", id], ["{} removed", id])`.
#[macro_export]
macro_rules! text {
    ([$($zh:tt)+], [$($en:tt)+] $(,)?) => {
        $crate::domain::text::Text::new(format!($($zh)+), format!($($en)+))
    };
    ($zh:literal, $en:literal $(,)?) => {
        $crate::domain::text::Text::new(format!($zh), format!($en))
    };
}

/// A request the rules refuse. `rule` is the DOMAIN.md rule id (e.g. `A14.1`) or `None` for plain
/// bad input such as a malformed date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub rule: Option<&'static str>,
    pub text: Text,
}

impl Refusal {
    pub fn rule(rule: &'static str, text: Text) -> Refusal {
        Refusal {
            rule: Some(rule),
            text,
        }
    }

    pub fn input(text: Text) -> Refusal {
        Refusal { rule: None, text }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self.rule {
            Some(rule) => format!("[{rule}] {}", self.text.get(lang)),
            None => self.text.get(lang).to_string(),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::Zh))
    }
}

impl std::error::Error for Refusal {}

pub type RuleResult<T> = Result<T, Refusal>;
