//! The e-discovery product's role lists (seed 003), one test per line, over REST and over the
//! server functions alike: what a Reviewer, a User, an Admin and the Owner may and may not do with
//! a case's documents, tags, searches, reports, productions, settings and people.
#![recursion_limit = "256"]
mod common;

use common::{TestApp, ok_json};
use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use service::testing::each_backend;
use std::sync::atomic::{AtomicU32, Ordering};

const ALICE: &str = "alice@cps.example.cjsm.net";

/// CASE-0001 with one document, one tag and one saved search, shared with paul as Reviewer, dan
/// as User and mark as Admin.
struct Fixture {
    app: TestApp,
    db: service::Db,
    blobs: service::blobs::BlobStore,
    case: i64,
    alice: Client,
    paul: Client,
    dan: Client,
    mark: Client,
}

async fn fixture(db: service::Db) -> Fixture {
    let blobs = service::testing::blobs();
    let app = TestApp::with_store(db.clone(), blobs.clone(), domain::documents::DEFAULT_MAX_UPLOAD_BYTES).await;
    let alice = app.signed_in(ALICE).await;
    let cases: Value = ok_json(alice.get(app.url("/api/v1/cases"))).await;
    let case =
        cases.as_array().unwrap().iter().find(|c| c["reference"] == "CASE-0001").unwrap()["id"].as_i64().unwrap();
    let mut signed_in = Vec::new();
    for (email, role) in [
        ("paul@cps.example.cjsm.net", "reviewer"),
        ("dan@swatham.cjsm.net", "user"),
        ("mark@cps.example.cjsm.net", "admin"),
    ] {
        let body = json!({ "email": email, "role": role });
        ok_json(alice.post(app.url(&format!("/api/v1/cases/{case}/members"))).json(&body)).await;
        signed_in.push(app.signed_in(email).await);
    }
    let mark = signed_in.pop().unwrap();
    let dan = signed_in.pop().unwrap();
    let paul = signed_in.pop().unwrap();
    Fixture { app, db, blobs, case, alice, paul, dan, mark }
}

/// Something to do on the case, each over REST and over its server function.
#[derive(Clone, Copy, Debug)]
enum Op {
    Search,
    Note,
    Redact,
    Tag,
    SaveSearch,
    LoadSearches,
    Upload,
    Rename,
    DeleteFile,
    DeleteSavedSearch,
    CreateTag,
    EditTag,
    DeleteTag,
    EditSettings,
    DeleteCase,
    ManagePeople,
    BatchUpdate,
    CreateReport,
    CreateProduction,
    DeleteReport,
    DeleteProduction,
    ShareProduction,
}

static NEXT: AtomicU32 = AtomicU32::new(1);

fn fresh(prefix: &str) -> String {
    format!("{prefix} {}", NEXT.fetch_add(1, Ordering::Relaxed))
}

impl Fixture {
    fn api(&self, path: &str) -> String {
        self.app.url(&format!("/api/v1/cases/{}{path}", self.case))
    }

