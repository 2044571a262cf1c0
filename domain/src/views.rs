//! The shapes sent to the browser and to API clients. They carry no secrets: database rows (with
//! password hashes and the like) live in the service crate and are never serialised.
use crate::access::roles::Role;
use crate::access::{Access, Capability};
use crate::cases::CaseStatus;
use crate::directory::{AccountType, Community, OrganisationKind};
use crate::{CaseId, DefendantId, OfficeId, OrganisationId, Timestamp, UserId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationRef {
    pub id: OrganisationId,
    pub name: String,
    pub kind: OrganisationKind,
}

/// The signed-in user: what the browser shows and what every use case receives as its actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub organisation: Option<OrganisationRef>,
    pub office_id: Option<OfficeId>,
    pub office: Option<String>,
    pub usual_role: Option<String>,
    pub community: Option<Community>,
    pub account_type: AccountType,
    pub is_system_admin: bool,
    pub is_licence_manager: bool,
    /// The account permission "access all office cases" (§7).
    pub office_cases: bool,
}

impl Me {
    /// The person as the access engine sees them.
    pub fn subject(&self) -> crate::access::Subject {
        crate::access::Subject {
            user: self.id,
            email_domain: self.email.rsplit_once('@').map(|(_, d)| d.to_lowercase()).unwrap_or_default(),
            usual_role: self.usual_role.clone(),
            office: self.office_id,
            account_type: self.account_type,
            organisation_kind: self.organisation.as_ref().map(|o| o.kind),
            office_cases_permission: self.office_cases,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Office {
    pub id: OfficeId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRef {
    pub id: UserId,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Defendant {
    pub id: DefendantId,
    pub name: String,
}

/// One row of the case list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseSummary {
    pub id: CaseId,
    pub reference: String,
    pub title: String,
    pub status: CaseStatus,
    pub office: Option<String>,
    pub owner: PersonRef,
    /// How the user holds access, e.g. "Owner".
    pub my_role: String,
    pub target_date: Option<String>,
    pub defendant_count: i64,
    pub created_at: Timestamp,
}

/// A case as someone who may view it sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseDetail {
    pub id: CaseId,
    pub reference: String,
    pub title: String,
    pub description: String,
    pub status: CaseStatus,
    pub office: Option<String>,
    pub organisation: String,
    pub owner: PersonRef,
    /// `YYYY-MM-DD`.
    pub target_date: Option<String>,
    pub created_at: Timestamp,
    /// Only the defendants within the viewer's defendant scope.
    pub defendants: Vec<Defendant>,
    /// The viewer's own access, with its explanation.
    pub access: Access,
    /// Send it back with a settings change, so that a concurrent change is detected.
    pub version: i64,
}

/// Someone who can grant access to a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Grantor {
    pub name: String,
    pub email: String,
    pub role: String,
}

/// What a person without access is told about a case (R7): who can grant access, and which
/// groups and roles already have it. No title, defendants or documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessDenied {
    pub case_id: CaseId,
    pub reference: String,
    pub grantors: Vec<Grantor>,
    pub groups: Vec<String>,
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

/// One person with access to a case, as the People tab shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub user: PersonRef,
    pub paths: Vec<crate::access::AccessPath>,
    /// The role of their individual (or retained) grant, which the role dropdown changes; none
    /// when their access comes from other paths only.
    pub grant_role: Option<String>,
    /// The strongest role they hold through any path.
    pub role_name: String,
    pub expires_at: Option<Timestamp>,
    /// The defendants whose material they see; `None` means every defendant.
    pub defendants: Option<Vec<Defendant>>,
    /// Their effective access with its explanation (the "why?").
    pub access: Access,
    pub is_owner: bool,
    /// The grant's version: send it back with a change so that a concurrent change is detected.
    pub version: Option<i64>,
    /// The roles the role dropdown offers this person (their community's, then the generic ones).
    pub role_options: Vec<RoleOption>,
}

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

/// Everyone with access to a case, and what the viewer may do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberList {
    pub members: Vec<Member>,
    /// Whether the viewer holds manage_access (and so sees the controls).
    pub can_manage: bool,
}

/// An invitation: who, with which role, for which defendants, until when.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InviteInput {
    /// The invitee's email address (a registered user).
    pub email: String,
    /// A role key, e.g. `defence_advocate`.
    pub role: String,
    #[serde(default)]
    pub defendants: Vec<DefendantId>,
    /// `YYYY-MM-DD` (access ends at the end of that day, UTC), or an RFC 3339 instant.
    #[serde(default)]
    pub expires_at: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

/// A change to someone's grant. Fields left out stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberChange {
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub defendants: Option<Vec<DefendantId>>,
    /// A new expiry; an empty string removes it.
    #[serde(default)]
    pub expires_at: Option<String>,
    /// The version the change was made against (from the member list).
    pub version: i64,
}

/// A directory entry for the add-user type-ahead, with the roles the invite dialog offers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryUser {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub organisation: Option<String>,
    pub usual_role: Option<String>,
    pub community: Option<Community>,
    pub offered_roles: Vec<Role>,
}

/// An email in the outbox, as system administrators read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxEmail {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub created_at: Timestamp,
    pub attempts: i64,
    pub sent_at: Option<Timestamp>,
    /// Set when the mail server refused the email for good; it stays here, never deleted.
    pub failed_at: Option<Timestamp>,
    pub last_error: Option<String>,
}
