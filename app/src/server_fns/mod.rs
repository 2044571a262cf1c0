//! Server functions: thin adapters that find the signed-in user, call one service function and
//! map its error. No SQL and no rules here.
pub mod access;
pub mod admin;
pub mod cases;
pub mod members;
pub mod session;

#[cfg(feature = "ssr")]
pub(crate) mod context {
    use crate::error::AppError;
    use crate::state::AppState;
    use axum::http::HeaderMap;
    use leptos::prelude::*;
    use service::CurrentUser;

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from the server function context");
            AppError::new(crate::error::ErrorCode::Internal, "Something went wrong on our side. Try again in a moment.")
        })
    }

    pub async fn headers() -> Result<HeaderMap, AppError> {
        leptos_axum::extract::<HeaderMap>().await.map_err(|_| AppError::unauthenticated())
    }

    /// The signed-in user, read from the database on every call (R8: nothing is cached).
    pub async fn current_user() -> Result<CurrentUser, AppError> {
        optional_user().await?.ok_or_else(AppError::unauthenticated)
    }

    /// Gives a refused call its real status (401, 403, 422…) rather than the server-function
    /// default of 500, so that logs and clients tell refusals from failures.
    pub fn finish<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        if let (Err(error), Some(response)) = (&result, use_context::<leptos_axum::ResponseOptions>()) {
            response.set_status(axum::http::StatusCode::from_u16(error.code.status()).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR));
        }
        result
    }

    pub async fn optional_user() -> Result<Option<CurrentUser>, AppError> {
        let state = state()?;
        let Some(token) = crate::session::token_from(&headers().await?) else {
            return Ok(None);
        };
        Ok(service::accounts::session_user(&state.db, &token, service::now()).await?)
    }
}
