//! One document, opened in the browser: PDFs and images as they are, text and HTML as text (HTML
//! as its source, escaped, never run), anything else offered for download. A document outside the viewer's defendant scope is "not found".
use crate::components::case_header::{CaseHeader, CaseTab};
use crate::components::feedback::{ErrorAlert, Loading};
use crate::error::ErrorCode;
use crate::pages::case_page::with_case;
use crate::pages::not_found::NotFound;
use crate::server_fns::documents::{document_text, get_document};
use domain::DocumentId;
use domain::cases::CaseDetail;
use domain::documents::{DocumentView, Presentation, TextPreview, human_size, kind_of, type_label};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DocumentViewerPage() -> impl IntoView {
    with_case(|case| view! { <Viewer case/> }.into_any())
}

#[component]
fn Viewer(case: CaseDetail) -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("doc").and_then(|s| s.parse::<i64>().ok()).map(DocumentId);
    let case_id = case.id;
    let document = Resource::new(id, move |id| async move {
        match id {
            Some(id) => get_document(case_id, id).await.map(Some),
            None => Ok(None),
        }
    });
    // Made beside the document, not inside its view, so that the browser finds what the server
    // sent while it hydrates.
    let text = Resource::new(id, move |id| async move {
        match id {
            Some(id) => document_text(case_id, id).await.ok().flatten(),
            None => None,
        }
    });
    view! {
        <CaseHeader case=case.clone() active=CaseTab::Documents/>
        <Suspense fallback=|| view! { <Loading label="Opening the document…"/> }>
            {move || Suspend::new(async move {
                match document.await {
                    Ok(Some(d)) => {
                        let text = text.await;
                        view! { <Shown case=case_id.0 document=d text/> }.into_any()
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
fn Shown(case: i64, document: DocumentView, text: Option<TextPreview>) -> impl IntoView {
    let content = format!("/api/v1/cases/{case}/documents/{}/content", document.id);
    let inline = format!("{content}?disposition=inline");
    let name = document.name.clone();
    let concerns = if document.defendants.is_empty() {
        "Everyone who may view the case".to_string()
    } else {
        document.defendants.iter().map(|d| d.name.clone()).collect::<Vec<_>>().join(", ")
    };
    let shown = match (kind_of(&document.name).1, text) {
        (Presentation::Text, Some(preview)) => view! {
            {preview.truncated.then(|| view! { <p class="muted">"This is the start of the document. Download it to read all of it."</p> })}
            <pre class="viewer-text" tabindex="0" aria-label=format!("Text of {name}")>{preview.text}</pre>
        }
        .into_any(),
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
            {shown}
        </section>
    }
    .into_any()
}
