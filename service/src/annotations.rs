//! Notes and redactions on a document: listed beside the viewer for anyone who may see the
//! document, added by holders of `annotate`, deleted by their author or a holder of `manage_tags`.
//! A document outside the actor's defendant scope has none to show: it is "not found".
use crate::access::{self, visible_documents};
use crate::audit::on_case;
use crate::db::Db;
use crate::error::Result;
use domain::accounts::Actor;
use domain::annotations::{
    Anchor, AnnotationInput, AnnotationKind, AnnotationView, decide_annotate, decide_delete, may_delete, no_annotation,
};
use domain::documents::{kind_of, no_document};
use domain::{AnnotationId, CaseId, DocumentId, Timestamp, UserId};
use sqlx::AnyConnection;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    document_id: i64,
    kind: String,
    body: String,
    anchor: String,
    page: Option<i64>,
    start_at: Option<i64>,
    end_at: Option<i64>,
    x: Option<i64>,
    y: Option<i64>,
    width: Option<i64>,
    height: Option<i64>,
    created_by: Option<i64>,
    author: Option<String>,
    created_at: i64,
}

const SELECT: &str = "SELECT a.id, a.document_id, a.kind, a.body, a.anchor, a.page, a.start_at, a.end_at, a.x, a.y, a.width, a.height, \
     a.created_by, u.name AS author, a.created_at FROM annotations a LEFT JOIN users u ON u.id = a.created_by";

impl Row {
    fn anchor(&self) -> Anchor {
        let n = |v: Option<i64>| v.unwrap_or_default();
        match self.anchor.as_str() {
            "text" => Anchor::Text { start: n(self.start_at), end: n(self.end_at) },
            "area" => Anchor::Area {
                page: n(self.page),
                x: n(self.x),
                y: n(self.y),
                width: n(self.width),
                height: n(self.height),
            },
            _ => Anchor::Page { page: n(self.page) },
        }
    }

    fn view(self, access: &domain::access::Access, actor: UserId) -> AnnotationView {
        AnnotationView {
            id: AnnotationId(self.id),
            kind: AnnotationKind::parse(&self.kind),
            anchor: self.anchor(),
            can_delete: may_delete(access, actor, self.created_by.map(UserId)),
            text: self.body,
            author: self.author.unwrap_or_else(|| "—".into()),
            created_at: Timestamp(self.created_at),
        }
    }
}

/// The document's name and size, if the actor may see it.
async fn visible(
    conn: &mut AnyConnection,
    case: CaseId,
    document: DocumentId,
    scope: &domain::access::DefendantScope,
) -> Result<(String, i64)> {
    sqlx::query_as(&format!(
        "SELECT d.name, d.size FROM documents d WHERE d.id = $1 AND d.case_id = $2 AND {}",
        visible_documents(scope)
    ))
    .bind(document.0)
    .bind(case.0)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| no_document(document).into())
}

/// The document's notes and redactions, in the order they sit on it (`view`).
#[tracing::instrument(skip_all, fields(case = %case, document = %document, actor = %actor.id))]
pub async fn list(
    db: &Db,
    actor: &Actor,
    case: CaseId,
    document: DocumentId,
    now: Timestamp,
) -> Result<Vec<AnnotationView>> {
    let mut conn = db.acquire().await?;
    let read = access::readable(&mut conn, db.roles(), actor, case, now).await?;
    visible(&mut conn, case, document, &read.access.scope).await?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE a.document_id = $1 ORDER BY COALESCE(a.page, 0), COALESCE(a.start_at, 0), COALESCE(a.y, 0), a.id"
    ))
    .bind(document.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.view(&read.access, actor.id)).collect())
}

