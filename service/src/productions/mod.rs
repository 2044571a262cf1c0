//! Productions of a case: created by holders of `produce` from a selection or a search's results
//! (frozen then, in Bates order), built in the background (`build`), listed and downloaded by
//! readers whose defendant scope covers their maker's, deleted by holders of `manage_tags`, and
//! shared with a named person by holders of `share_productions` (`shares`).
mod build;
mod shares;

pub use build::{BUILD_LEASE_MS, build_next, wait_for_work, wake_builders};
pub use shares::{revoke, share, shared, shared_content, shares};

use crate::access::{self, PRODUCTIONS, made_within, record_scope};
use crate::audit::on_case;
use crate::blobs::{BlobStore, StoredFile};
use crate::db::{Db, in_list};
use crate::documents::sets::ids_of;
use crate::error::Result;
use domain::accounts::Actor;
use domain::paging::Paging;
use domain::productions::{
    MAX_PER_PAGE, MAX_PRODUCTION, PER_PAGE, ProductionInput, ProductionPage, ProductionStatus, ProductionView, bates,
    decide_count, decide_create, decide_delete, decide_download, no_production,
};
use domain::{CaseId, ProductionId, Timestamp};
use sqlx::AnyConnection;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    bates_prefix: String,
    bates_start: i64,
    bates_end: Option<i64>,
    status: String,
    documents: i64,
    done: i64,
    redacted: i64,
    withheld: i64,
    size: Option<i64>,
    error: Option<String>,
    creator: Option<String>,
    created_at: i64,
    finished_at: Option<i64>,
    location: Option<String>,
}

const SELECT: &str = "SELECT p.id, p.name, p.bates_prefix, p.bates_start, p.bates_end, p.status, p.documents, p.done, \
     p.redacted, p.withheld, p.size, p.error, u.name AS creator, p.created_at, p.finished_at, p.location \
     FROM productions p LEFT JOIN users u ON u.id = p.created_by";

impl Row {
    fn view(self) -> ProductionView {
        ProductionView {
            id: ProductionId(self.id),
            name: self.name,
            bates_prefix: self.bates_prefix,
            bates_start: self.bates_start,
            bates_end: self.bates_end,
            status: ProductionStatus::parse(&self.status),
            documents: self.documents,
            done: self.done,
            redacted: self.redacted,
            withheld: self.withheld,
            size: self.size,
            error: self.error,
            created_by: self.creator.unwrap_or_else(|| "—".into()),
            created_at: Timestamp(self.created_at),
            finished_at: self.finished_at.map(Timestamp),
        }
    }
}

/// The production, if the reader's scope covers its maker's; else "not found".
async fn visible(
    conn: &mut AnyConnection,
    case: CaseId,
    id: ProductionId,
    scope: &domain::access::DefendantScope,
) -> Result<Row> {
    let within = made_within(scope, &PRODUCTIONS);
    sqlx::query_as(&format!("{SELECT} WHERE p.id = $1 AND p.case_id = $2 AND {within}"))
        .bind(id.0)
        .bind(case.0)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| no_production(id).into())
}

