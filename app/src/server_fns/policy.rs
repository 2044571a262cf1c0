use super::codec::Json;
use crate::error::AppError;
use domain::CaseId;
use domain::policy::{CasePolicyInput, CasePolicyView, GlobalDefaultsInput, GlobalDefaultsView};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::serve;

/// The Permissions tab: the case's policy, with what the viewer may change.
#[server(output = Json, input = Json, endpoint = "case_policy")]
pub async fn get_case_policy(case: CaseId) -> Result<CasePolicyView, AppError> {
    serve(|cx| async move { service::policy::get(&cx.db, &cx.actor, case, cx.now).await }).await
}

/// Saves the whole policy; a stale `input.version` is refused (409).
#[server(output = Json, input = Json, endpoint = "save_case_policy")]
pub async fn save_case_policy(case: CaseId, input: CasePolicyInput) -> Result<CasePolicyView, AppError> {
    serve(|cx| async move { service::policy::save(&cx.db, &cx.actor, case, input, cx.now).await }).await
}

/// The global defaults new cases take (system administrators).
#[server(output = Json, input = Json, endpoint = "global_defaults")]
pub async fn get_global_defaults() -> Result<GlobalDefaultsView, AppError> {
    serve(|cx| async move { service::policy::global_defaults(&cx.db, &cx.actor).await }).await
}

#[server(output = Json, input = Json, endpoint = "save_global_defaults")]
pub async fn save_global_defaults(input: GlobalDefaultsInput) -> Result<GlobalDefaultsView, AppError> {
    serve(|cx| async move { service::policy::set_global_defaults(&cx.db, &cx.actor, input, cx.now).await }).await
}
