//! Documents of a case: list a folder, upload, read, change, delete, and the content to download.
//! Reading needs `view`, and only documents within the reader's defendant scope exist for them
//! (the filter is in the SQL: `access::visible_documents`); changing needs `manage_files`.
mod batch;
mod rows;
mod search;
pub(crate) mod sets;

pub use batch::{batch_preview, batch_update};
/// For productions and reports, which are made of documents.
pub(crate) use rows::{defendants_of, tags_of, views_by_ids};
pub(crate) use search::matching_ids;
pub use search::search;

use crate::access::{self, visible_documents};
use crate::audit::on_case;
use crate::blobs::{BlobStore, Staged};
use crate::db::Db;
use crate::error::{Result, unless_unique};
use domain::access::Capability;
use domain::accounts::Actor;
use domain::documents::{
    DocumentChange, DocumentPage, DocumentQuery, DocumentSort, DocumentView, MAX_PER_PAGE, PER_PAGE, PREVIEW_BYTES,
    Presentation, TextPreview, TextStatus, UploadTarget, changed_meanwhile, decide_change, decide_defendants,
    decide_upload, empty_file, free_name, kind_of, name_taken,
};
use domain::folders::{name_key, parse_name};
use domain::paging::Paging;
use domain::{CaseId, DocumentId, Timestamp};
use rows::{Row, SELECT, require_folder, set_defendants, taken_like, view_in, views, visible_row};

/// One page of a folder's documents (None: the top of the case), or of every document carrying a
/// tag, sorted as asked.
#[tracing::instrument(skip_all, fields(case = %case, actor = %actor.id))]
pub async fn list(db: &Db, actor: &Actor, case: CaseId, query: &DocumentQuery, now: Timestamp) -> Result<DocumentPage> {
    let mut conn = db.acquire().await?;
    let read = access::readable(&mut conn, db.roles(), actor, case, now).await?;
    if let (Some(folder), None) = (query.folder, query.tag) {
        require_folder(&mut conn, case, folder).await?;
    }
    let paging = Paging::new(query.page, query.per_page, PER_PAGE, MAX_PER_PAGE);
    let visible = visible_documents(&read.access.scope);
    // A tag filter looks in every folder: $2 is then the tag, not the folder.
    let (in_folder, folder) = match query.tag {
        Some(tag) => (
            format!(
                "d.case_id = $1 AND EXISTS (SELECT 1 FROM document_tags dt WHERE dt.document_id = d.id AND dt.tag_id = $2) \
                 AND {visible}"
            ),
            tag.0,
        ),
        None => {
            (format!("d.case_id = $1 AND COALESCE(d.folder_id, 0) = $2 AND {visible}"), query.folder.map_or(0, |f| f.0))
        }
    };
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM documents d WHERE {in_folder}"))
        .bind(case.0)
        .bind(folder)
        .fetch_one(&mut *conn)
        .await?;
    let column = match query.sort {
        DocumentSort::Name => "d.name_key",
        DocumentSort::Type => "d.content_type",
        DocumentSort::Size => "d.size",
        DocumentSort::UploadedBy => "lower(u.name)",
        DocumentSort::UploadedAt => "d.uploaded_at",
    };
    let direction = if query.descending { "DESC" } else { "ASC" };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE {in_folder} ORDER BY {column} {direction}, d.name_key {direction}, d.id LIMIT $3 OFFSET $4"
    ))
    .bind(case.0)
    .bind(folder)
    .bind(paging.per_page as i64)
    .bind(paging.offset() as i64)
    .fetch_all(&mut *conn)
    .await?;
    let documents = views(&mut conn, rows, &read.defendants, &read.access.scope).await?;
    Ok(DocumentPage { documents, total, page: paging.page, per_page: paging.per_page })
}

/// One document the reader may see; any other id is "not found", whether or not it exists.
#[tracing::instrument(skip_all, fields(case = %case, document = %id, actor = %actor.id))]
pub async fn get(db: &Db, actor: &Actor, case: CaseId, id: DocumentId, now: Timestamp) -> Result<DocumentView> {
    let mut conn = db.pool().acquire().await?;
    let read = access::readable(&mut conn, db.roles(), actor, case, now).await?;
    let row = visible_row(&mut conn, case, id, &read.access.scope).await?;
    Ok(views(&mut conn, vec![row], &read.defendants, &read.access.scope).await?.remove(0))
}

