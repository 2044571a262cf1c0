//! Loads what `domain::access::evaluate` decides on, for one case, inside the caller's transaction:
//! the case, its grants, groups and domains, and the roles they name. Every decision reads the
//! database afresh (R8); only the role table is kept in memory, and only while the version the
//! database holds for it is the one the request has just read (`roles_at`).
use crate::db::flag;
use crate::error::{Result, ServiceError};
use domain::access::roles::{Role, built_in_roles};
use domain::access::{Access, CaseFacts, DefendantScope, DomainGrant, GroupGrant, IndividualGrant, evaluate};
use domain::accounts::Actor;
use domain::cases::{CaseStatus, Defendant};
use domain::directory::{Community, PersonRef};
use domain::domains::{DomainGrantView, visible_to};
use domain::policy::Defaults;
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
    pub policy_manage_permissions: String,
    pub policy_edit_settings: String,
    pub policy_batch_update: String,
    /// Bumped by every policy save (`policies::write`), apart from the settings' `version`.
    pub policy_version: i64,
    /// The role table's version (`roles_at`), read with the case by `case_row` and
    /// `person::load_on_case` only.
    #[sqlx(default)]
    pub roles_version: i64,
    /// Bumped by triggers on every change to what a reader holds on the case (migration 0012),
    /// read with the role table's version (`CASE_WITH_ROLES_VERSION`): what
    /// `reader_rows::ReaderRows` keeps is good while it is unchanged.
    #[sqlx(default)]
    pub access_version: i64,
    /// The reader's rows on the case as a JSON array, read with the case by
    /// `person::load_on_case` only.
    #[sqlx(default)]
    pub person: Option<String>,
}

pub(crate) const CASE_SELECT: &str = "SELECT c.id, c.reference, c.title, c.description, c.status, c.target_date, c.created_at, \
     c.owner_id, u.name AS owner_name, u.email AS owner_email, c.office_id, f.name AS office_name, o.name AS organisation_name, c.version, \
     c.policy_manage_permissions, c.policy_edit_settings, c.policy_batch_update, c.policy_version \
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
    /// For a domain grant, the organisation that owns the domain, when one does.
    pub organisation: Option<String>,
}

impl CaseRow {
    pub fn owner(&self) -> PersonRef {
        PersonRef { id: UserId(self.owner_id), name: self.owner_name.clone(), email: self.owner_email.clone() }
    }

    /// The case's policy defaults (§6), as stored beside its settings.
    pub fn defaults(&self) -> Defaults {
        Defaults::from_stored(&self.policy_manage_permissions, &self.policy_edit_settings, &self.policy_batch_update)
    }

    pub fn status(&self) -> CaseStatus {
        CaseStatus::parse(&self.status).unwrap_or(CaseStatus::Open)
    }
}

impl LoadedCase {
    pub fn id(&self) -> CaseId {
        CaseId(self.row.id)
    }

    pub fn access_of(&self, user: &Actor, now: Timestamp) -> Access {
        evaluate(&user.subject(), &self.facts, now)
    }

    pub fn defendant_ids(&self) -> BTreeSet<DefendantId> {
        self.defendants.iter().map(|d| d.id).collect()
    }

    /// The version of a person's grant, for changes that must not overwrite a concurrent one.
    pub fn grant_version(&self, user: UserId) -> Option<i64> {
        self.grant_row(user).map(|(_, version)| version)
    }

    /// The id and version of a person's grant, as loaded.
    pub fn grant_row(&self, user: UserId) -> Option<(i64, i64)> {
        self.grant_versions.get(&user).copied()
    }

    /// The domain grants as `access`'s holder may see them: only those for a defendant in their
    /// scope, naming only those defendants.
    pub fn domain_views(&self, access: &Access) -> Vec<DomainGrantView> {
        self.facts
            .domains
            .iter()
            .zip(&self.domains)
            .filter(|(grant, _)| visible_to(grant, &access.scope))
            .map(|(grant, meta)| DomainGrantView {
                id: meta.id,
                domain: grant.domain.clone(),
                organisation: meta.organisation.clone(),
                defendants: self
                    .defendants
                    .iter()
                    .filter(|d| grant.defendants.contains(&d.id) && access.scope.includes(d.id))
                    .cloned()
                    .collect(),
                location: grant.location.clone(),
                added_by: meta.added_by.clone(),
                added_at: meta.added_at,
            })
            .collect()
    }

