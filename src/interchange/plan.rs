//! What an imported record does to the database: create a base, change one along the
//! lifecycle, or nothing. Pure: the caller hands in the record as the database holds it.
//!
//! A table row that creates a base carries less than a record holds. The rest is the least
//! history that explains the row, built through the real lifecycle rules: the application on
//! the call's publication day of its year (legacy bases: 1 January), the last outcome as one
//! round named after its year (a removal under A14.1, or a base still rectifying after a later
//! outcome, also gets the failed round one rectification period before, named "（导入推定）"),
//! a removal on the day of the last outcome or, without one, of the recognition; leader
//! qualification dates unknown. Every such record then passes the same
//! consistency checks as the demo data.

use super::table::{COLUMNS, TableRow, col, row_of};
use crate::domain::base::{Base, Recognition};
use crate::domain::codes::{Code, Origin, Outcome, RemovalReason, Status};
use crate::domain::consistency;
use crate::domain::countries::{CountryClass, Resolved};
use crate::domain::dates::add_months;
use crate::domain::lifecycle::{self, Ctx, MarkInput, TransitionInput};
use crate::domain::ops;
use crate::domain::text::Refusal;
use crate::service::default_round;
use crate::text;
use chrono::{Datelike, NaiveDate};

/// A record as a file brings it: a row of the bases table, or a whole record (JSON, workbook).
#[derive(Clone, Debug)]
pub enum Incoming {
    Table(Box<TableRow>),
    Full(Box<Base>),
}

impl Incoming {
    pub fn id(&self) -> Option<&str> {
        match self {
            Incoming::Table(row) => row.id.as_deref(),
            Incoming::Full(base) => Some(base.id.as_str()).filter(|id| !id.is_empty()),
        }
    }
}

/// Which roles a change needs beyond recording (editor).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// A status change or a base brought in past the application stage (admin).
    pub transition: bool,
    /// An outcome that removes the base (admin).
    pub confirm_removal: bool,
}

/// One changed value, as the dry run shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Diff {
    pub column: String,
    pub before: String,
    pub after: String,
}

#[derive(Clone, Debug)]
pub enum Plan {
    /// A new base; `assign_id` when the file gave no 编号 (the id is a placeholder of the right
    /// year until the store gives one).
    Create {
        base: Box<Base>,
        assign_id: bool,
        needs: Needs,
    },
    Update {
        after: Box<Base>,
        needs: Needs,
        diff: Vec<Diff>,
    },
    Unchanged,
}

/// A problem with the record: the column (a table header, or a record's JSON key) and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Fault {
    pub column: String,
    pub refusal: Refusal,
}

fn fault(column: impl Into<String>, refusal: Refusal) -> Fault {
    Fault {
        column: column.into(),
        refusal,
    }
}

type Planned = Result<Plan, Vec<Fault>>;

/// Plans one incoming record against `current`, the base of the same id if there is one.
pub fn plan(incoming: &Incoming, current: Option<&Base>, ctx: &Ctx) -> Planned {
    match (incoming, current) {
        (Incoming::Table(row), None) => create_from_row(row, ctx),
        (Incoming::Table(row), Some(current)) => {
            if row.canonical(ctx.policy) == row_of(current, ctx.policy) {
                return Ok(Plan::Unchanged);
            }
            update(current, row, None, ctx).map(|(after, needs)| {
                if after == *current {
                    return Plan::Unchanged;
                }
                Plan::Update {
                    diff: table_diff(current, &after, ctx),
                    after: Box::new(after),
                    needs,
                }
            })
        }
        (Incoming::Full(base), None) => create_whole(base, ctx),
        (Incoming::Full(base), Some(current)) => update_whole(current, base, ctx),
    }
}

