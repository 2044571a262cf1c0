//! Tags of a case and the documents carrying them, over REST.
use super::errors::ErrorBody;
use super::extract::{ApiJson, ApiPath};
use app::error::AppError;
use app::state::{ReadContext, RequestContext};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::documents::DocumentTag;
use domain::tags::{TagInput, TagRemoval, TagView, Tagging, TaggingInput, TaggingResult};
use domain::{CaseId, DocumentId, TagId};

/// The case's tags by name, each with how many of the documents you may see carry it.
#[utoipa::path(get, path = "/api/v1/cases/{case}/tags", tag = "review", params(("case" = i64, Path, description = "Case id")),
    responses((status = 200, body = Vec<TagView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(
    ReadContext(cx): ReadContext,
    ApiPath(case): ApiPath<i64>,
) -> Result<axum::Json<Vec<TagView>>, AppError> {
    Ok(axum::Json(service::tags::list(&cx.db, &cx.actor, CaseId(case), cx.now).await?))
}

/// Create a tag (needs manage_tags).
#[utoipa::path(post, path = "/api/v1/cases/{case}/tags", tag = "review", request_body = TagInput,
    params(("case" = i64, Path, description = "Case id")),
    responses((status = 201, body = TagView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The case has a tag of that name", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    cx: RequestContext,
    ApiPath(case): ApiPath<i64>,
    ApiJson(input): ApiJson<TagInput>,
) -> Result<Response, AppError> {
    let tag = service::tags::create(&cx.db, &cx.actor, CaseId(case), input, cx.now).await?;
    let location = format!("/api/v1/cases/{case}/tags/{}", tag.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], axum::Json(tag)).into_response())
}

/// Rename a tag or change its colour (needs manage_tags). Send the `version` you last saw.
#[utoipa::path(patch, path = "/api/v1/cases/{case}/tags/{id}", tag = "review", request_body = TagInput,
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Tag id")),
    responses((status = 200, body = TagView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The name is taken, or someone else changed the tag meanwhile", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn change(
    cx: RequestContext,
    ApiPath((case, id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<TagInput>,
) -> Result<axum::Json<TagView>, AppError> {
    Ok(axum::Json(service::tags::change(&cx.db, &cx.actor, CaseId(case), TagId(id), input, cx.now).await?))
}

/// Delete a tag (needs manage_tags): it comes off every document; answers how many of the
/// documents you see carried it.
#[utoipa::path(delete, path = "/api/v1/cases/{case}/tags/{id}", tag = "review",
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Tag id")),
    responses((status = 200, body = TagRemoval), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    cx: RequestContext,
    ApiPath((case, id)): ApiPath<(i64, i64)>,
) -> Result<axum::Json<TagRemoval>, AppError> {
    Ok(axum::Json(service::tags::delete(&cx.db, &cx.actor, CaseId(case), TagId(id), cx.now).await?))
}

/// Put a tag on a selection of documents, or take it off them (needs annotate): at most 1,000, each
/// one you may see, or nothing changes.
#[utoipa::path(post, path = "/api/v1/cases/{case}/tags/{id}/documents", tag = "review", request_body = TaggingInput,
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Tag id")),
    responses((status = 200, body = TaggingResult), (status = 403, body = ErrorBody),
        (status = 404, description = "No such tag, or a document you cannot see", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn tag_documents(
    cx: RequestContext,
    ApiPath((case, id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<TaggingInput>,
) -> Result<axum::Json<TaggingResult>, AppError> {
    Ok(axum::Json(service::tags::tag_documents(&cx.db, &cx.actor, CaseId(case), TagId(id), input, cx.now).await?))
}

/// The tags on one document.
#[utoipa::path(get, path = "/api/v1/cases/{case}/documents/{id}/tags", tag = "review",
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Document id")),
    responses((status = 200, body = Vec<DocumentTag>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn of_document(
    cx: RequestContext,
    ApiPath((case, id)): ApiPath<(i64, i64)>,
) -> Result<axum::Json<Vec<DocumentTag>>, AppError> {
    Ok(axum::Json(service::documents::get(&cx.db, &cx.actor, CaseId(case), DocumentId(id), cx.now).await?.tags))
}

/// Put a tag on one document (needs annotate); `changed` is 0 when it was there already.
#[utoipa::path(put, path = "/api/v1/cases/{case}/documents/{id}/tags/{tag}", tag = "review",
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Document id"), ("tag" = i64, Path, description = "Tag id")),
    responses((status = 200, body = TaggingResult), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn apply(
    cx: RequestContext,
    ApiPath((case, id, tag)): ApiPath<(i64, i64, i64)>,
) -> Result<axum::Json<TaggingResult>, AppError> {
    one(cx, case, id, tag, Tagging::Apply).await
}

/// Take a tag off one document (needs annotate); `changed` is 0 when it was not there.
#[utoipa::path(delete, path = "/api/v1/cases/{case}/documents/{id}/tags/{tag}", tag = "review",
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Document id"), ("tag" = i64, Path, description = "Tag id")),
    responses((status = 200, body = TaggingResult), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove(
    cx: RequestContext,
    ApiPath((case, id, tag)): ApiPath<(i64, i64, i64)>,
) -> Result<axum::Json<TaggingResult>, AppError> {
    one(cx, case, id, tag, Tagging::Remove).await
}

async fn one(
    cx: RequestContext,
    case: i64,
    id: i64,
    tag: i64,
    action: Tagging,
) -> Result<axum::Json<TaggingResult>, AppError> {
    let input = TaggingInput { action, documents: vec![DocumentId(id)] };
    Ok(axum::Json(service::tags::tag_documents(&cx.db, &cx.actor, CaseId(case), TagId(tag), input, cx.now).await?))
}
