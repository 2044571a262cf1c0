//! Uploading files to a case: chosen with the file picker or dropped on the page, each queued with
//! the defendants it concerns, then sent on its own request (`POST /api/v1/cases/{case}/documents`)
//! so that it has its own progress bar and its own Cancel. The server decides everything; the
//! queue only shows what it answered.
use crate::components::feedback::PageFeedback;
use crate::error::AppError;
use crate::server_fns::codec::json;
use domain::cases::Defendant;
use domain::documents::human_size;
use domain::{CaseId, DefendantId, FolderId};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// Where one queued file stands.
#[derive(Clone, PartialEq)]
pub enum UploadState {
    Ready,
    /// Sending: the share sent so far, 0 to 1.
    Sending(f64),
    Done,
    Failed(String),
    Cancelled,
}

/// The browser's handle on a request in flight, kept so that Cancel can stop it and its callbacks
/// live exactly as long as it does.
type InFlight = Option<(web_sys::XmlHttpRequest, Vec<Closure<dyn FnMut(web_sys::Event)>>)>;

/// A file in the queue.
#[derive(Clone, Copy)]
pub struct Queued {
    id: u32,
    name: StoredValue<String>,
    size: f64,
    file: StoredValue<Option<web_sys::File>, LocalStorage>,
    defendants: RwSignal<Vec<DefendantId>>,
    state: RwSignal<UploadState>,
    request: StoredValue<InFlight, LocalStorage>,
}

/// The queue of a Documents tab; it outlives reloads of the tab's data.
#[derive(Clone, Copy)]
pub struct UploadQueue {
    items: RwSignal<Vec<Queued>>,
    next: StoredValue<u32>,
    /// The tab's owner: each file's signals are made under it, not under the panel that happened
    /// to receive the files, which a reload of the tab's data replaces mid-upload.
    owner: StoredValue<Option<Owner>>,
    /// Whether a file has been uploaded since the tab's data was last reloaded.
    unseen: StoredValue<bool>,
}

impl UploadQueue {
    pub fn new() -> UploadQueue {
        UploadQueue {
            items: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
            owner: StoredValue::new(Owner::current()),
            unseen: StoredValue::new(false),
        }
    }

    /// Reloads the tab's data once no upload is in flight and one has arrived since the last
    /// reload: once for a batch of files rather than once for each.
    fn settled(&self, feedback: PageFeedback) {
        let sending = self
            .items
            .with_untracked(|items| items.iter().any(|i| matches!(i.state.get_untracked(), UploadState::Sending(_))));
        if !sending && self.unseen.get_value() {
            self.unseen.set_value(false);
            feedback.reload_data();
        }
    }

    fn add(&self, files: web_sys::FileList) {
        match self.owner.get_value() {
            Some(owner) => owner.with(|| self.add_owned(files)),
            None => self.add_owned(files),
        }
    }

    fn add_owned(&self, files: web_sys::FileList) {
        let mut added = Vec::new();
        for index in 0..files.length() {
            let Some(file) = files.get(index) else { continue };
            let id = self.next.get_value();
            self.next.set_value(id + 1);
            added.push(Queued {
                id,
                name: StoredValue::new(file.name()),
                size: file.size(),
                file: StoredValue::new_local(Some(file)),
                defendants: RwSignal::new(Vec::new()),
                state: RwSignal::new(UploadState::Ready),
                request: StoredValue::new_local(None),
            });
        }
        self.items.update(|items| items.extend(added));
    }
}

impl Default for UploadQueue {
    fn default() -> Self {
        Self::new()
    }
}

