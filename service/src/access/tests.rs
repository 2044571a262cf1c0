//! The narrow load (`person::load_on_case`: the case and only the rows that concern one person,
//! in one statement) decides exactly what the full load of the case decides, for everyone, on
//! generated cases: individual grants with and without expiry, scope and retention, groups and
//! domains at locations, administrators, and the case's permission policy; and so do the same
//! load with the person read from their session in the same statement
//! (`person::load_on_case_by_session`) and the case list's load of the person across every case
//! (`person::load`).
use super::reader_rows::ReaderRows;
use super::{load_case, person};
use crate::Db;
use crate::testing::each_backend;
use domain::access::evaluate;
use domain::access::policy::{CaseDefault, PolicyCategory};
use domain::{CaseId, Timestamp, UserId};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};

/// A case to write, as indices into what the demo world has (taken modulo its length).
#[derive(Debug, Clone)]
struct Plan {
    owner: usize,
    office: Option<usize>,
    defendants: usize,
    /// (user, role, expires in seconds from now, retained, defendants as a bit mask)
    grants: Vec<(usize, usize, Option<i64>, bool, u8)>,
    /// (usual role, location, role, added seconds ago)
    groups: Vec<(usize, Option<usize>, usize, i64)>,
    /// (email domain, location, defendants as a bit mask)
    domains: Vec<(usize, Option<usize>, u8)>,
    administrators: Vec<usize>,
    /// The policy defaults (0 enabled, 1 not allowed, 2 by role) and (user, category, allow) lines.
    defaults: [usize; 3],
    overrides: Vec<(usize, usize, bool)>,
}

fn plan() -> impl Strategy<Value = Plan> {
    let index = 0usize..64;
    (
        index.clone(),
        proptest::option::of(index.clone()),
        1usize..4,
        proptest::collection::vec(
            (index.clone(), index.clone(), proptest::option::of(-3_600i64..3_600), any::<bool>(), any::<u8>()),
            0..8,
        ),
        proptest::collection::vec(
            (index.clone(), proptest::option::of(index.clone()), index.clone(), 0i64..7_200),
            0..3,
        ),
        proptest::collection::vec((index.clone(), proptest::option::of(index.clone()), any::<u8>()), 0..3),
        proptest::collection::vec(index.clone(), 0..2),
        ([0usize..3, 0usize..3, 0usize..3], proptest::collection::vec((index, 0usize..3, any::<bool>()), 0..4)),
    )
        .prop_map(|(owner, office, defendants, grants, groups, domains, administrators, (defaults, overrides))| {
            Plan { owner, office, defendants, grants, groups, domains, administrators, defaults, overrides }
        })
}

/// The demo world's pieces that a plan picks from.
struct World {
    users: Vec<i64>,
    offices: Vec<(i64, String)>,
    usual_roles: Vec<i64>,
    roles: Vec<i64>,
    domains: Vec<String>,
}

async fn world(db: &Db) -> World {
    let ids = |sql: &'static str| async move { sqlx::query_scalar::<_, i64>(sql).fetch_all(db.pool()).await.unwrap() };
    let emails: Vec<String> =
        sqlx::query_scalar("SELECT email_key FROM users ORDER BY id").fetch_all(db.pool()).await.unwrap();
    let mut domains: Vec<String> =
        emails.iter().filter_map(|e| e.rsplit_once('@').map(|(_, d)| d.to_string())).collect();
    domains.sort();
    domains.dedup();
    World {
        users: ids("SELECT id FROM users ORDER BY id").await,
        offices: sqlx::query_as("SELECT id, name FROM offices ORDER BY id").fetch_all(db.pool()).await.unwrap(),
        usual_roles: ids("SELECT id FROM usual_roles ORDER BY id").await,
        roles: ids("SELECT id FROM roles ORDER BY id").await,
        domains,
    }
}

fn pick<T: Clone>(items: &[T], index: usize) -> T {
    items[index % items.len()].clone()
}

/// Writes the plan as case number `n` and returns its id.
async fn write(db: &Db, world: &World, n: usize, plan: &Plan, now: i64) -> CaseId {
    let mut tx = db.begin_write().await.unwrap();
    let owner = pick(&world.users, plan.owner);
    let office = plan.office.map(|o| pick(&world.offices, o).0);
    let case: i64 = sqlx::query_scalar(
        "INSERT INTO cases (reference, reference_key, title, office_id, owner_id, created_by, created_at, updated_at) \
         VALUES ($1, $2, 'Generated', $3, $4, $4, $5, $5) RETURNING id",
    )
    .bind(format!("GEN-{n}"))
    .bind(format!("gen-{n}"))
    .bind(office)
    .bind(owner)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    fill(&mut tx, world, case, plan, now).await;
    tx.commit().await.unwrap();
    CaseId(case)
}

