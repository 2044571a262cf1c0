#![recursion_limit = "256"]
//! Caseward's web app: pages and components rendered on the server, then hydrated in the browser.
pub mod components;
pub mod error;
pub mod pages;
pub mod routes;
pub mod server_data;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod state;

use components::layout::{PageReady, TopBar};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags};
use leptos_router::components::{RouteChildren, Router, Routes, RoutesProps};
use pages::not_found::NotFound;
use server_data::{ServerData, server_data};

/// The signed-in person (or none), loaded once per page load and shared by every component.
pub type ViewerResource = ServerData<Result<Option<domain::accounts::Viewer>, error::AppError>>;

/// The tab's icon, the top bar's mark, in the page itself: no request of its own, and no browser
/// asks for a `/favicon.ico` that is not there.
const FAVICON: &str = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E\
%3Crect width='32' height='32' rx='7' fill='%231d4f91'/%3E%3Ctext x='16' y='23' text-anchor='middle' \
font-family='system-ui,sans-serif' font-size='20' font-weight='700' fill='%23fff'%3EC%3C/text%3E%3C/svg%3E";

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href=FAVICON/>
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
    // The server collects each page's title into the head (components/page_title.rs); the
    // browser sets it without leptos_meta.
    #[cfg(feature = "ssr")]
    components::page_title::provide_titles();
    let viewer: ViewerResource = server_data(|| (), |_| server_fns::session::get_viewer());
    provide_context(viewer);

    // Every page and its screen, from the one table in routes.rs, each ending with <PageReady/>,
    // the marker that its code is live. Built without `view!`, which takes a route only as a
    // `<Route>` element of its own type.
    let pages = RoutesProps::builder()
        .fallback(|| view! { <NotFound/> <PageReady/> })
        .children(RouteChildren::to_children(routes::routes))
        .build();

    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to main content"</a>
            <TopBar/>
            <main id="main" class="page" tabindex="-1">
                {Routes(pages)}
            </main>
        </Router>
    }
}
