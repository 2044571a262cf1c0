//! The facts `evaluate` decides on: the person (`Subject`) and the case (`CaseFacts`), with the
//! grants of each path as the service loads them.
use super::DefendantScope;
use super::policy::Policy;
use super::roles::Role;
use crate::directory::{AccountType, OrganisationKind};
use crate::{DefendantId, OfficeId, Timestamp, UserId};
use std::collections::BTreeSet;

/// The person whose access is decided, with what the paths match on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub user: UserId,
    /// The part of their email after the @, lower case.
    pub email_domain: String,
    pub usual_role: Option<String>,
    pub office: Option<OfficeId>,
    /// The name of their office ("Southwark"): group and domain grants restricted to a location
    /// match it, whatever organisation the office belongs to.
    pub location: Option<String>,
    pub account_type: AccountType,
    pub organisation_kind: Option<OrganisationKind>,
    /// The account permission "access all office cases" (§7).
    pub office_cases_permission: bool,
    /// The account permission "allow others to share cases with me" (§7).
    pub allows_sharing: bool,
}

impl Subject {
    /// R6: an uploader account receives access only when it allows others to share with it. The
    /// invite path refuses with a reason; groups and domains, which reach people unasked, skip them.
    pub fn may_receive_shares(&self) -> bool {
        super::rules::receives_shares(self.account_type, self.allows_sharing)
    }

    /// Office access holds only for managers of prosecution organisations with the permission.
    pub fn has_office_access(&self) -> bool {
        self.office_cases_permission
            && self.account_type == AccountType::Manager
            && self.organisation_kind == Some(OrganisationKind::Prosecution)
    }
}

/// An invitation (path 2), or a grant kept after its group was removed (path 8, R4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndividualGrant {
    pub user: UserId,
    pub role: Role,
    pub scope: DefendantScope,
    pub expires_at: Option<Timestamp>,
    pub retained: bool,
    /// Who made the grant, for the explanation.
    pub granted_by: Option<String>,
}

/// Everyone with a usual role (at a location, when set) gets a role (path 3; also the case
/// type's manager and enquiry groups, path 6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupGrant {
    pub usual_role: String,
    /// None: all locations.
    pub location: Option<String>,
    pub role: Role,
}

impl GroupGrant {
    pub fn matches(&self, subject: &Subject) -> bool {
        subject.usual_role.as_deref() == Some(self.usual_role.as_str())
            && at_location(self.location.as_deref(), subject)
    }

    /// "NOMS at Southwark", "NOMS (all locations)".
    pub fn describe(&self) -> String {
        match &self.location {
            Some(location) => format!("{} at {location}", self.usual_role),
            None => format!("{} (all locations)", self.usual_role),
        }
    }
}

/// Whether a subject is based at a grant's location (none: every location). Office names are
/// compared without regard to case, so "Southwark" of one organisation matches another's.
pub fn at_location(location: Option<&str>, subject: &Subject) -> bool {
    match location {
        None => true,
        Some(place) => subject.location.as_deref().is_some_and(|own| own.eq_ignore_ascii_case(place)),
    }
}

/// Everyone registered at an email domain gets Defence Advocate for some defendants (path 4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainGrant {
    pub domain: String,
    pub defendants: BTreeSet<DefendantId>,
    /// None: all locations.
    pub location: Option<String>,
}

impl DomainGrant {
    pub fn matches(&self, subject: &Subject) -> bool {
        self.domain == subject.email_domain && at_location(self.location.as_deref(), subject)
    }
}

/// The facts about a case that decide access. `roles` must hold the built-in roles the implicit
/// paths give (Owner, Manager, Monitor, Task user, Defence Advocate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub owner: UserId,
    pub administrators: BTreeSet<UserId>,
    pub office: Option<OfficeId>,
    pub grants: Vec<IndividualGrant>,
    pub groups: Vec<GroupGrant>,
    pub domains: Vec<DomainGrant>,
    /// The case type's manager groups (their `role` is Manager) and enquiry groups (Monitor).
    pub type_groups: Vec<GroupGrant>,
    /// Users with an open task on the case.
    pub open_task_assignees: BTreeSet<UserId>,
    pub policy: Policy,
}

impl CaseFacts {
    /// A case with only its owner: the start of every case.
    pub fn owned_by(owner: UserId) -> CaseFacts {
        CaseFacts {
            owner,
            administrators: BTreeSet::from([owner]),
            office: None,
            grants: Vec::new(),
            groups: Vec::new(),
            domains: Vec::new(),
            type_groups: Vec::new(),
            open_task_assignees: BTreeSet::new(),
            policy: Policy::default(),
        }
    }
}