/// Gives case `case` the plan's defendants, grants of every path, administrators and policy, in
/// place of what it had.
async fn rewrite(db: &Db, world: &World, case: CaseId, plan: &Plan, now: i64) {
    let mut tx = db.begin_write().await.unwrap();
    for table in
        ["case_grants", "case_groups", "case_domains", "case_administrators", "case_policy_overrides", "defendants"]
    {
        sqlx::query(&format!("DELETE FROM {table} WHERE case_id = $1")).bind(case.0).execute(&mut *tx).await.unwrap();
    }
    fill(&mut tx, world, case.0, plan, now).await;
    tx.commit().await.unwrap();
}

/// Writes the plan's defendants, grants, administrators and policy on `case`.
async fn fill(conn: &mut sqlx::AnyConnection, world: &World, case: i64, plan: &Plan, now: i64) {
    let owner = pick(&world.users, plan.owner);
    let mut defendants = Vec::new();
    for position in 0..plan.defendants {
        let id: i64 =
            sqlx::query_scalar("INSERT INTO defendants (case_id, name, position) VALUES ($1, $2, $3) RETURNING id")
                .bind(case)
                .bind(format!("Defendant {position}"))
                .bind(position as i64)
                .fetch_one(&mut *conn)
                .await
                .unwrap();
        defendants.push(id);
    }
    let chosen = |mask: u8| defendants.iter().enumerate().filter(move |(i, _)| mask & (1 << i) != 0).map(|(_, d)| *d);
    let mut granted = std::collections::BTreeSet::new();
    for (user, role, expires, retained, mask) in &plan.grants {
        let user = pick(&world.users, *user);
        if user == owner || !granted.insert(user) {
            continue;
        }
        let grant: i64 = sqlx::query_scalar(
            "INSERT INTO case_grants (case_id, user_id, role_id, expires_at, retained, granted_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(case)
        .bind(user)
        .bind(pick(&world.roles, *role))
        .bind(expires.map(|s| now + s * 1000))
        .bind(i64::from(*retained))
        .bind(now)
        .fetch_one(&mut *conn)
        .await
        .unwrap();
        for defendant in chosen(*mask) {
            sqlx::query("INSERT INTO case_grant_defendants (grant_id, defendant_id) VALUES ($1, $2)")
                .bind(grant)
                .bind(defendant)
                .execute(&mut *conn)
                .await
                .unwrap();
        }
    }
    // One grant per group and per domain and location, as the unique indexes allow.
    let mut placed = std::collections::BTreeSet::new();
    for (usual_role, location, role, ago) in &plan.groups {
        if !placed.insert((
            "group",
            pick(&world.usual_roles, *usual_role).to_string(),
            location.map(|l| pick(&world.offices, l).1),
        )) {
            continue;
        }
        sqlx::query(
            "INSERT INTO case_groups (case_id, usual_role_id, location, role_id, added_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(case)
        .bind(pick(&world.usual_roles, *usual_role))
        .bind(location.map(|l| pick(&world.offices, l).1))
        .bind(pick(&world.roles, *role))
        .bind(now - ago * 1000)
        .execute(&mut *conn)
        .await
        .unwrap();
    }
    for (domain, location, mask) in &plan.domains {
        if !placed.insert((
            "domain",
            pick(&world.domains, *domain).to_string(),
            location.map(|l| pick(&world.offices, l).1),
        )) {
            continue;
        }
        let grant: i64 = sqlx::query_scalar(
            "INSERT INTO case_domains (case_id, domain, location, added_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(case)
        .bind(pick(&world.domains, *domain))
        .bind(location.map(|l| pick(&world.offices, l).1))
        .bind(now)
        .fetch_one(&mut *conn)
        .await
        .unwrap();
        for defendant in chosen(*mask) {
            sqlx::query("INSERT INTO case_domain_defendants (domain_grant_id, defendant_id) VALUES ($1, $2)")
                .bind(grant)
                .bind(defendant)
                .execute(&mut *conn)
                .await
                .unwrap();
        }
    }
    for administrator in &plan.administrators {
        sqlx::query("INSERT INTO case_administrators (case_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(case)
            .bind(pick(&world.users, *administrator))
            .execute(&mut *conn)
            .await
            .unwrap();
    }
    let [mp, es, bu] = plan.defaults.map(|d| CaseDefault::ALL[d].as_str());
    sqlx::query("UPDATE cases SET policy_manage_permissions = $1, policy_edit_settings = $2, policy_batch_update = $3 WHERE id = $4")
        .bind(mp)
        .bind(es)
        .bind(bu)
        .bind(case)
        .execute(&mut *conn)
        .await
        .unwrap();
    for (user, category, allow) in &plan.overrides {
        sqlx::query(
            "INSERT INTO case_policy_overrides (case_id, user_id, category, setting) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(case)
        .bind(pick(&world.users, *user))
        .bind(PolicyCategory::ALL[*category].as_str())
        .bind(if *allow { "allow" } else { "deny" })
        .execute(&mut *conn)
        .await
        .unwrap();
    }
}

/// Plans drawn from the strategy with a fixed seed, so that a failure repeats.
fn plans(count: usize) -> Vec<Plan> {
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        proptest::test_runner::TestRng::deterministic_rng(proptest::test_runner::RngAlgorithm::ChaCha),
    );
    (0..count).map(|_| plan().new_tree(&mut runner).unwrap().current()).collect()
}

#[tokio::test]
async fn the_narrow_load_decides_what_the_full_load_decides() {
    let plans = plans(40);
    each_backend(|db| {
        let plans = plans.clone();
        async move {
            let Setup { world, now, mut conn, everyone, sessions } = setup(&db).await;
            let roles = super::all_roles(&mut conn).await.unwrap();
            let role_table = crate::db::Versioned::default();
            let kept = ReaderRows::default();
            let mut compared = 0;
            for (n, plan) in plans.iter().enumerate() {
                let case_id = write(&db, &world, n, plan, now).await;
                let full = load_case(&mut conn, case_id).await.unwrap();
                for (user, session) in everyone.iter().zip(&sessions) {
                    let (row, narrow) = person::load_on_case(&mut conn, &role_table, user, case_id).await.unwrap();
                    assert_eq!(row.id, case_id.0, "the case's row is read with the person's");
                    let facts =
                        narrow.facts_for(case_id, UserId(row.owner_id), full.facts.office, row.defaults(), user.id);
                    assert_eq!(narrow.defendants, full.defendants, "the same statement reads the case's defendants");
                    let at = Timestamp(now);
                    assert_eq!(
                        evaluate(&user.subject(), &facts, at),
                        full.access_of(user, at),
                        "{} on case {n} of plan {plan:?}",
                        user.email
                    );
                    let (reader, row, by_session) =
                        person::load_on_case_by_session(&mut conn, &role_table, &kept, session, at, case_id)
                            .await
                            .unwrap()
                            .expect("a live session on an existing case");
                    assert_eq!(&reader, user, "the session's person is read with the case");
                    let facts =
                        by_session.facts_for(case_id, UserId(row.owner_id), full.facts.office, row.defaults(), user.id);
                    assert_eq!(
                        evaluate(&reader.subject(), &facts, at),
                        full.access_of(user, at),
                        "{} on case {n}, read with their session",
                        user.email
                    );
                    let whole = person::load(&mut conn, user, &roles).await.unwrap();
                    assert_eq!(
                        evaluate(
                            &user.subject(),
                            &whole.facts_for(
                                case_id,
                                full.facts.owner,
                                full.facts.office,
                                full.row.defaults(),
                                user.id
                            ),
                            at
                        ),
                        full.access_of(user, at),
                        "{} on case {n}, loaded across all cases (the case list's load)",
                        user.email
                    );
                    compared += 1;
                }
            }
            assert!(compared > 40 * 5, "every plan was compared for every demo user");
        }
    })
    .await;
}

/// The demo world, each of its users with a live session (for reading a case with the session
/// in its own statement), and a connection.
struct Setup {
    world: World,
    now: i64,
    conn: sqlx::pool::PoolConnection<sqlx::Any>,
    everyone: Vec<domain::accounts::Actor>,
    /// Each user's session's token hash, in `everyone`'s order.
    sessions: Vec<String>,
}

async fn setup(db: &Db) -> Setup {
    crate::testing::demo(db).await;
    let world = world(db).await;
    let now = crate::now().0;
    let mut conn = db.pool().acquire().await.unwrap();
    let ids = world.users.iter().map(|u| UserId(*u)).collect::<Vec<_>>();
    let everyone = super::people::users_by_ids(&mut conn, &ids).await.unwrap();
    let mut sessions = Vec::new();
    for user in &everyone {
        let hash = crate::tokens::token_hash(&format!("token-of-{}", user.id.0));
        sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(&hash)
            .bind(user.id.0)
            .bind(now)
            .bind(now + 3600)
            .execute(&mut *conn)
            .await
            .unwrap();
        sessions.push(hash);
    }
    Setup { world, now, conn, everyone, sessions }
}

/// The rows a reader holds on a case are kept between their reads (`ReaderRows`) while the case's
/// access version is unchanged. One case is rewritten from plan to plan (its defendants, grants
/// of every path, administrators and policy lines replaced in place); each demo user reads it
/// with their session before and after each change, twice, and every read must decide what the
/// full load decides then. Rows kept past a change that did not bump the version would fail it.
#[tokio::test]
async fn a_readers_kept_rows_follow_every_change_to_the_case() {
    let plans = plans(16);
    each_backend(|db| {
        let plans = plans.clone();
        async move {
            let Setup { world, now, mut conn, everyone, sessions } = setup(&db).await;
            let role_table = crate::db::Versioned::default();
            let kept = ReaderRows::default();
            let case = write(&db, &world, 0, &plans[0], now).await;
            let (mut changed, mut kept_reads) = (0, 0);
            for (n, plan) in plans.iter().enumerate() {
                if n > 0 {
                    rewrite(&db, &world, case, plan, now).await;
                }
                let full = load_case(&mut conn, case).await.unwrap();
                let at = Timestamp(now);
                for (user, session) in everyone.iter().zip(&sessions) {
                    let before = kept.get(session, case).map(|k| k.rows.clone());
                    for read in ["first", "second"] {
                        let (_, row, person) =
                            person::load_on_case_by_session(&mut conn, &role_table, &kept, session, at, case)
                                .await
                                .unwrap()
                                .expect("a live session on an existing case");
                        let facts =
                            person.facts_for(case, UserId(row.owner_id), full.facts.office, row.defaults(), user.id);
                        assert_eq!(
                            evaluate(&user.subject(), &facts, at),
                            full.access_of(user, at),
                            "{}'s {read} read after change {n} to {plan:?}",
                            user.email
                        );
                        assert_eq!(person.defendants, full.defendants, "{}'s {read} read after change {n}", user.email);
                    }
                    let after = kept.get(session, case).expect("the rows are kept after a read");
                    kept_reads += 1;
                    if before.is_some_and(|rows| rows != after.rows) {
                        changed += 1;
                    }
                }
            }
            // The comparison meant something: kept rows were found stale and read again.
            assert!(kept_reads > 15 * 5 && changed > 15, "{changed} of {kept_reads} kept rows changed");
        }
    })
    .await;
}

/// Every table a reader's rows on a case come from has triggers that bump the case's access
/// version on insert, update and delete (migration 0012), apart from the tables `ReaderRows`
/// checks otherwise: `users` and `usual_roles` (the reader's own row, read fresh every time) and
/// `roles` (the role table's version).
#[tokio::test]
async fn every_table_a_readers_rows_come_from_bumps_the_cases_access_version() {
    let tables = person::tables_read_on_one_case();
    assert!(tables.len() >= 9, "the parts name their tables: {tables:?}");
    each_backend(|db| {
        let tables = tables.clone();
        async move {
            for table in tables.iter().filter(|t| !["users", "usual_roles", "roles"].contains(&t.as_str())) {
                for event in ["INSERT", "UPDATE", "DELETE"] {
                    let sql = match db.backend() {
                        crate::db::Backend::Sqlite => {
                            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = $1 \
                             AND sql LIKE '%AFTER ' || $2 || ' ON%' AND sql LIKE '%access_version = access_version + 1%'"
                        }
                        crate::db::Backend::Postgres => {
                            "SELECT COUNT(*) FROM information_schema.triggers WHERE event_object_table = $1 \
                             AND event_manipulation = $2 AND action_statement LIKE '%case_access_changed%'"
                        }
                    };
                    let found: i64 =
                        sqlx::query_scalar(sql).bind(table).bind(event).fetch_one(db.pool()).await.unwrap();
                    assert!(found > 0, "no trigger bumps the access version on {event} into {table}");
                }
            }
        }
    })
    .await;
}
