//! Names are compared after NFKC normalisation and trimming, so full-width forms and stray spaces
//! do not make two units of one (DOMAIN "Money, dates, names").

use super::sanitize::unsafe_char;
use super::text::{Refusal, RuleResult, Text};
use unicode_normalization::UnicodeNormalization;

/// The form a name or text is stored in: trimmed, runs of space made one, full-width letters
/// and digits (and other compatibility forms) as NFKC makes them — but the full-width punctuation
/// of written Chinese kept as typed, so 「华为（深圳）研究院：一期」 is stored as written.
/// Comparisons use [`key`], which folds everything.
pub fn clean(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    for ch in input.trim().chars() {
        if ch.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        if is_chinese_punctuation(ch) {
            out.push(ch);
        } else {
            out.extend(std::iter::once(ch).nfkc());
        }
    }
    out
}

/// Full-width punctuation that Chinese text is written with (NFKC would make it ASCII).
fn is_chinese_punctuation(ch: char) -> bool {
    matches!(ch,
        '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF5E}' | '\u{3001}'..='\u{3002}' | '\u{3008}'..='\u{3011}'
        | '\u{3014}'..='\u{301F}')
}

/// The key two names are compared by: [`key_form`], case-folded, so `华南理工大学 `,
/// `华南 理工大学` and `华南理工大学` are one unit.
pub fn key(input: &str) -> String {
    key_form(input).to_lowercase()
}

/// A base id as a person types it (`gdicb-2023-0001`, full-width `ＧＤＩＣＢ－２０２３－０００１`), in
/// the form ids are stored in: NFKC, trimmed, upper-case. Ids are case-insensitive on input.
pub fn typed_id(input: &str) -> String {
    key_form(input).to_ascii_uppercase()
}

/// NFKC throughout, trimmed, runs of space made one and no space beside a CJK character: the
/// form codes, dates and numbers are read in, and names compared in (with case folded).
pub fn key_form(input: &str) -> String {
    let nfkc: String = clean(input).nfkc().collect();
    let mut out = String::with_capacity(nfkc.len());
    let chars: Vec<char> = nfkc.chars().collect();
    for (i, &ch) in chars.iter().enumerate() {
        if ch == ' ' {
            let beside_cjk = i.checked_sub(1).is_some_and(|p| is_cjk(chars[p]))
                || chars.get(i + 1).copied().is_some_and(is_cjk);
            if beside_cjk {
                continue;
            }
        }
        out.push(ch);
    }
    out
}

pub fn is_cjk(ch: char) -> bool {
    matches!(ch as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3000..=0x303F)
}

/// Cleans a required text field and refuses empty or oversized values, naming the field.
pub fn required(field: &str, input: &str, max_chars: usize) -> RuleResult<String> {
    let value = clean(input);
    if value.is_empty() {
        return Err(Refusal::input(Text::new(
            format!("{field} 不能为空"),
            format!("{field} must not be empty"),
        )));
    }
    limit(field, value, max_chars)
}

/// Refuses a value longer than `max_chars` characters, or holding a character that would drive
/// a terminal (ESC, BEL, C1, bidi overrides: see [`super::sanitize`]), naming the field. Tabs
/// and line breaks never reach here: [`clean`] turns them into spaces.
pub fn limit(field: &str, value: String, max_chars: usize) -> RuleResult<String> {
    limit_named(&Text::new(field, field), value, max_chars)
}

/// [`limit`] for a field whose name differs by language (`工作记录` / `work record`).
pub fn limit_named(field: &Text, value: String, max_chars: usize) -> RuleResult<String> {
    let Text {
        zh: field_zh,
        en: field_en,
    } = field;
    if let Some((at, ch)) = unsafe_char(&value) {
        let code = format!("U+{:04X}", ch as u32);
        return Err(Refusal::input(Text::new(
            format!(
                "{field_zh} 含终端控制字符 {code}（第 {at} 个字符）；控制字符不能保存，请删去后重试"
            ),
            format!(
                "{field_en} contains a terminal control character, {code} (character {at}); control characters cannot be stored: remove it and try again"
            ),
        )));
    }
    let count = value.chars().count();
    if count > max_chars {
        return Err(Refusal::input(Text::new(
            format!("{field_zh} 过长：{count} 个字符，上限 {max_chars}"),
            format!("{field_en} is too long: {count} characters, the limit is {max_chars}"),
        )));
    }
    Ok(value)
}

