//! Runs the real `jidi` binary against a database in a temporary directory, isolated from the
//! user's and the system's config files.

use std::path::PathBuf;
use std::process::{Command, Output};

pub const TODAY: &str = "2026-11-25";

pub struct Env {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("jidi.redb");
        Env { dir, db }
    }

    /// A `jidi` command with this environment's database, config files and `--today`.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_jidi"));
        cmd.env_remove("JIDI_DB")
            .env_remove("JIDI_TEST_ACTOR")
            .env("JIDI_CONFIG", self.dir.path().join("config.toml"))
            .env("JIDI_SYSTEM_CONFIG", self.dir.path().join("system.toml"))
            .env("HOME", self.dir.path())
            .arg("--db")
            .arg(&self.db);
        if !args.contains(&"--today") {
            cmd.args(["--today", TODAY]);
        }
        cmd.args(args).stdin(std::process::Stdio::null());
        cmd
    }

    /// The same command made by another user (debug builds take `JIDI_TEST_ACTOR` as the actor).
    pub fn run_as(&self, user: &str, args: &[&str]) -> Output {
        self.command(args)
            .env("JIDI_TEST_ACTOR", user)
            .output()
            .unwrap()
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "jidi {args:?} failed ({:?}):\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs and expects exit `code`; returns stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "jidi {args:?}: stdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        serde_json::from_str(&self.ok(&all)).unwrap()
    }

    /// The content of the database: every record (with its findings) and every event.
    pub fn snapshot(&self) -> String {
        let list = self.json(&["list"]);
        let mut parts = vec![self.ok(&["log", "--format", "json"])];
        for row in list.as_array().unwrap() {
            let id = row["id"].as_str().unwrap();
            parts.push(self.ok(&["show", id, "--format", "json"]));
        }
        parts.join("\n")
    }

    /// Creates an application and takes it through the procedure to 已认定 on `date`. The bare
    /// application meets no A5–A8 condition, so an administrator recognises it with a reason
    /// (`--override`), as the tests using it are about what comes after recognition.
    pub fn recognised_base(&self, name: &str, host: &str, date: &str) -> String {
        let id = self
            .ok(&[
                "new",
                "--name",
                name,
                "--category",
                "联合研究类",
                "--city",
                "广州",
                "--host",
                host,
                "--leader",
                "林晓岚",
                "--date",
                date,
            ])
            .trim()
            .to_string();
        for status in ["recommended", "vetted", "publicised"] {
            self.ok(&["status", &id, status, "--reason", "按程序", "--date", date]);
        }
        self.ok(&[
            "status",
            &id,
            "recognised",
            "--reason",
            "发文公告",
            "--date",
            date,
            "--doc-no",
            "粤科函外字〔2024〕1号",
            "--override",
            "测试：申报条件另行审查",
        ]);
        id
    }
}
