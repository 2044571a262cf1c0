//! Documents and folders on both backends: who may do what with files (SPEC §3), the defendant
//! scope inside every read, one stored content per SHA-256, and nothing half-applied.
use bytes::Bytes;
use domain::access::roles::{DEFENCE_ADVOCATE, REVIEWER, USER};
use domain::documents::{DocumentChange, TextStatus, UploadTarget};
use domain::folders::{FolderChange, FolderInput};
use domain::{DefendantId, FolderId};
use service::testing::each_backend;
use service::{ServiceError, documents, folders};

mod support;

use support::*;

#[tokio::test]
async fn a_reviewer_reads_files_and_a_user_changes_them() {
    each_backend(|db| async move {
        let World { store, case, alice, now, .. } = world(&db).await;
        let doc =
            upload(&db, &store, &alice, case, to(None, vec![]), "Statement.txt", b"Witness statement").await.unwrap();
        let paul = invite(&db, &alice, case, "paul@cps.example.cjsm.net", REVIEWER, vec![]).await;
        let dan = invite(&db, &alice, case, "dan@swatham.cjsm.net", USER, vec![]).await;

        assert_eq!(names(&documents::list(&db, &paul, case, &in_folder(None), now).await.unwrap()), ["Statement.txt"]);
        assert_eq!(documents::content(&db, &paul, case, doc.id, now).await.unwrap().size, 17);
        let forbidden = |r: Result<_, ServiceError>| matches!(r, Err(ServiceError::Forbidden(_)));
        let target = UploadTarget::default();
        assert!(forbidden(documents::check_upload(&db, &paul, case, &target, now).await));
        assert!(forbidden(upload(&db, &store, &paul, case, to(None, vec![]), "mine.txt", b"x").await.map(|_| ())));
        assert!(forbidden(
            folders::create(&db, &paul, case, FolderInput { name: "Mine".into(), parent: None }, now).await.map(|_| ())
        ));
        let rename = DocumentChange { name: Some("Renamed.txt".into()), version: doc.version, ..Default::default() };
        assert!(forbidden(documents::change(&db, &paul, case, doc.id, rename.clone(), now).await.map(|_| ())));
        assert!(forbidden(documents::delete(&db, &store, &paul, case, doc.id, now).await));

        let folder =
            folders::create(&db, &dan, case, FolderInput { name: "Exhibits".into(), parent: None }, now).await.unwrap();
        let moved = DocumentChange { folder: Some(Some(folder.id)), ..rename };
        let changed = documents::change(&db, &dan, case, doc.id, moved, now).await.unwrap();
        assert_eq!((changed.name.as_str(), changed.folder), ("Renamed.txt", Some(folder.id)));
        let workspace = folders::workspace(&db, &dan, case, 1 << 20, now).await.unwrap();
        assert_eq!((workspace.folders[0].documents, workspace.folders[0].bytes), (1, 17));
        assert!(workspace.can_manage);
        assert!(!folders::workspace(&db, &paul, case, 1 << 20, now).await.unwrap().can_manage);
        documents::delete(&db, &store, &dan, case, doc.id, now).await.unwrap();
        assert_eq!(count(&db, "SELECT COUNT(*) FROM documents").await, 0);
        let actions: Vec<String> = sqlx::query_scalar(
            "SELECT action FROM audit_log WHERE action LIKE 'document.%' OR action LIKE 'folder.%' ORDER BY id",
        )
        .fetch_all(db.pool())
        .await
        .unwrap();
        assert_eq!(actions, ["document.uploaded", "folder.created", "document.changed", "document.deleted"]);
    })
    .await;
}

