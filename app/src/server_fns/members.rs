use super::codec::Json;
use crate::error::AppError;
use domain::members::{InviteInput, Member, MemberChange, MemberList, MemberQuery};
use domain::{CaseId, UserId};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::{serve, serve_read};

#[server(output = Json, input = Json, endpoint = "list_members")]
pub async fn list_members(case: CaseId, #[server(default)] query: MemberQuery) -> Result<MemberList, AppError> {
    serve_read(|cx| async move { service::members::list(&cx.db, &cx.actor, case, query, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "invite_member")]
pub async fn invite_member(case: CaseId, input: InviteInput) -> Result<Member, AppError> {
    serve(|cx| async move { service::members::invite(&cx.db, &cx.actor, case, input, cx.now, &cx.public_url).await })
        .await
}

#[server(output = Json, input = Json, endpoint = "change_member")]
pub async fn change_member(case: CaseId, member: UserId, change: MemberChange) -> Result<Member, AppError> {
    serve(|cx| async move { service::members::change(&cx.db, &cx.actor, case, member, change, cx.now).await }).await
}

#[server(output = Json, input = Json, endpoint = "revoke_member")]
pub async fn revoke_member(case: CaseId, member: UserId) -> Result<(), AppError> {
    serve(|cx| async move { service::members::revoke(&cx.db, &cx.actor, case, member, cx.now).await }).await
}
