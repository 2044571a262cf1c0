//! "My cases": every case the user can open, newest first, a page at a time, filtered by text,
//! status and office. The server filters, counts and pages; the page only asks.
use crate::components::feedback::{Loading, page_error};
use crate::components::page_title::PageTitle;
use crate::components::pagination::{Pagination, showing};
use crate::server_data::server_data;
use crate::server_fns::cases::list_cases;
use domain::cases::list::{CasePage, CaseQuery};
use domain::cases::{CaseStatus, CaseSummary};
use domain::wording;
use domain::{OfficeId, directory::Office};
use leptos::prelude::*;

#[component]
pub fn CaseListPage() -> impl IntoView {
    let query = RwSignal::new(CaseQuery::default());
    let cases = server_data(move || query.get(), list_cases);
    view! {
        <PageTitle text="Cases"/>
        <div class="page-header">
            <div>
                <h1>"Cases"</h1>
                <p class="muted">"Every case you can open, newest first."</p>
            </div>
            <a class="button button-primary" href="/cases/new">"New case"</a>
        </div>
        <Transition fallback=|| view! { <Loading label="Loading your cases…"/> }>
            {move || Suspend::new(async move {
                match cases.await {
                    // Nothing to open at all: say how cases come to be here.
                    Ok(page) if page.total == 0 && query.with_untracked(|q| *q == CaseQuery::default()) => view! { <EmptyCases/> }.into_any(),
                    Ok(page) => view! { <Filters query offices=page.offices.clone()/> <Results page query/> }.into_any(),
                    Err(e) => page_error(e),
                }
            })}
        </Transition>
    }
}

/// Search text, status and office; each change asks the server for the first page again.
#[component]
fn Filters(query: RwSignal<CaseQuery>, offices: Vec<Office>) -> impl IntoView {
    let text = RwSignal::new(query.get_untracked().q.unwrap_or_default());
    let set = move |change: &dyn Fn(&mut CaseQuery)| {
        query.update(|q| {
            change(q);
            q.page = None;
        })
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = text.get_untracked();
        set(&|q| q.q = Some(typed.clone()).filter(|t| !t.trim().is_empty()));
    };
    let status = move || query.with(|q| q.status.map(|s| s.as_str().to_string()).unwrap_or_default());
    let office = move || query.with(|q| q.office.map(|o| o.0.to_string()).unwrap_or_default());
    view! {
        <form class="filters" role="search" aria-label="Filter your cases" on:submit=on_submit>
            <div class="field filter-text">
                <label for="case-search">"Reference or title"</label>
                // `prop:value` and `on:input` rather than `bind:value`: the same two-way binding,
                // without bringing `bind:`'s code into the first chunk, which every page loads.
                <input
                    id="case-search"
                    type="search"
                    prop:value=text
                    on:input=move |ev| text.set(event_target_value(&ev))
                    placeholder="e.g. CASE-0001 or Smith"
                />
            </div>
            <div class="field">
                <label for="case-status">"Status"</label>
                <select id="case-status" prop:value=status on:change=move |ev| {
                    let picked = CaseStatus::parse(&event_target_value(&ev));
                    set(&|q| q.status = picked);
                }>
                    <option value="">"Any status"</option>
                    <option value="open">"Open"</option>
                    <option value="closed">"Closed"</option>
                </select>
            </div>
            <div class="field">
                <label for="case-office">"Office"</label>
                <select id="case-office" prop:value=office on:change=move |ev| {
                    let picked = event_target_value(&ev).parse::<i64>().ok().map(OfficeId);
                    set(&|q| q.office = picked);
                }>
                    <option value="">"Every office"</option>
                    {offices.into_iter().map(|o| view! { <option value=o.id.0.to_string()>{o.name}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button button-secondary">"Search"</button>
        </form>
    }
    .into_any()
}

/// The page of cases, what it shows of the total, and the way to the others.
#[component]
fn Results(page: CasePage, query: RwSignal<CaseQuery>) -> impl IntoView {
    if page.cases.is_empty() {
        return view! {
            <section class="empty" aria-live="polite">
                <h2>"No case matches"</h2>
                <p class="muted">"Try other words, or clear the filters to see every case you can open."</p>
                <button type="button" class="button button-secondary" on:click=move |_| query.set(CaseQuery::default())>"Clear the filters"</button>
            </section>
        }
        .into_any();
    }
    let summary = showing(page.page, page.per_page, page.cases.len(), page.total, "case", "cases");
    let (current, pages) = (page.page, page.pages());
    let go = Callback::new(move |to: u32| query.update(|q| q.page = Some(to)));
    view! {
        <p class="list-summary" aria-live="polite">{summary}</p>
        <CaseTable cases=page.cases/>
        <Pagination label="Pages of cases" page=current pages go/>
    }
    .into_any()
}

#[component]
fn EmptyCases() -> impl IntoView {
    view! {
        <section class="empty">
            <h2>"No cases yet"</h2>
            <p class="muted">"Cases you create, and cases shared with you, appear here."</p>
            <a class="button button-primary" href="/cases/new">"Create your first case"</a>
        </section>
    }
}

#[component]
fn CaseTable(cases: Vec<CaseSummary>) -> impl IntoView {
    let count = cases.len();
    view! {
        <div class="table-wrap">
            <table class="table case-table">
                <caption class="visually-hidden">{format!("{} you can open", wording::count(count, "case", "cases"))}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Reference"</th>
                        <th scope="col">"Title"</th>
                        <th scope="col">"Office"</th>
                        <th scope="col">"Owner"</th>
                        <th scope="col">"Your access"</th>
                        <th scope="col">"Defendants"</th>
                        <th scope="col">"Status"</th>
                    </tr>
                </thead>
                <tbody>
                    {cases
                        .into_iter()
                        .map(|case| {
                            let href = format!("/cases/{}", case.id);
                            view! {
                                <tr>
                                    <td data-label="Reference"><a class="case-link" href=href>{case.reference}</a></td>
                                    <td data-label="Title">{case.title}</td>
                                    <td data-label="Office">{case.office.unwrap_or_else(|| "—".into())}</td>
                                    <td data-label="Owner">{case.owner.name}</td>
                                    <td data-label="Your access"><span class="badge">{case.my_role}</span></td>
                                    <td data-label="Defendants">{case.defendant_count}</td>
                                    <td data-label="Status"><span class=format!("status status-{}", case.status.as_str())>{case.status.label()}</span></td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
