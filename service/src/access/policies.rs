//! Where permission policies are kept: on each case (its defaults beside its settings), in the
//! global defaults (one row) and on each case template. One reader and one writer for the three,
//! so that a case, the defaults and a template store a policy the same way.
use crate::error::{Result, ServiceError};
use domain::access::policy::{OverrideSetting, Policy, PolicyCategory, UserOverride};
use domain::accounts::Actor;
use domain::directory::AccountType;
use domain::policy::Candidate;
use domain::policy::Defaults;
use domain::{CaseId, UserId, ValidationError};
use sqlx::AnyConnection;
use std::collections::BTreeSet;

/// Whose policy it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holder {
    Case(CaseId),
    Global,
    Template(i64),
}

impl Holder {
    /// The table holding the defaults and version, its column names, and the row's condition.
    fn defaults_sql(self) -> (&'static str, [&'static str; 4], String) {
        match self {
            Holder::Case(id) => (
                "cases",
                ["policy_manage_permissions", "policy_edit_settings", "policy_batch_update", "policy_version"],
                format!("id = {}", id.0),
            ),
            Holder::Global => {
                ("global_policy", ["manage_permissions", "edit_settings", "batch_update", "version"], "id = 1".into())
            }
            Holder::Template(id) => (
                "case_templates",
                ["manage_permissions", "edit_settings", "batch_update", "version"],
                format!("id = {id}"),
            ),
        }
    }

    /// The overrides' table and the condition that keeps this holder's rows.
    fn overrides_sql(self) -> (&'static str, String, Option<(&'static str, i64)>) {
        match self {
            Holder::Case(id) => ("case_policy_overrides", format!("case_id = {}", id.0), Some(("case_id", id.0))),
            Holder::Global => ("global_policy_overrides", "1 = 1".into(), None),
            Holder::Template(id) => {
                ("case_template_overrides", format!("template_id = {id}"), Some(("template_id", id)))
            }
        }
    }
}

/// The defaults and their version; none when the holder is not there.
pub(crate) async fn read_defaults(conn: &mut AnyConnection, holder: Holder) -> Result<Option<(Defaults, i64)>> {
    let (table, [mp, es, bu, version], condition) = holder.defaults_sql();
    let row: Option<(String, String, String, i64)> =
        sqlx::query_as(&format!("SELECT {mp}, {es}, {bu}, {version} FROM {table} WHERE {condition}"))
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|(mp, es, bu, version)| (Defaults::from_stored(&mp, &es, &bu), version)))
}

/// The per-user lines, by user then category.
pub(crate) async fn read_overrides(conn: &mut AnyConnection, holder: Holder) -> Result<Vec<UserOverride>> {
    let (table, condition, _) = holder.overrides_sql();
    let rows: Vec<(i64, String, String)> = sqlx::query_as(&format!(
        "SELECT user_id, category, setting FROM {table} WHERE {condition} ORDER BY user_id, category"
    ))
    .fetch_all(&mut *conn)
    .await?;
    Ok(lines_of(rows))
}

/// Stored rows as lines; a row the database would never hold (its CHECKs) is skipped.
pub(crate) fn lines_of(rows: Vec<(i64, String, String)>) -> Vec<UserOverride> {
    rows.into_iter()
        .filter_map(|(user, category, setting)| {
            Some(UserOverride {
                user: UserId(user),
                category: PolicyCategory::parse(&category)?,
                setting: OverrideSetting::parse(&setting)?,
            })
        })
        .collect()
}

/// A whole policy and its version.
pub(crate) async fn read(conn: &mut AnyConnection, holder: Holder) -> Result<Option<(Policy, i64)>> {
    let Some((defaults, version)) = read_defaults(conn, holder).await? else { return Ok(None) };
    Ok(Some((defaults.with(read_overrides(conn, holder).await?), version)))
}

