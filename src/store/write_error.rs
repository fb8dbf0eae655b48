//! Why a change was not made: the one error type of the write gate (`service::perform`), so the
//! command line's exit codes and the console's messages come from one match.

use super::StoreError;
use crate::domain::roles::Denial;
use crate::domain::text::{Lang, Refusal, Text};
use std::time::Duration;

#[derive(Debug)]
pub enum WriteError {
    /// Refused by a rule, or bad input: nothing written.
    Refused(Refusal),
    /// The author's role (or a read-only session) does not permit it.
    Denied(Denial),
    /// Another user changed a base after the author last saw it: nothing written, so the
    /// author can look at the new version and apply the change again.
    Conflict(Vec<Conflict>),
    /// Another process held the write lock past the busy timeout.
    Busy { waited: Duration },
    /// The database could not be read or written.
    Store(StoreError),
}

impl WriteError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            WriteError::Refused(r) => r.message(lang),
            WriteError::Denied(d) => d.text.get(lang).to_string(),
            WriteError::Conflict(conflicts) => {
                let each: Vec<String> = conflicts.iter().map(|c| c.describe(lang)).collect();
                let each = each.join(if lang == Lang::Zh { "；" } else { "; " });
                crate::text!(
                    "{each}。未写入任何内容；请查看新版本后重新提交",
                    "{each}. Nothing was written; look at the new version and apply the change again"
                )
                .get(lang)
                .to_string()
            }
            WriteError::Busy { waited } => StoreError::Busy { waited: *waited }.message(lang),
            WriteError::Store(s) => s.message(lang),
        }
    }

    /// The message in both languages, for the console to show in the session's language.
    pub fn text(&self) -> Text {
        Text::new(self.message(Lang::Zh), self.message(Lang::En))
    }
}

/// A base changed by someone else since the author's view of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub id: String,
    /// The base's version now: the sequence number of its latest event.
    pub version: u64,
    pub actor: String,
    /// RFC 3339, as events record it.
    pub at: String,
    /// What that latest change was.
    pub summary: Text,
}

impl Conflict {
    /// "GDICB-2025-0007 已被 wang 于 2026-12-05 10:03 修改（…）".
    pub fn describe(&self, lang: Lang) -> String {
        let (id, actor, what) = (&self.id, &self.actor, self.summary.get(lang));
        let at = self.at.get(..16).unwrap_or(&self.at).replace('T', " ");
        crate::text!(
            "{id} 已被 {actor} 于 {at} 修改（{what}）",
            "{id} was changed by {actor} at {at} ({what})"
        )
        .get(lang)
        .to_string()
    }
}

impl From<Refusal> for WriteError {
    fn from(r: Refusal) -> Self {
        WriteError::Refused(r)
    }
}

impl From<Denial> for WriteError {
    fn from(d: Denial) -> Self {
        WriteError::Denied(d)
    }
}

impl From<StoreError> for WriteError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Busy { waited } => WriteError::Busy { waited },
            other => WriteError::Store(other),
        }
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for WriteError {}

// redb's errors reach the gate as store errors, classified where `StoreError` is.
macro_rules! via_store_error {
    ($($t:ty),*) => {$(
        impl From<$t> for WriteError {
            fn from(e: $t) -> Self {
                StoreError::from(e).into()
            }
        }
    )*};
}
via_store_error!(redb::TableError, redb::StorageError);
