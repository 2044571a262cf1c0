//! The scale benchmark (issue 9), end to end over loopback: 100,000 cases, 1,000,000 individual
//! grants and 20,000 users, on SQLite and (when it answers) PostgreSQL; alice can open 2,000 of
//! the cases. For each request it prints the median and p95 of sequential requests beside
//! `GET /healthz`, all measured in the same rounds (and `GET /me`, which reads the session alone,
//! so that what a request costs beyond signing in shows), the bytes of each answer, and, when `wrk`
//! is on the PATH, the throughput with 16 connections. The data is written in bulk with SQL, so that
//! setting up takes seconds, not hours.
//!
//! After wrk, the same three steps straight on the service and its pool, without HTTP: `SELECT 1`
//! (what /healthz asks the database), reading the session (what every signed-in request asks)
//! and opening the case (`service::cases::get`), each with 16 tasks for 5 seconds. It shows how
//! much of a request's cost is the database's, on each backend.
//!
//! Run: scripts/bench.sh (which also installs wrk and reports the bundle's size), or
//! cargo bench -p server --bench scale. CASEWARD_SCALE_CASES / _USERS / _GRANTS make the world
//! smaller for a quick look; CASEWARD_SCALE_SAMPLES sets the rounds of requests (300);
//! CASEWARD_TEST_POSTGRES=off skips PostgreSQL.
#![recursion_limit = "256"]
mod support;

use service::Db;
use std::time::{Duration, Instant};
use support::Served;

fn setting(name: &str, default: i64) -> i64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The ids the measurements ask for.
struct World {
    small_case: i64,
    large_case: i64,
    /// A case with 50 members besides its owner.
    team_case: i64,
}

