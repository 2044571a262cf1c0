use super::errors::ErrorBody;
use super::extract::{ApiJson, ApiPath, ApiQuery};
use app::error::AppError;
use app::state::{ReadContext, RequestContext};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::access::Access;
use domain::members::{InviteInput, Member, MemberChange, MemberList, MemberQuery};
use domain::{CaseId, UserId};

/// Your effective capabilities on a case, your defendant scope, and why.
#[utoipa::path(get, path = "/api/v1/cases/{case}/access", tag = "access", params(("case" = i64, Path, description = "Case id")),
    responses((status = 200, body = Access), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn my_access(
    ReadContext(cx): ReadContext,
    ApiPath(case): ApiPath<i64>,
) -> Result<axum::Json<Access>, AppError> {
    Ok(axum::Json(service::cases::my_access(&cx.db, &cx.actor, CaseId(case), cx.now).await?))
}

/// Everyone with access to the case, a page at a time (100 unless asked): paths, role, expiry,
/// defendant scope and why.
#[utoipa::path(get, path = "/api/v1/cases/{case}/members", tag = "access", params(("case" = i64, Path, description = "Case id"), MemberQuery),
    responses((status = 200, body = MemberList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(
    ReadContext(cx): ReadContext,
    ApiPath(case): ApiPath<i64>,
    ApiQuery(query): ApiQuery<MemberQuery>,
) -> Result<axum::Json<MemberList>, AppError> {
    Ok(axum::Json(service::members::list(&cx.db, &cx.actor, CaseId(case), query, cx.now).await?))
}

/// Invite a registered user; they and you are emailed.
#[utoipa::path(post, path = "/api/v1/cases/{case}/members", tag = "access", request_body = InviteInput, params(("case" = i64, Path, description = "Case id")),
    responses(
        (status = 201, body = Member),
        (status = 401, body = ErrorBody),
        (status = 403, description = "You do not manage access, or the role holds more than you do", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "They already have access", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn invite(
    cx: RequestContext,
    ApiPath(case): ApiPath<i64>,
    ApiJson(input): ApiJson<InviteInput>,
) -> Result<Response, AppError> {
    let member = service::members::invite(&cx.db, &cx.actor, CaseId(case), input, cx.now, &cx.public_url).await?;
    let location = format!("/api/v1/cases/{case}/members/{}", member.user.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], axum::Json(member)).into_response())
}

/// Change someone's role, defendants or expiry. Send the `version` you last saw.
#[utoipa::path(patch, path = "/api/v1/cases/{case}/members/{user}", tag = "access", request_body = MemberChange,
    params(("case" = i64, Path, description = "Case id"), ("user" = i64, Path, description = "User id")),
    responses(
        (status = 200, body = Member),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Someone else changed it meanwhile", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn change(
    cx: RequestContext,
    ApiPath((case, member)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<MemberChange>,
) -> Result<axum::Json<Member>, AppError> {
    Ok(axum::Json(service::members::change(&cx.db, &cx.actor, CaseId(case), UserId(member), input, cx.now).await?))
}

/// Revoke someone's individual grant (or your own).
#[utoipa::path(delete, path = "/api/v1/cases/{case}/members/{user}", tag = "access",
    params(("case" = i64, Path, description = "Case id"), ("user" = i64, Path, description = "User id")),
    responses((status = 204, description = "Revoked"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Someone else changed it meanwhile", body = ErrorBody)))]
pub async fn revoke(cx: RequestContext, ApiPath((case, member)): ApiPath<(i64, i64)>) -> Result<StatusCode, AppError> {
    service::members::revoke(&cx.db, &cx.actor, CaseId(case), UserId(member), cx.now).await?;
    Ok(StatusCode::NO_CONTENT)
}