/// Adds a note or a redaction (`annotate`).
#[tracing::instrument(skip_all, fields(case = %case, document = %document, actor = %actor.id))]
pub async fn add(
    db: &Db,
    actor: &Actor,
    case: CaseId,
    document: DocumentId,
    input: AnnotationInput,
    now: Timestamp,
) -> Result<AnnotationView> {
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case, now).await?;
    let (name, size) = visible(&mut tx, case, document, &opened.access.scope).await?;
    let (text, anchor) = decide_annotate(&opened.access, &input, kind_of(&name).1, size)?;
    let (kind, page, start, end, x, y, width, height) = match anchor {
        Anchor::Page { page } => ("page", Some(page), None, None, None, None, None, None),
        Anchor::Text { start, end } => ("text", None, Some(start), Some(end), None, None, None, None),
        Anchor::Area { page, x, y, width, height } => {
            ("area", Some(page), None, None, Some(x), Some(y), Some(width), Some(height))
        }
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO annotations (case_id, document_id, kind, body, anchor, page, start_at, end_at, x, y, width, height, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(case.0)
    .bind(document.0)
    .bind(input.kind.as_str())
    .bind(&text)
    .bind(kind)
    .bind(page)
    .bind(start)
    .bind(end)
    .bind(x)
    .bind(y)
    .bind(width)
    .bind(height)
    .bind(actor.id.0)
    .bind(now.0)
    .fetch_one(&mut *tx)
    .await?;
    let after =
        serde_json::json!({ "document": document, "kind": input.kind.as_str(), "text": text, "anchor": anchor });
    let action = format!("{}.added", input.kind.as_str());
    on_case(&mut tx, case, actor.id, &action, &name, (None, Some(after)), now).await?;
    tx.commit().await?;
    Ok(AnnotationView {
        id: AnnotationId(id),
        kind: input.kind,
        text,
        anchor,
        author: actor.name.clone(),
        created_at: now,
        can_delete: true,
    })
}

/// Deletes a note or redaction: its author, or a holder of `manage_tags`.
#[tracing::instrument(skip_all, fields(case = %case, document = %document, annotation = %id, actor = %actor.id))]
pub async fn delete(
    db: &Db,
    actor: &Actor,
    case: CaseId,
    document: DocumentId,
    id: AnnotationId,
    now: Timestamp,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case, now).await?;
    let (name, _) = visible(&mut tx, case, document, &opened.access.scope).await?;
    let row: Row = sqlx::query_as(&format!("{SELECT} WHERE a.id = $1 AND a.document_id = $2"))
        .bind(id.0)
        .bind(document.0)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| no_annotation(id))?;
    decide_delete(&opened.access, actor.id, row.created_by.map(UserId))?;
    sqlx::query("DELETE FROM annotations WHERE id = $1").bind(id.0).execute(&mut *tx).await?;
    let kind = AnnotationKind::parse(&row.kind);
    let before =
        serde_json::json!({ "document": document, "kind": kind.as_str(), "text": row.body, "anchor": row.anchor() });
    on_case(&mut tx, case, actor.id, &format!("{}.deleted", kind.as_str()), &name, (Some(before), None), now).await?;
    tx.commit().await?;
    Ok(())
}

/// The redactions on each of these documents, for a production: read in batches of 500.
pub(crate) async fn redactions_of(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<std::collections::BTreeMap<i64, Vec<Anchor>>> {
    let mut found: std::collections::BTreeMap<i64, Vec<Anchor>> = Default::default();
    for batch in ids.chunks(500) {
        let (placeholders, arguments) = crate::db::in_list(batch)?;
        let rows: Vec<Row> = sqlx::query_as_with(
            &format!("{SELECT} WHERE a.kind = 'redaction' AND a.document_id IN ({placeholders}) ORDER BY a.id"),
            arguments,
        )
        .fetch_all(&mut *conn)
        .await?;
        for row in rows {
            found.entry(row.document_id).or_default().push(row.anchor());
        }
    }
    Ok(found)
}

/// How many notes and redactions each of these documents carries, for a report.
pub(crate) async fn counts_of(conn: &mut AnyConnection, ids: &[i64]) -> Result<std::collections::BTreeMap<i64, i64>> {
    let mut found = std::collections::BTreeMap::new();
    for batch in ids.chunks(500) {
        let (placeholders, arguments) = crate::db::in_list(batch)?;
        let counts: Vec<(i64, i64)> = sqlx::query_as_with(
            &format!(
                "SELECT document_id, COUNT(*) FROM annotations WHERE document_id IN ({placeholders}) GROUP BY document_id"
            ),
            arguments,
        )
        .fetch_all(&mut *conn)
        .await?;
        found.extend(counts);
    }
    Ok(found)
}
