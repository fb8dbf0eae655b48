//! Major changes filed to the department and the recommender within the window (A15.3.2).

use super::Sink;
use crate::domain::base::Base;
use crate::domain::codes::{Code, FindingKind, Severity};
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
    }
}
