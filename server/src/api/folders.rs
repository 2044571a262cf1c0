//! Folders of a case's documents, over REST.
use super::errors::ErrorBody;
use super::extract::{ApiJson, ApiPath};
use app::error::AppError;
use app::state::RequestContext;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::documents::Workspace;
use domain::folders::{FolderChange, FolderInput, FolderRemoval, FolderView};
use domain::{CaseId, FolderId};

/// The folders of a case (by name, each with its parent and the documents in it that you may
/// see), whether you may change files, the defendants you may associate an upload with, and the
/// largest file an upload may carry.
#[utoipa::path(get, path = "/api/v1/cases/{case}/folders", tag = "documents", params(("case" = i64, Path, description = "Case id")),
    responses((status = 200, body = Workspace), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(cx: RequestContext, ApiPath(case): ApiPath<i64>) -> Result<axum::Json<Workspace>, AppError> {
    Ok(axum::Json(service::folders::workspace(&cx.db, &cx.actor, CaseId(case), cx.max_upload_bytes, cx.now).await?))
}

/// Create a folder, at the top of the case or inside `parent` (needs manage_files).
#[utoipa::path(post, path = "/api/v1/cases/{case}/folders", tag = "documents", request_body = FolderInput,
    params(("case" = i64, Path, description = "Case id")),
    responses((status = 201, body = FolderView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "A folder of that name is there already", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    cx: RequestContext,
    ApiPath(case): ApiPath<i64>,
    ApiJson(input): ApiJson<FolderInput>,
) -> Result<Response, AppError> {
    let folder = service::folders::create(&cx.db, &cx.actor, CaseId(case), input, cx.now).await?;
    let location = format!("/api/v1/cases/{case}/folders/{}", folder.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], axum::Json(folder)).into_response())
}

/// Rename a folder, move it (`"parent": null` moves it to the top), or both (needs manage_files).
#[utoipa::path(patch, path = "/api/v1/cases/{case}/folders/{id}", tag = "documents", request_body = FolderChange,
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Folder id")),
    responses((status = 200, body = FolderView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "A folder of that name is there already", body = ErrorBody),
        (status = 422, description = "The name is not allowed, or the folder would move into itself", body = ErrorBody)))]
pub async fn change(
    cx: RequestContext,
    ApiPath((case, id)): ApiPath<(i64, i64)>,
    ApiJson(change): ApiJson<FolderChange>,
) -> Result<axum::Json<FolderView>, AppError> {
    Ok(axum::Json(service::folders::change(&cx.db, &cx.actor, CaseId(case), FolderId(id), change, cx.now).await?))
}

/// Delete a folder with every folder and document in it (needs manage_files); answers what went.
#[utoipa::path(delete, path = "/api/v1/cases/{case}/folders/{id}", tag = "documents",
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Folder id")),
    responses((status = 200, body = FolderRemoval), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    cx: RequestContext,
    ApiPath((case, id)): ApiPath<(i64, i64)>,
) -> Result<axum::Json<FolderRemoval>, AppError> {
    Ok(axum::Json(service::folders::delete(&cx.db, &cx.blobs, &cx.actor, CaseId(case), FolderId(id), cx.now).await?))
}
