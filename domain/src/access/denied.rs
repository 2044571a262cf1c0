//! What a person without access is told (R7): who can grant it, and which groups have it.
use crate::{CaseId, Timestamp};
use serde::{Deserialize, Serialize};

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
    /// The groups with access, each with the case role it gives, e.g. "NOMS at Southwark:
    /// Reviewer". Defence email domains are left out: they would tell a stranger which firm acts
    /// for whom.
    pub groups: Vec<String>,
    /// The viewer's own pending request, if they sent one.
    #[serde(default)]
    pub pending_request: Option<Timestamp>,
}
