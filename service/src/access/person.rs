//! What concerns one person, across cases: their own grants (with the defendants they cover), the
//! group grants of their usual role, the domain grants of their email domain, and the cases they
//! administer. `evaluate` needs nothing else to decide that person's access, so a decision on a
//! case of 10,000 grants reads the same few rows as one on a case of ten.
use crate::db::flag;
use crate::error::{Result, ServiceError};
use domain::access::roles::Role;
use domain::access::{CaseFacts, DefendantScope, DomainGrant, GroupGrant, IndividualGrant, Subject};
use domain::accounts::Actor;
use domain::{CaseId, DefendantId, OfficeId, Timestamp, UserId};
use sqlx::any::AnyArguments;
use sqlx::{Any, AnyConnection, Arguments};
use std::collections::{BTreeMap, BTreeSet};

/// One person's grants of every path, by case.
#[derive(Default)]
pub(crate) struct PersonFacts {
    grants: BTreeMap<CaseId, IndividualGrant>,
    /// With when each was added (R4 decides on it).
    groups: BTreeMap<CaseId, Vec<(GroupGrant, Timestamp)>>,
    domains: BTreeMap<CaseId, Vec<DomainGrant>>,
    administers: BTreeSet<CaseId>,
}

impl PersonFacts {
    /// The facts of one case as far as they concern this person: enough for `evaluate`.
    pub fn facts_for(&self, case: CaseId, owner: UserId, office: Option<OfficeId>, person: UserId) -> CaseFacts {
        let mut facts = CaseFacts::owned_by(owner);
        facts.office = office;
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

/// Loads what concerns `actor`, on one case or on all of them, in a fixed number of queries. Groups
/// and domains come in the order the full load reads them (by id), so that the explanation lists
/// them the same way wherever it is shown.
pub(crate) async fn load(
    conn: &mut AnyConnection,
    actor: &Actor,
    roles: &[Role],
    case: Option<CaseId>,
) -> Result<PersonFacts> {
    let by_key: BTreeMap<&str, &Role> = roles.iter().map(|r| (r.key.as_str(), r)).collect();
    // On one case, every query below also filters on it (bound as $2).
    let only = |column: &str| if case.is_some() { format!(" AND {column} = $2") } else { String::new() };
    let domain = actor.subject().email_domain;
    let mut person = PersonFacts::default();

    let grants: Vec<(i64, i64, String, Option<i64>, i64)> = sqlx::query_as_with(&format!(
        "SELECT g.case_id, g.id, r.key, g.expires_at, g.retained FROM case_grants g JOIN roles r ON r.id = g.role_id \
         WHERE g.user_id = $1{}",
        only("g.case_id")
    ),
        arguments(actor.id.0, case)?,
    )
    .fetch_all(&mut *conn)
    .await?;
    let scoped: Vec<(i64, i64)> = sqlx::query_as_with(&format!(
        "SELECT gd.grant_id, gd.defendant_id FROM case_grant_defendants gd JOIN case_grants g ON g.id = gd.grant_id \
         WHERE g.user_id = $1{}",
        only("g.case_id")
    ),
        arguments(actor.id.0, case)?,
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut scopes: BTreeMap<i64, BTreeSet<DefendantId>> = BTreeMap::new();
    for (grant, defendant) in scoped {
        scopes.entry(grant).or_default().insert(DefendantId(defendant));
    }
    for (case_id, grant_id, role_key, expires_at, retained) in grants {
        let Some(role) = by_key.get(role_key.as_str()).map(|r| (*r).clone()) else { continue };
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
        person.grants.insert(CaseId(case_id), grant);
    }

    let groups: Vec<(i64, String, Option<String>, String, i64)> = sqlx::query_as_with(&format!(
        "SELECT g.case_id, ur.name, g.location, r.key, g.added_at FROM case_groups g JOIN usual_roles ur ON ur.id = g.usual_role_id \
         JOIN roles r ON r.id = g.role_id JOIN users me ON me.usual_role_id = g.usual_role_id WHERE me.id = $1{} ORDER BY g.id",
        only("g.case_id")
    ),
        arguments(actor.id.0, case)?,
    )
    .fetch_all(&mut *conn)
    .await?;
    for (case_id, usual_role, location, role_key, added_at) in groups {
        let Some(role) = by_key.get(role_key.as_str()).map(|r| (*r).clone()) else { continue };
        person
            .groups
            .entry(CaseId(case_id))
            .or_default()
            .push((GroupGrant { usual_role, location, role }, Timestamp(added_at)));
    }

    let domains: Vec<(i64, i64, Option<String>)> = sqlx::query_as_with(
        &format!(
            "SELECT d.id, d.case_id, d.location FROM case_domains d WHERE d.domain = $1{} ORDER BY d.id",
            only("d.case_id")
        ),
        arguments(domain.clone(), case)?,
    )
    .fetch_all(&mut *conn)
    .await?;
    let covered: Vec<(i64, i64)> = sqlx::query_as_with(
        &format!(
            "SELECT dd.domain_grant_id, dd.defendant_id FROM case_domain_defendants dd \
         JOIN case_domains d ON d.id = dd.domain_grant_id WHERE d.domain = $1{}",
            only("d.case_id")
        ),
        arguments(domain.clone(), case)?,
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut by_grant: BTreeMap<i64, BTreeSet<DefendantId>> = BTreeMap::new();
    for (grant, defendant) in covered {
        by_grant.entry(grant).or_default().insert(DefendantId(defendant));
    }
    for (grant_id, case_id, location) in domains {
        let defendants = by_grant.remove(&grant_id).unwrap_or_default();
        person.domains.entry(CaseId(case_id)).or_default().push(DomainGrant {
            domain: domain.clone(),
            defendants,
            location,
        });
    }

    let administers: Vec<i64> = sqlx::query_scalar_with(
        &format!("SELECT case_id FROM case_administrators WHERE user_id = $1{}", only("case_id")),
        arguments(actor.id.0, case)?,
    )
    .fetch_all(&mut *conn)
    .await?;
    person.administers = administers.into_iter().map(CaseId).collect();
    Ok(person)
}

/// The arguments of one of `load`'s queries: its first value, then the case when there is one.
fn arguments<'q, T>(first: T, case: Option<CaseId>) -> Result<AnyArguments<'q>>
where
    T: 'q + Send + sqlx::Encode<'q, Any> + sqlx::Type<Any>,
{
    let mut arguments = AnyArguments::default();
    let bound = arguments.add(first).and_then(|()| match case {
        Some(c) => arguments.add(c.0),
        None => Ok(()),
    });
    bound.map_err(|e| ServiceError::Internal(format!("binding a query argument: {e}")))?;
    Ok(arguments)
}
