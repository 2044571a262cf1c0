//! Cases: list, create, read, delete. Every read and change decides access through
//! `domain::access::evaluate` on facts loaded in the same transaction.
use crate::accounts::CurrentUser;
use crate::db::Db;
use crate::error::{Result, ServiceError, is_unique_violation};
use domain::access::{Access, CaseFacts, Capability, evaluate};
use domain::cases::{CaseStatus, NewCase, NewCaseInput};
use domain::views::{AccessDenied, CaseDetail, CaseSummary, Defendant, Grantor, PersonRef};
use domain::{CaseId, DefendantId, Timestamp, UserId, ValidationError};
use sqlx::AnyConnection;

#[derive(sqlx::FromRow)]
struct CaseRow {
    id: i64,
    reference: String,
    title: String,
    description: String,
    status: String,
    target_date: Option<String>,
    created_at: i64,
    owner_id: i64,
    owner_name: String,
    owner_email: String,
    office_name: Option<String>,
    organisation_name: Option<String>,
}

const CASE_SELECT: &str = "SELECT c.id, c.reference, c.title, c.description, c.status, c.target_date, c.created_at, \
     c.owner_id, u.name AS owner_name, u.email AS owner_email, f.name AS office_name, o.name AS organisation_name \
     FROM cases c \
     JOIN users u ON u.id = c.owner_id \
     LEFT JOIN offices f ON f.id = c.office_id \
     LEFT JOIN organisations o ON o.id = c.organisation_id";

impl CaseRow {
    fn facts(&self) -> CaseFacts {
        CaseFacts { owner: UserId(self.owner_id) }
    }

    fn owner(&self) -> PersonRef {
        PersonRef { id: UserId(self.owner_id), name: self.owner_name.clone(), email: self.owner_email.clone() }
    }

    fn status(&self) -> CaseStatus {
        CaseStatus::parse(&self.status).unwrap_or(CaseStatus::Open)
    }
}

/// The cases the user can access, newest first.
pub async fn list(db: &Db, actor: &CurrentUser, now: Timestamp) -> Result<Vec<CaseSummary>> {
    let sql = format!("{CASE_SELECT} WHERE c.owner_id = $1 ORDER BY c.created_at DESC, c.id DESC");
    let rows: Vec<CaseRow> = sqlx::query_as(&sql).bind(actor.id.0).fetch_all(db.pool()).await?;
    let counts: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT d.case_id, COUNT(*) FROM defendants d JOIN cases c ON c.id = d.case_id WHERE c.owner_id = $1 GROUP BY d.case_id",
    )
    .bind(actor.id.0)
    .fetch_all(db.pool())
    .await?;
    let mut summaries = Vec::with_capacity(rows.len());
    for row in rows {
        let access = evaluate(actor.id, &row.facts(), now);
        if !access.can(Capability::View) {
            continue;
        }
        summaries.push(CaseSummary {
            id: CaseId(row.id),
            reference: row.reference.clone(),
            title: row.title.clone(),
            status: row.status(),
            office: row.office_name.clone(),
            owner: row.owner(),
            my_role: role_label(&access),
            target_date: row.target_date.clone(),
            defendant_count: counts.iter().find(|(id, _)| *id == row.id).map(|(_, n)| *n).unwrap_or(0),
            created_at: Timestamp(row.created_at),
        });
    }
    Ok(summaries)
}

