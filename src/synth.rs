//! Deterministic generator of realistic fictional bases, for benchmarks (`jidi gen`).
//!
//! Each base is built by walking its life forward — call and application, the A9 stages,
//! recognition, evaluation rounds, rectification and re-evaluation, removal — so every generated
//! record passes `domain::consistency::check`. Names are combined from invented parts (`names`);
//! host units are drawn from a pool, so several bases share a host as they do in life.

mod names;
mod records;

use crate::domain::base::{
    Base, EvaluationRound, HostUnit, Indicators, Leader, Recognition, Removal,
};
use crate::domain::codes::{
    Category, HostKind, Identity, Origin, Outcome, Qualification, RegionGroup, RemovalReason,
    Status,
};
use crate::domain::dates::{add_days, add_months, add_years};
use crate::domain::lifecycle::Ban;
use crate::domain::policy::Policy;
use chrono::{Datelike, NaiveDate};
use names::{COUNTRIES, Host};
use std::collections::{HashMap, HashSet};

/// `count` realistic fictional bases, deterministic for `seed` (use fastrand::Rng::with_seed),
/// as they stand on `today`. Empty when the policy leaves no way to have a base by then (no call
/// published and no legacy period).
pub fn generate(count: usize, seed: u64, policy: &Policy, today: NaiveDate) -> Vec<Base> {
    let Some(mut g) = Gen::new(seed, policy, today, count) else {
        return Vec::new();
    };
    // In order of application, so every removal that could bar a host is known before the host
    // applies again (a removal always comes after its own base's application).
    let mut plans: Vec<Plan> = (0..count).map(|_| g.plan()).collect();
    plans.sort_by_key(Plan::applied);
    let mut next: HashMap<i32, u32> = HashMap::new();
    plans
        .into_iter()
        .map(|plan| {
            // Numbered per year of application, in order of application, as the department does.
            let year = plan.applied().year();
            let n = next.entry(year).or_insert(0);
            *n += 1;
            g.base(plan, format!("GDICB-{year}-{n:04}"))
        })
        .collect()
}

/// Picks from weighted items.
fn weighted<'a, T>(rng: &mut fastrand::Rng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.u32(..total.max(1));
    for (item, w) in items {
        if roll < *w {
            return item;
        }
        roll -= w;
    }
    &items[items.len() - 1].0
}

fn one<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// When and how a base came in.
#[derive(Clone, Copy)]
enum Plan {
    /// Recognised under the old procedure (A10).
    Legacy {
        applied: NaiveDate,
        recognised: NaiveDate,
    },
    /// Applied to the call published on `call` (A9).
    Call { applied: NaiveDate, call: NaiveDate },
}

impl Plan {
    fn applied(&self) -> NaiveDate {
        match self {
            Plan::Legacy { applied, .. } | Plan::Call { applied, .. } => *applied,
        }
    }
}

/// How an application falls short, if it does; weak applications often end not recognised.
#[derive(Clone, Copy, PartialEq)]
enum Weakness {
    None,
    Indicators,
    PartnerAfterCall,
    TitleAfterCall,
}

/// A removal with its reason and note.
type Decided = (NaiveDate, RemovalReason, &'static str);

/// Where the evaluation history leaves a recognised base.
struct History {
    rounds: Vec<EvaluationRound>,
    status: Status,
    since: NaiveDate,
    deadline: Option<NaiveDate>,
    removal: Option<Decided>,
}

struct Gen<'a> {
    rng: fastrand::Rng,
    policy: &'a Policy,
    today: NaiveDate,
    /// Publication dates of the calls an application could already have answered.
    calls: Vec<NaiveDate>,
    /// Recognitions under the old procedure (A10) fall in this range.
    legacy: Option<(NaiveDate, NaiveDate)>,
    hosts: Vec<Host>,
    /// Base names given so far, to keep them distinct.
    names: HashSet<String>,
    /// Indexes into the policy's cities and into COUNTRIES, with weights.
    city_weights: Vec<(usize, u32)>,
    country_weights: Vec<(usize, u32)>,
    /// Removals so far, by host (index into `hosts`), that bar new applications (A14).
    bans: HashMap<usize, Vec<Ban>>,
}

