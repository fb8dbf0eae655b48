//! Opening the console: `jidi` on the configured database, `jidi demo` on a throwaway copy of
//! the demo data.

use super::{EXIT_OK, EXIT_REFUSED, EXIT_USAGE, Session};
use crate::domain::text::{Lang, Refusal, Text};
use crate::keymap::Keymap;
use crate::store::{Store, StoreError};
use crate::text;
use anyhow::Result;
use std::io::IsTerminal;
use std::sync::Arc;

/// The user's key file: `keymap.toml` beside their config file.
fn user_keymap_path() -> Option<std::path::PathBuf> {
    let config = crate::config::ConfigPaths::from_env().user?;
    Some(config.parent()?.join("keymap.toml"))
}

/// The preset with the user's key file over it; problems are printed, never papered over.
fn load_keymap(session: &Session) -> Result<Keymap, u8> {
    let path = user_keymap_path();
    Keymap::load_file(&session.settings.keymap, path.as_deref()).map_err(|errors| {
        let intro = match session.lang() {
            Lang::Zh => "键位表有误，控制台未启动；请修正下列问题（或删除该文件以使用预设）：",
            Lang::En => "the keymap has problems, so the console did not start; fix these (or remove the file to use the preset):",
        };
        eprintln!("{intro}");
        for e in errors {
            eprintln!("  {e}");
        }
        EXIT_REFUSED
    })
}

fn needs_terminal(session: &Session) -> Option<u8> {
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        return None;
    }
    let hint = text!(
        "jidi 控制台需要终端。脚本请用子命令，如 jidi list、jidi triage、jidi show ID（jidi --help 查看全部）",
        "the jidi console needs a terminal. In scripts use the subcommands, e.g. jidi list, jidi triage, jidi show ID (see jidi --help)"
    );
    eprintln!("{}", session.t(&hint));
    Some(EXIT_USAGE)
}

/// Opens the console on `store`; `read_only`: nothing may be changed from it.
fn open(session: &Session, store: Store, read_only: bool, mut warnings: Vec<Text>) -> Result<u8> {
    let keymap = match load_keymap(session) {
        Ok(k) => k,
        Err(code) => return Ok(code),
    };
    if !crate::tui::utf8_locale() {
        warnings.push(text!(
            "当前区域设置不是 UTF-8，中文可能显示不正常；请设置 LANG=zh_CN.UTF-8 或 C.UTF-8",
            "the locale is not UTF-8, so Chinese may not display correctly; set LANG=C.UTF-8 or similar"
        ));
    }
    let options = crate::app::start::Options {
        policy: Arc::new(session.settings.policy.clone()),
        today: session.today,
        lang: session.lang(),
        keymap,
        warnings,
        note_key: session.settings.note_key.clone(),
        read_only,
    };
    crate::tui::run(Arc::new(store), options)?;
    Ok(EXIT_OK)
}

/// `jidi`: the console on the configured database (created empty if missing). With
/// `--read-only`, or on a file this user may not write, it opens read-only: the file is
/// neither created nor changed.
pub fn console(session: &Session) -> Result<u8> {
    if let Some(code) = needs_terminal(session) {
        return Ok(code);
    }
    if session.read_only {
        return open(session, session.open()?, true, Vec::new());
    }
    if let Some(why) = unwritable(&session.settings.db) {
        let shown = session.settings.db.display();
        let warning = text!(
            "没有写入 {shown} 的权限（{why}）：以只读方式打开，不能修改数据",
            "no permission to write {shown} ({why}): opened read-only, nothing can be changed"
        );
        return open(session, session.open()?, true, vec![warning]);
    }
    match session.open_or_create() {
        Ok(store) => open(session, store, false, Vec::new()),
        // A file too damaged to open for writing may still be read: the console shows what it
        // can, says why nothing can be changed, and quits cleanly.
        Err(e) if is_damage(&e) => {
            let why = match e.downcast_ref::<StoreError>() {
                Some(damage) => Text::new(damage.message(Lang::Zh), damage.message(Lang::En)),
                None => unreachable!("is_damage answered for a store error"),
            };
            let store = session.open().map_err(|_| e)?;
            let warning = text!(
                ["{}；以只读方式打开，不能修改数据", why.zh],
                ["{}; opened read-only, nothing can be changed", why.en]
            );
            open(session, store, true, vec![warning])
        }
        Err(e) => Err(e),
    }
}

/// Whether an open failed on damage in the file (not a missing or busy one).
fn is_damage(error: &anyhow::Error) -> bool {
    matches!(
        error.downcast_ref::<StoreError>(),
        Some(StoreError::Damaged { .. } | StoreError::Corrupt(_))
    )
}

/// Why an existing database file cannot be written by this user, if it cannot: its permissions
/// or a read-only file system. (Opening it for writing changes nothing.)
fn unwritable(path: &std::path::Path) -> Option<String> {
    match std::fs::OpenOptions::new().write(true).open(path) {
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            Some(e.to_string())
        }
        _ => None,
    }
}

/// `jidi demo`: the console on a copy of the demo data that is deleted on exit.
pub fn demo(session: &Session) -> Result<u8> {
    if let Some(code) = needs_terminal(session) {
        return Ok(code);
    }
    let dir = tempfile::Builder::new().prefix("jidi-demo-").tempdir()?;
    let store = Store::open(&dir.path().join("demo.redb"))?;
    let bases = crate::demo::demo_bases()?;
    // The demo shows everything, confidential text included: its user is admin and security,
    // with the throwaway copy's own key.
    super::keys::make_key(session, &store, Some(dir.path().join("notes.key")), None)?;
    let who = session.who();
    crate::service::perform(
        &store,
        &who,
        session.ctx(),
        crate::service::Request::GrantRoles {
            name: who.actor.clone(),
            roles: vec![
                crate::domain::codes::Role::Admin,
                crate::domain::codes::Role::Security,
            ],
            scope: None,
        },
    )?;
    crate::service::load(
        &store,
        &session.who(),
        &bases,
        text!("载入演示数据", "loaded the demo data"),
    )?;
    if store.count()? == 0 {
        return Err(Refusal::input(text!("演示数据为空", "the demo data is empty")).into());
    }
    open(session, store, session.read_only, Vec::new())
}
