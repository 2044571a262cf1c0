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
    /// The account permission "allow others to share cases with me" (§7).
    #[serde(default)]
    pub allows_sharing: bool,
}

impl Me {
    /// The person as the access engine sees them.
    pub fn subject(&self) -> crate::access::Subject {
        crate::access::Subject {
            user: self.id,
            email_domain: self.email.rsplit_once('@').map(|(_, d)| d.to_lowercase()).unwrap_or_default(),
            usual_role: self.usual_role.clone(),
            office: self.office_id,
            location: self.office.clone(),
            account_type: self.account_type,
            organisation_kind: self.organisation.as_ref().map(|o| o.kind),
            office_cases_permission: self.office_cases,
            allows_sharing: self.allows_sharing,
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
    /// The groups and email domains with access, each with the case role it gives, e.g.
    /// "NOMS at Southwark: Reviewer".
    pub groups: Vec<String>,
    /// The viewer's own pending request, if they sent one.
    #[serde(default)]
    pub pending_request: Option<Timestamp>,
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

/// A group grant as the Access tab lists it (SPEC §4 path 3).
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

/// A defence email domain grant as the Access tab lists it (path 4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DomainGrantView {
    pub id: i64,
    pub domain: String,
    /// The organisation that owns the domain, when one does.
    pub organisation: Option<String>,
    /// Only the defendants within the viewer's own scope.
    pub defendants: Vec<Defendant>,
    pub location: Option<String>,
    pub added_by: Option<String>,
    pub added_at: Timestamp,
}

/// A new domain grant: everyone registered at `domain` gets Defence Advocate for `defendants`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DomainInput {
    /// The part of the email address after the @, e.g. `swatham.cjsm.net`.
    pub domain: String,
    pub defendants: Vec<DefendantId>,
    #[serde(default)]
    pub location: Option<String>,
    /// Set to add a domain that no registered organisation owns (R5 asks first).
    #[serde(default)]
    pub confirm_unowned: bool,
}

/// What the Access tab shows and offers.
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Pending,
    Approved,
    Denied,
}

/// A request for access to a case (R7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessRequest {
    pub id: i64,
    pub user: PersonRef,
    pub usual_role: Option<String>,
    pub organisation: Option<String>,
    pub message: String,
    pub status: RequestStatus,
    pub created_at: Timestamp,
    /// The roles the requester may be given, as in the add-user dialog.
    pub role_options: Vec<RoleOption>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestInput {
    #[serde(default)]
    pub message: String,
}

/// Approving a request: the grant to make, as when inviting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApproveInput {
    pub role: String,
    #[serde(default)]
    pub defendants: Vec<DefendantId>,
    #[serde(default)]
    pub expires_at: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DenyInput {
    pub reason: String,
}
