#![recursion_limit = "256"]
//! Caseward's web app: pages and components rendered on the server, then hydrated in the browser.
pub mod components;
pub mod error;
pub mod pages;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod state;

use components::layout::TopBar;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};
use pages::access::AccessPage;
use pages::members::PeoplePage;
use pages::outbox::OutboxPage;
use pages::roles::RolesPage;
use pages::{
    case_list::CaseListPage, case_page::CasePage, new_case::NewCasePage, not_found::NotFound, sign_in::SignInPage,
};

/// The signed-in user (or none), loaded once per page load and shared by every component.
pub type MeResource = Resource<Result<Option<domain::accounts::Me>, error::AppError>>;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <AutoReload options=options.clone()/>
                // The stylesheet by its hashed name (cargo-leptos `hash-files`), like the scripts.
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let me: MeResource = Resource::new(|| (), |_| server_fns::session::get_me());
    provide_context(me);
    // End-to-end tests wait for this marker: clicks made before hydration would be lost.
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Title formatter=|text: String| if text.is_empty() { "Caseward".to_string() } else { format!("{text} · Caseward") }/>
        <Router>
            <a class="skip-link" href="#main">"Skip to main content"</a>
            <TopBar/>
            <main id="main" class="page" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=CaseListPage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/new") view=NewCasePage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:id") view=CasePage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:id/people") view=PeoplePage ssr=SsrMode::Async/>
                    <Route path=path!("/cases/:id/access") view=AccessPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/roles") view=RolesPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/outbox") view=OutboxPage ssr=SsrMode::Async/>
                </Routes>
            </main>
        </Router>
    }
}
