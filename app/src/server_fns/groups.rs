use super::codec::Json;
use crate::error::AppError;
use domain::CaseId;
use domain::groups::{AccessSettings, GroupGrantView, GroupInput};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::{serve, serve_read};

/// The Access tab: its groups, its domains and the choices of its forms.
#[server(output = Json, input = Json, endpoint = "access_settings")]
pub async fn get_access_settings(case: CaseId) -> Result<AccessSettings, AppError> {
    serve_read(|cx| async move { service::groups::settings(&cx.db, &cx.actor, case, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "add_group")]
pub async fn add_group(case: CaseId, input: GroupInput) -> Result<GroupGrantView, AppError> {
    serve(|cx| async move { service::groups::add(&cx.db, &cx.actor, case, input, cx.now).await }).await
}

/// Removes a group; answers with the names of those who kept access (R4).
#[server(output = Json, input = Json, endpoint = "remove_group")]
pub async fn remove_group(case: CaseId, id: i64) -> Result<Vec<String>, AppError> {
    serve(|cx| async move { Ok(service::groups::remove(&cx.db, &cx.actor, case, id, cx.now).await?.kept) }).await
}
