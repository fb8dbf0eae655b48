//! `jidi bench`: measures the figures the README reports, on generated data in a temporary
//! database: opening the store and listing every base, search passes, the console's first frame
//! and per-keystroke latency (update + search + draw, headless), durable commits of one mark,
//! the disk's own fsync floor for comparison, and the triage screen with and without
//! follow-ups (`triage`).

use crate::app::{App, Effect, Msg};
use crate::domain::codes::{Outcome, Status};
use crate::domain::lifecycle::{Ctx, MarkInput};
use crate::domain::policy::Policy;
use crate::domain::text::{Lang, Text};
use crate::keymap::Keymap;
use crate::search::{Matcher, Query};
use crate::service::{self, Request};
use crate::store::{Store, Who};
use anyhow::Result;
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde::Serialize;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod triage;

/// One measured figure: its samples summarised.
#[derive(Clone, Debug, Serialize)]
pub struct Figure {
    pub name: String,
    pub unit: &'static str,
    pub p50: f64,
    pub p99: f64,
    pub min: f64,
    pub max: f64,
    pub samples: usize,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn figure(name: impl Into<String>, mut samples: Vec<f64>) -> Figure {
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    Figure {
        name: name.into(),
        unit: "ms",
        p50: at(0.5),
        p99: at(0.99),
        min: samples[0],
        max: samples[samples.len() - 1],
        samples: samples.len(),
    }
}

fn time<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let value = f();
    (value, ms(start.elapsed()))
}

/// Queries of each kind: a CJK pair, a four-character CJK query, pinyin initials, full pinyin.
pub const QUERIES: [(&str, &str); 4] = [
    ("cjk2", "海洋"),
    ("cjk4", "智能制造"),
    ("initials", "znzz"),
    ("pinyin", "haiyang"),
];

pub struct Settings {
    pub count: usize,
    pub seed: u64,
    pub today: NaiveDate,
    pub rounds: usize,
}

