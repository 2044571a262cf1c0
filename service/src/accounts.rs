//! Accounts and sessions: sign-in with throttling, database sessions, and creating users.
use crate::access::people::{self, UserRow};
use crate::db::Db;
use crate::error::{Result, ServiceError, unless_unique};
use crate::tokens::{new_token, token_hash};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use domain::accounts::Actor;
use domain::directory::{AccountType, Email, check_new_password, parse_display_name};
use domain::{Timestamp, UserId, ValidationError};
use std::sync::OnceLock;

/// How long a session lasts after sign-in.
pub const SESSION_SECONDS: i64 = 12 * 60 * 60;
pub use domain::accounts::{FAILURE_WINDOW_SECONDS, MAX_FAILURES};

/// A new session: the token goes in the cookie and is never stored.
#[derive(Debug)]
pub struct NewSession {
    pub token: String,
    pub expires_at: Timestamp,
    pub user: Actor,
}

/// Signs a person in. The error never tells whether the email exists: an unknown email costs the
/// same password check and counts towards the same throttle as a wrong password.
// Neither the email (who tried) nor the password goes into the span.
#[tracing::instrument(skip_all)]
pub async fn sign_in(db: &Db, email: &str, password: &str, now: Timestamp) -> Result<NewSession> {
    let key = email.trim().to_lowercase();
    if key.is_empty() || password.is_empty() {
        return Err(ValidationError::new(
            if key.is_empty() { "email" } else { "password" },
            "Enter your email address and password.",
        )
        .into());
    }
    if password.len() > domain::directory::MAX_PASSWORD_BYTES {
        return Err(ServiceError::InvalidCredentials);
    }
    let window_start = now.plus_seconds(-FAILURE_WINDOW_SECONDS).0;
    let (failures, oldest): (i64, Option<i64>) =
        sqlx::query_as("SELECT COUNT(*), MIN(at) FROM sign_in_failures WHERE email_key = $1 AND at > $2")
            .bind(&key)
            .bind(window_start)
            .fetch_one(db.pool())
            .await?;
    if let Some(retry_after_secs) = domain::accounts::sign_in_wait(failures, oldest.map(Timestamp), now) {
        return Err(ServiceError::TooManyAttempts { retry_after_secs });
    }

    let found: Option<(i64, String)> = sqlx::query_as("SELECT id, password_hash FROM users WHERE email_key = $1")
        .bind(&key)
        .fetch_optional(db.pool())
        .await?;
    let hash = found.as_ref().map(|(_, h)| h.clone()).unwrap_or_else(|| dummy_hash().to_string());
    let verified = verify_password(password.to_string(), hash).await? && found.is_some();

    let mut tx = db.begin_write().await?;
    let Some((user_id, _)) = found.filter(|_| verified) else {
        sqlx::query("DELETE FROM sign_in_failures WHERE at <= $1").bind(window_start).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO sign_in_failures (email_key, at) VALUES ($1, $2)")
            .bind(&key)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        return Err(ServiceError::InvalidCredentials);
    };
    sqlx::query("DELETE FROM sign_in_failures WHERE email_key = $1").bind(&key).execute(&mut *tx).await?;
    let token = new_token();
    let expires_at = now.plus_seconds(SESSION_SECONDS);
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash(&token))
        .bind(user_id)
        .bind(now.0)
        .bind(expires_at.0)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    let user = user_by_id(db, UserId(user_id)).await?.ok_or(ServiceError::InvalidCredentials)?;
    Ok(NewSession { token, expires_at, user })
}

/// Ends a session. Unknown or expired tokens are not an error: the person is signed out either way.
#[tracing::instrument(skip_all)]
pub async fn sign_out(db: &Db, token: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash(token)).execute(db.pool()).await?;
    Ok(())
}

/// The person a session token belongs to, if the session exists and has not expired. Read from
/// the database on every request, so a revoked session stops at once on every server instance.
pub async fn session_user(db: &Db, token: &str, now: Timestamp) -> Result<Option<Actor>> {
    // Every signed-in request starts here: a hot connection spares it the pool's check on return.
    let mut conn = db.hot().await?;
    let outcome = session_on(&mut conn, token, now).await;
    conn.finished(&outcome);
    outcome
}

