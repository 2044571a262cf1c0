//! Who may do what on a case, and why (SPEC.md §3–6). `evaluate` is the only place that decides
//! access: services load the facts, call it, and act on (or show) its result and explanation.
mod capability;
pub mod denied;
mod facts;
pub mod policy;
pub mod roles;
pub mod rules;

pub use capability::Capability;
pub use facts::{CaseFacts, DomainGrant, GroupGrant, IndividualGrant, Subject, at_location};

use crate::{DefendantId, Timestamp, UserId};
use policy::{PolicyCategory, PolicyLine, PolicySource, decide};
use roles::Role;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Which defendants' material a person sees: everything, or only that of some defendants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "defendants", rename_all = "snake_case")]
pub enum DefendantScope {
    All,
    Only(BTreeSet<DefendantId>),
}

impl DefendantScope {
    pub fn includes(&self, defendant: DefendantId) -> bool {
        match self {
            DefendantScope::All => true,
            DefendantScope::Only(ids) => ids.contains(&defendant),
        }
    }

    /// The union: unscoped when either side is.
    pub fn union(&self, other: &DefendantScope) -> DefendantScope {
        match (self, other) {
            (DefendantScope::Only(a), DefendantScope::Only(b)) => DefendantScope::Only(a.union(b).copied().collect()),
            _ => DefendantScope::All,
        }
    }

    fn none() -> DefendantScope {
        DefendantScope::Only(BTreeSet::new())
    }

    /// What a viewer limited to `viewer` may learn of this scope: only the defendants they see
    /// themselves. "All defendants" names none, so it stays as it is.
    pub fn seen_by(&self, viewer: &DefendantScope) -> DefendantScope {
        match (self, viewer) {
            (DefendantScope::Only(ids), DefendantScope::Only(seen)) => {
                DefendantScope::Only(ids.intersection(seen).copied().collect())
            }
            (scope, _) => scope.clone(),
        }
    }
}

/// How a person came to hold access (SPEC.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccessPath {
    Ownership,
    Individual,
    Group,
    Domain,
    Office,
    CaseType,
    Task,
    Retained,
}

impl AccessPath {
    /// The badge the People tab shows for the path.
    pub fn label(self) -> &'static str {
        match self {
            AccessPath::Ownership => "Owner",
            AccessPath::Individual => "Invited",
            AccessPath::Group => "Group",
            AccessPath::Domain => "Email domain",
            AccessPath::Office => "Office",
            AccessPath::CaseType => "Case type",
            AccessPath::Task => "Task",
            AccessPath::Retained => "Retained",
        }
    }
}

/// One path that contributed to a person's access, with exactly what its role gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PathContribution {
    pub path: AccessPath,
    pub role: String,
    pub capabilities: BTreeSet<Capability>,
    pub scope: DefendantScope,
    pub expires_at: Option<Timestamp>,
    pub reason: String,
}

/// Why a person has access, compactly: each path's role, reason, scope and end, then the policy's
/// lines; what each role gives is the permission matrix's to say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Why {
    pub paths: Vec<Reason>,
    pub policy: Vec<PolicyLine>,
}

/// One path of a `Why`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reason {
    pub path: AccessPath,
    pub role: String,
    pub scope: DefendantScope,
    pub expires_at: Option<Timestamp>,
    pub reason: String,
}

/// A person's effective access to one case at one instant, with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Access {
    pub capabilities: BTreeSet<Capability>,
    pub scope: DefendantScope,
    pub explanation: Vec<PathContribution>,
    pub policy: Vec<PolicyLine>,
}

impl Access {
    /// This access as a viewer limited to `viewer` may see it: no defendant outside their own
    /// scope appears, in the scope or in any path of the explanation.
    pub fn seen_by(mut self, viewer: &DefendantScope) -> Access {
        self.scope = self.scope.seen_by(viewer);
        for path in &mut self.explanation {
            path.scope = path.scope.seen_by(viewer);
        }
        self
    }

    pub fn none() -> Self {
        Access {
            capabilities: BTreeSet::new(),
            scope: DefendantScope::none(),
            explanation: Vec::new(),
            policy: Vec::new(),
        }
    }

    pub fn can(&self, capability: Capability) -> bool {
        self.capabilities.contains(&capability)
    }

    /// Whether any path gives access at all.
    pub fn has_any(&self) -> bool {
        !self.explanation.is_empty()
    }

    /// The explanation without the capability sets, for lists of people.
    pub fn why(&self) -> Why {
        Why {
            paths: self
                .explanation
                .iter()
                .map(|p| Reason {
                    path: p.path,
                    role: p.role.clone(),
                    scope: p.scope.clone(),
                    expires_at: p.expires_at,
                    reason: p.reason.clone(),
                })
                .collect(),
            policy: self.policy.clone(),
        }
    }

