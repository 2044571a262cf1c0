//! Documents stored in an S3-compatible store: upload, download (whole and ranged) and delete
//! through a real S3-protocol server, moto, started here on loopback from the project's .venv
//! (scripts/setup.sh installs it). On both database backends.
#![recursion_limit = "256"]
mod common;

use common::{TestApp, ok_json};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::Value;
use service::testing::each_backend;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The moto server, stopped when dropped.
struct Moto {
    child: Child,
    endpoint: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts moto on a free loopback port and waits until it answers; None (with the reason
/// printed) where it is not installed.
fn start_moto() -> Option<Moto> {
    let binary = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../.venv/bin/moto_server");
    if !binary.exists() {
        eprintln!("SKIPPED: {} is missing; scripts/setup.sh --with-browser installs moto", binary.display());
        return None;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(binary)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("moto_server starts");
    let moto = Moto { child, endpoint: format!("http://127.0.0.1:{port}") };
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "moto did not start listening within 60 s");
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(moto)
}

/// The keys the bucket holds, read with S3's ListObjectsV2 (moto answers unsigned requests).
async fn keys(endpoint: &str, bucket: &str) -> Vec<String> {
    let xml = reqwest::get(format!("{endpoint}/{bucket}?list-type=2")).await.unwrap().text().await.unwrap();
    xml.split("<Key>").skip(1).map(|rest| rest.split("</Key>").next().unwrap().to_string()).collect()
}

#[tokio::test]
async fn documents_round_trip_through_an_s3_protocol_server() {
    let Some(moto) = start_moto() else { return };
    // SAFETY: this test binary holds this one test, so no other thread reads the environment
    // while it is written; the store reads these variables as a deployment would set them.
    unsafe {
        for (key, value) in [
            ("AWS_ACCESS_KEY_ID", "caseward-test"),
            ("AWS_SECRET_ACCESS_KEY", "caseward-test"),
            ("AWS_REGION", "us-east-1"),
            ("AWS_ENDPOINT_URL", moto.endpoint.as_str()),
            ("AWS_ALLOW_HTTP", "true"),
        ] {
            std::env::set_var(key, value);
        }
    }
    let endpoint = moto.endpoint.clone();
    each_backend(|db| {
        let endpoint = endpoint.clone();
        async move {
            let bucket = format!("caseward-{:08x}", rand_suffix());
            let created = reqwest::Client::new().put(format!("{endpoint}/{bucket}")).send().await.unwrap();
            assert!(created.status().is_success(), "creating the bucket: {}", created.status());
            let staging = tempfile::tempdir().unwrap();
            let store = service::blobs::BlobStore::open(&format!("s3://{bucket}/cases"), staging.path()).unwrap();
            let app = TestApp::with_store(db, store, domain::documents::DEFAULT_MAX_UPLOAD_BYTES).await;
            let alice = app.signed_in("alice@cps.example.cjsm.net").await;
            let cases: Value = ok_json(alice.get(app.url("/api/v1/cases"))).await;
            let case = cases[0]["id"].as_i64().unwrap();
            let documents = app.url(&format!("/api/v1/cases/{case}/documents"));

            // Large enough to go up in several parts.
            let bytes: Vec<u8> = (0..20 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
            let form = Form::new().part("file", Part::bytes(bytes.clone()).file_name("interview.mp4"));
            let uploaded = alice.post(&documents).multipart(form).send().await.unwrap();
            assert_eq!(uploaded.status(), StatusCode::CREATED);
            let uploaded: Value = uploaded.json().await.unwrap();
            let stored = keys(&endpoint, &bucket).await;
            assert_eq!(stored.len(), 1, "{stored:?}");
            assert!(stored[0].starts_with("cases/"), "under the prefix: {stored:?}");

            let content = format!("{documents}/{}/content", uploaded[0]["id"]);
            let whole = alice.get(&content).send().await.unwrap().bytes().await.unwrap();
            assert!(whole.as_ref() == bytes.as_slice(), "the same bytes come back");
            let part = alice.get(&content).header("range", "bytes=1000-1999").send().await.unwrap();
            assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
            assert_eq!(part.bytes().await.unwrap().as_ref(), &bytes[1000..2000]);

            let deleted = alice.delete(format!("{documents}/{}", uploaded[0]["id"])).send().await.unwrap();
            assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
            assert_eq!(keys(&endpoint, &bucket).await, Vec::<String>::new(), "the content left the store");
        }
    })
    .await;
}

fn rand_suffix() -> u32 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos()
}
