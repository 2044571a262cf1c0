use super::codec::Json;
use crate::error::AppError;
use domain::accounts::{Me, Viewer};
use leptos::prelude::*;

/// Signs in and sets the session cookie.
#[server(output = Json, endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<Me, AppError> {
    super::context::finish(
        async {
            use super::context::{headers, state};
            let state = state()?;
            let now = service::now();
            let session = service::accounts::sign_in(&state.db, &email, &password, now).await?;
            let secure = crate::session::is_https(&headers().await?, state.secure_cookies);
            let cookie = crate::session::session_cookie(session.token, session.expires_at, now, secure);
            set_cookie(cookie);
            Ok(Me::from(&session.user))
        }
        .await,
    )
}

/// Ends the session, if any, clears the cookie and redirects to the sign-in page. URL-encoded like
/// `sign_in`: both are posted as HTML forms, which work before the WASM arrives.
#[server(output = Json, endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    super::context::finish(
        async {
            use super::context::{headers, state};
            let state = state()?;
            let headers = headers().await?;
            if let Some(token) = crate::session::token_from(&headers) {
                service::accounts::sign_out(&state.db, &token).await?;
            }
            set_cookie(crate::session::expired_session_cookie(crate::session::is_https(
                &headers,
                state.secure_cookies,
            )));
            // The top bar posts a plain form here: send the browser to the sign-in page.
            leptos_axum::redirect("/sign-in");
            Ok(())
        }
        .await,
    )
}

/// The signed-in person as the top bar shows them, or nothing when signed out.
#[server(output = Json, input = Json, endpoint = "get_viewer")]
pub async fn get_viewer() -> Result<Option<Viewer>, AppError> {
    super::context::finish(super::context::optional_user().await.map(|user| user.as_ref().map(Viewer::from)))
}

#[cfg(feature = "ssr")]
fn set_cookie(cookie: cookie::Cookie<'static>) {
    use axum::http::{HeaderValue, header};
    if let (Some(response), Ok(value)) =
        (use_context::<leptos_axum::ResponseOptions>(), HeaderValue::from_str(&cookie.to_string()))
    {
        response.append_header(header::SET_COOKIE, value);
    }
}
