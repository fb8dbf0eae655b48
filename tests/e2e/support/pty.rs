//! The real binary in a pseudo-terminal, its output parsed into a virtual screen.
//!
//! A thread reads the pty into a `vt100` parser; tests wait for conditions on the parsed screen
//! with a deadline (never fixed sleeps) and see whole frames only: the console wraps each frame
//! in synchronized-update markers, which vt100 does not know, so they are tracked here.

use base64::Engine;
use portable_pty::{
    ChildKiller, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system,
};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError, channel};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long any one wait may take. Everything here happens in milliseconds (first frame ~10 ms in
/// a debug build); the margin is for loaded CI machines.
pub const DEADLINE: Duration = Duration::from_secs(5);

/// What vt100 leaves to its callbacks: frame boundaries and clipboard writes.
///
/// Terminal queries (cursor position, device attributes) are deliberately not answered: the
/// console reads keys on a thread blocked in crossterm's `event::read`, which holds the reader
/// any answer would have to come through, so a query can only stall it. One showing up makes a
/// test fail by that stall rather than pass on behaviour no real terminal could produce.
#[derive(Default)]
struct Observer {
    /// Between Begin- and EndSynchronizedUpdate: the screen holds a half-drawn frame.
    in_frame: bool,
    /// Frames completed so far.
    frames: u64,
    /// Texts put on the clipboard (OSC 52), in order.
    clipboard: Vec<String>,
}

impl vt100::Callbacks for Observer {
    fn unhandled_csi(
        &mut self,
        _: &mut vt100::Screen,
        i1: Option<u8>,
        _i2: Option<u8>,
        params: &[&[u16]],
        c: char,
    ) {
        match (i1, params, c) {
            (Some(b'?'), [[2026]], 'h') => self.in_frame = true,
            (Some(b'?'), [[2026]], 'l') => {
                self.in_frame = false;
                self.frames += 1;
            }
            _ => {}
        }
    }

    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _ty: &[u8], data: &[u8]) {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data)
            .expect("OSC 52 carries base64");
        self.clipboard
            .push(String::from_utf8(bytes).expect("UTF-8 on the clipboard"));
    }
}

struct State {
    parser: vt100::Parser<Observer>,
    /// Bytes the program has written so far.
    bytes: u64,
    /// The pty reached end-of-file: the program and everything it started have exited.
    closed: bool,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking test thread must not hide the screen from the next assertion.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The answer to one input: the screen once the awaited condition held, and the bytes written
/// and frames drawn until then. Reads as the screen itself.
pub struct Response {
    pub screen: vt100::Screen,
    pub bytes: u64,
    pub frames: u64,
}

impl std::ops::Deref for Response {
    type Target = vt100::Screen;

