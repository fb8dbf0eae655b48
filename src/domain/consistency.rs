//! Whether a record could have been produced by the lifecycle as of a day: the checks every
//! record that enters the database whole passes — the demo set, generated data and imported
//! files alike. Each problem names the record's field it is about (its JSON key, so a file
//! format can point at its own column) and says what is wrong in both languages, citing the rule
//! where there is one.

use super::base::Base;
use super::codes::{ChangeKind, Code, Origin, Qualification, RemovalReason, ReportReview, Review};
use super::codes::{RiskStatus, Status};
use super::lifecycle::{Ctx, MarkInput, TransitionInput, mark, transition};
use super::money::PERCENT_SCALE;
use super::obligations::report_years;
use super::policy::Policy;
use super::text::{Refusal, Text};
use crate::text;
use chrono::{Datelike, NaiveDate};
use std::collections::HashSet;

/// One inconsistency: the field (a top-level JSON key of [`Base`]) and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub text: Text,
}

impl Problem {
    fn new(field: &'static str, text: Text) -> Problem {
        Problem { field, text }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text.en)
    }
}

type Checked = Result<(), Problem>;

/// Checks that a base could have been produced by the lifecycle as of `today`: its id, city and
/// recommender, that nothing happened after `today`, that its status follows from its recognition,
/// evaluation rounds and removal (replayed through the real `mark` and `transition` rules), that
/// it reports only for owed years, and that change filings agree with its current name, leader and
/// host.
pub fn check(base: &Base, policy: &Policy, today: NaiveDate) -> Checked {
    check_identity(base, policy)?;
    check_happened(base, today)?;
    check_lifecycle(base, policy, today)?;
    check_reports(base, policy)?;
    check_changes(base)?;
    check_partners(base, policy)?;
    check_details(base)
}

/// The id a base applied for in `year` has: `GDICB-2026-0001` (at least four digits).
pub fn id_fits_year(id: &str, year: i32) -> bool {
    id.strip_prefix(&format!("GDICB-{year}-"))
        .is_some_and(|n| n.len() >= 4 && n.bytes().all(|b| b.is_ascii_digit()))
}

fn check_identity(base: &Base, policy: &Policy) -> Checked {
    let year = base.applied_on.year();
    if !id_fits_year(&base.id, year) {
        let applied = base.applied_on;
        return Err(Problem::new(
            "id",
            text!(
                "编号应为 GDICB-{year}-NNNN（申报年度 {applied}）",
                "id should be GDICB-{year}-NNNN (the year of application {applied})"
            ),
        ));
    }
    // A leader may be unnamed: `jidi new` takes an application without one (triage flags it).
    for (field, zh, en, value) in [
        ("name", "基地名称", "name", &base.name),
        ("host", "依托单位", "host unit", &base.host.name),
        ("recommender", "推荐单位", "recommender", &base.recommender),
    ] {
        if value.trim().is_empty() {
            return Err(Problem::new(field, text!("{zh}为空", "the {en} is empty")));
        }
    }
    let city = policy.city_by_code(&base.city).ok_or_else(|| {
        let city = &base.city;
        Problem::new(
            "city",
            text!(
                "地市「{city}」不在策略文件的城市表中",
                "city '{city}' is not in the policy's city table"
            ),
        )
    })?;
    // A city unit is recommended by its own city's bureau (A9.2); units of provincial departments
    // name their department, which is in no city row.
    let other_city = policy
        .cities
        .iter()
        .any(|c| c.recommender == base.recommender && c.pinyin != city.pinyin);
    if other_city {
        let (given, name, own) = (&base.recommender, &city.name, &city.recommender);
        return Err(Problem::new(
            "recommender",
            text!(
                "推荐单位「{given}」是其他地市的科技局；{name}的单位由{own}推荐（A9.2）",
                "recommender {given} is another city's bureau; {name} units are recommended by {own} (A9.2)"
            ),
        ));
    }
    Ok(())
}

