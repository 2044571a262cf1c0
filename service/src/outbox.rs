//! Emails waiting to be sent, written in the transaction of the change that causes them.
use crate::error::Result;
use domain::Timestamp;
use sqlx::AnyConnection;

pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
}

pub async fn enqueue(conn: &mut AnyConnection, email: Email, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO outbox (to_address, subject, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(&email.to)
    .bind(&email.subject)
    .bind(&email.body)
    .bind(now.0)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The newest emails first, for system administrators (the outbox page). Without SMTP configured
/// they stay here, readable, and none is ever deleted.
#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn list(
    db: &crate::Db,
    actor: &domain::accounts::Actor,
    limit: i64,
) -> Result<Vec<domain::mail::OutboxEmail>> {
    domain::accounts::require_system_admin(actor, "read the outbox")?;
    type Row = (i64, String, String, String, i64, i64, Option<i64>, Option<i64>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, to_address, subject, body, created_at, attempts, sent_at, failed_at, last_error FROM outbox ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, to, subject, body, created_at, attempts, sent_at, failed_at, last_error)| {
            domain::mail::OutboxEmail {
                id,
                to,
                subject,
                body,
                created_at: Timestamp(created_at),
                attempts,
                sent_at: sent_at.map(Timestamp),
                failed_at: failed_at.map(Timestamp),
                last_error,
            }
        })
        .collect())
}

/// An email a delivery worker has claimed: no other worker takes it until `lease` runs out.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i64,
    pub token: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// Attempts made before this one.
    pub attempts: i64,
}

/// Claims up to `limit` emails that are due (never sent, not given up, next attempt reached, not
/// claimed by a live lease), oldest first. Two workers never claim the same email: on PostgreSQL
/// the second UPDATE re-checks the lease on the locked row and skips it; SQLite serialises writes.
pub async fn claim_due(db: &crate::Db, now: Timestamp, lease_ms: i64, limit: i64) -> Result<Vec<Claimed>> {
    let token = crate::tokens::new_token();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE outbox SET claim_token = $1, claimed_until = $2
         WHERE id IN (SELECT id FROM outbox
                      WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $3
                        AND (claimed_until IS NULL OR claimed_until <= $3)
                      ORDER BY id LIMIT $4)
           AND sent_at IS NULL AND failed_at IS NULL AND (claimed_until IS NULL OR claimed_until <= $3)",
    )
    .bind(&token)
    .bind(now.0 + lease_ms)
    .bind(now.0)
    .bind(limit)
    .execute(&mut *tx)
    .await?;
    let rows: Vec<(i64, String, String, String, i64)> =
        sqlx::query_as("SELECT id, to_address, subject, body, attempts FROM outbox WHERE claim_token = $1 ORDER BY id")
            .bind(&token)
            .fetch_all(&mut *tx)
            .await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|(id, to, subject, body, attempts)| Claimed { id, token: token.clone(), to, subject, body, attempts })
        .collect())
}

/// Records a delivery. Only the holder of the claim can; a stale worker's late report is ignored.
pub async fn mark_sent(db: &crate::Db, email: &Claimed, now: Timestamp) -> Result<()> {
    sqlx::query(
        "UPDATE outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL, claim_token = NULL, claimed_until = NULL
         WHERE id = $2 AND claim_token = $3",
    )
    .bind(now.0)
    .bind(email.id)
    .bind(&email.token)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// How a delivery attempt failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Worth trying again later: the server was unreachable or answered 4xx.
    Transient,
    /// The server refused the email for good (5xx) or it cannot be sent as written.
    Permanent,
}

/// Records a failed attempt: a transient failure is retried after a growing delay, a permanent one
/// marks the email failed. Either way the email and the reason stay in the outbox.
pub async fn mark_failed(
    db: &crate::Db,
    email: &Claimed,
    failure: Failure,
    reason: &str,
    now: Timestamp,
) -> Result<()> {
    let attempts = email.attempts + 1;
    let failed_at = (failure == Failure::Permanent).then_some(now.0);
    let next = now.0 + domain::mail::retry_delay_ms(attempts);
    sqlx::query(
        "UPDATE outbox SET attempts = $1, last_error = $2, next_attempt_at = $3, failed_at = $4, claim_token = NULL, claimed_until = NULL
         WHERE id = $5 AND claim_token = $6",
    )
    .bind(attempts)
    .bind(truncate(reason, 500))
    .bind(next)
    .bind(failed_at)
    .bind(email.id)
    .bind(&email.token)
    .execute(db.pool())
    .await?;
    Ok(())
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}
