//! Tags in the Documents tab: chips on each document, the dialog where holders of `manage_tags`
//! keep the case's tags, and the bar that puts a tag on the selected documents or takes it off
//! (`annotate`). The server decides each; these offer only what the viewer may do.
use super::batch::{BatchChoices, BatchDialog};
use super::productions::ProduceDialog;
use crate::components::dialog::Modal;
use crate::components::feedback::{ErrorAlert, PageFeedback};
use crate::components::removable::RemoveControl;
use crate::server_fns::tags::{ChangeTag, CreateTag, DeleteTag, TagDocuments};
use domain::documents::DocumentTag;
use domain::documents::batch::DocumentSet;
use domain::tags::{TagColour, TagInput, TagView, Tagging, TaggingInput};
use domain::wording;
use domain::{CaseId, DocumentId, TagId};
use leptos::prelude::*;

/// A tag as a small coloured label.
#[component]
pub fn TagChip(#[prop(into)] name: String, colour: TagColour) -> impl IntoView {
    view! { <span class=format!("tag tag-{}", colour.as_str())>{name}</span> }
}

/// The tags on a document, or nothing.
#[component]
pub fn TagChips(tags: Vec<DocumentTag>) -> impl IntoView {
    (!tags.is_empty()).then(|| {
        view! {
            <span class="tag-list">
                {tags.into_iter().map(|t| view! { <TagChip name=t.name colour=t.colour/> }).collect_view()}
            </span>
        }
    })
}

fn colour_select(id: String, colour: RwSignal<TagColour>) -> impl IntoView {
    view! {
        <select id=id prop:value=move || colour.get().as_str() on:change=move |ev| colour.set(TagColour::parse(&event_target_value(&ev)))>
            {TagColour::ALL.into_iter().map(|c| view! { <option value=c.as_str()>{c.label()}</option> }).collect_view()}
        </select>
    }
}

