use super::codec::Json;
use crate::error::AppError;
use domain::mail::OutboxEmail;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::serve;

/// The newest 200 emails of the outbox (system administrators only).
#[server(output = Json, input = Json, endpoint = "list_outbox")]
pub async fn list_outbox() -> Result<Vec<OutboxEmail>, AppError> {
    serve(|cx| async move { service::outbox::list(&cx.db, &cx.actor, 200).await }).await
}
