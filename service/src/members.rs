//! The People tab's use cases: who has access and why; invite, change and revoke individual grants.
//! Each change runs in one transaction with its audit entry and its emails (R8: the next request
//! sees it, on every instance).
use crate::access::{LoadedCase, load_case};
use crate::accounts::{CurrentUser, users_by_ids};
use crate::cases::require_view;
use crate::db::Db;
use crate::error::{Result, ServiceError};
use crate::{audit, outbox, roles};
use domain::access::roles::Role;
use domain::access::rules::{check_can_change_grant_of, check_can_grant, check_can_manage, check_may_receive, check_scope_within, parse_expiry, scope_for};
use domain::access::{AccessPath, DefendantScope, IndividualGrant, is_active};
use domain::directory::Email;
use domain::views::{Grantor, InviteInput, Member, MemberChange, MemberList, RoleOption};
use domain::{CaseId, DefendantId, Timestamp, UserId, ValidationError};
use serde_json::json;
use sqlx::AnyConnection;
use std::collections::BTreeSet;

const MAX_MESSAGE_CHARS: usize = 2000;

/// Everyone with access to the case. Anyone who may open the case sees the list; only holders of
/// manage_access get the controls.
pub async fn list(db: &Db, actor: &CurrentUser, case_id: CaseId, now: Timestamp) -> Result<MemberList> {
    let mut conn = db.pool().acquire().await?;
    let case = load_case(&mut conn, case_id).await?;
    let access = case.access_of(actor, now);
    require_view(&mut conn, &case, &access, now).await?;
    Ok(MemberList { members: members_of(&mut conn, &case, &access.scope, now, Reach::Everyone).await?, can_manage: check_can_manage(&access).is_ok() })
}

/// Gives a registered user an individual grant, and emails them and the inviter.
pub async fn invite(db: &Db, actor: &CurrentUser, case_id: CaseId, input: InviteInput, now: Timestamp, base_url: &str) -> Result<Member> {
    let mut tx = db.begin_write().await?;
    let member = invite_in(&mut tx, actor, case_id, input, now, base_url).await?;
    tx.commit().await?;
    Ok(member)
}

