//! Group grants (SPEC §4 path 3): everyone with a usual role, at one location or all of them,
//! gets a case role. The decisions to add and remove one, and what the Access tab shows.
use crate::access::roles::{OWNER, Role, RoleOption};
use crate::access::rules::{check_can_change_grant_of, check_can_grant, check_can_manage, check_scope_within};
use crate::access::{Access, DefendantScope, GroupGrant};
use crate::directory::Community;
use crate::domains::DomainGrantView;
use crate::{Refusal, Timestamp, ValidationError};
use serde::{Deserialize, Serialize};

/// A group grant as the Access tab lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupGrantView {
    pub id: i64,
    pub usual_role: String,
    /// None: all locations.
    pub location: Option<String>,
    pub role: RoleOption,
    pub added_by: Option<String>,
    pub added_at: Timestamp,
    /// How many people would keep access if it were removed, because they opened the case (R4).
    pub would_keep_access: i64,
}

/// A new group grant: everyone with `usual_role` (at `location`, when given) gets `role`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupInput {
    pub usual_role: String,
    #[serde(default)]
    pub location: Option<String>,
    /// A role key, e.g. `reviewer`.
    pub role: String,
}

/// What the Access tab shows and offers: its groups, its domains, and the choices of its forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessSettings {
    pub groups: Vec<GroupGrantView>,
    pub domains: Vec<DomainGrantView>,
    /// Whether the viewer holds manage_access (and so sees the controls).
    pub can_manage: bool,
    /// The choices of the Add Role form: usual roles, locations (office names) and case roles.
    pub usual_roles: Vec<String>,
    pub locations: Vec<String>,
    pub roles: Vec<RoleOption>,
}

/// A usual role as the directory holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsualRole {
    pub name: String,
    pub community: Option<Community>,
}

/// A group gives its role to everyone in it, for every defendant: roles limited to chosen
/// defendants, and Owner, cannot be given that way.
pub fn group_role_allowed(role: &Role) -> bool {
    role.key != OWNER && !role.defendant_scoped
}

/// The roles the Add Role form offers the actor: those a group may hold and the actor may grant.
pub fn roles_for_groups(roles: &[Role], actor: &Access) -> Vec<RoleOption> {
    roles.iter().filter(|r| group_role_allowed(r) && check_can_grant(actor, r).is_ok()).map(RoleOption::from).collect()
}

/// Giving a group a case role: manage_access and R2; a role a group may hold, of the group's
/// community when it is a participant role; and only by someone who sees every defendant, since a
/// group reaches them all.
pub fn decide_add_group(
    actor: &Access,
    usual_role: UsualRole,
    location: Option<String>,
    role: &Role,
) -> Result<GroupGrant, Refusal> {
    check_can_manage(actor)?;
    if !group_role_allowed(role) {
        return Err(ValidationError::new(
            "role",
            format!("{} is limited to chosen defendants, which a group cannot be. Invite people individually, or add a defence email domain.", role.name),
        )
        .into());
    }
    if let Some(wanted) = role.community.filter(|c| usual_role.community != Some(*c)) {
        return Err(ValidationError::new(
            "role",
            format!(
                "{} is a role for the {} community, and {} is not in it. Choose a general role.",
                role.name,
                wanted.label().to_lowercase(),
                usual_role.name
            ),
        )
        .into());
    }
    check_can_grant(actor, role)?;
    check_scope_within(actor, &DefendantScope::All)?;
    Ok(GroupGrant { usual_role: usual_role.name, location, role: role.clone() })
}

/// Removing a group grant is granting in reverse: the same rights are needed.
pub fn decide_remove_group(actor: &Access, group: &GroupGrant) -> Result<(), Refusal> {
    check_can_manage(actor)?;
    check_can_change_grant_of(actor, &group.role, &format!("the group {}", group.describe()))?;
    check_scope_within(actor, &DefendantScope::All)
}

pub fn already_there(group: &GroupGrant) -> Refusal {
    Refusal::conflict(
        Some("usual_role"),
        format!("{} already has access to this case. Remove it first to give it another role.", group.describe()),
    )
}

pub fn no_group(id: i64) -> Refusal {
    Refusal::NotFound(format!("This case has no group grant with id {id}. Someone may have removed it a moment ago."))
}

#[cfg(test)]
mod tests;
