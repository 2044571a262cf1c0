//! "My cases": every case the person can open, by any path, in a fixed number of queries however
//! many cases there are. The candidates of every path come from one statement, the facts that
//! concern the person from one more (`person::load`), `evaluate` decides each case in memory, and
//! only the page asked for is loaded in full.
use crate::access::{CASE_SELECT, CaseRow, person, roles_at};
use crate::db::{Db, in_list};
use crate::error::Result;
use domain::access::{Access, Capability, evaluate};
use domain::accounts::Actor;
use domain::cases::CaseSummary;
use domain::cases::list::{CaseFilter, CasePage, CaseQuery};
use domain::directory::Office;
use domain::policy::Defaults;
use domain::{CaseId, DefendantId, OfficeId, Timestamp, UserId};
use sqlx::AnyConnection;
use std::collections::BTreeMap;

/// One page of the cases the actor can open, newest first, filtered and counted on the server.
#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn list(db: &Db, actor: &Actor, query: &CaseQuery, now: Timestamp) -> Result<CasePage> {
    let filter = query.filter();
    let mut conn = db.acquire().await?;
    let (candidates, roles_version) = candidates(&mut conn, actor, now).await?;
    let roles = roles_at(&mut conn, db.roles(), roles_version).await?;
    let person = person::load(&mut conn, actor, &roles).await?;
    let subject = actor.subject();

    // Every candidate is decided, so that the total and the offices count only what they may
    // open; the filter then keeps what was asked for.
    let mut visible: Vec<(Candidate, Access)> = Vec::new();
    for candidate in candidates {
        let facts = person.facts_for(candidate.id, candidate.owner, candidate.office, candidate.defaults, actor.id);
        let access = evaluate(&subject, &facts, now);
        if access.can(Capability::View) {
            visible.push((candidate, access));
        }
    }
    let offices = offices_of(&mut conn, &visible).await?;
    visible.retain(|(c, _)| matches(c, &filter));
    let total = visible.len() as i64;
    let page: Vec<(Candidate, Access)> = filter.paging.window(visible);
    Ok(CasePage {
        cases: summaries(&mut conn, page).await?,
        total,
        page: filter.paging.page,
        per_page: filter.paging.per_page,
        offices,
    })
}

/// What the list needs of a case before deciding on it.
struct Candidate {
    id: CaseId,
    owner: UserId,
    office: Option<OfficeId>,
    /// The case's policy defaults (§6).
    defaults: Defaults,
    status: String,
    /// Reference and title in lower case, for the text filter.
    text: String,
}

/// id, owner, office, status, reference and title in lower case, the role table's version, and
/// the three policy defaults.
type CandidateRow = (i64, i64, Option<i64>, String, String, String, i64, String, String, String);

/// Every case some path may give the actor, newest first, and the role table's version: one
/// statement whatever their number. Each path is its own indexed lookup (a UNION), not one OR
/// over every case, which SQLite would answer by reading the whole table.
async fn candidates(conn: &mut AnyConnection, actor: &Actor, now: Timestamp) -> Result<(Vec<Candidate>, i64)> {
    let subject = actor.subject();
    // Office cases (§4 path 5) are candidates only for those the engine may give them to.
    let office = if subject.has_office_access() { actor.office_id.map(|o| o.0) } else { None };
    let rows: Vec<CandidateRow> = sqlx::query_as(
        "SELECT c.id, c.owner_id, c.office_id, c.status, c.reference_key, lower(c.title), \
         (SELECT version FROM table_versions WHERE name = 'roles'), \
         c.policy_manage_permissions, c.policy_edit_settings, c.policy_batch_update FROM cases c WHERE c.id IN ( \
         SELECT id FROM cases WHERE owner_id = $1 \
         UNION SELECT case_id FROM case_grants WHERE user_id = $1 AND (expires_at IS NULL OR expires_at > $2) \
         UNION SELECT g.case_id FROM case_groups g JOIN users me ON me.usual_role_id = g.usual_role_id WHERE me.id = $1 \
         UNION SELECT case_id FROM case_domains WHERE domain = $3 \
         UNION SELECT id FROM cases WHERE office_id = $4) \
         ORDER BY c.created_at DESC, c.id DESC",
    )
    .bind(actor.id.0)
    .bind(now.0)
    .bind(subject.email_domain)
    .bind(office)
    .fetch_all(&mut *conn)
    .await?;
    let roles_version = match rows.first() {
        Some(row) => row.6,
        None => {
            sqlx::query_scalar("SELECT version FROM table_versions WHERE name = 'roles'").fetch_one(&mut *conn).await?
        }
    };
    let candidates = rows
        .into_iter()
        .map(|(id, owner, office, status, reference, title, _, mp, es, bu)| Candidate {
            id: CaseId(id),
            owner: UserId(owner),
            office: office.map(OfficeId),
            defaults: Defaults::from_stored(&mp, &es, &bu),
            status,
            text: format!("{reference}\n{title}"),
        })
        .collect();
    Ok((candidates, roles_version))
}

