//! The email outbox, for system administrators.
use crate::components::feedback::{Loading, page_error};
use crate::components::page_title::PageTitle;
use crate::server_data::server_data;
use crate::server_fns::outbox::list_outbox;
use domain::mail::OutboxEmail;
use leptos::prelude::*;

#[component]
pub fn OutboxPage() -> impl IntoView {
    let emails = server_data(|| (), |_| list_outbox());
    view! {
        <PageTitle text="Outbox"/>
        <div class="page-header">
            <div>
                <h1>"Outbox"</h1>
                <p class="muted">"Every email Caseward has written, newest first. With SMTP_URL set they are delivered and retried until the mail server takes them; without it they wait here."</p>
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
    let (state, tone) = match (email.sent_at, email.failed_at, email.attempts) {
        (Some(at), _, _) => (format!("Sent {}", at.display()), "badge badge-ok"),
        (None, Some(at), _) => (format!("Refused {}", at.display()), "badge badge-danger"),
        (None, None, 0) => ("Waiting".to_string(), "badge"),
        (None, None, 1) => ("Retrying: 1 attempt".to_string(), "badge badge-warn"),
        (None, None, n) => (format!("Retrying: {n} attempts"), "badge badge-warn"),
    };
    view! {
        <li class="panel outbox-item">
            <details>
                <summary>
                    <span class="outbox-subject">{email.subject.clone()}</span>
                    <span class="muted">{format!("To {} · {}", email.to, email.created_at.display())}</span>
                    <span class=tone>{state}</span>
                </summary>
                {email.last_error.map(|e| view! { <p class="field-error">{format!("Last error: {e}")}</p> })}
                <pre class="email-body">{email.body.clone()}</pre>
            </details>
        </li>
    }
    .into_any()
}