/// `invite` inside the caller's transaction (approving an access request grants the same way).
pub(crate) async fn invite_in(conn: &mut AnyConnection, actor: &CurrentUser, case_id: CaseId, input: InviteInput, now: Timestamp, base_url: &str) -> Result<Member> {
    let case = load_case(&mut *conn, case_id).await?;
    let actor_access = case.access_of(actor, now);
    require_view(&mut *conn, &case, &actor_access, now).await?;
    check_can_manage(&actor_access)?;
    let (role_id, role) = role_by_key(&mut *conn, &input.role).await?;
    check_can_grant(&actor_access, &role)?;

    let email = Email::parse(&input.email)?;
    let invitee = registered_user(&mut *conn, &email).await?;
    if invitee.id == case.facts.owner {
        return Err(ServiceError::Conflict { field: Some("email".into()), message: format!("{} owns this case already.", invitee.name) });
    }
    // A retained grant gives way to the invitation, but changing it is R2's business like any other.
    if let Some(kept) = active_grant(&case, invitee.id, now).filter(|g| g.retained) {
        check_can_change_grant_of(&actor_access, &kept.role, &invitee.name)?;
    }
    if let Some(existing) = active_grant(&case, invitee.id, now).filter(|g| !g.retained) {
        return Err(ServiceError::Conflict {
            field: Some("email".into()),
            message: format!("{} already has access as {}. Change their role in the list instead.", invitee.name, existing.role.name),
        });
    }
    check_community(&role, &invitee)?;
    check_may_receive(invitee.account_type, allows_sharing(&mut *conn, invitee.id).await?, &invitee.name)?;
    let chosen: BTreeSet<DefendantId> = input.defendants.iter().copied().collect();
    let scope = scope_for(&role, &chosen, &case.defendant_ids())?;
    check_scope_within(&actor_access, &scope)?;
    let expires_at = parse_expiry(input.expires_at.as_deref(), now)?;
    let message = input.message.as_deref().map(str::trim).filter(|m| !m.is_empty()).map(str::to_string);
    if message.as_ref().is_some_and(|m| m.chars().count() > MAX_MESSAGE_CHARS) {
        return Err(ValidationError::new("message", format!("A message is at most {MAX_MESSAGE_CHARS} characters long.")).into());
    }

    // An expired or retained grant gives way to the new invitation.
    sqlx::query("DELETE FROM case_grants WHERE case_id = $1 AND user_id = $2").bind(case_id.0).bind(invitee.id.0).execute(&mut *conn).await?;
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO case_grants (case_id, user_id, role_id, expires_at, retained, message, granted_by, granted_at) \
         VALUES ($1, $2, $3, $4, 0, $5, $6, $7) RETURNING id",
    )
    .bind(case_id.0)
    .bind(invitee.id.0)
    .bind(role_id)
    .bind(expires_at.map(|t| t.0))
    .bind(&message)
    .bind(actor.id.0)
    .bind(now.0)
    .fetch_one(&mut *conn)
    .await;
    // A unique violation: someone else invited the same person at the same moment.
    let grant_id = crate::error::unless_unique(inserted, || changed_meanwhile(&invitee))?;
    write_scope(&mut *conn, grant_id, &scope).await?;
    let after = grant_json(&role, &scope, expires_at, &case);
    audit::record(
        &mut *conn,
        audit::Entry { case: Some(case_id), actor: Some(actor.id), action: "member.invited", subject: Some(invitee.email.clone()), before: None, after: Some(after) },
        now,
    )
    .await?;
    let terms = describe_terms(&role, &scope, expires_at, &case);
    let link = format!("{}/cases/{}", base_url.trim_end_matches('/'), case_id);
    let case_name = format!("{} ({})", case.row.reference, case.row.title);
    let note = message.as_ref().map(|m| format!("\n\nTheir message:\n{m}")).unwrap_or_default();
    outbox::enqueue(
        &mut *conn,
        outbox::Email {
            to: invitee.email.clone(),
            subject: format!("{} gave you access to {}", actor.name, case.row.reference),
            body: format!(
                "Hello {},\n\n{} ({}) has given you access to the case {case_name} as {terms}.{note}\n\nOpen the case: {link}\n\nIt is also on your case list in Caseward.",
                invitee.name, actor.name, actor.email
            ),
        },
        now,
    )
    .await?;
    outbox::enqueue(
        &mut *conn,
        outbox::Email {
            to: actor.email.clone(),
            subject: format!("You gave {} access to {}", invitee.name, case.row.reference),
            body: format!("Hello {},\n\nYou gave {} ({}) access to the case {case_name} as {terms}.\n\nThe case: {link}", actor.name, invitee.name, invitee.email),
        },
        now,
    )
    .await?;
    member_after_change(&mut *conn, case_id, &invitee, now).await
}

/// Changes someone's individual grant: role, defendants, expiry. `change.version` must be the
/// version the person saw, so that one of two simultaneous changes is refused, not merged.
pub async fn change(db: &Db, actor: &CurrentUser, case_id: CaseId, user: UserId, change: MemberChange, now: Timestamp) -> Result<Member> {
    let mut tx = db.begin_write().await?;
    let case = load_case(&mut tx, case_id).await?;
    let actor_access = case.access_of(actor, now);
    require_view(&mut tx, &case, &actor_access, now).await?;
    check_can_manage(&actor_access)?;
    if user == case.facts.owner {
        return Err(ServiceError::Forbidden("The owner's access cannot be changed: ownership moves only by transfer.".into()));
    }
    if user == actor.id {
        return Err(ServiceError::Forbidden("You cannot change your own access. Ask another person who manages access to this case.".into()));
    }
    let member = existing_user(&mut tx, user).await?;
    // An expired grant gives nothing and is not revived by a change: invite the person again.
    let current = active_grant(&case, user, now).ok_or_else(|| no_grant(&member))?;
    let (grant_id, version) = *case.grant_versions.get(&user).ok_or_else(|| no_grant(&member))?;
    if version != change.version {
        return Err(changed_meanwhile(&member));
    }
    check_can_change_grant_of(&actor_access, &current.role, &member.name)?;
    let (role_id, role) = role_by_key(&mut tx, change.role.as_deref().unwrap_or(&current.role.key)).await?;
    check_can_grant(&actor_access, &role)?;
    check_community(&role, &member)?;
    check_may_receive(member.account_type, allows_sharing(&mut tx, member.id).await?, &member.name)?;
    let chosen: BTreeSet<DefendantId> = match (&change.defendants, &current.scope) {
        (Some(ids), _) => ids.iter().copied().collect(),
        (None, DefendantScope::Only(ids)) => ids.clone(),
        (None, DefendantScope::All) => BTreeSet::new(),
    };
    let scope = scope_for(&role, &chosen, &case.defendant_ids())?;
    check_scope_within(&actor_access, &scope)?;
    let expires_at = match change.expires_at.as_deref() {
        None => current.expires_at,
        Some(text) => parse_expiry(Some(text), now)?,
    };
    let updated = sqlx::query("UPDATE case_grants SET role_id = $1, expires_at = $2, version = version + 1 WHERE id = $3 AND version = $4")
        .bind(role_id)
        .bind(expires_at.map(|t| t.0))
        .bind(grant_id)
        .bind(version)
        .execute(&mut *tx)
        .await?;
    if updated.rows_affected() != 1 {
        return Err(changed_meanwhile(&member));
    }
    sqlx::query("DELETE FROM case_grant_defendants WHERE grant_id = $1").bind(grant_id).execute(&mut *tx).await?;
    write_scope(&mut tx, grant_id, &scope).await?;
    let before = grant_json(&current.role, &current.scope, current.expires_at, &case);
    let after = grant_json(&role, &scope, expires_at, &case);
    audit::record(
        &mut tx,
        audit::Entry { case: Some(case_id), actor: Some(actor.id), action: "member.changed", subject: Some(member.email.clone()), before: Some(before), after: Some(after) },
        now,
    )
    .await?;
    let result = member_after_change(&mut tx, case_id, &member, now).await?;
    tx.commit().await?;
    Ok(result)
}

