//! clap's usage errors (an unknown flag, a missing argument) in the UI language. clap writes
//! them in English only; its `ErrorFormatter` hook lets the same error, with the same context
//! (the argument, the value, the suggestion, the usage line), be written in Chinese. Exit code 2
//! is kept. Help itself is written in Chinese by `help_zh`.

use crate::domain::text::Lang;
use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};

/// Prints a parse error (or clap's help/version output) and returns the exit code: 2 for a
/// usage error, 0 for help and version.
pub fn report(error: clap::Error, lang: Lang) -> u8 {
    let code = if error.use_stderr() {
        super::EXIT_USAGE
    } else {
        super::EXIT_OK
    };
    let _ = if lang == Lang::Zh && has_chinese(error.kind()) {
        error.apply::<Chinese>().print()
    } else {
        error.print()
    };
    code
}

/// The language usage errors are written in before the command line is understood: `--lang`
/// if it is among the arguments, else what the config files say, else Chinese.
pub fn lang_of(args: &[std::ffi::OsString], configured: Option<Lang>) -> Lang {
    let args: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
    let flag = args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--lang=")
            .or_else(|| (*a == "--lang").then(|| args.get(i + 1).copied()).flatten())
    });
    flag.and_then(Lang::parse)
        .or(configured)
        .unwrap_or_default()
}

fn has_chinese(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::UnknownArgument
            | ErrorKind::InvalidSubcommand
            | ErrorKind::InvalidValue
            | ErrorKind::ValueValidation
            | ErrorKind::MissingRequiredArgument
            | ErrorKind::MissingSubcommand
            | ErrorKind::ArgumentConflict
            | ErrorKind::TooManyValues
            | ErrorKind::TooFewValues
            | ErrorKind::WrongNumberOfValues
            | ErrorKind::NoEquals
            | ErrorKind::InvalidUtf8
    )
}

/// Writes a usage error in Chinese.
pub struct Chinese;

impl ErrorFormatter for Chinese {
    fn format_error(error: &clap::error::Error<Self>) -> StyledStr {
        let text = |kind| match error.get(kind) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        let (arg, value) = (
            text(ContextKind::InvalidArg),
            text(ContextKind::InvalidValue),
        );
        let mut out = String::from("错误：");
        out.push_str(&match error.kind() {
            ErrorKind::UnknownArgument => format!("未知参数 '{arg}'"),
            ErrorKind::InvalidSubcommand => {
                format!("未知子命令 '{}'", text(ContextKind::InvalidSubcommand))
            }
            ErrorKind::InvalidValue if value.is_empty() => format!("'{arg}' 需要一个值"),
            ErrorKind::InvalidValue => {
                let mut line = format!("'{arg}' 的值 '{value}' 无效");
                if let Some(ContextValue::Strings(valid)) = error.get(ContextKind::ValidValue) {
                    line.push_str(&format!("\n  [可用的值：{}]", valid.join("、")));
                }
                line
            }
            ErrorKind::ValueValidation => {
                let why = std::error::Error::source(error)
                    .map(|e| reason(&e.to_string()))
                    .unwrap_or_default();
                format!("'{arg}' 的值 '{value}' 无效{why}")
            }
            ErrorKind::MissingRequiredArgument => {
                let missing = match error.get(ContextKind::InvalidArg) {
                    Some(ContextValue::Strings(args)) => args.join("\n  "),
                    _ => arg.clone(),
                };
                format!("缺少必需的参数：\n  {missing}")
            }
            ErrorKind::MissingSubcommand => {
                let mut line = format!("'{}' 需要一个子命令", text(ContextKind::InvalidSubcommand));
                if let Some(ContextValue::Strings(valid)) = error.get(ContextKind::ValidSubcommand)
                {
                    line.push_str(&format!("\n  [可用的子命令：{}]", valid.join("、")));
                }
                line
            }
            ErrorKind::ArgumentConflict => match error.get(ContextKind::PriorArg) {
                Some(ContextValue::String(prior)) if *prior == arg => {
                    format!("参数 '{arg}' 只能出现一次")
                }
                Some(ContextValue::String(prior)) => {
                    format!("参数 '{arg}' 不能与 '{prior}' 同时使用")
                }
                Some(ContextValue::Strings(prior)) => {
                    format!(
                        "参数 '{arg}' 不能与以下参数同时使用：\n  {}",
                        prior.join("\n  ")
                    )
                }
                _ => format!("参数 '{arg}' 不能与其他参数同时使用"),
            },
            ErrorKind::TooManyValues => format!("'{arg}' 多了一个值 '{value}'"),
            ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
                let wanted = match error.get(ContextKind::MinValues) {
                    Some(min) => min.to_string(),
                    None => text(ContextKind::ExpectedNumValues),
                };
                let given = text(ContextKind::ActualNumValues);
                format!("'{arg}' 需要 {wanted} 个值，只给了 {given} 个")
            }
            ErrorKind::NoEquals => format!("给 '{arg}' 赋值须写等号（{arg}=值）"),
            _ => "参数不是有效的 UTF-8 文本".to_string(),
        });
        for (kind, what) in [
            (ContextKind::SuggestedArg, "参数"),
            (ContextKind::SuggestedSubcommand, "子命令"),
            (ContextKind::SuggestedValue, "值"),
        ] {
            match error.get(kind) {
                Some(ContextValue::String(like)) => {
                    out.push_str(&format!("\n\n  提示：有相似的{what} '{like}'"));
                }
                Some(ContextValue::Strings(like)) if !like.is_empty() => {
                    out.push_str(&format!(
                        "\n\n  提示：有相似的{what} '{}'",
                        like.join("'、'")
                    ));
                }
                _ => {}
            }
        }
        if let Some(ContextValue::String(trailing)) = error.get(ContextKind::TrailingArg) {
            out.push_str(&format!(
                "\n\n  提示：要把 '{trailing}' 当作值，请写 '-- {trailing}'"
            ));
        }
        if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
            let usage = usage.to_string();
            out.push_str("\n\n");
            match usage.strip_prefix("Usage: ") {
                Some(rest) => out.push_str(&format!("用法：{rest}")),
                None => out.push_str(&usage),
            }
        }
        out.push_str("\n\n更多信息请用 '--help'。\n");
        StyledStr::from(out)
    }
}

