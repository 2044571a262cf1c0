//! Roles: named sets of capabilities, stored as data. The built-in ones are defined here, read-only;
//! system administrators add custom roles beside them.
use super::Capability::{self, *};
use crate::directory::Community;
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

fn built_in(key: &str, name: &str, capabilities: BTreeSet<Capability>, community: Option<Community>, defendant_scoped: bool) -> Role {
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
        built_in(OUTSIDE_PROSECUTING_ADVOCATE, "Outside Prosecuting Advocate", user, Some(Community::Prosecution), false),
        built_in(PROSECUTOR, "Prosecutor", all_but(&[DeleteCase]), Some(Community::Prosecution), false),
    ]
}

/// A built-in role by key. Panics on an unknown key: the keys are this module's constants.
pub fn built_in_role(key: &str) -> Role {
    built_in_roles().into_iter().find(|r| r.key == key).unwrap_or_else(|| panic!("no built-in role {key}"))
}

/// The roles the invite dialog offers someone of `community`: that community's participant
/// roles, then the generic ones. Owner is never offered: ownership moves only by transfer (R1).
pub fn roles_offered(roles: &[Role], community: Option<Community>) -> Vec<Role> {
    let participant = roles.iter().filter(|r| r.community.is_some() && r.community == community);
    let generic = roles.iter().filter(|r| r.community.is_none() && r.key != OWNER);
    participant.chain(generic).cloned().collect()
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
