//! Roles: named sets of capabilities, stored as data. The built-in ones are defined here, read-only;
//! system administrators add custom roles beside them.
use super::Capability::{self, *};
use crate::directory::Community;
use crate::{Refusal, ValidationError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Role {
    /// Stable identifier, e.g. `reviewer`.
    pub key: String,
    pub name: String,
    pub capabilities: BTreeSet<Capability>,
    /// A participant role offered to invitees of this community; none for the generic roles.
    pub community: Option<Community>,
    /// Whether a grant of this role must name the defendants it covers.
    pub defendant_scoped: bool,
    pub built_in: bool,
}

impl Role {
    pub fn holds(&self, capability: Capability) -> bool {
        self.capabilities.contains(&capability)
    }
}

pub const OWNER: &str = "owner";
pub const ADMIN: &str = "admin";
pub const USER: &str = "user";
pub const REVIEWER: &str = "reviewer";
pub const MANAGER: &str = "manager";
pub const MONITOR: &str = "monitor";
pub const TASK_USER: &str = "task_user";
pub const DEFENCE_ADVOCATE: &str = "defence_advocate";
pub const FEE_PAID_JUDGE: &str = "fee_paid_judge";
pub const OUTSIDE_PROSECUTING_ADVOCATE: &str = "outside_prosecuting_advocate";
pub const PROSECUTOR: &str = "prosecutor";

fn all_but(excluded: &[Capability]) -> BTreeSet<Capability> {
    Capability::ALL.into_iter().filter(|c| !excluded.contains(c)).collect()
}

fn set(capabilities: &[Capability]) -> BTreeSet<Capability> {
    capabilities.iter().copied().collect()
}

fn built_in(
    key: &str,
    name: &str,
    capabilities: BTreeSet<Capability>,
    community: Option<Community>,
    defendant_scoped: bool,
) -> Role {
    Role { key: key.into(), name: name.into(), capabilities, community, defendant_scoped, built_in: true }
}

/// The built-in roles of SPEC.md §3, in the order the permission matrix shows them.
pub fn built_in_roles() -> Vec<Role> {
    let reviewer = set(&[View, Search, Annotate, Produce]);
    let user = set(&[View, Search, Annotate, Produce, ManageFiles, ManageTags, ShareProductions]);
    vec![
        built_in(OWNER, "Owner", all_but(&[]), None, false),
        built_in(ADMIN, "Admin", all_but(&[DeleteCase]), None, false),
        built_in(USER, "User", user.clone(), None, false),
        built_in(REVIEWER, "Reviewer", reviewer.clone(), None, false),
        built_in(MANAGER, "Manager", all_but(&[DeleteCase, ManagePermissions]), None, false),
        built_in(MONITOR, "Monitor", set(&[View, ViewCommunications]), None, false),
        built_in(TASK_USER, "Task user", set(&[ViewSummary]), None, false),
        built_in(DEFENCE_ADVOCATE, "Defence Advocate", reviewer, Some(Community::Defence), true),
        built_in(FEE_PAID_JUDGE, "Fee Paid Judge", set(&[View, Search]), Some(Community::Court), false),
        built_in(
            OUTSIDE_PROSECUTING_ADVOCATE,
            "Outside Prosecuting Advocate",
            user,
            Some(Community::Prosecution),
            false,
        ),
        built_in(PROSECUTOR, "Prosecutor", all_but(&[DeleteCase]), Some(Community::Prosecution), false),
    ]
}

/// A built-in role by key. Panics on an unknown key: the keys are this module's constants.
pub fn built_in_role(key: &str) -> Role {
    built_in_roles().into_iter().find(|r| r.key == key).unwrap_or_else(|| panic!("no built-in role {key}"))
}

/// A role by key, among those loaded; an unknown key is the person's to correct.
pub fn role_by_key<'a>(roles: &'a [Role], key: &str) -> Result<&'a Role, ValidationError> {
    roles.iter().find(|r| r.key == key).ok_or_else(|| {
        ValidationError::new("role", format!("There is no role {key}. Choose one of the roles offered."))
    })
}

/// The roles the invite dialog offers someone of `community`: that community's participant
/// roles, then the generic ones. Owner is never offered: ownership moves only by transfer (R1).
pub fn roles_offered(roles: &[Role], community: Option<Community>) -> Vec<Role> {
    let participant = roles.iter().filter(|r| r.community.is_some() && r.community == community);
    let generic = roles.iter().filter(|r| r.community.is_none() && r.key != OWNER);
    participant.chain(generic).cloned().collect()
}

