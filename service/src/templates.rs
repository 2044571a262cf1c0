//! Case templates (SPEC §6): kept by system administrators, offered to everyone who creates a
//! case. A template holds a policy (stored as a case's is, `access::policies`) and group grants;
//! a case made from it takes copies, so changing or deleting a template never changes a case.
use crate::access::all_roles;
use crate::access::locations::{locations, parse_location};
use crate::access::people::{named_users, users_by_ids};
use crate::access::policies::{self, Holder, audit_json, lines_of};
use crate::audit;
use crate::db::{Db, in_list};
use crate::error::{Result, unless_unique};
use domain::access::policy::Policy;
use domain::access::roles::{RoleOption, role_by_key};
use domain::accounts::{Actor, require_system_admin};
use domain::directory::{Community, PersonRef};
use domain::groups::{UsualRole, group_role_allowed};
use domain::policy::{Defaults, PersonOverrides, by_person};
use domain::templates::{
    TemplateChoices, TemplateGroup, TemplateInput, TemplatePlan, TemplateView, decide_template, name_taken,
    no_template, template_changed_meanwhile,
};
use domain::{Timestamp, UserId, ValidationError};
use serde_json::json;
use sqlx::AnyConnection;
use std::collections::BTreeMap;

/// Every template, by name: for the admin page and the new-case form (everyone who creates cases).
#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn list(db: &Db, actor: &Actor) -> Result<Vec<TemplateView>> {
    let mut conn = db.pool().acquire().await?;
    views(&mut conn, None).await
}

#[tracing::instrument(skip_all, fields(actor = %actor.id, template = id))]
pub async fn get(db: &Db, actor: &Actor, id: i64) -> Result<TemplateView> {
    let mut conn = db.pool().acquire().await?;
    one(&mut conn, id).await
}

/// What the template form offers (system administrators).
#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn choices(db: &Db, actor: &Actor) -> Result<TemplateChoices> {
    require_system_admin(actor, "change case templates")?;
    let mut conn = db.pool().acquire().await?;
    let usual_roles: Vec<String> =
        sqlx::query_scalar("SELECT name FROM usual_roles ORDER BY name").fetch_all(&mut *conn).await?;
    let roles = all_roles(&mut conn).await?.iter().filter(|r| group_role_allowed(r)).map(RoleOption::from).collect();
    Ok(TemplateChoices { usual_roles, locations: locations(&mut conn).await?, roles })
}

/// Adds a template (system administrators).
#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn create(db: &Db, actor: &Actor, input: TemplateInput, now: Timestamp) -> Result<TemplateView> {
    require_system_admin(actor, "change case templates")?;
    let mut tx = db.begin_write().await?;
    let plan = plan(&mut tx, &input).await?;
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO case_templates (name, name_key, description, manage_permissions, edit_settings, batch_update, \
         version, created_at, updated_at) VALUES ($1, $2, $3, 'by_role', 'by_role', 'by_role', 0, $4, $4) RETURNING id",
    )
    .bind(&plan.name)
    .bind(plan.name.to_lowercase())
    .bind(&plan.description)
    .bind(now.0)
    .fetch_one(&mut *tx)
    .await;
    let id = unless_unique(inserted, || name_taken(&plan.name).into())?;
    // Written as any policy is, which makes the new template's version 1.
    policies::write(&mut tx, Holder::Template(id), &plan.policy, None).await?;
    write_groups(&mut tx, id, &plan).await?;
    record(&mut tx, actor, "template.created", &plan.name, None, Some(plan_json(&plan)), now).await?;
    let view = one(&mut tx, id).await?;
    tx.commit().await?;
    Ok(view)
}

