//! Changes to a base other than the lifecycle: new applications, annual reports, excused
//! absences, security-risk notes and field edits. Change filings are in `filings`, partners in
//! `partners`, what an application declares in `declarations`. Each validates its input and either
//! changes the base or refuses with the rule it breaks, leaving the base untouched.

use super::base::{AnnualReport, Base, HostUnit, Indicators, Leader, RiskNote};
use super::codes::{
    Category, Code, HostKind, Identity, Origin, Qualification, ReportReview, RiskArea, RiskStatus,
    Severity, Status,
};
use super::dates::parse_date;
use super::lifecycle::{Ban, Ctx, check_ban, not_in_future};
use super::names::{self, MAX_NAME, MAX_TEXT};
use super::obligations::report_years;
use super::text::{Refusal, RuleResult};
use crate::text;
use chrono::{Datelike, NaiveDate};

/// What `jidi new` asks for.
#[derive(Clone, Debug)]
pub struct NewApplication {
    pub name: String,
    pub category: Category,
    pub city: String,
    pub host: String,
    pub host_kind: HostKind,
    pub leader: Option<String>,
    /// 组织推荐单位 (A9.2): a provincial department or other 主管部门 named at application; `None`
    /// for a unit under a city, recommended by the city's S&T bureau.
    pub recommender: Option<String>,
    pub applied_on: NaiveDate,
}

/// Builds a new application (status 申报), refused inside a five-year ban on the host (A14).
pub fn new_application(
    id: String,
    input: NewApplication,
    ctx: &Ctx,
    bans: &[Ban],
) -> RuleResult<Base> {
    let name = names::required("--name", &input.name, MAX_NAME)?;
    let host = names::required("--host", &input.host, MAX_NAME)?;
    let leader = match &input.leader {
        Some(l) => names::required("--leader", l, MAX_NAME)?,
        None => String::new(),
    };
    let city = ctx.policy.city_or_refuse(&input.city)?;
    let recommender = match &input.recommender {
        None => city.recommender.clone(),
        Some(r) => {
            let r = names::required("--recommender", r, MAX_NAME)?;
            // A9.2: a city's units are recommended by their own city's bureau, never another's.
            if let Some(other) =
                ctx.policy.cities.iter().find(|c| {
                    c.pinyin != city.pinyin && names::key(&c.recommender) == names::key(&r)
                })
            {
                return Err(Refusal::rule(
                    "A9.2",
                    text!(
                        [
                            "「{r}」是{}的推荐单位；{}的单位由 {} 推荐，省直等单位写其主管部门",
                            other.name,
                            city.name,
                            city.recommender
                        ],
                        [
                            "'{r}' recommends units of {}; units of {} are recommended by {}, others by their 主管部门",
                            other.pinyin,
                            city.pinyin,
                            city.recommender
                        ]
                    ),
                ));
            }
            r
        }
    };
    not_in_future(ctx, "申报", "application", input.applied_on)?;
    check_ban(ctx.policy, bans, &host, input.category, input.applied_on)?;
    Ok(Base {
        id,
        name,
        former_names: Vec::new(),
        category: input.category,
        host: HostUnit {
            name: host,
            kind: input.host_kind,
            legal_person: true,
        },
        city: city.pinyin.clone(),
        recommender,
        leader: Leader {
            name: leader,
            qualification: Qualification::None,
            qualified_on: None,
            identity: Identity::Domestic,
            dual_identity: false,
            employed_by_host: true,
        },
        partners: Vec::new(),
        fields: Vec::new(),
        focus_countries: Vec::new(),
        origin: Origin::New,
        applied_on: input.applied_on,
        recognition: None,
        status: Status::Applied,
        status_since: input.applied_on,
        removal: None,
        rectification_deadline: None,
        risk_plan: None,
        reports: Vec::new(),
        rounds: Vec::new(),
        changes: Vec::new(),
        risks: Vec::new(),
        indicators: Indicators::default(),
        systems: Default::default(),
        projects: Vec::new(),
    })
}

pub(super) fn managed_or_refuse(base: &Base, rule: &'static str) -> RuleResult<()> {
    if base.status.is_managed() {
        Ok(())
    } else {
        Err(Refusal::rule(
            rule,
            text!(
                [
                    "{} 状态为{}，只有已认定或整改中的基地需要此项",
                    base.id,
                    base.status.zh()
                ],
                [
                    "{} is {}; this applies to recognised or rectifying bases only",
                    base.id,
                    base.status.en()
                ]
            ),
        ))
    }
}

