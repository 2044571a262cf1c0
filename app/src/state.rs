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
        RequestContext::build(parts, state, false).await
    }
}

/// The request context for a use case that reads and answers at once (opening a case): its
/// `db` keeps the connection the session was read on, so that the use case's first statement
/// runs there instead of on another one taken from the pool (`service::Db::keeping`). Not for
/// a request that would hold that connection idle, such as one streaming a file.
pub struct ReadContext(pub RequestContext);

impl FromRequestParts<AppState> for ReadContext {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        RequestContext::build(parts, state, true).await.map(ReadContext)
    }
}

/// The context of a use case that reads the session in its own first statement (opening a case,
/// `service::cases::get_by_session`): the session's token rather than its person, so that the
/// request costs one statement instead of two. R8 holds: the use case reads the session, and
/// refuses without a live one, on every request. It tells `signed_in` whom it found, which does
/// what `build` does with them.
pub struct SessionContext {
    pub db: service::Db,
    pub token: String,
    pub now: Timestamp,
}

impl FromRequestParts<AppState> for SessionContext {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        SessionContext::build(parts, state)
    }
}

impl SessionContext {
    pub(crate) fn build(parts: &Parts, state: &AppState) -> Result<Self, AppError> {
        let token = crate::session::token_from(&parts.headers).ok_or_else(AppError::unauthenticated)?;
        Ok(SessionContext { db: state.db.clone(), token, now: service::now() })
    }

    /// Records who the session belonged to on the request's span, as `RequestContext::build` does.
    pub fn signed_in(actor: &Actor) {
        tracing::Span::current().record("user_id", actor.id.0);
    }
}

impl RequestContext {
    /// Reads the session (R8: on every request) and builds the context; `keep` keeps the
    /// connection it was read on for the use case (`ReadContext`).
    pub(crate) async fn build(parts: &Parts, state: &AppState, keep: bool) -> Result<Self, AppError> {
        let now = service::now();
        let token = crate::session::token_from(&parts.headers).ok_or_else(AppError::unauthenticated)?;
        let (actor, db) = if keep {
            service::accounts::session_keeping(&state.db, &token, now).await?
        } else {
            service::accounts::session_user(&state.db, &token, now).await?.map(|actor| (actor, state.db.clone()))
        }
        .ok_or_else(AppError::unauthenticated)?;
        // The request span (TraceLayer's) carries who asked, for REST and server functions alike.
        tracing::Span::current().record("user_id", actor.id.0);
        Ok(RequestContext {
            db,
            actor,
            now,
            public_url: state.public_url.clone(),
            blobs: state.blobs.clone(),
            max_upload_bytes: state.max_upload_bytes,
        })
    }
}
