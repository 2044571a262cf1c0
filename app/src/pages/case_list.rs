use crate::components::feedback::{Loading, page_error};
use crate::server_fns::cases::list_cases;
use domain::cases::CaseSummary;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CaseListPage() -> impl IntoView {
    let cases = Resource::new(|| (), |_| list_cases());
    view! {
        <Title text="Cases"/>
        <div class="page-header">
            <div>
                <h1>"Cases"</h1>
                <p class="muted">"Every case you can open, newest first."</p>
            </div>
            <a class="button button-primary" href="/cases/new">"New case"</a>
        </div>
        <Suspense fallback=|| view! { <Loading label="Loading your cases…"/> }>
            {move || Suspend::new(async move {
                match cases.await {
                    Ok(list) if list.is_empty() => view! { <EmptyCases/> }.into_any(),
                    Ok(list) => view! { <CaseTable cases=list/> }.into_any(),
                    Err(e) => page_error(e),
                }
            })}
        </Suspense>
    }
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
                <caption class="visually-hidden">{format!("{count} case(s) you can open")}</caption>
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