/// Why a value did not parse, for the usual reasons a number does not.
fn reason(message: &str) -> String {
    match message {
        "invalid digit found in string" => "：不是整数".into(),
        "cannot parse integer from empty string" => "：为空".into(),
        "number too large to fit in target type" => "：数字太大".into(),
        "number too small to fit in target type" => "：数字太小".into(),
        other => format!("：{other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::args::Cli;
    use clap::Parser;

    fn chinese(args: &[&str]) -> String {
        let error = Cli::try_parse_from(args).unwrap_err();
        assert!(has_chinese(error.kind()), "{:?}", error.kind());
        error.apply::<Chinese>().to_string()
    }

    #[test]
    fn usage_errors_read_in_chinese_with_the_usage_and_the_hint() {
        let said = chinese(&["jidi", "list", "--foo"]);
        assert!(said.starts_with("错误：未知参数 '--foo'\n"), "{said}");
        assert!(said.contains("用法：jidi list"), "{said}");
        assert!(said.ends_with("更多信息请用 '--help'。\n"), "{said}");

        let said = chinese(&["jidi", "list", "--formt", "json"]);
        assert!(said.contains("提示：有相似的参数 '--format'"), "{said}");
        let said = chinese(&["jidi", "lst"]);
        assert!(
            said.starts_with("错误：未知子命令 'lst'") && said.contains("'list'"),
            "{said}"
        );
        let said = chinese(&["jidi", "show"]);
        assert!(said.starts_with("错误：缺少必需的参数：\n  <ID>"), "{said}");
        let said = chinese(&["jidi", "list", "--format", "xml"]);
        assert!(
            said.contains("'--format <FORMAT>' 的值 'xml' 无效")
                && said.contains("可用的值：table、json、jsonl、csv"),
            "{said}"
        );
        let said = chinese(&["jidi", "log", "--limit", "x"]);
        assert!(said.contains("'x' 无效：不是整数"), "{said}");
        let said = chinese(&["jidi", "triage", "--mine", "--unassigned"]);
        assert!(
            said.contains("'--mine' 不能与 '--unassigned' 同时使用"),
            "{said}"
        );
    }

    #[test]
    fn the_language_comes_from_lang_before_the_config() {
        let args = |a: &[&str]| a.iter().map(Into::into).collect::<Vec<_>>();
        assert_eq!(lang_of(&args(&["jidi", "list", "--foo"]), None), Lang::Zh);
        assert_eq!(
            lang_of(&args(&["jidi", "--lang", "en", "x"]), None),
            Lang::En
        );
        assert_eq!(lang_of(&args(&["jidi", "x", "--lang=en"]), None), Lang::En);
        assert_eq!(lang_of(&args(&["jidi", "x"]), Some(Lang::En)), Lang::En);
        assert_eq!(
            lang_of(&args(&["jidi", "--lang", "zh"]), Some(Lang::En)),
            Lang::Zh
        );
    }
}
