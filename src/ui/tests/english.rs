//! The English console and `jidi show --lang en`: English sentences punctuated as English, and
//! labels that are longer in English given the room they need. Data values (names, rounds,
//! document numbers) stay as entered.

use super::{COLOUR, FILTER_BAR, MAIN, draw, words};
use crate::app::testkit::Harness;
use crate::domain::codes::{Category, Code, Outcome, RegionGroup};
use crate::domain::text::Lang;
use crate::keymap::Keymap;
use crate::ui::detail::{plain_text, text_of};
use crate::ui::width;

/// Chinese punctuation that no English sentence of ours should hold.
const ZH_PUNCTUATION: &[char] = &[
    '（', '）', '，', '：', '；', '、', '【', '】', '「', '」', '。',
];

fn english() -> Harness {
    Harness::with(Lang::En, Keymap::load("default", None).expect("the preset"))
}

/// What `jidi show ID --lang en` prints for `id`.
fn shown(h: &mut Harness, id: &str) -> String {
    h.command(&format!("goto {id}"));
    let view = h.app.detail.as_ref().expect("the base is open");
    plain_text(&text_of(&h.app, view))
}

/// The lines of `text` with Chinese punctuation outside the base's own values.
fn offending<'a>(text: &'a str, values: &[String]) -> Vec<&'a str> {
    text.lines()
        .filter(|line| {
            let mut rest = line.to_string();
            for v in values {
                rest = rest.replace(v.as_str(), "");
            }
            rest.contains(ZH_PUNCTUATION)
        })
        .collect()
}

#[test]
fn english_detail_text_has_no_chinese_punctuation_around_the_data() {
    let mut h = english();
    let ids = h.visible_ids();
    for id in ids {
        let text = shown(&mut h, &id);
        let base = h.store.base(&id).expect("the base");
        // The values as entered: their own punctuation is theirs.
        let mut values = vec![
            base.name.clone(),
            base.host.name.clone(),
            base.recommender.clone(),
        ];
        values.extend(base.former_names.iter().cloned());
        values.extend(base.fields.iter().cloned());
        values.extend(base.focus_countries.iter().cloned());
        values.extend(base.recognition.iter().map(|r| r.doc_no.clone()));
        values.extend(base.rounds.iter().map(|r| r.round.clone()));
        let bad = offending(&text, &values);
        assert!(bad.is_empty(), "{id}:\n{}", bad.join("\n"));
    }
}

#[test]
fn english_detail_writes_asides_and_lists_the_english_way() {
    let mut h = english();
    let id = h.first_row(|r| !r.name.is_empty()).id;
    let text = shown(&mut h, &id);
    let base = h.store.base(&id).expect("the base");
    let host = format!(
        "{} ({}, legal person {})",
        base.host.name,
        base.host.kind.en(),
        if base.host.legal_person { "yes" } else { "no" }
    );
    assert!(text.contains(&host), "{host} in\n{text}");
    assert!(text.contains("\n[Overview]\n"), "{text}");
    if base.fields.len() > 1 {
        assert!(text.contains(&base.fields.join(", ")), "{text}");
    }
    h.press("t");
    let with_findings = h.app.triage_rows()[0].base_id.clone();
    let text = shown(&mut h, &with_findings);
    assert!(text.contains("Findings ("), "{text}");
}

