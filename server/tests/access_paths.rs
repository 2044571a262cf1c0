//! Groups, domains and access requests over REST and server functions: each refusal of SPEC §5
//! (R4, R5, R7, R9) is answered by the server, whatever the browser offers.
#![recursion_limit = "256"]
mod common;

use common::{TestApp, expect_error};
use reqwest::StatusCode;
use serde_json::{Value, json};
use service::testing::each_backend;

const ALICE: &str = "alice@cps.example.cjsm.net";

async fn case_0001(app: &TestApp, client: &reqwest::Client) -> (i64, Vec<i64>) {
    let cases: Value = client.get(app.url("/api/v1/cases")).send().await.unwrap().json().await.unwrap();
    let id = cases.as_array().unwrap().iter().find(|c| c["reference"] == "CASE-0001").unwrap()["id"].as_i64().unwrap();
    let detail: Value = client.get(app.url(&format!("/api/v1/cases/{id}"))).send().await.unwrap().json().await.unwrap();
    (id, detail["defendants"].as_array().unwrap().iter().map(|d| d["id"].as_i64().unwrap()).collect())
}

#[tokio::test]
async fn groups_and_domains_are_managed_over_rest_and_refused_to_others() {
    each_backend(|db| async move {
        let app = TestApp::start(db).await;
        let alice = app.signed_in(ALICE).await;
        let nora = app.signed_in("nora@probation.example.net").await;
        let lee = app.signed_in("lee@probation.example.net").await;
        let (case, defendants) = case_0001(&app, &alice).await;
        let groups = app.url(&format!("/api/v1/cases/{case}/groups"));
        let domains = app.url(&format!("/api/v1/cases/{case}/domains"));

        // Not a member: 403 with who can grant access, on every group and domain endpoint.
        let body = expect_error(nora.get(&groups).send().await.unwrap(), StatusCode::FORBIDDEN, "forbidden").await;
        assert_eq!(body["error"]["access_denied"]["grantors"][0]["email"], ALICE, "{body}");
        expect_error(
            nora.post(&groups).json(&json!({ "usual_role": "NOMS", "role": "reviewer" })).send().await.unwrap(),
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;

        let added = alice
            .post(&groups)
            .json(&json!({ "usual_role": "NOMS", "location": "Southwark", "role": "reviewer" }))
            .send()
            .await
            .unwrap();
        assert_eq!(added.status(), StatusCode::CREATED);
        let group: Value = added.json().await.unwrap();
        assert_eq!(group["role"]["name"], "Reviewer");
        assert_eq!(nora.get(app.url(&format!("/api/v1/cases/{case}"))).send().await.unwrap().status(), StatusCode::OK);
        expect_error(
            lee.get(app.url(&format!("/api/v1/cases/{case}"))).send().await.unwrap(),
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
        // The 403 body of the case lists the group with access.
        let body = expect_error(
            lee.get(app.url(&format!("/api/v1/cases/{case}"))).send().await.unwrap(),
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
        assert_eq!(body["error"]["access_denied"]["groups"], json!(["NOMS at Southwark: Reviewer"]), "{body}");

        // Nora is a Reviewer now, without manage_access: still refused.
        expect_error(
            nora.post(&groups).json(&json!({ "usual_role": "Police", "role": "reviewer" })).send().await.unwrap(),
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
        let remove = app.url(&format!("/api/v1/cases/{case}/groups/{}", group["id"]));
        expect_error(nora.delete(&remove).send().await.unwrap(), StatusCode::FORBIDDEN, "forbidden").await;
        expect_error(
            alice
                .post(&groups)
                .json(&json!({ "usual_role": "NOMS", "location": "Southwark", "role": "user" }))
                .send()
                .await
                .unwrap(),
            StatusCode::CONFLICT,
            "conflict",
        )
        .await;
        let body = expect_error(
            alice
                .post(&groups)
                .json(&json!({ "usual_role": "NOMS", "location": "Mars", "role": "user" }))
                .send()
                .await
                .unwrap(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        )
        .await;
        assert_eq!(body["error"]["field"], "location");
        let removed: Value = alice.delete(&remove).send().await.unwrap().json().await.unwrap();
        assert_eq!(removed["kept"], json!(["Nora Nash"]), "nora opened the case above");
        expect_error(alice.delete(&remove).send().await.unwrap(), StatusCode::NOT_FOUND, "not_found").await;

        // R5: chambers refused; an unowned domain needs confirmation; a firm's domain is added.
        let body = expect_error(
            alice
                .post(&domains)
                .json(&json!({ "domain": "templerow.cjsm.net", "defendants": [defendants[0]] }))
                .send()
                .await
                .unwrap(),
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
        assert!(body["error"]["message"].as_str().unwrap().contains("chambers"), "{body}");
        expect_error(
            alice
                .post(&domains)
                .json(&json!({ "domain": "nobody.example", "defendants": [defendants[0]] }))
                .send()
                .await
                .unwrap(),
            StatusCode::CONFLICT,
            "confirmation_required",
        )
        .await;
        let firm = alice
            .post(&domains)
            .json(&json!({ "domain": "swatham.cjsm.net", "defendants": [defendants[1]] }))
            .send()
            .await
            .unwrap();
        assert_eq!(firm.status(), StatusCode::CREATED);
        let firm: Value = firm.json().await.unwrap();
        let dan = app.signed_in("dan@swatham.cjsm.net").await;
        let seen: Value =
            dan.get(app.url(&format!("/api/v1/cases/{case}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(seen["defendants"].as_array().unwrap().len(), 1);
        assert_eq!(seen["defendants"][0]["name"], "Peter Jones");
        let remove_domain = app.url(&format!("/api/v1/cases/{case}/domains/{}", firm["id"]));
        expect_error(dan.delete(&remove_domain).send().await.unwrap(), StatusCode::FORBIDDEN, "forbidden").await;
        let listed: Value = dan.get(&domains).send().await.unwrap().json().await.unwrap();
        assert_eq!(listed[0]["domain"], "swatham.cjsm.net");
        assert_eq!(alice.delete(&remove_domain).send().await.unwrap().status(), StatusCode::NO_CONTENT);

        // The same refusals through the server functions the pages call.
        let call = |client: &reqwest::Client, name: &str, body: Value| {
            client.post(app.url(&format!("/api/{name}"))).json(&body).send()
        };
        let refused =
            call(&lee, "add_group", json!({ "case": case, "input": { "usual_role": "NOMS", "role": "reviewer" } }))
                .await
                .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        let refused = call(
            &dan,
            "add_domain",
            json!({ "case": case, "input": { "domain": "swatham.cjsm.net", "defendants": [defendants[0]] } }),
        )
        .await
        .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        let refused = lee.post(app.url("/api/access_settings")).json(&json!({ "case": case })).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn access_requests_over_rest_one_pending_and_only_managers_decide() {
    each_backend(|db| async move {
        let app = TestApp::start(db).await;
        let alice = app.signed_in(ALICE).await;
        let jo = app.signed_in("jo@johnson.co.uk.cjsm.net").await;
        let paul = app.signed_in("paul@cps.example.cjsm.net").await;
        let (case, defendants) = case_0001(&app, &alice).await;
        let invite = alice
            .post(app.url(&format!("/api/v1/cases/{case}/members")))
            .json(&json!({ "email": "paul@cps.example.cjsm.net", "role": "reviewer" }));
        assert_eq!(invite.send().await.unwrap().status(), StatusCode::CREATED);
        let requests = app.url(&format!("/api/v1/cases/{case}/requests"));

        let sent = jo.post(&requests).json(&json!({ "message": "I act for John Smith." })).send().await.unwrap();
        assert_eq!(sent.status(), StatusCode::CREATED);
        let request: Value = sent.json().await.unwrap();
        expect_error(
            jo.post(&requests).json(&json!({ "message": "Again" })).send().await.unwrap(),
            StatusCode::CONFLICT,
            "conflict",
        )
        .await;
        let body = expect_error(
            jo.get(app.url(&format!("/api/v1/cases/{case}"))).send().await.unwrap(),
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
        assert!(body["error"]["access_denied"]["pending_request"].is_i64(), "{body}");

        let approve = app.url(&format!("/api/v1/cases/{case}/requests/{}/approve", request["id"]));
        let deny = app.url(&format!("/api/v1/cases/{case}/requests/{}/deny", request["id"]));
        let grant = json!({ "role": "defence_advocate", "defendants": [defendants[0]] });
        expect_error(paul.post(&approve).json(&grant).send().await.unwrap(), StatusCode::FORBIDDEN, "forbidden").await;
        expect_error(
            paul.post(&deny).json(&json!({ "reason": "no" })).send().await.unwrap(),
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
        expect_error(jo.post(&approve).json(&grant).send().await.unwrap(), StatusCode::FORBIDDEN, "forbidden").await;
        let refused = paul
            .post(app.url("/api/approve_request"))
            .json(&json!({ "case": case, "id": request["id"], "input": grant }))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "the server function refuses too");
        let body = expect_error(
            alice.post(&approve).json(&json!({ "role": "defence_advocate", "defendants": [] })).send().await.unwrap(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        )
        .await;
        assert_eq!(body["error"]["field"], "defendants");

        let pending: Value = alice.get(&requests).send().await.unwrap().json().await.unwrap();
        assert_eq!(pending.as_array().unwrap().len(), 1);
        let approved = alice.post(&approve).json(&grant).send().await.unwrap();
        assert_eq!(approved.status(), StatusCode::OK);
        let seen: Value = jo.get(app.url(&format!("/api/v1/cases/{case}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(seen["defendants"][0]["name"], "John Smith");
        expect_error(
            alice.post(&deny).json(&json!({ "reason": "late" })).send().await.unwrap(),
            StatusCode::CONFLICT,
            "conflict",
        )
        .await;
        let unknown = app.url(&format!("/api/v1/cases/{case}/requests/999999/deny"));
        expect_error(
            alice.post(&unknown).json(&json!({ "reason": "x" })).send().await.unwrap(),
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    })
    .await;
}
