//! Helpers shared by this crate's tests.
use crate::access::{Access, AccessPath, Capability, DefendantScope, PathContribution};
use std::collections::BTreeSet;

/// An actor's access as a decision sees it: these capabilities and this scope, through one path.
pub(crate) fn access_holding(capabilities: BTreeSet<Capability>, scope: DefendantScope) -> Access {
    let path = PathContribution {
        path: AccessPath::Individual,
        role: "Test".into(),
        capabilities: capabilities.clone(),
        scope: scope.clone(),
        expires_at: None,
        reason: String::new(),
    };
    Access { capabilities, scope, explanation: vec![path], policy: Vec::new() }
}
