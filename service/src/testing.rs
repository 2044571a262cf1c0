//! Test support (feature `testing`): runs a test on a fresh SQLite file and, when PostgreSQL answers on 127.0.0.1:5432 (or at
//! `CASEWARD_TEST_POSTGRES`), on a fresh database there too, dropped afterwards.
use crate::{Actor, Db};
use futures::FutureExt;
use std::future::Future;
use std::panic::AssertUnwindSafe;

pub fn postgres_server() -> Option<String> {
    let url = std::env::var("CASEWARD_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    if url == "off" {
        return None;
    }
    let host = url.rsplit('@').next()?.split('/').next()?.to_string();
    let addr = std::net::ToSocketAddrs::to_socket_addrs(&host).ok()?.next()?;
    match std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_secs(1)) {
        Ok(_) => Some(url.trim_end_matches('/').to_string()),
        Err(_) => {
            eprintln!("PostgreSQL does not answer at {host}: this test ran on SQLite only");
            None
        }
    }
}

pub async fn each_backend<F, Fut>(test: F)
where
    F: Fn(Db) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&format!("sqlite://{}/test.db", dir.path().display())).await.unwrap();
    crate::start(&db).await.unwrap();
    test(db.clone()).await;
    db.close().await;

    if let Some(server) = postgres_server() {
        let name = format!("caseward_test_{:016x}", rand::random::<u64>());
        let admin = Db::admin_connect(&format!("{server}/postgres")).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.unwrap();
        let db = Db::connect(&format!("{server}/{name}")).await.unwrap();
        crate::start(&db).await.unwrap();
        let outcome = AssertUnwindSafe(test(db.clone())).catch_unwind().await;
        db.close().await;
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&admin).await.unwrap();
        admin.close().await;
        if let Err(panic) = outcome {
            std::panic::resume_unwind(panic);
        }
    }
}

/// A database with the demo world loaded.
pub async fn demo(db: &Db) {
    crate::demo::load_if_empty(db, crate::now()).await.unwrap();
}

/// A demo case's id, by its reference (`CASE-0001`).
pub async fn case_id(db: &Db, reference: &str) -> domain::CaseId {
    let (id,): (i64,) =
        sqlx::query_as("SELECT id FROM cases WHERE reference = $1").bind(reference).fetch_one(db.pool()).await.unwrap();
    domain::CaseId(id)
}

pub async fn user(db: &Db, email: &str) -> Actor {
    crate::accounts::user_by_email(db, email).await.unwrap().unwrap_or_else(|| panic!("no user {email}"))
}

/// A blob store in a fresh folder of its own, for tests that store documents.
pub fn blobs() -> crate::blobs::BlobStore {
    let root = std::env::temp_dir().join(format!("caseward-test-blobs-{:016x}", rand::random::<u64>()));
    crate::blobs::BlobStore::open(&root.join("store").display().to_string(), &root.join("staging")).unwrap()
}
