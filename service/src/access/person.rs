//! What concerns one person, across cases: their own grants (with the defendants they cover), the
//! group grants of their usual role, the domain grants of their email domain, the cases they
//! administer, and their lines in each case's policy. `evaluate` needs nothing else to decide
//! that person's access, so a decision on a case of 10,000 grants reads the same few rows as one
//! on a case of ten. On one case they are read with the case's own row (`load_on_case`).
use super::facts::CaseRow;
use super::people::{LIVE_SESSION, USER_COLUMNS, USER_SELECT, UserRow};
use super::policies::lines_of;
use super::reader_rows::{Kept, ReaderRows};
use crate::db::{Backend, Versioned, flag};
use crate::error::{Result, ServiceError};
use domain::access::policy::UserOverride;
use domain::access::roles::Role;
use domain::access::{CaseFacts, DefendantScope, DomainGrant, GroupGrant, IndividualGrant, Subject};
use domain::accounts::Actor;
use domain::cases::Defendant;
use domain::policy::Defaults;
use domain::{CaseId, DefendantId, OfficeId, Timestamp, UserId};
use sqlx::any::AnyArguments;
use sqlx::{AnyConnection, Arguments, FromRow};
use std::collections::{BTreeMap, BTreeSet};

/// One person's grants of every path, by case.
#[derive(Default)]
pub(crate) struct PersonFacts {
    grants: BTreeMap<CaseId, IndividualGrant>,
    /// With when each was added (R4 decides on it).
    groups: BTreeMap<CaseId, Vec<(GroupGrant, Timestamp)>>,
    domains: BTreeMap<CaseId, Vec<DomainGrant>>,
    administers: BTreeSet<CaseId>,
    /// Their lines in each case's permission policy.
    overrides: BTreeMap<CaseId, Vec<UserOverride>>,
    /// On one case: its defendants, in the order they were entered.
    pub defendants: Vec<Defendant>,
    /// On one case: when the person last opened it (R4).
    pub last_opened: Option<Timestamp>,
}

impl PersonFacts {
    /// The facts of one case as far as they concern this person: enough for `evaluate`.
    /// `defaults` are the case's policy defaults, read with its row.
    pub fn facts_for(
        &self,
        case: CaseId,
        owner: UserId,
        office: Option<OfficeId>,
        defaults: Defaults,
        person: UserId,
    ) -> CaseFacts {
        let mut facts = CaseFacts::owned_by(owner);
        facts.office = office;
        facts.policy = defaults.with(self.overrides.get(&case).cloned().unwrap_or_default());
        if self.administers.contains(&case) {
            facts.administrators.insert(person);
        }
        facts.grants.extend(self.grants.get(&case).cloned());
        facts.groups = self.groups.get(&case).map(|gs| gs.iter().map(|(g, _)| g.clone()).collect()).unwrap_or_default();
        facts.domains = self.domains.get(&case).cloned().unwrap_or_default();
        facts
    }

    /// When each group of the case that reaches `subject` was added.
    pub fn reaching_since(&self, case: CaseId, subject: &Subject) -> Vec<Timestamp> {
        self.groups
            .get(&case)
            .map(|gs| gs.iter().filter(|(g, _)| g.matches(subject)).map(|(_, at)| *at).collect())
            .unwrap_or_default()
    }
}

/// One row of `load`'s statement: which kind of row it is, the case, then columns whose meaning
/// depends on the kind (see `SELECTS`).
pub(super) type Row = (i64, i64, Option<i64>, Option<i64>, Option<i64>, Option<String>, Option<String>, Option<String>);

const GRANT: i64 = 1;
const GRANT_DEFENDANT: i64 = 2;
const GROUP: i64 = 3;
const DOMAIN: i64 = 4;
const DOMAIN_DEFENDANT: i64 = 5;
const ADMINISTERS: i64 = 6;
const DEFENDANT: i64 = 7;
const OPENED: i64 = 8;
const OVERRIDE: i64 = 9;