/// Runs every measurement and returns the figures, printing progress to stderr.
pub fn run(settings: &Settings, policy: &Policy) -> Result<Vec<Figure>> {
    let dir = tempfile::Builder::new().prefix("jidi-bench-").tempdir()?;
    let path = dir.path().join("bench.redb");
    let mut figures = Vec::new();
    let who = Who {
        actor: "bench".into(),
        at: chrono::Utc::now().fixed_offset(),
    };

    eprintln!("generating {} bases…", settings.count);
    let (bases, gen_ms) =
        time(|| crate::synth::generate(settings.count, settings.seed, policy, settings.today));
    figures.push(figure(
        format!("generate {} bases", settings.count),
        vec![gen_ms],
    ));
    let store = Store::open(&path)?;
    let ctx = crate::domain::lifecycle::Ctx {
        policy,
        today: settings.today,
    };
    let key = crate::seal::OpenKey::generate();
    service::set_note_key(
        &store,
        &who,
        ctx,
        &key.seal_key(),
        &path.with_extension("key"),
        None,
    )?;
    let (loaded, load_ms) =
        time(|| service::load(&store, &who, &bases, Text::new("bench", "bench")));
    loaded?;
    figures.push(figure(
        format!("load {} bases (one transaction)", settings.count),
        vec![load_ms],
    ));

    figures.extend(interchange(&store, &who, policy, settings, dir.path())?);
    drop(store);

    eprintln!("open + list…");
    let mut samples = Vec::new();
    for _ in 0..settings.rounds {
        let (rows, t) = time(|| Store::open(&path).and_then(|s| s.summaries()));
        assert_eq!(rows?.len(), settings.count);
        samples.push(t);
    }
    figures.push(figure(
        format!("open store + read all {} summary rows", settings.count),
        samples,
    ));

    let store = Arc::new(Store::open(&path)?);
    let (rows, keys) = store.summaries_and_keys()?;
    let mut matcher = Matcher::new();
    for (kind, q) in QUERIES {
        let query = Query::new(q);
        let samples = (0..settings.rounds)
            .map(|_| {
                time(|| {
                    keys.iter()
                        .filter(|k| matcher.score(&query, k).is_some())
                        .count()
                })
                .1
            })
            .collect();
        figures.push(figure(
            format!(
                "search pass in memory, {kind} '{q}', {} keys",
                settings.count
            ),
            samples,
        ));
        let samples = (0..settings.rounds)
            .map(|_| {
                time(|| {
                    store.map_key_parts(|part| {
                        crate::search::score_all(&query, part.len(), |i| part.key(i)).len()
                    })
                })
                .1
            })
            .collect();
        figures.push(figure(
            format!(
                "search pass over the store (its snapshot, every core), {kind} '{q}', {} keys",
                settings.count
            ),
            samples,
        ));
    }

    eprintln!("console…");
    let keymap = Keymap::load("default", None).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let policy = Arc::new(policy.clone());
    let options = crate::app::start::Options {
        policy: policy.clone(),
        today: settings.today,
        lang: Lang::Zh,
        keymap,
        warnings: Vec::new(),
        note_key: None,
        read_only: false,
    };
    let theme = crate::ui::theme::Theme { color: true };
    let mut first = Vec::new();
    for _ in 0..settings.rounds {
        let (_, t) = time(|| -> Result<()> {
            let store = Arc::new(Store::open(&path)?);
            let app = crate::app::start::first_app(&store, &options);
            let mut terminal = Terminal::new(TestBackend::new(80, 24))?;
            terminal.draw(|f| crate::ui::draw(f, &app, &theme))?;
            Ok(())
        });
        first.push(t);
    }
    figures.push(figure(
        "console first frame (open + first rows + draw, 80×24)",
        first,
    ));

    let mut app = crate::app::start::first_app(&store, &options);
    app.update(Msg::Rows {
        version: app.version,
        rows: rows.clone(),
        keys,
    });
    let mut terminal = Terminal::new(TestBackend::new(120, 40))?;
    app.update(Msg::Resize(120, 40));
    // A keystroke as the console handles it: the frame after the key, then the search it asks
    // for, its hits drawn as they are handed over (in the console the search runs on another
    // core while the frame is drawn; here one after the other, so these are upper bounds).
    // Returns the times to the frame, to the first hits on screen and to all of them.
    let mut keystroke = |app: &mut App,
                         key: KeyEvent,
                         terminal: &mut Terminal<TestBackend>|
     -> Result<(f64, Option<f64>, Option<f64>)> {
        let start = Instant::now();
        let effects = app.update(Msg::Key(key));
        terminal.draw(|f| crate::ui::draw(f, app, &theme))?;
        let frame = ms(start.elapsed());
        let (mut first, mut all) = (None, None);
        for effect in effects {
            if let Effect::Search { seq, query, within } = effect {
                let job = crate::search::SearchJob {
                    seq,
                    query,
                    within,
                    keys: app.keys.clone(),
                };
                let mut drawn = Ok(());
                crate::search::search_in_parts(
                    &job,
                    &mut matcher,
                    || true,
                    |(hits, complete)| {
                        app.update(Msg::SearchFound {
                            seq,
                            hits,
                            complete,
                        });
                        drawn = drawn.and_then(|()| {
                            terminal.draw(|f| crate::ui::draw(f, app, &theme)).map(drop)
                        });
                        first.get_or_insert(ms(start.elapsed()));
                        if complete {
                            all = Some(ms(start.elapsed()));
                        }
                    },
                );
                drawn?;
            }
        }
        Ok((frame, first, all))
    };
    let key = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
    let (mut typing, mut first_hits, mut all_hits) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..settings.rounds {
        for word in ["haiyang", "znzz", "智能制造", "海洋"] {
            keystroke(&mut app, key('/'), &mut terminal)?;
            for c in word.chars() {
                let (frame, first, all) = keystroke(&mut app, key(c), &mut terminal)?;
                typing.push(frame);
                first_hits.extend(first);
                all_hits.extend(all);
            }
            keystroke(&mut app, esc, &mut terminal)?;
            keystroke(&mut app, esc, &mut terminal)?;
        }
    }
    figures.push(figure(
        format!(
            "search keystroke to its frame (update + draw; the search runs behind), {} rows",
            settings.count
        ),
        typing,
    ));
    figures.push(figure(
        format!(
            "search keystroke to its first hits on screen, {} rows",
            settings.count
        ),
        first_hits,
    ));
    figures.push(figure(
        format!(
            "search keystroke to all its hits on screen, {} rows",
            settings.count
        ),
        all_hits,
    ));

    let mut filtering = Vec::new();
    for _ in 0..settings.rounds {
        for facet in ['c', 'r', 'o', 's'] {
            keystroke(&mut app, key('f'), &mut terminal)?;
            keystroke(&mut app, key(facet), &mut terminal)?;
            keystroke(&mut app, key(' '), &mut terminal)?;
            let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
            filtering.push(keystroke(&mut app, enter, &mut terminal)?.0);
        }
        filtering.push(keystroke(&mut app, key('F'), &mut terminal)?.0);
    }
    figures.push(figure(
        format!(
            "facet filter keystroke (apply + draw), {} rows",
            settings.count
        ),
        filtering,
    ));

    let mut moving = Vec::new();
    for _ in 0..settings.rounds * 20 {
        moving.push(keystroke(&mut app, key('j'), &mut terminal)?.0);
    }
    figures.push(figure("cursor keystroke j (update + draw)", moving));

    eprintln!("durable marks…");
    let ctx = Ctx {
        policy: &policy,
        today: settings.today,
    };
    let targets: Vec<String> = rows
        .iter()
        .filter(|r| r.status == Status::Recognised && r.last_outcome == Outcome::None)
        .take(settings.rounds * 10)
        .map(|r| r.id.clone())
        .collect();
    let mut marks = Vec::new();
    for id in targets {
        let input = MarkInput {
            outcome: Outcome::Qualified,
            date: settings.today,
            round: "bench".into(),
            score: None,
        };
        let (done, t) = time(|| {
            service::perform(
                &store,
                &who,
                ctx,
                Request::Mark {
                    ids: vec![id],
                    input,
                },
            )
        });
        done?;
        marks.push(t);
    }
    if !marks.is_empty() {
        figures.push(figure("one mark, durable commit", marks));
    }
    figures.push(figure(
        "raw 4 KiB write + fsync (the floor)",
        fsync_floor(dir.path(), settings.rounds * 10)?,
    ));
    // Last of the in-process figures: it adds its follow-ups to the store.
    figures.extend(triage::figures(&store, &options, settings)?);
    drop(store);
    eprintln!("{WRITERS} writers…");
    figures.push(figure(
        format!("write wait, {WRITERS} writers each holding the lock {HOLD_MS} ms"),
        writer_waits(&path, settings.rounds * 2)?,
    ));
    Ok(figures)
}

