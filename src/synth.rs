//! Deterministic generator of realistic fictional bases, for benchmarks (`jidi gen`).

use crate::domain::base::Base;
use crate::domain::policy::Policy;
use chrono::NaiveDate;

/// Placeholder until the generator lands.
pub fn generate(_count: usize, _seed: u64, _policy: &Policy, _today: NaiveDate) -> Vec<Base> {
    Vec::new()
}
