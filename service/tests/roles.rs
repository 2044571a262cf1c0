use domain::access::Capability;
use domain::access::roles::RoleInput;
use domain::access::roles::{self, built_in_roles};
use domain::accounts::Actor;
use domain::cases::{CaseDetail, NewCaseInput};
use domain::members::InviteInput;
use service::testing::{demo, each_backend, user};
use service::{ServiceError, roles as role_service};

fn input(name: &str) -> RoleInput {
    RoleInput {
        name: name.into(),
        capabilities: vec![Capability::View, Capability::Search],
        community: None,
        defendant_scoped: false,
    }
}

#[tokio::test]
async fn the_matrix_holds_the_built_in_roles_exactly_as_the_domain_defines_them() {
    each_backend(|db| async move {
        let matrix = role_service::matrix(&db).await.unwrap();
        assert_eq!(matrix.capabilities.len(), Capability::ALL.len());
        assert_eq!(matrix.roles, built_in_roles());
        // Start-up syncs again without duplicating anything.
        role_service::sync_built_ins(&db, service::now()).await.unwrap();
        assert_eq!(role_service::matrix(&db).await.unwrap().roles, built_in_roles());
    })
    .await;
}

#[tokio::test]
async fn system_administrators_add_edit_and_delete_custom_roles() {
    each_backend(|db| async move {
        demo(&db).await;
        let admin = user(&db, "admin@caseward.example").await;
        let now = service::now();
        let created = role_service::create(&db, &admin, input("Junior Reviewer"), now).await.unwrap();
        assert_eq!(created.key, "junior_reviewer");
        let matrix = role_service::matrix(&db).await.unwrap();
        assert_eq!(matrix.roles.last().unwrap(), &created, "custom roles come after the built-in ones");

        let mut changed = input("Junior Reviewer");
        changed.capabilities.push(Capability::Annotate);
        let updated = role_service::update(&db, &admin, "junior_reviewer", changed).await.unwrap();
        assert!(updated.holds(Capability::Annotate));

        let dup = role_service::create(&db, &admin, input("junior reviewer "), now).await;
        assert!(matches!(dup, Err(ServiceError::Conflict { .. })), "{dup:?}");
        let dup = role_service::create(&db, &admin, input("Reviewer"), now).await;
        assert!(
            matches!(dup, Err(ServiceError::Conflict { .. })),
            "a custom role cannot take a built-in name: {dup:?}"
        );
        let empty = role_service::create(&db, &admin, RoleInput { capabilities: vec![], ..input("Empty") }, now).await;
        assert!(matches!(empty, Err(ServiceError::Validation(v)) if v.field == "capabilities"));

        role_service::delete(&db, &admin, "junior_reviewer").await.unwrap();
        assert_eq!(role_service::matrix(&db).await.unwrap().roles, built_in_roles());
    })
    .await;
}

#[tokio::test]
async fn built_in_roles_are_read_only_and_only_system_administrators_change_roles() {
    each_backend(|db| async move {
        demo(&db).await;
        let admin = user(&db, "admin@caseward.example").await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let now = service::now();
        assert!(matches!(
            role_service::update(&db, &admin, roles::REVIEWER, input("Reviewer")).await,
            Err(ServiceError::Forbidden(_))
        ));
        assert!(matches!(role_service::delete(&db, &admin, roles::OWNER).await, Err(ServiceError::Forbidden(_))));
        assert!(matches!(role_service::create(&db, &alice, input("Mine"), now).await, Err(ServiceError::Forbidden(_))));
        role_service::create(&db, &admin, input("Temp"), now).await.unwrap();
        assert!(matches!(role_service::delete(&db, &alice, "temp").await, Err(ServiceError::Forbidden(_))));
        assert!(matches!(role_service::delete(&db, &admin, "no_such_role").await, Err(ServiceError::NotFound(_))));
    })
    .await;
}

/// A new case of `owner`'s with one defendant, to which `person` is invited with `role`.
async fn shared_case(db: &service::Db, owner: &Actor, reference: &str, person: &Actor, role: &str) -> CaseDetail {
    let now = service::now();
    let new_case = NewCaseInput {
        reference: reference.into(),
        title: format!("R v {reference}"),
        defendants: vec!["Ann".into()],
        ..Default::default()
    };
    let case = service::cases::create(db, owner, new_case, now).await.unwrap();
    let grant = InviteInput { email: person.email.clone(), role: role.into(), ..Default::default() };
    service::members::invite(db, owner, case.id, grant, now, "http://caseward.test").await.unwrap();
    case
}