/// Processes writing at once in the fairness figure, and how long each holds the write lock.
const WRITERS: usize = 8;
const HOLD_MS: u64 = 5;

/// How long each write waited for the lock while `WRITERS` writers, each with its own open of
/// the file (as separate processes have), wrote `writes` times each, holding the lock
/// `HOLD_MS` ms a time. The longest wait is the figure's max: a starved writer shows there.
fn writer_waits(path: &std::path::Path, writes: usize) -> Result<Vec<f64>> {
    let who = Who {
        actor: "bench".into(),
        at: chrono::Utc::now().fixed_offset(),
    };
    let stores = (0..WRITERS)
        .map(|_| Store::open(path))
        .collect::<Result<Vec<_>, _>>()?;
    let waits = std::thread::scope(|scope| {
        let handles: Vec<_> = stores
            .iter()
            .map(|store| {
                let who = &who;
                scope.spawn(move || -> Result<Vec<f64>> {
                    let mut waits = Vec::with_capacity(writes);
                    for _ in 0..writes {
                        let asked = Instant::now();
                        store.write(who, |tx| {
                            waits.push(ms(asked.elapsed()));
                            std::thread::sleep(Duration::from_millis(HOLD_MS));
                            Ok(tx.note("bench", Text::new("bench", "bench"))?)
                        })?;
                    }
                    Ok(waits)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect::<Result<Vec<_>>>()
    })?;
    Ok(waits.into_iter().flatten().collect())
}

/// Export of every base as CSV and as a workbook, and import of each into an empty database
/// (validation, planning and one transaction included), once each: at 100,000 bases each takes
/// seconds.
fn interchange(
    store: &Store,
    who: &Who,
    policy: &Policy,
    settings: &Settings,
    dir: &std::path::Path,
) -> Result<Vec<Figure>> {
    use crate::interchange::{csv::BasesWriter, import, source, xlsx::BasesWorkbook};
    let n = settings.count;
    let mut figures = Vec::new();
    eprintln!("export and import…");
    let csv_path = dir.join("bases.csv");
    let (written, t) = time(|| -> Result<()> {
        let file = std::io::BufWriter::new(std::fs::File::create(&csv_path)?);
        let mut writer = BasesWriter::new(file)?;
        let mut failed = None;
        store.for_each_base(|b| {
            if failed.is_none() {
                failed = writer.write(&b, policy).err();
            }
        })?;
        failed.map_or(Ok(()), Err)?;
        Ok(writer.finish()?)
    });
    written?;
    figures.push(figure(format!("export {n} bases as CSV"), vec![t]));
    let xlsx_path = dir.join("bases.xlsx");
    let (written, t) = time(|| -> Result<()> {
        let mut book = BasesWorkbook::new(true)?;
        let mut failed = None;
        store.for_each_base(|b| {
            if failed.is_none() {
                failed = book.write(&b, policy).err();
            }
        })?;
        failed.map_or(Ok(()), Err)?;
        book.save(&xlsx_path)
    });
    written?;
    figures.push(figure(
        format!("export {n} bases as XLSX (whole records)"),
        vec![t],
    ));
    let ctx = Ctx {
        policy,
        today: settings.today,
    };
    for (format, path) in [("CSV", &csv_path), ("XLSX", &xlsx_path)] {
        let target = Store::open(&dir.join(format!("import-{format}.redb")))?;
        let (outcome, t) = time(|| -> Result<import::Outcome> {
            let src = source::inspect(path)?;
            import::run(
                &src,
                &target,
                who,
                ctx,
                import::Options::default(),
                &mut |_, _| {},
            )
        });
        let outcome = outcome?;
        anyhow::ensure!(
            outcome.kept && outcome.created == n as u64,
            "the {format} import took {} of {n} bases: {}",
            outcome.created,
            outcome
                .report
                .render(Lang::En, crate::interchange::problems::RowUnit::Row)
        );
        figures.push(figure(
            format!("import {n} bases from {format} into an empty database"),
            vec![t],
        ));
    }
    Ok(figures)
}

/// Writing and syncing 4 KiB on the same disk: what one durable commit cannot beat.
fn fsync_floor(dir: &std::path::Path, n: usize) -> Result<Vec<f64>> {
    use std::io::Write;
    let mut file = std::fs::File::create(dir.join("fsync.bin"))?;
    let block = vec![7u8; 4096];
    let mut samples = Vec::new();
    for _ in 0..n.max(1) {
        let (result, t) = time(|| -> std::io::Result<()> {
            file.write_all(&block)?;
            file.sync_all()
        });
        result?;
        samples.push(t);
    }
    Ok(samples)
}

/// The figures as a table for people.
pub fn table(figures: &[Figure]) -> String {
    let mut out =
        String::from("| figure | p50 | p99 | min | max | n |\n|---|---:|---:|---:|---:|---:|\n");
    for f in figures {
        out.push_str(&format!(
            "| {} | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms | {} |\n",
            f.name, f.p50, f.p99, f.min, f.max, f.samples
        ));
    }
    out
}
