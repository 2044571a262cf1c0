//! Pending access requests on the People tab, for holders of manage_access (R7): approve with a
//! role, defendants and expiry as when inviting, or deny with a reason.
use crate::components::choices::DefendantChoices;
use crate::components::dialog::{DialogFooter, Modal};
use crate::components::feedback::{ErrorAlert, PageFeedback};
use crate::server_data::server_data;
use crate::server_fns::requests::{ApproveRequest, DenyRequest, list_requests};
use domain::cases::Defendant;
use domain::requests::{AccessRequest, ApproveInput, DenyInput};
use domain::{CaseId, DefendantId};
use leptos::prelude::*;

#[component]
pub fn RequestsPanel(case: CaseId, defendants: Vec<Defendant>) -> impl IntoView {
    let feedback = PageFeedback::get();
    let requests = server_data(move || feedback.reload.get(), move |_| list_requests(case));
    let defendants = StoredValue::new(defendants);
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match requests.await {
                    Ok(list) if list.is_empty() => ().into_any(),
                    Ok(list) => view! {
                        <section class="panel" aria-labelledby="requests-heading">
                            <h2 id="requests-heading">{format!("Access requests ({})", list.len())}</h2>
                            <ul class="request-list">
                                {list.into_iter().map(|r| view! { <RequestRow case request=r defendants=defendants.get_value()/> }).collect_view()}
                            </ul>
                        </section>
                    }
                    .into_any(),
                    Err(e) => view! { <ErrorAlert message=e.message/> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn RequestRow(case: CaseId, request: AccessRequest, defendants: Vec<Defendant>) -> impl IntoView {
    let approving = RwSignal::new(false);
    let denying = RwSignal::new(false);
    let name = request.user.name.clone();
    let about = [request.usual_role.clone(), request.organisation.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li class="request">
            <div class="request-who">
                <span class="person-name">{name.clone()}</span>
                <span class="muted">{format!("{} · {}", request.user.email, about)}</span>
                <span class="muted">{format!("Asked {}", request.created_at.display())}</span>
                {(!request.message.is_empty()).then(|| view! { <p class="request-message">{format!("“{}”", request.message)}</p> })}
            </div>
            <div class="row-actions">
                <button type="button" class="button button-primary" aria-label=format!("Approve {name}'s request") on:click=move |_| approving.set(true)>"Approve…"</button>
                <button type="button" class="button button-danger-outline" aria-label=format!("Deny {name}'s request") on:click=move |_| denying.set(true)>"Deny…"</button>
            </div>
            <ApproveDialog case request=request.clone() defendants open=approving/>
            <DenyDialog case request open=denying/>
        </li>
    }
    .into_any()
}

#[component]
fn ApproveDialog(
    case: CaseId,
    request: AccessRequest,
    defendants: Vec<Defendant>,
    open: RwSignal<bool>,
) -> impl IntoView {
    let feedback = PageFeedback::get();
    let role = RwSignal::new(String::new());
    let picked = RwSignal::new(Vec::<DefendantId>::new());
    let expiry = RwSignal::new(String::new());
    let action = ServerAction::<ApproveRequest>::new();
    let options = StoredValue::new(request.role_options.clone());
    let scoped = move || options.with_value(|o| o.iter().any(|r| r.key == role.get() && r.defendant_scoped));
    Effect::new(move |_| {
        if let Some(Ok(member)) = action.value().get() {
            open.set(false);
            feedback.done(format!("Approved: {} now has access as {}.", member.user.name, member.role_name));
        }
    });
    let error = move || action.value().get().and_then(|r| r.err());
    let field_error = move |f: &'static str| error().and_then(|e| e.for_field(f));
    let id = request.id;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = ApproveInput {
            role: role.get_untracked(),
            defendants: if scoped() { picked.get_untracked() } else { Vec::new() },
            expires_at: Some(expiry.get_untracked()).filter(|e| !e.is_empty()),
        };
        action.dispatch(ApproveRequest { case, id, input });
    };
    let defendants = StoredValue::new(defendants);
    view! {
        <Modal open id=format!("approve-{id}") title=format!("Approve {}'s request", request.user.name) class="dialog-wide">
            <form class="form" on:submit=on_submit novalidate>
                {move || error().filter(|e| e.field.is_none()).map(|e| view! { <ErrorAlert message=e.message/> })}
                <fieldset class="fieldset field">
                    <legend>"Role"</legend>
                    {options.get_value().into_iter().map(|r| {
                        let key = r.key.clone();
                        let value = key.clone();
                        let input_id = format!("approve-{id}-role-{}", r.key);
                        view! {
                            <div class="choice">
                                <input type="radio" name=format!("approve-{id}-role") id=input_id.clone() prop:checked=move || role.get() == key on:change=move |_| role.set(value.clone())/>
                                <label for=input_id>{r.name.clone()}</label>
                            </div>
                        }
                    }).collect_view()}
                    <p class="field-error">{move || field_error("role")}</p>
                </fieldset>
                {move || scoped().then(|| view! {
                    <DefendantChoices id_prefix=format!("approve-{id}") defendants=defendants.get_value() picked error=Signal::derive(move || field_error("defendants"))/>
                })}
                <div class="field">
                    <label for=format!("approve-{id}-expiry")>"Access expires (optional)"</label>
                    <input id=format!("approve-{id}-expiry") type="date" bind:value=expiry/>
                    <p class="field-error">{move || field_error("expires_at")}</p>
                </div>
                <DialogFooter open label="Approve" pending_label="Approving…" pending=action.pending() blocked=Signal::derive(move || role.get().is_empty())/>
            </form>
        </Modal>
    }
    .into_any()
}

#[component]
fn DenyDialog(case: CaseId, request: AccessRequest, open: RwSignal<bool>) -> impl IntoView {
    let feedback = PageFeedback::get();
    let reason = RwSignal::new(String::new());
    let action = ServerAction::<DenyRequest>::new();
    let name = request.user.name.clone();
    {
        let name = name.clone();
        Effect::new(move |_| {
            if let Some(Ok(())) = action.value().get() {
                open.set(false);
                feedback.done(format!("Denied {name}'s request; they have been told why."));
            }
        });
    }
    let error = move || action.value().get().and_then(|r| r.err());
    let id = request.id;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(DenyRequest { case, id, input: DenyInput { reason: reason.get_untracked() } });
    };
    view! {
        <Modal open id=format!("deny-{id}") title=format!("Deny {name}'s request")>
            <form class="form" on:submit=on_submit novalidate>
                {move || error().filter(|e| e.field.is_none()).map(|e| view! { <ErrorAlert message=e.message/> })}
                <div class="field">
                    <label for=format!("deny-{id}-reason")>"Reason"</label>
                    <textarea id=format!("deny-{id}-reason") rows="3" bind:value=reason></textarea>
                    <p class="hint">"Sent to them by email."</p>
                    <p class="field-error">{move || error().and_then(|e| e.for_field("reason"))}</p>
                </div>
                <DialogFooter open label="Deny request" pending_label="Denying…" pending=action.pending() danger=true/>
            </form>
        </Modal>
    }
    .into_any()
}
