//! Roles as data. The built-in roles come from `domain` and are written to the database at
//! start-up (read-only for everyone); system administrators add, edit and delete custom roles.
use crate::accounts::CurrentUser;
use crate::db::{Db, flag};
use crate::error::{Result, ServiceError, unless_unique};
use domain::access::Capability;
use domain::access::roles::{Role, built_in_roles};
use domain::directory::Community;
use domain::views::{CapabilityInfo, RoleInput, RoleMatrix};
use domain::{Timestamp, ValidationError};
use sqlx::AnyConnection;
use std::collections::{BTreeMap, BTreeSet};

/// Writes the built-in roles as `domain` defines them, so the two never disagree.
pub async fn sync_built_ins(db: &Db, now: Timestamp) -> Result<()> {
    let mut tx = db.begin_write().await?;
    for role in built_in_roles() {
        let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM roles WHERE key = $1").bind(&role.key).fetch_optional(&mut *tx).await?;
        let id = match existing {
            Some(id) => {
                sqlx::query("UPDATE roles SET name = $1, community = $2, defendant_scoped = $3, built_in = 1 WHERE id = $4")
                    .bind(&role.name)
                    .bind(role.community.map(|c| c.as_str()))
                    .bind(role.defendant_scoped as i64)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM role_capabilities WHERE role_id = $1").bind(id).execute(&mut *tx).await?;
                id
            }
            None => insert_role(&mut tx, &role.key, &role.name, role.community, role.defendant_scoped, true, now).await?,
        };
        write_capabilities(&mut tx, id, &role.capabilities).await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn matrix(db: &Db) -> Result<RoleMatrix> {
    let mut conn = db.pool().acquire().await?;
    Ok(RoleMatrix {
        capabilities: Capability::ALL.into_iter().map(|c| CapabilityInfo { capability: c, description: c.description().into() }).collect(),
        roles: all(&mut conn).await?,
    })
}

#[derive(sqlx::FromRow)]
struct RoleRow {
    id: i64,
    key: String,
    name: String,
    community: Option<String>,
    defendant_scoped: i64,
    built_in: i64,
}

/// Every role, built-in ones first in their defined order, then custom ones by name.
pub async fn all(conn: &mut AnyConnection) -> Result<Vec<Role>> {
    let rows: Vec<RoleRow> = sqlx::query_as("SELECT id, key, name, community, defendant_scoped, built_in FROM roles ORDER BY id")
        .fetch_all(&mut *conn)
        .await?;
    let caps: Vec<(i64, String)> = sqlx::query_as("SELECT role_id, capability FROM role_capabilities").fetch_all(&mut *conn).await?;
    let mut by_role: BTreeMap<i64, BTreeSet<Capability>> = BTreeMap::new();
    for (role, cap) in caps {
        if let Some(c) = Capability::parse(&cap) {
            by_role.entry(role).or_default().insert(c);
        }
    }
    let order: Vec<String> = built_in_roles().into_iter().map(|r| r.key).collect();
    let mut roles: Vec<(i64, Role)> = rows
        .into_iter()
        .map(|row| {
            let role = Role {
                capabilities: by_role.remove(&row.id).unwrap_or_default(),
                key: row.key,
                name: row.name,
                community: row.community.as_deref().and_then(Community::parse),
                defendant_scoped: flag(row.defendant_scoped),
                built_in: flag(row.built_in),
            };
            (row.id, role)
        })
        .collect();
    roles.sort_by_key(|(_, r)| (order.iter().position(|k| *k == r.key).unwrap_or(usize::MAX), r.name.to_lowercase()));
    Ok(roles.into_iter().map(|(_, r)| r).collect())
}

/// A role and its id, by key.
pub async fn by_key(conn: &mut AnyConnection, key: &str) -> Result<Option<(i64, Role)>> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM roles WHERE key = $1").bind(key).fetch_optional(&mut *conn).await?;
    let Some(id) = id else { return Ok(None) };
    let role = all(conn).await?.into_iter().find(|r| r.key == key);
    Ok(role.map(|r| (id, r)))
}

pub async fn create(db: &Db, actor: &CurrentUser, input: RoleInput, now: Timestamp) -> Result<Role> {
    require_system_admin(actor)?;
    let (name, capabilities) = parse_input(&input)?;
    let key = slug(&name);
    let mut tx = db.begin_write().await?;
    let id = insert_role(&mut tx, &key, &name, input.community, input.defendant_scoped, false, now).await?;
    write_capabilities(&mut tx, id, &capabilities).await?;
    tx.commit().await?;
    Ok(Role { key, name, capabilities, community: input.community, defendant_scoped: input.defendant_scoped, built_in: false })
}

pub async fn update(db: &Db, actor: &CurrentUser, key: &str, input: RoleInput) -> Result<Role> {
    require_system_admin(actor)?;
    let (name, capabilities) = parse_input(&input)?;
    let mut tx = db.begin_write().await?;
    let (id, existing) = by_key(&mut tx, key).await?.ok_or_else(|| unknown_role(key))?;
    if existing.built_in {
        return Err(ServiceError::Forbidden(format!("{} is a built-in role and cannot be changed.", existing.name)));
    }
    let renamed = sqlx::query("UPDATE roles SET name = $1, community = $2, defendant_scoped = $3 WHERE id = $4")
        .bind(&name)
        .bind(input.community.map(|c| c.as_str()))
        .bind(input.defendant_scoped as i64)
        .bind(id)
        .execute(&mut *tx)
        .await;
    unless_unique(renamed, || name_taken(&name))?;
    sqlx::query("DELETE FROM role_capabilities WHERE role_id = $1").bind(id).execute(&mut *tx).await?;
    write_capabilities(&mut tx, id, &capabilities).await?;
    tx.commit().await?;
    Ok(Role { key: key.into(), name, capabilities, community: input.community, defendant_scoped: input.defendant_scoped, built_in: false })
}

pub async fn delete(db: &Db, actor: &CurrentUser, key: &str) -> Result<()> {
    require_system_admin(actor)?;
    let mut tx = db.begin_write().await?;
    let (id, role) = by_key(&mut tx, key).await?.ok_or_else(|| unknown_role(key))?;
    if role.built_in {
        return Err(ServiceError::Forbidden(format!("{} is a built-in role and cannot be deleted.", role.name)));
    }
    let in_use: i64 = sqlx::query_scalar("SELECT (SELECT COUNT(*) FROM case_grants WHERE role_id = $1) + (SELECT COUNT(*) FROM case_groups WHERE role_id = $1)")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if in_use > 0 {
        return Err(ServiceError::Conflict {
            field: None,
            message: format!("{} is in use by {in_use} grant(s) and cannot be deleted. Change or remove those grants first.", role.name),
        });
    }
    sqlx::query("DELETE FROM roles WHERE id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

fn require_system_admin(actor: &CurrentUser) -> Result<()> {
    if actor.is_system_admin {
        Ok(())
    } else {
        Err(ServiceError::Forbidden("Only system administrators can change roles.".into()))
    }
}

fn parse_input(input: &RoleInput) -> Result<(String, BTreeSet<Capability>)> {
    let name = input.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(ValidationError::new("name", "Give the role a name of 1 to 60 characters.").into());
    }
    if slug(&name).is_empty() {
        return Err(ValidationError::new("name", "A role name needs at least one letter or digit.").into());
    }
    let capabilities: BTreeSet<Capability> = input.capabilities.iter().copied().collect();
    if capabilities.is_empty() {
        return Err(ValidationError::new("capabilities", "Choose at least one capability for the role.").into());
    }
    Ok((name, capabilities))
}

fn slug(name: &str) -> String {
    let mut key = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c);
        } else if !key.ends_with('_') && !key.is_empty() {
            key.push('_');
        }
    }
    key.trim_end_matches('_').to_string()
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

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn keys_are_lower_case_words_joined_by_underscores() {
        assert_eq!(slug("Senior  Reviewer (Ext.)"), "senior_reviewer_ext");
        assert_eq!(slug("  --  "), "");
    }
}
