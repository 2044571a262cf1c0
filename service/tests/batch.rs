//! Batch updates on both backends: who may make them, a count confirmed before the change, and
//! one transaction for a thousand documents, so that a batch killed half-way changes nothing.
mod support;

use domain::access::roles::{ADMIN, USER};
use domain::documents::batch::{BatchChange, BatchInput, DocumentSet};
use domain::folders::FolderInput;
use domain::search::SearchQuery;
use domain::tags::{TagColour, TagInput};
use domain::{CaseId, DocumentId};
use service::testing::each_backend;
use service::{Backend, Db, ServiceError, documents, folders, tags};
use support::*;

/// `n` documents named `exhibit-0001.txt`…, written straight into the tables: the batch, not the
/// upload, is under test.
async fn exhibits(db: &Db, case: CaseId, n: usize) -> Vec<DocumentId> {
    let now = service::now().0;
    sqlx::query("INSERT INTO blobs (sha256, size, created_at) VALUES ('e3b0', 1, $1)")
        .bind(now)
        .execute(db.pool())
        .await
        .unwrap();
    let mut tx = db.pool().begin().await.unwrap();
    let mut ids = Vec::with_capacity(n);
    for i in 1..=n {
        let name = format!("exhibit-{i:04}.txt");
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO documents (case_id, name, name_key, content_type, size, sha256, text_status, uploaded_at, updated_at) \
             VALUES ($1, $2, $2, 'text/plain', 1, 'e3b0', 'none', $3, $3) RETURNING id",
        )
        .bind(case.0)
        .bind(&name)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        ids.push(DocumentId(id));
    }
    tx.commit().await.unwrap();
    ids
}

fn every_exhibit(change: BatchChange, expected: Option<i64>) -> BatchInput {
    BatchInput {
        target: DocumentSet::Search { query: SearchQuery { text: "exhibit".into(), ..Default::default() } },
        change,
        expected,
    }
}

async fn tag(db: &Db, case: CaseId, actor: &service::Actor, name: &str) -> domain::TagId {
    tags::create(
        db,
        actor,
        case,
        TagInput { name: name.into(), colour: TagColour::Teal, version: None },
        service::now(),
    )
    .await
    .unwrap()
    .id
}

#[tokio::test]
async fn a_thousand_documents_change_in_one_transaction_or_not_at_all() {
    each_backend(|db| async move {
        let World { case, alice, now, .. } = world(&db).await;
        let ids = exhibits(&db, case, 1000).await;
        let reviewed = tag(&db, case, &alice, "Reviewed").await;
        let apply = BatchChange::ApplyTag { tag: reviewed };
        assert_eq!(documents::batch_preview(&db, &alice, case, &every_exhibit(apply.clone(), None), now).await.unwrap().documents, 1000);
        let stale = documents::batch_update(&db, &alice, case, every_exhibit(apply.clone(), Some(999)), now).await;
        assert!(matches!(stale, Err(ServiceError::Conflict { .. })), "{stale:?}");
        let done = documents::batch_update(&db, &alice, case, every_exhibit(apply, Some(1000)), now).await.unwrap();
        assert_eq!((done.documents, done.changed), (1000, 1000));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM document_tags").await, 1000);

        // A batch that fails at its 700th document (in its second statement) leaves nothing behind.
        let killer = ids[699].0;
        match db.backend() {
            Backend::Sqlite => {
                sqlx::query(&format!(
                    "CREATE TRIGGER kill_batch BEFORE INSERT ON document_tags WHEN new.document_id = {killer} \
                     BEGIN SELECT RAISE(ABORT, 'killed half-way'); END"
                ))
                .execute(db.pool())
                .await
                .unwrap();
            }
            Backend::Postgres => {
                sqlx::query(&format!(
                    "CREATE FUNCTION kill_batch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                     IF NEW.document_id = {killer} THEN RAISE EXCEPTION 'killed half-way'; END IF; RETURN NEW; END $$"
                ))
                .execute(db.pool())
                .await
                .unwrap();
                sqlx::query("CREATE TRIGGER kill_batch BEFORE INSERT ON document_tags FOR EACH ROW EXECUTE FUNCTION kill_batch()")
                    .execute(db.pool())
                    .await
                    .unwrap();
            }
        }
        let hot = tag(&db, case, &alice, "Hot").await;
        let audits = count(&db, "SELECT COUNT(*) FROM audit_log").await;
        let killed = documents::batch_update(&db, &alice, case, every_exhibit(BatchChange::ApplyTag { tag: hot }, None), now).await;
        assert!(matches!(killed, Err(ServiceError::Internal(_))), "{killed:?}");
        assert_eq!(count(&db, &format!("SELECT COUNT(*) FROM document_tags WHERE tag_id = {}", hot.0)).await, 0);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log").await, audits);
        let entries = count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'documents.batch_updated'").await;
        assert_eq!(entries, 1);
    })
    .await;
}

#[tokio::test]
async fn batch_update_is_an_admin_s_and_moves_and_sets_defendants_of_a_selection() {
    each_backend(|db| async move {
        let World { case, alice, john, now, .. } = world(&db).await;
        let ids = exhibits(&db, case, 3).await;
        let dan = invite(&db, &alice, case, "dan@swatham.cjsm.net", USER, vec![]).await;
        let mark = invite(&db, &alice, case, "mark@cps.example.cjsm.net", ADMIN, vec![]).await;
        let folder =
            folders::create(&db, &alice, case, FolderInput { name: "Bundle".into(), parent: None }, now).await.unwrap();
        let selection = DocumentSet::Documents { documents: ids[..2].to_vec() };
        let moving = BatchInput {
            target: selection.clone(),
            change: BatchChange::Move { folder: Some(folder.id) },
            expected: Some(2),
        };
        let refused = documents::batch_update(&db, &dan, case, moving.clone(), now).await;
        assert!(matches!(refused, Err(ServiceError::Forbidden(_))), "{refused:?}");
        assert_eq!(documents::batch_update(&db, &mark, case, moving, now).await.unwrap().changed, 2);
        let moved = documents::list(&db, &mark, case, &in_folder(Some(folder.id)), now).await.unwrap();
        assert_eq!(names(&moved), ["exhibit-0001.txt", "exhibit-0002.txt"]);

        let concern = BatchInput {
            target: selection,
            change: BatchChange::SetDefendants { defendants: vec![john] },
            expected: None,
        };
        documents::batch_update(&db, &mark, case, concern, now).await.unwrap();
        let shown = documents::get(&db, &mark, case, ids[0], now).await.unwrap();
        assert_eq!(shown.defendants.iter().map(|d| d.id).collect::<Vec<_>>(), [john]);
        assert_eq!(shown.version, 3);

        let unknown = BatchInput {
            target: DocumentSet::Documents { documents: vec![DocumentId(999_999)] },
            change: BatchChange::Move { folder: None },
            expected: None,
        };
        assert!(matches!(
            documents::batch_update(&db, &mark, case, unknown, now).await,
            Err(ServiceError::NotFound(_))
        ));
    })
    .await;
}
