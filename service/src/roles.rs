//! Roles as data. The built-in roles come from `domain` and are written to the database at
//! start-up (read-only for everyone); system administrators add, edit and delete custom roles.
use crate::access::{all_roles, role_by_key};
use crate::db::Db;
use crate::error::{Result, ServiceError, unless_unique};
use domain::Timestamp;
use domain::access::Capability;
use domain::access::roles::{
    Role, RoleDefinition, RoleInput, RoleMatrix, built_in_roles, decide_role_change, decide_role_delete,
};
use domain::accounts::{Actor, require_system_admin};
use domain::directory::Community;
use sqlx::AnyConnection;
use std::collections::BTreeSet;

/// Writes the built-in roles as `domain` defines them, so the two never disagree. Start-up calls
/// it once, after the migrations.
#[tracing::instrument(skip_all)]
pub async fn sync_built_ins(db: &Db, now: Timestamp) -> Result<()> {
    let mut tx = db.begin_write().await?;
    for role in built_in_roles() {
        let existing: Option<i64> =
            sqlx::query_scalar("SELECT id FROM roles WHERE key = $1").bind(&role.key).fetch_optional(&mut *tx).await?;
        let id = match existing {
            Some(id) => {
                sqlx::query(
                    "UPDATE roles SET name = $1, community = $2, defendant_scoped = $3, built_in = 1 WHERE id = $4",
                )
                .bind(&role.name)
                .bind(role.community.map(|c| c.as_str()))
                .bind(role.defendant_scoped as i64)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                sqlx::query("DELETE FROM role_capabilities WHERE role_id = $1").bind(id).execute(&mut *tx).await?;
                id
            }
            None => {
                insert_role(&mut tx, &role.key, &role.name, role.community, role.defendant_scoped, true, now).await?
            }
        };
        write_capabilities(&mut tx, id, &role.capabilities).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Removes from custom roles the capabilities only ownership gives, which a role stored before
/// that rule may hold (`evaluate` never gives them anyway; this keeps the matrix truthful).
#[tracing::instrument(skip_all)]
pub async fn strip_ownership_only(db: &Db) -> Result<()> {
    for capability in Capability::OWNERSHIP_ONLY {
        let stripped = sqlx::query(
            "DELETE FROM role_capabilities WHERE capability = $1 AND role_id IN (SELECT id FROM roles WHERE built_in = 0)",
        )
        .bind(capability.as_str())
        .execute(db.pool())
        .await?;
        if stripped.rows_affected() > 0 {
            tracing::warn!(
                capability = capability.as_str(),
                roles = stripped.rows_affected(),
                "removed from custom roles: only ownership gives it"
            );
        }
    }
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn matrix(db: &Db) -> Result<RoleMatrix> {
    let mut conn = db.pool().acquire().await?;
    Ok(RoleMatrix::of(all_roles(&mut conn).await?))
}

/// Adds a custom role (system administrators). It never holds what only ownership gives.
#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn create(db: &Db, actor: &Actor, input: RoleInput, now: Timestamp) -> Result<Role> {
    require_system_admin(actor, "change roles")?;
    let role = RoleDefinition::parse(&input)?.into_role();
    let mut tx = db.begin_write().await?;
    let id = insert_role(&mut tx, &role.key, &role.name, role.community, role.defendant_scoped, false, now).await?;
    write_capabilities(&mut tx, id, &role.capabilities).await?;
    tx.commit().await?;
    Ok(role)
}

/// Changes a custom role (system administrators); built-in roles are read-only. Its key stays.
#[tracing::instrument(skip_all, fields(actor = %actor.id, role = key))]
pub async fn update(db: &Db, actor: &Actor, key: &str, input: RoleInput) -> Result<Role> {
    require_system_admin(actor, "change roles")?;
    let definition = RoleDefinition::parse(&input)?;
    let mut tx = db.begin_write().await?;
    let (id, existing) = role_by_key(&mut tx, key).await?.ok_or_else(|| unknown_role(key))?;
    decide_role_change(&existing, "changed")?;
    let role = Role { key: key.into(), ..definition.into_role() };
    let renamed = sqlx::query("UPDATE roles SET name = $1, community = $2, defendant_scoped = $3 WHERE id = $4")
        .bind(&role.name)
        .bind(role.community.map(|c| c.as_str()))
        .bind(role.defendant_scoped as i64)
        .bind(id)
        .execute(&mut *tx)
        .await;
    unless_unique(renamed, || name_taken(&role.name))?;
    sqlx::query("DELETE FROM role_capabilities WHERE role_id = $1").bind(id).execute(&mut *tx).await?;
    write_capabilities(&mut tx, id, &role.capabilities).await?;
    tx.commit().await?;
    Ok(role)
}

/// Deletes a custom role that no grant uses (system administrators).
#[tracing::instrument(skip_all, fields(actor = %actor.id, role = key))]
pub async fn delete(db: &Db, actor: &Actor, key: &str) -> Result<()> {
    require_system_admin(actor, "change roles")?;
    let mut tx = db.begin_write().await?;
    let (id, role) = role_by_key(&mut tx, key).await?.ok_or_else(|| unknown_role(key))?;
    let in_use: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM case_grants WHERE role_id = $1) + (SELECT COUNT(*) FROM case_groups WHERE role_id = $1) \
         + (SELECT COUNT(*) FROM case_template_groups WHERE role_id = $1)",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    decide_role_delete(&role, in_use)?;
    sqlx::query("DELETE FROM roles WHERE id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

async fn insert_role(
    conn: &mut AnyConnection,
    key: &str,
    name: &str,
    community: Option<Community>,
    defendant_scoped: bool,
    built_in: bool,
    now: Timestamp,
) -> Result<i64> {
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO roles (key, name, community, defendant_scoped, built_in, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(key)
    .bind(name)
    .bind(community.map(|c| c.as_str()))
    .bind(defendant_scoped as i64)
    .bind(built_in as i64)
    .bind(now.0)
    .fetch_one(&mut *conn)
    .await;
    unless_unique(inserted, || name_taken(name))
}

async fn write_capabilities(conn: &mut AnyConnection, role: i64, capabilities: &BTreeSet<Capability>) -> Result<()> {
    for capability in capabilities {
        sqlx::query("INSERT INTO role_capabilities (role_id, capability) VALUES ($1, $2)")
            .bind(role)
            .bind(capability.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

fn name_taken(name: &str) -> ServiceError {
    ServiceError::Conflict { field: Some("name".into()), message: format!("A role named {name} already exists.") }
}

fn unknown_role(key: &str) -> ServiceError {
    ServiceError::NotFound(format!("There is no role {key}."))
}
