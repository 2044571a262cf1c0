//! Shared links to a production (`share_productions`): one named person, signed in, downloads the
//! ZIP until the link expires or is revoked. The link opens the production alone: its holder gains
//! no access to the case, and to anyone else it is "not found". The token is emailed to the person
//! and kept only as its SHA-256; sharing, revoking and every download through a link are audited.
use super::{Row, SELECT, download_of, visible};
use crate::access::{self, people::user_by_id};
use crate::audit::on_case;
use crate::blobs::StoredFile;
use crate::db::Db;
use crate::error::Result;
use crate::outbox;
use crate::tokens::{new_token, token_hash};
use domain::accounts::Actor;
use domain::productions::{
    ShareInput, ShareView, SharedProduction, decide_manage_shares, decide_open_shared, decide_share, no_share,
    no_shared_link,
};
use domain::{CaseId, ProductionId, ShareId, Timestamp, UserId, ValidationError};
use sqlx::AnyConnection;

const SHARE_SELECT: &str = "SELECT s.id, r.name, r.email, s.expires_at, s.revoked_at, b.name, s.created_at, s.downloads, \
     s.last_downloaded_at FROM production_shares s JOIN users r ON r.id = s.recipient_id \
     LEFT JOIN users b ON b.id = s.created_by";

type ShareRow = (i64, String, String, i64, Option<i64>, Option<String>, i64, i64, Option<i64>);

fn share_view((id, name, email, expires_at, revoked_at, by, at, downloads, last): ShareRow) -> ShareView {
    ShareView {
        id: ShareId(id),
        recipient_name: name,
        recipient_email: email,
        expires_at: Timestamp(expires_at),
        revoked_at: revoked_at.map(Timestamp),
        shared_by: by.unwrap_or_else(|| "—".into()),
        shared_at: Timestamp(at),
        downloads,
        last_downloaded_at: last.map(Timestamp),
    }
}

/// Sends `input.recipient` a link to the built production, expiring as asked (`share_productions`).
#[tracing::instrument(skip_all, fields(case = %case, production = %id, actor = %actor.id))]
pub async fn share(
    db: &Db,
    actor: &Actor,
    case: CaseId,
    id: ProductionId,
    input: ShareInput,
    base_url: &str,
    now: Timestamp,
) -> Result<ShareView> {
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case, now).await?;
    let row = visible(&mut tx, case, id, &opened.access.scope).await?;
    let expires_at =
        decide_share(&opened.access, domain::productions::ProductionStatus::parse(&row.status), &input, now)?;
    let recipient = user_by_id(&mut tx, input.recipient)
        .await?
        .ok_or_else(|| ValidationError::new("recipient", "Choose a person from the directory."))?;
    let token = new_token();
    let share: i64 = sqlx::query_scalar(
        "INSERT INTO production_shares (production_id, recipient_id, token_hash, expires_at, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(id.0)
    .bind(recipient.id.0)
    .bind(token_hash(&token))
    .bind(expires_at.0)
    .bind(actor.id.0)
    .bind(now.0)
    .fetch_one(&mut *tx)
    .await?;
    // The token rides in the fragment, which browsers never send: it stays out of every address a
    // server or proxy logs. The page reads it and sends it in a request body.
    let link = format!("{}/shared#{token}", base_url.trim_end_matches('/'));
    let body = format!(
        "Hello {},\n\n{} ({}) has shared the production {} with you: {}.\n\nDownload it, signed in to \
         Caseward as {}: {link}\n\nThe link works for you alone, until {}.",
        recipient.name,
        actor.name,
        actor.email,
        row.name,
        domain::wording::count(row.documents, "document", "documents"),
        recipient.email,
        expires_at.display()
    );
    let subject = format!("{} shared a production with you: {}", actor.name, row.name);
    outbox::enqueue(&mut tx, outbox::Email { to: recipient.email.clone(), subject, body }, now).await?;
    let after = serde_json::json!({ "recipient": recipient.email, "expires_at": expires_at.0 });
    on_case(&mut tx, case, actor.id, "production.shared", &row.name, (None, Some(after)), now).await?;
    let view = read_share(&mut tx, id, ShareId(share)).await?;
    tx.commit().await?;
    Ok(view)
}

async fn read_share(conn: &mut AnyConnection, production: ProductionId, id: ShareId) -> Result<ShareView> {
    let row: Option<ShareRow> = sqlx::query_as(&format!("{SHARE_SELECT} WHERE s.id = $1 AND s.production_id = $2"))
        .bind(id.0)
        .bind(production.0)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(share_view(row.ok_or_else(|| no_share(id))?))
}

