//! How the pool's connections are set up and checked (`Db::connect`).
use service::db::{Backend, CHECKED_RECENTLY};
use service::testing::{each_backend, postgres_server};
use std::time::Duration;

#[tokio::test]
async fn every_sqlite_connection_reads_the_file_through_a_memory_map() {
    each_backend(|db| async move {
        if db.backend() != Backend::Sqlite {
            return;
        }
        // Several at once, so that each is a connection of its own.
        let mut held = Vec::new();
        for _ in 0..3 {
            held.push(db.pool().acquire().await.unwrap());
        }
        for conn in &mut held {
            let mapped: i64 = sqlx::query_scalar("PRAGMA mmap_size").fetch_one(&mut **conn).await.unwrap();
            assert_eq!(mapped, 256 * 1024 * 1024);
        }
    })
    .await;
}

/// A connection goes out of the pool unchecked only when it came back moments ago; one that has
/// sat idle is checked first, so one PostgreSQL has closed meanwhile is replaced, not handed out.
#[tokio::test]
async fn a_connection_postgresql_closed_while_it_sat_idle_is_replaced() {
    each_backend(|db| async move {
        if db.backend() != Backend::Postgres {
            return;
        }
        let name: String =
            sqlx::query_scalar("SELECT CAST(current_database() AS TEXT)").fetch_one(db.pool()).await.unwrap();
        // The pool takes a connection back in a task of its own: wait until it is idle there.
        tokio::time::timeout(Duration::from_secs(10), async {
            while db.pool().num_idle() == 0 {
                tokio::task::yield_now().await;
            }
        })
        .await
        .expect("the query's connection went back to the pool");
        let admin = service::Db::admin_connect(&format!("{}/postgres", postgres_server().unwrap())).await.unwrap();
        let closed: Vec<bool> = sqlx::query_scalar(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        )
        .bind(&name)
        .fetch_all(&admin)
        .await
        .unwrap();
        admin.close().await;
        assert!(!closed.is_empty() && closed.iter().all(|c| *c), "the pool's connections were closed");
        // What is being tested is how long the connection sat idle: past the window, it is checked.
        tokio::time::sleep(CHECKED_RECENTLY + Duration::from_millis(100)).await;
        let answer: i64 = sqlx::query_scalar("SELECT 7").fetch_one(db.pool()).await.unwrap();
        assert_eq!(answer, 7);
    })
    .await;
}

/// A request's handle (`Db::keeping`) gives its use case the connection the request already
/// holds, once; a second connection comes from the pool.
#[tokio::test]
async fn a_request_runs_its_first_statements_on_the_connection_it_kept() {
    each_backend(|db| async move {
        let mut held = db.pool().acquire().await.unwrap();
        // A temporary table is seen only on the connection that made it.
        sqlx::query("CREATE TEMP TABLE kept_marker (x INTEGER)").execute(&mut *held).await.unwrap();
        let request = db.keeping(held);
        let mut first = request.acquire().await.unwrap();
        let seen: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM kept_marker").fetch_one(&mut *first).await.unwrap();
        assert_eq!(seen, 0, "the kept connection, with its temporary table");
        let mut second = request.acquire().await.unwrap();
        let missing = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM kept_marker").fetch_one(&mut *second).await;
        assert!(missing.is_err(), "another connection, from the pool");
        sqlx::query("DROP TABLE kept_marker").execute(&mut *first).await.unwrap();
    })
    .await;
}

/// A request that goes to the pool itself gives its kept connection back first: with every other
/// connection taken, its statement still runs at once rather than waiting for the one it holds.
#[tokio::test]
async fn a_request_never_holds_its_kept_connection_while_it_waits_for_another() {
    each_backend(|db| async move {
        let size = db.pool().options().get_max_connections();
        let mut taken = Vec::new();
        for _ in 0..size {
            taken.push(db.pool().acquire().await.unwrap());
        }
        let request = db.keeping(taken.pop().unwrap());
        let answer = tokio::time::timeout(
            Duration::from_secs(5),
            sqlx::query_scalar::<_, i64>("SELECT 7").fetch_one(request.pool()),
        )
        .await
        .expect("the kept connection went back to the pool instead of waiting on the others");
        assert_eq!(answer.unwrap(), 7);
        let write = tokio::time::timeout(Duration::from_secs(5), request.begin_write()).await;
        write.expect("a write takes a connection the same way").unwrap().rollback().await.unwrap();
    })
    .await;
}
