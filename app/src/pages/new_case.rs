use crate::components::feedback::{ErrorAlert, Loading, page_error};
use crate::components::page_title::PageTitle;
use crate::server_data::server_data;
use crate::server_fns::cases::CreateCase;
use crate::server_fns::directory::new_case_offices;
use crate::server_fns::templates::list_templates;
use domain::OfficeId;
use domain::cases::NewCaseInput;
use domain::directory::Office;
use domain::templates::TemplateView;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn NewCasePage() -> impl IntoView {
    let offices = server_data(|| (), |_| new_case_offices());
    let templates = server_data(|| (), |_| list_templates());
    view! {
        <PageTitle text="New case"/>
        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">"Cases"</a><span aria-hidden="true">" / "</span><span>"New case"</span></nav>
        <div class="page-header">
            <div>
                <h1>"New case"</h1>
                <p class="muted">"You will own the case and be its first case administrator."</p>
            </div>
        </div>
        <Suspense fallback=|| view! { <Loading label="Loading…"/> }>
            {move || Suspend::new(async move {
                match (offices.await, templates.await) {
                    (Ok((list, mine)), Ok(templates)) => {
                        view! { <NewCaseForm offices=list default_office=mine templates/> }.into_any()
                    }
                    (Err(e), _) | (_, Err(e)) => page_error(e),
                }
            })}
        </Suspense>
    }
}

/// A text input with its label and, when the server refused it, its message.
#[component]
fn TextField(
    id: &'static str,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = false)] required: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = move || {
        let mut ids = Vec::new();
        if hint.is_some() {
            ids.push(hint_id.clone());
        }
        if error.get().is_some() {
            ids.push(error_id.clone());
        }
        ids.join(" ")
    };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id>{label}{required.then_some(view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
            <input id=id name=id type=kind bind:value=value required=required
                aria-invalid=move || error.get().is_some().to_string() aria-describedby=described/>
            {move || error.get().map(|m| view! { <p class="field-error" id=format!("{id}-error")>{m}</p> })}
        </div>
    }
}

