//! What the console knows: the summary rows (loaded first, for the first frame) and the
//! analysis computed from the full records in the background — findings, badges, compliance.

pub use crate::domain::badges::{Badges, Level};
use crate::domain::base::Base;
use crate::domain::codes::FindingKind;
use crate::domain::findings::{self, BanIndex, Finding};
use crate::domain::lifecycle::Ctx;
use crate::domain::obligations::{report_lines, reports_compliant};
use crate::domain::roles::Grant;
use crate::store::Summary;
use std::collections::HashMap;

/// Shares of the managed bases that are compliant, for the dashboard.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Compliance {
    pub reports_ok: usize,
    pub reports_total: usize,
    pub filings_ok: usize,
    pub filings_total: usize,
    pub plans_ok: usize,
    pub plans_total: usize,
}

impl Compliance {
    fn add(&mut self, other: &Compliance) {
        self.reports_ok += other.reports_ok;
        self.reports_total += other.reports_total;
        self.filings_ok += other.filings_ok;
        self.filings_total += other.filings_total;
        self.plans_ok += other.plans_ok;
        self.plans_total += other.plans_total;
    }
}

#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// Every finding, most urgent first; the programme-wide ones (A16) have no base.
    pub triage: Vec<Finding>,
    pub badges: HashMap<String, Badges>,
    /// Compliance by city (its code), so a user limited to one city sees that city's.
    pub compliance_by_city: HashMap<String, Compliance>,
    /// The follow-ups of the findings, read with the records.
    pub cases: super::cases::Cases,
}

/// The bans in force, from the summary rows (A14).
pub fn bans_of(rows: &[Summary]) -> BanIndex {
    BanIndex::from_bans(rows.iter().filter_map(Summary::ban).collect())
}

/// Accumulates the analysis one record at a time.
pub struct Analyser<'a> {
    ctx: Ctx<'a>,
    bans: &'a BanIndex,
    analysis: Analysis,
}

impl<'a> Analyser<'a> {
    pub fn new(ctx: Ctx<'a>, bans: &'a BanIndex) -> Analyser<'a> {
        Analyser {
            ctx,
            bans,
            analysis: Analysis::default(),
        }
    }

    pub fn add(&mut self, base: &Base) {
        let found = findings::findings(base, &self.ctx, self.bans);
        let a = &mut self.analysis;
        a.badges.insert(base.id.clone(), Badges::of(base, &found));
        if base.status.is_managed() {
            let c = a.compliance_by_city.entry(base.city.clone()).or_default();
            c.reports_total += 1;
            if reports_compliant(
                &report_lines(base, self.ctx.policy, self.ctx.today),
                self.ctx.today,
            ) {
                c.reports_ok += 1;
            }
            c.plans_total += 1;
            if base.risk_plan.is_some() {
                c.plans_ok += 1;
            }
            if !base.changes.is_empty() {
                c.filings_total += 1;
                if !found.iter().any(|f| {
                    matches!(
                        f.kind,
                        FindingKind::ChangeNotFiled | FindingKind::ChangeFiledLate
                    )
                }) {
                    c.filings_ok += 1;
                }
            }
        }
        a.triage.extend(found);
    }

    /// The analysis, with the findings about the programme rather than one base (A16: the
    /// regulation past its validity), which have no base id.
    pub fn finish(mut self) -> Analysis {
        let programme = findings::programme(&self.ctx);
        self.analysis.triage.extend(programme);
        findings::sort_by_urgency(&mut self.analysis.triage, self.ctx.today);
        self.analysis
    }
}

impl Analysis {
    /// The compliance of the bases `grant` covers.
    pub fn compliance(&self, grant: &Grant) -> Compliance {
        let mut sum = Compliance::default();
        for (_, c) in self
            .compliance_by_city
            .iter()
            .filter(|(city, _)| grant.covers(city))
        {
            sum.add(c);
        }
        sum
    }

    /// Replaces one base's findings and badges after a change (compliance totals are refreshed
    /// by the next full analysis).
    pub fn update_base(&mut self, base: &Base, ctx: Ctx, bans: &BanIndex) {
        let found = findings::findings(base, &ctx, bans);
        self.badges
            .insert(base.id.clone(), Badges::of(base, &found));
        self.triage.retain(|f| f.base_id != base.id);
        self.triage.extend(found);
        findings::sort_by_urgency(&mut self.triage, ctx.today);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::Policy;

    #[test]
    fn demo_badges_and_compliance_follow_the_findings() {
        let policy = Policy::default_policy();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let bases = crate::demo::demo_bases().unwrap();
        let rows: Vec<Summary> = bases.iter().map(Summary::of).collect();
        let bans = bans_of(&rows);
        let mut analyser = Analyser::new(
            Ctx {
                policy: &policy,
                today,
            },
            &bans,
        );
        for b in &bases {
            analyser.add(b);
        }
        let analysis = analyser.finish();
        assert!(!analysis.triage.is_empty());
        let overdue = analysis
            .triage
            .iter()
            .find(|f| f.kind == FindingKind::ReportOverdue)
            .unwrap();
        assert_eq!(analysis.badges[&overdue.base_id].reports, Level::Bad);
        let c = analysis.compliance(&Grant::default());
        assert!(c.reports_ok < c.reports_total && c.reports_ok > 0, "{c:?}");
        assert!(c.plans_ok < c.plans_total, "{c:?}");
        // Same as computing all findings at once.
        let total: usize = bases
            .iter()
            .map(|b| {
                findings::findings(
                    b,
                    &Ctx {
                        policy: &policy,
                        today,
                    },
                    &bans,
                )
                .len()
            })
            .sum();
        assert_eq!(analysis.triage.len(), total);
    }
}
