//! Writing an individual grant: the one write that inviting someone and approving their request
//! both make, with its audit entry and its two emails, inside the caller's transaction.
use super::LoadedCase;
use crate::error::{Result, unless_unique};
use crate::{audit, outbox};
use domain::Timestamp;
use domain::access::DefendantScope;
use domain::access::roles::Role;
use domain::accounts::Actor;
use domain::directory::Message;
use domain::members::{GrantPlan, changed_meanwhile, defendant_names, describe_terms};
use serde_json::json;
use sqlx::AnyConnection;

/// Gives `invitee` the planned grant (an expired or retained grant of theirs gives way), records
/// it, and emails them and the actor.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn give(
    conn: &mut AnyConnection,
    case: &LoadedCase,
    actor: &Actor,
    invitee: &Actor,
    plan: &GrantPlan,
    message: &Message,
    now: Timestamp,
    base_url: &str,
) -> Result<()> {
    let case_id = case.id();
    sqlx::query("DELETE FROM case_grants WHERE case_id = $1 AND user_id = $2")
        .bind(case_id.0)
        .bind(invitee.id.0)
        .execute(&mut *conn)
        .await?;
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO case_grants (case_id, user_id, role_id, expires_at, retained, message, granted_by, granted_at) \
         VALUES ($1, $2, (SELECT id FROM roles WHERE key = $3), $4, 0, $5, $6, $7) RETURNING id",
    )
    .bind(case_id.0)
    .bind(invitee.id.0)
    .bind(&plan.role.key)
    .bind(plan.expires_at.map(|t| t.0))
    .bind(message.clone().into_option())
    .bind(actor.id.0)
    .bind(now.0)
    .fetch_one(&mut *conn)
    .await;
    // A unique violation: someone else invited the same person at the same moment.
    let grant_id = unless_unique(inserted, || changed_meanwhile(&invitee.name).into())?;
    write_scope(conn, grant_id, &plan.scope).await?;
    audit::record(
        conn,
        audit::Entry {
            case: Some(case_id),
            actor: Some(actor.id),
            action: "member.invited",
            subject: Some(invitee.email.clone()),
            before: None,
            after: Some(grant_json(&plan.role, &plan.scope, plan.expires_at, case)),
        },
        now,
    )
    .await?;
    let terms = describe_terms(plan, &case.defendants);
    let link = format!("{}/cases/{}", base_url.trim_end_matches('/'), case_id);
    let case_name = format!("{} ({})", case.row.reference, case.row.title);
    let note = if message.is_empty() { String::new() } else { format!("\n\nTheir message:\n{}", message.as_str()) };
    outbox::enqueue(
        conn,
        outbox::Email {
            to: invitee.email.clone(),
            subject: format!("{} gave you access to {}", actor.name, case.row.reference),
            body: format!(
                "Hello {},\n\n{} ({}) has given you access to the case {case_name} as {terms}.{note}\n\nOpen the case: {link}\n\nIt is also on your case list in Caseward.",
                invitee.name, actor.name, actor.email
            ),
        },
        now,
    )
    .await?;
    outbox::enqueue(
        conn,
        outbox::Email {
            to: actor.email.clone(),
            subject: format!("You gave {} access to {}", invitee.name, case.row.reference),
            body: format!(
                "Hello {},\n\nYou gave {} ({}) access to the case {case_name} as {terms}.\n\nThe case: {link}",
                actor.name, invitee.name, invitee.email
            ),
        },
        now,
    )
    .await
}

/// Rewrites which defendants a grant covers.
pub(crate) async fn write_scope(conn: &mut AnyConnection, grant_id: i64, scope: &DefendantScope) -> Result<()> {
    sqlx::query("DELETE FROM case_grant_defendants WHERE grant_id = $1").bind(grant_id).execute(&mut *conn).await?;
    if let DefendantScope::Only(ids) = scope {
        for id in ids {
            sqlx::query("INSERT INTO case_grant_defendants (grant_id, defendant_id) VALUES ($1, $2)")
                .bind(grant_id)
                .bind(id.0)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// A grant as the audit log records it.
pub(crate) fn grant_json(
    role: &Role,
    scope: &DefendantScope,
    expires_at: Option<Timestamp>,
    case: &LoadedCase,
) -> serde_json::Value {
    json!({ "role": role.key, "defendants": defendant_names(scope, &case.defendants), "expires_at": expires_at.map(|t| t.0) })
}