#[tokio::test]
async fn a_defence_advocate_never_receives_another_defendant_s_document() {
    each_backend(|db| async move {
        let World { store, case, alice, john, peter, now, .. } = world(&db).await;
        let folder =
            folders::create(&db, &alice, case, FolderInput { name: "Served".into(), parent: None }, now).await.unwrap();
        let f = Some(folder.id);
        upload(&db, &store, &alice, case, to(f, vec![john]), "smith.txt", b"about John").await.unwrap();
        let jones = upload(&db, &store, &alice, case, to(f, vec![peter]), "jones.txt", b"about Peter").await.unwrap();
        upload(&db, &store, &alice, case, to(f, vec![john, peter]), "both.txt", b"about both").await.unwrap();
        upload(&db, &store, &alice, case, to(f, vec![]), "common.txt", b"for everyone").await.unwrap();
        let sara = invite(&db, &alice, case, "sara@swatham.cjsm.net", DEFENCE_ADVOCATE, vec![john]).await;

        let page = documents::list(&db, &sara, case, &in_folder(f), now).await.unwrap();
        assert_eq!(names(&page), ["both.txt", "common.txt", "smith.txt"]);
        assert_eq!(page.total, 3);
        let both = page.documents.iter().find(|d| d.name == "both.txt").unwrap();
        assert_eq!(
            both.defendants.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(),
            ["John Smith"],
            "no co-defendant's name"
        );
        let hidden = |r: Result<_, ServiceError>| matches!(r, Err(ServiceError::NotFound(_)));
        assert!(hidden(documents::get(&db, &sara, case, jones.id, now).await.map(|_| ())));
        assert!(hidden(documents::content(&db, &sara, case, jones.id, now).await.map(|_| ())));
        assert!(hidden(documents::text_preview(&db, &store, &sara, case, jones.id, now).await.map(|_| ())));
        let workspace = folders::workspace(&db, &sara, case, 1 << 20, now).await.unwrap();
        assert_eq!((workspace.folders[0].documents, workspace.folders[0].bytes), (3, 10 + 10 + 12));
        assert_eq!(workspace.defendants.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["John Smith"]);
        assert_eq!(folders::removal(&db, &sara, case, folder.id, now).await.unwrap().documents, 3);
        assert_eq!(documents::list(&db, &alice, case, &in_folder(f), now).await.unwrap().total, 4);
    })
    .await;
}

#[tokio::test]
async fn the_same_bytes_are_stored_once_and_go_with_the_last_document() {
    each_backend(|db| async move {
        let World { store, case, alice, now, .. } = world(&db).await;
        let first = upload(&db, &store, &alice, case, to(None, vec![]), "a.txt", b"same bytes").await.unwrap();
        let second = upload(&db, &store, &alice, case, to(None, vec![]), "a.txt", b"same bytes").await.unwrap();
        assert_eq!(second.name, "a (2).txt", "a taken name gets a number");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM blobs").await, 1);
        let sha = documents::content(&db, &alice, case, first.id, now).await.unwrap().sha256;
        documents::delete(&db, &store, &alice, case, first.id, now).await.unwrap();
        assert!(store.read(&sha, None).await.is_ok(), "still used by the second");
        documents::delete(&db, &store, &alice, case, second.id, now).await.unwrap();
        assert_eq!(count(&db, "SELECT COUNT(*) FROM blobs").await, 0);
        assert!(store.read(&sha, None).await.is_err(), "gone from the store");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'document.deleted'").await, 2);
    })
    .await;
}

#[tokio::test]
async fn bad_uploads_change_nothing() {
    each_backend(|db| async move {
        let World { store, case, alice, .. } = world(&db).await;
        let invalid =
            |r: Result<_, ServiceError>| matches!(r, Err(ServiceError::Validation(ref v)) if v.field == "file");
        assert!(invalid(upload(&db, &store, &alice, case, to(None, vec![]), "empty.txt", b"").await));
        assert!(invalid(upload(&db, &store, &alice, case, to(None, vec![]), "../etc/passwd", b"x").await));
        assert!(invalid(upload(&db, &store, &alice, case, to(None, vec![]), "line\nbreak.txt", b"x").await));
        let unknown = upload(&db, &store, &alice, case, to(None, vec![DefendantId(999_999)]), "a.txt", b"x").await;
        assert!(matches!(unknown, Err(ServiceError::Validation(ref v)) if v.field == "defendants"), "{unknown:?}");
        let nowhere = upload(&db, &store, &alice, case, to(Some(FolderId(999_999)), vec![]), "a.txt", b"x").await;
        assert!(matches!(nowhere, Err(ServiceError::NotFound(_))));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM documents").await, 0);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM blobs").await, 0, "a refused upload leaves no content behind");
        // A good file beside an empty one: neither is stored, not even the good one's bytes.
        let (good, empty) = (stage(&store, b"kept?").await, stage(&store, b"").await);
        let sha = good.sha256.clone();
        let files = [("good.txt".to_string(), good), ("empty.txt".to_string(), empty)];
        let refused = documents::upload(&db, &store, &alice, case, &to(None, vec![]), &files, service::now()).await;
        assert!(matches!(refused, Err(ServiceError::Validation(_))), "{refused:?}");
        assert!(store.read(&sha, None).await.is_err(), "the good file's bytes did not reach the store");

        let too_big = futures::stream::iter(vec![Ok::<_, std::io::Error>(Bytes::from(vec![7u8; 2048]))]);
        assert!(matches!(store.stage(too_big, 1024).await, Err(service::blobs::StageError::TooLarge { limit: 1024 })));
        let broken = futures::stream::iter(vec![Ok(Bytes::from_static(b"part")), Err(std::io::Error::other("reset"))]);
        assert!(matches!(store.stage(broken, 1024).await, Err(service::blobs::StageError::Interrupted(_))));
    })
    .await;
}

