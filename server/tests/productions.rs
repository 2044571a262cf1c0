//! Productions over HTTP: created and followed over REST, the ZIP downloaded, and a shared link
//! that opens for its named person only, over REST and over the server function, until revoked.
mod common;

use common::{TestApp, ok_json};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use service::testing::each_backend;

const ALICE: &str = "alice@cps.example.cjsm.net";
const JO: &str = "jo@johnson.co.uk.cjsm.net";

#[tokio::test]
async fn a_production_is_built_downloaded_and_shared_with_one_named_person() {
    each_backend(|db| async move {
        let blobs = service::testing::blobs();
        let app = TestApp::with_store(db.clone(), blobs.clone(), domain::documents::DEFAULT_MAX_UPLOAD_BYTES).await;
        let alice = app.signed_in(ALICE).await;
        let cases: Value = ok_json(alice.get(app.url("/api/v1/cases"))).await;
        let case = cases.as_array().unwrap().iter().find(|c| c["reference"] == "CASE-0001").unwrap()["id"].clone();
        let api = |path: &str| app.url(&format!("/api/v1/cases/{case}{path}"));
        let form = Form::new().part("file", Part::bytes(b"Exhibit one".to_vec()).file_name("exhibit.txt"));
        let uploaded: Value = alice.post(api("/documents")).multipart(form).send().await.unwrap().json().await.unwrap();
        let input = json!({ "name": "To the defence", "bates_prefix": "DEF", "bates_start": 1,
            "documents": { "type": "documents", "documents": [uploaded[0]["id"]] } });
        let response = alice.post(api("/productions")).json(&input).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::ACCEPTED);
        let made: Value = response.json().await.unwrap();
        assert_eq!(made["status"], "queued");
        let id = made["id"].as_i64().unwrap();
        let early = alice.get(api(&format!("/productions/{id}/content"))).send().await.unwrap();
        assert_eq!(early.status(), StatusCode::CONFLICT);

        service::productions::build_next(&db, &blobs, service::now()).await.unwrap();
        let built: Value = ok_json(alice.get(api(&format!("/productions/{id}")))).await;
        assert_eq!((built["status"].as_str(), built["done"].as_i64()), (Some("ready"), Some(1)));
        let zip = alice.get(api(&format!("/productions/{id}/content"))).send().await.unwrap();
        assert_eq!(zip.status(), StatusCode::OK);
        assert_eq!(zip.headers()["content-type"], "application/zip");
        assert!(zip.headers()["content-disposition"].to_str().unwrap().contains("DEF000001-DEF000001"));
        assert!(zip.bytes().await.unwrap().starts_with(b"PK"));

        let jo_id = service::testing::user(&db, JO).await.id;
        let expires = (chrono::Utc::now().date_naive() + chrono::Days::new(3)).format("%Y-%m-%d").to_string();
        let share = json!({ "recipient": jo_id, "expires_at": expires });
        let response = alice.post(api(&format!("/productions/{id}/share"))).json(&share).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        let shared: Value = response.json().await.unwrap();
        let body: String = sqlx::query_scalar("SELECT body FROM outbox WHERE to_address = $1 ORDER BY id DESC")
            .bind(JO)
            .fetch_one(db.pool())
            .await
            .unwrap();
        let token = body.split("/shared#").nth(1).unwrap().split_whitespace().next().unwrap().to_string();

        let jo = app.signed_in(JO).await;
        let bea = app.signed_in("bea@templerow.cjsm.net").await;
        let opened: Value =
            ok_json(jo.post(app.url("/api/v1/shared-productions/open")).json(&json!({ "token": token }))).await;
        assert_eq!(opened["name"], "To the defence");
        let through_fn =
            jo.post(app.url("/api/open_shared_production")).json(&json!({ "token": token })).send().await.unwrap();
        assert_eq!(through_fn.status(), StatusCode::OK);
        let download =
            jo.post(app.url("/api/v1/shared-productions/download")).form(&[("token", &token)]).send().await.unwrap();
        assert_eq!(download.status(), StatusCode::OK);
        assert!(download.bytes().await.unwrap().starts_with(b"PK"));
        for (who, label) in [(&bea, "someone else"), (&alice, "the sharer")] {
            let rest = who
                .post(app.url("/api/v1/shared-productions/open"))
                .json(&json!({ "token": token }))
                .send()
                .await
                .unwrap();
            let function =
                who.post(app.url("/api/open_shared_production")).json(&json!({ "token": token })).send().await.unwrap();
            assert_eq!((rest.status(), function.status()), (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND), "{label}");
        }
        let anonymous = reqwest::Client::new();
        let refused = anonymous
            .post(app.url("/api/v1/shared-productions/open"))
            .json(&json!({ "token": token }))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
        let case_itself = jo.get(api("")).send().await.unwrap();
        assert_eq!(case_itself.status(), StatusCode::FORBIDDEN, "the link opens no case");

        let share_id = shared["id"].as_i64().unwrap();
        let revoked: Value = ok_json(alice.delete(api(&format!("/productions/{id}/share/{share_id}")))).await;
        assert!(revoked["revoked_at"].is_i64());
        let after =
            jo.post(app.url("/api/v1/shared-productions/download")).form(&[("token", &token)]).send().await.unwrap();
        assert_eq!(after.status(), StatusCode::NOT_FOUND);
    })
    .await;
}
