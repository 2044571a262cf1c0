//! The People tab's use cases: who has access and why; invite, change and revoke individual grants.
//! Each change loads the facts through the access gate, asks the domain's decision, writes its
//! plan with the audit entry and emails, in one transaction (R8: the next request sees it).
use crate::access::individual_grants::{grant_json, write_scope};
use crate::access::people::{registered_user, user_by_id, users_by_ids};
use crate::access::{self, LoadedCase, Reach};
use crate::audit;
use crate::db::Db;
use crate::error::{Result, ServiceError};
use domain::access::Capability;
use domain::accounts::Actor;
use domain::members::{
    Invite, InviteInput, Member, MemberChange, MemberList, MemberQuery, Viewer, changed_meanwhile, decide_change,
    decide_invite, decide_revoke, member_row, role_choices,
};
use domain::{CaseId, Timestamp, UserId};
use serde_json::json;
use sqlx::AnyConnection;

/// A page of everyone with access to the case (everyone is decided, so that the total and the
/// order are right; only the page is sent). Anyone who may open the case sees the list; only
/// holders of manage_access get the controls.
#[tracing::instrument(skip_all, fields(case = %case_id, actor = %actor.id))]
pub async fn list(db: &Db, actor: &Actor, case_id: CaseId, query: MemberQuery, now: Timestamp) -> Result<MemberList> {
    let mut conn = db.acquire().await?;
    let opened = access::viewable(&mut conn, actor, case_id, now).await?;
    let mut everyone = members_of(&mut conn, &opened.case, &Viewer { access: &opened.access }, now).await?;
    everyone.retain(|m| query.matches(&m.user));
    let paging = query.paging();
    let total = everyone.len() as i64;
    let members = paging.window(everyone);
    Ok(MemberList {
        role_options: role_choices(&opened.case.roles, &members),
        members,
        total,
        page: paging.page,
        per_page: paging.per_page,
        can_manage: opened.access.can(Capability::ManageAccess),
    })
}

/// Gives a registered user an individual grant, and emails them and the inviter.
#[tracing::instrument(skip_all, fields(case = %case_id, actor = %actor.id))]
pub async fn invite(
    db: &Db,
    actor: &Actor,
    case_id: CaseId,
    input: InviteInput,
    now: Timestamp,
    base_url: &str,
) -> Result<Member> {
    let mut tx = db.begin_write().await?;
    // Refused before the input is even read: a stranger learns nothing, not even who is registered.
    let opened = access::requiring(&mut tx, actor, case_id, Capability::ManageAccess, now).await?;
    let invite = Invite::parse(input, now)?;
    let invitee = registered_user(&mut tx, &invite.email).await?;
    let case = &opened.case;
    let plan = decide_invite(&opened.access, &case.facts, &case.defendant_ids(), &case.roles, &invitee, &invite, now)?;
    access::individual_grants::give(&mut tx, case, actor, &invitee, &plan, &invite.message, now, base_url).await?;
    let member = access::member_now(&mut tx, case_id, &invitee, actor, now).await?;
    tx.commit().await?;
    Ok(member)
}

