//! The demo data set (`data/demo.json`), embedded so `jidi demo` works from any directory.

use crate::domain::base::Base;

/// Placeholder until the demo data set lands.
pub fn demo_bases() -> anyhow::Result<Vec<Base>> {
    Ok(Vec::new())
}
