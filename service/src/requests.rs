//! Access requests (R7): someone without access asks, with a message; holders of manage_access
//! approve (making the grant, as an invitation does) or deny with a reason. Each step is one
//! transaction with its audit entry and its emails.
use crate::access::people::{user_by_id, users_by_ids};
use crate::access::{self, grantors, pending_request};
use crate::db::Db;
use crate::error::{Result, ServiceError, unless_unique};
use crate::{audit, outbox};
use domain::access::Capability;
use domain::accounts::Actor;
use domain::directory::Message;
use domain::members::{Invite, Member, decide_invite};
use domain::requests::{
    AccessRequest, ApproveInput, DenyInput, RequestInput, RequestStatus, RequestsShown, already_asked, already_decided,
    decide_request, roles_to_offer,
};
use domain::{CaseId, Timestamp, UserId};
use serde_json::json;
use sqlx::AnyConnection;

/// Asks for access to a case the actor cannot open. One pending request per person and case.
#[tracing::instrument(skip_all, fields(case = %case_id, actor = %actor.id))]
pub async fn create(
    db: &Db,
    actor: &Actor,
    case_id: CaseId,
    input: RequestInput,
    now: Timestamp,
    base_url: &str,
) -> Result<AccessRequest> {
    let message = Message::parse("message", Some(&input.message))?;
    let mut tx = db.begin_write().await?;
    let opened = access::open(&mut tx, actor, case_id, now).await?;
    let case = &opened.case;
    decide_request(&opened.access, &case.row.reference, pending_request(&mut tx, case_id, actor.id).await?)?;
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO access_requests (case_id, user_id, message, status, created_at) VALUES ($1, $2, $3, 'pending', $4) RETURNING id",
    )
    .bind(case_id.0)
    .bind(actor.id.0)
    .bind(message.as_str())
    .bind(now.0)
    .fetch_one(&mut *tx)
    .await;
    // A unique violation: the same person asked twice at the same moment.
    let id = unless_unique(inserted, || already_asked(&case.row.reference, now).into())?;
    let link = format!("{}/cases/{}/people", base_url.trim_end_matches('/'), case_id);
    let note = if message.is_empty() { String::new() } else { format!("\n\nTheir message:\n{}", message.as_str()) };
    for grantor in grantors(&mut tx, case, now).await? {
        outbox::enqueue(
            &mut tx,
            outbox::Email {
                to: grantor.email.clone(),
                subject: format!("{} asks for access to {}", actor.name, case.row.reference),
                body: format!(
                    "Hello {},\n\n{} ({}) asks for access to the case {} ({}).{note}\n\nApprove or deny the request on the case's People tab: {link}",
                    grantor.name, actor.name, actor.email, case.row.reference, case.row.title
                ),
            },
            now,
        )
        .await?;
    }
    audit::record(
        &mut tx,
        audit::Entry {
            case: Some(case_id),
            actor: Some(actor.id),
            action: "access.requested",
            subject: Some(actor.email.clone()),
            before: None,
            after: Some(json!({ "message": message.as_str() })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(AccessRequest {
        id,
        user: actor.person(),
        usual_role: actor.usual_role.clone(),
        organisation: actor.organisation.as_ref().map(|o| o.name.clone()),
        message: message.as_str().to_string(),
        status: RequestStatus::Pending,
        created_at: now,
        role_options: Vec::new(),
    })
}

/// For holders of manage_access, the pending requests; for anyone else, their own requests.
#[tracing::instrument(skip_all, fields(case = %case_id, actor = %actor.id))]
pub async fn list(db: &Db, actor: &Actor, case_id: CaseId, now: Timestamp) -> Result<Vec<AccessRequest>> {
    let mut conn = db.acquire().await?;
    let opened = access::open(&mut conn, actor, case_id, now).await?;
    let shown = RequestsShown::to(&opened.access);
    let rows: Vec<(i64, i64, String, String, i64)> = match shown {
        RequestsShown::Pending => {
            sqlx::query_as(
                "SELECT id, user_id, message, status, created_at FROM access_requests WHERE case_id = $1 AND status = 'pending' ORDER BY id",
            )
            .bind(case_id.0)
            .fetch_all(&mut *conn)
            .await?
        }
        RequestsShown::OwnOnly => {
            sqlx::query_as(
                "SELECT id, user_id, message, status, created_at FROM access_requests WHERE case_id = $1 AND user_id = $2 ORDER BY id",
            )
            .bind(case_id.0)
            .bind(actor.id.0)
            .fetch_all(&mut *conn)
            .await?
        }
    };
    let users = users_by_ids(&mut conn, &rows.iter().map(|r| UserId(r.1)).collect::<Vec<_>>()).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, user_id, message, status, created_at)| {
            let user = users.iter().find(|u| u.id.0 == user_id)?;
            Some(AccessRequest {
                id,
                user: user.person(),
                usual_role: user.usual_role.clone(),
                organisation: user.organisation.as_ref().map(|o| o.name.clone()),
                message,
                status: RequestStatus::parse(&status),
                created_at: Timestamp(created_at),
                role_options: if shown == RequestsShown::Pending {
                    roles_to_offer(&opened.case.roles, user.community, &opened.access)
                } else {
                    Vec::new()
                },
            })
        })
        .collect())
}