/// Sends one queued file, reporting progress into its state.
fn send(case: CaseId, folder: Option<FolderId>, item: Queued, queue: UploadQueue, feedback: PageFeedback) {
    let Some(file) = item.file.with_value(|f| f.clone()) else { return };
    let (Ok(form), Ok(request)) = (web_sys::FormData::new(), web_sys::XmlHttpRequest::new()) else {
        item.state.set(UploadState::Failed("This browser cannot upload files.".into()));
        return;
    };
    if let Some(folder) = folder {
        let _ = form.append_with_str("folder", &folder.0.to_string());
    }
    let ids = item.defendants.get_untracked().iter().map(|d| d.0.to_string()).collect::<Vec<_>>().join(",");
    let _ = form.append_with_str("defendants", &ids);
    let _ = form.append_with_blob_and_filename("file", &file, &item.name.get_value());
    let _ = request.open("POST", &format!("/api/v1/cases/{case}/documents"));

    let progress = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        if let Ok(event) = event.dyn_into::<web_sys::ProgressEvent>()
            && event.length_computable()
            && event.total() > 0.0
        {
            item.state.set(UploadState::Sending(event.loaded() / event.total()));
        }
    });
    let finished = {
        let request = request.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            let status = request.status().unwrap_or(0);
            if status == 201 {
                item.state.set(UploadState::Done);
                queue.unseen.set_value(true);
                feedback.announce(format!("Uploaded {}.", item.name.get_value()));
            } else {
                let answer = request.response_text().ok().flatten().unwrap_or_default();
                item.state.set(UploadState::Failed(refusal_message(&answer, status)));
            }
            queue.settled(feedback);
        })
    };
    let failed = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        item.state.set(UploadState::Failed("The connection to Caseward was lost. Try again.".into()));
        queue.settled(feedback);
    });
    let cancelled = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        item.state.set(UploadState::Cancelled);
        queue.settled(feedback);
    });
    if let Ok(upload) = request.upload() {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    request.set_onload(Some(finished.as_ref().unchecked_ref()));
    request.set_onerror(Some(failed.as_ref().unchecked_ref()));
    request.set_onabort(Some(cancelled.as_ref().unchecked_ref()));
    item.state.set(UploadState::Sending(0.0));
    if request.send_with_opt_form_data(Some(&form)).is_err() {
        item.state.set(UploadState::Failed("The upload could not start.".into()));
        queue.settled(feedback);
        return;
    }
    item.request.set_value(Some((request, vec![progress, finished, failed, cancelled])));
}

/// The server's message from a JSON error body (`{"error": AppError}`), else a plain one for the
/// status.
fn refusal_message(body: &str, status: u16) -> String {
    #[derive(serde::Deserialize)]
    struct ErrorBody {
        error: AppError,
    }
    json::from_str::<ErrorBody>(body)
        .map(|body| body.error.message)
        .unwrap_or_else(|_| format!("The upload failed (HTTP {status}). Try again."))
}

