use super::*;

fn base(id: &str, name: &str, host: &str, leader: &str) -> SearchKey<'static> {
    SearchKey::new(&[
        (Field::Id, id),
        (Field::Name, name),
        (Field::Host, host),
        (Field::Leader, leader),
    ])
}

fn name_only(name: &str) -> SearchKey<'static> {
    SearchKey::new(&[(Field::Name, name)])
}

fn hit(query: &str, key: &SearchKey) -> Option<Hit> {
    Matcher::new().score(&Query::new(query), key)
}

fn matches(query: &str, key: &SearchKey) -> bool {
    hit(query, key).is_some()
}

/// The highlighted characters of a hit, as text.
fn marked(query: &str, key: &SearchKey) -> String {
    let hit = hit(query, key).unwrap_or_else(|| panic!("{query} found nothing"));
    let chars: Vec<char> = key.field_text(hit.field_index).chars().collect();
    hit.positions.iter().map(|&i| chars[i]).collect()
}

fn sample() -> SearchKey<'static> {
    base(
        "GDICB-2025-0007",
        "华南理工海洋工程国际联合研究中心",
        "南粤海洋大学",
        "陈明",
    )
}

#[test]
fn chinese_substrings_in_every_text_field() {
    let key = sample();
    assert_eq!(hit("海洋工程", &key).map(|h| h.field), Some(Field::Name));
    assert_eq!(hit("南粤", &key).map(|h| h.field), Some(Field::Host));
    assert_eq!(hit("陈明", &key).map(|h| h.field), Some(Field::Leader));
    assert!(!matches("北方", &key));
}

#[test]
fn former_names_stay_searchable() {
    let key = SearchKey::new(&[
        (Field::Name, "南粤海洋生物国际联合研究中心"),
        (Field::FormerName, "珠江口生态实验室"),
        (Field::FormerName, "伶仃洋观测站"),
    ]);
    let found = hit("伶仃洋", &key).expect("second former name");
    assert_eq!((found.field, found.field_index), (Field::FormerName, 2));
    assert_eq!(key.field_text(2), "伶仃洋观测站");
    assert_eq!(hit("ldy", &key).map(|h| h.field_index), Some(2));
}

#[test]
fn fuzzy_chinese_when_no_substring() {
    let key = sample();
    let found = hit("华理海", &key).expect("subsequence of the name");
    assert_eq!(found.field, Field::Name);
    assert_eq!(found.positions, vec![0, 2, 4]);
    assert!(!matches("理华", &key));
}

#[test]
fn pinyin_initials_full_and_mixed() {
    let key = name_only("华南理工大学国际合作基地");
    for q in [
        "hnlg",
        "huananligong",
        "hnligong",
        "huananlig",
        "HNLG",
        "华南lg",
        "hn理工",
    ] {
        let found = hit(q, &key).unwrap_or_else(|| panic!("{q}"));
        assert_eq!(found.positions, vec![0, 1, 2, 3], "{q}");
    }
    assert_eq!(marked("huananl", &key), "华南理");
    assert_eq!(marked("gjhz", &key), "国际合作");
    assert!(!matches("hnlg", &name_only("华北理工大学")));
    assert!(!matches("hbg", &key));
}

#[test]
fn polyphonic_characters_match_by_any_reading() {
    let cases = [
        ("银行", ["yh", "yinhang"]),
        ("重庆", ["cq", "chongqing"]),
        ("厦门", ["xm", "xiamen"]),
        ("长沙", ["cs", "changsha"]),
    ];
    for (word, queries) in cases {
        let key = name_only(&format!("{word}国际科技合作基地"));
        for q in queries {
            assert_eq!(marked(q, &key), word, "{q}");
        }
    }
    assert!(!matches("yh", &name_only("银杏生物研究所")));
    assert!(!matches("yinhang", &name_only("银杏生物研究所")));
}

#[test]
fn ids_by_any_part() {
    let key = sample();
    for q in ["0007", "gdicb-2025-0007", "2025-0007", "GDICB", "０００７"] {
        let found = hit(q, &key).unwrap_or_else(|| panic!("{q}"));
        assert_eq!(found.field, Field::Id, "{q}");
    }
    assert_eq!(marked("2025-0007", &key), "2025-0007");
    assert!(!matches("0008", &key));
}

#[test]
fn letters_in_names_match_literally() {
    let key = base(
        "GDICB-2024-0100",
        "南粤AI医疗国际联合实验室",
        "Nordwind GmbH",
        "林一",
    );
    assert_eq!(marked("ai", &key), "AI");
    assert_eq!(marked("aiyl", &key), "AI医疗");
    assert_eq!(marked("nordwind", &key), "Nordwind");
    assert_eq!(hit("wind gmbh", &key).map(|h| h.field), Some(Field::Host));
}

