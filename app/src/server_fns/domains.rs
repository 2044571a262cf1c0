use super::codec::Json;
use crate::error::AppError;
use domain::CaseId;
use domain::domains::{DomainGrantView, DomainInput};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::serve;

#[server(output = Json, input = Json, endpoint = "add_domain")]
pub async fn add_domain(case: CaseId, input: DomainInput) -> Result<DomainGrantView, AppError> {
    serve(|cx| async move { service::domains::add(&cx.db, &cx.actor, case, input, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "remove_domain")]
pub async fn remove_domain(case: CaseId, id: i64) -> Result<(), AppError> {
    serve(|cx| async move { service::domains::remove(&cx.db, &cx.actor, case, id, cx.now).await }).await
}