/// Removes someone's individual (or retained) grant. Everyone may remove their own, but the owner.
pub async fn revoke(db: &Db, actor: &CurrentUser, case_id: CaseId, user: UserId, now: Timestamp) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let case = load_case(&mut tx, case_id).await?;
    let actor_access = case.access_of(actor, now);
    // Checked before anything about the target is revealed, so strangers learn nothing.
    if user != actor.id {
        require_view(&mut tx, &case, &actor_access, now).await?;
        check_can_manage(&actor_access)?;
    }
    if user == case.facts.owner {
        return Err(ServiceError::Forbidden("The owner's access cannot be revoked: ownership moves only by transfer.".into()));
    }
    let member = existing_user(&mut tx, user).await?;
    let current = case.facts.grants.iter().find(|g| g.user == user).ok_or_else(|| no_grant(&member))?;
    if user != actor.id {
        check_can_change_grant_of(&actor_access, &current.role, &member.name)?;
    }
    let deleted = sqlx::query("DELETE FROM case_grants WHERE case_id = $1 AND user_id = $2").bind(case_id.0).bind(user.0).execute(&mut *tx).await?;
    if deleted.rows_affected() != 1 {
        return Err(changed_meanwhile(&member));
    }
    // Whoever is left with no path at all is no longer a case administrator either, so a later
    // invitation does not quietly bring back the policy capabilities.
    let after = load_case(&mut tx, case_id).await?;
    if !after.access_of(&member, now).has_any() {
        sqlx::query("DELETE FROM case_administrators WHERE case_id = $1 AND user_id = $2").bind(case_id.0).bind(user.0).execute(&mut *tx).await?;
    }
    let before = grant_json(&current.role, &current.scope, current.expires_at, &case);
    audit::record(
        &mut tx,
        audit::Entry { case: Some(case_id), actor: Some(actor.id), action: "member.revoked", subject: Some(member.email.clone()), before: Some(before), after: None },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Who can grant access to a case: everyone holding manage_access on it now (R7).
pub(crate) async fn grantors(conn: &mut AnyConnection, case: &LoadedCase, now: Timestamp) -> Result<Vec<Grantor>> {
    let members = members_of(conn, case, &DefendantScope::All, now, Reach::Grantors).await?;
    Ok(members
        .into_iter()
        .filter(|m| m.access.can(domain::access::Capability::ManageAccess))
        .map(|m| Grantor { name: m.user.name, email: m.user.email, role: m.role_name })
        .collect())
}

/// Whom `members_of` looks at.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reach {
    Everyone,
    /// Only those who may hold manage_access: a broad group of readers (every police officer)
    /// need not be loaded to answer "who can grant access".
    Grantors,
}