/// Dates of things that happened may not lie after today (deadlines and validity may).
fn check_happened(base: &Base, today: NaiveDate) -> Checked {
    let mut dates = vec![
        ("applied_on", "申报", "application", Some(base.applied_on)),
        (
            "recognition",
            "认定",
            "recognition",
            base.recognition_date(),
        ),
        (
            "removal",
            "撤销",
            "removal",
            base.removal.as_ref().map(|r| r.date),
        ),
        (
            "status_since",
            "状态起始",
            "status_since",
            Some(base.status_since),
        ),
        ("risk_plan", "风险预案", "risk plan", base.risk_plan),
        (
            "leader",
            "负责人资格取得",
            "leader qualification",
            base.leader.qualified_on,
        ),
    ];
    for p in &base.partners {
        dates.push((
            "partners",
            "合作协议签署",
            "partner signing",
            Some(p.signed),
        ));
        dates.push(("partners", "合作协议终止", "partner end", p.ended));
    }
    for s in base.systems.values() {
        dates.push(("systems", "管理制度建立", "management system", s.since));
    }
    for r in &base.reports {
        dates.push((
            "reports",
            "报告提交",
            "report submission",
            Some(r.submitted),
        ));
        dates.push(("reports", "报告审核", "report review", r.reviewed_on));
        dates.push((
            "reports",
            "报告重新提交",
            "report resubmission",
            r.resubmitted,
        ));
    }
    for r in &base.rounds {
        dates.push(("rounds", "评估", "evaluation", Some(r.date)));
    }
    for c in &base.changes {
        dates.push(("changes", "变更生效", "change effective", Some(c.effective)));
        dates.push((
            "changes",
            "变更报省科技厅",
            "change filed to the department",
            c.filed_province,
        ));
        dates.push((
            "changes",
            "变更报推荐单位",
            "change filed to the recommender",
            c.filed_recommender,
        ));
    }
    for r in &base.risks {
        dates.push(("risks", "风险登记", "risk opened", Some(r.opened)));
        dates.push(("risks", "风险关闭", "risk closed", r.closed));
    }
    match dates
        .into_iter()
        .find_map(|(field, zh, en, date)| date.filter(|d| *d > today).map(|d| (field, zh, en, d)))
    {
        Some((field, zh, en, date)) => Err(Problem::new(
            field,
            text!(
                "{zh}日期 {date} 晚于今天（{today}）",
                "{en} date {date} is after today ({today})"
            ),
        )),
        None => Ok(()),
    }
}

fn refused(field: &'static str, what: Text, refusal: Refusal) -> Problem {
    let rule = refusal.rule.map(|r| format!("[{r}] ")).unwrap_or_default();
    let (zh, en) = (&refusal.text.zh, &refusal.text.en);
    Problem::new(
        field,
        text!(["{}：{rule}{zh}", what.zh], ["{}: {rule}{en}", what.en]),
    )
}

fn check_origin(base: &Base, policy: &Policy) -> Checked {
    let applied = base.applied_on;
    let year = applied.year();
    match base.origin {
        // New bases come from an annual call (专题, A9.1), applied for after it was published.
        Origin::New => match policy.call_date(year) {
            Some(call) if call <= applied => Ok(()),
            Some(call) => Err(Problem::new(
                "applied_on",
                text!(
                    "申报日期 {applied} 早于当年专题指南发布日期 {call}（A9.1）",
                    "applied on {applied} before the call was published ({call}) (A9.1)"
                ),
            )),
            None => Err(Problem::new(
                "origin",
                text!(
                    "来源为新认定，但策略文件没有 {year} 年的专题指南（A9.1）",
                    "origin new, but the policy has no call in {year} (A9.1)"
                ),
            )),
        },
        // Legacy bases were set up under the old procedure, before this regulation (A10).
        Origin::Legacy => match base.recognition_date() {
            Some(date) if date < policy.effective_date => Ok(()),
            _ => {
                let effective = policy.effective_date;
                Err(Problem::new(
                    "origin",
                    text!(
                        "原申报认定的基地须在本办法施行（{effective}）前已认定（A10）",
                        "a legacy base needs a recognition before the regulation took effect ({effective}) (A10)"
                    ),
                ))
            }
        },
    }
}

