//! A refusal over another user's change is read in full inside the dialog that keeps the input.

use super::{COLOUR, draw};
use crate::app::testkit::{Harness, demo_today};
use crate::domain::codes::Status;
use crate::service::Request;

/// The text inside the dialog box's borders, row by row, joined.
fn boxed(text: &str) -> String {
    text.lines()
        .filter_map(|l| {
            let (_, inside) = l.split_once('│')?;
            Some(
                inside
                    .rsplit_once('│')
                    .map_or(inside, |(i, _)| i)
                    .trim_end()
                    .to_string(),
            )
        })
        .collect()
}

/// A correction another user makes: the base's technical fields.
fn fields(id: &str) -> Request {
    Request::Edit {
        id: id.into(),
        pairs: vec![("fields".into(), "海洋工程".into())],
    }
}

fn markable(h: &Harness) -> String {
    h.rows()
        .iter()
        .filter(|r| r.status == Status::Recognised)
        .find(|r| {
            let base = h.store.base(&r.id).expect("a base");
            base.last_round().is_none_or(|l| l.date < demo_today())
        })
        .map(|r| r.id.clone())
        .expect("a markable base")
}

#[test]
fn a_conflict_in_the_mark_confirmation_is_shown_whole() {
    let mut h = Harness::demo();
    let id = markable(&h);
    h.cursor_to(&id);
    h.press("e 2");
    h.as_other_user(fields(&id));
    h.press("y");
    let inside = boxed(&draw(&h.app, COLOUR).text());
    for part in [
        format!("{id} 已被 wang 于"),
        "修改（修改 fields）".to_string(),
        "未写入任何内容；已显示新版本，按 y 在新版本上重新提交".to_string(),
    ] {
        // A line may end where a space was.
        let (inside, part) = (inside.replace(' ', ""), part.replace(' ', ""));
        assert!(inside.contains(&part), "{part:?} in {inside}");
    }
}

#[test]
fn a_conflict_in_a_form_is_shown_whole() {
    let mut h = Harness::demo();
    let id = markable(&h);
    h.cursor_to(&id);
    h.press("c tab");
    h.type_text("南粤新名称");
    h.as_other_user(fields(&id));
    h.press("enter");
    let inside = boxed(&draw(&h.app, COLOUR).text());
    for part in [
        format!("{id} 已被 wang 于"),
        "按 Enter 在新版本上重新提交".to_string(),
        "南粤新名称".to_string(),
    ] {
        // A line may end where a space was.
        let (inside, part) = (inside.replace(' ', ""), part.replace(' ', ""));
        assert!(inside.contains(&part), "{part:?} in {inside}");
    }
}