/// The production's links, newest first, revoked and expired ones too (`share_productions`).
#[tracing::instrument(skip_all, fields(case = %case, production = %id, actor = %actor.id))]
pub async fn shares(db: &Db, actor: &Actor, case: CaseId, id: ProductionId, now: Timestamp) -> Result<Vec<ShareView>> {
    let mut conn = db.pool().acquire().await?;
    let read = access::readable(&mut conn, db.roles(), actor, case, now).await?;
    decide_manage_shares(&read.access)?;
    visible(&mut conn, case, id, &read.access.scope).await?;
    let rows: Vec<ShareRow> =
        sqlx::query_as(&format!("{SHARE_SELECT} WHERE s.production_id = $1 ORDER BY s.created_at DESC, s.id DESC"))
            .bind(id.0)
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows.into_iter().map(share_view).collect())
}

/// Stops a link at once (`share_productions`); revoking one revoked already changes nothing.
#[tracing::instrument(skip_all, fields(case = %case, production = %id, actor = %actor.id))]
pub async fn revoke(
    db: &Db,
    actor: &Actor,
    case: CaseId,
    id: ProductionId,
    share: ShareId,
    now: Timestamp,
) -> Result<ShareView> {
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case, now).await?;
    decide_manage_shares(&opened.access)?;
    let row = visible(&mut tx, case, id, &opened.access.scope).await?;
    let before = read_share(&mut tx, id, share).await?;
    if before.revoked_at.is_none() {
        sqlx::query("UPDATE production_shares SET revoked_at = $1 WHERE id = $2")
            .bind(now.0)
            .bind(share.0)
            .execute(&mut *tx)
            .await?;
        let change = serde_json::json!({ "recipient": before.recipient_email });
        on_case(&mut tx, case, actor.id, "production.share_revoked", &row.name, (Some(change), None), now).await?;
    }
    let view = read_share(&mut tx, id, share).await?;
    tx.commit().await?;
    Ok(view)
}

/// What a link leads to, for its named person only.
struct Opened {
    share: i64,
    case: CaseId,
    production: Row,
    shared_by: String,
    expires_at: Timestamp,
}

async fn open_link(conn: &mut AnyConnection, actor: &Actor, token: &str, now: Timestamp) -> Result<Opened> {
    /// The share, its production, recipient, expiry and revocation, the case and the sharer.
    type LinkRow = (i64, i64, i64, i64, Option<i64>, i64, Option<String>);
    let found: Option<LinkRow> = sqlx::query_as(
        "SELECT s.id, s.production_id, s.recipient_id, s.expires_at, s.revoked_at, p.case_id, b.name \
         FROM production_shares s JOIN productions p ON p.id = s.production_id \
         LEFT JOIN users b ON b.id = s.created_by WHERE s.token_hash = $1",
    )
    .bind(token_hash(token))
    .fetch_optional(&mut *conn)
    .await?;
    let (share, production, recipient, expires_at, revoked_at, case, shared_by) = found.ok_or_else(no_shared_link)?;
    decide_open_shared(UserId(recipient), actor.id, Timestamp(expires_at), revoked_at.is_some(), now)?;
    let row: Row = sqlx::query_as(&format!("{SELECT} WHERE p.id = $1"))
        .bind(production)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(no_shared_link)?;
    Ok(Opened {
        share,
        case: CaseId(case),
        production: row,
        shared_by: shared_by.unwrap_or_else(|| "—".into()),
        expires_at: Timestamp(expires_at),
    })
}

/// The production behind a link, for the person it was sent to (no case access needed or given).
#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn shared(db: &Db, actor: &Actor, token: &str, now: Timestamp) -> Result<SharedProduction> {
    let mut conn = db.pool().acquire().await?;
    let opened = open_link(&mut conn, actor, token, now).await?;
    let view = opened.production.view();
    Ok(SharedProduction {
        bates_range: view.bates_range(),
        name: view.name,
        documents: view.documents,
        size: view.size,
        shared_by: opened.shared_by,
        expires_at: opened.expires_at,
    })
}

/// The ZIP behind a link, for the person it was sent to; counted and audited on the case.
#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn shared_content(db: &Db, actor: &Actor, token: &str, now: Timestamp) -> Result<StoredFile> {
    let mut tx = db.begin_write().await?;
    let opened = open_link(&mut tx, actor, token, now).await?;
    let download = download_of(&opened.production)?;
    sqlx::query("UPDATE production_shares SET downloads = downloads + 1, last_downloaded_at = $1 WHERE id = $2")
        .bind(now.0)
        .bind(opened.share)
        .execute(&mut *tx)
        .await?;
    let name = &opened.production.name;
    on_case(&mut tx, opened.case, actor.id, "production.share_downloaded", name, (None, None), now).await?;
    tx.commit().await?;
    Ok(download)
}
