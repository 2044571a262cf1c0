//! Defence email-domain grants of a case (the Access tab), over REST.
use super::errors::ErrorBody;
use super::extract::{ApiJson, ApiPath};
use app::error::AppError;
use app::state::{ReadContext, RequestContext};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::CaseId;
use domain::domains::{DomainGrantView, DomainInput};

/// The defence email domains with access, and the defendants each is for.
#[utoipa::path(get, path = "/api/v1/cases/{case}/domains", tag = "access", params(("case" = i64, Path, description = "Case id")),
    responses((status = 200, body = Vec<DomainGrantView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(
    ReadContext(cx): ReadContext,
    ApiPath(case): ApiPath<i64>,
) -> Result<axum::Json<Vec<DomainGrantView>>, AppError> {
    Ok(axum::Json(service::domains::list(&cx.db, &cx.actor, CaseId(case), cx.now).await?))
}

/// Give everyone registered at a solicitor firm's email domain Defence Advocate for some
/// defendants. A chambers' domain is refused (R5); one no organisation owns needs `confirm_unowned`.
#[utoipa::path(post, path = "/api/v1/cases/{case}/domains", tag = "access", request_body = DomainInput, params(("case" = i64, Path, description = "Case id")),
    responses((status = 201, body = DomainGrantView), (status = 403, description = "Not yours to grant, or a chambers' domain", body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, description = "Already there, or `confirmation_required` for an unowned domain", body = ErrorBody)))]
pub async fn add(
    cx: RequestContext,
    ApiPath(case): ApiPath<i64>,
    ApiJson(input): ApiJson<DomainInput>,
) -> Result<Response, AppError> {
    let domain = service::domains::add(&cx.db, &cx.actor, CaseId(case), input, cx.now).await?;
    let location = format!("/api/v1/cases/{case}/domains/{}", domain.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], axum::Json(domain)).into_response())
}

/// Remove a domain grant; its people lose that access at once.
#[utoipa::path(delete, path = "/api/v1/cases/{case}/domains/{id}", tag = "access",
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Domain grant id")),
    responses((status = 204, description = "Removed"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove(cx: RequestContext, ApiPath((case, id)): ApiPath<(i64, i64)>) -> Result<StatusCode, AppError> {
    service::domains::remove(&cx.db, &cx.actor, CaseId(case), id, cx.now).await?;
    Ok(StatusCode::NO_CONTENT)
}
