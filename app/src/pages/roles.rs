//! Roles: the permission matrix (roles × capabilities) for everyone signed in, and for system
//! administrators the custom roles, which they add, edit and delete. The server refuses the rest.
use crate::ViewerResource;
use crate::components::dialog::{DialogFooter, Modal};
use crate::components::feedback::{ErrorAlert, Loading, PageFeedback, page_error};
use crate::components::page_title::PageTitle;
use crate::components::removable::RemoveControl;
use crate::server_data::server_data;
use crate::server_fns::roles::{CreateRole, DeleteRole, UpdateRole, get_role_matrix};
use domain::access::Capability;
use domain::access::roles::Role;
use domain::access::roles::{CapabilityInfo, RoleInput, RoleMatrix};
use domain::directory::Community;
use leptos::prelude::*;

#[component]
pub fn RolesPage() -> impl IntoView {
    let viewer = expect_context::<ViewerResource>();
    let feedback = PageFeedback::provide();
    let matrix = server_data(move || feedback.reload.get(), |_| get_role_matrix());
    view! {
        <PageTitle text="Roles"/>
        <div class="page-header">
            <div>
                <h1>"Roles and capabilities"</h1>
                <p class="muted">"What each role allows on a case. Built-in roles are read-only."</p>
            </div>
        </div>
        {feedback.region()}
        <Transition fallback=|| view! { <Loading label="Loading the roles…"/> }>
            {move || Suspend::new(async move {
                let admin = matches!(viewer.await, Ok(Some(user)) if user.is_system_admin);
                match matrix.await {
                    Ok(m) => view! {
                        {admin.then(|| view! { <CustomRoles matrix=m.clone()/> })}
                        <Matrix matrix=m/>
                    }
                    .into_any(),
                    Err(e) => page_error(e),
                }
            })}
        </Transition>
    }
}

