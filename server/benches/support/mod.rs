//! What the HTTP benchmarks share: the real Router served on loopback, and a signed-in client.
use app::state::AppState;
use leptos::prelude::LeptosOptions;
use serde_json::json;
use service::Db;

/// Serves the app over `db` on 127.0.0.1:0 and signs `email` (a demo user) in. Returns the client,
/// which holds the session cookie, and the address of `/api/v1`.
pub async fn serve_signed_in(db: Db, email: &str) -> (reqwest::Client, String) {
    let options = LeptosOptions::builder().output_name("caseward").site_root("target/site").build();
    let app = server::build_app(AppState {
        db,
        leptos_options: options,
        secure_cookies: false,
        public_url: "http://bench.test".into(),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let signed_in = client
        .post(format!("http://{addr}/api/v1/session"))
        .json(&json!({ "email": email, "password": service::demo::DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert!(signed_in.status().is_success(), "{email} could not sign in");
    (client, format!("http://{addr}/api/v1"))
}
