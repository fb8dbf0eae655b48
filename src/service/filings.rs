//! Requests about major-change filings (A15.3.2) and the recommender's review (A15.2.2).

use super::{Done, Gate, Request, change};
use crate::domain::base::Leader;
use crate::domain::codes::{ChangeKind, Code, Qualification};
use crate::domain::filings;
use crate::domain::lifecycle::Ctx;
use crate::domain::text::Text;
use crate::store::{Tx, WriteError};
use crate::text;

pub(super) fn apply(
    tx: &mut Tx,
    gate: &Gate<'_>,
    ctx: Ctx,
    request: Request,
    done: &mut Done,
) -> Result<(), WriteError> {
    match request {
        Request::Change { id, input } => change(
            tx,
            gate,
            &id,
            "change",
            |b| {
                let kind = input.kind;
                let n = filings::file_change(b, &ctx, input)?;
                let filing = b.changes.iter().find(|c| c.n == n).expect("just filed");
                let detail = if filing.new_value.is_empty() {
                    String::new()
                } else {
                    format!("：{} → {}", filing.old_value, filing.new_value)
                };
                let line = text!(
                    ["变更#{n} {}{detail}", kind.zh()],
                    ["change #{n} {}{detail}", kind.en()]
                );
                Ok(if kind == ChangeKind::Leader {
                    let who = leader_line(&b.leader);
                    text!(["{}（{}）", line.zh, who.zh], ["{} ({})", line.en, who.en])
                } else {
                    line
                })
            },
            done,
        ),
        Request::ChangeFiled {
            id,
            n,
            province,
            recommender,
        } => change(
            tx,
            gate,
            &id,
            "change_filed",
            |b| {
                filings::record_change_filed(b, &ctx, n, province, recommender)?;
                Ok(text!(
                    "变更#{n} 报备日期已记录",
                    "change #{n}: filing dates recorded"
                ))
            },
            done,
        ),
        Request::ChangeReview { id, n, review } => change(
            tx,
            gate,
            &id,
            "change_review",
            |b| {
                filings::review_change(b, n, review)?;
                Ok(text!(
                    ["变更#{n} 推荐单位审核：{}", review.zh()],
                    ["change #{n} reviewed: {}", review.en()]
                ))
            },
            done,
        ),
        _ => unreachable!("service::apply routes only change filings here"),
    }
}

/// The new leader's particulars as a filing records them: "博士 2015-07-01，境内，在职".
fn leader_line(l: &Leader) -> Text {
    let title = match l.qualified_on {
        _ if l.qualification == Qualification::None => {
            text!(
                "未填写资格（A6.1）：核实后用 jidi edit ID qualification=资格 qualified_on=日期 补记",
                "no qualification recorded (A6.1): once verified, record it with jidi edit ID qualification=Q qualified_on=DATE"
            )
        }
        Some(on) => text!(
            ["{} {on}", l.qualification.zh()],
            ["{} {on}", l.qualification.en()]
        ),
        None => text!(["{}", l.qualification.zh()], ["{}", l.qualification.en()]),
    };
    let employed = if l.employed_by_host {
        text!("在职", "employed by the host")
    } else {
        text!("非依托单位在职人员", "not employed by the host")
    };
    text!(
        ["{}，{}，{}", title.zh, l.identity.zh(), employed.zh],
        ["{}, {}, {}", title.en, l.identity.en(), employed.en]
    )
}