/// Creates, renames, recolours and deletes the case's tags (`manage_tags`).
#[component]
pub fn ManageTagsDialog(case: CaseId, tags: Vec<TagView>, open: RwSignal<bool>) -> impl IntoView {
    let feedback = PageFeedback::get();
    let name = RwSignal::new(String::new());
    let colour = RwSignal::new(TagColour::Blue);
    let create = ServerAction::<CreateTag>::new();
    Effect::new(move |_| {
        if let Some(Ok(tag)) = create.value().get() {
            name.set(String::new());
            feedback.done(format!("Created the tag {}.", tag.name));
        }
    });
    let error = move || create.value().get().and_then(|r| r.err());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = TagInput { name: name.get_untracked(), colour: colour.get_untracked(), version: None };
        create.dispatch(CreateTag { case, input });
    };
    view! {
        <Modal open id="manage-tags" title="Tags" class="dialog-wide">
            <div class="dialog-body">
                {if tags.is_empty() {
                    view! { <p class="empty-inline">"This case has no tags yet. Create the first below."</p> }.into_any()
                } else {
                    view! {
                        <ul class="tag-rows">
                            {tags.into_iter().map(|t| view! { <TagRow case tag=t/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <form class="form tag-new" on:submit=on_submit novalidate>
                    <h3>"New tag"</h3>
                    {move || error().filter(|e| e.field.is_none()).map(|e| view! { <ErrorAlert message=e.message/> })}
                    <div class="tag-fields">
                        <div class="field">
                            <label for="new-tag-name">"Name"</label>
                            <input id="new-tag-name" type="text" autocomplete="off" maxlength="60" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                        </div>
                        <div class="field">
                            <label for="new-tag-colour">"Colour"</label>
                            {colour_select("new-tag-colour".into(), colour)}
                        </div>
                        <button type="submit" class="button button-primary" disabled=move || create.pending().get()>
                            {move || if create.pending().get() { "Creating…" } else { "Create tag" }}
                        </button>
                    </div>
                    <p class="field-error">{move || error().and_then(|e| e.for_field("name"))}</p>
                </form>
            </div>
            <div class="dialog-actions">
                <button type="button" class="button button-secondary" on:click=move |_| open.set(false)>"Close"</button>
            </div>
        </Modal>
    }
    .into_any()
}

/// One tag in the dialog: its name and colour, editable in place, and its delete control.
#[component]
fn TagRow(case: CaseId, tag: TagView) -> impl IntoView {
    let feedback = PageFeedback::get();
    let name = RwSignal::new(tag.name.clone());
    let colour = RwSignal::new(tag.colour);
    let save = ServerAction::<ChangeTag>::new();
    let remove = ServerAction::<DeleteTag>::new();
    let confirming = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(changed)) = save.value().get() {
            feedback.done(format!("Saved the tag {}.", changed.name));
        }
    });
    let label = tag.name.clone();
    Effect::new(move |_| {
        if let Some(Ok(removed)) = remove.value().get() {
            confirming.set(false);
            feedback.done(format!(
                "Deleted the tag {label}; it came off {}.",
                wording::count(removed.documents, "document", "documents")
            ));
        }
    });
    let error = move || save.value().get().and_then(|r| r.err());
    let (id, version) = (tag.id, tag.version);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = TagInput { name: name.get_untracked(), colour: colour.get_untracked(), version: Some(version) };
        save.dispatch(ChangeTag { case, id, input });
    };
    let carried = match tag.documents {
        0 => "No document carries it.".to_string(),
        1 => "1 document carries it; the tag comes off it. The document stays.".to_string(),
        n => format!("{n} documents carry it; the tag comes off them. The documents stay."),
    };
    view! {
        <li class="tag-row">
            <form class="tag-fields" on:submit=on_submit novalidate>
                <div class="field">
                    <label for=format!("tag-{id}-name")>"Name"</label>
                    <input id=format!("tag-{id}-name") type="text" autocomplete="off" maxlength="60" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for=format!("tag-{id}-colour")>"Colour"</label>
                    {colour_select(format!("tag-{id}-colour"), colour)}
                </div>
                <span class="muted tag-count">{format!("{} doc.", tag.documents)}</span>
                <div class="row-actions">
                    <button type="submit" class="button button-secondary" aria-label=format!("Save the tag {}", tag.name) disabled=move || save.pending().get()>"Save"</button>
                    <RemoveControl id=format!("delete-tag-{id}") label="Delete" aria_label=format!("Delete the tag {}", tag.name) title=format!("Delete the tag {}?", tag.name)
                        confirm_label="Delete tag" open=confirming pending=remove.pending() error=Signal::derive(move || remove.value().get().and_then(|r| r.err()))
                        on_confirm=Callback::new(move |_| { remove.dispatch(DeleteTag { case, id }); })>
                        <p>{carried}</p>
                    </RemoveControl>
                </div>
            </form>
            {move || error().map(|e| view! { <p class="field-error">{e.message}</p> })}
        </li>
    }
    .into_any()
}

/// Shown while documents are selected: puts a tag on them or takes it off (`annotate`).
#[component]
pub fn TaggingBar(
    case: CaseId,
    tags: Vec<TagView>,
    selected: RwSignal<Vec<DocumentId>>,
    /// What a batch update of the selection may change, for holders of batch_update.
    batch: Option<BatchChoices>,
    /// May produce the selection (`produce`).
    #[prop(optional)]
    produce: bool,
) -> impl IntoView {
    let batching = RwSignal::new(false);
    let producing = RwSignal::new(false);
    let navigate = leptos_router::hooks::use_navigate();
    let produced = Callback::new(move |_| {
        selected.set(Vec::new());
        navigate(&format!("/cases/{case}/productions"), Default::default());
    });
    let feedback = PageFeedback::get();
    let chosen = RwSignal::new(tags.first().map(|t| t.id.0.to_string()).unwrap_or_default());
    let action = ServerAction::<TagDocuments>::new();
    let names = StoredValue::new(tags.iter().map(|t| (t.id, t.name.clone())).collect::<Vec<_>>());
    Effect::new(move |_| {
        if let Some(Ok(result)) = action.value().get() {
            selected.set(Vec::new());
            feedback.done(format!("Changed the tags of {}.", wording::count(result.changed, "document", "documents")));
        }
    });
    let run = move |how: Tagging| {
        let Ok(tag) = chosen.get_untracked().parse::<i64>() else { return };
        let input = TaggingInput { action: how, documents: selected.get_untracked() };
        action.dispatch(TagDocuments { case, tag: TagId(tag), input });
    };
    let has_tags = !tags.is_empty();
    view! {
        <div class="selection-bar" role="region" aria-label="Selected documents">
            <span class="selection-count">{move || format!("{} selected", selected.get().len())}</span>
            {if has_tags {
                view! {
                    <label class="visually-hidden" for="selection-tag">"Tag to add or remove"</label>
                    <select id="selection-tag" prop:value=move || chosen.get() on:change=move |ev| chosen.set(event_target_value(&ev))>
                        {names.get_value().into_iter().map(|(id, name)| view! { <option value=id.0.to_string()>{name}</option> }).collect_view()}
                    </select>
                    <button type="button" class="button button-secondary" disabled=move || action.pending().get() on:click=move |_| run(Tagging::Apply)>"Add tag"</button>
                    <button type="button" class="button button-secondary" disabled=move || action.pending().get() on:click=move |_| run(Tagging::Remove)>"Remove tag"</button>
                }.into_any()
            } else {
                view! { <span class="muted">"This case has no tags yet."</span> }.into_any()
            }}
            {batch.map(|choices| view! {
                <button type="button" class="button button-secondary" on:click=move |_| batching.set(true)>"Batch update…"</button>
                <BatchDialog case target=Signal::derive(move || DocumentSet::Documents { documents: selected.get() }) choices open=batching
                    on_done=Callback::new(move |_| selected.set(Vec::new()))/>
            })}
            {produce.then(|| view! {
                <button type="button" class="button button-secondary" on:click=move |_| producing.set(true)>"Produce…"</button>
                <ProduceDialog case open=producing documents=Signal::derive(move || Some(DocumentSet::Documents { documents: selected.get() })) on_done=produced/>
            })}
            <button type="button" class="button button-quiet" on:click=move |_| selected.set(Vec::new())>"Clear selection"</button>
            {move || action.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorAlert message=e.message/> })}
        </div>
    }
    .into_any()
}