/// The permission matrix: every capability, and every role with the ones it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleMatrix {
    pub capabilities: Vec<CapabilityInfo>,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CapabilityInfo {
    pub capability: Capability,
    pub description: String,
}

impl RoleMatrix {
    pub fn of(roles: Vec<Role>) -> RoleMatrix {
        let capabilities = Capability::ALL
            .into_iter()
            .map(|c| CapabilityInfo { capability: c, description: c.description().into() })
            .collect();
        RoleMatrix { capabilities, roles }
    }
}

/// A role as a choice in a form: the role dropdown, the invite dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleOption {
    pub key: String,
    pub name: String,
    pub defendant_scoped: bool,
}

impl From<&Role> for RoleOption {
    fn from(role: &Role) -> Self {
        RoleOption { key: role.key.clone(), name: role.name.clone(), defendant_scoped: role.defendant_scoped }
    }
}

/// A custom role as a system administrator defines it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleInput {
    pub name: String,
    pub capabilities: Vec<Capability>,
    #[serde(default)]
    pub community: Option<Community>,
    #[serde(default)]
    pub defendant_scoped: bool,
}

pub const MAX_ROLE_NAME_CHARS: usize = 60;

/// A custom role that passed every check: a name with a key, and capabilities of which none is
/// ownership's alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleDefinition {
    pub key: String,
    pub name: String,
    pub capabilities: BTreeSet<Capability>,
    pub community: Option<Community>,
    pub defendant_scoped: bool,
}

impl RoleDefinition {
    pub fn parse(input: &RoleInput) -> Result<RoleDefinition, ValidationError> {
        let name = input.name.trim().to_string();
        if name.is_empty() || name.chars().count() > MAX_ROLE_NAME_CHARS {
            return Err(ValidationError::new(
                "name",
                format!("Give the role a name of 1 to {MAX_ROLE_NAME_CHARS} characters."),
            ));
        }
        let key = slug(&name);
        if key.is_empty() {
            return Err(ValidationError::new("name", "A role name needs at least one letter or digit."));
        }
        let capabilities: BTreeSet<Capability> = input.capabilities.iter().copied().collect();
        if capabilities.is_empty() {
            return Err(ValidationError::new("capabilities", "Choose at least one capability for the role."));
        }
        if let Some(owners) = capabilities.iter().find(|c| c.ownership_only()) {
            return Err(ValidationError::new(
                "capabilities",
                format!(
                    "{} belongs to the case owner alone: no other role can hold it. Ownership moves only by transfer.",
                    owners.as_str()
                ),
            ));
        }
        Ok(RoleDefinition {
            key,
            name,
            capabilities,
            community: input.community,
            defendant_scoped: input.defendant_scoped,
        })
    }

    pub fn into_role(self) -> Role {
        Role {
            key: self.key,
            name: self.name,
            capabilities: self.capabilities,
            community: self.community,
            defendant_scoped: self.defendant_scoped,
            built_in: false,
        }
    }
}

/// Built-in roles are defined in code and read-only; only custom ones change. `verb` is "changed"
/// or "deleted".
pub fn decide_role_change(existing: &Role, verb: &str) -> Result<(), Refusal> {
    if existing.built_in {
        return Err(Refusal::Forbidden(format!("{} is a built-in role and cannot be {verb}.", existing.name)));
    }
    Ok(())
}

/// Deleting a custom role: never a built-in one, nor one that grants still use (`in_use` of them).
pub fn decide_role_delete(role: &Role, in_use: i64) -> Result<(), Refusal> {
    decide_role_change(role, "deleted")?;
    if in_use > 0 {
        return Err(Refusal::conflict(
            None,
            format!(
                "{} is in use by {} and cannot be deleted. Change or remove {} first.",
                role.name,
                crate::wording::count(in_use, "grant", "grants"),
                crate::wording::agreeing(in_use, "that grant", "those grants")
            ),
        ));
    }
    Ok(())
}