/// Approves a pending request by granting what `input` says, exactly as an invitation would
/// (R2, R6 and the scope rules apply); the requester gets the invitation email.
#[tracing::instrument(skip_all, fields(case = %case_id, actor = %actor.id, request = request_id))]
pub async fn approve(
    db: &Db,
    actor: &Actor,
    case_id: CaseId,
    request_id: i64,
    input: ApproveInput,
    now: Timestamp,
    base_url: &str,
) -> Result<Member> {
    let mut tx = db.begin_write().await?;
    let opened = access::requiring(&mut tx, actor, case_id, Capability::ManageAccess, now).await?;
    let requester = mark_decided(&mut tx, actor, case_id, request_id, RequestStatus::Approved, None, now).await?;
    let invite = Invite::parse(
        domain::members::InviteInput {
            email: requester.email.clone(),
            role: input.role,
            defendants: input.defendants,
            expires_at: input.expires_at,
            message: None,
        },
        now,
    )?;
    let case = &opened.case;
    let plan =
        decide_invite(&opened.access, &case.facts, &case.defendant_ids(), &case.roles, &requester, &invite, now)?;
    access::individual_grants::give(&mut tx, case, actor, &requester, &plan, &invite.message, now, base_url).await?;
    let member = access::member_now(&mut tx, case_id, &requester, actor, now).await?;
    audit::record(
        &mut tx,
        audit::Entry {
            case: Some(case_id),
            actor: Some(actor.id),
            action: "access.request_approved",
            subject: Some(requester.email.clone()),
            before: None,
            after: Some(json!({ "request": request_id, "role": member.role_name })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(member)
}

/// Denies a pending request; the reason goes to the requester.
#[tracing::instrument(skip_all, fields(case = %case_id, actor = %actor.id, request = request_id))]
pub async fn deny(
    db: &Db,
    actor: &Actor,
    case_id: CaseId,
    request_id: i64,
    input: DenyInput,
    now: Timestamp,
) -> Result<()> {
    let reason = input.parse()?;
    let mut tx = db.begin_write().await?;
    let case = access::requiring(&mut tx, actor, case_id, Capability::ManageAccess, now).await?.case;
    let requester =
        mark_decided(&mut tx, actor, case_id, request_id, RequestStatus::Denied, Some(reason.as_str()), now).await?;
    outbox::enqueue(
        &mut tx,
        outbox::Email {
            to: requester.email.clone(),
            subject: format!("Your request for access to {} was denied", case.row.reference),
            body: format!(
                "Hello {},\n\n{} ({}) denied your request for access to the case {}.\n\nTheir reason:\n{}",
                requester.name,
                actor.name,
                actor.email,
                case.row.reference,
                reason.as_str()
            ),
        },
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        audit::Entry {
            case: Some(case_id),
            actor: Some(actor.id),
            action: "access.request_denied",
            subject: Some(requester.email.clone()),
            before: None,
            after: Some(json!({ "request": request_id, "reason": reason.as_str() })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Marks a pending request decided, once: a second decision finds it decided and is refused.
async fn mark_decided(
    conn: &mut AnyConnection,
    actor: &Actor,
    case_id: CaseId,
    request_id: i64,
    status: RequestStatus,
    reason: Option<&str>,
    now: Timestamp,
) -> Result<Actor> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT user_id, status FROM access_requests WHERE id = $1 AND case_id = $2")
            .bind(request_id)
            .bind(case_id.0)
            .fetch_optional(&mut *conn)
            .await?;
    let (user_id, current) =
        row.ok_or_else(|| ServiceError::NotFound(format!("This case has no access request with id {request_id}.")))?;
    let updated = sqlx::query("UPDATE access_requests SET status = $1, decided_by = $2, decided_at = $3, reason = $4 WHERE id = $5 AND status = 'pending'")
        .bind(status.as_str())
        .bind(actor.id.0)
        .bind(now.0)
        .bind(reason)
        .bind(request_id)
        .execute(&mut *conn)
        .await?;
    if updated.rows_affected() != 1 {
        return Err(already_decided(RequestStatus::parse(&current)).into());
    }
    user_by_id(conn, UserId(user_id)).await?.ok_or_else(|| ServiceError::Internal("a request's user is missing".into()))
}