    /// The name of the strongest role held, for lists ("Owner", "Reviewer", …).
    pub fn headline_role(&self) -> Option<&str> {
        self.explanation.iter().max_by_key(|p| p.capabilities.len()).map(|p| p.role.as_str())
    }
}

/// Whether a grant that ends at `expires_at` is still in force at `now`: it stops at that very
/// instant, whether or not a sweep has removed it yet (R3).
pub fn is_active(expires_at: Option<Timestamp>, now: Timestamp) -> bool {
    expires_at.is_none_or(|end| now < end)
}

/// The union of every active path, then the case permission policy.
pub fn evaluate(subject: &Subject, case: &CaseFacts, now: Timestamp) -> Access {
    let mut paths = Vec::new();
    let unscoped = DefendantScope::All;
    let mut add = |path, role: &Role, scope: DefendantScope, expires_at, reason: String| {
        let mut capabilities = role.capabilities.clone();
        // Whatever a role says (a custom role stored before the rule, say), only ownership
        // gives what only an owner may do.
        if path != AccessPath::Ownership {
            capabilities.retain(|c| !c.ownership_only());
        }
        paths.push(PathContribution { path, role: role.name.clone(), capabilities, scope, expires_at, reason });
    };

    if subject.user == case.owner {
        add(AccessPath::Ownership, &roles::built_in_role(roles::OWNER), unscoped.clone(), None, "Owns the case".into());
    }
    for grant in case.grants.iter().filter(|g| g.user == subject.user && is_active(g.expires_at, now)) {
        let (path, reason) = if grant.retained {
            (
                AccessPath::Retained,
                "Kept after their group's access was removed, because they had already opened the case".to_string(),
            )
        } else {
            let by = grant.granted_by.as_deref().map(|b| format!(" by {b}")).unwrap_or_default();
            (AccessPath::Individual, format!("Invited as {}{by}", grant.role.name))
        };
        add(path, &grant.role, grant.scope.clone(), grant.expires_at, reason);
    }
    for group in case.groups.iter().filter(|g| subject.may_receive_shares() && g.matches(subject)) {
        add(
            AccessPath::Group,
            &group.role,
            unscoped.clone(),
            None,
            format!("Member of the group {}", group.describe()),
        );
    }
    for domain in case.domains.iter() {
        if subject.may_receive_shares() && domain.matches(subject) {
            let role = roles::built_in_role(roles::DEFENCE_ADVOCATE);
            add(
                AccessPath::Domain,
                &role,
                DefendantScope::Only(domain.defendants.clone()),
                None,
                format!("Email address at {}", domain.domain),
            );
        }
    }
    if subject.has_office_access() && case.office.is_some() && case.office == subject.office {
        add(
            AccessPath::Office,
            &roles::built_in_role(roles::MANAGER),
            unscoped.clone(),
            None,
            "May open every case of their office".into(),
        );
    }
    for group in case.type_groups.iter().filter(|g| g.matches(subject)) {
        add(
            AccessPath::CaseType,
            &group.role,
            unscoped.clone(),
            None,
            format!("The case type's group {}", group.describe()),
        );
    }
    if case.open_task_assignees.contains(&subject.user) {
        add(
            AccessPath::Task,
            &roles::built_in_role(roles::TASK_USER),
            unscoped,
            None,
            "Assigned an open task on the case".into(),
        );
    }

    let mut access = Access::none();
    for path in &paths {
        access.capabilities.extend(path.capabilities.iter().copied());
        // A path that does not let its holder open the case shows no material, so it does not
        // widen which defendants' material they see.
        if path.capabilities.contains(&Capability::View) {
            access.scope = access.scope.union(&path.scope);
        }
    }
    access.explanation = paths;
    apply_policy(subject.user, case, &mut access);
    access
}

/// Applies the case permission policy to the three categories it decides, recording each line.
fn apply_policy(user: UserId, case: &CaseFacts, access: &mut Access) {
    if !access.has_any() {
        return;
    }
    let never_restricted = user == case.owner || case.administrators.contains(&user);
    for category in PolicyCategory::ALL {
        let capability = category.capability();
        let held = access.can(capability);
        // Every line that decides is listed, even one that agrees with the roles: without it the
        // result could differ (an Allow line under a Not allowed default), so it is the reason.
        let decision = if never_restricted {
            // Case administrators hold the policy categories whatever their roles (§6).
            (case.administrators.contains(&user) && !held).then_some((true, PolicySource::CaseAdministrator))
        } else {
            decide(&case.policy, user, category)
        };
        if let Some((granted, source)) = decision {
            if granted {
                access.capabilities.insert(capability);
            } else {
                access.capabilities.remove(&capability);
            }
            let reason = PolicyLine::describe(category, source, granted, false);
            access.policy.push(PolicyLine { category, source, granted, reason });
        }
    }
}

#[cfg(test)]
mod tests;
