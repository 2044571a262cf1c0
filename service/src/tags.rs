//! Tags of a case: the list (anyone who may view the case), creating, editing and deleting them
//! (`manage_tags`), and putting one on documents or taking it off (`annotate`). Which documents
//! carry a tag is counted and changed only within the actor's defendant scope.
use crate::access::{self, visible_documents};
use crate::audit::on_case;
use crate::db::{Db, in_list};
use crate::error::{Result, unless_unique};
use domain::accounts::Actor;
use domain::folders::name_key;
use domain::tags::{
    TagColour, TagInput, TagRemoval, TagView, Tagging, TaggingInput, TaggingResult, changed_meanwhile,
    decide_manage_tags, decide_tagging, name_taken, no_tag, parse_tag,
};
use domain::{CaseId, DocumentId, TagId, Timestamp};
use sqlx::AnyConnection;

/// The case's tags by name, each with the documents carrying it that the viewer may see.
#[tracing::instrument(skip_all, fields(case = %case, actor = %actor.id))]
pub async fn list(db: &Db, actor: &Actor, case: CaseId, now: Timestamp) -> Result<Vec<TagView>> {
    let mut conn = db.acquire().await?;
    let read = access::readable(&mut conn, db.roles(), actor, case, now).await?;
    views(&mut conn, case, &read.access.scope, None).await
}

async fn views(
    conn: &mut AnyConnection,
    case: CaseId,
    scope: &domain::access::DefendantScope,
    only: Option<TagId>,
) -> Result<Vec<TagView>> {
    // One tag, or all of them: the id is an integer, written into the statement.
    let which = only.map_or(String::new(), |t| format!("AND t.id = {}", t.0));
    let rows: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(&format!(
        "SELECT t.id, t.name, t.colour, t.version, COUNT(d.id) FROM tags t \
         LEFT JOIN document_tags dt ON dt.tag_id = t.id LEFT JOIN documents d ON d.id = dt.document_id AND {} \
         WHERE t.case_id = $1 {which} GROUP BY t.id, t.name, t.colour, t.version, t.name_key ORDER BY t.name_key, t.id",
        visible_documents(scope)
    ))
    .bind(case.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, colour, version, documents)| TagView {
            id: TagId(id),
            name,
            colour: TagColour::parse(&colour),
            documents,
            version,
        })
        .collect())
}

async fn view(
    conn: &mut AnyConnection,
    case: CaseId,
    scope: &domain::access::DefendantScope,
    id: TagId,
) -> Result<TagView> {
    Ok(views(conn, case, scope, Some(id)).await?.pop().ok_or_else(|| no_tag(id))?)
}

#[tracing::instrument(skip_all, fields(case = %case, actor = %actor.id))]
pub async fn create(db: &Db, actor: &Actor, case: CaseId, input: TagInput, now: Timestamp) -> Result<TagView> {
    let (name, colour) = parse_tag(&input)?;
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case, now).await?;
    decide_manage_tags(&opened.access)?;
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO tags (case_id, name, name_key, colour, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(case.0)
    .bind(&name)
    .bind(name_key(&name))
    .bind(colour.as_str())
    .bind(actor.id.0)
    .bind(now.0)
    .fetch_one(&mut *tx)
    .await;
    let id = TagId(unless_unique(inserted, || name_taken(&name).into())?);
    let after = serde_json::json!({ "name": name, "colour": colour.as_str() });
    on_case(&mut tx, case, actor.id, "tag.created", &name, (None, Some(after)), now).await?;
    tx.commit().await?;
    Ok(TagView { id, name, colour, documents: 0, version: 1 })
}