    /// The groups with access and the role each gives, for someone who has none (R7). Defence
    /// email domains are left out: they would tell a stranger which firm acts for whom.
    pub fn groups_with_access(&self) -> Vec<String> {
        self.facts.groups.iter().map(|g| format!("{}: {}", g.describe(), g.role.name)).collect()
    }
}

/// `CASE_SELECT` with the role table's version beside the case, for `roles_at`.
pub(super) static CASE_WITH_ROLES_VERSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    CASE_SELECT.replacen(
        "SELECT ",
        "SELECT (SELECT version FROM table_versions WHERE name = 'roles') AS roles_version, c.access_version, ",
        1,
    ) + " WHERE c.id = $1"
});

/// A case's row, with the role table's version, or 404.
pub(crate) async fn case_row(conn: &mut AnyConnection, id: CaseId) -> Result<CaseRow> {
    sqlx::query_as(&CASE_WITH_ROLES_VERSION).bind(id.0).fetch_optional(&mut *conn).await?.ok_or_else(|| no_case(id))
}

/// The refusal for a case id that names no case, wherever a case's row is read.
pub(super) fn no_case(id: CaseId) -> ServiceError {
    ServiceError::NotFound(format!("There is no case with id {id}."))
}

/// A case's defendants, in the order they were entered.
pub(crate) async fn defendants_of(conn: &mut AnyConnection, id: CaseId) -> Result<Vec<Defendant>> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM defendants WHERE case_id = $1 ORDER BY position, id")
            .bind(id.0)
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows.into_iter().map(|(id, name)| Defendant { id: DefendantId(id), name }).collect())
}

