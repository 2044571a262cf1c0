//! Folders of a case's documents: the tree with what each holds for the reader, and creating,
//! renaming, moving and deleting them (`manage_files`).
use crate::access::{self, visible_documents};
use crate::audit::on_case;
use crate::blobs::BlobStore;
use crate::db::{Db, in_list};
use crate::error::{Result, unless_unique};
use domain::access::{Capability, DefendantScope};
use domain::accounts::Actor;
use domain::documents::Workspace;
use domain::folders::{
    FolderChange, FolderInput, FolderRemoval, FolderView, decide_change_folders, decide_delete_folder,
    decide_move_folder, name_key, name_taken, no_folder, parse_name, subtree,
};
use domain::{CaseId, FolderId, Timestamp};
use sqlx::AnyConnection;
use std::collections::HashMap;

/// The Documents tab's frame: the folders with the reader's counts, whether they may change
/// files, the defendants they may associate a file with, and the upload limit.
#[tracing::instrument(skip_all, fields(case = %case, actor = %actor.id))]
pub async fn workspace(
    db: &Db,
    actor: &Actor,
    case: CaseId,
    max_upload_bytes: u64,
    now: Timestamp,
) -> Result<Workspace> {
    let mut conn = db.pool().acquire().await?;
    let read = access::readable(&mut conn, db.roles(), actor, case, now).await?;
    let folders = tree(&mut conn, case, &read.access.scope).await?;
    let defendants = read.defendants.into_iter().filter(|d| read.access.scope.includes(d.id)).collect();
    let can = |capability| read.access.can(capability);
    Ok(Workspace {
        folders,
        can_manage: can(Capability::ManageFiles),
        can_annotate: can(Capability::Annotate),
        can_manage_tags: can(Capability::ManageTags),
        can_search: can(Capability::Search),
        can_batch_update: can(Capability::BatchUpdate),
        can_produce: can(Capability::Produce),
        defendants,
        max_upload_bytes,
    })
}

/// The folders of a case, by name, each with the documents in it that `scope` may see.
async fn tree(conn: &mut AnyConnection, case: CaseId, scope: &DefendantScope) -> Result<Vec<FolderView>> {
    let rows: Vec<(i64, Option<i64>, String, i64, i64)> = sqlx::query_as(&format!(
        "SELECT f.id, f.parent_id, f.name, COUNT(d.id), CAST(COALESCE(SUM(d.size), 0) AS BIGINT) FROM folders f \
         LEFT JOIN documents d ON d.folder_id = f.id AND {} WHERE f.case_id = $1 \
         GROUP BY f.id, f.parent_id, f.name, f.name_key ORDER BY f.name_key, f.id",
        visible_documents(scope)
    ))
    .bind(case.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, parent, name, documents, bytes)| FolderView {
            id: FolderId(id),
            parent: parent.map(FolderId),
            name,
            documents,
            bytes,
        })
        .collect())
}

#[tracing::instrument(skip_all, fields(case = %case, actor = %actor.id))]
pub async fn create(db: &Db, actor: &Actor, case: CaseId, input: FolderInput, now: Timestamp) -> Result<FolderView> {
    let name = parse_name("name", &input.name)?;
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case, now).await?;
    decide_change_folders(&opened.access)?;
    if let Some(parent) = input.parent {
        parents(&mut tx, case).await?.get(&parent).ok_or_else(|| no_folder(parent))?;
    }
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO folders (case_id, parent_id, name, name_key, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(case.0)
    .bind(input.parent.map(|p| p.0))
    .bind(&name)
    .bind(name_key(&name))
    .bind(actor.id.0)
    .bind(now.0)
    .fetch_one(&mut *tx)
    .await;
    let id = FolderId(unless_unique(inserted, || name_taken(&name).into())?);
    let after = serde_json::json!({ "name": name, "parent": input.parent });
    on_case(&mut tx, case, actor.id, "folder.created", &name, (None, Some(after)), now).await?;
    tx.commit().await?;
    Ok(FolderView { id, parent: input.parent, name, documents: 0, bytes: 0 })
}

/// Renames a folder, moves it (never into itself or below itself), or both.
#[tracing::instrument(skip_all, fields(case = %case, folder = %id, actor = %actor.id))]
pub async fn change(
    db: &Db,
    actor: &Actor,
    case: CaseId,
    id: FolderId,
    change: FolderChange,
    now: Timestamp,
) -> Result<FolderView> {
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case, now).await?;
    decide_change_folders(&opened.access)?;
    let parents = parents(&mut tx, case).await?;
    let current_parent = *parents.get(&id).ok_or_else(|| no_folder(id))?;
    let current_name: String =
        sqlx::query_scalar("SELECT name FROM folders WHERE id = $1").bind(id.0).fetch_one(&mut *tx).await?;
    let name = match &change.name {
        Some(name) => parse_name("name", name)?,
        None => current_name.clone(),
    };
    let parent = change.parent.unwrap_or(current_parent);
    if let Some(destination) = parent {
        parents.get(&destination).ok_or_else(|| no_folder(destination))?;
    }
    decide_move_folder(id, parent, &parents)?;
    let updated = sqlx::query("UPDATE folders SET name = $1, name_key = $2, parent_id = $3 WHERE id = $4")
        .bind(&name)
        .bind(name_key(&name))
        .bind(parent.map(|p| p.0))
        .bind(id.0)
        .execute(&mut *tx)
        .await;
    unless_unique(updated, || name_taken(&name).into())?;
    let before = serde_json::json!({ "name": current_name, "parent": current_parent });
    let after = serde_json::json!({ "name": name, "parent": parent });
    on_case(&mut tx, case, actor.id, "folder.changed", &name, (Some(before), Some(after)), now).await?;
    let view = tree(&mut tx, case, &opened.access.scope).await?.into_iter().find(|f| f.id == id);
    tx.commit().await?;
    Ok(view.ok_or_else(|| no_folder(id))?)
}

