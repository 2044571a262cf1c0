//! The heading and tabs shared by a case's pages.
use crate::components::page_title::PageTitle;
use domain::access::Capability;
use domain::cases::CaseDetail;
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum CaseTab {
    Overview,
    Documents,
    Search,
    Productions,
    People,
    Access,
    Permissions,
}

#[component]
pub fn CaseHeader(case: CaseDetail, active: CaseTab) -> impl IntoView {
    let tab = move |which: CaseTab, label: &'static str, href: String| {
        let current = (which == active).then_some("page");
        view! { <a class="tab" class:tab-active=which == active href=href aria-current=current>{label}</a> }
    };
    let page_title = match active {
        CaseTab::Overview => format!("{} {}", case.reference, case.title),
        CaseTab::Documents => format!("Documents · {}", case.reference),
        CaseTab::Search => format!("Search · {}", case.reference),
        CaseTab::Productions => format!("Productions · {}", case.reference),
        CaseTab::People => format!("People · {}", case.reference),
        CaseTab::Access => format!("Access · {}", case.reference),
        CaseTab::Permissions => format!("Permissions · {}", case.reference),
    };
    view! {
        <PageTitle text=page_title/>
        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">"Cases"</a><span aria-hidden="true">" / "</span><span>{case.reference.clone()}</span></nav>
        <div class="page-header">
            <div>
                <p class="eyebrow">{case.reference.clone()}</p>
                <h1>{case.title.clone()}</h1>
                <p class="muted">
                    <span class=format!("status status-{}", case.status.as_str())>{case.status.label()}</span>
                    " · Owned by " {case.owner.name.clone()}
                </p>
            </div>
        </div>
        <nav class="tabs" aria-label="Case sections">
            {tab(CaseTab::Overview, "Overview", format!("/cases/{}", case.id))}
            {tab(CaseTab::Documents, "Documents", format!("/cases/{}/documents", case.id))}
            {case.access.can(Capability::Search).then(|| tab(CaseTab::Search, "Search", format!("/cases/{}/search", case.id)))}
            {tab(CaseTab::Productions, "Productions", format!("/cases/{}/productions", case.id))}
            {tab(CaseTab::People, "People", format!("/cases/{}/people", case.id))}
            {tab(CaseTab::Access, "Access", format!("/cases/{}/access", case.id))}
            {tab(CaseTab::Permissions, "Permissions", format!("/cases/{}/permissions", case.id))}
        </nav>
    }
    .into_any()
}
