//! The batch update dialog (`batch_update`): one change to every selected document, or to every
//! result of a search. It shows how many documents the change reaches before the person confirms,
//! and the server refuses the change if that number moved meanwhile.
use super::folders::paths;
use crate::components::dialog::{DialogFooter, Modal};
use crate::components::feedback::{ErrorAlert, PageFeedback};
use crate::server_data::server_data;
use crate::server_fns::documents::{BatchUpdate, preview_batch};
use domain::cases::Defendant;
use domain::documents::batch::{BatchChange, BatchInput, DocumentSet};
use domain::folders::FolderView;
use domain::tags::TagView;
use domain::wording;
use domain::{CaseId, DefendantId, FolderId, TagId};
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    ApplyTag,
    RemoveTag,
    Move,
    SetDefendants,
}

/// Everything the dialog offers to change to, and to what.
#[derive(Clone)]
pub struct BatchChoices {
    pub tags: Vec<TagView>,
    pub folders: Vec<FolderView>,
    pub defendants: Vec<Defendant>,
    /// May tag (annotate) and may move and change defendants (manage_files).
    pub can_tag: bool,
    pub can_file: bool,
}

#[component]
pub fn BatchDialog(
    case: CaseId,
    #[prop(into)] target: Signal<DocumentSet>,
    choices: BatchChoices,
    open: RwSignal<bool>,
    /// Run once the batch is done (e.g. to clear the selection).
    #[prop(optional)]
    on_done: Option<Callback<()>>,
) -> impl IntoView {
    let feedback = PageFeedback::get();
    let BatchChoices { tags, folders, defendants, can_tag, can_file } = choices;
    let kind = RwSignal::new(if can_tag { Kind::ApplyTag } else { Kind::Move });
    let tag = RwSignal::new(tags.first().map(|t| t.id.0.to_string()).unwrap_or_default());
    let folder = RwSignal::new(String::new());
    let picked = RwSignal::new(Vec::<DefendantId>::new());
    let change = move || {
        let id = |s: RwSignal<String>| s.get().parse::<i64>().ok();
        match kind.get() {
            Kind::ApplyTag => id(tag).map(|t| BatchChange::ApplyTag { tag: TagId(t) }),
            Kind::RemoveTag => id(tag).map(|t| BatchChange::RemoveTag { tag: TagId(t) }),
            Kind::Move => Some(BatchChange::Move { folder: id(folder).map(FolderId) }),
            Kind::SetDefendants => Some(BatchChange::SetDefendants { defendants: picked.get() }),
        }
    };
    // The count, asked again whenever the dialog opens or the change or target changes.
    let preview = server_data(
        move || (open.get(), change(), target.get()),
        move |(open, change, target)| async move {
            match (open, change) {
                (true, Some(change)) => Some(preview_batch(case, BatchInput { target, change, expected: None }).await),
                _ => None,
            }
        },
    );
    let count = move || preview.get().flatten().and_then(|r| r.ok()).map(|p| p.documents);
    let action = ServerAction::<BatchUpdate>::new();
    Effect::new(move |_| {
        if let Some(Ok(done)) = action.value().get() {
            open.set(false);
            if let Some(done_callback) = on_done {
                done_callback.run(());
            }
            feedback.done(format!(
                "Updated {} of {}.",
                done.changed,
                wording::count(done.documents, "document", "documents")
            ));
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(change) = change() {
            action.dispatch(BatchUpdate {
                case,
                input: BatchInput { target: target.get_untracked(), change, expected: count() },
            });
        }
    };
    let radio = move |value: Kind, label: &'static str| {
        let id = format!("batch-kind-{}", value as u8);
        view! {
            <div class="choice">
                <input type="radio" name="batch-kind" id=id.clone() prop:checked=move || kind.get() == value on:change=move |_| kind.set(value)/>
                <label for=id>{label}</label>
            </div>
        }
    };
    let tags = StoredValue::new(tags);
    let folders = StoredValue::new(folders);
    let defendants = StoredValue::new(defendants);
    view! {
        <Modal open id="batch-update" title="Batch update" class="dialog-wide">
            <form class="form" on:submit=on_submit novalidate>
                <fieldset class="fieldset">
                    <legend>"Change"</legend>
                    {can_tag.then(|| view! { {radio(Kind::ApplyTag, "Add a tag")} {radio(Kind::RemoveTag, "Remove a tag")} })}
                    {can_file.then(|| view! { {radio(Kind::Move, "Move to a folder")} {radio(Kind::SetDefendants, "Set the defendants")} })}
                </fieldset>
                {move || match kind.get() {
                    Kind::ApplyTag | Kind::RemoveTag => view! {
                        <div class="field">
                            <label for="batch-tag">"Tag"</label>
                            <select id="batch-tag" prop:value=move || tag.get() on:change=move |ev| tag.set(event_target_value(&ev))>
                                {tags.get_value().into_iter().map(|t| view! { <option value=t.id.0.to_string()>{t.name}</option> }).collect_view()}
                            </select>
                        </div>
                    }.into_any(),
                    Kind::Move => view! {
                        <div class="field">
                            <label for="batch-folder">"Folder"</label>
                            <select id="batch-folder" prop:value=move || folder.get() on:change=move |ev| folder.set(event_target_value(&ev))>
                                <option value="">"The top of the case"</option>
                                {paths(&folders.get_value()).into_iter().map(|(f, path, _)| view! { <option value=f.0.to_string()>{path}</option> }).collect_view()}
                            </select>
                        </div>
                    }.into_any(),
                    Kind::SetDefendants => view! {
                        <fieldset class="fieldset">
                            <legend>"Defendants"</legend>
                            <p class="hint">"None ticked: everyone who may view the case sees them."</p>
                            {defendants.get_value().into_iter().map(|d| {
                                let did = d.id;
                                view! {
                                    <label class="choice">
                                        <input type="checkbox" prop:checked=move || picked.get().contains(&did)
                                            on:change=move |ev| { let on = event_target_checked(&ev); picked.update(|p| { p.retain(|x| *x != did); if on { p.push(did); } }); }/>
                                        {d.name}
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                    }.into_any(),
                }}
                <p class="batch-count" role="status">{move || match preview.get().flatten() {
                    Some(Ok(p)) => format!("This changes {}, in one step.", wording::count(p.documents, "document", "documents")),
                    Some(Err(e)) => e.message,
                    None => "Counting the documents…".to_string(),
                }}</p>
                {move || action.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorAlert message=e.message/> })}
                <DialogFooter open label=Signal::derive(move || match count() { Some(n) => format!("Apply to {}", wording::count(n, "document", "documents")), None => "Apply".into() })
                    pending_label="Applying…" pending=action.pending() blocked=Signal::derive(move || count().is_none())/>
            </form>
        </Modal>
    }
    .into_any()
}
