//! Notes and redactions on both backends: who adds and deletes them, anchors that fit the
//! document, the defendant scope, and a stored original that never changes.
mod support;

use domain::access::roles::{DEFENCE_ADVOCATE, REVIEWER, USER};
use domain::annotations::{Anchor, AnnotationInput, AnnotationKind};
use service::testing::each_backend;
use service::{ServiceError, annotations, documents};
use support::*;

fn note(anchor: Anchor, text: &str) -> AnnotationInput {
    AnnotationInput { kind: AnnotationKind::Note, text: text.into(), anchor }
}

fn redaction(start: i64, end: i64) -> AnnotationInput {
    AnnotationInput {
        kind: AnnotationKind::Redaction,
        text: "Home address".into(),
        anchor: Anchor::Text { start, end },
    }
}

#[tokio::test]
async fn reviewers_annotate_their_own_and_a_tag_manager_tidies_up() {
    each_backend(|db| async move {
        let World { store, case, alice, now, .. } = world(&db).await;
        let doc = upload(&db, &store, &alice, case, to(None, vec![]), "witness.txt", b"John Smith, 12 Oak Road")
            .await
            .unwrap();
        let paul = invite(&db, &alice, case, "paul@cps.example.cjsm.net", REVIEWER, vec![]).await;
        let mark = invite(&db, &alice, case, "mark@cps.example.cjsm.net", REVIEWER, vec![]).await;
        let dan = invite(&db, &alice, case, "dan@swatham.cjsm.net", USER, vec![]).await;

        let first =
            annotations::add(&db, &paul, case, doc.id, note(Anchor::Text { start: 0, end: 10 }, "Who is he?"), now)
                .await
                .unwrap();
        let hidden = annotations::add(&db, &paul, case, doc.id, redaction(12, 23), now).await.unwrap();
        let listed = annotations::list(&db, &mark, case, doc.id, now).await.unwrap();
        assert_eq!(
            listed.iter().map(|a| (a.kind, a.author.as_str(), a.can_delete)).collect::<Vec<_>>(),
            [(AnnotationKind::Note, "Paul Price", false), (AnnotationKind::Redaction, "Paul Price", false)]
        );
        let refused = annotations::delete(&db, &mark, case, doc.id, first.id, now).await;
        assert!(matches!(refused, Err(ServiceError::Forbidden(_))), "{refused:?}");
        annotations::delete(&db, &paul, case, doc.id, first.id, now).await.unwrap();
        assert!(annotations::list(&db, &dan, case, doc.id, now).await.unwrap()[0].can_delete);
        annotations::delete(&db, &dan, case, doc.id, hidden.id, now).await.unwrap();
        assert!(annotations::list(&db, &paul, case, doc.id, now).await.unwrap().is_empty());

        // The stored original is the uploaded bytes still.
        let content = documents::content(&db, &paul, case, doc.id, now).await.unwrap();
        assert_eq!((content.size, content.sha256), (doc.size as u64, sha256_of(b"John Smith, 12 Oak Road")));
        let actions: Vec<String> = sqlx::query_scalar(
            "SELECT action FROM audit_log WHERE action LIKE 'note.%' OR action LIKE 'redaction.%' ORDER BY id",
        )
        .fetch_all(db.pool())
        .await
        .unwrap();
        assert_eq!(actions, ["note.added", "redaction.added", "note.deleted", "redaction.deleted"]);
    })
    .await;
}

#[tokio::test]
async fn anchors_that_do_not_fit_and_documents_out_of_scope_change_nothing() {
    each_backend(|db| async move {
        let World { store, case, john, peter, alice, now } = world(&db).await;
        let text = upload(&db, &store, &alice, case, to(None, vec![]), "a.txt", b"short").await.unwrap();
        let peters = upload(&db, &store, &alice, case, to(None, vec![peter]), "p.txt", b"peter's").await.unwrap();
        for input in [
            redaction(3, 99),
            note(Anchor::Page { page: 1 }, "page of a text?"),
            note(Anchor::Text { start: 0, end: 1 }, " "),
        ] {
            let refused = annotations::add(&db, &alice, case, text.id, input.clone(), now).await;
            assert!(matches!(refused, Err(ServiceError::Validation(_))), "{input:?}: {refused:?}");
        }
        let sara = invite(&db, &alice, case, "sara@swatham.cjsm.net", DEFENCE_ADVOCATE, vec![john]).await;
        annotations::add(&db, &alice, case, peters.id, redaction(0, 5), now).await.unwrap();
        let hidden = annotations::list(&db, &sara, case, peters.id, now).await;
        assert!(matches!(hidden, Err(ServiceError::NotFound(_))), "{hidden:?}");
        let added = annotations::add(&db, &sara, case, peters.id, redaction(0, 2), now).await;
        assert!(matches!(added, Err(ServiceError::NotFound(_))), "{added:?}");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM annotations").await, 1);
    })
    .await;
}

fn sha256_of(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
