#![allow(dead_code)] // Each test file uses its own part of these helpers.
//! Serves the real Router on 127.0.0.1:0 over a test database.
use app::state::AppState;
use leptos::prelude::LeptosOptions;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use service::Db;

pub struct TestApp {
    pub base: String,
}

impl TestApp {
    pub async fn start(db: Db) -> TestApp {
        Self::serving_site(db, "target/site").await
    }

    /// The app serving its site files (`/pkg/…`) from `site_root`.
    pub async fn serving_site(db: Db, site_root: &str) -> TestApp {
        Self::serve(db, site_root, service::testing::blobs(), domain::documents::DEFAULT_MAX_UPLOAD_BYTES).await
    }

    /// The app storing documents in `blobs`, with uploads limited to `max_upload_bytes` a file.
    pub async fn with_store(db: Db, blobs: service::blobs::BlobStore, max_upload_bytes: u64) -> TestApp {
        Self::serve(db, "target/site", blobs, max_upload_bytes).await
    }

    async fn serve(db: Db, site_root: &str, blobs: service::blobs::BlobStore, max_upload_bytes: u64) -> TestApp {
        // TEST_LOG=info (an EnvFilter) prints the server's log to stderr, each line named by its
        // test's thread: how a page that never answered was traced to its resource.
        if std::env::var_os("TEST_LOG").is_some() {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::from_env("TEST_LOG"))
                .with_thread_names(true)
                .with_writer(std::io::stderr)
                .try_init();
        }
        service::testing::demo(&db).await;
        let app = server::build_app(app_state(db, site_root, blobs, max_upload_bytes));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        TestApp { base: format!("http://{addr}") }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A client holding the session cookie of a demo user.
    pub async fn signed_in(&self, email: &str) -> Client {
        let client = Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let response = client
            .post(self.url("/api/v1/session"))
            .json(&json!({ "email": email, "password": service::demo::DEMO_PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{email} could not sign in");
        client
    }

    pub fn anonymous(&self) -> Client {
        Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
    }

    /// Creates a case as `client` and returns its id.
    pub async fn create_case(&self, client: &Client, reference: &str) -> i64 {
        let response = client
            .post(self.url("/api/v1/cases"))
            .json(&json!({ "reference": reference, "title": "R v Test", "defendants": ["Ann Able", "Ben Baker"] }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
    }
}

/// The state an app under test serves.
pub fn app_state(db: Db, site_root: &str, blobs: service::blobs::BlobStore, max_upload_bytes: u64) -> AppState {
    AppState {
        db,
        leptos_options: LeptosOptions::builder().output_name("caseward").site_root(site_root).build(),
        secure_cookies: false,
        public_url: "http://caseward.test".into(),
        blobs,
        max_upload_bytes,
    }
}

/// Sends a request that must succeed and returns its JSON body.
pub async fn ok_json(request: reqwest::RequestBuilder) -> Value {
    let response = request.send().await.unwrap();
    assert!(response.status().is_success(), "{}: {}", response.url(), response.status());
    response.json().await.expect("a JSON body")
}

/// Asserts a JSON error with the given status and code, and returns its body.
pub async fn expect_error(response: reqwest::Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status, "{}", response.url());
    let body: Value = response.json().await.expect("a JSON error body");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    body
}

/// Asserts a refusal from a server function: its status and code (the error is the body itself,
/// not wrapped in `error` as REST's is).
pub async fn expect_fn_error(response: reqwest::Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status, "{}", response.url());
    let body: Value = response.json().await.expect("a JSON error body");
    assert_eq!(body["code"], code, "{body}");
    body
}
