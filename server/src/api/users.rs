use super::extract::{ApiQuery, Authenticated};
use app::error::AppError;
use app::state::AppState;
use axum::extract::State;
use domain::views::DirectoryUser;
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct SearchQuery {
    /// Part of an email address, name or usual role (at least two characters).
    pub q: Option<String>,
}

/// Directory type-ahead, with the roles the invite dialog offers each person.
#[utoipa::path(get, path = "/api/v1/users", tag = "access", params(SearchQuery),
    responses((status = 200, body = Vec<DirectoryUser>), (status = 401, body = super::openapi::ErrorBody)))]
pub async fn search(State(state): State<AppState>, Authenticated(_user): Authenticated, ApiQuery(query): ApiQuery<SearchQuery>) -> Result<axum::Json<Vec<DirectoryUser>>, AppError> {
    Ok(axum::Json(service::directory::search_users(&state.db, query.q.as_deref().unwrap_or_default()).await?))
}
