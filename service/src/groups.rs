//! Group grants (SPEC §4 path 3) on the case's Access tab: everyone with a usual role, at a
//! location or all of them, gets a case role. Removing one keeps access, as retained grants, for
//! those who opened the case while it was in place (R4).
use crate::access::locations::{locations, parse_location};
use crate::access::people::users_by_ids;
use crate::access::{self, LoadedCase};
use crate::audit;
use crate::db::Db;
use crate::error::{Result, ServiceError, unless_unique};
use domain::access::Capability;
use domain::access::roles::{RoleOption, role_by_key};
use domain::access::rules::{Retention, keeps_access_after_group_removal, retention};
use domain::accounts::Actor;
use domain::directory::Community;
use domain::groups::{
    AccessSettings, GroupGrantView, GroupInput, UsualRole, already_there, decide_add_group, decide_remove_group,
    no_group, roles_for_groups,
};
use domain::{CaseId, Timestamp, UserId, ValidationError};
use serde_json::json;
use sqlx::AnyConnection;
use std::collections::BTreeMap;

/// Everything the Access tab shows: groups, domains, and the choices of its forms.
#[tracing::instrument(skip_all, fields(case = %case_id, actor = %actor.id))]
pub async fn settings(db: &Db, actor: &Actor, case_id: CaseId, now: Timestamp) -> Result<AccessSettings> {
    let mut conn = db.acquire().await?;
    let opened = access::viewable(&mut conn, actor, case_id, now).await?;
    let usual_roles: Vec<String> =
        sqlx::query_scalar("SELECT name FROM usual_roles ORDER BY name").fetch_all(&mut *conn).await?;
    Ok(AccessSettings {
        groups: views(&mut conn, &opened.case, now).await?,
        domains: opened.case.domain_views(&opened.access),
        can_manage: opened.access.can(Capability::ManageAccess),
        usual_roles,
        locations: locations(&mut conn).await?,
        roles: roles_for_groups(&opened.case.roles, &opened.access),
    })
}

#[tracing::instrument(skip_all, fields(case = %case_id, actor = %actor.id))]
pub async fn list(db: &Db, actor: &Actor, case_id: CaseId, now: Timestamp) -> Result<Vec<GroupGrantView>> {
    let mut conn = db.acquire().await?;
    let opened = access::viewable(&mut conn, actor, case_id, now).await?;
    views(&mut conn, &opened.case, now).await
}

