//! The queries behind documents' use cases: a document as the reader may see it (the defendant
//! scope inside the SQL), its defendants read in bulk, and the names a folder already holds.
use crate::access::visible_documents;
use crate::db::{Tx, in_list};
use crate::error::{Result, ServiceError};
use domain::access::{Access, DefendantScope};
use domain::cases::Defendant;
use domain::documents::{DocumentTag, DocumentView, TextStatus, no_document};
use domain::folders::{name_key, no_folder};
use domain::tags::TagColour;
use domain::{CaseId, DefendantId, DocumentId, FolderId, TagId, Timestamp};
use sqlx::AnyConnection;
use std::collections::{BTreeMap, BTreeSet};

pub(super) const SELECT: &str = "SELECT d.id, d.folder_id, d.name, d.content_type, d.size, d.sha256, d.text_status, \
     u.name AS uploader, d.uploaded_at, d.version FROM documents d LEFT JOIN users u ON u.id = d.uploaded_by";

#[derive(sqlx::FromRow)]
pub(super) struct Row {
    pub id: i64,
    pub folder_id: Option<i64>,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub text_status: String,
    pub uploader: Option<String>,
    pub uploaded_at: i64,
    pub version: i64,
}

/// A document of the case that `scope` may see; any other is "not found".
pub(super) async fn visible_row(
    conn: &mut AnyConnection,
    case: CaseId,
    id: DocumentId,
    scope: &DefendantScope,
) -> Result<Row> {
    sqlx::query_as(&format!("{SELECT} WHERE d.id = $1 AND d.case_id = $2 AND {}", visible_documents(scope)))
        .bind(id.0)
        .bind(case.0)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| no_document(id).into())
}

pub(super) async fn view_in(
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
pub(super) async fn views(
    conn: &mut AnyConnection,
    rows: Vec<Row>,
    names: &[Defendant],
    scope: &DefendantScope,
) -> Result<Vec<DocumentView>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut associated = defendants_of(conn, &ids).await?;
    let mut tagged = tags_of(conn, &ids).await?;
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
            tags: tagged.remove(&row.id).unwrap_or_default(),
            version: row.version,
        })
        .collect())
}

/// The documents among `ids` that `scope` may see, as they see them, in the order of `ids`: read in
/// batches of 500, three statements each (rows, defendants, tags).
pub(crate) async fn views_by_ids(
    conn: &mut AnyConnection,
    case: CaseId,
    ids: &[i64],
    names: &[Defendant],
    scope: &DefendantScope,
) -> Result<Vec<DocumentView>> {
    let mut found = Vec::with_capacity(ids.len());
    for batch in ids.chunks(500) {
        let (placeholders, arguments) = in_list(batch)?;
        let rows: Vec<Row> = sqlx::query_as_with(
            &format!(
                "{SELECT} WHERE d.id IN ({placeholders}) AND d.case_id = {} AND {}",
                case.0,
                visible_documents(scope)
            ),
            arguments,
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut views = views(conn, rows, names, scope).await?;
        let order: BTreeMap<i64, usize> = batch.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        views.sort_by_key(|v| order.get(&v.id.0).copied());
        found.extend(views);
    }
    Ok(found)
}

pub(crate) async fn defendants_of(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<BTreeMap<i64, BTreeSet<DefendantId>>> {
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

/// The tags on each document, by tag name, read in batches of 500 documents.
pub(crate) async fn tags_of(conn: &mut AnyConnection, ids: &[i64]) -> Result<BTreeMap<i64, Vec<DocumentTag>>> {
    let mut found: BTreeMap<i64, Vec<DocumentTag>> = BTreeMap::new();
    for batch in ids.chunks(500) {
        let (placeholders, arguments) = in_list(batch)?;
        let rows: Vec<(i64, i64, String, String)> = sqlx::query_as_with(
            &format!(
                "SELECT dt.document_id, t.id, t.name, t.colour FROM document_tags dt JOIN tags t ON t.id = dt.tag_id \
                 WHERE dt.document_id IN ({placeholders}) ORDER BY t.name_key, t.id"
            ),
            arguments,
        )
        .fetch_all(&mut *conn)
        .await?;
        for (document, id, name, colour) in rows {
            found.entry(document).or_default().push(DocumentTag {
                id: TagId(id),
                name,
                colour: TagColour::parse(&colour),
            });
        }
    }
    Ok(found)
}

pub(super) async fn set_defendants(tx: &mut Tx, id: DocumentId, defendants: &BTreeSet<DefendantId>) -> Result<()> {
    for defendant in defendants {
        sqlx::query("INSERT INTO document_defendants (document_id, defendant_id) VALUES ($1, $2)")
            .bind(id.0)
            .bind(defendant.0)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub(super) async fn require_folder(conn: &mut AnyConnection, case: CaseId, folder: FolderId) -> Result<()> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM folders WHERE id = $1 AND case_id = $2")
        .bind(folder.0)
        .bind(case.0)
        .fetch_optional(&mut *conn)
        .await?;
    found.map(|_| ()).ok_or_else(|| ServiceError::from(no_folder(folder)))
}

/// The names in the folder that start as `wanted` does: all `free_name` can clash with.
pub(super) async fn taken_like(
    tx: &mut Tx,
    case: CaseId,
    folder: Option<FolderId>,
    wanted: &str,
) -> Result<BTreeSet<String>> {
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
