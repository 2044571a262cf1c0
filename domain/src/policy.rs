//! The case permission policy as people set it (SPEC §6, from Primafact): a case's defaults,
//! per-user overrides and case administrators; the firm's global defaults, which new cases take;
//! and the decisions to change them. How a policy changes one person's access is
//! `access::policy`, part of `evaluate`.
use crate::access::policy::{CaseDefault, OverrideSetting, Policy, PolicyCategory, UserOverride};
use crate::access::{Access, Capability};
use crate::directory::{AccountType, PersonRef};
use crate::{Refusal, UserId, ValidationError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The most per-user lines one policy holds: a case's list is read on one screen.
pub const MAX_OVERRIDES: usize = 500;
/// The most case administrators one case, or the global defaults, may name.
pub const MAX_ADMINISTRATORS: usize = 100;

/// What a case does for each category when a person has no override of their own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Defaults {
    #[serde(default)]
    pub manage_permissions: CaseDefault,
    #[serde(default)]
    pub edit_settings: CaseDefault,
    #[serde(default)]
    pub batch_update: CaseDefault,
}

impl Defaults {
    pub fn get(&self, category: PolicyCategory) -> CaseDefault {
        match category {
            PolicyCategory::ManagePermissions => self.manage_permissions,
            PolicyCategory::EditSettings => self.edit_settings,
            PolicyCategory::BatchUpdate => self.batch_update,
        }
    }

    pub fn set(&mut self, category: PolicyCategory, value: CaseDefault) {
        match category {
            PolicyCategory::ManagePermissions => self.manage_permissions = value,
            PolicyCategory::EditSettings => self.edit_settings = value,
            PolicyCategory::BatchUpdate => self.batch_update = value,
        }
    }

    /// The policy these defaults make, with `overrides`.
    pub fn with(self, overrides: Vec<UserOverride>) -> Policy {
        Policy {
            manage_permissions: self.manage_permissions,
            edit_settings: self.edit_settings,
            batch_update: self.batch_update,
            overrides,
        }
    }

    /// The defaults as the database stores them, one column per category (`CaseDefault::as_str`).
    pub fn from_stored(manage_permissions: &str, edit_settings: &str, batch_update: &str) -> Defaults {
        Defaults {
            manage_permissions: CaseDefault::parse(manage_permissions),
            edit_settings: CaseDefault::parse(edit_settings),
            batch_update: CaseDefault::parse(batch_update),
        }
    }

    pub fn of(policy: &Policy) -> Defaults {
        Defaults {
            manage_permissions: policy.manage_permissions,
            edit_settings: policy.edit_settings,
            batch_update: policy.batch_update,
        }
    }
}

/// One person's line in a policy: Allow, Deny or nothing (the default decides) per category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OverrideInput {
    pub user: UserId,
    #[serde(default)]
    pub manage_permissions: Option<OverrideSetting>,
    #[serde(default)]
    pub edit_settings: Option<OverrideSetting>,
    #[serde(default)]
    pub batch_update: Option<OverrideSetting>,
}

impl OverrideInput {
    pub fn get(&self, category: PolicyCategory) -> Option<OverrideSetting> {
        match category {
            PolicyCategory::ManagePermissions => self.manage_permissions,
            PolicyCategory::EditSettings => self.edit_settings,
            PolicyCategory::BatchUpdate => self.batch_update,
        }
    }

    pub fn set(&mut self, category: PolicyCategory, value: Option<OverrideSetting>) {
        match category {
            PolicyCategory::ManagePermissions => self.manage_permissions = value,
            PolicyCategory::EditSettings => self.edit_settings = value,
            PolicyCategory::BatchUpdate => self.batch_update = value,
        }
    }

    pub fn empty(user: UserId) -> OverrideInput {
        OverrideInput { user, manage_permissions: None, edit_settings: None, batch_update: None }
    }

    /// The stored lines, one per category that is set.
    pub fn lines(&self) -> impl Iterator<Item = UserOverride> + '_ {
        PolicyCategory::ALL.into_iter().filter_map(|category| {
            self.get(category).map(|setting| UserOverride { user: self.user, category, setting })
        })
    }
}

/// The stored lines grouped back into one line per person, in the order people first appear.
pub fn by_person(overrides: &[UserOverride]) -> Vec<OverrideInput> {
    let mut rows: Vec<OverrideInput> = Vec::new();
    for line in overrides {
        match rows.iter_mut().find(|r| r.user == line.user) {
            Some(row) => row.set(line.category, Some(line.setting)),
            None => {
                let mut row = OverrideInput::empty(line.user);
                row.set(line.category, Some(line.setting));
                rows.push(row);
            }
        }
    }
    rows
}

