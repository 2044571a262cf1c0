//! The bar at the top of every page: the product name, where you are, who you are, sign-out.
use crate::ViewerResource;
use crate::server_fns::session::SignOut;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn TopBar() -> impl IntoView {
    let viewer = expect_context::<ViewerResource>();

    view! {
        <header class="topbar">
            <div class="topbar-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"C"</span>
                    <span>"Caseward"</span>
                </a>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match viewer.await {
                            Ok(Some(user)) => {
                                let org = user.organisation.clone().unwrap_or_default();
                                view! {
                                    <nav class="topnav" aria-label="Main">
                                        <a href="/">"Cases"</a>
                                        <a href="/admin/roles">"Roles"</a>
                                        {user.is_system_admin.then(|| view! {
                                            <a href="/admin/templates">"Templates"</a>
                                            <a href="/admin/defaults">"Defaults"</a>
                                            <a href="/admin/outbox">"Outbox"</a>
                                        })}
                                    </nav>
                                    <div class="whoami">
                                        <span class="whoami-text">
                                            <span class="whoami-name">{user.name.clone()}</span>
                                            <span class="whoami-org">{org}</span>
                                        </span>
                                        // A plain form, with or without the WASM: the server
                                        // ends the session and answers with the sign-in page, a
                                        // full page load that keeps nothing of the session.
                                        <form method="post" action=SignOut::PATH class="inline-form">
                                            <button type="submit" class="button button-quiet">"Sign out"</button>
                                        </form>
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