/// Changes someone's individual grant: role, defendants, expiry. `change.version` must be the
/// version the person saw, so that one of two simultaneous changes is refused, not merged.
#[tracing::instrument(skip_all, fields(case = %case_id, actor = %actor.id, member = %user))]
pub async fn change(
    db: &Db,
    actor: &Actor,
    case_id: CaseId,
    user: UserId,
    change: MemberChange,
    now: Timestamp,
) -> Result<Member> {
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case_id, now).await?;
    let case = &opened.case;
    let member = user_by_id(&mut tx, user).await?;
    let version = case.grant_version(user);
    let plan = decide_change(
        actor.id,
        &opened.access,
        &case.facts,
        &case.defendant_ids(),
        &case.roles,
        user,
        member.as_ref(),
        version,
        &change,
        now,
    )?;
    // decide_change refused an unknown member and one without a grant in force.
    let (Some(member), Some(current), Some((grant_id, version))) =
        (member, domain::members::active_grant(&case.facts, user, now), case.grant_row(user))
    else {
        return Err(ServiceError::Internal("a changed grant vanished from the loaded case".into()));
    };
    let updated = sqlx::query(
        "UPDATE case_grants SET role_id = (SELECT id FROM roles WHERE key = $1), expires_at = $2, version = version + 1 WHERE id = $3 AND version = $4",
    )
    .bind(&plan.role.key)
    .bind(plan.expires_at.map(|t| t.0))
    .bind(grant_id)
    .bind(version)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(changed_meanwhile(&member.name).into());
    }
    write_scope(&mut tx, grant_id, &plan.scope).await?;
    let before = grant_json(&current.role, &current.scope, current.expires_at, case);
    audit::record(
        &mut tx,
        audit::Entry {
            case: Some(case_id),
            actor: Some(actor.id),
            action: "member.changed",
            subject: Some(member.email.clone()),
            before: Some(before),
            after: Some(grant_json(&plan.role, &plan.scope, plan.expires_at, case)),
        },
        now,
    )
    .await?;
    let result = access::member_now(&mut tx, case_id, &member, actor, now).await?;
    tx.commit().await?;
    Ok(result)
}

/// Removes someone's individual (or retained) grant. Everyone may remove their own, but the owner.
#[tracing::instrument(skip_all, fields(case = %case_id, actor = %actor.id, member = %user))]
pub async fn revoke(db: &Db, actor: &Actor, case_id: CaseId, user: UserId, now: Timestamp) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let mut opened = access::open(&mut tx, actor, case_id, now).await?;
    // Checked before anything about the target is revealed, so strangers learn nothing.
    if user != actor.id {
        opened = opened.require_view(&mut tx, actor).await?;
    }
    let case = &opened.case;
    let member = user_by_id(&mut tx, user).await?;
    let grant = decide_revoke(actor.id, &opened.access, &case.facts, user, member.as_ref())?;
    let member = member.ok_or_else(|| ServiceError::Internal("decide_revoke let an unknown member through".into()))?;
    let deleted = sqlx::query("DELETE FROM case_grants WHERE case_id = $1 AND user_id = $2")
        .bind(case_id.0)
        .bind(user.0)
        .execute(&mut *tx)
        .await?;
    if deleted.rows_affected() != 1 {
        return Err(changed_meanwhile(&member.name).into());
    }
    // Whoever is left with no path at all is no longer a case administrator, nor keeps lines in
    // the policy, so a later invitation does not quietly bring back what they held.
    let after = access::load_case(&mut tx, case_id).await?;
    if !after.access_of(&member, now).has_any() {
        for table in ["case_administrators", "case_policy_overrides"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE case_id = $1 AND user_id = $2"))
                .bind(case_id.0)
                .bind(user.0)
                .execute(&mut *tx)
                .await?;
        }
    }
    let before = grant_json(&grant.role, &grant.scope, grant.expires_at, case);
    audit::record(
        &mut tx,
        audit::Entry {
            case: Some(case_id),
            actor: Some(actor.id),
            action: "member.revoked",
            subject: Some(member.email.clone()),
            before: Some(before),
            after: None,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Everyone with access, as `viewer` may see them: each person's defendants only within the
/// viewer's own scope.
async fn members_of(
    conn: &mut AnyConnection,
    case: &LoadedCase,
    viewer: &Viewer<'_>,
    now: Timestamp,
) -> Result<Vec<Member>> {
    let candidates = access::reached(conn, case, Reach::Everyone).await?;
    let users = users_by_ids(conn, &candidates).await?;
    let mut members: Vec<Member> = users
        .iter()
        .filter_map(|u| member_row(&case.facts, &case.defendants, u, case.grant_version(u.id), viewer, now))
        .collect();
    members.sort_by_key(|m| (!m.is_owner, m.user.name.to_lowercase()));
    Ok(members)
}

/// Removes grants whose expiry has passed and records each removal. Access already stopped at the
/// expiry instant (R3); this keeps the data and the audit log in step with it.
#[tracing::instrument(skip_all)]
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
        let deleted =
            sqlx::query("DELETE FROM case_grants WHERE id = $1 AND expires_at IS NOT NULL AND expires_at <= $2")
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
