//! Defence email-domain grants (SPEC §4 path 4): everyone registered at a solicitor firm's domain
//! gets Defence Advocate for the chosen defendants, including people who register later (the
//! engine matches on the email address at every request). Chambers are refused (R5).
use crate::access::locations::parse_location;
use crate::access::{self};
use crate::audit::{self, Entry};
use crate::db::Db;
use crate::error::{Result, unless_unique};
use domain::access::Capability;
use domain::accounts::Actor;
use domain::directory::{DomainName, OrganisationKind};
use domain::domains::{
    DomainGrantView, DomainInput, DomainOwner, already_there, decide_add_domain, decide_remove_domain, no_domain,
};
use domain::{CaseId, Timestamp};
use serde_json::json;
use sqlx::AnyConnection;

#[tracing::instrument(skip_all, fields(case = %case_id, actor = %actor.id))]
pub async fn list(db: &Db, actor: &Actor, case_id: CaseId, now: Timestamp) -> Result<Vec<DomainGrantView>> {
    let mut conn = db.acquire().await?;
    let opened = access::viewable(&mut conn, actor, case_id, now).await?;
    Ok(opened.case.domain_views(&opened.access))
}

/// Adds a domain grant, after R5: a solicitor firm's domain, or one nobody owns once confirmed.
#[tracing::instrument(skip_all, fields(case = %case_id, actor = %actor.id))]
pub async fn add(
    db: &Db,
    actor: &Actor,
    case_id: CaseId,
    input: DomainInput,
    now: Timestamp,
) -> Result<DomainGrantView> {
    let mut tx = db.begin_write().await?;
    let opened = access::requiring(&mut tx, actor, case_id, Capability::ManageAccess, now).await?;
    let case = &opened.case;
    let domain = DomainName::parse(&input.domain)?;
    let owner = owner_of(&mut tx, &domain).await?;
    let chosen = input.defendants.iter().copied().collect();
    let mut grant = decide_add_domain(
        &opened.access,
        &domain,
        owner.as_ref(),
        input.confirm_unowned,
        chosen,
        &case.defendant_ids(),
    )?;
    grant.location = parse_location(&mut tx, input.location.as_deref()).await?;

    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO case_domains (case_id, domain, location, added_by, added_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(case_id.0)
    .bind(&grant.domain)
    .bind(&grant.location)
    .bind(actor.id.0)
    .bind(now.0)
    .fetch_one(&mut *tx)
    .await;
    let id = unless_unique(inserted, || already_there(&grant).into())?;
    for defendant in &grant.defendants {
        sqlx::query("INSERT INTO case_domain_defendants (domain_grant_id, defendant_id) VALUES ($1, $2)")
            .bind(id)
            .bind(defendant.0)
            .execute(&mut *tx)
            .await?;
    }
    let defendants: Vec<_> = case.defendants.iter().filter(|d| grant.defendants.contains(&d.id)).cloned().collect();
    let names: Vec<&str> = defendants.iter().map(|d| d.name.as_str()).collect();
    audit::record(
        &mut tx,
        Entry {
            case: Some(case_id),
            actor: Some(actor.id),
            action: "domain.added",
            subject: Some(grant.domain.clone()),
            before: None,
            after: Some(json!({ "domain": grant.domain, "defendants": names, "location": grant.location, "unowned": owner.is_none() })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(DomainGrantView {
        id,
        domain: grant.domain,
        organisation: owner.map(|o| o.name),
        defendants,
        location: grant.location,
        added_by: Some(actor.name.clone()),
        added_at: now,
    })
}

/// Removes a domain grant: its people lose that access at once (R4 is about groups only).
#[tracing::instrument(skip_all, fields(case = %case_id, actor = %actor.id, domain = domain_id))]
pub async fn remove(db: &Db, actor: &Actor, case_id: CaseId, domain_id: i64, now: Timestamp) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let opened = access::requiring(&mut tx, actor, case_id, Capability::ManageAccess, now).await?;
    let case = &opened.case;
    let index = case.domains.iter().position(|d| d.id == domain_id).ok_or_else(|| no_domain(domain_id))?;
    let grant = &case.facts.domains[index];
    decide_remove_domain(&opened.access, grant)?;
    let deleted = sqlx::query("DELETE FROM case_domains WHERE id = $1 AND case_id = $2")
        .bind(domain_id)
        .bind(case_id.0)
        .execute(&mut *tx)
        .await?;
    if deleted.rows_affected() != 1 {
        return Err(no_domain(domain_id).into());
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

/// The organisation that owns a domain, if one does (R5 decides on its kind).
async fn owner_of(conn: &mut AnyConnection, domain: &DomainName) -> Result<Option<DomainOwner>> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT o.name, o.kind FROM organisation_domains od JOIN organisations o ON o.id = od.organisation_id WHERE od.domain = $1",
    )
    .bind(domain.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.and_then(|(name, kind)| OrganisationKind::parse(&kind).map(|kind| DomainOwner { name, kind })))
}
