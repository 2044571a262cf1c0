//! Saved searches of a case: saved and loaded by anyone who may search, deleted by holders of
//! `manage_tags`. A saved search keeps the query, not its hits: loading it searches again, within
//! the scope of whoever loads it.
use crate::access;
use crate::audit::on_case;
use crate::db::Db;
use crate::error::{Result, ServiceError, unless_unique};
use domain::accounts::Actor;
use domain::folders::name_key;
use domain::saved_searches::{
    SavedSearchInput, SavedSearchView, decide_delete, decide_list, decide_save, name_taken, no_saved_search,
};
use domain::search::SearchQuery;
use domain::{CaseId, SavedSearchId, Timestamp};

type SavedRow = (i64, String, String, Option<String>, i64);

const SELECT: &str = "SELECT s.id, s.name, s.query, u.name, s.created_at FROM saved_searches s \
     LEFT JOIN users u ON u.id = s.created_by";

fn view((id, name, query, saved_by, saved_at): SavedRow) -> Result<SavedSearchView> {
    let query: SearchQuery = serde_json::from_str(&query)
        .map_err(|e| ServiceError::Internal(format!("saved search {id} holds a query that does not read: {e}")))?;
    Ok(SavedSearchView {
        id: SavedSearchId(id),
        name,
        query,
        saved_by: saved_by.unwrap_or_else(|| "—".into()),
        saved_at: Timestamp(saved_at),
    })
}

/// The case's saved searches by name (`search`).
#[tracing::instrument(skip_all, fields(case = %case, actor = %actor.id))]
pub async fn list(db: &Db, actor: &Actor, case: CaseId, now: Timestamp) -> Result<Vec<SavedSearchView>> {
    let mut conn = db.acquire().await?;
    let read = access::readable(&mut conn, db.roles(), actor, case, now).await?;
    decide_list(&read.access)?;
    let rows: Vec<SavedRow> = sqlx::query_as(&format!("{SELECT} WHERE s.case_id = $1 ORDER BY s.name_key, s.id"))
        .bind(case.0)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter().map(view).collect()
}

#[tracing::instrument(skip_all, fields(case = %case, actor = %actor.id))]
pub async fn save(
    db: &Db,
    actor: &Actor,
    case: CaseId,
    input: SavedSearchInput,
    now: Timestamp,
) -> Result<SavedSearchView> {
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case, now).await?;
    let (name, query) = decide_save(&opened.access, &input, &opened.case.defendants)?;
    let stored = serde_json::to_string(&query).map_err(|e| ServiceError::Internal(format!("a query as JSON: {e}")))?;
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO saved_searches (case_id, name, name_key, query, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(case.0)
    .bind(&name)
    .bind(name_key(&name))
    .bind(&stored)
    .bind(actor.id.0)
    .bind(now.0)
    .fetch_one(&mut *tx)
    .await;
    let id = unless_unique(inserted, || name_taken(&name).into())?;
    let after = serde_json::json!({ "name": name, "query": query });
    on_case(&mut tx, case, actor.id, "search.saved", &name, (None, Some(after)), now).await?;
    tx.commit().await?;
    view((id, name, stored, Some(actor.name.clone()), now.0))
}

/// Deletes a saved search (`manage_tags`).
#[tracing::instrument(skip_all, fields(case = %case, saved = %id, actor = %actor.id))]
pub async fn delete(db: &Db, actor: &Actor, case: CaseId, id: SavedSearchId, now: Timestamp) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case, now).await?;
    decide_delete(&opened.access)?;
    let row: Option<SavedRow> = sqlx::query_as(&format!("{SELECT} WHERE s.id = $1 AND s.case_id = $2"))
        .bind(id.0)
        .bind(case.0)
        .fetch_optional(&mut *tx)
        .await?;
    let saved = view(row.ok_or_else(|| no_saved_search(id))?)?;
    sqlx::query("DELETE FROM saved_searches WHERE id = $1").bind(id.0).execute(&mut *tx).await?;
    let before = serde_json::json!({ "name": saved.name, "query": saved.query });
    on_case(&mut tx, case, actor.id, "search.deleted", &saved.name, (Some(before), None), now).await?;
    tx.commit().await?;
    Ok(())
}
