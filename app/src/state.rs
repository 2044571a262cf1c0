//! Server-side state shared by the REST handlers and the server functions.
use axum::extract::FromRef;
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
}
