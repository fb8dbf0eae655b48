//! The terminal: setup and restore (on exit, error and panic), the event loop, and the work the
//! app asks for — search on a worker thread (typing never waits for it; stale results are
//! dropped), writes on another (a busy database never freezes the screen), loading and analysis
//! in the background after the first frame.

use crate::app::data::{Analyser, Analysis, bans_of};
use crate::app::list::SearchHit;
use crate::app::{App, Effect, Msg};
use crate::domain::lifecycle::Ctx;
use crate::domain::policy::Policy;
use crate::domain::text::{Lang, Text};
use crate::keymap::Keymap;
use crate::search::Query;
use crate::search::SearchKey;
use crate::service;
use crate::store::{Store, Who};
use anyhow::Result;
use base64::Engine;
use chrono::NaiveDate;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use crossterm::execute;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use std::io::Write;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

/// Rows read before the first frame: enough to fill any screen.
const FIRST_SCREEN_ROWS: usize = 300;
/// How often other users' changes are looked for.
const POLL: Duration = Duration::from_secs(2);

pub struct Options {
    pub policy: Arc<Policy>,
    pub today: NaiveDate,
    pub lang: Lang,
    pub keymap: Keymap,
    /// Startup warnings to show in the status bar (e.g. a non-UTF-8 locale).
    pub warnings: Vec<Text>,
}

/// True when the locale promises UTF-8; Chinese text needs it.
pub fn utf8_locale() -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("utf-8") || v.contains("utf8")
        })
}

/// Builds the app with the first screen of rows, as the first frame needs.
pub fn initial_app(store: &Arc<Store>, options: &Options) -> Result<App> {
    let total = store.count()? as usize;
    let first = store.first_summaries(FIRST_SCREEN_ROWS)?;
    let source: Arc<dyn crate::app::Source> = store.clone();
    let mut app = App::new(
        options.policy.clone(),
        options.today,
        options.lang,
        options.keymap.clone(),
        source,
        first,
        total,
    );
    if let Some(warning) = options.warnings.first() {
        app.warn(warning.clone());
    }
    Ok(app)
}

/// Loads every row, then analyses every record, reporting each as a message.
fn load_in_background(store: Arc<Store>, policy: Arc<Policy>, today: NaiveDate, tx: Sender<Msg>) {
    std::thread::spawn(move || {
        let Ok((rows, keys)) = store.summaries_and_keys() else {
            return;
        };
        let bans = bans_of(&rows);
        if tx.send(Msg::Rows { rows, keys }).is_err() {
            return;
        }
        let analysis = analyse(&store, &policy, today, &bans);
        if let Ok(analysis) = analysis {
            let _ = tx.send(Msg::Analysed(analysis));
        }
    });
}

pub fn analyse(
    store: &Store,
    policy: &Policy,
    today: NaiveDate,
    bans: &crate::domain::findings::BanIndex,
) -> Result<Analysis> {
    let mut analyser = Analyser::new(Ctx { policy, today }, bans);
    store.for_each_base(|base| analyser.add(&base))?;
    Ok(analyser.finish())
}

/// A search to run: the query and the search keys of the rows, in row order.
pub struct SearchJob {
    pub seq: u64,
    pub query: String,
    pub within: Option<Vec<u32>>,
    pub keys: Arc<Vec<SearchKey<'static>>>,
}

/// Scores the rows (or only `within`) against the query, best first. A full pass is split over
/// the machine's cores: the first keystroke of a query scores every base.
pub fn run_search(job: &SearchJob, matcher: &mut crate::search::Matcher) -> Vec<SearchHit> {
    let query = Query::new(&job.query);
    let score = |row: u32, matcher: &mut crate::search::Matcher| {
        job.keys
            .get(row as usize)
            .and_then(|key| matcher.score(&query, key))
            .map(|hit| SearchHit { row, hit })
    };
    let mut hits: Vec<SearchHit> = match &job.within {
        Some(rows) => rows.iter().filter_map(|r| score(*r, matcher)).collect(),
        None => {
            let total = job.keys.len() as u32;
            let threads = std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .clamp(1, 4) as u32;
            let chunk = total.div_ceil(threads).max(1);
            if threads == 1 || total < 20_000 {
                (0..total).filter_map(|r| score(r, matcher)).collect()
            } else {
                std::thread::scope(|scope| {
                    let parts: Vec<_> = (0..threads)
                        .map(|t| {
                            let score = &score;
                            scope.spawn(move || {
                                let mut matcher = crate::search::Matcher::new();
                                (t * chunk..((t + 1) * chunk).min(total))
                                    .filter_map(|r| score(r, &mut matcher))
                                    .collect::<Vec<_>>()
                            })
                        })
                        .collect();
                    parts
                        .into_iter()
                        .flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                        .collect()
                })
            }
        }
    };
    hits.sort_unstable_by_key(|h| (std::cmp::Reverse(h.hit.score), h.row));
    hits
}

