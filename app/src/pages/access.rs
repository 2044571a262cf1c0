//! The Access tab: group grants (usual role and location → case role, `groups`) and defence
//! email domains (`domains`). Holders of manage_access add and remove them; the server decides
//! every rule.
use super::domains::{AddDomainDialog, DomainRow};
use super::groups::{AddGroupDialog, GroupRow};
use crate::components::case_header::{CaseHeader, CaseTab};
use crate::components::feedback::{ErrorAlert, Loading, PageFeedback};
use crate::pages::case_page::with_case;
use crate::server_data::server_data;
use crate::server_fns::groups::get_access_settings;
use domain::CaseId;
use domain::cases::{CaseDetail, Defendant};
use domain::groups::AccessSettings;
use leptos::prelude::*;

#[component]
pub fn AccessPage() -> impl IntoView {
    with_case(|case| view! { <AccessTab case/> }.into_any())
}

#[component]
fn AccessTab(case: CaseDetail) -> impl IntoView {
    let case_id = case.id;
    let feedback = PageFeedback::provide();
    let settings = server_data(move || feedback.reload.get(), move |_| get_access_settings(case_id));
    let defendants = StoredValue::new(case.defendants.clone());
    view! {
        <CaseHeader case=case.clone() active=CaseTab::Access/>
        {feedback.region()}
        <Transition fallback=|| view! { <Loading label="Loading the groups and domains…"/> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(s) => view! { <AccessPanels case=case_id settings=s defendants=defendants.get_value()/> }.into_any(),
                    Err(e) => view! { <ErrorAlert message=e.message/> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn AccessPanels(case: CaseId, settings: AccessSettings, defendants: Vec<Defendant>) -> impl IntoView {
    let can_manage = settings.can_manage;
    let adding_group = RwSignal::new(false);
    let adding_domain = RwSignal::new(false);
    let groups = settings.groups.clone();
    let domains = settings.domains.clone();
    view! {
        <section class="panel" aria-labelledby="groups-heading">
            <div class="panel-header">
                <div>
                    <h2 id="groups-heading">"Groups"</h2>
                    <p class="muted">"Everyone with a usual role, at one location or all of them, gets a case role."</p>
                </div>
                {can_manage.then(|| view! { <button type="button" class="button button-primary" on:click=move |_| adding_group.set(true)>"Add Role"</button> })}
            </div>
            {if groups.is_empty() {
                view! { <p class="empty-inline">"No group has access to this case."</p> }.into_any()
            } else {
                view! { <ul class="role-list">{groups.into_iter().map(|g| view! { <GroupRow case group=g can_manage/> }).collect_view()}</ul> }
                .into_any()
            }}
        </section>
        <section class="panel" aria-labelledby="domains-heading">
            <div class="panel-header">
                <div>
                    <h2 id="domains-heading">"Defence email domains"</h2>
                    <p class="muted">"Everyone registered at a solicitor firm's domain gets Defence Advocate for the defendants chosen, including people who register later."</p>
                </div>
                {can_manage.then(|| view! { <button type="button" class="button button-primary" on:click=move |_| adding_domain.set(true)>"Add a Defence Email Domain"</button> })}
            </div>
            {if domains.is_empty() {
                view! { <p class="empty-inline">"No email domain has access to this case."</p> }.into_any()
            } else {
                view! { <ul class="role-list">{domains.into_iter().map(|d| view! { <DomainRow case domain=d can_manage/> }).collect_view()}</ul> }.into_any()
            }}
        </section>
        {can_manage.then(|| view! {
            <AddGroupDialog case open=adding_group settings=settings.clone()/>
            <AddDomainDialog case open=adding_domain locations=settings.locations.clone() defendants=defendants.clone()/>
        })}
    }
    .into_any()
}

pub(super) fn location_text(location: &Option<String>) -> String {
    location.clone().unwrap_or_else(|| "All locations".into())
}
