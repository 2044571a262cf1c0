//! Tags of a case and tagging documents, for the Documents tab and the search page.
use super::codec::Json;
use crate::error::AppError;
use domain::tags::{TagInput, TagRemoval, TagView, TaggingInput, TaggingResult};
use domain::{CaseId, TagId};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::{serve, serve_read};

#[server(output = Json, input = Json, endpoint = "list_tags")]
pub async fn list_tags(case: CaseId) -> Result<Vec<TagView>, AppError> {
    serve_read(|cx| async move { service::tags::list(&cx.db, &cx.actor, case, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "create_tag")]
pub async fn create_tag(case: CaseId, input: TagInput) -> Result<TagView, AppError> {
    serve(|cx| async move { service::tags::create(&cx.db, &cx.actor, case, input, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "change_tag")]
pub async fn change_tag(case: CaseId, id: TagId, input: TagInput) -> Result<TagView, AppError> {
    serve(|cx| async move { service::tags::change(&cx.db, &cx.actor, case, id, input, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "delete_tag")]
pub async fn delete_tag(case: CaseId, id: TagId) -> Result<TagRemoval, AppError> {
    serve(|cx| async move { service::tags::delete(&cx.db, &cx.actor, case, id, cx.now).await }).await
}

/// Puts a tag on the selected documents, or takes it off them.
#[server(output = Json, input = Json, endpoint = "tag_documents")]
pub async fn tag_documents(case: CaseId, tag: TagId, input: TaggingInput) -> Result<TaggingResult, AppError> {
    serve(|cx| async move { service::tags::tag_documents(&cx.db, &cx.actor, case, tag, input, cx.now).await }).await
}
