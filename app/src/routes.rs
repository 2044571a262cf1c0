//! The screens after the first: each is its own WASM chunk (`cargo leptos build --split`), which
//! the browser fetches the first time the route is opened. Sign-in and the case list come with the
//! first chunk: as lazy routes they cost a first visit more in all (measured: 355 KB of WASM
//! against 280 KB), because their code is spread over dozens of small shared chunks. On the server
//! they render as any route does.
use crate::components::layout::PageReady;
use crate::pages::access::AccessPage;
use crate::pages::case_page::CasePage;
use crate::pages::defaults::DefaultsPage;
use crate::pages::document_viewer::DocumentViewerPage;
use crate::pages::documents::DocumentsPage;
use crate::pages::members::PeoplePage;
use crate::pages::new_case::NewCasePage;
use crate::pages::outbox::OutboxPage;
use crate::pages::policy::PermissionsPage;
use crate::pages::production_shares::SharedPage;
use crate::pages::productions::ProductionsPage;
use crate::pages::roles::RolesPage;
use crate::pages::search::SearchPage;
use crate::pages::templates::TemplatesPage;
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// A route whose page is a chunk of its own. `#[lazy_route]` names the chunk after the type, so
/// each route is a type; every page ends with `<PageReady/>`, the marker that its code is live.
macro_rules! lazy_page {
    ($($route:ident => $page:ident),+ $(,)?) => {$(
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page/> <PageReady/> }.into_any()
            }
        }
    )+};
}

lazy_page! {
    NewCaseRoute => NewCasePage,
    CaseRoute => CasePage,
    DocumentsRoute => DocumentsPage,
    DocumentRoute => DocumentViewerPage,
    SearchRoute => SearchPage,
    ProductionsRoute => ProductionsPage,
    SharedRoute => SharedPage,
    PeopleRoute => PeoplePage,
    AccessRoute => AccessPage,
    PermissionsRoute => PermissionsPage,
    TemplatesRoute => TemplatesPage,
    DefaultsRoute => DefaultsPage,
    RolesRoute => RolesPage,
    OutboxRoute => OutboxPage,
}
