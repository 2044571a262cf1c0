//! The case permission policy (SPEC §6) and the global defaults new cases take, over REST.
use super::errors::ErrorBody;
use super::extract::{ApiJson, ApiPath};
use app::error::AppError;
use app::state::RequestContext;
use domain::CaseId;
use domain::policy::{CasePolicyInput, CasePolicyView, GlobalDefaultsInput, GlobalDefaultsView};

/// The case's permission policy: its defaults, per-user overrides, case administrators and version.
#[utoipa::path(get, path = "/api/v1/cases/{case}/policy", tag = "access", params(("case" = i64, Path, description = "Case id")),
    responses((status = 200, body = CasePolicyView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(cx: RequestContext, ApiPath(case): ApiPath<i64>) -> Result<axum::Json<CasePolicyView>, AppError> {
    Ok(axum::Json(service::policy::get(&cx.db, &cx.actor, CaseId(case), cx.now).await?))
}

/// Replace the case's whole policy in one step: needs `manage_permissions`, and being a case
/// administrator to change the administrators. `version` must be the one read.
#[utoipa::path(put, path = "/api/v1/cases/{case}/policy", tag = "access", request_body = CasePolicyInput, params(("case" = i64, Path, description = "Case id")),
    responses((status = 200, body = CasePolicyView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Someone saved the policy meanwhile", body = ErrorBody)))]
pub async fn save(
    cx: RequestContext,
    ApiPath(case): ApiPath<i64>,
    ApiJson(input): ApiJson<CasePolicyInput>,
) -> Result<axum::Json<CasePolicyView>, AppError> {
    Ok(axum::Json(service::policy::save(&cx.db, &cx.actor, CaseId(case), input, cx.now).await?))
}

/// The global defaults new cases take (system administrators).
#[utoipa::path(get, path = "/api/v1/settings/defaults", tag = "settings",
    responses((status = 200, body = GlobalDefaultsView), (status = 403, body = ErrorBody)))]
pub async fn defaults(cx: RequestContext) -> Result<axum::Json<GlobalDefaultsView>, AppError> {
    Ok(axum::Json(service::policy::global_defaults(&cx.db, &cx.actor).await?))
}

/// Replace the global defaults (system administrators). Existing cases keep their policy.
#[utoipa::path(put, path = "/api/v1/settings/defaults", tag = "settings", request_body = GlobalDefaultsInput,
    responses((status = 200, body = GlobalDefaultsView), (status = 403, body = ErrorBody),
        (status = 409, description = "Someone saved the defaults meanwhile", body = ErrorBody)))]
pub async fn set_defaults(
    cx: RequestContext,
    ApiJson(input): ApiJson<GlobalDefaultsInput>,
) -> Result<axum::Json<GlobalDefaultsView>, AppError> {
    Ok(axum::Json(service::policy::set_global_defaults(&cx.db, &cx.actor, input, cx.now).await?))
}
