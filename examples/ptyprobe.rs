//! Measures the console as a terminal sees it, for `bench/run`: time to the first complete frame,
//! time until every base is loaded and analysed, bytes written for one `j` and one search
//! keystroke, resident memory once loaded, CPU use while idle, and how soon a change another
//! process commits is on the screen.
//!
//! Usage: ptyprobe JIDI_BINARY DATABASE [COLSxROWS] — prints one JSON object.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Everything the program wrote, and when the last byte came.
struct Output {
    bytes: Vec<u8>,
    screen: vt100::Parser,
    last: Instant,
    frames: usize,
    first_frame: Option<Instant>,
}

const END_FRAME: &[u8] = b"\x1b[?2026l";

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (bin, db) = (
        args.get(1).ok_or("usage: ptyprobe JIDI DB [COLSxROWS]")?,
        args.get(2).ok_or("missing DB")?,
    );
    let (cols, rows) = args
        .get(3)
        .and_then(|s| s.split_once('x'))
        .and_then(|(c, r)| Some((c.parse().ok()?, r.parse().ok()?)))
        .unwrap_or((120u16, 40u16));
    let pair = native_pty_system().openpty(PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    })?;
    let mut cmd = CommandBuilder::new(bin);
    cmd.args(["--db", db.as_str()]);
    cmd.env("LANG", "C.UTF-8");
    cmd.env("TERM", "xterm-256color");
    cmd.cwd(std::env::temp_dir());
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(cmd)?;
    drop(pair.slave);
    let pid = child.process_id().ok_or("no pid")?;
    let mut reader = pair.master.try_clone_reader()?;
    let mut writer = pair.master.take_writer()?;
    let shared = Arc::new((
        Mutex::new(Output {
            bytes: Vec::new(),
            screen: vt100::Parser::new(
                std::num::NonZeroU16::new(rows).ok_or("rows")?,
                std::num::NonZeroU16::new(cols).ok_or("cols")?,
                0,
            ),
            last: Instant::now(),
            frames: 0,
            first_frame: None,
        }),
        Condvar::new(),
    ));
    {
        let shared = shared.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let (lock, cond) = &*shared;
                let mut out = lock.lock().unwrap();
                let tail_start = out.bytes.len().saturating_sub(END_FRAME.len());
                out.bytes.extend_from_slice(&buf[..n]);
                out.screen.process(&buf[..n]);
                out.last = Instant::now();
                let frames = count(&out.bytes[tail_start..], END_FRAME);
                if frames > 0 && out.first_frame.is_none() {
                    out.first_frame = Some(Instant::now());
                }
                out.frames += frames;
                cond.notify_all();
            }
        });
    }
    let (lock, cond) = &*shared;
    let wait_until = |pred: &dyn Fn(&Output) -> bool, timeout: Duration| -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        let mut out = lock.lock().unwrap();
        while !pred(&out) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(format!(
                    "timed out; last output: {:?}",
                    String::from_utf8_lossy(&out.bytes[out.bytes.len().saturating_sub(400)..])
                ));
            }
            out = cond.wait_timeout(out, left).unwrap().0;
        }
        Ok(())
    };
    // Quiet: nothing written for a while.
    let settle = |quiet: Duration| {
        loop {
            std::thread::sleep(quiet / 4);
            if lock.lock().unwrap().last.elapsed() >= quiet {
                return;
            }
        }
    };
    wait_until(&|o| o.first_frame.is_some(), Duration::from_secs(20))?;
    let first_frame_ms = lock
        .lock()
        .unwrap()
        .first_frame
        .unwrap()
        .duration_since(start)
        .as_secs_f64()
        * 1000.0;
    // Loaded and analysed: the screen no longer says it is loading (加载中) or analysing (分析中).
    let loaded = |o: &Output| {
        let text = o.screen.screen().contents();
        !text.contains("加载中") && !text.contains("分析中")
    };
    wait_until(&loaded, Duration::from_secs(60))?;
    let loaded_ms = start.elapsed().as_secs_f64() * 1000.0;
    settle(Duration::from_millis(300));

    let mut keystroke = |keys: &[u8]| -> Result<usize, Box<dyn std::error::Error>> {
        let before = lock.lock().unwrap().bytes.len();
        writer.write_all(keys)?;
        writer.flush()?;
        std::thread::sleep(Duration::from_millis(20));
        settle(Duration::from_millis(300));
        Ok(lock.lock().unwrap().bytes.len() - before)
    };
    let j_bytes = keystroke(b"j")?;
    keystroke(b"/")?;
    let search_bytes = keystroke("海".as_bytes())?;
    keystroke(b"\x1b")?;
    keystroke(b"\x1b")?;

    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let rss_kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .ok_or("no VmRSS")?;
    let cpu_ticks = || -> Result<u64, Box<dyn std::error::Error>> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
        let after_name = stat.rsplit_once(')').ok_or("bad stat")?.1;
        let fields: Vec<&str> = after_name.split_whitespace().collect();
        Ok(fields[11].parse::<u64>()? + fields[12].parse::<u64>()?)
    };
    // At rest: after the last keystroke's work (freeing a search's results) has settled.
    std::thread::sleep(Duration::from_secs(1));
    let idle_seconds = 10.0;
    let t0 = cpu_ticks()?;
    std::thread::sleep(Duration::from_secs_f64(idle_seconds));
    let t1 = cpu_ticks()?;
    // Linux reports CPU time in clock ticks of 1/100 s.
    let idle_cpu_percent = (t1 - t0) as f64 / 100.0 / idle_seconds * 100.0;

    // Another process changes the base on the first row; from the moment its commit is
    // acknowledged (the command has returned) until the screen says who changed it.
    let first_id = {
        let out = lock.lock().unwrap();
        out.screen
            .screen()
            .contents()
            .split_whitespace()
            .find(|w| w.starts_with("GDICB-"))
            .ok_or("no base id on screen")?
            .to_string()
    };
    let mut refresh = Vec::new();
    for round in 0..5 {
        let value = format!("测量{round}");
        let done = std::process::Command::new(bin)
            .args(["--db", db.as_str(), "edit", &first_id])
            .arg(format!("fields={value}"))
            .env("LANG", "C.UTF-8")
            .output()?;
        if !done.status.success() {
            return Err(format!(
                "jidi edit failed: {}",
                String::from_utf8_lossy(&done.stderr)
            )
            .into());
        }
        let acknowledged = Instant::now();
        let said = format!("修改 {first_id} 修改 fields");
        let seen =
            |o: &Output| o.last >= acknowledged && o.screen.screen().contents().contains(&said);
        wait_until(&seen, Duration::from_secs(10))?;
        refresh.push(
            lock.lock()
                .unwrap()
                .last
                .duration_since(acknowledged)
                .as_secs_f64()
                * 1000.0,
        );
        // The next round waits for a screen without the message.
        keystroke(b"j")?;
    }
    refresh.sort_by(f64::total_cmp);
    let refresh_ms = refresh[refresh.len() / 2];
    let refresh_max_ms = refresh[refresh.len() - 1];

    writer.write_all(b"q")?;
    writer.flush()?;
    let exited = (0..50).any(|_| {
        std::thread::sleep(Duration::from_millis(100));
        matches!(child.try_wait(), Ok(Some(_)))
    });
    if !exited {
        child.kill()?;
    }
    println!(
        "{{\"cols\":{cols},\"rows\":{rows},\"first_frame_ms\":{first_frame_ms:.1},\"loaded_ms\":{loaded_ms:.1},\"j_bytes\":{j_bytes},\"search_key_bytes\":{search_bytes},\"rss_mb\":{:.1},\"idle_cpu_percent\":{idle_cpu_percent:.2},\"refresh_ms\":{refresh_ms:.1},\"refresh_max_ms\":{refresh_max_ms:.1}}}",
        rss_kb as f64 / 1024.0
    );
    Ok(())
}
