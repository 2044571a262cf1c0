//! The REST API under /api/v1: JSON in and out, errors as `{"error":{"code","message"}}`.
//! Handlers are thin: extract, call one service function, map the error.
pub mod cases;
pub mod extract;
pub mod members;
pub mod openapi;
pub mod roles;
pub mod users;
pub mod session;

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
        .route("/cases/{case}/members", get(members::list).post(members::invite))
        .route("/cases/{case}/members/{user}", axum::routing::patch(members::change).delete(members::revoke))
        .route("/users", get(users::search))
        .route("/roles", get(roles::matrix).post(roles::create))
        .route("/roles/{role}", axum::routing::put(roles::update).delete(roles::delete))
        .route("/openapi.json", get(openapi::document))
        .fallback(not_found)
}

async fn not_found() -> AppError {
    AppError::new(ErrorCode::NotFound, "There is no such API endpoint. See /api/v1/openapi.json.")
}