/// The column a consistency problem about `field` points at in the bases table.
fn table_column(field: &str) -> &'static str {
    match field {
        "id" | "applied_on" => COLUMNS[col::ID],
        "name" | "former_names" | "changes" => COLUMNS[col::NAME],
        "category" => COLUMNS[col::CATEGORY],
        "host" => COLUMNS[col::HOST],
        "city" => COLUMNS[col::CITY],
        "recommender" => COLUMNS[col::RECOMMENDER],
        "leader" => COLUMNS[col::LEADER],
        "origin" => COLUMNS[col::ORIGIN],
        "recognition" => COLUMNS[col::RECOGNISED_ON],
        "rounds" => COLUMNS[col::OUTCOME],
        "rectification_deadline" => COLUMNS[col::DEADLINE],
        "removal" => COLUMNS[col::REMOVAL],
        _ => COLUMNS[col::STATUS],
    }
}

/// The field of a whole record (JSON) that a bases-table column shows, to name a record's
/// fault by its own field; a name that is no table column (already a field) is kept.
pub fn record_field(column: &str) -> &str {
    match COLUMNS.iter().position(|c| *c == column) {
        Some(col::ID) => "id",
        Some(col::NAME) => "name",
        Some(col::CATEGORY) => "category",
        Some(col::HOST) => "host.name",
        Some(col::HOST_KIND) => "host.kind",
        Some(col::CITY) => "city",
        Some(col::RECOMMENDER) => "recommender",
        Some(col::LEADER) => "leader.name",
        Some(col::QUALIFICATION) => "leader.qualification",
        Some(col::IDENTITY) => "leader.identity",
        Some(col::ORIGIN) => "origin",
        Some(col::RECOGNISED_ON) => "recognition.date",
        Some(col::DOC_NO) => "recognition.doc_no",
        Some(col::STATUS) => "status",
        Some(col::OUTCOME | col::OUTCOME_ON) => "rounds",
        Some(col::DEADLINE) => "rectification_deadline",
        Some(col::REMOVAL) => "removal",
        _ => column,
    }
}

