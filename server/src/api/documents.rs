//! Documents of a case, over REST: list a folder, upload (multipart, streamed to storage), read,
//! change, delete, and download or view the content.
use super::errors::ErrorBody;
use super::extract::{ApiJson, ApiPath, ApiQuery};
use crate::ranges::{self, Ask};
use app::error::{AppError, ErrorCode};
use app::state::{ReadContext, RequestContext};
use axum::body::Body;
use axum::extract::Multipart;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::documents::batch::{BatchInput, BatchPreview, BatchResult};
use domain::documents::{
    DocumentChange, DocumentPage, DocumentQuery, DocumentSort, DocumentView, Presentation, UploadTarget,
    content_disposition, download_content_type, inline_content_type, kind_of, too_large,
};
use domain::{CaseId, DefendantId, DocumentId, FolderId};
use serde::Deserialize;
use service::blobs::StageError;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// A folder id; left out, the documents at the top of the case.
    pub folder: Option<i64>,
    /// A tag id: every document carrying it, in any folder (`folder` is then ignored).
    pub tag: Option<i64>,
    /// `name` (the default), `type`, `size`, `uploaded_by` or `uploaded_at`.
    pub sort: Option<DocumentSort>,
    /// `asc` (the default) or `desc`.
    pub order: Option<String>,
    /// 1 for the first page (the default).
    pub page: Option<u32>,
    /// Documents per page: 100 unless asked, at most 500.
    pub per_page: Option<u32>,
}

/// One page of a folder's documents that you may see (within your defendant scope), with the total.
#[utoipa::path(get, path = "/api/v1/cases/{case}/documents", tag = "documents", params(("case" = i64, Path, description = "Case id"), ListQuery),
    responses((status = 200, body = DocumentPage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(
    ReadContext(cx): ReadContext,
    ApiPath(case): ApiPath<i64>,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<axum::Json<DocumentPage>, AppError> {
    let descending = match query.order.as_deref() {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(other) => {
            return Err(AppError::new(ErrorCode::BadRequest, format!("Unknown order '{other}'. Use asc or desc.")));
        }
    };
    let query = DocumentQuery {
        folder: query.folder.map(FolderId),
        tag: query.tag.map(domain::TagId),
        sort: query.sort.unwrap_or_default(),
        descending,
        page: query.page,
        per_page: query.per_page,
    };
    Ok(axum::Json(service::documents::list(&cx.db, &cx.actor, CaseId(case), &query, cx.now).await?))
}

/// The form of an upload: `folder` and `defendants` first, then one or more `file` parts.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // Describes the multipart form for the OpenAPI document only.
pub struct UploadForm {
    /// A folder id; left out, the top of the case.
    folder: Option<i64>,
    /// Defendant ids, comma-separated (or the field repeated); none: visible to everyone who may view the case.
    defendants: Option<String>,
    /// The files, each with its file name.
    #[schema(value_type = Vec<String>, format = Binary)]
    file: Vec<Vec<u8>>,
}

/// Upload files (needs manage_files). Each is streamed to storage, never held whole in memory;
/// a file over the limit is refused with 413 and nothing is kept. All files are stored, or none.
/// A name taken in the folder becomes `name (2).ext`.
#[utoipa::path(post, path = "/api/v1/cases/{case}/documents", tag = "documents",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    params(("case" = i64, Path, description = "Case id")),
    responses((status = 201, body = Vec<DocumentView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
        (status = 413, description = "A file is larger than the limit, which the message gives", body = ErrorBody),
        (status = 422, description = "No file, an empty file, a name that is not allowed, or an unknown defendant", body = ErrorBody)))]
pub async fn upload(
    cx: RequestContext,
    ApiPath(case): ApiPath<i64>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let case = CaseId(case);
    let mut multipart = multipart.map_err(|e| {
        AppError::new(ErrorCode::BadRequest, format!("Send the files as multipart/form-data: {}", e.body_text()))
    })?;
    let mut target = UploadTarget::default();
    let mut files = Vec::new();
    let mut checked = false;
    while let Some(field) = multipart.next_field().await.map_err(malformed)? {
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "folder" | "defendants" if checked => {
                return Err(AppError::new(ErrorCode::BadRequest, "Send folder and defendants before the files."));
            }
            "folder" => {
                target.folder =
                    parse_ids(&field.text().await.map_err(malformed)?, "folder")?.first().map(|f| FolderId(*f))
            }
            "defendants" => target
                .defendants
                .extend(parse_ids(&field.text().await.map_err(malformed)?, "defendants")?.into_iter().map(DefendantId)),
            "file" => {
                if !checked {
                    // Refused before a byte of the file is read.
                    service::documents::check_upload(&cx.db, &cx.actor, case, &target, cx.now).await?;
                    checked = true;
                }
                let file_name = field.file_name().map(str::to_string).ok_or_else(|| AppError {
                    field: Some("file".into()),
                    ..AppError::new(ErrorCode::Validation, "Each file part needs a file name.")
                })?;
                let staged = cx.blobs.stage(Box::pin(field), cx.max_upload_bytes).await.map_err(stage_error)?;
                files.push((file_name, staged));
            }
            other => {
                return Err(AppError::new(
                    ErrorCode::BadRequest,
                    format!("Unknown form field '{other}': send folder, defendants and file."),
                ));
            }
        }
    }
    if files.is_empty() {
        return Err(AppError {
            field: Some("file".into()),
            ..AppError::new(ErrorCode::Validation, "Choose at least one file to upload.")
        });
    }
    let documents = service::documents::upload(&cx.db, &cx.blobs, &cx.actor, case, &target, &files, cx.now).await?;
    Ok((StatusCode::CREATED, axum::Json(documents)).into_response())
}

fn parse_ids(text: &str, field: &str) -> Result<Vec<i64>, AppError> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<i64>().map_err(|_| AppError {
                field: Some(field.into()),
                ..AppError::new(ErrorCode::Validation, format!("'{s}' is not an id: send numbers, comma-separated."))
            })
        })
        .collect()
}

