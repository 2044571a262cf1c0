//! Only the owner deletes a case (SPEC §3): no custom role may hold delete_case, over REST or the
//! server functions, and a role that holds it anyway (stored before the rule) gives it to nobody.
#![recursion_limit = "256"]
mod common;

use common::{TestApp, expect_error};
use reqwest::StatusCode;
use serde_json::{Value, json};
use service::testing::each_backend;

const ALICE: &str = "alice@cps.example.cjsm.net";
const PAUL: &str = "paul@cps.example.cjsm.net";

#[tokio::test]
async fn no_custom_role_holds_delete_case_and_nobody_but_the_owner_deletes() {
    each_backend(|db| async move {
        let app = TestApp::start(db.clone()).await;
        let admin = app.signed_in("admin@caseward.example").await;
        let deleter = json!({ "name": "Case Deleter", "capabilities": ["view", "delete_case"] });

        // Refused with the field at fault, on both paths, and nothing is written.
        let body = expect_error(admin.post(app.url("/api/v1/roles")).json(&deleter).send().await.unwrap(), StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
        assert_eq!(body["error"]["field"], "capabilities", "{body}");
        assert!(body["error"]["message"].as_str().unwrap().contains("delete_case"), "{body}");
        let refused = admin.post(app.url("/api/create_role")).json(&json!({ "input": deleter })).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "the server function refuses too");
        let created = admin.post(app.url("/api/v1/roles")).json(&json!({ "name": "Case Deleter", "capabilities": ["view"] })).send().await.unwrap();
        assert_eq!(created.status(), StatusCode::CREATED);
        let body = expect_error(admin.put(app.url("/api/v1/roles/case_deleter")).json(&deleter).send().await.unwrap(), StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
        assert_eq!(body["error"]["field"], "capabilities");
        let refused = admin.post(app.url("/api/update_role")).json(&json!({ "key": "case_deleter", "input": deleter })).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let matrix: Value = admin.get(app.url("/api/v1/roles")).send().await.unwrap().json().await.unwrap();
        let role = matrix["roles"].as_array().unwrap().iter().find(|r| r["key"] == "case_deleter").unwrap().clone();
        assert_eq!(role["capabilities"], json!(["view"]), "{role}");

        // A role that holds delete_case anyway, written behind the service's back as an old
        // install might have it: its holder still cannot delete the case.
        sqlx::query("INSERT INTO role_capabilities (role_id, capability) SELECT id, 'delete_case' FROM roles WHERE key = 'case_deleter'")
            .execute(db.pool())
            .await
            .unwrap();
        let alice = app.signed_in(ALICE).await;
        let case = app.create_case(&alice, "DEL-0001").await;
        let invited = alice.post(app.url(&format!("/api/v1/cases/{case}/members"))).json(&json!({ "email": PAUL, "role": "case_deleter" })).send().await.unwrap();
        assert_eq!(invited.status(), StatusCode::CREATED);
        let paul = app.signed_in(PAUL).await;
        let access: Value = paul.get(app.url(&format!("/api/v1/cases/{case}/access"))).send().await.unwrap().json().await.unwrap();
        assert!(!access["capabilities"].as_array().unwrap().contains(&json!("delete_case")), "{access}");
        let body = expect_error(paul.delete(app.url(&format!("/api/v1/cases/{case}"))).send().await.unwrap(), StatusCode::FORBIDDEN, "forbidden").await;
        assert!(body["error"]["message"].as_str().unwrap().contains("owner"), "{body}");
        let refused = paul.post(app.url("/api/delete_case")).json(&json!({ "id": case })).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "the server function refuses too");
        assert_eq!(alice.get(app.url(&format!("/api/v1/cases/{case}"))).send().await.unwrap().status(), StatusCode::OK, "the case is still there");
        assert_eq!(alice.delete(app.url(&format!("/api/v1/cases/{case}"))).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    })
    .await;
}
