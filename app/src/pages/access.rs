//! The Access tab: group grants (usual role and location → case role) and defence email
//! domains. Holders of manage_access add and remove them; the server decides every rule.
use crate::components::case_header::{CaseHeader, CaseTab};
use crate::components::choices::DefendantChoices;
use crate::components::dialog::{ConfirmDialog, Modal};
use crate::components::feedback::{ErrorAlert, Loading};
use crate::error::ErrorCode;
use crate::pages::case_page::with_case;
use crate::server_fns::access::{AddDomain, AddGroup, RemoveDomain, RemoveGroup, get_access_settings};
use domain::views::{AccessSettings, CaseDetail, Defendant, DomainGrantView, DomainInput, GroupGrantView, GroupInput};
use domain::{CaseId, DefendantId};
use leptos::prelude::*;

#[component]
pub fn AccessPage() -> impl IntoView {
    with_case(|case| view! { <AccessTab case/> }.into_any())
}

#[component]
fn AccessTab(case: CaseDetail) -> impl IntoView {
    let case_id = case.id;
    let reload = RwSignal::new(0u32);
    let settings = Resource::new(move || reload.get(), move |_| get_access_settings(case_id));
    let status = RwSignal::new(None::<String>);
    let defendants = StoredValue::new(case.defendants.clone());
    view! {
        <CaseHeader case=case.clone() active=CaseTab::Access/>
        <p class="status-line" role="status" aria-live="polite">{move || status.get()}</p>
        <Transition fallback=|| view! { <Loading label="Loading the groups and domains…"/> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(s) => view! { <AccessPanels case=case_id settings=s defendants=defendants.get_value() reload status/> }.into_any(),
                    Err(e) => view! { <ErrorAlert message=e.message/> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn AccessPanels(case: CaseId, settings: AccessSettings, defendants: Vec<Defendant>, reload: RwSignal<u32>, status: RwSignal<Option<String>>) -> impl IntoView {
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
                view! { <ul class="role-list">{groups.into_iter().map(|g| view! { <GroupRow case group=g can_manage reload status/> }).collect_view()}</ul> }
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
                view! { <ul class="role-list">{domains.into_iter().map(|d| view! { <DomainRow case domain=d can_manage reload status/> }).collect_view()}</ul> }.into_any()
            }}
        </section>
        {can_manage.then(|| view! {
            <AddGroupDialog case open=adding_group settings=settings.clone() reload status/>
            <AddDomainDialog case open=adding_domain locations=settings.locations.clone() defendants=defendants.clone() reload status/>
        })}
    }
    .into_any()
}

fn location_text(location: &Option<String>) -> String {
    location.clone().unwrap_or_else(|| "All locations".into())
}

#[component]
fn GroupRow(case: CaseId, group: GroupGrantView, can_manage: bool, reload: RwSignal<u32>, status: RwSignal<Option<String>>) -> impl IntoView {
    let remove = ServerAction::<RemoveGroup>::new();
    let confirming = RwSignal::new(false);
    let label = format!("{} ({})", group.usual_role, location_text(&group.location));
    {
        let label = label.clone();
        Effect::new(move |_| {
            if let Some(Ok(kept)) = remove.value().get() {
                confirming.set(false);
                let kept_text = match kept.len() {
                    0 => "Nobody kept access.".to_string(),
                    _ => format!("Kept access because they had opened the case: {}.", kept.join(", ")),
                };
                status.set(Some(format!("Removed the group {label}. {kept_text}")));
                reload.update(|n| *n += 1);
            }
        });
    }
    let error = move || remove.value().get().and_then(|r| r.err());
    let id = group.id;
    let keep = group.would_keep_access;
    let keep_text = match keep {
        0 => "Nobody in it has opened the case, so everyone in it loses this access.".to_string(),
        1 => "1 person in it has opened the case and will keep access, as a retained grant you can revoke on the People tab. The others lose it.".to_string(),
        n => format!("{n} people in it have opened the case and will keep access, as retained grants you can revoke on the People tab. The others lose it."),
    };
    view! {
        <li class="role-row">
            <div>
                <span class="person-name">{group.usual_role.clone()}</span>
                <span class="muted">{location_text(&group.location)}</span>
                <span class="muted">
                    "Gives " <span class="badge">{group.role.name.clone()}</span>
                    {format!(" · Added by {} on {}", group.added_by.clone().unwrap_or_else(|| "—".into()), group.added_at.display_date())}
                </span>
            </div>
            {can_manage.then(|| view! {
                <div class="row-actions">
                    <button type="button" class="button button-danger-outline" aria-label=format!("Remove the group {label}") on:click=move |_| confirming.set(true)>"Remove"</button>
                    <ConfirmDialog open=confirming id=format!("remove-group-{id}") title=format!("Remove the group {label}?") confirm_label="Remove group"
                        pending=remove.pending() on_confirm=Callback::new(move |_| { remove.dispatch(RemoveGroup { case, id }); })>
                        <p>{keep_text.clone()}</p>
                        {move || error().map(|e| view! { <ErrorAlert message=e.message/> })}
                    </ConfirmDialog>
                </div>
            })}
        </li>
    }
    .into_any()
}

#[component]
fn DomainRow(case: CaseId, domain: DomainGrantView, can_manage: bool, reload: RwSignal<u32>, status: RwSignal<Option<String>>) -> impl IntoView {
    let remove = ServerAction::<RemoveDomain>::new();
    let confirming = RwSignal::new(false);
    let name = domain.domain.clone();
    {
        let name = name.clone();
        Effect::new(move |_| {
            if let Some(Ok(())) = remove.value().get() {
                confirming.set(false);
                status.set(Some(format!("Removed the domain {name}.")));
                reload.update(|n| *n += 1);
            }
        });
    }
    let error = move || remove.value().get().and_then(|r| r.err());
    let id = domain.id;
    let defendants = if domain.defendants.is_empty() { "Other defendants".to_string() } else { domain.defendants.iter().map(|d| d.name.clone()).collect::<Vec<_>>().join(", ") };
    let owner = domain.organisation.clone().unwrap_or_else(|| "No registered organisation".into());
    view! {
        <li class="role-row">
            <div>
                <span class="person-name">{name.clone()}</span>
                <span class="muted">{format!("{owner} · Defence Advocate for {defendants} · {}", location_text(&domain.location))}</span>
                <span class="muted">{format!("Added by {} on {}", domain.added_by.clone().unwrap_or_else(|| "—".into()), domain.added_at.display_date())}</span>
            </div>
            {can_manage.then(|| view! {
                <div class="row-actions">
                    <button type="button" class="button button-danger-outline" aria-label=format!("Remove the domain {name}") on:click=move |_| confirming.set(true)>"Remove"</button>
                    <ConfirmDialog open=confirming id=format!("remove-domain-{id}") title=format!("Remove {name}?") confirm_label="Remove domain"
                        pending=remove.pending() on_confirm=Callback::new(move |_| { remove.dispatch(RemoveDomain { case, id }); })>
                        <p>"Everyone who has access only through this domain loses it at once."</p>
                        {move || error().map(|e| view! { <ErrorAlert message=e.message/> })}
                    </ConfirmDialog>
                </div>
            })}
        </li>
    }
    .into_any()
}

#[component]
fn AddGroupDialog(case: CaseId, open: RwSignal<bool>, settings: AccessSettings, reload: RwSignal<u32>, status: RwSignal<Option<String>>) -> impl IntoView {
    let usual_role = RwSignal::new(settings.usual_roles.first().cloned().unwrap_or_default());
    let location = RwSignal::new(String::new());
    let role = RwSignal::new(settings.roles.first().map(|r| r.key.clone()).unwrap_or_default());
    let action = ServerAction::<AddGroup>::new();
    Effect::new(move |_| {
        if let Some(Ok(group)) = action.value().get() {
            status.set(Some(format!("Added the group {} ({}) as {}.", group.usual_role, location_text(&group.location), group.role.name)));
            open.set(false);
            reload.update(|n| *n += 1);
        }
    });
    let error = move || action.value().get().and_then(|r| r.err());
    let field_error = move |f: &'static str| error().and_then(|e| e.for_field(f));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = GroupInput { usual_role: usual_role.get_untracked(), location: Some(location.get_untracked()).filter(|l| !l.is_empty()), role: role.get_untracked() };
        action.dispatch(AddGroup { case, input });
    };
    view! {
        <Modal open id="add-group" title="Add Role">
            <form class="form" on:submit=on_submit novalidate>
                {move || error().filter(|e| e.field.is_none()).map(|e| view! { <ErrorAlert message=e.message/> })}
                <div class="field">
                    <label for="group-usual-role">"Role name"</label>
                    <select id="group-usual-role" prop:value=move || usual_role.get() on:change=move |ev| usual_role.set(event_target_value(&ev))>
                        {settings.usual_roles.iter().map(|r| view! { <option value=r.clone()>{r.clone()}</option> }).collect_view()}
                    </select>
                    <p class="field-error">{move || field_error("usual_role")}</p>
                </div>
                <div class="field">
                    <label for="group-location">"Location"</label>
                    <select id="group-location" prop:value=move || location.get() on:change=move |ev| location.set(event_target_value(&ev))>
                        <option value="">"All locations"</option>
                        {settings.locations.iter().map(|l| view! { <option value=l.clone()>{l.clone()}</option> }).collect_view()}
                    </select>
                    <p class="field-error">{move || field_error("location")}</p>
                </div>
                <div class="field">
                    <label for="group-role">"Case role"</label>
                    <select id="group-role" prop:value=move || role.get() on:change=move |ev| role.set(event_target_value(&ev))>
                        {settings.roles.iter().map(|r| view! { <option value=r.key.clone()>{r.name.clone()}</option> }).collect_view()}
                    </select>
                    <p class="field-error">{move || field_error("role")}</p>
                </div>
                <div class="dialog-actions">
                    <button type="button" class="button button-secondary" on:click=move |_| open.set(false)>"Cancel"</button>
                    <button type="submit" class="button button-primary" disabled=move || action.pending().get()>
                        {move || if action.pending().get() { "Adding…" } else { "Add group" }}
                    </button>
                </div>
            </form>
        </Modal>
    }
    .into_any()
}