impl<'a> Gen<'a> {
    fn new(seed: u64, policy: &'a Policy, today: NaiveDate, count: usize) -> Option<Gen<'a>> {
        if policy.cities.is_empty() {
            return None;
        }
        let calls: Vec<NaiveDate> = policy
            .calls
            .values()
            .copied()
            .filter(|call| add_days(*call, 5) <= today)
            .collect();
        // The old procedure ran from the 2009 regulation (粤科合字〔2009〕210号) until this one
        // took effect; its bases were recognised from 2010 on.
        let legacy_from = date(2010, 1, 1);
        let legacy_to = add_days(policy.effective_date, -1).min(add_days(today, -30));
        let legacy = (legacy_from <= legacy_to).then_some((legacy_from, legacy_to));
        if calls.is_empty() && legacy.is_none() {
            return None;
        }
        // Weighted by how many bases cities host in practice: the two hubs lead, the PRD follows.
        let city_weights = policy
            .cities
            .iter()
            .enumerate()
            .map(|(i, c)| match c.pinyin.as_str() {
                "guangzhou" => (i, 22),
                "shenzhen" => (i, 20),
                _ if c.group == RegionGroup::Prd => (i, 6),
                _ => (i, 2),
            })
            .collect();
        let mut g = Gen {
            rng: fastrand::Rng::with_seed(seed),
            policy,
            today,
            calls,
            legacy,
            hosts: Vec::new(),
            names: HashSet::with_capacity(count),
            city_weights,
            country_weights: COUNTRIES
                .iter()
                .enumerate()
                .map(|(i, c)| (i, c.3))
                .collect(),
            bans: HashMap::new(),
        };
        // About two and a half bases per host unit.
        let pool = (count * 2 / 5).max(1);
        let mut seen = HashSet::with_capacity(pool);
        let mut collisions = 0;
        while g.hosts.len() < pool {
            let kind = *weighted(
                &mut g.rng,
                &[
                    (HostKind::University, 15),
                    (HostKind::Institute, 20),
                    (HostKind::Enterprise, 50),
                    (HostKind::PrivateNonEnterprise, 10),
                    (HostKind::Other, 5),
                ],
            );
            let city = *weighted(&mut g.rng, &g.city_weights);
            let host = names::host(&mut g.rng, kind, city, &policy.cities);
            // Once the name space is crowded, let host names repeat rather than loop on.
            if seen.insert(host.name.clone()) || collisions > pool {
                g.hosts.push(host);
            } else {
                collisions += 1;
            }
        }
        Some(g)
    }

    fn between(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0);
        add_days(from, self.rng.i64(0..=span))
    }

    fn chance(&mut self, p: f32) -> bool {
        self.rng.f32() < p
    }

    /// A day after the call's publication, by the application (never after today).
    fn after_call(&mut self, call: NaiveDate, applied: NaiveDate) -> NaiveDate {
        let day_after = add_days(call, 1);
        self.between(day_after, applied.max(day_after))
            .min(self.today)
    }

    /// A base name not given yet (a few tries; a repeat is tolerated in a crowded set).
    fn unique_name(&mut self, prefix: &str, pair: &str, category: Category) -> String {
        let mut name = String::new();
        for _ in 0..6 {
            name = names::base_name(&mut self.rng, prefix, pair, category);
            if self.names.insert(name.clone()) {
                break;
            }
        }
        name
    }

    /// A qualifying title (A6.1) obtained some years before `by`.
    fn title(&mut self, kind: HostKind, by: NaiveDate) -> (Qualification, Option<NaiveDate>) {
        let qualification = if kind == HostKind::Enterprise && self.chance(0.45) {
            Qualification::EnterpriseSenior
        } else if self.chance(0.7) {
            Qualification::Phd
        } else {
            Qualification::SeniorTitle
        };
        let on = self.between(add_years(by, -25), add_years(by, -2));
        (qualification, Some(on))
    }

    fn plan(&mut self) -> Plan {
        let legacy = self.legacy;
        match legacy {
            Some((from, to)) if self.calls.is_empty() || self.chance(0.45) => {
                let recognised = self.between(from, to);
                Plan::Legacy {
                    applied: add_days(recognised, -self.rng.i64(120..=300)),
                    recognised,
                }
            }
            _ => {
                let call = self.calls[self.rng.usize(..self.calls.len())];
                // Within the call's year: the policy's call table is per year.
                let applied = add_days(call, self.rng.i64(5..=50))
                    .min(self.today)
                    .min(date(call.year(), 12, 31));
                Plan::Call { applied, call }
            }
        }
    }

