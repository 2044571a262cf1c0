//! Group grants of a case (the Access tab), over REST.
use super::errors::ErrorBody;
use super::extract::{ApiJson, ApiPath};
use app::error::AppError;
use app::state::{ReadContext, RequestContext};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::CaseId;
use domain::groups::{GroupGrantView, GroupInput};

/// The groups with access: usual role, location, the case role given, who added it and when, and
/// how many people would keep access if it were removed (R4).
#[utoipa::path(get, path = "/api/v1/cases/{case}/groups", tag = "access", params(("case" = i64, Path, description = "Case id")),
    responses((status = 200, body = Vec<GroupGrantView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(
    ReadContext(cx): ReadContext,
    ApiPath(case): ApiPath<i64>,
) -> Result<axum::Json<Vec<GroupGrantView>>, AppError> {
    Ok(axum::Json(service::groups::list(&cx.db, &cx.actor, CaseId(case), cx.now).await?))
}

/// Give everyone with a usual role (at a location, if given) a case role.
#[utoipa::path(post, path = "/api/v1/cases/{case}/groups", tag = "access", request_body = GroupInput, params(("case" = i64, Path, description = "Case id")),
    responses((status = 201, body = GroupGrantView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "That group already has access", body = ErrorBody)))]
pub async fn add(
    cx: RequestContext,
    ApiPath(case): ApiPath<i64>,
    ApiJson(input): ApiJson<GroupInput>,
) -> Result<Response, AppError> {
    let group = service::groups::add(&cx.db, &cx.actor, CaseId(case), input, cx.now).await?;
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
    responses((status = 200, body = GroupRemoval), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Someone's access changed meanwhile", body = ErrorBody)))]
pub async fn remove(
    cx: RequestContext,
    ApiPath((case, id)): ApiPath<(i64, i64)>,
) -> Result<axum::Json<GroupRemoval>, AppError> {
    let removal = service::groups::remove(&cx.db, &cx.actor, CaseId(case), id, cx.now).await?;
    Ok(axum::Json(GroupRemoval { kept: removal.kept }))
}
