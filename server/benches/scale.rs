//! Requests at scale, end to end over loopback on SQLite: 100,000 cases, 1,000,000 individual
//! grants and 20,000 users; alice can open 2,000 of the cases. Measures her case list (the first
//! page), a case with 10 grants and one with 10,000. The data is written in bulk with SQL, so that
//! setting up takes seconds, not hours.
//! Run: cargo bench -p server --bench scale -- --warm-up-time 1 --measurement-time 5
//! (CASEWARD_SCALE_CASES / _USERS / _GRANTS make it smaller, e.g. for a quick look.)
#![recursion_limit = "256"]
mod support;

use criterion::{Criterion, criterion_group, criterion_main};
use service::Db;

fn setting(name: &str, default: i64) -> i64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

struct Fixture {
    client: reqwest::Client,
    base: String,
    small_case: i64,
    large_case: i64,
    _dir: tempfile::TempDir,
}

async fn fixture() -> Fixture {
    let (cases, users, grants) = (
        setting("CASEWARD_SCALE_CASES", 100_000),
        setting("CASEWARD_SCALE_USERS", 20_000),
        setting("CASEWARD_SCALE_GRANTS", 1_000_000),
    );
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&format!("sqlite://{}/scale.db", dir.path().display())).await.unwrap();
    service::start(&db).await.unwrap();
    service::testing::demo(&db).await;
    let alice = service::testing::user(&db, "alice@cps.example.cjsm.net").await;
    let reviewer: i64 =
        sqlx::query_scalar("SELECT id FROM roles WHERE key = 'reviewer'").fetch_one(db.pool()).await.unwrap();
    let now = service::now().0;
    let started = std::time::Instant::now();
    let mut tx = db.begin_write().await.unwrap();
    let statements = [
        // Users u1..uN, cases s1..sM owned by them in turn.
        format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {users}) \
             INSERT INTO users (email, email_key, name, password_hash, created_at) \
             SELECT 'u' || i || '@scale.example', 'u' || i || '@scale.example', 'User ' || i, 'x', {now} FROM n"
        ),
        format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {cases}) \
             INSERT INTO cases (reference, reference_key, title, owner_id, created_by, created_at, updated_at) \
             SELECT 'S-' || i, 's-' || i, 'R v Scale ' || i, u.id, u.id, {now} + i, {now} + i \
             FROM n JOIN users u ON u.email_key = 'u' || (1 + i % {users}) || '@scale.example'"
        ),
        // Grants spread over the cases and users, each (case, user) once.
        format!(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {grants} - 1) \
             INSERT OR IGNORE INTO case_grants (case_id, user_id, role_id, granted_at) \
             SELECT c.id, u.id, {reviewer}, {now} FROM n \
             JOIN cases c ON c.reference_key = 's-' || (1 + i % {cases}) \
             JOIN users u ON u.email_key = 'u' || (1 + (i / {cases} + i * 7) % {users}) || '@scale.example'"
        ),
        // Alice can open 2,000 of them.
        format!(
            "INSERT OR IGNORE INTO case_grants (case_id, user_id, role_id, granted_at) \
             SELECT id, {alice}, {reviewer}, {now} FROM cases WHERE reference_key LIKE 's-%' AND id % {step} = 0 LIMIT 2000",
            alice = alice.id.0,
            step = (cases / 2000).max(1)
        ),
        // One case with 10,000 grants, alice's among them.
        format!(
            "INSERT OR IGNORE INTO case_grants (case_id, user_id, role_id, granted_at) \
             SELECT (SELECT id FROM cases WHERE reference_key = 's-1'), id, {reviewer}, {now} FROM users \
             WHERE email_key LIKE 'u%@scale.example' LIMIT 10000"
        ),
        format!(
            "INSERT OR IGNORE INTO case_grants (case_id, user_id, role_id, granted_at) \
             SELECT id, {alice}, {reviewer}, {now} FROM cases WHERE reference_key IN ('s-1', 's-2')",
            alice = alice.id.0
        ),
    ];
    for sql in &statements {
        sqlx::query(sql).execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
    sqlx::query("ANALYZE").execute(db.pool()).await.unwrap();
    let count = |sql: &'static str| {
        let db = db.clone();
        async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(db.pool()).await.unwrap() }
    };
    let large_case: i64 = count("SELECT id FROM cases WHERE reference_key = 's-1'").await;
    let small_case: i64 = count("SELECT id FROM cases WHERE reference_key = 's-2'").await;
    eprintln!(
        "scale: {} cases, {} grants, {} users; case s-1 has {} grants, s-2 {}; written in {:.1} s",
        count("SELECT COUNT(*) FROM cases").await,
        count("SELECT COUNT(*) FROM case_grants").await,
        count("SELECT COUNT(*) FROM users").await,
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM case_grants WHERE case_id = $1")
            .bind(large_case)
            .fetch_one(db.pool())
            .await
            .unwrap(),
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM case_grants WHERE case_id = $1")
            .bind(small_case)
            .fetch_one(db.pool())
            .await
            .unwrap(),
        started.elapsed().as_secs_f64()
    );

    let (client, base) = support::serve_signed_in(db, "alice@cps.example.cjsm.net").await;
    Fixture { client, base, small_case, large_case, _dir: dir }
}

fn scale(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let fixture = rt.block_on(fixture());
    let get = |path: String| {
        let fixture = &fixture;
        let rt = &rt;
        move || {
            rt.block_on(async {
                let response = fixture.client.get(format!("{}{path}", fixture.base)).send().await.unwrap();
                assert!(response.status().is_success(), "{path}: {}", response.status());
                response.bytes().await.unwrap()
            })
        }
    };
    // Checked once outside the timing: alice's list counts her 2,002 cases and the demo's two.
    let first = rt.block_on(async { fixture.client.get(format!("{}/cases", fixture.base)).send().await.unwrap() });
    eprintln!("scale: alice's case list says X-Total-Count {:?}", first.headers().get("x-total-count"));

    // The floor: a request that reaches the server and the database and decides nothing.
    c.bench_function("GET /healthz (the floor)", |b| {
        b.iter(|| {
            rt.block_on(async {
                let origin = fixture.base.trim_end_matches("/api/v1");
                let response = fixture.client.get(format!("{origin}/healthz")).send().await.unwrap();
                assert!(response.status().is_success());
                response.bytes().await.unwrap()
            })
        })
    });
    c.bench_function("GET /cases (first page of alice's), 100,000 cases", |b| b.iter(get("/cases".into())));
    c.bench_function("GET /cases/{id}, a case with 10 grants", |b| {
        b.iter(get(format!("/cases/{}", fixture.small_case)))
    });
    c.bench_function("GET /cases/{id}, a case with 10,000 grants", |b| {
        b.iter(get(format!("/cases/{}", fixture.large_case)))
    });
}

criterion_group!(benches, scale);
criterion_main!(benches);