    fn deref(&self) -> &vt100::Screen {
        &self.screen
    }
}

/// A program running in a pseudo-terminal.
pub struct Term {
    shared: Arc<Shared>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    killer: Box<dyn ChildKiller + Send + Sync>,
    exit: Receiver<std::io::Result<ExitStatus>>,
    /// The exit status was collected: the pid is free for reuse.
    exited: bool,
    pid: u32,
}

impl Term {
    /// Starts `command` in a new pty of `cols`×`rows`.
    pub fn spawn(command: CommandBuilder, cols: u16, rows: u16) -> Term {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut child = pair.slave.spawn_command(command).expect("start jidi");
        // The parent's copy of the slave would keep the pty open after the child exits, and the
        // reader would never see end-of-file.
        drop(pair.slave);
        let killer = child.clone_killer();
        let pid = child.process_id().expect("a pid");
        let (exit_tx, exit) = channel();
        std::thread::spawn(move || {
            let _ = exit_tx.send(child.wait());
        });

        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                parser: vt100::Parser::new_with_callbacks(
                    nonzero(rows),
                    nonzero(cols),
                    0,
                    Observer::default(),
                ),
                bytes: 0,
                closed: false,
            }),
            changed: Condvar::new(),
        });
        let reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        spawn_reader(reader, shared.clone());
        Term {
            shared,
            writer,
            master: pair.master,
            killer,
            exit,
            exited: false,
            pid,
        }
    }

    /// The program's process id, to send it signals.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Waits until `ready` holds on a whole frame and returns that screen; on timeout, or if the
    /// program ends first, fails showing the screen.
    pub fn wait_for(&self, what: &str, ready: impl Fn(&vt100::Screen) -> bool) -> vt100::Screen {
        self.wait(what, None, ready)
    }

    /// As `wait_for`, but only frames completed after frame number `after` count, so what was on
    /// screen before an input can't pass for its answer. (A frame drawn for another reason just
    /// after the input still could: conditions should name what the answer changes.)
    fn wait(
        &self,
        what: &str,
        after: Option<u64>,
        ready: impl Fn(&vt100::Screen) -> bool,
    ) -> vt100::Screen {
        let deadline = Instant::now() + DEADLINE;
        let mut state = self.shared.lock();
        loop {
            let seen = state.parser.callbacks();
            let fresh = after.is_none_or(|after| seen.frames > after);
            if fresh && !seen.in_frame && ready(state.parser.screen()) {
                return state.parser.screen().clone();
            }
            if state.closed {
                let screen = dump(state.parser.screen());
                panic!("jidi ended while waiting for {what}; last screen:\n{screen}");
            }
            let now = Instant::now();
            if now >= deadline {
                let screen = dump(state.parser.screen());
                panic!("timed out after {DEADLINE:?} waiting for {what}; screen:\n{screen}");
            }
            state = self
                .shared
                .changed
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Types `keys` (raw bytes: `"\r"` is Enter, `"\x1b"` Esc, `"\t"` Tab).
    pub fn send(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .and_then(|()| self.writer.flush())
            .expect("write to the pty");
    }

    /// Writes `bytes` onto the screen as another program sharing the terminal would (a `wall`
    /// message, a background job): the console doesn't know, only a full redraw repairs it.
    pub fn interfere(&mut self, bytes: &str) {
        self.shared.lock().parser.process(bytes.as_bytes());
    }

    /// Types `keys` and waits for a frame drawn after them on which `ready` holds; returns
    /// what the program wrote meanwhile.
    pub fn press(
        &mut self,
        keys: &str,
        what: &str,
        ready: impl Fn(&vt100::Screen) -> bool,
    ) -> Response {
        self.respond(what, ready, |term| term.send(keys))
    }

    /// Resizes the terminal, as a window manager would (the program gets SIGWINCH), and waits
    /// for a frame drawn after it on which `ready` holds.
    pub fn resize(
        &mut self,
        cols: u16,
        rows: u16,
        what: &str,
        ready: impl Fn(&vt100::Screen) -> bool,
    ) -> Response {
        self.respond(what, ready, |term| {
            // The parser first, so the frame answering the resize is parsed at the new size.
            term.shared
                .lock()
                .parser
                .set_size(nonzero(rows), nonzero(cols));
            term.master
                .resize(PtySize {
                    rows,
                    cols,
                    pixel_width: 0,
                    pixel_height: 0,
                })
                .expect("resize the pty");
        })
    }

    fn respond(
        &mut self,
        what: &str,
        ready: impl Fn(&vt100::Screen) -> bool,
        input: impl FnOnce(&mut Term),
    ) -> Response {
        let (bytes, frames) = self.counters();
        input(self);
        let screen = self.wait(what, Some(frames), ready);
        let (bytes_after, frames_after) = self.counters();
        Response {
            screen,
            bytes: bytes_after - bytes,
            frames: frames_after - frames,
        }
    }

    /// Bytes written and frames completed by the program so far.
    pub fn counters(&self) -> (u64, u64) {
        let state = self.shared.lock();
        (state.bytes, state.parser.callbacks().frames)
    }

    /// What the program has put on the clipboard so far.
    pub fn clipboard(&self) -> Vec<String> {
        self.shared.lock().parser.callbacks().clipboard.clone()
    }

    /// The screen as text, one line per row.
    pub fn screen_text(&self) -> String {
        self.shared.lock().parser.screen().contents()
    }

    /// Waits for the program to exit and for all its output to be parsed; returns the exit
    /// status and the final screen.
    pub fn wait_exit(&mut self) -> (ExitStatus, vt100::Screen) {
        let status = match self.exit.recv_timeout(DEADLINE) {
            Ok(status) => {
                self.exited = true;
                status.expect("wait for jidi")
            }
            Err(RecvTimeoutError::Timeout) => {
                panic!(
                    "jidi did not exit within {DEADLINE:?}; screen:\n{}",
                    dump(self.shared.lock().parser.screen())
                )
            }
            Err(RecvTimeoutError::Disconnected) => panic!("jidi's waiter thread died"),
        };
        let screen = self.wait_closed();
        (status, screen)
    }

    fn wait_closed(&self) -> vt100::Screen {
        let deadline = Instant::now() + DEADLINE;
        let mut state = self.shared.lock();
        while !state.closed {
            let now = Instant::now();
            assert!(
                now < deadline,
                "jidi exited but its terminal stayed open; screen:\n{}",
                dump(state.parser.screen())
            );
            state = self
                .shared
                .changed
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        state.parser.screen().clone()
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        // A failed test must not leave the program running. Once it has exited (status
        // collected or waiting in the channel) its pid may belong to someone else: leave it be.
        if !self.exited && matches!(self.exit.try_recv(), Err(TryRecvError::Empty)) {
            let _ = self.killer.kill();
        }
    }
}

fn spawn_reader(mut reader: Box<dyn Read + Send>, shared: Arc<Shared>) {
    std::thread::spawn(move || {
        let mut buf = [0u8; 16 * 1024];
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                // Linux reports the slave's last close as EIO.
                Err(_) => break,
            };
            {
                let mut state = shared.lock();
                state.parser.process(&buf[..n]);
                state.bytes += n as u64;
            }
            shared.changed.notify_all();
        }
        shared.lock().closed = true;
        shared.changed.notify_all();
    });
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal is at least one cell wide and high")
}

/// The screen with row numbers, for failure messages.
fn dump(screen: &vt100::Screen) -> String {
    let cols = screen.size().1.get();
    screen
        .rows(0, cols)
        .enumerate()
        .map(|(i, row)| format!("{i:2}│{row}\n"))
        .collect()
}
