//! The Access tab (groups and domains) and access requests.
use crate::error::AppError;
use domain::CaseId;
use domain::views::{AccessRequest, AccessSettings, ApproveInput, DenyInput, DomainGrantView, DomainInput, GroupGrantView, GroupInput, Member, RequestInput};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "access_settings")]
pub async fn get_access_settings(case: CaseId) -> Result<AccessSettings, AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        Ok(service::groups::settings(&super::context::state()?.db, &user, case, service::now()).await?)
    }
    .await)
}

#[server(input = Json, endpoint = "add_group")]
pub async fn add_group(case: CaseId, input: GroupInput) -> Result<GroupGrantView, AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        Ok(service::groups::add(&super::context::state()?.db, &user, case, input, service::now()).await?)
    }
    .await)
}

/// Removes a group; answers with the names of those who kept access (R4).
#[server(endpoint = "remove_group")]
pub async fn remove_group(case: CaseId, id: i64) -> Result<Vec<String>, AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        Ok(service::groups::remove(&super::context::state()?.db, &user, case, id, service::now()).await?.kept)
    }
    .await)
}

#[server(input = Json, endpoint = "add_domain")]
pub async fn add_domain(case: CaseId, input: DomainInput) -> Result<DomainGrantView, AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        Ok(service::domains::add(&super::context::state()?.db, &user, case, input, service::now()).await?)
    }
    .await)
}

#[server(endpoint = "remove_domain")]
pub async fn remove_domain(case: CaseId, id: i64) -> Result<(), AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        Ok(service::domains::remove(&super::context::state()?.db, &user, case, id, service::now()).await?)
    }
    .await)
}

#[server(endpoint = "list_requests")]
pub async fn list_requests(case: CaseId) -> Result<Vec<AccessRequest>, AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        Ok(service::requests::list(&super::context::state()?.db, &user, case, service::now()).await?)
    }
    .await)
}

#[server(input = Json, endpoint = "request_access")]
pub async fn request_access(case: CaseId, input: RequestInput) -> Result<AccessRequest, AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        let state = super::context::state()?;
        Ok(service::requests::create(&state.db, &user, case, input, service::now(), &state.public_url).await?)
    }
    .await)
}

#[server(input = Json, endpoint = "approve_request")]
pub async fn approve_request(case: CaseId, id: i64, input: ApproveInput) -> Result<Member, AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        let state = super::context::state()?;
        Ok(service::requests::approve(&state.db, &user, case, id, input, service::now(), &state.public_url).await?)
    }
    .await)
}

#[server(input = Json, endpoint = "deny_request")]
pub async fn deny_request(case: CaseId, id: i64, input: DenyInput) -> Result<(), AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        Ok(service::requests::deny(&super::context::state()?.db, &user, case, id, input, service::now()).await?)
    }
    .await)
}