/// The parts of `load`'s statement: (kind, SQL, the column its case is in). `$1` is the person,
/// `$2` their email domain. Every part has the same eight columns; the NULLs are typed for
/// PostgreSQL.
const SELECTS: [(i64, &str, &str); 7] = [
    (
        GRANT,
        "SELECT g.case_id, g.id, g.expires_at, g.retained, r.key, CAST(NULL AS TEXT), CAST(NULL AS TEXT) \
         FROM case_grants g JOIN roles r ON r.id = g.role_id WHERE g.user_id = $1",
        "g.case_id",
    ),
    (
        GRANT_DEFENDANT,
        "SELECT g.case_id, gd.grant_id, gd.defendant_id, CAST(NULL AS BIGINT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), \
         CAST(NULL AS TEXT) FROM case_grant_defendants gd JOIN case_grants g ON g.id = gd.grant_id WHERE g.user_id = $1",
        "g.case_id",
    ),
    (
        GROUP,
        "SELECT g.case_id, g.id, g.added_at, CAST(NULL AS BIGINT), r.key, ur.name, g.location \
         FROM case_groups g JOIN usual_roles ur ON ur.id = g.usual_role_id JOIN roles r ON r.id = g.role_id \
         JOIN users me ON me.usual_role_id = g.usual_role_id WHERE me.id = $1",
        "g.case_id",
    ),
    (
        DOMAIN,
        "SELECT d.case_id, d.id, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), d.location \
         FROM case_domains d WHERE d.domain = $2",
        "d.case_id",
    ),
    (
        DOMAIN_DEFENDANT,
        "SELECT d.case_id, dd.domain_grant_id, dd.defendant_id, CAST(NULL AS BIGINT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), \
         CAST(NULL AS TEXT) FROM case_domain_defendants dd JOIN case_domains d ON d.id = dd.domain_grant_id WHERE d.domain = $2",
        "d.case_id",
    ),
    (
        ADMINISTERS,
        "SELECT a.case_id, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS TEXT), \
         CAST(NULL AS TEXT), CAST(NULL AS TEXT) FROM case_administrators a WHERE a.user_id = $1",
        "a.case_id",
    ),
    (
        OVERRIDE,
        "SELECT o.case_id, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), o.category, o.setting, \
         CAST(NULL AS TEXT) FROM case_policy_overrides o WHERE o.user_id = $1",
        "o.case_id",
    ),
];

/// On one case (`$3`), what every reader of it needs besides: its defendants, and when the person
/// last opened it (R4).
const ONE_CASE_SELECTS: [(i64, &str); 2] = [
    (
        DEFENDANT,
        "SELECT f.case_id, f.id, f.position, CAST(NULL AS BIGINT), f.name, CAST(NULL AS TEXT), CAST(NULL AS TEXT) \
         FROM defendants f WHERE f.case_id = $3",
    ),
    (
        OPENED,
        "SELECT o.case_id, o.last_opened_at, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS TEXT), \
         CAST(NULL AS TEXT), CAST(NULL AS TEXT) FROM case_openings o WHERE o.case_id = $3 AND o.user_id = $1",
    ),
];

/// The parts of `load`'s statement, on every case or on one.
fn parts(one_case: bool) -> Vec<String> {
    // Each part's first column says which kind of row it is.
    let tagged = |kind: i64, sql: &str| sql.replacen("SELECT ", &format!("SELECT CAST({kind} AS BIGINT) AS kind, "), 1);
    let mut parts: Vec<String> = SELECTS
        .iter()
        .map(|(kind, sql, case_column)| {
            let sql = tagged(*kind, sql);
            if one_case { format!("{sql} AND {case_column} = $3") } else { sql }
        })
        .collect();
    if one_case {
        parts.extend(ONE_CASE_SELECTS.iter().map(|(kind, sql)| tagged(*kind, sql)));
    }
    parts
}

/// The tables the person's rows on one case are read from (the word after each FROM and JOIN),
/// for the test that a change to any of them is seen by `ReaderRows`.
#[cfg(test)]
pub(super) fn tables_read_on_one_case() -> BTreeSet<String> {
    let words = |sql: &str| sql.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    parts(true)
        .iter()
        .flat_map(|sql| {
            words(sql).windows(2).filter(|w| w[0] == "FROM" || w[0] == "JOIN").map(|w| w[1].clone()).collect::<Vec<_>>()
        })
        .collect()
}

