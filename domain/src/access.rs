//! Who may do what on a case (SPEC.md §3–4). `evaluate` is the only place that decides access;
//! services call it and the UI shows its result, explanation included.
//!
//! This module holds the capability catalogue and the ownership path; the other access paths
//! (grants, groups, domains, office, case types, tasks, retained) join `evaluate` as they are built.
use crate::{DefendantId, Timestamp, UserId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One thing a person may do on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    ViewSummary,
    View,
    Search,
    Annotate,
    Produce,
    ManageFiles,
    ManageTags,
    ShareProductions,
    ViewCommunications,
    ContactOwner,
    EditSettings,
    BatchUpdate,
    ManageAccess,
    ManagePermissions,
    DeleteCase,
}

impl Capability {
    pub const ALL: [Capability; 15] = [
        Capability::ViewSummary,
        Capability::View,
        Capability::Search,
        Capability::Annotate,
        Capability::Produce,
        Capability::ManageFiles,
        Capability::ManageTags,
        Capability::ShareProductions,
        Capability::ViewCommunications,
        Capability::ContactOwner,
        Capability::EditSettings,
        Capability::BatchUpdate,
        Capability::ManageAccess,
        Capability::ManagePermissions,
        Capability::DeleteCase,
    ];

    /// What the capability allows, as the permission matrix shows it.
    pub fn description(self) -> &'static str {
        match self {
            Capability::ViewSummary => "See the case summary (reference, title, status, own tasks) only",
            Capability::View => "Open the case: details, defendants, documents within the defendant scope",
            Capability::Search => "Search documents; save and load searches",
            Capability::Annotate => "Add and remove annotations and redactions; apply and remove tags",
            Capability::Produce => "Create reports and productions",
            Capability::ManageFiles => "Upload, move, rename and delete documents and folders",
            Capability::ManageTags => "Create, edit and delete tags; delete saved searches, reports and productions",
            Capability::ShareProductions => "Share a production",
            Capability::ViewCommunications => "Read the case's communications and email records",
            Capability::ContactOwner => "Send a question to the case owner",
            Capability::EditSettings => "Adjust case setup and settings",
            Capability::BatchUpdate => "Change many annotations or documents in one operation",
            Capability::ManageAccess => "Add and remove people, groups and domains; change roles; decide access requests",
            Capability::ManagePermissions => "Change the case permission policy",
            Capability::DeleteCase => "Delete the case",
        }
    }
}

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
}

/// How a person came to hold access (SPEC.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccessPath {
    Ownership,
}

/// One path that contributed to a person's access, with what it gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PathContribution {
    pub path: AccessPath,
    pub role: String,
    pub capabilities: BTreeSet<Capability>,
    pub scope: DefendantScope,
    pub reason: String,
}

/// The facts about a case that decide access.
#[derive(Debug, Clone)]
pub struct CaseFacts {
    pub owner: UserId,
}

/// A person's effective access to one case at one instant, with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Access {
    pub capabilities: BTreeSet<Capability>,
    pub scope: DefendantScope,
    pub explanation: Vec<PathContribution>,
}

impl Access {
    pub fn none() -> Self {
        Access { capabilities: BTreeSet::new(), scope: DefendantScope::Only(BTreeSet::new()), explanation: Vec::new() }
    }

    pub fn can(&self, capability: Capability) -> bool {
        self.capabilities.contains(&capability)
    }
}

pub fn evaluate(subject: UserId, case: &CaseFacts, _now: Timestamp) -> Access {
    let mut access = Access::none();
    if subject == case.owner {
        let all: BTreeSet<Capability> = Capability::ALL.into_iter().collect();
        access.capabilities.extend(all.iter().copied());
        access.scope = DefendantScope::All;
        access.explanation.push(PathContribution {
            path: AccessPath::Ownership,
            role: "Owner".into(),
            capabilities: all,
            scope: DefendantScope::All,
            reason: "Owns the case".into(),
        });
    }
    access
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_owner_always_holds_every_capability_and_every_defendant(owner in 1i64..1000, now in 0i64..i64::MAX / 2) {
            let access = evaluate(UserId(owner), &CaseFacts { owner: UserId(owner) }, Timestamp(now));
            for c in Capability::ALL {
                prop_assert!(access.can(c));
            }
            prop_assert_eq!(access.scope, DefendantScope::All);
            prop_assert_eq!(access.explanation.len(), 1);
        }

        #[test]
        fn someone_with_no_path_holds_nothing(owner in 1i64..1000, other in 1i64..1000) {
            prop_assume!(owner != other);
            let access = evaluate(UserId(other), &CaseFacts { owner: UserId(owner) }, Timestamp(0));
            prop_assert!(access.capabilities.is_empty());
            prop_assert!(access.explanation.is_empty());
            prop_assert!(!access.scope.includes(DefendantId(1)));
        }
    }
}