/// A case with every grant of every path: for the views that list them and the changes that
/// need them. A decision about one person needs only `person::load`.
pub(crate) async fn load_case(conn: &mut AnyConnection, id: CaseId) -> Result<LoadedCase> {
    let roles = all_roles(conn).await?;
    let row = case_row(conn, id).await?;
    let defendants = defendants_of(conn, id).await?;
    let administrators = super::policies::administrators(conn, id).await?;
    let overrides = super::policies::read_overrides(conn, super::policies::Holder::Case(id)).await?;
    let by_key: BTreeMap<&str, &Role> = roles.iter().map(|r| (r.key.as_str(), r)).collect();
    let grant_rows: Vec<GrantRow> = sqlx::query_as(
        "SELECT g.id, g.user_id, r.key AS role_key, g.expires_at, g.retained, gb.name AS granted_by, g.version \
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

    let group_rows: Vec<GroupRow> = sqlx::query_as(
        "SELECT g.id, ur.name AS usual_role, g.location, r.key AS role_key, ab.name AS added_by, g.added_at \
         FROM case_groups g JOIN usual_roles ur ON ur.id = g.usual_role_id JOIN roles r ON r.id = g.role_id \
         LEFT JOIN users ab ON ab.id = g.added_by WHERE g.case_id = $1 ORDER BY g.id",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await?;
    let domain_rows: Vec<DomainRow> = sqlx::query_as(
        "SELECT d.id, d.domain, d.location, ab.name AS added_by, d.added_at, o.name AS organisation \
         FROM case_domains d LEFT JOIN users ab ON ab.id = d.added_by \
         LEFT JOIN organisation_domains od ON od.domain = d.domain LEFT JOIN organisations o ON o.id = od.organisation_id \
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
    for g in group_rows {
        let Some(role) = by_key.get(g.role_key.as_str()).map(|r| (*r).clone()) else { continue };
        facts.groups.push(GroupGrant { usual_role: g.usual_role, location: g.location, role });
        groups.push(GrantMeta { id: g.id, added_by: g.added_by, added_at: Timestamp(g.added_at), organisation: None });
    }
    let mut domains = Vec::new();
    for d in domain_rows {
        let defendants =
            domain_defendants.iter().filter(|(g, _)| *g == d.id).map(|(_, def)| DefendantId(*def)).collect();
        facts.domains.push(DomainGrant { domain: d.domain, defendants, location: d.location });
        domains.push(GrantMeta {
            id: d.id,
            added_by: d.added_by,
            added_at: Timestamp(d.added_at),
            organisation: d.organisation,
        });
    }
    facts.office = row.office_id.map(OfficeId);
    facts.administrators = administrators.into_iter().collect();
    facts.policy = row.defaults().with(overrides);
    let mut grant_versions = BTreeMap::new();
    for g in grant_rows {
        let Some(role) = by_key.get(g.role_key.as_str()).map(|r| (*r).clone()) else { continue };
        let scope = if role.defendant_scoped {
            DefendantScope::Only(
                scoped.iter().filter(|(grant, _)| *grant == g.id).map(|(_, d)| DefendantId(*d)).collect(),
            )
        } else {
            DefendantScope::All
        };
        grant_versions.insert(UserId(g.user_id), (g.id, g.version));
        facts.grants.push(IndividualGrant {
            user: UserId(g.user_id),
            role,
            scope,
            expires_at: g.expires_at.map(Timestamp),
            retained: flag(g.retained),
            granted_by: g.granted_by,
        });
    }
    Ok(LoadedCase { row, facts, defendants, grant_versions, roles, groups, domains })
}

#[derive(sqlx::FromRow)]
struct GrantRow {
    id: i64,
    user_id: i64,
    role_key: String,
    expires_at: Option<i64>,
    retained: i64,
    granted_by: Option<String>,
    version: i64,
}

#[derive(sqlx::FromRow)]
struct GroupRow {
    id: i64,
    usual_role: String,
    location: Option<String>,
    role_key: String,
    added_by: Option<String>,
    added_at: i64,
}

#[derive(sqlx::FromRow)]
struct DomainRow {
    id: i64,
    domain: String,
    location: Option<String>,
    added_by: Option<String>,
    added_at: i64,
    organisation: Option<String>,
}

#[derive(sqlx::FromRow)]
struct RoleRow {
    id: i64,
    key: String,
    name: String,
    community: Option<String>,
    defendant_scoped: i64,
    built_in: i64,
}

/// Every role, built-in ones first in their defined order, then custom ones by name.
pub(crate) async fn all_roles(conn: &mut AnyConnection) -> Result<Vec<Role>> {
    Ok(roles_with_ids(conn).await?.into_iter().map(|(_, r)| r).collect())
}

/// Every role, from memory while the table's version is `version` (which the caller read in a
/// statement it made anyway), else read afresh and kept.
pub(crate) async fn roles_at(
    conn: &mut AnyConnection,
    kept: &crate::db::Versioned<Vec<Role>>,
    version: i64,
) -> Result<std::sync::Arc<Vec<Role>>> {
    if let Some(roles) = kept.get(version) {
        return Ok(roles);
    }
    // The version first, then the table: what is kept is never older than the version it is kept
    // under, so a change made in between only causes one more read.
    let current: i64 =
        sqlx::query_scalar("SELECT version FROM table_versions WHERE name = 'roles'").fetch_one(&mut *conn).await?;
    let roles = std::sync::Arc::new(all_roles(conn).await?);
    kept.put(current, roles.clone());
    Ok(roles)
}

/// A role and its id, by key.
pub(crate) async fn role_by_key(conn: &mut AnyConnection, key: &str) -> Result<Option<(i64, Role)>> {
    Ok(roles_with_ids(conn).await?.into_iter().find(|(_, r)| r.key == key))
}

async fn roles_with_ids(conn: &mut AnyConnection) -> Result<Vec<(i64, Role)>> {
    let rows: Vec<RoleRow> =
        sqlx::query_as("SELECT id, key, name, community, defendant_scoped, built_in FROM roles ORDER BY id")
            .fetch_all(&mut *conn)
            .await?;
    let caps: Vec<(i64, String)> =
        sqlx::query_as("SELECT role_id, capability FROM role_capabilities").fetch_all(&mut *conn).await?;
    let mut by_role: BTreeMap<i64, BTreeSet<domain::access::Capability>> = BTreeMap::new();
    for (role, cap) in caps {
        if let Some(c) = domain::access::Capability::parse(&cap) {
            by_role.entry(role).or_default().insert(c);
        }
    }
    let order: Vec<String> = built_in_roles().into_iter().map(|r| r.key).collect();
    let mut roles: Vec<(i64, Role)> = rows
        .into_iter()
        .map(|row| {
            let role = Role {
                capabilities: by_role.remove(&row.id).unwrap_or_default(),
                key: row.key,
                name: row.name,
                community: row.community.as_deref().and_then(Community::parse),
                defendant_scoped: flag(row.defendant_scoped),
                built_in: flag(row.built_in),
            };
            (row.id, role)
        })
        .collect();
    roles.sort_by_key(|(_, r)| (order.iter().position(|k| *k == r.key).unwrap_or(usize::MAX), r.name.to_lowercase()));
    Ok(roles)
}
