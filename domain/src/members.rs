//! The People tab (SPEC.md §5): who has access and why; the decisions to invite someone, change
//! their grant and revoke it. Each decision is a pure function of the facts the service loaded.
use crate::access::roles::{Role, role_by_key};
use crate::access::rules::{
    check_can_change_grant_of, check_can_grant, check_can_manage, check_may_receive, check_scope_within, parse_expiry,
    scope_for,
};
use crate::access::{Access, CaseFacts, DefendantScope, IndividualGrant, is_active};
use crate::accounts::Actor;
use crate::cases::Defendant;
use crate::directory::{Email, Message};
use crate::{DefendantId, Refusal, Timestamp, UserId, ValidationError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

mod list;
pub use list::*;

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

/// An invitation that passed every check that needs no database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite {
    pub email: Email,
    pub role: String,
    pub defendants: BTreeSet<DefendantId>,
    pub expires_at: Option<Timestamp>,
    pub message: Message,
}

impl Invite {
    pub fn parse(input: InviteInput, now: Timestamp) -> Result<Invite, ValidationError> {
        Ok(Invite {
            email: Email::parse(&input.email)?,
            role: input.role,
            defendants: input.defendants.into_iter().collect(),
            expires_at: parse_expiry(input.expires_at.as_deref(), now)?,
            message: Message::parse("message", input.message.as_deref())?,
        })
    }
}

/// The grant a decision allows: written as it is by the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantPlan {
    pub role: Role,
    pub scope: DefendantScope,
    pub expires_at: Option<Timestamp>,
}

/// The person's grant in force at `now`, if any (an expired one gives nothing).
pub fn active_grant(case: &CaseFacts, user: UserId, now: Timestamp) -> Option<&IndividualGrant> {
    case.grants.iter().find(|g| g.user == user && is_active(g.expires_at, now))
}

/// Inviting `invitee` (SPEC §5): R2 (manage_access, never more than the actor holds), nobody
/// twice, the role's community, R6, a defendant scope within the actor's own.
pub fn decide_invite(
    actor: &Access,
    case: &CaseFacts,
    case_defendants: &BTreeSet<DefendantId>,
    roles: &[Role],
    invitee: &Actor,
    invite: &Invite,
    now: Timestamp,
) -> Result<GrantPlan, Refusal> {
    check_can_manage(actor)?;
    let role = role_by_key(roles, &invite.role)?;
    check_can_grant(actor, role)?;
    if invitee.id == case.owner {
        return Err(Refusal::conflict(Some("email"), format!("{} owns this case already.", invitee.name)));
    }
    match active_grant(case, invitee.id, now) {
        // A retained grant gives way to the invitation, but changing it is R2's business too.
        Some(kept) if kept.retained => check_can_change_grant_of(actor, &kept.role, &invitee.name)?,
        Some(own) => {
            return Err(Refusal::conflict(
                Some("email"),
                format!(
                    "{} already has access as {}. Change their role in the list instead.",
                    invitee.name, own.role.name
                ),
            ));
        }
        None => {}
    }
    check_community(role, invitee)?;
    check_may_receive(invitee.account_type, invitee.allows_sharing, &invitee.name)?;
    let scope = scope_for(role, &invite.defendants, case_defendants)?;
    check_scope_within(actor, &scope)?;
    Ok(GrantPlan { role: role.clone(), scope, expires_at: invite.expires_at })
}

