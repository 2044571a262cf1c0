//! Reading the directory: organisations and their offices.
use crate::access::all_roles;
use crate::access::people::users_by_ids;
use crate::db::Db;
use crate::error::Result;
use domain::access::roles::roles_offered;
use domain::directory::{DirectoryUser, Office};
use domain::{OfficeId, OrganisationId, UserId};

#[tracing::instrument(skip_all, fields(organisation = %organisation))]
pub async fn offices_of(db: &Db, organisation: OrganisationId) -> Result<Vec<Office>> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM offices WHERE organisation_id = $1 ORDER BY name")
            .bind(organisation.0)
            .fetch_all(db.pool())
            .await?;
    Ok(rows.into_iter().map(|(id, name)| Office { id: OfficeId(id), name }).collect())
}

/// How many people the type-ahead returns at most.
pub const SEARCH_LIMIT: i64 = 10;

/// The add-user type-ahead: people whose email, name or usual role contains `q` (at least two
/// characters), each with the roles the invite dialog offers their community.
/// Every signed-in user may search: the caller has checked the session.
#[tracing::instrument(skip_all)]
pub async fn search_users(db: &Db, q: &str) -> Result<Vec<DirectoryUser>> {
    let needle = q.trim().to_lowercase();
    if needle.chars().count() < 2 {
        return Ok(Vec::new());
    }
    let pattern = format!("%{}%", needle.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    let mut conn = db.pool().acquire().await?;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT u.id FROM users u LEFT JOIN usual_roles r ON r.id = u.usual_role_id \
         WHERE u.email_key LIKE $1 ESCAPE '\\' OR LOWER(u.name) LIKE $1 ESCAPE '\\' OR LOWER(r.name) LIKE $1 ESCAPE '\\' \
         ORDER BY u.name LIMIT $2",
    )
    .bind(&pattern)
    .bind(SEARCH_LIMIT)
    .fetch_all(&mut *conn)
    .await?;
    let ids: Vec<UserId> = ids.into_iter().map(UserId).collect();
    let users = users_by_ids(&mut conn, &ids).await?;
    let roles = all_roles(&mut conn).await?;
    Ok(users
        .into_iter()
        .map(|u| DirectoryUser {
            offered_roles: roles_offered(&roles, u.community),
            id: u.id,
            name: u.name,
            email: u.email,
            organisation: u.organisation.map(|o| o.name),
            usual_role: u.usual_role,
            community: u.community,
        })
        .collect())
}
