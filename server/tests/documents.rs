//! Documents over HTTP on both backends: every change refused to a Reviewer over REST and over
//! the server functions, a defence advocate's 404s, downloads with ranges, and uploads that are
//! too large or broken off leaving nothing behind.
#![recursion_limit = "256"]
mod common;

use common::{TestApp, expect_error, expect_fn_error, ok_json};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use service::testing::each_backend;

const ALICE: &str = "alice@cps.example.cjsm.net";

async fn case_0001(app: &TestApp, client: &reqwest::Client) -> (i64, Vec<i64>) {
    let cases: Value = ok_json(client.get(app.url("/api/v1/cases"))).await;
    let id = cases.as_array().unwrap().iter().find(|c| c["reference"] == "CASE-0001").unwrap()["id"].as_i64().unwrap();
    let detail = ok_json(client.get(app.url(&format!("/api/v1/cases/{id}")))).await;
    (id, detail["defendants"].as_array().unwrap().iter().map(|d| d["id"].as_i64().unwrap()).collect())
}

fn form(defendants: &[i64], files: &[(&str, &[u8])]) -> Form {
    let ids = defendants.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let mut form = Form::new().text("defendants", ids);
    for (name, bytes) in files {
        form = form.part("file", Part::bytes(bytes.to_vec()).file_name(name.to_string()));
    }
    form
}

async fn invite(
    app: &TestApp,
    alice: &reqwest::Client,
    case: i64,
    email: &str,
    role: &str,
    defendants: &[i64],
) -> reqwest::Client {
    let body = json!({ "email": email, "role": role, "defendants": defendants });
    ok_json(alice.post(app.url(&format!("/api/v1/cases/{case}/members"))).json(&body)).await;
    app.signed_in(email).await
}

#[tokio::test]
async fn a_reviewer_reads_and_downloads_but_every_change_is_refused_over_rest_and_server_functions() {
    each_backend(|db| async move {
        let app = TestApp::start(db).await;
        let alice = app.signed_in(ALICE).await;
        let (case, _) = case_0001(&app, &alice).await;
        let documents = app.url(&format!("/api/v1/cases/{case}/documents"));
        let uploaded = alice
            .post(&documents)
            .multipart(form(&[], &[("a.txt", b"first"), ("b.txt", b"second")]))
            .send()
            .await
            .unwrap();
        assert_eq!(uploaded.status(), StatusCode::CREATED);
        let uploaded: Value = uploaded.json().await.unwrap();
        let doc = &uploaded[0];
        let doc_url = format!("{documents}/{}", doc["id"]);
        let paul = invite(&app, &alice, case, "paul@cps.example.cjsm.net", "reviewer", &[]).await;

        let page = ok_json(paul.get(&documents)).await;
        assert_eq!(page["total"], 2);
        let download = paul.get(format!("{doc_url}/content")).send().await.unwrap();
        assert_eq!(download.status(), StatusCode::OK);
        assert_eq!(download.bytes().await.unwrap().as_ref(), b"first");

        let folders = app.url(&format!("/api/v1/cases/{case}/folders"));
        let refused = [
            paul.post(&documents).multipart(form(&[], &[("c.txt", b"x")])).send().await.unwrap(),
            paul.patch(&doc_url).json(&json!({ "name": "z.txt", "version": doc["version"] })).send().await.unwrap(),
            paul.delete(&doc_url).send().await.unwrap(),
            paul.post(&folders).json(&json!({ "name": "Mine" })).send().await.unwrap(),
        ];
        for response in refused {
            expect_error(response, StatusCode::FORBIDDEN, "forbidden").await;
        }
        let refused = [
            paul.post(app.url("/api/create_folder"))
                .json(&json!({ "case": case, "input": { "name": "Mine" } }))
                .send()
                .await
                .unwrap(),
            paul.post(app.url("/api/change_document"))
                .json(
                    &json!({ "case": case, "id": doc["id"], "change": { "name": "z.txt", "version": doc["version"] } }),
                )
                .send()
                .await
                .unwrap(),
            paul.post(app.url("/api/delete_document"))
                .json(&json!({ "case": case, "id": doc["id"] }))
                .send()
                .await
                .unwrap(),
        ];
        for response in refused {
            expect_fn_error(response, StatusCode::FORBIDDEN, "forbidden").await;
        }
        assert_eq!(ok_json(alice.get(&documents)).await["total"], 2, "nothing changed");

        let dan = invite(&app, &alice, case, "dan@swatham.cjsm.net", "user", &[]).await;
        let folder = dan.post(&folders).json(&json!({ "name": "Exhibits" })).send().await.unwrap();
        assert_eq!(folder.status(), StatusCode::CREATED);
        let folder: Value = folder.json().await.unwrap();
        let moved = ok_json(
            dan.patch(&doc_url)
                .json(&json!({ "folder": folder["id"], "name": "Exhibit 1.txt", "version": doc["version"] })),
        )
        .await;
        assert_eq!(moved["folder"], folder["id"]);
        let stale =
            dan.patch(&doc_url).json(&json!({ "name": "again.txt", "version": doc["version"] })).send().await.unwrap();
        expect_error(stale, StatusCode::CONFLICT, "conflict").await;
        let removed = ok_json(dan.delete(format!("{folders}/{}", folder["id"]))).await;
        assert_eq!(removed["documents"], 1);
        let gone = alice.get(&doc_url).send().await.unwrap();
        expect_error(gone, StatusCode::NOT_FOUND, "not_found").await;
    })
    .await;
}

