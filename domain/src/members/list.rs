//! The People tab's list: each person's row as a viewer sees it, paged, with the role choices
//! of its dropdowns, and which rows the viewer may change.
use super::active_grant;
use crate::access::roles::{Role, RoleOption, roles_offered};
use crate::access::rules::{check_can_change_grant_of, check_can_manage};
use crate::access::{Access, AccessPath, CaseFacts, DefendantScope, IndividualGrant, Why, evaluate};
use crate::accounts::Actor;
use crate::cases::Defendant;
use crate::directory::{Community, PersonRef};
use crate::paging::Paging;
use crate::{Timestamp, UserId};
use serde::{Deserialize, Serialize};

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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct MemberQuery {
    /// 1 for the first page (the default).
    #[serde(default)]
    pub page: Option<u32>,
    /// People per page: 100 unless asked, at most 500.
    #[serde(default)]
    pub per_page: Option<u32>,
    /// Only people whose name or email contains this, whatever its letter case (a type-ahead).
    #[serde(default)]
    pub q: Option<String>,
}

impl MemberQuery {
    /// Whether a person is among those asked for.
    pub fn matches(&self, person: &PersonRef) -> bool {
        match self.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            None => true,
            Some(q) => {
                let q = q.to_lowercase();
                person.name.to_lowercase().contains(&q) || person.email.to_lowercase().contains(&q)
            }
        }
    }

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

/// Whether the viewer may change or remove this grant: what the People tab offers. The change
/// itself is decided again by `decide_change` / `decide_revoke`.
pub fn may_edit(viewer: &Access, case: &CaseFacts, member: UserId, grant: Option<&IndividualGrant>) -> bool {
    let Some(grant) = grant else { return false };
    member != case.owner
        && check_can_manage(viewer).is_ok()
        && check_can_change_grant_of(viewer, &grant.role, "").is_ok()
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
