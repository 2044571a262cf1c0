//! The Search tab: words, phrases and prefixes over the names, tags and text of the documents the
//! viewer may see, with filters, highlighted snippets, paging, saved searches, and tagging of the
//! hits for holders of `annotate`. The server runs the search inside the viewer's defendant scope.
use super::batch::{BatchChoices, BatchDialog};
use super::productions::ProduceDialog;
use super::reports::ReportDialog;
use super::tags::{TagChips, TaggingBar};
use crate::components::case_header::{CaseHeader, CaseTab};
use crate::components::feedback::{ErrorAlert, Loading, PageFeedback};
use crate::components::pagination::{Pagination, showing};
use crate::components::removable::RemoveControl;
use crate::error::AppError;
use crate::pages::case_page::with_case;
use crate::pages::folders::paths;
use crate::server_data::{ServerData, server_data};
use crate::server_fns::folders::get_workspace;
use crate::server_fns::search::{DeleteSavedSearch, SaveSearch, list_saved_searches, search_documents};
use crate::server_fns::tags::list_tags;
use domain::cases::CaseDetail;
use domain::documents::Workspace;
use domain::documents::batch::DocumentSet;
use domain::saved_searches::{SavedSearchInput, SavedSearchView};
use domain::search::{SearchHit, SearchPage, SearchQuery};
use domain::tags::TagView;
use domain::wording;
use domain::{CaseId, DefendantId, DocumentId, FolderId, TagId};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SearchPage() -> impl IntoView {
    with_case(|case| view! { <SearchTab case/> }.into_any())
}

/// The form's fields, as typed.
#[derive(Clone, Copy)]
struct Form {
    text: RwSignal<String>,
    folder: RwSignal<String>,
    tag: RwSignal<String>,
    defendant: RwSignal<String>,
    from: RwSignal<String>,
    to: RwSignal<String>,
}

impl Form {
    fn query(&self) -> SearchQuery {
        let id = |s: RwSignal<String>| s.get_untracked().parse::<i64>().ok();
        let day = |s: RwSignal<String>| Some(s.get_untracked()).filter(|d| !d.is_empty());
        SearchQuery {
            text: self.text.get_untracked(),
            folder: id(self.folder).map(FolderId),
            tag: id(self.tag).map(TagId),
            defendant: id(self.defendant).map(DefendantId),
            from: day(self.from),
            to: day(self.to),
            page: None,
            per_page: None,
        }
    }

    fn load(&self, query: &SearchQuery) {
        let id = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        self.text.set(query.text.clone());
        self.folder.set(id(query.folder.map(|f| f.0)));
        self.tag.set(id(query.tag.map(|t| t.0)));
        self.defendant.set(id(query.defendant.map(|d| d.0)));
        self.from.set(query.from.clone().unwrap_or_default());
        self.to.set(query.to.clone().unwrap_or_default());
    }
}