/// Every case's rows. Groups and domains by id: the order the full load reads them in, so that
/// the explanation lists them the same way wherever it is shown.
static ALL_CASES: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| parts(false).join(" UNION ALL ") + " ORDER BY 1, 3");

/// Which of `one_case_statement`'s forms.
#[derive(Clone, Copy)]
enum OneCase {
    /// The person is `$1`, their email domain `$2`.
    ByPerson,
    /// The person is whoever the session whose token hash is `$1` belongs to, if it has not
    /// expired by `$2` (CTE `reader`, and their user row in the columns `reader_…`: `UserRow::beside`).
    /// Without a live session there is no row, as without the case.
    BySession,
    /// `BySession` without the person's rows: for a reader whose rows are kept (`ReaderRows`).
    SessionOnly,
}

/// One case (`$3`) with the person's rows on it beside it, in one statement and one row: the
/// rows as a JSON array in the column `person`. Each statement and each row is a hand-off to
/// SQLite's connection thread and back (sqlx), which is most of what opening a case costs; this
/// way it is one. The two backends name their JSON functions differently; the array is the same.
fn one_case_statement(backend: Backend, form: OneCase) -> String {
    let array = |columns: &str| match backend {
        Backend::Sqlite => format!("json_array({columns})"),
        Backend::Postgres => format!("json_build_array({columns})"),
    };
    let aggregate = match backend {
        Backend::Sqlite => format!("json_group_array({})", array("kind, case_id, a, b, c, s1, s2, s3")),
        Backend::Postgres => format!("CAST(json_agg({}) AS TEXT)", array("kind, case_id, a, b, c, s1, s2, s3")),
    };
    let mut rows = parts(true).join(" UNION ALL ");
    if !matches!(form, OneCase::ByPerson) {
        rows = rows.replace("$1", "(SELECT id FROM reader)").replace("$2", "(SELECT email_domain FROM reader)");
    }
    let person = match form {
        OneCase::SessionOnly => String::new(),
        _ => format!("(WITH p (kind, case_id, a, b, c, s1, s2, s3) AS ({rows}) SELECT {aggregate} FROM p) AS person, "),
    };
    let case = super::facts::CASE_WITH_ROLES_VERSION.replacen(" c.id, ", &format!(" {person}c.id, "), 1);
    if matches!(form, OneCase::ByPerson) {
        return case.replace("c.id = $1", "c.id = $3");
    }
    let reader = USER_SELECT.replacen(" FROM users u", ", u.email_domain FROM users u", 1) + LIVE_SESSION;
    // Plain columns, not a JSON array that the database builds and the server parses again. On
    // its own the array was about a sixth of the statement on PostgreSQL (pgbench, scale world);
    // through HTTP the difference was within the noise of two wrk runs.
    let user = USER_COLUMNS.map(|c| format!("reader.{c} AS reader_{c}")).join(", ");
    format!("WITH reader AS ({reader}) ")
        + &case
            .replacen("SELECT ", &format!("SELECT {user}, "), 1)
            .replace(" WHERE c.id = $1", " CROSS JOIN reader WHERE c.id = $3")
}

/// `one_case_statement`'s forms on each backend, built once: SQLite's, then PostgreSQL's, each
/// in the order of `OneCase`'s variants (`one_case_sql` indexes them by `form as usize`).
static ONE_CASE: std::sync::LazyLock<[[String; 3]; 2]> = std::sync::LazyLock::new(|| {
    [Backend::Sqlite, Backend::Postgres].map(|backend| {
        [OneCase::ByPerson, OneCase::BySession, OneCase::SessionOnly].map(|form| one_case_statement(backend, form))
    })
});

fn one_case_sql(conn: &AnyConnection, form: OneCase) -> &'static str {
    let postgres = conn.backend_name() == "PostgreSQL";
    &ONE_CASE[usize::from(postgres)][form as usize]
}

/// Loads what concerns `actor` on every case, in one statement whatever the number of cases:
/// their grants (with the defendants they cover), their usual role's groups, their email
/// domain's grants and the cases they administer (the case list).
pub(crate) async fn load(conn: &mut AnyConnection, actor: &Actor, roles: &[Role]) -> Result<PersonFacts> {
    let domain = actor.subject().email_domain;
    let rows: Vec<Row> =
        sqlx::query_as_with(&ALL_CASES, arguments(actor.id.0, domain, None)?).fetch_all(&mut *conn).await?;
    assemble(rows, actor, roles)
}

