//! Cases: list, create, read, change, delete. Every read and change goes through the access
//! gate, which decides access with `domain::access::evaluate` on facts loaded in the same
//! transaction.
mod create;
mod list;

pub use create::create;
pub use list::list;

use crate::access::{self, CaseRow, Opened};
use crate::blobs::BlobStore;
use crate::db::Db;
use crate::error::{Result, ServiceError};
use domain::access::rules::opening_to_record;
use domain::access::{Access, Capability};
use domain::accounts::Actor;
use domain::cases::{CaseDetail, CaseSettings, CaseSettingsInput, Defendant};
use domain::{CaseId, Timestamp, UserId};
use sqlx::AnyConnection;

/// The case as the actor may see it; someone without access gets `AccessDenied` with who can
/// grant it and their own pending request. Opening it is recorded when R4 needs it (`opening_to_record`).
#[tracing::instrument(skip_all, fields(case = %id, actor = %actor.id))]
pub async fn get(db: &Db, actor: &Actor, id: CaseId, now: Timestamp) -> Result<CaseDetail> {
    let mut conn = db.acquire().await?;
    // Decided from the rows that concern the reader alone: a case with 10,000 grants reads as fast.
    let read = access::readable(&mut conn, db.roles(), actor, id, now).await?;
    opened(&mut conn, read, actor.id, now).await
}

/// `get` for whoever a session token belongs to, with the session read in the case's own
/// statement: one statement instead of two for the most frequent read there is. `on_reader` is
/// told who that is as soon as it is known, refused or not (the app logs who asked). No live
/// session is `Unauthenticated`, whatever the case.
#[tracing::instrument(skip_all, fields(case = %id))]
pub async fn get_by_session(
    db: &Db,
    token: &str,
    id: CaseId,
    now: Timestamp,
    on_reader: impl FnOnce(&Actor),
) -> Result<CaseDetail> {
    let mut conn = db.hot().await?;
    let outcome = async {
        let (reader, read) =
            access::readable_by_session(&mut conn, db.roles(), db.reader_rows(), token, id, now, on_reader).await?;
        opened(&mut conn, read, reader, now).await
    }
    .await;
    conn.finished(&outcome);
    outcome
}

/// The case as its reader opened it; the opening recorded when R4 needs it.
async fn opened(conn: &mut AnyConnection, read: access::Read, reader: UserId, now: Timestamp) -> Result<CaseDetail> {
    // A read writes only when R4 needs it (so that reads do not queue behind SQLite's one writer).
    if opening_to_record(read.last_opened, read.reaching_since) {
        record_opening(conn, CaseId(read.row.id), reader, now).await?;
    }
    Ok(detail(read.row, read.defendants, read.access))
}

async fn record_opening(conn: &mut AnyConnection, case: CaseId, user: UserId, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO case_openings (case_id, user_id, first_opened_at, last_opened_at) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (case_id, user_id) DO UPDATE SET last_opened_at = excluded.last_opened_at",
    )
    .bind(case.0)
    .bind(user.0)
    .bind(now.0)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Deletes a case and everything in it, the files of its productions and reports, and its
