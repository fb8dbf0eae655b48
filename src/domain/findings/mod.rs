//! Triage findings: what needs action, computed from the records and today's date, never stored.
//! Each carries its rule id, a severity, a due date where one exists and a one-line "what to do".

mod absence;
mod application;
mod changes;
mod leader;
mod legacy;
mod partners;
mod rectification;
mod reports;
mod risks;

use super::base::Base;
use super::codes::{FindingKind, Severity, Status};
use super::dates::add_days;
use super::lifecycle::{Ban, Ctx};
use super::names;
use super::text::{Lang, Text};
use chrono::NaiveDate;
use std::cmp::Reverse;
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub base_id: String,
    pub kind: FindingKind,
    /// DOMAIN.md rule id, or `practice` for national practice that is not in the regulation.
    pub rule: &'static str,
    pub severity: Severity,
    pub due: Option<NaiveDate>,
    pub message: Text,
    /// What to do next, one line.
    pub action: Text,
    /// What it is about within the base, where that is one of several (a report year, a filing
    /// or note number, a partner): part of its stable key.
    pub object: Option<String>,
}

/// The `rule` of a finding that national practice raises, not an article of the regulation.
pub const PRACTICE: &str = "practice";

impl Finding {
    /// The rule as a reader sees it: the article id (`A15.3.1`), or for national practice a word
    /// in the reader's language (`惯例` / `practice`). JSON, CSV and keys keep [`Finding::rule`].
    pub fn rule_label(&self, lang: Lang) -> &'static str {
        match (self.rule, lang) {
            (PRACTICE, Lang::Zh) => "惯例",
            (rule, _) => rule,
        }
    }

    /// The stable key a follow-up is kept under: `GDICB-2024-0011/A15.3.1/2025`.
    pub fn key(&self) -> String {
        super::cases::case_key(&self.base_id, self.rule, self.object.as_deref())
    }

    /// Whether `key` is this finding's [`key`](Finding::key), without building it: a pass over
    /// every finding looks its case up this way.
    pub fn has_key(&self, key: &str) -> bool {
        let rest = key
            .strip_prefix(self.base_id.as_str())
            .and_then(|r| r.strip_prefix('/'))
            .and_then(|r| r.strip_prefix(self.rule));
        match (rest, &self.object) {
            (Some(rest), Some(object)) => rest.strip_prefix('/') == Some(object.as_str()),
            (Some(rest), None) => rest.is_empty(),
            (None, _) => false,
        }
    }
}

/// Removals that bar host units from applying (A14), gathered once for a whole pass and looked
/// up by normalised host name, so a pass over many applications stays linear.
#[derive(Default)]
pub struct BanIndex {
    by_host: HashMap<String, Vec<Ban>>,
}

impl BanIndex {
    pub fn new<'a>(bases: impl IntoIterator<Item = &'a Base>) -> BanIndex {
        BanIndex::from_bans(bases.into_iter().filter_map(Ban::of).collect())
    }

    pub fn from_bans(bans: Vec<Ban>) -> BanIndex {
        let mut by_host: HashMap<String, Vec<Ban>> = HashMap::new();
        for ban in bans {
            by_host.entry(ban.host_key.clone()).or_default().push(ban);
        }
        BanIndex { by_host }
    }

    /// The bans on the unit named `host` (any spelling that normalises the same).
    pub fn for_host(&self, host: &str) -> &[Ban] {
        self.by_host
            .get(&names::key(host))
            .map_or(&[], Vec::as_slice)
    }
}

/// Every finding for one base as of `ctx.today`, in a stable order: obligation by obligation.
pub fn findings(base: &Base, ctx: &Ctx, bans: &BanIndex) -> Vec<Finding> {
    let mut out = Sink {
        base_id: &base.id,
        found: Vec::new(),
        object: None,
    };
    let managed = base.status.is_managed();
    let application = base.status.is_application();
    if managed {
        reports::push(base, ctx, &mut out);
        rectification::push(base, ctx, &mut out);
        absence::push(base, &mut out);
        changes::push(base, ctx, &mut out);
        risks::push_plan(base, &mut out);
        legacy::push(base, &mut out);
    }
    if managed || application {
        risks::push_open(base, ctx, &mut out);
        partners::push(base, ctx, &mut out);
        leader::push(base, &mut out);
    }
    if application {
        application::push(base, ctx, bans, &mut out);
    }
    if base.status == Status::Removed {
        absence::push_removal(base, &mut out);
    }
    out.found
}

/// Findings about the programme rather than one base: the regulation itself past its validity
/// (A16), shown once. Their `base_id` is empty.
pub fn programme(ctx: &Ctx) -> Vec<Finding> {
    let last = ctx.policy.regulation_last_day();
    if ctx.today <= last {
        return Vec::new();
    }
    let effective = ctx.policy.effective_date;
    let years = ctx.policy.validity_years;
    vec![Finding {
        base_id: String::new(),
        kind: FindingKind::RegulationLapsed,
        rule: "A16",
        severity: Severity::High,
        due: Some(last),
        message: crate::text!(
            "管理办法自 {effective} 施行，有效期 {years} 年，已于 {last} 届满；据其认定和管理的依据需确认",
            "the regulation took effect {effective} for {years} years and lapsed after {last}; confirm what now governs recognition and management"
        ),
        action: crate::text!(
            "核实是否已修订或延期，并更新策略文件（general.effective_date、validity_years）",
            "check whether it was revised or extended, and update the policy (general.effective_date, validity_years)"
        ),
        object: None,
    }]
}

/// Collects one base's findings; each obligation module pushes into it.
struct Sink<'a> {
    base_id: &'a str,
    found: Vec<Finding>,
    /// What the next finding pushed is about.
    object: Option<String>,
}

impl Sink<'_> {
    /// Says what the next finding is about (see [`Finding::object`]).
    fn about(&mut self, object: impl ToString) -> &mut Self {
        self.object = Some(object.to_string());
        self
    }

    fn push(
        &mut self,
        kind: FindingKind,
        rule: &'static str,
        severity: Severity,
        due: Option<NaiveDate>,
        message: Text,
        action: Text,
    ) {
        self.found.push(Finding {
            base_id: self.base_id.to_owned(),
            kind,
            rule,
            severity,
            due,
            message,
            action,
            object: self.object.take(),
        });
    }
}

/// Most urgent first: severity, then due date (a finding without one counts as due today), then id.
pub fn sort_by_urgency(findings: &mut [Finding], today: NaiveDate) {
    findings.sort_by(|a, b| {
        (
            Reverse(a.severity),
            a.due.unwrap_or(today),
            &a.base_id,
            a.kind,
        )
            .cmp(&(
                Reverse(b.severity),
                b.due.unwrap_or(today),
                &b.base_id,
                b.kind,
            ))
    });
}

/// Findings due within `days` of today (overdue ones and those without a due date included).
pub fn within(finding: &Finding, today: NaiveDate, days: i64) -> bool {
    finding.due.is_none_or(|due| due <= add_days(today, days))
}

#[cfg(test)]
mod tests;