/// Writes the world with statements both SQLite and PostgreSQL read.
async fn build_world(db: &Db) -> World {
    let (cases, users, grants) = (
        setting("CASEWARD_SCALE_CASES", 100_000),
        setting("CASEWARD_SCALE_USERS", 20_000),
        setting("CASEWARD_SCALE_GRANTS", 1_000_000),
    );
    let alice = service::testing::user(db, "alice@cps.example.cjsm.net").await;
    let reviewer: i64 =
        sqlx::query_scalar("SELECT id FROM roles WHERE key = 'reviewer'").fetch_one(db.pool()).await.unwrap();
    let now = service::now().0;
    let started = Instant::now();
    let alice = alice.id.0;
    let step = (cases / 2000).max(1);
    let grant = "INSERT INTO case_grants (case_id, user_id, role_id, granted_at)";
    let statements = [
        // Users u1..uN, cases s1..sM owned by them in turn.
        format!(
            "INSERT INTO users (email, email_key, name, password_hash, created_at) \
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {users}) \
             SELECT 'u' || i || '@scale.example', 'u' || i || '@scale.example', 'User ' || i, 'x', {now} FROM n"
        ),
        format!(
            "INSERT INTO cases (reference, reference_key, title, owner_id, created_by, created_at, updated_at) \
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {cases}) \
             SELECT 'S-' || i, 's-' || i, 'R v Scale ' || i, u.id, u.id, {now} + i, {now} + i \
             FROM n JOIN users u ON u.email_key = 'u' || (1 + i % {users}) || '@scale.example'"
        ),
        // Grants spread over the cases and users, each (case, user) once. (`WHERE true` lets
        // SQLite read the ON CONFLICT after a join.)
        format!(
            "{grant} WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {grants} - 1) \
             SELECT c.id, u.id, {reviewer}, {now} FROM n \
             JOIN cases c ON c.reference_key = 's-' || (1 + i % {cases}) \
             JOIN users u ON u.email_key = 'u' || (1 + (i / {cases} + i * 7) % {users}) || '@scale.example' \
             WHERE true ON CONFLICT DO NOTHING"
        ),
        // Alice can open 2,000 of them.
        format!(
            "{grant} SELECT id, {alice}, {reviewer}, {now} FROM cases \
             WHERE reference_key LIKE 's-%' AND id % {step} = 0 ORDER BY id LIMIT 2000 ON CONFLICT DO NOTHING"
        ),
        // One case with 10,000 grants, one with 50 members; alice is in both and in s-2.
        format!(
            "{grant} SELECT (SELECT id FROM cases WHERE reference_key = 's-1'), u.id, {reviewer}, {now} FROM users u \
             WHERE u.email_key LIKE 'u%@scale.example' ORDER BY u.id LIMIT 10000 ON CONFLICT DO NOTHING"
        ),
        "DELETE FROM case_grants WHERE case_id = (SELECT id FROM cases WHERE reference_key = 's-3') \
         AND user_id <> (SELECT owner_id FROM cases WHERE reference_key = 's-3')"
            .to_string(),
        format!(
            "{grant} SELECT (SELECT id FROM cases WHERE reference_key = 's-3'), u.id, {reviewer}, {now} FROM users u \
             WHERE u.email_key LIKE 'u%@scale.example' \
             AND u.id <> (SELECT owner_id FROM cases WHERE reference_key = 's-3') ORDER BY u.id LIMIT 49 ON CONFLICT DO NOTHING"
        ),
        format!(
            "{grant} SELECT id, {alice}, {reviewer}, {now} FROM cases WHERE reference_key IN ('s-1', 's-2', 's-3') \
             ON CONFLICT DO NOTHING"
        ),
    ];
    let mut tx = db.begin_write().await.unwrap();
    for sql in &statements {
        sqlx::query(sql).execute(&mut *tx).await.unwrap_or_else(|e| panic!("{e}: {sql}"));
    }
    tx.commit().await.unwrap();
    // Statistics for the planner, and on PostgreSQL the vacuum that autovacuum would otherwise run
    // in the middle of the measurements (after a bulk insert it also sets the visibility map and
    // hint bits, as a database in use has them).
    let settle = match db.backend() {
        service::Backend::Postgres => "VACUUM ANALYZE",
        service::Backend::Sqlite => "ANALYZE",
    };
    sqlx::query(settle).execute(db.pool()).await.unwrap();
    let one = |sql: String| {
        let db = db.clone();
        async move { sqlx::query_scalar::<_, i64>(&sql).fetch_one(db.pool()).await.unwrap() }
    };
    let id_of = |reference: &str| one(format!("SELECT id FROM cases WHERE reference_key = '{reference}'"));
    let world = World { large_case: id_of("s-1").await, small_case: id_of("s-2").await, team_case: id_of("s-3").await };
    let grants_of = |case: i64| one(format!("SELECT COUNT(*) FROM case_grants WHERE case_id = {case}"));
    eprintln!(
        "  {} cases, {} grants, {} users; s-1 has {} grants, s-2 {}, s-3 {}; written in {:.1} s",
        one("SELECT COUNT(*) FROM cases".into()).await,
        one("SELECT COUNT(*) FROM case_grants".into()).await,
        one("SELECT COUNT(*) FROM users".into()).await,
        grants_of(world.large_case).await,
        grants_of(world.small_case).await,
        grants_of(world.team_case).await,
        started.elapsed().as_secs_f64()
    );
    world
}

/// Median and p95 of each URL over `samples` rounds, and its answer's size. Each round GETs every
/// URL once, in an order shuffled afresh, after warm-up rounds: what slows the machine for a moment
/// (the other core busy, a frequency change) then falls on every request alike, so the ratios
/// between them (the 10,000-grant case against the 10-grant one, each against /healthz) do not
/// move with it. Measured one URL after another, 300 requests each, the ratio of the two cases'
/// medians read anywhere from 1.0× to 1.7× between runs of the same server code. The order is
/// shuffled because in a fixed one the request sent after the case list (15 ms of work) paid for
/// it: the 10-grant case, sent there, measured 0.230 ms, and the 10,000-grant case after it 0.130.
async fn measure_rounds(served: &Served, urls: &[&str], samples: usize) -> Vec<(Duration, Duration, usize)> {
    let client = &served.client;
    for _ in 0..samples.div_ceil(10) {
        for url in urls {
            get(client, url).await;
        }
    }
    let mut times: Vec<Vec<Duration>> = urls.iter().map(|_| Vec::with_capacity(samples)).collect();
    let mut bytes = vec![0; urls.len()];
    let mut order: Vec<usize> = (0..urls.len()).collect();
    // xorshift64: a fixed seed, so that every run sends the same sequence.
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..samples {
        for i in (1..order.len()).rev() {
            order.swap(i, (next() % (i as u64 + 1)) as usize);
        }
        for &i in &order {
            let started = Instant::now();
            bytes[i] = get(client, urls[i]).await;
            times[i].push(started.elapsed());
        }
    }
    times
        .into_iter()
        .zip(bytes)
        .map(|(mut times, bytes)| {
            times.sort();
            (times[samples / 2], times[(samples * 95).div_ceil(100) - 1], bytes)
        })
        .collect()
}