/// A role's stable key: its name in lower case, words joined by underscores.
pub fn slug(name: &str) -> String {
    let mut key = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c);
        } else if !key.ends_with('_') && !key.is_empty() {
            key.push('_');
        }
    }
    key.trim_end_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_roles_match_the_specification() {
        let owner = built_in_role(OWNER);
        assert_eq!(owner.capabilities.len(), Capability::ALL.len());
        assert!(!built_in_role(ADMIN).holds(DeleteCase) && built_in_role(ADMIN).holds(ManagePermissions));
        let manager = built_in_role(MANAGER);
        assert!(!manager.holds(DeleteCase) && !manager.holds(ManagePermissions) && manager.holds(ManageAccess));
        assert_eq!(built_in_role(DEFENCE_ADVOCATE).capabilities, built_in_role(REVIEWER).capabilities);
        assert!(built_in_role(DEFENCE_ADVOCATE).defendant_scoped);
        assert_eq!(built_in_role(OUTSIDE_PROSECUTING_ADVOCATE).capabilities, built_in_role(USER).capabilities);
        assert_eq!(built_in_role(PROSECUTOR).capabilities, built_in_role(ADMIN).capabilities);
        assert_eq!(built_in_role(TASK_USER).capabilities, set(&[ViewSummary]));
        assert!(built_in_roles().iter().all(|r| r.built_in));
    }

    #[test]
    fn keys_are_lower_case_words_joined_by_underscores() {
        assert_eq!(slug("Senior  Reviewer (Ext.)"), "senior_reviewer_ext");
        assert_eq!(slug("  --  "), "");
    }

    #[test]
    fn a_custom_role_never_holds_what_only_ownership_gives() {
        let input = RoleInput {
            name: "Deleter".into(),
            capabilities: vec![View, DeleteCase],
            community: None,
            defendant_scoped: false,
        };
        let refused = RoleDefinition::parse(&input).unwrap_err();
        assert_eq!(refused.field, "capabilities");
        assert!(refused.message.contains("delete_case") && refused.message.contains("owner"), "{}", refused.message);
        let fine = RoleDefinition::parse(&RoleInput { capabilities: vec![View], ..input }).unwrap();
        assert_eq!(fine.key, "deleter");
        assert!(matches!(decide_role_change(&built_in_role(REVIEWER), "changed"), Err(Refusal::Forbidden(_))));
        let custom = fine.into_role();
        assert!(decide_role_change(&custom, "deleted").is_ok());
        assert!(
            matches!(decide_role_delete(&custom, 2), Err(Refusal::Conflict { message, .. }) if message.contains("in use by 2 grants") && message.contains("those grants"))
        );
        assert!(
            matches!(decide_role_delete(&custom, 1), Err(Refusal::Conflict { message, .. }) if message.contains("in use by 1 grant and") && message.contains("that grant first"))
        );
        assert!(decide_role_delete(&custom, 0).is_ok());
    }

    proptest::proptest! {
        #[test]
        fn parsed_roles_hold_at_least_one_capability_and_nothing_ownership_only(
            name in "\\PC{0,70}",
            caps in proptest::collection::vec(proptest::sample::select(Capability::ALL.to_vec()), 0..6),
        ) {
            let input = RoleInput { name: name.clone(), capabilities: caps.clone(), community: None, defendant_scoped: false };
            match RoleDefinition::parse(&input) {
                Ok(role) => {
                    proptest::prop_assert!(!role.capabilities.is_empty());
                    proptest::prop_assert!(role.capabilities.iter().all(|c| !c.ownership_only()));
                    proptest::prop_assert_eq!(slug(&role.key), role.key.clone());
                }
                Err(e) => proptest::prop_assert!(
                    ["name", "capabilities"].contains(&e.field.as_str()),
                    "unexpected field {}", e.field
                ),
            }
        }
    }

    #[test]
    fn invitees_are_offered_their_communitys_roles_then_the_generic_ones_never_owner() {
        let roles = built_in_roles();
        let keys = |c| roles_offered(&roles, c).into_iter().map(|r| r.key).collect::<Vec<_>>();
        assert_eq!(keys(Some(Community::Defence))[0], DEFENCE_ADVOCATE);
        assert!(!keys(Some(Community::Defence)).contains(&PROSECUTOR.to_string()));
        assert!(keys(Some(Community::Court)).contains(&FEE_PAID_JUDGE.to_string()));
        assert!(keys(None).iter().all(|k| k != OWNER && k != DEFENCE_ADVOCATE));
        assert!(keys(None).contains(&REVIEWER.to_string()));
    }
}
