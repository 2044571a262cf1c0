//! Case templates over REST: read by everyone who creates cases, kept by system administrators.
use super::errors::ErrorBody;
use super::extract::{ApiJson, ApiPath};
use app::error::AppError;
use app::state::RequestContext;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::templates::{TemplateInput, TemplateView};

/// Every case template, by name.
#[utoipa::path(get, path = "/api/v1/templates", tag = "settings", responses((status = 200, body = Vec<TemplateView>)))]
pub async fn list(cx: RequestContext) -> Result<axum::Json<Vec<TemplateView>>, AppError> {
    Ok(axum::Json(service::templates::list(&cx.db, &cx.actor).await?))
}

/// Add a case template (system administrators).
#[utoipa::path(post, path = "/api/v1/templates", tag = "settings", request_body = TemplateInput,
    responses((status = 201, body = TemplateView), (status = 403, body = ErrorBody),
        (status = 409, description = "A template has that name", body = ErrorBody)))]
pub async fn create(cx: RequestContext, ApiJson(input): ApiJson<TemplateInput>) -> Result<Response, AppError> {
    let template = service::templates::create(&cx.db, &cx.actor, input, cx.now).await?;
    let location = format!("/api/v1/templates/{}", template.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], axum::Json(template)).into_response())
}

#[utoipa::path(get, path = "/api/v1/templates/{id}", tag = "settings", params(("id" = i64, Path, description = "Template id")),
    responses((status = 200, body = TemplateView), (status = 404, body = ErrorBody)))]
pub async fn get(cx: RequestContext, ApiPath(id): ApiPath<i64>) -> Result<axum::Json<TemplateView>, AppError> {
    Ok(axum::Json(service::templates::get(&cx.db, &cx.actor, id).await?))
}

/// Replace a template whole (system administrators); send the version read. Cases made from it
/// keep what they took.
#[utoipa::path(put, path = "/api/v1/templates/{id}", tag = "settings", request_body = TemplateInput, params(("id" = i64, Path, description = "Template id")),
    responses((status = 200, body = TemplateView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Changed meanwhile, or the name is taken", body = ErrorBody)))]
pub async fn update(
    cx: RequestContext,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<TemplateInput>,
) -> Result<axum::Json<TemplateView>, AppError> {
    Ok(axum::Json(service::templates::update(&cx.db, &cx.actor, id, input, cx.now).await?))
}

/// Delete a template (system administrators). Cases made from it are left as they are.
#[utoipa::path(delete, path = "/api/v1/templates/{id}", tag = "settings", params(("id" = i64, Path, description = "Template id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(cx: RequestContext, ApiPath(id): ApiPath<i64>) -> Result<StatusCode, AppError> {
    service::templates::delete(&cx.db, &cx.actor, id, cx.now).await?;
    Ok(StatusCode::NO_CONTENT)
}