/// One case's row and what concerns `actor` on it, in one statement: the rows `load` reads,
/// restricted to the case, and the case's defendants and when the actor last opened it, which
/// every reader of a case needs. The roles come from `role_table` at the version read with the case.
pub(crate) async fn load_on_case(
    conn: &mut AnyConnection,
    role_table: &Versioned<Vec<Role>>,
    actor: &Actor,
    case: CaseId,
) -> Result<(CaseRow, PersonFacts)> {
    let (row, rows) = rows_on_case(conn, actor, case).await?.ok_or_else(|| super::facts::no_case(case))?;
    on_case(conn, role_table, row, rows, actor).await
}

/// The case's row and the person's rows on it (`OneCase::ByPerson`), unsorted; None without the case.
async fn rows_on_case(conn: &mut AnyConnection, actor: &Actor, case: CaseId) -> Result<Option<(CaseRow, Vec<Row>)>> {
    let domain = actor.subject().email_domain;
    let row: Option<CaseRow> =
        sqlx::query_as_with(one_case_sql(conn, OneCase::ByPerson), arguments(actor.id.0, domain, Some(case))?)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(mut row) = row else { return Ok(None) };
    let rows = rows_of(&mut row)?;
    Ok(Some((row, rows)))
}

/// `load_on_case` for whoever a session belongs to (`token_hash`, live at `now`), read in the same
/// statement, so that opening a case costs one statement, session included (R8 still holds: the
/// session is read on every request). None when there is no such session or no such case.
///
/// The reader's rows are kept in `kept` and used again on their next read of the case while its
/// access version and the role table's are what they were read at (`ReaderRows`). Then the
/// statement reads the session, the reader and the case only; on a change, their rows are read
/// again in a second statement.
pub(crate) async fn load_on_case_by_session(
    conn: &mut AnyConnection,
    role_table: &Versioned<Vec<Role>>,
    kept: &ReaderRows,
    token_hash: &str,
    now: Timestamp,
    case: CaseId,
) -> Result<Option<(Actor, CaseRow, PersonFacts)>> {
    let known = kept.get(token_hash, case);
    let form = if known.is_some() { OneCase::SessionOnly } else { OneCase::BySession };
    let row = sqlx::query(one_case_sql(conn, form))
        .bind(token_hash)
        .bind(now.0)
        .bind(case.0)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else {
        kept.forget(token_hash, case);
        return Ok(None);
    };
    let actor = Actor::from(UserRow::beside(&row)?);
    let mut row = CaseRow::from_row(&row)?;
    let (row, rows) = match known {
        Some(known) if known.holds_for(&actor, row.access_version, row.roles_version) => (row, known.rows.clone()),
        stale => {
            let (row, rows) = if stale.is_some() {
                // Something changed since: the rows again, with the case's row and versions they go with.
                let Some(read) = rows_on_case(conn, &actor, case).await? else { return Ok(None) };
                read
            } else {
                let rows = rows_of(&mut row)?;
                (row, rows)
            };
            kept.put(token_hash, case, Kept::new(&actor, row.access_version, row.roles_version, rows.clone()));
            (row, rows)
        }
    };
    let (row, person) = on_case(conn, role_table, row, rows, &actor).await?;
    Ok(Some((actor, row, person)))
}

/// The person's rows from the JSON array a case's row carries (`one_case_statement`).
fn rows_of(row: &mut CaseRow) -> Result<Vec<Row>> {
    match row.person.take() {
        // PostgreSQL's aggregate of no rows is NULL, SQLite's `[]`.
        None => Ok(Vec::new()),
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| ServiceError::Internal(format!("reading a person's rows on a case: {e}"))),
    }
}

/// The person's facts on a case from their rows on it.
async fn on_case(
    conn: &mut AnyConnection,
    role_table: &Versioned<Vec<Role>>,
    row: CaseRow,
    mut rows: Vec<Row>,
    actor: &Actor,
) -> Result<(CaseRow, PersonFacts)> {
    // In the order `ALL_CASES` reads them (its ORDER BY 1, 3).
    rows.sort_by_key(|(kind, _, a, ..)| (*kind, *a));
    let roles = super::facts::roles_at(conn, role_table, row.roles_version).await?;
    Ok((row, assemble(rows, actor, &roles)?))
}

