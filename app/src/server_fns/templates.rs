use super::codec::Json;
use crate::error::AppError;
use domain::templates::{TemplateChoices, TemplateInput, TemplateView};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::serve;

/// Every case template: for the admin page and the new-case form.
#[server(output = Json, input = Json, endpoint = "list_templates")]
pub async fn list_templates() -> Result<Vec<TemplateView>, AppError> {
    serve(|cx| async move { service::templates::list(&cx.db, &cx.actor).await }).await
}

/// What the template form offers: usual roles, locations and roles a group may hold.
#[server(output = Json, input = Json, endpoint = "template_choices")]
pub async fn get_template_choices() -> Result<TemplateChoices, AppError> {
    serve(|cx| async move { service::templates::choices(&cx.db, &cx.actor).await }).await
}

/// Adds a template (system administrators).
#[server(output = Json, input = Json, endpoint = "create_template")]
pub async fn create_template(input: TemplateInput) -> Result<TemplateView, AppError> {
    serve(|cx| async move { service::templates::create(&cx.db, &cx.actor, input, cx.now).await }).await
}

/// Replaces a template; a stale `input.version` is refused (409).
#[server(output = Json, input = Json, endpoint = "update_template")]
pub async fn update_template(id: i64, input: TemplateInput) -> Result<TemplateView, AppError> {
    serve(|cx| async move { service::templates::update(&cx.db, &cx.actor, id, input, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "delete_template")]
pub async fn delete_template(id: i64) -> Result<(), AppError> {
    serve(|cx| async move { service::templates::delete(&cx.db, &cx.actor, id, cx.now).await }).await
}