/// Everyone with access; each person's defendants are shown only within the viewer's own scope.
async fn members_of(conn: &mut AnyConnection, case: &LoadedCase, viewer_scope: &DefendantScope, now: Timestamp, reach: Reach) -> Result<Vec<Member>> {
    let mut candidates: Vec<UserId> = vec![case.facts.owner];
    candidates.extend(case.facts.grants.iter().map(|g| g.user));
    // Everyone a group or domain may reach; evaluate() then keeps those it does (location too).
    // Domains give Defence Advocate, which never manages access.
    let reached: Vec<i64> = match reach {
        Reach::Everyone => sqlx::query_scalar(
            "SELECT u.id FROM users u JOIN case_groups g ON g.usual_role_id = u.usual_role_id WHERE g.case_id = $1 \
             UNION SELECT u.id FROM users u JOIN case_domains d ON u.email_key LIKE '%@' || d.domain WHERE d.case_id = $1",
        ),
        Reach::Grantors => sqlx::query_scalar(
            "SELECT u.id FROM users u JOIN case_groups g ON g.usual_role_id = u.usual_role_id \
             JOIN role_capabilities rc ON rc.role_id = g.role_id AND rc.capability = 'manage_access' WHERE g.case_id = $1",
        ),
    }
    .bind(case.row.id)
    .fetch_all(&mut *conn)
    .await?;
    candidates.extend(reached.into_iter().map(UserId));
    candidates.sort();
    candidates.dedup();
    let users = users_by_ids(conn, &candidates).await?;
    let mut members: Vec<Member> = users.iter().filter_map(|u| member_of(case, u, viewer_scope, now)).collect();
    members.sort_by_key(|m| (!m.is_owner, m.user.name.to_lowercase()));
    Ok(members)
}

fn member_of(case: &LoadedCase, user: &CurrentUser, viewer_scope: &DefendantScope, now: Timestamp) -> Option<Member> {
    let access = case.access_of(user, now);
    if !access.has_any() {
        return None;
    }
    let mut paths: Vec<AccessPath> = access.explanation.iter().map(|p| p.path).collect();
    paths.sort();
    paths.dedup();
    let grant = active_grant(case, user.id, now);
    let access = access.seen_by(viewer_scope);
    let defendants = match &access.scope {
        DefendantScope::All => None,
        DefendantScope::Only(ids) => Some(case.defendants.iter().filter(|d| ids.contains(&d.id)).cloned().collect()),
    };
    Some(Member {
        user: domain::views::PersonRef { id: user.id, name: user.name.clone(), email: user.email.clone() },
        paths,
        grant_role: grant.map(|g| g.role.key.clone()),
        role_name: access.headline_role().unwrap_or_default().to_string(),
        expires_at: grant.and_then(|g| g.expires_at),
        defendants,
        is_owner: user.id == case.facts.owner,
        version: grant.and(case.grant_versions.get(&user.id).map(|(_, v)| *v)),
        role_options: domain::access::roles::roles_offered(&case.roles, user.community).iter().map(RoleOption::from).collect(),
        access,
    })
}

async fn member_after_change(conn: &mut AnyConnection, case_id: CaseId, user: &CurrentUser, now: Timestamp) -> Result<Member> {
    let case = load_case(conn, case_id).await?;
    member_of(&case, user, &DefendantScope::All, now).ok_or_else(|| ServiceError::Internal("a changed member has no access".into()))
}

fn active_grant(case: &LoadedCase, user: UserId, now: Timestamp) -> Option<&IndividualGrant> {
    case.facts.grants.iter().find(|g| g.user == user && is_active(g.expires_at, now))
}

async fn role_by_key(conn: &mut AnyConnection, key: &str) -> Result<(i64, Role)> {
    roles::by_key(conn, key).await?.ok_or_else(|| ValidationError::new("role", format!("There is no role {key}. Choose one of the roles offered.")).into())
}

async fn existing_user(conn: &mut AnyConnection, user: UserId) -> Result<CurrentUser> {
    users_by_ids(conn, &[user]).await?.pop().ok_or_else(|| ServiceError::NotFound(format!("There is no user with id {user}.")))
}

async fn registered_user(conn: &mut AnyConnection, email: &Email) -> Result<CurrentUser> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email_key = $1").bind(email.key()).fetch_optional(&mut *conn).await?;
    let user = match id {
        Some(id) => users_by_ids(conn, &[UserId(id)]).await?.pop(),
        None => None,
    };
    user.ok_or_else(|| ValidationError::new("email", format!("No one is registered with the email address {email}. Check the address, or ask them to register first.")).into())
}

