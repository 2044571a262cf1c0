//! The Documents tab's server functions. Uploads and downloads go over REST
//! (`POST /api/v1/cases/{case}/documents`, `…/documents/{id}/content`): they stream bytes, with
//! progress, which a server function's JSON cannot.
use super::codec::Json;
use crate::error::AppError;
use domain::documents::batch::{BatchInput, BatchPreview, BatchResult};
use domain::documents::{DocumentChange, DocumentPage, DocumentQuery, DocumentView, TextPreview};
use domain::{CaseId, DocumentId};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::{serve, serve_read};

#[server(output = Json, input = Json, endpoint = "list_documents")]
pub async fn list_documents(case: CaseId, query: DocumentQuery) -> Result<DocumentPage, AppError> {
    serve_read(|cx| async move { service::documents::list(&cx.db, &cx.actor, case, &query, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "get_document")]
pub async fn get_document(case: CaseId, id: DocumentId) -> Result<DocumentView, AppError> {
    serve(|cx| async move { service::documents::get(&cx.db, &cx.actor, case, id, cx.now).await }).await
}

/// The start of a text document for the viewer; none for other kinds.
#[server(output = Json, input = Json, endpoint = "document_text")]
pub async fn document_text(case: CaseId, id: DocumentId) -> Result<Option<TextPreview>, AppError> {
    serve(|cx| async move { service::documents::text_preview(&cx.db, &cx.blobs, &cx.actor, case, id, cx.now).await })
        .await
}

/// Renames, moves or changes the defendants of a document, on the version the page showed.
#[server(output = Json, input = Json, endpoint = "change_document")]
pub async fn change_document(case: CaseId, id: DocumentId, change: DocumentChange) -> Result<DocumentView, AppError> {
    serve(|cx| async move { service::documents::change(&cx.db, &cx.actor, case, id, change, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "delete_document")]
pub async fn delete_document(case: CaseId, id: DocumentId) -> Result<(), AppError> {
    serve(|cx| async move { service::documents::delete(&cx.db, &cx.blobs, &cx.actor, case, id, cx.now).await }).await
}

/// How many documents a batch update would change, to show before confirming.
#[server(output = Json, input = Json, endpoint = "preview_batch")]
pub async fn preview_batch(case: CaseId, input: BatchInput) -> Result<BatchPreview, AppError> {
    serve(|cx| async move { service::documents::batch_preview(&cx.db, &cx.actor, case, &input, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "batch_update")]
pub async fn batch_update(case: CaseId, input: BatchInput) -> Result<BatchResult, AppError> {
    serve(|cx| async move { service::documents::batch_update(&cx.db, &cx.actor, case, input, cx.now).await }).await
}