/// What deleting a folder would remove, as the actor sees it: for the confirmation.
#[tracing::instrument(skip_all, fields(case = %case, folder = %id, actor = %actor.id))]
pub async fn removal(db: &Db, actor: &Actor, case: CaseId, id: FolderId, now: Timestamp) -> Result<FolderRemoval> {
    let mut conn = db.pool().acquire().await?;
    let read = access::readable(&mut conn, db.roles(), actor, case, now).await?;
    let folders = subtree_of(&mut conn, case, id).await?;
    let documents = count_in(&mut conn, &folders, &read.access.scope).await?;
    Ok(FolderRemoval { folders: folders.len() as i64, documents })
}

/// Deletes a folder with every folder and document in it; contents no other document uses go
/// from the store. Someone limited to some defendants cannot delete documents they cannot see.
#[tracing::instrument(skip_all, fields(case = %case, folder = %id, actor = %actor.id))]
pub async fn delete(
    db: &Db,
    blobs: &BlobStore,
    actor: &Actor,
    case: CaseId,
    id: FolderId,
    now: Timestamp,
) -> Result<FolderRemoval> {
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case, now).await?;
    decide_change_folders(&opened.access)?;
    let folders = subtree_of(&mut tx, case, id).await?;
    let visible = count_in(&mut tx, &folders, &opened.access.scope).await?;
    let all = count_in(&mut tx, &folders, &DefendantScope::All).await?;
    decide_delete_folder(&opened.access, visible, all)?;
    let mut contents = Vec::new();
    for batch in folders.chunks(500) {
        let (placeholders, arguments) = in_list(&batch.iter().map(|f| f.0).collect::<Vec<_>>())?;
        let shas: Vec<String> = sqlx::query_scalar_with(
            &format!("SELECT DISTINCT sha256 FROM documents WHERE folder_id IN ({placeholders})"),
            arguments,
        )
        .fetch_all(&mut *tx)
        .await?;
        contents.extend(shas);
    }
    let name: String =
        sqlx::query_scalar("SELECT name FROM folders WHERE id = $1").bind(id.0).fetch_one(&mut *tx).await?;
    // Folders and documents below go with it (ON DELETE CASCADE).
    sqlx::query("DELETE FROM folders WHERE id = $1").bind(id.0).execute(&mut *tx).await?;
    let removal = FolderRemoval { folders: folders.len() as i64, documents: all };
    let before = serde_json::json!({ "name": name, "folders": removal.folders, "documents": all });
    on_case(&mut tx, case, actor.id, "folder.deleted", &name, (Some(before), None), now).await?;
    tx.commit().await?;
    contents.sort();
    contents.dedup();
    blobs.collect(db, &contents).await?;
    Ok(removal)
}

/// Each folder of the case with its parent.
async fn parents(conn: &mut AnyConnection, case: CaseId) -> Result<HashMap<FolderId, Option<FolderId>>> {
    let rows: Vec<(i64, Option<i64>)> = sqlx::query_as("SELECT id, parent_id FROM folders WHERE case_id = $1")
        .bind(case.0)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.into_iter().map(|(id, parent)| (FolderId(id), parent.map(FolderId))).collect())
}

async fn subtree_of(conn: &mut AnyConnection, case: CaseId, id: FolderId) -> Result<Vec<FolderId>> {
    let parents = parents(conn, case).await?;
    if !parents.contains_key(&id) {
        return Err(no_folder(id).into());
    }
    Ok(subtree(id, &parents))
}

async fn count_in(conn: &mut AnyConnection, folders: &[FolderId], scope: &DefendantScope) -> Result<i64> {
    let mut total = 0;
    for batch in folders.chunks(500) {
        let (placeholders, arguments) = in_list(&batch.iter().map(|f| f.0).collect::<Vec<_>>())?;
        let count: i64 = sqlx::query_scalar_with(
            &format!(
                "SELECT COUNT(*) FROM documents d WHERE d.folder_id IN ({placeholders}) AND {}",
                visible_documents(scope)
            ),
            arguments,
        )
        .fetch_one(&mut *conn)
        .await?;
        total += count;
    }
    Ok(total)
}
