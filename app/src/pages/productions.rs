//! The Productions tab: the case's productions (built in the background, with their progress),
//! their download, sharing and deletion, and the reports beside them. Everyone who may view the
//! case sees those made within their defendant scope; the buttons follow the viewer's
//! capabilities, and the server refuses the rest whatever the page shows.
use super::production_shares::ShareDialog;
use super::reports::ReportsSection;
use crate::components::case_header::{CaseHeader, CaseTab};
use crate::components::dialog::{ConfirmDialog, DialogFooter, Modal};
use crate::components::feedback::{ErrorAlert, Loading, PageFeedback};
use crate::components::pagination::{Pagination, showing};
use crate::pages::case_page::with_case;
use crate::server_data::server_data;
use crate::server_fns::productions::{CreateProduction, DeleteProduction, list_productions};
use crate::server_fns::search::list_saved_searches;
use crate::server_fns::tags::list_tags;
use domain::access::Capability;
use domain::cases::CaseDetail;
use domain::documents::batch::DocumentSet;
use domain::documents::human_size;
use domain::paging::page_count;
use domain::productions::{ProductionInput, ProductionStatus, ProductionView};
use domain::search::SearchQuery;
use domain::wording;
use domain::{CaseId, ProductionId, TagId};
use leptos::prelude::*;
use std::time::Duration;

#[component]
pub fn ProductionsPage() -> impl IntoView {
    with_case(|case| view! { <ProductionsTab case/> }.into_any())
}

/// What the viewer may do here, from their access to the case.
#[derive(Clone, Copy)]
struct Allowed {
    produce: bool,
    share: bool,
    delete: bool,
}