/// The upload area: a drop zone with a file picker, and the queue with its progress bars.
#[component]
pub fn UploadPanel(
    case: CaseId,
    folder: Signal<Option<FolderId>>,
    queue: UploadQueue,
    defendants: Vec<Defendant>,
    #[prop(into)] folder_name: Signal<String>,
) -> impl IntoView {
    let feedback = PageFeedback::get();
    let picker = NodeRef::<html::Input>::new();
    let over = RwSignal::new(false);
    let defendants = StoredValue::new(defendants);
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        over.set(false);
        if let Some(files) = ev.data_transfer().and_then(|d| d.files()) {
            queue.add(files);
        }
    };
    let on_pick = move |_| {
        if let Some(files) = picker.get().and_then(|input| input.files()) {
            queue.add(files);
        }
        if let Some(input) = picker.get() {
            input.set_value("");
        }
    };
    let ready = move || queue.items.get().iter().filter(|i| i.state.get() == UploadState::Ready).count();
    let start_all = move |_| {
        for item in queue.items.get_untracked() {
            if item.state.get_untracked() == UploadState::Ready {
                send(case, folder.get_untracked(), item, queue, feedback);
            }
        }
    };
    let clear = move |_| {
        queue.items.update(|items| {
            items.retain(|i| matches!(i.state.get_untracked(), UploadState::Ready | UploadState::Sending(_)))
        })
    };
    view! {
        <section class="upload-panel" aria-labelledby="upload-heading">
            <h3 id="upload-heading" class="visually-hidden">"Upload files"</h3>
            <div class="drop-zone" class:drop-zone-over=move || over.get()
                on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); over.set(true); }
                on:dragleave=move |_| over.set(false)
                on:drop=on_drop>
                <p>
                    <strong>"Drop files here"</strong>
                    " to upload them to " {move || folder_name.get()} ", or "
                    <button type="button" class="button button-secondary" on:click=move |_| { if let Some(input) = picker.get() { input.click(); } }>"Choose files"</button>
                </p>
                <input node_ref=picker id="upload-picker" class="visually-hidden" type="file" multiple aria-label="Choose files to upload" tabindex="-1" on:change=on_pick/>
            </div>
            {move || (!queue.items.get().is_empty()).then(|| view! {
                <ul class="upload-queue" aria-label="Files to upload">
                    <For each=move || queue.items.get() key=|item| item.id let:item>
                        <QueuedRow item queue defendants=defendants.get_value()/>
                    </For>
                </ul>
                <div class="form-actions">
                    <button type="button" class="button button-primary" disabled=move || ready() == 0 on:click=start_all>
                        {move || match ready() { 1 => "Upload 1 file".to_string(), n => format!("Upload {n} files") }}
                    </button>
                    <button type="button" class="button button-quiet" on:click=clear>"Clear finished"</button>
                </div>
            })}
        </section>
    }
    .into_any()
}

#[component]
fn QueuedRow(item: Queued, queue: UploadQueue, defendants: Vec<Defendant>) -> impl IntoView {
    let name = item.name.get_value();
    let cancel = move |_| {
        item.request.with_value(|r| {
            if let Some((request, _)) = r {
                let _ = request.abort();
            }
        })
    };
    let remove = move |_| queue.items.update(|items| items.retain(|i| i.id != item.id));
    let label = format!("Uploading {name}");
    let choices = defendants
        .into_iter()
        .map(|d| {
            let id = d.id;
            let checked = move || item.defendants.get().contains(&id);
            view! {
                <label class="choice">
                    <input type="checkbox" prop:checked=checked disabled=move || item.state.get() != UploadState::Ready
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            item.defendants.update(|ds| { ds.retain(|x| *x != id); if on { ds.push(id); } });
                        }/>
                    {d.name}
                </label>
            }
        })
        .collect_view();
    view! {
        <li class="upload-item">
            <div class="upload-head">
                <span class="person-name">{name.clone()}</span>
                <span class="muted">{human_size(item.size as u64)}</span>
            </div>
            <fieldset class="fieldset upload-defendants">
                <legend class="muted">"Defendants (none ticked: everyone who may view the case sees it)"</legend>
                {choices}
            </fieldset>
            {move || match item.state.get() {
                UploadState::Ready => view! {
                    <div class="upload-status"><span class="muted">"Ready"</span>
                    <button type="button" class="button button-quiet" on:click=remove>"Remove"</button></div>
                }.into_any(),
                UploadState::Sending(share) => view! {
                    <div class="upload-status">
                        <progress max="100" value=(share * 100.0).round() aria-label=label.clone()></progress>
                        <span class="muted">{format!("{:.0}%", share * 100.0)}</span>
                        <button type="button" class="button button-quiet" on:click=cancel>"Cancel"</button>
                    </div>
                }.into_any(),
                UploadState::Done => view! {
                    <div class="upload-status"><progress max="100" value="100" aria-label=label.clone()></progress><span class="badge badge-ok">"Uploaded"</span></div>
                }.into_any(),
                UploadState::Failed(message) => view! {
                    <div class="upload-status"><span class="badge badge-danger">"Failed"</span><span role="alert">{message}</span></div>
                }.into_any(),
                UploadState::Cancelled => view! {
                    <div class="upload-status"><span class="badge badge-warn">"Cancelled"</span></div>
                }.into_any(),
            }}
        </li>
    }
    .into_any()
}
