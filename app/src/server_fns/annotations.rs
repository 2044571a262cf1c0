//! Notes and redactions beside the document viewer.
use super::codec::Json;
use crate::error::AppError;
use domain::annotations::{AnnotationInput, AnnotationView};
use domain::{AnnotationId, CaseId, DocumentId};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::{serve, serve_read};

#[server(output = Json, input = Json, endpoint = "list_annotations")]
pub async fn list_annotations(case: CaseId, document: DocumentId) -> Result<Vec<AnnotationView>, AppError> {
    serve_read(|cx| async move { service::annotations::list(&cx.db, &cx.actor, case, document, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "add_annotation")]
pub async fn add_annotation(
    case: CaseId,
    document: DocumentId,
    input: AnnotationInput,
) -> Result<AnnotationView, AppError> {
    serve(|cx| async move { service::annotations::add(&cx.db, &cx.actor, case, document, input, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "delete_annotation")]
pub async fn delete_annotation(case: CaseId, document: DocumentId, id: AnnotationId) -> Result<(), AppError> {
    serve(|cx| async move { service::annotations::delete(&cx.db, &cx.actor, case, document, id, cx.now).await }).await
}
