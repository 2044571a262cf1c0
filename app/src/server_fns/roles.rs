use super::codec::Json;
use crate::error::AppError;
use domain::access::roles::{Role, RoleInput, RoleMatrix};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::serve;

/// The permission matrix, for everyone signed in.
#[server(output = Json, input = Json, endpoint = "role_matrix")]
pub async fn get_role_matrix() -> Result<RoleMatrix, AppError> {
    serve(|cx| async move { service::roles::matrix(&cx.db).await }).await
}

/// Adds a custom role (system administrators only).
#[server(output = Json, input = Json, endpoint = "create_role")]
pub async fn create_role(input: RoleInput) -> Result<Role, AppError> {
    serve(|cx| async move { service::roles::create(&cx.db, &cx.actor, input, cx.now).await }).await
}

/// Changes a custom role; built-in roles are refused.
#[server(output = Json, input = Json, endpoint = "update_role")]
pub async fn update_role(key: String, input: RoleInput) -> Result<Role, AppError> {
    serve(|cx| async move { service::roles::update(&cx.db, &cx.actor, &key, input).await }).await
}

/// Deletes a custom role that no grant uses.
#[server(output = Json, input = Json, endpoint = "delete_role")]
pub async fn delete_role(key: String) -> Result<(), AppError> {
    serve(|cx| async move { service::roles::delete(&cx.db, &cx.actor, &key).await }).await
}
