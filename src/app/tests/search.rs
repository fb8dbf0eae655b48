//! Hits arrive part by part: the list shows what was found so far, never waits for the whole
//! pass, and narrows only from a whole answer.

use super::super::testkit::Harness;
use super::super::{Effect, Msg};
use crate::search::SearchHit;

fn search_effect(effects: &[Effect]) -> (u64, String, Option<Vec<u32>>) {
    match effects {
        [Effect::Search { seq, query, within }] => (*seq, query.clone(), within.clone()),
        other => panic!("expected one search, got {other:?}"),
    }
}

fn ids(h: &Harness, hits: &[SearchHit]) -> Vec<String> {
    hits.iter()
        .map(|hit| h.rows()[hit.row as usize].id.clone())
        .collect()
}

/// The hits split in two, each best first: as two parts of a pass hand them over.
fn halves(hits: &[SearchHit]) -> (Vec<SearchHit>, Vec<SearchHit>) {
    let (a, b): (Vec<_>, Vec<_>) = hits.iter().cloned().partition(|h| h.row % 2 == 0);
    (a, b)
}

#[test]
fn the_first_hits_show_at_once_and_the_rest_join_them_best_first() {
    let mut h = Harness::demo();
    h.press("/");
    let (seq, query, within) = search_effect(&h.send("研"));
    let all = h.search(seq, query, within);
    assert!(all.len() > 3, "{}", all.len());
    let (first, rest) = halves(&all);
    h.app.update(Msg::SearchFound {
        seq,
        hits: first.clone(),
        complete: false,
    });
    assert_eq!(h.visible_ids(), ids(&h, &first), "what was found so far");
    assert!(!h.app.list.search.settled(), "still searching");
    h.app.update(Msg::SearchFound {
        seq,
        hits: rest,
        complete: true,
    });
    assert_eq!(h.visible_ids(), ids(&h, &all), "all of them, best first");
    assert!(h.app.list.search.settled());
}

#[test]
fn a_query_grown_from_a_partial_answer_searches_every_row() {
    let mut h = Harness::demo();
    h.press("/");
    let (seq, query, within) = search_effect(&h.send("研"));
    let all = h.search(seq, query, within);
    let (first, _) = halves(&all);
    h.app.update(Msg::SearchFound {
        seq,
        hits: first,
        complete: false,
    });
    let (_, _, within) = search_effect(&h.send("究"));
    assert_eq!(within, None, "half an answer cannot be narrowed");
}

#[test]
fn the_same_query_searched_again_keeps_its_hits_until_the_new_ones_are_whole() {
    let mut h = Harness::demo();
    h.press("/");
    h.type_text("研究");
    h.press("enter");
    let shown = h.visible_ids();
    let (seq, query, within) = match h.app.research(false).as_slice() {
        [Effect::Search { seq, query, within }] => (*seq, query.clone(), within.clone()),
        other => panic!("{other:?}"),
    };
    let all = h.search(seq, query, within);
    let (first, rest) = halves(&all);
    h.app.update(Msg::SearchFound {
        seq,
        hits: first,
        complete: false,
    });
    assert_eq!(
        h.visible_ids(),
        shown,
        "no list shrinking to half an answer"
    );
    h.app.update(Msg::SearchFound {
        seq,
        hits: rest,
        complete: true,
    });
    assert_eq!(h.visible_ids(), ids(&h, &all));
    assert!(h.app.list.search.settled());
}