#[test]
fn full_width_and_spacing_variants_behave_like_normal_forms() {
    let key = name_only("华南理工大学国际合作基地");
    let normal = hit("hnlg", &key);
    assert!(normal.is_some());
    assert_eq!(hit("ＨＮＬＧ", &key), normal);
    assert_eq!(hit("  hnlg ", &key), normal);
    assert_eq!(hit("华南 理工", &key), hit("华南理工", &key));
    assert!(matches("华南 理工", &key));
    assert_eq!(marked("hua nan", &key), "华南");
}

#[test]
fn key_texts_are_cleaned_for_display() {
    // As names are stored: trimmed, full-width letters folded, a space kept as one space.
    let key = name_only("　华南 理工ＡＩ实验室（一期） ");
    assert_eq!(key.field_text(0), "华南 理工AI实验室（一期）");
    assert_eq!(key.field_text(7), "");
    assert_eq!(marked("ai", &key), "AI");
}

#[test]
fn ranking_follows_the_kind_of_match() {
    let exact_id = base("GDICB-2025-0007", "海洋研究中心", "某大学", "王一");
    let name_start = base("GDICB-2025-0008", "海洋研究中心", "某大学", "王一");
    let name_inside = base("GDICB-2025-0009", "南粤海洋研究中心", "某大学", "王一");
    let host = base("GDICB-2025-0010", "生物研究中心", "海洋大学", "王一");
    let fuzzy = base("GDICB-2025-0011", "海上风电洋流研究中心", "某大学", "王一");
    let score = |q: &str, key: &SearchKey| hit(q, key).map(|h| h.score).unwrap_or(i64::MIN);

    assert!(score("gdicb-2025-0007", &exact_id) > score("gdicb-2025-0007", &name_start));
    assert!(score("GDICB-2025-0007", &exact_id) > score("海洋", &name_start));
    let order = [&name_start, &name_inside, &host, &fuzzy].map(|key| score("海洋", key));
    assert!(order.windows(2).all(|w| w[0] > w[1]), "{order:?}");
    let order = [&name_start, &name_inside, &host].map(|key| score("hy", key));
    assert!(order.windows(2).all(|w| w[0] > w[1]), "{order:?}");
}

fn score(query: &str, key: &SearchKey) -> i64 {
    hit(query, key).map_or(i64::MIN, |h| h.score)
}

/// The names that match `query`, best first.
fn ranked<'a>(query: &str, names: &[&'a str]) -> Vec<&'a str> {
    let mut found: Vec<(i64, &str)> = names
        .iter()
        .filter_map(|&name| Some((hit(query, &name_only(name))?.score, name)))
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found.into_iter().map(|(_, name)| name).collect()
}

#[test]
fn the_reading_a_person_would_say_outranks_a_rare_one() {
    // From the demo data. 港 is gǎng; its rare reading hòng made 昀港 spell `yh` and rank first.
    // 砚湖 (yàn hú) is a fair match at the start of its name, so it leads; 银行 follows.
    let names = [
        "昀港中东盟跨境技术转移中心",
        "岚川银行跨境金融科技技术转移中心",
        "砚湖新材料中意陶瓷材料联合研究中心",
    ];
    assert_eq!(ranked("yh", &names), [names[2], names[1], names[0]]);
    assert_eq!(ranked("yh", &names[..2]), [names[1], names[0]]);
    assert_eq!(ranked("yinhang", &names), [names[1]]);
    // Still found by its rare reading.
    assert_eq!(ranked("yunhong", &names), [names[0]]);
}

#[test]
fn words_settle_polyphones_both_ways() {
    let chongqing = "渝粤重庆国际科技合作基地";
    let zhongqi = "重器智能装备研究院";
    assert_eq!(ranked("cq", &[zhongqi, chongqing]), [chongqing, zhongqi]);
    assert_eq!(ranked("zq", &[zhongqi, chongqing]), [zhongqi, chongqing]);
    let chongzu = "长青重组蛋白药业研究院";
    let zhongzai = "禾屿重载装备研究院";
    assert_eq!(ranked("cz", &[zhongzai, chongzu]), [chongzu, zhongzai]);
    assert_eq!(ranked("zz", &[chongzu, zhongzai]), [zhongzai, chongzu]);
    assert_eq!(ranked("zhongzai", &[chongzu, zhongzai]), [zhongzai]);
    assert_eq!(ranked("chongzai", &[chongzu, zhongzai]), [zhongzai]);
    // 厦 is xià in 厦门 only, shà in 大厦: each way is found, the fitting one first.
    let xiamen = "鹭岛厦门国际合作基地";
    let dasha = "海港大厦研究院";
    assert_eq!(ranked("ds", &[xiamen, dasha]), [dasha, xiamen]);
    assert_eq!(ranked("dx", &[dasha, xiamen]), [xiamen, dasha]);
}

