//! Batch updates: one change to every document of a selection or a search's results, in one
//! transaction (all of them, or none), with one audit entry that lists what changed.
use super::rows::require_folder;
use super::sets::ids_of;
use crate::access;
use crate::audit::on_case;
use crate::db::{Db, Tx, in_list};
use crate::error::{Result, ServiceError, unless_unique};
use domain::access::Access;
use domain::accounts::Actor;
use domain::documents::batch::{
    BatchChange, BatchInput, BatchPreview, BatchResult, MAX_BATCH, decide_batch, decide_count,
};
use domain::tags::no_tag;
use domain::{CaseId, DefendantId, Timestamp};
use std::collections::BTreeSet;

/// How many documents the batch would change, to show before confirming (`batch_update`).
#[tracing::instrument(skip_all, fields(case = %case, actor = %actor.id))]
pub async fn batch_preview(
    db: &Db,
    actor: &Actor,
    case: CaseId,
    input: &BatchInput,
    now: Timestamp,
) -> Result<BatchPreview> {
    let mut conn = db.pool().acquire().await?;
    let read = access::readable(&mut conn, db.roles(), actor, case, now).await?;
    decide_batch(&read.access, &input.change, &read.defendants)?;
    let ids = ids_of(&mut conn, db, case, &read.access, &read.defendants, &input.target, MAX_BATCH).await?;
    decide_count(ids.len(), None)?;
    Ok(BatchPreview { documents: ids.len() as i64 })
}

/// Makes the change to every document of the target, in one transaction.
#[tracing::instrument(skip_all, fields(case = %case, actor = %actor.id))]
pub async fn batch_update(
    db: &Db,
    actor: &Actor,
    case: CaseId,
    input: BatchInput,
    now: Timestamp,
) -> Result<BatchResult> {
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case, now).await?;
    let defendants = decide_batch(&opened.access, &input.change, &opened.case.defendants)?;
    let ids = ids_of(&mut tx, db, case, &opened.access, &opened.case.defendants, &input.target, MAX_BATCH).await?;
    decide_count(ids.len(), input.expected)?;
    require_change_target(&mut tx, case, &input.change).await?;
    let mut changed = 0;
    for batch in ids.chunks(500) {
        changed += apply(&mut tx, actor, &opened.access, &input.change, defendants.as_ref(), batch, now).await?;
    }
    let after = serde_json::json!({ "change": input.change, "documents": ids, "changed": changed });
    let subject = domain::wording::count(ids.len(), "document", "documents");
    on_case(&mut tx, case, actor.id, "documents.batch_updated", &subject, (None, Some(after)), now).await?;
    tx.commit().await?;
    Ok(BatchResult { documents: ids.len() as i64, changed })
}

/// The tag or folder the change names, refused unless it is the case's: checked once, before any
/// document changes.
async fn require_change_target(tx: &mut Tx, case: CaseId, change: &BatchChange) -> Result<()> {
    match change {
        BatchChange::ApplyTag { tag } | BatchChange::RemoveTag { tag } => {
            let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM tags WHERE id = $1 AND case_id = $2")
                .bind(tag.0)
                .bind(case.0)
                .fetch_optional(&mut **tx)
                .await?;
            exists.map(|_| ()).ok_or_else(|| ServiceError::from(no_tag(*tag)))
        }
        BatchChange::Move { folder: Some(folder) } => require_folder(tx, case, *folder).await,
        BatchChange::Move { folder: None } | BatchChange::SetDefendants { .. } => Ok(()),
    }
}

/// Makes the change to up to 500 documents; answers how many it changed.
async fn apply(
    tx: &mut Tx,
    actor: &Actor,
    access: &Access,
    change: &BatchChange,
    defendants: Option<&BTreeSet<DefendantId>>,
    ids: &[i64],
    now: Timestamp,
) -> Result<i64> {
    let (placeholders, arguments) = in_list(ids)?;
    let changed = match change {
        BatchChange::ApplyTag { tag } | BatchChange::RemoveTag { tag } => {
            let sql = if matches!(change, BatchChange::ApplyTag { .. }) {
                format!(
                    "INSERT INTO document_tags (document_id, tag_id, tagged_by, tagged_at) SELECT d.id, {tag}, {actor}, {now} \
                     FROM documents d WHERE d.id IN ({placeholders}) \
                     ON CONFLICT (document_id, tag_id) DO NOTHING",
                    tag = tag.0,
                    actor = actor.id.0,
                    now = now.0
                )
            } else {
                format!("DELETE FROM document_tags WHERE tag_id = {} AND document_id IN ({placeholders})", tag.0)
            };
            sqlx::query_with(&sql, arguments).execute(&mut **tx).await?.rows_affected() as i64
        }
        BatchChange::Move { folder } => {
            let target = folder.map_or("NULL".to_string(), |f| f.0.to_string());
            let moved = sqlx::query_with(
                &format!(
                    "UPDATE documents SET folder_id = {target}, updated_at = {}, version = version + 1 \
                     WHERE id IN ({placeholders}) AND COALESCE(folder_id, 0) <> {}",
                    now.0,
                    folder.map_or(0, |f| f.0)
                ),
                arguments,
            )
            .execute(&mut **tx)
            .await;
            let clash = || ServiceError::Conflict {
                field: Some("folder".into()),
                message: "A document of the same name is already in that folder. Rename one of them, then try again."
                    .into(),
            };
            unless_unique(moved, clash)?.rows_affected() as i64
        }
        BatchChange::SetDefendants { .. } => {
            let chosen = defendants.cloned().unwrap_or_default();
            // Only the associations the actor sees are replaced: those outside their scope stay.
            let visible_associations = match &access.scope {
                domain::access::DefendantScope::All => "1 = 1".to_string(),
                domain::access::DefendantScope::Only(mine) if mine.is_empty() => "1 = 0".to_string(),
                domain::access::DefendantScope::Only(mine) => {
                    format!("defendant_id IN ({})", mine.iter().map(|d| d.0.to_string()).collect::<Vec<_>>().join(", "))
                }
            };
            let (placeholders_again, arguments_again) = in_list(ids)?;
            sqlx::query_with(
                &format!(
                    "DELETE FROM document_defendants WHERE document_id IN ({placeholders}) AND {visible_associations}"
                ),
                arguments,
            )
            .execute(&mut **tx)
            .await?;
            for defendant in &chosen {
                let (placeholders, arguments) = in_list(ids)?;
                sqlx::query_with(
                    &format!(
                        "INSERT INTO document_defendants (document_id, defendant_id) SELECT d.id, {} FROM documents d \
                         WHERE d.id IN ({placeholders}) \
                         ON CONFLICT (document_id, defendant_id) DO NOTHING",
                        defendant.0
                    ),
                    arguments,
                )
                .execute(&mut **tx)
                .await?;
            }
            sqlx::query_with(
                &format!(
                    "UPDATE documents SET updated_at = {}, version = version + 1 WHERE id IN ({placeholders_again})",
                    now.0
                ),
                arguments_again,
            )
            .execute(&mut **tx)
            .await?
            .rows_affected() as i64
        }
    };
    Ok(changed)
}
