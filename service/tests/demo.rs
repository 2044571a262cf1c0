use service::accounts::{self, NewUser};
use service::demo::{DemoOutcome, load_if_empty};
use service::testing::each_backend;

async fn count(db: &service::Db, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(db.pool()).await.unwrap()
}

#[tokio::test]
async fn the_demo_world_loads_once_into_an_empty_database() {
    each_backend(|db| async move {
        assert_eq!(load_if_empty(&db, service::now()).await.unwrap(), DemoOutcome::Loaded);
        assert_eq!(count(&db, "organisations").await, 8);
        assert_eq!(count(&db, "users").await, 13);
        assert_eq!(count(&db, "cases").await, 3);
        assert_eq!(count(&db, "defendants").await, 4);
        assert_eq!(load_if_empty(&db, service::now()).await.unwrap(), DemoOutcome::SkippedNotEmpty);
        assert_eq!(count(&db, "users").await, 13);
        let uma = service::testing::user(&db, "uma@police.example.net").await;
        assert_eq!(uma.account_type, domain::directory::AccountType::Uploader);
        let admin = service::testing::user(&db, "admin@caseward.example").await;
        assert!(admin.is_system_admin && admin.office.is_none() && admin.usual_role.is_none());
    })
    .await;
}

#[tokio::test]
async fn the_demo_world_is_never_loaded_into_a_database_that_holds_data() {
    each_backend(|db| async move {
        let first = NewUser {
            email: "first@example.org".into(),
            name: "First".into(),
            password: "first-password".into(),
            ..Default::default()
        };
        accounts::create_user(&db, first, service::now()).await.unwrap();
        assert_eq!(load_if_empty(&db, service::now()).await.unwrap(), DemoOutcome::SkippedNotEmpty);
        assert_eq!(count(&db, "users").await, 1);
        assert_eq!(count(&db, "organisations").await, 0);
    })
    .await;
}
