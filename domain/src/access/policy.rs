//! The case permission policy (SPEC.md §6, from Primafact): three categories decided per case by a
//! default, and per user by an override; owner and case administrators are never restricted.
use super::Capability;
use crate::UserId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PolicyCategory {
    ManagePermissions,
    EditSettings,
    BatchUpdate,
}

impl PolicyCategory {
    pub const ALL: [PolicyCategory; 3] =
        [PolicyCategory::ManagePermissions, PolicyCategory::EditSettings, PolicyCategory::BatchUpdate];

    /// What a person reads, e.g. "adjust case settings".
    pub fn label(self) -> &'static str {
        match self {
            PolicyCategory::ManagePermissions => "manage case permissions",
            PolicyCategory::EditSettings => "adjust case settings",
            PolicyCategory::BatchUpdate => "make batch updates",
        }
    }

    /// The label as a heading: "Adjust case settings".
    pub fn title(self) -> String {
        let mut label = self.label().to_string();
        label[..1].make_ascii_uppercase();
        label
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PolicyCategory::ManagePermissions => "manage_permissions",
            PolicyCategory::EditSettings => "edit_settings",
            PolicyCategory::BatchUpdate => "batch_update",
        }
    }

    pub fn parse(raw: &str) -> Option<PolicyCategory> {
        PolicyCategory::ALL.into_iter().find(|c| c.as_str() == raw)
    }

    pub fn capability(self) -> Capability {
        match self {
            PolicyCategory::ManagePermissions => Capability::ManagePermissions,
            PolicyCategory::EditSettings => Capability::EditSettings,
            PolicyCategory::BatchUpdate => Capability::BatchUpdate,
        }
    }
}

/// What a case does for a category when a user has no override.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseDefault {
    Enabled,
    NotAllowed,
    /// Whatever the user's roles give.
    #[default]
    ByRole,
}

impl CaseDefault {
    pub const ALL: [CaseDefault; 3] = [CaseDefault::Enabled, CaseDefault::NotAllowed, CaseDefault::ByRole];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseDefault::Enabled => "enabled",
            CaseDefault::NotAllowed => "not_allowed",
            CaseDefault::ByRole => "by_role",
        }
    }

    /// Stored values are checked by the database; anything else reads as the harmless default.
    pub fn parse(raw: &str) -> CaseDefault {
        CaseDefault::ALL.into_iter().find(|d| d.as_str() == raw).unwrap_or_default()
    }

    /// What a person reads: "Enabled", "Not allowed", "By role".
    pub fn label(self) -> &'static str {
        match self {
            CaseDefault::Enabled => "Enabled",
            CaseDefault::NotAllowed => "Not allowed",
            CaseDefault::ByRole => "By role",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OverrideSetting {
    Allow,
    Deny,
}

impl OverrideSetting {
    pub fn as_str(self) -> &'static str {
        match self {
            OverrideSetting::Allow => "allow",
            OverrideSetting::Deny => "deny",
        }
    }

    pub fn parse(raw: &str) -> Option<OverrideSetting> {
        match raw {
            "allow" => Some(OverrideSetting::Allow),
            "deny" => Some(OverrideSetting::Deny),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserOverride {
    pub user: UserId,
    pub category: PolicyCategory,
    pub setting: OverrideSetting,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Policy {
    pub manage_permissions: CaseDefault,
    pub edit_settings: CaseDefault,
    pub batch_update: CaseDefault,
    pub overrides: Vec<UserOverride>,
}

impl Policy {
    pub fn default_for(&self, category: PolicyCategory) -> CaseDefault {
        match category {
            PolicyCategory::ManagePermissions => self.manage_permissions,
            PolicyCategory::EditSettings => self.edit_settings,
            PolicyCategory::BatchUpdate => self.batch_update,
        }
    }

    pub fn override_for(&self, user: UserId, category: PolicyCategory) -> Option<OverrideSetting> {
        self.overrides.iter().find(|o| o.user == user && o.category == category).map(|o| o.setting)
    }
}

/// Where a policy decision came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PolicySource {
    UserOverride,
    CaseDefault,
    CaseAdministrator,
}

/// One policy line that changed what the roles gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyLine {
    pub category: PolicyCategory,
    pub source: PolicySource,
    /// True when the line gave the capability, false when it took it away.
    pub granted: bool,
    pub reason: String,
}

impl PolicyLine {
    /// The line in words, for the person it concerns (`yours`) or for others:
    /// "Adjust case settings: not allowed on this case by its default".
    pub fn describe(category: PolicyCategory, source: PolicySource, granted: bool, yours: bool) -> String {
        let whom = if yours { "you" } else { "this person" };
        let what = match (source, granted) {
            (PolicySource::UserOverride, true) => format!("allowed for {whom} by an override"),
            (PolicySource::UserOverride, false) => format!("denied to {whom} by an override"),
            (PolicySource::CaseDefault, true) => "enabled on this case by its default".to_string(),
            (PolicySource::CaseDefault, false) => "not allowed on this case by its default".to_string(),
            (PolicySource::CaseAdministrator, _) => {
                "held as a case administrator, whom the policy never restricts".to_string()
            }
        };
        format!("{}: {what}", category.title())
    }

    /// This line for the person it concerns.
    pub fn yours(&self) -> String {
        PolicyLine::describe(self.category, self.source, self.granted, true)
    }
}

/// Decides one category for a user: `Some(true/false)` when the policy settles it, with where
/// from; `None` when the roles decide. Override first, then the case default.
pub fn decide(policy: &Policy, user: UserId, category: PolicyCategory) -> Option<(bool, PolicySource)> {
    match policy.override_for(user, category) {
        Some(OverrideSetting::Allow) => Some((true, PolicySource::UserOverride)),
        Some(OverrideSetting::Deny) => Some((false, PolicySource::UserOverride)),
        None => match policy.default_for(category) {
            CaseDefault::Enabled => Some((true, PolicySource::CaseDefault)),
            CaseDefault::NotAllowed => Some((false, PolicySource::CaseDefault)),
            CaseDefault::ByRole => None,
        },
    }
}
