//! A damaged database file is reported, never a panic, never a silent wrong answer: committed
//! damaged fixtures (a zeroed page, a flipped byte in a record, a truncated file, an empty one)
//! and seeded random damage (a zeroed 4 KiB page, a flipped bit) checked through the real binary.

use crate::support::Env;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
/// A demo database with history, as the damaged fixtures were made from.
const SOUND: &str = "store-sound.redb";

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(FIXTURES).join(name)
}

/// Runs `cmd`, killing it after a generous deadline: a hang counts as a failure like a panic.
fn run_with_deadline(mut cmd: Command) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.wait_with_output().unwrap()
}

/// The read commands a trial runs, with what each printed and how it ended.
const READS: [&[&str]; 6] = [
    &["list", "--format", "json"],
    &["list"],
    &["show", "GDICB-2019-0001", "--format", "json"],
    &["show", "GDICB-2016-0002", "--format", "json"],
    &["log", "--format", "json"],
    &["triage", "--format", "json"],
];

fn reads(env: &Env) -> Vec<Output> {
    READS
        .iter()
        .map(|args| run_with_deadline(env.command(args)))
        .collect()
}

fn says_damaged(out: &Output) -> bool {
    let stderr = String::from_utf8_lossy(&out.stderr);
    out.status.code() == Some(1) && (stderr.contains("损坏") || stderr.contains("damaged"))
}

#[derive(Debug, Default, PartialEq, Eq, Clone, Copy)]
struct Tally {
    /// Every command printed what it printed before, and `jidi check` passed: the damage hit
    /// bytes nothing uses (free pages).
    unaffected: u32,
    /// A command or `jidi check` reported the damage (exit 1, "damaged"), and no command
    /// printed a wrong answer as if it were right.
    reported: u32,
    /// A command exited 0 with a different answer from the one before the damage.
    silent: u32,
    /// A command panicked, was killed by a signal or hung.
    crashed: u32,
}

/// Damages a copy of the sound database with `damage` and runs every read and `jidi check`.
fn trial(pristine: &[Output], damage: impl FnOnce(&mut Vec<u8>)) -> (Tally, String) {
    let env = Env::new();
    let mut bytes = std::fs::read(fixture(SOUND)).unwrap();
    damage(&mut bytes);
    std::fs::write(&env.db, &bytes).unwrap();
    let outs = reads(&env);
    let check = run_with_deadline(env.command(&["check"]));
    let mut tally = Tally::default();
    let crashed = outs
        .iter()
        .chain([&check])
        .any(|o| o.status.code().is_none_or(|c| c != 0 && c != 1));
    let silent = outs
        .iter()
        .zip(pristine)
        .any(|(now, before)| now.status.code() == Some(0) && now.stdout != before.stdout);
    let reported = outs.iter().any(says_damaged) || check.status.code() == Some(1);
    let same = outs
        .iter()
        .zip(pristine)
        .all(|(now, before)| now.status.code() == Some(0) && now.stdout == before.stdout);
    let what = if crashed {
        tally.crashed += 1;
        "crashed"
    } else if silent {
        tally.silent += 1;
        "silent"
    } else if reported {
        tally.reported += 1;
        "reported"
    } else if same {
        tally.unaffected += 1;
        "unaffected"
    } else {
        // Exit 1 without naming damage (e.g. "no base with id"): a wrong answer, said aloud.
        tally.silent += 1;
        "wrong"
    };
    let codes: Vec<Option<i32>> = outs
        .iter()
        .chain([&check])
        .map(|o| o.status.code())
        .collect();
    (tally, format!("{what} {codes:?}"))
}

fn add(a: Tally, b: Tally) -> Tally {
    Tally {
        unaffected: a.unaffected + b.unaffected,
        reported: a.reported + b.reported,
        silent: a.silent + b.silent,
        crashed: a.crashed + b.crashed,
    }
}

/// `n` trials of each kind from `seed`: a zeroed 4 KiB page, a flipped bit. Prints each.
fn damage_trials(seed: u64, n: usize) -> (Tally, Tally) {
    let sound = Env::new();
    std::fs::copy(fixture(SOUND), &sound.db).unwrap();
    let pristine = reads(&sound);
    for (args, out) in READS.iter().zip(&pristine) {
        assert_eq!(out.status.code(), Some(0), "{args:?} on the sound file");
    }
    let len = std::fs::metadata(fixture(SOUND)).unwrap().len() as usize;
    let pages = len / 4096;
    eprintln!(
        "damage trials: seed {seed} (replay with JIDI_DAMAGE_SEED={seed}), {n} of each kind, {len} bytes"
    );
    let mut rng = fastrand::Rng::with_seed(seed);
    let (mut zeroed, mut flipped) = (Tally::default(), Tally::default());
    for _ in 0..n {
        let page = rng.usize(0..pages);
        let (t, what) = trial(&pristine, |b| b[page * 4096..(page + 1) * 4096].fill(0));
        eprintln!("  page {page} zeroed: {what}");
        zeroed = add(zeroed, t);
        let (at, bit) = (rng.usize(0..len), rng.u8(0..8));
        let (t, what) = trial(&pristine, |b| b[at] ^= 1 << bit);
        eprintln!("  bit {bit} of byte {at} flipped: {what}");
        flipped = add(flipped, t);
    }
    eprintln!("zeroed pages: {zeroed:?}\nflipped bits: {flipped:?}");
    (zeroed, flipped)
}

