//! The session cookie, shared by the sign-in server function and `POST /api/v1/session`.
use axum::http::HeaderMap;
use axum_extra::extract::cookie::{Cookie, SameSite};
use domain::Timestamp;

pub const SESSION_COOKIE: &str = "caseward_session";

/// HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site form posts), Secure when
/// the request came over HTTPS.
pub fn session_cookie(token: String, expires_at: Timestamp, now: Timestamp, secure: bool) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(cookie::time::Duration::seconds((expires_at.0 - now.0) / 1000))
        .build()
}

pub fn expired_session_cookie(secure: bool) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, ""))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(cookie::time::Duration::ZERO)
        .build()
}

/// Whether the browser reached us over HTTPS (directly or through a proxy that says so).
pub fn is_https(headers: &HeaderMap, forced: bool) -> bool {
    forced || headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https")
}

/// The session token in a request's cookies, if any.
pub fn token_from(headers: &HeaderMap) -> Option<String> {
    axum_extra::extract::CookieJar::from_headers(headers).get(SESSION_COOKIE).map(|c| c.value().to_string())
}
