//! Productions on both backends: a ZIP in Bates order with redactions applied (text █, image
//! areas burned in, a redacted PDF withheld behind a slip), the load file, who creates, sees,
//! deletes and shares them, and shared links that open for their named person only.
mod support;

use domain::access::roles::{DEFENCE_ADVOCATE, REVIEWER, USER};
use domain::annotations::{Anchor, AnnotationInput, AnnotationKind, redact};
use domain::documents::batch::DocumentSet;
use domain::productions::{ProductionInput, ProductionStatus, ShareInput, slip_pdf};
use domain::{DocumentId, ProductionId, Timestamp};
use service::blobs::BlobStore;
use service::testing::{each_backend, user};
use service::{Actor, Db, ServiceError, annotations, cases, documents, productions};
use std::io::Read;
use support::*;

const STATEMENT: &str = "Witness: John Smith of 12 Oak Road, Leeds. He saw the knife.";

fn redaction(anchor: Anchor) -> AnnotationInput {
    AnnotationInput { kind: AnnotationKind::Redaction, text: "Home address".into(), anchor }
}

fn of(documents: &[DocumentId]) -> ProductionInput {
    ProductionInput {
        name: "First disclosure".into(),
        bates_prefix: "SMITH-".into(),
        bates_start: 100,
        documents: DocumentSet::Documents { documents: documents.to_vec() },
    }
}