#[test]
fn polyphones_in_listed_words_rank_as_plainly_as_any_word() {
    // Same length, same place in the name: same score as 华南 spelled hn, so nothing about the
    // polyphone costs rank.
    let plain = score("hn", &name_only("华南国际科技合作基地"));
    let cases = [
        ("银行", ["yh", "yinhang"]),
        ("重庆", ["cq", "chongqing"]),
        ("厦门", ["xm", "xiamen"]),
        ("长沙", ["cs", "changsha"]),
    ];
    for (word, queries) in cases {
        let key = name_only(&format!("{word}国际科技合作基地"));
        for q in queries {
            assert_eq!(score(q, &key), plain, "{q}");
        }
    }
    assert!(score("yinxing", &name_only("银行国际科技合作基地")) < plain);
}

#[test]
fn rare_readings_rank_below_common_ones_in_the_same_order_of_fields() {
    let key = |name: &str, host: &str| base("GDICB-2025-0001", name, host, "王一");
    let order = [
        key("银行研究中心", "某大学"),
        key("南粤银行研究中心", "某大学"),
        key("生物研究中心", "银行学院"),
        key("昀港研究中心", "某大学"),
        key("南粤昀港研究中心", "某大学"),
        key("生物研究中心", "昀港学院"),
    ]
    .map(|k| score("yh", &k));
    assert!(order.windows(2).all(|w| w[0] > w[1]), "{order:?}");
    // Within one key, a common reading in the host beats a rare one in the name.
    let found = hit("yh", &key("昀港研究中心", "银行学院")).expect("both fields");
    assert_eq!(found.field, Field::Host);
    // Mixed queries rank the same way, and a rare reading still beats a fuzzy match.
    let rare = score("港h", &name_only("港港研究中心"));
    assert!(score("港h", &name_only("港湖研究中心")) > rare);
    assert!(rare > score("港h", &name_only("港口研究中心h")));
    assert!(matches("港h", &name_only("港口研究中心h")));
}

#[test]
fn leaders_surnames_read_as_surnames() {
    let leader = |name: &str| base("GDICB-2025-0001", "生物研究中心", "某大学", name);
    assert_eq!(score("zj", &leader("曾嘉")), score("zj", &leader("郑佳")));
    assert_eq!(score("oum", &leader("区明")), score("oum", &leader("欧明")));
    // 曾 is céng outside a surname: a rare reading in a name ranks below the leader.
    assert!(score("zj", &name_only("曾嘉研究中心")) < score("zj", &leader("曾嘉")));
}

#[test]
fn keys_written_before_the_rare_mark_match_and_rank_as_before() {
    // Such keys start every further reading with an uppercase letter: all count as common.
    let mut old = name_only("昀港中东盟跨境技术转移中心");
    for b in old.py.to_mut() {
        if *b >= 0x80 {
            *b &= !0x20;
        }
    }
    let new = name_only("昀港中东盟跨境技术转移中心");
    assert_ne!(old, new);
    assert!(score("yh", &old) > score("yh", &new));
    assert_eq!(
        score("yh", &old),
        score("hn", &name_only("华南中东盟跨境技术转移中心"))
    );
}

#[test]
fn ties_go_to_the_shorter_field() {
    let short = name_only("海洋中心");
    let long = name_only("海洋生物国际联合研究中心");
    assert!(hit("海洋", &short).unwrap().score > hit("海洋", &long).unwrap().score);
    assert!(hit("hy", &short).unwrap().score > hit("hy", &long).unwrap().score);
}

#[test]
fn the_best_field_wins_within_a_key() {
    // The host has the pinyin too, but the name outranks it.
    let key = base("GDICB-2025-0012", "海洋研究中心", "海洋大学", "王一");
    assert_eq!(hit("hy", &key).map(|h| h.field), Some(Field::Name));
}

#[test]
fn the_name_wins_whatever_the_field_order() {
    let key = SearchKey::new(&[(Field::Host, "海洋大学"), (Field::Name, "海洋研究中心")]);
    let found = hit("hy", &key).expect("both fields");
    assert_eq!((found.field, found.field_index), (Field::Name, 1));
    let found = hit("海洋", &key).expect("both fields");
    assert_eq!((found.field, found.field_index), (Field::Name, 1));
}