fn search_worker(jobs: Receiver<SearchJob>, tx: Sender<Msg>) {
    std::thread::spawn(move || {
        let mut matcher = crate::search::Matcher::new();
        while let Ok(mut job) = jobs.recv() {
            // Only the newest query matters: skip any that piled up behind it.
            while let Ok(newer) = jobs.try_recv() {
                job = newer;
            }
            let hits = run_search(&job, &mut matcher);
            if tx.send(Msg::SearchDone { seq: job.seq, hits }).is_err() {
                return;
            }
        }
    });
}

fn write_worker(
    store: Arc<Store>,
    policy: Arc<Policy>,
    today: NaiveDate,
    requests: Receiver<service::Request>,
    tx: Sender<Msg>,
) {
    std::thread::spawn(move || {
        while let Ok(request) = requests.recv() {
            let who = Who::current(policy.timezone);
            let result = service::perform(
                &store,
                &who,
                Ctx {
                    policy: &policy,
                    today,
                },
                request,
            )
            .map_err(|e| e.text());
            if tx.send(Msg::Written(result)).is_err() {
                return;
            }
        }
    });
}

fn input_thread(tx: Sender<Msg>) {
    std::thread::spawn(move || {
        loop {
            let msg = match event::read() {
                Ok(Event::Key(key)) if key.kind != KeyEventKind::Release => Msg::Key(key),
                Ok(Event::Paste(text)) => Msg::Paste(text),
                Ok(Event::Resize(w, h)) => Msg::Resize(w, h),
                Ok(_) => continue,
                // The terminal is gone: end as if asked to, so everything is cleaned up.
                Err(_) => {
                    let _ = tx.send(Msg::Terminate);
                    return;
                }
            };
            if tx.send(msg).is_err() {
                return;
            }
        }
    });
}

/// A hang-up (the SSH session or terminal closed) or a request to stop ends the console through its
/// normal exit, so the terminal is restored and a demo's throwaway copy is removed.
fn signal_thread(tx: Sender<Msg>) -> Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT])?;
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = tx.send(Msg::Terminate);
        }
    });
    Ok(())
}

/// OSC 52: the terminal puts the text on the clipboard, also over SSH.
fn copy(text: &str) {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = std::io::stdout();
    let _ = write!(out, "\x1b]52;c;{encoded}\x07");
    let _ = out.flush();
}