/// Replaces a holder's policy and bumps its version. With `expected`, only if the version is still
/// that one: false when someone saved meanwhile (and nothing is written).
pub(crate) async fn write(
    conn: &mut AnyConnection,
    holder: Holder,
    policy: &Policy,
    expected: Option<i64>,
) -> Result<bool> {
    let (table, [mp, es, bu, version], condition) = holder.defaults_sql();
    let guard = expected.map(|v| format!(" AND {version} = {v}")).unwrap_or_default();
    let updated = sqlx::query(&format!(
        "UPDATE {table} SET {mp} = $1, {es} = $2, {bu} = $3, {version} = {version} + 1 WHERE {condition}{guard}"
    ))
    .bind(policy.manage_permissions.as_str())
    .bind(policy.edit_settings.as_str())
    .bind(policy.batch_update.as_str())
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() != 1 {
        return Ok(false);
    }
    let (table, condition, key) = holder.overrides_sql();
    sqlx::query(&format!("DELETE FROM {table} WHERE {condition}")).execute(&mut *conn).await?;
    let sql = match key {
        Some((column, _)) => {
            format!("INSERT INTO {table} ({column}, user_id, category, setting) VALUES ($1, $2, $3, $4)")
        }
        None => "INSERT INTO global_policy_overrides (user_id, category, setting) VALUES ($1, $2, $3)".to_string(),
    };
    for line in &policy.overrides {
        let mut insert = sqlx::query(&sql);
        if let Some((_, id)) = key {
            insert = insert.bind(id);
        }
        insert.bind(line.user.0).bind(line.category.as_str()).bind(line.setting.as_str()).execute(&mut *conn).await?;
    }
    Ok(true)
}

/// A case's administrators.
pub(crate) async fn administrators(conn: &mut AnyConnection, case: CaseId) -> Result<Vec<UserId>> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT user_id FROM case_administrators WHERE case_id = $1 ORDER BY user_id")
            .bind(case.0)
            .fetch_all(&mut *conn)
            .await?;
    Ok(ids.into_iter().map(UserId).collect())
}

/// Makes exactly `wanted` the case's administrators.
pub(crate) async fn write_administrators(
    conn: &mut AnyConnection,
    case: CaseId,
    wanted: &BTreeSet<UserId>,
) -> Result<()> {
    sqlx::query("DELETE FROM case_administrators WHERE case_id = $1").bind(case.0).execute(&mut *conn).await?;
    for user in wanted {
        sqlx::query("INSERT INTO case_administrators (case_id, user_id) VALUES ($1, $2)")
            .bind(case.0)
            .bind(user.0)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// What the audit records of a policy: its defaults, its lines and, for a case, its administrators.
pub(crate) fn audit_json(policy: &Policy, administrators: Option<&BTreeSet<UserId>>) -> serde_json::Value {
    let mut value = serde_json::json!({
        "defaults": Defaults::of(policy),
        "overrides": domain::policy::by_person(&policy.overrides),
    });
    if let Some(admins) = administrators {
        value["administrators"] = serde_json::json!(admins);
    }
    value
}

/// The policy and administrators a new case of `actor`'s starts with (`domain::policy::initial_policy`):
/// the template's policy when `copy_from` names one, else the global defaults.
pub(crate) async fn initial(
    conn: &mut AnyConnection,
    actor: &Actor,
    copy_from: Option<i64>,
) -> Result<domain::policy::PolicyPlan> {
    let (global, _) = read(conn, Holder::Global)
        .await?
        .ok_or_else(|| ServiceError::Internal("the global policy row is missing".into()))?;
    let template = match copy_from {
        Some(id) => Some(read(conn, Holder::Template(id)).await?.ok_or_else(|| template_field(id))?.0),
        None => None,
    };
    // The default administrators of the creator's organisation, with what R6 decides on.
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT u.id, u.name, u.account_type FROM global_case_administrators g JOIN users u ON u.id = g.user_id \
         WHERE u.organisation_id = $1",
    )
    .bind(actor.organisation.as_ref().map(|o| o.id.0))
    .fetch_all(&mut *conn)
    .await?;
    let defaults: Vec<Candidate> = rows
        .into_iter()
        .map(|(id, name, account_type)| Candidate {
            id: UserId(id),
            name,
            account_type: AccountType::parse(&account_type).unwrap_or(AccountType::Uploader),
        })
        .collect();
    Ok(domain::policy::initial_policy(&global, template.as_ref(), actor.id, &defaults))
}

/// An unknown template named by a new case: the form's to correct.
pub(crate) fn template_field(id: i64) -> ServiceError {
    ValidationError::new("template_id", format!("There is no case template with id {id}.")).into()
}
