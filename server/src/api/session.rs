use super::errors::ErrorBody;
use super::extract::ApiJson;
use app::error::AppError;
use app::state::{AppState, RequestContext};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::accounts::Me;
use serde::Deserialize;

#[derive(Deserialize, utoipa::ToSchema)]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
}

/// Sign in: sets the HttpOnly session cookie and returns the user.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = SignInRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = Me),
        (status = 401, description = "The email address or password is not right", body = ErrorBody),
        (status = 422, description = "Email or password missing", body = ErrorBody),
        (status = 429, description = "Too many failed attempts for this email; see Retry-After", body = ErrorBody),
    ))]
pub async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SignInRequest>,
) -> Result<Response, AppError> {
    let now = service::now();
    let session = service::accounts::sign_in(&state.db, &body.email, &body.password, now).await?;
    let secure = app::session::is_https(&headers, state.secure_cookies);
    let cookie = app::session::session_cookie(session.token, session.expires_at, now, secure);
    Ok(([(header::SET_COOKIE, cookie.to_string())], axum::Json(Me::from(&session.user))).into_response())
}

/// Sign out: ends the session (if any) and clears the cookie.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session", responses((status = 204, description = "Signed out")))]
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(token) = app::session::token_from(&headers) {
        service::accounts::sign_out(&state.db, &token).await?;
    }
    let cookie = app::session::expired_session_cookie(app::session::is_https(&headers, state.secure_cookies));
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie.to_string())]).into_response())
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "session",
    responses((status = 200, body = Me), (status = 401, description = "Not signed in", body = ErrorBody)))]
pub async fn me(cx: RequestContext) -> axum::Json<Me> {
    axum::Json(Me::from(&cx.actor))
}
