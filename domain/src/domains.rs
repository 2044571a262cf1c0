//! Defence email-domain grants (SPEC §4 path 4): everyone registered at a solicitor firm's domain
//! gets Defence Advocate for the chosen defendants. The decisions to add and remove one (R5).
use crate::access::roles::{DEFENCE_ADVOCATE, built_in_role};
use crate::access::rules::{
    check_can_change_grant_of, check_can_grant, check_can_manage, check_domain_grant, check_scope_within,
};
use crate::access::{Access, DefendantScope, DomainGrant};
use crate::cases::Defendant;
use crate::directory::{DomainName, OrganisationKind};
use crate::{DefendantId, Refusal, Timestamp, ValidationError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A defence email domain grant as the Access tab lists it.
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

/// The organisation that owns a domain, as the directory holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainOwner {
    pub name: String,
    pub kind: OrganisationKind,
}

/// Adding a domain grant: manage_access and R2 for Defence Advocate; R5 (a solicitor firm's
/// domain, or an unowned one once confirmed); at least one of the case's defendants, all within
/// the actor's own scope. The grant is for all locations; the caller sets the one asked for,
/// once it has checked that such an office exists.
pub fn decide_add_domain(
    actor: &Access,
    domain: &DomainName,
    owner: Option<&DomainOwner>,
    confirmed: bool,
    chosen: BTreeSet<DefendantId>,
    case_defendants: &BTreeSet<DefendantId>,
) -> Result<DomainGrant, Refusal> {
    check_can_manage(actor)?;
    check_can_grant(actor, &built_in_role(DEFENCE_ADVOCATE))?;
    check_domain_grant(domain, owner.map(|o| (o.name.as_str(), o.kind)), confirmed)?;
    if chosen.is_empty() {
        return Err(ValidationError::new(
            "defendants",
            "Choose at least one defendant that this domain's people represent.",
        )
        .into());
    }
    if !chosen.is_subset(case_defendants) {
        return Err(ValidationError::new("defendants", "Choose defendants of this case only.").into());
    }
    check_scope_within(actor, &DefendantScope::Only(chosen.clone()))?;
    Ok(DomainGrant { domain: domain.to_string(), defendants: chosen, location: None })
}

/// Removing a domain grant needs the rights that adding it did.
pub fn decide_remove_domain(actor: &Access, grant: &DomainGrant) -> Result<(), Refusal> {
    check_can_manage(actor)?;
    check_can_change_grant_of(actor, &built_in_role(DEFENCE_ADVOCATE), &format!("everyone at {}", grant.domain))?;
    check_scope_within(actor, &DefendantScope::Only(grant.defendants.clone()))
}

/// Whether a viewer with `scope` sees the grant at all: only when it is for a defendant in their
/// scope, so that a co-defendant's counsel does not learn which firm acts for whom.
pub fn visible_to(grant: &DomainGrant, scope: &DefendantScope) -> bool {
    grant.defendants.iter().any(|d| scope.includes(*d))
}

pub fn already_there(grant: &DomainGrant) -> Refusal {
    let at = grant.location.as_deref().map(|l| format!(" at {l}")).unwrap_or_default();
    Refusal::conflict(
        Some("domain"),
        format!("{} already has access to this case{at}. Remove it first to change its defendants.", grant.domain),
    )
}

pub fn no_domain(id: i64) -> Refusal {
    Refusal::NotFound(format!(
        "This case has no email domain grant with id {id}. Someone may have removed it a moment ago."
    ))
}

#[cfg(test)]
mod tests;
