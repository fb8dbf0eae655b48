//! `jidi check`: the database's soundness, for people and scripts. Reads only; exit 1 when
//! anything is wrong, 0 when the file is clean.

use super::args::TextOrJson;
use super::output::{Table, json};
use super::{EXIT_OK, EXIT_REFUSED, Session, out};
use crate::domain::text::{Lang, Text};
use crate::store::{RedbVerdict, SnapshotState, Store};
use crate::text;
use anyhow::Result;
use serde_json::json;

/// What searches read, said in one line.
fn search_line(state: &Option<SnapshotState>) -> Text {
    match state {
        Some(SnapshotState::Serving {
            pieces,
            entries,
            pending,
        }) => text!(
            "搜索快照：{pieces} 段，{entries} 个基地，另有 {pending} 个改动待并入",
            "search snapshot: {pieces} pieces, {entries} bases, {pending} changed since it was built"
        ),
        Some(SnapshotState::NotServing) => text!(
            "搜索快照：未建立或未同步（旧版 jidi 写过此文件，或刚迁移）；在下一次修改时重建，此前搜索逐条读取搜索键",
            "search snapshot: not built or not in step (an older jidi wrote the file, or it was migrated); the next change rebuilds it, until then searches read the key table"
        ),
        None => text!(
            "搜索快照：无法读取（见下）",
            "search snapshot: could not be read (see below)"
        ),
    }
}

fn search_json(state: &Option<SnapshotState>) -> serde_json::Value {
    match state {
        Some(SnapshotState::Serving {
            pieces,
            entries,
            pending,
        }) => json!({"state": "serving", "pieces": pieces, "entries": entries, "pending": pending}),
        Some(SnapshotState::NotServing) => json!({"state": "not_serving"}),
        None => json!({"state": "unreadable"}),
    }
}

pub fn check(session: &Session, format: TextOrJson) -> Result<u8> {
    let path = &session.settings.db;
    let report = Store::check(path)?;
    // A file a restore replaced is sound but no longer the database: say so.
    let retired = Store::open_read_only(path)
        .and_then(|s| s.retired())
        .unwrap_or(false);
    let (verdict, redb_detail) = match &report.redb {
        RedbVerdict::Clean => ("clean", None),
        RedbVerdict::Damaged(d) => ("damaged", Some(d.as_str())),
        RedbVerdict::NotRun(d) => ("not_run", Some(d.as_str())),
    };
    match format {
        TextOrJson::Json => out(&json(&json!({
            "path": path.display().to_string(),
            "clean": report.clean(),
            "retired": retired,
            "redb": { "verdict": verdict, "detail": redb_detail },
            "bases": report.bases,
            "events": report.events,
            "users": report.users,
            "search_snapshot": search_json(&report.search),
            "problems": report.problems.iter().map(|p| json!({
                "table": p.table, "key": p.key, "detail": p.detail,
            })).collect::<Vec<_>>(),
        }))),
        TextOrJson::Table => {
            let shown = path.display().to_string();
            let (bases, events, users) = (report.bases, report.events, report.users);
            let redb = match (&report.redb, redb_detail) {
                (RedbVerdict::Clean, _) => text!("通过", "passed"),
                (RedbVerdict::Damaged(_), Some(d)) => text!("未通过：{d}", "failed: {d}"),
                (_, d) => {
                    let d = d.unwrap_or_default();
                    text!("未能运行：{d}", "not run: {d}")
                }
            };
            let redb = session.t(&redb).to_string();
            out(&format!(
                "{}\n",
                session.t(&text!(
                    "检查 {shown}：{bases} 个基地，{events} 条事件，{users} 个授予了角色的用户\nredb 完整性检查：{redb}",
                    "checked {shown}: {bases} bases, {events} events, {users} users with granted roles\nredb integrity check: {redb}"
                ))
            ));
            out(&format!("{}\n", session.t(&search_line(&report.search))));
            if retired {
                out(&format!(
                    "{}\n",
                    session.t(&text!(
                        "注意：这个文件已被备份恢复替换，只作留存，不能写入",
                        "note: this file was replaced by a restore; it is kept for reference and cannot be written"
                    ))
                ));
            }
            if !report.problems.is_empty() {
                let headers = match session.lang() {
                    Lang::Zh => ["表", "键", "问题"],
                    Lang::En => ["table", "key", "problem"],
                };
                let mut table = Table::new(&headers);
                for p in &report.problems {
                    table.row(vec![p.table.into(), p.key.clone(), p.detail.clone()]);
                }
                out(&table.render());
            }
            let n = report.problems.len();
            let verdict = match (&report.redb, n) {
                (RedbVerdict::Clean, 0) => {
                    text!("结论：数据库完好", "result: the database is sound")
                }
                (RedbVerdict::NotRun(_), 0) => text!(
                    "结论：记录与历史一致，但 redb 完整性检查未能运行；请稍后重试",
                    "result: the records match their history, but redb's integrity check could not run; try again later"
                ),
                (RedbVerdict::Damaged(_), 0) => text!(
                    "结论：文件结构未通过检查；请从备份恢复",
                    "result: the file's structure failed the check; restore from a backup"
                ),
                _ => text!(
                    "结论：发现 {n} 处问题；请从备份恢复，或把这份报告交给管理员",
                    "result: {n} problem(s) found; restore from a backup, or pass this report to the administrator"
                ),
            };
            out(&format!("{}\n", session.t(&verdict)));
        }
    }
    Ok(if report.clean() {
        EXIT_OK
    } else {
        EXIT_REFUSED
    })
}
