//! Reports on both backends: the CSV of a search's or a tag's documents with their tags,
//! defendants, annotations and uploader, within the maker's scope; who creates and deletes them.
mod support;

use domain::access::roles::{DEFENCE_ADVOCATE, REVIEWER, USER};
use domain::annotations::{Anchor, AnnotationInput, AnnotationKind};
use domain::reports::ReportInput;
use domain::search::SearchQuery;
use domain::tags::{TagColour, TagInput, Tagging, TaggingInput};
use service::testing::each_backend;
use service::{ServiceError, annotations, reports, tags};
use support::*;

async fn csv_of(store: &service::blobs::BlobStore, location: &str) -> String {
    String::from_utf8(stored_bytes(store, location).await).unwrap()
}

#[tokio::test]
async fn a_report_lists_a_tags_documents_as_its_maker_sees_them() {
    each_backend(|db| async move {
        let World { store, case, alice, john, peter, now } = world(&db).await;
        let both = upload(&db, &store, &alice, case, to(None, vec![john, peter]), "both.txt", b"knife").await.unwrap();
        let peters = upload(&db, &store, &alice, case, to(None, vec![peter]), "=cmd.txt", b"knife").await.unwrap();
        upload(&db, &store, &alice, case, to(None, vec![]), "untagged.txt", b"knife").await.unwrap();
        let key = tags::create(
            &db,
            &alice,
            case,
            TagInput { name: "Key".into(), colour: TagColour::Red, version: None },
            now,
        )
        .await
        .unwrap();
        let tagging = TaggingInput { action: Tagging::Apply, documents: vec![both.id, peters.id] };
        tags::tag_documents(&db, &alice, case, key.id, tagging, now).await.unwrap();
        let note = AnnotationInput {
            kind: AnnotationKind::Note,
            text: "See".into(),
            anchor: Anchor::Text { start: 0, end: 2 },
        };
        annotations::add(&db, &alice, case, both.id, note, now).await.unwrap();
        let paul = invite(&db, &alice, case, "paul@cps.example.cjsm.net", REVIEWER, vec![]).await;
        let dan = invite(&db, &alice, case, "dan@swatham.cjsm.net", USER, vec![]).await;
        let sara = invite(&db, &alice, case, "sara@swatham.cjsm.net", DEFENCE_ADVOCATE, vec![john]).await;

        let tagged = ReportInput {
            name: "Key documents".into(),
            query: SearchQuery { tag: Some(key.id), ..Default::default() },
        };
        let by_paul = reports::create(&db, &store, &paul, case, tagged.clone(), now).await.unwrap();
        assert_eq!(by_paul.documents, 2);
        let csv = csv_of(&store, &reports::content(&db, &paul, case, by_paul.id, now).await.unwrap().location).await;
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "Document,Name,Folder,Uploaded by,Uploaded at,Size,Defendants,Tags,Annotations");
        assert_eq!(lines.len(), 3);
        assert!(
            lines
                .iter()
                .any(|l| l.contains(",both.txt,/,Alice Archer,") && l.ends_with(",5,John Smith; Peter Jones,Key,1")),
            "{csv}"
        );
        assert!(lines.iter().any(|l| l.contains(",'=cmd.txt,/,")), "a name that looks like a formula is text: {csv}");

        // Sara (John's material only) reports only what she sees, and only she and the unscoped
        // see her report; Paul's, made from everyone's material, is not hers to see.
        let by_sara = reports::create(&db, &store, &sara, case, tagged, now).await.unwrap();
        assert_eq!(by_sara.documents, 1);
        let hers = csv_of(&store, &reports::content(&db, &sara, case, by_sara.id, now).await.unwrap().location).await;
        assert!(hers.contains(",John Smith,Key,1") && !hers.contains("Peter"), "{hers}");
        let seen = reports::list(&db, &sara, case, None, None, now).await.unwrap();
        assert_eq!(seen.reports.iter().map(|r| r.id).collect::<Vec<_>>(), [by_sara.id]);
        assert!(matches!(reports::content(&db, &sara, case, by_paul.id, now).await, Err(ServiceError::NotFound(_))));
        assert_eq!(reports::list(&db, &paul, case, None, None, now).await.unwrap().total, 2);

        assert!(matches!(
            reports::delete(&db, &store, &paul, case, by_paul.id, now).await,
            Err(ServiceError::Forbidden(_))
        ));
        let location = reports::content(&db, &dan, case, by_paul.id, now).await.unwrap().location;
        reports::delete(&db, &store, &dan, case, by_paul.id, now).await.unwrap();
        assert!(store.read_file(&location).await.is_err(), "its file went with it");
        let unnamed = ReportInput { name: " ".into(), query: SearchQuery::default() };
        assert!(matches!(
            reports::create(&db, &store, &paul, case, unnamed, now).await,
            Err(ServiceError::Validation(_))
        ));
    })
    .await;
}
