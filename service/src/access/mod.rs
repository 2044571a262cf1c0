//! The one access gate. Every use case on a case comes through here: it loads the facts that
//! decide access, asks `domain::access::evaluate`, and refuses someone who may not open the case
//! (telling them who can grant access, R7) or lacks a capability. Resource modules (`cases`,
//! `members`, `groups`, `domains`, `requests`) depend on this module and never on each other.
mod facts;
pub(crate) mod individual_grants;
pub(crate) mod locations;
pub(crate) mod people;
pub(crate) mod person;
pub(crate) mod policies;
pub(crate) mod reader_rows;
#[cfg(test)]
mod tests;

pub(crate) use facts::{CASE_SELECT, CaseRow, LoadedCase, all_roles, load_case, role_by_key, roles_at};

use crate::db::Versioned;
use crate::error::{Result, ServiceError};
use domain::access::denied::{AccessDenied, Grantor};
use domain::access::roles::Role;
use domain::access::{Access, Capability, evaluate};
use domain::accounts::Actor;
use domain::cases::Defendant;
use domain::members::{Member, Viewer, member_row};
use domain::{CaseId, Timestamp, UserId};
use sqlx::AnyConnection;

/// A case with the actor's access to it, decided at `now`.
pub(crate) struct Opened {
    pub case: LoadedCase,
    pub access: Access,
    pub now: Timestamp,
}

/// Loads a case and decides the actor's access, refusing nothing: for use cases that answer
/// people without access too (asking for access, "my access").
pub(crate) async fn open(conn: &mut AnyConnection, actor: &Actor, case_id: CaseId, now: Timestamp) -> Result<Opened> {
    let case = load_case(conn, case_id).await?;
    let access = case.access_of(actor, now);
    Ok(Opened { case, access, now })
}

/// The case, refused unless the actor may open it.
pub(crate) async fn viewable(
    conn: &mut AnyConnection,
    actor: &Actor,
    case_id: CaseId,
    now: Timestamp,
) -> Result<Opened> {
    open(conn, actor, case_id, now).await?.require_view(conn, actor).await
}

/// The case, refused unless the actor may open it and holds `capability`.
pub(crate) async fn requiring(
    conn: &mut AnyConnection,
    actor: &Actor,
    case_id: CaseId,
    capability: Capability,
    now: Timestamp,
) -> Result<Opened> {
    let opened = viewable(conn, actor, case_id, now).await?;
    domain::access::rules::require(&opened.access, capability)?;
    Ok(opened)
}

impl Opened {
    /// Refuses someone who cannot open the case, with who can grant access, the groups that have
    /// it and their own pending request (R7).
    pub async fn require_view(self, conn: &mut AnyConnection, actor: &Actor) -> Result<Opened> {
        if self.access.can(Capability::View) {
            return Ok(self);
        }
        Err(denied(conn, &self.case, actor, self.now).await?)
    }
}

/// The answer to someone who may not open a case (R7): who can grant access, the groups that
/// have it, and their own pending request.
async fn denied(conn: &mut AnyConnection, case: &LoadedCase, actor: &Actor, now: Timestamp) -> Result<ServiceError> {
    Ok(ServiceError::AccessDenied(Box::new(AccessDenied {
        case_id: case.id(),
        reference: case.row.reference.clone(),
        grantors: grantors(conn, case, now).await?,
        groups: case.groups_with_access(),
        pending_request: pending_request(conn, case.id(), actor.id).await?,
    })))
}

/// A case as a reader opens it, with their access decided from the rows that concern them alone
/// (`person::load`), so that reading does not cost more as the case gains grants.
pub(crate) struct Read {
    pub row: CaseRow,
    pub defendants: Vec<Defendant>,
    pub access: Access,
    /// When each group that reaches the reader was added, and when they last opened the case (R4).
    pub reaching_since: Vec<Timestamp>,
    pub last_opened: Option<Timestamp>,
}

