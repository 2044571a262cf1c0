use super::errors::ErrorBody;
use super::extract::{ApiJson, ApiPath};
use app::error::AppError;
use app::state::RequestContext;
use axum::http::StatusCode;
use domain::access::roles::{Role, RoleInput, RoleMatrix};

/// The permission matrix: every role with the capabilities it holds.
#[utoipa::path(get, path = "/api/v1/roles", tag = "roles",
    responses((status = 200, body = RoleMatrix), (status = 401, body = ErrorBody)))]
pub async fn matrix(cx: RequestContext) -> Result<axum::Json<RoleMatrix>, AppError> {
    Ok(axum::Json(service::roles::matrix(&cx.db).await?))
}

/// Add a custom role (system administrators).
#[utoipa::path(post, path = "/api/v1/roles", tag = "roles", request_body = RoleInput,
    responses((status = 201, body = Role), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    cx: RequestContext,
    ApiJson(input): ApiJson<RoleInput>,
) -> Result<(StatusCode, axum::Json<Role>), AppError> {
    Ok((StatusCode::CREATED, axum::Json(service::roles::create(&cx.db, &cx.actor, input, cx.now).await?)))
}

/// Change a custom role (system administrators; built-in roles are read-only).
#[utoipa::path(put, path = "/api/v1/roles/{role}", tag = "roles", request_body = RoleInput, params(("role" = String, Path, description = "Role key")),
    responses((status = 200, body = Role), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    cx: RequestContext,
    ApiPath(key): ApiPath<String>,
    ApiJson(input): ApiJson<RoleInput>,
) -> Result<axum::Json<Role>, AppError> {
    Ok(axum::Json(service::roles::update(&cx.db, &cx.actor, &key, input).await?))
}

/// Delete a custom role that no grant uses (system administrators).
#[utoipa::path(delete, path = "/api/v1/roles/{role}", tag = "roles", params(("role" = String, Path, description = "Role key")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, description = "In use", body = ErrorBody)))]
pub async fn delete(cx: RequestContext, ApiPath(key): ApiPath<String>) -> Result<StatusCode, AppError> {
    service::roles::delete(&cx.db, &cx.actor, &key).await?;
    Ok(StatusCode::NO_CONTENT)
}
