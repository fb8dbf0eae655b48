//! Partner countries (A5.2): ISO 3166 alpha-2 codes from the policy's table, found by code,
//! Chinese or English name or a common spelling. Only a foreign country (国外) counts for A5.2;
//! 香港, 澳门 and 台湾 are 港澳台 (the regulation's own A2 names them apart), never foreign; a place in
//! the mainland is no partner country at all.

use super::names;
use super::text::{Lang, Refusal, RuleResult, Text};
use serde::Deserialize;
use std::collections::HashMap;

/// One row of the country table.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    /// ISO 3166-1 alpha-2, e.g. `DE`.
    pub code: String,
    pub zh: String,
    pub en: String,
    /// Other spellings people write: official names, alpha-3, older or local forms.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// What a country is for A5.2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountryClass {
    Foreign,
    /// 港澳台: partners there are encouraged (A5.2) but are not 国外.
    HkMacauTaiwan,
    /// 中国内地: no partner country.
    Mainland,
}

/// The class of a code. Fixed by the regulation (A2, A5.2), so not a policy setting.
pub fn class_of(code: &str) -> CountryClass {
    match code {
        "CN" => CountryClass::Mainland,
        "HK" | "MO" | "TW" => CountryClass::HkMacauTaiwan,
        _ => CountryClass::Foreign,
    }
}

impl Country {
    pub fn class(&self) -> CountryClass {
        class_of(&self.code)
    }

    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// "德国（DE, Germany）"
    fn described(&self) -> String {
        format!("{}（{}, {}）", self.zh, self.code, self.en)
    }
}

