//! Backup and restore through the gate: a backup is a copy of every city's bases, so it is for
//! users whose grant is not limited to one city; a restore is an admin's.

use super::Gate;
use crate::domain::lifecycle::Ctx;
use crate::domain::roles::{Act, Denial};
use crate::store::{BackupSummary, Restored, Store, Who, WriteError};
use crate::text;
use std::path::Path;

/// Writes a consistent copy of the database to `target` while others keep working.
pub fn backup(store: &Store, who: &Who, target: &Path) -> Result<BackupSummary, WriteError> {
    let grant = store.grant_of(&who.actor)?;
    if let Some(scope) = grant.scope {
        let user = &who.actor;
        return Err(WriteError::Denied(Denial {
            need: None,
            text: text!(
                "{user} 的权限限于一个地市（{scope}），备份包含所有地市的基地；请管理员备份",
                "{user} is limited to one city ({scope}) and a backup holds every city's bases; ask an admin to take it"
            ),
        }));
    }
    Ok(store.backup_to(target)?)
}

/// Replaces the database with the backup at `backup` (admin), keeping the previous file beside
/// it; the restored database records who restored it from where.
pub fn restore(store: &Store, who: &Who, ctx: Ctx, backup: &Path) -> Result<Restored, WriteError> {
    let restored = store.restore_from(backup, who, |tx| {
        let gate = Gate::of(tx, who, ctx.policy)?;
        gate.allow(Act::Restore)
    })?;
    let reopened = Store::open(store.path())?;
    let (shown, previous) = (backup.display(), restored.previous.display());
    reopened.write(who, |tx| {
        Ok(tx.note(
            "restore",
            text!(
                "从备份 {shown} 恢复；原数据库保存为 {previous}",
                "restored from the backup {shown}; the previous database is kept as {previous}"
            ),
        )?)
    })?;
    Ok(restored)
}
