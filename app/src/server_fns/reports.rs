//! Reports' server functions, for the Productions tab and the search page. Downloads are plain
//! links to the REST API.
use super::codec::Json;
use crate::error::AppError;
use domain::reports::{ReportInput, ReportPage, ReportView};
use domain::{CaseId, ReportId};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::{serve, serve_read};

#[server(output = Json, input = Json, endpoint = "list_reports")]
pub async fn list_reports(case: CaseId, page: Option<u32>) -> Result<ReportPage, AppError> {
    serve_read(|cx| async move { service::reports::list(&cx.db, &cx.actor, case, page, None, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "create_report")]
pub async fn create_report(case: CaseId, input: ReportInput) -> Result<ReportView, AppError> {
    serve(|cx| async move { service::reports::create(&cx.db, &cx.blobs, &cx.actor, case, input, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "delete_report")]
pub async fn delete_report(case: CaseId, id: ReportId) -> Result<(), AppError> {
    serve(|cx| async move { service::reports::delete(&cx.db, &cx.blobs, &cx.actor, case, id, cx.now).await }).await
}
