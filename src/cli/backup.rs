//! `jidi backup PATH` and `jidi restore PATH`.

use super::{EXIT_OK, Session, out};
use crate::service;
use crate::text;
use anyhow::Result;
use std::path::Path;

pub fn backup(session: &Session, target: &Path) -> Result<u8> {
    let store = session.open()?;
    let summary = service::backup(&store, &session.who(), target)?;
    let (bases, events, shown) = (summary.bases, summary.events, target.display());
    out(&format!(
        "{}\n",
        session.t(&text!(
            "已备份到 {shown}：{bases} 个基地，{events} 条事件（保密说明仍为密文）",
            "backed up to {shown}: {bases} bases, {events} events (confidential text stays sealed)"
        ))
    ));
    Ok(EXIT_OK)
}

pub fn restore(session: &Session, backup: &Path) -> Result<u8> {
    let store = session.open_to_write()?;
    let restored = service::restore(&store, &session.who(), session.ctx(), backup)?;
    let (bases, events) = (restored.summary.bases, restored.summary.events);
    let (shown, previous) = (backup.display(), restored.previous.display());
    out(&format!(
        "{}\n",
        session.t(&text!(
            "已从 {shown} 恢复：{bases} 个基地，{events} 条事件。原数据库保存为 {previous}；仍打开旧文件的会话会被提示重新打开",
            "restored from {shown}: {bases} bases, {events} events. The previous database is kept as {previous}; sessions still holding it are told to reopen"
        ))
    ));
    Ok(EXIT_OK)
}
