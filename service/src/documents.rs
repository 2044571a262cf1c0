//! Documents of a case: list a folder, upload, read, change, delete, and the content to download.
//! Reading needs `view`, and only documents within the reader's defendant scope exist for them
//! (the filter is in the SQL: `access::visible_documents`); changing needs `manage_files`.
use crate::access::{self, visible_documents};
use crate::audit::on_case;
use crate::blobs::{BlobStore, Staged};
use crate::db::{Db, Tx, in_list};
use crate::error::{Result, ServiceError, unless_unique};
use domain::access::{Access, Capability, DefendantScope};
use domain::accounts::Actor;
use domain::cases::Defendant;
use domain::documents::{
    DocumentChange, DocumentPage, DocumentQuery, DocumentSort, DocumentView, MAX_PER_PAGE, PER_PAGE, TextStatus,
    UploadTarget, changed_meanwhile, decide_change, decide_defendants, decide_upload, empty_file, free_name, kind_of,
    name_taken, no_document,
};
use domain::folders::{name_key, no_folder, parse_name};
use domain::paging::Paging;
use domain::{CaseId, DefendantId, DocumentId, FolderId, Timestamp};
use sqlx::AnyConnection;
use std::collections::{BTreeMap, BTreeSet};

const SELECT: &str = "SELECT d.id, d.folder_id, d.name, d.content_type, d.size, d.sha256, d.text_status, \
     u.name AS uploader, d.uploaded_at, d.version FROM documents d LEFT JOIN users u ON u.id = d.uploaded_by";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    folder_id: Option<i64>,
    name: String,
    content_type: String,
    size: i64,
    sha256: String,
    text_status: String,
    uploader: Option<String>,
    uploaded_at: i64,
    version: i64,
}

/// One page of a folder's documents (None: the top of the case), sorted as asked.
#[tracing::instrument(skip_all, fields(case = %case, actor = %actor.id))]
pub async fn list(db: &Db, actor: &Actor, case: CaseId, query: &DocumentQuery, now: Timestamp) -> Result<DocumentPage> {
    let mut conn = db.pool().acquire().await?;
    let read = access::readable(&mut conn, actor, case, now).await?;
    if let Some(folder) = query.folder {
        require_folder(&mut conn, case, folder).await?;
    }
    let paging = Paging::new(query.page, query.per_page, PER_PAGE, MAX_PER_PAGE);
    let visible = visible_documents(&read.access.scope);
    let in_folder = format!("d.case_id = $1 AND COALESCE(d.folder_id, 0) = $2 AND {visible}");
    let folder = query.folder.map_or(0, |f| f.0);
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
    let read = access::readable(&mut conn, actor, case, now).await?;
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
    let read = access::readable(&mut conn, actor, case, now).await?;
    let row = visible_row(&mut conn, case, id, &read.access.scope).await?;
    Ok(Content { name: row.name, size: row.size as u64, sha256: row.sha256 })
}

/// Checks an upload before its bytes are read, so that nobody streams 512 MiB to be refused.
/// `upload` decides again, in its transaction, once the bytes are staged.
#[tracing::instrument(skip_all, fields(case = %case, actor = %actor.id))]
pub async fn check_upload(db: &Db, actor: &Actor, case: CaseId, target: &UploadTarget, now: Timestamp) -> Result<()> {
    let mut conn = db.pool().acquire().await?;
    let read = access::readable(&mut conn, actor, case, now).await?;
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
    let mut prepared = Vec::with_capacity(files.len());
    for (file_name, staged) in files {
        let wanted = parse_name("file", file_name)?;
        if staged.size == 0 {
            return Err(empty_file(&wanted).into());
        }
        let text = crate::extract::text_of(staged.path(), &wanted, staged.size).await;
        // The bytes go into the store before the transaction, so that it stays short.
        blobs.put(staged).await?;
        prepared.push((wanted, staged, text));
    }
    let recorded = record_uploads(db, blobs, actor, case, target, prepared, now).await;
    if recorded.is_err() {
        // Refused or failed: the contents put above go again, unless a document uses them.
        let contents: Vec<(String, u64)> = files.iter().map(|(_, s)| (s.sha256.clone(), s.size)).collect();
        if let Err(e) = blobs.release(db, &contents, now).await {
            tracing::warn!(error = %e, "could not remove the contents of a refused upload");
        }
    }
    recorded
}

