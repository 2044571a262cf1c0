//! Group and domain grants of a case (the Access tab), over REST.
use super::extract::{ApiJson, ApiPath, Authenticated};
use super::openapi::ErrorBody;
use app::error::AppError;
use app::state::AppState;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::CaseId;
use domain::views::{DomainGrantView, DomainInput, GroupGrantView, GroupInput};

/// The groups with access: usual role, location, the case role given, who added it and when, and
/// how many people would keep access if it were removed (R4).
#[utoipa::path(get, path = "/api/v1/cases/{case}/groups", tag = "access", params(("case" = i64, Path, description = "Case id")),
    responses((status = 200, body = Vec<GroupGrantView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_groups(State(state): State<AppState>, Authenticated(user): Authenticated, ApiPath(case): ApiPath<i64>) -> Result<axum::Json<Vec<GroupGrantView>>, AppError> {
    Ok(axum::Json(service::groups::list(&state.db, &user, CaseId(case), service::now()).await?))
}

/// Give everyone with a usual role (at a location, if given) a case role.
#[utoipa::path(post, path = "/api/v1/cases/{case}/groups", tag = "access", request_body = GroupInput, params(("case" = i64, Path, description = "Case id")),
    responses((status = 201, body = GroupGrantView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "That group already has access", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_group(State(state): State<AppState>, Authenticated(user): Authenticated, ApiPath(case): ApiPath<i64>, ApiJson(input): ApiJson<GroupInput>) -> Result<Response, AppError> {
    let group = service::groups::add(&state.db, &user, CaseId(case), input, service::now()).await?;
    let location = format!("/api/v1/cases/{case}/groups/{}", group.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], axum::Json(group)).into_response())
}

/// Who kept access after a group was removed.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct GroupRemoval {
    /// The names of those who keep access as retained grants, because they had opened the case.
    pub kept: Vec<String>,
}

/// Remove a group grant. Its members who had opened the case keep access as retained grants (R4).
#[utoipa::path(delete, path = "/api/v1/cases/{case}/groups/{id}", tag = "access",
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Group grant id")),
    responses((status = 200, body = GroupRemoval), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove_group(State(state): State<AppState>, Authenticated(user): Authenticated, ApiPath((case, id)): ApiPath<(i64, i64)>) -> Result<axum::Json<GroupRemoval>, AppError> {
    let removal = service::groups::remove(&state.db, &user, CaseId(case), id, service::now()).await?;
    Ok(axum::Json(GroupRemoval { kept: removal.kept }))
}

/// The defence email domains with access, and the defendants each is for.
#[utoipa::path(get, path = "/api/v1/cases/{case}/domains", tag = "access", params(("case" = i64, Path, description = "Case id")),
    responses((status = 200, body = Vec<DomainGrantView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_domains(State(state): State<AppState>, Authenticated(user): Authenticated, ApiPath(case): ApiPath<i64>) -> Result<axum::Json<Vec<DomainGrantView>>, AppError> {
    Ok(axum::Json(service::domains::list(&state.db, &user, CaseId(case), service::now()).await?))
}

/// Give everyone registered at a solicitor firm's email domain Defence Advocate for some
/// defendants. A chambers' domain is refused (R5); one no organisation owns needs `confirm_unowned`.
#[utoipa::path(post, path = "/api/v1/cases/{case}/domains", tag = "access", request_body = DomainInput, params(("case" = i64, Path, description = "Case id")),
    responses((status = 201, body = DomainGrantView), (status = 403, description = "Not yours to grant, or a chambers' domain", body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, description = "Already there, or `confirmation_required` for an unowned domain", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn add_domain(State(state): State<AppState>, Authenticated(user): Authenticated, ApiPath(case): ApiPath<i64>, ApiJson(input): ApiJson<DomainInput>) -> Result<Response, AppError> {
    let domain = service::domains::add(&state.db, &user, CaseId(case), input, service::now()).await?;
    let location = format!("/api/v1/cases/{case}/domains/{}", domain.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], axum::Json(domain)).into_response())
}

/// Remove a domain grant; its people lose that access at once.
#[utoipa::path(delete, path = "/api/v1/cases/{case}/domains/{id}", tag = "access",
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Domain grant id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove_domain(State(state): State<AppState>, Authenticated(user): Authenticated, ApiPath((case, id)): ApiPath<(i64, i64)>) -> Result<StatusCode, AppError> {
    service::domains::remove(&state.db, &user, CaseId(case), id, service::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