/// The item `which` names in a numbered list: its number from 1, or its name (compared by
/// [`key`]), as people pick a partner or a project on the command line.
pub fn pick<T>(items: &[T], which: &str, name: impl Fn(&T) -> &str) -> Option<usize> {
    let wanted = key(which);
    which
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|i| (1..=items.len()).contains(i))
        .map(|i| i - 1)
        .or_else(|| items.iter().position(|item| key(name(item)) == wanted))
}

/// Levenshtein distance in characters (not bytes), for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// Longest accepted name (base, unit, person, partner).
pub const MAX_NAME: usize = 200;
/// Longest accepted free text (descriptions, mitigations, reasons).
pub const MAX_TEXT: usize = 4000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_read_whatever_its_case_and_width() {
        for typed in [
            "gdicb-2023-0001",
            " GDICB-2023-0001 ",
            "ＧＤＩＣＢ-2023-0001",
            "ｇｄｉｃｂ－２０２３－０００１",
        ] {
            assert_eq!(typed_id(typed), "GDICB-2023-0001", "{typed}");
        }
    }

    #[test]
    fn full_width_and_stray_spaces_are_one_unit() {
        assert_eq!(key("华南理工大学 "), key("华南理工大学"));
        assert_eq!(key("　华南 理工大学"), key("华南理工大学"));
        assert_eq!(key("ＡＢＣ科技"), key("abc科技"));
        assert_eq!(clean("Blue  Ocean   Lab"), "Blue Ocean Lab");
        assert_eq!(key("华为 AI 联合实验室"), key("华为AI联合实验室"));
        assert_eq!(key("华为（深圳）"), key("华为(深圳)"));
    }

    #[test]
    fn names_are_stored_as_written_but_for_spaces_and_full_width_letters() {
        assert_eq!(
            clean("  华为 AI 联合实验室（深圳）  "),
            "华为 AI 联合实验室（深圳）"
        );
        assert_eq!(clean("测试：基地（一）１２３"), "测试：基地（一）123");
        assert_eq!(clean("粤科函外字〔2024〕1号"), "粤科函外字〔2024〕1号");
        assert_eq!(clean("ＡＢＣ　科技"), "ABC 科技");
    }

    #[test]
    fn oversized_and_empty_fields_are_refused() {
        let huge = "名".repeat(100_000);
        let err = required("--name", &huge, MAX_NAME).unwrap_err();
        assert!(err.text.zh.contains("--name"));
        assert!(err.text.zh.contains("100000"));
        assert!(required("--name", "   ", MAX_NAME).is_err());
    }

    #[test]
    fn terminal_controls_are_refused_naming_the_field() {
        for hostile in [
            "王\u{1b}]52;c;cm0gLXJmIH4vKg==\u{7}",
            "响铃\u{7}",
            "C1\u{9b}2J",
            "反转\u{202e}txt.exe",
            "隔离\u{2066}x",
            "删除\u{7f}",
        ] {
            let err = required("--leader", hostile, MAX_NAME).unwrap_err();
            assert!(err.text.zh.contains("--leader"), "{}", err.text.zh);
            assert!(err.text.en.contains("control character"), "{}", err.text.en);
            assert!(limit("--mitigation", hostile.to_string(), MAX_TEXT).is_err());
        }
        // Tabs and line breaks are whitespace: collapsed, not refused.
        assert_eq!(
            required("--text", "第一行\n第二行\t完", MAX_TEXT).unwrap(),
            "第一行 第二行 完"
        );
    }
}
