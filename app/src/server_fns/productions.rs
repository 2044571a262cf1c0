//! The Productions tab's server functions: productions, their shared links, and what a shared
//! link opens. Downloads are plain links to the REST API.
use super::codec::Json;
use crate::error::AppError;
use domain::productions::{ProductionInput, ProductionPage, ProductionView, ShareInput, ShareView, SharedProduction};
use domain::{CaseId, ProductionId, ShareId};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::{serve, serve_read};

#[server(output = Json, input = Json, endpoint = "list_productions")]
pub async fn list_productions(case: CaseId, page: Option<u32>) -> Result<ProductionPage, AppError> {
    serve_read(|cx| async move { service::productions::list(&cx.db, &cx.actor, case, page, None, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "create_production")]
pub async fn create_production(case: CaseId, input: ProductionInput) -> Result<ProductionView, AppError> {
    serve(|cx| async move { service::productions::create(&cx.db, &cx.actor, case, input, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "delete_production")]
pub async fn delete_production(case: CaseId, id: ProductionId) -> Result<(), AppError> {
    serve(|cx| async move { service::productions::delete(&cx.db, &cx.blobs, &cx.actor, case, id, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "list_production_shares")]
pub async fn list_production_shares(case: CaseId, id: ProductionId) -> Result<Vec<ShareView>, AppError> {
    serve(|cx| async move { service::productions::shares(&cx.db, &cx.actor, case, id, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "share_production")]
pub async fn share_production(case: CaseId, id: ProductionId, input: ShareInput) -> Result<ShareView, AppError> {
    serve(|cx| async move {
        service::productions::share(&cx.db, &cx.actor, case, id, input, &cx.public_url, cx.now).await
    })
    .await
}

#[server(output = Json, input = Json, endpoint = "revoke_production_share")]
pub async fn revoke_production_share(case: CaseId, id: ProductionId, share: ShareId) -> Result<ShareView, AppError> {
    serve(|cx| async move { service::productions::revoke(&cx.db, &cx.actor, case, id, share, cx.now).await }).await
}

/// What a shared link opens, for the signed-in person it was sent to.
#[server(output = Json, input = Json, endpoint = "open_shared_production")]
pub async fn open_shared_production(token: String) -> Result<SharedProduction, AppError> {
    serve(|cx| async move { service::productions::shared(&cx.db, &cx.actor, &token, cx.now).await }).await
}
