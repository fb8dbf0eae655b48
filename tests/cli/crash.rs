//! kill -9 at random moments, from a printed seed: during a batch of writes (the file opens,
//! `jidi check` is clean, every acknowledged batch is there, no batch is there in part) and
//! during `jidi init --demo` (the file is whole or absent).

use crate::support::Env;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

fn seed(var: &str, default: u64) -> u64 {
    std::env::var(var)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn kill_after(mut child: Child, delay: Duration) -> bool {
    std::thread::sleep(delay);
    let _ = child.kill();
    child.wait().unwrap().success()
}

/// The bases every batch marks, in one transaction.
const BATCH: [&str; 4] = [
    "GDICB-2016-0002",
    "GDICB-2015-0002",
    "GDICB-2015-0003",
    "GDICB-2013-0001",
];

/// The round names each of the batch's bases holds.
fn rounds(env: &Env) -> Vec<Vec<String>> {
    BATCH
        .iter()
        .map(|id| {
            env.json(&["show", id])["rounds"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["round"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

/// How many of the batch's bases hold the round named `round`.
fn marked(rounds: &[Vec<String>], round: &str) -> usize {
    rounds
        .iter()
        .filter(|r| r.iter().any(|n| n == round))
        .count()
}

fn mark(env: &Env, round: &str) -> Child {
    let mut args = vec!["mark"];
    args.extend(BATCH);
    args.extend(["合格", "--date", "2026-11-20", "--round", round]);
    env.command(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn kill_9_during_batches_loses_no_acknowledged_batch_and_leaves_none_in_part() {
    let seed = seed("JIDI_CRASH_SEED", 7);
    eprintln!("crash rounds: seed {seed} (replay with JIDI_CRASH_SEED={seed})");
    let mut rng = fastrand::Rng::with_seed(seed);
    let env = Env::new();
    env.ok(&["init", "--demo"]);
    // How long one batch takes here: kills land anywhere from its start to past its end.
    let started = Instant::now();
    assert!(mark(&env, "计时").wait().unwrap().success());
    let span = started.elapsed().as_micros() as u64;
    let mut acknowledged = vec!["计时".to_string()];
    let (mut n, mut committed) = (0, 0);
    for round in 0..20 {
        // A few batches run to the end (acknowledged by their exit status), then one is killed.
        for _ in 0..rng.usize(1..=3) {
            n += 1;
            let name = format!("批次{n}");
            assert!(mark(&env, &name).wait().unwrap().success());
            acknowledged.push(name);
        }
        n += 1;
        let killed = format!("批次{n}");
        let delay = Duration::from_micros(rng.u64(0..span * 5 / 4));
        let finished = kill_after(mark(&env, &killed), delay);
        let check = env.run(&["check"]);
        assert_eq!(
            check.status.code(),
            Some(0),
            "round {round} (kill after {delay:?}): {}",
            String::from_utf8_lossy(&check.stdout)
        );
        let count = marked(&rounds(&env), &killed);
        assert!(
            count == 0 || count == BATCH.len(),
            "round {round}: the killed batch is in {count} of {} bases",
            BATCH.len()
        );
        if finished || count == BATCH.len() {
            acknowledged.push(killed);
            committed += 1;
        }
    }
    eprintln!(
        "20 kills: {committed} after the batch committed, {} before",
        20 - committed
    );
    let now = rounds(&env);
    for name in &acknowledged {
        assert_eq!(
            marked(&now, name),
            BATCH.len(),
            "acknowledged {name} is missing"
        );
    }
}

/// `jidi init --demo` killed at random moments: each time the file is absent, or whole.
fn init_kills(seed: u64, rounds: usize) -> (usize, usize, usize) {
    eprintln!("init kills: seed {seed} (replay with JIDI_CRASH_SEED={seed}), {rounds} rounds");
    let mut rng = fastrand::Rng::with_seed(seed);
    let probe = Env::new();
    let started = Instant::now();
    assert!(
        probe
            .command(&["init", "--demo"])
            .stdout(Stdio::null())
            .status()
            .unwrap()
            .success()
    );
    let span = started.elapsed().as_micros() as u64;
    let (mut absent, mut whole, mut broken) = (0, 0, 0);
    for round in 0..rounds {
        let env = Env::new();
        let child = env
            .command(&["init", "--demo"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let delay = Duration::from_micros(rng.u64(0..span * 5 / 4));
        kill_after(child, delay);
        if !env.db.exists() {
            absent += 1;
            continue;
        }
        let list = env.run(&["list", "--format", "json"]);
        let check = env.run(&["check"]);
        let rows = serde_json::from_slice::<serde_json::Value>(&list.stdout)
            .ok()
            .and_then(|v| v.as_array().map(Vec::len));
        if list.status.success() && check.status.success() && rows == Some(80) {
            whole += 1;
        } else {
            broken += 1;
            eprintln!("  round {round} (kill after {delay:?}): {list:?} {check:?}");
        }
    }
    eprintln!("init --demo killed {rounds} times: {absent} absent, {whole} whole, {broken} broken");
    (absent, whole, broken)
}

#[test]
fn kill_9_during_init_leaves_the_file_whole_or_absent() {
    let (absent, whole, broken) = init_kills(seed("JIDI_CRASH_SEED", 11), 30);
    assert_eq!(broken, 0);
    assert_eq!(absent + whole, 30);
}

/// The figure for the report: `cargo test --test cli init_kill_figures -- --ignored --nocapture`.
#[test]
#[ignore]
fn init_kill_figures() {
    let rounds = seed("JIDI_CRASH_ROUNDS", 370) as usize;
    init_kills(seed("JIDI_CRASH_SEED", 11), rounds);
}
