//! Creating a case: the case and its defendants, its first policy and administrators (the global
//! defaults or a template's copy), and a template's group grants, in one transaction.
use super::detail_of;
use crate::access;
use crate::access::policies::{self, Holder};
use crate::db::Db;
use crate::error::{Result, ServiceError, unless_unique};
use domain::accounts::Actor;
use domain::cases::{CaseDetail, NewCase, NewCaseInput};
use domain::{CaseId, Timestamp, ValidationError};

/// Creates a case owned by the actor, who also becomes its first case administrator, beside the
/// global default administrators of their organisation (who are given Admin, so that they reach
/// it). The case takes the global policy defaults, or a template's when `copy_permissions` (the
/// default); a template's group grants are given either way.
#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn create(db: &Db, actor: &Actor, input: NewCaseInput, now: Timestamp) -> Result<CaseDetail> {
    let today = chrono::DateTime::from_timestamp_millis(now.0).unwrap_or_default().date_naive();
    let (template, copy) = (input.template_id, input.copy_permissions.unwrap_or(true));
    let case = NewCase::parse(input, today)?;
    let mut tx = db.begin_write().await?;
    if let Some(id) = template {
        let found: Option<i64> =
            sqlx::query_scalar("SELECT id FROM case_templates WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
        found.ok_or_else(|| policies::template_field(id))?;
    }
    let organisation_id = actor.organisation.as_ref().map(|o| o.id.0);
    let office_id = match case.office_id {
        Some(office) => {
            let belongs: Option<i64> =
                sqlx::query_scalar("SELECT id FROM offices WHERE id = $1 AND organisation_id = $2")
                    .bind(office.0)
                    .bind(organisation_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            Some(
                belongs
                    .ok_or_else(|| ValidationError::new("office_id", "Choose one of your organisation's offices."))?,
            )
        }
        None => actor.office_id.map(|o| o.0),
    };
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO cases (reference, reference_key, title, description, organisation_id, office_id, status, target_date, \
         owner_id, created_by, created_at, updated_at, template_id) \
         VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $8, $9, $9, $10) RETURNING id",
    )
    .bind(&case.reference)
    .bind(case.reference.to_lowercase())
    .bind(&case.title)
    .bind(&case.description)
    .bind(organisation_id)
    .bind(office_id)
    .bind(case.target_date.map(|d| d.format("%Y-%m-%d").to_string()))
    .bind(actor.id.0)
    .bind(now.0)
    .bind(template)
    .fetch_one(&mut *tx)
    .await;
    let case_id = unless_unique(inserted, || ServiceError::Conflict {
        field: Some("reference".into()),
        message: format!("A case with the reference {} already exists. Choose another reference.", case.reference),
    })?;
    for (position, name) in case.defendants.iter().enumerate() {
        sqlx::query("INSERT INTO defendants (case_id, name, position) VALUES ($1, $2, $3)")
            .bind(case_id)
            .bind(name)
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
    }
    let plan = policies::initial(&mut tx, actor, template.filter(|_| copy)).await?;
    policies::write(&mut tx, Holder::Case(CaseId(case_id)), &plan.policy, None).await?;
    policies::write_administrators(&mut tx, CaseId(case_id), &plan.administrators).await?;
    for administrator in plan.administrators.iter().filter(|a| **a != actor.id) {
        sqlx::query(
            "INSERT INTO case_grants (case_id, user_id, role_id, retained, granted_by, granted_at) \
             VALUES ($1, $2, (SELECT id FROM roles WHERE key = $3), 0, $4, $5)",
        )
        .bind(case_id)
        .bind(administrator.0)
        .bind(domain::access::roles::ADMIN)
        .bind(actor.id.0)
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        let email: String = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
            .bind(administrator.0)
            .fetch_one(&mut *tx)
            .await?;
        crate::audit::record(
            &mut tx,
            crate::audit::Entry {
                case: Some(CaseId(case_id)),
                actor: Some(actor.id),
                action: "member.invited",
                subject: Some(email),
                before: None,
                after: Some(serde_json::json!({ "role": domain::access::roles::ADMIN, "scope": "all", "because": "a default case administrator" })),
            },
            now,
        )
        .await?;
    }
    if let Some(id) = template {
        sqlx::query(
            "INSERT INTO case_groups (case_id, usual_role_id, location, role_id, added_by, added_at) \
             SELECT $1, usual_role_id, location, role_id, $2, $3 FROM case_template_groups WHERE template_id = $4",
        )
        .bind(case_id)
        .bind(actor.id.0)
        .bind(now.0)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    crate::audit::record(
        &mut tx,
        crate::audit::Entry {
            case: Some(CaseId(case_id)),
            actor: Some(actor.id),
            action: "case.created",
            subject: Some(case.reference.clone()),
            before: None,
            after: Some(serde_json::json!({
                "reference": case.reference,
                "title": case.title,
                "template_id": template,
                "copy_permissions": template.is_some() && copy,
                "policy": policies::audit_json(&plan.policy, Some(&plan.administrators)),
            })),
        },
        now,
    )
    .await?;
    let detail = detail_of(access::viewable(&mut tx, actor, CaseId(case_id), now).await?);
    tx.commit().await?;
    Ok(detail)
}