    /// A new document, uploaded by alice; its id and version.
    async fn document(&self) -> (i64, i64) {
        let form = Form::new()
            .part("file", Part::bytes(b"Smith statement".to_vec()).file_name(format!("{}.txt", fresh("doc"))));
        let response = self.alice.post(self.api("/documents")).multipart(form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        let body: Value = response.json().await.unwrap();
        (body[0]["id"].as_i64().unwrap(), body[0]["version"].as_i64().unwrap())
    }

    async fn tag(&self) -> (i64, i64) {
        let body =
            ok_json(self.alice.post(self.api("/tags")).json(&json!({ "name": fresh("tag"), "colour": "red" }))).await;
        (body["id"].as_i64().unwrap(), body["version"].as_i64().unwrap())
    }

    async fn saved_search(&self) -> i64 {
        let input = json!({ "name": fresh("search"), "query": { "text": "smith" } });
        ok_json(self.alice.post(self.api("/saved-searches")).json(&input)).await["id"].as_i64().unwrap()
    }

    async fn report(&self) -> i64 {
        let input = json!({ "name": fresh("report"), "query": { "text": "smith" } });
        ok_json(self.alice.post(self.api("/reports")).json(&input)).await["id"].as_i64().unwrap()
    }

    /// A production of a new document, made by alice, and built if asked.
    async fn production(&self, built: bool) -> i64 {
        let (doc, _) = self.document().await;
        let input = production_input(doc);
        let id = ok_json(self.alice.post(self.api("/productions")).json(&input)).await["id"].as_i64().unwrap();
        // Productions queued earlier are built first, oldest first.
        if built {
            loop {
                match service::productions::build_next(&self.db, &self.blobs, service::now()).await.unwrap() {
                    Some(done) if done.0 == id => break,
                    Some(_) => continue,
                    None => panic!("production {id} was never built"),
                }
            }
        }
        id
    }

    async fn case_version(&self) -> i64 {
        ok_json(self.alice.get(self.api(""))).await["version"].as_i64().unwrap()
    }

    /// What `who` gets for `op` over REST, then over the server function (each on its own target).
    async fn attempt(&self, who: &Client, op: Op) -> (StatusCode, StatusCode) {
        let case = self.case;
        let mut statuses = Vec::new();
        for over_rest in [true, false] {
            let (path, rest, body): (&str, reqwest::RequestBuilder, Value) = match op {
                Op::Search => (
                    "search_documents",
                    who.get(self.api("/search?q=smith")),
                    json!({ "case": case, "query": { "text": "smith" } }),
                ),
                Op::Note | Op::Redact => {
                    let (doc, _) = self.document().await;
                    let input = match op {
                        Op::Note => {
                            json!({ "kind": "note", "text": "Who?", "anchor": { "type": "text", "start": 0, "end": 5 } })
                        }
                        _ => {
                            json!({ "kind": "redaction", "text": "Name", "anchor": { "type": "text", "start": 0, "end": 5 } })
                        }
                    };
                    let rest = who.post(self.api(&format!("/documents/{doc}/annotations"))).json(&input);
                    ("add_annotation", rest, json!({ "case": case, "document": doc, "input": input }))
                }
                Op::Tag => {
                    let ((doc, _), (tag, _)) = (self.document().await, self.tag().await);
                    let input = json!({ "action": "apply", "documents": [doc] });
                    (
                        "tag_documents",
                        who.put(self.api(&format!("/documents/{doc}/tags/{tag}"))),
                        json!({ "case": case, "tag": tag, "input": input }),
                    )
                }
                Op::SaveSearch => {
                    let input = json!({ "name": fresh("mine"), "query": { "text": "knife" } });
                    (
                        "save_search",
                        who.post(self.api("/saved-searches")).json(&input),
                        json!({ "case": case, "input": input }),
                    )
                }
                Op::LoadSearches => {
                    ("list_saved_searches", who.get(self.api("/saved-searches")), json!({ "case": case }))
                }
                Op::Upload => {
                    // Uploads stream over REST only; the server function that prepares one is a new folder.
                    let form =
                        Form::new().part("file", Part::bytes(b"x".to_vec()).file_name(format!("{}.txt", fresh("up"))));
                    let input = json!({ "name": fresh("folder") });
                    (
                        "create_folder",
                        who.post(self.api("/documents")).multipart(form),
                        json!({ "case": case, "input": input }),
                    )
                }
                Op::Rename => {
                    let (doc, version) = self.document().await;
                    let change = json!({ "name": format!("{}.txt", fresh("renamed")), "version": version });
                    (
                        "change_document",
                        who.patch(self.api(&format!("/documents/{doc}"))).json(&change),
                        json!({ "case": case, "id": doc, "change": change }),
                    )
                }
                Op::DeleteFile => {
                    let (doc, _) = self.document().await;
                    (
                        "delete_document",
                        who.delete(self.api(&format!("/documents/{doc}"))),
                        json!({ "case": case, "id": doc }),
                    )
                }
                Op::DeleteSavedSearch => {
                    let id = self.saved_search().await;
                    (
                        "delete_saved_search",
                        who.delete(self.api(&format!("/saved-searches/{id}"))),
                        json!({ "case": case, "id": id }),
                    )
                }
                Op::CreateTag => {
                    let input = json!({ "name": fresh("new tag"), "colour": "blue" });
                    ("create_tag", who.post(self.api("/tags")).json(&input), json!({ "case": case, "input": input }))
                }
                Op::EditTag => {
                    let (tag, version) = self.tag().await;
                    let input = json!({ "name": fresh("edited"), "colour": "green", "version": version });
                    (
                        "change_tag",
                        who.patch(self.api(&format!("/tags/{tag}"))).json(&input),
                        json!({ "case": case, "id": tag, "input": input }),
                    )
                }
                Op::DeleteTag => {
                    let (tag, _) = self.tag().await;
                    ("delete_tag", who.delete(self.api(&format!("/tags/{tag}"))), json!({ "case": case, "id": tag }))
                }
                Op::EditSettings => {
                    let input = json!({ "description": fresh("about"), "version": self.case_version().await });
                    (
                        "update_case_settings",
                        who.patch(self.api("")).json(&input),
                        json!({ "id": case, "input": input }),
                    )
                }
                Op::DeleteCase => ("delete_case", who.delete(self.api("")), json!({ "id": case })),
                Op::BatchUpdate => {
                    let ((first, _), (second, _), (tag, _)) =
                        (self.document().await, self.document().await, self.tag().await);
                    let input = json!({ "target": { "type": "documents", "documents": [first, second] },
                        "change": { "type": "apply_tag", "tag": tag }, "expected": 2 });
                    ("batch_update", who.post(self.api("/batch")).json(&input), json!({ "case": case, "input": input }))
                }
                Op::CreateReport => {
                    let input = json!({ "name": fresh("report"), "query": { "text": "smith" } });
                    (
                        "create_report",
                        who.post(self.api("/reports")).json(&input),
                        json!({ "case": case, "input": input }),
                    )
                }
                Op::CreateProduction => {
                    let (doc, _) = self.document().await;
                    let input = production_input(doc);
                    (
                        "create_production",
                        who.post(self.api("/productions")).json(&input),
                        json!({ "case": case, "input": input }),
                    )
                }
                Op::DeleteReport => {
                    let id = self.report().await;
                    (
                        "delete_report",
                        who.delete(self.api(&format!("/reports/{id}"))),
                        json!({ "case": case, "id": id }),
                    )
                }
                Op::DeleteProduction => {
                    let id = self.production(false).await;
                    (
                        "delete_production",
                        who.delete(self.api(&format!("/productions/{id}"))),
                        json!({ "case": case, "id": id }),
                    )
                }
                Op::ShareProduction => {
                    let id = self.production(true).await;
                    let jo = service::testing::user(&self.db, "jo@johnson.co.uk.cjsm.net").await;
                    let expires = chrono::Utc::now().date_naive() + chrono::Days::new(7);
                    let input = json!({ "recipient": jo.id, "expires_at": expires.format("%Y-%m-%d").to_string() });
                    (
                        "share_production",
                        who.post(self.api(&format!("/productions/{id}/share"))).json(&input),
                        json!({ "case": case, "id": id, "input": input }),
                    )
                }
                Op::ManagePeople => {
                    let email = if over_rest { "nora@probation.example.net" } else { "judge@hmcts.example.net" };
                    let input = json!({ "email": email, "role": "reviewer" });
                    (
                        "invite_member",
                        who.post(self.api("/members")).json(&input),
                        json!({ "case": case, "input": input }),
                    )
                }
            };
            let request = if over_rest { rest } else { who.post(self.app.url(&format!("/api/{path}"))).json(&body) };
            statuses.push(request.send().await.unwrap().status());
        }
        (statuses[0], statuses[1])
    }

    async fn allowed(&self, who: &Client, ops: &[Op]) {
        for op in ops {
            let (rest, function) = self.attempt(who, *op).await;
            assert!(rest.is_success() && function.is_success(), "{op:?}: REST {rest}, server function {function}");
        }
    }

    async fn refused(&self, who: &Client, ops: &[Op]) {
        for op in ops {
            assert_eq!(self.attempt(who, *op).await, (StatusCode::FORBIDDEN, StatusCode::FORBIDDEN), "{op:?}");
        }
    }
}

fn production_input(document: i64) -> Value {
    json!({ "name": fresh("production"), "bates_prefix": "TEST-", "bates_start": 1,
        "documents": { "type": "documents", "documents": [document] } })
}

const REVIEWING: [Op; 8] = [
    Op::Search,
    Op::Note,
    Op::Redact,
    Op::Tag,
    Op::SaveSearch,
    Op::LoadSearches,
    Op::CreateReport,
    Op::CreateProduction,
];
/// What the seed's "delete advanced searches, productions or reports" covers.
const DELETING: [Op; 3] = [Op::DeleteSavedSearch, Op::DeleteProduction, Op::DeleteReport];
const FILES: [Op; 3] = [Op::Upload, Op::Rename, Op::DeleteFile];
const TAGS: [Op; 3] = [Op::CreateTag, Op::EditTag, Op::DeleteTag];

#[tokio::test]
async fn a_reviewer_can_search_annotate_redact_tag_save_and_load_searches_and_create_reports_and_productions() {
    each_backend(|db| async move {
        let fx = fixture(db).await;
        fx.allowed(&fx.paul, &REVIEWING).await;
    })
    .await;
}

#[tokio::test]
async fn a_reviewer_cannot_upload_move_rename_or_delete_files() {
    each_backend(|db| async move {
        let fx = fixture(db).await;
        fx.refused(&fx.paul, &FILES).await;
    })
    .await;
}

#[tokio::test]
async fn a_reviewer_cannot_delete_saved_searches_productions_or_reports() {
    each_backend(|db| async move {
        let fx = fixture(db).await;
        fx.refused(&fx.paul, &DELETING).await;
    })
    .await;
}

#[tokio::test]
async fn a_reviewer_cannot_share_productions() {
    each_backend(|db| async move {
        let fx = fixture(db).await;
        fx.refused(&fx.paul, &[Op::ShareProduction]).await;
    })
    .await;
}

#[tokio::test]
async fn a_reviewer_cannot_create_edit_or_delete_tags() {
    each_backend(|db| async move {
        let fx = fixture(db).await;
        fx.refused(&fx.paul, &TAGS).await;
    })
    .await;
}

#[tokio::test]
async fn a_reviewer_cannot_change_settings_delete_the_case_manage_people_or_batch_update() {
    each_backend(|db| async move {
        let fx = fixture(db).await;
        fx.refused(&fx.paul, &[Op::EditSettings, Op::DeleteCase, Op::ManagePeople, Op::BatchUpdate]).await;
    })
    .await;
}

#[tokio::test]
async fn a_user_does_what_a_reviewer_does_keeps_files_tags_searches_productions_and_reports_and_shares() {
    each_backend(|db| async move {
        let fx = fixture(db).await;
        fx.allowed(&fx.dan, &REVIEWING).await;
        fx.allowed(&fx.dan, &FILES).await;
        fx.allowed(&fx.dan, &TAGS).await;
        fx.allowed(&fx.dan, &DELETING).await;
        fx.allowed(&fx.dan, &[Op::ShareProduction]).await;
    })
    .await;
}

#[tokio::test]
async fn a_user_cannot_change_settings_delete_the_case_manage_people_or_batch_update() {
    each_backend(|db| async move {
        let fx = fixture(db).await;
        fx.refused(&fx.dan, &[Op::EditSettings, Op::DeleteCase, Op::ManagePeople, Op::BatchUpdate]).await;
    })
    .await;
}

#[tokio::test]
async fn an_admin_does_everything_but_delete_the_case() {
    each_backend(|db| async move {
        let fx = fixture(db).await;
        fx.allowed(&fx.mark, &REVIEWING).await;
        fx.allowed(&fx.mark, &FILES).await;
        fx.allowed(&fx.mark, &TAGS).await;
        fx.allowed(&fx.mark, &DELETING).await;
        fx.allowed(&fx.mark, &[Op::ShareProduction, Op::EditSettings, Op::ManagePeople, Op::BatchUpdate]).await;
        fx.refused(&fx.mark, &[Op::DeleteCase]).await;
    })
    .await;
}

#[tokio::test]
async fn the_owner_alone_deletes_the_case() {
    each_backend(|db| async move {
        let fx = fixture(db).await;
        fx.allowed(&fx.alice, &[Op::Search, Op::CreateTag, Op::DeleteTag]).await;
        let response = fx.alice.delete(fx.api("")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        let gone = fx.paul.get(fx.api("/search?q=smith")).send().await.unwrap();
        assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    })
    .await;
}
