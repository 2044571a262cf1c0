//! Group grants, domain grants, R4, R5 and R7 on both backends, on the demo world.
use domain::access::roles::{DEFENCE_ADVOCATE, REVIEWER, USER};
use domain::access::{AccessPath, Capability, DefendantScope};
use domain::cases::list::CaseQuery;
use domain::domains::DomainInput;
use domain::groups::GroupInput;
use domain::members::InviteInput;
use domain::requests::{ApproveInput, DenyInput, RequestInput};
use domain::{CaseId, DefendantId, Timestamp};
use service::testing::{demo, each_backend, user};
use service::{Db, ServiceError, cases, domains, groups, members, requests};

const BASE: &str = "http://caseward.test";

async fn case_0001(db: &Db) -> (CaseId, DefendantId, DefendantId) {
    let id = service::testing::case_id(db, "CASE-0001").await;
    let ds: Vec<(i64,)> = sqlx::query_as("SELECT id FROM defendants WHERE case_id = $1 ORDER BY position")
        .bind(id.0)
        .fetch_all(db.pool())
        .await
        .unwrap();
    (id, DefendantId(ds[0].0), DefendantId(ds[1].0))
}

fn group(usual_role: &str, location: Option<&str>, role: &str) -> GroupInput {
    GroupInput { usual_role: usual_role.into(), location: location.map(str::to_string), role: role.into() }
}

fn message(result: Result<impl std::fmt::Debug, ServiceError>) -> String {
    match result {
        Err(e) => e.to_string(),
        Ok(v) => panic!("expected a refusal, got {v:?}"),
    }
}

async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db.pool()).await.unwrap()
}