/// What a download needs: the name to give the file and where its bytes are.
pub struct Content {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

/// The content of a document the reader may see (`view`); else "not found".
#[tracing::instrument(skip_all, fields(case = %case, document = %id, actor = %actor.id))]
pub async fn content(db: &Db, actor: &Actor, case: CaseId, id: DocumentId, now: Timestamp) -> Result<Content> {
    let mut conn = db.pool().acquire().await?;
    let read = access::readable(&mut conn, db.roles(), actor, case, now).await?;
    let row = visible_row(&mut conn, case, id, &read.access.scope).await?;
    Ok(Content { name: row.name, size: row.size as u64, sha256: row.sha256 })
}

/// The start of a text or HTML document as text, for the viewer (`view`); None for other kinds.
#[tracing::instrument(skip_all, fields(case = %case, document = %id, actor = %actor.id))]
pub async fn text_preview(
    db: &Db,
    blobs: &BlobStore,
    actor: &Actor,
    case: CaseId,
    id: DocumentId,
    now: Timestamp,
) -> Result<Option<TextPreview>> {
    let Content { name, size, sha256 } = content(db, actor, case, id, now).await?;
    if kind_of(&name).1 != Presentation::Text {
        return Ok(None);
    }
    let shown = size.min(PREVIEW_BYTES as u64);
    let bytes = blobs.read_all(&sha256, Some(0..shown)).await?;
    Ok(Some(TextPreview {
        text: domain::annotations::as_shown(String::from_utf8_lossy(&bytes).into_owned()),
        truncated: size > shown,
    }))
}

/// Checks an upload before its bytes are read, so that nobody streams 512 MiB to be refused.
/// `upload` decides again, in its transaction, once the bytes are staged.
#[tracing::instrument(skip_all, fields(case = %case, actor = %actor.id))]
pub async fn check_upload(db: &Db, actor: &Actor, case: CaseId, target: &UploadTarget, now: Timestamp) -> Result<()> {
    let mut conn = db.pool().acquire().await?;
    let read = access::readable(&mut conn, db.roles(), actor, case, now).await?;
    decide_upload(&read.access, &target.defendants, &read.defendants)?;
    if let Some(folder) = target.folder {
        require_folder(&mut conn, case, folder).await?;
    }
    Ok(())
}

/// Stores staged files as documents, each named as uploaded (or `name (2).ext` when the name is
/// taken in the folder), with its text, the target's defendants and an audit entry: all of them
/// in one transaction, or none.
#[tracing::instrument(skip_all, fields(case = %case, actor = %actor.id, files = files.len()))]
pub async fn upload(
    db: &Db,
    blobs: &BlobStore,
    actor: &Actor,
    case: CaseId,
    target: &UploadTarget,
    files: &[(String, Staged)],
    now: Timestamp,
) -> Result<Vec<DocumentView>> {
    // Every name and size is checked before any content goes into the store.
    let mut named = Vec::with_capacity(files.len());
    for (file_name, staged) in files {
        let wanted = parse_name("file", file_name)?;
        if staged.size == 0 {
            return Err(empty_file(&wanted).into());
        }
        named.push((wanted, staged));
    }
    let recorded = put_and_record(db, blobs, actor, case, target, named, now).await;
    if recorded.is_err() {
        // Refused or failed: whatever was put goes again, unless a document uses it.
        let contents: Vec<(String, u64)> = files.iter().map(|(_, s)| (s.sha256.clone(), s.size)).collect();
        if let Err(e) = blobs.release(db, &contents, now).await {
            tracing::warn!(error = %e, "could not remove the contents of a refused upload");
        }
    }
    recorded
}

type Prepared<'a> = (String, &'a Staged, (TextStatus, Option<String>));

/// Reads each file's text and puts its bytes into the store before the transaction, so that it
/// stays short, then records them all.
async fn put_and_record(
    db: &Db,
    blobs: &BlobStore,
    actor: &Actor,
    case: CaseId,
    target: &UploadTarget,
    named: Vec<(String, &Staged)>,
    now: Timestamp,
) -> Result<Vec<DocumentView>> {
    let mut prepared = Vec::with_capacity(named.len());
    for (wanted, staged) in named {
        let text = crate::extract::text_of(staged.path(), &wanted, staged.size).await;
        blobs.put(staged).await?;
        prepared.push((wanted, staged, text));
    }
    record_uploads(db, blobs, actor, case, target, prepared, now).await
}

