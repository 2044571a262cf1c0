use crate::components::case_header::{CaseHeader, CaseTab};
use crate::components::dialog::ConfirmDialog;
use crate::components::feedback::{ErrorAlert, Loading, PageFeedback, page_error};
use crate::components::page_title::PageTitle;
use crate::error::{AppError, ErrorCode};
use crate::pages::case_settings::EditDetailsDialog;
use crate::pages::not_found::NotFound;
use crate::server_data::server_data;
use crate::server_fns::cases::{DeleteCase, get_case};
use crate::server_fns::requests::RequestAccess;
use domain::CaseId;
use domain::access::denied::AccessDenied;
use domain::access::policy::PolicyCategory;
use domain::access::{Access, Capability};
use domain::cases::{CaseDetail, Defendant};
use domain::requests::RequestInput;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

/// Loads the case of the address and shows `page` for it, or the access-denied or not-found page.
pub fn with_case(page: fn(CaseDetail) -> AnyView) -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).map(CaseId);
    let case = server_data(id, |id| async move {
        match id {
            Some(id) => get_case(id).await,
            None => Err(AppError::new(ErrorCode::NotFound, "There is no case at this address.")),
        }
    });
    view! {
        <Suspense fallback=|| view! { <Loading label="Loading the case…"/> }>
            {move || Suspend::new(async move {
                match case.await {
                    Ok(detail) => page(detail),
                    Err(AppError { access_denied: Some(denied), .. }) => view! { <AccessDeniedView denied=*denied/> }.into_any(),
                    Err(e) if e.code == ErrorCode::NotFound => view! { <NotFound/> }.into_any(),
                    Err(e) => page_error(e),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn CasePage() -> impl IntoView {
    with_case(|detail| view! { <CaseView case=detail/> }.into_any())
}

#[component]
fn CaseView(case: CaseDetail) -> impl IntoView {
    let can_delete = case.access.can(Capability::DeleteCase);
    let can_edit = case.access.can(Capability::EditSettings);
    // Saved details replace these, so the header and the panel show them without a reload.
    let current = RwSignal::new(case.clone());
    let editing = RwSignal::new(false);
    let feedback = PageFeedback::provide();
    view! {
        {move || view! { <CaseHeader case=current.get() active=CaseTab::Overview/> }}
        {feedback.region()}
        <div class="case-grid">
            {move || view! { <CaseDetails case=current.get() can_edit editing/> }}
            {can_edit.then(|| view! { <EditDetailsDialog open=editing case=current/> })}
            <div class="stack">
                <DefendantsPanel defendants=case.defendants.clone()/>
                <YourAccessPanel access=case.access.clone()/>
                {can_delete.then(|| view! { <DeleteCasePanel id=case.id reference=case.reference.clone()/> })}
            </div>
        </div>
    }
}

// The panels below end in `into_any()`: it keeps the page's view type shallow enough to compile.

#[component]
fn CaseDetails(case: CaseDetail, can_edit: bool, editing: RwSignal<bool>) -> impl IntoView {
    let description = if case.description.is_empty() {
        view! { <p class="muted">"No description."</p> }.into_any()
    } else {
        view! { <p class="prose">{case.description.clone()}</p> }.into_any()
    };
    view! {
        <section class="panel" aria-labelledby="details-heading">
            <div class="panel-header">
                <h2 id="details-heading">"Details"</h2>
                {can_edit.then(|| view! {
                    <button type="button" class="button button-secondary" on:click=move |_| editing.set(true)>"Edit details"</button>
                })}
            </div>
            <dl class="details">
                <dt>"Reference"</dt><dd>{case.reference.clone()}</dd>
                <dt>"Organisation"</dt><dd>{or_dash(Some(case.organisation.clone()).filter(|o| !o.is_empty()))}</dd>
                <dt>"Office"</dt><dd>{or_dash(case.office.clone())}</dd>
                <dt>"Owner"</dt><dd>{case.owner.name.clone()} " " <span class="muted">{format!("({})", case.owner.email)}</span></dd>
                <dt>"Target date"</dt><dd>{or_dash(case.target_date.clone())}</dd>
                <dt>"Created"</dt><dd>{case.created_at.display()}</dd>
            </dl>
            <h3>"Description"</h3>
            {description}
        </section>
    }
    .into_any()
}

#[component]
fn DefendantsPanel(defendants: Vec<Defendant>) -> impl IntoView {
    let list = if defendants.is_empty() {
        view! { <p class="muted">"You see no defendant of this case."</p> }.into_any()
    } else {
        view! { <ul class="defendant-list">{defendants.into_iter().map(|d| view! { <li>{d.name}</li> }).collect_view()}</ul> }.into_any()
    };
    view! {
        <section class="panel" aria-labelledby="defendants-heading">
            <h2 id="defendants-heading">"Defendants"</h2>
            {list}
        </section>
    }
    .into_any()
}

#[component]
fn YourAccessPanel(access: Access) -> impl IntoView {
    // The three capabilities the case's permissions decide, each with the line that decided it
    // or, when none did, what the roles give.
    let decided: Vec<String> = PolicyCategory::ALL
        .into_iter()
        .map(|category| match access.policy.iter().find(|l| l.category == category) {
            Some(line) => line.yours(),
            None => {
                let held = access.can(category.capability());
                format!("{}: {}", category.title(), if held { "yes, by your role" } else { "no, not in your role" })
            }
        })
        .collect();
    view! {
        <section class="panel" aria-labelledby="access-heading">
            <h2 id="access-heading">"Your access"</h2>
            <ul class="why-list">
                {access.explanation.into_iter().map(|p| view! { <li><span class="badge">{p.role}</span> " " {p.reason}</li> }).collect_view()}
            </ul>
            <h3 class="subheading">"Case permissions"</h3>
            <ul class="why-list">{decided.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
        </section>
    }
    .into_any()
}

fn or_dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "—".to_string())
}

#[component]
fn DeleteCasePanel(id: CaseId, reference: String) -> impl IntoView {
    let open = RwSignal::new(false);
    let action = ServerAction::<DeleteCase>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            navigate("/", Default::default());
        }
    });
    let error = move || action.value().get().and_then(|r| r.err());
    let title = format!("Delete {reference}?");
    view! {
        <section class="panel panel-danger" aria-labelledby="danger-heading">
            <h2 id="danger-heading">"Delete this case"</h2>
            <p class="muted">"Only the owner can delete a case. Everyone loses access to it at once."</p>
            <button type="button" class="button button-danger-outline" on:click=move |_| open.set(true)>"Delete case…"</button>
            <ConfirmDialog open id="delete-case" title confirm_label="Delete case" pending=action.pending()
                on_confirm=Callback::new(move |_| { action.dispatch(DeleteCase { id }); })>
                <p>"The case, its defendants and its documents are removed for everyone. This cannot be undone."</p>
                {move || error().map(|e| view! { <ErrorAlert message=e.message/> })}
            </ConfirmDialog>
        </section>
    }
    .into_any()
}

#[component]
fn AccessDeniedView(denied: AccessDenied) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::FORBIDDEN);
    }
    view! {
        <PageTitle text="Access denied"/>
        <section class="panel narrow access-denied" aria-labelledby="denied-heading">
            <p class="eyebrow">{denied.reference.clone()}</p>
            <h1 id="denied-heading">"You do not have access to this case"</h1>
            <p class="muted">"Ask one of the people below to give you access. They can see who you are from your email address."</p>
            <h2>"Who can grant access"</h2>
            <ul class="people-list">
                {denied.grantors.iter().map(|g| view! {
                    <li>
                        <span class="person-name">{g.name.clone()}</span>
                        <a href=format!("mailto:{}", g.email)>{g.email.clone()}</a>
                        <span class="badge">{g.role.clone()}</span>
                    </li>
                }).collect_view()}
            </ul>
            <h2>"Groups and roles with access"</h2>
            {if denied.groups.is_empty() {
                view! { <p class="muted">"No group or role has access to this case."</p> }.into_any()
            } else {
                view! { <ul>{denied.groups.iter().map(|g| view! { <li>{g.clone()}</li> }).collect_view()}</ul> }.into_any()
            }}
            <RequestAccessForm case=denied.case_id pending=denied.pending_request/>
            <p class="back-link"><a href="/">"Back to your cases"</a></p>
        </section>
    }
}

