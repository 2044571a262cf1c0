//! Access requests (R7) over REST.
use super::extract::{ApiJson, ApiPath, Authenticated};
use super::openapi::ErrorBody;
use app::error::AppError;
use app::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::CaseId;
use domain::views::{AccessRequest, ApproveInput, DenyInput, Member, RequestInput};

/// Pending requests, for holders of manage_access; anyone else gets their own requests.
#[utoipa::path(get, path = "/api/v1/cases/{case}/requests", tag = "access", params(("case" = i64, Path, description = "Case id")),
    responses((status = 200, body = Vec<AccessRequest>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, Authenticated(user): Authenticated, ApiPath(case): ApiPath<i64>) -> Result<axum::Json<Vec<AccessRequest>>, AppError> {
    Ok(axum::Json(service::requests::list(&state.db, &user, CaseId(case), service::now()).await?))
}

/// Ask for access to a case you cannot open; everyone who can grant it is emailed.
#[utoipa::path(post, path = "/api/v1/cases/{case}/requests", tag = "access", request_body = RequestInput, params(("case" = i64, Path, description = "Case id")),
    responses((status = 201, body = AccessRequest), (status = 404, body = ErrorBody),
        (status = 409, description = "You have access already, or a request pending", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(State(state): State<AppState>, Authenticated(user): Authenticated, ApiPath(case): ApiPath<i64>, ApiJson(input): ApiJson<RequestInput>) -> Result<Response, AppError> {
    let request = service::requests::create(&state.db, &user, CaseId(case), input, service::now(), &state.public_url).await?;
    Ok((StatusCode::CREATED, axum::Json(request)).into_response())
}

/// Approve a pending request with a role, defendants and expiry, as when inviting.
#[utoipa::path(post, path = "/api/v1/cases/{case}/requests/{id}/approve", tag = "access", request_body = ApproveInput,
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Request id")),
    responses((status = 200, body = Member), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Already decided", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn approve(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    ApiPath((case, id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<ApproveInput>,
) -> Result<axum::Json<Member>, AppError> {
    Ok(axum::Json(service::requests::approve(&state.db, &user, CaseId(case), id, input, service::now(), &state.public_url).await?))
}

/// Deny a pending request; the reason is emailed to the requester.
#[utoipa::path(post, path = "/api/v1/cases/{case}/requests/{id}/deny", tag = "access", request_body = DenyInput,
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Request id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn deny(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    ApiPath((case, id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<DenyInput>,
) -> Result<StatusCode, AppError> {
    service::requests::deny(&state.db, &user, CaseId(case), id, input, service::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