/// Whether `base` takes annual reports at all (A11): only a recognised or rectifying base does.
/// A form checks it before it asks for anything.
pub fn can_submit_report(base: &Base) -> RuleResult<()> {
    managed_or_refuse(base, "A11")
}

/// The report year a submission on `today` most likely records: the earliest year due with no
/// report on file, or one returned for revision and not yet resubmitted (a form proposes it).
pub fn next_report_year(
    base: &Base,
    policy: &super::policy::Policy,
    today: NaiveDate,
) -> Option<i32> {
    report_years(base, policy)
        .into_iter()
        .filter(|year| *year <= today.year())
        .find(|year| match base.reports.iter().find(|r| r.year == *year) {
            None => true,
            Some(r) => r.review == Some(ReportReview::Returned) && r.resubmitted.is_none(),
        })
}

/// Records the annual execution report for `year` as submitted on `date` (A11, A15.3.1). After a
/// return for revision, a second submission is recorded as the resubmission.
pub fn submit_report(base: &mut Base, ctx: &Ctx, year: i32, date: NaiveDate) -> RuleResult<()> {
    can_submit_report(base)?;
    not_in_future(ctx, "提交", "submission", date)?;
    let years = report_years(base, ctx.policy);
    if !years.contains(&year) {
        let (first, last) = (
            years.first().copied().unwrap_or(0),
            years.last().copied().unwrap_or(0),
        );
        return Err(Refusal::rule(
            "A11",
            text!(
                [
                    "{} 应提交 {first}–{last} 年度的执行报告，没有 {year} 年度",
                    base.id
                ],
                [
                    "{} reports on {first}–{last}; {year} is not one of them",
                    base.id
                ]
            ),
        ));
    }
    if date.year() < year {
        return Err(Refusal::input(text!(
            "{year} 年度报告不能早于该年度提交（{date}）",
            "the {year} report cannot be submitted before that year ({date})"
        )));
    }
    match base.reports.iter_mut().find(|r| r.year == year) {
        Some(r) if r.review == Some(ReportReview::Returned) && r.resubmitted.is_none() => {
            r.resubmitted = Some(date);
            r.review = None;
            Ok(())
        }
        Some(r) => Err(Refusal::input(text!(
            ["{year} 年度报告已于 {} 提交", r.submitted],
            ["the {year} report was already submitted on {}", r.submitted]
        ))),
        None => {
            base.reports.push(AnnualReport {
                year,
                submitted: date,
                review: None,
                reviewed_on: None,
                resubmitted: None,
            });
            base.reports.sort_by_key(|r| r.year);
            Ok(())
        }
    }
}

/// Records the review of a submitted report: accepted, or returned for revision.
pub fn review_report(
    base: &mut Base,
    ctx: &Ctx,
    year: i32,
    review: ReportReview,
    date: NaiveDate,
) -> RuleResult<()> {
    not_in_future(ctx, "审核", "review", date)?;
    let Some(report) = base.reports.iter_mut().find(|r| r.year == year) else {
        return Err(Refusal::input(text!(
            ["{} 尚未提交 {year} 年度报告，无法审核", base.id],
            ["{} has not submitted a {year} report to review", base.id]
        )));
    };
    let latest = report.resubmitted.unwrap_or(report.submitted);
    if date < latest {
        return Err(Refusal::input(text!(
            "审核日期 {date} 早于提交日期 {latest}",
            "review date {date} is before the submission ({latest})"
        )));
    }
    report.review = Some(review);
    report.reviewed_on = Some(date);
    if review == ReportReview::Returned {
        report.resubmitted = None;
    }
    Ok(())
}

/// Records that the last evaluation's absence or withdrawal had a justification (正当理由), so
/// it is not a removal under A14.2 ("无故"). Refused when the last outcome was not an absence.
pub fn excuse_absence(base: &mut Base, ctx: &Ctx, reason: &str, on: NaiveDate) -> RuleResult<()> {
    not_in_future(ctx, "说明", "justification", on)?;
    let reason = names::required("--reason", reason, MAX_TEXT)?;
    let id = base.id.clone();
    let Some(round) = base
        .rounds
        .iter_mut()
        .max_by_key(|r| r.date)
        .filter(|r| r.outcome.is_absence())
    else {
        return Err(Refusal::rule(
            "A14.2",
            text!(
                "{id} 最近的评估结果不是未参加或中途退出，无需说明",
                "{id}'s last outcome is not an absence or a withdrawal; there is nothing to justify"
            ),
        ));
    };
    if on < round.date {
        return Err(Refusal::input(text!(
            ["说明日期 {on} 早于评估日期 {}", round.date],
            [
                "the justification date {on} is before the evaluation ({})",
                round.date
            ]
        )));
    }
    round.excused = Some(super::base::Excuse { on, reason });
    Ok(())
}

