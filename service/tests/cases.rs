use domain::access::Capability;
use domain::access::roles::REVIEWER;
use domain::accounts::Actor;
use domain::cases::NewCaseInput;
use domain::cases::list::CaseQuery;
use domain::groups::GroupInput;
use domain::members::InviteInput;
use domain::{CaseId, Timestamp};
use service::testing::{case_id, demo, each_backend, user};
use service::{ServiceError, cases, groups, members};

const BASE: &str = "http://caseward.test";

fn new_case(reference: &str) -> NewCaseInput {
    NewCaseInput {
        reference: reference.into(),
        title: "R v Green".into(),
        description: "Burglary, Southwark".into(),
        office_id: None,
        target_date: None,
        defendants: vec!["Gail Green".into(), "Harry Hill".into()],
        ..Default::default()
    }
}

async fn count(db: &service::Db, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(db.pool()).await.unwrap()
}

#[tokio::test]
async fn the_owner_creates_lists_and_opens_a_case_with_its_defendants() {
    each_backend(|db| async move {
        demo(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let now = service::now();
        let created = cases::create(&db, &alice, new_case("CASE-0100"), now).await.unwrap();
        assert_eq!(created.office.as_deref(), Some("Southwark"), "defaults to the creator's office");
        assert_eq!(created.organisation, "Crown Prosecution South");
        assert_eq!(
            created.defendants.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(),
            ["Gail Green", "Harry Hill"]
        );
        assert!(Capability::ALL.iter().all(|c| created.access.can(*c)));

        let listed = cases::list(&db, &alice, &CaseQuery::default(), now).await.unwrap().cases;
        assert_eq!(
            listed.iter().map(|c| c.reference.as_str()).collect::<Vec<_>>(),
            ["CASE-0100", "CASE-0002", "CASE-0001"]
        );
        assert_eq!(listed[0].defendant_count, 2);
        assert_eq!(listed[0].my_role, "Owner");

        let opened = cases::get(&db, &alice, created.id, now).await.unwrap();
        assert_eq!(opened, created);
        let admins: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM case_administrators WHERE case_id = $1 AND user_id = $2")
                .bind(created.id.0)
                .bind(alice.id.0)
                .fetch_one(db.pool())
                .await
                .unwrap();
        assert_eq!(admins, 1, "the creator is the first case administrator");
    })
    .await;
}

#[tokio::test]
async fn another_user_is_denied_and_told_who_can_grant_access() {
    each_backend(|db| async move {
        demo(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let sara = user(&db, "sara@swatham.cjsm.net").await;
        let now = service::now();
        let case = cases::create(&db, &alice, new_case("CASE-0101"), now).await.unwrap();
        match cases::get(&db, &sara, case.id, now).await.unwrap_err() {
            ServiceError::AccessDenied(denied) => {
                assert_eq!(denied.reference, "CASE-0101");
                assert_eq!(denied.grantors.len(), 1);
                assert_eq!(denied.grantors[0].email, "alice@cps.example.cjsm.net");
            }
            other => panic!("expected access denied, got {other:?}"),
        }
        assert!(cases::list(&db, &sara, &CaseQuery::default(), now).await.unwrap().cases.is_empty());
        assert!(matches!(
            cases::delete(&db, &service::testing::blobs(), &sara, case.id, now).await.unwrap_err(),
            ServiceError::AccessDenied(_)
        ));
        assert!(cases::get(&db, &alice, case.id, now).await.is_ok(), "the refused delete changed nothing");
    })
    .await;
}

#[tokio::test]
async fn only_the_owner_deletes_and_the_defendants_go_with_the_case() {
    each_backend(|db| async move {
        demo(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let now = service::now();
        let before = count(&db, "defendants").await;
        let case = cases::create(&db, &alice, new_case("CASE-0102"), now).await.unwrap();
        assert_eq!(count(&db, "defendants").await, before + 2);
        cases::delete(&db, &service::testing::blobs(), &alice, case.id, now).await.unwrap();
        assert_eq!(count(&db, "defendants").await, before);
        assert!(matches!(cases::get(&db, &alice, case.id, now).await.unwrap_err(), ServiceError::NotFound(_)));
        assert!(matches!(
            cases::delete(&db, &service::testing::blobs(), &alice, case.id, now).await.unwrap_err(),
            ServiceError::NotFound(_)
        ));
    })
    .await;
}

#[tokio::test]
async fn bad_input_is_refused_with_its_field_and_nothing_is_stored() {
    each_backend(|db| async move {
        demo(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let now = service::now();
        let cases_before = count(&db, "cases").await;
        let defendants_before = count(&db, "defendants").await;

        // References are unique whatever their letter case.
        match cases::create(&db, &alice, new_case("case-0001"), now).await.unwrap_err() {
            ServiceError::Conflict { field, .. } => assert_eq!(field.as_deref(), Some("reference")),
            other => panic!("expected a conflict, got {other:?}"),
        }
        // An office of another organisation.
        let leeds: i64 =
            sqlx::query_scalar("SELECT id FROM offices WHERE name = 'Leeds'").fetch_one(db.pool()).await.unwrap();
        let input = NewCaseInput { office_id: Some(domain::OfficeId(leeds)), ..new_case("CASE-0103") };
        match cases::create(&db, &alice, input, now).await.unwrap_err() {
            ServiceError::Validation(v) => assert_eq!(v.field, "office_id"),
            other => panic!("expected a validation error, got {other:?}"),
        }
        let input = NewCaseInput { defendants: vec![], ..new_case("CASE-0104") };
        assert!(matches!(cases::create(&db, &alice, input, now).await.unwrap_err(), ServiceError::Validation(_)));
        let input = NewCaseInput { target_date: Some("2000-01-01".into()), ..new_case("CASE-0105") };
        assert!(matches!(cases::create(&db, &alice, input, now).await.unwrap_err(), ServiceError::Validation(_)));

        assert_eq!(count(&db, "cases").await, cases_before);
        assert_eq!(count(&db, "defendants").await, defendants_before);
        assert!(matches!(cases::get(&db, &alice, CaseId(999_999), now).await.unwrap_err(), ServiceError::NotFound(_)));
    })
    .await;
}

#[tokio::test]
async fn two_people_creating_the_same_reference_at_once_get_one_case_and_one_conflict() {
    each_backend(|db| async move {
        demo(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let mark = user(&db, "mark@cps.example.cjsm.net").await;
        let now = service::now();
        let (a, b) = tokio::join!(
            cases::create(&db, &alice, new_case("CASE-0200"), now),
            cases::create(&db, &mark, new_case("CASE-0200"), now),
        );
        assert_eq!(a.is_ok() as u8 + b.is_ok() as u8, 1, "{a:?} {b:?}");
        let loser = a.err().or(b.err()).unwrap();
        assert!(matches!(loser, ServiceError::Conflict { .. }), "{loser:?}");
        let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE reference_key = 'case-0200'")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(stored, 1);
    })
    .await;
}

#[tokio::test]
async fn settings_change_for_holders_of_edit_settings_only_and_never_over_a_concurrent_change() {
    each_backend(|db| async move {
        demo(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let mark = user(&db, "mark@cps.example.cjsm.net").await;
        let now = service::now();
        let case = cases::create(&db, &alice, new_case("CASE-0300"), now).await.unwrap();
        let change = domain::cases::CaseSettingsInput { title: Some("R v Green (amended)".into()), target_date: Some("2099-01-31".into()), version: case.version, ..Default::default() };
        let changed = cases::update_settings(&db, &alice, case.id, change.clone(), now).await.unwrap();
        assert_eq!(changed.title, "R v Green (amended)");
        assert_eq!(changed.target_date.as_deref(), Some("2099-01-31"));
        assert_eq!(changed.description, "Burglary, Southwark", "fields left out stay");
        assert_eq!(changed.version, case.version + 1);

        match cases::update_settings(&db, &alice, case.id, change, now).await.unwrap_err() {
            ServiceError::Conflict { message, .. } => assert!(message.contains("Someone else changed")),
            other => panic!("a stale version must be refused: {other:?}"),
        }
        let blank = domain::cases::CaseSettingsInput { title: Some(" ".into()), version: changed.version, ..Default::default() };
        assert!(matches!(cases::update_settings(&db, &alice, case.id, blank, now).await, Err(ServiceError::Validation(v)) if v.field == "title"));
        let stranger = domain::cases::CaseSettingsInput { title: Some("Mine".into()), version: changed.version, ..Default::default() };
        assert!(matches!(cases::update_settings(&db, &mark, case.id, stranger, now).await, Err(ServiceError::AccessDenied(_))));
        assert_eq!(cases::get(&db, &alice, case.id, now).await.unwrap().title, "R v Green (amended)");
    })
    .await;
}

#[tokio::test]
async fn the_case_list_is_paged_filtered_and_counted_on_the_server_and_includes_office_cases() {
    each_backend(|db| async move {
        demo(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let now = service::now();
        for n in 1..=5 {
            let title = if n % 2 == 0 { "R v Even" } else { "R v Odd" };
            cases::create(&db, &alice, NewCaseInput { title: title.into(), ..new_case(&format!("PAGE-{n:03}")) }, now)
                .await
                .unwrap();
        }
        let query = |q: CaseQuery| {
            let (db, alice) = (db.clone(), alice.clone());
            async move { cases::list(&db, &alice, &q, now).await.unwrap() }
        };

        // Seven in all (the demo's two and five new), newest first, three a page.
        let first = query(CaseQuery { per_page: Some(3), ..Default::default() }).await;
        assert_eq!((first.total, first.page, first.per_page, first.pages()), (7, 1, 3, 3));
        assert_eq!(
            first.cases.iter().map(|c| c.reference.as_str()).collect::<Vec<_>>(),
            ["PAGE-005", "PAGE-004", "PAGE-003"]
        );
        let last = query(CaseQuery { per_page: Some(3), page: Some(3), ..Default::default() }).await;
        assert_eq!(last.cases.iter().map(|c| c.reference.as_str()).collect::<Vec<_>>(), ["CASE-0001"]);
        let beyond = query(CaseQuery { per_page: Some(3), page: Some(9), ..Default::default() }).await;
        assert!(beyond.cases.is_empty() && beyond.total == 7, "a page past the end is empty, not an error");

        // Text in the reference or the title, any letter case; status; office.
        let even = query(CaseQuery { q: Some(" even ".into()), ..Default::default() }).await;
        assert_eq!(even.total, 2);
        assert_eq!(query(CaseQuery { q: Some("case-000".into()), ..Default::default() }).await.total, 2);
        assert_eq!(
            query(CaseQuery { status: Some(domain::cases::CaseStatus::Closed), ..Default::default() }).await.total,
            0
        );
        let southwark = first.offices.iter().find(|o| o.name == "Southwark").expect("the offices of the cases").id;
        assert_eq!(query(CaseQuery { office: Some(southwark), ..Default::default() }).await.total, 7);

        // A prosecution manager of Southwark with the account permission "access all office
        // cases" finds the office's cases through that path (SPEC §4 path 5), and only those.
        let manager = service::accounts::create_user(
            &db,
            service::accounts::NewUser {
                email: "olive@cps.example.cjsm.net".into(),
                name: "Olive Office".into(),
                password: "a-long-password-1".into(),
                organisation: Some("Crown Prosecution South".into()),
                office: Some("Southwark".into()),
                account_type: Some(domain::directory::AccountType::Manager),
                ..Default::default()
            },
            now,
        )
        .await
        .unwrap();
        assert_eq!(cases::list(&db, &manager, &CaseQuery::default(), now).await.unwrap().total, 0);
        sqlx::query("UPDATE users SET perm_office_cases = 1 WHERE id = $1")
            .bind(manager.id.0)
            .execute(db.pool())
            .await
            .unwrap();
        let manager = user(&db, "olive@cps.example.cjsm.net").await;
        let office_cases = cases::list(&db, &manager, &CaseQuery::default(), now).await.unwrap();
        assert_eq!(office_cases.total, 7, "every Southwark case, and not Croydon's CASE-0003");
        assert!(office_cases.cases.iter().all(|c| c.my_role == "Manager"));
    })
    .await;
}

/// The total of a person's case list at `at`, and the references on its first page.
async fn listed(db: &service::Db, who: &Actor, at: Timestamp) -> (i64, Vec<String>) {
    let page = cases::list(db, who, &CaseQuery::default(), at).await.unwrap();
    (page.total, page.cases.into_iter().map(|c| c.reference).collect())
}

/// The list is decided case by case by `evaluate`, whatever found the case: a case reached by two
/// paths at once is listed and counted once, and a case a path still points to but `evaluate`
/// refuses (an expired grant, a group at another location) is neither listed nor counted.
#[tokio::test]
async fn the_case_list_counts_a_case_once_and_leaves_out_what_evaluate_refuses() {
    each_backend(|db| async move {
        demo(&db).await;
        let (first, second) = (case_id(&db, "CASE-0001").await, case_id(&db, "CASE-0002").await);
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let paul = user(&db, "paul@cps.example.cjsm.net").await;
        let nora = user(&db, "nora@probation.example.net").await;
        let lee = user(&db, "lee@probation.example.net").await;
        let now = service::now();
        let end = Timestamp(now.0 + 60_000);
        let reviewer = |expires_at: Option<String>| InviteInput {
            email: "paul@cps.example.cjsm.net".into(),
            role: REVIEWER.into(),
            expires_at,
            ..Default::default()
        };
        let group = |usual_role: &str| GroupInput {
            usual_role: usual_role.into(),
            location: Some("Southwark".into()),
            role: REVIEWER.into(),
        };

        // Paul reaches CASE-0001 by his own grant and by the group of his usual role and office,
        members::invite(&db, &alice, first, reviewer(None), now, BASE).await.unwrap();
        groups::add(&db, &alice, first, group("Paralegal"), now).await.unwrap();
        // and CASE-0002 by a grant that ends in a minute.
        let ends = chrono::DateTime::from_timestamp_millis(end.0).unwrap().to_rfc3339();
        members::invite(&db, &alice, second, reviewer(Some(ends)), now, BASE).await.unwrap();
        // The probation officers' group is at Southwark: Nora works there, Lee in Leeds.
        groups::add(&db, &alice, first, group("NOMS"), now).await.unwrap();

        let (both, only_first) =
            (vec!["CASE-0002".to_string(), "CASE-0001".to_string()], vec!["CASE-0001".to_string()]);
        assert_eq!(listed(&db, &paul, now).await, (2, both));
        assert_eq!(
            listed(&db, &paul, end).await,
            (1, only_first.clone()),
            "the ended grant is neither listed nor counted"
        );
        assert_eq!(listed(&db, &nora, now).await, (1, only_first));
        assert_eq!(listed(&db, &lee, now).await, (0, vec![]), "nor is a case by a group at another office");
    })
    .await;
}
