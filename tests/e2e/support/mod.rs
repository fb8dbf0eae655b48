//! An isolated place to run `jidi`: a temporary directory holding the database, the config
//! files, `HOME` and `TMPDIR`, so nothing of the developer's or the machine's setup leaks in.

pub mod pty;
pub mod screen;

use portable_pty::CommandBuilder;
use pty::Term;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The day the rules are judged on: the demo data is designed around it.
const TODAY: &str = "2026-11-25";

/// A demo base the scenarios mark: 广州, 联合研究类, recognised, last evaluated 优秀.
pub const ID: &str = "GDICB-2013-0001";
pub const NAME: &str = "澄湾大学中德先进材料联合研究中心";

const JIDI: &str = env!("CARGO_BIN_EXE_jidi");

/// The top bar says 分析中… until every record is analysed; the filter bar says 加载中… until
/// every row is loaded.
fn settled(screen: &vt100::Screen) -> bool {
    let (top, bar) = (screen::row(screen, 0), screen::row(screen, 1));
    top.starts_with("jidi")
        && !top.contains("分析中")
        && bar.contains(" — ")
        && !bar.contains("加载中")
}

pub struct Env {
    dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Env {
    /// An empty directory; the database does not exist yet.
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let db = dir.path().join("jidi.redb");
        Env { dir, db }
    }

    /// A database holding the 80 demo bases, loaded the way a user would.
    pub fn demo() -> Env {
        let env = Env::new();
        env.ok(&["init", "--demo"]);
        env
    }

    /// Where the user's `config.toml` (and so `keymap.toml`) would be.
    pub fn config_dir(&self) -> &Path {
        self.dir.path()
    }

    /// The only variables the program sees; an inherited `JIDI_DB`, `NO_COLOR` or `LC_ALL`
    /// would change what the tests see. Temporary files go here too, where tests can see them.
    fn vars(&self) -> [(&'static str, PathBuf); 6] {
        let dir = self.dir.path();
        [
            ("HOME", dir.to_path_buf()),
            ("TMPDIR", dir.to_path_buf()),
            ("JIDI_CONFIG", dir.join("config.toml")),
            ("JIDI_SYSTEM_CONFIG", dir.join("system.toml")),
            ("LANG", "C.UTF-8".into()),
            ("TERM", "xterm-256color".into()),
        ]
    }

    fn args<'a>(&'a self, args: &[&'a str]) -> Vec<&'a OsStr> {
        let mut all: Vec<&OsStr> = args.iter().map(|a| OsStr::new(*a)).collect();
        all.extend([OsStr::new("--db"), self.db.as_os_str()]);
        all.extend([OsStr::new("--today"), OsStr::new(TODAY)]);
        all
    }

    /// `jidi ARGS --db DB --today TODAY` as a plain process (stdin empty, output captured).
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(JIDI);
        cmd.env_clear()
            .envs(self.vars())
            .current_dir(self.dir.path())
            .args(self.args(args))
            .stdin(std::process::Stdio::null());
        cmd
    }

    /// Runs a subcommand and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.command(args).output().expect("run jidi");
        assert!(
            out.status.success(),
            "jidi {args:?} failed ({:?}):\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    /// Runs a subcommand with `--format json` and parses its output.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        serde_json::from_str(&self.ok(&all)).expect("JSON output")
    }

    /// `jidi show ID` as JSON.
    pub fn show(&self, id: &str) -> serde_json::Value {
        self.json(&["show", id])
    }

    /// The number of events in the log.
    pub fn events(&self) -> usize {
        self.json(&["log"])
            .as_array()
            .expect("a list of events")
            .len()
    }

    /// The console (`jidi ARGS --db DB --today TODAY`) in a `cols`×`rows` terminal.
    pub fn console(&self, args: &[&str], cols: u16, rows: u16) -> Term {
        self.console_with(CommandBuilder::new(JIDI), &[], args, cols, rows)
    }

    /// The console run as the account `uid` (through `setpriv`; the tests must run as root
    /// for that), for what another account may not do. `None` when `setpriv` is missing.
    pub fn console_as(&self, uid: u32, args: &[&str], cols: u16, rows: u16) -> Option<Term> {
        let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"]
            .into_iter()
            .find(|p| Path::new(p).exists())?;
        let id = format!("{uid}");
        let switch = [
            format!("--reuid={id}"),
            format!("--regid={id}"),
            "--clear-groups".to_string(),
            JIDI.to_string(),
        ];
        let switch: Vec<&str> = switch.iter().map(String::as_str).collect();
        Some(self.console_with(CommandBuilder::new(setpriv), &switch, args, cols, rows))
    }

    fn console_with(
        &self,
        mut cmd: CommandBuilder,
        before: &[&str],
        args: &[&str],
        cols: u16,
        rows: u16,
    ) -> Term {
        cmd.args(before);
        cmd.env_clear();
        for (key, value) in self.vars() {
            cmd.env(key, value);
        }
        // Else portable-pty starts the program in the developer's real $HOME.
        cmd.cwd(self.dir.path());
        cmd.args(self.args(args));
        Term::spawn(cmd, cols, rows)
    }

    /// `jidi` on this database, once every row is loaded and analysed, so that later frames
    /// answer the test's keys rather than the loading.
    pub fn start(&self, cols: u16, rows: u16) -> Term {
        let term = self.console(&[], cols, rows);
        term.wait_for("the console, loaded and analysed", settled);
        term
    }
}
