//! Access requests (R7) over REST.
use super::errors::ErrorBody;
use super::extract::{ApiJson, ApiPath};
use app::error::AppError;
use app::state::{ReadContext, RequestContext};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::CaseId;
use domain::members::Member;
use domain::requests::{AccessRequest, ApproveInput, DenyInput, RequestInput};

/// Pending requests, for holders of manage_access; anyone else gets their own requests.
#[utoipa::path(get, path = "/api/v1/cases/{case}/requests", tag = "access", params(("case" = i64, Path, description = "Case id")),
    responses((status = 200, body = Vec<AccessRequest>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(
    ReadContext(cx): ReadContext,
    ApiPath(case): ApiPath<i64>,
) -> Result<axum::Json<Vec<AccessRequest>>, AppError> {
    Ok(axum::Json(service::requests::list(&cx.db, &cx.actor, CaseId(case), cx.now).await?))
}

/// Ask for access to a case you cannot open; everyone who can grant it is emailed.
#[utoipa::path(post, path = "/api/v1/cases/{case}/requests", tag = "access", request_body = RequestInput, params(("case" = i64, Path, description = "Case id")),
    responses((status = 201, body = AccessRequest), (status = 404, body = ErrorBody),
        (status = 409, description = "You have access already, or a request pending", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    cx: RequestContext,
    ApiPath(case): ApiPath<i64>,
    ApiJson(input): ApiJson<RequestInput>,
) -> Result<Response, AppError> {
    let request = service::requests::create(&cx.db, &cx.actor, CaseId(case), input, cx.now, &cx.public_url).await?;
    Ok((StatusCode::CREATED, axum::Json(request)).into_response())
}

/// Approve a pending request with a role, defendants and expiry, as when inviting.
#[utoipa::path(post, path = "/api/v1/cases/{case}/requests/{id}/approve", tag = "access", request_body = ApproveInput,
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Request id")),
    responses((status = 200, body = Member), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Already decided", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn approve(
    cx: RequestContext,
    ApiPath((case, id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<ApproveInput>,
) -> Result<axum::Json<Member>, AppError> {
    Ok(axum::Json(
        service::requests::approve(&cx.db, &cx.actor, CaseId(case), id, input, cx.now, &cx.public_url).await?,
    ))
}

/// Deny a pending request; the reason is emailed to the requester.
#[utoipa::path(post, path = "/api/v1/cases/{case}/requests/{id}/deny", tag = "access", request_body = DenyInput,
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Request id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn deny(
    cx: RequestContext,
    ApiPath((case, id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<DenyInput>,
) -> Result<StatusCode, AppError> {
    service::requests::deny(&cx.db, &cx.actor, CaseId(case), id, input, cx.now).await?;
    Ok(StatusCode::NO_CONTENT)
}