/// A security-risk note to add (A7.3, A15.3.4).
#[derive(Clone, Debug)]
pub struct RiskInput {
    pub area: RiskArea,
    pub severity: Severity,
    pub description: String,
    pub mitigation: String,
    pub opened: NaiveDate,
}

pub fn add_risk(base: &mut Base, ctx: &Ctx, input: RiskInput) -> RuleResult<u32> {
    not_in_future(ctx, "登记", "opening", input.opened)?;
    let description = names::required("--text", &input.description, MAX_TEXT)?;
    let mitigation = names::limit("--mitigation", names::clean(&input.mitigation), MAX_TEXT)?;
    let n = base.risks.iter().map(|r| r.n).max().unwrap_or(0) + 1;
    base.risks.push(RiskNote {
        n,
        area: input.area,
        severity: input.severity,
        status: if mitigation.is_empty() {
            RiskStatus::Open
        } else {
            RiskStatus::Mitigating
        },
        description,
        mitigation,
        opened: input.opened,
        closed: None,
    });
    Ok(n)
}

/// Whether `base` has a risk note left to close.
pub fn can_close_risk(base: &Base) -> RuleResult<()> {
    if base.risks.iter().any(|r| r.status != RiskStatus::Closed) {
        return Ok(());
    }
    Err(Refusal::input(text!(
        ["{} 没有未关闭的风险记录", base.id],
        ["{} has no open risk note to close", base.id]
    )))
}

pub fn close_risk(base: &mut Base, ctx: &Ctx, n: u32, date: NaiveDate) -> RuleResult<()> {
    not_in_future(ctx, "关闭", "closing", date)?;
    let id = base.id.clone();
    let note = base.risks.iter_mut().find(|r| r.n == n).ok_or_else(|| {
        Refusal::input(text!(
            "{id} 没有第 {n} 号风险记录",
            "{id} has no risk note #{n}"
        ))
    })?;
    if note.status == RiskStatus::Closed {
        return Err(Refusal::input(text!(
            "风险#{n} 已关闭",
            "risk #{n} is already closed"
        )));
    }
    if date < note.opened {
        return Err(Refusal::input(text!(
            ["关闭日期 {date} 早于登记日期 {}", note.opened],
            [
                "closing date {date} is before the note was opened ({})",
                note.opened
            ]
        )));
    }
    note.status = RiskStatus::Closed;
    note.closed = Some(date);
    Ok(())
}

pub fn parse_bool(field: &str, value: &str) -> RuleResult<bool> {
    match value.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "是" | "有" => Ok(true),
        "false" | "no" | "n" | "0" | "否" | "无" => Ok(false),
        _ => Err(Refusal::input(text!(
            "{field}：应为 是/否（true/false）",
            "{field}: expected true or false"
        ))),
    }
}

/// The fields `jidi edit` accepts, with their Chinese names.
pub const EDIT_FIELDS: &[(&str, &str)] = &[
    ("leader", "负责人"),
    ("qualification", "负责人资格"),
    ("qualified_on", "资格取得日期"),
    ("identity", "负责人身份"),
    ("dual_identity", "双重身份"),
    ("employed", "在职"),
    ("legal_person", "独立法人"),
    ("host_kind", "依托单位性质"),
    ("recommender", "推荐单位"),
    ("risk_plan", "风险应对预案"),
    ("city", "城市"),
    ("category", "类型"),
    ("origin", "来源"),
    ("applied_on", "申报日期"),
    ("fields", "技术领域"),
    ("countries", "合作国别"),
];

