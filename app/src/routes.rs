//! The screens after the first: each is its own WASM chunk (`cargo leptos build --split`), which
//! the browser fetches the first time the route is opened, so that signing in and the case list
//! load only their own code. On the server they render as any route does.
use crate::components::layout::PageReady;
use crate::pages::access::AccessPage;
use crate::pages::case_page::CasePage;
use crate::pages::document_viewer::DocumentViewerPage;
use crate::pages::documents::DocumentsPage;
use crate::pages::members::PeoplePage;
use crate::pages::new_case::NewCasePage;
use crate::pages::outbox::OutboxPage;
use crate::pages::roles::RolesPage;
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

pub struct NewCaseRoute;

#[lazy_route]
impl LazyRoute for NewCaseRoute {
    fn data() -> Self {
        NewCaseRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <NewCasePage/> <PageReady/> }.into_any()
    }
}

pub struct CaseRoute;

#[lazy_route]
impl LazyRoute for CaseRoute {
    fn data() -> Self {
        CaseRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <CasePage/> <PageReady/> }.into_any()
    }
}

pub struct DocumentsRoute;

#[lazy_route]
impl LazyRoute for DocumentsRoute {
    fn data() -> Self {
        DocumentsRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <DocumentsPage/> <PageReady/> }.into_any()
    }
}

pub struct DocumentRoute;

#[lazy_route]
impl LazyRoute for DocumentRoute {
    fn data() -> Self {
        DocumentRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <DocumentViewerPage/> <PageReady/> }.into_any()
    }
}

pub struct PeopleRoute;

#[lazy_route]
impl LazyRoute for PeopleRoute {
    fn data() -> Self {
        PeopleRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <PeoplePage/> <PageReady/> }.into_any()
    }
}

pub struct AccessRoute;

#[lazy_route]
impl LazyRoute for AccessRoute {
    fn data() -> Self {
        AccessRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <AccessPage/> <PageReady/> }.into_any()
    }
}

pub struct RolesRoute;

#[lazy_route]
impl LazyRoute for RolesRoute {
    fn data() -> Self {
        RolesRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <RolesPage/> <PageReady/> }.into_any()
    }
}

pub struct OutboxRoute;

#[lazy_route]
impl LazyRoute for OutboxRoute {
    fn data() -> Self {
        OutboxRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <OutboxPage/> <PageReady/> }.into_any()
    }
}