/// The actor's access to a case, decided from the rows that concern them; none is refused. One
/// statement: the case, with the role table's version and everything about the actor on it.
pub(crate) async fn access_to(
    conn: &mut AnyConnection,
    role_table: &Versioned<Vec<Role>>,
    actor: &Actor,
    case_id: CaseId,
    now: Timestamp,
) -> Result<(CaseRow, Access, person::PersonFacts)> {
    let (row, person) = person::load_on_case(conn, role_table, actor, case_id).await?;
    let access = decide(&row, &person, actor, now);
    Ok((row, access, person))
}

/// `evaluate` on what `person::load_on_case` read.
fn decide(row: &CaseRow, person: &person::PersonFacts, actor: &Actor, now: Timestamp) -> Access {
    let case_id = CaseId(row.id);
    let facts =
        person.facts_for(case_id, UserId(row.owner_id), row.office_id.map(domain::OfficeId), row.defaults(), actor.id);
    evaluate(&actor.subject(), &facts, now)
}

/// The case for reading, refused (with who can grant access) unless the actor may open it.
pub(crate) async fn readable(
    conn: &mut AnyConnection,
    role_table: &Versioned<Vec<Role>>,
    actor: &Actor,
    case_id: CaseId,
    now: Timestamp,
) -> Result<Read> {
    let (row, access, person) = access_to(conn, role_table, actor, case_id, now).await?;
    read_or_refuse(conn, row, access, person, actor, now).await
}

/// `readable` for whoever a session token belongs to, read in the case's own statement: who
/// they are and the case, or the refusal; `on_reader` hears who they are before any refusal. No
/// live session is refused before an unknown case, as when the session is read on its own first.
pub(crate) async fn readable_by_session(
    conn: &mut AnyConnection,
    role_table: &Versioned<Vec<Role>>,
    reader_rows: &reader_rows::ReaderRows,
    token: &str,
    case_id: CaseId,
    now: Timestamp,
    on_reader: impl FnOnce(&Actor),
) -> Result<(UserId, Read)> {
    let token_hash = crate::tokens::token_hash(token);
    let Some((actor, row, person)) =
        person::load_on_case_by_session(conn, role_table, reader_rows, &token_hash, now, case_id).await?
    else {
        // No row: the session or the case is missing, and which one decides the answer.
        let live: Option<people::UserRow> =
            sqlx::query_as(&people::SESSION_USER).bind(&token_hash).bind(now.0).fetch_optional(&mut *conn).await?;
        return Err(if live.is_some() { facts::no_case(case_id) } else { ServiceError::Unauthenticated });
    };
    on_reader(&actor);
    let access = decide(&row, &person, &actor, now);
    let read = read_or_refuse(conn, row, access, person, &actor, now).await?;
    Ok((actor.id, read))
}

async fn read_or_refuse(
    conn: &mut AnyConnection,
    row: CaseRow,
    access: Access,
    person: person::PersonFacts,
    actor: &Actor,
    now: Timestamp,
) -> Result<Read> {
    let case_id = CaseId(row.id);
    if !access.can(Capability::View) {
        // Rare, and it must say who can grant access: the whole case is read for it.
        let case = load_case(conn, case_id).await?;
        return Err(denied(conn, &case, actor, now).await?);
    }
    let reaching_since = person.reaching_since(case_id, &actor.subject());
    Ok(Read { row, defendants: person.defendants, access, reaching_since, last_opened: person.last_opened })
}

/// Who can grant access to a case: everyone holding manage_access on it now (R7). Only those who
/// may hold it are loaded: a broad group of readers (every police officer) is not.
pub(crate) async fn grantors(conn: &mut AnyConnection, case: &LoadedCase, now: Timestamp) -> Result<Vec<Grantor>> {
    let candidates = reached(conn, case, Reach::Grantors).await?;
    let mut found: Vec<(bool, Grantor)> = people::users_by_ids(conn, &candidates)
        .await?
        .into_iter()
        .filter_map(|user| {
            let access = case.access_of(&user, now);
            access.can(Capability::ManageAccess).then(|| {
                let role = access.headline_role().unwrap_or_default().to_string();
                (user.id == case.facts.owner, Grantor { name: user.name, email: user.email, role })
            })
        })
        .collect();
    found.sort_by_key(|(is_owner, g)| (!*is_owner, g.name.to_lowercase()));
    Ok(found.into_iter().map(|(_, g)| g).collect())
}

