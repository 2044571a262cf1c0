//! The case permission policy (SPEC §6): a case's Permissions tab (defaults, per-user overrides and
//! case administrators, saved whole with a version), and the global defaults new cases take. The
//! rules are `domain::policy`'s; here they are loaded, decided, written and audited.
use crate::access::people::{named_users, users_by_ids};
use crate::access::policies::{self, Holder, audit_json};
use crate::access::{self, Opened};
use crate::audit;
use crate::db::Db;
use crate::error::{Result, ServiceError};
use domain::access::Capability;
use domain::accounts::{Actor, require_system_admin};
use domain::directory::PersonRef;
use domain::policy::{
    Candidate, CasePolicyFacts, CasePolicyInput, CasePolicyView, Defaults, GlobalDefaultsInput, GlobalDefaultsView,
    OverrideInput, PersonOverrides, by_person, decide_global_defaults, decide_policy_change,
};
use domain::{CaseId, Timestamp, UserId};
use sqlx::AnyConnection;
use std::collections::{BTreeMap, BTreeSet};

/// The case's policy as its Permissions tab shows it: to everyone who may open the case, with
/// the controls for those who may change it.
#[tracing::instrument(skip_all, fields(case = %case_id, actor = %actor.id))]
pub async fn get(db: &Db, actor: &Actor, case_id: CaseId, now: Timestamp) -> Result<CasePolicyView> {
    let mut conn = db.pool().acquire().await?;
    let opened = access::viewable(&mut conn, actor, case_id, now).await?;
    view_of(&mut conn, &opened, actor).await
}

/// Replaces the case's whole policy in one transaction: defaults, overrides and administrators.
/// `input.version` must be the version the change was made on; otherwise nothing is written and
/// the caller is told someone saved meanwhile.
#[tracing::instrument(skip_all, fields(case = %case_id, actor = %actor.id))]
pub async fn save(
    db: &Db,
    actor: &Actor,
    case_id: CaseId,
    input: CasePolicyInput,
    now: Timestamp,
) -> Result<CasePolicyView> {
    let mut tx = db.begin_write().await?;
    let opened = access::viewable(&mut tx, actor, case_id, now).await?;
    let case = &opened.case;
    let named: Vec<UserId> =
        input.administrators.iter().copied().chain(input.overrides.iter().map(|o| o.user)).collect();
    let people = named_users(&mut tx, &named, "user").await?;
    let facts = CasePolicyFacts {
        owner: case.facts.owner,
        administrators: &case.facts.administrators,
        policy: &case.facts.policy,
    };
    let plan = decide_policy_change(
        actor.id,
        &opened.access,
        &facts,
        &input,
        |user| people.get(&user).is_some_and(|p| case.access_of(p, now).has_any()),
        |user| people.get(&user).map(|p| p.name.clone()).unwrap_or_else(|| format!("User {user}")),
    )?;
    if !policies::write(&mut tx, Holder::Case(case_id), &plan.policy, Some(input.version)).await? {
        return Err(ServiceError::Conflict {
            field: None,
            message:
                "Someone else saved this case's permissions a moment ago. Reload to see their change, then try again."
                    .into(),
        });
    }
    if plan.administrators != case.facts.administrators {
        policies::write_administrators(&mut tx, case_id, &plan.administrators).await?;
    }
    audit::record(
        &mut tx,
        audit::Entry {
            case: Some(case_id),
            actor: Some(actor.id),
            action: "policy.changed",
            subject: Some(case.row.reference.clone()),
            before: Some(audit_json(&case.facts.policy, Some(&case.facts.administrators))),
            after: Some(audit_json(&plan.policy, Some(&plan.administrators))),
        },
        now,
    )
    .await?;
    let saved = access::viewable(&mut tx, actor, case_id, now).await?;
    let view = view_of(&mut tx, &saved, actor).await?;
    tx.commit().await?;
    Ok(view)
}

async fn view_of(conn: &mut AnyConnection, opened: &Opened, actor: &Actor) -> Result<CasePolicyView> {
    let case = &opened.case;
    let facts = &case.facts;
    let lines = by_person(&facts.policy.overrides);
    let named: Vec<UserId> = facts.administrators.iter().copied().chain(lines.iter().map(|l| l.user)).collect();
    let people = refs(conn, &named).await?;
    let mut administrators: Vec<PersonRef> =
        facts.administrators.iter().filter_map(|id| people.get(id).cloned()).collect();
    administrators.sort_by_key(|p| (p.id != facts.owner, p.name.to_lowercase()));
    Ok(CasePolicyView {
        version: case.row.policy_version,
        defaults: Defaults::of(&facts.policy),
        overrides: person_lines(&lines, &people),
        administrators,
        owner: facts.owner,
        can_change: opened.access.can(Capability::ManagePermissions),
        can_name_administrators: actor.id == facts.owner || facts.administrators.contains(&actor.id),
    })
}