/// A person's facts from the rows of `load` or `load_on_case`.
fn assemble(rows: Vec<Row>, actor: &Actor, roles: &[Role]) -> Result<PersonFacts> {
    let by_key: BTreeMap<&str, &Role> = roles.iter().map(|r| (r.key.as_str(), r)).collect();
    let role = |key: &Option<String>| key.as_deref().and_then(|k| by_key.get(k)).map(|r| (*r).clone());
    let domain = actor.subject().email_domain;
    let mut person = PersonFacts::default();
    let mut grant_rows = Vec::new();
    let mut scopes: BTreeMap<i64, BTreeSet<DefendantId>> = BTreeMap::new();
    let mut domain_rows = Vec::new();
    let mut covered: BTreeMap<i64, BTreeSet<DefendantId>> = BTreeMap::new();
    let mut defendants = Vec::new();
    for (kind, case_id, a, b, c, s1, s2, s3) in rows {
        let case_id = CaseId(case_id);
        match kind {
            GRANT => grant_rows.push((case_id, a.unwrap_or_default(), b, c.unwrap_or_default(), s1)),
            GRANT_DEFENDANT => {
                scopes.entry(a.unwrap_or_default()).or_default().insert(DefendantId(b.unwrap_or_default()));
            }
            GROUP => {
                let Some(role) = role(&s1) else { continue };
                let group = GroupGrant { usual_role: s2.unwrap_or_default(), location: s3, role };
                person.groups.entry(case_id).or_default().push((group, Timestamp(b.unwrap_or_default())));
            }
            DOMAIN => domain_rows.push((case_id, a.unwrap_or_default(), s3)),
            DOMAIN_DEFENDANT => {
                covered.entry(a.unwrap_or_default()).or_default().insert(DefendantId(b.unwrap_or_default()));
            }
            ADMINISTERS => {
                person.administers.insert(case_id);
            }
            DEFENDANT => defendants.push((b.unwrap_or_default(), a.unwrap_or_default(), s1.unwrap_or_default())),
            OPENED => person.last_opened = a.map(Timestamp),
            OVERRIDE => {
                let line = lines_of(vec![(actor.id.0, s1.unwrap_or_default(), s2.unwrap_or_default())]);
                person.overrides.entry(case_id).or_default().extend(line);
            }
            _ => return Err(ServiceError::Internal(format!("an unknown kind of row: {kind}"))),
        }
    }
    for (case_id, grant_id, expires_at, retained, role_key) in grant_rows {
        let Some(role) = role(&role_key) else { continue };
        let scope = if role.defendant_scoped {
            DefendantScope::Only(scopes.remove(&grant_id).unwrap_or_default())
        } else {
            DefendantScope::All
        };
        let grant = IndividualGrant {
            user: actor.id,
            role,
            scope,
            expires_at: expires_at.map(Timestamp),
            retained: flag(retained),
            granted_by: None,
        };
        person.grants.insert(case_id, grant);
    }
    for (case_id, grant_id, location) in domain_rows {
        let defendants = covered.remove(&grant_id).unwrap_or_default();
        person.domains.entry(case_id).or_default().push(DomainGrant { domain: domain.clone(), defendants, location });
    }
    // In the order they were entered, as `facts::defendants_of` reads them.
    defendants.sort();
    person.defendants = defendants.into_iter().map(|(_, id, name)| Defendant { id: DefendantId(id), name }).collect();
    Ok(person)
}

/// The arguments of `load`'s statement: the person, their email domain, and the case when there is one.
fn arguments<'q>(person: i64, domain: String, case: Option<CaseId>) -> Result<AnyArguments<'q>> {
    let mut arguments = AnyArguments::default();
    let bound = arguments.add(person).and_then(|()| arguments.add(domain)).and_then(|()| match case {
        Some(c) => arguments.add(c.0),
        None => Ok(()),
    });
    bound.map_err(|e| ServiceError::Internal(format!("binding a query argument: {e}")))?;
    Ok(arguments)
}