/// A person's line as the Permissions tab shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonOverrides {
    pub user: PersonRef,
    pub manage_permissions: Option<OverrideSetting>,
    pub edit_settings: Option<OverrideSetting>,
    pub batch_update: Option<OverrideSetting>,
}

impl PersonOverrides {
    pub fn new(user: PersonRef, line: &OverrideInput) -> PersonOverrides {
        PersonOverrides {
            user,
            manage_permissions: line.manage_permissions,
            edit_settings: line.edit_settings,
            batch_update: line.batch_update,
        }
    }

    pub fn input(&self) -> OverrideInput {
        OverrideInput {
            user: self.user.id,
            manage_permissions: self.manage_permissions,
            edit_settings: self.edit_settings,
            batch_update: self.batch_update,
        }
    }
}

/// A case's policy as its Permissions tab shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CasePolicyView {
    /// Send it back with a change: a policy saved meanwhile by someone else is a 409.
    pub version: i64,
    pub defaults: Defaults,
    pub overrides: Vec<PersonOverrides>,
    /// The owner first, then by name.
    pub administrators: Vec<PersonRef>,
    pub owner: UserId,
    /// Whether the viewer may change the defaults and overrides (`manage_permissions`).
    pub can_change: bool,
    /// Whether the viewer may name and remove case administrators (they are one).
    pub can_name_administrators: bool,
}

/// A whole case policy, as a Save sends it: everything is replaced in one transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CasePolicyInput {
    /// The version the change was made on (`CasePolicyView::version`).
    pub version: i64,
    pub defaults: Defaults,
    #[serde(default)]
    pub overrides: Vec<OverrideInput>,
    /// Every case administrator after the change: the owner always among them.
    pub administrators: Vec<UserId>,
}

/// What a Save writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyPlan {
    pub policy: Policy,
    pub administrators: BTreeSet<UserId>,
}

/// What the case holds now, for `decide_policy_change`.
pub struct CasePolicyFacts<'a> {
    pub owner: UserId,
    pub administrators: &'a BTreeSet<UserId>,
    /// The policy as stored: its lines may name people who have lost access since, which stay.
    pub policy: &'a Policy,
}

/// Changing a case's policy (§6). The defaults and overrides need `manage_permissions` (which
/// case administrators always hold); naming or removing administrators needs being one. The owner
/// stays an administrator, so a case never has none. New lines and new administrators name people
/// with access (`has_access`: a line kept from before may name someone who has lost it), and an override never names an administrator, whom the policy never
/// restricts. `name_of` words the messages.
pub fn decide_policy_change(
    actor: UserId,
    actor_access: &Access,
    case: &CasePolicyFacts<'_>,
    input: &CasePolicyInput,
    has_access: impl Fn(UserId) -> bool,
    name_of: impl Fn(UserId) -> String,
) -> Result<PolicyPlan, Refusal> {
    if !actor_access.can(Capability::ManagePermissions) {
        return Err(Refusal::Forbidden(
            "Only case administrators, and people the policy lets manage case permissions, can change them.".into(),
        ));
    }
    let administrators = parse_administrators(&input.administrators)?;
    if administrators.is_empty() {
        return Err(ValidationError::new("administrators", "A case needs at least one case administrator.").into());
    }
    if !administrators.contains(&case.owner) {
        return Err(ValidationError::new(
            "administrators",
            format!("{} owns the case and is always one of its administrators.", name_of(case.owner)),
        )
        .into());
    }
    if &administrators != case.administrators && !case.administrators.contains(&actor) && actor != case.owner {
        return Err(Refusal::Forbidden("Only a case administrator can name or remove case administrators.".into()));
    }
    if let Some(stranger) = administrators.difference(case.administrators).find(|u| !has_access(**u)) {
        return Err(no_access(&name_of(*stranger), "administrators"));
    }
    let overrides = parse_overrides(&input.overrides, &name_of)?;
    for line in &input.overrides {
        if administrators.contains(&line.user) {
            return Err(ValidationError::new(
                "overrides",
                format!(
                    "{} is a case administrator: the policy never restricts them. Remove their line.",
                    name_of(line.user)
                ),
            )
            .into());
        }
        let new = !case.policy.overrides.iter().any(|o| o.user == line.user);
        if new && !has_access(line.user) {
            return Err(no_access(&name_of(line.user), "overrides"));
        }
    }
    Ok(PolicyPlan { policy: input.defaults.with(overrides), administrators })
}

fn no_access(name: &str, field: &str) -> Refusal {
    ValidationError::new(field, format!("{name} has no access to this case. Give them access on the People tab first."))
        .into()
}