#[test]
fn no_match_spans_two_fields() {
    let key = SearchKey::new(&[(Field::Name, "华南"), (Field::Host, "理工大学")]);
    for q in ["hnlg", "华南理工", "南理", "huananli", "华南lg"] {
        assert!(!matches(q, &key), "{q}");
    }
    assert_eq!(hit("lgdx", &key).map(|h| h.field), Some(Field::Host));
}

#[test]
fn empty_query_matches_everything_plainly() {
    let query = Query::new(" 　");
    assert!(query.is_empty());
    let found = Matcher::new().score(&query, &sample()).expect("everything");
    assert_eq!((found.score, found.positions.len()), (0, 0));
    assert!(Matcher::new().score(&query, &SearchKey::new(&[])).is_some());
}

#[test]
fn narrows_examples() {
    let q = Query::new;
    assert!(q("hnlg").narrows(&q("hnl")));
    assert!(!q("hnl").narrows(&q("hnlg")));
    assert!(q("华南理").narrows(&q("华南")));
    assert!(q("华南l").narrows(&q("华南")));
    assert!(!q("hnlg").narrows(&q("华南")));
    assert!(!q("hn华").narrows(&q("hn")));
    assert!(q("hnlg").narrows(&q("")));
    assert!(q("hnlg").narrows(&q("hnlg")));
    assert!(q("ＨＮＬＧ").narrows(&q("hn")));
}