/// Whom `reached` looks for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Everyone a path may reach.
    Everyone,
    /// Only those who may hold manage_access: domains give Defence Advocate, which never does.
    Grantors,
}

/// The people a case's paths may reach, in one query beside what is loaded: the owner, everyone
/// with a grant, and everyone a group or domain names. `evaluate` then keeps those it reaches
/// (locations, expiry, R6).
pub(crate) async fn reached(conn: &mut AnyConnection, case: &LoadedCase, reach: Reach) -> Result<Vec<UserId>> {
    let mut candidates: Vec<UserId> = vec![case.facts.owner];
    candidates.extend(case.facts.grants.iter().map(|g| g.user));
    let sql = match reach {
        Reach::Everyone => {
            "SELECT u.id FROM users u JOIN case_groups g ON g.usual_role_id = u.usual_role_id WHERE g.case_id = $1 \
             UNION SELECT u.id FROM users u JOIN case_domains d ON d.domain = u.email_domain WHERE d.case_id = $1"
        }
        Reach::Grantors => {
            "SELECT u.id FROM users u JOIN case_groups g ON g.usual_role_id = u.usual_role_id \
             JOIN role_capabilities rc ON rc.role_id = g.role_id AND rc.capability = 'manage_access' WHERE g.case_id = $1"
        }
    };
    let ids: Vec<i64> = sqlx::query_scalar(sql).bind(case.row.id).fetch_all(&mut *conn).await?;
    candidates.extend(ids.into_iter().map(UserId));
    candidates.sort();
    candidates.dedup();
    Ok(candidates)
}

/// When the user's pending request on the case was sent, if they have one.
pub(crate) async fn pending_request(
    conn: &mut AnyConnection,
    case_id: CaseId,
    user: UserId,
) -> Result<Option<Timestamp>> {
    let sent: Option<i64> = sqlx::query_scalar(
        "SELECT created_at FROM access_requests WHERE case_id = $1 AND user_id = $2 AND status = 'pending'",
    )
    .bind(case_id.0)
    .bind(user.0)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(sent.map(Timestamp))
}

/// A person's row of the People tab as the actor sees it right after a change, read afresh.
pub(crate) async fn member_now(
    conn: &mut AnyConnection,
    case_id: CaseId,
    person: &Actor,
    actor: &Actor,
    now: Timestamp,
) -> Result<Member> {
    let case = load_case(conn, case_id).await?;
    let viewer = case.access_of(actor, now);
    member_row(&case.facts, &case.defendants, person, case.grant_version(person.id), &Viewer { access: &viewer }, now)
        .ok_or_else(|| ServiceError::Internal("a changed member has no access".into()))
}

/// The SQL condition that keeps the documents someone with `scope` may see, for a `documents`
/// table aliased `d` (the rule is `domain::documents::visible_to`): part of the query, so that
/// a document outside the scope is never loaded, counted or summed. The ids are the case's own
/// defendant ids, integers, so they are written into the SQL.
pub(crate) fn visible_documents(scope: &domain::access::DefendantScope) -> String {
    const UNASSOCIATED: &str = "NOT EXISTS (SELECT 1 FROM document_defendants dd WHERE dd.document_id = d.id)";
    match scope {
        domain::access::DefendantScope::All => "1 = 1".into(),
        domain::access::DefendantScope::Only(ids) if ids.is_empty() => UNASSOCIATED.into(),
        domain::access::DefendantScope::Only(ids) => {
            let list = ids.iter().map(|d| d.0.to_string()).collect::<Vec<_>>().join(", ");
            format!(
                "({UNASSOCIATED} OR EXISTS (SELECT 1 FROM document_defendants dd WHERE dd.document_id = d.id AND dd.defendant_id IN ({list})))"
            )
        }
    }
}

