//! The records a generated base carries besides its lifecycle: partner agreements, annual
//! reports, change filings, security-risk notes, the risk plan and A8 indicators.

use super::names::{self, COUNTRIES, HK_MACAU, RISKS};
use super::{Gen, date, one, weighted};
use crate::domain::base::{
    AnnualReport, Base, ChangeFiling, Figures, Indicators, Partner, RiskNote,
};
use crate::domain::codes::{
    AgreementKind, Category, ChangeKind, HostKind, Origin, Qualification, RemovalReason,
    ReportReview, Review, RiskStatus, Severity,
};
use crate::domain::dates::{add_days, add_years};
use crate::domain::obligations::report_years;
use chrono::NaiveDate;

impl Gen<'_> {
    fn agreement(&mut self, country: usize, signed: NaiveDate, years: (i32, i32)) -> Partner {
        let (name, _, lang, _) = COUNTRIES[country];
        let until = add_days(add_years(signed, self.rng.i32(years.0..=years.1)), -1);
        Partner {
            name: names::partner(&mut self.rng, lang),
            country: name.into(),
            country_code: self.country_code(name),
            kind: if self.chance(0.75) {
                AgreementKind::Agreement
            } else {
                AgreementKind::Memorandum
            },
            signed,
            valid_until: until,
            ended: None,
        }
    }

    /// The agreement the base came in with (signed on `first_signed` with a partner in
    /// `country`), sometimes more (港澳 among them), a few ended early; a recognised base whose
    /// foreign agreements have all run out has usually renewed one (A5.2).
    pub(super) fn partners(
        &mut self,
        country: usize,
        first_signed: NaiveDate,
        anchor: NaiveDate,
        managed: bool,
    ) -> Vec<Partner> {
        let today = self.today;
        let mut partners = vec![self.agreement(country, first_signed, (3, 8))];
        for _ in 0..*weighted(&mut self.rng, &[(0, 45), (1, 40), (2, 15)]) {
            let signed = self.between(first_signed.max(add_days(today, -2500)), today);
            if self.chance(0.3) {
                let mut p = self.agreement(country, signed, (3, 6));
                p.country = one(&mut self.rng, HK_MACAU).into();
                p.country_code = self.country_code(&p.country);
                p.name = names::hk_macau_partner(&mut self.rng);
                partners.push(p);
            } else {
                let other = *weighted(&mut self.rng, &self.country_weights);
                partners.push(self.agreement(other, signed, (3, 8)));
            }
        }
        for p in &mut partners {
            let last = p.valid_until.min(today);
            if add_days(p.signed, 180) <= last && self.chance(0.04) {
                p.ended = Some(self.between(add_days(p.signed, 180), last));
            }
        }
        let policy = self.policy;
        let valid = |p: &Partner| {
            p.valid_on(today) && policy.countries.is_foreign(p.country_code.as_deref())
        };
        if managed && !partners.iter().any(valid) && self.chance(0.92) {
            let signed = self.between(anchor.max(add_days(today, -720)), today);
            let mut renewal = self.agreement(country, signed, (3, 6));
            renewal.name = partners[0].name.clone();
            partners.push(renewal);
        }
        partners
    }

    /// Annual reports for the owed years (A11): mostly on time, some late, some missing, some
    /// returned for revision. A few hosts neglect them year after year.
    pub(super) fn reports(&mut self, base: &Base, end: NaiveDate) -> Vec<AnnualReport> {
        let (on_time, late) = if self.chance(0.05) {
            (0.2, 0.3)
        } else {
            (0.82, 0.93)
        };
        let today = self.today;
        let mut out = Vec::new();
        for year in report_years(base, self.policy) {
            let due = self.policy.report_due(year);
            let roll = self.rng.f32();
            let submitted = if roll < on_time {
                self.between(date(year + 1, 1, 5), due)
            } else if roll < late {
                add_days(due, self.rng.i64(1..=180))
            } else {
                continue;
            };
            if submitted > end {
                continue;
            }
            let mut report = AnnualReport {
                year,
                submitted,
                review: None,
                reviewed_on: None,
                resubmitted: None,
            };
            let roll = self.rng.f32();
            let reviewed = add_days(submitted, self.rng.i64(7..=60));
            if reviewed <= today && roll < 0.73 {
                // As `review_report` and `submit_report` record it: a return clears nothing but
                // the review, a resubmission clears the review until the next one.
                let returned = roll >= 0.65;
                report.reviewed_on = Some(reviewed);
                report.review = Some(if returned {
                    ReportReview::Returned
                } else {
                    ReportReview::Accepted
                });
                let again = add_days(reviewed, self.rng.i64(3..=40));
                if returned && again <= today && self.chance(0.55) {
                    (report.review, report.resubmitted) = (None, Some(again));
                    let accepted = add_days(again, self.rng.i64(5..=30));
                    if accepted <= today && self.chance(0.6) {
                        report.review = Some(ReportReview::Accepted);
                        report.reviewed_on = Some(accepted);
                    }
                }
            }
            out.push(report);
        }
        out
    }

    /// Major-change filings (A15.3.2) up to `end`, applied to the base as `file_change` applies
    /// them: a rename keeps the former name, a leader change leaves the new title unknown until
    /// recorded, a host change is a restructured company.
    pub(super) fn changes(&mut self, base: &mut Base, prefix: &str, pair: &str, end: NaiveDate) {
        let from = add_days(base.recognition_date().unwrap_or(end), 60);
        let count = *weighted(&mut self.rng, &[(0, 55), (1, 30), (2, 11), (3, 4)]);
        if from > end {
            return;
        }
        let mut dates: Vec<NaiveDate> = (0..count).map(|_| self.between(from, end)).collect();
        dates.sort();
        let window = self.policy.change_filing_window_days;
        let today = self.today;
        for effective in dates {
            let restructured = base
                .host
                .name
                .strip_suffix("有限公司")
                .filter(|rest| !rest.ends_with("股份"))
                .map(|rest| format!("{rest}股份有限公司"));
            let kind = match *weighted(
                &mut self.rng,
                &[
                    (ChangeKind::Rename, 15),
                    (ChangeKind::Leader, 35),
                    (ChangeKind::Host, 4),
                    (ChangeKind::Partner, 30),
                    (ChangeKind::Other, 16),
                ],
            ) {
                ChangeKind::Host if restructured.is_none() => ChangeKind::Other,
                kind => kind,
            };
            let (old_value, new_value) = match kind {
                ChangeKind::Rename => {
                    let new = self.unique_name(prefix, pair, base.category);
                    let old = std::mem::replace(&mut base.name, new.clone());
                    base.former_names.push(old.clone());
                    (old, new)
                }
                ChangeKind::Leader => {
                    let new = names::person(&mut self.rng, base.leader.identity);
                    let old = std::mem::replace(&mut base.leader.name, new.clone());
                    (base.leader.qualification, base.leader.qualified_on) = if self.chance(0.9) {
                        self.title(base.host.kind, effective)
                    } else {
                        (Qualification::None, None)
                    };
                    base.leader.dual_identity = false;
                    (old, new)
                }
                ChangeKind::Host => {
                    let new = restructured.unwrap_or_default();
                    (std::mem::replace(&mut base.host.name, new.clone()), new)
                }
                ChangeKind::Partner | ChangeKind::Other => (String::new(), String::new()),
            };
            let filed = |rng: &mut fastrand::Rng, late: bool| {
                let days = if late {
                    rng.i64(window + 1..=window + 120)
                } else {
                    rng.i64(0..=window)
                };
                Some(add_days(effective, days)).filter(|d| *d <= today)
            };
            // Mostly filed to both within the window; some late; some to one side only.
            let roll = self.rng.f32();
            let (province, recommender) = if roll < 0.8 {
                (filed(&mut self.rng, false), filed(&mut self.rng, false))
            } else if roll < 0.9 {
                let late = self.rng.bool();
                (filed(&mut self.rng, true), filed(&mut self.rng, late))
            } else if self.rng.bool() {
                (None, filed(&mut self.rng, false))
            } else {
                (filed(&mut self.rng, false), None)
            };
            // Only what reached the recommender can be reviewed (A15.2.2).
            let review = match (recommender, self.rng.u32(..100)) {
                (Some(_), 0..70) => Review::Approved,
                (Some(_), 70..76) => Review::Returned,
                _ => Review::Pending,
            };
            base.changes.push(ChangeFiling {
                n: base.changes.len() as u32 + 1,
                kind,
                effective,
                old_value,
                new_value,
                filed_province: province,
                filed_recommender: recommender,
                review,
            });
        }
    }

    /// Security-risk notes (A7.3, A15.3.4) for a few bases, up to `end`; a removal under A14.4
    /// has its cause on file.
    pub(super) fn risks(&mut self, base: &Base, end: NaiveDate) -> Vec<RiskNote> {
        let breach = base
            .removal
            .as_ref()
            .is_some_and(|r| r.reason == RemovalReason::A14_4);
        let p = if base.status.is_application() {
            0.05
        } else {
            0.14
        };
        let count = match (breach, self.chance(p)) {
            (true, _) => 1,
            (false, true) if self.chance(0.8) => 1,
            (false, true) => 2,
            (false, false) => 0,
        };
        let today = self.today;
        let from = base.applied_on.max(add_days(end, -1500));
        let mut out: Vec<RiskNote> = Vec::with_capacity(count);
        for _ in 0..count {
            let (area, description, mitigation) = RISKS[self.rng.usize(..RISKS.len())];
            let severity = if breach {
                Severity::Critical
            } else {
                *weighted(
                    &mut self.rng,
                    &[
                        (Severity::Low, 40),
                        (Severity::Medium, 35),
                        (Severity::High, 18),
                        (Severity::Critical, 7),
                    ],
                )
            };
            let opened = self.between(from, end);
            let closed = add_days(opened, self.rng.i64(14..=200));
            // Old notes are mostly closed; recent ones are still being handled.
            let close_chance = if (today - opened).num_days() > 365 {
                0.8
            } else {
                0.35
            };
            let roll = self.rng.f32();
            let (status, closed) = if closed <= today && roll < close_chance && !breach {
                (RiskStatus::Closed, Some(closed))
            } else if roll < 0.7 || breach {
                (RiskStatus::Mitigating, None)
            } else {
                (RiskStatus::Open, None)
            };
            out.push(RiskNote {
                n: 0,
                area,
                severity,
                status,
                description: description.into(),
                mitigation: if status == RiskStatus::Open {
                    String::new()
                } else {
                    mitigation.into()
                },
                opened,
                closed,
            });
        }
        // Numbered in the order they were opened, as `add_risk` numbers them.
        out.sort_by_key(|r| r.opened);
        for (i, r) in out.iter_mut().enumerate() {
            r.n = i as u32 + 1;
        }
        out
    }

    /// Filed with the application (A7.3), or by a legacy base once this regulation asked for it
    /// (A15.3.4); some are missing.
    pub(super) fn risk_plan(&mut self, base: &Base) -> Option<NaiveDate> {
        let missing = if base.status.is_application() {
            0.3
        } else {
            0.06
        };
        if self.chance(missing) {
            return None;
        }
        let on = match base.recognition_date() {
            Some(on) if base.origin == Origin::Legacy => {
                add_days(on.max(self.policy.effective_date), self.rng.i64(0..=200))
            }
            _ => add_days(base.applied_on, -self.rng.i64(5..=60)),
        };
        Some(on).filter(|on| *on <= self.today)
    }

    /// The table's code for a country name of `names::COUNTRIES` or `HK_MACAU`.
    fn country_code(&self, name: &str) -> Option<String> {
        match self.policy.countries.resolve(name) {
            crate::domain::countries::Resolved::Country(c) => Some(c.code.clone()),
            _ => None,
        }
    }

    /// A8 indicators of an application applied for in `year`, by year over the window before it
    /// (A8 前三年); a weak one misses one line.
    pub(super) fn indicators(
        &mut self,
        category: Category,
        host: HostKind,
        weak: bool,
        year: i32,
    ) -> Indicators {
        let (exchange, total) = self.totals(category, host, weak);
        let first = year - self.policy.lookback_years as i32;
        let rng = &mut self.rng;
        let mut years: Vec<Figures> = vec![Figures::default(); self.policy.lookback_years as usize];
        let n = years.len();
        // Splits a total over the years; a part (cross-border) never exceeds its year's whole.
        let split = |rng: &mut fastrand::Rng, total: i64| -> Vec<i64> {
            let mut left = total;
            let mut parts: Vec<i64> = (1..n)
                .map(|_| {
                    let part = rng.i64(0..=left / 2);
                    left -= part;
                    part
                })
                .collect();
            parts.push(left);
            parts
        };
        let within = |part: i64, wholes: &[i64]| -> Vec<i64> {
            let mut left = part;
            wholes
                .iter()
                .map(|w| {
                    let take = left.min(*w);
                    left -= take;
                    take
                })
                .collect()
        };
        let t = &total;
        if let Some(v) = t.input_yuan {
            for (f, p) in years.iter_mut().zip(split(rng, v / 100)) {
                f.input_yuan = Some(p * 100);
            }
        }
        type Set = fn(&mut Figures, u32);
        let counts: [(Option<u32>, Set); 6] = [
            (t.trained, |f, v| f.trained = Some(v)),
            (t.papers, |f, v| f.papers = Some(v)),
            (t.patents, |f, v| f.patents = Some(v)),
            (t.transfers, |f, v| f.transfers = Some(v)),
            (t.events, |f, v| f.events = Some(v)),
            (t.reports, |f, v| f.reports = Some(v)),
        ];
        for (total, set) in counts {
            if let Some(v) = total {
                for (f, p) in years.iter_mut().zip(split(rng, i64::from(v))) {
                    set(f, p as u32);
                }
            }
        }
        if let Some(v) = t.rd_intensity {
            for f in &mut years {
                f.rd_intensity = Some(v);
            }
        }
        if let (Some(all), Some(cross)) = (t.projects, t.cross_border_projects) {
            let wholes = split(rng, i64::from(all));
            for ((f, w), c) in years
                .iter_mut()
                .zip(&wholes)
                .zip(within(i64::from(cross), &wholes))
            {
                f.projects = Some(*w as u32);
                f.cross_border_projects = Some(c as u32);
            }
        }
        if let (Some(all), Some(cross)) = (t.deal_yuan, t.cross_border_deal_yuan) {
            let wholes: Vec<i64> = split(rng, all / 100).into_iter().map(|w| w * 100).collect();
            for ((f, w), c) in years.iter_mut().zip(&wholes).zip(within(cross, &wholes)) {
                f.deal_yuan = Some(*w);
                f.cross_border_deal_yuan = Some(c);
            }
        }
        Indicators {
            exchange,
            years: (first..)
                .zip(years)
                .filter(|(_, f)| !f.is_empty())
                .collect(),
            undated: None,
        }
    }

    /// The window's totals, and the exchange mechanism.
    fn totals(
        &mut self,
        category: Category,
        host: HostKind,
        weak: bool,
    ) -> (Option<bool>, Figures) {
        // R&D intensity is a line for enterprise hosts only (A8.1.6).
        let lines = if host == HostKind::Enterprise { 6 } else { 5 };
        let miss = if weak {
            self.rng.u32(0..lines)
        } else {
            u32::MAX
        };
        let rng = &mut self.rng;
        // Whole hundreds of 元 between two amounts in 万元.
        let wan = |rng: &mut fastrand::Rng, lo: i64, hi: i64| rng.i64(lo * 100..=hi * 100) * 100;
        let mut ind = Figures::default();
        let mut exchange = None;
        match category {
            Category::JointResearch => {
                ind.input_yuan = Some(if miss == 0 {
                    wan(rng, 350, 599)
                } else {
                    wan(rng, 600, 2500)
                });
                exchange = Some(miss != 1);
                ind.trained = Some(if miss == 2 { 0 } else { rng.u32(1..=10) });
                ind.papers = Some(if miss == 3 {
                    rng.u32(0..=1)
                } else {
                    rng.u32(2..=15)
                });
                ind.patents = Some(if miss == 4 { 0 } else { rng.u32(1..=8) });
                ind.transfers = Some(rng.u32(1..=5));
                if host == HostKind::Enterprise {
                    ind.rd_intensity = Some(if miss == 5 {
                        rng.i64(10_000..35_000)
                    } else {
                        rng.i64(35_000..=120_000)
                    });
                }
            }
            Category::TechTransfer => {
                let projects = if miss == 0 {
                    rng.u32(5..=9)
                } else {
                    rng.u32(10..=40)
                };
                // A fifth (rounded up) is exactly the 20% line; a tenth falls short of it.
                let cross = if miss == 1 {
                    projects / 10
                } else {
                    projects.div_ceil(5) + rng.u32(0..=projects / 3)
                };
                let deal = if miss == 2 {
                    wan(rng, 200, 499)
                } else {
                    wan(rng, 500, 3000)
                };
                let share = if miss == 3 {
                    rng.i64(5..20)
                } else {
                    rng.i64(20..=60)
                };
                ind.projects = Some(projects);
                ind.cross_border_projects = Some(cross.min(projects));
                ind.deal_yuan = Some(deal);
                ind.cross_border_deal_yuan = Some(deal * share / 100);
            }
            Category::Featured => {
                let (few_events, no_report) = (weak && miss % 2 == 0, weak && miss % 2 == 1);
                ind.events = Some(if few_events {
                    rng.u32(0..=1)
                } else {
                    rng.u32(2..=8)
                });
                ind.reports = Some(if no_report { 0 } else { rng.u32(1..=4) });
            }
        }
        (exchange, ind)
    }
}
