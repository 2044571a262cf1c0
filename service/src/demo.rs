//! The demo world: organisations, users and cases that a new user can sign in to and try every
//! rule with. Loaded in one transaction, and only into a database that holds no data at all.
use crate::accounts::hash_password;
use crate::db::Db;
use crate::error::Result;
use domain::Timestamp;
use domain::directory::Email;

/// Every demo account's password.
pub const DEMO_PASSWORD: &str = "caseward-demo";

/// (name, kind, offices, email domain)
const ORGANISATIONS: &[(&str, &str, &[&str], &str)] = &[
    ("Crown Prosecution South", "prosecution", &["Southwark", "Croydon"], "cps.example.cjsm.net"),
    ("Swatham & Co Solicitors", "defence_firm", &["London"], "swatham.cjsm.net"),
    ("Johnson Solicitors", "defence_firm", &["London"], "johnson.co.uk.cjsm.net"),
    ("Temple Row Chambers", "chambers", &["London"], "templerow.cjsm.net"),
    ("Southwark Crown Court", "court", &["Southwark"], "hmcts.example.net"),
    ("Probation Service", "probation", &["Southwark", "Leeds"], "probation.example.net"),
    ("Metropolitan Police", "police", &["Southwark"], "police.example.net"),
    ("Caseward", "other", &[], "caseward.example"),
];

/// (usual role, community)
const USUAL_ROLES: &[(&str, &str)] = &[
    ("Prosecutor", "prosecution"),
    ("Paralegal", "prosecution"),
    ("Defence Advocate", "defence"),
    ("Defence Solicitor", "defence"),
    ("Judge", "court"),
    ("HMCTS Admin", "court"),
    ("NOMS", "other"),
    ("Police", "other"),
];

struct DemoUser {
    email: &'static str,
    name: &'static str,
    usual_role: Option<&'static str>,
    office: Option<&'static str>,
    account_type: &'static str,
    system_admin: bool,
    licence_manager: bool,
}

const fn user(
    email: &'static str,
    name: &'static str,
    usual_role: Option<&'static str>,
    office: Option<&'static str>,
    account_type: &'static str,
) -> DemoUser {
    DemoUser { email, name, usual_role, office, account_type, system_admin: false, licence_manager: false }
}

const USERS: &[DemoUser] = &[
    DemoUser { system_admin: true, ..user("admin@caseward.example", "Ada Admin", None, None, "standard") },
    DemoUser {
        licence_manager: true,
        ..user("alice@cps.example.cjsm.net", "Alice Archer", Some("Prosecutor"), Some("Southwark"), "manager")
    },
    user("paul@cps.example.cjsm.net", "Paul Price", Some("Paralegal"), Some("Southwark"), "standard"),
    user("mark@cps.example.cjsm.net", "Mark Mensah", Some("Prosecutor"), Some("Croydon"), "manager"),
    user("dan@swatham.cjsm.net", "Dan Doyle", Some("Defence Solicitor"), Some("London"), "standard"),
    user("sara@swatham.cjsm.net", "Sara Singh", Some("Defence Advocate"), Some("London"), "standard"),
    user("jo@johnson.co.uk.cjsm.net", "Jo Johnson", Some("Defence Solicitor"), Some("London"), "standard"),
    user("bea@templerow.cjsm.net", "Bea Barton", Some("Defence Advocate"), Some("London"), "standard"),
    user("judge@hmcts.example.net", "Judge Hale", Some("Judge"), Some("Southwark"), "standard"),
    user("hannah@hmcts.example.net", "Hannah Hughes", Some("HMCTS Admin"), Some("Southwark"), "standard"),
    user("nora@probation.example.net", "Nora Nash", Some("NOMS"), Some("Southwark"), "standard"),
    user("lee@probation.example.net", "Lee Lowe", Some("NOMS"), Some("Leeds"), "standard"),
    user("uma@police.example.net", "Uma Usman", Some("Police"), Some("Southwark"), "uploader"),
];

/// (reference, title, owner email, office, defendants)
const CASES: &[(&str, &str, &str, &str, &[&str])] = &[
    ("CASE-0001", "R v Smith and Jones", "alice@cps.example.cjsm.net", "Southwark", &["John Smith", "Peter Jones"]),
    ("CASE-0002", "R v Brown", "alice@cps.example.cjsm.net", "Southwark", &["Mary Brown"]),
    ("CASE-0003", "R v Taylor", "mark@cps.example.cjsm.net", "Croydon", &["Tom Taylor"]),
];

