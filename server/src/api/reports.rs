//! Reports of a case over REST: create, list, download the CSV, delete.
use super::errors::ErrorBody;
use super::extract::{ApiJson, ApiPath, ApiQuery};
use super::productions::{PageQuery, stored_file};
use app::error::AppError;
use app::state::{ReadContext, RequestContext};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::reports::{ReportInput, ReportPage, ReportView};
use domain::{CaseId, ReportId};

/// The case's reports you may see (those made within your defendant scope), newest first.
#[utoipa::path(get, path = "/api/v1/cases/{case}/reports", tag = "review", params(("case" = i64, Path, description = "Case id"), PageQuery),
    responses((status = 200, body = ReportPage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(
    ReadContext(cx): ReadContext,
    ApiPath(case): ApiPath<i64>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<axum::Json<ReportPage>, AppError> {
    Ok(axum::Json(service::reports::list(&cx.db, &cx.actor, CaseId(case), query.page, query.per_page, cx.now).await?))
}

/// Create a report (needs produce and search): a CSV of the documents the query finds that you
/// see, with their tags, defendants, annotations count and uploader.
#[utoipa::path(post, path = "/api/v1/cases/{case}/reports", tag = "review", request_body = ReportInput,
    params(("case" = i64, Path, description = "Case id")),
    responses((status = 201, body = ReportView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create(
    cx: RequestContext,
    ApiPath(case): ApiPath<i64>,
    ApiJson(input): ApiJson<ReportInput>,
) -> Result<Response, AppError> {
    let made = service::reports::create(&cx.db, &cx.blobs, &cx.actor, CaseId(case), input, cx.now).await?;
    let location = format!("/api/v1/cases/{case}/reports/{}/content", made.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], axum::Json(made)).into_response())
}

/// The report's CSV.
#[utoipa::path(get, path = "/api/v1/cases/{case}/reports/{id}/content", tag = "review",
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Report id")),
    responses((status = 200, description = "The CSV", content_type = "text/csv"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn content(cx: RequestContext, ApiPath((case, id)): ApiPath<(i64, i64)>) -> Result<Response, AppError> {
    let download = service::reports::content(&cx.db, &cx.actor, CaseId(case), ReportId(id), cx.now).await?;
    stored_file(&cx.blobs, &download, "text/csv; charset=utf-8").await
}

/// Delete a report (needs manage_tags).
#[utoipa::path(delete, path = "/api/v1/cases/{case}/reports/{id}", tag = "review",
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Report id")),
    responses((status = 204, description = "Deleted"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(cx: RequestContext, ApiPath((case, id)): ApiPath<(i64, i64)>) -> Result<StatusCode, AppError> {
    service::reports::delete(&cx.db, &cx.blobs, &cx.actor, CaseId(case), ReportId(id), cx.now).await?;
    Ok(StatusCode::NO_CONTENT)
}
