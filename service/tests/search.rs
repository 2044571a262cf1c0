//! Full-text search on both backends (FTS5 and PostgreSQL): words, phrases and prefixes over names,
//! tags and text; the defendant scope inside the query; the filters; saved searches.
mod support;

use domain::access::roles::{DEFENCE_ADVOCATE, REVIEWER};
use domain::saved_searches::SavedSearchInput;
use domain::search::{SearchPage, SearchQuery};
use domain::tags::{TagColour, TagInput, Tagging, TaggingInput};
use service::testing::each_backend;
use service::{Actor, Db, ServiceError, documents, saved_searches, tags};
use support::*;

fn text(q: &str) -> SearchQuery {
    SearchQuery { text: q.into(), ..Default::default() }
}

async fn found(db: &Db, actor: &Actor, case: domain::CaseId, query: SearchQuery) -> Vec<String> {
    let page: SearchPage = documents::search(db, actor, case, &query, service::now()).await.unwrap();
    let mut names: Vec<String> = page.hits.into_iter().map(|h| h.document.name).collect();
    names.sort();
    names
}

#[tokio::test]
async fn words_phrases_and_prefixes_find_what_they_should() {
    each_backend(|db| async move {
        let World { store, case, alice, .. } = world(&db).await;
        let doc = |n: &str, body: &str| (n.to_string(), body.as_bytes().to_vec());
        for (name, body) in [
            doc("statement.txt", "The witness saw John Smith holding a knife near the station."),
            doc("interview.txt", "Smith John was interviewed; he denied owning the knife."),
            doc("report.txt", "Forensic report: no fingerprints on the weapon."),
            doc("Smithfield market.png", ""),
        ] {
            let bytes = if body.is_empty() { b"\x89PNG".to_vec() } else { body };
            upload(&db, &store, &alice, case, to(None, vec![]), &name, &bytes).await.unwrap();
        }
        assert_eq!(found(&db, &alice, case, text("smith")).await, ["interview.txt", "statement.txt"]);
        assert_eq!(found(&db, &alice, case, text("\"john smith\"")).await, ["statement.txt"]);
        assert_eq!(
            found(&db, &alice, case, text("smith*")).await,
            ["Smithfield market.png", "interview.txt", "statement.txt"]
        );
        assert_eq!(found(&db, &alice, case, text("knife fingerprints")).await, Vec::<String>::new());
        assert_eq!(found(&db, &alice, case, text("FORENSIC weap*")).await, ["report.txt"]);

        let page = documents::search(&db, &alice, case, &text("\"john smith\""), service::now()).await.unwrap();
        assert_eq!(page.total, 1);
        let hits: Vec<String> = page.hits[0].snippet.iter().filter(|f| f.hit).map(|f| f.text.to_lowercase()).collect();
        assert_eq!(hits.join(" "), "john smith", "{:?}", page.hits[0].snippet);
        let refused = documents::search(&db, &alice, case, &text("s*"), service::now()).await;
        assert!(matches!(refused, Err(ServiceError::Validation(ref v)) if v.field == "text"), "{refused:?}");
    })
    .await;
}

#[tokio::test]
async fn a_defendant_scoped_viewer_never_gets_a_hit_a_snippet_or_a_count_outside_their_scope() {
    each_backend(|db| async move {
        let World { store, case, john, peter, alice, now } = world(&db).await;
        upload(&db, &store, &alice, case, to(None, vec![john]), "john.txt", b"Smith knife account").await.unwrap();
        upload(&db, &store, &alice, case, to(None, vec![peter]), "peter.txt", b"Smith knife secret").await.unwrap();
        upload(&db, &store, &alice, case, to(None, vec![]), "shared.txt", b"Smith knife shared").await.unwrap();
        let sara = invite(&db, &alice, case, "sara@swatham.cjsm.net", DEFENCE_ADVOCATE, vec![john]).await;

        for query in [text("smith"), text("secret"), text("\"smith knife\""), text("kni*"), SearchQuery::default()] {
            let page = documents::search(&db, &sara, case, &query, now).await.unwrap();
            assert!(page.hits.iter().all(|h| h.document.name != "peter.txt"), "{query:?}");
            assert!(page.hits.iter().flat_map(|h| &h.snippet).all(|f| !f.text.contains("secret")), "{query:?}");
            let unscoped = documents::search(&db, &alice, case, &query, now).await.unwrap();
            assert_eq!(page.total, unscoped.total - 1, "{query:?}");
        }
        assert_eq!(documents::search(&db, &sara, case, &text("secret"), now).await.unwrap().total, 0);
        // Filtering by the other defendant is refused rather than answered.
        let by_peter = SearchQuery { defendant: Some(peter), ..Default::default() };
        assert!(matches!(documents::search(&db, &sara, case, &by_peter, now).await, Err(ServiceError::Validation(_))));
        let by_john = SearchQuery { defendant: Some(john), ..text("smith") };
        assert_eq!(found(&db, &sara, case, by_john).await, ["john.txt"]);
    })
    .await;
}

