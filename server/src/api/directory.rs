use super::errors::ErrorBody;
use super::extract::ApiQuery;
use app::error::AppError;
use app::state::RequestContext;
use domain::directory::DirectoryUser;
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct SearchQuery {
    /// Part of an email address, name or usual role (at least two characters).
    pub q: Option<String>,
}

/// Directory type-ahead, with the roles the invite dialog offers each person.
#[utoipa::path(get, path = "/api/v1/users", tag = "access", params(SearchQuery),
    responses((status = 200, body = Vec<DirectoryUser>), (status = 401, body = ErrorBody)))]
pub async fn search(
    cx: RequestContext,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<axum::Json<Vec<DirectoryUser>>, AppError> {
    Ok(axum::Json(service::directory::search_users(&cx.db, query.q.as_deref().unwrap_or_default()).await?))
}
