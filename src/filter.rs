//! Facet filters shared by `jidi list` and the console: category, region (group or city), last
//! evaluation outcome and status. Values within a facet are alternatives; facets combine.

use crate::domain::codes::{Category, Code, Outcome, RegionGroup, Status};
use crate::domain::policy::Policy;
use crate::domain::text::{Refusal, RuleResult};
use crate::store::Summary;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    pub categories: Vec<Category>,
    pub groups: Vec<RegionGroup>,
    /// City codes (pinyin).
    pub cities: Vec<String>,
    pub outcomes: Vec<Outcome>,
    pub statuses: Vec<Status>,
}

/// Splits `a,b，c` into trimmed non-empty parts.
fn parts(input: &str) -> impl Iterator<Item = &str> {
    input
        .split([',', '，', '、'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn parse_list<C: Code>(input: &str) -> RuleResult<Vec<C>> {
    parts(input).map(C::parse_or_refuse).collect()
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    pub fn set_categories(&mut self, input: &str) -> RuleResult<()> {
        self.categories = parse_list(input)?;
        Ok(())
    }

    pub fn set_outcomes(&mut self, input: &str) -> RuleResult<()> {
        self.outcomes = parse_list(input)?;
        Ok(())
    }

    pub fn set_statuses(&mut self, input: &str) -> RuleResult<()> {
        self.statuses = parse_list(input)?;
        Ok(())
    }

    /// Each part is a region group (`珠三角`, `prd`…) or a city (`广州`, `广州市`, `guangzhou`).
    pub fn set_regions(&mut self, input: &str, policy: &Policy) -> RuleResult<()> {
        let mut groups = Vec::new();
        let mut cities = Vec::new();
        for part in parts(input) {
            if let Some(group) = RegionGroup::parse(part) {
                groups.push(group);
            } else {
                let city = policy.city(part).ok_or_else(|| {
                    let part = crate::domain::sanitize::quote(part);
                    let known: Vec<&str> = policy.cities.iter().map(|c| c.name.as_str()).collect();
                    Refusal::input(crate::text!(
                        ["未知的地区「{part}」；可用：珠三角、粤东、粤西、粤北 或城市（{}）", known.join("、")],
                        ["unknown region '{part}'; expected prd, east, west, north or a city ({})", policy.cities.iter().map(|c| c.pinyin.as_str()).collect::<Vec<_>>().join(", ")]
                    ))
                })?;
                cities.push(city.pinyin.clone());
            }
        }
        self.groups = groups;
        self.cities = cities;
        Ok(())
    }

    pub fn matches(&self, row: &Summary, policy: &Policy) -> bool {
        let any = |empty: bool, hit: bool| empty || hit;
        any(
            self.categories.is_empty(),
            self.categories.contains(&row.category),
        ) && any(
            self.outcomes.is_empty(),
            self.outcomes.contains(&row.last_outcome),
        ) && any(
            self.statuses.is_empty(),
            self.statuses.contains(&row.status),
        ) && self.matches_region(&row.city, policy)
    }

    fn matches_region(&self, city: &str, policy: &Policy) -> bool {
        if self.groups.is_empty() && self.cities.is_empty() {
            return true;
        }
        self.cities.iter().any(|c| c == city)
            || policy
                .city_by_code(city)
                .is_some_and(|c| self.groups.contains(&c.group))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::base_recognised;

    #[test]
    fn facets_combine_and_values_are_alternatives() {
        let policy = Policy::default_policy();
        let row = Summary::of(&base_recognised("2024-01-01"));
        let mut f = Filter::default();
        assert!(f.matches(&row, &policy));
        f.set_categories("联合研究类,featured").unwrap();
        f.set_regions("珠三角", &policy).unwrap();
        assert!(f.matches(&row, &policy));
        f.set_regions("粤北,韶关", &policy).unwrap();
        assert!(!f.matches(&row, &policy));
        f.set_regions("广州市", &policy).unwrap();
        assert!(f.matches(&row, &policy));
        f.set_outcomes("none").unwrap();
        assert!(f.matches(&row, &policy));
        f.set_statuses("rectifying").unwrap();
        assert!(!f.matches(&row, &policy));
    }

    #[test]
    fn unknown_values_are_refused_by_name() {
        let policy = Policy::default_policy();
        let mut f = Filter::default();
        assert!(
            f.set_regions("北京", &policy)
                .unwrap_err()
                .text
                .zh
                .contains("北京")
        );
        assert!(
            f.set_categories("大型")
                .unwrap_err()
                .text
                .zh
                .contains("大型")
        );
    }
}
