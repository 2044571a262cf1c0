//! Loads what `domain::access::evaluate` decides on, for one case, inside the caller's transaction.
//! Nothing is cached across requests (R8): every decision reads the database afresh.
use crate::accounts::CurrentUser;
use crate::error::{Result, ServiceError};
use domain::access::roles::Role;
use domain::access::{Access, CaseFacts, DefendantScope, DomainGrant, GroupGrant, IndividualGrant, evaluate};
use domain::views::{AccessDenied, Defendant, Grantor};
use domain::{CaseId, DefendantId, OfficeId, Timestamp, UserId};
use sqlx::AnyConnection;
use std::collections::{BTreeMap, BTreeSet};

#[derive(sqlx::FromRow, Clone)]
pub(crate) struct CaseRow {
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub description: String,
    pub status: String,
    pub target_date: Option<String>,
    pub created_at: i64,
    pub owner_id: i64,
    pub owner_name: String,
    pub owner_email: String,
    pub office_id: Option<i64>,
    pub office_name: Option<String>,
    pub organisation_name: Option<String>,
    pub version: i64,
}

pub(crate) const CASE_SELECT: &str = "SELECT c.id, c.reference, c.title, c.description, c.status, c.target_date, c.created_at, \
     c.owner_id, u.name AS owner_name, u.email AS owner_email, c.office_id, f.name AS office_name, o.name AS organisation_name, c.version \
     FROM cases c \
     JOIN users u ON u.id = c.owner_id \
     LEFT JOIN offices f ON f.id = c.office_id \
     LEFT JOIN organisations o ON o.id = c.organisation_id";

/// A case with everything that decides access to it.
pub(crate) struct LoadedCase {
    pub row: CaseRow,
    pub facts: CaseFacts,
    pub defendants: Vec<Defendant>,
    /// Grant ids and versions by user, for changes that must not overwrite a concurrent one.
    pub grant_versions: BTreeMap<UserId, (i64, i64)>,
    /// Every role, as loaded for the grants, so that callers need not read them again.
    pub roles: Vec<Role>,
    /// The group and domain grants' rows, in the order of `facts.groups` and `facts.domains`.
    pub groups: Vec<GrantMeta>,
    pub domains: Vec<GrantMeta>,
}

/// What a group or domain grant records beside what decides access.
#[derive(Debug, Clone)]
pub(crate) struct GrantMeta {
    pub id: i64,
    pub added_by: Option<String>,
    pub added_at: Timestamp,
}

impl LoadedCase {
    pub fn access_of(&self, user: &CurrentUser, now: Timestamp) -> Access {
        evaluate(&user.subject(), &self.facts, now)
    }

    pub fn defendant_ids(&self) -> BTreeSet<DefendantId> {
        self.defendants.iter().map(|d| d.id).collect()
    }

    /// Refuses someone who cannot open the case, telling them who can grant access (R7).
    pub fn require_view(&self, access: &Access, grantors: Vec<Grantor>) -> Result<()> {
        if access.can(domain::access::Capability::View) {
            return Ok(());
        }
        Err(ServiceError::AccessDenied(Box::new(AccessDenied {
            case_id: CaseId(self.row.id),
            reference: self.row.reference.clone(),
            grantors,
            groups: self.describe_paths(),
            pending_request: None,
        })))
    }

    /// The groups with access and the role each gives, for someone who has none (R7). Defence
    /// email domains are left out: they would tell a stranger which firm acts for whom.
    pub fn describe_paths(&self) -> Vec<String> {
        self.facts.groups.iter().map(|g| format!("{}: {}", g.describe(), g.role.name)).collect()
    }
}

pub(crate) async fn load_case(conn: &mut AnyConnection, id: CaseId) -> Result<LoadedCase> {
    let roles = crate::roles::all(conn).await?;
    load_case_with_roles(conn, id, roles).await
}

