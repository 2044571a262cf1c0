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

/// A read that ran to its end gives its connection back unchecked, and the next read gets that
/// same connection; one dropped halfway, or ended by a database error, is closed instead, so no
/// read ever starts on a connection left in the middle of something.
#[tokio::test]
async fn a_hot_connection_is_used_again_only_after_a_read_that_finished() {
    each_backend(|db| async move {
        let mut conn = db.hot().await.unwrap();
        sqlx::query("CREATE TEMP TABLE hot_marker (x INTEGER)").execute(&mut *conn).await.unwrap();
        conn.finished(&Ok(()));
        let mut again = db.hot().await.unwrap();
        assert!(marked(&mut again).await, "the connection given back, with its temporary table");

        // A refusal is an answer: every statement ran, so the connection goes back.
        again.finished::<()>(&Err(service::ServiceError::NotFound("no such case".into())));
        let mut conn = db.hot().await.unwrap();
        assert!(marked(&mut conn).await);
        // A database error is not: that connection is closed.
        conn.finished::<()>(&Err(service::ServiceError::Internal("database: gone".into())));
        let mut fresh = db.hot().await.unwrap();
        assert!(!marked(&mut fresh).await, "a new connection, without the table");

        sqlx::query("CREATE TEMP TABLE hot_marker (x INTEGER)").execute(&mut *fresh).await.unwrap();
        drop(fresh);
        let mut after_drop = db.hot().await.unwrap();
        assert!(!marked(&mut after_drop).await, "a read dropped halfway closes its connection");
    })
    .await;
}

/// The hot connections have their own bound: with all of them in use, the pool still serves at
/// once, and the next read waits for one to be given back rather than opening more.
#[tokio::test]
async fn hot_connections_are_bounded_apart_from_the_pool() {
    each_backend(|db| async move {
        let most = db.pool().options().get_max_connections() as usize;
        let mut held = Vec::new();
        for _ in 0..most {
            held.push(db.hot().await.unwrap());
        }
        let answer: i64 =
            tokio::time::timeout(Duration::from_secs(5), sqlx::query_scalar("SELECT 7").fetch_one(db.pool()))
                .await
                .expect("the pool is not waiting on the hot connections")
                .unwrap();
        assert_eq!(answer, 7);
        let waiting = db.hot();
        tokio::pin!(waiting);
        assert!(futures::poll!(&mut waiting).is_pending(), "every hot connection is in use");
        held.pop().unwrap().finished(&Ok(()));
        let mut conn =
            tokio::time::timeout(Duration::from_secs(5), waiting).await.expect("one was given back").unwrap();
        let answer: i64 = sqlx::query_scalar("SELECT 8").fetch_one(&mut *conn).await.unwrap();
        assert_eq!(answer, 8);
    })
    .await;
}

/// A hot connection that sat idle past the window is checked before it goes out: one PostgreSQL
/// closed meanwhile is replaced, not handed to a read.
#[tokio::test]
async fn a_hot_connection_postgresql_closed_while_it_sat_idle_is_replaced() {
    each_backend(|db| async move {
        if db.backend() != Backend::Postgres {
            return;
        }
        let mut conn = db.hot().await.unwrap();
        let (name, pid): (String, i32) = sqlx::query_as("SELECT CAST(current_database() AS TEXT), pg_backend_pid()")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        conn.finished(&Ok(()));
        let admin = service::Db::admin_connect(&format!("{}/postgres", postgres_server().unwrap())).await.unwrap();
        let closed: bool =
            sqlx::query_scalar("SELECT pg_terminate_backend($1)").bind(pid).fetch_one(&admin).await.unwrap();
        admin.close().await;
        assert!(closed, "the hot connection was closed by {name}'s server");
        // What is being tested is how long the connection sat idle: past the window, it is checked.
        tokio::time::sleep(CHECKED_RECENTLY + Duration::from_millis(100)).await;
        let mut conn = db.hot().await.unwrap();
        let answer: i64 = sqlx::query_scalar("SELECT 7").fetch_one(&mut *conn).await.unwrap();
        assert_eq!(answer, 7);
    })
    .await;
}

/// Closing the database closes the idle hot connections and hands out no more.
#[tokio::test]
async fn closing_the_database_closes_its_hot_connections() {
    each_backend(|db| async move {
        db.hot().await.unwrap().finished(&Ok(()));
        db.close().await;
        assert!(db.hot().await.is_err());
    })
    .await;
}

/// Whether this connection is the one that made the temporary table `hot_marker`.
async fn marked(conn: &mut sqlx::AnyConnection) -> bool {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM hot_marker").fetch_one(conn).await.is_ok()
}
