//! Notes and redactions on a document, over REST.
use super::errors::ErrorBody;
use super::extract::{ApiJson, ApiPath};
use app::error::AppError;
use app::state::{ReadContext, RequestContext};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::annotations::{AnnotationInput, AnnotationView};
use domain::{AnnotationId, CaseId, DocumentId};

/// The notes and redactions on a document you may see.
#[utoipa::path(get, path = "/api/v1/cases/{case}/documents/{id}/annotations", tag = "review",
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Document id")),
    responses((status = 200, body = Vec<AnnotationView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(
    ReadContext(cx): ReadContext,
    ApiPath((case, id)): ApiPath<(i64, i64)>,
) -> Result<axum::Json<Vec<AnnotationView>>, AppError> {
    Ok(axum::Json(service::annotations::list(&cx.db, &cx.actor, CaseId(case), DocumentId(id), cx.now).await?))
}

/// Add a note (on a page, or a range of a text document's characters) or a redaction (a range of
/// text, or an area of a page, with a reason). Needs annotate. The stored document never changes.
#[utoipa::path(post, path = "/api/v1/cases/{case}/documents/{id}/annotations", tag = "review", request_body = AnnotationInput,
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Document id")),
    responses((status = 201, body = AnnotationView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "Empty or overlong text, or an anchor that does not fit the document", body = ErrorBody)))]
pub async fn add(
    cx: RequestContext,
    ApiPath((case, id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<AnnotationInput>,
) -> Result<Response, AppError> {
    let added = service::annotations::add(&cx.db, &cx.actor, CaseId(case), DocumentId(id), input, cx.now).await?;
    Ok((StatusCode::CREATED, axum::Json(added)).into_response())
}

/// Delete a note or redaction: its author, or someone holding manage_tags.
#[utoipa::path(delete, path = "/api/v1/cases/{case}/documents/{id}/annotations/{annotation}", tag = "review",
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Document id"),
        ("annotation" = i64, Path, description = "Annotation id")),
    responses((status = 204, description = "Deleted"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    cx: RequestContext,
    ApiPath((case, id, annotation)): ApiPath<(i64, i64, i64)>,
) -> Result<StatusCode, AppError> {
    let (case, id, annotation) = (CaseId(case), DocumentId(id), AnnotationId(annotation));
    service::annotations::delete(&cx.db, &cx.actor, case, id, annotation, cx.now).await?;
    Ok(StatusCode::NO_CONTENT)
}