#[component]
fn CustomRoles(matrix: RoleMatrix) -> impl IntoView {
    let custom: Vec<Role> = matrix.roles.iter().filter(|r| !r.built_in).cloned().collect();
    let editing = RwSignal::new(None::<Role>);
    let dialog_open = RwSignal::new(false);
    let capabilities = StoredValue::new(matrix.capabilities);
    let new_role = move |_| {
        editing.set(None);
        dialog_open.set(true);
    };
    view! {
        <section class="panel" aria-labelledby="custom-roles-heading">
            <div class="panel-header">
                <div>
                    <h2 id="custom-roles-heading">"Custom roles"</h2>
                    <p class="muted">"Roles your organisation needs beyond the built-in ones. A role in use by a grant cannot be deleted."</p>
                </div>
                <button type="button" class="button button-primary" on:click=new_role>"+ New role"</button>
            </div>
            {if custom.is_empty() {
                view! { <p class="empty-inline">"No custom roles yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="role-list">
                        {custom.into_iter().map(|role| view! { <CustomRoleRow role editing dialog_open/> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
        <RoleDialog open=dialog_open editing capabilities=capabilities.get_value()/>
    }
    .into_any()
}

#[component]
fn CustomRoleRow(role: Role, editing: RwSignal<Option<Role>>, dialog_open: RwSignal<bool>) -> impl IntoView {
    let feedback = PageFeedback::get();
    let delete = ServerAction::<DeleteRole>::new();
    let confirming = RwSignal::new(false);
    let name = role.name.clone();
    {
        let name = name.clone();
        Effect::new(move |_| {
            if let Some(Ok(())) = delete.value().get() {
                confirming.set(false);
                feedback.done(format!("Deleted the role {name}."));
            }
        });
    }
    let delete_error = move || delete.value().get().and_then(|r| r.err());
    let summary = format!(
        "{} capabilit{}{}{}",
        role.capabilities.len(),
        if role.capabilities.len() == 1 { "y" } else { "ies" },
        role.community.map(|c| format!(" · offered to {}", c.label())).unwrap_or_default(),
        if role.defendant_scoped { " · scoped to defendants" } else { "" },
    );
    let key = role.key.clone();
    let edit_role = role.clone();
    view! {
        <li class="role-row">
            <div>
                <span class="person-name">{name.clone()}</span>
                <span class="muted">{summary}</span>
            </div>
            <div class="row-actions">
                <button type="button" class="button button-secondary" aria-label=format!("Edit the role {name}")
                    on:click=move |_| { editing.set(Some(edit_role.clone())); dialog_open.set(true); }>"Edit"</button>
                <RemoveControl id=format!("delete-role-{key}") label="Delete" aria_label=format!("Delete the role {name}") title=format!("Delete the role {name}?")
                    confirm_label="Delete role" open=confirming pending=delete.pending() error=Signal::derive(delete_error)
                    on_confirm=Callback::new({
                        let key = key.clone();
                        move |_| { delete.dispatch(DeleteRole { key: key.clone() }); }
                    })>
                    <p>"It disappears from the role choices. This cannot be undone."</p>
                </RemoveControl>
            </div>
        </li>
    }
    .into_any()
}

/// Adds a role, or edits the one in `editing`.
#[component]
fn RoleDialog(
    open: RwSignal<bool>,
    editing: RwSignal<Option<Role>>,
    capabilities: Vec<CapabilityInfo>,
) -> impl IntoView {
    let feedback = PageFeedback::get();
    let name = RwSignal::new(String::new());
    let community = RwSignal::new(String::new());
    let scoped = RwSignal::new(false);
    let chosen = RwSignal::new(Vec::<Capability>::new());
    let create = ServerAction::<CreateRole>::new();
    let update = ServerAction::<UpdateRole>::new();
    // Opening the dialog fills the form from the role being edited, or empties it.
    Effect::new(move |_| {
        if open.get() {
            let role = editing.get_untracked();
            name.set(role.as_ref().map(|r| r.name.clone()).unwrap_or_default());
            community.set(role.as_ref().and_then(|r| r.community).map(|c| c.as_str().to_string()).unwrap_or_default());
            scoped.set(role.as_ref().is_some_and(|r| r.defendant_scoped));
            chosen.set(role.map(|r| r.capabilities.into_iter().collect()).unwrap_or_default());
            create.value().set(None);
            update.value().set(None);
        }
    });
    let saved = move |role: Role, verb: &str| {
        open.set(false);
        feedback.done(format!("{verb} the role {}.", role.name));
    };
    Effect::new(move |_| {
        if let Some(Ok(role)) = create.value().get() {
            saved(role, "Added");
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(role)) = update.value().get() {
            saved(role, "Saved");
        }
    });
    let error = move || create.value().get().or_else(|| update.value().get()).and_then(|r| r.err());
    let field_error = move |f: &'static str| error().and_then(|e| e.for_field(f));
    let pending = move || create.pending().get() || update.pending().get();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = RoleInput {
            name: name.get_untracked(),
            capabilities: chosen.get_untracked(),
            community: Community::parse(&community.get_untracked()),
            defendant_scoped: scoped.get_untracked(),
        };
        match editing.get_untracked() {
            Some(role) => {
                update.dispatch(UpdateRole { key: role.key, input });
            }
            None => {
                create.dispatch(CreateRole { input });
            }
        }
    };
    let title =
        Signal::derive(move || if editing.get().is_some() { "Edit role".to_string() } else { "New role".to_string() });
    view! {
        <Modal open id="role-dialog" title=title class="dialog-wide">
            <form class="form" on:submit=on_submit novalidate>
                {move || error().filter(|e| e.field.is_none()).map(|e| view! { <ErrorAlert message=e.message/> })}
                <div class="field">
                    <label for="role-name">"Name"</label>
                    <input id="role-name" type="text" maxlength="60" autocomplete="off" bind:value=name
                        aria-invalid=move || field_error("name").is_some().to_string() aria-describedby="role-name-error"/>
                    <p class="field-error" id="role-name-error">{move || field_error("name")}</p>
                </div>
                <div class="field">
                    <label for="role-community">"Offered when inviting"</label>
                    <select id="role-community" prop:value=move || community.get() on:change=move |ev| community.set(event_target_value(&ev))>
                        <option value="">"To anyone (a general role)"</option>
                        {Community::ALL.iter().map(|c| view! { <option value=c.as_str()>{format!("To the {} community", c.label().to_lowercase())}</option> }).collect_view()}
                    </select>
                </div>
                <div class="choice">
                    <input type="checkbox" id="role-scoped" prop:checked=move || scoped.get() on:change=move |_| scoped.update(|s| *s = !*s)/>
                    <label for="role-scoped">"Scoped to defendants: whoever is given it sees only the defendants they are granted"</label>
                </div>
                <fieldset class="fieldset field capability-choices">
                    <legend>"Capabilities"</legend>
                    {capabilities.into_iter().map(|c| {
                        let cap = c.capability;
                        let id = format!("cap-{}", cap.as_str());
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=id.clone() prop:checked=move || chosen.get().contains(&cap)
                                    on:change=move |_| chosen.update(|list| if list.contains(&cap) { list.retain(|x| *x != cap) } else { list.push(cap) })/>
                                <label for=id><code>{cap.as_str()}</code> " " <span class="muted">{c.description}</span></label>
                            </div>
                        }
                    }).collect_view()}
                    <p class="field-error">{move || field_error("capabilities")}</p>
                </fieldset>
                <DialogFooter open label=Signal::derive(move || if editing.get().is_some() { "Save role".to_string() } else { "Add role".to_string() })
                    pending_label="Saving…" pending=Signal::derive(pending)/>
            </form>
        </Modal>
    }
    .into_any()
}

#[component]
fn Matrix(matrix: RoleMatrix) -> impl IntoView {
    view! {
        <h2 class="section-heading">"Permission matrix"</h2>
        // The matrix is wider than most screens: a focusable region lets keyboard users scroll it.
        <div class="table-wrap" tabindex="0" role="region" aria-label="Permission matrix">
            <table class="table matrix">
                <caption class="visually-hidden">"Roles (columns) and the capabilities they hold (rows)"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Capability"</th>
                        {matrix.roles.iter().map(|r| view! {
                            <th scope="col">{r.name.clone()}{(!r.built_in).then_some(view! { <span class="badge">"Custom"</span> })}</th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {matrix.capabilities.iter().map(|c| view! {
                        <tr>
                            <th scope="row">
                                <code>{c.capability.as_str()}</code>
                                <span class="muted matrix-description">{c.description.clone()}</span>
                            </th>
                            {matrix.roles.iter().map(|r| {
                                let holds = r.holds(c.capability);
                                view! {
                                    <td class:holds=holds>
                                        {if holds { "✓" } else { "—" }}
                                        <span class="visually-hidden">{if holds { " allowed" } else { " not allowed" }}</span>
                                    </td>
                                }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