#[component]
fn AddDomainDialog(case: CaseId, open: RwSignal<bool>, locations: Vec<String>, defendants: Vec<Defendant>, reload: RwSignal<u32>, status: RwSignal<Option<String>>) -> impl IntoView {
    let domain = RwSignal::new(String::new());
    let picked = RwSignal::new(Vec::<DefendantId>::new());
    let location = RwSignal::new(String::new());
    let action = ServerAction::<AddDomain>::new();
    let submit = move |confirm_unowned: bool| {
        action.dispatch(AddDomain {
            case,
            input: DomainInput {
                domain: domain.get_untracked(),
                defendants: picked.get_untracked(),
                location: Some(location.get_untracked()).filter(|l| !l.is_empty()),
                confirm_unowned,
            },
        });
    };
    Effect::new(move |_| {
        if let Some(Ok(added)) = action.value().get() {
            status.set(Some(format!("Added {}: its people now have access as Defence Advocate.", added.domain)));
            open.set(false);
            domain.set(String::new());
            picked.set(Vec::new());
            location.set(String::new());
            reload.update(|n| *n += 1);
        }
    });
    let error = move || action.value().get().and_then(|r| r.err());
    let needs_confirmation = move || error().filter(|e| e.code == ErrorCode::ConfirmationRequired);
    let field_error = move |f: &'static str| error().and_then(|e| e.for_field(f));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit(false);
    };
    view! {
        <Modal open id="add-domain" title="Add a Defence Email Domain" class="dialog-wide">
            <form class="form" on:submit=on_submit novalidate>
                {move || error().filter(|e| e.field.is_none() && e.code != ErrorCode::ConfirmationRequired).map(|e| view! { <ErrorAlert message=e.message/> })}
                {move || needs_confirmation().map(|e| view! {
                    <div class="alert alert-warn" role="alert">
                        <p>{e.message}</p>
                        <button type="button" class="button button-secondary" on:click=move |_| submit(true)>"Add it anyway"</button>
                    </div>
                })}
                <div class="field">
                    <label for="domain-name">"Email domain"</label>
                    <p class="hint" id="domain-hint">"The part of the email address after the @, for example johnson.co.uk.cjsm.net."</p>
                    <input id="domain-name" type="text" autocomplete="off" bind:value=domain aria-describedby="domain-hint domain-error"
                        aria-invalid=move || field_error("domain").is_some().to_string()/>
                    <p class="field-error" id="domain-error">{move || field_error("domain")}</p>
                </div>
                <DefendantChoices id_prefix="domain" defendants picked error=Signal::derive(move || field_error("defendants"))/>
                <div class="field">
                    <label for="domain-location">"Location"</label>
                    <select id="domain-location" prop:value=move || location.get() on:change=move |ev| location.set(event_target_value(&ev)) aria-describedby="domain-location-hint">
                        <option value="">"All"</option>
                        {locations.iter().map(|l| view! { <option value=l.clone()>{l.clone()}</option> }).collect_view()}
                    </select>
                    <p class="hint" id="domain-location-hint">
                        {move || if location.get().is_empty() {
                            "Leave this as All unless asked otherwise."
                        } else {
                            "Only the firm's people based at this location get access: this restricts cross-office working."
                        }}
                    </p>
                    <p class="field-error">{move || field_error("location")}</p>
                </div>
                <div class="dialog-actions">
                    <button type="button" class="button button-secondary" on:click=move |_| open.set(false)>"Cancel"</button>
                    <button type="submit" class="button button-primary" disabled=move || action.pending().get()>
                        {move || if action.pending().get() { "Adding…" } else { "Add Defence Email Domain" }}
                    </button>
                </div>
            </form>
        </Modal>
    }
    .into_any()
}