#[tokio::test]
async fn only_the_owner_deletes_a_case_whatever_a_custom_role_claims() {
    each_backend(|db| async move {
        demo(&db).await;
        let admin = user(&db, "admin@caseward.example").await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let paul = user(&db, "paul@cps.example.cjsm.net").await;
        let now = service::now();

        // A custom role may not hold delete_case, neither when created nor when changed.
        let deleter = RoleInput { capabilities: vec![Capability::View, Capability::DeleteCase], ..input("Case Deleter") };
        let refused = role_service::create(&db, &admin, deleter.clone(), now).await;
        assert!(matches!(&refused, Err(ServiceError::Validation(v)) if v.field == "capabilities" && v.message.contains("delete_case")), "{refused:?}");
        role_service::create(&db, &admin, input("Case Deleter"), now).await.unwrap();
        let refused = role_service::update(&db, &admin, "case_deleter", deleter).await;
        assert!(matches!(&refused, Err(ServiceError::Validation(v)) if v.field == "capabilities"), "{refused:?}");
        let matrix = role_service::matrix(&db).await.unwrap();
        assert!(!matrix.roles.iter().find(|r| r.key == "case_deleter").unwrap().holds(Capability::DeleteCase), "nothing was half-applied");

        // A role stored with delete_case before the rule (written here behind the service's back)
        // still gives it to nobody but the owner.
        sqlx::query("INSERT INTO role_capabilities (role_id, capability) SELECT id, 'delete_case' FROM roles WHERE key = 'case_deleter'")
            .execute(db.pool())
            .await
            .unwrap();
        let case = shared_case(&db, &alice, "DEL-1", &paul, "case_deleter").await;
        let held = service::cases::my_access(&db, &paul, case.id, now).await.unwrap();
        assert!(held.can(Capability::View) && !held.can(Capability::DeleteCase), "{held:?}");
        let refused = service::cases::delete(&db, &service::testing::blobs(), &paul, case.id, now).await;
        assert!(matches!(&refused, Err(ServiceError::Forbidden(m)) if m.contains("owner")), "{refused:?}");
        assert!(service::cases::get(&db, &alice, case.id, now).await.is_ok(), "the case is still there");
        service::cases::delete(&db, &service::testing::blobs(), &alice, case.id, now).await.unwrap();
    })
    .await;
}

/// The role table is kept in memory between requests, but a change written by any server instance
/// (here straight into the database, as another instance would) decides the very next read (R8).
#[tokio::test]
async fn a_role_changed_elsewhere_decides_the_next_read() {
    each_backend(|db| async move {
        demo(&db).await;
        let admin = user(&db, "admin@caseward.example").await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let paul = user(&db, "paul@cps.example.cjsm.net").await;
        let now = service::now();
        role_service::create(&db, &admin, input("Case Reader"), now).await.unwrap();
        let case = shared_case(&db, &alice, "R8-1", &paul, "case_reader").await;
        let read = service::cases::get(&db, &paul, case.id, now).await.unwrap();
        assert!(read.access.can(Capability::Search) && !read.access.can(Capability::Annotate), "{:?}", read.access);

        let change = |sql: &'static str| {
            let db = db.clone();
            async move { sqlx::query(sql).execute(db.pool()).await.unwrap() }
        };
        change("INSERT INTO role_capabilities (role_id, capability) SELECT id, 'annotate' FROM roles WHERE key = 'case_reader'")
            .await;
        let read = service::cases::get(&db, &paul, case.id, now).await.unwrap();
        assert!(read.access.can(Capability::Annotate), "a capability added elsewhere counts at once: {:?}", read.access);
        let listed = service::cases::list(&db, &paul, &Default::default(), now).await.unwrap();
        assert!(listed.cases.iter().any(|c| c.id == case.id), "and the case list agrees");

        change("DELETE FROM role_capabilities WHERE capability = 'view' AND role_id = (SELECT id FROM roles WHERE key = 'case_reader')")
            .await;
        let refused = service::cases::get(&db, &paul, case.id, now).await;
        assert!(matches!(refused, Err(ServiceError::AccessDenied(_))), "a capability removed elsewhere stops at once: {refused:?}");
        let listed = service::cases::list(&db, &paul, &Default::default(), now).await.unwrap();
        assert!(listed.cases.iter().all(|c| c.id != case.id), "and the case list no longer shows it");
    })
    .await;
}
