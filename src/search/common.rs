//! Which readings of a character a person would say, for ranking: every reading still matches
//! (see `pinyin`), but a match that needs a reading nobody would say there (港 as hòng, 厦门 as
//! shàmén, 银行 as yínxíng) ranks below one that uses only what a person would type.
//!
//! A reading is *common* when it is
//! - in a listed word containing the character ([`WORDS`]): then only the word's readings are
//!   common there, which both adds readings the rules below miss (厦门 xià) and drops the other
//!   frequent reading where the word rules it out (重庆 is not zhòngqìng);
//! - otherwise the crate's first reading, which is Unihan's most customary one (kMandarin);
//! - or one of [`ALSO`], the other readings the 现代汉语频率词典 finds in use;
//! - or, for the first character of a person's name, its reading as a surname ([`SURNAMES`]).
//!
//! Readings are written as typed: toneless, ü as v. A test checks that each is one of the
//! crate's readings of its character, so the tables only ever rank, never add a match.

use super::pinyin;
use std::sync::LazyLock;

/// Words of unit names and places whose polyphones people read one way, with their readings:
/// the polyphones met in the demo and generated names (行 重 长 厦 港…), the brief's list, and
/// Guangdong's place names. Grouped by the polyphone they settle; where both readings of a
/// character occur in unit names both get words, so the one that does not fit ranks lower.
#[rustfmt::skip]
const WORDS: &[(&str, &str)] = &[
    // 行 háng (banks, trades) / xíng
    ("银行", "yin hang"), ("行业", "hang ye"), ("分行", "fen hang"), ("支行", "zhi hang"),
    ("总行", "zong hang"), ("商行", "shang hang"), ("央行", "yang hang"),
    ("行政", "xing zheng"), ("执行", "zhi xing"), ("运行", "yun xing"), ("发行", "fa xing"),
    // 重 chóng / zhòng
    ("重庆", "chong qing"), ("重组", "chong zu"), ("重建", "chong jian"), ("重构", "chong gou"),
    ("重塑", "chong su"), ("重生", "chong sheng"), ("重阳", "chong yang"),
    ("重点", "zhong dian"), ("重大", "zhong da"), ("重要", "zhong yao"), ("重载", "zhong zai"),
    ("重型", "zhong xing"), ("重工", "zhong gong"), ("重汽", "zhong qi"), ("重器", "zhong qi"),
    ("重金属", "zhong jin shu"), ("重症", "zhong zheng"),
    // 长 cháng / zhǎng
    ("长沙", "chang sha"), ("长春", "chang chun"), ("长江", "chang jiang"),
    ("长城", "chang cheng"), ("长安", "chang an"), ("长青", "chang qing"),
    ("成长", "cheng zhang"), ("增长", "zeng zhang"), ("生长", "sheng zhang"),
    // 厦 xià only in 厦门; 大厦 is shà, the crate's first reading
    ("厦门", "xia men"),
    // 乐 yuè (music) / lè
    ("音乐", "yin yue"), ("乐器", "yue qi"), ("乐团", "yue tuan"), ("声乐", "sheng yue"),
    ("器乐", "qi yue"), ("娱乐", "yu le"), ("乐园", "le yuan"), ("乐昌", "le chang"),
    // 调 tiáo / diào
    ("空调", "kong tiao"), ("协调", "xie tiao"), ("调节", "tiao jie"), ("调控", "tiao kong"),
    ("调制", "tiao zhi"), ("调味", "tiao wei"), ("调理", "tiao li"),
    ("调查", "diao cha"), ("调研", "diao yan"), ("调度", "diao du"),
    // 藏 zàng (Tibet) / cáng
    ("西藏", "xi zang"), ("藏族", "zang zu"), ("藏医", "zang yi"), ("藏药", "zang yao"),
    ("青藏", "qing zang"), ("收藏", "shou cang"), ("储藏", "chu cang"), ("冷藏", "leng cang"),
    // 朝 cháo / zhāo
    ("朝阳", "chao yang"), ("朝鲜", "chao xian"), ("朝晖", "zhao hui"), ("朝霞", "zhao xia"),
    // Places in and around Guangdong
    ("番禺", "pan yu"), ("大埔", "da bu"), ("佛山", "fo shan"), ("东莞", "dong guan"),
    ("成都", "cheng du"), ("首都", "shou du"), ("都市", "du shi"), ("花都", "hua du"),
    ("柏林", "bo lin"),
    // Trades and products
    ("会计", "kuai ji"), ("人参", "ren shen"), ("海参", "hai shen"), ("丹参", "dan shen"),
    ("给水", "ji shui"), ("给排水", "ji pai shui"), ("供给", "gong ji"), ("模具", "mu ju"),
    ("薄膜", "bo mo"), ("薄荷", "bo he"), ("校准", "jiao zhun"), ("校验", "jiao yan"),
    ("还原", "huan yuan"), ("畜牧", "xu mu"), ("畜禽", "chu qin"), ("弹性", "tan xing"),
];

