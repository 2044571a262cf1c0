//! Administration pages: the permission matrix (roles × capabilities) and the email outbox.
use crate::components::feedback::{Loading, page_error};
use crate::server_fns::admin::{get_role_matrix, list_outbox};
use domain::views::{OutboxEmail, RoleMatrix};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn RolesPage() -> impl IntoView {
    let matrix = Resource::new(|| (), |_| get_role_matrix());
    view! {
        <Title text="Roles"/>
        <div class="page-header">
            <div>
                <h1>"Roles and capabilities"</h1>
                <p class="muted">"What each role allows on a case. Built-in roles are read-only."</p>
            </div>
        </div>
        <Suspense fallback=|| view! { <Loading label="Loading the roles…"/> }>
            {move || Suspend::new(async move {
                match matrix.await {
                    Ok(m) => view! { <Matrix matrix=m/> }.into_any(),
                    Err(e) => page_error(e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Matrix(matrix: RoleMatrix) -> impl IntoView {
    view! {
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

#[component]
pub fn OutboxPage() -> impl IntoView {
    let emails = Resource::new(|| (), |_| list_outbox());
    view! {
        <Title text="Outbox"/>
        <div class="page-header">
            <div>
                <h1>"Outbox"</h1>
                <p class="muted">"Every email Caseward has written, newest first. Without SMTP configured they wait here."</p>
            </div>
        </div>
        <Suspense fallback=|| view! { <Loading label="Loading the outbox…"/> }>
            {move || Suspend::new(async move {
                match emails.await {
                    Ok(list) if list.is_empty() => view! {
                        <section class="empty"><h2>"No emails yet"</h2><p class="muted">"Invitations and other notices appear here as they are written."</p></section>
                    }.into_any(),
                    Ok(list) => view! { <ul class="outbox">{list.into_iter().map(|e| view! { <OutboxItem email=e/> }).collect_view()}</ul> }.into_any(),
                    Err(e) => page_error(e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OutboxItem(email: OutboxEmail) -> impl IntoView {
    let state = match (email.sent_at, email.attempts) {
        (Some(at), _) => format!("Sent {}", at.display()),
        (None, 0) => "Waiting".to_string(),
        (None, n) => format!("Not sent yet: {n} attempt(s)"),
    };
    view! {
        <li class="panel outbox-item">
            <details>
                <summary>
                    <span class="outbox-subject">{email.subject.clone()}</span>
                    <span class="muted">{format!("To {} · {}", email.to, email.created_at.display())}</span>
                    <span class="badge">{state}</span>
                </summary>
                {email.last_error.map(|e| view! { <p class="field-error">{format!("Last error: {e}")}</p> })}
                <pre class="email-body">{email.body.clone()}</pre>
            </details>
        </li>
    }
    .into_any()
}