#[tokio::test]
async fn tags_names_and_filters_follow_every_change() {
    each_backend(|db| async move {
        let World { store, case, alice, now, .. } = world(&db).await;
        let a = upload(&db, &store, &alice, case, to(None, vec![]), "alpha.txt", b"plain words").await.unwrap();
        let b = upload(&db, &store, &alice, case, to(None, vec![]), "beta.txt", b"plain words").await.unwrap();
        let hot = tags::create(
            &db,
            &alice,
            case,
            TagInput { name: "Privileged".into(), colour: TagColour::Red, version: None },
            now,
        )
        .await
        .unwrap();
        let apply = TaggingInput { action: Tagging::Apply, documents: vec![a.id] };
        tags::tag_documents(&db, &alice, case, hot.id, apply, now).await.unwrap();
        assert_eq!(found(&db, &alice, case, text("privileged")).await, ["alpha.txt"]);
        let with_tag = SearchQuery { tag: Some(hot.id), ..text("plain") };
        assert_eq!(found(&db, &alice, case, with_tag).await, ["alpha.txt"]);

        let renamed = TagInput { name: "Confidential".into(), colour: TagColour::Red, version: Some(hot.version) };
        tags::change(&db, &alice, case, hot.id, renamed, now).await.unwrap();
        assert!(found(&db, &alice, case, text("privileged")).await.is_empty());
        assert_eq!(found(&db, &alice, case, text("confidential")).await, ["alpha.txt"]);
        tags::delete(&db, &alice, case, hot.id, now).await.unwrap();
        assert!(found(&db, &alice, case, text("confidential")).await.is_empty());

        let rename = domain::documents::DocumentChange {
            name: Some("gamma.txt".into()),
            version: b.version,
            ..Default::default()
        };
        documents::change(&db, &alice, case, b.id, rename, now).await.unwrap();
        assert_eq!(found(&db, &alice, case, text("gamma")).await, ["gamma.txt"]);
        documents::delete(&db, &store, &alice, case, b.id, now).await.unwrap();
        assert_eq!(found(&db, &alice, case, text("plain")).await, ["alpha.txt"]);

        let today = chrono::Utc::now().date_naive();
        let on = |from: chrono::NaiveDate, to: chrono::NaiveDate| SearchQuery {
            from: Some(from.to_string()),
            to: Some(to.to_string()),
            ..text("plain")
        };
        assert_eq!(found(&db, &alice, case, on(today, today)).await, ["alpha.txt"]);
        let yesterday = today.pred_opt().unwrap();
        assert!(found(&db, &alice, case, on(yesterday, yesterday)).await.is_empty());
        // Another case's documents are never hits.
        let other = service::testing::user(&db, "mark@cps.example.cjsm.net").await;
        let case_3: i64 = sqlx::query_scalar("SELECT id FROM cases WHERE reference = 'CASE-0003'")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert!(found(&db, &other, domain::CaseId(case_3), text("plain")).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_reviewer_saves_and_loads_searches_but_deleting_one_needs_manage_tags() {
    each_backend(|db| async move {
        let World { case, alice, now, .. } = world(&db).await;
        let paul = invite(&db, &alice, case, "paul@cps.example.cjsm.net", REVIEWER, vec![]).await;
        let input = SavedSearchInput { name: "Knife".into(), query: SearchQuery { page: Some(4), ..text("knife") } };
        let saved = saved_searches::save(&db, &paul, case, input.clone(), now).await.unwrap();
        assert_eq!(
            (saved.query.text.as_str(), saved.query.page, saved.saved_by.as_str()),
            ("knife", None, "Paul Price")
        );
        assert!(matches!(saved_searches::save(&db, &paul, case, input, now).await, Err(ServiceError::Conflict { .. })));
        let listed = saved_searches::list(&db, &paul, case, now).await.unwrap();
        assert_eq!(listed, vec![saved.clone()]);
        assert!(matches!(
            saved_searches::delete(&db, &paul, case, saved.id, now).await,
            Err(ServiceError::Forbidden(_))
        ));
        saved_searches::delete(&db, &alice, case, saved.id, now).await.unwrap();
        assert!(saved_searches::list(&db, &alice, case, now).await.unwrap().is_empty());
        let gone = saved_searches::delete(&db, &alice, case, saved.id, now).await;
        assert!(matches!(gone, Err(ServiceError::NotFound(_))), "{gone:?}");
    })
    .await;
}
