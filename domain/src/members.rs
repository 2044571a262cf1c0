//! The People tab (SPEC.md §5): who has access and why; the decisions to invite someone, change
//! their grant and revoke it. Each decision is a pure function of the facts the service loaded.
use crate::access::roles::{Role, RoleOption, role_by_key, roles_offered};
use crate::access::rules::{
    check_can_change_grant_of, check_can_grant, check_can_manage, check_may_receive, check_scope_within, parse_expiry,
    scope_for,
};
use crate::access::{Access, AccessPath, CaseFacts, DefendantScope, IndividualGrant, Why, evaluate, is_active};
use crate::accounts::Actor;
use crate::cases::Defendant;
use crate::directory::{Community, Email, Message, PersonRef};
use crate::paging::Paging;
use crate::{DefendantId, Refusal, Timestamp, UserId, ValidationError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One person with access to a case, as the People tab shows them: no more than it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub user: PersonRef,
    pub paths: Vec<AccessPath>,
    /// The role of their individual (or retained) grant, which the role dropdown changes; none
    /// when their access comes from other paths only.
    pub grant_role: Option<String>,
    /// The strongest role they hold through any path.
    pub role_name: String,
    pub expires_at: Option<Timestamp>,
    /// The defendants whose material they see; `None` means every defendant.
    pub defendants: Option<Vec<Defendant>>,
    /// Why they have access (the "why?"): each path's role and reason, then the policy's lines.
    /// The capabilities each path gives are in the permission matrix, not repeated per person.
    pub why: Why,
    pub is_owner: bool,
    /// The grant's version: send it back with a change so that a concurrent change is detected.
    pub version: Option<i64>,
    /// Their community: the role dropdown offers `MemberList::role_options` of it.
    pub community: Option<Community>,
    /// Whether the viewer may change or remove this person's grant (`may_edit`): the page shows
    /// the controls only then, and the server decides again on every change.
    #[serde(default)]
    pub can_edit: bool,
}

/// A page of the people with access to a case, and what the viewer may do about them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberList {
    /// The owner first, then by name.
    pub members: Vec<Member>,
    /// Everyone with access, across all pages.
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    /// Whether the viewer holds manage_access (and so sees the controls).
    pub can_manage: bool,
    /// The roles each community's dropdown offers, once per community on the page that the
    /// viewer may edit (rather than once per person).
    pub role_options: Vec<RoleChoices>,
}

/// The roles the role dropdown offers a person of one community: theirs, then the generic ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleChoices {
    pub community: Option<Community>,
    pub roles: Vec<RoleOption>,
}

impl MemberList {
    /// The roles offered to a person of `community`.
    pub fn options_for(&self, community: Option<Community>) -> &[RoleOption] {
        self.role_options.iter().find(|c| c.community == community).map(|c| c.roles.as_slice()).unwrap_or_default()
    }

    pub fn pages(&self) -> u32 {
        crate::paging::page_count(self.total, self.per_page)
    }
}

/// How many people a page of the People tab holds unless asked otherwise, and at most.
pub const DEFAULT_MEMBERS_PER_PAGE: u32 = 100;
pub const MAX_MEMBERS_PER_PAGE: u32 = 500;

/// Which page of the People tab is asked for; both may be left out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct MemberQuery {
    /// 1 for the first page (the default).
    #[serde(default)]
    pub page: Option<u32>,
    /// People per page: 100 unless asked, at most 500.
    #[serde(default)]
    pub per_page: Option<u32>,
}

impl MemberQuery {
    pub fn paging(&self) -> Paging {
        Paging::new(self.page, self.per_page, DEFAULT_MEMBERS_PER_PAGE, MAX_MEMBERS_PER_PAGE)
    }
}

/// The dropdowns a page of rows needs: one per community among the rows the viewer may edit.
pub fn role_choices(roles: &[Role], members: &[Member]) -> Vec<RoleChoices> {
    let mut communities: Vec<Option<Community>> = members.iter().filter(|m| m.can_edit).map(|m| m.community).collect();
    communities.sort_by_key(|c| c.map(|c| c.as_str()));
    communities.dedup();
    communities
        .into_iter()
        .map(|community| RoleChoices {
            community,
            roles: roles_offered(roles, community).iter().map(RoleOption::from).collect(),
        })
        .collect()
}

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

/// Whether the viewer may change or remove this grant: what the People tab offers. The change
/// itself is decided again by `decide_change` / `decide_revoke`.
pub fn may_edit(viewer: &Access, case: &CaseFacts, member: UserId, grant: Option<&IndividualGrant>) -> bool {
    let Some(grant) = grant else { return false };
    member != case.owner
        && check_can_manage(viewer).is_ok()
        && check_can_change_grant_of(viewer, &grant.role, "").is_ok()
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

/// What the viewer is allowed to see of the list: their own access decides the controls, their
/// defendant scope which defendants are named.
pub struct Viewer<'a> {
    pub access: &'a Access,
}

/// One row of the People tab, or none when `person` has no access at all.
pub fn member_row(
    case: &CaseFacts,
    defendants: &[Defendant],
    person: &Actor,
    version: Option<i64>,
    viewer: &Viewer<'_>,
    now: Timestamp,
) -> Option<Member> {
    let access = evaluate(&person.subject(), case, now);
    if !access.has_any() {
        return None;
    }
    let mut paths: Vec<AccessPath> = access.explanation.iter().map(|p| p.path).collect();
    paths.sort();
    paths.dedup();
    let grant = active_grant(case, person.id, now);
    let access = access.seen_by(&viewer.access.scope);
    let named = match &access.scope {
        DefendantScope::All => None,
        DefendantScope::Only(ids) => Some(defendants.iter().filter(|d| ids.contains(&d.id)).cloned().collect()),
    };
    Some(Member {
        user: person.person(),
        paths,
        grant_role: grant.map(|g| g.role.key.clone()),
        role_name: access.headline_role().unwrap_or_default().to_string(),
        expires_at: grant.and_then(|g| g.expires_at),
        defendants: named,
        is_owner: person.id == case.owner,
        version: grant.and(version),
        community: person.community,
        can_edit: may_edit(viewer.access, case, person.id, grant),
        why: access.why(),
    })
}

/// The names of the defendants a scope covers; none when it covers all.
pub fn defendant_names(scope: &DefendantScope, defendants: &[Defendant]) -> Option<Vec<String>> {
    match scope {
        DefendantScope::All => None,
        DefendantScope::Only(ids) => {
            Some(defendants.iter().filter(|d| ids.contains(&d.id)).map(|d| d.name.clone()).collect())
        }
    }
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