/// What `load_if_empty` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoOutcome {
    Loaded,
    /// The database already held data, so nothing was written.
    SkippedNotEmpty,
}

pub async fn load_if_empty(db: &Db, now: Timestamp) -> Result<DemoOutcome> {
    // All demo accounts share one public password, so one hash serves them all.
    let hash = hash_password(DEMO_PASSWORD.to_string()).await?;
    let mut tx = db.begin_write().await?;
    let existing: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM organisations) + (SELECT COUNT(*) FROM cases)",
    )
    .fetch_one(&mut *tx)
    .await?;
    if existing > 0 {
        return Ok(DemoOutcome::SkippedNotEmpty);
    }

    for (name, kind, offices, domain) in ORGANISATIONS {
        let org: i64 =
            sqlx::query_scalar("INSERT INTO organisations (name, kind, created_at) VALUES ($1, $2, $3) RETURNING id")
                .bind(*name)
                .bind(*kind)
                .bind(now.0)
                .fetch_one(&mut *tx)
                .await?;
        for office in *offices {
            sqlx::query("INSERT INTO offices (organisation_id, name) VALUES ($1, $2)")
                .bind(org)
                .bind(*office)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("INSERT INTO organisation_domains (domain, organisation_id) VALUES ($1, $2)")
            .bind(*domain)
            .bind(org)
            .execute(&mut *tx)
            .await?;
    }
    for (name, community) in USUAL_ROLES {
        sqlx::query("INSERT INTO usual_roles (name, community) VALUES ($1, $2)")
            .bind(*name)
            .bind(*community)
            .execute(&mut *tx)
            .await?;
    }
    for u in USERS {
        let email = Email::parse(u.email)?;
        sqlx::query(
            "INSERT INTO users (email, email_key, name, password_hash, organisation_id, office_id, usual_role_id, account_type, \
             is_system_admin, is_licence_manager, created_at) \
             SELECT $1, $2, $3, $4, d.organisation_id, \
                    (SELECT f.id FROM offices f WHERE f.organisation_id = d.organisation_id AND f.name = $5), \
                    (SELECT r.id FROM usual_roles r WHERE r.name = $6), $7, $8, $9, $10 \
             FROM organisation_domains d WHERE d.domain = $11",
        )
        .bind(email.as_str())
        .bind(email.key())
        .bind(u.name)
        .bind(&hash)
        .bind(u.office)
        .bind(u.usual_role)
        .bind(u.account_type)
        .bind(u.system_admin as i64)
        .bind(u.licence_manager as i64)
        .bind(now.0)
        .bind(email.domain().as_str())
        .execute(&mut *tx)
        .await?;
    }
    for (i, (reference, title, owner, office, defendants)) in CASES.iter().enumerate() {
        // A second apart, all in the past, so "newest first" is the same on every backend and
        // below any case created afterwards.
        let created = now.0 - (CASES.len() - i) as i64 * 1000;
        let case: i64 = sqlx::query_scalar(
            "INSERT INTO cases (reference, reference_key, title, description, organisation_id, office_id, status, owner_id, \
             created_by, created_at, updated_at) \
             SELECT $1, $2, $3, '', u.organisation_id, f.id, 'open', u.id, u.id, $4, $4 \
             FROM users u JOIN offices f ON f.organisation_id = u.organisation_id AND f.name = $5 \
             WHERE u.email_key = $6 RETURNING id",
        )
        .bind(*reference)
        .bind(reference.to_lowercase())
        .bind(*title)
        .bind(created)
        .bind(*office)
        .bind(*owner)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO case_administrators (case_id, user_id) SELECT $1, owner_id FROM cases WHERE id = $1")
            .bind(case)
            .execute(&mut *tx)
            .await?;
        for (position, name) in defendants.iter().enumerate() {
            sqlx::query("INSERT INTO defendants (case_id, name, position) VALUES ($1, $2, $3)")
                .bind(case)
                .bind(*name)
                .bind(position as i64)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(DemoOutcome::Loaded)
}
