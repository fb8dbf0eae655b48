//! Text that would drive a terminal: refused on input naming the field, and never printed raw
//! from a database that holds it anyway (an old file, one written by another program).

use crate::support::Env;

/// OSC 52 (write the clipboard), BEL, CSI as a C1 character, a right-to-left override and an
/// isolate: what a hostile colleague might store in a leader's name.
const CLIPBOARD: &str = "\u{1b}]52;c;cm0gLXJmIH4vKg==\u{7}";
const HOSTILE_NAME: &str = "王\u{1b}]0;pwned\u{7}中心\u{9b}2J\u{202e}exe.txt\u{2066}";

/// Whether `bytes` hold anything a terminal would obey: C0 except line break, DEL, C1 (in
/// UTF-8), U+202A–202E, U+2066–2069.
fn raw_controls(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    text.chars()
        .filter(|c| *c != '\n' && jidi::domain::sanitize::is_unsafe(*c))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect()
}

fn store_hostile_base(env: &Env) -> String {
    let id = env.recognised_base("岭南光电联合研究中心", "岭南光电研究院", "2024-03-01");
    let store = jidi::store::Store::open(&env.db).unwrap();
    let who = jidi::store::Who {
        actor: "old-jidi".into(),
        at: chrono::Utc::now().fixed_offset(),
    };
    store
        .write(&who, |tx| {
            tx.update(&id, "edit", |b| {
                b.name = HOSTILE_NAME.into();
                b.leader.name = format!("李{CLIPBOARD}四");
                b.host.name = "乙单位\u{202e}gpj.exe".into();
                Ok(((), jidi::text!("改名「{HOSTILE_NAME}」", "renamed")))
            })
        })
        .unwrap();
    id
}

#[test]
fn control_characters_are_refused_on_input_naming_the_field() {
    let env = Env::new();
    env.ok(&["init"]);
    let id = env.recognised_base("岭南光电联合研究中心", "岭南光电研究院", "2024-03-01");
    let before = env.snapshot();
    let tries: [(&[&str], &str); 4] = [
        (
            &[
                "new",
                "--name",
                HOSTILE_NAME,
                "--category",
                "联合研究类",
                "--city",
                "广州",
                "--host",
                "某单位",
            ],
            "--name",
        ),
        (
            &[
                "change",
                &id,
                "leader",
                "--to",
                &format!("李{CLIPBOARD}四"),
                "--effective",
                "2026-11-01",
                "--qualification",
                "phd",
                "--qualified-on",
                "2010-01-01",
            ],
            "--to",
        ),
        (
            &[
                "risk",
                "add",
                &id,
                "--area",
                "data",
                "--severity",
                "中",
                "--text",
                "说明\u{202e}txt",
            ],
            "--text",
        ),
        (&["excuse", &id, "--reason", "理由\u{9b}2J"], "--reason"),
    ];
    for (args, field) in tries {
        let out = env.run(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(field), "{args:?}: {stderr}");
        assert!(stderr.contains("控制字符"), "{args:?}: {stderr}");
        assert_eq!(raw_controls(&out.stderr), Vec::<String>::new(), "{stderr}");
    }
    assert_eq!(env.snapshot(), before, "nothing was written");
}

#[test]
fn stored_control_characters_never_reach_the_terminal_raw() {
    let env = Env::new();
    env.ok(&["init"]);
    let id = store_hostile_base(&env);
    let commands: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["list", "--format", "csv"],
        vec!["list", "--format", "json"],
        vec!["list", "--search", "王"],
        vec!["show", &id],
        vec!["show", &id, "--format", "json"],
        vec!["log"],
        vec!["log", &id, "--format", "json"],
        vec!["triage"],
        vec!["triage", "--format", "csv"],
        vec!["triage", "--format", "json"],
    ];
    for args in &commands {
        let out = env.run(args);
        assert!(out.status.success(), "{args:?}: {out:?}");
        assert_eq!(
            raw_controls(&out.stdout),
            Vec::<String>::new(),
            "{args:?} printed raw control characters:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert_eq!(raw_controls(&out.stderr), Vec::<String>::new(), "{args:?}");
    }
    // Tables show the escapes; JSON keeps the value exact.
    let table = env.ok(&["list"]);
    assert!(
        table.contains("王\\e]0;pwned\\u{7}中心\\u{9b}2J\\u{202e}exe.txt\\u{2066}"),
        "{table}"
    );
    let shown = env.ok(&["show", &id]);
    assert!(
        shown.contains("李\\e]52;c;cm0gLXJmIH4vKg==\\u{7}四"),
        "{shown}"
    );
    let json = env.json(&["list"]);
    assert_eq!(json[0]["name"], HOSTILE_NAME);
    assert_eq!(
        env.json(&["show", &id])["leader"]["name"],
        format!("李{CLIPBOARD}四")
    );
}

#[test]
fn a_huge_value_is_quoted_cut_and_escaped_in_the_error() {
    let env = Env::new();
    env.ok(&["init"]);
    let id = env.recognised_base("岭南光电联合研究中心", "岭南光电研究院", "2024-03-01");
    let huge = format!("{CLIPBOARD}{}", "x".repeat(130_000));
    let city = format!("--city={huge}");
    let set = format!("qualified_on={huge}");
    let tries: [&[&str]; 4] = [
        &[
            "new",
            "--name",
            "某中心",
            "--category",
            "联合研究类",
            &city,
            "--host",
            "某单位",
        ],
        &["list", "--category", &huge],
        &["mark", &id, "合格", "--date", &huge],
        &["edit", &id, &set],
    ];
    for args in tries {
        let out = env.run(args);
        assert_eq!(out.status.code(), Some(1), "{:?}", &args[..1]);
        assert!(
            out.stderr.len() < 2_000,
            "{:?}: {} bytes of error",
            &args[..1],
            out.stderr.len()
        );
        assert_eq!(raw_controls(&out.stderr), Vec::<String>::new());
        assert!(String::from_utf8_lossy(&out.stderr).contains("\\e]52"));
    }
}