#[component]
fn NewCaseForm(offices: Vec<Office>, default_office: Option<OfficeId>, templates: Vec<TemplateView>) -> impl IntoView {
    let reference = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let target_date = RwSignal::new(String::new());
    let office =
        RwSignal::new(default_office.or(offices.first().map(|o| o.id)).map(|o| o.0.to_string()).unwrap_or_default());
    let next_key = StoredValue::new(1usize);
    let defendants = RwSignal::new(vec![(0usize, RwSignal::new(String::new()))]);
    let template = RwSignal::new(String::new());
    let copy_permissions = RwSignal::new(true);
    // Ticked when a template is chosen, as Primafact does; a plain case opens on its overview.
    let show_permissions = RwSignal::new(false);

    let action = ServerAction::<CreateCase>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = action.value().get() {
            // Primafact's "show case permissions after the case is created": the new case opens
            // on its Permissions tab, which says why.
            let page = if show_permissions.get_untracked() { "/permissions?created=1" } else { "" };
            navigate(&format!("/cases/{id}{page}"), Default::default());
        }
    });
    let error = move || action.value().get().and_then(|r| r.err());
    // Checked here first so every problem shows at once; the server checks again and decides.
    let problems = RwSignal::new(Vec::<domain::error::ValidationError>::new());
    let field_error = move |field: &'static str| {
        Signal::derive(move || {
            problems
                .with(|p| p.iter().find(|e| e.field == field).map(|e| e.message.clone()))
                .or_else(|| error().and_then(|e| e.for_field(field)))
        })
    };

    let add_defendant = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        defendants.update(|list| list.push((key, RwSignal::new(String::new()))));
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = NewCaseInput {
            reference: reference.get_untracked(),
            title: title.get_untracked(),
            description: description.get_untracked(),
            office_id: office.get_untracked().parse().ok().map(OfficeId),
            target_date: Some(target_date.get_untracked()).filter(|d| !d.is_empty()),
            defendants: defendants.get_untracked().iter().map(|(_, name)| name.get_untracked()).collect(),
            template_id: template.get_untracked().parse().ok(),
            copy_permissions: Some(copy_permissions.get_untracked()),
        };
        // The browser's clock is not trusted with "today": past dates are the server's to refuse.
        let found = domain::cases::new_case_problems(&input, chrono::NaiveDate::MIN);
        let clean = found.is_empty();
        problems.set(found);
        if clean {
            action.dispatch(CreateCase { input });
        }
    };
    let has_offices = !offices.is_empty();
    let has_templates = !templates.is_empty();
    let chosen_description = {
        let templates = templates.clone();
        move || {
            let id: i64 = template.get().parse().ok()?;
            templates.iter().find(|t| t.id == id).map(|t| t.description.clone()).filter(|d| !d.is_empty())
        }
    };
    // Numbered rows, so each input's label says which defendant it is.
    let rows = move || defendants.get().into_iter().enumerate().collect::<Vec<_>>();

    view! {
        <form class="form panel" on:submit=on_submit novalidate>
            {move || match problems.with(Vec::len) {
                0 => error().map(|e| view! { <ErrorAlert message=e.message/> }.into_any()),
                1 => Some(view! { <ErrorAlert message="Fix the problem marked below."/> }.into_any()),
                n => Some(view! { <ErrorAlert message=format!("Fix the {n} problems marked below.")/> }.into_any()),
            }}
            <div class="form-grid">
                <TextField id="reference" label="Reference" value=reference error=field_error("reference") required=true
                    hint="Unique across Caseward, like CASE-0042."/>
                <TextField id="title" label="Title" value=title error=field_error("title") required=true hint="For example, R v Smith."/>
            </div>
            <div class="field" class:field-invalid=move || field_error("description").get().is_some()>
                <label for="description">"Description"</label>
                <textarea id="description" name="description" rows="3" bind:value=description></textarea>
                {move || field_error("description").get().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <div class="form-grid">
                {has_offices.then(|| view! {
                    <div class="field" class:field-invalid=move || field_error("office_id").get().is_some()>
                        <label for="office">"Office"</label>
                        <select id="office" name="office" bind:value=office>
                            {offices.iter().map(|o| view! { <option value=o.id.0.to_string()>{o.name.clone()}</option> }).collect_view()}
                        </select>
                        {move || field_error("office_id").get().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                })}
                <TextField id="target_date" label="Target date (optional)" kind="date" value=target_date error=field_error("target_date")/>
            </div>
            <fieldset class="field fieldset" class:field-invalid=move || field_error("defendants").get().is_some()
                aria-describedby="defendants-hint">
                <legend>"Defendants" <span class="required" aria-hidden="true">" *"</span></legend>
                <p class="hint" id="defendants-hint">"At least one. Documents can later be tied to a defendant, and access limited to some defendants."</p>
                <ol class="defendant-rows">
                    <For each=rows key=|(_, (key, _))| *key let:row>
                        {
                            let (index, (key, name)) = row;
                            let input_id = format!("defendant-{key}");
                            view! {
                                <li class="defendant-row">
                                    <label class="visually-hidden" for=input_id.clone()>{format!("Defendant {} name", index + 1)}</label>
                                    <input id=input_id name="defendants" type="text" bind:value=name placeholder="Full name"/>
                                    <button type="button" class="button button-quiet"
                                        aria-label=format!("Remove defendant {}", index + 1)
                                        disabled=move || defendants.with(|d| d.len() <= 1)
                                        on:click=move |_| defendants.update(|list| list.retain(|(k, _)| *k != key))>
                                        "Remove"
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ol>
                {move || field_error("defendants").get().map(|m| view! { <p class="field-error">{m}</p> })}
                <button type="button" class="button button-secondary" on:click=add_defendant>"+ Add defendant"</button>
            </fieldset>
            <fieldset class="field fieldset">
                <legend>"Permissions"</legend>
                {has_templates.then(|| view! {
                    <div class="field" class:field-invalid=move || field_error("template_id").get().is_some()>
                        <label for="template">"Case template (optional)"</label>
                        <select id="template" name="template" bind:value=template
                            on:change=move |ev| show_permissions.set(!event_target_value(&ev).is_empty())>
                            <option value="">"No template: the firm's default permissions"</option>
                            {templates.iter().map(|t| view! { <option value=t.id.to_string()>{t.name.clone()}</option> }).collect_view()}
                        </select>
                        {move || chosen_description().map(|d| view! { <p class="hint">{d}</p> })}
                        {move || field_error("template_id").get().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                })}
                {move || (!template.get().is_empty()).then(|| view! {
                    <div class="choice"><input type="checkbox" id="copy-permissions" bind:checked=copy_permissions/>
                        <label for="copy-permissions">"Copy permissions from the case template to the new case"</label></div>
                })}
                <div class="choice"><input type="checkbox" id="show-permissions" bind:checked=show_permissions/>
                    <label for="show-permissions">"Show case permissions after the case is created"</label></div>
            </fieldset>
            <div class="form-actions">
                <a class="button button-secondary" href="/">"Cancel"</a>
                <button type="submit" class="button button-primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Creating…" } else { "Create case" }}
                </button>
            </div>
        </form>
    }
}
