//! Major changes filed to the department and the recommender within the window (A15.3.2), and
//! the recommender's review of them (A15.2.2).

use super::Sink;
use crate::domain::base::Base;
use crate::domain::codes::{Code, FindingKind, Review, Severity};
use crate::domain::dates::add_days;
use crate::domain::lifecycle::Ctx;
use crate::text;

pub(super) fn push(base: &Base, ctx: &Ctx, out: &mut Sink) {
    let window = ctx.policy.change_filing_window_days;
    for filing in &base.changes {
        let last_day = add_days(filing.effective, window);
        let n = filing.n;
        let kind = filing.kind.zh();
        let kind_en = filing.kind.en();
        let filed = [filing.filed_province, filing.filed_recommender];
        if filed.iter().any(Option::is_none) {
            let missing_zh = match filed {
                [None, None] => "省科技厅和推荐单位",
                [None, Some(_)] => "省科技厅",
                _ => "推荐单位",
            };
            let missing_en = match filed {
                [None, None] => "the department and the recommender",
                [None, Some(_)] => "the department",
                _ => "the recommender",
            };
            let overdue = ctx.today > last_day;
            out.about(n).push(
                FindingKind::ChangeNotFiled,
                "A15.3.2",
                if overdue {
                    Severity::Medium
                } else {
                    Severity::Low
                },
                Some(last_day),
                if overdue {
                    text!(
                        [
                            "变更#{n}（{kind}，{}生效）未向{missing_zh}报备，报备期限 {last_day} 已过",
                            filing.effective
                        ],
                        [
                            "change #{n} ({kind_en}, effective {}) not filed to {missing_en}; the window ended {last_day}",
                            filing.effective
                        ]
                    )
                } else {
                    text!(
                        "变更#{n}（{kind}）须于 {last_day} 前向{missing_zh}报备",
                        "change #{n} ({kind_en}) must be filed to {missing_en} by {last_day}"
                    )
                },
                text!(
                    "要求依托单位书面报备（隐瞒重大事项见 A14.6）",
                    "ask the host unit for its written filing (concealment: A14.6)"
                ),
            );
        } else if filed.iter().flatten().any(|d| *d > last_day) {
            // Not the key of the unfiled change: its case closes once the filing arrives.
            out.about(format!("{n}/late")).push(
                FindingKind::ChangeFiledLate,
                "A15.3.2",
                Severity::Low,
                Some(last_day),
                text!(
                    "变更#{n}（{kind}）报备晚于期限 {last_day}",
                    "change #{n} ({kind_en}) was filed after the window ended {last_day}"
                ),
                text!(
                    "在评估中记录逾期报备",
                    "note the late filing for the evaluation"
                ),
            );
        }
        review(base, ctx, filing, out);
    }
}

/// A filing the recommender returned, or has not reviewed within the policy's days (A15.2.2).
fn review(base: &Base, ctx: &Ctx, filing: &crate::domain::base::ChangeFiling, out: &mut Sink) {
    let (n, kind, kind_en, id) = (filing.n, filing.kind.zh(), filing.kind.en(), &base.id);
    let Some(filed) = filing.filed_recommender else {
        return;
    };
    match filing.review {
        Review::Returned => out.about(n).push(
            FindingKind::ChangeReturned,
            "A15.2.2",
            Severity::Medium,
            None,
            text!(
                "变更#{n}（{kind}）被推荐单位退回",
                "change #{n} ({kind_en}) was returned by the recommender"
            ),
            text!(
                "依托单位修改后重新报备：jidi change-filed {id} {n} --recommender 日期",
                "the host unit revises and files it again: jidi change-filed {id} {n} --recommender DATE"
            ),
        ),
        Review::Pending => {
            let by = add_days(filed, ctx.policy.change_review_days);
            if ctx.today > by {
                out.about(n).push(
                    FindingKind::ChangeReviewOverdue,
                    "A15.2.2",
                    Severity::Low,
                    Some(by),
                    text!(
                        "变更#{n}（{kind}）{filed} 报推荐单位，审核期限 {by} 已过仍未审核",
                        "change #{n} ({kind_en}) filed to the recommender {filed}; not reviewed by {by}"
                    ),
                    text!(
                        "催推荐单位审核，结果用 jidi change-review {id} {n} approved|returned 记录",
                        "ask the recommender to review it; record it with jidi change-review {id} {n} approved|returned"
                    ),
                );
            }
        }
        Review::Approved => {}
    }
}
