use crate::error::AppError;
use domain::access::roles::Role;
use domain::views::{OutboxEmail, RoleInput, RoleMatrix};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "role_matrix")]
pub async fn get_role_matrix() -> Result<RoleMatrix, AppError> {
    super::context::finish(async {
        super::context::current_user().await?;
        Ok(service::roles::matrix(&super::context::state()?.db).await?)
    }
    .await)
}

/// The newest 200 emails of the outbox (system administrators only).
#[server(endpoint = "list_outbox")]
pub async fn list_outbox() -> Result<Vec<OutboxEmail>, AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        Ok(service::outbox::list(&super::context::state()?.db, &user, 200).await?)
    }
    .await)
}

/// Adds a custom role (system administrators only).
#[server(input = Json, endpoint = "create_role")]
pub async fn create_role(input: RoleInput) -> Result<Role, AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        Ok(service::roles::create(&super::context::state()?.db, &user, input, service::now()).await?)
    }
    .await)
}

/// Changes a custom role; built-in roles are refused.
#[server(input = Json, endpoint = "update_role")]
pub async fn update_role(key: String, input: RoleInput) -> Result<Role, AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        Ok(service::roles::update(&super::context::state()?.db, &user, &key, input).await?)
    }
    .await)
}

/// Deletes a custom role that no grant uses.
#[server(endpoint = "delete_role")]
pub async fn delete_role(key: String) -> Result<(), AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        Ok(service::roles::delete(&super::context::state()?.db, &user, &key).await?)
    }
    .await)
}