#[component]
fn ProductionsTab(case: CaseDetail) -> impl IntoView {
    let feedback = PageFeedback::provide();
    let id = case.id;
    let can = |c| case.access.can(c);
    let allowed = Allowed {
        produce: can(Capability::Produce) && can(Capability::Search),
        share: can(Capability::ShareProductions),
        delete: can(Capability::ManageTags),
    };
    let page = RwSignal::new(1u32);
    // Bumped by every change made here, so that the list is read again.
    let changed = RwSignal::new(0u32);
    let productions =
        server_data(move || (page.get(), changed.get()), move |(page, _)| list_productions(id, Some(page)));
    // While a build is under way, the list is read again every second for its progress.
    Effect::new(move |_| {
        let building = productions.get().and_then(|r| r.ok()).is_some_and(|p| {
            p.productions.iter().any(|p| matches!(p.status, ProductionStatus::Queued | ProductionStatus::Building))
        });
        if building {
            set_timeout(move || changed.update(|n| *n += 1), Duration::from_secs(1));
        }
    });
    let creating = RwSignal::new(false);
    let (sharing, deleting): (Chosen, Chosen) = (RwSignal::new(None), RwSignal::new(None));
    view! {
        <CaseHeader case=case.clone() active=CaseTab::Productions/>
        <RowDialogs case=id sharing deleting changed/>
        {feedback.region()}
        <section class="panel" aria-labelledby="productions-heading">
            <div class="panel-header">
                <div>
                    <h2 id="productions-heading">"Productions"</h2>
                    <p class="muted">"Documents handed over with Bates numbers, redactions applied, and a load file."</p>
                </div>
                {allowed.produce.then(|| view! {
                    <button type="button" class="button button-primary" on:click=move |_| creating.set(true)>"New production"</button>
                })}
            </div>
            {allowed.produce.then(|| view! { <ProduceDialog case=id open=creating documents=Signal::derive(|| None) on_done=Callback::new(move |_| changed.update(|n| *n += 1))/> })}
            <Transition fallback=|| view! { <Loading label="Loading the productions…"/> }>
                {move || Suspend::new(async move {
                    match productions.await {
                        Ok(found) if found.productions.is_empty() => view! {
                            <p class="empty-inline">{if allowed.produce {
                                "No productions yet. Create one from a saved search or a tag here, or from documents you select on the Documents tab."
                            } else {
                                "No productions yet."
                            }}</p>
                        }.into_any(),
                        Ok(found) => {
                            let total_pages = page_count(found.total, found.per_page);
                            let summary = showing(found.page, found.per_page, found.productions.len(), found.total, "production", "productions");
                            view! {
                                <p class="muted">{summary}</p>
                                <ul class="production-list" aria-label="Productions">
                                    {found.productions.into_iter().map(|p| view! { <ProductionRow case=id production=p allowed sharing deleting/> }).collect_view()}
                                </ul>
                                <Pagination label="Pages of productions" page=found.page pages=total_pages go=Callback::new(move |p| page.set(p))/>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorAlert message=e.message/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <ReportsSection case=id can_create=allowed.produce can_delete=allowed.delete/>
    }
    .into_any()
}

/// A production the person acts on in a dialog: its id and name.
type Chosen = RwSignal<Option<(ProductionId, String)>>;

#[component]
fn ProductionRow(
    production: ProductionView,
    case: CaseId,
    allowed: Allowed,
    sharing: Chosen,
    deleting: Chosen,
) -> impl IntoView {
    let id = production.id;
    let ready = production.status == ProductionStatus::Ready;
    let status = match production.status {
        ProductionStatus::Queued => view! { <span class="badge">"Queued"</span> }.into_any(),
        ProductionStatus::Building => {
            let (done, total) = (production.done, production.documents.max(1));
            view! {
                <div class="progress-cell">
                    <progress max=total value=done aria-label=format!("Building {}", production.name)></progress>
                    <span class="muted">{format!("{done} of {total}")}</span>
                </div>
            }
            .into_any()
        }
        ProductionStatus::Ready => {
            let mut parts = vec![human_size(production.size.unwrap_or_default() as u64)];
            if production.redacted > 0 {
                parts.push(format!("{} redacted", production.redacted));
            }
            if production.withheld > 0 {
                parts.push(format!("{} withheld", production.withheld));
            }
            view! {
                <span class="badge badge-ok">"Ready"</span>
                <span class="muted production-facts">{parts.join(" · ")}</span>
            }
            .into_any()
        }
        ProductionStatus::Failed => view! {
            <span class="badge badge-danger">"Failed"</span>
            <p class="hint">{production.error.clone().unwrap_or_default()}</p>
        }
        .into_any(),
    };
    let range = production.bates_range().unwrap_or_else(|| {
        format!("From {}", domain::productions::bates(&production.bates_prefix, production.bates_start))
    });
    let name = production.name.clone();
    let (share_name, delete_name) = (name.clone(), name.clone());
    view! {
        <li class="production-row">
            <div class="production-what">
                <span class="person-name">{name.clone()}</span>
                <span class="muted">{format!("{range} · {}", wording::count(production.documents, "document", "documents"))}</span>
                <span class="muted">{format!("{} · {}", production.created_by, production.created_at.display())}</span>
            </div>
            <div class="production-status">{status}</div>
            <div class="row-actions">
                {ready.then(|| view! {
                    <a class="button button-secondary" href=format!("/api/v1/cases/{case}/productions/{id}/content") download
                        aria-label=format!("Download ZIP of the production {name}")>"Download ZIP"</a>
                })}
                {(ready && allowed.share).then(|| view! {
                    <button type="button" class="button button-secondary" aria-label=format!("Share the production {share_name}")
                        on:click=move |_| sharing.set(Some((id, share_name.clone())))>"Share…"</button>
                })}
                {allowed.delete.then(|| view! {
                    <button type="button" class="button button-danger-outline" aria-label=format!("Delete the production {delete_name}")
                        on:click=move |_| deleting.set(Some((id, delete_name.clone())))>"Delete"</button>
                })}
            </div>
        </li>
    }
    .into_any()
}

/// The dialogs a row opens, kept outside the list: the list is read again every second while a
/// production builds, and a dialog inside it would close with each reading.
#[component]
fn RowDialogs(case: CaseId, sharing: Chosen, deleting: Chosen, changed: RwSignal<u32>) -> impl IntoView {
    let feedback = PageFeedback::get();
    let share_open = RwSignal::new(false);
    let delete_open = RwSignal::new(false);
    let remove = ServerAction::<DeleteProduction>::new();
    // A row's choice opens its dialog; closing the dialog (by any means) clears the choice. Each
    // side writes only on a real change, so that the two never wake each other in a loop.
    let follow = |chosen: Chosen, open: RwSignal<bool>| {
        Effect::new(move |_| {
            if chosen.get().is_some() && !open.get_untracked() {
                open.set(true);
            }
        });
        Effect::new(move |_| {
            if !open.get() && chosen.get_untracked().is_some() {
                chosen.set(None);
            }
        });
    };
    follow(sharing, share_open);
    follow(deleting, delete_open);
    Effect::new(move |_| {
        if let Some(Ok(())) = remove.value().get() {
            if let Some((_, name)) = deleting.get_untracked() {
                feedback.done(format!("Deleted the production {name}."));
            }
            delete_open.set(false);
            changed.update(|n| *n += 1);
        }
    });
    view! {
        {move || sharing.get().map(|(production, name)| view! { <ShareDialog case production name open=share_open/> })}
        {move || deleting.get().map(|(id, name)| view! {
            <ConfirmDialog open=delete_open id=format!("delete-production-{id}") title=format!("Delete the production {name}?")
                confirm_label="Delete production" pending=remove.pending()
                on_confirm=Callback::new(move |_| { remove.dispatch(DeleteProduction { case, id }); })>
                <p>"Its ZIP is deleted and every link shared to it stops working. The documents stay in the case."</p>
                {move || remove.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorAlert message=e.message/> })}
            </ConfirmDialog>
        })}
    }
}

/// Where a production's or a report's documents come from, when no selection is given: a saved
/// search or a tag. Choosing one sets `chosen` to the query it stands for (a saved search's, or
/// only a tag filter), from the lists read here.
#[component]
pub fn SourceChoice(case: CaseId, id_prefix: &'static str, chosen: RwSignal<Option<SearchQuery>>) -> impl IntoView {
    let saved = server_data(|| (), move |_| list_saved_searches(case));
    let tags = server_data(|| (), move |_| list_tags(case));
    let field = format!("{id_prefix}-source");
    let picked = RwSignal::new(String::new());
    view! {
        <div class="field">
            <label for=field.clone()>"Documents"</label>
            <Transition fallback=|| view! { <Loading label="Loading the saved searches and tags…"/> }>
                {move || {
                    let field = field.clone();
                    Suspend::new(async move {
                        let (saved, tags) = (saved.await.unwrap_or_default(), tags.await.unwrap_or_default());
                        if saved.is_empty() && tags.is_empty() {
                            return view! { <p class="hint">"Save a search or tag documents first, or select documents on the Documents tab."</p> }.into_any();
                        }
                        let queries = StoredValue::new(saved.iter().map(|s| s.query.clone()).collect::<Vec<_>>());
                        let choose = move |value: String| {
                            let query = match value.split_once(':') {
                                Some(("search", i)) => i.parse::<usize>().ok().and_then(|i| queries.with_value(|q| q.get(i).cloned())),
                                Some(("tag", id)) => id.parse().ok().map(|id| SearchQuery { tag: Some(TagId(id)), ..Default::default() }),
                                _ => None,
                            };
                            picked.set(value);
                            chosen.set(query);
                        };
                        view! {
                            <select id=field prop:value=move || picked.get() on:change=move |ev| choose(event_target_value(&ev))>
                                <option value="">"Choose a saved search or a tag"</option>
                                {(!saved.is_empty()).then(|| view! {
                                    <optgroup label="Saved searches">
                                        {saved.into_iter().enumerate().map(|(i, s)| view! { <option value=format!("search:{i}")>{s.name}</option> }).collect_view()}
                                    </optgroup>
                                })}
                                {(!tags.is_empty()).then(|| view! {
                                    <optgroup label="Documents tagged">
                                        {tags.into_iter().map(|t| view! { <option value=format!("tag:{}", t.id)>{format!("{} ({})", t.name, t.documents)}</option> }).collect_view()}
                                    </optgroup>
                                })}
                            </select>
                        }
                        .into_any()
                    })
                }}
            </Transition>
        </div>
    }
}

/// Creating a production: from `documents` (a selection) when given, else from a saved search or
/// a tag chosen here.
#[component]
pub fn ProduceDialog(
    case: CaseId,
    open: RwSignal<bool>,
    #[prop(into)] documents: Signal<Option<DocumentSet>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let feedback = PageFeedback::get();
    let name = RwSignal::new(String::new());
    let prefix = RwSignal::new(String::new());
    let start = RwSignal::new("1".to_string());
    let source = RwSignal::new(None::<SearchQuery>);
    let action = ServerAction::<CreateProduction>::new();
    let problem = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(made)) = action.value().get() {
            open.set(false);
            name.set(String::new());
            on_done.run(());
            feedback.done(format!(
                "Building the production {} of {}.",
                made.name,
                wording::count(made.documents, "document", "documents")
            ));
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        let Ok(bates_start) = start.get_untracked().trim().parse::<i64>() else {
            problem.set(Some("Enter the first Bates number as a whole number, like 1.".into()));
            return;
        };
        let documents = match (documents.get_untracked(), source.get_untracked()) {
            (Some(set), _) => set,
            (None, Some(query)) => DocumentSet::Search { query },
            (None, None) => {
                problem.set(Some("Choose the saved search or the tag to produce.".into()));
                return;
            }
        };
        let (name, bates_prefix) = (name.get_untracked(), prefix.get_untracked());
        action
            .dispatch(CreateProduction { case, input: ProductionInput { name, bates_prefix, bates_start, documents } });
    };
    let error = move || action.value().get().and_then(|r| r.err());
    let field_error = move |f: &'static str| error().and_then(|e| e.for_field(f));
    view! {
        <Modal open id="new-production" title="New production" class="dialog-wide">
            <form class="form" on:submit=on_submit novalidate>
                {move || match documents.get() {
                    Some(DocumentSet::Documents { documents }) => view! { <p class="muted">{format!("The {} selected, in order of name.", wording::count(documents.len(), "document", "documents"))}</p> }.into_any(),
                    Some(DocumentSet::Search { .. }) => view! { <p class="muted">"Every result of the search, in order of name."</p> }.into_any(),
                    None => view! { <SourceChoice case id_prefix="production" chosen=source/> }.into_any(),
                }}
                <div class="field">
                    <label for="production-name">"Name"</label>
                    <input id="production-name" type="text" maxlength="100" required bind:value=name placeholder="First disclosure to the defence"/>
                    {move || field_error("name").map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="production-prefix">"Bates prefix"</label>
                        <input id="production-prefix" type="text" maxlength="20" required bind:value=prefix placeholder="SMITH-" aria-describedby="production-prefix-hint"/>
                        <p class="hint" id="production-prefix-hint">"Letters, digits, - and _."</p>
                        {move || field_error("bates_prefix").map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                    <div class="field">
                        <label for="production-start">"First number"</label>
                        <input id="production-start" type="number" min="1" inputmode="numeric" required bind:value=start/>
                        {move || field_error("bates_start").map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                </div>
                <p class="hint">"Text documents are produced with their redactions as █; redacted PNG and JPEG images with the areas painted black. A redacted PDF is withheld, and a slip sheet stands in its place."</p>
                {move || problem.get().map(|m| view! { <ErrorAlert message=m/> })}
                {move || error().filter(|e| e.field.is_none() || e.field.as_deref() == Some("documents")).map(|e| view! { <ErrorAlert message=e.message/> })}
                <DialogFooter open label="Create production" pending_label="Creating…" pending=action.pending()/>
            </form>
        </Modal>
    }
}