/// Runs the console until the user quits.
pub fn run(store: Arc<Store>, options: Options) -> Result<()> {
    let mut app = initial_app(&store, &options)?;
    let theme = crate::ui::theme::Theme::from_env();
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableBracketedPaste);
        previous_hook(info);
    }));
    let (tx, rx) = channel();
    // Before the first frame: a hang-up right after it must end through the normal exit too.
    signal_thread(tx.clone())?;
    let mut terminal = ratatui::try_init()?;
    let result = (|| -> Result<()> {
        execute!(std::io::stdout(), EnableBracketedPaste)?;
        // crossterm installs its resize handler on the first poll; poll before drawing so a
        // resize right after start-up is not lost.
        let _ = event::poll(Duration::ZERO);
        let size = terminal.size()?;
        app.update(Msg::Resize(size.width, size.height));
        draw(&mut terminal, &app, &theme)?;

        load_in_background(
            store.clone(),
            options.policy.clone(),
            options.today,
            tx.clone(),
        );
        let (search_tx, search_rx) = channel();
        search_worker(search_rx, tx.clone());
        let (write_tx, write_rx) = channel();
        write_worker(
            store.clone(),
            options.policy.clone(),
            options.today,
            write_rx,
            tx.clone(),
        );
        input_thread(tx.clone());
        if let Ok(views) = store.views() {
            app.update(Msg::Views(views));
        }
        let mut generation = store.generation()?;
        loop {
            let first = match rx.recv_timeout(POLL) {
                Ok(msg) => Some(msg),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => None,
                Err(_) => break,
            };
            let mut effects = Vec::new();
            let mut changed = first.is_some();
            // Handle everything that is waiting, then draw once.
            for msg in first
                .into_iter()
                .chain(std::iter::from_fn(|| rx.try_recv().ok()))
            {
                let wrote = matches!(msg, Msg::Written(Ok(_)));
                effects.extend(app.update(msg));
                if wrote {
                    generation = store.generation().unwrap_or(generation);
                }
            }
            // The file deleted or replaced under us, or records skipped as damaged: said in
            // the status bar; a replaced file has been reopened and every view is reloaded.
            if let Some(notice) = store.take_notice() {
                app.warn(notice.text);
                if notice.reopened {
                    effects.push(Effect::Reload);
                }
                changed = true;
            }
            if store.generation().is_ok_and(|g| g != generation) && !app.writing {
                generation = store.generation().unwrap_or(generation);
                effects.push(Effect::Reload);
            }
            changed |= !effects.is_empty();
            for effect in effects {
                match effect {
                    Effect::Quit => return Ok(()),
                    Effect::Search { seq, query, within } => {
                        let _ = search_tx.send(SearchJob {
                            seq,
                            query,
                            within,
                            keys: app.keys.clone(),
                        });
                    }
                    Effect::Write(request) => {
                        let _ = write_tx.send(request);
                    }
                    Effect::Copy(text) => copy(&text),
                    Effect::Reload => load_in_background(
                        store.clone(),
                        options.policy.clone(),
                        options.today,
                        tx.clone(),
                    ),
                    // Not `terminal.clear()`: it asks the terminal for the cursor position,
                    // which crossterm can't read while the input thread waits in
                    // `event::read`; it gave up after 2 s and the console quit with an error.
                    // A resize to the same size clears and forces a full redraw, asking nothing.
                    Effect::Redraw => terminal.resize(terminal.size()?.into())?,
                }
            }
            if app.quit {
                return Ok(());
            }
            // An idle poll that found nothing new draws nothing.
            if changed {
                draw(&mut terminal, &app, &theme)?;
            }
        }
        Ok(())
    })();
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    result
}

/// One frame, inside synchronized-update markers so terminals (and tests) see whole frames.
fn draw(
    terminal: &mut ratatui::DefaultTerminal,
    app: &App,
    theme: &crate::ui::theme::Theme,
) -> Result<()> {
    execute!(std::io::stdout(), BeginSynchronizedUpdate)?;
    terminal.draw(|frame| crate::ui::draw(frame, app, theme))?;
    execute!(std::io::stdout(), EndSynchronizedUpdate)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_split_over_threads_finds_what_one_pass_finds() {
        let policy = Policy::default_policy();
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date");
        let keys: Vec<SearchKey<'static>> = crate::synth::generate(24_000, 7, &policy, today)
            .iter()
            .map(crate::store::search_key)
            .collect();
        let keys = Arc::new(keys);
        let mut matcher = crate::search::Matcher::new();
        for query in ["海洋", "hy", "g"] {
            let split = SearchJob {
                seq: 1,
                query: query.into(),
                within: None,
                keys: keys.clone(),
            };
            let every_row = (0..keys.len() as u32).collect();
            let one_pass = SearchJob {
                seq: 1,
                query: query.into(),
                within: Some(every_row),
                keys: keys.clone(),
            };
            let (a, b) = (
                run_search(&split, &mut matcher),
                run_search(&one_pass, &mut matcher),
            );
            assert!(!a.is_empty(), "{query}");
            assert_eq!(a, b, "{query}");
        }
    }
}