/// Creates a case owned by the actor, who also becomes its first case administrator.
pub async fn create(db: &Db, actor: &CurrentUser, input: NewCaseInput, now: Timestamp) -> Result<CaseDetail> {
    let today = chrono::DateTime::from_timestamp_millis(now.0).unwrap_or_default().date_naive();
    let case = NewCase::parse(input, today)?;
    let mut tx = db.begin_write().await?;
    let organisation_id = actor.organisation.as_ref().map(|o| o.id.0);
    let office_id = match case.office_id {
        Some(office) => {
            let belongs: Option<i64> = sqlx::query_scalar("SELECT id FROM offices WHERE id = $1 AND organisation_id = $2")
                .bind(office.0)
                .bind(organisation_id)
                .fetch_optional(&mut *tx)
                .await?;
            Some(belongs.ok_or_else(|| ValidationError::new("office_id", "Choose one of your organisation's offices."))?)
        }
        None => actor.office_id.map(|o| o.0),
    };
    let key = case.reference.to_lowercase();
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO cases (reference, reference_key, title, description, organisation_id, office_id, status, target_date, \
         owner_id, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $8, $9, $9) RETURNING id",
    )
    .bind(&case.reference)
    .bind(&key)
    .bind(&case.title)
    .bind(&case.description)
    .bind(organisation_id)
    .bind(office_id)
    .bind(case.target_date.map(|d| d.format("%Y-%m-%d").to_string()))
    .bind(actor.id.0)
    .bind(now.0)
    .fetch_one(&mut *tx)
    .await;
    let case_id = match inserted {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => {
            return Err(ServiceError::Conflict {
                field: Some("reference".into()),
                message: format!("A case with the reference {} already exists. Choose another reference.", case.reference),
            });
        }
        Err(e) => return Err(e.into()),
    };
    for (position, name) in case.defendants.iter().enumerate() {
        sqlx::query("INSERT INTO defendants (case_id, name, position) VALUES ($1, $2, $3)")
            .bind(case_id)
            .bind(name)
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("INSERT INTO case_administrators (case_id, user_id) VALUES ($1, $2)")
        .bind(case_id)
        .bind(actor.id.0)
        .execute(&mut *tx)
        .await?;
    let detail = detail_in(&mut tx, actor, CaseId(case_id), now).await?;
    tx.commit().await?;
    Ok(detail)
}

/// The case as the actor may see it; someone without access gets `AccessDenied` with who can grant it.
pub async fn get(db: &Db, actor: &CurrentUser, id: CaseId, now: Timestamp) -> Result<CaseDetail> {
    let mut conn = db.pool().acquire().await?;
    detail_in(&mut conn, actor, id, now).await
}

/// Deletes a case and everything in it. The owner's alone (the only holder of `delete_case`).
pub async fn delete(db: &Db, actor: &CurrentUser, id: CaseId, now: Timestamp) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let (row, access) = load(&mut tx, actor, id, now).await?;
    if !access.can(Capability::View) {
        return Err(access_denied(&row));
    }
    if !access.can(Capability::DeleteCase) {
        return Err(ServiceError::Forbidden("Only the owner can delete this case.".into()));
    }
    sqlx::query("DELETE FROM cases WHERE id = $1").bind(id.0).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

async fn load(conn: &mut AnyConnection, actor: &CurrentUser, id: CaseId, now: Timestamp) -> Result<(CaseRow, Access)> {
    let sql = format!("{CASE_SELECT} WHERE c.id = $1");
    let row: CaseRow = sqlx::query_as(&sql)
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("There is no case with id {id}.")))?;
    let access = evaluate(actor.id, &row.facts(), now);
    Ok((row, access))
}

async fn detail_in(conn: &mut AnyConnection, actor: &CurrentUser, id: CaseId, now: Timestamp) -> Result<CaseDetail> {
    let (row, access) = load(conn, actor, id, now).await?;
    if !access.can(Capability::View) {
        return Err(access_denied(&row));
    }
    let defendants: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM defendants WHERE case_id = $1 ORDER BY position, id")
        .bind(id.0)
        .fetch_all(&mut *conn)
        .await?;
    let defendants = defendants
        .into_iter()
        .map(|(id, name)| Defendant { id: DefendantId(id), name })
        .filter(|d| access.scope.includes(d.id))
        .collect();
    Ok(CaseDetail {
        id,
        reference: row.reference.clone(),
        title: row.title.clone(),
        description: row.description.clone(),
        status: row.status(),
        office: row.office_name.clone(),
        organisation: row.organisation_name.clone().unwrap_or_default(),
        owner: row.owner(),
        target_date: row.target_date.clone(),
        created_at: Timestamp(row.created_at),
        defendants,
        access,
    })
}

/// What a person without access is shown: who holds `manage_access` (for now, the owner).
fn access_denied(row: &CaseRow) -> ServiceError {
    ServiceError::AccessDenied(Box::new(AccessDenied {
        case_id: CaseId(row.id),
        reference: row.reference.clone(),
        grantors: vec![Grantor { name: row.owner_name.clone(), email: row.owner_email.clone(), role: "Owner".into() }],
        groups: Vec::new(),
    }))
}

fn role_label(access: &Access) -> String {
    access.explanation.first().map(|p| p.role.clone()).unwrap_or_default()
}

