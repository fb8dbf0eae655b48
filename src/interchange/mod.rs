//! Files in and out: the bases table as CSV and XLSX, whole records as JSON and as workbooks,
//! evaluators' outcome sheets, and the reports for the leadership. Reading accepts what people
//! type and what Excel writes (UTF-8 or GBK, full-width forms, dates as people write them);
//! every import is checked whole and kept whole, or not at all.

pub mod cells;
pub mod csv;
pub mod import;
pub mod json;
pub mod outcomes;
pub mod plan;
pub mod problems;
pub mod sheets;
pub mod source;
pub mod summary;
pub mod table;
pub mod xlsx;

use crate::domain::roles::{Grant, Role};

/// Whether an export for this user carries the confidential text of security-risk notes
/// (A15.3.4): only for the security role. The one place this is decided, so encrypting note text
/// at rest changes one function.
pub fn may_read_confidential(grant: &Grant) -> bool {
    grant.has(Role::Security)
}
