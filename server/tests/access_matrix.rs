#![recursion_limit = "256"]
//! Every case endpoint × the owner, each built-in role, an expired grant and a stranger: allowed
//! or refused exactly as SPEC.md §3–5 says.
mod common;

use common::{TestApp, expect_error};
use domain::access::Capability;
use domain::access::roles::{self, Role, built_in_roles};
use reqwest::StatusCode;
use serde_json::{Value, json};
use service::testing::each_backend;

const ALICE: &str = "alice@cps.example.cjsm.net";

/// Who plays each role: participant roles go to someone of their community.
fn actor_for(role: &Role) -> &'static str {
    match role.key.as_str() {
        roles::DEFENCE_ADVOCATE => "sara@swatham.cjsm.net",
        roles::FEE_PAID_JUDGE => "judge@hmcts.example.net",
        _ => "paul@cps.example.cjsm.net",
    }
}

struct Expect {
    view: bool,
    manage: bool,
    grant_reviewer: bool,
    grant_monitor: bool,
    edit: bool,
    delete: bool,
}

impl Expect {
    fn from_role(role: &Role) -> Expect {
        let holds = |c| role.holds(c);
        let within = |key: &str| roles::built_in_role(key).capabilities.is_subset(&role.capabilities);
        Expect {
            view: holds(Capability::View),
            manage: holds(Capability::ManageAccess),
            grant_reviewer: holds(Capability::ManageAccess) && within(roles::REVIEWER),
            grant_monitor: holds(Capability::ManageAccess) && within(roles::MONITOR),
            edit: holds(Capability::EditSettings),
            delete: holds(Capability::DeleteCase),
        }
    }

    fn nothing() -> Expect {
        Expect { view: false, manage: false, grant_reviewer: false, grant_monitor: false, edit: false, delete: false }
    }
}

fn allowed(status: StatusCode, expected: bool, ok: StatusCode, what: &str) {
    if expected {
        assert_eq!(status, ok, "{what} should be allowed");
    } else {
        assert_eq!(status, StatusCode::FORBIDDEN, "{what} should be refused");
    }
}

#[tokio::test]
async fn every_case_endpoint_allows_or_refuses_each_kind_of_caller_as_the_spec_says() {
    each_backend(|db| async move {
        let app = TestApp::start(db.clone()).await;
        let alice = app.signed_in(ALICE).await;
        let lee_id = {
            let me: Value = app
                .signed_in("lee@probation.example.net")
                .await
                .get(app.url("/api/v1/me"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            me["id"].as_i64().unwrap()
        };

        let mut callers: Vec<(String, &str, Option<Role>, Expect)> = vec![(
            "owner".into(),
            ALICE,
            None,
            Expect { view: true, manage: true, grant_reviewer: true, grant_monitor: true, edit: true, delete: true },
        )];
        for role in built_in_roles().into_iter().filter(|r| r.key != roles::OWNER) {
            let expect = Expect::from_role(&role);
            callers.push((role.key.clone(), actor_for(&role), Some(role), expect));
        }
        callers.push((
            "expired grant".into(),
            "paul@cps.example.cjsm.net",
            Some(roles::built_in_role(roles::ADMIN)),
            Expect::nothing(),
        ));
        callers.push(("stranger".into(), "mark@cps.example.cjsm.net", None, Expect::nothing()));

        for (n, (label, email, role, expect)) in callers.into_iter().enumerate() {
            let case = app.create_case(&alice, &format!("MATRIX-{n}")).await;
            let url = |path: &str| app.url(&format!("/api/v1/cases/{case}{path}"));
            let defendants: Value = alice.get(url("")).send().await.unwrap().json().await.unwrap();
            let first_defendant = defendants["defendants"][0]["id"].clone();
            if let Some(role) = &role {
                let grant = json!({ "email": email, "role": role.key, "defendants": [first_defendant] });
                let response = alice.post(url("/members")).json(&grant).send().await.unwrap();
                assert_eq!(response.status(), StatusCode::CREATED, "{label}: {}", response.text().await.unwrap());
            }
            if label == "expired grant" {
                sqlx::query("UPDATE case_grants SET expires_at = $1 WHERE case_id = $2")
                    .bind(service::now().0 - 1)
                    .bind(case)
                    .execute(db.pool())
                    .await
                    .unwrap();
            }
            // Lee, a Reviewer invited by the owner, is the member the others try to change and revoke.
            let lee: Value = alice
                .post(url("/members"))
                .json(&json!({ "email": "lee@probation.example.net", "role": "reviewer" }))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let version = lee["version"].as_i64().unwrap();

            let client = app.signed_in(email).await;
            let what = |w: &str| format!("{label}: {w}");
            allowed(client.get(url("")).send().await.unwrap().status(), expect.view, StatusCode::OK, &what("GET case"));
            let settings = json!({ "title": "R v Renamed", "version": defendants["version"] });
            allowed(
                client.patch(url("")).json(&settings).send().await.unwrap().status(),
                expect.edit,
                StatusCode::OK,
                &what("edit settings"),
            );
            assert_eq!(
                client.get(url("/access")).send().await.unwrap().status(),
                StatusCode::OK,
                "{label}: GET my access"
            );
            allowed(
                client.get(url("/members")).send().await.unwrap().status(),
                expect.view,
                StatusCode::OK,
                &what("GET members"),
            );
            let invite = json!({ "email": "hannah@hmcts.example.net", "role": "reviewer" });
            allowed(
                client.post(url("/members")).json(&invite).send().await.unwrap().status(),
                expect.grant_reviewer,
                StatusCode::CREATED,
                &what("invite a Reviewer"),
            );
            let change = json!({ "role": "monitor", "version": version });
            allowed(
                client.patch(url(&format!("/members/{lee_id}"))).json(&change).send().await.unwrap().status(),
                expect.grant_monitor,
                StatusCode::OK,
                &what("change to Monitor"),
            );
            allowed(
                client.delete(url(&format!("/members/{lee_id}"))).send().await.unwrap().status(),
                expect.manage,
                StatusCode::NO_CONTENT,
                &what("revoke"),
            );
            allowed(
                client.delete(url("")).send().await.unwrap().status(),
                expect.delete,
                StatusCode::NO_CONTENT,
                &what("delete case"),
            );
        }
    })
    .await;
}

#[tokio::test]
async fn the_users_type_ahead_offers_each_person_their_communitys_roles() {
    each_backend(|db| async move {
        let app = TestApp::start(db).await;
        let alice = app.signed_in(ALICE).await;
        let found: Value = alice.get(app.url("/api/v1/users?q=swatham")).send().await.unwrap().json().await.unwrap();
        let names: Vec<&str> = found.as_array().unwrap().iter().map(|u| u["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Dan Doyle", "Sara Singh"]);
        assert_eq!(found[1]["offered_roles"][0]["key"], "defence_advocate");
        let by_role: Value = alice.get(app.url("/api/v1/users?q=noms")).send().await.unwrap().json().await.unwrap();
        assert_eq!(by_role.as_array().unwrap().len(), 2);
        let wildcard: Value = alice.get(app.url("/api/v1/users?q=%25%25")).send().await.unwrap().json().await.unwrap();
        assert_eq!(wildcard.as_array().unwrap().len(), 0, "% is matched literally");
        let short: Value = alice.get(app.url("/api/v1/users?q=a")).send().await.unwrap().json().await.unwrap();
        assert_eq!(short, json!([]));
        expect_error(
            app.anonymous().get(app.url("/api/v1/users?q=sara")).send().await.unwrap(),
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
        )
        .await;
    })
    .await;
}
