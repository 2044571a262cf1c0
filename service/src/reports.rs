//! Reports of a case: a CSV of the documents a search (or a tag) finds, written when a holder of
//! `produce` creates it, from what they see, and stored; listed and downloaded by readers whose
//! defendant scope covers the maker's, deleted by holders of `manage_tags`.
use crate::access::{self, REPORTS, made_within, record_scope};
use crate::audit::on_case;
use crate::blobs::{BlobStore, StoredFile};
use crate::db::Db;
use crate::error::{Result, ServiceError};
use crate::tokens::new_token;
use domain::accounts::Actor;
use domain::paging::Paging;
use domain::reports::{
    COLUMNS, MAX_PER_PAGE, MAX_REPORT, PER_PAGE, ReportInput, ReportPage, ReportView, decide_count, decide_create,
    decide_delete, no_report,
};
use domain::search::{SearchQuery, decide_search};
use domain::{CaseId, ReportId, Timestamp};
use sqlx::AnyConnection;
use std::collections::BTreeMap;
use std::io::Write;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    query: String,
    documents: i64,
    size: i64,
    location: String,
    creator: Option<String>,
    created_at: i64,
}

const SELECT: &str = "SELECT r.id, r.name, r.query, r.documents, r.size, r.location, u.name AS creator, r.created_at \
     FROM reports r LEFT JOIN users u ON u.id = r.created_by";

impl Row {
    fn view(self) -> Result<ReportView> {
        let query: SearchQuery = serde_json::from_str(&self.query)
            .map_err(|e| ServiceError::Internal(format!("report {} holds a query that does not read: {e}", self.id)))?;
        Ok(ReportView {
            id: ReportId(self.id),
            name: self.name,
            query,
            documents: self.documents,
            size: self.size,
            created_by: self.creator.unwrap_or_else(|| "—".into()),
            created_at: Timestamp(self.created_at),
        })
    }
}

async fn visible(
    conn: &mut AnyConnection,
    case: CaseId,
    id: ReportId,
    scope: &domain::access::DefendantScope,
) -> Result<Row> {
    let within = made_within(scope, &REPORTS);
    sqlx::query_as(&format!("{SELECT} WHERE r.id = $1 AND r.case_id = $2 AND {within}"))
        .bind(id.0)
        .bind(case.0)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| no_report(id).into())
}

/// Writes the CSV of the query's documents as the maker sees them, stores it, and records it
/// (`produce`, and `search` for the query). The file is written before the record's transaction,
/// so that no write lock is held while it is; a record that then fails removes it.
#[tracing::instrument(skip_all, fields(case = %case, actor = %actor.id))]
pub async fn create(
    db: &Db,
    blobs: &BlobStore,
    actor: &Actor,
    case: CaseId,
    input: ReportInput,
    now: Timestamp,
) -> Result<ReportView> {
    let mut conn = db.pool().acquire().await?;
    let read = access::readable(&mut conn, db.roles(), actor, case, now).await?;
    let name = decide_create(&read.access, &input)?;
    let parsed = decide_search(&read.access, &input.query, &read.defendants)?;
    let ids =
        crate::documents::matching_ids(&mut conn, db.backend(), case, &read.access.scope, &parsed, MAX_REPORT).await?;
    decide_count(ids.len())?;
    let folders = folder_paths(&mut conn, case).await?;
    let (file, path) = blobs.scratch_file("report-")?.into_parts();
    let mut out = std::io::BufWriter::new(file);
    let io = |e: std::io::Error| ServiceError::Internal(format!("writing a report: {e}"));
    out.write_all(domain::csv::line(&COLUMNS).as_bytes()).map_err(io)?;
    let mut listed = 0i64;
    for batch in ids.chunks(500) {
        let views =
            crate::documents::views_by_ids(&mut conn, case, batch, &read.defendants, &read.access.scope).await?;
        let counts = crate::annotations::counts_of(&mut conn, batch).await?;
        for view in views {
            let line = domain::csv::line(&[
                view.id.to_string(),
                view.name.clone(),
                view.folder.and_then(|f| folders.get(&f.0).cloned()).unwrap_or_else(|| "/".into()),
                view.uploaded_by.clone(),
                view.uploaded_at.display(),
                view.size.to_string(),
                view.defendants.iter().map(|d| d.name.as_str()).collect::<Vec<_>>().join("; "),
                view.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join("; "),
                counts.get(&view.id.0).copied().unwrap_or_default().to_string(),
            ]);
            out.write_all(line.as_bytes()).map_err(io)?;
            listed += 1;
        }
    }
    let file = out.into_inner().map_err(|e| io(e.into_error()))?;
    let size = file.metadata().map_err(io)?.len() as i64;
    drop(conn);
    let location = format!("reports/{case}/{}.csv", &new_token()[..16]);
    blobs.put_file(&location, &path).await?;
    let written = Written { documents: listed, size, location: location.clone(), scope: read.access.scope.clone() };
    match record(db, actor, case, &name, &input.query, written, now).await {
        Ok(view) => Ok(view),
        Err(e) => {
            blobs.delete_file(&location).await?;
            Err(e)
        }
    }
}

/// A report's file as written: what it lists, its size, where it is, and the scope it was written in.
struct Written {
    documents: i64,
    size: i64,
    location: String,
    scope: domain::access::DefendantScope,
}

