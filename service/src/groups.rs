//! Group grants (SPEC §4 path 3) on the case's Access tab: everyone with a usual role, at a
//! location or all of them, gets a case role. Removing one keeps access, as retained grants, for
//! those who opened the case while it was in place (R4).
use crate::access::{LoadedCase, load_case};
use crate::accounts::{CurrentUser, users_by_ids};
use crate::cases::require_view;
use crate::db::Db;
use crate::error::{Result, ServiceError, unless_unique};
use crate::{audit, domains, roles};
use domain::access::roles::{OWNER, Role};
use domain::access::rules::{Retention, check_can_change_grant_of, check_can_grant, check_can_manage, check_scope_within, keeps_access_after_group_removal, retention};
use domain::access::{Access, DefendantScope, GroupGrant};
use domain::directory::Community;
use domain::views::{AccessSettings, GroupGrantView, GroupInput, RoleOption};
use domain::{CaseId, Timestamp, UserId, ValidationError};
use serde_json::json;
use sqlx::AnyConnection;
use std::collections::BTreeMap;

/// Everything the Access tab shows: groups, domains, and the choices of its forms.
pub async fn settings(db: &Db, actor: &CurrentUser, case_id: CaseId, now: Timestamp) -> Result<AccessSettings> {
    let mut conn = db.pool().acquire().await?;
    let case = load_case(&mut conn, case_id).await?;
    let access = case.access_of(actor, now);
    require_view(&mut conn, &case, &access, now).await?;
    let usual_roles: Vec<String> = sqlx::query_scalar("SELECT name FROM usual_roles ORDER BY name").fetch_all(&mut *conn).await?;
    Ok(AccessSettings {
        groups: views(&mut conn, &case, now).await?,
        domains: domains::views(&mut conn, &case, &access).await?,
        can_manage: check_can_manage(&access).is_ok(),
        usual_roles,
        locations: locations(&mut conn).await?,
        roles: case.roles.iter().filter(|r| group_role_allowed(r) && check_can_grant(&access, r).is_ok()).map(RoleOption::from).collect(),
    })
}

pub async fn list(db: &Db, actor: &CurrentUser, case_id: CaseId, now: Timestamp) -> Result<Vec<GroupGrantView>> {
    let mut conn = db.pool().acquire().await?;
    let case = load_case(&mut conn, case_id).await?;
    let access = case.access_of(actor, now);
    require_view(&mut conn, &case, &access, now).await?;
    views(&mut conn, &case, now).await
}