/// Whenever `narrows` says yes, no key matching the longer query is missed by the shorter one.
#[test]
fn narrows_never_loses_a_hit() {
    let keys = [
        sample(),
        name_only("华南理工大学国际合作基地"),
        name_only("重庆银行研究院"),
        name_only("海上风电洋流研究中心"),
        base(
            "GDICB-2024-0100",
            "南粤AI医疗实验室",
            "Nordwind GmbH",
            "林一",
        ),
        name_only("华南-理工 5G 实验室"),
    ];
    let queries = [
        "hnlg",
        "huananligong",
        "华南lg",
        "华南理工",
        "华理海",
        "gdicb-2025",
        "cqyh",
        "ai医疗",
        "nordwind gmbh",
        "hua nan li",
        "5gsys",
        "海洋gc",
    ];
    let mut matcher = Matcher::new();
    for full in queries {
        let chars: Vec<char> = full.chars().collect();
        for long in 0..=chars.len() {
            for short in 0..=long {
                let longer = Query::new(&chars[..long].iter().collect::<String>());
                let shorter = Query::new(&chars[..short].iter().collect::<String>());
                if !longer.narrows(&shorter) {
                    continue;
                }
                for key in &keys {
                    if matcher.score(&longer, key).is_some() {
                        assert!(
                            matcher.score(&shorter, key).is_some(),
                            "{:?} narrows {:?} but loses {:?}",
                            longer.needle.as_str(),
                            shorter.needle.as_str(),
                            key.field_text(1)
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn odd_input_never_panics() {
    let huge = "华".repeat(50_000);
    let keys = [
        sample(),
        SearchKey::new(&[]),
        SearchKey::new(&[
            (Field::Name, ""),
            (Field::Host, "🦀🦀"),
            (Field::Leader, &huge),
        ]),
        name_only("e\u{301}\u{302}\u{303}华南🦀理工İK\u{212A}"),
    ];
    let queries = [
        String::new(),
        huge.clone(),
        "a".repeat(100_000),
        "🦀".into(),
        "\u{301}".into(),
        "e\u{301}".into(),
        "华🦀".into(),
        "İ".into(),
        "\u{212A}".into(),
        "\0".into(),
        "-".into(),
    ];
    let mut matcher = Matcher::new();
    for key in &keys {
        for q in &queries {
            let query = Query::new(q);
            if let Some(found) = matcher.score(&query, key) {
                let len = key.field_text(found.field_index).chars().count();
                assert!(found.positions.iter().all(|&p| p < len));
            }
        }
    }
    assert!(matches(&huge[..30], &keys[2]));
}

/// Keys are stored with postcard only (they never appear in JSON output).
#[test]
fn keys_round_trip_through_postcard() {
    let key = SearchKey::new(&[
        (Field::Id, "GDICB-2025-0007"),
        (Field::Name, "重庆银行AI国际合作基地"),
        (Field::FormerName, "旧名"),
        (Field::Host, "Nordwind GmbH"),
        (Field::Leader, "陈明"),
    ]);
    let bytes = postcard::to_allocvec(&key).expect("encode");
    assert_eq!(
        postcard::from_bytes::<SearchKey>(&bytes).expect("decode"),
        key
    );
}

#[test]
fn damaged_keys_do_not_panic() {
    let bytes = postcard::to_allocvec(&sample()).expect("encode");
    let mut matcher = Matcher::new();
    for cut in 0..bytes.len() {
        let mut damaged = bytes.clone();
        damaged[cut] ^= 0xA5;
        if let Ok(key) = postcard::from_bytes::<SearchKey>(&damaged) {
            for q in ["hnlg", "华南", "华理", "0007", "华南lg"] {
                let _ = matcher.score(&Query::new(q), &key);
            }
        }
    }
}

#[test]
fn a_key_read_in_place_from_stored_bytes_scores_as_the_original() {
    let key = base(
        "GDICB-2025-0007",
        "华南理工智能装备联合研究中心",
        "岭南装备研究院",
        "林晓岚",
    );
    let bytes = postcard::to_allocvec(&key).expect("encodes");
    let borrowed: SearchKey = postcard::from_bytes(&bytes).expect("decodes in place");
    assert!(
        matches!(borrowed.text, std::borrow::Cow::Borrowed(_)),
        "the text is not copied"
    );
    let mut m = Matcher::new();
    for q in ["hnlg", "华南", "0007", "lxl", "岭南"] {
        let query = Query::new(q);
        assert_eq!(m.score(&query, &borrowed), m.score(&query, &key), "{q}");
    }
    assert_eq!(borrowed.field_text(3), "林晓岚");
    assert_eq!(borrowed.into_owned(), key);
}

#[test]
fn garbled_spans_end_the_fields_without_panicking() {
    let mut key = base("GDICB-2025-0007", "华南理工", "岭南", "林");
    key.spans = std::borrow::Cow::Owned(vec![1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    assert_eq!(key.field_text(0), "");
    assert!(Matcher::new().score(&Query::new("hnlg"), &key).is_none());
}

#[test]
fn names_sort_by_their_common_pinyin() {
    let mut names = vec!["云岫生态", "澄湾大学", "岚川银行", "安澜科技"];
    names.sort_by_cached_key(|n| sort_key(n));
    assert_eq!(names, ["安澜科技", "澄湾大学", "岚川银行", "云岫生态"]);
}

#[test]
fn the_sort_key_reads_polyphones_as_search_does() {
    assert_eq!(sort_key("长青重组"), "chang qing chong zu ");
    assert_eq!(sort_key("重庆"), "chong qing ");
    assert_eq!(sort_key("岚川银行"), "lan chuan yin hang ");
    assert_eq!(sort_key("厦门"), "xia men ");
    assert_eq!(sort_key("A座3号·x"), "a zuo 3 hao · x ");
    assert_eq!(sort_key("ABC"), "a b c ");
}

#[test]
fn polyphone_names_sort_among_c_not_z() {
    let mut names = vec!["珠海港", "长青重组", "重庆精工", "成都", "岑溪"];
    names.sort_by_cached_key(|n| sort_key(n));
    assert_eq!(names, ["岑溪", "长青重组", "成都", "重庆精工", "珠海港"]);
}

#[test]
fn work_records_match_word_for_word_and_rank_below_the_base_s_own_fields() {
    let noted = SearchKey::new(&[
        (Field::Id, "GDICB-2024-0011"),
        (Field::Name, "南溟理工海洋装备国际联合研究中心"),
        (Field::Host, "南溟理工大学"),
        (Field::Leader, "周岚"),
        (Field::Note, "已电话联系李老师，答应周五前补交年度报告"),
    ]);
    let found = hit("补交年度报告", &noted).expect("the note's words");
    assert_eq!(found.field, Field::Note);
    assert_eq!(marked("补交年度报告", &noted), "补交年度报告");
    // Prose is matched literally: neither its pinyin nor a scattered subsequence finds it.
    assert!(!matches("bjndbg", &noted), "initials of the note's words");
    assert!(!matches("dianhua", &noted), "pinyin of the note's words");
    assert!(!matches("电李周", &noted), "a subsequence of the note");
    // The same words in another base's name rank first.
    let named = name_only("补交年度报告试点中心");
    let note_score = hit("年度报告", &noted).expect("in the note").score;
    let name_score = hit("年度报告", &named).expect("in the name").score;
    assert!(name_score > note_score, "{name_score} ≤ {note_score}");
    // A host match of the noted base itself outranks its note.
    assert_eq!(hit("南溟", &noted).map(|h| h.field), Some(Field::Name));
}