#[test]
fn the_english_dashboard_keeps_each_count_under_its_region() {
    let mut h = english();
    h.press("d");
    let d = draw(&h.app, COLOUR);
    let header_y = (MAIN..d.buf.area.height)
        .find(|y| d.line(*y).contains(RegionGroup::all()[0].en()))
        .expect("the matrix header");
    let header = d.line(header_y);
    // Each number ends in the column where its region's label ends.
    let ends: Vec<usize> = RegionGroup::all()
        .iter()
        .map(|g| g.en())
        .chain(["Total"])
        .map(|label| {
            let at = header.find(label).expect("a label");
            unicode_width::UnicodeWidthStr::width(&header[..at]) + label.len()
        })
        .collect();
    for (i, c) in Category::all().iter().enumerate() {
        let line = d.line(header_y + 1 + i as u16);
        assert!(line.contains(c.en()), "{} whole in {line}", c.en());
        let numbers: Vec<usize> = line
            .char_indices()
            .filter(|(at, ch)| {
                ch.is_ascii_digit() && !line[at + 1..].starts_with(|n: char| n.is_ascii_digit())
            })
            .map(|(at, _)| at + 1)
            .collect();
        assert_eq!(numbers, ends, "{header}\n{line}");
    }
    let text = d.text();
    for o in Outcome::all() {
        assert!(
            text.lines()
                .any(|l| words(l).first() == Some(&o.en().split(' ').next().unwrap())),
            "{} in\n{text}",
            o.en()
        );
        assert!(text.contains(o.en()), "{} whole in\n{text}", o.en());
    }
    // The cursor cell in one style: a colon and a space, as English writes it.
    let cell = text
        .lines()
        .find(|l| l.contains("Cell"))
        .expect("the cursor cell's line");
    assert!(
        cell.trim().starts_with(&format!(
            "Cell: {} × {}: ",
            Category::all()[0].en(),
            RegionGroup::all()[0].en()
        )),
        "{cell}"
    );
    assert!(!cell.contains('：'), "{cell}");
}

#[test]
fn the_english_triage_footer_and_cases_tab_punctuate_in_english() {
    let mut h = english();
    h.press("t");
    let f = h.app.triage_rows()[0].clone();
    let name = h.app.row(&f.base_id).expect("its row").name.clone();
    let text = draw(&h.app, COLOUR).text();
    assert!(text.contains(&format!("[{}] {name}: ", f.rule)), "{text}");
    h.command(&format!("goto {}", f.base_id));
    h.press("backtab");
    let n = h.app.detail.as_ref().expect("open").findings.len();
    let text = draw(&h.app, COLOUR).text();
    assert!(text.contains(&format!("Findings ({n})")), "{text}");
}

#[test]
fn a_detail_line_too_long_for_80_columns_ends_in_an_ellipsis() {
    let mut h = english();
    let id = h.visible_ids()[0].clone();
    let full = shown(&mut h, &id);
    let leader = full
        .lines()
        .find(|l| l.starts_with("Leader"))
        .expect("the leader line");
    assert!(
        width(leader) > 80,
        "the demo's first leader line is long in English"
    );
    let d = draw(&h.app, COLOUR);
    let y = (MAIN..d.buf.area.height)
        .find(|y| d.line(*y).starts_with("Leader"))
        .expect("the leader on screen");
    let row = d.line(y);
    let row = row.trim_end();
    let kept = row
        .strip_suffix('…')
        .unwrap_or_else(|| panic!("cut without …: {row}"));
    assert!(leader.starts_with(kept), "{kept} ⊄ {leader}");
}

#[test]
fn english_shows_cities_by_their_english_names_not_their_codes() {
    let mut h = english();
    let id = h.first_row(|r| r.city == "shantou").id;
    h.cursor_to(&id);
    let d = draw(&h.app, COLOUR);
    let y = d.row_of(&id).expect("the row on screen");
    let city = d.column_of(MAIN, "City").expect("a header");
    let status = d.column_of(MAIN, "Status").expect("a header");
    assert_eq!(d.span(y, city, status).trim(), "Shantou", "{}", d.line(y));
    h.press("enter");
    let text = draw(&h.app, COLOUR).text();
    assert!(text.contains(" · Shantou · East · "), "{text}");
    h.press("esc f r");
    let text = draw(&h.app, COLOUR).text();
    let cities = &h.policy().cities;
    let named = cities
        .iter()
        .filter(|c| text.contains(&format!("{} ({})", c.label(Lang::En), c.group.en())))
        .count();
    assert!(named >= 5, "{text}");
    assert!(
        cities
            .iter()
            .all(|c| !text.contains(&format!("{} (", c.pinyin))),
        "{text}"
    );
    h.press("esc");
    h.command("filter 地区=汕头");
    let bar = draw(&h.app, COLOUR).line(FILTER_BAR);
    assert!(bar.contains("Shantou"), "{bar}");
}