#[tokio::test]
async fn sara_gets_404_for_a_peter_jones_document_by_id_download_and_listing() {
    each_backend(|db| async move {
        let app = TestApp::start(db).await;
        let alice = app.signed_in(ALICE).await;
        let (case, defendants) = case_0001(&app, &alice).await;
        let (john, peter) = (defendants[0], defendants[1]);
        let documents = app.url(&format!("/api/v1/cases/{case}/documents"));
        let jones: Value = alice
            .post(&documents)
            .multipart(form(&[peter], &[("jones.pdf", b"%PDF-1.4")]))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        alice.post(&documents).multipart(form(&[john], &[("smith.txt", b"John")])).send().await.unwrap();
        alice.post(&documents).multipart(form(&[], &[("common.txt", b"All")])).send().await.unwrap();
        let sara = invite(&app, &alice, case, "sara@swatham.cjsm.net", "defence_advocate", &[john]).await;

        let listed = ok_json(sara.get(&documents)).await;
        let names: Vec<&str> =
            listed["documents"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["common.txt", "smith.txt"]);
        assert_eq!(listed["total"], 2);
        let jones_url = format!("{documents}/{}", jones[0]["id"]);
        for response in
            [sara.get(&jones_url).send().await.unwrap(), sara.get(format!("{jones_url}/content")).send().await.unwrap()]
        {
            expect_error(response, StatusCode::NOT_FOUND, "not_found").await;
        }
        let by_function = sara.post(app.url("/api/get_document")).json(&json!({ "case": case, "id": jones[0]["id"] }));
        expect_fn_error(by_function.send().await.unwrap(), StatusCode::NOT_FOUND, "not_found").await;
        let unknown = sara.get(format!("{documents}/999999")).send().await.unwrap();
        let unknown = expect_error(unknown, StatusCode::NOT_FOUND, "not_found").await;
        let hidden = expect_error(sara.get(&jones_url).send().await.unwrap(), StatusCode::NOT_FOUND, "not_found").await;
        assert_eq!(
            unknown["error"]["message"].as_str().unwrap().replace("999999", "ID"),
            hidden["error"]["message"].as_str().unwrap().replace(&jones[0]["id"].to_string(), "ID"),
            "a hidden document answers exactly as one that does not exist"
        );
        let upload = sara.post(&documents).multipart(form(&[], &[("mine.txt", b"x")])).send().await.unwrap();
        expect_error(upload, StatusCode::FORBIDDEN, "forbidden").await;
    })
    .await;
}

