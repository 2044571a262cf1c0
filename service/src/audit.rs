//! The audit log: append-only and hash-chained, written in the transaction of the change it
//! records.
use crate::error::Result;
use domain::{CaseId, Timestamp, UserId};
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

/// One change to record: who, what, on which case and person, before and after (as JSON).
pub struct Entry<'a> {
    pub case: Option<CaseId>,
    pub actor: Option<UserId>,
    pub action: &'a str,
    pub subject: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// What a change was and is, as JSON: (before, after).
pub(crate) type BeforeAfter = (Option<serde_json::Value>, Option<serde_json::Value>);

/// Records a change to something of a case (a document, a folder) named `subject`.
pub(crate) async fn on_case(
    conn: &mut AnyConnection,
    case: CaseId,
    actor: UserId,
    action: &str,
    subject: &str,
    (before, after): BeforeAfter,
    now: Timestamp,
) -> Result<()> {
    let entry = Entry { case: Some(case), actor: Some(actor), action, subject: Some(subject.into()), before, after };
    record(conn, entry, now).await
}

pub async fn record(conn: &mut AnyConnection, entry: Entry<'_>, now: Timestamp) -> Result<()> {
    let (seq, prev_hash): (i64, String) =
        sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
            .fetch_one(&mut *conn)
            .await?;
    let before = entry.before.map(|v| v.to_string());
    let after = entry.after.map(|v| v.to_string());
    let hash = chain_hash(
        &prev_hash,
        seq,
        entry.action,
        entry.case,
        entry.actor,
        entry.subject.as_deref(),
        before.as_deref(),
        after.as_deref(),
        now,
    );
    sqlx::query(
        "INSERT INTO audit_log (case_id, actor_id, action, subject, before, after, at, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(entry.case.map(|c| c.0))
    .bind(entry.actor.map(|a| a.0))
    .bind(entry.action)
    .bind(&entry.subject)
    .bind(&before)
    .bind(&after)
    .bind(now.0)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(&hash).execute(&mut *conn).await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn chain_hash(
    prev: &str,
    seq: i64,
    action: &str,
    case: Option<CaseId>,
    actor: Option<UserId>,
    subject: Option<&str>,
    before: Option<&str>,
    after: Option<&str>,
    at: Timestamp,
) -> String {
    let mut h = Sha256::new();
    for part in [
        prev.to_string(),
        seq.to_string(),
        action.to_string(),
        case.map(|c| c.0.to_string()).unwrap_or_default(),
        actor.map(|a| a.0.to_string()).unwrap_or_default(),
        subject.unwrap_or_default().to_string(),
        before.unwrap_or_default().to_string(),
        after.unwrap_or_default().to_string(),
        at.0.to_string(),
    ] {
        // Length-prefixed, so that moving text between fields changes the hash.
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
