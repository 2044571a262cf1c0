//! The folder tree of the Documents tab.
use super::codec::Json;
use crate::error::AppError;
use domain::documents::Workspace;
use domain::folders::{FolderChange, FolderInput, FolderRemoval, FolderView};
use domain::{CaseId, FolderId};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::serve;

/// The folders, what the viewer may do, and the upload form's choices.
#[server(output = Json, input = Json, endpoint = "documents_workspace")]
pub async fn get_workspace(case: CaseId) -> Result<Workspace, AppError> {
    serve(|cx| async move { service::folders::workspace(&cx.db, &cx.actor, case, cx.max_upload_bytes, cx.now).await })
        .await
}

#[server(output = Json, input = Json, endpoint = "create_folder")]
pub async fn create_folder(case: CaseId, input: FolderInput) -> Result<FolderView, AppError> {
    serve(|cx| async move { service::folders::create(&cx.db, &cx.actor, case, input, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "change_folder")]
pub async fn change_folder(case: CaseId, id: FolderId, change: FolderChange) -> Result<FolderView, AppError> {
    serve(|cx| async move { service::folders::change(&cx.db, &cx.actor, case, id, change, cx.now).await }).await
}

/// What deleting the folder would remove, for the confirmation.
#[server(output = Json, input = Json, endpoint = "folder_removal")]
pub async fn preview_folder_removal(case: CaseId, id: FolderId) -> Result<FolderRemoval, AppError> {
    serve(|cx| async move { service::folders::removal(&cx.db, &cx.actor, case, id, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "delete_folder")]
pub async fn delete_folder(case: CaseId, id: FolderId) -> Result<FolderRemoval, AppError> {
    serve(|cx| async move { service::folders::delete(&cx.db, &cx.blobs, &cx.actor, case, id, cx.now).await }).await
}