fn check_lifecycle(base: &Base, policy: &Policy, today: NaiveDate) -> Checked {
    if base.status_since < base.applied_on {
        let (since, applied) = (base.status_since, base.applied_on);
        return Err(Problem::new(
            "status_since",
            text!(
                "状态起始日期 {since} 早于申报日期 {applied}",
                "status_since {since} is before the application ({applied})"
            ),
        ));
    }
    check_origin(base, policy)?;
    if !(base.status.is_managed() || base.status == Status::Removed) {
        return check_application(base);
    }
    let Some(recognition) = &base.recognition else {
        let (zh, en) = (base.status.zh(), base.status.code());
        return Err(Problem::new(
            "recognition",
            text!(
                "状态为{zh}，须有认定日期和认定文号（A9.5）",
                "status {en} needs a recognition date and 认定文号 (A9.5)"
            ),
        ));
    };
    if recognition.doc_no.trim().is_empty() {
        return Err(Problem::new(
            "recognition",
            text!(
                "认定缺少认定文号（A9.5）",
                "the recognition has no 认定文号 (A9.5)"
            ),
        ));
    }
    if recognition.date < base.applied_on {
        let (date, applied) = (recognition.date, base.applied_on);
        return Err(Problem::new(
            "recognition",
            text!(
                "认定日期 {date} 早于申报日期 {applied}",
                "recognised on {date} before applying ({applied})"
            ),
        ));
    }
    if !base.rounds.is_sorted_by_key(|r| r.date) {
        return Err(Problem::new(
            "rounds",
            text!(
                "评估轮次未按日期排列",
                "evaluation rounds are not in date order"
            ),
        ));
    }
    replay(base, policy, today, recognition.date)
}