async fn allows_sharing(conn: &mut AnyConnection, user: UserId) -> Result<bool> {
    let flag: i64 = sqlx::query_scalar("SELECT perm_allow_share FROM users WHERE id = $1").bind(user.0).fetch_one(&mut *conn).await?;
    Ok(flag != 0)
}

/// Participant roles go to people of their community; generic roles to anyone.
fn check_community(role: &Role, user: &CurrentUser) -> Result<()> {
    match role.community {
        Some(community) if user.community != Some(community) => Err(ValidationError::new(
            "role",
            format!("{} is a role for the {} community, and {} is not in it. Choose one of the roles offered.", role.name, community.label().to_lowercase(), user.name),
        )
        .into()),
        _ => Ok(()),
    }
}

async fn write_scope(conn: &mut AnyConnection, grant_id: i64, scope: &DefendantScope) -> Result<()> {
    if let DefendantScope::Only(ids) = scope {
        for id in ids {
            sqlx::query("INSERT INTO case_grant_defendants (grant_id, defendant_id) VALUES ($1, $2)").bind(grant_id).bind(id.0).execute(&mut *conn).await?;
        }
    }
    Ok(())
}

fn defendant_names(scope: &DefendantScope, case: &LoadedCase) -> Option<Vec<String>> {
    match scope {
        DefendantScope::All => None,
        DefendantScope::Only(ids) => Some(case.defendants.iter().filter(|d| ids.contains(&d.id)).map(|d| d.name.clone()).collect()),
    }
}

fn grant_json(role: &Role, scope: &DefendantScope, expires_at: Option<Timestamp>, case: &LoadedCase) -> serde_json::Value {
    json!({ "role": role.key, "defendants": defendant_names(scope, case), "expires_at": expires_at.map(|t| t.0) })
}

/// "Defence Advocate for John Smith, until 31 Mar 2027"
fn describe_terms(role: &Role, scope: &DefendantScope, expires_at: Option<Timestamp>, case: &LoadedCase) -> String {
    let mut text = role.name.clone();
    if let Some(names) = defendant_names(scope, case) {
        text.push_str(&format!(" for {}", names.join(", ")));
    }
    if let Some(end) = expires_at {
        text.push_str(&format!(", until {}", end.display()));
    }
    text
}

fn no_grant(user: &CurrentUser) -> ServiceError {
    ServiceError::NotFound(format!("{} has no individual grant on this case: their access comes from another path.", user.name))
}

fn changed_meanwhile(user: &CurrentUser) -> ServiceError {
    ServiceError::Conflict {
        field: None,
        message: format!("Someone else changed {}'s access a moment ago. Reload the list to see the change, then try again.", user.name),
    }
}

/// Removes grants whose expiry has passed and records each removal. Access already stopped at the
/// expiry instant (R3); this keeps the data and the audit log in step with it.
pub async fn sweep_expired(db: &Db, now: Timestamp) -> Result<usize> {
    let mut tx = db.begin_write().await?;
    let expired: Vec<(i64, i64, String, String, i64)> = sqlx::query_as(
        "SELECT g.id, g.case_id, u.email, r.key, g.expires_at FROM case_grants g \
         JOIN users u ON u.id = g.user_id JOIN roles r ON r.id = g.role_id \
         WHERE g.expires_at IS NOT NULL AND g.expires_at <= $1 ORDER BY g.id",
    )
    .bind(now.0)
    .fetch_all(&mut *tx)
    .await?;
    let mut removed = 0;
    for (grant_id, case_id, email, role, expires_at) in &expired {
        // Re-checked in the DELETE: a change may have extended the grant since the SELECT.
        let deleted = sqlx::query("DELETE FROM case_grants WHERE id = $1 AND expires_at IS NOT NULL AND expires_at <= $2")
            .bind(grant_id)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
        if deleted.rows_affected() != 1 {
            continue;
        }
        removed += 1;
        audit::record(
            &mut tx,
            audit::Entry {
                case: Some(CaseId(*case_id)),
                actor: None,
                action: "member.expired",
                subject: Some(email.clone()),
                before: Some(json!({ "role": role, "expires_at": expires_at })),
                after: None,
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(removed)
}