async fn record_uploads(
    db: &Db,
    blobs: &BlobStore,
    actor: &Actor,
    case: CaseId,
    target: &UploadTarget,
    prepared: Vec<Prepared<'_>>,
    now: Timestamp,
) -> Result<Vec<DocumentView>> {
    let mut tx = db.begin_write().await?;
    let opened = access::requiring(&mut tx, actor, case, Capability::ManageFiles, now).await?;
    let defendants = decide_upload(&opened.access, &target.defendants, &opened.case.defendants)?;
    if let Some(folder) = target.folder {
        require_folder(&mut tx, case, folder).await?;
    }
    let mut views = Vec::with_capacity(prepared.len());
    for (wanted, staged, (text_status, text)) in prepared {
        let name = free_name(&wanted, &taken_like(&mut tx, case, target.folder, &wanted).await?);
        blobs.hold(&mut tx, staged, now).await?;
        let inserted = sqlx::query_scalar::<_, i64>(
            "INSERT INTO documents (case_id, folder_id, name, name_key, content_type, size, sha256, text_status, uploaded_by, \
             uploaded_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
        )
        .bind(case.0)
        .bind(target.folder.map(|f| f.0))
        .bind(&name)
        .bind(name_key(&name))
        .bind(kind_of(&name).0)
        .bind(staged.size as i64)
        .bind(&staged.sha256)
        .bind(text_status.as_str())
        .bind(actor.id.0)
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await;
        let id = DocumentId(unless_unique(inserted, || name_taken(&name).into())?);
        set_defendants(&mut tx, id, &defendants).await?;
        if let Some(text) = text {
            sqlx::query("INSERT INTO document_texts (document_id, body) VALUES ($1, $2)")
                .bind(id.0)
                .bind(text)
                .execute(&mut *tx)
                .await?;
        }
        let after = serde_json::json!({ "name": name, "folder": target.folder, "size": staged.size,
            "sha256": staged.sha256, "defendants": defendants, "text": text_status.as_str() });
        on_case(&mut tx, case, actor.id, "document.uploaded", &name, (None, Some(after)), now).await?;
        views.push(view_in(&mut tx, &opened.access, &opened.case.defendants, case, id).await?);
    }
    tx.commit().await?;
    Ok(views)
}

/// Renames, moves, or changes the defendants of a document (`manage_files`), on the version the
/// actor saw.
#[tracing::instrument(skip_all, fields(case = %case, document = %id, actor = %actor.id))]
pub async fn change(
    db: &Db,
    actor: &Actor,
    case: CaseId,
    id: DocumentId,
    change: DocumentChange,
    now: Timestamp,
) -> Result<DocumentView> {
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case, now).await?;
    decide_change(&opened.access)?;
    let row = visible_row(&mut tx, case, id, &opened.access.scope).await?;
    let current = defendants_of(&mut tx, &[row.id]).await?.remove(&row.id).unwrap_or_default();
    let name = match &change.name {
        Some(name) => parse_name("name", name)?,
        None => row.name.clone(),
    };
    let folder = match change.folder {
        Some(Some(folder)) => {
            require_folder(&mut tx, case, folder).await?;
            Some(folder.0)
        }
        Some(None) => None,
        None => row.folder_id,
    };
    let defendants = match &change.defendants {
        Some(requested) => decide_defendants(&opened.access, &current, requested, &opened.case.defendants)?,
        None => current.clone(),
    };
    let updated = sqlx::query(
        "UPDATE documents SET name = $1, name_key = $2, folder_id = $3, updated_at = $4, version = version + 1 \
         WHERE id = $5 AND version = $6",
    )
    .bind(&name)
    .bind(name_key(&name))
    .bind(folder)
    .bind(now.0)
    .bind(id.0)
    .bind(change.version)
    .execute(&mut *tx)
    .await;
    if unless_unique(updated, || name_taken(&name).into())?.rows_affected() != 1 {
        return Err(changed_meanwhile(&row.name).into());
    }
    if defendants != current {
        sqlx::query("DELETE FROM document_defendants WHERE document_id = $1").bind(id.0).execute(&mut *tx).await?;
        set_defendants(&mut tx, id, &defendants).await?;
    }
    let before = serde_json::json!({ "name": row.name, "folder": row.folder_id, "defendants": current });
    let after = serde_json::json!({ "name": name, "folder": folder, "defendants": defendants });
    on_case(&mut tx, case, actor.id, "document.changed", &name, (Some(before), Some(after)), now).await?;
    let view = view_in(&mut tx, &opened.access, &opened.case.defendants, case, id).await?;
    tx.commit().await?;
    Ok(view)
}

/// Deletes a document (`manage_files`); its content goes once no document refers to it. The
/// audit entry stays.
#[tracing::instrument(skip_all, fields(case = %case, document = %id, actor = %actor.id))]
pub async fn delete(
    db: &Db,
    blobs: &BlobStore,
    actor: &Actor,
    case: CaseId,
    id: DocumentId,
    now: Timestamp,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case, now).await?;
    decide_change(&opened.access)?;
    let row = visible_row(&mut tx, case, id, &opened.access.scope).await?;
    sqlx::query("DELETE FROM documents WHERE id = $1").bind(id.0).execute(&mut *tx).await?;
    let before =
        serde_json::json!({ "name": row.name, "folder": row.folder_id, "size": row.size, "sha256": row.sha256 });
    on_case(&mut tx, case, actor.id, "document.deleted", &row.name, (Some(before), None), now).await?;
    tx.commit().await?;
    blobs.collect(db, &[row.sha256]).await
}
