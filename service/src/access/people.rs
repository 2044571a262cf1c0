//! Loading people as the access engine and the use cases see them (`Actor`): by id, by email,
//! and many at once in one query.
use crate::db::{flag, in_list};
use crate::error::{Result, ServiceError};
use domain::ValidationError;
use domain::accounts::Actor;
use domain::directory::{AccountType, Community, Email, OrganisationKind, OrganisationRef};
use domain::{OfficeId, OrganisationId, UserId};
use sqlx::AnyConnection;

/// A user row with the names it refers to. Holds no secret, but stays private to this crate.
/// Read as a row (`USER_SELECT`), or beside another row with its columns named `reader_…`
/// (`UserRow::beside`).
#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    email: String,
    name: String,
    organisation_id: Option<i64>,
    organisation_name: Option<String>,
    organisation_kind: Option<String>,
    office_id: Option<i64>,
    office_name: Option<String>,
    usual_role: Option<String>,
    community: Option<String>,
    account_type: String,
    is_system_admin: i64,
    is_licence_manager: i64,
    perm_office_cases: i64,
    perm_allow_share: i64,
}

impl UserRow {
    /// The user whose `USER_COLUMNS` another row carries as `reader_id`, `reader_email` and so on
    /// (opening a case reads its reader with it: `person::one_case_statement`).
    pub(crate) fn beside(row: &sqlx::any::AnyRow) -> std::result::Result<UserRow, sqlx::Error> {
        use sqlx::Row;
        Ok(UserRow {
            id: row.try_get("reader_id")?,
            email: row.try_get("reader_email")?,
            name: row.try_get("reader_name")?,
            organisation_id: row.try_get("reader_organisation_id")?,
            organisation_name: row.try_get("reader_organisation_name")?,
            organisation_kind: row.try_get("reader_organisation_kind")?,
            office_id: row.try_get("reader_office_id")?,
            office_name: row.try_get("reader_office_name")?,
            usual_role: row.try_get("reader_usual_role")?,
            community: row.try_get("reader_community")?,
            account_type: row.try_get("reader_account_type")?,
            is_system_admin: row.try_get("reader_is_system_admin")?,
            is_licence_manager: row.try_get("reader_is_licence_manager")?,
            perm_office_cases: row.try_get("reader_perm_office_cases")?,
            perm_allow_share: row.try_get("reader_perm_allow_share")?,
        })
    }
}

pub(crate) const USER_SELECT: &str = "SELECT u.id, u.email, u.name, u.organisation_id, o.name AS organisation_name, \
     o.kind AS organisation_kind, u.office_id, f.name AS office_name, r.name AS usual_role, r.community, \
     u.account_type, u.is_system_admin, u.is_licence_manager, u.perm_office_cases, u.perm_allow_share \
     FROM users u \
     LEFT JOIN organisations o ON o.id = u.organisation_id \
     LEFT JOIN offices f ON f.id = u.office_id \
     LEFT JOIN usual_roles r ON r.id = u.usual_role_id";

/// What makes a session live, after `USER_SELECT`: `$1` is its token's hash, `$2` the instant it
/// must not have expired by.
pub(crate) const LIVE_SESSION: &str =
    " JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = $1 AND s.expires_at > $2";

/// The person a live session belongs to (R8: read on every request).
pub(crate) static SESSION_USER: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| format!("{USER_SELECT}{LIVE_SESSION}"));

/// The names of `USER_SELECT`'s columns, in `UserRow`'s order: another statement selects a user
/// beside its own columns as `reader_` and each of these (`UserRow::beside`).
pub(crate) const USER_COLUMNS: [&str; 15] = [
    "id",
    "email",
    "name",
    "organisation_id",
    "organisation_name",
    "organisation_kind",
    "office_id",
    "office_name",
    "usual_role",
    "community",
    "account_type",
    "is_system_admin",
    "is_licence_manager",
    "perm_office_cases",
    "perm_allow_share",
];

impl From<UserRow> for Actor {
    fn from(row: UserRow) -> Self {
        let organisation = match (row.organisation_id, row.organisation_name, row.organisation_kind) {
            (Some(id), Some(name), Some(kind)) => Some(OrganisationRef {
                id: OrganisationId(id),
                name,
                kind: OrganisationKind::parse(&kind).unwrap_or(OrganisationKind::Other),
            }),
            _ => None,
        };
        Actor {
            id: UserId(row.id),
            email: row.email,
            name: row.name,
            organisation,
            office_id: row.office_id.map(OfficeId),
            office: row.office_name,
            usual_role: row.usual_role,
            community: row.community.as_deref().and_then(Community::parse),
            account_type: AccountType::parse(&row.account_type).unwrap_or(AccountType::Standard),
            is_system_admin: flag(row.is_system_admin),
            is_licence_manager: flag(row.is_licence_manager),
            office_cases: flag(row.perm_office_cases),
            allows_sharing: flag(row.perm_allow_share),
        }
    }
}

/// Several users by id, in one query per 500, sorted by name.
pub(crate) async fn users_by_ids(conn: &mut AnyConnection, ids: &[UserId]) -> Result<Vec<Actor>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // In batches: a group can reach thousands, more than a statement may bind.
    let mut users = Vec::with_capacity(ids.len());
    for batch in ids.chunks(500) {
        let (list, arguments) = in_list(&batch.iter().map(|id| id.0).collect::<Vec<_>>())?;
        let sql = format!("{USER_SELECT} WHERE u.id IN ({list})");
        let rows = sqlx::query_as_with::<_, UserRow, _>(&sql, arguments).fetch_all(&mut *conn).await?;
        users.extend(rows.into_iter().map(Actor::from));
    }
    users.sort_by(|a: &Actor, b: &Actor| a.name.cmp(&b.name));
    Ok(users)
}

/// The users an input names, by id (each once); an id that is no user is the sender's to correct,
/// as a validation error on `field`.
pub(crate) async fn named_users(
    conn: &mut AnyConnection,
    ids: &[UserId],
    field: &str,
) -> Result<std::collections::BTreeMap<UserId, Actor>> {
    let mut unique: Vec<UserId> = ids.to_vec();
    unique.sort();
    unique.dedup();
    let people: std::collections::BTreeMap<UserId, Actor> =
        users_by_ids(conn, &unique).await?.into_iter().map(|u| (u.id, u)).collect();
    match unique.iter().find(|id| !people.contains_key(id)) {
        Some(missing) => Err(ValidationError::new(field, format!("There is no user with id {missing}.")).into()),
        None => Ok(people),
    }
}

/// One user by id, if there is one.
pub(crate) async fn user_by_id(conn: &mut AnyConnection, id: UserId) -> Result<Option<Actor>> {
    Ok(users_by_ids(conn, &[id]).await?.pop())
}

/// A user by email, whatever its letter case.
pub(crate) async fn user_by_email(conn: &mut AnyConnection, email: &str) -> Result<Option<Actor>> {
    let sql = format!("{USER_SELECT} WHERE u.email_key = $1");
    let row: Option<UserRow> =
        sqlx::query_as(&sql).bind(email.trim().to_lowercase()).fetch_optional(&mut *conn).await?;
    Ok(row.map(Actor::from))
}

/// The registered user an invitation names; someone unknown is the inviter's to correct.
pub(crate) async fn registered_user(conn: &mut AnyConnection, email: &Email) -> Result<Actor> {
    user_by_email(conn, email.as_str()).await?.ok_or_else(|| {
        ServiceError::Validation(ValidationError::new(
            "email",
            format!(
                "No one is registered with the email address {email}. Check the address, or ask them to register first."
            ),
        ))
    })
}
