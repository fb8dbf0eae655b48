//! The morning routine through the real binary: in triage, take the most urgent finding, write
//! a note on it, and find it in 我的 — then check what `jidi triage --mine` says was stored.

use crate::support::{Env, screen};

#[test]
fn take_a_case_note_it_and_see_it_in_mine() {
    let env = Env::demo();
    // The console runs as this OS account, which `init --demo` made the admin.
    let me = env.json(&["log", "--limit", "1"])[0]["actor"]
        .as_str()
        .expect("an actor")
        .to_string();
    let all = env.json(&["triage"]);
    let total = all.as_array().expect("a list").len();
    let first = all[0].clone();
    let (id, key) = (
        first["base_id"].as_str().expect("an id").to_string(),
        first["key"].as_str().expect("a key").to_string(),
    );
    let mut term = env.start(80, 24);
    let triage = term.press("t", "the triage inbox", |s| {
        screen::row(s, 1).trim_start().starts_with("我的 0")
    });
    assert_eq!(
        screen::cursor_text(&triage, 1),
        format!("全部 {total}"),
        "全部 is the view shown"
    );
    assert!(
        screen::cursor_text(&triage, 3).contains(&id),
        "{}",
        triage.contents()
    );

    let taken = format!("交给 {me}");
    let shown = term.press("a", &taken, |s| {
        screen::contains(s, &taken) && screen::row(s, 1).trim_start().starts_with("我的 1")
    });
    assert!(
        screen::cursor_text(&shown, 3).contains(&me),
        "{}",
        shown.contents()
    );

    // The form's title (the hints below name the key's action too).
    let title = format!("跟进备注 · {key}");
    term.press("i", "the note form", |s| screen::contains(s, &title));
    let note = "已电话催报，答应周五前补交";
    let typed = term.press(note, "the note typed", |s| screen::contains(s, note));
    // The real cursor stands after the last character typed, where an IME pops up.
    let row = screen::find(&typed, note).expect("the field");
    let (cursor_row, cursor_col) = typed.cursor_position();
    assert_eq!(cursor_row, row);
    assert_eq!(
        Some(cursor_col),
        screen::column_of(&typed, row, note).map(|c| c + 2 * note.chars().count() as u16)
    );
    let noted = term.press("\r", "the note stored", |s| {
        !screen::contains(s, &title) && screen::contains(s, &format!("{me} · 待处理"))
    });
    assert!(
        screen::contains(&noted, "已电话催报"),
        "the footer shows the note: {}",
        noted.contents()
    );

    let mine = term.press("1", "我的", |s| screen::cursor_text(s, 1) == "我的 1");
    let row = screen::find(&mine, &id).expect("the case in mine");
    let text = screen::row(&mine, row);
    assert!(text.contains(&me) && text.contains("已电话"), "{text}");
    assert_eq!(screen::find(&mine, "GDICB-"), Some(row), "the first row");
    assert!(
        (row + 1..19).all(|r| !screen::row(&mine, r).contains("GDICB-")),
        "{}",
        mine.contents()
    );
    term.send("q");
    assert!(term.wait_exit().0.success());

    // The command line sees what the console stored.
    let stored = env.json(&["triage", "--mine"]);
    let cases = stored.as_array().expect("a list");
    assert_eq!(cases.len(), 1, "{stored}");
    assert_eq!(cases[0]["key"], key.as_str());
    assert_eq!(cases[0]["assignee"], me.as_str());
    assert_eq!(cases[0]["state"], "open");
    assert_eq!(cases[0]["notes"][0]["text"], note);
}