/// Replays the rounds and the removal through the real rules; the record must end where they do.
fn replay(base: &Base, policy: &Policy, today: NaiveDate, recognised: NaiveDate) -> Checked {
    let ctx = Ctx { policy, today };
    let mut sim = base.clone();
    sim.status = Status::Recognised;
    sim.status_since = recognised;
    sim.rounds.clear();
    sim.removal = None;
    sim.rectification_deadline = None;
    // A14.1 removals come from a failed re-evaluation, the others are a person's decision.
    let mut decided = base
        .removal
        .as_ref()
        .filter(|r| r.reason != RemovalReason::A14_1);
    let remove = |sim: &mut Base, reason: RemovalReason, date: NaiveDate| {
        let input = TransitionInput {
            to: Status::Removed,
            date,
            reason: reason.code().into(),
            doc_no: None,
            override_reason: None,
        };
        transition(sim, &ctx, input, &[])
            .map(|_| ())
            .map_err(|r| refused("removal", text!("{date} 的撤销", "removal on {date}"), r))
    };
    for round in &base.rounds {
        if let Some(removal) = decided.filter(|r| r.date < round.date) {
            remove(&mut sim, removal.reason, removal.date)?;
            decided = None;
        }
        let (name, date) = (&round.round, round.date);
        if round.outcome.is_absence() && round.score.is_some() {
            return Err(Problem::new(
                "rounds",
                text!(
                    "评估「{name}」有得分，但该基地未参加",
                    "round {name} has a score but the base did not take part"
                ),
            ));
        }
        let input = MarkInput {
            outcome: round.outcome,
            date: round.date,
            round: round.round.clone(),
            score: round.score,
        };
        mark(&mut sim, &ctx, input).map_err(|r| {
            refused(
                "rounds",
                text!("评估「{name}」（{date}）", "round {name} ({date})"),
                r,
            )
        })?;
        let expected = sim.rounds.last().map(|r| r.re_evaluation);
        if expected != Some(round.re_evaluation) {
            let (given, should) = (round.re_evaluation, !round.re_evaluation);
            return Err(Problem::new(
                "rounds",
                text!(
                    "评估「{name}」（{date}）标为复评={given}，按生命周期应为 {should}",
                    "round {name} ({date}) is marked re_evaluation={given} but the lifecycle makes it {should}"
                ),
            ));
        }
    }
    if let Some(removal) = decided {
        remove(&mut sim, removal.reason, removal.date)?;
    }
    if sim.status != base.status {
        let (sim_zh, sim_en) = (sim.status.zh(), sim.status.code());
        let (zh, en) = (base.status.zh(), base.status.code());
        return Err(Problem::new(
            "status",
            text!(
                "按其评估结果和撤销记录，状态应为{sim_zh}，不是{zh}",
                "its rounds and removal leave it {sim_en}, not {en}"
            ),
        ));
    }
    if sim.status_since != base.status_since {
        let (should, en, given) = (sim.status_since, base.status.code(), base.status_since);
        return Err(Problem::new(
            "status_since",
            text!(
                "状态起始日期应为 {should}，不是 {given}",
                "status_since should be {should} (when it became {en}), not {given}"
            ),
        ));
    }
    if sim.rectification_deadline != base.rectification_deadline {
        let show = |d: Option<NaiveDate>| d.map_or("—".to_string(), |d| d.to_string());
        let (should, given) = (
            show(sim.rectification_deadline),
            show(base.rectification_deadline),
        );
        return Err(Problem::new(
            "rectification_deadline",
            text!(
                "整改期限应为 {should}（A15.1.3），不是 {given}",
                "rectification deadline should be {should} (A15.1.3), not {given}"
            ),
        ));
    }
    let removal = |b: &Base| {
        b.removal.as_ref().map_or("—".to_string(), |r| {
            format!("{} {}", r.date, r.reason.code())
        })
    };
    if removal(&sim) != removal(base) {
        let (should, given) = (removal(&sim), removal(base));
        return Err(Problem::new(
            "removal",
            text!(
                "撤销记录应为 {should}（A14），不是 {given}",
                "removal should be {should} (A14), not {given}"
            ),
        ));
    }
    Ok(())
}

/// Applications and refused applications have none of a recognised base's records.
fn check_application(base: &Base) -> Checked {
    let (status_zh, status) = (base.status.zh(), base.status.code());
    let stray = [
        (
            "recognition",
            "认定记录",
            "a recognition",
            base.recognition.is_some(),
        ),
        ("removal", "撤销记录", "a removal", base.removal.is_some()),
        (
            "rectification_deadline",
            "整改期限",
            "a rectification deadline",
            base.rectification_deadline.is_some(),
        ),
        (
            "reports",
            "年度报告",
            "annual reports",
            !base.reports.is_empty(),
        ),
        (
            "rounds",
            "评估结果",
            "evaluation rounds",
            !base.rounds.is_empty(),
        ),
        (
            "changes",
            "变更报备",
            "change filings",
            !base.changes.is_empty(),
        ),
    ];
    if let Some((field, zh, en, _)) = stray.iter().find(|s| s.3) {
        return Err(Problem::new(
            field,
            text!(
                "状态为{status_zh}的基地不能有{zh}",
                "status {status} cannot have {en}"
            ),
        ));
    }
    if base.status == Status::Applied && base.status_since != base.applied_on {
        let (applied, since) = (base.applied_on, base.status_since);
        return Err(Problem::new(
            "status_since",
            text!(
                "申报状态应自申报日期 {applied} 起，不是 {since}",
                "an application is applied since its application date {applied}, not {since}"
            ),
        ));
    }
    Ok(())
}

