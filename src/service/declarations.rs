//! Requests about what an application declares: A8 indicators by year, A7.3 management systems,
//! prior projects (A8.1, A8.3).

use super::{Done, Gate, Request, change};
use crate::domain::codes::Code;
use crate::domain::declarations;
use crate::domain::lifecycle::Ctx;
use crate::store::{Tx, WriteError};
use crate::text;

fn keys(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn apply(
    tx: &mut Tx,
    gate: &Gate<'_>,
    ctx: Ctx,
    request: Request,
    done: &mut Done,
) -> Result<(), WriteError> {
    match request {
        Request::Indicators { id, year, pairs } => change(
            tx,
            gate,
            &id,
            "indicators",
            |b| {
                declarations::set_indicators(b, &ctx, year, &pairs)?;
                let list = keys(&pairs);
                Ok(match year {
                    Some(y) => text!(
                        "记录 {y} 年度申报指标 {list}",
                        "recorded {y} indicators {list}"
                    ),
                    None => text!("记录申报指标 {list}", "recorded indicators {list}"),
                })
            },
            done,
        ),
        Request::Systems { id, pairs } => change(
            tx,
            gate,
            &id,
            "systems",
            |b| {
                declarations::declare_systems(b, &ctx, &pairs)?;
                let list = keys(&pairs);
                Ok(text!(
                    "记录管理制度 {list}",
                    "recorded management systems {list}"
                ))
            },
            done,
        ),
        Request::ProjectAdd { id, input } => change(
            tx,
            gate,
            &id,
            "project_add",
            |b| {
                let n = declarations::add_project(b, &ctx, input)?;
                let p = &b.projects[n - 1];
                Ok(text!(
                    [
                        "项目#{n}「{}」（{}，{}–{}）",
                        p.name,
                        p.level.zh(),
                        p.from,
                        p.to
                    ],
                    [
                        "project #{n} '{}' ({}, {}–{})",
                        p.name,
                        p.level.en(),
                        p.from,
                        p.to
                    ]
                ))
            },
            done,
        ),
        Request::ProjectRemove { id, which } => change(
            tx,
            gate,
            &id,
            "project_remove",
            |b| {
                let p = declarations::remove_project(b, &which)?;
                Ok(text!(
                    ["删除项目「{}」", p.name],
                    ["removed project '{}'", p.name]
                ))
            },
            done,
        ),
        _ => unreachable!("service::apply routes only declarations here"),
    }
}
