//! The REST API under /api/v1: JSON in and out, errors as `{"error":{"code","message"}}`.
//! Handlers are thin: extract, call one service function, map the error.
pub mod annotations;
pub mod cases;
pub mod directory;
pub mod documents;
pub mod domains;
pub mod errors;
pub mod extract;
pub mod folders;
pub mod groups;
pub mod members;
pub mod openapi;
pub mod policy;
pub mod productions;
pub mod reports;
pub mod requests;
pub mod roles;
pub mod saved_searches;
pub mod search;
pub mod session;
pub mod tags;
pub mod templates;

use app::error::{AppError, ErrorCode};
use app::state::AppState;
use axum::Router;
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/session", axum::routing::post(session::sign_in).delete(session::sign_out))
        .route("/me", get(session::me))
        .route("/cases", get(cases::list).post(cases::create))
        .route("/cases/{case}", get(cases::get).patch(cases::update).delete(cases::delete))
        .route("/cases/{case}/access", get(members::my_access))
        .route("/cases/{case}/policy", get(policy::get).put(policy::save))
        .route("/cases/{case}/members", get(members::list).post(members::invite))
        .route("/cases/{case}/members/{user}", axum::routing::patch(members::change).delete(members::revoke))
        .route("/cases/{case}/groups", get(groups::list).post(groups::add))
        .route("/cases/{case}/groups/{id}", axum::routing::delete(groups::remove))
        .route("/cases/{case}/domains", get(domains::list).post(domains::add))
        .route("/cases/{case}/domains/{id}", axum::routing::delete(domains::remove))
        .route("/cases/{case}/requests", get(requests::list).post(requests::create))
        .route("/cases/{case}/requests/{id}/approve", axum::routing::post(requests::approve))
        .route("/cases/{case}/requests/{id}/deny", axum::routing::post(requests::deny))
        .route("/cases/{case}/folders", get(folders::list).post(folders::create))
        .route("/cases/{case}/folders/{id}", axum::routing::patch(folders::change).delete(folders::delete))
        .route(
            "/cases/{case}/documents",
            // An upload's files may be far larger than other bodies: each is held to the upload
            // limit while it streams in (documents::upload), not to the general body limit.
            get(documents::list).post(documents::upload).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/cases/{case}/documents/{id}", get(documents::get).patch(documents::change).delete(documents::delete))
        .route("/cases/{case}/documents/{id}/content", get(documents::content))
        .route("/cases/{case}/documents/{id}/annotations", get(annotations::list).post(annotations::add))
        .route("/cases/{case}/documents/{id}/annotations/{annotation}", axum::routing::delete(annotations::delete))
        .route("/cases/{case}/documents/{id}/tags", get(tags::of_document))
        .route("/cases/{case}/documents/{id}/tags/{tag}", axum::routing::put(tags::apply).delete(tags::remove))
        .route("/cases/{case}/tags", get(tags::list).post(tags::create))
        .route("/cases/{case}/tags/{id}", axum::routing::patch(tags::change).delete(tags::delete))
        .route("/cases/{case}/tags/{id}/documents", axum::routing::post(tags::tag_documents))
        .route("/cases/{case}/search", get(search::search))
        .route("/cases/{case}/batch", axum::routing::post(documents::batch_update))
        .route("/cases/{case}/batch/preview", axum::routing::post(documents::batch_preview))
        .route("/cases/{case}/saved-searches", get(saved_searches::list).post(saved_searches::save))
        .route("/cases/{case}/saved-searches/{id}", axum::routing::delete(saved_searches::delete))
        .route("/cases/{case}/productions", get(productions::list).post(productions::create))
        .route("/cases/{case}/productions/{id}", get(productions::get).delete(productions::delete))
        .route("/cases/{case}/productions/{id}/content", get(productions::content))
        .route("/cases/{case}/productions/{id}/share", get(productions::shares).post(productions::share))
        .route("/cases/{case}/productions/{id}/share/{share}", axum::routing::delete(productions::revoke))
        .route("/shared-productions/open", axum::routing::post(productions::open_shared))
        .route("/shared-productions/download", axum::routing::post(productions::download_shared))
        .route("/cases/{case}/reports", get(reports::list).post(reports::create))
        .route("/cases/{case}/reports/{id}", axum::routing::delete(reports::delete))
        .route("/cases/{case}/reports/{id}/content", get(reports::content))
        .route("/users", get(directory::search))
        .route("/roles", get(roles::matrix).post(roles::create))
        .route("/roles/{role}", axum::routing::put(roles::update).delete(roles::delete))
        .route("/settings/defaults", get(policy::defaults).put(policy::set_defaults))
        .route("/templates", get(templates::list).post(templates::create))
        .route("/templates/{id}", get(templates::get).put(templates::update).delete(templates::delete))
        .route("/openapi.json", get(openapi::document))
        .fallback(not_found)
}

async fn not_found() -> AppError {
    AppError::new(ErrorCode::NotFound, "There is no such API endpoint. See /api/v1/openapi.json.")
}
