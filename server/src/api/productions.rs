//! Productions of a case over REST: create, list, follow the build, download, delete, share with a
//! named person and revoke; and what a shared link opens, for that person alone.
use super::errors::ErrorBody;
use super::extract::{ApiJson, ApiPath, ApiQuery};
use app::error::{AppError, ErrorCode};
use app::state::{ReadContext, RequestContext};
use axum::body::Body;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::productions::{ProductionInput, ProductionPage, ProductionView, ShareInput, ShareView, SharedProduction};
use domain::{CaseId, ProductionId, ShareId};
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// 1 for the first page (the default).
    pub page: Option<u32>,
    /// Items per page: 20 unless asked, at most 100.
    pub per_page: Option<u32>,
}

/// The case's productions you may see (those made within your defendant scope), newest first.
#[utoipa::path(get, path = "/api/v1/cases/{case}/productions", tag = "review", params(("case" = i64, Path, description = "Case id"), PageQuery),
    responses((status = 200, body = ProductionPage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(
    ReadContext(cx): ReadContext,
    ApiPath(case): ApiPath<i64>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<axum::Json<ProductionPage>, AppError> {
    let page = service::productions::list(&cx.db, &cx.actor, CaseId(case), query.page, query.per_page, cx.now).await?;
    Ok(axum::Json(page))
}

/// Create a production (needs produce; search for a search's results): the documents are frozen,
/// ordered by name, and built in the background. Follow `status` and `done` until it is `ready`.
#[utoipa::path(post, path = "/api/v1/cases/{case}/productions", tag = "review", request_body = ProductionInput,
    params(("case" = i64, Path, description = "Case id")),
    responses((status = 202, body = ProductionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "No documents, too many, or a name, prefix or start that is not valid", body = ErrorBody)))]
pub async fn create(
    cx: RequestContext,
    ApiPath(case): ApiPath<i64>,
    ApiJson(input): ApiJson<ProductionInput>,
) -> Result<Response, AppError> {
    let made = service::productions::create(&cx.db, &cx.actor, CaseId(case), input, cx.now).await?;
    let location = format!("/api/v1/cases/{case}/productions/{}", made.id);
    Ok((StatusCode::ACCEPTED, [(header::LOCATION, location)], axum::Json(made)).into_response())
}

/// One production, with its build's progress.
#[utoipa::path(get, path = "/api/v1/cases/{case}/productions/{id}", tag = "review",
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Production id")),
    responses((status = 200, body = ProductionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(
    cx: RequestContext,
    ApiPath((case, id)): ApiPath<(i64, i64)>,
) -> Result<axum::Json<ProductionView>, AppError> {
    Ok(axum::Json(service::productions::get(&cx.db, &cx.actor, CaseId(case), ProductionId(id), cx.now).await?))
}

/// Delete a production, its ZIP and its links (needs manage_tags).
#[utoipa::path(delete, path = "/api/v1/cases/{case}/productions/{id}", tag = "review",
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Production id")),
    responses((status = 204, description = "Deleted"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(cx: RequestContext, ApiPath((case, id)): ApiPath<(i64, i64)>) -> Result<StatusCode, AppError> {
    service::productions::delete(&cx.db, &cx.blobs, &cx.actor, CaseId(case), ProductionId(id), cx.now).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The production's ZIP: each document under `documents/` named by its first Bates number, and
/// `loadfile.csv`. Each download is audited.
#[utoipa::path(get, path = "/api/v1/cases/{case}/productions/{id}/content", tag = "review",
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Production id")),
    responses((status = 200, description = "The ZIP", content_type = "application/zip"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, description = "Not built (yet)", body = ErrorBody)))]
pub async fn content(cx: RequestContext, ApiPath((case, id)): ApiPath<(i64, i64)>) -> Result<Response, AppError> {
    let download = service::productions::content(&cx.db, &cx.actor, CaseId(case), ProductionId(id), cx.now).await?;
    stored_file(&cx.blobs, &download, "application/zip").await
}

/// A file the server made (a production's ZIP, a report's CSV), as a download.
pub(super) async fn stored_file(
    blobs: &service::blobs::BlobStore,
    file: &service::blobs::StoredFile,
    content_type: &str,
) -> Result<Response, AppError> {
    let stream = blobs.read_file(&file.location).await?;
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CONTENT_LENGTH, file.size)
        .header(header::CONTENT_DISPOSITION, domain::documents::content_disposition(&file.file_name, false))
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::CACHE_CONTROL, "private, no-store")
        .body(Body::from_stream(stream))
        .map_err(|e| {
            tracing::error!(error = %e, "building a download");
            AppError::new(ErrorCode::Internal, "Something went wrong on our side. Try again in a moment.")
        })
}

/// The production's shared links, revoked and expired ones too (needs share_productions).
#[utoipa::path(get, path = "/api/v1/cases/{case}/productions/{id}/share", tag = "review",
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Production id")),
    responses((status = 200, body = Vec<ShareView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn shares(
    cx: RequestContext,
    ApiPath((case, id)): ApiPath<(i64, i64)>,
) -> Result<axum::Json<Vec<ShareView>>, AppError> {
    Ok(axum::Json(service::productions::shares(&cx.db, &cx.actor, CaseId(case), ProductionId(id), cx.now).await?))
}

/// Share a built production with a named person (needs share_productions): they are emailed a link
/// that works for them alone, signed in, until the expiry. It gives no access to the case.
#[utoipa::path(post, path = "/api/v1/cases/{case}/productions/{id}/share", tag = "review", request_body = ShareInput,
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Production id")),
    responses((status = 201, body = ShareView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Not built (yet)", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn share(
    cx: RequestContext,
    ApiPath((case, id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<ShareInput>,
) -> Result<Response, AppError> {
    let shared =
        service::productions::share(&cx.db, &cx.actor, CaseId(case), ProductionId(id), input, &cx.public_url, cx.now)
            .await?;
    Ok((StatusCode::CREATED, axum::Json(shared)).into_response())
}

/// Revoke a shared link at once (needs share_productions).
#[utoipa::path(delete, path = "/api/v1/cases/{case}/productions/{id}/share/{share}", tag = "review",
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Production id"),
        ("share" = i64, Path, description = "Shared link id")),
    responses((status = 200, body = ShareView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke(
    cx: RequestContext,
    ApiPath((case, id, share)): ApiPath<(i64, i64, i64)>,
) -> Result<axum::Json<ShareView>, AppError> {
    let revoked =
        service::productions::revoke(&cx.db, &cx.actor, CaseId(case), ProductionId(id), ShareId(share), cx.now).await?;
    Ok(axum::Json(revoked))
}

/// A shared link's token, sent in the body so that it never appears in an address or a log.
#[derive(Debug, Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct SharedToken {
    pub token: String,
}

/// What a shared link opens, for the person it was sent to, signed in; to anyone else, 404.
#[utoipa::path(post, path = "/api/v1/shared-productions/open", tag = "review", request_body = SharedToken,
    responses((status = 200, body = SharedProduction), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn open_shared(
    cx: RequestContext,
    ApiJson(link): ApiJson<SharedToken>,
) -> Result<axum::Json<SharedProduction>, AppError> {
    Ok(axum::Json(service::productions::shared(&cx.db, &cx.actor, &link.token, cx.now).await?))
}

/// The ZIP behind a shared link, for the person it was sent to (a form field, so that a plain HTML
/// form downloads it). Audited on the case.
#[utoipa::path(post, path = "/api/v1/shared-productions/download", tag = "review",
    request_body(content = SharedToken, content_type = "application/x-www-form-urlencoded"),
    responses((status = 200, description = "The ZIP", content_type = "application/zip"), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn download_shared(
    cx: RequestContext,
    form: Result<axum::Form<SharedToken>, axum::extract::rejection::FormRejection>,
) -> Result<Response, AppError> {
    // Refused as every other malformed body is: a JSON error, 400.
    let axum::Form(link) = form.map_err(|e| {
        AppError::new(
            ErrorCode::BadRequest,
            format!("Send the link's token as a form field, token=…: {}", e.body_text()),
        )
    })?;
    let download = service::productions::shared_content(&cx.db, &cx.actor, &link.token, cx.now).await?;
    stored_file(&cx.blobs, &download, "application/zip").await
}
