#![recursion_limit = "256"]
mod common;

use common::{TestApp, expect_error, ok_json};
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, RETRY_AFTER, SET_COOKIE};
use serde_json::{Value, json};
use service::testing::each_backend;

const ALICE: &str = "alice@cps.example.cjsm.net";
const SARA: &str = "sara@swatham.cjsm.net";
const MARK: &str = "mark@cps.example.cjsm.net";

#[tokio::test]
async fn every_endpoint_refuses_an_anonymous_caller_with_401() {
    each_backend(|db| async move {
        let app = TestApp::start(db).await;
        let client = app.anonymous();
        let requests = [
            client.get(app.url("/api/v1/me")),
            client.get(app.url("/api/v1/cases")),
            client
                .post(app.url("/api/v1/cases"))
                .json(&json!({ "reference": "X-1", "title": "t", "defendants": ["a"] })),
            client.get(app.url("/api/v1/cases/1")),
            client.delete(app.url("/api/v1/cases/1")),
        ];
        for request in requests {
            expect_error(request.send().await.unwrap(), StatusCode::UNAUTHORIZED, "unauthenticated").await;
        }
        // A forged cookie is no better than none.
        let forged =
            client.get(app.url("/api/v1/me")).header("cookie", "caseward_session=forged").send().await.unwrap();
        expect_error(forged, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    })
    .await;
}

#[tokio::test]
async fn sign_in_sets_a_safe_cookie_and_sign_out_ends_the_session() {
    each_backend(|db| async move {
        let app = TestApp::start(db).await;
        let client = app.anonymous();
        let response = client
            .post(app.url("/api/v1/session"))
            .json(&json!({ "email": "ALICE@cps.example.cjsm.net", "password": "caseward-demo" }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let cookie = response.headers()[SET_COOKIE].to_str().unwrap().to_string();
        assert!(cookie.starts_with("caseward_session="), "{cookie}");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"),
            "{cookie}"
        );
        let me: Value = response.json().await.unwrap();
        assert_eq!(me["email"], ALICE);
        assert!(me.get("password_hash").is_none());

        let me: Value = client.get(app.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["name"], "Alice Archer");
        assert_eq!(me["organisation"]["kind"], "prosecution");

        // The session's own cookie, sent by hand after sign-out: a case, which reads the session in
        // its own statement, is refused as everything else is, over REST and the server function.
        let session = cookie.split(';').next().unwrap().to_string();
        let case = app.create_case(&client, "CASE-0701").await;
        let open_case = |session: &str| {
            app.anonymous().get(app.url(&format!("/api/v1/cases/{case}"))).header(COOKIE, session).send()
        };
        let get_case = |session: &str| {
            app.anonymous().post(app.url("/api/get_case")).header(COOKIE, session).json(&json!({ "id": case })).send()
        };
        assert_eq!(open_case(&session).await.unwrap().status(), StatusCode::OK);
        assert_eq!(get_case(&session).await.unwrap().status(), StatusCode::OK);

        let out = client.delete(app.url("/api/v1/session")).send().await.unwrap();
        assert_eq!(out.status(), StatusCode::NO_CONTENT);
        expect_error(
            client.get(app.url("/api/v1/me")).send().await.unwrap(),
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
        )
        .await;
        expect_error(open_case(&session).await.unwrap(), StatusCode::UNAUTHORIZED, "unauthenticated").await;
        assert_eq!(get_case(&session).await.unwrap().status(), StatusCode::UNAUTHORIZED);

        // Behind a proxy that says the request came over HTTPS, the cookie is Secure.
        let https = app
            .anonymous()
            .post(app.url("/api/v1/session"))
            .header("x-forwarded-proto", "https")
            .json(&json!({ "email": ALICE, "password": "caseward-demo" }))
            .send()
            .await
            .unwrap();
        assert!(https.headers()[SET_COOKIE].to_str().unwrap().contains("Secure"));
    })
    .await;
}

#[tokio::test]
async fn failed_sign_ins_do_not_reveal_whether_an_email_exists_and_are_throttled() {
    each_backend(|db| async move {
        let app = TestApp::start(db).await;
        let client = app.anonymous();
        let attempt = |email: &'static str, password: &'static str| {
            client.post(app.url("/api/v1/session")).json(&json!({ "email": email, "password": password })).send()
        };
        let wrong =
            expect_error(attempt(ALICE, "wrong-password").await.unwrap(), StatusCode::UNAUTHORIZED, "unauthenticated")
                .await;
        let unknown = expect_error(
            attempt("nobody@cps.example.cjsm.net", "caseward-demo").await.unwrap(),
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
        )
        .await;
        assert_eq!(wrong, unknown);
        for _ in 1..service::accounts::MAX_FAILURES {
            attempt(ALICE, "wrong-password").await.unwrap();
        }
        let throttled = attempt(ALICE, "caseward-demo").await.unwrap();
        assert!(throttled.headers().get(RETRY_AFTER).is_some());
        let body = expect_error(throttled, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
        assert!(body["error"]["message"].as_str().unwrap().contains("Try again in"), "{body}");
        let missing =
            client.post(app.url("/api/v1/session")).json(&json!({ "email": "", "password": "" })).send().await.unwrap();
        expect_error(missing, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    })
    .await;
}

#[tokio::test]
async fn the_owner_creates_lists_opens_and_deletes_a_case() {
    each_backend(|db| async move {
        let app = TestApp::start(db).await;
        let alice = app.signed_in(ALICE).await;
        let response = alice
            .post(app.url("/api/v1/cases"))
            .json(&json!({ "reference": "CASE-0500", "title": "R v White", "description": "Fraud", "defendants": ["Wendy White", "Walter West"] }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        let location = response.headers()[LOCATION].to_str().unwrap().to_string();
        let created: Value = response.json().await.unwrap();
        assert_eq!(location, format!("/api/v1/cases/{}", created["id"]));
        assert_eq!(created["defendants"].as_array().unwrap().len(), 2);
        assert_eq!(created["office"], "Southwark");

        let list: Value = alice.get(app.url("/api/v1/cases")).send().await.unwrap().json().await.unwrap();
        let refs: Vec<&str> = list.as_array().unwrap().iter().map(|c| c["reference"].as_str().unwrap()).collect();
        assert_eq!(refs, ["CASE-0500", "CASE-0002", "CASE-0001"]);
        let mine: Value = alice.get(app.url("/api/v1/cases?scope=mine")).send().await.unwrap().json().await.unwrap();
        assert_eq!(mine, list);

        let detail: Value = alice.get(app.url(&location)).send().await.unwrap().json().await.unwrap();
        assert_eq!(detail["title"], "R v White");
        assert_eq!(detail["access"]["explanation"][0]["path"], "ownership");

        assert_eq!(alice.delete(app.url(&location)).send().await.unwrap().status(), StatusCode::NO_CONTENT);
        expect_error(alice.get(app.url(&location)).send().await.unwrap(), StatusCode::NOT_FOUND, "not_found").await;
    })
    .await;
}

#[tokio::test]
async fn another_users_case_is_refused_with_403_naming_who_can_grant_access() {
    each_backend(|db| async move {
        let app = TestApp::start(db).await;
        let alice = app.signed_in(ALICE).await;
        let id = app.create_case(&alice, "CASE-0600").await;
        for email in [SARA, MARK] {
            let other = app.signed_in(email).await;
            let body = expect_error(
                other.get(app.url(&format!("/api/v1/cases/{id}"))).send().await.unwrap(),
                StatusCode::FORBIDDEN,
                "forbidden",
            )
            .await;
            assert_eq!(body["error"]["access_denied"]["grantors"][0]["email"], ALICE, "{body}");
            assert!(
                body["error"].get("title").is_none() && !body.to_string().contains("Ann Able"),
                "no case content leaks: {body}"
            );
            expect_error(
                other.delete(app.url(&format!("/api/v1/cases/{id}"))).send().await.unwrap(),
                StatusCode::FORBIDDEN,
                "forbidden",
            )
            .await;
            let list: Value = other.get(app.url("/api/v1/cases")).send().await.unwrap().json().await.unwrap();
            assert!(!list.to_string().contains("CASE-0600"));
        }
        // Refused deletes changed nothing.
        assert_eq!(alice.get(app.url(&format!("/api/v1/cases/{id}"))).send().await.unwrap().status(), StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn bad_input_gets_a_clear_status_and_message_and_changes_nothing() {
    each_backend(|db| async move {
        let app = TestApp::start(db).await;
        let alice = app.signed_in(ALICE).await;
        let post = |body: &str, content_type: Option<&str>| {
            let mut request = alice.post(app.url("/api/v1/cases")).body(body.to_string());
            if let Some(ct) = content_type {
                request = request.header("content-type", ct);
            }
            request.send()
        };
        let json = Some("application/json");
        expect_error(post("{not json", json).await.unwrap(), StatusCode::BAD_REQUEST, "bad_request").await;
        expect_error(post(r#"{"reference":"X-1"}"#, None).await.unwrap(), StatusCode::BAD_REQUEST, "bad_request").await;
        expect_error(
            post(r#"{"title":"no reference"}"#, json).await.unwrap(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        )
        .await;
        let body = expect_error(
            post(r#"{"reference":"X-2","title":"t","defendants":[]}"#, json).await.unwrap(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        )
        .await;
        assert_eq!(body["error"]["field"], "defendants");
        let body = expect_error(
            post(r#"{"reference":"case-0001","title":"t","defendants":["a"]}"#, json).await.unwrap(),
            StatusCode::CONFLICT,
            "conflict",
        )
        .await;
        assert_eq!(body["error"]["field"], "reference");
        let huge = format!(
            r#"{{"reference":"X-3","title":"t","defendants":["a"],"description":"{}"}}"#,
            "x".repeat(400 * 1024)
        );
        expect_error(post(&huge, json).await.unwrap(), StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;

        expect_error(
            alice.get(app.url("/api/v1/cases/abc")).send().await.unwrap(),
            StatusCode::BAD_REQUEST,
            "bad_request",
        )
        .await;
        expect_error(
            alice.get(app.url("/api/v1/cases/999999")).send().await.unwrap(),
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
        expect_error(
            alice.get(app.url("/api/v1/cases?scope=everything")).send().await.unwrap(),
            StatusCode::BAD_REQUEST,
            "bad_request",
        )
        .await;
        expect_error(
            alice.get(app.url("/api/v1/no-such-thing")).send().await.unwrap(),
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;

        let list: Value = alice.get(app.url("/api/v1/cases")).send().await.unwrap().json().await.unwrap();
        assert_eq!(list.as_array().unwrap().len(), 2, "nothing was created by the refused requests");
    })
    .await;
}

/// The sign-in form works before the WASM arrives: posted as plain HTML, a right password is
/// answered with the cookie and a redirect, a wrong one with a redirect back to the form, whose
/// page then says what was wrong (not with a bare 401 the browser would show as it is).
#[tokio::test]
async fn the_sign_in_form_works_without_the_wasm() {
    each_backend(|db| async move {
        let app = TestApp::start(db).await;
        let client = app.anonymous();
        let post = |password: &'static str| {
            client
                .post(app.url("/api/sign_in"))
                .header("accept", "text/html")
                .header("referer", app.url("/sign-in"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!("email={}&password={password}", ALICE.replace('@', "%40")))
                .send()
        };
        let refused = post("not-the-password").await.unwrap();
        assert!(refused.status().is_redirection(), "{}", refused.status());
        assert!(refused.headers().get(SET_COOKIE).is_none());
        let back = refused.headers()[LOCATION].to_str().unwrap().to_string();
        assert!(back.starts_with(&app.url("/sign-in")) && back.contains("__err="), "{back}");
        let page = client.get(&back).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("The email address or password is not right."), "the form's page shows the error");

        let signed_in = post("caseward-demo").await.unwrap();
        assert!(signed_in.status().is_redirection(), "{}", signed_in.status());
        assert!(signed_in.headers()[SET_COOKIE].to_str().unwrap().starts_with("caseward_session="));
    })
    .await;
}

/// The top bar's Sign out is a plain HTML form (no WASM needed): it ends the session and lands on
/// the sign-in page.
#[tokio::test]
async fn the_sign_out_form_ends_the_session_and_lands_on_sign_in() {
    each_backend(|db| async move {
        let app = TestApp::start(db).await;
        let alice = app.signed_in(ALICE).await;
        let landed = alice
            .post(app.url("/api/sign_out"))
            .header("accept", "text/html")
            .header("referer", app.url("/cases/1"))
            .header("content-type", "application/x-www-form-urlencoded")
            .send()
            .await
            .unwrap();
        assert!(landed.status().is_redirection(), "{}", landed.status());
        assert_eq!(landed.headers()["location"], "/sign-in", "the form's answer sends the browser to sign in");
        assert!(landed.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"), "the cookie is cleared");
        expect_error(
            alice.get(app.url("/api/v1/me")).send().await.unwrap(),
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn server_functions_refuse_what_the_rest_api_refuses() {
    each_backend(|db| async move {
        let app = TestApp::start(db).await;
        let alice = app.signed_in(ALICE).await;
        let id = app.create_case(&alice, "CASE-0700").await;
        let sara = app.signed_in(SARA).await;
        let call = |client: &reqwest::Client, name: &str, input: Value| {
            client.post(app.url(&format!("/api/{name}"))).json(&input).send()
        };

        let refused = call(&sara, "delete_case", json!({ "id": id })).await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["code"], "forbidden", "{body}");
        let refused = call(&sara, "get_case", json!({ "id": id })).await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["access_denied"]["grantors"][0]["email"], ALICE, "{body}");
        let refused = call(&app.anonymous(), "list_cases", json!({})).await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
        let refused = app
            .anonymous()
            .post(app.url("/api/create_case"))
            .json(&json!({ "input": { "reference": "X-9", "title": "t", "defendants": ["a"] } }))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
        let invalid = alice
            .post(app.url("/api/create_case"))
            .json(&json!({ "input": { "reference": "X-9", "title": "t", "defendants": [] } }))
            .send()
            .await
            .unwrap();
        assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = invalid.json().await.unwrap();
        assert_eq!(body["field"], "defendants", "{body}");

        let refused = call(&alice, "list_outbox", json!({})).await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "only system administrators read the outbox");
        let admin = app.signed_in("admin@caseward.example").await;
        assert_eq!(call(&admin, "list_outbox", json!({})).await.unwrap().status(), StatusCode::OK);

        // Alice's own calls go through.
        let ok = call(&alice, "get_case", json!({ "id": id })).await.unwrap();
        assert_eq!(ok.status(), StatusCode::OK);
        assert_eq!(call(&alice, "delete_case", json!({ "id": id })).await.unwrap().status(), StatusCode::OK);
        expect_error(
            alice.get(app.url(&format!("/api/v1/cases/{id}"))).send().await.unwrap(),
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn pages_render_on_the_server_with_the_right_status() {
    each_backend(|db| async move {
        let app = TestApp::start(db).await;
        let alice = app.signed_in(ALICE).await;
        let id = app.create_case(&alice, "CASE-0800").await;

        let page = alice.get(app.url(&format!("/cases/{id}"))).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.unwrap();
        assert!(html.contains("R v Test") && html.contains("Ann Able"), "the case page shows the case");

        let sara = app.signed_in(SARA).await;
        let denied = sara.get(app.url(&format!("/cases/{id}"))).send().await.unwrap();
        assert_eq!(denied.status(), StatusCode::FORBIDDEN);
        let html = denied.text().await.unwrap();
        assert!(html.contains("You do not have access to this case") && html.contains(ALICE));
        assert!(!html.contains("Ann Able"), "no defendant leaks onto the access-denied page");

        // A browser navigation (Accept: text/html) is redirected to sign in, and brought back after.
        let anonymous =
            app.anonymous().get(app.url(&format!("/cases/{id}"))).header("accept", "text/html").send().await.unwrap();
        assert!(anonymous.status().is_redirection(), "{}", anonymous.status());
        assert_eq!(anonymous.headers()[LOCATION].to_str().unwrap(), format!("/sign-in?next=/cases/{id}"));
        assert_eq!(app.anonymous().get(app.url("/sign-in")).send().await.unwrap().status(), StatusCode::OK);
        assert_eq!(alice.get(app.url("/no/such/page")).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    })
    .await;
}

/// Building an app lists its routes, and listing them once switched off the loading of every
/// resource in the process for as long as it took: a page rendering meanwhile waited forever.
#[tokio::test]
async fn a_page_renders_while_another_app_is_built() {
    each_backend(|db| async move {
        let app = TestApp::start(db.clone()).await;
        let state = common::app_state(db, "target/site", service::testing::blobs(), 1024);
        // Another test's runtime, building apps the way each test's TestApp does.
        let building = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async move {
                for _ in 0..100 {
                    drop(server::build_app(state.clone()));
                    tokio::task::yield_now().await;
                }
            })
        });
        let client = app.anonymous();
        let mut pages = 0;
        while !building.is_finished() || pages < 20 {
            let page = tokio::time::timeout(std::time::Duration::from_secs(10), client.get(app.url("/sign-in")).send())
                .await
                .expect("the sign-in page answers while another app is built")
                .unwrap();
            assert_eq!(page.status(), StatusCode::OK);
            assert!(page.text().await.unwrap().contains("Sign in"));
            pages += 1;
        }
        building.join().unwrap();
    })
    .await;
}

#[tokio::test]
async fn health_and_the_openapi_document_are_served() {
    each_backend(|db| async move {
        let app = TestApp::start(db).await;
        let health = app.anonymous().get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(health.status(), StatusCode::OK);
        let doc: Value =
            app.anonymous().get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
        for path in ["/api/v1/session", "/api/v1/me", "/api/v1/cases", "/api/v1/cases/{case}"] {
            assert!(doc["paths"].get(path).is_some(), "{path} is documented");
        }
        assert!(doc["components"]["schemas"].get("ErrorBody").is_some());
    })
    .await;
}

#[tokio::test]
async fn answers_are_compressed_when_the_client_accepts_it() {
    each_backend(|db| async move {
        let app = TestApp::start(db).await;
        let alice = app.signed_in(ALICE).await;
        let encoding = |response: &reqwest::Response| {
            response.headers().get("content-encoding").map(|v| v.to_str().unwrap().to_string())
        };
        let json = alice.get(app.url("/api/v1/cases")).header("accept-encoding", "gzip").send().await.unwrap();
        assert_eq!(json.status(), StatusCode::OK);
        assert_eq!(encoding(&json).as_deref(), Some("gzip"));
        let html = app.anonymous().get(app.url("/sign-in")).header("accept-encoding", "br, gzip").send().await.unwrap();
        assert_eq!(html.status(), StatusCode::OK);
        assert_eq!(encoding(&html).as_deref(), Some("br"));
        let plain = alice.get(app.url("/api/v1/cases")).send().await.unwrap();
        assert_eq!(encoding(&plain), None, "nothing is compressed for a client that did not ask");
        assert!(plain.json::<Value>().await.unwrap().is_array());
    })
    .await;
}

#[tokio::test]
async fn hashed_site_files_are_kept_for_a_year_and_everything_else_revalidated() {
    each_backend(|db| async move {
        let site = tempfile::tempdir().unwrap();
        let pkg = site.path().join("pkg");
        std::fs::create_dir(&pkg).unwrap();
        let hashed = "caseward.Xk3_9aZ-0bQwErTyUiOpAs.wasm";
        std::fs::write(pkg.join(hashed), b"\0asm the plain bytes").unwrap();
        // What `cargo leptos build --precompress` writes beside it.
        std::fs::write(pkg.join(format!("{hashed}.br")), b"the brotli bytes").unwrap();
        std::fs::write(pkg.join("caseward.wasm"), b"\0asm unhashed").unwrap();
        let app = TestApp::serving_site(db, site.path().to_str().unwrap()).await;
        let client = app.anonymous();
        let cache = |response: &reqwest::Response| {
            response.headers().get("cache-control").map(|v| v.to_str().unwrap().to_string())
        };

        let asset =
            client.get(app.url(&format!("/pkg/{hashed}"))).header("accept-encoding", "br").send().await.unwrap();
        assert_eq!(asset.status(), StatusCode::OK);
        assert_eq!(cache(&asset).as_deref(), Some(server::caching::IMMUTABLE));
        assert_eq!(asset.headers()["content-encoding"], "br", "the precompressed file is sent");
        assert_eq!(asset.bytes().await.unwrap().as_ref(), b"the brotli bytes");
        let identity = client.get(app.url(&format!("/pkg/{hashed}"))).send().await.unwrap();
        assert!(identity.headers().get("content-encoding").is_none());
        assert_eq!(identity.bytes().await.unwrap().as_ref(), b"\0asm the plain bytes");

        let unhashed = client.get(app.url("/pkg/caseward.wasm")).send().await.unwrap();
        assert_eq!(unhashed.status(), StatusCode::OK);
        assert_eq!(cache(&unhashed).as_deref(), Some(server::caching::REVALIDATE), "an unhashed file may change");
        let missing = client.get(app.url("/pkg/caseward.AAAAAAAAAAAAAAAAAAAAAA.wasm")).send().await.unwrap();
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert_eq!(cache(&missing).as_deref(), Some(server::caching::REVALIDATE), "a 404 is not kept");
        let html = client.get(app.url("/sign-in")).send().await.unwrap();
        assert_eq!(cache(&html).as_deref(), Some(server::caching::REVALIDATE));
        let api = app.signed_in(ALICE).await.get(app.url("/api/v1/cases")).send().await.unwrap();
        assert_eq!(cache(&api).as_deref(), Some(server::caching::PRIVATE), "case data is never stored");
    })
    .await;
}

#[tokio::test]
async fn the_people_tab_pages_over_rest_and_the_server_function() {
    each_backend(|db| async move {
        let app = TestApp::start(db).await;
        let alice = app.signed_in(ALICE).await;
        let case = app.create_case(&alice, "PAGED-1").await;
        let invited = alice
            .post(app.url(&format!("/api/v1/cases/{case}/members")))
            .json(&json!({ "email": "paul@cps.example.cjsm.net", "role": "reviewer" }))
            .send()
            .await
            .unwrap();
        assert_eq!(invited.status(), StatusCode::CREATED);
        let page = ok_json(alice.get(app.url(&format!("/api/v1/cases/{case}/members?per_page=1&page=2")))).await;
        assert_eq!(
            (page["total"].clone(), page["page"].clone(), page["per_page"].clone()),
            (json!(2), json!(2), json!(1))
        );
        assert_eq!(page["members"][0]["user"]["email"], "paul@cps.example.cjsm.net", "{page}");
        assert!(page["members"][0].get("access").is_none(), "the lean row carries why, not the whole access");
        assert_eq!(page["members"][0]["why"]["paths"][0]["path"], "individual");
        assert!(page["role_options"][0]["roles"].as_array().is_some_and(|r| !r.is_empty()), "{page}");
        let bad = alice.get(app.url(&format!("/api/v1/cases/{case}/members?page=first"))).send().await.unwrap();
        expect_error(bad, StatusCode::BAD_REQUEST, "bad_request").await;
        let listed = ok_json(
            alice.post(app.url("/api/list_members")).json(&json!({ "case": case, "query": { "per_page": 1 } })),
        )
        .await;
        assert_eq!(
            (listed["total"].clone(), listed["members"].as_array().map(Vec::len)),
            (json!(2), Some(1)),
            "{listed}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_case_list_pages_over_rest_with_its_total_in_a_header() {
    each_backend(|db| async move {
        let app = TestApp::start(db).await;
        let alice = app.signed_in(ALICE).await;
        let page = alice.get(app.url("/api/v1/cases?per_page=1&page=2")).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        assert_eq!(page.headers()["x-total-count"], "2");
        let cases: Value = page.json().await.unwrap();
        assert_eq!(cases.as_array().unwrap().len(), 1);
        assert_eq!(cases[0]["reference"], "CASE-0001", "newest first, so the second page holds the oldest");
        let found = ok_json(alice.get(app.url("/api/v1/cases?q=smith%20and"))).await;
        assert_eq!(
            found.as_array().unwrap().iter().map(|c| c["reference"].clone()).collect::<Vec<_>>(),
            [json!("CASE-0001")]
        );
        let bad = alice.get(app.url("/api/v1/cases?status=archived")).send().await.unwrap();
        expect_error(bad, StatusCode::BAD_REQUEST, "bad_request").await;
        let listed = ok_json(alice.post(app.url("/api/list_cases")).json(&json!({ "query": { "q": "0002" } }))).await;
        assert_eq!(listed["total"], 1, "the server function filters the same way: {listed}");
    })
    .await;
}
