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