/// As `load_case`, with the roles already read (e.g. once for a whole case list).
pub(crate) async fn load_case_with_roles(conn: &mut AnyConnection, id: CaseId, roles: Vec<Role>) -> Result<LoadedCase> {
    let sql = format!("{CASE_SELECT} WHERE c.id = $1");
    let row: CaseRow = sqlx::query_as(&sql)
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("There is no case with id {id}.")))?;
    let defendants: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM defendants WHERE case_id = $1 ORDER BY position, id")
        .bind(id.0)
        .fetch_all(&mut *conn)
        .await?;
    let administrators: Vec<i64> = sqlx::query_scalar("SELECT user_id FROM case_administrators WHERE case_id = $1")
        .bind(id.0)
        .fetch_all(&mut *conn)
        .await?;
    let by_key: BTreeMap<&str, &Role> = roles.iter().map(|r| (r.key.as_str(), r)).collect();
    let grant_rows: Vec<(i64, i64, String, Option<i64>, i64, Option<String>, i64)> = sqlx::query_as(
        "SELECT g.id, g.user_id, r.key, g.expires_at, g.retained, gb.name, g.version \
         FROM case_grants g JOIN roles r ON r.id = g.role_id LEFT JOIN users gb ON gb.id = g.granted_by \
         WHERE g.case_id = $1 ORDER BY g.id",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await?;
    let scoped: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT gd.grant_id, gd.defendant_id FROM case_grant_defendants gd JOIN case_grants g ON g.id = gd.grant_id WHERE g.case_id = $1",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await?;

    let group_rows: Vec<(i64, String, Option<String>, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT g.id, ur.name, g.location, r.key, ab.name, g.added_at \
         FROM case_groups g JOIN usual_roles ur ON ur.id = g.usual_role_id JOIN roles r ON r.id = g.role_id \
         LEFT JOIN users ab ON ab.id = g.added_by WHERE g.case_id = $1 ORDER BY g.id",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await?;
    let domain_rows: Vec<(i64, String, Option<String>, Option<String>, i64)> = sqlx::query_as(
        "SELECT d.id, d.domain, d.location, ab.name, d.added_at FROM case_domains d LEFT JOIN users ab ON ab.id = d.added_by \
         WHERE d.case_id = $1 ORDER BY d.id",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await?;
    let domain_defendants: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT dd.domain_grant_id, dd.defendant_id FROM case_domain_defendants dd JOIN case_domains d ON d.id = dd.domain_grant_id \
         WHERE d.case_id = $1",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await?;

    let mut facts = CaseFacts::owned_by(UserId(row.owner_id));
    let mut groups = Vec::new();
    for (group_id, usual_role, location, role_key, added_by, added_at) in group_rows {
        let Some(role) = by_key.get(role_key.as_str()).map(|r| (*r).clone()) else { continue };
        facts.groups.push(GroupGrant { usual_role, location, role });
        groups.push(GrantMeta { id: group_id, added_by, added_at: Timestamp(added_at) });
    }
    let mut domains = Vec::new();
    for (domain_id, domain, location, added_by, added_at) in domain_rows {
        let defendants = domain_defendants.iter().filter(|(d, _)| *d == domain_id).map(|(_, def)| DefendantId(*def)).collect();
        facts.domains.push(DomainGrant { domain, defendants, location });
        domains.push(GrantMeta { id: domain_id, added_by, added_at: Timestamp(added_at) });
    }
    facts.office = row.office_id.map(OfficeId);
    facts.administrators = administrators.into_iter().map(UserId).collect();
    let mut grant_versions = BTreeMap::new();
    for (grant_id, user, role_key, expires_at, retained, granted_by, version) in grant_rows {
        let Some(role) = by_key.get(role_key.as_str()).map(|r| (*r).clone()) else { continue };
        let scope = if role.defendant_scoped {
            DefendantScope::Only(scoped.iter().filter(|(g, _)| *g == grant_id).map(|(_, d)| DefendantId(*d)).collect())
        } else {
            DefendantScope::All
        };
        grant_versions.insert(UserId(user), (grant_id, version));
        facts.grants.push(IndividualGrant {
            user: UserId(user),
            role,
            scope,
            expires_at: expires_at.map(Timestamp),
            retained: retained != 0,
            granted_by,
        });
    }
    Ok(LoadedCase {
        row,
        facts,
        defendants: defendants.into_iter().map(|(id, name)| Defendant { id: DefendantId(id), name }).collect(),
        grant_versions,
        roles,
        groups,
        domains,
    })
}
