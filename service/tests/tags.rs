//! Tags on both backends: who keeps the tag list and who tags documents (SPEC §3), counts and
//! changes within the defendant scope, the tag filter, and nothing half-applied.
mod support;

use domain::access::roles::{DEFENCE_ADVOCATE, REVIEWER, USER};
use domain::documents::DocumentQuery;
use domain::tags::{TagColour, TagInput, Tagging, TaggingInput};
use domain::{DocumentId, TagId};
use service::testing::each_backend;
use service::{ServiceError, documents, tags};
use support::*;

fn tag(name: &str, colour: TagColour) -> TagInput {
    TagInput { name: name.into(), colour, version: None }
}

fn apply(documents: &[DocumentId]) -> TaggingInput {
    TaggingInput { action: Tagging::Apply, documents: documents.to_vec() }
}

fn forbidden<T>(result: Result<T, ServiceError>) -> bool {
    matches!(result, Err(ServiceError::Forbidden(_)))
}

#[tokio::test]
async fn a_reviewer_tags_documents_and_a_user_keeps_the_tag_list() {
    each_backend(|db| async move {
        let World { store, case, alice, now, .. } = world(&db).await;
        let a = upload(&db, &store, &alice, case, to(None, vec![]), "a.txt", b"alpha").await.unwrap();
        let b = upload(&db, &store, &alice, case, to(None, vec![]), "b.txt", b"beta").await.unwrap();
        let paul = invite(&db, &alice, case, "paul@cps.example.cjsm.net", REVIEWER, vec![]).await;
        let dan = invite(&db, &alice, case, "dan@swatham.cjsm.net", USER, vec![]).await;

        assert!(forbidden(tags::create(&db, &paul, case, tag("Hot", TagColour::Red), now).await));
        let hot = tags::create(&db, &dan, case, tag("Hot", TagColour::Red), now).await.unwrap();
        let clash = tags::create(&db, &dan, case, tag("hot", TagColour::Blue), now).await;
        assert!(matches!(clash, Err(ServiceError::Conflict { .. })), "{clash:?}");

        let tagged = tags::tag_documents(&db, &paul, case, hot.id, apply(&[a.id, b.id, a.id]), now).await.unwrap();
        assert_eq!(tagged.changed, 2);
        // Tagging again changes nothing and says so.
        assert_eq!(tags::tag_documents(&db, &paul, case, hot.id, apply(&[a.id]), now).await.unwrap().changed, 0);
        let listed = tags::list(&db, &paul, case, now).await.unwrap();
        assert_eq!((listed[0].name.as_str(), listed[0].documents), ("Hot", 2));
        let shown = documents::get(&db, &paul, case, a.id, now).await.unwrap();
        assert_eq!(
            shown.tags.iter().map(|t| (t.name.as_str(), t.colour)).collect::<Vec<_>>(),
            [("Hot", TagColour::Red)]
        );

        // The tag filter looks in every folder.
        let filtered = DocumentQuery { tag: Some(hot.id), ..Default::default() };
        assert_eq!(documents::list(&db, &paul, case, &filtered, now).await.unwrap().total, 2);
        let untag = TaggingInput { action: Tagging::Remove, documents: vec![b.id] };
        assert_eq!(tags::tag_documents(&db, &paul, case, hot.id, untag, now).await.unwrap().changed, 1);
        assert_eq!(names(&documents::list(&db, &paul, case, &filtered, now).await.unwrap()), ["a.txt"]);

        let renamed = TagInput { version: Some(hot.version), ..tag("Key", TagColour::Green) };
        assert!(forbidden(tags::change(&db, &paul, case, hot.id, renamed.clone(), now).await));
        let key = tags::change(&db, &dan, case, hot.id, renamed.clone(), now).await.unwrap();
        assert_eq!((key.name.as_str(), key.colour, key.documents), ("Key", TagColour::Green, 1));
        let stale = tags::change(&db, &dan, case, hot.id, renamed, now).await;
        assert!(matches!(stale, Err(ServiceError::Conflict { .. })), "{stale:?}");

        assert!(forbidden(tags::delete(&db, &paul, case, hot.id, now).await));
        assert_eq!(tags::delete(&db, &dan, case, hot.id, now).await.unwrap().documents, 1);
        assert!(documents::get(&db, &paul, case, a.id, now).await.unwrap().tags.is_empty());
        assert_eq!(count(&db, "SELECT COUNT(*) FROM documents").await, 2);
        let actions: Vec<String> =
            sqlx::query_scalar("SELECT action FROM audit_log WHERE action LIKE 'tag.%' ORDER BY id")
                .fetch_all(db.pool())
                .await
                .unwrap();
        assert_eq!(actions, ["tag.created", "tag.applied", "tag.removed", "tag.changed", "tag.deleted"]);
    })
    .await;
}

#[tokio::test]
async fn a_scoped_annotator_counts_and_tags_only_their_defendants_documents() {
    each_backend(|db| async move {
        let World { store, case, john, peter, alice, now } = world(&db).await;
        let johns = upload(&db, &store, &alice, case, to(None, vec![john]), "john.txt", b"j").await.unwrap();
        let peters = upload(&db, &store, &alice, case, to(None, vec![peter]), "peter.txt", b"p").await.unwrap();
        let hot = tags::create(&db, &alice, case, tag("Hot", TagColour::Red), now).await.unwrap();
        tags::tag_documents(&db, &alice, case, hot.id, apply(&[johns.id, peters.id]), now).await.unwrap();
        let sara = invite(&db, &alice, case, "sara@swatham.cjsm.net", DEFENCE_ADVOCATE, vec![john]).await;

        assert_eq!(tags::list(&db, &sara, case, now).await.unwrap()[0].documents, 1);
        // A selection naming a document outside the scope is refused whole, as if it did not exist.
        let remove = TaggingInput { action: Tagging::Remove, documents: vec![johns.id, peters.id] };
        let refused = tags::tag_documents(&db, &sara, case, hot.id, remove, now).await;
        assert!(matches!(refused, Err(ServiceError::NotFound(_))), "{refused:?}");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM document_tags").await, 2);
        let unknown_tag = tags::tag_documents(&db, &sara, case, TagId(9999), apply(&[johns.id]), now).await;
        assert!(matches!(unknown_tag, Err(ServiceError::NotFound(_))), "{unknown_tag:?}");
        // Id 0 is no tag either (it once read as "every tag").
        let audits = count(&db, "SELECT COUNT(*) FROM audit_log").await;
        assert!(matches!(tags::delete(&db, &alice, case, TagId(0), now).await, Err(ServiceError::NotFound(_))));
        assert!(matches!(
            tags::tag_documents(&db, &alice, case, TagId(0), apply(&[johns.id]), now).await,
            Err(ServiceError::NotFound(_))
        ));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log").await, audits);
    })
    .await;
}