fn check_reports(base: &Base, policy: &Policy) -> Checked {
    let owed = report_years(base, policy);
    let problem = |text: Text| Err(Problem::new("reports", text));
    if !base.reports.is_sorted_by_key(|r| r.year) {
        return problem(text!(
            "年度报告未按年度排列",
            "annual reports are not in year order"
        ));
    }
    let mut seen = HashSet::new();
    for r in &base.reports {
        let year = r.year;
        if !owed.contains(&year) {
            return problem(text!(
                "有 {year} 年度报告，但该基地应报年度为 {owed:?}（A11）",
                "a report for {year}, but the base owes {owed:?} (A11)"
            ));
        }
        if !seen.insert(year) {
            return problem(text!("{year} 年度报告出现两次", "two reports for {year}"));
        }
        let submitted = r.submitted;
        if submitted.year() < year {
            return problem(text!(
                "{year} 年度报告在该年度之前提交（{submitted}）",
                "the {year} report was submitted before that year ({submitted})"
            ));
        }
        if r.review.is_some() != r.reviewed_on.is_some() && r.resubmitted.is_none() {
            return problem(text!(
                "{year} 年度报告的审核结果与审核日期须同时填写",
                "the {year} report's review and review date go together"
            ));
        }
        if let Some(on) = r.reviewed_on.filter(|on| *on < r.submitted) {
            return problem(text!(
                "{year} 年度报告的审核（{on}）早于提交",
                "the {year} report was reviewed ({on}) before it was submitted"
            ));
        }
        // A resubmission answers a return: it follows a review, and is reviewed again after it.
        if let Some(again) = r.resubmitted {
            match (r.review, r.reviewed_on) {
                (Some(ReportReview::Returned), _) | (_, None) => {
                    return problem(text!(
                        "{year} 年度报告有重新提交，但之前没有退回",
                        "the {year} report was resubmitted but not after a return"
                    ));
                }
                (None, Some(on)) if again < on => {
                    return problem(text!(
                        "{year} 年度报告的重新提交（{again}）早于退回（{on}）",
                        "the {year} report was resubmitted ({again}) before its return ({on})"
                    ));
                }
                (Some(_), Some(on)) if on < again => {
                    return problem(text!(
                        "{year} 年度报告的审核（{on}）早于重新提交（{again}）",
                        "the {year} report's review ({on}) is before its resubmission ({again})"
                    ));
                }
                _ => {}
            }
        }
    }
    Ok(())
}

