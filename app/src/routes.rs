//! Every screen but the case list: each is its own WASM chunk (`cargo leptos build --split`),
//! which the browser fetches the first time the route is opened. On the server they render as any
//! route does.
//!
//! The case list, where a signed-in person lands, comes with the first chunk: as a lazy route its
//! code arrives as dozens of small shared chunks (measured: 73 files, 68.6 KB brotli, against the
//! 25.4 KB it adds to the first chunk). Sign-in is lazy: it is opened about once a session, and
//! every page, the case list first, then loads without its code (measured, brotli: the first chunk
//! went from 180.8 KB to 164.4 KB; the sign-in page fetched 27 files, 36.5 KB, after it). Its form
//! posts to the server as it stands until that code arrives.
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
use crate::pages::sign_in::SignInPage;
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
    SignInRoute => SignInPage,
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
