//! Changes to a base other than the lifecycle: new applications, annual reports, change filings,
//! security-risk notes, partners, indicators and field edits. Each validates its input and either
//! changes the base or refuses with the rule it breaks, leaving the base untouched.

use super::base::{
    AnnualReport, Base, ChangeFiling, HostUnit, Indicators, Leader, Partner, RiskNote,
};
use super::codes::{
    AgreementKind, Category, ChangeKind, Code, HostKind, Identity, Origin, Qualification,
    ReportReview, Review, RiskArea, RiskStatus, Severity, Status,
};
use super::dates::parse_date;
use super::lifecycle::{Ban, Ctx, check_ban, not_in_future};
use super::money::{parse_percent, parse_wan};
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
        recommender: city.recommender.clone(),
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
    })
}

fn managed_or_refuse(base: &Base, rule: &'static str) -> RuleResult<()> {
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

/// Records the annual execution report for `year` as submitted on `date` (A11, A15.3.1). After a
/// return for revision, a second submission is recorded as the resubmission.
pub fn submit_report(base: &mut Base, ctx: &Ctx, year: i32, date: NaiveDate) -> RuleResult<()> {
    managed_or_refuse(base, "A11")?;
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

/// A major change to file (A15.3.2).
#[derive(Clone, Debug)]
pub struct ChangeInput {
    pub kind: ChangeKind,
    pub effective: NaiveDate,
    pub filed_province: Option<NaiveDate>,
    pub filed_recommender: Option<NaiveDate>,
    pub to: Option<String>,
}

/// Files a major change; a rename, leader or host change is applied to the base at once, the old
/// value kept (a renamed base stays findable by its former name). Returns the filing's number.
pub fn file_change(base: &mut Base, ctx: &Ctx, input: ChangeInput) -> RuleResult<u32> {
    managed_or_refuse(base, "A15.3.2")?;
    not_in_future(ctx, "变更生效", "effective", input.effective)?;
    for filed in [input.filed_province, input.filed_recommender]
        .into_iter()
        .flatten()
    {
        not_in_future(ctx, "报备", "filing", filed)?;
    }
    let to = match &input.to {
        Some(v) => Some(names::required("--to", v, MAX_NAME)?),
        None => None,
    };
    let needs_to = matches!(
        input.kind,
        ChangeKind::Rename | ChangeKind::Leader | ChangeKind::Host
    );
    let new_value = match (to, needs_to) {
        (Some(v), _) => v,
        (None, false) => String::new(),
        (None, true) => {
            return Err(Refusal::input(text!(
                ["{}须用 --to 给出新值", input.kind.zh()],
                ["a {} needs the new value with --to", input.kind.en()]
            )));
        }
    };
    let old_value = match input.kind {
        ChangeKind::Rename => {
            let old = std::mem::replace(&mut base.name, new_value.clone());
            base.former_names.push(old.clone());
            old
        }
        ChangeKind::Leader => {
            let old = std::mem::replace(&mut base.leader.name, new_value.clone());
            // The new leader's qualification is unknown until someone records it (A6.1).
            base.leader.qualification = Qualification::None;
            base.leader.qualified_on = None;
            base.leader.dual_identity = false;
            old
        }
        ChangeKind::Host => std::mem::replace(&mut base.host.name, new_value.clone()),
        ChangeKind::Partner | ChangeKind::Other => String::new(),
    };
    let n = base.changes.iter().map(|c| c.n).max().unwrap_or(0) + 1;
    base.changes.push(ChangeFiling {
        n,
        kind: input.kind,
        effective: input.effective,
        old_value,
        new_value,
        filed_province: input.filed_province,
        filed_recommender: input.filed_recommender,
        review: Review::Pending,
    });
    Ok(n)
}

fn change_mut(base: &mut Base, n: u32) -> RuleResult<&mut ChangeFiling> {
    let id = base.id.clone();
    base.changes.iter_mut().find(|c| c.n == n).ok_or_else(|| {
        Refusal::input(text!(
            "{id} 没有第 {n} 号变更报备",
            "{id} has no change filing #{n}"
        ))
    })
}

/// Records when a change was filed to 省科技厅 and/or the recommender.
pub fn record_change_filed(
    base: &mut Base,
    ctx: &Ctx,
    n: u32,
    province: Option<NaiveDate>,
    recommender: Option<NaiveDate>,
) -> RuleResult<()> {
    for filed in [province, recommender].into_iter().flatten() {
        not_in_future(ctx, "报备", "filing", filed)?;
    }
    let filing = change_mut(base, n)?;
    if province.is_some() {
        filing.filed_province = province;
    }
    if recommender.is_some() {
        filing.filed_recommender = recommender;
    }
    Ok(())
}

/// The recommender's review of a change filing (A15.2.2).
pub fn review_change(base: &mut Base, n: u32, review: Review) -> RuleResult<()> {
    if review == Review::Pending {
        return Err(Refusal::input(text!(
            "审核结果应为 通过 或 退回",
            "the review is approved or returned"
        )));
    }
    let filing = change_mut(base, n)?;
    if filing.filed_recommender.is_none() {
        return Err(Refusal::rule(
            "A15.2.2",
            text!(
                "变更#{n} 尚未向推荐单位报备，推荐单位无法审核；先记录报备日期",
                "change #{n} was not filed to the recommender, who cannot review it yet; record the filing first"
            ),
        ));
    }
    filing.review = review;
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

/// A partner agreement to add (A5.2).
#[derive(Clone, Debug)]
pub struct PartnerInput {
    pub name: String,
    pub country: String,
    pub kind: AgreementKind,
    pub signed: NaiveDate,
    pub until: NaiveDate,
}

pub fn add_partner(base: &mut Base, ctx: &Ctx, input: PartnerInput) -> RuleResult<()> {
    let name = names::required("--name", &input.name, MAX_NAME)?;
    let country = names::required("--country", &input.country, MAX_NAME)?;
    not_in_future(ctx, "签署", "signing", input.signed)?;
    if input.until <= input.signed {
        return Err(Refusal::rule(
            "A5.2",
            text!(
                ["有效期至 {} 不晚于签署日期 {}", input.until, input.signed],
                [
                    "valid-until {} is not after the signing date {}",
                    input.until,
                    input.signed
                ]
            ),
        ));
    }
    base.partners.push(Partner {
        name,
        country,
        kind: input.kind,
        signed: input.signed,
        valid_until: input.until,
        ended: None,
    });
    Ok(())
}

/// Ends the partner agreement named `which` (its number from 1, or its name) on `date`.
pub fn end_partner(base: &mut Base, ctx: &Ctx, which: &str, date: NaiveDate) -> RuleResult<()> {
    not_in_future(ctx, "终止", "end", date)?;
    let wanted = names::key(which);
    let index = which
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|i| (1..=base.partners.len()).contains(i))
        .map(|i| i - 1)
        .or_else(|| {
            base.partners
                .iter()
                .position(|p| names::key(&p.name) == wanted)
        });
    let id = base.id.clone();
    let Some(partner) = index.map(|i| &mut base.partners[i]) else {
        let which = super::sanitize::quote(which);
        return Err(Refusal::input(text!(
            "{id} 没有合作方「{which}」（可用序号或名称）",
            "{id} has no partner '{which}' (use its number or name)"
        )));
    };
    if partner.ended.is_some() {
        return Err(Refusal::input(text!(
            "该合作协议已终止",
            "that agreement has already ended"
        )));
    }
    if date < partner.signed {
        return Err(Refusal::input(text!(
            ["终止日期 {date} 早于签署日期 {}", partner.signed],
            ["end date {date} is before the signing ({})", partner.signed]
        )));
    }
    partner.ended = Some(date);
    Ok(())
}

/// The indicator keys `jidi indicators --set` accepts (A8).
pub const INDICATOR_KEYS: &[&str] = &[
    "input_wan",
    "exchange",
    "trained",
    "papers",
    "patents",
    "transfers",
    "rd_intensity",
    "projects",
    "cross_border_projects",
    "deal_wan",
    "cross_border_deal_wan",
    "events",
    "reports",
];

/// Sets the named indicators; the others keep their values. Values: 万元 with decimals,
/// percent for `rd_intensity`, true/false for `exchange`, whole numbers for counts.
pub fn set_indicators(base: &mut Base, pairs: &[(String, String)]) -> RuleResult<()> {
    let mut ind = base.indicators.clone();
    for (key, value) in pairs {
        let field = format!("{key}={}", super::sanitize::quote(value));
        let count = || -> RuleResult<Option<u32>> {
            value.trim().parse::<u32>().map(Some).map_err(|_| {
                Refusal::input(text!(
                    "{field}：应为非负整数",
                    "{field}: expected a whole number"
                ))
            })
        };
        match key.as_str() {
            "input_wan" => ind.input_yuan = Some(parse_wan(&field, value)?),
            "exchange" => ind.exchange = Some(parse_bool(&field, value)?),
            "trained" => ind.trained = count()?,
            "papers" => ind.papers = count()?,
            "patents" => ind.patents = count()?,
            "transfers" => ind.transfers = count()?,
            "rd_intensity" => ind.rd_intensity = Some(parse_percent(&field, value)?),
            "projects" => ind.projects = count()?,
            "cross_border_projects" => ind.cross_border_projects = count()?,
            "deal_wan" => ind.deal_yuan = Some(parse_wan(&field, value)?),
            "cross_border_deal_wan" => ind.cross_border_deal_yuan = Some(parse_wan(&field, value)?),
            "events" => ind.events = count()?,
            "reports" => ind.reports = count()?,
            other => {
                let other = super::sanitize::quote(other);
                return Err(Refusal::input(text!(
                    ["未知的指标「{other}」；可用：{}", INDICATOR_KEYS.join(" ")],
                    [
                        "unknown indicator '{other}'; expected one of: {}",
                        INDICATOR_KEYS.join(" ")
                    ]
                )));
            }
        }
    }
    if let (Some(part), Some(whole)) = (ind.cross_border_projects, ind.projects)
        && part > whole
    {
        return Err(Refusal::rule(
            "A8.2.1",
            text!(
                "跨境项目数 {part} 大于项目总数 {whole}",
                "cross-border projects ({part}) exceed all projects ({whole})"
            ),
        ));
    }
    if let (Some(part), Some(whole)) = (ind.cross_border_deal_yuan, ind.deal_yuan)
        && part > whole
    {
        return Err(Refusal::rule(
            "A8.2.2",
            text!(
                "跨境交易额大于交易总额",
                "the cross-border value exceeds the total value"
            ),
        ));
    }
    base.indicators = ind;
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

/// Sets one field of the base from `FIELD=VALUE` text. Renames and host changes are change
/// filings, not edits.
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
        Some("leader") => base.leader.name = names::required(&label, value, MAX_NAME)?,
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