/// documents' contents once no other case's document uses them. The owner's alone: only ownership gives `delete_case`.
#[tracing::instrument(skip_all, fields(case = %id, actor = %actor.id))]
pub async fn delete(db: &Db, blobs: &BlobStore, actor: &Actor, id: CaseId, now: Timestamp) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let case = access::requiring(&mut tx, actor, id, Capability::DeleteCase, now).await?.case;
    let contents: Vec<String> = sqlx::query_scalar("SELECT DISTINCT sha256 FROM documents WHERE case_id = $1")
        .bind(id.0)
        .fetch_all(&mut *tx)
        .await?;
    // The files made from the case (productions' ZIPs, reports' CSVs) go with it: deleted with
    // RETURNING, so that a build finishing at this moment is seen with its file.
    let mut files: Vec<Option<String>> =
        sqlx::query_scalar("DELETE FROM productions WHERE case_id = $1 RETURNING location")
            .bind(id.0)
            .fetch_all(&mut *tx)
            .await?;
    files.extend(
        sqlx::query_scalar::<_, Option<String>>("DELETE FROM reports WHERE case_id = $1 RETURNING location")
            .bind(id.0)
            .fetch_all(&mut *tx)
            .await?,
    );
    sqlx::query("DELETE FROM cases WHERE id = $1").bind(id.0).execute(&mut *tx).await?;
    crate::audit::record(
        &mut tx,
        crate::audit::Entry {
            case: Some(id),
            actor: Some(actor.id),
            action: "case.deleted",
            subject: Some(case.row.reference.clone()),
            before: Some(serde_json::json!({ "reference": case.row.reference, "title": case.row.title })),
            after: None,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    // One file that cannot be deleted must not keep the rest, or the contents, in the store.
    for file in files.iter().flatten() {
        if let Err(e) = blobs.delete_file(file).await {
            tracing::error!(error = %e, file, "a deleted case's file stayed in the store");
        }
    }
    blobs.collect(db, &contents).await
}

fn detail_of(opened: Opened) -> CaseDetail {
    let Opened { case, access, .. } = opened;
    detail(case.row, case.defendants, access)
}

fn detail(row: CaseRow, defendants: Vec<Defendant>, access: Access) -> CaseDetail {
    CaseDetail {
        id: CaseId(row.id),
        reference: row.reference.clone(),
        title: row.title.clone(),
        description: row.description.clone(),
        status: row.status(),
        office: row.office_name.clone(),
        organisation: row.organisation_name.clone().unwrap_or_default(),
        owner: row.owner(),
        target_date: row.target_date.clone(),
        created_at: Timestamp(row.created_at),
        defendants: defendants.into_iter().filter(|d| access.scope.includes(d.id)).collect(),
        access,
        version: row.version,
    }
}

/// The actor's own effective access to a case, with its explanation (none when they have none).
#[tracing::instrument(skip_all, fields(case = %id, actor = %actor.id))]
pub async fn my_access(db: &Db, actor: &Actor, id: CaseId, now: Timestamp) -> Result<domain::access::Access> {
    let mut conn = db.acquire().await?;
    Ok(access::access_to(&mut conn, db.roles(), actor, id, now).await?.1)
}

/// Changes a case's title, description or target date: needs `edit_settings`.
#[tracing::instrument(skip_all, fields(case = %id, actor = %actor.id))]
pub async fn update_settings(
    db: &Db,
    actor: &Actor,
    id: CaseId,
    input: CaseSettingsInput,
    now: Timestamp,
) -> Result<CaseDetail> {
    let mut tx = db.begin_write().await?;
    let case = access::requiring(&mut tx, actor, id, Capability::EditSettings, now).await?.case;
    let row = &case.row;
    let today = chrono::DateTime::from_timestamp_millis(now.0).unwrap_or_default().date_naive();
    let current = CaseSettings {
        title: row.title.clone(),
        description: row.description.clone(),
        target_date: row.target_date.clone(),
    };
    let CaseSettings { title, description, target_date } = current.change(&input, today)?;
    let updated = sqlx::query(
        "UPDATE cases SET title = $1, description = $2, target_date = $3, updated_at = $4, version = version + 1 WHERE id = $5 AND version = $6",
    )
    .bind(&title)
    .bind(&description)
    .bind(&target_date)
    .bind(now.0)
    .bind(id.0)
    .bind(input.version)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(ServiceError::Conflict {
            field: None,
            message:
                "Someone else changed this case's settings a moment ago. Reload to see their change, then try again."
                    .into(),
        });
    }
    crate::audit::record(
        &mut tx,
        crate::audit::Entry {
            case: Some(id),
            actor: Some(actor.id),
            action: "case.settings_changed",
            subject: Some(row.reference.clone()),
            before: Some(serde_json::json!({ "title": row.title, "description": row.description, "target_date": row.target_date })),
            after: Some(serde_json::json!({ "title": title, "description": description, "target_date": target_date })),
        },
        now,
    )
    .await?;
    let detail = detail_of(access::viewable(&mut tx, actor, id, now).await?);
    tx.commit().await?;
    Ok(detail)
}