/// Sets one field of the base from `FIELD=VALUE` text (the current leader's particulars among
/// them, to correct what was recorded). Renames, leader and host changes are change filings
/// (A15.3.2), not edits.
pub fn edit_field(base: &mut Base, ctx: &Ctx, field: &str, value: &str) -> RuleResult<()> {
    let key = EDIT_FIELDS
        .iter()
        .find(|(en, zh)| field.eq_ignore_ascii_case(en) || field == *zh)
        .map(|(en, _)| *en);
    let label = format!("{field}={}", super::sanitize::quote(value));
    let optional_date = |v: &str| -> RuleResult<Option<NaiveDate>> {
        match v.trim() {
            "" | "none" | "无" => Ok(None),
            other => {
                let date = parse_date(&label, other)?;
                not_in_future(ctx, &label, &label, date)?;
                Ok(Some(date))
            }
        }
    };
    let list = |v: &str| -> RuleResult<Vec<String>> {
        v.split([',', '，', '、'])
            .map(names::clean)
            .filter(|s| !s.is_empty())
            .map(|s| names::limit(&label, s, MAX_NAME))
            .collect()
    };
    match key {
        Some("leader") if base.status.is_application() => {
            // Before recognition a leader is corrected, not changed: a new person starts without
            // the old one's particulars; give them in the same edit (qualification=… …).
            base.leader = super::filings::NewLeader::default()
                .into_leader(ctx, names::required(&label, value, MAX_NAME)?)?;
        }
        Some("qualification") => base.leader.qualification = Qualification::parse_or_refuse(value)?,
        Some("qualified_on") => base.leader.qualified_on = optional_date(value)?,
        Some("identity") => base.leader.identity = Identity::parse_or_refuse(value)?,
        Some("dual_identity") => base.leader.dual_identity = parse_bool(&label, value)?,
        Some("employed") => base.leader.employed_by_host = parse_bool(&label, value)?,
        Some("legal_person") => base.host.legal_person = parse_bool(&label, value)?,
        Some("host_kind") => base.host.kind = HostKind::parse_or_refuse(value)?,
        Some("recommender") => base.recommender = names::required(&label, value, MAX_NAME)?,
        Some("risk_plan") => base.risk_plan = optional_date(value)?,
        Some("city") => base.city = ctx.policy.city_or_refuse(value)?.pinyin.clone(),
        Some("category") => {
            if !base.status.is_application() {
                return Err(Refusal::rule(
                    "A4",
                    text!(
                        "认定后的基地不能改变类型",
                        "a recognised base cannot change its category"
                    ),
                ));
            }
            base.category = Category::parse_or_refuse(value)?;
        }
        Some("origin") => base.origin = Origin::parse_or_refuse(value)?,
        Some("applied_on") => {
            base.applied_on = optional_date(value)?.ok_or_else(|| {
                Refusal::input(text!(
                    "{label}：申报日期不能为空",
                    "{label}: the application date is required"
                ))
            })?;
        }
        Some("fields") => base.fields = list(value)?,
        Some("countries") => base.focus_countries = list(value)?,
        Some("leader") if value.trim().is_empty() => {
            return Err(Refusal::rule(
                "A6.1",
                text!(
                    "负责人不能删除：基地须有符合 A6.1 条件的负责人；更换负责人请用 jidi change ID leader 报备",
                    "the leader cannot be removed: a base needs a leader who meets A6.1; to replace one, file `jidi change ID leader`"
                ),
            ));
        }
        Some("leader") => {
            return Err(Refusal::rule(
                "A15.3.2",
                text!(
                    "负责人变更是重大事项，不能直接修改：请用 jidi change ID leader --to 姓名 --effective 日期 --qualification 资格 --qualified-on 日期 报备（新负责人的资格随报备填写）",
                    "a leader change is a major change, not an edit: file it with `jidi change ID leader --to NAME --effective DATE --qualification Q --qualified-on DATE` (the new leader's qualification is entered with the filing)"
                ),
            ));
        }
        _ if ["name", "名称", "host", "依托单位"].contains(&field) => {
            return Err(Refusal::rule(
                "A15.3.2",
                text!(
                    "更名和依托单位变更是重大事项，请用 jidi change ID rename|host --to 新值 报备",
                    "renames and host changes are major changes: file them with `jidi change ID rename|host --to NEW`"
                ),
            ));
        }
        _ => {
            let known: Vec<&str> = EDIT_FIELDS.iter().map(|(en, _)| *en).collect();
            let field = super::sanitize::quote(field);
            return Err(Refusal::input(text!(
                ["未知的字段「{field}」；可用：{}", known.join(" ")],
                [
                    "unknown field '{field}'; expected one of: {}",
                    known.join(" ")
                ]
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