/// Readings besides the crate's first that are frequent in modern Chinese: every character the
/// 现代汉语频率词典 (Unihan kHanyuPinlu, as mozillazg/pinyin-data lists it) gives more than one
/// reading, interjections left out; plus 晟 shèng, 峤 qiáo and 佛 fó, the usual readings in
/// names, which that word-frequency list is too small to hold.
#[rustfmt::skip]
const ALSO: &[(char, &str)] = &[
    ('乐', "yue"), ('了', "liao"), ('传', "zhuan"), ('会', "kuai"), ('似', "si"),
    ('便', "pian"), ('刹', "cha"), ('削', "xiao"), ('参', "shen"), ('吁', "yu"), ('和', "huo"),
    ('咳', "hai"), ('咽', "ye"), ('地', "de"), ('埋', "man"), ('塞', "se"), ('壳', "qiao"),
    ('大', "dai"), ('宿', "xiu"), ('差', "chai"), ('弹', "tan"), ('得', "dei"), ('恶', "wu"),
    ('朝', "zhao"), ('模', "mu"), ('没', "mo"), ('泊', "bo"), ('率', "shuai"), ('畜', "xu"),
    ('盛', "cheng"), ('着', "zhao zhuo"), ('称', "chen"), ('系', "ji"), ('给', "ji"),
    ('落', "la"), ('著', "zhe zhao zhuo"), ('薄', "bo"), ('血', "xie"), ('行', "hang"),
    ('见', "xian"), ('觉', "jiao"), ('角', "jue"), ('调', "tiao"), ('辟', "bi"), ('还', "huan"),
    ('都', "du"), ('重', "chong"), ('长', "chang"), ('降', "xiang"), ('圈', "juan"),
    ('晟', "sheng"), ('峤', "qiao"), ('佛', "fo"),
];

/// Surnames read otherwise than the character usually is (曾 is céng, but 曾 the surname is
/// zēng): common for the first character of a person's name.
#[rustfmt::skip]
const SURNAMES: &[(char, &str)] = &[
    ('曾', "zeng"), ('区', "ou"), ('单', "shan"), ('仇', "qiu"), ('解', "xie"), ('查', "zha"),
    ('朴', "piao"), ('盖', "ge"), ('缪', "miao"), ('翟', "zhai"), ('覃', "qin"), ('种', "chong"),
    ('召', "shao"), ('尉', "yu"),
];

struct Word {
    chars: Vec<char>,
    readings: Vec<&'static str>,
}

