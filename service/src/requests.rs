//! Access requests (R7): someone without access asks, with a message; holders of manage_access
//! approve (making the grant, as an invitation does) or deny with a reason. Each step is one
//! transaction with its audit entry and its emails.
use crate::access::load_case;
use crate::accounts::{CurrentUser, users_by_ids};
use crate::db::Db;
use crate::error::{Result, ServiceError, unless_unique};
use crate::groups::managed_case;
use crate::members::{grantors, invite_in};
use crate::{audit, outbox};
use domain::access::Capability;
use domain::access::roles::roles_offered;
use domain::access::rules::{check_can_grant, check_can_manage};
use domain::views::{AccessRequest, ApproveInput, DenyInput, InviteInput, Member, PersonRef, RequestInput, RequestStatus, RoleOption};
use domain::{CaseId, Timestamp, UserId, ValidationError};
use serde_json::json;
use sqlx::AnyConnection;

const MAX_TEXT_CHARS: usize = 2000;

/// Asks for access to a case the actor cannot open. One pending request per person and case.
pub async fn create(db: &Db, actor: &CurrentUser, case_id: CaseId, input: RequestInput, now: Timestamp, base_url: &str) -> Result<AccessRequest> {
    let message = bounded(&input.message, "message")?;
    let mut tx = db.begin_write().await?;
    let case = load_case(&mut tx, case_id).await?;
    if case.access_of(actor, now).can(Capability::View) {
        return Err(ServiceError::Conflict { field: None, message: format!("You already have access to {}.", case.row.reference) });
    }
    if let Some(sent) = pending_of(&mut tx, case_id, actor.id).await? {
        return Err(already_asked(&case.row.reference, sent));
    }
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO access_requests (case_id, user_id, message, status, created_at) VALUES ($1, $2, $3, 'pending', $4) RETURNING id",
    )
    .bind(case_id.0)
    .bind(actor.id.0)
    .bind(&message)
    .bind(now.0)
    .fetch_one(&mut *tx)
    .await;
    // A unique violation: the same person asked twice at the same moment.
    let id = unless_unique(inserted, || already_asked(&case.row.reference, now))?;
    let link = format!("{}/cases/{}/people", base_url.trim_end_matches('/'), case_id);
    let note = if message.is_empty() { String::new() } else { format!("\n\nTheir message:\n{message}") };
    for grantor in grantors(&mut tx, &case, now).await? {
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
        audit::Entry { case: Some(case_id), actor: Some(actor.id), action: "access.requested", subject: Some(actor.email.clone()), before: None, after: Some(json!({ "message": message })) },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(AccessRequest {
        id,
        user: person(actor),
        usual_role: actor.usual_role.clone(),
        organisation: actor.organisation.as_ref().map(|o| o.name.clone()),
        message,
        status: RequestStatus::Pending,
        created_at: now,
        role_options: Vec::new(),
    })
}

/// For holders of manage_access, the pending requests; for anyone else, their own requests.
pub async fn list(db: &Db, actor: &CurrentUser, case_id: CaseId, now: Timestamp) -> Result<Vec<AccessRequest>> {
    let mut conn = db.pool().acquire().await?;
    let case = load_case(&mut conn, case_id).await?;
    let access = case.access_of(actor, now);
    let manages = check_can_manage(&access).is_ok();
    let rows: Vec<(i64, i64, String, String, i64)> = if manages {
        sqlx::query_as("SELECT id, user_id, message, status, created_at FROM access_requests WHERE case_id = $1 AND status = 'pending' ORDER BY id")
            .bind(case_id.0)
            .fetch_all(&mut *conn)
            .await?
    } else {
        sqlx::query_as("SELECT id, user_id, message, status, created_at FROM access_requests WHERE case_id = $1 AND user_id = $2 ORDER BY id")
            .bind(case_id.0)
            .bind(actor.id.0)
            .fetch_all(&mut *conn)
            .await?
    };
    let users = users_by_ids(&mut conn, &rows.iter().map(|r| UserId(r.1)).collect::<Vec<_>>()).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, user_id, message, status, created_at)| {
            let user = users.iter().find(|u| u.id.0 == user_id)?;
            Some(AccessRequest {
                id,
                user: person(user),
                usual_role: user.usual_role.clone(),
                organisation: user.organisation.as_ref().map(|o| o.name.clone()),
                message,
                status: parse_status(&status),
                created_at: Timestamp(created_at),
                role_options: if manages {
                    roles_offered(&case.roles, user.community).iter().filter(|r| check_can_grant(&access, r).is_ok()).map(RoleOption::from).collect()
                } else {
                    Vec::new()
                },
            })
        })
        .collect())
}

