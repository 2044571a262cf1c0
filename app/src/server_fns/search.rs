//! The search page's server functions: searching, and the saved searches beside it.
use super::codec::Json;
use crate::error::AppError;
use domain::saved_searches::{SavedSearchInput, SavedSearchView};
use domain::search::{SearchPage, SearchQuery};
use domain::{CaseId, SavedSearchId};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::{serve, serve_read};

#[server(output = Json, input = Json, endpoint = "search_documents")]
pub async fn search_documents(case: CaseId, query: SearchQuery) -> Result<SearchPage, AppError> {
    serve_read(|cx| async move { service::documents::search(&cx.db, &cx.actor, case, &query, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "list_saved_searches")]
pub async fn list_saved_searches(case: CaseId) -> Result<Vec<SavedSearchView>, AppError> {
    serve_read(|cx| async move { service::saved_searches::list(&cx.db, &cx.actor, case, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "save_search")]
pub async fn save_search(case: CaseId, input: SavedSearchInput) -> Result<SavedSearchView, AppError> {
    serve(|cx| async move { service::saved_searches::save(&cx.db, &cx.actor, case, input, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "delete_saved_search")]
pub async fn delete_saved_search(case: CaseId, id: SavedSearchId) -> Result<(), AppError> {
    serve(|cx| async move { service::saved_searches::delete(&cx.db, &cx.actor, case, id, cx.now).await }).await
}