async fn record(
    db: &Db,
    actor: &Actor,
    case: CaseId,
    name: &str,
    query: &SearchQuery,
    written: Written,
    now: Timestamp,
) -> Result<ReportView> {
    let Written { documents, size, location, scope } = written;
    let mut tx = db.begin_write().await?;
    // Decided again in the transaction: access may have changed while the file was written, and
    // the report is recorded only under the scope its file was written in.
    let opened = access::viewable(&mut tx, actor, case, now).await?;
    decide_create(&opened.access, &ReportInput { name: name.into(), query: query.clone() })?;
    if opened.access.scope != scope {
        return Err(domain::Refusal::conflict(
            None,
            "Your access changed while the report was written. Create it again.",
        )
        .into());
    }
    let query = SearchQuery { page: None, per_page: None, ..query.clone() };
    let stored = serde_json::to_string(&query).map_err(|e| ServiceError::Internal(format!("a query as JSON: {e}")))?;
    let scoped = i64::from(!matches!(opened.access.scope, domain::access::DefendantScope::All));
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO reports (case_id, name, query, documents, size, location, scoped, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(case.0)
    .bind(name)
    .bind(&stored)
    .bind(documents)
    .bind(size)
    .bind(&location)
    .bind(scoped)
    .bind(actor.id.0)
    .bind(now.0)
    .fetch_one(&mut *tx)
    .await?;
    record_scope(&mut tx, &opened.access.scope, &REPORTS, id).await?;
    let after = serde_json::json!({ "name": name, "query": query, "documents": documents });
    on_case(&mut tx, case, actor.id, "report.created", name, (None, Some(after)), now).await?;
    let view = visible(&mut tx, case, ReportId(id), &opened.access.scope).await?.view()?;
    tx.commit().await?;
    Ok(view)
}

/// Each folder of the case as a path, `/Evidence/Photos`, from one read of its folders.
async fn folder_paths(conn: &mut AnyConnection, case: CaseId) -> Result<BTreeMap<i64, String>> {
    let rows: Vec<(i64, Option<i64>, String)> =
        sqlx::query_as("SELECT id, parent_id, name FROM folders WHERE case_id = $1")
            .bind(case.0)
            .fetch_all(&mut *conn)
            .await?;
    let parents: BTreeMap<i64, (Option<i64>, String)> = rows.into_iter().map(|(id, p, name)| (id, (p, name))).collect();
    Ok(parents
        .keys()
        .map(|&id| {
            let mut names = Vec::new();
            let mut at = Some(id);
            while let Some(folder) = at {
                let Some((parent, name)) = parents.get(&folder) else { break };
                names.push(name.as_str());
                at = *parent;
                if names.len() > parents.len() {
                    break;
                }
            }
            names.reverse();
            (id, format!("/{}", names.join("/")))
        })
        .collect())
}

/// The case's reports the reader may see, newest first, a page at a time (`view`).
#[tracing::instrument(skip_all, fields(case = %case, actor = %actor.id))]
pub async fn list(
    db: &Db,
    actor: &Actor,
    case: CaseId,
    page: Option<u32>,
    per_page: Option<u32>,
    now: Timestamp,
) -> Result<ReportPage> {
    let mut conn = db.acquire().await?;
    let read = access::readable(&mut conn, db.roles(), actor, case, now).await?;
    let paging = Paging::new(page, per_page, PER_PAGE, MAX_PER_PAGE);
    let (total, rows) =
        access::page_made_within::<Row>(&mut conn, &REPORTS, SELECT, case, &read.access.scope, paging).await?;
    Ok(ReportPage {
        reports: rows.into_iter().map(Row::view).collect::<Result<_>>()?,
        total,
        page: paging.page,
        per_page: paging.per_page,
    })
}

/// Deletes a report and its file (`manage_tags`).
#[tracing::instrument(skip_all, fields(case = %case, report = %id, actor = %actor.id))]
pub async fn delete(
    db: &Db,
    blobs: &BlobStore,
    actor: &Actor,
    case: CaseId,
    id: ReportId,
    now: Timestamp,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case, now).await?;
    decide_delete(&opened.access)?;
    let row = visible(&mut tx, case, id, &opened.access.scope).await?;
    sqlx::query("DELETE FROM reports WHERE id = $1").bind(id.0).execute(&mut *tx).await?;
    let before = serde_json::json!({ "name": row.name, "documents": row.documents });
    on_case(&mut tx, case, actor.id, "report.deleted", &row.name, (Some(before), None), now).await?;
    tx.commit().await?;
    blobs.delete_file(&row.location).await
}

/// Where a report's CSV is, and the name to give it (`view`, within the maker's scope).
#[tracing::instrument(skip_all, fields(case = %case, report = %id, actor = %actor.id))]
pub async fn content(db: &Db, actor: &Actor, case: CaseId, id: ReportId, now: Timestamp) -> Result<StoredFile> {
    let mut conn = db.pool().acquire().await?;
    let read = access::readable(&mut conn, db.roles(), actor, case, now).await?;
    let row = visible(&mut conn, case, id, &read.access.scope).await?;
    Ok(StoredFile { file_name: format!("{}.csv", row.name), size: row.size as u64, location: row.location })
}
