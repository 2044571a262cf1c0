use super::codec::Json;
use crate::error::AppError;
use domain::CaseId;
use domain::cases::list::{CasePage, CaseQuery};
use domain::cases::{CaseDetail, CaseSettingsInput, NewCaseInput};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::{serve, serve_by_session, serve_read};
#[cfg(feature = "ssr")]
use crate::state::SessionContext;

/// One page of the cases the user can open; sent with no query, the first page of all of them.
#[server(output = Json, input = Json, endpoint = "list_cases")]
pub async fn list_cases(#[server(default)] query: CaseQuery) -> Result<CasePage, AppError> {
    serve_read(|cx| async move { service::cases::list(&cx.db, &cx.actor, &query, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "create_case")]
pub async fn create_case(input: NewCaseInput) -> Result<CaseId, AppError> {
    serve(|cx| async move { Ok(service::cases::create(&cx.db, &cx.actor, input, cx.now).await?.id) }).await
}

#[server(output = Json, input = Json, endpoint = "get_case")]
pub async fn get_case(id: CaseId) -> Result<CaseDetail, AppError> {
    serve_by_session(|cx| async move {
        service::cases::get_by_session(&cx.db, &cx.token, id, cx.now, SessionContext::signed_in).await
    })
    .await
}

#[server(output = Json, input = Json, endpoint = "delete_case")]
pub async fn delete_case(id: CaseId) -> Result<(), AppError> {
    serve(|cx| async move { service::cases::delete(&cx.db, &cx.blobs, &cx.actor, id, cx.now).await }).await
}

/// Changes the title, description or target date (edit_settings); `input.version` detects a
/// concurrent change.
#[server(output = Json, input = Json, endpoint = "update_case_settings")]
pub async fn update_case_settings(id: CaseId, input: CaseSettingsInput) -> Result<CaseDetail, AppError> {
    serve(|cx| async move { service::cases::update_settings(&cx.db, &cx.actor, id, input, cx.now).await }).await
}