    fn category(&mut self, kind: HostKind) -> Category {
        use Category::{Featured, JointResearch, TechTransfer};
        let weights: &[(Category, u32)] = match kind {
            HostKind::University => &[(JointResearch, 60), (TechTransfer, 10), (Featured, 30)],
            HostKind::Institute => &[(JointResearch, 50), (TechTransfer, 25), (Featured, 25)],
            HostKind::Enterprise => &[(JointResearch, 40), (TechTransfer, 40), (Featured, 20)],
            HostKind::PrivateNonEnterprise => {
                &[(JointResearch, 20), (TechTransfer, 60), (Featured, 20)]
            }
            HostKind::Other => &[(JointResearch, 5), (TechTransfer, 25), (Featured, 70)],
        };
        *weighted(&mut self.rng, weights)
    }

    /// A host and category for an application on `applied`. A host inside a five-year ban may
    /// not apply (A14; `new_application` refuses it), so another is drawn, except once in
    /// twenty: imported records can carry such applications.
    fn host_for(&mut self, applied: NaiveDate) -> (usize, Category) {
        loop {
            let i = self.rng.usize(..self.hosts.len());
            let category = self.category(self.hosts[i].kind);
            let host = &self.hosts[i].name;
            let barred = self.bans.get(&i).is_some_and(|bans| {
                bans.iter()
                    .any(|b| b.covers(self.policy, host, category, applied))
            });
            // Ends soon: most hosts are never barred, and a barred one is kept at times.
            if !barred || self.chance(0.05) {
                return (i, category);
            }
        }
    }

    fn base(&mut self, plan: Plan, id: String) -> Base {
        let applied_on = plan.applied();
        let (host_index, category) = self.host_for(applied_on);
        let host = self.hosts[host_index].clone();
        let city = &self.policy.cities[host.city];
        let (city_code, recommender) = (city.pinyin.clone(), city.recommender.clone());
        let call = match plan {
            Plan::Call { call, .. } => Some(call),
            Plan::Legacy { .. } => None,
        };
        let weakness = match call {
            Some(_) if self.chance(0.15) => *weighted(
                &mut self.rng,
                &[
                    (Weakness::Indicators, 75),
                    (Weakness::PartnerAfterCall, 12),
                    (Weakness::TitleAfterCall, 13),
                ],
            ),
            _ => Weakness::None,
        };

        // The A9 stages of an application, or a recognition under the old procedure (A10),
        // then the evaluation history of a recognised base.
        let (origin, mut status, mut since, recognised) = match plan {
            Plan::Legacy { recognised, .. } => (
                Origin::Legacy,
                Status::Recognised,
                recognised,
                Some(recognised),
            ),
            Plan::Call { applied, call } => {
                let (status, since) = self.stages(call, applied, weakness != Weakness::None);
                let recognised = (status == Status::Recognised).then_some(since);
                (Origin::New, status, since, recognised)
            }
        };
        let (mut rounds, mut deadline, mut removal) = (Vec::new(), None, None);
        if let Some(on) = recognised {
            let h = self.history(on);
            (rounds, status, since, deadline, removal) =
                (h.rounds, h.status, h.since, h.deadline, h.removal);
        }

        // The agreement it applied with (A5.2): signed before the call, unless that is its flaw.
        let country = *weighted(&mut self.rng, &self.country_weights);
        let anchor = recognised.unwrap_or(applied_on);
        let first_signed = match (call, weakness) {
            (Some(call), Weakness::PartnerAfterCall) => self.after_call(call, applied_on),
            (Some(call), _) => self.between(add_days(call, -1500), add_days(call, -20)),
            (None, _) => self.between(add_days(anchor, -700), add_days(anchor, -30)),
        };
        let partners = self.partners(country, first_signed, anchor, status.is_managed());
        let mut focus_countries: Vec<String> = Vec::new();
        for p in &partners {
            if self.policy.countries.is_foreign(p.country_code.as_deref())
                && !focus_countries.contains(&p.country)
            {
                focus_countries.push(p.country.clone());
            }
        }
        let title_after = match (call, weakness) {
            (Some(call), Weakness::TitleAfterCall) => Some(call),
            _ => None,
        };
        let leader = self.leader(host.kind, applied_on, title_after);
        let pair = COUNTRIES[country].1;
        let name = self.unique_name(&host.prefix, pair, category);
        let field_list = names::fields(category);
        let mut fields = vec![one(&mut self.rng, field_list).to_string()];
        let second = one(&mut self.rng, field_list);
        if self.chance(0.4) && fields[0] != second {
            fields.push(second.into());
        }

        let mut base = Base {
            id,
            name,
            former_names: Vec::new(),
            category,
            host: HostUnit {
                name: host.name.clone(),
                kind: host.kind,
                legal_person: true,
            },
            city: city_code,
            recommender,
            leader,
            partners,
            fields,
            focus_countries,
            origin,
            applied_on,
            recognition: recognised.map(|on| Recognition {
                date: on,
                doc_no: format!("粤科函外字〔{}〕{}号", on.year(), self.rng.u32(20..=400)),
            }),
            status,
            status_since: since,
            removal: removal.map(|(date, reason, note)| Removal {
                date,
                reason,
                note: note.into(),
            }),
            rectification_deadline: deadline,
            risk_plan: None,
            reports: Vec::new(),
            rounds,
            changes: Vec::new(),
            risks: Vec::new(),
            indicators: Indicators::default(),
            systems: Default::default(),
            projects: Vec::new(),
        };
        // Nothing is filed for a base after its removal.
        let end = removal.map_or(self.today, |r| r.0);
        if recognised.is_some() {
            base.reports = self.reports(&base, end);
            self.changes(&mut base, &host.prefix, pair, end);
        }
        base.risks = self.risks(&base, end);
        base.risk_plan = self.risk_plan(&base);
        if origin == Origin::New {
            let weak = weakness == Weakness::Indicators;
            base.indicators = self.indicators(category, host.kind, weak, base.applied_on.year());
        }
        if let Some(ban) = Ban::of(&base) {
            self.bans.entry(host_index).or_default().push(ban);
        }
        base
    }

