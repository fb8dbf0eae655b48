//! The demo data set (`data/demo.json`), embedded so `jidi demo` works from any directory.
//!
//! About 80 fictional bases designed around one day, [`DEMO_TODAY`]: on that day every kind of
//! triage finding shows up at least once (except `report_due_soon`, which cannot occur in November
//! with the default policy; it shows on 2027-03-15). Every record passes
//! [`consistency::check`], as generated and imported records do.

use crate::domain::base::Base;
use crate::domain::consistency;
use crate::domain::policy::Policy;
use anyhow::{Context, anyhow, bail};
use chrono::NaiveDate;
use std::collections::HashSet;

/// `data/demo.json`: a JSON array of [`Base`] records.
pub const DEMO_JSON: &str = include_str!("../data/demo.json");
/// The date the demo is designed around; its dates are absolute, so views are meant for this day.
pub const DEMO_TODAY: &str = "2026-11-25";

/// Parses and checks the demo set; an error names the base (index and id) and the problem.
pub fn demo_bases() -> anyhow::Result<Vec<Base>> {
    load_checked(DEMO_JSON, &Policy::default_policy(), demo_today()?)
}

fn demo_today() -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(DEMO_TODAY, "%Y-%m-%d")
        .with_context(|| format!("DEMO_TODAY '{DEMO_TODAY}' is not a date"))
}

/// Parses `json` base by base (so a bad record is named) and checks ids and consistency.
fn load_checked(json: &str, policy: &Policy, today: NaiveDate) -> anyhow::Result<Vec<Base>> {
    let raw: Vec<serde_json::Value> =
        serde_json::from_str(json).context("the demo data is not a JSON array of bases")?;
    let mut ids = HashSet::new();
    let mut bases = Vec::with_capacity(raw.len());
    for (i, value) in raw.into_iter().enumerate() {
        let id = value
            .get("id")
            .and_then(|v| v.as_str())
            .unwrap_or("(no id)")
            .to_owned();
        let base: Base = serde_json::from_value(value)
            .with_context(|| format!("demo base #{i} ({id}) does not parse"))?;
        if !ids.insert(base.id.clone()) {
            bail!("demo base #{i} ({id}): the id is used twice");
        }
        consistency::check(&base, policy, today)
            .map_err(|problem| anyhow!("demo base #{i} ({id}): {problem}"))?;
        bases.push(base);
    }
    Ok(bases)
}

#[cfg(test)]
pub(crate) mod tests;
