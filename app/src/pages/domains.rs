//! The Access tab's defence email domains (SPEC §4 path 4): a row per domain grant with its
//! remove control, and the add dialog with R5's confirmation for a domain nobody owns.
use super::access::location_text;
use crate::components::choices::DefendantChoices;
use crate::components::dialog::{DialogFooter, Modal};
use crate::components::feedback::{ErrorAlert, PageFeedback};
use crate::components::removable::RemoveControl;
use crate::error::ErrorCode;
use crate::server_fns::domains::{AddDomain, RemoveDomain};
use domain::cases::Defendant;
use domain::domains::{DomainGrantView, DomainInput};
use domain::{CaseId, DefendantId};
use leptos::prelude::*;

#[component]
pub fn DomainRow(case: CaseId, domain: DomainGrantView, can_manage: bool) -> impl IntoView {
    let feedback = PageFeedback::get();
    let remove = ServerAction::<RemoveDomain>::new();
    let confirming = RwSignal::new(false);
    let name = domain.domain.clone();
    {
        let name = name.clone();
        Effect::new(move |_| {
            if let Some(Ok(())) = remove.value().get() {
                confirming.set(false);
                feedback.done(format!("Removed the domain {name}."));
            }
        });
    }
    let error = move || remove.value().get().and_then(|r| r.err());
    let id = domain.id;
    let defendants = if domain.defendants.is_empty() {
        "Other defendants".to_string()
    } else {
        domain.defendants.iter().map(|d| d.name.clone()).collect::<Vec<_>>().join(", ")
    };
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
                    <RemoveControl id=format!("remove-domain-{id}") label="Remove" aria_label=format!("Remove the domain {name}") title=format!("Remove {name}?")
                        confirm_label="Remove domain" open=confirming pending=remove.pending() error=Signal::derive(error)
                        on_confirm=Callback::new(move |_| { remove.dispatch(RemoveDomain { case, id }); })>
                        <p>"Everyone who has access only through this domain loses it at once."</p>
                    </RemoveControl>
                </div>
            })}
        </li>
    }
    .into_any()
}

#[component]
pub fn AddDomainDialog(
    case: CaseId,
    open: RwSignal<bool>,
    locations: Vec<String>,
    defendants: Vec<Defendant>,
) -> impl IntoView {
    let feedback = PageFeedback::get();
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
            open.set(false);
            domain.set(String::new());
            picked.set(Vec::new());
            location.set(String::new());
            feedback.done(format!("Added {}: its people now have access as Defence Advocate.", added.domain));
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
                <DialogFooter open label="Add Defence Email Domain" pending_label="Adding…" pending=action.pending()/>
            </form>
        </Modal>
    }
    .into_any()
}