/// Changing someone's individual grant: never the owner's or one's own, only a grant in force
/// and as last seen (`version`), and only within R2 for both the old role and the new.
#[allow(clippy::too_many_arguments)]
pub fn decide_change(
    actor_id: UserId,
    actor: &Access,
    case: &CaseFacts,
    case_defendants: &BTreeSet<DefendantId>,
    roles: &[Role],
    target: UserId,
    member: Option<&Actor>,
    current_version: Option<i64>,
    change: &MemberChange,
    now: Timestamp,
) -> Result<GrantPlan, Refusal> {
    check_can_manage(actor)?;
    if target == case.owner {
        return Err(Refusal::Forbidden(
            "The owner's access cannot be changed: ownership moves only by transfer.".into(),
        ));
    }
    if target == actor_id {
        return Err(Refusal::Forbidden(
            "You cannot change your own access. Ask another person who manages access to this case.".into(),
        ));
    }
    let member = member.ok_or_else(|| Refusal::NotFound(format!("There is no user with id {target}.")))?;
    // An expired grant gives nothing and is not revived by a change: invite the person again.
    let current = active_grant(case, member.id, now).ok_or_else(|| no_grant(&member.name))?;
    if current_version != Some(change.version) {
        return Err(changed_meanwhile(&member.name));
    }
    check_can_change_grant_of(actor, &current.role, &member.name)?;
    let role = role_by_key(roles, change.role.as_deref().unwrap_or(&current.role.key))?;
    check_can_grant(actor, role)?;
    check_community(role, member)?;
    check_may_receive(member.account_type, member.allows_sharing, &member.name)?;
    let chosen: BTreeSet<DefendantId> = match (&change.defendants, &current.scope) {
        (Some(ids), _) => ids.iter().copied().collect(),
        (None, DefendantScope::Only(ids)) => ids.clone(),
        (None, DefendantScope::All) => BTreeSet::new(),
    };
    let scope = scope_for(role, &chosen, case_defendants)?;
    check_scope_within(actor, &scope)?;
    let expires_at = match change.expires_at.as_deref() {
        None => current.expires_at,
        Some(text) => parse_expiry(Some(text), now)?,
    };
    Ok(GrantPlan { role: role.clone(), scope, expires_at })
}

/// Revoking someone's individual (or retained) grant. Everyone may remove their own, but the
/// owner; anyone else's needs manage_access and R2 for the grant's role. The caller has already
/// refused, through the access gate, an actor who may not open the case and revokes another's.
pub fn decide_revoke<'a>(
    actor_id: UserId,
    actor: &Access,
    case: &'a CaseFacts,
    target: UserId,
    member: Option<&Actor>,
) -> Result<&'a IndividualGrant, Refusal> {
    let own = target == actor_id;
    if !own {
        check_can_manage(actor)?;
    }
    if target == case.owner {
        return Err(Refusal::Forbidden(
            "The owner's access cannot be revoked: ownership moves only by transfer.".into(),
        ));
    }
    let member = member.ok_or_else(|| Refusal::NotFound(format!("There is no user with id {target}.")))?;
    let grant = case.grants.iter().find(|g| g.user == target).ok_or_else(|| no_grant(&member.name))?;
    if !own {
        check_can_change_grant_of(actor, &grant.role, &member.name)?;
    }
    Ok(grant)
}

/// Participant roles go to people of their community; generic roles to anyone.
pub fn check_community(role: &Role, person: &Actor) -> Result<(), Refusal> {
    match role.community {
        Some(community) if person.community != Some(community) => Err(ValidationError::new(
            "role",
            format!(
                "{} is a role for the {} community, and {} is not in it. Choose one of the roles offered.",
                role.name,
                community.label().to_lowercase(),
                person.name
            ),
        )
        .into()),
        _ => Ok(()),
    }
}

pub fn no_grant(name: &str) -> Refusal {
    Refusal::NotFound(format!("{name} has no individual grant on this case: their access comes from another path."))
}

pub fn changed_meanwhile(name: &str) -> Refusal {
    Refusal::conflict(
        None,
        format!(
            "Someone else changed {name}'s access a moment ago. Reload the list to see the change, then try again."
        ),
    )
}

/// "Defence Advocate for John Smith, until 31 Mar 2027"
pub fn describe_terms(plan: &GrantPlan, defendants: &[Defendant]) -> String {
    let mut text = plan.role.name.clone();
    if let Some(names) = defendant_names(&plan.scope, defendants) {
        text.push_str(&format!(" for {}", names.join(", ")));
    }
    if let Some(end) = plan.expires_at {
        text.push_str(&format!(", until {}", end.display()));
    }
    text
}

#[cfg(test)]
mod tests;