/// A list of administrators without repeats, within `MAX_ADMINISTRATORS`.
pub fn parse_administrators(ids: &[UserId]) -> Result<BTreeSet<UserId>, Refusal> {
    let set: BTreeSet<UserId> = ids.iter().copied().collect();
    if set.len() > MAX_ADMINISTRATORS {
        return Err(ValidationError::new(
            "administrators",
            format!("Name at most {MAX_ADMINISTRATORS} case administrators."),
        )
        .into());
    }
    Ok(set)
}

/// Per-user lines: one per person, each with at least one setting, within `MAX_OVERRIDES`.
pub fn parse_overrides(
    lines: &[OverrideInput],
    name_of: impl Fn(UserId) -> String,
) -> Result<Vec<UserOverride>, Refusal> {
    if lines.len() > MAX_OVERRIDES {
        return Err(ValidationError::new("overrides", format!("A policy holds at most {MAX_OVERRIDES} people.")).into());
    }
    let mut seen = BTreeSet::new();
    let mut stored = Vec::new();
    for line in lines {
        if !seen.insert(line.user) {
            return Err(ValidationError::new("overrides", format!("{} is listed twice.", name_of(line.user))).into());
        }
        let before = stored.len();
        stored.extend(line.lines());
        if stored.len() == before {
            return Err(ValidationError::new(
                "overrides",
                format!(
                    "Choose Allow or Deny for at least one permission for {}, or remove them from the list.",
                    name_of(line.user)
                ),
            )
            .into());
        }
    }
    Ok(stored)
}

/// The firm-wide defaults that new cases take (set by system administrators).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GlobalDefaultsView {
    pub version: i64,
    pub defaults: Defaults,
    pub overrides: Vec<PersonOverrides>,
    /// People who become administrators of every new case of their organisation.
    pub administrators: Vec<PersonRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GlobalDefaultsInput {
    pub version: i64,
    pub defaults: Defaults,
    #[serde(default)]
    pub overrides: Vec<OverrideInput>,
    #[serde(default)]
    pub administrators: Vec<UserId>,
}

/// A person as the global defaults need them: an uploader account cannot be given a case
/// without its own consent (R6), so it cannot be made an administrator of every case.
pub struct Candidate {
    pub id: UserId,
    pub name: String,
    pub account_type: AccountType,
}

/// R6 for administrators: an uploader account cannot be given a case without its own consent, so
/// it is never made an administrator of every case of its organisation.
pub fn may_administer_by_default(account_type: AccountType) -> bool {
    account_type != AccountType::Uploader
}

/// Changing the global defaults: the caller has checked the actor is a system administrator;
/// `people` are the users the input names (an id missing from it is unknown).
pub fn decide_global_defaults(input: &GlobalDefaultsInput, people: &[Candidate]) -> Result<PolicyPlan, Refusal> {
    let find = |id: UserId| people.iter().find(|p| p.id == id);
    let name_of = |id: UserId| find(id).map(|p| p.name.clone()).unwrap_or_else(|| format!("User {id}"));
    let administrators = parse_administrators(&input.administrators)?;
    for id in administrators.iter().chain(input.overrides.iter().map(|o| &o.user)) {
        if find(*id).is_none() {
            return Err(Refusal::NotFound(format!("There is no user with id {id}.")));
        }
    }
    if let Some(uploader) =
        administrators.iter().filter_map(|id| find(*id)).find(|p| !may_administer_by_default(p.account_type))
    {
        return Err(ValidationError::new(
            "administrators",
            format!("{} has an uploader account, which cannot administer cases.", uploader.name),
        )
        .into());
    }
    let overrides = parse_overrides(&input.overrides, name_of)?;
    Ok(PolicyPlan { policy: input.defaults.with(overrides), administrators })
}

/// What a new case starts with: the template's policy when it is copied, else the global one;
/// administrators are the creator and the global default administrators of their organisation
/// (`default_administrators`) who may be one (R6, `may_administer_by_default`: an account may have
/// become an uploader since it was named). Lines naming an administrator are dropped: the policy
/// never restricts them.
pub fn initial_policy(
    global: &Policy,
    template: Option<&Policy>,
    creator: UserId,
    default_administrators: &[Candidate],
) -> PolicyPlan {
    let mut administrators: BTreeSet<UserId> =
        default_administrators.iter().filter(|c| may_administer_by_default(c.account_type)).map(|c| c.id).collect();
    administrators.insert(creator);
    let mut policy = template.unwrap_or(global).clone();
    policy.overrides.retain(|o| !administrators.contains(&o.user));
    PolicyPlan { policy, administrators }
}

#[cfg(test)]
mod tests;
