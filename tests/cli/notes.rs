//! Confidential security-risk notes (A15.3.4) through the real binary: sealed at rest, opened only
//! for the security role with the key, every opening recorded.

use crate::support::Env;
use std::os::unix::fs::PermissionsExt;

const SECRET: &str = "岭南光电拟向境外合作方转交未公开的激光器参数";
const MEASURE: &str = "暂停数据交换并报保密办审查";

/// A recognised base with one confidential note, added by an editor; the admin is the test's
/// own account, `zhou` is a security officer, `wang` an editor.
fn base_with_a_note() -> (Env, String) {
    let env = Env::new();
    env.ok(&["init"]);
    let id = env.recognised_base("岭南光电联合研究中心", "岭南光电研究院", "2024-03-01");
    env.ok(&["users", "add", "wang", "editor"]);
    env.ok(&["users", "add", "zhou", "security"]);
    let out = env.run_as(
        "wang",
        &[
            "risk",
            "add",
            &id,
            "--area",
            "关键技术",
            "--severity",
            "高",
            "--text",
            SECRET,
            "--mitigation",
            MEASURE,
            "--date",
            "2026-10-01",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    (env, id)
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn init_makes_a_group_readable_key_beside_the_config() {
    let env = Env::new();
    let said = env.ok(&["init"]);
    let key = env.dir.path().join("notes.key");
    assert!(said.contains(&key.display().to_string()), "{said}");
    let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    let content = std::fs::read_to_string(&key).unwrap();
    assert!(content.contains("AGE-SECRET-KEY-"), "an age identity file");
}

#[test]
fn the_plaintext_is_nowhere_in_the_database_file() {
    let (env, _) = base_with_a_note();
    let bytes = std::fs::read(&env.db).unwrap();
    for secret in [SECRET, MEASURE] {
        let needle = secret.as_bytes();
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "'{secret}' is stored in the clear"
        );
    }
}

#[test]
fn only_a_security_user_reads_the_text_and_the_reading_is_recorded() {
    let (env, id) = base_with_a_note();
    for viewer in ["wang", "li"] {
        let shown = text(&env.run_as(viewer, &["show", &id]));
        assert!(!shown.contains(SECRET), "{viewer} saw the text: {shown}");
        assert!(
            shown.contains("保密"),
            "says the text is confidential: {shown}"
        );
        assert!(
            shown.contains("关键技术"),
            "the area is not secret: {shown}"
        );
        let out = env.run_as(viewer, &["show", &id, "--format", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(!json.to_string().contains(SECRET), "{json}");
        let risk = &json["risks"][0];
        assert!(risk["description"].is_null() && risk["mitigation"].is_null());
        assert!(risk["confidential"].as_str().unwrap().contains("保密"));
    }
    let log_before = env.ok(&["log", &id]);
    let shown = text(&env.run_as("zhou", &["show", &id]));
    assert!(shown.contains(SECRET) && shown.contains(MEASURE), "{shown}");
    assert!(text(&env.run_as("zhou", &["show", &id, "--format", "json"])).contains(SECRET));
    let log = env.ok(&["log", &id, "--format", "json"]);
    let readings = serde_json::from_str::<serde_json::Value>(&log).unwrap();
    let readings: Vec<_> = readings
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "note_read")
        .collect();
    assert_eq!(readings.len(), 2, "each opening is an event: {log}");
    assert!(readings.iter().all(|e| e["actor"] == "zhou"));
    assert!(!log.contains(SECRET), "the event carries no text");
    assert_ne!(log_before, env.ok(&["log", &id]));
}

#[test]
fn the_security_users_json_carries_the_text() {
    let (env, id) = base_with_a_note();
    let out = env.run_as("zhou", &["show", &id, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["risks"][0]["description"], SECRET);
    assert_eq!(value["risks"][0]["mitigation"], MEASURE);
    // Reading is not a change: a script's version is unchanged by it.
    let again = env.run_as("zhou", &["show", &id, "--format", "json"]);
    let again: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(value["version"], again["version"]);
}

#[test]
fn a_read_only_session_or_a_missing_key_opens_nothing_and_says_why() {
    let (env, id) = base_with_a_note();
    let shown = text(&env.run_as("zhou", &["--read-only", "show", &id]));
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("只读"), "{shown}");

    std::fs::rename(
        env.dir.path().join("notes.key"),
        env.dir.path().join("moved.key"),
    )
    .unwrap();
    let shown = text(&env.run_as("zhou", &["show", &id]));
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(
        shown.contains("notes.key"),
        "names the file it looked for: {shown}"
    );
    // A user's config may point at where the key went.
    std::fs::write(
        env.dir.path().join("config.toml"),
        format!(
            "note_key = \"{}\"\n",
            env.dir.path().join("moved.key").display()
        ),
    )
    .unwrap();
    assert!(text(&env.run_as("zhou", &["show", &id])).contains(SECRET));
}

#[test]
fn a_key_of_another_database_is_refused_not_used() {
    let (env, id) = base_with_a_note();
    let other = Env::new();
    other.ok(&["init"]);
    std::fs::write(
        env.dir.path().join("config.toml"),
        format!(
            "note_key = \"{}\"\n",
            other.dir.path().join("notes.key").display()
        ),
    )
    .unwrap();
    // The configured key does not open this database's notes; the recorded one still does.
    assert!(text(&env.run_as("zhou", &["show", &id])).contains(SECRET));
    std::fs::remove_file(env.dir.path().join("notes.key")).unwrap();
    let shown = text(&env.run_as("zhou", &["show", &id]));
    assert!(!shown.contains(SECRET), "{shown}");
}

#[test]
fn keygen_is_for_admins_refuses_to_overwrite_and_rotates_every_note() {
    let (env, id) = base_with_a_note();
    assert_eq!(env.run_as("wang", &["keygen"]).status.code(), Some(4));
    let err = env.fails(&["keygen"], 1);
    assert!(err.contains("--rotate"), "{err}");

    let new_key = env.dir.path().join("keys").join("new.key");
    let before = env.snapshot();
    let taken = env.dir.path().join("notes.key");
    let err = env.fails(&["keygen", taken.to_str().unwrap(), "--rotate"], 1);
    assert!(err.contains("notes.key"), "{err}");
    assert_eq!(env.snapshot(), before, "a refused keygen changes nothing");

    let said = env.ok(&["keygen", new_key.to_str().unwrap(), "--rotate"]);
    assert!(said.contains("new.key"), "{said}");
    // The old key opens nothing any more; the new one, recorded, opens the note.
    std::fs::write(
        env.dir.path().join("config.toml"),
        format!("note_key = \"{}\"\n", taken.display()),
    )
    .unwrap();
    let shown = text(&env.run_as("zhou", &["show", &id]));
    assert!(shown.contains(SECRET), "{shown}");
    std::fs::remove_file(&new_key).unwrap();
    let shown = text(&env.run_as("zhou", &["show", &id]));
    assert!(
        !shown.contains(SECRET),
        "the old key cannot open resealed text: {shown}"
    );
    env.ok(&["check"]);
}

#[test]
fn a_database_from_before_sealing_refuses_new_note_text_until_keygen_seals_the_old() {
    let env = Env::new();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/store-v1.redb"),
        &env.db,
    )
    .unwrap();
    let id = env.json(&["list"])[0]["id"].as_str().unwrap().to_string();
    let err = env.fails(
        &[
            "risk",
            "add",
            &id,
            "--area",
            "数据",
            "--severity",
            "低",
            "--text",
            "说明",
        ],
        1,
    );
    assert!(
        err.contains("jidi keygen") && err.contains("A15.3.4"),
        "{err}"
    );
    env.ok(&["keygen"]);
    env.ok(&[
        "risk",
        "add",
        &id,
        "--area",
        "数据",
        "--severity",
        "低",
        "--text",
        "新的说明",
    ]);
    let bytes = std::fs::read(&env.db).unwrap();
    let needle = "新的说明".as_bytes();
    assert!(!bytes.windows(needle.len()).any(|w| w == needle));
}

#[test]
fn a_change_of_key_is_not_undone() {
    let (env, id) = base_with_a_note();
    let new_key = env.dir.path().join("second.key");
    env.ok(&["keygen", new_key.to_str().unwrap(), "--rotate"]);
    let log = env.json(&["log", &id]);
    let batch = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "keygen")
        .map(|e| e["batch"].as_u64().unwrap())
        .unwrap();
    let err = env.fails(&["undo", &batch.to_string()], 1);
    assert!(err.contains("keygen --rotate"), "{err}");
    // A plain `undo` passes over it to the note the admin did not add: nothing of theirs to undo
    // but the roles they granted.
    assert!(text(&env.run_as("zhou", &["show", &id])).contains(SECRET));
}

#[test]
fn an_export_carries_note_text_only_for_security_and_records_each_reading() {
    let (env, id) = base_with_a_note();
    let json_of = |user: &str| {
        let out = env.run_as(user, &["export", "--format", "json"]);
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let plain = json_of("wang");
    assert!(
        !plain.contains(SECRET) && !plain.contains("age:"),
        "{plain}"
    );
    let readings = |env: &Env| {
        env.json(&["log", &id])
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "note_read")
            .count()
    };
    assert_eq!(readings(&env), 0);
    let opened = json_of("zhou");
    assert!(
        opened.contains(SECRET) && opened.contains(MEASURE),
        "{opened}"
    );
    assert_eq!(readings(&env), 1, "the export's reading is recorded");
    let report = env.run_as("zhou", &["report"]);
    assert!(String::from_utf8_lossy(&report.stdout).contains(SECRET));
    assert_eq!(readings(&env), 2);
}

#[test]
fn rotating_beside_a_configured_key_says_to_update_note_key_and_a_stale_one_is_named() {
    let (env, id) = base_with_a_note();
    let keys = env.dir.path().join("keys");
    std::fs::create_dir(&keys).unwrap();
    let configured = keys.join("notes.key");
    std::fs::rename(env.dir.path().join("notes.key"), &configured).unwrap();
    std::fs::write(
        env.dir.path().join("config.toml"),
        format!("note_key = \"{}\"\n", configured.display()),
    )
    .unwrap();
    let said = env.ok(&["keygen", "--rotate"]);
    let new = keys.join("notes-2.key");
    assert!(
        said.contains(&new.display().to_string()),
        "beside the configured key: {said}"
    );
    assert!(said.contains("note_key"), "says to update note_key: {said}");
    // Until note_key is updated the new key is still found where the database recorded it;
    // gone from there, the message names the stale configured key.
    assert!(text(&env.run_as("zhou", &["show", &id])).contains(SECRET));
    std::fs::remove_file(&new).unwrap();
    let shown = text(&env.run_as("zhou", &["show", &id]));
    assert!(
        shown.contains("note_key") && shown.contains("不是本数据库的保密密钥"),
        "{shown}"
    );
}