#[tokio::test]
async fn text_is_extracted_where_it_can_be_and_its_absence_is_marked() {
    each_backend(|db| async move {
        let World { store, case, alice, .. } = world(&db).await;
        let html = upload(
            &db,
            &store,
            &alice,
            case,
            to(None, vec![]),
            "page.html",
            b"<p>Hello <b>court</b></p><script>x()</script>",
        )
        .await
        .unwrap();
        assert_eq!(html.text, TextStatus::Extracted);
        let body: String = sqlx::query_scalar("SELECT body FROM document_texts WHERE document_id = $1")
            .bind(html.id.0)
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(body, "Hello court");
        let preview =
            documents::text_preview(&db, &store, &alice, case, html.id, service::now()).await.unwrap().unwrap();
        assert_eq!(preview.text, "<p>Hello <b>court</b></p><script>x()</script>", "the viewer shows the source");
        assert!(!preview.truncated);
        let broken =
            upload(&db, &store, &alice, case, to(None, vec![]), "scan.pdf", b"%PDF-1.4 not really").await.unwrap();
        assert_eq!(broken.text, TextStatus::Failed);
        let image = upload(&db, &store, &alice, case, to(None, vec![]), "photo.png", b"\x89PNG").await.unwrap();
        assert_eq!(image.text, TextStatus::None);
        assert_eq!(documents::text_preview(&db, &store, &alice, case, image.id, service::now()).await.unwrap(), None);
    })
    .await;
}

#[tokio::test]
async fn folders_move_rename_and_delete_as_a_tree() {
    each_backend(|db| async move {
        let World { store, case, alice, now, .. } = world(&db).await;
        let folder = |name: &str, parent| FolderInput { name: name.into(), parent };
        let top = folders::create(&db, &alice, case, folder("Evidence", None), now).await.unwrap();
        let inner = folders::create(&db, &alice, case, folder("Photos", Some(top.id)), now).await.unwrap();
        let clash = folders::create(&db, &alice, case, folder("evidence", None), now).await;
        assert!(matches!(clash, Err(ServiceError::Conflict { .. })), "{clash:?}");
        let into_itself =
            folders::change(&db, &alice, case, top.id, FolderChange { parent: Some(Some(inner.id)), name: None }, now)
                .await;
        assert!(matches!(into_itself, Err(ServiceError::Validation(_))), "{into_itself:?}");
        let moved = folders::change(
            &db,
            &alice,
            case,
            inner.id,
            FolderChange { parent: Some(None), name: Some("Images".into()) },
            now,
        )
        .await
        .unwrap();
        assert_eq!((moved.parent, moved.name.as_str()), (None, "Images"));
        folders::change(&db, &alice, case, inner.id, FolderChange { parent: Some(Some(top.id)), name: None }, now)
            .await
            .unwrap();
        upload(&db, &store, &alice, case, to(Some(inner.id), vec![]), "one.png", b"1").await.unwrap();
        upload(&db, &store, &alice, case, to(Some(top.id), vec![]), "two.txt", b"2").await.unwrap();
        assert_eq!(folders::removal(&db, &alice, case, top.id, now).await.unwrap().documents, 2);
        let removed = folders::delete(&db, &store, &alice, case, top.id, now).await.unwrap();
        assert_eq!((removed.folders, removed.documents), (2, 2));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM folders").await, 0);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM documents").await, 0);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM blobs").await, 0);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'folder.deleted'").await, 1);
    })
    .await;
}

#[tokio::test]
async fn a_stale_version_is_refused_and_deleting_the_case_takes_its_documents() {
    each_backend(|db| async move {
        let World { store, case, alice, now, .. } = world(&db).await;
        let doc = upload(&db, &store, &alice, case, to(None, vec![]), "a.txt", b"bytes").await.unwrap();
        let rename =
            |name: &str| DocumentChange { name: Some(name.into()), version: doc.version, ..Default::default() };
        documents::change(&db, &alice, case, doc.id, rename("b.txt"), now).await.unwrap();
        let stale = documents::change(&db, &alice, case, doc.id, rename("c.txt"), now).await;
        assert!(matches!(stale, Err(ServiceError::Conflict { .. })), "{stale:?}");
        let sha = documents::content(&db, &alice, case, doc.id, now).await.unwrap().sha256;
        service::cases::delete(&db, &store, &alice, case, now).await.unwrap();
        assert_eq!(count(&db, "SELECT COUNT(*) FROM documents").await, 0);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM blobs").await, 0);
        assert!(store.read(&sha, None).await.is_err());
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'document.uploaded'").await,
            1,
            "the audit stays"
        );
    })
    .await;
}
