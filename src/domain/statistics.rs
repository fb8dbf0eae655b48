//! The leadership's summary as of a day (`jidi report`): counts by category × region group ×
//! last outcome, annual-report compliance by year and category, bases in rectification,
//! removals and their five-year bans, overdue change filings, and open 高/重大 risk notes.
//! Pure: the caller feeds the bases one at a time, so a pass holds the tallies, not the records.

use super::base::Base;
use super::codes::{
    Category, ChangeKind, FindingKind, Outcome, RegionGroup, RemovalReason, RiskArea, RiskStatus,
    Severity, Status,
};
use super::findings::{BanIndex, findings};
use super::lifecycle::{Ban, Ctx};
use super::obligations::report_lines;
use super::text::Text;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// On-time reports out of the reports already due, for one year and category.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Compliance {
    pub on_time: u32,
    pub due: u32,
}

impl Compliance {
    /// Percent on time; `None` when nothing was due.
    pub fn rate(&self) -> Option<f64> {
        (self.due > 0).then(|| f64::from(self.on_time) * 100.0 / f64::from(self.due))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rectifying {
    pub id: String,
    pub name: String,
    pub city: String,
    pub since: NaiveDate,
    pub deadline: Option<NaiveDate>,
    /// Days from the report's day to the deadline (negative: passed).
    pub days_left: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Removed {
    pub id: String,
    pub name: String,
    pub host: String,
    pub date: NaiveDate,
    pub reason: RemovalReason,
    /// The last day of the five-year ban (inclusive, A14).
    pub ban_until: NaiveDate,
    pub ban_active: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OverdueFiling {
    pub id: String,
    pub name: String,
    pub n: u32,
    pub kind: ChangeKind,
    pub effective: NaiveDate,
    /// The last day of the filing window.
    pub due: NaiveDate,
    pub message: Text,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OpenRisk {
    pub id: String,
    pub name: String,
    pub n: u32,
    pub area: RiskArea,
    pub severity: Severity,
    pub status: RiskStatus,
    pub opened: NaiveDate,
    /// Confidential (A15.3.4): the caller decides who sees it.
    pub description: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Overview {
    pub today: NaiveDate,
    /// Bases in the programme (recognised or rectifying) by category, region group and last
    /// outcome.
    pub counts: BTreeMap<(Category, RegionGroup, Outcome), u32>,
    /// Every base by status.
    pub by_status: BTreeMap<Status, u32>,
    pub compliance: BTreeMap<(i32, Category), Compliance>,
    pub rectifying: Vec<Rectifying>,
    pub removed: Vec<Removed>,
    pub overdue_filings: Vec<OverdueFiling>,
    pub open_risks: Vec<OpenRisk>,
}

impl Overview {
    pub fn new(today: NaiveDate) -> Overview {
        Overview {
            today,
            counts: BTreeMap::new(),
            by_status: BTreeMap::new(),
            compliance: BTreeMap::new(),
            rectifying: Vec::new(),
            removed: Vec::new(),
            overdue_filings: Vec::new(),
            open_risks: Vec::new(),
        }
    }

    /// Adds one base; `group` is its city's region group (from the policy's city table).
    pub fn add(&mut self, base: &Base, group: Option<RegionGroup>, ctx: &Ctx) {
        let today = ctx.today;
        *self.by_status.entry(base.status).or_default() += 1;
        if base.status.is_managed()
            && let Some(group) = group
        {
            *self
                .counts
                .entry((base.category, group, base.last_outcome()))
                .or_default() += 1;
        }
        for line in report_lines(base, ctx.policy, today) {
            if line.due < today {
                let tally = self
                    .compliance
                    .entry((line.year, base.category))
                    .or_default();
                tally.due += 1;
                tally.on_time += u32::from(line.submitted.is_some_and(|s| s <= line.due));
            }
        }
        if base.status == Status::Rectifying {
            self.rectifying.push(Rectifying {
                id: base.id.clone(),
                name: base.name.clone(),
                city: base.city.clone(),
                since: base.status_since,
                deadline: base.rectification_deadline,
                days_left: base.rectification_deadline.map(|d| (d - today).num_days()),
            });
        }
        if let (Some(ban), Some(removal)) = (Ban::of(base), &base.removal) {
            let until = ban.last_day(ctx.policy);
            self.removed.push(Removed {
                id: base.id.clone(),
                name: base.name.clone(),
                host: base.host.name.clone(),
                date: removal.date,
                reason: removal.reason,
                ban_until: until,
                ban_active: until >= today,
            });
        }
        if base.status.is_managed() {
            self.add_filings(base, ctx);
        }
        for note in &base.risks {
            if note.status != RiskStatus::Closed
                && ctx.policy.risk_severities.contains(&note.severity)
            {
                self.open_risks.push(OpenRisk {
                    id: base.id.clone(),
                    name: base.name.clone(),
                    n: note.n,
                    area: note.area,
                    severity: note.severity,
                    status: note.status,
                    opened: note.opened,
                    description: note.description.clone(),
                });
            }
        }
    }

    fn add_filings(&mut self, base: &Base, ctx: &Ctx) {
        let overdue = findings(base, ctx, &BanIndex::default())
            .into_iter()
            .filter(|f| f.kind == FindingKind::ChangeNotFiled)
            .filter(|f| f.due.is_some_and(|d| d < ctx.today));
        for finding in overdue {
            // The finding's message names the filing by number; find it by its window's end.
            let window = ctx.policy.change_filing_window_days;
            let Some(filing) = base.changes.iter().find(|c| {
                Some(super::dates::add_days(c.effective, window)) == finding.due
                    && (c.filed_province.is_none() || c.filed_recommender.is_none())
                    && !self
                        .overdue_filings
                        .iter()
                        .any(|o| o.id == base.id && o.n == c.n)
            }) else {
                continue;
            };
            self.overdue_filings.push(OverdueFiling {
                id: base.id.clone(),
                name: base.name.clone(),
                n: filing.n,
                kind: filing.kind,
                effective: filing.effective,
                due: finding.due.unwrap_or(filing.effective),
                message: finding.message,
            });
        }
    }

    /// Sorts the lists the way people read them: nearest deadline, latest removal, oldest
    /// filing, most severe risk first.
    pub fn finish(mut self) -> Overview {
        self.rectifying
            .sort_by(|a, b| (a.deadline, &a.id).cmp(&(b.deadline, &b.id)));
        self.removed
            .sort_by(|a, b| (b.date, &a.id).cmp(&(a.date, &b.id)));
        self.overdue_filings
            .sort_by(|a, b| (a.due, &a.id, a.n).cmp(&(b.due, &b.id, b.n)));
        self.open_risks.sort_by(|a, b| {
            (b.severity, a.opened, &a.id, a.n).cmp(&(a.severity, b.opened, &b.id, b.n))
        });
        self
    }

    /// Open risk notes by severity and area: what a user without the security role is shown.
    pub fn risk_counts(&self) -> BTreeMap<(Severity, RiskArea), u32> {
        let mut out = BTreeMap::new();
        for r in &self.open_risks {
            *out.entry((r.severity, r.area)).or_default() += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::Policy;

    fn overview_of_demo(today: &str) -> Overview {
        let policy = Policy::default_policy();
        let today = NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap();
        let ctx = Ctx {
            policy: &policy,
            today,
        };
        let mut overview = Overview::new(today);
        for base in crate::demo::demo_bases().unwrap() {
            let group = policy.city_by_code(&base.city).map(|c| c.group);
            overview.add(&base, group, &ctx);
        }
        overview.finish()
    }

    #[test]
    fn counts_cover_every_base_in_the_programme_once() {
        let o = overview_of_demo(crate::demo::DEMO_TODAY);
        let managed = o.by_status.get(&Status::Recognised).copied().unwrap_or(0)
            + o.by_status.get(&Status::Rectifying).copied().unwrap_or(0);
        assert_eq!(o.counts.values().sum::<u32>(), managed);
        assert_eq!(o.by_status.values().sum::<u32>(), 80);
        assert_eq!(o.rectifying.len() as u32, o.by_status[&Status::Rectifying]);
    }

    #[test]
    fn compliance_counts_only_reports_already_due() {
        let early = overview_of_demo("2026-03-31");
        let late = overview_of_demo("2026-04-01");
        let due = |o: &Overview, year| -> u32 {
            o.compliance
                .iter()
                .filter(|((y, _), _)| *y == year)
                .map(|(_, c)| c.due)
                .sum()
        };
        // The 2025 reports are due 2026-03-31: counted from the next day on.
        assert_eq!(due(&early, 2025), 0);
        assert!(due(&late, 2025) > 0);
        for c in late.compliance.values() {
            assert!(c.on_time <= c.due);
        }
    }

    #[test]
    fn bans_run_five_years_inclusive_and_filings_and_risks_are_listed() {
        let o = overview_of_demo(crate::demo::DEMO_TODAY);
        assert!(!o.removed.is_empty());
        for r in &o.removed {
            assert_eq!(r.ban_until, crate::domain::dates::add_years(r.date, 5));
            assert!(r.ban_active, "every demo removal is within five years");
        }
        assert!(!o.overdue_filings.is_empty());
        assert!(o.overdue_filings.iter().all(|f| f.due < o.today));
        assert!(
            o.open_risks
                .iter()
                .all(|r| r.severity >= Severity::High && r.status != RiskStatus::Closed)
        );
        let counted: u32 = o.risk_counts().values().sum();
        assert_eq!(counted as usize, o.open_risks.len());
    }
}
