use domain::Timestamp;
use service::ServiceError;
use service::accounts::{self, MAX_FAILURES, NewUser, SESSION_SECONDS};
use service::demo::DEMO_PASSWORD;
use service::testing::{demo, each_backend};

#[tokio::test]
async fn demo_users_sign_in_whatever_the_case_of_their_email() {
    each_backend(|db| async move {
        demo(&db).await;
        let now = service::now();
        let session = accounts::sign_in(&db, "  Alice@CPS.example.cjsm.net", DEMO_PASSWORD, now).await.unwrap();
        assert_eq!(session.user.name, "Alice Archer");
        assert_eq!(session.user.office.as_deref(), Some("Southwark"));
        assert_eq!(session.user.usual_role.as_deref(), Some("Prosecutor"));
        assert!(session.user.is_licence_manager);
        let found = accounts::session_user(&db, &session.token, now).await.unwrap().unwrap();
        assert_eq!(found.id, session.user.id);
    })
    .await;
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    each_backend(|db| async move {
        demo(&db).await;
        let now = service::now();
        let wrong = accounts::sign_in(&db, "alice@cps.example.cjsm.net", "not-the-password", now).await.unwrap_err();
        let unknown = accounts::sign_in(&db, "nobody@cps.example.cjsm.net", DEMO_PASSWORD, now).await.unwrap_err();
        assert!(matches!(wrong, ServiceError::InvalidCredentials));
        assert!(matches!(unknown, ServiceError::InvalidCredentials));
        assert_eq!(wrong.to_string(), unknown.to_string());
    })
    .await;
}

#[tokio::test]
async fn repeated_failures_are_throttled_even_for_the_right_password_until_the_window_passes() {
    each_backend(|db| async move {
        demo(&db).await;
        let now = service::now();
        for _ in 0..MAX_FAILURES {
            let err = accounts::sign_in(&db, "paul@cps.example.cjsm.net", "wrong-password", now).await.unwrap_err();
            assert!(matches!(err, ServiceError::InvalidCredentials));
        }
        let err = accounts::sign_in(&db, "paul@cps.example.cjsm.net", DEMO_PASSWORD, now).await.unwrap_err();
        let ServiceError::TooManyAttempts { retry_after_secs } = err else {
            panic!("expected throttling, got {err:?}")
        };
        assert!(retry_after_secs > 0 && retry_after_secs <= accounts::FAILURE_WINDOW_SECONDS);
        // Unknown emails are throttled the same way, so throttling reveals nothing either.
        for _ in 0..MAX_FAILURES {
            accounts::sign_in(&db, "ghost@cps.example.cjsm.net", "x", now).await.unwrap_err();
        }
        assert!(matches!(
            accounts::sign_in(&db, "ghost@cps.example.cjsm.net", "x", now).await.unwrap_err(),
            ServiceError::TooManyAttempts { .. }
        ));
        // Other accounts are not affected.
        accounts::sign_in(&db, "alice@cps.example.cjsm.net", DEMO_PASSWORD, now).await.unwrap();
        let later = now.plus_seconds(accounts::FAILURE_WINDOW_SECONDS + 1);
        accounts::sign_in(&db, "paul@cps.example.cjsm.net", DEMO_PASSWORD, later).await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn sessions_end_at_sign_out_and_at_expiry() {
    each_backend(|db| async move {
        demo(&db).await;
        let now = service::now();
        let session = accounts::sign_in(&db, "paul@cps.example.cjsm.net", DEMO_PASSWORD, now).await.unwrap();
        let just_before = Timestamp(session.expires_at.0 - 1);
        assert!(accounts::session_user(&db, &session.token, just_before).await.unwrap().is_some());
        assert!(accounts::session_user(&db, &session.token, session.expires_at).await.unwrap().is_none());
        assert_eq!(session.expires_at, now.plus_seconds(SESSION_SECONDS));
        // The read that keeps its connection for the request answers the same.
        let (kept, _) = accounts::session_keeping(&db, &session.token, just_before).await.unwrap().unwrap();
        assert_eq!(kept.id, session.user.id);
        assert!(accounts::session_keeping(&db, &session.token, session.expires_at).await.unwrap().is_none());
        accounts::sign_out(&db, &session.token).await.unwrap();
        assert!(accounts::session_user(&db, &session.token, now).await.unwrap().is_none());
        assert!(accounts::session_keeping(&db, &session.token, now).await.unwrap().is_none());
        assert!(accounts::session_user(&db, "forged-token", now).await.unwrap().is_none());
        assert!(accounts::session_keeping(&db, "forged-token", now).await.unwrap().is_none());
    })
    .await;
}

#[tokio::test]
async fn creating_a_user_refuses_duplicates_and_bad_input_and_hashes_the_password() {
    each_backend(|db| async move {
        let now = service::now();
        let input = NewUser {
            email: "Root@Example.org".into(),
            name: "Root Admin".into(),
            password: "a-long-enough-password".into(),
            is_system_admin: true,
            ..Default::default()
        };
        let created = accounts::create_user(&db, input.clone(), now).await.unwrap();
        assert!(created.is_system_admin);
        let stored: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
            .bind(created.id.0)
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");

        let dup = accounts::create_user(&db, NewUser { email: "root@example.ORG".into(), ..input.clone() }, now)
            .await
            .unwrap_err();
        assert!(matches!(dup, ServiceError::Conflict { .. }), "{dup:?}");
        for (bad, field) in [
            (NewUser { email: "root.example.org".into(), ..input.clone() }, "email"),
            (NewUser { email: "x@example.org".into(), password: "short".into(), ..input.clone() }, "password"),
            (
                NewUser { email: "y@example.org".into(), organisation: Some("No Such Org".into()), ..input.clone() },
                "organisation",
            ),
        ] {
            match accounts::create_user(&db, bad, now).await.unwrap_err() {
                ServiceError::Validation(v) => assert_eq!(v.field, field),
                other => panic!("expected a validation error on {field}, got {other:?}"),
            }
        }
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(db.pool()).await.unwrap();
        assert_eq!(count, 1);
        accounts::sign_in(&db, "root@example.org", "a-long-enough-password", now).await.unwrap();
    })
    .await;
}