/// Approves a pending request by granting what `input` says, exactly as an invitation would
/// (R2, R6 and the scope rules apply); the requester gets the invitation email.
pub async fn approve(db: &Db, actor: &CurrentUser, case_id: CaseId, request_id: i64, input: ApproveInput, now: Timestamp, base_url: &str) -> Result<Member> {
    let mut tx = db.begin_write().await?;
    managed_case(&mut tx, actor, case_id, now).await?;
    let requester = decide(&mut tx, actor, case_id, request_id, "approved", None, now).await?;
    let invite = InviteInput { email: requester.email.clone(), role: input.role, defendants: input.defendants, expires_at: input.expires_at, message: None };
    let member = invite_in(&mut tx, actor, case_id, invite, now, base_url).await?;
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
pub async fn deny(db: &Db, actor: &CurrentUser, case_id: CaseId, request_id: i64, input: DenyInput, now: Timestamp) -> Result<()> {
    let reason = bounded(&input.reason, "reason")?;
    if reason.is_empty() {
        return Err(ValidationError::new("reason", "Say why the request is denied: the requester reads it.").into());
    }
    let mut tx = db.begin_write().await?;
    let (case, _) = managed_case(&mut tx, actor, case_id, now).await?;
    let requester = decide(&mut tx, actor, case_id, request_id, "denied", Some(&reason), now).await?;
    outbox::enqueue(
        &mut tx,
        outbox::Email {
            to: requester.email.clone(),
            subject: format!("Your request for access to {} was denied", case.row.reference),
            body: format!(
                "Hello {},\n\n{} ({}) denied your request for access to the case {}.\n\nTheir reason:\n{reason}",
                requester.name, actor.name, actor.email, case.row.reference
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
            after: Some(json!({ "request": request_id, "reason": reason })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// When the user's pending request on the case was sent, if they have one.
pub(crate) async fn pending_of(conn: &mut AnyConnection, case_id: CaseId, user: UserId) -> Result<Option<Timestamp>> {
    let sent: Option<i64> = sqlx::query_scalar("SELECT created_at FROM access_requests WHERE case_id = $1 AND user_id = $2 AND status = 'pending'")
        .bind(case_id.0)
        .bind(user.0)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(sent.map(Timestamp))
}

/// Marks a pending request decided, once: a second decision finds it decided and is refused.
async fn decide(conn: &mut AnyConnection, actor: &CurrentUser, case_id: CaseId, request_id: i64, status: &str, reason: Option<&str>, now: Timestamp) -> Result<CurrentUser> {
    let row: Option<(i64, String)> = sqlx::query_as("SELECT user_id, status FROM access_requests WHERE id = $1 AND case_id = $2")
        .bind(request_id)
        .bind(case_id.0)
        .fetch_optional(&mut *conn)
        .await?;
    let (user_id, current) = row.ok_or_else(|| ServiceError::NotFound(format!("This case has no access request with id {request_id}.")))?;
    let updated = sqlx::query("UPDATE access_requests SET status = $1, decided_by = $2, decided_at = $3, reason = $4 WHERE id = $5 AND status = 'pending'")
        .bind(status)
        .bind(actor.id.0)
        .bind(now.0)
        .bind(reason)
        .bind(request_id)
        .execute(&mut *conn)
        .await?;
    if current != "pending" || updated.rows_affected() != 1 {
        return Err(ServiceError::Conflict { field: None, message: format!("This request was already {}. Reload to see it.", if current == "pending" { "decided" } else { current.as_str() }) });
    }
    users_by_ids(conn, &[UserId(user_id)]).await?.pop().ok_or_else(|| ServiceError::Internal("a request's user is missing".into()))
}

fn bounded(text: &str, field: &str) -> Result<String> {
    let text = text.trim().to_string();
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(ValidationError::new(field, format!("At most {MAX_TEXT_CHARS} characters, please.")).into());
    }
    Ok(text)
}

fn already_asked(reference: &str, sent: Timestamp) -> ServiceError {
    ServiceError::Conflict {
        field: Some("message".into()),
        message: format!("You already asked for access to {reference} on {}. You will get an email when someone answers.", sent.display()),
    }
}

fn person(user: &CurrentUser) -> PersonRef {
    PersonRef { id: user.id, name: user.name.clone(), email: user.email.clone() }
}

fn parse_status(text: &str) -> RequestStatus {
    match text {
        "approved" => RequestStatus::Approved,
        "denied" => RequestStatus::Denied,
        _ => RequestStatus::Pending,
    }
}
