//! Saved searches of a case, over REST.
use super::errors::ErrorBody;
use super::extract::{ApiJson, ApiPath};
use app::error::AppError;
use app::state::{ReadContext, RequestContext};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::saved_searches::{SavedSearchInput, SavedSearchView};
use domain::{CaseId, SavedSearchId};

/// The case's saved searches by name (needs search).
#[utoipa::path(get, path = "/api/v1/cases/{case}/saved-searches", tag = "review", params(("case" = i64, Path, description = "Case id")),
    responses((status = 200, body = Vec<SavedSearchView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(
    ReadContext(cx): ReadContext,
    ApiPath(case): ApiPath<i64>,
) -> Result<axum::Json<Vec<SavedSearchView>>, AppError> {
    Ok(axum::Json(service::saved_searches::list(&cx.db, &cx.actor, CaseId(case), cx.now).await?))
}

/// Save a search under a name (needs search). The query is kept, not its hits.
#[utoipa::path(post, path = "/api/v1/cases/{case}/saved-searches", tag = "review", request_body = SavedSearchInput,
    params(("case" = i64, Path, description = "Case id")),
    responses((status = 201, body = SavedSearchView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "A search of that name is saved already", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save(
    cx: RequestContext,
    ApiPath(case): ApiPath<i64>,
    ApiJson(input): ApiJson<SavedSearchInput>,
) -> Result<Response, AppError> {
    let saved = service::saved_searches::save(&cx.db, &cx.actor, CaseId(case), input, cx.now).await?;
    let location = format!("/api/v1/cases/{case}/saved-searches/{}", saved.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], axum::Json(saved)).into_response())
}

/// Delete a saved search (needs manage_tags).
#[utoipa::path(delete, path = "/api/v1/cases/{case}/saved-searches/{id}", tag = "review",
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Saved search id")),
    responses((status = 204, description = "Deleted"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(cx: RequestContext, ApiPath((case, id)): ApiPath<(i64, i64)>) -> Result<StatusCode, AppError> {
    service::saved_searches::delete(&cx.db, &cx.actor, CaseId(case), SavedSearchId(id), cx.now).await?;
    Ok(StatusCode::NO_CONTENT)
}
