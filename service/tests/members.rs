use domain::access::roles::{ADMIN, DEFENCE_ADVOCATE, FEE_PAID_JUDGE, MANAGER, OWNER, REVIEWER};
use domain::access::{AccessPath, Capability};
use domain::cases::list::CaseQuery;
use domain::members::{InviteInput, MemberChange};
use domain::{CaseId, DefendantId, Timestamp};
use service::testing::{demo, each_backend, user};
use service::{Db, ServiceError, cases, members};

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

fn invite(email: &str, role: &str) -> InviteInput {
    InviteInput { email: email.into(), role: role.into(), ..Default::default() }
}

async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db.pool()).await.unwrap()
}

#[tokio::test]
async fn a_defence_advocate_sees_only_their_defendants_and_no_sharing_controls() {
    each_backend(|db| async move {
        demo(&db).await;
        let (case, john, _peter) = case_0001(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let sara = user(&db, "sara@swatham.cjsm.net").await;
        let now = service::now();
        let input = InviteInput {
            defendants: vec![john],
            expires_at: Some("2099-12-31".into()),
            message: Some("For the PTPH".into()),
            ..invite("Sara@Swatham.cjsm.net", DEFENCE_ADVOCATE)
        };
        let member = members::invite(&db, &alice, case, input, now, BASE).await.unwrap();
        assert_eq!(member.paths, [AccessPath::Individual]);
        assert_eq!(
            member.defendants.as_ref().unwrap().iter().map(|d| d.name.as_str()).collect::<Vec<_>>(),
            ["John Smith"]
        );
        assert!(member.expires_at.is_some());

        let listed = cases::list(&db, &sara, &CaseQuery::default(), now).await.unwrap().cases;
        assert_eq!(listed.iter().map(|c| c.reference.as_str()).collect::<Vec<_>>(), ["CASE-0001"]);
        assert_eq!(listed[0].my_role, "Defence Advocate");
        let seen = cases::get(&db, &sara, case, now).await.unwrap();
        assert_eq!(seen.defendants.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["John Smith"]);
        assert!(!seen.access.can(Capability::ManageAccess));
        assert!(!members::list(&db, &sara, case, Default::default(), now).await.unwrap().can_manage);

        let mails: Vec<(String, String)> =
            sqlx::query_as("SELECT to_address, body FROM outbox ORDER BY id").fetch_all(db.pool()).await.unwrap();
        assert_eq!(mails.len(), 2);
        assert_eq!(mails[0].0, "sara@swatham.cjsm.net");
        assert!(
            mails[0].1.contains(&format!("{BASE}/cases/{case}"))
                && mails[0].1.contains("for John Smith")
                && mails[0].1.contains("For the PTPH")
        );
        assert_eq!(mails[1].0, "alice@cps.example.cjsm.net");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'member.invited'").await, 1);
    })
    .await;
}

#[tokio::test]
async fn roles_change_people_invite_within_their_rights_and_revoked_access_stops_at_once() {
    each_backend(|db| async move {
        demo(&db).await;
        let (case, _, _) = case_0001(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let paul = user(&db, "paul@cps.example.cjsm.net").await;
        let judge = user(&db, "judge@hmcts.example.net").await;
        let now = service::now();
        let reviewer =
            members::invite(&db, &alice, case, invite("paul@cps.example.cjsm.net", REVIEWER), now, BASE).await.unwrap();
        let refused = members::invite(&db, &paul, case, invite("judge@hmcts.example.net", FEE_PAID_JUDGE), now, BASE)
            .await
            .unwrap_err();
        assert!(matches!(refused, ServiceError::Forbidden(_)), "a reviewer does not manage access: {refused:?}");

        let change =
            MemberChange { role: Some(ADMIN.into()), version: reviewer.version.unwrap(), ..Default::default() };
        let admin = members::change(&db, &alice, case, paul.id, change, now).await.unwrap();
        assert_eq!(admin.grant_role.as_deref(), Some(ADMIN));
        members::invite(&db, &paul, case, invite("judge@hmcts.example.net", FEE_PAID_JUDGE), now, BASE).await.unwrap();
        assert!(cases::get(&db, &judge, case, now).await.is_ok());

        match cases::get(&db, &user(&db, "jo@johnson.co.uk.cjsm.net").await, case, now).await.unwrap_err() {
            ServiceError::AccessDenied(denied) => {
                let emails: Vec<&str> = denied.grantors.iter().map(|g| g.email.as_str()).collect();
                assert_eq!(
                    emails,
                    ["alice@cps.example.cjsm.net", "paul@cps.example.cjsm.net"],
                    "everyone holding manage_access"
                );
            }
            other => panic!("{other:?}"),
        }

        members::revoke(&db, &alice, case, judge.id, now).await.unwrap();
        assert!(matches!(cases::get(&db, &judge, case, now).await.unwrap_err(), ServiceError::AccessDenied(_)));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log").await, 4);
    })
    .await;
}

fn forbidden<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> String {
    match result {
        Err(ServiceError::Forbidden(m)) => m,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn invalid<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> (String, String) {
    match result {
        Err(ServiceError::Validation(v)) => (v.field, v.message),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn every_refused_change_says_why_and_changes_nothing() {
    each_backend(|db| async move {
        demo(&db).await;
        let (case, john, _) = case_0001(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let mark = user(&db, "mark@cps.example.cjsm.net").await;
        let now = service::now();
        let invite_as = |who, input| members::invite(&db, who, case, input, now, BASE);

        assert!(matches!(
            invite_as(&mark, invite("sara@swatham.cjsm.net", REVIEWER)).await,
            Err(ServiceError::AccessDenied(_))
        ));
        assert!(
            forbidden(invite_as(&alice, invite("paul@cps.example.cjsm.net", OWNER)).await)
                .contains("Nobody can grant Owner")
        );
        assert_eq!(
            invalid(invite_as(&alice, invite("sara@swatham.cjsm.net", DEFENCE_ADVOCATE)).await).1,
            "Choose at least one defendant for a Defence Advocate."
        );
        let past =
            InviteInput { expires_at: Some("2020-01-01".into()), ..invite("paul@cps.example.cjsm.net", REVIEWER) };
        assert_eq!(invalid(invite_as(&alice, past).await).1, "The expiry date must be in the future.");
        assert_eq!(invalid(invite_as(&alice, invite("nobody@example.org", REVIEWER)).await).0, "email");
        assert_eq!(invalid(invite_as(&alice, invite("not-an-email", REVIEWER)).await).0, "email");
        assert_eq!(invalid(invite_as(&alice, invite("sara@swatham.cjsm.net", FEE_PAID_JUDGE)).await).0, "role");
        assert_eq!(invalid(invite_as(&alice, invite("sara@swatham.cjsm.net", "no_such_role")).await).0, "role");
        assert!(forbidden(invite_as(&alice, invite("uma@police.example.net", REVIEWER)).await).contains("uploader"));
        assert!(matches!(
            invite_as(&alice, invite("alice@cps.example.cjsm.net", REVIEWER)).await,
            Err(ServiceError::Conflict { .. })
        ));

        // A manager cannot hand out Admin, which holds manage_permissions that Manager lacks.
        let paul = user(&db, "paul@cps.example.cjsm.net").await;
        invite_as(&alice, invite("paul@cps.example.cjsm.net", MANAGER)).await.unwrap();
        assert!(matches!(
            invite_as(&alice, invite("paul@cps.example.cjsm.net", REVIEWER)).await,
            Err(ServiceError::Conflict { .. })
        ));
        let message =
            forbidden(members::invite(&db, &paul, case, invite("judge@hmcts.example.net", ADMIN), now, BASE).await);
        assert_eq!(message, "You cannot grant Admin: it holds capabilities you do not have (manage_permissions).");

        assert!(forbidden(members::revoke(&db, &paul, case, alice.id, now).await).contains("owner"));
        let owner_change = MemberChange { role: Some(REVIEWER.into()), version: 1, ..Default::default() };
        assert!(forbidden(members::change(&db, &paul, case, alice.id, owner_change, now).await).contains("owner"));
        let sara = user(&db, "sara@swatham.cjsm.net").await;
        assert!(matches!(members::revoke(&db, &paul, case, sara.id, now).await, Err(ServiceError::NotFound(_))));

        let scoped = InviteInput { defendants: vec![john], ..invite("sara@swatham.cjsm.net", DEFENCE_ADVOCATE) };
        invite_as(&alice, scoped).await.unwrap();
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM case_grants").await,
            2,
            "only the two successful invitations are stored"
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM outbox").await, 4);
        // Everyone may remove their own access.
        members::revoke(&db, &sara, case, sara.id, now).await.unwrap();
        assert!(matches!(cases::get(&db, &sara, case, now).await, Err(ServiceError::AccessDenied(_))));
    })
    .await;
}

#[tokio::test]
async fn of_two_simultaneous_changes_one_wins_and_the_other_is_told() {
    each_backend(|db| async move {
        demo(&db).await;
        let (case, _, _) = case_0001(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let paul = user(&db, "paul@cps.example.cjsm.net").await;
        let now = service::now();
        let member =
            members::invite(&db, &alice, case, invite("paul@cps.example.cjsm.net", REVIEWER), now, BASE).await.unwrap();
        let version = member.version.unwrap();
        let to = |role: &str| MemberChange { role: Some(role.into()), version, ..Default::default() };
        let (a, b) = tokio::join!(
            members::change(&db, &alice, case, paul.id, to(ADMIN), now),
            members::change(&db, &alice, case, paul.id, to(MANAGER), now),
        );
        assert_eq!(a.is_ok() as u8 + b.is_ok() as u8, 1, "{a:?} {b:?}");
        let loser = a.as_ref().err().or(b.as_ref().err()).unwrap();
        assert!(loser.to_string().contains("Someone else changed Paul Price's access"), "{loser}");
        let winner = a.ok().or(b.ok()).unwrap();
        let now_listed = members::list(&db, &alice, case, Default::default(), now).await.unwrap();
        let paul_row = now_listed.members.iter().find(|m| m.user.id == paul.id).unwrap();
        assert_eq!(paul_row.grant_role, winner.grant_role);
        assert_eq!(paul_row.version, Some(version + 1));
    })
    .await;
}

#[tokio::test]
async fn expired_access_stops_at_the_instant_without_a_sweep() {
    each_backend(|db| async move {
        demo(&db).await;
        let (case, _, _) = case_0001(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let paul = user(&db, "paul@cps.example.cjsm.net").await;
        let now = service::now();
        let end = Timestamp(now.0 + 60_000);
        let rfc3339 = chrono::DateTime::from_timestamp_millis(end.0).unwrap().to_rfc3339();
        let input = InviteInput { expires_at: Some(rfc3339), ..invite("paul@cps.example.cjsm.net", REVIEWER) };
        members::invite(&db, &alice, case, input, now, BASE).await.unwrap();
        assert!(cases::get(&db, &paul, case, Timestamp(end.0 - 1)).await.is_ok());
        assert!(matches!(cases::get(&db, &paul, case, end).await, Err(ServiceError::AccessDenied(_))));
        assert!(cases::list(&db, &paul, &CaseQuery::default(), end).await.unwrap().cases.is_empty());
        let listed = members::list(&db, &alice, case, Default::default(), end).await.unwrap();
        assert!(listed.members.iter().all(|m| m.user.id != paul.id), "an expired grant is not listed as access");
    })
    .await;
}

#[tokio::test]
async fn the_sweep_removes_expired_grants_once_and_records_each() {
    each_backend(|db| async move {
        demo(&db).await;
        let (case, _, _) = case_0001(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let now = service::now();
        let soon = chrono::DateTime::from_timestamp_millis(now.0 + 1000).unwrap().to_rfc3339();
        let expiring = InviteInput { expires_at: Some(soon), ..invite("paul@cps.example.cjsm.net", REVIEWER) };
        members::invite(&db, &alice, case, expiring, now, BASE).await.unwrap();
        members::invite(&db, &alice, case, invite("judge@hmcts.example.net", FEE_PAID_JUDGE), now, BASE).await.unwrap();

        assert_eq!(members::sweep_expired(&db, now).await.unwrap(), 0, "nothing has expired yet");
        let later = Timestamp(now.0 + 1000);
        assert_eq!(members::sweep_expired(&db, later).await.unwrap(), 1);
        assert_eq!(members::sweep_expired(&db, later).await.unwrap(), 0);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM case_grants").await, 1, "the judge's grant, without expiry, stays");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'member.expired' AND subject = 'paul@cps.example.cjsm.net'").await, 1);
    })
    .await;
}

#[tokio::test]
async fn only_system_administrators_read_the_outbox_and_every_email_stays_in_it() {
    each_backend(|db| async move {
        demo(&db).await;
        let (case, _, _) = case_0001(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let admin = user(&db, "admin@caseward.example").await;
        let now = service::now();
        members::invite(&db, &alice, case, invite("paul@cps.example.cjsm.net", REVIEWER), now, BASE).await.unwrap();
        assert!(matches!(service::outbox::list(&db, &alice, 50).await, Err(ServiceError::Forbidden(_))));
        let emails = service::outbox::list(&db, &admin, 50).await.unwrap();
        assert_eq!(emails.len(), 2);
        assert_eq!(emails[0].to, "alice@cps.example.cjsm.net", "newest first: the inviter's confirmation");
        assert!(emails.iter().all(|e| e.sent_at.is_none() && e.attempts == 0));
    })
    .await;
}

#[tokio::test]
async fn nobody_extends_their_own_grant_revives_an_expired_one_or_demotes_someone_stronger() {
    each_backend(|db| async move {
        demo(&db).await;
        let (case, john, peter) = case_0001(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let paul = user(&db, "paul@cps.example.cjsm.net").await;
        let mark = user(&db, "mark@cps.example.cjsm.net").await;
        let now = service::now();
        let soon = chrono::DateTime::from_timestamp_millis(now.0 + 1000).unwrap().to_rfc3339();
        let manager = members::invite(
            &db,
            &alice,
            case,
            InviteInput { expires_at: Some(soon), ..invite("paul@cps.example.cjsm.net", MANAGER) },
            now,
            BASE,
        )
        .await
        .unwrap();
        let own =
            MemberChange { expires_at: Some(String::new()), version: manager.version.unwrap(), ..Default::default() };
        assert!(
            forbidden(members::change(&db, &paul, case, paul.id, own.clone(), now).await).contains("your own access")
        );

        let later = Timestamp(now.0 + 1000);
        assert!(
            matches!(members::change(&db, &alice, case, paul.id, own, later).await, Err(ServiceError::NotFound(_))),
            "an expired grant is not revived"
        );

        let admin =
            members::invite(&db, &alice, case, invite("mark@cps.example.cjsm.net", ADMIN), now, BASE).await.unwrap();
        let judge = members::invite(&db, &alice, case, invite("judge@hmcts.example.net", FEE_PAID_JUDGE), now, BASE)
            .await
            .unwrap();
        let demote =
            MemberChange { role: Some(REVIEWER.into()), version: admin.version.unwrap(), ..Default::default() };
        let message = forbidden(members::change(&db, &paul, case, mark.id, demote, now).await);
        assert!(message.contains("their role, Admin, holds capabilities you do not have"), "{message}");
        assert!(forbidden(members::revoke(&db, &paul, case, mark.id, now).await).contains("Admin"));
        // Within their rights, a manager still manages: the judge's grant holds nothing they lack.
        members::revoke(&db, &paul, case, judge.user.id, now).await.unwrap();

        // A defence advocate scoped to John Smith does not learn Peter Jones's name from the list.
        let sara = user(&db, "sara@swatham.cjsm.net").await;
        members::invite(
            &db,
            &alice,
            case,
            InviteInput { defendants: vec![john], ..invite("sara@swatham.cjsm.net", DEFENCE_ADVOCATE) },
            now,
            BASE,
        )
        .await
        .unwrap();
        members::invite(
            &db,
            &alice,
            case,
            InviteInput { defendants: vec![peter], ..invite("bea@templerow.cjsm.net", DEFENCE_ADVOCATE) },
            now,
            BASE,
        )
        .await
        .unwrap();
        let seen = members::list(&db, &sara, case, Default::default(), now).await.unwrap();
        let text = serde_json::to_string(&seen).unwrap();
        assert!(!text.contains("Peter Jones"), "{text}");
        // Nor his id, in bea's scope or her explanation: bea is there, with no defendant named.
        let bea = seen.members.iter().find(|m| m.user.email == "bea@templerow.cjsm.net").unwrap();
        assert_eq!(bea.defendants.as_deref(), Some(&[][..]));
        assert!(!bea.why.paths.is_empty());
        assert!(bea.why.paths.iter().all(|p| p.scope == domain::access::DefendantScope::Only(Default::default())));
    })
    .await;
}

#[tokio::test]
async fn a_stranger_learns_nothing_from_a_refused_revoke() {
    each_backend(|db| async move {
        demo(&db).await;
        let (case, _, _) = case_0001(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let mark = user(&db, "mark@cps.example.cjsm.net").await;
        let result = members::revoke(&db, &mark, case, alice.id, service::now()).await;
        assert!(matches!(result, Err(ServiceError::AccessDenied(_))), "{result:?}");
    })
    .await;
}

#[tokio::test]
async fn the_people_tab_pages_past_a_hundred_with_everyone_counted_once() {
    each_backend(|db| async move {
        demo(&db).await;
        let (case, _, _) = case_0001(&db).await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let now = service::now();
        // 149 colleagues invited as reviewers, written in bulk; with alice that makes 150.
        for n in 0..149 {
            let email = format!("colleague{n:03}@cps.example.cjsm.net");
            sqlx::query(
                "INSERT INTO users (email, email_key, name, password_hash, created_at) VALUES ($1, $1, $2, 'x', $3)",
            )
            .bind(&email)
            .bind(format!("Colleague {n:03}"))
            .bind(now.0)
            .execute(db.pool())
            .await
            .unwrap();
            sqlx::query(
                "INSERT INTO case_grants (case_id, user_id, role_id, granted_at) \
                 SELECT $1, u.id, r.id, $2 FROM users u, roles r WHERE u.email_key = $3 AND r.key = $4",
            )
            .bind(case.0)
            .bind(now.0)
            .bind(&email)
            .bind(REVIEWER)
            .execute(db.pool())
            .await
            .unwrap();
        }
        let first = members::list(&db, &alice, case, Default::default(), now).await.unwrap();
        assert_eq!((first.total, first.page, first.per_page, first.pages()), (150, 1, 100, 2));
        assert_eq!(first.members.len(), 100);
        assert!(first.members[0].is_owner, "the owner leads the first page");
        let second =
            members::list(&db, &alice, case, domain::members::MemberQuery { page: Some(2), ..Default::default() }, now)
                .await
                .unwrap();
        assert_eq!(second.members.len(), 50);
        let mut everyone: Vec<String> =
            first.members.iter().chain(&second.members).map(|m| m.user.email.clone()).collect();
        assert_eq!(everyone.last().map(String::as_str), Some("colleague148@cps.example.cjsm.net"), "by name");
        everyone.sort();
        everyone.dedup();
        assert_eq!(everyone.len(), 150, "each person on exactly one page");
        // The dropdown's roles are sent once per community on the page, not once per person.
        assert_eq!(first.role_options.len(), 1);
        assert!(first.options_for(first.members[1].community).iter().any(|r| r.key == REVIEWER));
        let beyond = members::list(
            &db,
            &alice,
            case,
            domain::members::MemberQuery { page: Some(9), per_page: Some(1_000), q: None },
            now,
        )
        .await
        .unwrap();
        assert_eq!(
            (beyond.members.len(), beyond.per_page, beyond.total),
            (0, 500, 150),
            "a page past the end is empty"
        );
    })
    .await;
}
