//! What the HTTP benchmarks share: the real Router served on loopback, and a signed-in client.
#![allow(dead_code)] // Each benchmark uses its own part of these helpers.
use app::state::AppState;
use leptos::prelude::LeptosOptions;
use serde_json::json;
use service::Db;

/// The app served on loopback with a demo user signed in.
pub struct Served {
    /// Holds the session cookie.
    pub client: reqwest::Client,
    /// `http://127.0.0.1:port`
    pub origin: String,
    /// The session cookie as a `Cookie` header's value, for tools such as wrk.
    pub cookie: String,
}

impl Served {
    /// The address of an API path: `/cases` gives `http://…/api/v1/cases`.
    pub fn api(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.origin)
    }
}

/// Serves the app over `db` on 127.0.0.1:0 and signs `email` (a demo user) in.
pub async fn serve_signed_in(db: Db, email: &str) -> Served {
    let options = LeptosOptions::builder().output_name("caseward").site_root("target/site").build();
    let app = server::build_app(AppState {
        db,
        leptos_options: options,
        secure_cookies: false,
        public_url: "http://bench.test".into(),
        blobs: service::testing::blobs(),
        max_upload_bytes: domain::documents::DEFAULT_MAX_UPLOAD_BYTES,
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let signed_in = reqwest::Client::new()
        .post(format!("http://{addr}/api/v1/session"))
        .json(&json!({ "email": email, "password": service::demo::DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert!(signed_in.status().is_success(), "{email} could not sign in");
    let cookie = signed_in
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string))
        .collect::<Vec<_>>()
        .join("; ");
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::COOKIE, cookie.parse().unwrap());
    let client = reqwest::Client::builder().default_headers(headers).build().unwrap();
    Served { client, origin: format!("http://{addr}"), cookie }
}
