//! Global case defaults (system administrators): the policy every new case without a template
//! takes, and the people who become administrators of every new case of their organisation.
//! Saving never changes an existing case.
use crate::components::feedback::{ErrorAlert, Loading, PageFeedback};
use crate::components::page_title::PageTitle;
use crate::components::person_search::DirectoryPicker;
use crate::components::policy_editor::{AdministratorRows, DefaultsEditor, OverrideLines, add_line, lines_input};
use crate::server_data::server_data;
use crate::server_fns::policy::{SaveGlobalDefaults, get_global_defaults};
use domain::directory::PersonRef;
use domain::policy::{GlobalDefaultsInput, GlobalDefaultsView};
use leptos::prelude::*;

#[component]
pub fn DefaultsPage() -> impl IntoView {
    let feedback = PageFeedback::provide();
    let defaults = server_data(move || feedback.reload.get(), |_| get_global_defaults());
    view! {
        <PageTitle text="Global case defaults"/>
        <div class="page-header">
            <div>
                <h1>"Global case defaults"</h1>
                <p class="muted">"What every new case starts with when it is not made from a template that copies its own. Existing cases keep theirs."</p>
            </div>
        </div>
        {feedback.region()}
        <Transition fallback=|| view! { <Loading label="Loading the defaults…"/> }>
            {move || Suspend::new(async move {
                match defaults.await {
                    Ok(view) => view! { <DefaultsForm defaults=view/> }.into_any(),
                    Err(e) => view! { <ErrorAlert message=e.message/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DefaultsForm(defaults: GlobalDefaultsView) -> impl IntoView {
    let feedback = PageFeedback::get();
    let version = defaults.version;
    let policy = RwSignal::new(defaults.defaults);
    let lines = RwSignal::new(defaults.overrides.clone());
    let administrators = RwSignal::new(defaults.administrators.clone());
    let save = ServerAction::<SaveGlobalDefaults>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            feedback.done("The global defaults are saved. New cases take them from now on.");
        }
    });
    let error = move || save.value().get().and_then(|r| r.err());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = GlobalDefaultsInput {
            version,
            defaults: policy.get_untracked(),
            overrides: lines_input(&lines.get_untracked()),
            administrators: administrators.get_untracked().iter().map(|p| p.id).collect(),
        };
        save.dispatch(SaveGlobalDefaults { input });
    };
    view! {
        <form class="stack" on:submit=submit novalidate>
            {move || error().map(|e| view! { <ErrorAlert message=e.message/> })}
            <section class="panel" aria-labelledby="global-defaults-heading">
                <div class="panel-header"><div>
                    <h2 id="global-defaults-heading">"Case defaults"</h2>
                    <p class="muted">"For everyone on a new case without a line of their own. By role: as their role gives."</p>
                </div></div>
                <DefaultsEditor id_prefix="global-default" defaults=policy disabled=false/>
            </section>
            <section class="panel" aria-labelledby="global-lines-heading">
                <div class="panel-header"><div>
                    <h2 id="global-lines-heading">"Per-user permissions"</h2>
                    <p class="muted">"Copied into every new case; they matter once the person has access to it."</p>
                </div></div>
                <DirectoryPicker id="global-line-person" add_label="Add user to list"
                    on_add=Callback::new(move |person: PersonRef| add_line(lines, person))/>
                <OverrideLines id_prefix="global-line" lines disabled=false/>
            </section>
            <section class="panel" aria-labelledby="global-admins-heading">
                <div class="panel-header"><div>
                    <h2 id="global-admins-heading">"Default case administrators"</h2>
                    <p class="muted">"Each becomes an administrator of every new case of their organisation, with the Admin role on it."</p>
                </div></div>
                {move || administrators.with(Vec::is_empty).then(|| view! { <p class="empty-inline">"None: each case's creator is its first administrator."</p> })}
                <AdministratorRows administrators removable=true what="as a default case administrator"/>
                <DirectoryPicker id="global-admin-person" add_label="Add administrator"
                    on_add=Callback::new(move |person: PersonRef| administrators.update(|a| if !a.iter().any(|p| p.id == person.id) { a.push(person) }))/>
            </section>
            <div class="form-actions save-bar">
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { "Saving…" } else { "Save defaults" }}
                </button>
            </div>
        </form>
    }
    .into_any()
}