fn matches(case: &Candidate, filter: &CaseFilter) -> bool {
    filter.text.as_ref().is_none_or(|t| case.text.contains(t.as_str()))
        && filter.status.is_none_or(|s| s.as_str() == case.status)
        && filter.office.is_none_or(|o| case.office == Some(o))
}

/// The offices the visible cases belong to, by name.
async fn offices_of(conn: &mut AnyConnection, visible: &[(Candidate, Access)]) -> Result<Vec<Office>> {
    let mut ids: Vec<i64> = visible.iter().filter_map(|(c, _)| c.office.map(|o| o.0)).collect();
    ids.sort();
    ids.dedup();
    let mut offices = Vec::new();
    for batch in ids.chunks(500) {
        let (list, arguments) = in_list(batch)?;
        let sql = format!("SELECT id, name FROM offices WHERE id IN ({list})");
        let rows: Vec<(i64, String)> = sqlx::query_as_with(&sql, arguments).fetch_all(&mut *conn).await?;
        offices.extend(rows.into_iter().map(|(id, name)| Office { id: OfficeId(id), name }));
    }
    offices.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    Ok(offices)
}

/// The page's cases in full: two queries for at most a page of them.
async fn summaries(conn: &mut AnyConnection, page: Vec<(Candidate, Access)>) -> Result<Vec<CaseSummary>> {
    if page.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = page.iter().map(|(c, _)| c.id.0).collect();
    let (list, arguments) = in_list(&ids)?;
    let sql = format!("{CASE_SELECT} WHERE c.id IN ({list})");
    let rows: BTreeMap<i64, CaseRow> = sqlx::query_as_with::<_, CaseRow, _>(&sql, arguments)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let (list, arguments) = in_list(&ids)?;
    let sql = format!("SELECT case_id, id FROM defendants WHERE case_id IN ({list})");
    let defendants: Vec<(i64, i64)> = sqlx::query_as_with(&sql, arguments).fetch_all(&mut *conn).await?;
    let mut of_case: BTreeMap<i64, Vec<DefendantId>> = BTreeMap::new();
    for (case, defendant) in defendants {
        of_case.entry(case).or_default().push(DefendantId(defendant));
    }
    Ok(page
        .into_iter()
        .filter_map(|(candidate, access)| {
            let row = rows.get(&candidate.id.0)?;
            let seen =
                of_case.get(&row.id).map(|ds| ds.iter().filter(|d| access.scope.includes(**d)).count()).unwrap_or(0);
            Some(CaseSummary {
                id: candidate.id,
                reference: row.reference.clone(),
                title: row.title.clone(),
                status: row.status(),
                office: row.office_name.clone(),
                owner: row.owner(),
                my_role: access.headline_role().unwrap_or_default().to_string(),
                target_date: row.target_date.clone(),
                defendant_count: seen as i64,
                created_at: Timestamp(row.created_at),
            })
        })
        .collect())
}
