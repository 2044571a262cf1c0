//! The bar at the top of every page: the product name, where you are, who you are, sign-out.
use crate::MeResource;
use crate::server_fns::session::SignOut;
use leptos::prelude::*;

#[component]
pub fn TopBar() -> impl IntoView {
    let me = expect_context::<MeResource>();
    let sign_out = ServerAction::<SignOut>::new();
    // A full page load after sign-out, so nothing of the previous session stays in memory.
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            let _ = window().location().set_href("/sign-in");
        }
    });

    view! {
        <header class="topbar">
            <div class="topbar-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"C"</span>
                    <span>"Caseward"</span>
                </a>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match me.await {
                            Ok(Some(user)) => {
                                let org = user.organisation.as_ref().map(|o| o.name.clone()).unwrap_or_default();
                                view! {
                                    <nav class="topnav" aria-label="Main">
                                        <a href="/">"Cases"</a>
                                        <a href="/admin/roles">"Roles"</a>
                                        {user.is_system_admin.then(|| view! { <a href="/admin/outbox">"Outbox"</a> })}
                                    </nav>
                                    <div class="whoami">
                                        <span class="whoami-text">
                                            <span class="whoami-name">{user.name.clone()}</span>
                                            <span class="whoami-org">{org}</span>
                                        </span>
                                        <ActionForm action=sign_out attr:class="inline-form">
                                            <button type="submit" class="button button-quiet" disabled=move || sign_out.pending().get()>
                                                "Sign out"
                                            </button>
                                        </ActionForm>
                                    </div>
                                }
                                .into_any()
                            }
                            _ => ().into_any(),
                        }
                    })}
                </Transition>
            </div>
        </header>
    }
}

/// Marks `<body data-hydrated="true">` once the page it ends is live. Each route renders one
/// after its page: a lazy route's page hydrates only after its chunk arrives, later than the
/// rest of the app, and what is typed or clicked before that is lost. End-to-end tests wait for
/// the marker.
#[component]
pub fn PageReady() -> impl IntoView {
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
