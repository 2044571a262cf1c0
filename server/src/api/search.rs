//! Full-text search of a case's documents, over REST.
use super::errors::ErrorBody;
use super::extract::{ApiPath, ApiQuery};
use app::error::AppError;
use app::state::ReadContext;
use domain::CaseId;
use domain::search::{SearchPage, SearchQuery};
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct SearchParams {
    /// Words (all must occur), `"a phrase"`, `prefix*`. Left out: the filters alone choose, newest first.
    pub q: Option<String>,
    /// Only documents directly in this folder.
    pub folder: Option<i64>,
    /// Only documents carrying this tag.
    pub tag: Option<i64>,
    /// Only documents associated with this defendant (one within your scope).
    pub defendant: Option<i64>,
    /// Uploaded on or after this day, `YYYY-MM-DD` (UTC).
    pub from: Option<String>,
    /// Uploaded on or before this day, `YYYY-MM-DD` (UTC).
    pub to: Option<String>,
    /// 1 for the first page (the default).
    pub page: Option<u32>,
    /// Hits per page: 20 unless asked, at most 100.
    pub per_page: Option<u32>,
}

/// Search the names, tags and text of the documents you may see (needs search): ranked, with a
/// snippet of each hit whose matched words are marked, and the total.
#[utoipa::path(get, path = "/api/v1/cases/{case}/search", tag = "review", params(("case" = i64, Path, description = "Case id"), SearchParams),
    responses((status = 200, body = SearchPage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "The query or a filter is not valid; `field` names it", body = ErrorBody)))]
pub async fn search(
    ReadContext(cx): ReadContext,
    ApiPath(case): ApiPath<i64>,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<axum::Json<SearchPage>, AppError> {
    let query = SearchQuery {
        text: params.q.unwrap_or_default(),
        folder: params.folder.map(domain::FolderId),
        tag: params.tag.map(domain::TagId),
        defendant: params.defendant.map(domain::DefendantId),
        from: params.from,
        to: params.to,
        page: params.page,
        per_page: params.per_page,
    };
    Ok(axum::Json(service::documents::search(&cx.db, &cx.actor, CaseId(case), &query, cx.now).await?))
}
