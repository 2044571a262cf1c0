use super::extract::{ApiJson, ApiPath, Authenticated};
use app::error::AppError;
use app::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use domain::access::roles::Role;
use domain::views::{RoleInput, RoleMatrix};

/// The permission matrix: every role with the capabilities it holds.
#[utoipa::path(get, path = "/api/v1/roles", tag = "roles",
    responses((status = 200, body = RoleMatrix), (status = 401, body = super::openapi::ErrorBody)))]
pub async fn matrix(State(state): State<AppState>, Authenticated(_user): Authenticated) -> Result<axum::Json<RoleMatrix>, AppError> {
    Ok(axum::Json(service::roles::matrix(&state.db).await?))
}

/// Add a custom role (system administrators).
#[utoipa::path(post, path = "/api/v1/roles", tag = "roles", request_body = RoleInput,
    responses((status = 201, body = Role), (status = 403, body = super::openapi::ErrorBody), (status = 409, body = super::openapi::ErrorBody), (status = 422, body = super::openapi::ErrorBody)))]
pub async fn create(State(state): State<AppState>, Authenticated(user): Authenticated, ApiJson(input): ApiJson<RoleInput>) -> Result<(StatusCode, axum::Json<Role>), AppError> {
    Ok((StatusCode::CREATED, axum::Json(service::roles::create(&state.db, &user, input, service::now()).await?)))
}

/// Change a custom role (system administrators; built-in roles are read-only).
#[utoipa::path(put, path = "/api/v1/roles/{role}", tag = "roles", request_body = RoleInput, params(("role" = String, Path, description = "Role key")),
    responses((status = 200, body = Role), (status = 403, body = super::openapi::ErrorBody), (status = 404, body = super::openapi::ErrorBody), (status = 422, body = super::openapi::ErrorBody)))]
pub async fn update(State(state): State<AppState>, Authenticated(user): Authenticated, ApiPath(key): ApiPath<String>, ApiJson(input): ApiJson<RoleInput>) -> Result<axum::Json<Role>, AppError> {
    Ok(axum::Json(service::roles::update(&state.db, &user, &key, input).await?))
}

/// Delete a custom role that no grant uses (system administrators).
#[utoipa::path(delete, path = "/api/v1/roles/{role}", tag = "roles", params(("role" = String, Path, description = "Role key")),
    responses((status = 204), (status = 403, body = super::openapi::ErrorBody), (status = 404, body = super::openapi::ErrorBody), (status = 409, description = "In use", body = super::openapi::ErrorBody)))]
pub async fn delete(State(state): State<AppState>, Authenticated(user): Authenticated, ApiPath(key): ApiPath<String>) -> Result<StatusCode, AppError> {
    service::roles::delete(&state.db, &user, &key).await?;
    Ok(StatusCode::NO_CONTENT)
}