/// One GET of `url`, which must succeed; the size of its answer.
async fn get(client: &reqwest::Client, url: &str) -> usize {
    let response = client.get(url).send().await.unwrap();
    assert!(response.status().is_success(), "{url}: {}", response.status());
    response.bytes().await.unwrap().len()
}

/// Requests per second with 16 connections for 5 seconds, from wrk when it is installed.
fn throughput(served: &Served, url: &str) -> Option<f64> {
    let output = std::process::Command::new("wrk")
        .args(["-t2", "-c16", "-d5s", "-H", &format!("Cookie: {}", served.cookie), url])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    // wrk counts a refusal (401, 404…) or a dropped connection as a request done: a rate made of
    // them would measure the wrong thing.
    let failed = text.lines().filter(|l| l.contains("Non-2xx or 3xx responses") || l.contains("Socket errors"));
    let failed: Vec<&str> = failed.collect();
    assert!(failed.is_empty(), "{url}: wrk saw failures: {failed:?}");
    let line = text.lines().find(|l| l.starts_with("Requests/sec:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Operations per second with 16 tasks for 5 seconds, each doing `op` on `db` again as soon as it ends.
async fn rate<F, Fut>(db: &Db, op: F) -> f64
where
    F: Fn(Db) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let seconds = 5.0;
    let until = Instant::now() + Duration::from_secs_f64(seconds);
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let (op, db) = (op.clone(), db.clone());
            tokio::spawn(async move {
                let mut done = 0u64;
                while Instant::now() < until {
                    op(db.clone()).await;
                    done += 1;
                }
                done
            })
        })
        .collect();
    let mut done = 0;
    for task in tasks {
        done += task.await.unwrap();
    }
    done as f64 / seconds
}

/// The database's share: `SELECT 1` (`Db::ping`, all /healthz does), the session, and the
/// session with the case, straight on the service.
async fn database_alone(backend: &str, db: &Db, cookie: &str, case: i64) {
    let token = cookie
        .split("; ")
        .find_map(|c| c.strip_prefix(&format!("{}=", app::session::SESSION_COOKIE)))
        .expect("the session cookie")
        .to_string();
    println!("\n{backend}, the same steps without HTTP (16 tasks for 5 s on the server's pool):");
    println!("| step | per second | against SELECT 1 |");
    println!("|---|---|---|");
    let floor = rate(db, |db| async move { db.ping().await.unwrap() }).await;
    let session = {
        let token = token.clone();
        move |db: Db| {
            let token = token.clone();
            async move {
                service::accounts::session_user(&db, &token, service::now()).await.unwrap().expect("a session");
            }
        }
    };
    // What GET /api/v1/cases/{id} does: the session read in the case's own statement.
    let open = move |db: Db| {
        let token = token.clone();
        async move {
            service::cases::get_by_session(&db, &token, domain::CaseId(case), service::now(), |_| ()).await.unwrap();
        }
    };
    println!("| SELECT 1 (/healthz's statement) | {floor:.0} | 100 % |");
    for (name, per_second) in [
        ("the session (every signed-in request)", rate(db, session).await),
        ("the session and the case, 10 grants (service::cases::get_by_session)", rate(db, open).await),
    ] {
        println!("| {name} | {per_second:.0} | {:.0} % |", per_second / floor * 100.0);
    }
}

