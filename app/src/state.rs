//! Server-side state shared by the REST handlers and the server functions, and the one request
//! context both build the same way.
use crate::error::AppError;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use domain::Timestamp;
use domain::accounts::Actor;
use leptos::prelude::LeptosOptions;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub db: service::Db,
    pub leptos_options: LeptosOptions,
    /// Forces the `Secure` cookie attribute (set when the site is served over HTTPS behind a proxy
    /// that does not send `X-Forwarded-Proto`).
    pub secure_cookies: bool,
    /// The address people reach Caseward at, for links in emails (no trailing slash).
    pub public_url: String,
    /// Where documents' bytes live.
    pub blobs: service::blobs::BlobStore,
    /// The largest file an upload may carry, in bytes.
    pub max_upload_bytes: u64,
}

/// What every use case runs with: the database, the signed-in actor (read from the session on
/// every request, R8), the instant the request is decided at, and the settings it needs. Built
/// once per request, by the REST extractor and by the server functions' helper alike.
#[derive(Clone)]
pub struct RequestContext {
    pub db: service::Db,
    pub actor: Actor,
    pub now: Timestamp,
    /// The address in the links that emails carry.
    pub public_url: String,
    pub blobs: service::blobs::BlobStore,
    pub max_upload_bytes: u64,
}

impl FromRequestParts<AppState> for RequestContext {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let now = service::now();
        let token = crate::session::token_from(&parts.headers).ok_or_else(AppError::unauthenticated)?;
        let actor =
            service::accounts::session_user(&state.db, &token, now).await?.ok_or_else(AppError::unauthenticated)?;
        // The request span (TraceLayer's) carries who asked, for REST and server functions alike.
        tracing::Span::current().record("user_id", actor.id.0);
        Ok(RequestContext {
            db: state.db.clone(),
            actor,
            now,
            public_url: state.public_url.clone(),
            blobs: state.blobs.clone(),
            max_upload_bytes: state.max_upload_bytes,
        })
    }
}
