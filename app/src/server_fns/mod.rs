//! Server functions: thin adapters that take the request's context, call one service function
//! and map its error. No SQL and no rules here. One module per resource, as in every crate.
pub mod annotations;
pub mod cases;
pub mod codec;
pub mod directory;
pub mod documents;
pub mod domains;
pub mod folders;
pub mod groups;
pub mod members;
pub mod outbox;
pub mod policy;
pub mod productions;
pub mod reports;
pub mod requests;
pub mod roles;
pub mod search;
pub mod session;
pub mod tags;
pub mod templates;

#[cfg(feature = "ssr")]
pub(crate) mod context {
    use crate::error::{AppError, ErrorCode};
    use crate::state::{AppState, RequestContext, SessionContext};
    use axum::http::HeaderMap;
    use axum::http::request::Parts;
    use domain::accounts::Actor;
    use leptos::prelude::*;
    use std::future::Future;

    fn internal(what: &str) -> AppError {
        tracing::error!("{what} missing from the server function context");
        AppError::new(ErrorCode::Internal, "Something went wrong on our side. Try again in a moment.")
    }

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| internal("AppState"))
    }

    pub async fn headers() -> Result<HeaderMap, AppError> {
        Ok(use_context::<Parts>().ok_or_else(|| internal("the request"))?.headers)
    }

    /// The request's context, built exactly as the REST extractors build it (`keep` as
    /// `ReadContext` does).
    async fn request(keep: bool) -> Result<RequestContext, AppError> {
        let state = state()?;
        let parts = use_context::<Parts>().ok_or_else(|| internal("the request"))?;
        RequestContext::build(&parts, &state, keep).await
    }

    /// Runs one use case with the request's context. A refusal gets its real status (401, 403,
    /// 422…) rather than the server-function default of 500, so that logs and clients tell
    /// refusals from failures.
    pub async fn serve<T, F, Fut>(use_case: F) -> Result<T, AppError>
    where
        F: FnOnce(RequestContext) -> Fut,
        Fut: Future<Output = Result<T, service::ServiceError>>,
    {
        run(request(false).await, use_case).await
    }

    /// `serve` for a use case that reads and answers at once, with the context `ReadContext`
    /// gives a REST handler: it runs on the connection the session was read on.
    pub async fn serve_read<T, F, Fut>(use_case: F) -> Result<T, AppError>
    where
        F: FnOnce(RequestContext) -> Fut,
        Fut: Future<Output = Result<T, service::ServiceError>>,
    {
        run(request(true).await, use_case).await
    }

    /// `serve` for a use case that reads the session in its own statement (`SessionContext`).
    pub async fn serve_by_session<T, F, Fut>(use_case: F) -> Result<T, AppError>
    where
        F: FnOnce(SessionContext) -> Fut,
        Fut: Future<Output = Result<T, service::ServiceError>>,
    {
        let state = state()?;
        let parts = use_context::<Parts>().ok_or_else(|| internal("the request"))?;
        run(SessionContext::build(&parts, &state), use_case).await
    }

    async fn run<C, T, F, Fut>(cx: Result<C, AppError>, use_case: F) -> Result<T, AppError>
    where
        F: FnOnce(C) -> Fut,
        Fut: Future<Output = Result<T, service::ServiceError>>,
    {
        let result = match cx {
            Ok(cx) => use_case(cx).await.map_err(AppError::from),
            Err(e) => Err(e),
        };
        finish(result)
    }

    /// Sets the response status of a refused call.
    pub fn finish<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        if let Err(error) = &result
            && !from_plain_form()
            && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        {
            response.set_status(
                axum::http::StatusCode::from_u16(error.code.status())
                    .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR),
            );
        }
        result
    }

    /// Whether an HTML form posted this call itself (before the WASM arrived, or without it): the
    /// browser asks for a page (`Accept: text/html`), and is answered with a redirect back to the
    /// form, the error in its URL for the page to show. A status of `finish`'s own would replace
    /// that redirect, and the browser would not follow it.
    fn from_plain_form() -> bool {
        use_context::<Parts>().is_some_and(|parts| {
            parts
                .headers
                .get(axum::http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|a| a.contains("text/html"))
        })
    }

    /// The signed-in user, or none when signed out (for the calls that answer both).
    pub async fn optional_user() -> Result<Option<Actor>, AppError> {
        match request(false).await {
            Ok(cx) => Ok(Some(cx.actor)),
            Err(e) if e.code == ErrorCode::Unauthenticated => Ok(None),
            Err(e) => Err(e),
        }
    }
}