fn malformed(error: MultipartError) -> AppError {
    AppError::new(ErrorCode::BadRequest, format!("The upload is malformed or was interrupted: {}", error.body_text()))
}

fn stage_error(error: StageError) -> AppError {
    match error {
        StageError::TooLarge { limit } => AppError::new(ErrorCode::PayloadTooLarge, too_large(limit)),
        StageError::Interrupted(detail) => AppError::new(
            ErrorCode::BadRequest,
            format!("The upload was interrupted before the file was complete: {detail}"),
        ),
        StageError::Io(e) => {
            tracing::error!(error = %e, "staging an upload");
            AppError::new(ErrorCode::Internal, "Something went wrong on our side. Try again in a moment.")
        }
    }
}

/// One document you may see; any other id is 404, whether or not it exists.
#[utoipa::path(get, path = "/api/v1/cases/{case}/documents/{id}", tag = "documents",
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Document id")),
    responses((status = 200, body = DocumentView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(
    cx: RequestContext,
    ApiPath((case, id)): ApiPath<(i64, i64)>,
) -> Result<axum::Json<DocumentView>, AppError> {
    Ok(axum::Json(service::documents::get(&cx.db, &cx.actor, CaseId(case), DocumentId(id), cx.now).await?))
}

/// Rename, move (`"folder": null`: to the top) or change the defendants of a document (needs
/// manage_files). Send the `version` you last saw.
#[utoipa::path(patch, path = "/api/v1/cases/{case}/documents/{id}", tag = "documents", request_body = DocumentChange,
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Document id")),
    responses((status = 200, body = DocumentView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The name is taken there, or someone else changed it meanwhile", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn change(
    cx: RequestContext,
    ApiPath((case, id)): ApiPath<(i64, i64)>,
    ApiJson(change): ApiJson<DocumentChange>,
) -> Result<axum::Json<DocumentView>, AppError> {
    Ok(axum::Json(service::documents::change(&cx.db, &cx.actor, CaseId(case), DocumentId(id), change, cx.now).await?))
}

/// Delete a document (needs manage_files). Its audit entry stays.
#[utoipa::path(delete, path = "/api/v1/cases/{case}/documents/{id}", tag = "documents",
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Document id")),
    responses((status = 204, description = "Deleted"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(cx: RequestContext, ApiPath((case, id)): ApiPath<(i64, i64)>) -> Result<StatusCode, AppError> {
    service::documents::delete(&cx.db, &cx.blobs, &cx.actor, CaseId(case), DocumentId(id), cx.now).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ContentQuery {
    /// `attachment` (the default) to download; `inline` to show it in the browser (PDFs and
    /// images as they are, text and HTML as plain text, anything else still as a download).
    pub disposition: Option<String>,
}

/// The document's bytes, or one range of them (`Range: bytes=…`, answered with 206).
#[utoipa::path(get, path = "/api/v1/cases/{case}/documents/{id}/content", tag = "documents",
    params(("case" = i64, Path, description = "Case id"), ("id" = i64, Path, description = "Document id"), ContentQuery),
    responses(
        (status = 200, description = "The whole file", content(
            (Vec<u8> = "application/octet-stream"), (Vec<u8> = "application/pdf"), (Vec<u8> = "image/png"),
            (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/gif"), (Vec<u8> = "image/webp"), (String = "text/plain; charset=utf-8"))),
        (status = 206, description = "The range asked for", content(
            (Vec<u8> = "application/octet-stream"), (Vec<u8> = "application/pdf"), (String = "text/plain; charset=utf-8"))),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 416, description = "The range lies outside the file", body = ErrorBody)))]
pub async fn content(
    cx: RequestContext,
    ApiPath((case, id)): ApiPath<(i64, i64)>,
    ApiQuery(query): ApiQuery<ContentQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let inline = match query.disposition.as_deref() {
        None | Some("attachment") => false,
        Some("inline") => true,
        Some(other) => {
            return Err(AppError::new(
                ErrorCode::BadRequest,
                format!("Unknown disposition '{other}'. Use inline or attachment."),
            ));
        }
    };
    let content = service::documents::content(&cx.db, &cx.actor, CaseId(case), DocumentId(id), cx.now).await?;
    let ask = ranges::parse(headers.get(header::RANGE).and_then(|v| v.to_str().ok()), content.size);
    let (status, range) = match ask {
        Ask::Whole => (StatusCode::OK, None),
        Ask::Part(range) => (StatusCode::PARTIAL_CONTENT, Some(range)),
        Ask::Unsatisfiable => {
            let refusal =
                AppError::new(ErrorCode::RangeNotSatisfiable, format!("The file is {} bytes long.", content.size));
            let mut response = refusal.into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_RANGE, format!("bytes */{}", content.size).parse().expect("ASCII"));
            return Ok(response);
        }
    };
    let length = range.as_ref().map_or(content.size, |r| r.end - r.start);
    let content_type = if inline { inline_content_type(&content.name) } else { download_content_type(&content.name) };
    // Shown inline, only a PDF or an image is itself; anything else is still a download.
    let inline =
        inline && matches!(kind_of(&content.name).1, Presentation::Pdf | Presentation::Image | Presentation::Text);
    let stream = cx.blobs.read(&content.sha256, range.clone()).await?;
    let mut response = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CONTENT_LENGTH, length)
        .header(header::CONTENT_DISPOSITION, content_disposition(&content.name, inline))
        .header(header::ACCEPT_RANGES, "bytes")
        .header(header::ETAG, format!("\"{}\"", content.sha256))
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    if kind_of(&content.name).1 != Presentation::Pdf {
        // Nothing in a served file may run or reach out; a PDF keeps the browser's own viewer.
        response = response.header(header::CONTENT_SECURITY_POLICY, "default-src 'none'; img-src 'self'; sandbox");
    }
    if let Some(range) = range {
        response =
            response.header(header::CONTENT_RANGE, format!("bytes {}-{}/{}", range.start, range.end - 1, content.size));
    }
    response.body(Body::from_stream(stream)).map_err(|e| {
        tracing::error!(error = %e, "building a download");
        AppError::new(ErrorCode::Internal, "Something went wrong on our side. Try again in a moment.")
    })
}

/// How many documents a batch update would change (needs batch_update, and annotate for tags or
/// manage_files for moves and defendants): show it before confirming.
#[utoipa::path(post, path = "/api/v1/cases/{case}/batch/preview", tag = "review", request_body = BatchInput,
    params(("case" = i64, Path, description = "Case id")),
    responses((status = 200, body = BatchPreview), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "No document matches, too many do, or the change is not valid", body = ErrorBody)))]
pub async fn batch_preview(
    cx: RequestContext,
    ApiPath(case): ApiPath<i64>,
    ApiJson(input): ApiJson<BatchInput>,
) -> Result<axum::Json<BatchPreview>, AppError> {
    Ok(axum::Json(service::documents::batch_preview(&cx.db, &cx.actor, CaseId(case), &input, cx.now).await?))
}

/// Apply a tag, remove one, move to a folder, or set the defendants of every document of a
/// selection or of a search's results: all in one transaction, or none. Send the count you
/// showed as `expected`: if the documents changed meanwhile, nothing is done (409).
#[utoipa::path(post, path = "/api/v1/cases/{case}/batch", tag = "review", request_body = BatchInput,
    params(("case" = i64, Path, description = "Case id")),
    responses((status = 200, body = BatchResult), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The count changed meanwhile, or a moved document's name is taken in the folder", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn batch_update(
    cx: RequestContext,
    ApiPath(case): ApiPath<i64>,
    ApiJson(input): ApiJson<BatchInput>,
) -> Result<axum::Json<BatchResult>, AppError> {
    Ok(axum::Json(service::documents::batch_update(&cx.db, &cx.actor, CaseId(case), input, cx.now).await?))
}
