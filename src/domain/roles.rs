//! Who may do what: roles granted to OS accounts, nested viewer ⊂ editor ⊂ admin, with security
//! (reading confidential note text, A15.3.4) granted apart; a grant may be scoped to one city's
//! bases (a city bureau as recommender, A9.2).

use super::codes::Code;
use super::text::{Lang, Refusal, Text};
use crate::text;
use serde::{Deserialize, Serialize};

pub use super::codes::Role;

/// What a request needs of its author.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// Record reports, filings, outcomes, notes, partners, indicators, applications and views.
    Record,
    /// A lifecycle transition (A9, A10, A14).
    Transition,
    /// Confirm a removal that an evaluation outcome entails (A14.1).
    ConfirmRemoval,
    /// Grant or withdraw roles.
    ManageUsers,
    /// Read the confidential text of security-risk notes (A15.3.4).
    ReadConfidential,
    /// Make or replace the key confidential notes are sealed to.
    ManageKeys,
    /// Replace the database with a backup.
    Restore,
}

impl Act {
    pub fn needs(self) -> Role {
        match self {
            Act::Record => Role::Editor,
            Act::Transition
            | Act::ConfirmRemoval
            | Act::ManageUsers
            | Act::ManageKeys
            | Act::Restore => Role::Admin,
            Act::ReadConfidential => Role::Security,
        }
    }

    fn describe(self) -> Text {
        match self {
            Act::Record => text!("记录变更", "record changes"),
            Act::Transition => text!("变更基地状态", "change a base's status"),
            Act::ConfirmRemoval => text!(
                "确认评估结果导致的撤销",
                "confirm a removal that an outcome entails"
            ),
            Act::ManageUsers => text!("管理用户和角色", "manage users and roles"),
            Act::ReadConfidential => text!("阅读保密的风险说明", "read confidential risk notes"),
            Act::ManageKeys => text!("管理保密说明的密钥", "manage the confidential-note key"),
            Act::Restore => text!("从备份恢复数据库", "restore the database from a backup"),
        }
    }
}

/// The roles of one user and the city they are limited to, if any.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub roles: Vec<Role>,
    /// A city's code (`shenzhen`): the user sees and changes only that city's bases.
    pub scope: Option<String>,
}

impl Grant {
    pub fn admin() -> Grant {
        Grant {
            roles: vec![Role::Admin],
            scope: None,
        }
    }

    /// This grant with `roles` added; `scope`, when given, replaces the city it is limited to
    /// (an empty one lifts the limit).
    pub fn with(mut self, roles: &[Role], scope: Option<String>) -> Grant {
        for role in roles {
            if !self.roles.contains(role) {
                self.roles.push(*role);
            }
        }
        self.roles.sort();
        if let Some(scope) = scope {
            self.scope = (!scope.is_empty()).then_some(scope);
        }
        self
    }

    /// This grant without `roles` (all of them when empty); `None` when nothing is left.
    pub fn without(mut self, roles: &[Role]) -> Option<Grant> {
        self.roles
            .retain(|r| !roles.is_empty() && !roles.contains(r));
        (!self.roles.is_empty()).then_some(self)
    }

    /// Whether the grant includes `role`, counting nesting (admin ⊇ editor ⊇ viewer).
    pub fn has(&self, role: Role) -> bool {
        let held = |r| self.roles.contains(&r);
        match role {
            Role::Viewer => true,
            Role::Editor => held(Role::Editor) || held(Role::Admin),
            Role::Admin => held(Role::Admin),
            Role::Security => held(Role::Security),
        }
    }

    pub fn covers(&self, city: &str) -> bool {
        self.scope.as_deref().is_none_or(|s| s == city)
    }