/// `session_user`, and a handle for the rest of the request that keeps the connection the
/// session was read on (`Db::keeping`), for a use case that reads and answers at once.
pub async fn session_keeping(db: &Db, token: &str, now: Timestamp) -> Result<Option<(Actor, Db)>> {
    let mut conn = db.pool().acquire().await?;
    Ok(session_on(&mut conn, token, now).await?.map(|actor| (actor, db.keeping(conn))))
}

async fn session_on(conn: &mut sqlx::AnyConnection, token: &str, now: Timestamp) -> Result<Option<Actor>> {
    let row: Option<UserRow> =
        sqlx::query_as(&people::SESSION_USER).bind(token_hash(token)).bind(now.0).fetch_optional(&mut *conn).await?;
    Ok(row.map(Actor::from))
}

pub async fn user_by_id(db: &Db, id: UserId) -> Result<Option<Actor>> {
    people::user_by_id(&mut *db.pool().acquire().await?, id).await
}

/// A user created from the shell (e.g. the first administrator of a new install).
#[derive(Debug, Clone, Default)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub password: String,
    /// The name of an existing organisation, if any.
    pub organisation: Option<String>,
    /// The name of an office of that organisation, e.g. `Southwark`.
    pub office: Option<String>,
    /// The name of a usual role, e.g. `NOMS` (groups match on it).
    pub usual_role: Option<String>,
    pub account_type: Option<AccountType>,
    pub is_system_admin: bool,
    pub is_licence_manager: bool,
}

#[tracing::instrument(skip_all)]
pub async fn create_user(db: &Db, input: NewUser, now: Timestamp) -> Result<Actor> {
    let email = Email::parse(&input.email)?;
    let name = parse_display_name(&input.name)?;
    check_new_password(&input.password)?;
    let hash = hash_password(input.password).await?;
    let mut tx = db.begin_write().await?;
    let organisation_id: Option<i64> = match input.organisation.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        None => None,
        Some(org) => Some(
            sqlx::query_scalar("SELECT id FROM organisations WHERE name = $1")
                .bind(org)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| {
                    ValidationError::new("organisation", format!("There is no organisation named {org}."))
                })?,
        ),
    };
    let office_id: Option<i64> = match input.office.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        None => None,
        Some(office) => Some(
            sqlx::query_scalar("SELECT id FROM offices WHERE organisation_id = $1 AND lower(name) = lower($2)")
                .bind(organisation_id)
                .bind(office)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| {
                    ValidationError::new("office", format!("The organisation has no office named {office}."))
                })?,
        ),
    };
    let usual_role_id: Option<i64> = match input.usual_role.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        None => None,
        Some(role) => Some(
            sqlx::query_scalar("SELECT id FROM usual_roles WHERE lower(name) = lower($1)")
                .bind(role)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| ValidationError::new("usual_role", format!("There is no usual role named {role}.")))?,
        ),
    };
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO users (email, email_key, name, password_hash, organisation_id, office_id, usual_role_id, account_type, is_system_admin, is_licence_manager, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(email.as_str())
    .bind(email.key())
    .bind(&name)
    .bind(&hash)
    .bind(organisation_id)
    .bind(office_id)
    .bind(usual_role_id)
    .bind(input.account_type.unwrap_or(AccountType::Standard).as_str())
    .bind(input.is_system_admin as i64)
    .bind(input.is_licence_manager as i64)
    .bind(now.0)
    .fetch_one(&mut *tx)
    .await;
    let id = unless_unique(inserted, || ServiceError::Conflict {
        field: Some("email".into()),
        message: format!("An account with the email address {email} already exists."),
    })?;
    tx.commit().await?;
    user_by_id(db, UserId(id)).await?.ok_or_else(|| ServiceError::Internal("created user vanished".into()))
}

/// Hashes with Argon2id (the crate's default parameters), off the async threads: it is slow on purpose.
pub async fn hash_password(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| ServiceError::Internal(format!("hashing: {e}")))
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("hashing task: {e}")))?
}

async fn verify_password(password: String, hash: String) -> Result<bool> {
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&hash).map_err(|e| ServiceError::Internal(format!("stored hash: {e}")))?;
        Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("verify task: {e}")))?
}

/// A hash of a random password, checked against when the email is unknown so that the answer
/// takes as long as for a known one.
fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(new_token().as_bytes(), &salt).map(|h| h.to_string()).unwrap_or_default()
    })
}

/// Looks a user up by email, whatever its letter case.
pub async fn user_by_email(db: &Db, email: &str) -> Result<Option<Actor>> {
    people::user_by_email(&mut *db.pool().acquire().await?, email).await
}