#[tokio::test]
async fn a_group_restricted_to_southwark_reaches_nora_but_not_lee() {
    each_backend(|db| async move {
        demo(&db).await;
        let (case, _, _) = case_0001(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let nora = user(&db, "nora@probation.example.net").await;
        let lee = user(&db, "lee@probation.example.net").await;
        let now = service::now();
        let added = groups::add(&db, &alice, case, group("NOMS", Some("southwark"), REVIEWER), now).await.unwrap();
        assert_eq!(added.location.as_deref(), Some("Southwark"), "stored as the office is named");

        let access = cases::my_access(&db, &nora, case, now).await.unwrap();
        assert!(access.can(Capability::View));
        assert_eq!(access.explanation[0].path, AccessPath::Group);
        assert_eq!(access.explanation[0].reason, "Member of the group NOMS at Southwark");
        assert!(matches!(cases::get(&db, &lee, case, now).await, Err(ServiceError::AccessDenied(_))));
        // Nora finds it in her list; the people list shows her with the Group badge, not lee.
        assert!(cases::list(&db, &nora, &CaseQuery::default(), now).await.unwrap().cases.iter().any(|c| c.id == case));
        assert!(cases::list(&db, &lee, &CaseQuery::default(), now).await.unwrap().cases.is_empty());
        let people = members::list(&db, &alice, case, Default::default(), now).await.unwrap();
        let listed = people.members.iter().find(|m| m.user.email == nora.email).unwrap();
        assert_eq!(listed.paths, vec![AccessPath::Group]);
        assert!(people.members.iter().all(|m| m.user.email != lee.email));

        // Refusals: twice the same group; an unknown usual role or location; a defendant-scoped role.
        assert!(
            message(groups::add(&db, &alice, case, group("NOMS", Some("Southwark"), USER), now).await)
                .contains("already has access")
        );
        assert!(
            message(groups::add(&db, &alice, case, group("Astronaut", None, REVIEWER), now).await)
                .contains("no usual role")
        );
        assert!(
            message(groups::add(&db, &alice, case, group("NOMS", Some("Atlantis"), REVIEWER), now).await)
                .contains("no office called")
        );
        assert!(
            message(groups::add(&db, &alice, case, group("Police", None, DEFENCE_ADVOCATE), now).await)
                .contains("limited to chosen defendants")
        );
        // Without manage_access nobody adds a group, nor removes one.
        assert!(matches!(
            groups::add(&db, &nora, case, group("Police", None, REVIEWER), now).await,
            Err(ServiceError::Forbidden(_))
        ));
        assert!(matches!(groups::remove(&db, &nora, case, added.id, now).await, Err(ServiceError::Forbidden(_))));
    })
    .await;
}

#[tokio::test]
async fn removing_a_group_keeps_access_for_those_who_opened_the_case_only() {
    each_backend(|db| async move {
        demo(&db).await;
        let (case, _, _) = case_0001(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let nora = user(&db, "nora@probation.example.net").await;
        let lee = user(&db, "lee@probation.example.net").await;
        let t0 = Timestamp(service::now().0 - 60_000);
        let added = groups::add(&db, &alice, case, group("NOMS", None, REVIEWER), t0).await.unwrap();
        // nora opens the case; lee, in the group too, never does.
        cases::get(&db, &nora, case, Timestamp(t0.0 + 1000)).await.unwrap();
        assert!(cases::my_access(&db, &lee, case, Timestamp(t0.0 + 1000)).await.unwrap().can(Capability::View));
        let listed = groups::list(&db, &alice, case, Timestamp(t0.0 + 2000)).await.unwrap();
        assert_eq!(listed[0].would_keep_access, 1);

        let now = Timestamp(t0.0 + 3000);
        let removal = groups::remove(&db, &alice, case, added.id, now).await.unwrap();
        assert_eq!(removal.kept, vec![nora.name.clone()]);
        let kept = cases::my_access(&db, &nora, case, now).await.unwrap();
        assert!(kept.can(Capability::View));
        assert_eq!(kept.explanation[0].path, AccessPath::Retained);
        assert_eq!(kept.headline_role(), Some("Reviewer"));
        assert!(matches!(cases::get(&db, &lee, case, now).await, Err(ServiceError::AccessDenied(_))));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'group.removed'").await, 1);

        // The retained grant is on the People tab, as such, and revocable there.
        let people = members::list(&db, &alice, case, Default::default(), now).await.unwrap();
        let row = people.members.iter().find(|m| m.user.email == nora.email).unwrap();
        assert_eq!(row.paths, vec![AccessPath::Retained]);
        members::revoke(&db, &alice, case, nora.id, now).await.unwrap();
        assert!(!cases::my_access(&db, &nora, case, now).await.unwrap().has_any());
        // A second removal of the same group finds nothing.
        assert!(matches!(groups::remove(&db, &alice, case, added.id, now).await, Err(ServiceError::NotFound(_))));
    })
    .await;
}

#[tokio::test]
async fn a_domain_gives_defence_advocate_for_its_defendants_only_and_chambers_are_refused() {
    each_backend(|db| async move {
        demo(&db).await;
        let (case, john, peter) = case_0001(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let dan = user(&db, "dan@swatham.cjsm.net").await;
        let jo = user(&db, "jo@johnson.co.uk.cjsm.net").await;
        let now = service::now();
        let input = |domain: &str, defendants: Vec<DefendantId>| DomainInput {
            domain: domain.into(),
            defendants,
            ..Default::default()
        };

        let refused = message(domains::add(&db, &alice, case, input("templerow.cjsm.net", vec![john]), now).await);
        assert!(refused.contains("barristers' chambers"), "{refused}");
        assert!(
            message(domains::add(&db, &alice, case, input("swatham.cjsm.net", vec![]), now).await)
                .contains("at least one defendant")
        );
        assert!(matches!(
            domains::add(&db, &alice, case, input("unknown-firm.example", vec![john]), now).await,
            Err(ServiceError::NeedsConfirmation(_))
        ));
        domains::add(
            &db,
            &alice,
            case,
            DomainInput { confirm_unowned: true, ..input("unknown-firm.example", vec![john]) },
            now,
        )
        .await
        .unwrap();

        let added = domains::add(&db, &alice, case, input("@Swatham.cjsm.net", vec![peter]), now).await.unwrap();
        assert_eq!(added.domain, "swatham.cjsm.net");
        assert_eq!(added.organisation.as_deref(), Some("Swatham & Co Solicitors"));
        let detail = cases::get(&db, &dan, case, now).await.unwrap();
        assert_eq!(detail.defendants.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["Peter Jones"]);
        assert_eq!(detail.access.scope, DefendantScope::Only([peter].into()));
        assert!(!detail.access.can(Capability::ManageAccess));
        assert!(matches!(cases::get(&db, &jo, case, now).await, Err(ServiceError::AccessDenied(_))));

        // Someone who registers at the domain later is covered at once.
        let later = service::accounts::NewUser {
            email: "newcomer@swatham.cjsm.net".into(),
            name: "Nell Newcomer".into(),
            password: "a-long-password-1".into(),
            organisation: Some("Swatham & Co Solicitors".into()),
            account_type: None,
            is_system_admin: false,
            is_licence_manager: false,
            ..Default::default()
        };
        let newcomer = service::accounts::create_user(&db, later, now).await.unwrap();
        assert!(
            cases::list(&db, &newcomer, &CaseQuery::default(), now).await.unwrap().cases.iter().any(|c| c.id == case)
        );
        // The people list finds them by their email's domain (users.email_domain), the newcomer
        // too, and no one at another domain.
        let people = members::list(&db, &alice, case, Default::default(), now).await.unwrap();
        let by_domain: Vec<&str> = people
            .members
            .iter()
            .filter(|m| m.paths.contains(&AccessPath::Domain))
            .map(|m| m.user.email.as_str())
            .collect();
        assert!(
            by_domain.contains(&dan.email.as_str()) && by_domain.contains(&newcomer.email.as_str()),
            "{by_domain:?}"
        );
        assert!(people.members.iter().all(|m| m.user.email != jo.email));

        // Dan cannot add or remove domains; alice removes it and dan loses access.
        assert!(matches!(domains::remove(&db, &dan, case, added.id, now).await, Err(ServiceError::Forbidden(_))));
        domains::remove(&db, &alice, case, added.id, now).await.unwrap();
        assert!(matches!(cases::get(&db, &dan, case, now).await, Err(ServiceError::AccessDenied(_))));
    })
    .await;
}

#[tokio::test]
async fn an_access_request_is_sent_once_then_approved_or_denied_by_a_manager_only() {
    each_backend(|db| async move {
        demo(&db).await;
        let (case, john, _) = case_0001(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let jo = user(&db, "jo@johnson.co.uk.cjsm.net").await;
        let paul = user(&db, "paul@cps.example.cjsm.net").await;
        let now = service::now();
        members::invite(&db, &alice, case, InviteInput { email: paul.email.clone(), role: REVIEWER.into(), ..Default::default() }, now, BASE).await.unwrap();

        // The denied screen lists who can grant access and the groups with it.
        groups::add(&db, &alice, case, group("Judge", None, REVIEWER), now).await.unwrap();
        let Err(ServiceError::AccessDenied(denied)) = cases::get(&db, &jo, case, now).await else { panic!("jo has no access") };
        assert_eq!(denied.grantors.iter().map(|g| g.email.as_str()).collect::<Vec<_>>(), ["alice@cps.example.cjsm.net"]);
        assert_eq!(denied.groups, ["Judge (all locations): Reviewer"]);
        assert_eq!(denied.pending_request, None);

        let request = requests::create(&db, &jo, case, RequestInput { message: "I represent John Smith.".into() }, now, BASE).await.unwrap();
        let again = message(requests::create(&db, &jo, case, RequestInput::default(), now, BASE).await);
        assert!(again.contains("You already asked for access to CASE-0001"), "{again}");
        assert!(message(requests::create(&db, &paul, case, RequestInput::default(), now, BASE).await).contains("already have access"));
        let Err(ServiceError::AccessDenied(denied)) = cases::get(&db, &jo, case, now).await else { panic!("still no access") };
        assert_eq!(denied.pending_request, Some(now));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM outbox WHERE subject = 'Jo Johnson asks for access to CASE-0001'").await, 1);

        // Paul sees the case but holds no manage_access: he sees no requests and cannot decide.
        assert!(requests::list(&db, &paul, case, now).await.unwrap().is_empty());
        let approve = ApproveInput { role: DEFENCE_ADVOCATE.into(), defendants: vec![john], expires_at: None };
        assert!(matches!(requests::approve(&db, &paul, case, request.id, approve.clone(), now, BASE).await, Err(ServiceError::Forbidden(_))));
        assert!(matches!(requests::deny(&db, &paul, case, request.id, DenyInput { reason: "No".into() }, now).await, Err(ServiceError::Forbidden(_))));

        let pending = requests::list(&db, &alice, case, now).await.unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].message, "I represent John Smith.");
        assert!(pending[0].role_options.iter().any(|r| r.key == DEFENCE_ADVOCATE));
        let member = requests::approve(&db, &alice, case, request.id, approve.clone(), now, BASE).await.unwrap();
        assert_eq!(member.role_name, "Defence Advocate");
        let detail = cases::get(&db, &jo, case, now).await.unwrap();
        assert_eq!(detail.defendants.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["John Smith"]);
        assert!(message(requests::approve(&db, &alice, case, request.id, approve, now, BASE).await).contains("already approved"));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'access.request_approved'").await, 1);

        // A denial needs a reason, and tells the requester.
        let sara = user(&db, "sara@swatham.cjsm.net").await;
        let second = requests::create(&db, &sara, case, RequestInput::default(), now, BASE).await.unwrap();
        assert!(message(requests::deny(&db, &alice, case, second.id, DenyInput { reason: " ".into() }, now).await).contains("Say why"));
        requests::deny(&db, &alice, case, second.id, DenyInput { reason: "Not instructed on this case.".into() }, now).await.unwrap();
        assert_eq!(count(&db, "SELECT COUNT(*) FROM outbox WHERE to_address = 'sara@swatham.cjsm.net' AND body LIKE '%Not instructed on this case.%'").await, 1);
        // Denied, she may ask again.
        requests::create(&db, &sara, case, RequestInput { message: "Instructed now.".into() }, now, BASE).await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn groups_and_domains_respect_scope_existing_grants_uploaders_and_communities() {
    each_backend(|db| async move {
        demo(&db).await;
        let (case, john, peter) = case_0001(&db).await;
        let admin = user(&db, "admin@caseward.example").await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let paul = user(&db, "paul@cps.example.cjsm.net").await;
        let nora = user(&db, "nora@probation.example.net").await;
        let uma = user(&db, "uma@police.example.net").await;
        let t0 = Timestamp(service::now().0 - 60_000);
        let at = |ms: i64| Timestamp(t0.0 + ms);

        // A manager limited to John Smith may not give a group every defendant, nor remove a
        // domain for Peter Jones.
        let scoped_lead = domain::access::roles::RoleInput {
            name: "Scoped lead".into(),
            capabilities: vec![Capability::View, Capability::ManageAccess],
            community: None,
            defendant_scoped: true,
        };
        let role = service::roles::create(&db, &admin, scoped_lead, t0).await.unwrap();
        let invite = |email: &str, role: &str, defendants: Vec<DefendantId>| InviteInput {
            email: email.into(),
            role: role.into(),
            defendants,
            ..Default::default()
        };
        members::invite(&db, &alice, case, invite(&paul.email, &role.key, vec![john]), t0, BASE).await.unwrap();
        assert!(matches!(
            groups::add(&db, &paul, case, group("Police", None, "monitor"), t0).await,
            Err(ServiceError::Forbidden(_))
        ));
        let firm = domains::add(
            &db,
            &alice,
            case,
            DomainInput { domain: "swatham.cjsm.net".into(), defendants: vec![peter], ..Default::default() },
            t0,
        )
        .await
        .unwrap();
        assert!(matches!(domains::remove(&db, &paul, case, firm.id, t0).await, Err(ServiceError::Forbidden(_))));
        // Nor does paul see that domain at all: it is for a defendant outside his scope.
        assert!(domains::list(&db, &paul, case, t0).await.unwrap().is_empty());
        members::revoke(&db, &alice, case, paul.id, t0).await.unwrap();

        // A stranger's 403 names groups, never the defence firms acting.
        let bea = user(&db, "bea@templerow.cjsm.net").await;
        let Err(ServiceError::AccessDenied(denied)) = cases::get(&db, &bea, case, t0).await else {
            panic!("bea has no access")
        };
        assert!(denied.groups.iter().all(|g| !g.contains("swatham")), "{:?}", denied.groups);

        // A community's role goes to that community's usual roles only.
        assert!(
            message(groups::add(&db, &alice, case, group("Defence Solicitor", None, "prosecutor"), t0).await)
                .contains("prosecution community")
        );

        // R6: uma is an uploader who does not allow sharing: the Police group does not reach her.
        groups::add(&db, &alice, case, group("Police", None, REVIEWER), t0).await.unwrap();
        assert!(!cases::my_access(&db, &uma, case, t0).await.unwrap().has_any());

        // R4 with grants of their own: nora's Monitor grant and the group's User each give
        // something the other lacks, so her own stays; paul's Reviewer is below the group's
        // Admin, so it becomes the retained Admin.
        members::invite(&db, &alice, case, invite(&nora.email, "monitor", vec![]), t0, BASE).await.unwrap();
        members::invite(&db, &alice, case, invite(&paul.email, REVIEWER, vec![]), t0, BASE).await.unwrap();
        let noms = groups::add(&db, &alice, case, group("NOMS", None, USER), t0).await.unwrap();
        let paralegals = groups::add(&db, &alice, case, group("Paralegal", None, "admin"), t0).await.unwrap();
        cases::get(&db, &nora, case, at(1000)).await.unwrap();
        cases::get(&db, &paul, case, at(1000)).await.unwrap();
        assert!(groups::remove(&db, &alice, case, noms.id, at(2000)).await.unwrap().kept.is_empty());
        assert_eq!(cases::my_access(&db, &nora, case, at(2000)).await.unwrap().headline_role(), Some("Monitor"));
        assert_eq!(
            groups::remove(&db, &alice, case, paralegals.id, at(2000)).await.unwrap().kept,
            vec![paul.name.clone()]
        );
        let pauls = cases::my_access(&db, &paul, case, at(2000)).await.unwrap();
        assert_eq!((pauls.explanation[0].path, pauls.headline_role()), (AccessPath::Retained, Some("Admin")));

        // A Manager cannot replace that retained Admin grant by re-inviting paul lower (R2).
        let mark = user(&db, "mark@cps.example.cjsm.net").await;
        members::invite(&db, &alice, case, invite(&mark.email, "manager", vec![]), t0, BASE).await.unwrap();
        assert!(matches!(
            members::invite(&db, &mark, case, invite(&paul.email, REVIEWER, vec![]), at(3000), BASE).await,
            Err(ServiceError::Forbidden(_))
        ));

        // A role a group uses cannot be deleted.
        let custom = service::roles::create(
            &db,
            &admin,
            domain::access::roles::RoleInput {
                name: "Probation reader".into(),
                capabilities: vec![Capability::View],
                community: None,
                defendant_scoped: false,
            },
            t0,
        )
        .await
        .unwrap();
        groups::add(&db, &alice, case, group("NOMS", Some("Leeds"), &custom.key), t0).await.unwrap();
        assert!(matches!(service::roles::delete(&db, &admin, &custom.key).await, Err(ServiceError::Conflict { .. })));
    })
    .await;
}

#[tokio::test]
async fn reading_a_case_writes_only_the_openings_r4_decides_on() {
    each_backend(|db| async move {
        demo(&db).await;
        let (case, _, _) = case_0001(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let nora = user(&db, "nora@probation.example.net").await;
        let last_opened = |who: i64| {
            let db = db.clone();
            async move {
                sqlx::query_scalar::<_, i64>(
                    "SELECT last_opened_at FROM case_openings WHERE case_id = $1 AND user_id = $2",
                )
                .bind(case.0)
                .bind(who)
                .fetch_optional(db.pool())
                .await
                .unwrap()
            }
        };
        let start = service::now().0 - 600_000;
        let t = |s: i64| Timestamp(start + s * 1000);

        // The owner: the first opening is recorded, later ones write nothing.
        cases::get(&db, &alice, case, t(1)).await.unwrap();
        cases::get(&db, &alice, case, t(2)).await.unwrap();
        assert_eq!(last_opened(alice.id.0).await, Some(t(1).0));

        // Someone reached by a group: again only the first opening, until another group that
        // reaches them is added; the first opening after it is recorded, because R4 needs it.
        groups::add(&db, &alice, case, group("NOMS", None, REVIEWER), t(3)).await.unwrap();
        cases::get(&db, &nora, case, t(4)).await.unwrap();
        cases::get(&db, &nora, case, t(5)).await.unwrap();
        assert_eq!(last_opened(nora.id.0).await, Some(t(4).0));
        let southwark = groups::add(&db, &alice, case, group("NOMS", Some("Southwark"), USER), t(6)).await.unwrap();
        cases::get(&db, &nora, case, t(7)).await.unwrap();
        cases::get(&db, &nora, case, t(8)).await.unwrap();
        assert_eq!(last_opened(nora.id.0).await, Some(t(7).0));
        // And R4 decides as it did when every read wrote: nora opened under the newer group.
        let removal = groups::remove(&db, &alice, case, southwark.id, t(9)).await.unwrap();
        assert_eq!(removal.kept, vec![nora.name.clone()]);
    })
    .await;
}

/// Opening a case with a session token, the session read in the case's own statement, finds the
/// same person and decides exactly as opening it as that person does, on every path; and refuses
/// without a live session before it looks at the case.
#[tokio::test]
async fn a_case_opened_by_session_is_decided_as_for_the_sessions_person() {
    each_backend(|db| async move {
        demo(&db).await;
        let (case, _, peter) = case_0001(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let now = service::now();
        groups::add(&db, &alice, case, group("NOMS", Some("southwark"), REVIEWER), now).await.unwrap();
        let domain = DomainInput { domain: "swatham.cjsm.net".into(), defendants: vec![peter], ..Default::default() };
        domains::add(&db, &alice, case, domain, now).await.unwrap();
        // Their domain is read from their email in SQL (users.email_domain): whatever its letter case.
        let mixed = service::accounts::NewUser {
            email: "Mixed.Case@SwAtham.CJSM.net".into(),
            name: "Mo Mixed".into(),
            password: "a-long-password-1".into(),
            organisation: Some("Swatham & Co Solicitors".into()),
            ..Default::default()
        };
        service::accounts::create_user(&db, mixed, now).await.unwrap();
        let password =
            |email: &str| if email.starts_with("Mixed") { "a-long-password-1" } else { service::demo::DEMO_PASSWORD };

        for email in [
            "alice@cps.example.cjsm.net",
            "nora@probation.example.net",
            "dan@swatham.cjsm.net",
            "Mixed.Case@SwAtham.CJSM.net",
        ] {
            let session = service::accounts::sign_in(&db, email, password(email), now).await.unwrap();
            let mut reader = None;
            let by_session =
                cases::get_by_session(&db, &session.token, case, now, |r| reader = Some(r.clone())).await.unwrap();
            let person = service::accounts::session_user(&db, &session.token, now).await.unwrap().unwrap();
            assert_eq!(reader.as_ref(), Some(&person), "{email}");
            assert_eq!(by_session, cases::get(&db, &person, case, now).await.unwrap(), "{email}");
        }
        let dan =
            service::accounts::sign_in(&db, "dan@swatham.cjsm.net", service::demo::DEMO_PASSWORD, now).await.unwrap();
        let detail = cases::get_by_session(&db, &dan.token, case, now, |_| ()).await.unwrap();
        assert_eq!(detail.access.scope, DefendantScope::Only([peter].into()), "the domain's defendants only");

        // Refused as `get` refuses, with who can grant access; who asked is known all the same.
        let lee = service::accounts::sign_in(&db, "lee@probation.example.net", service::demo::DEMO_PASSWORD, now)
            .await
            .unwrap();
        let mut asked = None;
        let refused = cases::get_by_session(&db, &lee.token, case, now, |r| asked = Some(r.email.clone())).await;
        let Err(ServiceError::AccessDenied(denied)) = refused else { panic!("lee is at another office") };
        assert_eq!(asked.as_deref(), Some("lee@probation.example.net"));
        assert_eq!(
            denied.grantors.iter().map(|g| g.email.as_str()).collect::<Vec<_>>(),
            ["alice@cps.example.cjsm.net"]
        );
        // No live session: unauthenticated, whether or not the case exists; a live one and no case: not found.
        let no_case = CaseId(case.0 + 10_000);
        let expired = Timestamp(dan.expires_at.0 + 1);
        for (token, id, at) in
            [("not-a-token", case, now), ("not-a-token", no_case, now), (dan.token.as_str(), case, expired)]
        {
            let mut asked = None;
            let refused = cases::get_by_session(&db, token, id, at, |r| asked = Some(r.id)).await;
            assert!(matches!(refused, Err(ServiceError::Unauthenticated)), "{refused:?}");
            assert_eq!(asked, None, "no one is named without a live session");
        }
        let unknown = cases::get_by_session(&db, &dan.token, no_case, now, |_| ()).await;
        assert!(matches!(unknown, Err(ServiceError::NotFound(_))), "{unknown:?}");
    })
    .await;
}

/// A reader's rows on a case are kept between their reads by the same session
/// (`access::reader_rows`); the next read sees every change made since all the same: a grant
/// given, then revoked, their domain's grant removed, their session expired.
#[tokio::test]
async fn a_reader_opening_a_case_again_sees_what_changed_since() {
    each_backend(|db| async move {
        demo(&db).await;
        let (case, peter, john) = case_0001(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let now = service::now();
        let domain = DomainInput { domain: "swatham.cjsm.net".into(), defendants: vec![peter], ..Default::default() };
        let firm = domains::add(&db, &alice, case, domain, now).await.unwrap();
        let dan =
            service::accounts::sign_in(&db, "dan@swatham.cjsm.net", service::demo::DEMO_PASSWORD, now).await.unwrap();
        let read = || cases::get_by_session(&db, &dan.token, case, now, |_| ());
        for _ in 0..2 {
            assert_eq!(read().await.unwrap().access.scope, DefendantScope::Only([peter].into()), "the domain's only");
        }

        let invite = InviteInput {
            email: "dan@swatham.cjsm.net".into(),
            role: DEFENCE_ADVOCATE.into(),
            defendants: vec![john],
            ..Default::default()
        };
        members::invite(&db, &alice, case, invite, now, BASE).await.unwrap();
        assert_eq!(read().await.unwrap().access.scope, DefendantScope::Only([peter, john].into()), "and his own");
        let dan_id = user(&db, "dan@swatham.cjsm.net").await.id;
        members::revoke(&db, &alice, case, dan_id, now).await.unwrap();
        assert_eq!(read().await.unwrap().access.scope, DefendantScope::Only([peter].into()), "his own is gone");

        domains::remove(&db, &alice, case, firm.id, now).await.unwrap();
        assert!(matches!(read().await, Err(ServiceError::AccessDenied(_))), "nothing reaches him now");
        domains::add(
            &db,
            &alice,
            case,
            DomainInput { domain: "swatham.cjsm.net".into(), defendants: vec![john], ..Default::default() },
            now,
        )
        .await
        .unwrap();
        assert_eq!(read().await.unwrap().access.scope, DefendantScope::Only([john].into()), "the new grant's");
        let expired = Timestamp(dan.expires_at.0 + 1);
        let late = cases::get_by_session(&db, &dan.token, case, expired, |_| ()).await;
        assert!(matches!(late, Err(ServiceError::Unauthenticated)), "R8: the session is read every time: {late:?}");
    })
    .await;
}
