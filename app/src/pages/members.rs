//! The People tab (the sharing view): everyone with access, how and why; role changes, revoking
//! and inviting for those who manage access. The server refuses whatever the viewer may not do.
use crate::components::case_header::{CaseHeader, CaseTab};
use crate::components::choices::DefendantChoices;
use crate::components::dialog::{DialogFooter, Modal};
use crate::components::feedback::{ErrorAlert, Loading, PageFeedback};
use crate::components::pagination::{Pagination, showing};
use crate::components::person_search::PersonSearch;
use crate::components::removable::{RemoveControl, RemoveStyle};
use crate::pages::case_page::with_case;
use crate::pages::requests::RequestsPanel;
use crate::server_data::server_data;
use crate::server_fns::directory::SearchUsers;
use crate::server_fns::members::{ChangeMember, InviteMember, RevokeMember, list_members};
use domain::access::roles::RoleOption;
use domain::cases::{CaseDetail, Defendant};
use domain::directory::DirectoryUser;
use domain::members::{InviteInput, Member, MemberChange, MemberQuery};
use domain::{CaseId, DefendantId};
use leptos::prelude::*;

#[component]
pub fn PeoplePage() -> impl IntoView {
    with_case(|case| view! { <People case/> }.into_any())
}

#[component]
fn People(case: CaseDetail) -> impl IntoView {
    let case_id = case.id;
    let feedback = PageFeedback::provide();
    // The page of people shown; a change reloads the same page.
    let page = RwSignal::new(None::<u32>);
    let members = server_data(
        move || (feedback.reload.get(), page.get()),
        move |(_, page)| list_members(case_id, MemberQuery { page, ..Default::default() }),
    );
    let adding = RwSignal::new(false);
    let defendants = case.defendants.clone();
    view! {
        <CaseHeader case=case.clone() active=CaseTab::People/>
        {feedback.region()}
        <Transition fallback=|| view! { <Loading label="Loading who has access…"/> }>
            {move || {
                let defendants = defendants.clone();
                Suspend::new(async move {
                    match members.await {
                        Ok(list) => {
                            let can_manage = list.can_manage;
                            let summary = showing(list.page, list.per_page, list.members.len(), list.total, "person", "people");
                            let (current, pages) = (list.page, list.pages());
                            let rows = list.members.iter().cloned().map(|m| {
                                let options = list.options_for(m.community).to_vec();
                                view! { <MemberRow case=case_id member=m options/> }
                            }).collect_view();
                            view! {
                                {can_manage.then(|| view! { <RequestsPanel case=case_id defendants=defendants.clone()/> })}
                                <section class="panel" aria-labelledby="people-heading">
                                    <div class="panel-header">
                                        <h2 id="people-heading">"People with access"</h2>
                                        {can_manage.then(|| view! {
                                            <button type="button" class="button button-primary" on:click=move |_| adding.set(true)>"+ Add a user"</button>
                                        })}
                                    </div>
                                    {(pages > 1).then(|| view! { <p class="list-summary" aria-live="polite">{summary}</p> })}
                                    <ul class="member-list">{rows}</ul>
                                    <Pagination label="Pages of people" page=current pages go=Callback::new(move |to| page.set(Some(to)))/>
                                </section>
                                {can_manage.then(|| view! { <AddUserDialog case=case_id defendants=defendants.clone() open=adding/> })}
                            }
                            .into_any()
                        }
                        Err(e) => view! { <ErrorAlert message=e.message/> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
    .into_any()
}

#[component]
fn MemberRow(
    case: CaseId,
    member: Member,
    /// The roles the dropdown offers them (their community's); empty when it is not shown.
    options: Vec<RoleOption>,
) -> impl IntoView {
    let feedback = PageFeedback::get();
    let name = member.user.name.clone();
    // The server decides per row who may change it (`domain::members::may_edit`) and decides
    // again on every change.
    let editable = member.can_edit;
    let change = ServerAction::<ChangeMember>::new();
    let revoke = ServerAction::<RevokeMember>::new();
    let confirming = RwSignal::new(false);
    let user_id = member.user.id;
    let version = member.version.unwrap_or_default();
    {
        let name = name.clone();
        Effect::new(move |_| match change.value().get() {
            Some(Ok(updated)) => feedback.done(format!("Saved: {} is now {}.", updated.user.name, updated.role_name)),
            Some(Err(e)) => feedback.done(format!("Could not change {name}'s role: {}", e.message)),
            None => {}
        });
    }
    {
        let name = name.clone();
        Effect::new(move |_| {
            if let Some(Ok(())) = revoke.value().get() {
                confirming.set(false);
                feedback.done(format!("Removed {name}'s access."));
            }
        });
    }
    let revoke_error = move || revoke.value().get().and_then(|r| r.err());
    let select_id = format!("role-{user_id}");
    let defendants_text = match &member.defendants {
        None => "All defendants".to_string(),
        // Their defendants are all outside the viewer's own scope, so none is named.
        Some(list) if list.is_empty() => "Other defendants".to_string(),
        Some(list) => list.iter().map(|d| d.name.clone()).collect::<Vec<_>>().join(", "),
    };
    // Access ends at the first instant after the chosen day; show the last day it still holds.
    let expiry_text = member
        .expires_at
        .map(|t| format!("Until {}", domain::Timestamp(t.0 - 1).display_date()))
        .unwrap_or_else(|| "No expiry".into());
    let role_control = if editable {
        let current = member.grant_role.clone().unwrap_or_default();
        view! {
            <label class="visually-hidden" for=select_id.clone()>{format!("Role of {name}")}</label>
            <select id=select_id class="role-select" disabled=move || change.pending().get()
                on:change=move |ev| {
                    let role = event_target_value(&ev);
                    change.dispatch(ChangeMember { case, member: user_id, change: MemberChange { role: Some(role), version, ..Default::default() } });
                }>
                {options.iter().map(|o| view! {
                    <option value=o.key.clone() selected=o.key == current>{o.name.clone()}</option>
                }).collect_view()}
            </select>
        }
        .into_any()
    } else {
        view! { <span class="role-text">{member.role_name.clone()}</span> }.into_any()
    };
    let why = member.why.clone();
    view! {
        <li class="member">
            <div class="member-who">
                <span class="person-name">{name.clone()}</span>
                <span class="muted">{member.user.email.clone()}</span>
                <span class="badges">{member.paths.iter().map(|p| view! { <span class="badge">{p.label()}</span> }).collect_view()}</span>
            </div>
            <div class="member-role">{role_control}</div>
            <div class="member-terms">
                <span>{expiry_text}</span>
                <span class="muted">{defendants_text}</span>
            </div>
            <details class="why">
                <summary>"Why?"</summary>
                <ul>
                    {why.paths.into_iter().map(|p| view! {
                        <li><span class="badge">{p.role}</span> " " {p.reason}
                            {p.expires_at.map(|t| format!(" (until {})", t.display()))}</li>
                    }).collect_view()}
                    {why.policy.into_iter().map(|l| view! {
                        <li>{l.reason}</li>
                    }).collect_view()}
                </ul>
            </details>
            <div class="member-actions">
                {editable.then(|| view! {
                    <RemoveControl id=format!("revoke-{user_id}") label="Remove" aria_label=format!("Remove access for {name}") title=format!("Remove {name}'s access?")
                        confirm_label="Remove access" style=RemoveStyle::Trashcan open=confirming pending=revoke.pending() error=Signal::derive(revoke_error)
                        on_confirm=Callback::new(move |_| { revoke.dispatch(RevokeMember { case, member: user_id }); })>
                        <p>"They will no longer be able to open this case, unless another path gives them access."</p>
                    </RemoveControl>
                })}
            </div>
        </li>
    }
    .into_any()
}

#[component]
fn AddUserDialog(case: CaseId, defendants: Vec<Defendant>, open: RwSignal<bool>) -> impl IntoView {
    let feedback = PageFeedback::get();
    let query = RwSignal::new(String::new());
    let search = ServerAction::<SearchUsers>::new();
    let chosen = RwSignal::new(None::<DirectoryUser>);
    let role = RwSignal::new(String::new());
    let picked = RwSignal::new(Vec::<DefendantId>::new());
    let expiry = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let invite = ServerAction::<InviteMember>::new();
    let reset = move || {
        query.set(String::new());
        chosen.set(None);
        role.set(String::new());
        picked.set(Vec::new());
        expiry.set(String::new());
        message.set(String::new());
    };
    Effect::new(move |_| {
        if let Some(Ok(member)) = invite.value().get() {
            open.set(false);
            reset();
            feedback.done(format!("Invited {} as {}.", member.user.name, member.role_name));
        }
    });
    // Choosing a person replaces the search with the role choices: focus follows, so a keyboard
    // user is not dropped back at the top of the page.
    Effect::new(move |_| {
        if chosen.get().is_some() {
            focus_first("#add-user input[name=role]");
        }
    });
    let error = move || invite.value().get().and_then(|r| r.err());
    let field_error = move |f: &'static str| error().and_then(|e| e.for_field(f));
    let scoped = move || {
        chosen
            .get()
            .and_then(|u| u.offered_roles.into_iter().find(|r| r.key == role.get()))
            .is_some_and(|r| r.defendant_scoped)
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(user) = chosen.get_untracked() else { return };
        invite.dispatch(InviteMember {
            case,
            input: InviteInput {
                email: user.email,
                role: role.get_untracked(),
                defendants: if scoped() { picked.get_untracked() } else { Vec::new() },
                expires_at: Some(expiry.get_untracked()).filter(|e| !e.is_empty()),
                message: Some(message.get_untracked()).filter(|m| !m.trim().is_empty()),
            },
        });
    };
    let defendants = StoredValue::new(defendants);
    view! {
        <Modal open id="add-user" title="Add a user" class="dialog-wide">
            <form class="form" on:submit=on_submit novalidate>
                {move || error().filter(|e| e.field.is_none()).map(|e| view! { <ErrorAlert message=e.message/> })}
                {move || match chosen.get() {
                    None => view! {
                        <PersonSearch id="user-search" query search chosen autofocus=true error=Signal::derive(move || field_error("email"))/>
                    }.into_any(),
                    Some(user) => view! {
                        <div class="chosen">
                            <span><strong>{user.name.clone()}</strong> " " <span class="muted">{user.email.clone()}</span></span>
                            <button type="button" class="button button-quiet" on:click=move |_| { chosen.set(None); role.set(String::new()); }>"Change person"</button>
                        </div>
                        <fieldset class="fieldset field">
                            <legend>"Role"</legend>
                            {user.offered_roles.iter().map(|r| {
                                let key = r.key.clone();
                                let id = format!("role-option-{}", r.key);
                                let value = key.clone();
                                view! {
                                    <div class="choice">
                                        <input type="radio" name="role" id=id.clone() value=key.clone()
                                            prop:checked=move || role.get() == key
                                            on:change=move |_| role.set(value.clone())/>
                                        <label for=id>{r.name.clone()}</label>
                                    </div>
                                }
                            }).collect_view()}
                            {move || field_error("role").map(|m| view! { <p class="field-error">{m}</p> })}
                        </fieldset>
                        {move || scoped().then(|| view! {
                            <DefendantChoices id_prefix="add-user" defendants=defendants.get_value() picked error=Signal::derive(move || field_error("defendants"))/>
                        })}
                        <div class="field">
                            <label for="invite-expiry">"Access expires (optional)"</label>
                            <input id="invite-expiry" type="date" bind:value=expiry/>
                            {move || field_error("expires_at").map(|m| view! { <p class="field-error">{m}</p> })}
                        </div>
                        <div class="field">
                            <label for="invite-message">"Message (optional)"</label>
                            <textarea id="invite-message" rows="3" bind:value=message></textarea>
                        </div>
                    }.into_any(),
                }}
                <DialogFooter open label="Invite" pending_label="Inviting…" pending=invite.pending()
                    blocked=Signal::derive(move || chosen.get().is_none() || role.get().is_empty()) on_cancel=Callback::new(move |_| reset())/>
            </form>
        </Modal>
    }
    .into_any()
}

fn focus_first(selector: &str) {
    use leptos::wasm_bindgen::JsCast;
    if let Some(element) =
        document().query_selector(selector).ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}
