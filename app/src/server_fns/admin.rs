use crate::error::AppError;
use domain::views::{OutboxEmail, RoleMatrix};
use leptos::prelude::*;

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
