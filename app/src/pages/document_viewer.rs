//! One document, opened in the browser: PDFs and images as they are, text and HTML as text (HTML
//! as its source, escaped, never run), anything else offered for download; beside it, its tags,
//! notes and redactions. A document outside the viewer's defendant scope is "not found".
use super::annotations::{DocumentTags, MarkedText, NotesPanel};
use crate::components::case_header::{CaseHeader, CaseTab};
use crate::components::feedback::{ErrorAlert, Loading, PageFeedback};
use crate::error::ErrorCode;
use crate::pages::case_page::with_case;
use crate::pages::not_found::NotFound;
use crate::server_data::{ServerData, server_data};
use crate::server_fns::annotations::list_annotations;
use crate::server_fns::documents::{document_text, get_document};
use crate::server_fns::tags::list_tags;
use domain::access::Capability;
use domain::cases::CaseDetail;
use domain::documents::{DocumentView, Presentation, TextPreview, human_size, kind_of, type_label};
use domain::{CaseId, DocumentId};
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DocumentViewerPage() -> impl IntoView {
    with_case(|case| view! { <Viewer case/> }.into_any())
}

/// What the side panel and the marked text reload after a change; the document itself (and a
/// PDF's frame) stays as it is.
#[derive(Clone, Copy)]
struct Side {
    case: CaseId,
    current: ServerData<Option<DocumentView>>,
    notes: ServerData<Vec<domain::annotations::AnnotationView>>,
    tags: ServerData<Vec<domain::tags::TagView>>,
    can_annotate: bool,
}

#[component]
fn Viewer(case: CaseDetail) -> impl IntoView {
    let feedback = PageFeedback::provide();
    let params = use_params_map();
    let id = move || params.read().get("doc").and_then(|s| s.parse::<i64>().ok()).map(DocumentId);
    let case_id = case.id;
    let document = server_data(id, move |id| async move {
        match id {
            Some(id) => get_document(case_id, id).await.map(Some),
            None => Ok(None),
        }
    });
    // Every resource is made here, beside the document, not inside its view, so that the browser
    // finds what the server sent while it hydrates.
    let text = server_data(id, move |id| async move {
        match id {
            Some(id) => document_text(case_id, id).await.ok().flatten(),
            None => None,
        }
    });
    let reloaded = move || (id(), feedback.reload.get());
    let current = server_data(reloaded, move |(id, _)| async move {
        match id {
            Some(id) => get_document(case_id, id).await.ok(),
            None => None,
        }
    });
    let notes = server_data(reloaded, move |(id, _)| async move {
        match id {
            Some(id) => list_annotations(case_id, id).await.unwrap_or_default(),
            None => Vec::new(),
        }
    });
    let tags = server_data(
        move || feedback.reload.get(),
        move |_| async move { list_tags(case_id).await.unwrap_or_default() },
    );
    let side = Side { case: case_id, current, notes, tags, can_annotate: case.access.can(Capability::Annotate) };
    view! {
        <CaseHeader case=case.clone() active=CaseTab::Documents/>
        {feedback.region()}
        <Suspense fallback=|| view! { <Loading label="Opening the document…"/> }>
            {move || Suspend::new(async move {
                match document.await {
                    Ok(Some(d)) => {
                        let text = text.await;
                        view! { <Shown document=d text side/> }.into_any()
                    }
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(e) if e.code == ErrorCode::NotFound => view! { <NotFound/> }.into_any(),
                    Err(e) => view! { <ErrorAlert message=e.message/> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Shown(document: DocumentView, text: Option<TextPreview>, side: Side) -> impl IntoView {
    let case = side.case;
    let content = format!("/api/v1/cases/{case}/documents/{}/content", document.id);
    let inline = format!("{content}?disposition=inline");
    let name = document.name.clone();
    let concerns = if document.defendants.is_empty() {
        "Everyone who may view the case".to_string()
    } else {
        document.defendants.iter().map(|d| d.name.clone()).collect::<Vec<_>>().join(", ")
    };
    let shown_as = kind_of(&document.name).1;
    let pre = NodeRef::<html::Pre>::new();
    let has_text = matches!((shown_as, &text), (Presentation::Text, Some(_)));
    let shown = match (shown_as, text) {
        (Presentation::Text, Some(preview)) => {
            let label = format!("Text of {name}");
            let text = StoredValue::new(preview.text);
            view! {
                {preview.truncated.then(|| view! { <p class="muted">"This is the start of the document. Download it to read all of it."</p> })}
                <Transition fallback=move || view! { <pre class="viewer-text">{text.get_value()}</pre> }>
                    {move || Suspend::new({
                        let label = label.clone();
                        async move {
                            let notes = side.notes.await;
                            view! { <MarkedText label text=text.get_value() notes node=pre/> }
                        }
                    })}
                </Transition>
            }
            .into_any()
        }
        (Presentation::Pdf | Presentation::Text, _) => {
            view! { <iframe class="viewer-frame" src=inline title=format!("{name}, as a page")></iframe> }.into_any()
        }
        (Presentation::Image, _) => view! { <img class="viewer-image" src=inline alt=name.clone()/> }.into_any(),
        (Presentation::Download, _) => view! {
            <section class="empty">
                <h3>"This kind of file cannot be shown in the browser"</h3>
                <p class="muted">"Download it to open it with an application on your computer."</p>
            </section>
        }
        .into_any(),
    };
    let id = document.id;
    view! {
        <p class="back-link"><a href=format!("/cases/{case}/documents")>"← All documents"</a></p>
        <section class="panel" aria-labelledby="document-heading">
            <div class="panel-header">
                <div>
                    <h2 id="document-heading">{name.clone()}</h2>
                    <p class="muted">
                        {format!("{} · {} · uploaded by {} on {}", type_label(&document.name), human_size(document.size.max(0) as u64),
                            document.uploaded_by, document.uploaded_at.display())}
                    </p>
                    <p class="muted">"Concerns: " {concerns}</p>
                </div>
                <a class="button button-primary" href=content download=name.clone()>"Download"</a>
            </div>
            <div class="viewer-layout">
                <div class="viewer-main">{shown}</div>
                <aside class="viewer-side" aria-label="Tags, notes and redactions">
                    <Transition fallback=|| view! { <Loading label="Loading the notes…"/> }>
                        {move || Suspend::new(async move {
                            let (current, notes, tags) = (side.current.await, side.notes.await, side.tags.await);
                            let carried = current.map(|d| d.tags).unwrap_or_default();
                            view! {
                                <DocumentTags case document=id carried tags can_annotate=side.can_annotate/>
                                <NotesPanel case document=id notes shown_as can_annotate=side.can_annotate text=has_text.then_some(pre)/>
                            }
                        })}
                    </Transition>
                </aside>
            </div>
        </section>
    }
    .into_any()
}