fn seed() -> u64 {
    std::env::var("JIDI_DAMAGE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261125)
}

#[test]
fn random_damage_is_reported_never_a_panic_or_a_silent_answer() {
    let (zeroed, flipped) = damage_trials(seed(), 8);
    for tally in [zeroed, flipped] {
        assert_eq!((tally.crashed, tally.silent), (0, 0), "{tally:?}");
    }
}

/// The figure for the report: `cargo test --test cli damage_figures -- --ignored --nocapture`.
#[test]
#[ignore]
fn damage_figures() {
    let n = std::env::var("JIDI_DAMAGE_TRIALS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    damage_trials(seed(), n);
}

/// The committed damaged files, each made from the sound one: what they are is checked here,
/// so a regenerated fixture cannot quietly stop being damaged.
#[test]
fn damaged_fixtures_are_what_they_say() {
    let sound = std::fs::read(fixture(SOUND)).unwrap();
    let flipped = std::fs::read(fixture("store-flipped-byte.redb")).unwrap();
    let differing: Vec<usize> = (0..sound.len())
        .filter(|i| sound[*i] != flipped[*i])
        .collect();
    // Made by tests/fixtures/make_damaged.py, which prints these two numbers.
    assert_eq!(
        differing,
        vec![50_941],
        "one byte, in GDICB-2016-0002's summary row"
    );
    let zeroed = std::fs::read(fixture("store-zeroed-page.redb")).unwrap();
    assert!(zeroed[12 * 4096..13 * 4096].iter().all(|b| *b == 0));
    assert_eq!(zeroed[..12 * 4096], sound[..12 * 4096]);
    assert_eq!(zeroed[13 * 4096..], sound[13 * 4096..]);
    let truncated = std::fs::read(fixture("store-truncated.redb")).unwrap();
    assert_eq!(truncated[..], sound[..sound.len() / 2]);
    assert_eq!(
        std::fs::metadata(fixture("store-empty.redb"))
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn damaged_fixtures_are_reported_by_the_commands_and_by_check() {
    let sound = Env::new();
    std::fs::copy(fixture(SOUND), &sound.db).unwrap();
    let pristine = reads(&sound);
    for name in [
        "store-flipped-byte.redb",
        "store-zeroed-page.redb",
        "store-truncated.redb",
        "store-empty.redb",
    ] {
        let env = Env::new();
        std::fs::copy(fixture(name), &env.db).unwrap();
        for (args, (now, before)) in READS.iter().zip(reads(&env).iter().zip(&pristine)) {
            match now.status.code() {
                Some(0) => assert_eq!(now.stdout, before.stdout, "{name}: {args:?} answered wrong"),
                Some(1) => assert!(
                    says_damaged(now) || String::from_utf8_lossy(&now.stderr).contains("空文件"),
                    "{name}: {args:?}: {}",
                    String::from_utf8_lossy(&now.stderr)
                ),
                other => panic!("{name}: {args:?} ended with {other:?}: {now:?}"),
            }
        }
        let check = run_with_deadline(env.command(&["check"]));
        assert_eq!(check.status.code(), Some(1), "{name}: {check:?}");
    }
}

#[test]
fn a_flipped_byte_in_a_record_is_named_and_the_others_still_listed() {
    let env = Env::new();
    std::fs::copy(fixture("store-flipped-byte.redb"), &env.db).unwrap();
    let out = env.run(&["list", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        rows.as_array().unwrap().len(),
        79,
        "the 79 sound rows are listed"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("summaries GDICB-2016-0002"), "{stderr}");
    assert!(stderr.contains("checksum"), "{stderr}");
    let check = env.run(&["check", "--format", "json"]);
    assert_eq!(check.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let problems = report["problems"].as_array().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p["table"] == "summaries" && p["key"] == "GDICB-2016-0002"),
        "{report}"
    );
}

#[test]
fn an_empty_file_is_refused_not_made_into_a_database() {
    let env = Env::new();
    std::fs::write(&env.db, b"").unwrap();
    for args in [
        &["list"][..],
        &["init"],
        &["init", "--demo"],
        &[
            "new",
            "--name",
            "某中心",
            "--category",
            "联合研究类",
            "--city",
            "广州",
            "--host",
            "某单位",
        ],
    ] {
        let err = env.fails(args, 1);
        assert!(err.contains("空文件，不是 jidi 数据库"), "{args:?}: {err}");
    }
    let out = env.run(&["--lang", "en", "list"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty file, not a jidi database"));
    assert_eq!(std::fs::metadata(&env.db).unwrap().len(), 0, "still empty");
}