/// People by id, as lists show them.
async fn refs(conn: &mut AnyConnection, ids: &[UserId]) -> Result<BTreeMap<UserId, PersonRef>> {
    let mut unique: Vec<UserId> = ids.to_vec();
    unique.sort();
    unique.dedup();
    Ok(users_by_ids(conn, &unique).await?.into_iter().map(|u| (u.id, u.person())).collect())
}

/// Lines with their people, by name.
fn person_lines(lines: &[OverrideInput], people: &BTreeMap<UserId, PersonRef>) -> Vec<PersonOverrides> {
    let mut rows: Vec<PersonOverrides> =
        lines.iter().filter_map(|l| people.get(&l.user).map(|p| PersonOverrides::new(p.clone(), l))).collect();
    rows.sort_by_key(|r| r.user.name.to_lowercase());
    rows
}

/// The global defaults: for system administrators.
#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn global_defaults(db: &Db, actor: &Actor) -> Result<GlobalDefaultsView> {
    require_system_admin(actor, "see the global case defaults")?;
    let mut conn = db.pool().acquire().await?;
    global_view(&mut conn).await
}

/// Replaces the global defaults (system administrators). Cases made before keep their policy.
#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn set_global_defaults(
    db: &Db,
    actor: &Actor,
    input: GlobalDefaultsInput,
    now: Timestamp,
) -> Result<GlobalDefaultsView> {
    require_system_admin(actor, "change the global case defaults")?;
    let mut tx = db.begin_write().await?;
    let named: Vec<UserId> =
        input.administrators.iter().copied().chain(input.overrides.iter().map(|o| o.user)).collect();
    let people = named_users(&mut tx, &named, "user").await?;
    let candidates: Vec<Candidate> =
        people.values().map(|p| Candidate { id: p.id, name: p.name.clone(), account_type: p.account_type }).collect();
    let plan = decide_global_defaults(&input, &candidates)?;
    let (before, _) = policies::read(&mut tx, Holder::Global)
        .await?
        .ok_or_else(|| ServiceError::Internal("the global policy row is missing".into()))?;
    let before_admins = default_administrators(&mut tx).await?;
    if !policies::write(&mut tx, Holder::Global, &plan.policy, Some(input.version)).await? {
        return Err(ServiceError::Conflict {
            field: None,
            message: "Someone else saved the global defaults a moment ago. Reload to see their change, then try again."
                .into(),
        });
    }
    sqlx::query("DELETE FROM global_case_administrators").execute(&mut *tx).await?;
    for user in &plan.administrators {
        sqlx::query("INSERT INTO global_case_administrators (user_id) VALUES ($1)")
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
    }
    audit::record(
        &mut tx,
        audit::Entry {
            case: None,
            actor: Some(actor.id),
            action: "defaults.changed",
            subject: Some("Global case defaults".into()),
            before: Some(audit_json(&before, Some(&before_admins))),
            after: Some(audit_json(&plan.policy, Some(&plan.administrators))),
        },
        now,
    )
    .await?;
    let view = global_view(&mut tx).await?;
    tx.commit().await?;
    Ok(view)
}

async fn default_administrators(conn: &mut AnyConnection) -> Result<BTreeSet<UserId>> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT user_id FROM global_case_administrators").fetch_all(&mut *conn).await?;
    Ok(ids.into_iter().map(UserId).collect())
}

async fn global_view(conn: &mut AnyConnection) -> Result<GlobalDefaultsView> {
    let (defaults, version) = policies::read_defaults(conn, Holder::Global)
        .await?
        .ok_or_else(|| ServiceError::Internal("the global policy row is missing".into()))?;
    let lines = by_person(&policies::read_overrides(conn, Holder::Global).await?);
    let admins = default_administrators(conn).await?;
    let named: Vec<UserId> = admins.iter().copied().chain(lines.iter().map(|l| l.user)).collect();
    let people = refs(conn, &named).await?;
    let mut administrators: Vec<PersonRef> = admins.iter().filter_map(|id| people.get(id).cloned()).collect();
    administrators.sort_by_key(|p| p.name.to_lowercase());
    Ok(GlobalDefaultsView { version, defaults, overrides: person_lines(&lines, &people), administrators })
}
