//! Several processes share one database file: nothing is lost, and a writer that waits too long
//! gives up with exit code 5.

use crate::support::Env;
use std::process::Stdio;

#[test]
fn concurrent_marks_and_report_submissions_all_land() {
    let env = Env::new();
    env.ok(&["init"]);
    let ids: Vec<String> = (0..3)
        .map(|i| {
            env.recognised_base(
                &format!("并发测试中心{i}"),
                &format!("并发单位{i}"),
                "2024-06-01",
            )
        })
        .collect();
    for round in 0..3 {
        let mut children = Vec::new();
        for id in &ids {
            let outcome = if round == 1 { "excellent" } else { "qualified" };
            let date = format!("2026-0{}-01", round + 7);
            let round_name = format!("第{round}轮");
            children.push(
                env.command(&["mark", id, outcome, "--date", &date, "--round", &round_name])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap(),
            );
            if round < 2 {
                let year = (2024 + round).to_string();
                children.push(
                    env.command(&["report-submit", id, &year, "--date", "2026-03-01"])
                        .stdout(Stdio::null())
                        .stderr(Stdio::piped())
                        .spawn()
                        .unwrap(),
                );
            }
        }
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    for id in &ids {
        let shown = env.json(&["show", id]);
        assert_eq!(
            shown["rounds"].as_array().unwrap().len(),
            3,
            "{id}: a mark was lost"
        );
        assert_eq!(
            shown["reports"].as_array().unwrap().len(),
            2,
            "{id}: a report was lost"
        );
    }
    let events = env.json(&["log"]);
    let marks = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "mark")
        .count();
    assert_eq!(marks, 9);
}

#[test]
fn a_writer_blocked_past_the_busy_timeout_exits_5() {
    let env = Env::new();
    env.ok(&["init"]);
    let id = env.recognised_base("甲中心", "甲单位", "2024-06-01");
    std::fs::write(env.dir.path().join("config.toml"), "busy_timeout = 1\n").unwrap();
    let store = jidi::store::Store::open(&env.db).unwrap();
    let who = jidi::store::Who {
        actor: "holder".into(),
        at: chrono::Utc::now().fixed_offset(),
    };
    let (held_tx, held_rx) = std::sync::mpsc::channel();
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let (store, who) = (&store, &who);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            store
                .write(who, |_| {
                    held_tx.send(()).unwrap();
                    done_rx.recv().unwrap();
                    Ok(())
                })
                .unwrap();
        });
        held_rx.recv().unwrap();
        let err = env.fails(&["mark", &id, "qualified"], 5);
        assert!(err.contains("数据库忙"), "{err}");
        done_tx.send(()).unwrap();
    });
    assert_eq!(
        env.json(&["show", &id])["rounds"].as_array().unwrap().len(),
        0
    );
}

/// Four processes at a time, each a mix of commands on its own base and on one shared base,
/// for a few seconds: every change a command acknowledged (exit 0) is there, exactly once.
#[test]
fn four_writers_mixing_commands_lose_nothing_and_invent_nothing() {
    let env = Env::new();
    env.ok(&["init"]);
    let shared = env.recognised_base("共用测试中心", "共用单位", "2024-06-01");
    let own: Vec<String> = (0..4)
        .map(|w| {
            env.recognised_base(
                &format!("写入者中心{w}"),
                &format!("写入单位{w}"),
                "2024-06-01",
            )
        })
        .collect();
    let before = env.json(&["log"]).as_array().unwrap().len();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
    // (worker, kind, label) of each acknowledged change.
    let acknowledged: Vec<(usize, &str, String)> = std::thread::scope(|scope| {
        let workers: Vec<_> = own
            .iter()
            .enumerate()
            .map(|(w, id)| {
                let (env, shared) = (&env, &shared);
                scope.spawn(move || {
                    let mut done = Vec::new();
                    let mut n = 0;
                    while std::time::Instant::now() < deadline {
                        n += 1;
                        let label = format!("w{w}-{n}");
                        let (kind, args): (&str, Vec<String>) = match n % 3 {
                            0 => (
                                "mark",
                                vec![
                                    "mark".into(),
                                    id.clone(),
                                    "合格".into(),
                                    "--date".into(),
                                    "2026-11-01".into(),
                                    "--round".into(),
                                    label.clone(),
                                ],
                            ),
                            1 => (
                                "risk_add",
                                vec![
                                    "risk".into(),
                                    "add".into(),
                                    shared.clone(),
                                    "--area".into(),
                                    "数据".into(),
                                    "--severity".into(),
                                    "低".into(),
                                    "--text".into(),
                                    label.clone(),
                                    "--date".into(),
                                    "2026-11-01".into(),
                                ],
                            ),
                            _ => (
                                "partner_add",
                                vec![
                                    "partner".into(),
                                    "add".into(),
                                    id.clone(),
                                    "--name".into(),
                                    label.clone(),
                                    "--country".into(),
                                    "德国".into(),
                                    "--signed".into(),
                                    "2025-01-01".into(),
                                    "--until".into(),
                                    "2030-01-01".into(),
                                ],
                            ),
                        };
                        let args: Vec<&str> = args.iter().map(String::as_str).collect();
                        let out = env.run(&args);
                        match out.status.code() {
                            Some(0) => done.push((w, kind, label)),
                            // Gave up waiting: not acknowledged, so nothing may have landed.
                            Some(5) => {}
                            other => panic!(
                                "{args:?}: {other:?} {}",
                                String::from_utf8_lossy(&out.stderr)
                            ),
                        }
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert!(
        acknowledged.len() >= 8,
        "too few writes to mean anything: {}",
        acknowledged.len()
    );
    let log = env.json(&["log"]);
    let log = log.as_array().unwrap();
    assert_eq!(
        log.len() - before,
        acknowledged.len(),
        "one event per acknowledged change"
    );
    for (w, kind, label) in &acknowledged {
        let events = log.iter().filter(|e| e["action"] == *kind).count();
        assert!(events > 0);
        let base = if *kind == "risk_add" {
            &shared
        } else {
            &own[*w]
        };
        let shown = env.json(&["show", base]);
        let found = match *kind {
            "mark" => shown["rounds"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["round"] == label.as_str())
                .count(),
            "partner_add" => shown["partners"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["name"] == label.as_str())
                .count(),
            _ => 1,
        };
        assert_eq!(found, 1, "{kind} {label} on {base}");
    }
    let risks = acknowledged
        .iter()
        .filter(|(_, k, _)| *k == "risk_add")
        .count();
    let shown = env.json(&["show", &shared]);
    assert_eq!(
        shown["risks"].as_array().unwrap().len(),
        risks,
        "every acknowledged note, once"
    );
    env.ok(&["check"]);
}
