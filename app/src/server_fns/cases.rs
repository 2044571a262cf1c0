use crate::error::AppError;
use domain::CaseId;
use domain::cases::{CaseSettingsInput, NewCaseInput};
use domain::views::{CaseDetail, CaseSummary, Office};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "list_cases")]
pub async fn list_cases() -> Result<Vec<CaseSummary>, AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        Ok(service::cases::list(&super::context::state()?.db, &user, service::now()).await?)
    }
    .await)
}

/// The offices a new case may be filed under, and the user's own office to preselect.
#[server(endpoint = "new_case_offices")]
pub async fn new_case_offices() -> Result<(Vec<Office>, Option<domain::OfficeId>), AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        let offices = match &user.organisation {
            Some(org) => service::directory::offices_of(&super::context::state()?.db, org.id).await?,
            None => Vec::new(),
        };
        Ok((offices, user.office_id))
    }
    .await)
}

#[server(input = Json, endpoint = "create_case")]
pub async fn create_case(input: NewCaseInput) -> Result<CaseId, AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        Ok(service::cases::create(&super::context::state()?.db, &user, input, service::now()).await?.id)
    }
    .await)
}

#[server(endpoint = "get_case")]
pub async fn get_case(id: CaseId) -> Result<CaseDetail, AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        Ok(service::cases::get(&super::context::state()?.db, &user, id, service::now()).await?)
    }
    .await)
}

#[server(endpoint = "delete_case")]
pub async fn delete_case(id: CaseId) -> Result<(), AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        Ok(service::cases::delete(&super::context::state()?.db, &user, id, service::now()).await?)
    }
    .await)
}

/// Changes the title, description or target date (edit_settings); `input.version` detects a
/// concurrent change.
#[server(input = Json, endpoint = "update_case_settings")]
pub async fn update_case_settings(id: CaseId, input: CaseSettingsInput) -> Result<CaseDetail, AppError> {
    super::context::finish(async {
        let user = super::context::current_user().await?;
        Ok(service::cases::update_settings(&super::context::state()?.db, &user, id, input, service::now()).await?)
    }
    .await)
}
