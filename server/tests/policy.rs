//! The case permission policy, global defaults and templates over HTTP (REST and the server
//! functions), on both backends: each refusal on both paths, and what a policy does to access.
#![recursion_limit = "256"]
mod common;

use common::{TestApp, expect_error, expect_fn_error, ok_json};
use reqwest::StatusCode;
use serde_json::{Value, json};
use service::testing::each_backend;

const ALICE: &str = "alice@cps.example.cjsm.net";
const PAUL: &str = "paul@cps.example.cjsm.net";
const MARK: &str = "mark@cps.example.cjsm.net";
const ADMIN: &str = "admin@caseward.example";

async fn id_of(app: &TestApp, client: &reqwest::Client) -> i64 {
    ok_json(client.get(app.url("/api/v1/me"))).await["id"].as_i64().unwrap()
}

#[tokio::test]
async fn the_policy_is_refused_to_non_administrators_stale_versions_and_empty_administrator_lists() {
    each_backend(|db| async move {
        let app = TestApp::start(db.clone()).await;
        let alice = app.signed_in(ALICE).await;
        let case = app.create_case(&alice, "POL-0001").await;
        for (email, role) in [(PAUL, "reviewer"), (MARK, "admin")] {
            let invited = alice.post(app.url(&format!("/api/v1/cases/{case}/members"))).json(&json!({ "email": email, "role": role })).send().await.unwrap();
            assert_eq!(invited.status(), StatusCode::CREATED);
        }
        let (paul, mark) = (app.signed_in(PAUL).await, app.signed_in(MARK).await);
        let (alice_id, mark_id) = (id_of(&app, &alice).await, id_of(&app, &mark).await);
        let policy_url = app.url(&format!("/api/v1/cases/{case}/policy"));
        let policy = ok_json(alice.get(&policy_url)).await;
        assert_eq!(policy["administrators"][0]["id"], alice_id, "{policy}");
        assert_eq!(policy["can_change"], true);
        let version = policy["version"].as_i64().unwrap();
        let body = |defaults: Value, overrides: Value, administrators: Value| {
            json!({ "version": version, "defaults": defaults, "overrides": overrides, "administrators": administrators })
        };
        let off = json!({ "edit_settings": "not_allowed" });

        // A reviewer: read-only, and a save is 403 on both paths.
        assert_eq!(ok_json(paul.get(&policy_url)).await["can_change"], false);
        expect_error(paul.put(&policy_url).json(&body(off.clone(), json!([]), json!([alice_id]))).send().await.unwrap(), StatusCode::FORBIDDEN, "forbidden").await;
        let refused = paul.post(app.url("/api/save_case_policy")).json(&json!({ "case": case, "input": body(off.clone(), json!([]), json!([alice_id])) })).send().await.unwrap();
        expect_fn_error(refused, StatusCode::FORBIDDEN, "forbidden").await;
        // An Admin who is no case administrator cannot name one.
        expect_error(mark.put(&policy_url).json(&body(off.clone(), json!([]), json!([alice_id, mark_id]))).send().await.unwrap(), StatusCode::FORBIDDEN, "forbidden").await;
        // The last administrator cannot go: 422 on both paths.
        let none = body(off.clone(), json!([]), json!([]));
        let refused = expect_error(alice.put(&policy_url).json(&none).send().await.unwrap(), StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
        assert_eq!(refused["error"]["field"], "administrators", "{refused}");
        let refused = alice.post(app.url("/api/save_case_policy")).json(&json!({ "case": case, "input": none })).send().await.unwrap();
        expect_fn_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
        // A malformed setting is 422 and changes nothing.
        let malformed = body(json!({ "edit_settings": "sometimes" }), json!([]), json!([alice_id]));
        expect_error(alice.put(&policy_url).json(&malformed).send().await.unwrap(), StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
        assert_eq!(ok_json(alice.get(&policy_url)).await["version"], version, "nothing was written");

        // A Deny line for Mark (Admin): he loses edit_settings, and PATCH is 403 on both paths.
        let deny_mark = body(json!({}), json!([{ "user": mark_id, "edit_settings": "deny" }]), json!([alice_id]));
        let saved = ok_json(alice.put(&policy_url).json(&deny_mark)).await;
        assert_eq!(saved["version"], version + 1);
        assert_eq!(saved["overrides"][0]["user"]["id"], mark_id, "{saved}");
        let access = ok_json(mark.get(app.url(&format!("/api/v1/cases/{case}/access")))).await;
        assert!(!access["capabilities"].as_array().unwrap().contains(&json!("edit_settings")), "{access}");
        assert_eq!(access["policy"][0]["reason"], "Adjust case settings: denied to this person by an override", "{access}");
        let detail = ok_json(mark.get(app.url(&format!("/api/v1/cases/{case}")))).await;
        let patch = json!({ "title": "R v Other", "version": detail["version"] });
        expect_error(mark.patch(app.url(&format!("/api/v1/cases/{case}"))).json(&patch).send().await.unwrap(), StatusCode::FORBIDDEN, "forbidden").await;
        let refused = mark.post(app.url("/api/update_case_settings")).json(&json!({ "id": case, "input": patch })).send().await.unwrap();
        expect_fn_error(refused, StatusCode::FORBIDDEN, "forbidden").await;

        // The same save again carries a stale version: 409 on both paths.
        expect_error(alice.put(&policy_url).json(&deny_mark).send().await.unwrap(), StatusCode::CONFLICT, "conflict").await;
        let refused = alice.post(app.url("/api/save_case_policy")).json(&json!({ "case": case, "input": deny_mark })).send().await.unwrap();
        expect_fn_error(refused, StatusCode::CONFLICT, "conflict").await;
    })
    .await;
}

#[tokio::test]
async fn defaults_and_templates_are_for_system_administrators_and_new_cases_take_them() {
    each_backend(|db| async move {
        let app = TestApp::start(db.clone()).await;
        let (admin, alice) = (app.signed_in(ADMIN).await, app.signed_in(ALICE).await);

        // The global defaults: read and written by system administrators only, on both paths.
        expect_error(alice.get(app.url("/api/v1/settings/defaults")).send().await.unwrap(), StatusCode::FORBIDDEN, "forbidden").await;
        let refused = alice.post(app.url("/api/global_defaults")).json(&json!({})).send().await.unwrap();
        expect_fn_error(refused, StatusCode::FORBIDDEN, "forbidden").await;
        let defaults = ok_json(admin.get(app.url("/api/v1/settings/defaults"))).await;
        let set = json!({ "version": defaults["version"], "defaults": { "batch_update": "not_allowed" } });
        expect_error(alice.put(app.url("/api/v1/settings/defaults")).json(&set).send().await.unwrap(), StatusCode::FORBIDDEN, "forbidden").await;
        let refused = alice.post(app.url("/api/save_global_defaults")).json(&json!({ "input": set })).send().await.unwrap();
        expect_fn_error(refused, StatusCode::FORBIDDEN, "forbidden").await;
        ok_json(admin.put(app.url("/api/v1/settings/defaults")).json(&set)).await;

        // A template: created by the administrator only, on both paths.
        let template = json!({ "name": "Youth court", "description": "Cases at the youth court", "defaults": { "batch_update": "enabled" },
            "groups": [{ "usual_role": "NOMS", "role": "reviewer" }] });
        expect_error(alice.post(app.url("/api/v1/templates")).json(&template).send().await.unwrap(), StatusCode::FORBIDDEN, "forbidden").await;
        let refused = alice.post(app.url("/api/create_template")).json(&json!({ "input": template })).send().await.unwrap();
        expect_fn_error(refused, StatusCode::FORBIDDEN, "forbidden").await;
        let created = admin.post(app.url("/api/v1/templates")).json(&template).send().await.unwrap();
        assert_eq!(created.status(), StatusCode::CREATED);
        let created: Value = created.json().await.unwrap();
        let id = created["id"].as_i64().unwrap();
        assert_eq!(created["groups"][0]["role"]["key"], "reviewer", "{created}");
        expect_error(admin.post(app.url("/api/v1/templates")).json(&template).send().await.unwrap(), StatusCode::CONFLICT, "conflict").await;
        // Everyone who creates cases sees the templates.
        let listed = ok_json(alice.get(app.url("/api/v1/templates"))).await;
        assert_eq!(listed.as_array().unwrap().len(), 1);

        // New cases: from the template with copy (the default), without it, and with no template.
        let create = |reference: &str, extra: Value| {
            let mut body = json!({ "reference": reference, "title": "R v New", "defendants": ["Ann"] });
            body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            alice.post(app.url("/api/v1/cases")).json(&body).send()
        };
        let mut batch_defaults = Vec::new();
        for (reference, extra) in [
            ("TPL-1", json!({ "template_id": id })),
            ("TPL-2", json!({ "template_id": id, "copy_permissions": false })),
            ("TPL-3", json!({})),
        ] {
            let response = create(reference, extra).await.unwrap();
            assert_eq!(response.status(), StatusCode::CREATED);
            let case = response.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
            let policy = ok_json(alice.get(app.url(&format!("/api/v1/cases/{case}/policy")))).await;
            batch_defaults.push(policy["defaults"]["batch_update"].as_str().unwrap().to_string());
        }
        assert_eq!(batch_defaults, ["enabled", "not_allowed", "not_allowed"]);
        let unknown = create("TPL-4", json!({ "template_id": 999_999 })).await.unwrap();
        let body = expect_error(unknown, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
        assert_eq!(body["error"]["field"], "template_id");

        // Changing the template with a stale version is 409; deleting it leaves the cases.
        let change = json!({ "name": "Youth court", "version": created["version"] });
        ok_json(admin.put(app.url(&format!("/api/v1/templates/{id}"))).json(&change)).await;
        expect_error(admin.put(app.url(&format!("/api/v1/templates/{id}"))).json(&change).send().await.unwrap(), StatusCode::CONFLICT, "conflict").await;
        // Only system administrators change, delete or read the form's choices, on both paths.
        expect_error(alice.put(app.url(&format!("/api/v1/templates/{id}"))).json(&change).send().await.unwrap(), StatusCode::FORBIDDEN, "forbidden").await;
        for (function, body) in [
            ("update_template", json!({ "id": id, "input": change })),
            ("delete_template", json!({ "id": id })),
            ("template_choices", json!({})),
        ] {
            let refused = alice.post(app.url(&format!("/api/{function}"))).json(&body).send().await.unwrap();
            expect_fn_error(refused, StatusCode::FORBIDDEN, "forbidden").await;
        }
        expect_error(alice.delete(app.url(&format!("/api/v1/templates/{id}"))).send().await.unwrap(), StatusCode::FORBIDDEN, "forbidden").await;
        assert_eq!(admin.delete(app.url(&format!("/api/v1/templates/{id}"))).send().await.unwrap().status(), StatusCode::NO_CONTENT);
        expect_error(admin.get(app.url(&format!("/api/v1/templates/{id}"))).send().await.unwrap(), StatusCode::NOT_FOUND, "not_found").await;

        // The OpenAPI document describes them.
        let openapi = ok_json(alice.get(app.url("/api/v1/openapi.json"))).await;
        for path in ["/api/v1/cases/{case}/policy", "/api/v1/settings/defaults", "/api/v1/templates", "/api/v1/templates/{id}"] {
            assert!(openapi["paths"][path].is_object(), "{path} is in the document");
        }
    })
    .await;
}