fn check_changes(base: &Base) -> Checked {
    let problem = |text: Text| Err(Problem::new("changes", text));
    if let Some(first) = base.changes.first() {
        if !base.status.is_managed() && base.status != Status::Removed {
            return problem(text!(
                "只有已认定的基地报备重大事项变更（A15.3.2）",
                "only recognised bases file major changes (A15.3.2)"
            ));
        }
        let recognised = base.recognition_date().unwrap_or(first.effective);
        let end = base.removal.as_ref().map(|r| r.date);
        for c in &base.changes {
            let (n, effective) = (c.n, c.effective);
            if c.effective < recognised || end.is_some_and(|end| c.effective > end) {
                return problem(text!(
                    "变更#{n} 的生效日期 {effective} 不在基地的认定期内",
                    "change #{n} takes effect {effective} outside the base's recognised life"
                ));
            }
            if c.review != Review::Pending && c.filed_recommender.is_none() {
                return problem(text!(
                    "变更#{n} 已审核，但从未报推荐单位（A15.2.2）",
                    "change #{n} was reviewed but never filed to the recommender (A15.2.2)"
                ));
            }
            let needs_value = matches!(
                c.kind,
                ChangeKind::Rename | ChangeKind::Leader | ChangeKind::Host
            );
            if needs_value && (c.old_value.trim().is_empty() || c.new_value.trim().is_empty()) {
                return problem(text!(
                    "变更#{n} 须有变更前后的值",
                    "change #{n} needs its old and new value"
                ));
            }
        }
    }
    let numbers: Vec<u32> = base.changes.iter().map(|c| c.n).collect();
    if numbers != (1..=numbers.len() as u32).collect::<Vec<_>>() {
        return problem(text!(
            "变更报备的序号为 {numbers:?}，应为 1、2、…",
            "change filings are numbered {numbers:?}, not 1, 2, …"
        ));
    }
    if !base.changes.is_sorted_by_key(|c| c.effective) {
        return problem(text!(
            "变更报备未按生效日期排列",
            "change filings are not in the order they took effect"
        ));
    }
    // Each applied change replaces the value the next one starts from; the last gives today's.
    let chain = |kind: ChangeKind, current: &str| -> Result<Vec<&str>, Problem> {
        let mut olds = Vec::new();
        let mut expected_old: Option<&str> = None;
        let mut latest = None;
        for c in base.changes.iter().filter(|c| c.kind == kind) {
            if let Some(previous) = expected_old.filter(|old| *old != c.old_value) {
                let (n, old, zh, en) = (c.n, &c.old_value, kind.zh(), kind.code());
                return Err(Problem::new(
                    "changes",
                    text!(
                        "变更#{n} 的原值「{old}」与上一次{zh}的新值「{previous}」不一致",
                        "change #{n} starts from '{old}' but the previous {en} ended at '{previous}'"
                    ),
                ));
            }
            olds.push(c.old_value.as_str());
            expected_old = Some(&c.new_value);
            latest = Some(c.new_value.as_str());
        }
        match latest {
            Some(new) if new != current => {
                let (zh, en) = (kind.zh(), kind.code());
                Err(Problem::new(
                    "changes",
                    text!(
                        "最后一次{zh}为「{new}」，但基地现为「{current}」",
                        "the last {en} change sets '{new}' but the base has '{current}'"
                    ),
                ))
            }
            _ => Ok(olds),
        }
    };
    let former = chain(ChangeKind::Rename, &base.name)?;
    if former != base.former_names {
        let given = &base.former_names;
        return Err(Problem::new(
            "former_names",
            text!(
                "曾用名 {given:?} 应为各次更名的原名 {former:?}",
                "former names {given:?} should be the renames' old names {former:?}"
            ),
        ));
    }
    chain(ChangeKind::Leader, &base.leader.name)?;
    chain(ChangeKind::Host, &base.host.name)?;
    Ok(())
}