type Prepared<'a> = (String, &'a Staged, (TextStatus, Option<String>));

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
        // Holding the content's row makes a `collect` of the same bytes wait or finish first; if
        // it finished, the bytes are gone and are put back.
        sqlx::query(
            "INSERT INTO blobs (sha256, size, created_at) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO UPDATE SET size = excluded.size",
        )
        .bind(&staged.sha256)
        .bind(staged.size as i64)
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        if !blobs.holds(&staged.sha256).await? {
            blobs.put(staged).await?;
        }
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

async fn visible_row(conn: &mut AnyConnection, case: CaseId, id: DocumentId, scope: &DefendantScope) -> Result<Row> {
    sqlx::query_as(&format!("{SELECT} WHERE d.id = $1 AND d.case_id = $2 AND {}", visible_documents(scope)))
        .bind(id.0)
        .bind(case.0)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| no_document(id).into())
}

async fn view_in(
    tx: &mut Tx,
    access: &Access,
    defendants: &[Defendant],
    case: CaseId,
    id: DocumentId,
) -> Result<DocumentView> {
    let row = visible_row(tx, case, id, &access.scope).await?;
    Ok(views(tx, vec![row], defendants, &access.scope).await?.remove(0))
}

/// Rows as the reader sees them, with the defendants of all of them read in one query.
async fn views(
    conn: &mut AnyConnection,
    rows: Vec<Row>,
    names: &[Defendant],
    scope: &DefendantScope,
) -> Result<Vec<DocumentView>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut associated = defendants_of(conn, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| DocumentView {
            id: DocumentId(row.id),
            folder: row.folder_id.map(FolderId),
            defendants: associated
                .remove(&row.id)
                .unwrap_or_default()
                .into_iter()
                .filter(|d| scope.includes(*d))
                .filter_map(|d| names.iter().find(|n| n.id == d).cloned())
                .collect(),
            name: row.name,
            content_type: row.content_type,
            size: row.size,
            uploaded_by: row.uploader.unwrap_or_else(|| "—".into()),
            uploaded_at: Timestamp(row.uploaded_at),
            text: TextStatus::parse(&row.text_status),
            version: row.version,
        })
        .collect())
}

async fn defendants_of(conn: &mut AnyConnection, ids: &[i64]) -> Result<BTreeMap<i64, BTreeSet<DefendantId>>> {
    let mut found: BTreeMap<i64, BTreeSet<DefendantId>> = BTreeMap::new();
    for batch in ids.chunks(500) {
        let (placeholders, arguments) = in_list(batch)?;
        let pairs: Vec<(i64, i64)> = sqlx::query_as_with(
            &format!("SELECT document_id, defendant_id FROM document_defendants WHERE document_id IN ({placeholders})"),
            arguments,
        )
        .fetch_all(&mut *conn)
        .await?;
        for (document, defendant) in pairs {
            found.entry(document).or_default().insert(DefendantId(defendant));
        }
    }
    Ok(found)
}

async fn set_defendants(tx: &mut Tx, id: DocumentId, defendants: &BTreeSet<DefendantId>) -> Result<()> {
    for defendant in defendants {
        sqlx::query("INSERT INTO document_defendants (document_id, defendant_id) VALUES ($1, $2)")
            .bind(id.0)
            .bind(defendant.0)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn require_folder(conn: &mut AnyConnection, case: CaseId, folder: FolderId) -> Result<()> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM folders WHERE id = $1 AND case_id = $2")
        .bind(folder.0)
        .bind(case.0)
        .fetch_optional(&mut *conn)
        .await?;
    found.map(|_| ()).ok_or_else(|| ServiceError::from(no_folder(folder)))
}

/// The names in the folder that start as `wanted` does: all `free_name` can clash with.
async fn taken_like(tx: &mut Tx, case: CaseId, folder: Option<FolderId>, wanted: &str) -> Result<BTreeSet<String>> {
    let key = name_key(wanted);
    let stem = key.rsplit_once('.').map(|(stem, _)| stem).filter(|s| !s.is_empty()).unwrap_or(&key).to_string();
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name_key FROM documents WHERE case_id = $1 AND COALESCE(folder_id, 0) = $2 AND substr(name_key, 1, CAST($3 AS INTEGER)) = $4",
    )
    .bind(case.0)
    .bind(folder.map_or(0, |f| f.0))
    .bind(stem.chars().count() as i64)
    .bind(&stem)
    .fetch_all(&mut **tx)
    .await?;
    Ok(names.into_iter().collect())
}
