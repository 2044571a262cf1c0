//! What the document tests (documents, tags, search) start from: the demo world, a blob store of
//! its own, CASE-0001 with its owner and defendants, and short ways to upload and invite.
#![allow(dead_code)] // Each test file uses its own part of this.
use bytes::Bytes;
use domain::documents::{DocumentQuery, UploadTarget};
use domain::members::InviteInput;
use domain::{CaseId, DefendantId, FolderId};
use service::blobs::{BlobStore, Staged};
use service::testing::{blobs, demo, user};
use service::{Actor, Db, ServiceError, documents, members};

pub const BASE: &str = "http://caseward.test";

pub async fn case_0001(db: &Db) -> (CaseId, DefendantId, DefendantId) {
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM cases WHERE reference = 'CASE-0001'").fetch_one(db.pool()).await.unwrap();
    let ds: Vec<i64> = sqlx::query_scalar("SELECT id FROM defendants WHERE case_id = $1 ORDER BY position")
        .bind(id)
        .fetch_all(db.pool())
        .await
        .unwrap();
    (CaseId(id), DefendantId(ds[0]), DefendantId(ds[1]))
}

pub async fn stage(store: &BlobStore, bytes: &[u8]) -> Staged {
    let body = futures::stream::iter(vec![Ok::<_, std::io::Error>(Bytes::copy_from_slice(bytes))]);
    store.stage(body, 1 << 20).await.unwrap_or_else(|_| panic!("staging failed"))
}

/// What every test starts from: the demo world, a store of its own, CASE-0001 and its owner.
pub struct World {
    pub store: BlobStore,
    pub case: CaseId,
    pub john: DefendantId,
    pub peter: DefendantId,
    pub alice: Actor,
    pub now: domain::Timestamp,
}

pub async fn world(db: &Db) -> World {
    demo(db).await;
    let (case, john, peter) = case_0001(db).await;
    let alice = user(db, "alice@cps.example.cjsm.net").await;
    World { store: blobs(), case, john, peter, alice, now: service::now() }
}

pub fn to(folder: Option<FolderId>, defendants: Vec<DefendantId>) -> UploadTarget {
    UploadTarget { folder, defendants }
}

pub async fn upload(
    db: &Db,
    store: &BlobStore,
    actor: &Actor,
    case: CaseId,
    target: UploadTarget,
    name: &str,
    bytes: &[u8],
) -> Result<domain::documents::DocumentView, ServiceError> {
    let staged = stage(store, bytes).await;
    documents::upload(db, store, actor, case, &target, &[(name.to_string(), staged)], service::now())
        .await
        .map(|mut v| v.remove(0))
}

pub async fn invite(
    db: &Db,
    alice: &Actor,
    case: CaseId,
    email: &str,
    role: &str,
    defendants: Vec<DefendantId>,
) -> Actor {
    let input = InviteInput { email: email.into(), role: role.into(), defendants, ..Default::default() };
    members::invite(db, alice, case, input, service::now(), BASE).await.unwrap();
    user(db, email).await
}

/// The bytes of a file the server stored (a production's ZIP, a report's CSV).
pub async fn stored_bytes(store: &BlobStore, location: &str) -> Vec<u8> {
    use futures::StreamExt;
    let mut stream = Box::pin(store.read_file(location).await.unwrap());
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        bytes.extend_from_slice(&chunk.unwrap());
    }
    bytes
}

pub async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db.pool()).await.unwrap()
}

pub fn names(page: &domain::documents::DocumentPage) -> Vec<&str> {
    page.documents.iter().map(|d| d.name.as_str()).collect()
}

pub fn in_folder(folder: Option<FolderId>) -> DocumentQuery {
    DocumentQuery { folder, ..Default::default() }
}
