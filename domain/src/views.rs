//! The shapes sent to the browser and to API clients. They carry no secrets: database rows (with
//! password hashes and the like) live in the service crate and are never serialised.
use crate::access::Access;
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
