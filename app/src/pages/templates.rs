//! Case templates (system administrators): a name, a description, a permission policy to copy
//! and the group grants each case made from one gets. A case keeps what it took: changing or
//! deleting a template never changes a case.
use crate::components::dialog::{DialogFooter, Modal};
use crate::components::feedback::{ErrorAlert, Loading, PageFeedback};
use crate::components::page_title::PageTitle;
use crate::components::person_search::DirectoryPicker;
use crate::components::policy_editor::{DefaultsEditor, OverrideLines, add_line, lines_input};
use crate::components::removable::RemoveControl;
use crate::server_data::server_data;
use crate::server_fns::templates::{
    CreateTemplate, DeleteTemplate, UpdateTemplate, get_template_choices, list_templates,
};
use domain::access::policy::PolicyCategory;
use domain::directory::PersonRef;
use domain::policy::Defaults;
use domain::templates::{TemplateChoices, TemplateGroupInput, TemplateInput, TemplateView};
use leptos::prelude::*;

#[component]
pub fn TemplatesPage() -> impl IntoView {
    let feedback = PageFeedback::provide();
    let templates = server_data(move || feedback.reload.get(), |_| list_templates());
    let choices = server_data(|| (), |_| get_template_choices());
    let editing = RwSignal::new(None::<TemplateView>);
    let open = RwSignal::new(false);
    view! {
        <PageTitle text="Case templates"/>
        <div class="page-header">
            <div>
                <h1>"Case templates"</h1>
                <p class="muted">"Starting points for new cases: permissions to copy and groups to give access. A case keeps what it took when its template changes."</p>
            </div>
            <button type="button" class="button button-primary" on:click=move |_| { editing.set(None); open.set(true); }>"+ New template"</button>
        </div>
        {feedback.region()}
        <Transition fallback=|| view! { <Loading label="Loading the templates…"/> }>
            {move || Suspend::new(async move {
                match (templates.await, choices.await) {
                    (Ok(list), Ok(choices)) => view! {
                        <section class="panel" aria-labelledby="templates-heading">
                            <h2 id="templates-heading">"Templates"</h2>
                            {if list.is_empty() {
                                view! { <p class="empty-inline">"No templates yet. New cases take the global defaults."</p> }.into_any()
                            } else {
                                view! { <ul class="role-list">{list.into_iter().map(|t| view! { <TemplateRow template=t editing open/> }).collect_view()}</ul> }.into_any()
                            }}
                        </section>
                        <TemplateDialog open editing choices/>
                    }
                    .into_any(),
                    (Err(e), _) | (_, Err(e)) => view! { <ErrorAlert message=e.message/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// "Batch updates: Not allowed · 2 per-user lines · NOMS (all locations) as Reviewer".
fn summary(template: &TemplateView) -> String {
    let mut parts: Vec<String> = PolicyCategory::ALL
        .into_iter()
        .filter(|c| template.defaults.get(*c) != domain::access::policy::CaseDefault::ByRole)
        .map(|c| format!("{}: {}", c.title(), template.defaults.get(c).label()))
        .collect();
    if !template.overrides.is_empty() {
        parts.push(format!(
            "{} per-user line{}",
            template.overrides.len(),
            if template.overrides.len() == 1 { "" } else { "s" }
        ));
    }
    parts.extend(template.groups.iter().map(|g| {
        format!(
            "{} ({}) as {}",
            g.usual_role,
            g.location.clone().unwrap_or_else(|| "all locations".into()),
            g.role.name
        )
    }));
    if parts.is_empty() { "The global defaults' permissions, no groups".into() } else { parts.join(" · ") }
}

#[component]
fn TemplateRow(template: TemplateView, editing: RwSignal<Option<TemplateView>>, open: RwSignal<bool>) -> impl IntoView {
    let feedback = PageFeedback::get();
    let delete = ServerAction::<DeleteTemplate>::new();
    let confirming = RwSignal::new(false);
    let name = template.name.clone();
    {
        let name = name.clone();
        Effect::new(move |_| {
            if let Some(Ok(())) = delete.value().get() {
                confirming.set(false);
                feedback.done(format!("Deleted the template {name}."));
            }
        });
    }
    let id = template.id;
    let text = summary(&template);
    let description = template.description.clone();
    view! {
        <li class="role-row">
            <div>
                <span class="person-name">{name.clone()}</span>
                {(!description.is_empty()).then(|| view! { <div>{description}</div> })}
                <div class="muted">{text}</div>
            </div>
            <div class="row-actions">
                <button type="button" class="button button-secondary" aria-label=format!("Edit the template {name}")
                    on:click=move |_| { editing.set(Some(template.clone())); open.set(true); }>"Edit"</button>
                <RemoveControl id=format!("delete-template-{id}") label="Delete" aria_label=format!("Delete the template {name}")
                    title=format!("Delete the template {name}?") confirm_label="Delete template" open=confirming pending=delete.pending()
                    error=Signal::derive(move || delete.value().get().and_then(|r| r.err()))
                    on_confirm=Callback::new(move |_| { delete.dispatch(DeleteTemplate { id }); })>
                    <p>"It is no longer offered for new cases. Cases made from it keep their permissions and groups."</p>
                </RemoveControl>
            </div>
        </li>
    }
    .into_any()
}

/// One group line of the form: each field its own signal, keyed so rows keep their inputs.
#[derive(Clone, Copy)]
struct GroupLine {
    key: usize,
    usual_role: RwSignal<String>,
    location: RwSignal<String>,
    role: RwSignal<String>,
}

#[component]
fn TemplateDialog(
    open: RwSignal<bool>,
    editing: RwSignal<Option<TemplateView>>,
    choices: TemplateChoices,
) -> impl IntoView {
    let feedback = PageFeedback::get();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let defaults = RwSignal::new(Defaults::default());
    let lines = RwSignal::new(Vec::new());
    let groups = RwSignal::new(Vec::<GroupLine>::new());
    let next_key = StoredValue::new(0usize);
    let first_role = choices.roles.first().map(|r| r.key.clone()).unwrap_or_default();
    let first_usual = choices.usual_roles.first().cloned().unwrap_or_default();
    let new_line = move |usual_role: String, location: String, role: String| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        GroupLine {
            key,
            usual_role: RwSignal::new(usual_role),
            location: RwSignal::new(location),
            role: RwSignal::new(role),
        }
    };
    let create = ServerAction::<CreateTemplate>::new();
    let update = ServerAction::<UpdateTemplate>::new();
    // Opening fills the form from the template being edited, or empties it.
    Effect::new(move |_| {
        if open.get() {
            let template = editing.get_untracked();
            name.set(template.as_ref().map(|t| t.name.clone()).unwrap_or_default());
            description.set(template.as_ref().map(|t| t.description.clone()).unwrap_or_default());
            defaults.set(template.as_ref().map(|t| t.defaults).unwrap_or_default());
            lines.set(template.as_ref().map(|t| t.overrides.clone()).unwrap_or_default());
            groups.set(
                template
                    .map(|t| {
                        t.groups
                            .into_iter()
                            .map(|g| new_line(g.usual_role, g.location.unwrap_or_default(), g.role.key))
                            .collect()
                    })
                    .unwrap_or_default(),
            );
            create.value().set(None);
            update.value().set(None);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(t)) = create.value().get() {
            open.set(false);
            feedback.done(format!("Added the template {}.", t.name));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(t)) = update.value().get() {
            open.set(false);
            feedback.done(format!("Saved the template {}.", t.name));
        }
    });
    let error = move || create.value().get().or_else(|| update.value().get()).and_then(|r| r.err());
    let field_error = move |f: &'static str| error().and_then(|e| e.for_field(f));
    let pending = move || create.pending().get() || update.pending().get();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = TemplateInput {
            name: name.get_untracked(),
            description: description.get_untracked(),
            defaults: defaults.get_untracked(),
            overrides: lines_input(&lines.get_untracked()),
            groups: groups
                .get_untracked()
                .iter()
                .map(|g| TemplateGroupInput {
                    usual_role: g.usual_role.get_untracked(),
                    location: Some(g.location.get_untracked()).filter(|l| !l.is_empty()),
                    role: g.role.get_untracked(),
                })
                .collect(),
            version: editing.get_untracked().map(|t| t.version),
        };
        match editing.get_untracked() {
            Some(t) => {
                update.dispatch(UpdateTemplate { id: t.id, input });
            }
            None => {
                create.dispatch(CreateTemplate { input });
            }
        }
    };
    let title =
        Signal::derive(
            move || if editing.get().is_some() { "Edit template".to_string() } else { "New template".to_string() },
        );
    let choices = StoredValue::new(choices);
    view! {
        <Modal open id="template-dialog" title=title class="dialog-wide">
            <form class="form" on:submit=submit novalidate>
                {move || error().filter(|e| e.field.as_deref() != Some("name")).map(|e| view! { <ErrorAlert message=e.message/> })}
                <div class="field">
                    <label for="template-name">"Name"</label>
                    <input id="template-name" type="text" maxlength="100" autocomplete="off" bind:value=name
                        aria-invalid=move || field_error("name").is_some().to_string() aria-describedby="template-name-error"/>
                    <p class="field-error" id="template-name-error">{move || field_error("name")}</p>
                </div>
                <div class="field">
                    <label for="template-description">"Description"</label>
                    <textarea id="template-description" rows="2" bind:value=description></textarea>
                </div>
                <h3 class="subheading">"Case defaults"</h3>
                <DefaultsEditor id_prefix="template-default" defaults disabled=false/>
                <h3 class="subheading">"Per-user permissions"</h3>
                <DirectoryPicker id="template-line-person" add_label="Add user to list"
                    on_add=Callback::new(move |person: PersonRef| add_line(lines, person))/>
                <OverrideLines id_prefix="template-line" lines disabled=false/>
                <h3 class="subheading">"Groups given access"</h3>
                {move || groups.with(Vec::is_empty).then(|| view! { <p class="empty-inline">"No groups: only the creator and the default administrators start with access."</p> })}
                <ul class="policy-lines">
                    <For each=move || groups.get() key=|g| g.key let:line>
                        {
                            let GroupLine { key, usual_role, location, role } = line;
                            let c = choices.get_value();
                            view! {
                                <li class="policy-line">
                                    <div class="policy-settings">
                                        <div class="field field-compact">
                                            <label for=format!("group-{key}-usual")>"Usual role"</label>
                                            <select id=format!("group-{key}-usual") bind:value=usual_role>
                                                {c.usual_roles.iter().map(|u| view! { <option value=u.clone()>{u.clone()}</option> }).collect_view()}
                                            </select>
                                        </div>
                                        <div class="field field-compact">
                                            <label for=format!("group-{key}-location")>"Location"</label>
                                            <select id=format!("group-{key}-location") bind:value=location>
                                                <option value="">"All locations"</option>
                                                {c.locations.iter().map(|l| view! { <option value=l.clone()>{l.clone()}</option> }).collect_view()}
                                            </select>
                                        </div>
                                        <div class="field field-compact">
                                            <label for=format!("group-{key}-role")>"Case role"</label>
                                            <select id=format!("group-{key}-role") bind:value=role>
                                                {c.roles.iter().map(|r| view! { <option value=r.key.clone()>{r.name.clone()}</option> }).collect_view()}
                                            </select>
                                        </div>
                                    </div>
                                    <button type="button" class="button button-quiet" aria-label=format!("Remove group {}", key + 1)
                                        on:click=move |_| groups.update(|g| g.retain(|l| l.key != key))>"Remove"</button>
                                </li>
                            }
                        }
                    </For>
                </ul>
                <button type="button" class="button button-secondary align-start"
                    on:click={
                        let (first_usual, first_role) = (first_usual.clone(), first_role.clone());
                        move |_| groups.update(|g| g.push(new_line(first_usual.clone(), String::new(), first_role.clone())))
                    }>"+ Add group"</button>
                <DialogFooter open label="Save template" pending_label="Saving…" pending=Signal::derive(pending)/>
            </form>
        </Modal>
    }
    .into_any()
}
