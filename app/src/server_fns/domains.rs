use crate::error::AppError;
use domain::CaseId;
use domain::domains::{DomainGrantView, DomainInput};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::context::serve;

#[server(input = Json, endpoint = "add_domain")]
pub async fn add_domain(case: CaseId, input: DomainInput) -> Result<DomainGrantView, AppError> {
    serve(|cx| async move { service::domains::add(&cx.db, &cx.actor, case, input, cx.now).await }).await
}

#[server(input = Json, endpoint = "remove_domain")]
pub async fn remove_domain(case: CaseId, id: i64) -> Result<(), AppError> {
    serve(|cx| async move { service::domains::remove(&cx.db, &cx.actor, case, id, cx.now).await }).await
}
