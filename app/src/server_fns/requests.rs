use super::codec::Json;
use crate::error::AppError;
use domain::CaseId;
use domain::members::Member;
use domain::requests::{AccessRequest, ApproveInput, DenyInput, RequestInput};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::{serve, serve_read};

#[server(output = Json, input = Json, endpoint = "list_requests")]
pub async fn list_requests(case: CaseId) -> Result<Vec<AccessRequest>, AppError> {
    serve_read(|cx| async move { service::requests::list(&cx.db, &cx.actor, case, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "request_access")]
pub async fn request_access(case: CaseId, input: RequestInput) -> Result<AccessRequest, AppError> {
    serve(|cx| async move { service::requests::create(&cx.db, &cx.actor, case, input, cx.now, &cx.public_url).await })
        .await
}

#[server(output = Json, input = Json, endpoint = "approve_request")]
pub async fn approve_request(case: CaseId, id: i64, input: ApproveInput) -> Result<Member, AppError> {
    serve(|cx| async move { service::requests::approve(&cx.db, &cx.actor, case, id, input, cx.now, &cx.public_url).await }).await
}

#[server(output = Json, input = Json, endpoint = "deny_request")]
pub async fn deny_request(case: CaseId, id: i64, input: DenyInput) -> Result<(), AppError> {
    serve(|cx| async move { service::requests::deny(&cx.db, &cx.actor, case, id, input, cx.now).await }).await
}
