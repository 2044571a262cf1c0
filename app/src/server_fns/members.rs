use crate::error::AppError;
use domain::views::{DirectoryUser, InviteInput, Member, MemberChange, MemberList};
use domain::{CaseId, UserId};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "list_members")]
pub async fn list_members(case: CaseId) -> Result<MemberList, AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        Ok(service::members::list(&super::context::state()?.db, &user, case, service::now()).await?)
    }
    .await)
}

#[server(input = Json, endpoint = "invite_member")]
pub async fn invite_member(case: CaseId, input: InviteInput) -> Result<Member, AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        let state = super::context::state()?;
        Ok(service::members::invite(&state.db, &user, case, input, service::now(), &state.public_url).await?)
    }
    .await)
}

#[server(input = Json, endpoint = "change_member")]
pub async fn change_member(case: CaseId, member: UserId, change: MemberChange) -> Result<Member, AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        Ok(service::members::change(&super::context::state()?.db, &user, case, member, change, service::now()).await?)
    }
    .await)
}

#[server(endpoint = "revoke_member")]
pub async fn revoke_member(case: CaseId, member: UserId) -> Result<(), AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        Ok(service::members::revoke(&super::context::state()?.db, &user, case, member, service::now()).await?)
    }
    .await)
}

#[server(endpoint = "search_users")]
pub async fn search_users(q: String) -> Result<Vec<DirectoryUser>, AppError> {
    super::context::finish(async {
        super::context::current_user().await?;
        Ok(service::directory::search_users(&super::context::state()?.db, &q).await?)
    }
    .await)
}
