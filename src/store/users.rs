//! Roles granted to OS accounts, kept in the database so every session of a shared file agrees.
//! A file from before roles has no `users` table: it reads as empty, and the first grant writes it.

use super::codec::{decode, encode};
use super::events::FieldChange;
use super::schema::{EVENT_FORMAT, EVENTS, USER_FORMAT, USERS};
use super::{Event, Store, StoreError, Tx, WriteError};
use crate::domain::roles::{self, Grant};
use crate::domain::text::Lang;
use crate::text;
use redb::{ReadableTable, ReadableTableMetadata, TableError};

/// The author of the database's first event, who is its admin until roles are granted.
fn first_author(
    events: &impl ReadableTable<u64, &'static [u8]>,
) -> Result<Option<String>, StoreError> {
    match events.first()? {
        Some((seq, bytes)) => {
            let event: Event = decode(
                "events",
                &seq.value().to_string(),
                EVENT_FORMAT,
                bytes.value(),
            )?;
            Ok(Some(event.actor))
        }
        None => Ok(None),
    }
}

fn decode_grant(name: &str, bytes: &[u8]) -> Result<Grant, StoreError> {
    decode("users", name, USER_FORMAT, bytes)
}

impl Store {
    /// The roles `actor` holds (a viewer's when none were granted).
    pub fn grant_of(&self, actor: &str) -> Result<Grant, StoreError> {
        super::guard::guarded(|| self.grant_of_unguarded(actor))
    }

    fn grant_of_unguarded(&self, actor: &str) -> Result<Grant, StoreError> {
        let txn = self.read()?;
        let (stored, any) = match txn.open_table(USERS) {
            Ok(users) => {
                let stored = match users.get(actor)? {
                    Some(bytes) => Some(decode_grant(actor, bytes.value())?),
                    None => None,
                };
                (stored, !users.is_empty()?)
            }
            Err(TableError::TableDoesNotExist(_)) => (None, false),
            Err(e) => return Err(e.into()),
        };
        let first = first_author(&txn.open_table(EVENTS)?)?;
        Ok(roles::effective_grant(stored, any, first.as_deref(), actor))
    }

    /// Every user with a recorded grant, by name; before any grant, the first author as admin.
    pub fn users(&self) -> Result<Vec<(String, Grant)>, StoreError> {
        super::guard::guarded(|| self.users_unguarded())
    }

    fn users_unguarded(&self) -> Result<Vec<(String, Grant)>, StoreError> {
        let txn = self.read()?;
        let mut out = Vec::new();
        match txn.open_table(USERS) {
            Ok(users) => {
                for entry in users.iter()? {
                    let (name, bytes) = entry?;
                    out.push((
                        name.value().to_string(),
                        decode_grant(name.value(), bytes.value())?,
                    ));
                }
            }
            Err(TableError::TableDoesNotExist(_)) => {}
            Err(e) => return Err(e.into()),
        }
        if out.is_empty()
            && let Some(first) = first_author(&txn.open_table(EVENTS)?)?
        {
            out.push((first, Grant::admin()));
        }
        Ok(out)
    }
}

impl Tx<'_> {
    /// The roles `actor` holds, as this transaction sees them.
    pub fn grant_of(&self, actor: &str) -> Result<Grant, StoreError> {
        let users = self.txn.open_table(USERS)?;
        let stored = match users.get(actor)? {
            Some(bytes) => Some(decode_grant(actor, bytes.value())?),
            None => None,
        };
        let any = !users.is_empty()?;
        let first = first_author(&self.txn.open_table(EVENTS)?)?;
        Ok(roles::effective_grant(stored, any, first.as_deref(), actor))
    }

    /// Writes down the admin implied before any grant, so the first grant to someone else does
    /// not take it away. `fallback` is the admin of a database with no events yet.
    pub fn settle_first_admin(&mut self, fallback: &str) -> Result<(), StoreError> {
        let empty = self.txn.open_table(USERS)?.is_empty()?;
        if !empty {
            return Ok(());
        }
        let first = first_author(&self.txn.open_table(EVENTS)?)?;
        let name = first.as_deref().unwrap_or(fallback).to_string();
        self.put_grant(&name, None, Some(Grant::admin()))
    }

    /// Whether `name` is a jidi user: has a recorded grant, or is the implied first admin.
    pub fn is_user(&self, name: &str) -> Result<bool, StoreError> {
        let users = self.txn.open_table(USERS)?;
        if users.get(name)?.is_some() {
            return Ok(true);
        }
        let first = first_author(&self.txn.open_table(EVENTS)?)?;
        Ok(users.is_empty()? && first.as_deref() == Some(name))
    }

    /// Whether `name` has a recorded grant (the implied first admin counts).
    pub fn has_grant(&mut self, name: &str) -> Result<bool, StoreError> {
        self.settle_first_admin(&self.who().actor.clone())?;
        Ok(self.txn.open_table(USERS)?.get(name)?.is_some())
    }

    /// Grants `grant` to `name` (replacing what they had); `None` withdraws every role. Refused
    /// when it would leave no admin.
    pub fn set_grant(&mut self, name: &str, grant: Option<Grant>) -> Result<(), WriteError> {
        self.settle_first_admin(&self.who().actor.clone())?;
        let before = {
            let users = self.txn.open_table(USERS)?;
            let found = users.get(name)?;
            match found {
                Some(bytes) => Some(decode_grant(name, bytes.value())?),
                None => None,
            }
        };
        if before == grant {
            return Ok(());
        }
        self.put_grant(name, before, grant)?;
        let mut all = Vec::new();
        for entry in self.txn.open_table(USERS)?.iter()? {
            let (key, bytes) = entry?;
            all.push(decode_grant(key.value(), bytes.value())?);
        }
        roles::require_an_admin(&all)?;
        Ok(())
    }

    fn put_grant(
        &mut self,
        name: &str,
        before: Option<Grant>,
        after: Option<Grant>,
    ) -> Result<(), StoreError> {
        {
            let mut users = self.txn.open_table(USERS)?;
            match &after {
                Some(grant) => {
                    users.insert(name, encode(USER_FORMAT, grant).as_slice())?;
                }
                None => {
                    users.remove(name)?;
                }
            }
        }
        let label = |g: &Option<Grant>, lang| match g {
            Some(g) => {
                let scope = g
                    .scope
                    .as_deref()
                    .map(|s| format!(" @{s}"))
                    .unwrap_or_default();
                format!("{}{scope}", g.roles_label(lang))
            }
            None => "-".to_string(),
        };
        let json = |g: &Option<Grant>| serde_json::to_string(g).expect("a grant serialises");
        let change = FieldChange {
            field: format!("user:{name}"),
            item: None,
            before: Some(json(&before)),
            after: Some(json(&after)),
        };
        let (was, now) = (label(&before, Lang::Zh), label(&after, Lang::Zh));
        let (was_en, now_en) = (label(&before, Lang::En), label(&after, Lang::En));
        let summary = text!(
            "用户 {name} 的角色：{was} → {now}",
            "roles of {name}: {was_en} → {now_en}"
        );
        self.append(None, "users", summary, vec![change], None)?;
        Ok(())
    }
}