    /// Most leaders are domestic and qualified (A6); a few are foreign or from 港澳台, rarely
    /// with a dual identity; `title_after` is a call their title came after.
    fn leader(
        &mut self,
        kind: HostKind,
        applied: NaiveDate,
        title_after: Option<NaiveDate>,
    ) -> Leader {
        let identity = *weighted(
            &mut self.rng,
            &[
                (Identity::Domestic, 940),
                (Identity::Foreign, 35),
                (Identity::HkMacauTaiwan, 25),
            ],
        );
        let (mut qualification, mut qualified_on) = self.title(kind, applied);
        if let Some(call) = title_after {
            qualified_on = Some(self.after_call(call, applied));
        } else if self.chance(0.01) {
            (qualification, qualified_on) = (Qualification::None, None);
        }
        Leader {
            name: names::person(&mut self.rng, identity),
            qualification,
            qualified_on,
            identity,
            dual_identity: identity != Identity::Domestic && self.chance(0.12),
            employed_by_host: self.chance(0.985),
        }
    }

    /// Walks an application through the A9 stages up to today; weak ones often end refused.
    fn stages(&mut self, call: NaiveDate, applied: NaiveDate, weak: bool) -> (Status, NaiveDate) {
        let ends = if weak { 0.55f32 } else { 0.08 };
        // The same chance at each of the four steps adds up to `ends` overall.
        let per_step = 1.0 - (1.0 - ends).powf(0.25);
        let decided_by = add_days(call, 330);
        let (mut status, mut at) = (Status::Applied, applied);
        for to in [
            Status::Recommended,
            Status::Vetted,
            Status::Publicised,
            Status::Recognised,
        ] {
            // Most steps take weeks; some files wait months on a desk, most often the
            // recommender's first review.
            let slow = if to == Status::Recommended { 0.3 } else { 0.2 };
            let delay = if self.chance(slow) {
                self.rng.i64(90..=240)
            } else {
                self.rng.i64(20..=60)
            };
            let next = add_days(at, delay).min(decided_by.max(at));
            if next > self.today {
                break;
            }
            if self.chance(per_step) {
                return (Status::NotRecognised, next);
            }
            (status, at) = (to, next);
        }
        (status, at)
    }

    fn score(&mut self, outcome: Outcome) -> Option<u8> {
        let range = match outcome {
            Outcome::Excellent => 90..=99,
            Outcome::Qualified => 60..=89,
            Outcome::Unqualified => 35..=59,
            _ => return None,
        };
        self.chance(0.92).then(|| self.rng.u8(range))
    }

