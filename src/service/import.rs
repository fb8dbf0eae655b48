//! Imports through the write gate: one transaction for the whole file, one event per base it
//! creates or changes, each naming the file and its SHA-256. The author's roles are checked per
//! base (editor to record, admin for a status or a base brought in past the application stage).

use super::{Gate, WriteError};
use crate::domain::base::Base;
use crate::domain::lifecycle::{Ban, Ctx};
use crate::domain::roles::Act;
use crate::domain::text::Text;
use crate::interchange::plan::{Needs, Plan};
use crate::store::{Store, StoreError, Tx, Who};
use crate::text;

/// The file an import comes from, as its events name it.
#[derive(Clone, Debug)]
pub struct Tag {
    pub file: String,
    pub sha256: String,
}

impl Tag {
    fn summary(&self, zh: &str, en: &str) -> Text {
        let (file, hash) = (&self.file, &self.sha256);
        text!(
            "导入 {file}（sha256:{hash}）：{zh}",
            "import of {file} (sha256:{hash}): {en}"
        )
    }
}

/// An import in progress: reads see its own writes; nothing lasts unless it commits.
pub struct Importer<'t, 'w, 'p> {
    tx: &'t mut Tx<'w>,
    gate: Gate<'p>,
    tag: &'t Tag,
    pub ctx: Ctx<'p>,
}

impl Importer<'_, '_, '_> {
    pub fn base(&self, id: &str) -> Result<Option<Base>, WriteError> {
        match self.tx.base(id) {
            Ok(base) => Ok(Some(base)),
            Err(StoreError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    pub fn bans_for_host(&self, host: &str) -> Result<Vec<Ban>, WriteError> {
        Ok(self.tx.bans_for_host(host)?)
    }

    fn allow(&self, needs: Needs, base: &Base) -> Result<(), WriteError> {
        if needs.transition {
            self.gate.allow(Act::Transition)?;
        }
        if needs.confirm_removal {
            self.gate.allow(Act::ConfirmRemoval)?;
        }
        self.gate.allow_base(base)
    }

    /// Carries out one planned record; returns the base's id (a new one when it was given here).
    pub fn apply(
        &mut self,
        plan: Plan,
        current_id: Option<&str>,
    ) -> Result<Option<String>, WriteError> {
        match plan {
            Plan::Unchanged => Ok(current_id.map(str::to_string)),
            Plan::Create {
                mut base,
                assign_id,
                needs,
            } => {
                self.allow(needs, &base)?;
                if assign_id {
                    use chrono::Datelike;
                    base.id = self.tx.next_id(base.applied_on.year())?;
                }
                // Note text from a file is sealed on the way in, never stored as it came.
                super::notes::seal_notes(&mut base, super::notes::seal_key(self.tx)?.as_ref())?;
                self.tx.import(&base, self.tag.summary("新建", "created"))?;
                Ok(Some(base.id))
            }
            Plan::Update {
                mut after,
                needs,
                diff,
            } => {
                super::notes::seal_notes(&mut after, super::notes::seal_key(self.tx)?.as_ref())?;
                let id = after.id.clone();
                let current = self.tx.base(&id)?;
                self.allow(needs, &current)?;
                self.allow(needs, &after)?;
                let columns: Vec<&str> = diff.iter().map(|d| d.column.as_str()).collect();
                let summary = self.tag.summary(
                    &format!("修改 {}", columns.join("、")),
                    &format!("changed {}", columns.join(", ")),
                );
                self.tx.update(&id, "import_change", |b| {
                    *b = *after;
                    Ok(((), summary))
                })?;
                Ok(Some(id))
            }
        }
    }
}

/// Runs `run` in one write transaction as `who`; `run` answers its value and whether to keep
/// what it wrote (a dry run, or bad rows without `--skip-invalid`, keep nothing). Importing
/// needs the editor role, checked before anything is read.
pub fn import<T>(
    store: &Store,
    who: &Who,
    ctx: Ctx,
    tag: &Tag,
    run: impl FnOnce(&mut Importer) -> Result<(T, bool), WriteError>,
) -> Result<T, WriteError> {
    store.write_if(who, |tx| {
        let gate = Gate::of(tx, who, ctx.policy)?;
        gate.allow(Act::Record)?;
        let mut importer = Importer { tx, gate, tag, ctx };
        run(&mut importer)
    })
}