/// What a written country name turned out to be.
#[derive(Debug, PartialEq)]
pub enum Resolved<'a> {
    Country(&'a Country),
    /// A place in the mainland (中国, 上海, 广东省…).
    Mainland,
    /// No entry matches; the closest ones, best first.
    Unknown(Vec<&'a Country>),
}

/// The table with its lookups, built once when the policy loads.
#[derive(Clone, Debug, Default)]
pub struct Countries {
    list: Vec<Country>,
    by_spelling: HashMap<String, usize>,
    /// Mainland place names, as [`spelling_key`]s.
    mainland: Vec<String>,
}

/// The form spellings are compared in: [`names::key`], without dots or a leading "the ".
fn spelling_key(input: &str) -> String {
    let key = names::key(input).replace('.', "");
    key.strip_prefix("the ").map_or(key.clone(), str::to_string)
}

/// Administrative suffixes that do not change which mainland place is meant.
const MAINLAND_SUFFIXES: &[&str] = &[
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "省",
    "市",
    " province",
    " city",
    " municipality",
];

impl Countries {
    /// Builds the lookups; a spelling claimed by two countries, or by a country and a mainland
    /// place, is an error naming both (`(key, reason)` for the policy's error).
    pub fn build(
        list: Vec<Country>,
        mainland_places: impl IntoIterator<Item = String>,
    ) -> Result<Countries, (String, String)> {
        let mut by_spelling = HashMap::new();
        for (i, country) in list.iter().enumerate() {
            let key = format!("countries[{i}]");
            let code_ok =
                country.code.len() == 2 && country.code.bytes().all(|b| b.is_ascii_uppercase());
            if !code_ok {
                return Err((
                    key,
                    format!(
                        "code '{}' is not an ISO 3166 alpha-2 code such as DE",
                        country.code
                    ),
                ));
            }
            if country.zh.trim().is_empty() || country.en.trim().is_empty() {
                return Err((
                    key,
                    format!("{} needs a Chinese and an English name", country.code),
                ));
            }
            let spellings = [&country.code, &country.zh, &country.en]
                .into_iter()
                .chain(&country.aliases);
            for spelling in spellings {
                if let Some(other) = by_spelling.insert(spelling_key(spelling), i)
                    && other != i
                {
                    return Err((
                        key,
                        format!(
                            "'{spelling}' names both {} and {}",
                            list[other].code, country.code
                        ),
                    ));
                }
            }
        }
        let mut mainland = Vec::new();
        for place in mainland_places {
            let key = spelling_key(&place);
            if let Some(i) = by_spelling.get(&key) {
                return Err((
                    "partners.mainland_places".into(),
                    format!("'{place}' is also a spelling of {}", list[*i].code),
                ));
            }
            if !key.is_empty() {
                mainland.push(key);
            }
        }
        Ok(Countries {
            list,
            by_spelling,
            mainland,
        })
    }

    pub fn all(&self) -> &[Country] {
        &self.list
    }

    pub fn by_code(&self, code: &str) -> Option<&Country> {
        self.by_spelling
            .get(&spelling_key(code))
            .map(|&i| &self.list[i])
            .filter(|c| c.code == code)
    }

    /// A stored code is foreign only if the table still has it (an unknown code never counts).
    pub fn is_foreign(&self, code: Option<&str>) -> bool {
        code.and_then(|c| self.by_code(c))
            .is_some_and(|c| c.class() == CountryClass::Foreign)
    }

    /// The country a written name means: by code, name or spelling; else a mainland place;
    /// else the closest entries.
    pub fn resolve(&self, input: &str) -> Resolved<'_> {
        let key = spelling_key(input);
        if let Some(&i) = self.by_spelling.get(&key) {
            return Resolved::Country(&self.list[i]);
        }
        if self.is_mainland_place(&key) {
            return Resolved::Mainland;
        }
        Resolved::Unknown(self.closest(&key))
    }

    fn is_mainland_place(&self, key: &str) -> bool {
        let place = ["中国", "china ", "china,"]
            .iter()
            .find_map(|p| key.strip_prefix(p))
            .map_or(key, str::trim);
        let place = MAINLAND_SUFFIXES
            .iter()
            .find_map(|s| place.strip_suffix(s))
            .unwrap_or(place);
        self.mainland.iter().any(|m| {
            m == place
                // "广东省深圳市": a Chinese name that begins with a province or city.
                || (m.chars().next().is_some_and(names::is_cjk)
                    && m.chars().count() >= 2
                    && place.starts_with(m.as_str()))
        })
    }

    /// Up to three entries whose spellings are near `key` (or contain it, or are contained in it).
    fn closest(&self, key: &str) -> Vec<&Country> {
        let len = key.chars().count();
        let limit = (len / 2).max(1);
        let mut scored: Vec<(usize, usize)> = Vec::new();
        for (spelling, &i) in &self.by_spelling {
            // Containment means something for a Chinese name (德国 in 德国柏林) or a longer
            // Latin one, not for a code that happens to occur inside a word.
            let cjk = spelling.chars().next().is_some_and(names::is_cjk);
            let long_enough = if cjk { 2 } else { 4 };
            let near = if spelling.chars().count() >= long_enough
                && len >= long_enough
                && (key.contains(spelling.as_str()) || spelling.contains(key))
            {
                0
            } else {
                names::edit_distance(key, spelling)
            };
            if near <= limit {
                match scored.iter_mut().find(|(_, j)| *j == i) {
                    Some(best) => best.0 = best.0.min(near),
                    None => scored.push((near, i)),
                }
            }
        }
        scored.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| self.list[a.1].code.cmp(&self.list[b.1].code))
        });
        scored
            .into_iter()
            .take(3)
            .map(|(_, i)| &self.list[i])
            .collect()
    }

    /// [`Countries::resolve`] for input: a mainland place or an unknown name is refused (A5.2),
    /// the latter with the closest entries.
    pub fn resolve_or_refuse(&self, field: &str, input: &str) -> RuleResult<&Country> {
        match self.resolve(input) {
            Resolved::Country(c) if c.class() == CountryClass::Mainland => {
                Err(mainland(field, input))
            }
            Resolved::Country(c) => Ok(c),
            Resolved::Mainland => Err(mainland(field, input)),
            Resolved::Unknown(near) => {
                let (zh, en) = if near.is_empty() {
                    (String::new(), String::new())
                } else {
                    let list: Vec<String> = near.iter().map(|c| c.described()).collect();
                    let list_en: Vec<String> = near
                        .iter()
                        .map(|c| format!("{} ({})", c.en, c.code))
                        .collect();
                    (
                        format!("；最接近：{}", list.join("、")),
                        format!("; closest: {}", list_en.join(", ")),
                    )
                };
                Err(Refusal::rule(
                    "A5.2",
                    Text::new(
                        format!(
                            "{field}：未知的国家或地区「{input}」{zh}；可写中文或英文国名，或 ISO 两位代码（如 DE）"
                        ),
                        format!(
                            "{field}: unknown country or region '{input}'{en}; write its Chinese or English name or its ISO code (e.g. DE)"
                        ),
                    ),
                ))
            }
        }
    }
}

