//! The summary row: what lists, filters and search need of a base, kept in step with the record
//! in its own table so a list of 100,000 bases never decodes whole records.

use crate::domain::base::Base;
use crate::domain::codes::{Category, Origin, Outcome, Status};
use crate::search::{Field, SearchKey};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    pub name: String,
    pub former_names: Vec<String>,
    pub category: Category,
    /// City code (pinyin), resolved through the policy's table.
    pub city: String,
    pub status: Status,
    pub last_outcome: Outcome,
    pub origin: Origin,
    pub host: String,
    pub leader: String,
    #[serde(with = "crate::domain::dates::serde_opt_date")]
    pub recognised_on: Option<NaiveDate>,
    /// Set for removed bases: the start of the host unit's five-year ban (A14).
    #[serde(with = "crate::domain::dates::serde_opt_date")]
    pub removed_on: Option<NaiveDate>,
}

/// What search matches a base by: id, name, former names, host and leader with their pinyin,
/// computed when the base is written and kept in its own table.
pub fn search_key(base: &Base) -> SearchKey<'static> {
    let mut fields = vec![
        (Field::Id, base.id.as_str()),
        (Field::Name, base.name.as_str()),
    ];
    fields.extend(
        base.former_names
            .iter()
            .map(|n| (Field::FormerName, n.as_str())),
    );
    fields.push((Field::Host, base.host.name.as_str()));
    fields.push((Field::Leader, base.leader.name.as_str()));
    SearchKey::new(&fields)
}

impl Summary {
    /// The ban this base's removal puts on its host unit (A14), if removed.
    pub fn ban(&self) -> Option<crate::domain::lifecycle::Ban> {
        Some(crate::domain::lifecycle::Ban {
            base_id: self.id.clone(),
            host_key: crate::domain::names::key(&self.host),
            category: self.category,
            removed_on: self.removed_on?,
        })
    }

    pub fn of(base: &Base) -> Summary {
        Summary {
            id: base.id.clone(),
            name: base.name.clone(),
            former_names: base.former_names.clone(),
            category: base.category,
            city: base.city.clone(),
            status: base.status,
            last_outcome: base.last_outcome(),
            origin: base.origin,
            host: base.host.name.clone(),
            leader: base.leader.name.clone(),
            recognised_on: base.recognition_date(),
            removed_on: base
                .removal
                .as_ref()
                .filter(|_| base.status == crate::domain::codes::Status::Removed)
                .map(|r| r.date),
        }
    }
}
