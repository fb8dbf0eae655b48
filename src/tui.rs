//! The terminal: setup and restore (on exit, error and panic), the event loop, and carrying out
//! the effects the app asks for — on the workers of `search` (typing never waits for a pass;
//! stale results are dropped) and `app::background` (loading, analysis, writes, and watching
//! for other users' changes).

use crate::app::background;
use crate::app::start::{Options, first_app};
use crate::app::{App, Effect, Msg};
use crate::search::SearchJob;
use crate::store::Store;
use anyhow::Result;
use base64::Engine;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use crossterm::execute;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use std::io::Write;
use std::sync::Arc;
use std::sync::mpsc::{RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

/// How long a write may take before the status bar says it is waiting (on another process's
/// transaction: a write alone takes a millisecond or two).
const WAIT_SHOWN: Duration = Duration::from_millis(300);

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
    let mut app = first_app(&store, &options);
    // Before the terminal is taken over: a hang-up from then on ends through the normal exit.
    let (tx, rx) = channel();
    signal_thread(tx.clone())?;
    let theme = crate::ui::theme::Theme::from_env();
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableBracketedPaste);
        previous_hook(info);
    }));
    let mut terminal = ratatui::try_init()?;
    // ratatui's hook (now outermost) restores the terminal on any panic. A panic inside redb
    // reading a damaged page is caught and reported by the store, and the console goes on: it
    // must not take the screen down first.
    let restoring = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !crate::store::absorb_guarded_panic(info) {
            restoring(info);
        }
    }));
    let result = (|| -> Result<()> {
        execute!(std::io::stdout(), EnableBracketedPaste)?;
        // crossterm installs its resize handler on the first poll; poll before drawing so a
        // resize right after start-up is not lost.
        let _ = event::poll(Duration::ZERO);
        let size = terminal.size()?;
        app.update(Msg::Resize(size.width, size.height));
        draw(&mut terminal, &app, &theme)?;

        let (jobs, jobs_rx) = channel();
        background::spawn(
            store.clone(),
            options.policy.clone(),
            options.today,
            options.note_access(),
            jobs_rx,
            tx.clone(),
        );
        let (search_tx, search_rx) = channel();
        let answers = tx.clone();
        crate::search::spawn_worker(search_rx, move |seq, (hits, complete)| {
            answers
                .send(Msg::SearchFound {
                    seq,
                    hits,
                    complete,
                })
                .is_ok()
        });
        input_thread(tx.clone());
        // When the write in flight was sent, until the app has been told it is waiting.
        let mut write_sent: Option<Instant> = None;
        loop {
            let first = match write_sent {
                Some(sent) => match rx.recv_timeout(WAIT_SHOWN.saturating_sub(sent.elapsed())) {
                    Ok(msg) => msg,
                    Err(RecvTimeoutError::Timeout) => {
                        write_sent = None;
                        Msg::WriteWaiting
                    }
                    Err(RecvTimeoutError::Disconnected) => break,
                },
                None => match rx.recv() {
                    Ok(msg) => msg,
                    Err(_) => break,
                },
            };
            // Handle everything that is waiting, then draw once.
            let mut effects = Vec::new();
            for msg in std::iter::once(first).chain(std::iter::from_fn(|| rx.try_recv().ok())) {
                effects.extend(app.update(msg));
            }
            if !app.writing {
                write_sent = None;
            }
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
                    Effect::Write { request, seen } => {
                        write_sent.get_or_insert_with(Instant::now);
                        let _ = jobs.send(background::Job::Write { request, seen });
                    }
                    // On a thread of its own: a narrow filter may walk far back, and neither
                    // keys nor writes wait for it.
                    Effect::History(query) => {
                        let (store, answers) = (store.clone(), tx.clone());
                        std::thread::spawn(move || {
                            let page = crate::app::history::read_page(&store, &query);
                            let _ = answers.send(Msg::HistoryPage(page));
                        });
                    }
                    Effect::PlanOutcomes { path } => {
                        let _ = jobs.send(background::Job::PlanOutcomes { path });
                    }
                    Effect::ReadNotes { id } => {
                        let _ = jobs.send(background::Job::ReadNotes { id });
                    }
                    Effect::Copy(text) => copy(&text),
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
            draw(&mut terminal, &app, &theme)?;
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