fn mainland(field: &str, input: &str) -> Refusal {
    Refusal::rule(
        "A5.2",
        Text::new(
            format!(
                "{field}：「{input}」在中国内地，不能作为合作方国别；合作方应为国外创新主体（港澳台写 香港、澳门 或 台湾）"
            ),
            format!(
                "{field}: '{input}' is in the Chinese mainland, which is no partner country; partners are foreign (for Hong Kong, Macao or Taiwan write HK, MO or TW)"
            ),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::Policy;

    fn code(input: &str) -> Option<String> {
        match Policy::default_policy().countries.resolve(input) {
            Resolved::Country(c) => Some(c.code.clone()),
            _ => None,
        }
    }

    #[test]
    fn a5_2_names_spellings_and_codes_resolve_to_one_code() {
        for input in [
            "德国",
            "Germany",
            "DE",
            "de",
            "德意志联邦共和国",
            " Deutschland ",
            "DEU",
        ] {
            assert_eq!(code(input).as_deref(), Some("DE"), "{input}");
        }
        for input in ["United States", "USA", "U.S.A.", "美国", "美利坚合众国"] {
            assert_eq!(code(input).as_deref(), Some("US"), "{input}");
        }
        assert_eq!(code("the Netherlands").as_deref(), Some("NL"));
        assert_eq!(code("韩国").as_deref(), Some("KR"));
    }

    #[test]
    fn a5_2_hk_macao_taiwan_in_every_wording_are_never_foreign() {
        let p = Policy::default_policy();
        let cases = [
            ("香港特别行政区", "HK"),
            ("中国香港特别行政区", "HK"),
            ("中国香港", "HK"),
            ("Hong Kong SAR", "HK"),
            ("香港", "HK"),
            ("澳门特别行政区", "MO"),
            ("Macau", "MO"),
            ("台湾地区", "TW"),
            ("中国台湾", "TW"),
            ("Taiwan", "TW"),
        ];
        for (input, expected) in cases {
            let c = p.countries.resolve_or_refuse("--country", input).unwrap();
            assert_eq!(c.code, expected, "{input}");
            assert_eq!(c.class(), CountryClass::HkMacauTaiwan, "{input}");
            assert!(!p.countries.is_foreign(Some(&c.code)), "{input}");
        }
        assert!(p.countries.is_foreign(Some("DE")));
        assert!(
            !p.countries.is_foreign(None),
            "an unresolved stored name never counts"
        );
        assert!(
            !p.countries.is_foreign(Some("XX")),
            "nor does a code the table lacks"
        );
    }

    #[test]
    fn a5_2_the_mainland_is_refused_as_a_partner_country() {
        let p = Policy::default_policy();
        for input in [
            "中国",
            "China",
            "中华人民共和国",
            "上海",
            "上海市",
            "中国上海",
            "广东省",
            "广东省深圳市",
            "深圳",
            "Shenzhen",
            "新疆维吾尔自治区",
            "Beijing",
        ] {
            let err = p
                .countries
                .resolve_or_refuse("--country", input)
                .unwrap_err();
            assert_eq!(err.rule, Some("A5.2"), "{input}");
            assert!(err.text.zh.contains("内地"), "{input}: {}", err.text.zh);
        }
    }

    #[test]
    fn a5_2_an_unknown_name_is_refused_with_the_closest_entries() {
        let p = Policy::default_policy();
        let err = p
            .countries
            .resolve_or_refuse("--country", "Germny")
            .unwrap_err();
        assert!(
            err.text.zh.contains("德国（DE, Germany）"),
            "{}",
            err.text.zh
        );
        assert!(
            err.text.en.contains("closest: Germany (DE)"),
            "{}",
            err.text.en
        );
        let err = p
            .countries
            .resolve_or_refuse("--country", "奥瑞利亚")
            .unwrap_err();
        assert!(
            err.text.zh.contains("奥地利") || err.text.zh.contains("澳大利亚"),
            "{}",
            err.text.zh
        );
        let err = p
            .countries
            .resolve_or_refuse("--country", "Qwxzv")
            .unwrap_err();
        assert!(
            !err.text.zh.contains("最接近"),
            "nothing near: {}",
            err.text.zh
        );
        assert!(err.text.zh.contains("ISO"), "{}", err.text.zh);
    }

    #[test]
    fn a_spelling_claimed_twice_is_refused_naming_both() {
        let row = |code: &str, zh: &str, alias: &str| Country {
            code: code.into(),
            zh: zh.into(),
            en: code.into(),
            aliases: vec![alias.into()],
        };
        let err = Countries::build(
            vec![row("AA", "甲国", "Land"), row("BB", "乙国", "land")],
            [],
        )
        .unwrap_err();
        assert!(err.1.contains("AA") && err.1.contains("BB"), "{err:?}");
        let err = Countries::build(vec![row("AA", "甲国", "x")], ["甲国".to_string()]).unwrap_err();
        assert_eq!(err.0, "partners.mainland_places");
        let err = Countries::build(vec![row("A1", "甲国", "x")], []).unwrap_err();
        assert!(err.1.contains("alpha-2"), "{err:?}");
    }
}
