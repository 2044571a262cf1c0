use crate::api;
use app::state::AppState;
use app::{App, shell};
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::sync::OnceLock;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::trace::TraceLayer;

/// The whole application as a Router, so that tests can serve it on 127.0.0.1:0.
pub fn build_app(state: AppState) -> Router {
    let routes = routes();
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(healthz))
        .nest("/api/v1", api::router())
        .leptos_routes_with_context(&state, routes, || {}, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(DefaultBodyLimit::max(crate::limits::MAX_BODY_BYTES))
        // HTML, JSON and the site's files go out brotli- or gzip-compressed when the browser
        // accepts it (the WASM bundle shrinks to about a third).
        .layer(CompressionLayer::new().compress_when(DefaultPredicate::new().and(not_ranged)))
        .layer(axum::middleware::from_fn(crate::caching::cache_control))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<_>| {
                    tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), user_id = tracing::field::Empty)
                })
                .on_response(|response: &Response, latency: std::time::Duration, _span: &tracing::Span| {
                    tracing::info!(status = response.status().as_u16(), latency_ms = latency.as_millis() as u64, "response");
                }),
        )
        .with_state(state)
}

/// The app's routes, listed once per process. Listing them renders the app with every resource's
/// loading switched off, and that switch is process-wide (leptos_server's `SuppressResourceLoad`,
/// a static flag): a page that rendered while another app was being built in the same process
/// never loaded its resources and never answered. The tests serve many apps at once, and one
/// page in about thirty runs of the HTTP suite hung this way.
fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// A response that serves byte ranges (a document's content) goes out as stored: compressing it
/// would make its ranges and length mean something else.
fn not_ranged(
    _: StatusCode,
    _: axum::http::Version,
    headers: &axum::http::HeaderMap,
    _: &axum::http::Extensions,
) -> bool {
    !headers.contains_key(axum::http::header::ACCEPT_RANGES)
}

/// Healthy when the database answers.
async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, axum::Json(serde_json::json!({ "status": "ok" }))).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, axum::Json(serde_json::json!({ "status": "database unavailable" })))
                .into_response()
        }
    }
}