fn checked(
    mut base: Base,
    ctx: &Ctx,
    column: impl Fn(&'static str) -> String,
) -> Result<Base, Fault> {
    fill_country_codes(&mut base, ctx);
    consistency::check(&base, ctx.policy, ctx.today).map_err(|p| {
        fault(
            column(p.field),
            Refusal {
                rule: None,
                text: p.text,
            },
        )
    })?;
    Ok(base)
}

/// A sheet typed by a person names a partner's country, not its code: the code follows from the
/// name, as `jidi partner add` finds it; a name the table does not know keeps none.
fn fill_country_codes(base: &mut Base, ctx: &Ctx) {
    for partner in base
        .partners
        .iter_mut()
        .filter(|p| p.country_code.is_none())
    {
        if let Resolved::Country(c) = ctx.policy.countries.resolve(&partner.country)
            && c.class() != CountryClass::Mainland
        {
            partner.country_code = Some(c.code.clone());
        }
    }
}

/// The year the row's base applied in: its id's, else the one its dates imply.
fn application_date(row: &TableRow, ctx: &Ctx) -> Result<NaiveDate, Fault> {
    let id_year = row
        .id
        .as_deref()
        .and_then(|id| id.get(6..10)?.parse::<i32>().ok());
    let calls = &ctx.policy.calls;
    let latest_call = |by: NaiveDate| calls.values().copied().filter(|c| *c <= by).max();
    let by = row.recognised_on.unwrap_or(ctx.today);
    match row.origin {
        Origin::New => {
            let call = match id_year {
                Some(year) => ctx.policy.call_date(year),
                None => latest_call(by),
            };
            call.ok_or_else(|| {
                let year = id_year.unwrap_or(by.year());
                fault(
                    COLUMNS[col::ORIGIN],
                    Refusal::rule(
                        "A9.1",
                        text!(
                            "来源为新认定，但策略文件没有 {year} 年（或更早）的专题指南发布日期",
                            "origin new, but the policy has no call published in {year} (or before)"
                        ),
                    ),
                )
            })
        }
        Origin::Legacy => {
            let year = id_year.unwrap_or(by.year());
            Ok(NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January exists"))
        }
    }
}

fn create_from_row(row: &TableRow, ctx: &Ctx) -> Planned {
    let applied_on = application_date(row, ctx).map_err(|f| vec![f])?;
    let city = ctx.policy.city_by_code(&row.city);
    let recommender = if row.recommender.is_empty() {
        city.map(|c| c.recommender.clone()).unwrap_or_default()
    } else {
        row.recommender.clone()
    };
    let assign_id = row.id.is_none();
    let id = row
        .id
        .clone()
        .unwrap_or_else(|| format!("GDICB-{}-0000", applied_on.year()));
    // Built as `jidi new` builds an application, then given what the row says.
    let input = ops::NewApplication {
        name: row.name.clone(),
        category: row.category,
        city: row.city.clone(),
        host: row.host.clone(),
        host_kind: row.host_kind,
        leader: Some(row.leader.clone()),
        recommender: None,
        applied_on,
    };
    let mut base =
        ops::new_application(id, input, ctx, &[]).map_err(|r| vec![fault(COLUMNS[col::ID], r)])?;
    base.recommender = recommender;
    base.leader.qualification = row.qualification;
    base.leader.identity = row.identity;
    base.origin = row.origin;
    base.status = row.status;
    if let Some(recognised) = row.recognised_on {
        base.recognition = Some(Recognition {
            date: recognised,
            doc_no: row.doc_no.clone(),
        });
        base.status = Status::Recognised;
        base.status_since = recognised;
        replay_row(&mut base, row, recognised, ctx).map_err(|f| vec![f])?;
    }
    let needs = Needs {
        transition: row.status != Status::Applied,
        confirm_removal: false,
    };
    let base = checked(base, ctx, |f| table_column(f).to_string()).map_err(|f| vec![f])?;
    Ok(Plan::Create {
        base: Box::new(base),
        assign_id,
        needs,
    })
}

/// Takes a recognised base through the row's last outcome and removal with the real rules, and
/// checks it ends where the row says.
fn replay_row(
    base: &mut Base,
    row: &TableRow,
    recognised: NaiveDate,
    ctx: &Ctx,
) -> Result<(), Fault> {
    let outcome_col = || COLUMNS[col::OUTCOME];
    let mark = |base: &mut Base, outcome: Outcome, date: NaiveDate, round: String| {
        let input = MarkInput {
            outcome,
            date,
            round,
            score: None,
        };
        lifecycle::mark(base, ctx, input).map_err(|r| fault(outcome_col(), r))
    };
    let removal_by_outcome = row.removal == Some(RemovalReason::A14_1);
    // Still rectifying after a later outcome (absent from the re-evaluation): the failed round
    // lies one rectification period before the deadline.
    if let (Status::Rectifying, Some(deadline), true) = (
        row.status,
        row.deadline,
        !matches!(row.outcome, Outcome::Unqualified | Outcome::None),
    ) {
        let first = add_months_back(deadline, ctx.policy.rectification_months);
        let name = format!("{}（导入推定）", default_round(first));
        mark(base, Outcome::Unqualified, first, name)?;
    }
    if let (Some(date), true) = (row.outcome_on, row.outcome != Outcome::None) {
        if removal_by_outcome && row.outcome == Outcome::Unqualified {
            let first = add_months_back(date, ctx.policy.rectification_months);
            if first < recognised {
                return Err(fault(
                    COLUMNS[col::REMOVAL],
                    Refusal::rule(
                        "A14.1",
                        text!(
                            "A14.1 的撤销须先有一次不合格和整改期，最近评估日期 {date} 距认定日期 {recognised} 不足整改期",
                            "an A14.1 removal follows a failed evaluation and a rectification period; {date} is too soon after the recognition ({recognised})"
                        ),
                    ),
                ));
            }
            let name = format!("{}（导入推定）", default_round(first));
            mark(base, Outcome::Unqualified, first, name)?;
        }
        mark(base, row.outcome, date, default_round(date))?;
    }
    if let Some(reason) = row.removal.filter(|r| *r != RemovalReason::A14_1) {
        let date = row.outcome_on.unwrap_or(recognised).max(recognised);
        let input = TransitionInput {
            to: Status::Removed,
            date,
            reason: reason.code().into(),
            doc_no: None,
            override_reason: None,
        };
        lifecycle::transition(base, ctx, input, &[])
            .map_err(|r| fault(COLUMNS[col::REMOVAL], r))?;
    }
    if base.status != row.status {
        let (now, wanted) = (base.status.zh(), row.status.zh());
        let (now_en, wanted_en) = (base.status.code(), row.status.code());
        return Err(fault(
            COLUMNS[col::STATUS],
            Refusal::rule(
                "A15.1.3",
                text!(
                    "按认定日期、最近评估结果和撤销原因，该基地应为{now}，生命周期到不了{wanted}",
                    "by its recognition, last outcome and removal reason the base is {now_en}; the lifecycle cannot reach {wanted_en} from there"
                ),
            ),
        ));
    }
    if row.deadline.is_some() && row.deadline != base.rectification_deadline {
        let should = base
            .rectification_deadline
            .map_or("—".to_string(), |d| d.to_string());
        let months = ctx.policy.rectification_months;
        return Err(fault(
            COLUMNS[col::DEADLINE],
            Refusal::rule(
                "A15.1.3",
                text!(
                    "整改期限应为评估结果日期后 {months} 个月：{should}",
                    "the deadline is {months} months after the outcome: {should}"
                ),
            ),
        ));
    }
    Ok(())
}

/// The date `months` before `date` such that adding them back gives `date` or the day before
/// the clamp (so a re-evaluation on `date` falls on or after the deadline).
fn add_months_back(date: NaiveDate, months: u32) -> NaiveDate {
    let back = date
        .checked_sub_months(chrono::Months::new(months))
        .unwrap_or(NaiveDate::MIN);
    if add_months(back, months) > date {
        back.pred_opt().unwrap_or(back)
    } else {
        back
    }
}

/// Changes the table can make to an existing base: plain fields through `ops::edit_field`, a
/// new last outcome through `mark`, a status through `transition` — each refused as the same
/// command would be. What is left different afterwards cannot change by import.
fn update(
    current: &Base,
    row: &TableRow,
    whole: Option<&Base>,
    ctx: &Ctx,
) -> Result<(Base, Needs), Vec<Fault>> {
    let mut b = current.clone();
    let mut needs = Needs::default();
    let mut faults = Vec::new();
    let before = row_of(current, ctx.policy);
    let wanted = row.canonical(ctx.policy);
    let differs = |k: usize| before[k] != wanted[k];
    for k in [col::NAME, col::HOST] {
        if differs(k) {
            let kind = if k == col::NAME { "rename" } else { "host" };
            let id = &current.id;
            faults.push(fault(
                COLUMNS[k],
                Refusal::rule(
                    "A15.3.2",
                    text!(
                        "更名和依托单位变更须报备，不能由导入修改：jidi change {id} {kind} --effective 日期 --to 新值",
                        "a rename or host change is a change filing, not an import: jidi change {id} {kind} --effective DATE --to NEW"
                    ),
                ),
            ));
        }
    }
    let edits = [
        (col::CATEGORY, "category", row.category.code().to_string()),
        (
            col::HOST_KIND,
            "host_kind",
            row.host_kind.code().to_string(),
        ),
        (col::CITY, "city", row.city.clone()),
        (
            col::RECOMMENDER,
            "recommender",
            wanted[col::RECOMMENDER].clone(),
        ),
        (col::LEADER, "leader", row.leader.clone()),
        (
            col::QUALIFICATION,
            "qualification",
            row.qualification.code().to_string(),
        ),
        (col::IDENTITY, "identity", row.identity.code().to_string()),
        (col::ORIGIN, "origin", row.origin.code().to_string()),
    ];
    for (k, field, value) in edits {
        if !differs(k) {
            continue;
        }
        let mut result = ops::edit_field(&mut b, ctx, field, &value);
        if k == col::QUALIFICATION && result.is_ok() {
            // A new qualification's date is unknown until someone enters it.
            result = ops::edit_field(&mut b, ctx, "qualified_on", "");
        }
        if let Err(r) = result {
            faults.push(fault(COLUMNS[k], r));
        }
    }
    let last = (current.last_outcome(), current.last_round().map(|r| r.date));
    if (row.outcome, row.outcome_on) != last {
        match row.outcome_on.filter(|_| row.outcome != Outcome::None) {
            None => faults.push(fault(
                COLUMNS[col::OUTCOME],
                Refusal::input(text!(
                    "已记录的评估结果不能由导入删除或改动",
                    "an outcome already recorded cannot be removed or changed by an import"
                )),
            )),
            Some(date) => {
                let last_round = whole.and_then(|w| w.last_round());
                let input = MarkInput {
                    outcome: row.outcome,
                    date,
                    round: last_round.map_or_else(|| default_round(date), |r| r.round.clone()),
                    score: last_round.and_then(|r| r.score),
                };
                match lifecycle::mark(&mut b, ctx, input) {
                    Ok(_) if b.status == Status::Removed => needs.confirm_removal = true,
                    Ok(_) => {}
                    Err(r) => faults.push(fault(COLUMNS[col::OUTCOME], r)),
                }
            }
        }
    }
    if faults.is_empty() && b.status != row.status {
        needs.transition = true;
        if let Err(f) = walk(&mut b, row, whole, ctx) {
            faults.push(f);
        }
    }
    if faults.is_empty() {
        let now = row_of(&b, ctx.policy);
        for k in 0..COLUMNS.len() {
            // A deadline left empty is the one the lifecycle sets.
            let derived = k == col::DEADLINE && wanted[k].is_empty();
            if now[k] != wanted[k] && !derived {
                let (has, given) = (&now[k], &wanted[k]);
                let name = COLUMNS[k];
                faults.push(fault(
                    name,
                    Refusal::input(text!(
                        "{name} 不能由导入改为「{given}」：按记录应为「{has}」",
                        "{name} cannot be set to '{given}' by an import: the record makes it '{has}'"
                    )),
                ));
            }
        }
    }
    if faults.is_empty() {
        Ok((b, needs))
    } else {
        Err(faults)
    }
}

/// Moves a base to the row's status along the lifecycle: the recognition procedure step by
/// step, or one transition (not recognised, removed); `transition` refuses what is forbidden.
fn walk(b: &mut Base, row: &TableRow, whole: Option<&Base>, ctx: &Ctx) -> Result<(), Fault> {
    use Status::*;
    const PROCEDURE: [Status; 5] = [Applied, Recommended, Vetted, Publicised, Recognised];
    let from = PROCEDURE.iter().position(|s| *s == b.status);
    let to = PROCEDURE.iter().position(|s| *s == row.status);
    let steps: Vec<Status> = match (from, to) {
        (Some(f), Some(t)) if t > f => PROCEDURE[f + 1..=t].to_vec(),
        _ => vec![row.status],
    };
    for step in steps {
        let date = match step {
            Recognised => row.recognised_on,
            Removed => whole
                .and_then(|w| w.removal.as_ref().map(|r| r.date))
                .or(Some(ctx.today)),
            _ if row.status == Recognised => row.recognised_on,
            _ => whole.map(|w| w.status_since).or(Some(ctx.today)),
        }
        .unwrap_or(ctx.today);
        let input = TransitionInput {
            to: step,
            date,
            reason: match (step, row.removal) {
                (Removed, Some(reason)) => reason.code().to_string(),
                _ => "导入".to_string(),
            },
            doc_no: (step == Recognised).then(|| row.doc_no.clone()),
            // A recognition the table records was decided before this file reached jidi: it is
            // taken in on the record, whatever the indicators jidi holds would say today.
            override_reason: (step == Recognised).then(|| {
                "导入：表格所载的既有认定 / imported: a recognition on record".to_string()
            }),
        };
        // Bans are not re-checked here: an imported base is taken in as it stands, and triage
        // flags an application inside a ban.
        lifecycle::transition(b, ctx, input, &[]).map_err(|r| fault(COLUMNS[col::STATUS], r))?;
    }
    Ok(())
}

fn table_diff(before: &Base, after: &Base, ctx: &Ctx) -> Vec<Diff> {
    let (b, a) = (row_of(before, ctx.policy), row_of(after, ctx.policy));
    COLUMNS
        .iter()
        .zip(b.into_iter().zip(a))
        .filter(|(_, (b, a))| b != a)
        .map(|(column, (before, after))| Diff {
            column: column.to_string(),
            before,
            after,
        })
        .collect()
}

/// Notes listed without their text: a workbook exported by a user without the security role.
fn notes_without_text(base: &Base) -> bool {
    base.risks.iter().any(|r| r.description.is_empty())
}

fn create_whole(base: &Base, ctx: &Ctx) -> Planned {
    if notes_without_text(base) {
        return Err(vec![fault(
            "risks",
            Refusal::rule(
                "A15.3.4",
                text!(
                    "安全风险记录没有说明：该文件由没有保密角色的用户导出，不能据此新建基地；请由保密角色的用户导出后再导入",
                    "security-risk notes without their text: the file was exported by a user without the security role and cannot create a base; import an export made by a user with the security role"
                ),
            ),
        )]);
    }
    let mut base = base.clone();
    let assign_id = base.id.is_empty();
    if assign_id {
        base.id = format!("GDICB-{}-0000", base.applied_on.year());
    }
    let needs = Needs {
        transition: base.status != Status::Applied,
        confirm_removal: false,
    };
    let base = checked(base, ctx, str::to_string).map_err(|f| vec![f])?;
    Ok(Plan::Create {
        base: Box::new(base),
        assign_id,
        needs,
    })
}

fn json_fields(base: &Base) -> serde_json::Map<String, serde_json::Value> {
    match serde_json::to_value(base) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => unreachable!("a Base always serializes to a JSON object"),
    }
}

/// The top-level fields that differ, as the dry run shows them (JSON, cut short).
pub fn record_diff(before: &Base, after: &Base) -> Vec<Diff> {
    let (b, a) = (json_fields(before), json_fields(after));
    let show = |v: Option<&serde_json::Value>| {
        let text = v.map_or("null".to_string(), |v| v.to_string());
        super::cells::quote(&text)
    };
    a.iter()
        .filter(|(k, v)| b.get(*k) != Some(v))
        .map(|(k, v)| Diff {
            column: k.clone(),
            before: show(b.get(k)),
            after: show(Some(v)),
        })
        .collect()
}

/// A whole record for an existing base: what the table can change is applied as for a row;
/// anything else that differs is refused, field by field.
fn update_whole(current: &Base, incoming: &Base, ctx: &Ctx) -> Planned {
    let mut incoming = incoming.clone();
    fill_country_codes(&mut incoming, ctx);
    // A note the database holds keeps its text: the file has it blank (exported without the
    // security role) or opened (with it), while the database holds it sealed (A15.3.4). Note
    // text is changed by `jidi risk`, not by an import.
    for note in &mut incoming.risks {
        if let Some(held) = current.risks.iter().find(|r| r.n == note.n) {
            note.description.clone_from(&held.description);
            note.mitigation.clone_from(&held.mitigation);
        }
    }
    let incoming = &incoming;
    if current == incoming {
        return Ok(Plan::Unchanged);
    }
    let row = TableRow::of(incoming, ctx.policy);
    let (after, needs) = update(current, &row, Some(incoming), ctx)?;
    let rest = record_diff(&after, incoming);
    if !rest.is_empty() {
        return Err(rest
            .into_iter()
            .map(|d| {
                let field = d.column.clone();
                fault(
                    d.column,
                    Refusal::input(text!(
                        "导入只能修改基地表中的各列；「{field}」与数据库不同，请用相应命令修改",
                        "an import changes only what the bases table holds; '{field}' differs from the database: change it with its own command"
                    )),
                )
            })
            .collect());
    }
    Ok(Plan::Update {
        diff: record_diff(current, &after),
        after: Box::new(after),
        needs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::Policy;

    /// Every generated base, taken in from its table row alone, shows the same row again: the
    /// reconstructed history explains every status, outcome, deadline and removal.
    #[test]
    fn a_table_row_alone_rebuilds_a_base_with_the_same_row() {
        let policy = Policy::default_policy();
        for (seed, today) in [(1, "2026-11-25"), (2, "2025-06-01"), (3, "2031-02-28")] {
            let today = NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap();
            let ctx = Ctx {
                policy: &policy,
                today,
            };
            for base in crate::synth::generate(1500, seed, &policy, today) {
                let row = TableRow::of(&base, &policy);
                match create_from_row(&row, &ctx) {
                    Ok(Plan::Create { base: built, .. }) => {
                        assert_eq!(
                            row_of(&built, &policy),
                            row_of(&base, &policy),
                            "{}",
                            base.id
                        )
                    }
                    other => panic!("{} on {today}: {other:?}", base.id),
                }
            }
        }
    }

    #[test]
    fn a_row_for_an_existing_base_changes_it_only_along_the_lifecycle() {
        let policy = Policy::default_policy();
        let today = NaiveDate::parse_from_str("2026-11-25", "%Y-%m-%d").unwrap();
        let ctx = Ctx {
            policy: &policy,
            today,
        };
        let bases = crate::demo::demo_bases().unwrap();
        let recognised = bases
            .iter()
            .find(|b| b.status == Status::Recognised && b.rounds.is_empty())
            .unwrap();
        let mut row = TableRow::of(recognised, &policy);
        assert!(matches!(
            plan(
                &Incoming::Table(Box::new(row.clone())),
                Some(recognised),
                &ctx
            ),
            Ok(Plan::Unchanged)
        ));
        // A failed evaluation: rectifying, deadline a year on, as `mark` does it.
        row.outcome = Outcome::Unqualified;
        row.outcome_on = Some(today);
        row.status = Status::Rectifying;
        match plan(
            &Incoming::Table(Box::new(row.clone())),
            Some(recognised),
            &ctx,
        ) {
            Ok(Plan::Update { after, diff, .. }) => {
                assert_eq!(after.status, Status::Rectifying);
                assert_eq!(
                    after.rectification_deadline,
                    Some(add_months(today, policy.rectification_months))
                );
                let columns: Vec<&str> = diff.iter().map(|d| d.column.as_str()).collect();
                assert_eq!(
                    columns,
                    ["状态", "最近评估结果", "最近评估日期", "整改期限"]
                );
            }
            other => panic!("{other:?}"),
        }
        // Straight to removed under A14.1 is not something the lifecycle does.
        row.status = Status::Removed;
        row.removal = Some(RemovalReason::A14_1);
        row.outcome = Outcome::None;
        row.outcome_on = None;
        let faults = plan(&Incoming::Table(Box::new(row)), Some(recognised), &ctx).unwrap_err();
        assert_eq!(faults[0].refusal.rule, Some("A14.1"), "{faults:?}");
    }
}