#[component]
fn SearchTab(case: CaseDetail) -> impl IntoView {
    let feedback = PageFeedback::provide();
    let initial = use_query_map().get_untracked().get("q").unwrap_or_default();
    let form = Form {
        text: RwSignal::new(initial.clone()),
        folder: RwSignal::new(String::new()),
        tag: RwSignal::new(String::new()),
        defendant: RwSignal::new(String::new()),
        from: RwSignal::new(String::new()),
        to: RwSignal::new(String::new()),
    };
    // The search last run (none until the first), its page, and the hits selected for tagging.
    let submitted = RwSignal::new((!initial.is_empty()).then(|| form.query()));
    let page = RwSignal::new(1u32);
    let selected = RwSignal::new(Vec::<DocumentId>::new());
    let id = case.id;
    let workspace = server_data(move || feedback.reload.get(), move |_| get_workspace(id));
    let tags = server_data(move || feedback.reload.get(), move |_| list_tags(id));
    let saved = server_data(move || feedback.reload.get(), move |_| list_saved_searches(id));
    let results = server_data(
        move || (submitted.get(), page.get(), feedback.reload.get()),
        move |(query, page, _)| async move {
            match query {
                Some(query) => search_documents(id, SearchQuery { page: Some(page), ..query }).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let run = Callback::new(move |query: SearchQuery| {
        selected.set(Vec::new());
        page.set(1);
        submitted.set(Some(query));
    });
    // The form, the results and the saved searches each wait in their own Transition, side by
    // side and made once with the tab: a Transition made inside another's content, anew on each
    // reload, can stay on its fallback for good (see the Documents tab).
    view! {
        <CaseHeader case=case.clone() active=CaseTab::Search/>
        {feedback.region()}
        <div class="search-layout">
            <div class="search-main">
                <Transition fallback=|| view! { <Loading label="Loading the search…"/> }>
                    {move || Suspend::new(async move {
                        match (workspace.await, tags.await) {
                            (Ok(w), Ok(t)) => {
                                let batch = batch_choices(&w, &t);
                                let (can_annotate, can_produce) = (w.can_annotate, w.can_produce);
                                let tagging = t.clone();
                                view! {
                                    <SearchForm form workspace=w tags=t run/>
                                    {move || (can_annotate && !selected.get().is_empty()).then(|| view! {
                                        <TaggingBar case=id tags=tagging.clone() selected produce=can_produce batch=batch.clone()/>
                                    })}
                                }.into_any()
                            }
                            (Err(e), _) | (_, Err(e)) => view! { <ErrorAlert message=e.message/> }.into_any(),
                        }
                    })}
                </Transition>
                <Results case=id workspace tags results page selected submitted/>
            </div>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match (workspace.await, saved.await) {
                        (Ok(w), Ok(s)) => view! { <SavedSearches case=id saved=s form submitted can_delete=w.can_manage_tags run/> }.into_any(),
                        // The form's side reports a workspace that cannot be read.
                        (Err(_), _) => ().into_any(),
                        (_, Err(e)) => view! { <ErrorAlert message=e.message/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
    .into_any()
}

#[component]
fn SearchForm(form: Form, workspace: Workspace, tags: Vec<TagView>, run: Callback<SearchQuery>) -> impl IntoView {
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        run.run(form.query());
    };
    let text_input = |label: &'static str, id: &'static str, kind: &'static str, value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type=kind prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };
    view! {
        <form class="panel search-form" role="search" on:submit=on_submit novalidate>
            <div class="search-box">
                <div class="field search-text">
                    <label for="search-text">"Search the documents"</label>
                    <input id="search-text" type="search" autocomplete="off" aria-describedby="search-hint" prop:value=move || form.text.get() on:input=move |ev| form.text.set(event_target_value(&ev))/>
                    <p id="search-hint" class="hint">"Every word must occur. Use \"quotes\" for a phrase and * for the start of a word: smi*."</p>
                </div>
                <button type="submit" class="button button-primary">"Search"</button>
            </div>
            <details class="search-filters">
                <summary>"Filters"</summary>
                <div class="filters">
                    <div class="field">
                        <label for="search-folder">"Folder"</label>
                        <select id="search-folder" prop:value=move || form.folder.get() on:change=move |ev| form.folder.set(event_target_value(&ev))>
                            <option value="">"Any folder"</option>
                            {paths(&workspace.folders).into_iter().map(|(f, path, _)| view! { <option value=f.0.to_string()>{path}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="search-tag">"Tag"</label>
                        <select id="search-tag" prop:value=move || form.tag.get() on:change=move |ev| form.tag.set(event_target_value(&ev))>
                            <option value="">"Any tag"</option>
                            {tags.into_iter().map(|t| view! { <option value=t.id.0.to_string()>{t.name}</option> }).collect_view()}
                        </select>
                    </div>
                    {(!workspace.defendants.is_empty()).then(|| view! {
                        <div class="field">
                            <label for="search-defendant">"Defendant"</label>
                            <select id="search-defendant" prop:value=move || form.defendant.get() on:change=move |ev| form.defendant.set(event_target_value(&ev))>
                                <option value="">"Any defendant"</option>
                                {workspace.defendants.iter().map(|d| view! { <option value=d.id.0.to_string()>{d.name.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                    })}
                    {text_input("Uploaded from", "search-from", "date", form.from)}
                    {text_input("Uploaded to", "search-to", "date", form.to)}
                </div>
            </details>
        </form>
    }
    .into_any()
}

/// The search's results, a page at a time. It waits for the workspace and the tags as well, which
/// say what the viewer may do with the results, so that a reload shows both from the same moment.
#[component]
fn Results(
    case: CaseId,
    workspace: ServerData<Result<Workspace, AppError>>,
    tags: ServerData<Result<Vec<TagView>, AppError>>,
    results: ServerData<Result<Option<SearchPage>, AppError>>,
    page: RwSignal<u32>,
    selected: RwSignal<Vec<DocumentId>>,
    submitted: RwSignal<Option<SearchQuery>>,
) -> impl IntoView {
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                // The form's side reports a workspace or tags that cannot be read.
                let (Ok(w), Ok(t)) = (workspace.await, tags.await) else { return ().into_any() };
                let batch = batch_choices(&w, &t);
                let (can_select, can_produce) = (w.can_annotate, w.can_produce);
                match results.await {
                    Ok(None) => view! {
                        <section class="empty">
                            <h3>"Search this case's documents"</h3>
                            <p class="muted">"Type words above. Only documents you may see are searched."</p>
                        </section>
                    }.into_any(),
                    Ok(Some(p)) if p.total == 0 => view! {
                        <p class="list-summary" role="status">"No documents match."</p>
                        <section class="empty">
                            <h3>"No documents match"</h3>
                            <p class="muted">"Try fewer words, a shorter prefix, or fewer filters."</p>
                        </section>
                    }.into_any(),
                    Ok(Some(p)) => {
                        let summary = showing(p.page, p.per_page, p.hits.len(), p.total, "matching document", "matching documents");
                        let pages = domain::paging::page_count(p.total, p.per_page);
                        let go = Callback::new(move |to: u32| page.set(to));
                        let total = p.total;
                        view! {
                            <div class="results-head">
                                <p class="list-summary" role="status">{summary}</p>
                                <div class="row-actions">
                                    {can_produce.then(|| view! { <ExportAll case submitted total/> })}
                                    {batch.map(|choices| view! { <BatchAll case submitted total choices/> })}
                                </div>
                            </div>
                            <ol class="hit-list">
                                {p.hits.into_iter().map(|hit| view! { <Hit case hit selected=can_select.then_some(selected)/> }).collect_view()}
                            </ol>
                            <Pagination label="Pages of results" page=p.page pages go/>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorAlert message=e.message/> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn Hit(case: CaseId, hit: SearchHit, selected: Option<RwSignal<Vec<DocumentId>>>) -> impl IntoView {
    let SearchHit { document, snippet } = hit;
    let id = document.id;
    let name = document.name.clone();
    let concerns = document.defendants.iter().map(|d| d.name.clone()).collect::<Vec<_>>().join(", ");
    view! {
        <li class="hit">
            {selected.map(|selected| view! {
                <input type="checkbox" class="hit-select" aria-label=format!("Select {name}") prop:checked=move || selected.with(|s| s.contains(&id))
                    on:change=move |ev| { let on = event_target_checked(&ev); selected.update(|s| { s.retain(|x| *x != id); if on { s.push(id); } }); }/>
            })}
            <div class="hit-body">
                <p class="hit-title">
                    <a class="case-link" href=format!("/cases/{case}/documents/{id}")>{document.name.clone()}</a>
                    <TagChips tags=document.tags.clone()/>
                </p>
                {(!snippet.is_empty()).then(|| view! {
                    <p class="snippet">
                        {snippet.into_iter().map(|f| if f.hit { view! { <mark>{f.text}</mark> }.into_any() } else { f.text.into_any() }).collect_view()}
                    </p>
                })}
                <p class="hit-meta muted">
                    {format!("Uploaded {} by {}", document.uploaded_at.display_date(), document.uploaded_by)}
                    {(!concerns.is_empty()).then(|| format!(" · {concerns}"))}
                </p>
            </div>
        </li>
    }
    .into_any()
}

/// The case's saved searches: load one into the form and run it; save the current one; delete one
/// (manage_tags).
#[component]
fn SavedSearches(
    case: CaseId,
    saved: Vec<SavedSearchView>,
    form: Form,
    submitted: RwSignal<Option<SearchQuery>>,
    can_delete: bool,
    run: Callback<SearchQuery>,
) -> impl IntoView {
    let feedback = PageFeedback::get();
    let name = RwSignal::new(String::new());
    let save = ServerAction::<SaveSearch>::new();
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            name.set(String::new());
            feedback.done(format!("Saved the search {}.", saved.name));
        }
    });
    let error = move || save.value().get().and_then(|r| r.err());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let query = submitted.get_untracked().unwrap_or_else(|| form.query());
        save.dispatch(SaveSearch { case, input: SavedSearchInput { name: name.get_untracked(), query } });
    };
    view! {
        <aside class="panel saved-searches" aria-labelledby="saved-heading">
            <h2 id="saved-heading">"Saved searches"</h2>
            {if saved.is_empty() {
                view! { <p class="empty-inline">"None yet. Run a search, then save it here."</p> }.into_any()
            } else {
                view! {
                    <ul class="saved-list">
                        {saved.into_iter().map(|s| view! { <SavedRow case saved=s form can_delete run/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <form class="form" on:submit=on_submit novalidate>
                <div class="field">
                    <label for="saved-name">"Save the current search as"</label>
                    <input id="saved-name" type="text" autocomplete="off" maxlength="100" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    <p class="field-error">{move || error().map(|e| e.message)}</p>
                </div>
                <button type="submit" class="button button-secondary" disabled=move || save.pending().get()>"Save search"</button>
            </form>
        </aside>
    }
    .into_any()
}

#[component]
fn SavedRow(
    case: CaseId,
    saved: SavedSearchView,
    form: Form,
    can_delete: bool,
    run: Callback<SearchQuery>,
) -> impl IntoView {
    let feedback = PageFeedback::get();
    let remove = ServerAction::<DeleteSavedSearch>::new();
    let confirming = RwSignal::new(false);
    let label = saved.name.clone();
    Effect::new(move |_| {
        if let Some(Ok(())) = remove.value().get() {
            confirming.set(false);
            feedback.done(format!("Deleted the saved search {label}."));
        }
    });
    let id = saved.id;
    let query = StoredValue::new(saved.query.clone());
    let summary = if saved.query.text.is_empty() { "Filters only".to_string() } else { saved.query.text.clone() };
    view! {
        <li class="saved-row">
            <div class="saved-what">
                <span class="person-name">{saved.name.clone()}</span>
                <span class="muted">{format!("{summary} · {}", saved.saved_by)}</span>
            </div>
            <div class="row-actions">
                <button type="button" class="button button-secondary" aria-label=format!("Load the search {}", saved.name)
                    on:click=move |_| { let q = query.get_value(); form.load(&q); run.run(q); }>"Load"</button>
                {can_delete.then(|| view! {
                    <RemoveControl id=format!("delete-saved-{id}") label="Delete" aria_label=format!("Delete the saved search {}", saved.name)
                        title=format!("Delete the saved search {}?", saved.name) confirm_label="Delete search" open=confirming
                        pending=remove.pending() error=Signal::derive(move || remove.value().get().and_then(|r| r.err()))
                        on_confirm=Callback::new(move |_| { remove.dispatch(DeleteSavedSearch { case, id }); })>
                        <p>"The search is removed for everyone on the case. No document changes."</p>
                    </RemoveControl>
                })}
            </div>
        </li>
    }
    .into_any()
}

/// What a batch update may change, for a holder of batch_update; none for anyone else.
fn batch_choices(workspace: &Workspace, tags: &[TagView]) -> Option<BatchChoices> {
    workspace.can_batch_update.then(|| BatchChoices {
        tags: tags.to_vec(),
        folders: workspace.folders.clone(),
        defendants: workspace.defendants.clone(),
        can_tag: workspace.can_annotate,
        can_file: workspace.can_manage,
    })
}

/// "Produce all" and "Report": a production or a report of everything the search last run finds.
#[component]
fn ExportAll(case: CaseId, submitted: RwSignal<Option<SearchQuery>>, total: i64) -> impl IntoView {
    let (producing, reporting) = (RwSignal::new(false), RwSignal::new(false));
    let query = Signal::derive(move || submitted.get().unwrap_or_default());
    let documents = Signal::derive(move || Some(DocumentSet::Search { query: query.get() }));
    let navigate = leptos_router::hooks::use_navigate();
    let to_productions = Callback::new(move |_| navigate(&format!("/cases/{case}/productions"), Default::default()));
    view! {
        <button type="button" class="button button-secondary" on:click=move |_| producing.set(true)>{format!("Produce all {total}…")}</button>
        <ProduceDialog case open=producing documents on_done=to_productions/>
        <button type="button" class="button button-secondary" on:click=move |_| reporting.set(true)>"Report…"</button>
        <ReportDialog case open=reporting query=Signal::derive(move || Some(query.get())) on_done=to_productions/>
    }
    .into_any()
}

/// "Update every result": a batch update of everything the search last run finds, every page.
#[component]
fn BatchAll(
    case: CaseId,
    submitted: RwSignal<Option<SearchQuery>>,
    total: i64,
    choices: BatchChoices,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let target = Signal::derive(move || DocumentSet::Search { query: submitted.get().unwrap_or_default() });
    view! {
        <button type="button" class="button button-secondary" on:click=move |_| open.set(true)>
            {format!("Update all {}…", wording::count(total, "result", "results"))}
        </button>
        <BatchDialog case target choices open/>
    }
    .into_any()
}
