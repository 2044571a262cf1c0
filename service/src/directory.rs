//! Reading the directory: organisations and their offices.
use crate::db::Db;
use crate::error::Result;
use domain::views::Office;
use domain::{OfficeId, OrganisationId};

pub async fn offices_of(db: &Db, organisation: OrganisationId) -> Result<Vec<Office>> {
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM offices WHERE organisation_id = $1 ORDER BY name")
        .bind(organisation.0)
        .fetch_all(db.pool())
        .await?;
    Ok(rows.into_iter().map(|(id, name)| Office { id: OfficeId(id), name }).collect())
}
