//! Reports on the Productions tab: a CSV of the documents a saved search or a tag finds, with
//! their tags, defendants, annotations count and uploader. Created by holders of `produce`,
//! deleted by holders of `manage_tags`; listed for readers whose scope covers the maker's.
use super::productions::SourceChoice;
use crate::components::dialog::{DialogFooter, Modal};
use crate::components::feedback::{ErrorAlert, Loading, PageFeedback};
use crate::components::pagination::{Pagination, showing};
use crate::components::removable::RemoveControl;
use crate::server_data::server_data;
use crate::server_fns::reports::{CreateReport, DeleteReport, list_reports};
use domain::CaseId;
use domain::documents::human_size;
use domain::paging::page_count;
use domain::reports::{ReportInput, ReportView};
use domain::search::SearchQuery;
use domain::wording;
use leptos::prelude::*;

#[component]
pub fn ReportsSection(case: CaseId, can_create: bool, can_delete: bool) -> impl IntoView {
    let page = RwSignal::new(1u32);
    let changed = RwSignal::new(0u32);
    let reports = server_data(move || (page.get(), changed.get()), move |(page, _)| list_reports(case, Some(page)));
    let creating = RwSignal::new(false);
    view! {
        <section class="panel" aria-labelledby="reports-heading">
            <div class="panel-header">
                <div>
                    <h2 id="reports-heading">"Reports"</h2>
                    <p class="muted">"A spreadsheet (CSV) of documents with their tags, defendants, notes and uploader."</p>
                </div>
                {can_create.then(|| view! {
                    <button type="button" class="button button-secondary" on:click=move |_| creating.set(true)>"New report"</button>
                    <ReportDialog case open=creating query=Signal::derive(|| None) on_done=Callback::new(move |_| changed.update(|n| *n += 1))/>
                })}
            </div>
            <Transition fallback=|| view! { <Loading label="Loading the reports…"/> }>
                {move || Suspend::new(async move {
                    match reports.await {
                        Ok(found) if found.reports.is_empty() => view! { <p class="empty-inline">"No reports yet."</p> }.into_any(),
                        Ok(found) => {
                            let total_pages = page_count(found.total, found.per_page);
                            let summary = showing(found.page, found.per_page, found.reports.len(), found.total, "report", "reports");
                            view! {
                                <p class="muted">{summary}</p>
                                <ul class="report-list">
                                    {found.reports.into_iter().map(|r| view! { <ReportRow case report=r can_delete changed/> }).collect_view()}
                                </ul>
                                <Pagination label="Pages of reports" page=found.page pages=total_pages go=Callback::new(move |p| page.set(p))/>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorAlert message=e.message/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ReportRow(case: CaseId, report: ReportView, can_delete: bool, changed: RwSignal<u32>) -> impl IntoView {
    let feedback = PageFeedback::get();
    let remove = ServerAction::<DeleteReport>::new();
    let confirming = RwSignal::new(false);
    let name = StoredValue::new(report.name.clone());
    Effect::new(move |_| {
        if let Some(Ok(())) = remove.value().get() {
            confirming.set(false);
            changed.update(|n| *n += 1);
            feedback.done(format!("Deleted the report {}.", name.get_value()));
        }
    });
    let id = report.id;
    view! {
        <li class="saved-row">
            <div class="saved-what">
                <span class="person-name">{report.name.clone()}</span>
                <span class="muted">{format!("{} · {} · {} · {}", wording::count(report.documents, "document", "documents"), human_size(report.size as u64), report.created_by, report.created_at.display())}</span>
            </div>
            <div class="row-actions">
                <a class="button button-secondary" href=format!("/api/v1/cases/{case}/reports/{id}/content") download
                    aria-label=format!("Download CSV of the report {}", report.name)>"Download CSV"</a>
                {can_delete.then(|| view! {
                    <RemoveControl id=format!("delete-report-{id}") label="Delete" aria_label=format!("Delete the report {}", name.get_value())
                        title=format!("Delete the report {}?", name.get_value()) confirm_label="Delete report" open=confirming
                        pending=remove.pending() error=Signal::derive(move || remove.value().get().and_then(|r| r.err()))
                        on_confirm=Callback::new(move |_| { remove.dispatch(DeleteReport { case, id }); })>
                        <p>"The report is removed for everyone on the case. No document changes."</p>
                    </RemoveControl>
                })}
            </div>
        </li>
    }
    .into_any()
}

/// Creating a report: of `query` (the search page's) when given, else of a saved search or a tag
/// chosen here.
#[component]
pub fn ReportDialog(
    case: CaseId,
    open: RwSignal<bool>,
    #[prop(into)] query: Signal<Option<SearchQuery>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let feedback = PageFeedback::get();
    let name = RwSignal::new(String::new());
    let source = RwSignal::new(None::<SearchQuery>);
    let action = ServerAction::<CreateReport>::new();
    let problem = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(made)) = action.value().get() {
            open.set(false);
            name.set(String::new());
            on_done.run(());
            feedback.done(format!(
                "The report {} lists {}.",
                made.name,
                wording::count(made.documents, "document", "documents")
            ));
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        match query.get_untracked().or_else(|| source.get_untracked()) {
            Some(query) => {
                action.dispatch(CreateReport { case, input: ReportInput { name: name.get_untracked(), query } });
            }
            None => problem.set(Some("Choose the saved search or the tag to report on.".into())),
        }
    };
    let error = move || action.value().get().and_then(|r| r.err());
    view! {
        <Modal open id="new-report" title="New report">
            <form class="form" on:submit=on_submit novalidate>
                {move || match query.get() {
                    Some(_) => view! { <p class="muted">"Every result of the search, as you see it."</p> }.into_any(),
                    None => view! { <SourceChoice case id_prefix="report" chosen=source/> }.into_any(),
                }}
                <div class="field">
                    <label for="report-name">"Name"</label>
                    <input id="report-name" type="text" maxlength="100" required bind:value=name placeholder="Documents tagged Key"/>
                    {move || error().and_then(|e| e.for_field("name")).map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                {move || problem.get().map(|m| view! { <ErrorAlert message=m/> })}
                {move || error().filter(|e| e.field.as_deref() != Some("name")).map(|e| view! { <ErrorAlert message=e.message/> })}
                <DialogFooter open label="Create report" pending_label="Writing the report…" pending=action.pending()/>
            </form>
        </Modal>
    }
}
