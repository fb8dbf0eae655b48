//! The records and rules of DOMAIN.md as plain Rust: no I/O, no terminal, no database.

pub mod badges;
pub mod base;
pub mod cases;
pub mod codes;
pub mod confidential;
pub mod consistency;
pub mod countries;
pub mod dates;
pub mod declarations;
pub mod eligibility;
pub mod filings;
pub mod findings;
pub mod lifecycle;
pub mod money;
pub mod names;
pub mod obligations;
pub mod ops;
pub mod partners;
pub mod policy;
pub mod roles;
pub mod sanitize;
pub mod statistics;
pub mod text;

#[cfg(test)]
pub(crate) mod testkit;