/// R7: one request per person and case, with a message for those who can grant access.
#[component]
fn RequestAccessForm(case: CaseId, pending: Option<domain::Timestamp>) -> impl IntoView {
    let message = RwSignal::new(String::new());
    let action = ServerAction::<RequestAccess>::new();
    let sent = Signal::derive(move || match action.value().get() {
        Some(Ok(request)) => Some(request.created_at),
        _ => pending,
    });
    let error = move || action.value().get().and_then(|r| r.err());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(RequestAccess { case, input: RequestInput { message: message.get_untracked() } });
    };
    view! {
        <section class="request-form" aria-labelledby="request-heading">
            <h2 id="request-heading">"Request access"</h2>
            {move || match sent.get() {
                Some(at) => view! {
                    <p class="alert alert-success" role="status">{format!("You asked for access on {}. You will get an email when someone answers.", at.display())}</p>
                }.into_any(),
                None => view! {
                    <form class="form" on:submit=on_submit novalidate>
                        {move || error().map(|e| view! { <ErrorAlert message=e.message/> })}
                        <div class="field">
                            <label for="request-message">"Message (optional)"</label>
                            <textarea id="request-message" rows="3" bind:value=message aria-describedby="request-hint"></textarea>
                            <p class="hint" id="request-hint">"Say who you are on this case. Everyone who can grant access is emailed."</p>
                        </div>
                        <button type="submit" class="button button-primary" disabled=move || action.pending().get()>
                            {move || if action.pending().get() { "Sending…" } else { "Request access" }}
                        </button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}