/// Gives a group a case role. The actor needs manage_access and every capability of the role (R2).
#[tracing::instrument(skip_all, fields(case = %case_id, actor = %actor.id))]
pub async fn add(db: &Db, actor: &Actor, case_id: CaseId, input: GroupInput, now: Timestamp) -> Result<GroupGrantView> {
    let mut tx = db.begin_write().await?;
    let opened = access::requiring(&mut tx, actor, case_id, Capability::ManageAccess, now).await?;
    let found: Option<(i64, String, String)> =
        sqlx::query_as("SELECT id, name, community FROM usual_roles WHERE lower(name) = lower($1)")
            .bind(input.usual_role.trim())
            .fetch_optional(&mut *tx)
            .await?;
    let (usual_role_id, name, community) = found.ok_or_else(|| {
        ValidationError::new(
            "usual_role",
            format!("There is no usual role called \"{}\". Choose one from the list.", input.usual_role.trim()),
        )
    })?;
    let location = parse_location(&mut tx, input.location.as_deref()).await?;
    let role = role_by_key(&opened.case.roles, &input.role)?;
    let group =
        decide_add_group(&opened.access, UsualRole { name, community: Community::parse(&community) }, location, role)?;
    let described = group.describe();
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO case_groups (case_id, usual_role_id, location, role_id, added_by, added_at) \
         VALUES ($1, $2, $3, (SELECT id FROM roles WHERE key = $4), $5, $6) RETURNING id",
    )
    .bind(case_id.0)
    .bind(usual_role_id)
    .bind(&group.location)
    .bind(&group.role.key)
    .bind(actor.id.0)
    .bind(now.0)
    .fetch_one(&mut *tx)
    .await;
    let id = unless_unique(inserted, || already_there(&group).into())?;
    audit::record(
        &mut tx,
        audit::Entry {
            case: Some(case_id),
            actor: Some(actor.id),
            action: "group.added",
            subject: Some(described),
            before: None,
            after: Some(json!({ "usual_role": group.usual_role, "location": group.location, "role": group.role.key })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(GroupGrantView {
        id,
        role: RoleOption::from(&group.role),
        usual_role: group.usual_role,
        location: group.location,
        added_by: Some(actor.name.clone()),
        added_at: now,
        would_keep_access: 0,
    })
}

/// What removing a group did (R4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    /// Who kept access as a retained grant, because they had opened the case.
    pub kept: Vec<String>,
}

/// Removes a group grant. Its members who opened the case while it was in place keep the same
/// role as retained grants; the others lose that access at once.
#[tracing::instrument(skip_all, fields(case = %case_id, actor = %actor.id, group = group_id))]
pub async fn remove(db: &Db, actor: &Actor, case_id: CaseId, group_id: i64, now: Timestamp) -> Result<Removal> {
    let mut tx = db.begin_write().await?;
    let opened = access::requiring(&mut tx, actor, case_id, Capability::ManageAccess, now).await?;
    let case = &opened.case;
    let index = case.groups.iter().position(|g| g.id == group_id).ok_or_else(|| no_group(group_id))?;
    let group = &case.facts.groups[index];
    let described = group.describe();
    decide_remove_group(&opened.access, group)?;
    // The group row goes first: a second removal running at the same moment waits on it, then
    // finds nothing to remove.
    let deleted = sqlx::query("DELETE FROM case_groups WHERE id = $1 AND case_id = $2")
        .bind(group_id)
        .bind(case_id.0)
        .execute(&mut *tx)
        .await?;
    if deleted.rows_affected() != 1 {
        return Err(no_group(group_id).into());
    }
    let keepers = keepers(&mut tx, case, index, now).await?;
    let role_id: i64 =
        sqlx::query_scalar("SELECT id FROM roles WHERE key = $1").bind(&group.role.key).fetch_one(&mut *tx).await?;
    let mut kept = Vec::new();
    let mut own_kept = Vec::new();
    for (user, decision) in &keepers {
        match decision {
            Retention::Covered => continue,
            Retention::KeepOwn => {
                own_kept.push(user.email.clone());
                continue;
            }
            Retention::Replace => {
                // Only the grant as it was read: one changed meanwhile makes the removal fail whole.
                let (grant_id, version) = case.grant_versions.get(&user.id).copied().unwrap_or_default();
                let replaced = sqlx::query("DELETE FROM case_grants WHERE id = $1 AND version = $2")
                    .bind(grant_id)
                    .bind(version)
                    .execute(&mut *tx)
                    .await?;
                if replaced.rows_affected() != 1 {
                    return Err(changed_meanwhile(user));
                }
            }
            Retention::Add => {
                // An expired grant may still be on file (the sweep has not run): it gives way.
                sqlx::query("DELETE FROM case_grants WHERE case_id = $1 AND user_id = $2 AND expires_at IS NOT NULL AND expires_at <= $3")
                    .bind(case_id.0)
                    .bind(user.id.0)
                    .bind(now.0)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let inserted = sqlx::query(
            "INSERT INTO case_grants (case_id, user_id, role_id, expires_at, retained, message, granted_by, granted_at) \
             VALUES ($1, $2, $3, NULL, 1, NULL, $4, $5)",
        )
        .bind(case_id.0)
        .bind(user.id.0)
        .bind(role_id)
        .bind(actor.id.0)
        .bind(now.0)
        .execute(&mut *tx)
        .await;
        // A unique violation: someone gave them a grant of their own meanwhile.
        unless_unique(inserted, || changed_meanwhile(user))?;
        kept.push(user.clone());
    }
    let emails: Vec<String> = kept.iter().map(|u| u.email.clone()).collect();
    audit::record(
        &mut tx,
        audit::Entry {
            case: Some(case_id),
            actor: Some(actor.id),
            action: "group.removed",
            subject: Some(described),
            before: Some(json!({ "usual_role": group.usual_role, "location": group.location, "role": group.role.key })),
            after: Some(json!({ "retained": emails, "kept_own_grant": own_kept })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Removal { kept: kept.into_iter().map(|u| u.name).collect() })
}

fn changed_meanwhile(user: &Actor) -> ServiceError {
    ServiceError::Conflict {
        field: None,
        message: format!("{}'s access changed a moment ago. Reload, then remove the group again.", user.name),
    }
}

async fn views(conn: &mut AnyConnection, case: &LoadedCase, now: Timestamp) -> Result<Vec<GroupGrantView>> {
    let mut out = Vec::with_capacity(case.groups.len());
    for (index, (group, meta)) in case.facts.groups.iter().zip(&case.groups).enumerate() {
        out.push(GroupGrantView {
            id: meta.id,
            usual_role: group.usual_role.clone(),
            location: group.location.clone(),
            role: RoleOption::from(&group.role),
            added_by: meta.added_by.clone(),
            added_at: meta.added_at,
            would_keep_access: keepers(conn, case, index, now)
                .await?
                .iter()
                .filter(|(_, r)| matches!(r, Retention::Add | Retention::Replace))
                .count() as i64,
        });
    }
    Ok(out)
}

/// Who keeps access if group `index` is removed at `now` (its members who opened the case since
/// it was added), each with what happens to a grant of their own.
async fn keepers(
    conn: &mut AnyConnection,
    case: &LoadedCase,
    index: usize,
    now: Timestamp,
) -> Result<Vec<(Actor, Retention)>> {
    let group = &case.facts.groups[index];
    let added_at = case.groups[index].added_at;
    let opened: BTreeMap<i64, i64> = sqlx::query_as::<_, (i64, i64)>(
        "SELECT o.user_id, o.last_opened_at FROM case_openings o JOIN users u ON u.id = o.user_id \
         JOIN usual_roles ur ON ur.id = u.usual_role_id WHERE o.case_id = $1 AND ur.name = $2",
    )
    .bind(case.row.id)
    .bind(&group.usual_role)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    let ids: Vec<UserId> = opened.keys().copied().map(UserId).collect();
    let users = users_by_ids(conn, &ids).await?;
    Ok(users
        .into_iter()
        .filter(|u| {
            keeps_access_after_group_removal(group, added_at, &u.subject(), opened.get(&u.id.0).copied().map(Timestamp))
        })
        .map(|u| {
            let own = case.facts.grants.iter().find(|g| g.user == u.id);
            let decision = retention(&group.role, own, now);
            (u, decision)
        })
        .collect())
}