/// Freezes the documents of the input (those the maker sees, ordered by name) as a production and
/// queues it for the builder. Needs `produce`, and `search` for a search's results.
#[tracing::instrument(skip_all, fields(case = %case, actor = %actor.id))]
pub async fn create(
    db: &Db,
    actor: &Actor,
    case: CaseId,
    input: ProductionInput,
    now: Timestamp,
) -> Result<ProductionView> {
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case, now).await?;
    let new = decide_create(&opened.access, &input)?;
    let ids =
        ids_of(&mut tx, db, case, &opened.access, &opened.case.defendants, &input.documents, MAX_PRODUCTION).await?;
    decide_count(ids.len())?;
    let mut named: Vec<(String, i64, String)> = Vec::with_capacity(ids.len());
    for batch in ids.chunks(500) {
        let (placeholders, arguments) = in_list(batch)?;
        let rows: Vec<(i64, String, String)> = sqlx::query_as_with(
            &format!("SELECT id, name_key, name FROM documents WHERE id IN ({placeholders})"),
            arguments,
        )
        .fetch_all(&mut *tx)
        .await?;
        named.extend(rows.into_iter().map(|(id, key, name)| (key, id, name)));
    }
    named.sort();
    let scoped = i64::from(!matches!(opened.access.scope, domain::access::DefendantScope::All));
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO productions (case_id, name, bates_prefix, bates_start, status, documents, scoped, created_by, created_at) \
         VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7, $8) RETURNING id",
    )
    .bind(case.0)
    .bind(&new.name)
    .bind(&new.bates_prefix)
    .bind(new.bates_start)
    .bind(named.len() as i64)
    .bind(scoped)
    .bind(actor.id.0)
    .bind(now.0)
    .fetch_one(&mut *tx)
    .await?;
    for (chunk, rows) in named.chunks(300).enumerate() {
        let values = (0..rows.len()).map(|i| format!("({id}, ${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3));
        let sql = format!(
            "INSERT INTO production_documents (production_id, position, document_id, name) VALUES {}",
            values.collect::<Vec<_>>().join(", ")
        );
        let mut insert = sqlx::query(&sql);
        for (i, (_, document, name)) in rows.iter().enumerate() {
            insert = insert.bind((chunk * 300 + i) as i64).bind(*document).bind(name);
        }
        insert.execute(&mut *tx).await?;
    }
    record_scope(&mut tx, &opened.access.scope, &PRODUCTIONS, id).await?;
    let after = serde_json::json!({
        "name": new.name, "bates_prefix": new.bates_prefix, "bates_start": new.bates_start,
        "documents": named.iter().map(|(_, id, _)| id).collect::<Vec<_>>(),
    });
    on_case(&mut tx, case, actor.id, "production.created", &new.name, (None, Some(after)), now).await?;
    let view = visible(&mut tx, case, ProductionId(id), &opened.access.scope).await?.view();
    tx.commit().await?;
    wake_builders();
    Ok(view)
}

/// The case's productions the reader may see, newest first, a page at a time (`view`).
#[tracing::instrument(skip_all, fields(case = %case, actor = %actor.id))]
pub async fn list(
    db: &Db,
    actor: &Actor,
    case: CaseId,
    page: Option<u32>,
    per_page: Option<u32>,
    now: Timestamp,
) -> Result<ProductionPage> {
    let mut conn = db.acquire().await?;
    let read = access::readable(&mut conn, db.roles(), actor, case, now).await?;
    let paging = Paging::new(page, per_page, PER_PAGE, MAX_PER_PAGE);
    let (total, rows) =
        access::page_made_within::<Row>(&mut conn, &PRODUCTIONS, SELECT, case, &read.access.scope, paging).await?;
    Ok(ProductionPage {
        productions: rows.into_iter().map(Row::view).collect(),
        total,
        page: paging.page,
        per_page: paging.per_page,
    })
}

/// One production, with how far its build has come (`view`).
#[tracing::instrument(skip_all, fields(case = %case, production = %id, actor = %actor.id))]
pub async fn get(db: &Db, actor: &Actor, case: CaseId, id: ProductionId, now: Timestamp) -> Result<ProductionView> {
    let mut conn = db.pool().acquire().await?;
    let read = access::readable(&mut conn, db.roles(), actor, case, now).await?;
    Ok(visible(&mut conn, case, id, &read.access.scope).await?.view())
}

/// Deletes a production, its links and its ZIP (`manage_tags`). A build under way finds it gone
/// and removes what it stored.
#[tracing::instrument(skip_all, fields(case = %case, production = %id, actor = %actor.id))]
pub async fn delete(
    db: &Db,
    blobs: &BlobStore,
    actor: &Actor,
    case: CaseId,
    id: ProductionId,
    now: Timestamp,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case, now).await?;
    decide_delete(&opened.access)?;
    let row = visible(&mut tx, case, id, &opened.access.scope).await?;
    // The location as the delete finds it: a build that finished since the row was read has set it.
    let location: Option<String> = sqlx::query_scalar("DELETE FROM productions WHERE id = $1 RETURNING location")
        .bind(id.0)
        .fetch_one(&mut *tx)
        .await?;
    let before = serde_json::json!({ "name": row.name, "bates_prefix": row.bates_prefix, "documents": row.documents });
    on_case(&mut tx, case, actor.id, "production.deleted", &row.name, (Some(before), None), now).await?;
    tx.commit().await?;
    if let Some(location) = &location {
        blobs.delete_file(location).await?;
    }
    Ok(())
}

fn download_of(row: &Row) -> Result<StoredFile> {
    decide_download(ProductionStatus::parse(&row.status))?;
    let first = bates(&row.bates_prefix, row.bates_start);
    let last = bates(&row.bates_prefix, row.bates_end.unwrap_or(row.bates_start));
    Ok(StoredFile {
        file_name: format!("{} ({first}-{last}).zip", row.name),
        size: row.size.unwrap_or_default() as u64,
        location: row.location.clone().unwrap_or_default(),
    })
}

/// The ZIP of a built production, for a reader whose scope covers its maker's; each download is
/// audited, since what it holds leaves the case.
#[tracing::instrument(skip_all, fields(case = %case, production = %id, actor = %actor.id))]
pub async fn content(db: &Db, actor: &Actor, case: CaseId, id: ProductionId, now: Timestamp) -> Result<StoredFile> {
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case, now).await?;
    let row = visible(&mut tx, case, id, &opened.access.scope).await?;
    let download = download_of(&row)?;
    on_case(&mut tx, case, actor.id, "production.downloaded", &row.name, (None, None), now).await?;
    tx.commit().await?;
    Ok(download)
}