/// The tables, sorted by character for binary search.
struct Index {
    words: Vec<Word>,
    /// (character, index in `words`, position in the word).
    by_char: Vec<(char, usize, usize)>,
    also: Vec<(char, &'static str)>,
    surnames: Vec<(char, &'static str)>,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let words: Vec<Word> = WORDS
        .iter()
        .map(|&(word, readings)| Word {
            chars: word.chars().collect(),
            readings: readings.split_whitespace().collect(),
        })
        .collect();
    let mut by_char: Vec<(char, usize, usize)> = words
        .iter()
        .enumerate()
        .flat_map(|(w, word)| {
            word.chars
                .iter()
                .enumerate()
                .map(move |(at, &c)| (c, w, at))
        })
        .collect();
    by_char.sort_unstable();
    let sorted = |table: &[(char, &'static str)]| {
        let mut table = table.to_vec();
        table.sort_unstable();
        table
    };
    Index {
        words,
        by_char,
        also: sorted(ALSO),
        surnames: sorted(SURNAMES),
    }
});

/// Which readings of one character, where it stands, are common.
pub enum Said {
    /// It is in listed words: their readings of it.
    InWords(Vec<&'static str>),
    /// The crate's first reading, and these (space-separated).
    Default {
        also: &'static str,
        surname: &'static str,
    },
}

impl Said {
    /// Whether the reading `plain` (toneless, as the crate gives it) is common; `first` says it
    /// is the crate's first reading of the character.
    pub fn includes(&self, plain: &str, first: bool) -> bool {
        let is = |typed: &str| pinyin::typed(plain, 'v').eq(typed.chars());
        match self {
            Said::InWords(readings) => readings.iter().any(|r| is(r)),
            Said::Default { also, surname } => {
                first
                    || also
                        .split_whitespace()
                        .chain(surname.split_whitespace())
                        .any(is)
            }
        }
    }
}

/// Which readings of `chars[i]` are common there; `person` says `chars` is a person's name.
pub fn said(chars: &[char], i: usize, person: bool) -> Said {
    let index = &*INDEX;
    let Some(&c) = chars.get(i) else {
        return Said::InWords(Vec::new());
    };
    let from = index.by_char.partition_point(|e| e.0 < c);
    let in_words: Vec<&'static str> = index.by_char[from..]
        .iter()
        .take_while(|e| e.0 == c)
        .filter_map(|&(_, w, at)| {
            let word = &index.words[w];
            let around = i
                .checked_sub(at)
                .and_then(|start| chars.get(start..start + word.chars.len()))?;
            (around == word.chars.as_slice()).then_some(word.readings[at])
        })
        .collect();
    if !in_words.is_empty() {
        return Said::InWords(in_words);
    }
    let listed = |table: &[(char, &'static str)]| {
        table
            .binary_search_by_key(&c, |e| e.0)
            .map_or("", |at| table[at].1)
    };
    Said::Default {
        also: listed(&index.also),
        surname: if person && i == 0 {
            listed(&index.surnames)
        } else {
            ""
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::pinyin::ToPinyinMulti;

    /// The crate's readings of `c`, typed (toneless, ü as v).
    fn crate_readings(c: char) -> Vec<String> {
        c.to_pinyin_multi()
            .map(|multi| {
                multi
                    .into_iter()
                    .map(|p| p.plain().replace('ü', "v"))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn every_listed_reading_is_one_the_crate_knows() {
        for &(word, readings) in WORDS {
            let readings: Vec<&str> = readings.split_whitespace().collect();
            assert_eq!(word.chars().count(), readings.len(), "{word}");
            for (c, r) in word.chars().zip(readings) {
                assert!(crate_readings(c).iter().any(|k| k == r), "{word}: {c} {r}");
            }
        }
        for &(c, readings) in ALSO.iter().chain(SURNAMES) {
            let known = crate_readings(c);
            for r in readings.split_whitespace() {
                // Not the first reading, which is common anyway.
                assert!(known.iter().skip(1).any(|k| k == r), "{c} {r}");
            }
        }
    }

    #[test]
    fn tables_hold_no_duplicates() {
        let mut words: Vec<&str> = WORDS.iter().map(|w| w.0).collect();
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), WORDS.len());
        for table in [ALSO, SURNAMES] {
            let mut chars: Vec<char> = table.iter().map(|e| e.0).collect();
            chars.sort_unstable();
            chars.dedup();
            assert_eq!(chars.len(), table.len());
        }
    }

    fn common(text: &str, i: usize, person: bool, reading: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let first = crate_readings(chars[i])[0] == reading;
        said(&chars, i, person).includes(reading, first)
    }

    #[test]
    fn words_settle_readings_and_defaults_apply_elsewhere() {
        assert!(common("银行", 1, false, "hang"));
        assert!(!common("银行", 1, false, "xing"));
        assert!(common("行走", 0, false, "xing") && common("行走", 0, false, "hang"));
        assert!(common("厦门", 0, false, "xia") && !common("厦门", 0, false, "sha"));
        assert!(common("大厦", 1, false, "sha") && !common("大厦", 1, false, "xia"));
        assert!(common("港口", 0, false, "gang") && !common("港口", 0, false, "hong"));
        assert!(common("重庆", 0, false, "chong") && !common("重庆", 0, false, "zhong"));
        assert!(common("重载", 0, false, "zhong") && !common("重载", 0, false, "chong"));
        // 银行行业: each 行 is in one word or the other.
        assert!(common("银行行业", 2, false, "hang"));
    }

    #[test]
    fn surnames_count_only_where_a_name_starts() {
        assert!(common("曾嘉", 0, true, "zeng"));
        assert!(common("曾嘉", 0, true, "ceng"));
        assert!(!common("曾嘉", 0, false, "zeng"));
        assert!(!common("王曾", 1, true, "zeng"));
    }
}
