use super::errors::ErrorBody;
use super::extract::{ApiJson, ApiPath, ApiQuery};
use app::error::{AppError, ErrorCode};
use app::state::{ReadContext, RequestContext, SessionContext};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::cases::list::CaseQuery;
use domain::cases::{CaseDetail, CaseSettingsInput, CaseStatus, CaseSummary, NewCaseInput};
use domain::{CaseId, OfficeId};
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// `mine` (the default): every case you can access.
    pub scope: Option<String>,
    /// Text the reference or the title contains (any letter case).
    pub q: Option<String>,
    pub status: Option<CaseStatus>,
    /// Only the cases of this office (an office id).
    #[param(value_type = Option<i64>)]
    pub office: Option<OfficeId>,
    /// 1 for the first page (the default).
    pub page: Option<u32>,
    /// Cases per page: 50 unless asked, at most 200.
    pub per_page: Option<u32>,
}

/// The cases you can access, newest first, a page at a time: `X-Total-Count` says how many match
/// in all.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", params(ListQuery),
    responses((status = 200, body = Vec<CaseSummary>,
        headers(("x-total-count" = i64, description = "How many cases match, across all pages")))))]
pub async fn list(ReadContext(cx): ReadContext, ApiQuery(query): ApiQuery<ListQuery>) -> Result<Response, AppError> {
    if let Some(other) = query.scope.as_deref().filter(|s| *s != "mine") {
        return Err(AppError::new(ErrorCode::BadRequest, format!("Unknown scope '{other}'. Use scope=mine.")));
    }
    let query = CaseQuery {
        q: query.q,
        status: query.status,
        office: query.office,
        page: query.page,
        per_page: query.per_page,
    };
    let listed = service::cases::list(&cx.db, &cx.actor, &query, cx.now).await?;
    Ok(([(TOTAL_COUNT, listed.total.to_string())], axum::Json(listed.cases)).into_response())
}

/// The header that carries a paged list's total.
const TOTAL_COUNT: &str = "x-total-count";

/// Create a case; you become its owner and first case administrator.
#[utoipa::path(post, path = "/api/v1/cases", tag = "cases", request_body = NewCaseInput,
    responses(
        (status = 201, body = CaseDetail),
        (status = 401, body = ErrorBody),
        (status = 409, description = "The reference is taken", body = ErrorBody),
        (status = 422, description = "A field is invalid; `field` names it", body = ErrorBody),
    ))]
pub async fn create(cx: RequestContext, ApiJson(input): ApiJson<NewCaseInput>) -> Result<Response, AppError> {
    let case = service::cases::create(&cx.db, &cx.actor, input, cx.now).await?;
    let location = format!("/api/v1/cases/{}", case.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], axum::Json(case)).into_response())
}

/// A case's details and defendants (within your defendant scope), with your access. Without
/// access: 403, and the body's `access_denied` lists who can grant access.
#[utoipa::path(get, path = "/api/v1/cases/{case}", tag = "cases", params(("case" = i64, Path, description = "Case id")),
    responses(
        (status = 200, body = CaseDetail),
        (status = 401, body = ErrorBody),
        (status = 403, description = "No access; `error.access_denied` says who can grant it", body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
pub async fn get(cx: SessionContext, ApiPath(case): ApiPath<i64>) -> Result<axum::Json<CaseDetail>, AppError> {
    let detail =
        service::cases::get_by_session(&cx.db, &cx.token, CaseId(case), cx.now, SessionContext::signed_in).await?;
    Ok(axum::Json(detail))
}

/// Delete a case: the owner's alone.
#[utoipa::path(delete, path = "/api/v1/cases/{case}", tag = "cases", params(("case" = i64, Path, description = "Case id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
pub async fn delete(cx: RequestContext, ApiPath(case): ApiPath<i64>) -> Result<StatusCode, AppError> {
    service::cases::delete(&cx.db, &cx.blobs, &cx.actor, CaseId(case), cx.now).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Change the title, description or target date (needs edit_settings). Send the `version` you last saw.
#[utoipa::path(patch, path = "/api/v1/cases/{case}", tag = "cases", request_body = CaseSettingsInput, params(("case" = i64, Path, description = "Case id")),
    responses(
        (status = 200, body = CaseDetail),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Someone else changed it meanwhile", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn update(
    cx: RequestContext,
    ApiPath(case): ApiPath<i64>,
    ApiJson(input): ApiJson<CaseSettingsInput>,
) -> Result<axum::Json<CaseDetail>, AppError> {
    Ok(axum::Json(service::cases::update_settings(&cx.db, &cx.actor, CaseId(case), input, cx.now).await?))
}