/// Replaces a template whole (system administrators); `input.version` must be the one it was
/// read at. Cases made from it keep what they took.
#[tracing::instrument(skip_all, fields(actor = %actor.id, template = id))]
pub async fn update(db: &Db, actor: &Actor, id: i64, input: TemplateInput, now: Timestamp) -> Result<TemplateView> {
    require_system_admin(actor, "change case templates")?;
    let version = input
        .version
        .ok_or_else(|| ValidationError::new("version", "Send the version of the template you changed."))?;
    let mut tx = db.begin_write().await?;
    let before = one(&mut tx, id).await?;
    let plan = plan(&mut tx, &input).await?;
    let renamed = sqlx::query(
        "UPDATE case_templates SET name = $1, name_key = $2, description = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(&plan.name)
    .bind(plan.name.to_lowercase())
    .bind(&plan.description)
    .bind(now.0)
    .bind(id)
    .execute(&mut *tx)
    .await;
    unless_unique(renamed, || name_taken(&plan.name).into())?;
    if !policies::write(&mut tx, Holder::Template(id), &plan.policy, Some(version)).await? {
        return Err(template_changed_meanwhile().into());
    }
    sqlx::query("DELETE FROM case_template_groups WHERE template_id = $1").bind(id).execute(&mut *tx).await?;
    write_groups(&mut tx, id, &plan).await?;
    let before_json = view_json(&before);
    record(&mut tx, actor, "template.changed", &plan.name, Some(before_json), Some(plan_json(&plan)), now).await?;
    let view = one(&mut tx, id).await?;
    tx.commit().await?;
    Ok(view)
}

/// Deletes a template (system administrators). Cases made from it are left as they are.
#[tracing::instrument(skip_all, fields(actor = %actor.id, template = id))]
pub async fn delete(db: &Db, actor: &Actor, id: i64, now: Timestamp) -> Result<()> {
    require_system_admin(actor, "change case templates")?;
    let mut tx = db.begin_write().await?;
    let before = one(&mut tx, id).await?;
    let deleted = sqlx::query("DELETE FROM case_templates WHERE id = $1").bind(id).execute(&mut *tx).await?;
    if deleted.rows_affected() != 1 {
        return Err(no_template(id).into());
    }
    record(&mut tx, actor, "template.deleted", &before.name, Some(view_json(&before)), None, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Checks the input against the directory and the domain's rules.
async fn plan(conn: &mut AnyConnection, input: &TemplateInput) -> Result<TemplatePlan> {
    let roles = all_roles(conn).await?;
    let mut groups = Vec::with_capacity(input.groups.len());
    for group in &input.groups {
        let found: Option<(String, String)> =
            sqlx::query_as("SELECT name, community FROM usual_roles WHERE lower(name) = lower($1)")
                .bind(group.usual_role.trim())
                .fetch_optional(&mut *conn)
                .await?;
        let (name, community) = found.ok_or_else(|| {
            ValidationError::new(
                "groups",
                format!("There is no usual role called \"{}\". Choose one from the list.", group.usual_role.trim()),
            )
        })?;
        let location = parse_location(conn, group.location.as_deref()).await?;
        let role = role_by_key(&roles, &group.role)?.clone();
        groups.push((UsualRole { name, community: Community::parse(&community) }, location, role));
    }
    let users: Vec<UserId> = input.overrides.iter().map(|o| o.user).collect();
    let people = named_users(conn, &users, "overrides").await?;
    Ok(decide_template(input, groups, |u| people.get(&u).map(|p| p.name.clone()).unwrap_or_default())?)
}

async fn write_groups(conn: &mut AnyConnection, id: i64, plan: &TemplatePlan) -> Result<()> {
    for group in &plan.groups {
        sqlx::query(
            "INSERT INTO case_template_groups (template_id, usual_role_id, location, role_id) \
             VALUES ($1, (SELECT id FROM usual_roles WHERE name = $2), $3, (SELECT id FROM roles WHERE key = $4))",
        )
        .bind(id)
        .bind(&group.usual_role)
        .bind(&group.location)
        .bind(&group.role.key)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn record(
    conn: &mut AnyConnection,
    actor: &Actor,
    action: &str,
    name: &str,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
    now: Timestamp,
) -> Result<()> {
    audit::record(
        conn,
        audit::Entry { case: None, actor: Some(actor.id), action, subject: Some(name.to_string()), before, after },
        now,
    )
    .await
}

fn plan_json(plan: &TemplatePlan) -> serde_json::Value {
    let groups: Vec<_> = plan
        .groups
        .iter()
        .map(|g| json!({ "usual_role": g.usual_role, "location": g.location, "role": g.role.key }))
        .collect();
    json!({ "name": plan.name, "description": plan.description, "policy": audit_json(&plan.policy, None), "groups": groups })
}

fn view_json(view: &TemplateView) -> serde_json::Value {
    let lines: Vec<_> = view.overrides.iter().map(PersonOverrides::input).collect();
    let groups: Vec<_> = view
        .groups
        .iter()
        .map(|g| json!({ "usual_role": g.usual_role, "location": g.location, "role": g.role.key }))
        .collect();
    json!({ "name": view.name, "description": view.description, "policy": { "defaults": view.defaults, "overrides": lines }, "groups": groups })
}

async fn one(conn: &mut AnyConnection, id: i64) -> Result<TemplateView> {
    views(conn, Some(id)).await?.pop().ok_or_else(|| no_template(id).into())
}

type TemplateRow = (i64, String, String, String, String, String, i64, i64);

/// Templates with their lines, groups and people: four statements however many there are.
async fn views(conn: &mut AnyConnection, only: Option<i64>) -> Result<Vec<TemplateView>> {
    let filter = only.map(|id| format!(" WHERE id = {id}")).unwrap_or_default();
    let rows: Vec<TemplateRow> = sqlx::query_as(&format!(
        "SELECT id, name, description, manage_permissions, edit_settings, batch_update, version, updated_at \
         FROM case_templates{filter} ORDER BY name_key"
    ))
    .fetch_all(&mut *conn)
    .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let (list, arguments) = in_list(&ids)?;
    let lines: Vec<(i64, i64, String, String)> = sqlx::query_as_with(
        &format!(
            "SELECT template_id, user_id, category, setting FROM case_template_overrides WHERE template_id IN ({list}) \
             ORDER BY template_id, user_id, category"
        ),
        arguments,
    )
    .fetch_all(&mut *conn)
    .await?;
    let (list, arguments) = in_list(&ids)?;
    let group_rows: Vec<(i64, String, Option<String>, String)> = sqlx::query_as_with(
        &format!(
            "SELECT g.template_id, ur.name, g.location, r.key FROM case_template_groups g \
             JOIN usual_roles ur ON ur.id = g.usual_role_id JOIN roles r ON r.id = g.role_id \
             WHERE g.template_id IN ({list}) ORDER BY g.template_id, g.id"
        ),
        arguments,
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut users: Vec<UserId> = lines.iter().map(|l| UserId(l.1)).collect();
    users.sort();
    users.dedup();
    let people: BTreeMap<UserId, PersonRef> =
        users_by_ids(conn, &users).await?.into_iter().map(|u| (u.id, u.person())).collect();
    let roles = all_roles(conn).await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, description, mp, es, bu, version, updated_at)| {
            let stored: Vec<(i64, String, String)> =
                lines.iter().filter(|l| l.0 == id).map(|l| (l.1, l.2.clone(), l.3.clone())).collect();
            let policy: Policy = Defaults::from_stored(&mp, &es, &bu).with(lines_of(stored));
            let mut overrides: Vec<PersonOverrides> = by_person(&policy.overrides)
                .iter()
                .filter_map(|l| people.get(&l.user).map(|p| PersonOverrides::new(p.clone(), l)))
                .collect();
            overrides.sort_by_key(|o| o.user.name.to_lowercase());
            let groups = group_rows
                .iter()
                .filter(|g| g.0 == id)
                .filter_map(|(_, usual_role, location, key)| {
                    let role = roles.iter().find(|r| &r.key == key)?;
                    Some(TemplateGroup {
                        usual_role: usual_role.clone(),
                        location: location.clone(),
                        role: RoleOption::from(role),
                    })
                })
                .collect();
            TemplateView {
                id,
                name,
                description,
                defaults: Defaults::of(&policy),
                overrides,
                groups,
                version,
                updated_at: Timestamp(updated_at),
            }
        })
        .collect())
}