#[tokio::test]
async fn downloads_are_safe_ranged_and_never_recompressed() {
    each_backend(|db| async move {
        let app = TestApp::start(db).await;
        let alice = app.signed_in(ALICE).await;
        let (case, _) = case_0001(&app, &alice).await;
        let documents = app.url(&format!("/api/v1/cases/{case}/documents"));
        let html = b"<html><script>alert(1)</script><p>Exhibit</p></html>";
        let uploaded: Value = alice
            .post(&documents)
            .multipart(form(&[], &[("r\u{e9}sum\u{e9}.html", html)]))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let content = format!("{documents}/{}/content", uploaded[0]["id"]);

        let inline = alice
            .get(format!("{content}?disposition=inline"))
            .header("accept-encoding", "br, gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(inline.status(), StatusCode::OK);
        let headers = inline.headers().clone();
        assert_eq!(headers["content-type"], "text/plain; charset=utf-8", "HTML is shown as its source");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert!(headers["content-security-policy"].to_str().unwrap().contains("sandbox"));
        assert!(
            headers["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("inline; filename=\"r_sum_.html\"; filename*=UTF-8''r%C3%A9sum%C3%A9.html")
        );
        assert!(!headers.contains_key("content-encoding"), "a download goes out as stored");
        assert_eq!(inline.bytes().await.unwrap().as_ref(), html);

        let download = alice.get(&content).send().await.unwrap();
        assert!(download.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
        let part = alice.get(&content).header("range", "bytes=6-13").send().await.unwrap();
        assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(part.headers()["content-range"], format!("bytes 6-13/{}", html.len()));
        assert_eq!(part.bytes().await.unwrap().as_ref(), &html[6..14]);
        let outside = alice.get(&content).header("range", "bytes=9999-").send().await.unwrap();
        assert_eq!(outside.headers()["content-range"], format!("bytes */{}", html.len()));
        expect_error(outside, StatusCode::RANGE_NOT_SATISFIABLE, "range_not_satisfiable").await;
    })
    .await;
}

#[tokio::test]
async fn malformed_uploads_are_refused_with_a_reason() {
    each_backend(|db| async move {
        let app = TestApp::start(db).await;
        let alice = app.signed_in(ALICE).await;
        let (case, _) = case_0001(&app, &alice).await;
        let documents = app.url(&format!("/api/v1/cases/{case}/documents"));
        expect_error(
            alice.post(&documents).json(&json!({})).send().await.unwrap(),
            StatusCode::BAD_REQUEST,
            "bad_request",
        )
        .await;
        expect_error(
            alice.post(&documents).multipart(Form::new().text("folder", "")).send().await.unwrap(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        )
        .await;
        let odd = Form::new().text("colour", "blue");
        expect_error(
            alice.post(&documents).multipart(odd).send().await.unwrap(),
            StatusCode::BAD_REQUEST,
            "bad_request",
        )
        .await;
        let empty = alice.post(&documents).multipart(form(&[], &[("empty.txt", b"")])).send().await.unwrap();
        expect_error(empty, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
        let unknown_folder =
            Form::new().text("folder", "999999").part("file", Part::bytes(b"x".to_vec()).file_name("a.txt"));
        expect_error(
            alice.post(&documents).multipart(unknown_folder).send().await.unwrap(),
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
        assert_eq!(ok_json(alice.get(&documents)).await["total"], 0);
    })
    .await;
}

/// Files in a folder and all folders below it.
fn files_under(root: &std::path::Path) -> usize {
    std::fs::read_dir(root)
        .map(|entries| entries.flatten().map(|e| if e.path().is_dir() { files_under(&e.path()) } else { 1 }).sum())
        .unwrap_or(0)
}

#[tokio::test]
async fn an_upload_over_the_limit_gets_413_and_an_interrupted_one_leaves_nothing() {
    each_backend(|db| async move {
        let root = tempfile::tempdir().unwrap();
        let (store_dir, staging) = (root.path().join("store"), root.path().join("staging"));
        let store = service::blobs::BlobStore::open(&store_dir.display().to_string(), &staging).unwrap();
        let pool = db.clone();
        let app = TestApp::with_store(db, store, domain::documents::DEFAULT_MAX_UPLOAD_BYTES).await;
        let alice = app.signed_in(ALICE).await;
        let (case, _) = case_0001(&app, &alice).await;
        let documents = app.url(&format!("/api/v1/cases/{case}/documents"));

        // 600 MiB, generated as it is sent: the server refuses once the file passes 512 MiB.
        const MIB: usize = 1024 * 1024;
        let chunks =
            futures::stream::iter((0..600).map(|_| Ok::<_, std::io::Error>(bytes::Bytes::from(vec![b'x'; MIB]))));
        let part = Part::stream_with_length(reqwest::Body::wrap_stream(chunks), 600 * MIB as u64).file_name("huge.bin");
        let response = alice.post(&documents).multipart(Form::new().part("file", part)).send().await;
        match response {
            Ok(response) => {
                let body = expect_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
                assert!(body["error"]["message"].as_str().unwrap().contains("512 MiB"), "{body}");
            }
            // The server may close the connection before the client has read its answer.
            Err(e) => assert!(e.is_request() || e.is_body(), "{e}"),
        }

        // Half a file, then the connection closes.
        use tokio::io::AsyncWriteExt;
        let session = session_cookie(&app).await;
        let mut stream = tokio::net::TcpStream::connect(app.base.trim_start_matches("http://")).await.unwrap();
        let head = format!(
            "POST /api/v1/cases/{case}/documents HTTP/1.1\r\nHost: test\r\nCookie: {session}\r\n\
             Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: 100000\r\n\r\n\
             --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"half.txt\"\r\n\r\nonly the start"
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.shutdown().await.unwrap();
        drop(stream);

        // Staged files go as soon as the server notices; wait for that, not for a fixed time.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while files_under(&staging) > 0 {
            assert!(std::time::Instant::now() < deadline, "staged files were left behind");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert_eq!(ok_json(alice.get(&documents)).await["total"], 0);
        assert_eq!(files_under(&store_dir), 0, "no content was stored");
        let blobs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM blobs").fetch_one(pool.pool()).await.unwrap();
        assert_eq!(blobs, 0);
    })
    .await;
}

/// A session cookie for alice, as a browser would send it.
async fn session_cookie(app: &TestApp) -> String {
    let response = app
        .anonymous()
        .post(app.url("/api/v1/session"))
        .json(&json!({ "email": ALICE, "password": service::demo::DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    let set = response.headers()["set-cookie"].to_str().unwrap();
    set.split(';').next().unwrap().to_string()
}
