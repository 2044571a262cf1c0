//! Defence email-domain grants (SPEC §4 path 4): everyone registered at a solicitor firm's domain
//! gets Defence Advocate for the chosen defendants, including people who register later (the
//! engine matches on the email address at every request). Chambers are refused (R5).
use crate::access::LoadedCase;
use crate::accounts::CurrentUser;
use crate::db::Db;
use crate::error::{Result, ServiceError, unless_unique};
use crate::groups::{managed_case, parse_location};
use crate::{audit, audit::Entry};
use domain::access::roles::{DEFENCE_ADVOCATE, built_in_role};
use domain::access::rules::{check_can_change_grant_of, check_can_grant, check_domain_grant, check_scope_within};
use domain::access::{Access, DefendantScope};
use domain::directory::{DomainName, OrganisationKind};
use domain::views::{DomainGrantView, DomainInput};
use domain::{CaseId, DefendantId, Timestamp, ValidationError};
use serde_json::json;
use sqlx::AnyConnection;
use std::collections::BTreeSet;

pub async fn list(db: &Db, actor: &CurrentUser, case_id: CaseId, now: Timestamp) -> Result<Vec<DomainGrantView>> {
    let mut conn = db.pool().acquire().await?;
    let case = crate::access::load_case(&mut conn, case_id).await?;
    let access = case.access_of(actor, now);
    crate::cases::require_view(&mut conn, &case, &access, now).await?;
    views(&mut conn, &case, &access).await
}

/// Adds a domain grant, after R5: a solicitor firm's domain, or one nobody owns once confirmed.
pub async fn add(db: &Db, actor: &CurrentUser, case_id: CaseId, input: DomainInput, now: Timestamp) -> Result<DomainGrantView> {
    let mut tx = db.begin_write().await?;
    let (case, access) = managed_case(&mut tx, actor, case_id, now).await?;
    let advocate = built_in_role(DEFENCE_ADVOCATE);
    check_can_grant(&access, &advocate)?;
    let domain = DomainName::parse(&input.domain)?;
    let owner = owner_of(&mut tx, &domain).await?;
    check_domain_grant(&domain, owner.as_ref().map(|(name, kind)| (name.as_str(), *kind)), input.confirm_unowned)?;
    let chosen: BTreeSet<DefendantId> = input.defendants.iter().copied().collect();
    if chosen.is_empty() {
        return Err(ValidationError::new("defendants", "Choose at least one defendant that this domain's people represent.").into());
    }
    if !chosen.is_subset(&case.defendant_ids()) {
        return Err(ValidationError::new("defendants", "Choose defendants of this case only.").into());
    }
    check_scope_within(&access, &DefendantScope::Only(chosen.clone()))?;
    let location = parse_location(&mut tx, input.location.as_deref()).await?;

    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO case_domains (case_id, domain, location, added_by, added_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(case_id.0)
    .bind(domain.as_str())
    .bind(&location)
    .bind(actor.id.0)
    .bind(now.0)
    .fetch_one(&mut *tx)
    .await;
    let id = unless_unique(inserted, || ServiceError::Conflict {
        field: Some("domain".into()),
        message: format!("{domain} already has access to this case{}. Remove it first to change its defendants.", at(location.as_deref())),
    })?;
    for defendant in &chosen {
        sqlx::query("INSERT INTO case_domain_defendants (domain_grant_id, defendant_id) VALUES ($1, $2)").bind(id).bind(defendant.0).execute(&mut *tx).await?;
    }
    let names: Vec<String> = case.defendants.iter().filter(|d| chosen.contains(&d.id)).map(|d| d.name.clone()).collect();
    audit::record(
        &mut tx,
        Entry {
            case: Some(case_id),
            actor: Some(actor.id),
            action: "domain.added",
            subject: Some(domain.to_string()),
            before: None,
            after: Some(json!({ "domain": domain.as_str(), "defendants": names, "location": location, "unowned": owner.is_none() })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(DomainGrantView {
        id,
        domain: domain.to_string(),
        organisation: owner.map(|(name, _)| name),
        defendants: case.defendants.iter().filter(|d| chosen.contains(&d.id)).cloned().collect(),
        location,
        added_by: Some(actor.name.clone()),
        added_at: now,
    })
}

/// Removes a domain grant: its people lose that access at once (R4 is about groups only).
pub async fn remove(db: &Db, actor: &CurrentUser, case_id: CaseId, domain_id: i64, now: Timestamp) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let (case, access) = managed_case(&mut tx, actor, case_id, now).await?;
    let index = case.domains.iter().position(|d| d.id == domain_id).ok_or_else(|| no_domain(domain_id))?;
    let grant = &case.facts.domains[index];
    check_can_change_grant_of(&access, &built_in_role(DEFENCE_ADVOCATE), &format!("everyone at {}", grant.domain))?;
    check_scope_within(&access, &DefendantScope::Only(grant.defendants.clone()))?;
    let deleted = sqlx::query("DELETE FROM case_domains WHERE id = $1 AND case_id = $2").bind(domain_id).bind(case_id.0).execute(&mut *tx).await?;
    if deleted.rows_affected() != 1 {
        return Err(no_domain(domain_id));
    }
    audit::record(
        &mut tx,
        Entry {
            case: Some(case_id),
            actor: Some(actor.id),
            action: "domain.removed",
            subject: Some(grant.domain.clone()),
            before: Some(json!({ "domain": grant.domain, "defendants": grant.defendants.iter().map(|d| d.0).collect::<Vec<_>>(), "location": grant.location })),
            after: None,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The domain grants as `access`'s holder may see them: only those for a defendant in their scope,
/// so that a co-defendant's counsel does not learn which firm acts for whom.
pub(crate) async fn views(conn: &mut AnyConnection, case: &LoadedCase, access: &Access) -> Result<Vec<DomainGrantView>> {
    let mut out = Vec::with_capacity(case.domains.len());
    for (grant, meta) in case.facts.domains.iter().zip(&case.domains) {
        if !grant.defendants.iter().any(|d| access.scope.includes(*d)) {
            continue;
        }
        let domain = DomainName::parse(&grant.domain)?;
        let organisation = owner_of(conn, &domain).await?.map(|(name, _)| name);
        out.push(DomainGrantView {
            id: meta.id,
            domain: grant.domain.clone(),
            organisation,
            defendants: case.defendants.iter().filter(|d| grant.defendants.contains(&d.id) && access.scope.includes(d.id)).cloned().collect(),
            location: grant.location.clone(),
            added_by: meta.added_by.clone(),
            added_at: meta.added_at,
        });
    }
    Ok(out)
}

async fn owner_of(conn: &mut AnyConnection, domain: &DomainName) -> Result<Option<(String, OrganisationKind)>> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT o.name, o.kind FROM organisation_domains od JOIN organisations o ON o.id = od.organisation_id WHERE od.domain = $1",
    )
    .bind(domain.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.and_then(|(name, kind)| OrganisationKind::parse(&kind).map(|k| (name, k))))
}

fn at(location: Option<&str>) -> String {
    location.map(|l| format!(" at {l}")).unwrap_or_default()
}

fn no_domain(id: i64) -> ServiceError {
    ServiceError::NotFound(format!("This case has no email domain grant with id {id}. Someone may have removed it a moment ago."))
}
