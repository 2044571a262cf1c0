use super::codec::Json;
use crate::error::AppError;
use domain::OfficeId;
use domain::directory::{DirectoryUser, Office};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::serve;

/// The offices a new case may be filed under, and the user's own office to preselect.
#[server(output = Json, input = Json, endpoint = "new_case_offices")]
pub async fn new_case_offices() -> Result<(Vec<Office>, Option<OfficeId>), AppError> {
    serve(|cx| async move {
        let offices = match &cx.actor.organisation {
            Some(org) => service::directory::offices_of(&cx.db, org.id).await?,
            None => Vec::new(),
        };
        Ok((offices, cx.actor.office_id))
    })
    .await
}

/// The add-user type-ahead.
#[server(output = Json, input = Json, endpoint = "search_users")]
pub async fn search_users(q: String) -> Result<Vec<DirectoryUser>, AppError> {
    serve(|cx| async move { service::directory::search_users(&cx.db, &q).await }).await
}