/// Refuses a set of document ids unless every one is a document of the case that `scope` may see:
/// the first that is not is "not found", as an unknown id is (tagging a selection, a batch update).
/// Read in batches of 500 ids.
pub(crate) async fn require_visible_documents(
    conn: &mut AnyConnection,
    case_id: CaseId,
    scope: &domain::access::DefendantScope,
    ids: &[i64],
) -> Result<()> {
    let mut seen = std::collections::HashSet::with_capacity(ids.len());
    for batch in ids.chunks(500) {
        let (placeholders, arguments) = crate::db::in_list(batch)?;
        let found: Vec<i64> = sqlx::query_scalar_with(
            &format!(
                "SELECT d.id FROM documents d WHERE d.id IN ({placeholders}) AND d.case_id = {} AND {}",
                case_id.0,
                visible_documents(scope)
            ),
            arguments,
        )
        .fetch_all(&mut *conn)
        .await?;
        seen.extend(found);
    }
    match ids.iter().find(|id| !seen.contains(*id)) {
        Some(missing) => Err(domain::documents::no_document(domain::DocumentId(*missing)).into()),
        None => Ok(()),
    }
}

/// What a case's people make from its documents and keep (productions, reports): the table, the
/// alias its queries use, and where the maker's defendant scope is recorded (`scoped = 0`: every
/// defendant; else the rows of `scope_table`, keyed by `key`).
pub(crate) struct Made {
    pub table: &'static str,
    pub alias: &'static str,
    pub scope_table: &'static str,
    pub key: &'static str,
}

pub(crate) const PRODUCTIONS: Made =
    Made { table: "productions", alias: "p", scope_table: "production_scope", key: "production_id" };
pub(crate) const REPORTS: Made = Made { table: "reports", alias: "r", scope_table: "report_scope", key: "report_id" };

/// The SQL condition that keeps what was made (`made.alias`) that someone with `scope` may see:
/// that whose maker's scope theirs covers (`domain::productions::visible_to`). Ids are integers,
/// written into the SQL.
pub(crate) fn made_within(scope: &domain::access::DefendantScope, made: &Made) -> String {
    let Made { alias, scope_table, key, .. } = made;
    match scope {
        domain::access::DefendantScope::All => "1 = 1".into(),
        domain::access::DefendantScope::Only(ids) => {
            let outside = if ids.is_empty() {
                String::new()
            } else {
                let list = ids.iter().map(|d| d.0.to_string()).collect::<Vec<_>>().join(", ");
                format!(" AND s.defendant_id NOT IN ({list})")
            };
            format!(
                "({alias}.scoped = 1 AND NOT EXISTS (SELECT 1 FROM {scope_table} s WHERE s.{key} = {alias}.id{outside}))"
            )
        }
    }
}

/// Records the scope someone made a production or report under (`made_within` reads it back).
pub(crate) async fn record_scope(
    conn: &mut AnyConnection,
    scope: &domain::access::DefendantScope,
    made: &Made,
    id: i64,
) -> Result<()> {
    if let domain::access::DefendantScope::Only(ids) = scope {
        for defendant in ids {
            sqlx::query(&format!("INSERT INTO {} ({}, defendant_id) VALUES ($1, $2)", made.scope_table, made.key))
                .bind(id)
                .bind(defendant.0)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// One page of a case's productions or reports that `scope` may see, newest first (`select` reads
/// `made.table` as `made.alias`), and how many there are in all: two statements.
pub(crate) async fn page_made_within<R>(
    conn: &mut AnyConnection,
    made: &Made,
    select: &str,
    case: CaseId,
    scope: &domain::access::DefendantScope,
    paging: domain::paging::Paging,
) -> Result<(i64, Vec<R>)>
where
    R: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    let (table, alias) = (made.table, made.alias);
    let within = made_within(scope, made);
    let total: i64 =
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} {alias} WHERE {alias}.case_id = $1 AND {within}"))
            .bind(case.0)
            .fetch_one(&mut *conn)
            .await?;
    let rows: Vec<R> = sqlx::query_as(&format!(
        "{select} WHERE {alias}.case_id = $1 AND {within} ORDER BY {alias}.created_at DESC, {alias}.id DESC LIMIT $2 OFFSET $3"
    ))
    .bind(case.0)
    .bind(paging.per_page as i64)
    .bind(paging.offset() as i64)
    .fetch_all(&mut *conn)
    .await?;
    Ok((total, rows))
}
