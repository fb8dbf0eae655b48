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