/// Renames a tag or changes its colour, on the version the editor saw.
#[tracing::instrument(skip_all, fields(case = %case, tag = %id, actor = %actor.id))]
pub async fn change(
    db: &Db,
    actor: &Actor,
    case: CaseId,
    id: TagId,
    input: TagInput,
    now: Timestamp,
) -> Result<TagView> {
    let (name, colour) = parse_tag(&input)?;
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case, now).await?;
    decide_manage_tags(&opened.access)?;
    let current = view(&mut tx, case, &opened.access.scope, id).await?;
    let version = input.version.unwrap_or(current.version);
    let updated = sqlx::query(
        "UPDATE tags SET name = $1, name_key = $2, colour = $3, version = version + 1 WHERE id = $4 AND version = $5",
    )
    .bind(&name)
    .bind(name_key(&name))
    .bind(colour.as_str())
    .bind(id.0)
    .bind(version)
    .execute(&mut *tx)
    .await;
    if unless_unique(updated, || name_taken(&name).into())?.rows_affected() != 1 {
        return Err(changed_meanwhile(&current.name).into());
    }
    let before = serde_json::json!({ "name": current.name, "colour": current.colour.as_str() });
    let after = serde_json::json!({ "name": name, "colour": colour.as_str() });
    on_case(&mut tx, case, actor.id, "tag.changed", &name, (Some(before), Some(after)), now).await?;
    let changed = view(&mut tx, case, &opened.access.scope, id).await?;
    tx.commit().await?;
    Ok(changed)
}

/// Deletes a tag and takes it off every document; the documents stay.
#[tracing::instrument(skip_all, fields(case = %case, tag = %id, actor = %actor.id))]
pub async fn delete(db: &Db, actor: &Actor, case: CaseId, id: TagId, now: Timestamp) -> Result<TagRemoval> {
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case, now).await?;
    decide_manage_tags(&opened.access)?;
    let current = view(&mut tx, case, &opened.access.scope, id).await?;
    sqlx::query("DELETE FROM tags WHERE id = $1").bind(id.0).execute(&mut *tx).await?;
    let before =
        serde_json::json!({ "name": current.name, "colour": current.colour.as_str(), "documents": current.documents });
    on_case(&mut tx, case, actor.id, "tag.deleted", &current.name, (Some(before), None), now).await?;
    tx.commit().await?;
    Ok(TagRemoval { documents: current.documents })
}

/// Puts a tag on documents, or takes it off them (`annotate`): every one named must be a document
/// of the case the actor sees, or nothing changes. One audit entry lists the documents changed.
#[tracing::instrument(skip_all, fields(case = %case, tag = %tag, actor = %actor.id))]
pub async fn tag_documents(
    db: &Db,
    actor: &Actor,
    case: CaseId,
    tag: TagId,
    input: TaggingInput,
    now: Timestamp,
) -> Result<TaggingResult> {
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case, now).await?;
    let chosen = decide_tagging(&opened.access, &input.documents)?;
    let tag_view = view(&mut tx, case, &opened.access.scope, tag).await?;
    let ids: Vec<i64> = chosen.iter().map(|d| d.0).collect();
    access::require_visible_documents(&mut tx, case, &opened.access.scope, &ids).await?;
    let (placeholders, arguments) = in_list(&ids)?;
    let sql = match input.action {
        Tagging::Apply => format!(
            "INSERT INTO document_tags (document_id, tag_id, tagged_by, tagged_at) \
             SELECT d.id, {tag}, {actor}, {now} FROM documents d WHERE d.id IN ({placeholders}) \
             ON CONFLICT (document_id, tag_id) DO NOTHING",
            tag = tag.0,
            actor = actor.id.0,
            now = now.0
        ),
        Tagging::Remove => {
            format!("DELETE FROM document_tags WHERE tag_id = {} AND document_id IN ({placeholders})", tag.0)
        }
    };
    let changed = sqlx::query_with(&sql, arguments).execute(&mut *tx).await?.rows_affected() as i64;
    if changed > 0 {
        let (action, key) = match input.action {
            Tagging::Apply => ("tag.applied", "after"),
            Tagging::Remove => ("tag.removed", "before"),
        };
        let documents: Vec<DocumentId> = chosen;
        let entry = Some(serde_json::json!({ "tag": tag_view.name, "documents": documents, "changed": changed }));
        let before_after = if key == "after" { (None, entry) } else { (entry, None) };
        on_case(&mut tx, case, actor.id, action, &tag_view.name, before_after, now).await?;
    }
    tx.commit().await?;
    Ok(TaggingResult { changed })
}