    /// Evaluation rounds (Oct–Dec), rectification, re-evaluation and removal, as the
    /// lifecycle rules apply them (A11, A14, A15.1.3).
    fn history(&mut self, recognised: NaiveDate) -> History {
        let mut h = History {
            rounds: Vec::new(),
            status: Status::Recognised,
            since: recognised,
            deadline: None,
            removal: None,
        };
        let today = self.today;
        // Removals for other reasons (A14.3–A14.7) strike a few bases at a random moment.
        let other = (add_days(recognised, 180) <= today && self.chance(0.015))
            .then(|| self.between(add_days(recognised, 180), today));
        // A round runs every year; each base takes part every other year from the year after
        // its recognition.
        let mut years = (recognised.year() + 1..=today.year()).step_by(2);
        loop {
            if let Some(deadline) = h.deadline {
                // The re-evaluation comes at the end of the rectification period (A14.1).
                let on = add_days(deadline, self.rng.i64(0..=60));
                if on > today || other.is_some_and(|o| o < on) {
                    break;
                }
                let outcome = *weighted(
                    &mut self.rng,
                    &[
                        (Outcome::Excellent, 8),
                        (Outcome::Qualified, 55),
                        (Outcome::Unqualified, 32),
                        (Outcome::Absent, 5),
                    ],
                );
                h.rounds.push(EvaluationRound {
                    round: format!("{}年度整改复评", on.year()),
                    date: on,
                    outcome,
                    score: self.score(outcome),
                    re_evaluation: true,
                    excused: None,
                });
                match outcome {
                    Outcome::Unqualified => {
                        h.removal = Some((on, RemovalReason::A14_1, "整改期后复评仍不合格"));
                        break;
                    }
                    Outcome::Absent => {
                        h.removal = self.absence_decision(on);
                        break;
                    }
                    _ => (h.status, h.since, h.deadline) = (Status::Recognised, on, None),
                }
                continue;
            }
            let Some(year) = years.next() else { break };
            let on = self.between(date(year, 10, 15), date(year, 12, 15));
            // Bases recognised less than ten months before a round wait for the next one; a few
            // are left out of a round's sample.
            if on > today || on <= h.since || on < add_days(recognised, 300) || self.chance(0.1) {
                continue;
            }
            if other.is_some_and(|o| o < on) {
                break;
            }
            let outcome = *weighted(
                &mut self.rng,
                &[
                    (Outcome::Excellent, 18),
                    (Outcome::Qualified, 72),
                    (Outcome::Unqualified, 5),
                    (Outcome::Absent, 3),
                    (Outcome::Withdrew, 2),
                ],
            );
            h.rounds.push(EvaluationRound {
                round: format!("{year}年度绩效评估"),
                date: on,
                outcome,
                score: self.score(outcome),
                re_evaluation: false,
                excused: None,
            });
            if outcome == Outcome::Unqualified {
                let deadline = add_months(on, self.policy.rectification_months);
                (h.status, h.since, h.deadline) = (Status::Rectifying, on, Some(deadline));
            } else if outcome.is_absence() && self.chance(0.5) {
                h.removal = self.absence_decision(on);
                if h.removal.is_some() {
                    break;
                }
            }
        }
        if h.removal.is_none() {
            h.removal = other.map(|on| {
                let (reason, note) = *weighted(
                    &mut self.rng,
                    &[
                        ((RemovalReason::A14_3, "申报或评估材料存在虚假信息"), 25),
                        (
                            (RemovalReason::A14_4, "发生影响科技安全的行为，造成严重影响"),
                            15,
                        ),
                        ((RemovalReason::A14_5, "依托单位存在严重违法违规行为"), 15),
                        ((RemovalReason::A14_6, "隐瞒重大事项变化"), 20),
                        ((RemovalReason::A14_7, "依托单位注销或不宜继续作为基地"), 25),
                    ],
                );
                (on, reason, note)
            });
        }
        if let Some((on, _, _)) = h.removal {
            (h.status, h.since, h.deadline) = (Status::Removed, on, None);
        }
        h
    }

    /// After an absence, the department decides within months that it was without cause (A14.2).
    fn absence_decision(&mut self, absent_on: NaiveDate) -> Option<Decided> {
        let on = add_days(absent_on, self.rng.i64(20..=120));
        (on <= self.today).then_some((on, RemovalReason::A14_2, "无故不参加或中途退出考核评估"))
    }
}

#[cfg(test)]
mod tests;
