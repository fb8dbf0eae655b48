//! `jidi users`: who holds which role. Granting and withdrawing go through the write gate like
//! every other change (admin only, never leaving the database without an admin).

use super::args::{TextOrJson, UsersCommand};
use super::output::{Table, json};
use super::{EXIT_OK, Session, out};
use crate::domain::codes::{Code, Role};
use crate::domain::text::RuleResult;
use crate::service::Request;
use anyhow::Result;
use serde_json::json;

fn parse_roles(raw: &[String]) -> RuleResult<Vec<Role>> {
    raw.iter().map(|r| Role::parse_or_refuse(r)).collect()
}

pub fn users(session: &Session, command: UsersCommand) -> Result<u8> {
    match command {
        UsersCommand::Add { name, roles, scope } => {
            let roles = parse_roles(&roles)?;
            // `--scope all` (全部, 全省) lifts a limit to one city.
            let scope = scope
                .map(|city| match city.trim() {
                    "all" | "全部" | "全省" => Ok(String::new()),
                    city => session
                        .policy()
                        .city_or_refuse(city)
                        .map(|c| c.pinyin.clone()),
                })
                .transpose()?;
            super::write::perform(session, Request::GrantRoles { name, roles, scope })
        }
        UsersCommand::Remove { name, roles } => {
            let roles = parse_roles(&roles)?;
            super::write::perform(session, Request::WithdrawRoles { name, roles })
        }
        UsersCommand::List { format } => list(session, format),
    }
}

fn list(session: &Session, format: TextOrJson) -> Result<u8> {
    let store = session.open()?;
    let users = store.users()?;
    match format {
        TextOrJson::Json => {
            let rows: Vec<_> = users
                .iter()
                .map(|(name, grant)| {
                    let roles: Vec<&str> = grant.roles.iter().map(|r| r.code()).collect();
                    json!({ "name": name, "roles": roles, "scope": grant.scope })
                })
                .collect();
            out(&json(&serde_json::Value::Array(rows)));
        }
        TextOrJson::Table => {
            let lang = session.lang();
            let headers = match lang {
                crate::domain::text::Lang::Zh => ["用户", "角色", "范围"],
                crate::domain::text::Lang::En => ["user", "roles", "scope"],
            };
            let mut table = Table::new(&headers);
            for (name, grant) in &users {
                let scope = match &grant.scope {
                    Some(code) => session.policy().city_label(code, lang),
                    None => session.t(&crate::text!("全部", "all")).to_string(),
                };
                table.row(vec![name.clone(), grant.roles_label(lang), scope]);
            }
            out(&table.render());
        }
    }
    Ok(session.finish_read(&store, EXIT_OK))
}
