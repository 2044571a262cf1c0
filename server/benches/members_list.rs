//! `GET /api/v1/cases/{case}/members` end to end: HTTP request over loopback to the real Router,
//! session check, access evaluation, SQLite queries, JSON. The case has 50 members.
//! Run: cargo bench -p server --bench members_list -- --warm-up-time 1 --measurement-time 5
#![recursion_limit = "256"]
mod support;

use criterion::{Criterion, criterion_group, criterion_main};
use domain::members::InviteInput;
use service::Db;

const MEMBERS: usize = 50;

struct Fixture {
    client: reqwest::Client,
    url: String,
    _dir: tempfile::TempDir,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&format!("sqlite://{}/bench.db", dir.path().display())).await.unwrap();
    service::start(&db).await.unwrap();
    service::testing::demo(&db).await;
    let (case,): (i64,) =
        sqlx::query_as("SELECT id FROM cases WHERE reference = 'CASE-0001'").fetch_one(db.pool()).await.unwrap();
    let alice = service::testing::user(&db, "alice@cps.example.cjsm.net").await;
    let now = service::now();
    // The demo grants nobody yet: 49 new colleagues plus paul make 50 members besides the owner.
    let mut emails = vec!["paul@cps.example.cjsm.net".to_string()];
    for i in 1..MEMBERS {
        let email = format!("colleague{i}@cps.example.cjsm.net");
        let user = service::accounts::NewUser {
            email: email.clone(),
            name: format!("Colleague {i}"),
            password: "bench-password-1".into(),
            organisation: Some("Crown Prosecution South".into()),
            account_type: None,
            is_system_admin: false,
            is_licence_manager: false,
            ..Default::default()
        };
        service::accounts::create_user(&db, user, now).await.unwrap();
        emails.push(email);
    }
    for email in emails {
        let input = InviteInput { email, role: "reviewer".into(), ..Default::default() };
        service::members::invite(&db, &alice, domain::CaseId(case), input, now, "http://bench.test").await.unwrap();
    }

    let served = support::serve_signed_in(db, "alice@cps.example.cjsm.net").await;
    Fixture { url: served.api(&format!("/cases/{case}/members")), client: served.client, _dir: dir }
}

fn members_list(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let fixture = rt.block_on(fixture());
    // Checked once outside the timing: the list really holds the owner and the 50 members.
    let listed: serde_json::Value =
        rt.block_on(async { fixture.client.get(&fixture.url).send().await.unwrap().json().await.unwrap() });
    assert_eq!(listed["members"].as_array().map(Vec::len), Some(MEMBERS + 1), "{listed}");

    c.bench_function("GET members, 50 members, SQLite", |b| {
        b.iter(|| {
            rt.block_on(async {
                let response = fixture.client.get(&fixture.url).send().await.unwrap();
                assert!(response.status().is_success());
                response.bytes().await.unwrap()
            })
        })
    });
}

criterion_group!(benches, members_list);
criterion_main!(benches);