async fn run(backend: &str, db: Db) {
    eprintln!("\n{backend}: building the world");
    service::start(&db).await.unwrap();
    service::testing::demo(&db).await;
    let world = build_world(&db).await;
    let served = support::serve_signed_in(db.clone(), "alice@cps.example.cjsm.net").await;
    let total = served.client.get(served.api("/cases")).send().await.unwrap();
    eprintln!("  alice's case list: X-Total-Count {:?}", total.headers().get("x-total-count"));
    let samples = setting("CASEWARD_SCALE_SAMPLES", 300) as usize;
    let healthz = format!("{}/healthz", served.origin);
    let requests = [
        ("GET /healthz (the floor)", healthz.clone()),
        // The session alone: what every signed-in request costs before its own work.
        ("GET /api/v1/me (the session alone)", served.api("/me")),
        ("GET /api/v1/cases (alice's first page of 2,000+)", served.api("/cases")),
        ("GET /api/v1/cases/{id}, 10 grants", served.api(&format!("/cases/{}", world.small_case))),
        ("GET /api/v1/cases/{id}, 10,000 grants", served.api(&format!("/cases/{}", world.large_case))),
        ("GET …/members, 50 members", served.api(&format!("/cases/{}/members", world.team_case))),
    ];
    println!("\n{backend}, {samples} rounds of sequential requests, each request once per round in a shuffled order:");
    println!("| request | median | p95 | median against /healthz | bytes |");
    println!("|---|---|---|---|---|");
    let urls: Vec<&str> = requests.iter().map(|(_, url)| url.as_str()).collect();
    let measured = measure_rounds(&served, &urls, samples).await;
    let floor = measured[0].0;
    for ((name, _), (median, p95, bytes)) in requests.iter().zip(measured) {
        println!(
            "| {name} | {:.3} ms | {:.3} ms | {:.1}× | {bytes} |",
            median.as_secs_f64() * 1e3,
            p95.as_secs_f64() * 1e3,
            median.as_secs_f64() / floor.as_secs_f64()
        );
    }
    let wrk = [&requests[0], &requests[1], &requests[3], &requests[5]];
    if std::process::Command::new("wrk").arg("--version").output().is_err() {
        println!("(wrk is not installed: no throughput; scripts/bench.sh installs it)");
    } else {
        wrk_throughput(backend, &served, &wrk);
    }
    database_alone(backend, &db, &served.cookie, world.small_case).await;
}

/// Requests per second of each request with wrk, beside /healthz's (the first).
fn wrk_throughput(backend: &str, served: &Served, wrk: &[&(&str, String)]) {
    println!("\n{backend}, wrk -t2 -c16 -d5s:");
    println!("| request | requests/s | against /healthz |");
    println!("|---|---|---|");
    let mut floor = None;
    for (name, url) in wrk {
        // wrk blocks; the server keeps answering on the runtime's other threads.
        let rate = tokio::task::block_in_place(|| throughput(served, url));
        match rate {
            Some(rate) => {
                let floor = *floor.get_or_insert(rate);
                println!("| {name} | {rate:.0} | {:.0} % |", rate / floor * 100.0);
            }
            None => println!("| {name} | wrk gave no figure | |"),
        }
    }
}

fn main() {
    // `cargo bench` passes --bench; a filter or other arguments are not used.
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::connect(&format!("sqlite://{}/scale.db", dir.path().display())).await.unwrap();
        run("SQLite", db.clone()).await;
        db.close().await;

        let Some(server) = service::testing::postgres_server() else { return };
        let name = format!("caseward_scale_{}", std::process::id());
        let admin = Db::admin_connect(&format!("{server}/postgres")).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.unwrap();
        let db = Db::connect(&format!("{server}/{name}")).await.unwrap();
        run("PostgreSQL", db.clone()).await;
        db.close().await;
        // Kept on request, to read plans (EXPLAIN) or time one statement (pgbench) on the world.
        if setting("CASEWARD_SCALE_KEEP", 0) == 1 {
            eprintln!("\nPostgreSQL: the world is kept in the database {name}");
            return;
        }
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&admin).await.unwrap();
    });
}