fn check_details(base: &Base) -> Checked {
    let leader = &base.leader;
    // The date may be unknown (a base brought in from a table): eligibility then says so.
    if leader.qualification == Qualification::None && leader.qualified_on.is_some() {
        return Err(Problem::new(
            "leader",
            text!(
                "负责人没有资格，却有资格取得日期",
                "the leader has a date the qualification was obtained, but no qualification"
            ),
        ));
    }
    for p in &base.partners {
        let partner = |text: Text| Err(Problem::new("partners", text));
        if p.name.trim().is_empty() || p.country.trim().is_empty() {
            return partner(text!(
                "合作方缺少名称或国别",
                "a partner without name or country"
            ));
        }
        if p.valid_until <= p.signed || p.ended.is_some_and(|end| end < p.signed) {
            let (name, signed) = (&p.name, p.signed);
            return partner(text!(
                "与{name}的协议在签署（{signed}）之前结束",
                "agreement with {name} ends before it was signed ({signed})"
            ));
        }
    }
    let risk = |text: Text| Err(Problem::new("risks", text));
    let numbers: Vec<u32> = base.risks.iter().map(|r| r.n).collect();
    if numbers != (1..=numbers.len() as u32).collect::<Vec<_>>() {
        return risk(text!(
            "风险记录的序号为 {numbers:?}，应为 1、2、…",
            "risk notes are numbered {numbers:?}, not 1, 2, …"
        ));
    }
    for r in &base.risks {
        let n = r.n;
        if r.description.trim().is_empty() {
            return risk(text!("风险#{n} 没有说明", "risk #{n} has no description"));
        }
        if (r.status == RiskStatus::Closed) != r.closed.is_some() {
            let (zh, en, closed) = (r.status.zh(), r.status.code(), r.closed);
            return risk(text!(
                "风险#{n} 状态为{zh}，关闭日期却为 {closed:?}",
                "risk #{n} is {en} but its closing date is {closed:?}"
            ));
        }
        if r.closed.is_some_and(|c| c < r.opened) {
            return risk(text!(
                "风险#{n} 在登记之前关闭",
                "risk #{n} was closed before it was opened"
            ));
        }
        if r.status == RiskStatus::Mitigating && r.mitigation.trim().is_empty() {
            return risk(text!(
                "风险#{n} 处置中却没有处置措施",
                "risk #{n} is being mitigated without a mitigation"
            ));
        }
    }
    let ind = &base.indicators;
    let over = |part: Option<i64>, whole: Option<i64>| part.zip(whole).is_some_and(|(p, w)| p > w);
    let figures = ind.years.iter().map(|(y, f)| (Some(*y), f));
    for (year, f) in figures.chain(ind.undated.iter().map(|f| (None, f))) {
        let negative = [
            f.input_yuan,
            f.deal_yuan,
            f.cross_border_deal_yuan,
            f.rd_intensity,
        ]
        .iter()
        .flatten()
        .any(|v| *v < 0);
        let which = year.map_or_else(|| "年度未知".to_string(), |y| format!("{y} 年"));
        let which_en = year.map_or_else(|| "unknown year".to_string(), |y| y.to_string());
        if negative
            || f.rd_intensity.is_some_and(|v| v > 100 * PERCENT_SCALE)
            || over(f.cross_border_deal_yuan, f.deal_yuan)
            || over(
                f.cross_border_projects.map(i64::from),
                f.projects.map(i64::from),
            )
        {
            return Err(Problem::new(
                "indicators",
                text!(
                    "{which}申报指标超出范围（负数、超过 100%，或部分大于整体）",
                    "indicators of {which_en} out of range (negative, over 100%, or a part above its whole)"
                ),
            ));
        }
        if year.is_some_and(|y| y >= base.applied_on.year()) || f.is_empty() {
            return Err(Problem::new(
                "indicators",
                text!(
                    "{which}指标为空，或不是申报前的年度（A8）",
                    "indicators of {which_en}: empty, or not a year before the application (A8)"
                ),
            ));
        }
    }
    for (kind, s) in &base.systems {
        if s.present != s.since.is_some() {
            let code = kind.code();
            return Err(Problem::new(
                "systems",
                text!(
                    "管理制度 {code}：已建立须有日期，未建立不应有日期",
                    "management system {code} is in place with its date, or not in place without one"
                ),
            ));
        }
    }
    for p in &base.projects {
        if p.from > p.to || p.to > base.applied_on.year() + 5 || p.name.trim().is_empty() {
            let name = &p.name;
            return Err(Problem::new(
                "projects",
                text!(
                    "既往项目「{name}」没有名称或年份不合理",
                    "prior project '{name}' has no name or impossible years"
                ),
            ));
        }
    }
    Ok(())
}

/// Partner countries are codes from the table, and the name kept beside each means that code;
/// a partner without a code has a name no entry matches (old data, reported by triage).
fn check_partners(base: &Base, policy: &Policy) -> Checked {
    use crate::domain::countries::Resolved;
    for p in &base.partners {
        let resolved = policy.countries.resolve(&p.country);
        match (&p.country_code, resolved) {
            (Some(code), Resolved::Country(c)) if *code == c.code && code != "CN" => {}
            (None, Resolved::Unknown(_) | Resolved::Mainland) => {}
            (code, _) => {
                let (name, country) = (&p.name, &p.country);
                let code = code.as_deref().unwrap_or("-");
                return Err(Problem::new(
                    "partners",
                    text!(
                        "合作方「{name}」的国别「{country}」与代码 {code} 不符（A5.2）",
                        "partner {name}: country '{country}' does not go with code {code} (A5.2)"
                    ),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