/// A 10 × 10 white PNG.
fn white_png() -> Vec<u8> {
    let image = image::RgbImage::from_pixel(10, 10, image::Rgb([255, 255, 255]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image).write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn zip_of(
    db: &Db,
    store: &BlobStore,
    actor: &Actor,
    case: domain::CaseId,
    id: ProductionId,
) -> zip::ZipArchive<std::io::Cursor<Vec<u8>>> {
    let download = productions::content(db, actor, case, id, service::now()).await.unwrap();
    let bytes = stored_bytes(store, &download.location).await;
    assert_eq!(bytes.len() as u64, download.size);
    zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap()
}

fn entry(archive: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str) -> Vec<u8> {
    let mut file = archive.by_name(name).unwrap_or_else(|_| panic!("no {name} in the ZIP"));
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).unwrap();
    bytes
}

#[tokio::test]
async fn a_production_holds_each_document_as_it_may_leave_in_bates_order() {
    each_backend(|db| async move {
        let World { store, case, alice, john, now, .. } = world(&db).await;
        let statement =
            upload(&db, &store, &alice, case, to(None, vec![john]), "a-statement.txt", STATEMENT.as_bytes())
                .await
                .unwrap();
        let photo = upload(&db, &store, &alice, case, to(None, vec![]), "b-photo.png", &white_png()).await.unwrap();
        let report_pdf = slip_pdf("Forensic report", &["Blade length 12 cm.".to_string()]);
        let report = upload(&db, &store, &alice, case, to(None, vec![]), "c-report.pdf", &report_pdf).await.unwrap();
        let (start, end) = (STATEMENT.find("12 Oak").unwrap() as i64, STATEMENT.find(". He").unwrap() as i64);
        annotations::add(&db, &alice, case, statement.id, redaction(Anchor::Text { start, end }), now).await.unwrap();
        let top_left = Anchor::Area { page: 1, x: 0, y: 0, width: 5_000, height: 5_000 };
        annotations::add(&db, &alice, case, photo.id, redaction(top_left), now).await.unwrap();

        // Listed in any order, produced by name.
        let made = productions::create(&db, &alice, case, of(&[report.id, statement.id, photo.id]), now).await.unwrap();
        assert_eq!((made.status, made.documents, made.done), (ProductionStatus::Queued, 3, 0));
        let early = productions::content(&db, &alice, case, made.id, now).await;
        assert!(matches!(early, Err(ServiceError::Conflict { .. })), "a queued production is not offered");

        assert_eq!(productions::build_next(&db, &store, now).await.unwrap(), Some(made.id));
        assert_eq!(productions::build_next(&db, &store, now).await.unwrap(), None, "nothing else is queued");
        let built = productions::get(&db, &alice, case, made.id, now).await.unwrap();
        assert_eq!(
            (built.status, built.done, built.bates_end, built.redacted, built.withheld),
            (ProductionStatus::Ready, 3, Some(102), 2, 0)
        );
        assert_eq!(built.bates_range().unwrap(), "SMITH-000100–SMITH-000102");

        let mut zip = zip_of(&db, &store, &alice, case, made.id).await;
        let text = String::from_utf8(entry(&mut zip, "documents/SMITH-000100.txt")).unwrap();
        assert_eq!(text, redact(STATEMENT, &[(start, end)]));
        assert!(!text.contains("Oak Road") && text.contains("He saw the knife") && text.contains('█'));
        let png = image::load_from_memory(&entry(&mut zip, "documents/SMITH-000101.png")).unwrap().to_rgb8();
        assert_eq!((png.get_pixel(0, 0).0, png.get_pixel(4, 4).0), ([0, 0, 0], [0, 0, 0]), "burned in");
        assert_eq!(png.get_pixel(5, 5).0, [255, 255, 255], "outside the area, as it was");
        assert_eq!(entry(&mut zip, "documents/SMITH-000102.pdf"), report_pdf, "no redaction: as stored");
        let load = String::from_utf8(entry(&mut zip, "loadfile.csv")).unwrap();
        let lines: Vec<&str> = load.lines().collect();
        assert_eq!(lines[0], "BegBates,EndBates,Name,Defendants,Tags,File,Treatment,Reason");
        assert_eq!(
            lines[1],
            "SMITH-000100,SMITH-000100,a-statement.txt,John Smith,,documents/SMITH-000100.txt,redacted,"
        );
        assert!(lines[2].starts_with("SMITH-000101,SMITH-000101,b-photo.png,,,documents/SMITH-000101.png,redacted"));
        assert!(lines[3].starts_with("SMITH-000102,SMITH-000102,c-report.pdf,,,documents/SMITH-000102.pdf,native"));
        assert_eq!(lines.len(), 4);

        // The stored originals never change.
        let original = documents::content(&db, &alice, case, statement.id, now).await.unwrap();
        assert_eq!(original.size, STATEMENT.len() as u64);
    })
    .await;
}

#[tokio::test]
async fn a_redacted_pdf_and_a_document_deleted_before_the_build_are_withheld_behind_slips() {
    each_backend(|db| async move {
        let World { store, case, alice, now, .. } = world(&db).await;
        let pdf = slip_pdf("Phone extraction", &["07700 900123".to_string()]);
        let phone = upload(&db, &store, &alice, case, to(None, vec![]), "phone.pdf", &pdf).await.unwrap();
        let area = Anchor::Area { page: 1, x: 1_000, y: 1_000, width: 2_000, height: 500 };
        annotations::add(&db, &alice, case, phone.id, redaction(area), now).await.unwrap();
        let gone = upload(&db, &store, &alice, case, to(None, vec![]), "zz-gone.txt", b"soon gone").await.unwrap();
        let made = productions::create(&db, &alice, case, of(&[phone.id, gone.id]), now).await.unwrap();
        documents::delete(&db, &store, &alice, case, gone.id, now).await.unwrap();

        productions::build_next(&db, &store, now).await.unwrap();
        let built = productions::get(&db, &alice, case, made.id, now).await.unwrap();
        assert_eq!((built.status, built.withheld, built.redacted), (ProductionStatus::Ready, 2, 0));
        let mut zip = zip_of(&db, &store, &alice, case, made.id).await;
        let slip = String::from_utf8_lossy(&entry(&mut zip, "documents/SMITH-000100.pdf")).into_owned();
        assert!(slip.contains("SMITH-000100 - WITHHELD") && slip.contains("Document withheld: phone.pdf"));
        assert!(!slip.contains("07700"), "nothing of the withheld PDF is in its slip");
        let gone_slip = String::from_utf8_lossy(&entry(&mut zip, "documents/SMITH-000101.pdf")).into_owned();
        assert!(gone_slip.contains("It was deleted from the case"));
        let load = String::from_utf8(entry(&mut zip, "loadfile.csv")).unwrap();
        assert!(load.contains(",phone.pdf,,,documents/SMITH-000100.pdf,withheld,\"It carries 1 redaction,"));
        assert!(load.contains(",zz-gone.txt,,,documents/SMITH-000101.pdf,withheld,"));
    })
    .await;
}

#[tokio::test]
async fn reviewers_produce_users_delete_and_a_scoped_reader_sees_only_what_their_scope_covers() {
    each_backend(|db| async move {
        let World { store, case, alice, john, peter, now } = world(&db).await;
        let a = upload(&db, &store, &alice, case, to(None, vec![john]), "john.txt", b"about John").await.unwrap();
        let b = upload(&db, &store, &alice, case, to(None, vec![peter]), "peter.txt", b"about Peter").await.unwrap();
        let paul = invite(&db, &alice, case, "paul@cps.example.cjsm.net", REVIEWER, vec![]).await;
        let dan = invite(&db, &alice, case, "dan@swatham.cjsm.net", USER, vec![]).await;
        let sara = invite(&db, &alice, case, "sara@swatham.cjsm.net", DEFENCE_ADVOCATE, vec![john]).await;

        let by_paul = productions::create(&db, &paul, case, of(&[a.id, b.id]), now).await.unwrap();
        let by_sara = productions::create(&db, &sara, case, of(&[a.id]), now).await.unwrap();
        let outside = productions::create(&db, &sara, case, of(&[b.id]), now).await;
        assert!(matches!(outside, Err(ServiceError::NotFound(_))), "Peter's document is not Sara's to produce");

        // Sara sees her own production, not Paul's (made from everyone's material).
        let seen = productions::list(&db, &sara, case, None, None, now).await.unwrap();
        assert_eq!(seen.productions.iter().map(|p| p.id).collect::<Vec<_>>(), [by_sara.id]);
        assert!(matches!(productions::get(&db, &sara, case, by_paul.id, now).await, Err(ServiceError::NotFound(_))));
        let all = productions::list(&db, &paul, case, None, None, now).await.unwrap();
        assert_eq!((all.total, all.productions[0].id), (2, by_sara.id), "newest first");

        let refused = productions::delete(&db, &store, &paul, case, by_paul.id, now).await;
        assert!(matches!(refused, Err(ServiceError::Forbidden(_))), "a Reviewer does not delete productions");
        productions::build_next(&db, &store, now).await.unwrap();
        let location = productions::content(&db, &dan, case, by_paul.id, now).await.unwrap().location;
        productions::delete(&db, &store, &dan, case, by_paul.id, now).await.unwrap();
        assert!(store.read_file(&location).await.is_err(), "its ZIP went with it");
        assert!(matches!(productions::get(&db, &dan, case, by_paul.id, now).await, Err(ServiceError::NotFound(_))));
        let actions: Vec<String> =
            sqlx::query_scalar("SELECT action FROM audit_log WHERE action LIKE 'production.%' ORDER BY id")
                .fetch_all(db.pool())
                .await
                .unwrap();
        assert_eq!(
            actions,
            ["production.created", "production.created", "production.downloaded", "production.deleted"]
        );
    })
    .await;
}

#[tokio::test]
async fn a_shared_link_opens_for_its_named_person_only_until_it_expires_or_is_revoked() {
    each_backend(|db| async move {
        let World { store, case, alice, now, .. } = world(&db).await;
        let doc = upload(&db, &store, &alice, case, to(None, vec![]), "exhibit.txt", b"Exhibit 1").await.unwrap();
        let made = productions::create(&db, &alice, case, of(&[doc.id]), now).await.unwrap();
        let jo = user(&db, "jo@johnson.co.uk.cjsm.net").await;
        let bea = user(&db, "bea@templerow.cjsm.net").await;
        let day = |days: i64| {
            let at = chrono::DateTime::from_timestamp_millis(now.0 + days * 86_400_000).unwrap();
            at.format("%Y-%m-%d").to_string()
        };
        let input = ShareInput { recipient: jo.id, expires_at: day(7) };

        let unbuilt = productions::share(&db, &alice, case, made.id, input.clone(), BASE, now).await;
        assert!(matches!(unbuilt, Err(ServiceError::Conflict { .. })), "only a built production is shared");
        productions::build_next(&db, &store, now).await.unwrap();
        let paul = invite(&db, &alice, case, "paul@cps.example.cjsm.net", REVIEWER, vec![]).await;
        let by_reviewer = productions::share(&db, &paul, case, made.id, input.clone(), BASE, now).await;
        assert!(matches!(by_reviewer, Err(ServiceError::Forbidden(_))), "a Reviewer does not share");

        let shared = productions::share(&db, &alice, case, made.id, input, BASE, now).await.unwrap();
        assert_eq!((shared.recipient_email.as_str(), shared.downloads), ("jo@johnson.co.uk.cjsm.net", 0));
        let body: String = sqlx::query_scalar("SELECT body FROM outbox WHERE to_address = $1 ORDER BY id DESC")
            .bind(&jo.email)
            .fetch_one(db.pool())
            .await
            .unwrap();
        let token = body.split("/shared#").nth(1).unwrap().split_whitespace().next().unwrap().to_string();
        let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM production_shares WHERE token_hash = $1")
            .bind(&token)
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(stored, 0, "the token itself is not stored");

        let seen = productions::shared(&db, &jo, &token, now).await.unwrap();
        assert_eq!((seen.name.as_str(), seen.documents), ("First disclosure", 1));
        let download = productions::shared_content(&db, &jo, &token, now).await.unwrap();
        assert!(download.file_name.ends_with("(SMITH-000100-SMITH-000100).zip"));
        assert!(matches!(productions::shared(&db, &bea, &token, now).await, Err(ServiceError::NotFound(_))));
        assert!(matches!(productions::shared_content(&db, &alice, &token, now).await, Err(ServiceError::NotFound(_))));
        let case_itself = cases::get(&db, &jo, case, now).await;
        assert!(matches!(case_itself, Err(ServiceError::AccessDenied(_))), "the link opens no case: {case_itself:?}");

        let later = Timestamp(now.0 + 9 * 86_400_000);
        assert!(matches!(productions::shared_content(&db, &jo, &token, later).await, Err(ServiceError::NotFound(_))));
        let revoked = productions::revoke(&db, &alice, case, made.id, shared.id, now).await.unwrap();
        assert!(revoked.revoked_at.is_some() && revoked.downloads == 1);
        assert!(matches!(productions::shared(&db, &jo, &token, now).await, Err(ServiceError::NotFound(_))));
        let listed = productions::shares(&db, &alice, case, made.id, now).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert!(matches!(productions::shares(&db, &paul, case, made.id, now).await, Err(ServiceError::Forbidden(_))));

        let actions: Vec<String> =
            sqlx::query_scalar("SELECT action FROM audit_log WHERE action LIKE 'production.share%' ORDER BY id")
                .fetch_all(db.pool())
                .await
                .unwrap();
        assert_eq!(actions, ["production.shared", "production.share_downloaded", "production.share_revoked"]);
    })
    .await;
}

#[tokio::test]
async fn deleting_the_case_deletes_its_productions_zips() {
    each_backend(|db| async move {
        let World { store, case, alice, now, .. } = world(&db).await;
        let doc = upload(&db, &store, &alice, case, to(None, vec![]), "exhibit.txt", b"Exhibit 1").await.unwrap();
        let made = productions::create(&db, &alice, case, of(&[doc.id]), now).await.unwrap();
        productions::build_next(&db, &store, now).await.unwrap();
        let location = productions::content(&db, &alice, case, made.id, now).await.unwrap().location;
        assert!(store.read_file(&location).await.is_ok());
        cases::delete(&db, &store, &alice, case, now).await.unwrap();
        assert!(store.read_file(&location).await.is_err(), "the ZIP went with the case");
    })
    .await;
}

#[tokio::test]
async fn the_build_withholds_what_left_the_makers_scope_and_redacts_windows_text_as_shown() {
    each_backend(|db| async move {
        let World { store, case, alice, john, peter, now } = world(&db).await;
        let sara = invite(&db, &alice, case, "sara@swatham.cjsm.net", DEFENCE_ADVOCATE, vec![john]).await;
        let moved =
            upload(&db, &store, &alice, case, to(None, vec![john]), "a-moved.txt", b"About John").await.unwrap();
        // Windows line endings: the viewer shows (and counts) LF only.
        let crlf = upload(
            &db,
            &store,
            &alice,
            case,
            to(None, vec![john]),
            "b-crlf.txt",
            b"Line one\r\nAddress: 12 Oak Road\r\nEnd",
        )
        .await
        .unwrap();
        let shown = documents::text_preview(&db, &store, &sara, case, crlf.id, now).await.unwrap().unwrap().text;
        assert_eq!(shown, "Line one\nAddress: 12 Oak Road\nEnd");
        let start = shown.find("12 Oak").unwrap() as i64;
        annotations::add(&db, &alice, case, crlf.id, redaction(Anchor::Text { start, end: start + 11 }), now)
            .await
            .unwrap();
        let made = productions::create(&db, &sara, case, of(&[moved.id, crlf.id]), now).await.unwrap();
        let change = domain::documents::DocumentChange {
            defendants: Some(vec![peter]),
            version: moved.version,
            ..Default::default()
        };
        documents::change(&db, &alice, case, moved.id, change, now).await.unwrap();

        productions::build_next(&db, &store, now).await.unwrap();
        let mut zip = zip_of(&db, &store, &sara, case, made.id).await;
        let slip = String::from_utf8_lossy(&entry(&mut zip, "documents/SMITH-000100.pdf")).into_owned();
        assert!(slip.contains("moved out of the production") && !slip.contains("About John"), "{slip}");
        let text = String::from_utf8(entry(&mut zip, "documents/SMITH-000101.txt")).unwrap();
        assert_eq!(text, "Line one\nAddress: ██ ███ ████\nEnd");
    })
    .await;
}
