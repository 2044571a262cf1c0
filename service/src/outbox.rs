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
    sqlx::query("INSERT INTO outbox (to_address, subject, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4)")
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
pub async fn list(db: &crate::Db, actor: &crate::CurrentUser, limit: i64) -> Result<Vec<domain::views::OutboxEmail>> {
    if !actor.is_system_admin {
        return Err(crate::ServiceError::Forbidden("Only system administrators can read the outbox.".into()));
    }
    let rows: Vec<(i64, String, String, String, i64, i64, Option<i64>, Option<String>)> = sqlx::query_as(
        "SELECT id, to_address, subject, body, created_at, attempts, sent_at, last_error FROM outbox ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, to, subject, body, created_at, attempts, sent_at, last_error)| domain::views::OutboxEmail {
            id,
            to,
            subject,
            body,
            created_at: Timestamp(created_at),
            attempts,
            sent_at: sent_at.map(Timestamp),
            last_error,
        })
        .collect())
}