    /// "管理员、保密" / "admin, security"; a grant of nothing is a viewer.
    pub fn roles_label(&self, lang: super::text::Lang) -> String {
        if self.roles.is_empty() {
            return Role::Viewer.label(lang).to_string();
        }
        let sep = match lang {
            super::text::Lang::Zh => "、",
            super::text::Lang::En => ", ",
        };
        self.roles
            .iter()
            .map(|r| r.label(lang))
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// Refuses `act` unless the grant includes the role it needs.
    pub fn allow(&self, user: &str, act: Act) -> Result<(), Denial> {
        let need = act.needs();
        if self.has(need) {
            return Ok(());
        }
        let (what, held) = (act.describe(), self.roles_label(super::text::Lang::Zh));
        let held_en = self.roles_label(super::text::Lang::En);
        Err(Denial {
            need: Some(need),
            text: text!(
                [
                    "{user}（{held}）不能{}：需要「{}」角色；请管理员运行 jidi users add {user} {}",
                    what.zh,
                    need.zh(),
                    need.code()
                ],
                [
                    "{user} ({held_en}) may not {}: this needs the {} role; ask an admin to run `jidi users add {user} {}`",
                    what.en,
                    need.code(),
                    need.code()
                ]
            ),
        })
    }

    /// Refuses a base outside the grant's city, to see or to change; `name_of` turns a city's
    /// code into the name people read.
    pub fn allow_city(
        &self,
        user: &str,
        base_id: &str,
        city: &str,
        name_of: impl Fn(&str, Lang) -> String,
    ) -> Result<(), Denial> {
        match self.scope.as_deref() {
            Some(scope) if scope != city => {
                let (scope_zh, city_zh) = (name_of(scope, Lang::Zh), name_of(city, Lang::Zh));
                let (scope_en, city_en) = (name_of(scope, Lang::En), name_of(city, Lang::En));
                Err(Denial {
                    need: None,
                    text: text!(
                        ["{user} 的权限限于{scope_zh}的基地，{base_id} 属于{city_zh}"],
                        [
                            "{user}'s roles cover only the bases of {scope_en}; {base_id} is in {city_en}"
                        ]
                    ),
                })
            }
            _ => Ok(()),
        }
    }
}

/// The grant that applies to `actor`. Before any role is recorded, the database's first author
/// (who initialised it, or loaded its data) is its admin and everyone else a viewer.
pub fn effective_grant(
    stored: Option<Grant>,
    any_users: bool,
    first_author: Option<&str>,
    actor: &str,
) -> Grant {
    match stored {
        Some(grant) => grant,
        None if !any_users && first_author.is_none_or(|first| first == actor) => Grant::admin(),
        None => Grant::default(),
    }
}

/// A name given where a jidi user is expected (an assignee) that holds no role.
pub fn not_a_user(user: &str) -> Refusal {
    let user = super::sanitize::quote(user);
    Refusal::input(text!(
        "没有名为「{user}」的 jidi 用户；用 jidi users list 查看，或请管理员 jidi users add {user} editor",
        "'{user}' is not a jidi user; see `jidi users list`, or ask an admin to `jidi users add {user} editor`"
    ))
}

/// A grant change must leave someone able to manage users.
pub fn require_an_admin<'a>(grants: impl IntoIterator<Item = &'a Grant>) -> Result<(), Refusal> {
    if grants.into_iter().any(|g| g.has(Role::Admin)) {
        Ok(())
    } else {
        Err(Refusal::input(text!(
            "此操作后将没有管理员；先给另一位用户授予 admin 角色",
            "this would leave no admin; grant the admin role to another user first"
        )))
    }
}

/// A request the author's role does not permit (exit code 4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Denial {
    /// The role that would permit it; `None` when the scope or the session forbids it.
    pub need: Option<Role>,
    pub text: Text,
}

impl Denial {
    pub fn read_only() -> Denial {
        Denial {
            need: None,
            text: text!(
                "只读会话：不能修改数据（去掉 --read-only，或请管理员开放文件写权限）",
                "read-only session: nothing can be changed (drop --read-only, or ask for write access to the file)"
            ),
        }
    }
}

impl std::fmt::Display for Denial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text.zh)
    }
}

