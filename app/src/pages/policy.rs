//! The Permissions tab (SPEC §6): the case's defaults, per-user lines and case administrators,
//! changed in the form and applied by one Save. Everyone who may open the case sees it; only
//! holders of manage_permissions change it, and only case administrators name administrators.
//! The server decides every rule and refuses a save made on an older version.
use crate::components::case_header::{CaseHeader, CaseTab};
use crate::components::feedback::{ErrorAlert, Loading, PageFeedback};
use crate::components::member_picker::MemberPicker;
use crate::components::policy_editor::{AdministratorRows, DefaultsEditor, OverrideLines, add_line, lines_input};
use crate::pages::case_page::with_case;
use crate::server_data::server_data;
use crate::server_fns::policy::{SaveCasePolicy, get_case_policy};
use domain::CaseId;
use domain::cases::CaseDetail;
use domain::directory::PersonRef;
use domain::policy::{CasePolicyInput, CasePolicyView};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PermissionsPage() -> impl IntoView {
    with_case(|case| view! { <PermissionsTab case/> }.into_any())
}

#[component]
fn PermissionsTab(case: CaseDetail) -> impl IntoView {
    let case_id = case.id;
    let feedback = PageFeedback::provide();
    let policy = server_data(move || feedback.reload.get(), move |_| get_case_policy(case_id));
    // Set by the new-case form when "Show case permissions after the case is created" was ticked.
    let just_created = use_query_map().with_untracked(|q| q.get("created").as_deref() == Some("1"));
    view! {
        <CaseHeader case=case.clone() active=CaseTab::Permissions/>
        {just_created.then(|| view! {
            <div class="alert alert-success" role="status">
                <strong>"A new case has been created. "</strong>
                <span>"Its permissions are shown so that you can adjust them now, or later from this tab."</span>
            </div>
        })}
        {feedback.region()}
        <Transition fallback=|| view! { <Loading label="Loading the case's permissions…"/> }>
            {move || Suspend::new(async move {
                match policy.await {
                    Ok(view) => view! { <PolicyForm case=case_id policy=view/> }.into_any(),
                    Err(e) => view! { <ErrorAlert message=e.message/> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn PolicyForm(case: CaseId, policy: CasePolicyView) -> impl IntoView {
    let feedback = PageFeedback::get();
    let (version, owner) = (policy.version, policy.owner);
    let (can_change, can_name) = (policy.can_change, policy.can_name_administrators);
    let defaults = RwSignal::new(policy.defaults);
    let lines = RwSignal::new(policy.overrides.clone());
    let administrators = RwSignal::new(policy.administrators.clone());
    let saved = policy.clone();
    let changed = Signal::derive(move || {
        defaults.get() != saved.defaults
            || lines.get() != saved.overrides
            || administrators.get() != saved.administrators
    });
    let save = ServerAction::<SaveCasePolicy>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            feedback.done("The case's permissions are saved. They apply from the next thing anyone does.");
        }
    });
    let error = move || save.value().get().and_then(|r| r.err());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CasePolicyInput {
            version,
            defaults: defaults.get_untracked(),
            overrides: lines_input(&lines.get_untracked()),
            administrators: administrators.get_untracked().iter().map(|p| p.id).collect(),
        };
        save.dispatch(SaveCasePolicy { case, input });
    };
    let listed = Signal::derive(move || {
        let mut ids: Vec<_> = lines.with(|l| l.iter().map(|r| r.user.id).collect());
        ids.extend(administrators.with(|a| a.iter().map(|p| p.id).collect::<Vec<_>>()));
        ids
    });
    let admin_ids = Signal::derive(move || administrators.with(|a| a.iter().map(|p| p.id).collect::<Vec<_>>()));
    view! {
        <form class="stack" on:submit=submit novalidate>
            {(!can_change).then(|| view! {
                <p class="alert alert-warn">"You can see this case's permissions. Only its case administrators, and people these permissions let manage them, can change them."</p>
            })}
            {move || error().map(|e| view! { <ErrorAlert message=e.message/> })}
            <section class="panel" aria-labelledby="defaults-heading">
                <div class="panel-header"><div>
                    <h2 id="defaults-heading">"Case defaults"</h2>
                    <p class="muted">"Apply to everyone on this case without a line of their own below. By role: as their role gives. Case administrators are never restricted."</p>
                </div></div>
                <DefaultsEditor id_prefix="case-default" defaults disabled=!can_change/>
            </section>
            <section class="panel" aria-labelledby="lines-heading">
                <div class="panel-header"><div>
                    <h2 id="lines-heading">"Per-user permissions"</h2>
                    <p class="muted">"Allow or deny one person a permission, whatever the default says."</p>
                </div></div>
                {can_change.then(|| view! {
                    <MemberPicker case id="line-person" label="Select user" add_label="Add user to list" exclude=listed
                        on_add=Callback::new(move |person: PersonRef| add_line(lines, person))/>
                })}
                <OverrideLines id_prefix="line" lines disabled=!can_change/>
            </section>
            <section class="panel" aria-labelledby="admins-heading">
                <div class="panel-header"><div>
                    <h2 id="admins-heading">"Case administrators"</h2>
                    <p class="muted">"They manage these permissions and are never restricted by them. The owner is always one."</p>
                </div></div>
                <AdministratorRows administrators owner removable=can_name what="as a case administrator"/>
                {can_name.then(|| view! {
                    <MemberPicker case id="admin-person" label="Name a case administrator" add_label="Add administrator" exclude=admin_ids
                        on_add=Callback::new(move |person: PersonRef| {
                            // An administrator is never restricted, so their line would say nothing.
                            lines.update(|l| l.retain(|r| r.user.id != person.id));
                            administrators.update(|a| if !a.iter().any(|p| p.id == person.id) { a.push(person) });
                        })/>
                })}
            </section>
            {can_change.then(|| view! {
                <div class="form-actions save-bar">
                    <span class="muted" aria-live="polite">{move || if changed.get() { "You have unsaved changes." } else { "" }}</span>
                    <button type="button" class="button button-secondary" disabled=move || !changed.get()
                        on:click=move |_| feedback.reload.update(|n| *n += 1)>"Discard changes"</button>
                    <button type="submit" class="button button-primary" disabled=move || save.pending().get()>
                        {move || if save.pending().get() { "Saving…" } else { "Save permissions" }}
                    </button>
                </div>
            })}
        </form>
    }
    .into_any()
}