/// Gives a group a case role. The actor needs manage_access and every capability of the role (R2).
pub async fn add(db: &Db, actor: &CurrentUser, case_id: CaseId, input: GroupInput, now: Timestamp) -> Result<GroupGrantView> {
    let mut tx = db.begin_write().await?;
    let (_, access) = managed_case(&mut tx, actor, case_id, now).await?;
    let usual_role: Option<(i64, String, String)> = sqlx::query_as("SELECT id, name, community FROM usual_roles WHERE lower(name) = lower($1)")
        .bind(input.usual_role.trim())
        .fetch_optional(&mut *tx)
        .await?;
    let (usual_role_id, usual_role, community) = usual_role.ok_or_else(|| {
        ValidationError::new("usual_role", format!("There is no usual role called \"{}\". Choose one from the list.", input.usual_role.trim()))
    })?;
    let location = parse_location(&mut tx, input.location.as_deref()).await?;
    let (role_id, role) = roles::by_key(&mut tx, &input.role)
        .await?
        .ok_or_else(|| ValidationError::new("role", format!("There is no role {}. Choose one of the roles offered.", input.role)))?;
    if !group_role_allowed(&role) {
        return Err(ValidationError::new(
            "role",
            format!("{} is limited to chosen defendants, which a group cannot be. Invite people individually, or add a defence email domain.", role.name),
        )
        .into());
    }
    if let Some(wanted) = role.community.filter(|c| Community::parse(&community) != Some(*c)) {
        return Err(ValidationError::new(
            "role",
            format!("{} is a role for the {} community, and {usual_role} is not in it. Choose a general role.", role.name, wanted.label().to_lowercase()),
        )
        .into());
    }
    check_can_grant(&access, &role)?;
    // A group reaches every defendant: only someone who sees them all may give that.
    check_scope_within(&access, &DefendantScope::All)?;
    let group = GroupGrant { usual_role, location, role };
    let described = group.describe();
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO case_groups (case_id, usual_role_id, location, role_id, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(case_id.0)
    .bind(usual_role_id)
    .bind(&group.location)
    .bind(role_id)
    .bind(actor.id.0)
    .bind(now.0)
    .fetch_one(&mut *tx)
    .await;
    let id = unless_unique(inserted, || ServiceError::Conflict {
        field: Some("usual_role".into()),
        message: format!("{described} already has access to this case. Remove it first to give it another role."),
    })?;
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
pub async fn remove(db: &Db, actor: &CurrentUser, case_id: CaseId, group_id: i64, now: Timestamp) -> Result<Removal> {
    let mut tx = db.begin_write().await?;
    let (case, access) = managed_case(&mut tx, actor, case_id, now).await?;
    let index = case.groups.iter().position(|g| g.id == group_id).ok_or_else(|| no_group(group_id))?;
    let group = &case.facts.groups[index];
    let described = group.describe();
    check_can_change_grant_of(&access, &group.role, &format!("the group {described}"))?;
    check_scope_within(&access, &DefendantScope::All)?;
    // The group row goes first: a second removal running at the same moment waits on it, then
    // finds nothing to remove.
    let deleted = sqlx::query("DELETE FROM case_groups WHERE id = $1 AND case_id = $2").bind(group_id).bind(case_id.0).execute(&mut *tx).await?;
    if deleted.rows_affected() != 1 {
        return Err(no_group(group_id));
    }
    let keepers = keepers(&mut tx, &case, index, now).await?;
    let role_id: i64 = sqlx::query_scalar("SELECT id FROM roles WHERE key = $1").bind(&group.role.key).fetch_one(&mut *tx).await?;
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
                let replaced = sqlx::query("DELETE FROM case_grants WHERE id = $1 AND version = $2").bind(grant_id).bind(version).execute(&mut *tx).await?;
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

/// The case, refused unless the actor may open it and holds manage_access.
pub(crate) async fn managed_case(conn: &mut AnyConnection, actor: &CurrentUser, case_id: CaseId, now: Timestamp) -> Result<(LoadedCase, Access)> {
    let case = load_case(&mut *conn, case_id).await?;
    let access = case.access_of(actor, now);
    require_view(&mut *conn, &case, &access, now).await?;
    check_can_manage(&access)?;
    Ok((case, access))
}

/// A location as stored: the name of an existing office (any organisation's), or none for all.
pub(crate) async fn parse_location(conn: &mut AnyConnection, input: Option<&str>) -> Result<Option<String>> {
    let Some(wanted) = input.map(str::trim).filter(|l| !l.is_empty() && !l.eq_ignore_ascii_case("all")) else {
        return Ok(None);
    };
    let found: Option<String> =
        sqlx::query_scalar("SELECT MIN(name) FROM offices WHERE lower(name) = lower($1)").bind(wanted).fetch_one(&mut *conn).await?;
    found.map(Some).ok_or_else(|| {
        ValidationError::new("location", format!("There is no office called \"{wanted}\". Choose a location from the list, or All locations.")).into()
    })
}

/// Every office name, once: the locations a group or domain can be limited to.
pub(crate) async fn locations(conn: &mut AnyConnection) -> Result<Vec<String>> {
    let names: Vec<String> = sqlx::query_scalar("SELECT DISTINCT name FROM offices ORDER BY name").fetch_all(&mut *conn).await?;
    Ok(names)
}

/// A group gives its role to everyone in it, for every defendant: roles limited to chosen
/// defendants, and Owner, cannot be given that way.
fn group_role_allowed(role: &Role) -> bool {
    role.key != OWNER && !role.defendant_scoped
}

fn changed_meanwhile(user: &CurrentUser) -> ServiceError {
    ServiceError::Conflict { field: None, message: format!("{}'s access changed a moment ago. Reload, then remove the group again.", user.name) }
}

fn no_group(id: i64) -> ServiceError {
    ServiceError::NotFound(format!("This case has no group grant with id {id}. Someone may have removed it a moment ago."))
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
            would_keep_access: keepers(conn, case, index, now).await?.iter().filter(|(_, r)| matches!(r, Retention::Add | Retention::Replace)).count() as i64,
        });
    }
    Ok(out)
}

/// Who keeps access if group `index` is removed at `now` (its members who opened the case since
/// it was added), each with what happens to a grant of their own.
async fn keepers(conn: &mut AnyConnection, case: &LoadedCase, index: usize, now: Timestamp) -> Result<Vec<(CurrentUser, Retention)>> {
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
        .filter(|u| keeps_access_after_group_removal(group, added_at, &u.subject(), opened.get(&u.id.0).copied().map(Timestamp)))
        .map(|u| {
            let own = case.facts.grants.iter().find(|g| g.user == u.id);
            let decision = retention(&group.role, own, now);
            (u, decision)
        })
        .collect())
}