impl std::error::Error for Denial {}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(roles: &[Role]) -> Grant {
        Grant {
            roles: roles.to_vec(),
            scope: None,
        }
    }

    #[test]
    fn roles_nest_but_security_stands_apart() {
        let admin = grant(&[Role::Admin]);
        assert!(admin.has(Role::Editor) && admin.has(Role::Viewer));
        assert!(!admin.has(Role::Security), "admin does not read note text");
        let editor = grant(&[Role::Editor]);
        assert!(editor.has(Role::Viewer) && !editor.has(Role::Admin));
        let security = grant(&[Role::Security]);
        assert!(security.has(Role::Security) && !security.has(Role::Editor));
        assert!(Grant::default().has(Role::Viewer));
    }

    #[test]
    fn grants_add_and_withdraw_roles() {
        let g = Grant::default().with(&[Role::Editor], Some("shenzhen".into()));
        let g = g.with(&[Role::Security, Role::Editor], None);
        assert_eq!(g.roles, vec![Role::Editor, Role::Security]);
        assert_eq!(g.scope.as_deref(), Some("shenzhen"), "kept when not given");
        assert_eq!(
            g.clone().with(&[], Some(String::new())).scope,
            None,
            "lifted"
        );
        let left = g.clone().without(&[Role::Security]).unwrap();
        assert_eq!(left.roles, vec![Role::Editor]);
        assert_eq!(
            g.clone().without(&[]),
            None,
            "no roles named: all withdrawn"
        );
        assert_eq!(left.without(&[Role::Editor]), None);
    }

    #[test]
    fn a_viewer_is_denied_naming_the_role_needed() {
        let denial = Grant::default().allow("wang", Act::Record).unwrap_err();
        assert_eq!(denial.need, Some(Role::Editor));
        assert!(denial.text.zh.contains("编辑"), "{}", denial.text.zh);
        assert!(
            denial.text.en.contains("jidi users add wang editor"),
            "{}",
            denial.text.en
        );
        assert!(grant(&[Role::Editor]).allow("li", Act::Record).is_ok());
        let err = grant(&[Role::Editor])
            .allow("li", Act::Transition)
            .unwrap_err();
        assert_eq!(err.need, Some(Role::Admin));
    }

    #[test]
    fn a_scoped_grant_covers_its_city_only() {
        let bureau = Grant {
            roles: vec![Role::Editor],
            scope: Some("shenzhen".into()),
        };
        assert!(bureau.covers("shenzhen") && !bureau.covers("guangzhou"));
        let name = |code: &str, lang: Lang| match lang {
            Lang::Zh => code.to_uppercase(),
            Lang::En => format!("{code} in English"),
        };
        assert!(
            bureau
                .allow_city("zhao", "GDICB-2025-0001", "shenzhen", name)
                .is_ok()
        );
        let denial = bureau
            .allow_city("zhao", "GDICB-2025-0002", "guangzhou", name)
            .unwrap_err();
        assert!(denial.text.zh.contains("SHENZHEN"), "{}", denial.text.zh);
        assert!(denial.text.zh.contains("GUANGZHOU"), "{}", denial.text.zh);
        assert!(
            denial.text.en.contains("shenzhen in English")
                && denial.text.en.contains("guangzhou in English"),
            "{}",
            denial.text.en
        );
        assert!(grant(&[Role::Admin]).covers("guangzhou"));
    }

    #[test]
    fn before_any_grant_the_first_author_is_admin() {
        let first = effective_grant(None, false, Some("chen"), "chen");
        assert!(first.has(Role::Admin));
        assert!(!effective_grant(None, false, Some("chen"), "wang").has(Role::Editor));
        // A brand-new file: whoever writes first initialises it.
        assert!(effective_grant(None, false, None, "wang").has(Role::Admin));
        // Once roles exist, an unlisted user is a viewer, even the first author.
        assert!(!effective_grant(None, true, Some("chen"), "chen").has(Role::Editor));
        let stored = grant(&[Role::Editor]);
        assert_eq!(
            effective_grant(Some(stored.clone()), true, None, "x"),
            stored
        );
    }

    #[test]
    fn no_change_may_leave_the_database_without_an_admin() {
        let editor = grant(&[Role::Editor]);
        let admin = grant(&[Role::Admin, Role::Security]);
        assert!(require_an_admin([&editor, &admin]).is_ok());
        assert!(require_an_admin([&editor]).is_err());
        assert!(require_an_admin(std::iter::empty::<&Grant>()).is_err());
    }
}
