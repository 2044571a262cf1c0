//! Case templates (SPEC §6): a named starting point for new cases, kept by system administrators,
//! with a permission policy to copy and the group grants every case made from it gets. A case
//! takes a copy: changing a template later never changes a case made from it.
use crate::access::roles::{Role, RoleOption};
use crate::groups::{UsualRole, group_role_allowed};
use crate::names::one_line_name;
use crate::policy::{Defaults, OverrideInput, PersonOverrides, parse_overrides};
use crate::{Refusal, Timestamp, UserId, ValidationError};
use serde::{Deserialize, Serialize};

pub const MAX_DESCRIPTION_CHARS: usize = 2000;
pub const MAX_TEMPLATE_GROUPS: usize = 50;

/// A group grant a template gives every case made from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateGroup {
    pub usual_role: String,
    /// None: all locations.
    #[serde(default)]
    pub location: Option<String>,
    pub role: RoleOption,
}

/// A template as the admin page and the new-case form show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateView {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub defaults: Defaults,
    pub overrides: Vec<PersonOverrides>,
    pub groups: Vec<TemplateGroup>,
    /// Send it back with a change: a template saved meanwhile is a 409.
    pub version: i64,
    pub updated_at: Timestamp,
}

/// What the template form offers: usual roles, locations (office names) and the roles a group may hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateChoices {
    pub usual_roles: Vec<String>,
    pub locations: Vec<String>,
    pub roles: Vec<RoleOption>,
}

/// A group line of a template as sent: a usual role, an optional location and a role key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateGroupInput {
    pub usual_role: String,
    #[serde(default)]
    pub location: Option<String>,
    /// A role key, e.g. `reviewer`.
    pub role: String,
}

/// A new template, or the whole of a changed one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub defaults: Defaults,
    #[serde(default)]
    pub overrides: Vec<OverrideInput>,
    #[serde(default)]
    pub groups: Vec<TemplateGroupInput>,
    /// On a change: the version it was made on. Ignored on creation.
    #[serde(default)]
    pub version: Option<i64>,
}

/// A template's group line, checked: the usual role and role as the directory holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedGroup {
    pub usual_role: String,
    pub location: Option<String>,
    pub role: Role,
}

/// What a template save writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplatePlan {
    pub name: String,
    pub description: String,
    pub policy: crate::access::policy::Policy,
    pub groups: Vec<PlannedGroup>,
}

/// Checking a template: a one-line name, a description within limits, policy lines as a case's
/// (`parse_overrides`), and group lines whose role a group may hold, in the usual role's community
/// when it is a participant role. The caller resolved each group's usual role and role
/// (`groups`, in the input's order) and checked the actor is a system administrator.
pub fn decide_template(
    input: &TemplateInput,
    groups: Vec<(UsualRole, Option<String>, Role)>,
    name_of: impl Fn(UserId) -> String,
) -> Result<TemplatePlan, Refusal> {
    let name = one_line_name(&input.name, "the template")?;
    let description = input.description.trim().to_string();
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(ValidationError::new(
            "description",
            format!("A description is at most {MAX_DESCRIPTION_CHARS} characters."),
        )
        .into());
    }
    if groups.len() > MAX_TEMPLATE_GROUPS {
        return Err(
            ValidationError::new("groups", format!("A template gives at most {MAX_TEMPLATE_GROUPS} groups.")).into()
        );
    }
    let overrides = parse_overrides(&input.overrides, name_of)?;
    let mut planned: Vec<PlannedGroup> = Vec::new();
    for (usual_role, location, role) in groups {
        if !group_role_allowed(&role) {
            return Err(ValidationError::new(
                "groups",
                format!(
                    "{} cannot be given to a group: it is the owner's, or limited to chosen defendants.",
                    role.name
                ),
            )
            .into());
        }
        if let Some(wanted) = role.community.filter(|c| usual_role.community != Some(*c)) {
            return Err(ValidationError::new(
                "groups",
                format!(
                    "{} is a role for the {} community, and {} is not in it.",
                    role.name,
                    wanted.label().to_lowercase(),
                    usual_role.name
                ),
            )
            .into());
        }
        let same = |g: &PlannedGroup| {
            g.usual_role == usual_role.name
                && g.location.as_deref().map(str::to_lowercase) == location.as_deref().map(str::to_lowercase)
        };
        if planned.iter().any(same) {
            return Err(ValidationError::new("groups", format!("{} is listed twice.", usual_role.name)).into());
        }
        planned.push(PlannedGroup { usual_role: usual_role.name, location, role });
    }
    Ok(TemplatePlan { name, description, policy: input.defaults.with(overrides), groups: planned })
}

pub fn no_template(id: i64) -> Refusal {
    Refusal::NotFound(format!("There is no case template with id {id}. Someone may have deleted it a moment ago."))
}

pub fn template_changed_meanwhile() -> Refusal {
    Refusal::conflict(
        None,
        "Someone else changed this template a moment ago. Reload to see their change, then try again.",
    )
}

pub fn name_taken(name: &str) -> Refusal {
    Refusal::conflict(Some("name"), format!("A template called {name} already exists. Choose another name."))
}
