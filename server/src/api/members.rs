use super::extract::{ApiJson, ApiPath, Authenticated};
use app::error::AppError;
use app::state::AppState;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::access::Access;
use domain::views::{InviteInput, Member, MemberChange, MemberList};
use domain::{CaseId, UserId};

/// Your effective capabilities on a case, your defendant scope, and why.
#[utoipa::path(get, path = "/api/v1/cases/{case}/access", tag = "access", params(("case" = i64, Path, description = "Case id")),
    responses((status = 200, body = Access), (status = 401, body = super::openapi::ErrorBody), (status = 404, body = super::openapi::ErrorBody)))]
pub async fn my_access(State(state): State<AppState>, Authenticated(user): Authenticated, ApiPath(case): ApiPath<i64>) -> Result<axum::Json<Access>, AppError> {
    Ok(axum::Json(service::cases::my_access(&state.db, &user, CaseId(case), service::now()).await?))
}

/// Everyone with access to the case: paths, role, expiry, defendant scope and explanation.
#[utoipa::path(get, path = "/api/v1/cases/{case}/members", tag = "access", params(("case" = i64, Path, description = "Case id")),
    responses((status = 200, body = MemberList), (status = 401, body = super::openapi::ErrorBody), (status = 403, body = super::openapi::ErrorBody), (status = 404, body = super::openapi::ErrorBody)))]
pub async fn list(State(state): State<AppState>, Authenticated(user): Authenticated, ApiPath(case): ApiPath<i64>) -> Result<axum::Json<MemberList>, AppError> {
    Ok(axum::Json(service::members::list(&state.db, &user, CaseId(case), service::now()).await?))
}

/// Invite a registered user; they and you are emailed.
#[utoipa::path(post, path = "/api/v1/cases/{case}/members", tag = "access", request_body = InviteInput, params(("case" = i64, Path, description = "Case id")),
    responses(
        (status = 201, body = Member),
        (status = 401, body = super::openapi::ErrorBody),
        (status = 403, description = "You do not manage access, or the role holds more than you do", body = super::openapi::ErrorBody),
        (status = 404, body = super::openapi::ErrorBody),
        (status = 409, description = "They already have access", body = super::openapi::ErrorBody),
        (status = 422, body = super::openapi::ErrorBody),
    ))]
pub async fn invite(State(state): State<AppState>, Authenticated(user): Authenticated, ApiPath(case): ApiPath<i64>, ApiJson(input): ApiJson<InviteInput>) -> Result<Response, AppError> {
    let member = service::members::invite(&state.db, &user, CaseId(case), input, service::now(), &state.public_url).await?;
    let location = format!("/api/v1/cases/{case}/members/{}", member.user.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], axum::Json(member)).into_response())
}

/// Change someone's role, defendants or expiry. Send the `version` you last saw.
#[utoipa::path(patch, path = "/api/v1/cases/{case}/members/{user}", tag = "access", request_body = MemberChange,
    params(("case" = i64, Path, description = "Case id"), ("user" = i64, Path, description = "User id")),
    responses(
        (status = 200, body = Member),
        (status = 403, body = super::openapi::ErrorBody),
        (status = 404, body = super::openapi::ErrorBody),
        (status = 409, description = "Someone else changed it meanwhile", body = super::openapi::ErrorBody),
        (status = 422, body = super::openapi::ErrorBody),
    ))]
pub async fn change(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    ApiPath((case, member)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<MemberChange>,
) -> Result<axum::Json<Member>, AppError> {
    Ok(axum::Json(service::members::change(&state.db, &user, CaseId(case), UserId(member), input, service::now()).await?))
}

/// Revoke someone's individual grant (or your own).
#[utoipa::path(delete, path = "/api/v1/cases/{case}/members/{user}", tag = "access",
    params(("case" = i64, Path, description = "Case id"), ("user" = i64, Path, description = "User id")),
    responses((status = 204), (status = 403, body = super::openapi::ErrorBody), (status = 404, body = super::openapi::ErrorBody)))]
pub async fn revoke(State(state): State<AppState>, Authenticated(user): Authenticated, ApiPath((case, member)): ApiPath<(i64, i64)>) -> Result<StatusCode, AppError> {
    service::members::revoke(&state.db, &user, CaseId(case), UserId(member), service::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
