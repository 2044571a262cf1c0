//! Beside the document viewer: the document's tags and its notes and redactions, and the forms
//! that add them for holders of `annotate`. In a text document the ranges they mark are shown in
//! the text itself; the stored original never changes.
use super::tags::TagChip;
use crate::components::feedback::{ErrorAlert, PageFeedback};
use crate::components::removable::RemoveControl;
use crate::server_fns::annotations::{AddAnnotation, DeleteAnnotation};
use crate::server_fns::tags::TagDocuments;
use domain::annotations::{
    Anchor, AnnotationInput, AnnotationKind, AnnotationView, percent_in_hundredths, percent_text,
};
use domain::documents::{DocumentTag, Presentation};
use domain::tags::{TagView, Tagging, TaggingInput};
use domain::{CaseId, DocumentId, TagId};
use leptos::html;
use leptos::prelude::*;

/// A text document's text with the ranges its notes and redactions mark shown in place. Only
/// text goes inside the element, so that a selection's offsets count the document's characters.
#[component]
pub fn MarkedText(
    #[prop(into)] label: String,
    text: String,
    notes: Vec<AnnotationView>,
    node: NodeRef<html::Pre>,
) -> impl IntoView {
    let ranges: Vec<(i64, i64, AnnotationKind)> = notes
        .iter()
        .filter_map(|a| match a.anchor {
            Anchor::Text { start, end } => Some((start, end, a.kind)),
            _ => None,
        })
        .collect();
    let chars: Vec<char> = text.chars().collect();
    let mut cuts: Vec<i64> = vec![0, chars.len() as i64];
    for (start, end, _) in &ranges {
        cuts.extend([(*start).clamp(0, chars.len() as i64), (*end).clamp(0, chars.len() as i64)]);
    }
    cuts.sort();
    cuts.dedup();
    let pieces = cuts.windows(2).map(|w| {
        let (from, to) = (w[0], w[1]);
        let piece: String = chars[from as usize..to as usize].iter().collect();
        let covers = |kind| ranges.iter().any(|(s, e, k)| *k == kind && *s <= from && to <= *e);
        match (covers(AnnotationKind::Redaction), covers(AnnotationKind::Note)) {
            (true, _) => {
                view! { <span class="marked-redaction" title="Redacted in productions">{piece}</span> }.into_any()
            }
            (false, true) => view! { <span class="marked-note">{piece}</span> }.into_any(),
            _ => piece.into_any(),
        }
    });
    view! { <pre class="viewer-text" tabindex="0" aria-label=label node_ref=node>{pieces.collect_view()}</pre> }
}

/// Where the current selection lies in `pre`'s text, in characters, with the selected text.
fn selection_in(pre: &web_sys::HtmlElement) -> Option<(i64, i64, String)> {
    let selection = web_sys::window()?.get_selection().ok()??;
    if selection.range_count() == 0 || selection.is_collapsed() {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    let root: &web_sys::Node = pre.as_ref();
    if !root.contains(Some(&range.common_ancestor_container().ok()?)) {
        return None;
    }
    let before = range.clone_range();
    before.select_node_contents(root).ok()?;
    before.set_end(&range.start_container().ok()?, range.start_offset().ok()?).ok()?;
    let start = String::from(before.to_string()).chars().count() as i64;
    let chosen = String::from(range.to_string());
    Some((start, start + chosen.chars().count() as i64, chosen))
}

/// The document's tags, each removable, and a tag to add (`annotate`).
#[component]
pub fn DocumentTags(
    case: CaseId,
    document: DocumentId,
    carried: Vec<DocumentTag>,
    tags: Vec<TagView>,
    can_annotate: bool,
) -> impl IntoView {
    let feedback = PageFeedback::get();
    let action = ServerAction::<TagDocuments>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            feedback.done("Saved the document's tags.");
        }
    });
    let run = move |tag: TagId, how: Tagging| {
        action.dispatch(TagDocuments { case, tag, input: TaggingInput { action: how, documents: vec![document] } });
    };
    let addable: Vec<TagView> = tags.into_iter().filter(|t| !carried.iter().any(|c| c.id == t.id)).collect();
    let chosen = RwSignal::new(addable.first().map(|t| t.id.0.to_string()).unwrap_or_default());
    let add_chosen = move || {
        if let Ok(tag) = chosen.get_untracked().parse::<i64>() {
            run(TagId(tag), Tagging::Apply);
        }
    };
    view! {
        <section class="side-section" aria-labelledby="doc-tags-heading">
            <h3 id="doc-tags-heading">"Tags"</h3>
            {if carried.is_empty() {
                view! { <p class="empty-inline">"No tags."</p> }.into_any()
            } else {
                view! {
                    <ul class="chip-list">
                        {carried.into_iter().map(|t| {
                            let id = t.id;
                            let label = format!("Remove the tag {}", t.name);
                            view! {
                                <li class="chip-item">
                                    <TagChip name=t.name colour=t.colour/>
                                    {can_annotate.then(|| view! {
                                        <button type="button" class="chip-remove" aria-label=label on:click=move |_| run(id, Tagging::Remove)>"×"</button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(can_annotate && !addable.is_empty()).then(|| view! {
                <div class="inline-add">
                    <label class="visually-hidden" for="add-tag">"Tag to add"</label>
                    <select id="add-tag" prop:value=move || chosen.get() on:change=move |ev| chosen.set(event_target_value(&ev))>
                        {addable.into_iter().map(|t| view! { <option value=t.id.0.to_string()>{t.name}</option> }).collect_view()}
                    </select>
                    <button type="button" class="button button-secondary" disabled=move || action.pending().get()
                        on:click=move |_| add_chosen()>"Add tag"</button>
                </div>
            })}
            {move || action.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorAlert message=e.message/> })}
        </section>
    }
    .into_any()
}

/// The document's notes and redactions, and the form that adds one.
#[component]
pub fn NotesPanel(
    case: CaseId,
    document: DocumentId,
    notes: Vec<AnnotationView>,
    shown_as: Presentation,
    can_annotate: bool,
    text: Option<NodeRef<html::Pre>>,
) -> impl IntoView {
    let count = notes.len();
    view! {
        <section class="side-section" aria-labelledby="notes-heading">
            <h3 id="notes-heading">{format!("Notes and redactions ({count})")}</h3>
            {if notes.is_empty() {
                view! { <p class="empty-inline">"None yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="note-list">
                        {notes.into_iter().map(|n| view! { <NoteItem case document note=n/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(can_annotate && shown_as != Presentation::Download).then(|| view! { <AddAnnotation case document shown_as text/> })}
        </section>
    }
    .into_any()
}

#[component]
fn NoteItem(case: CaseId, document: DocumentId, note: AnnotationView) -> impl IntoView {
    let feedback = PageFeedback::get();
    let remove = ServerAction::<DeleteAnnotation>::new();
    let confirming = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(())) = remove.value().get() {
            confirming.set(false);
            feedback.done("Deleted.");
        }
    });
    let id = note.id;
    let (badge, what) = match note.kind {
        AnnotationKind::Note => ("badge", "note"),
        AnnotationKind::Redaction => ("badge badge-danger", "redaction"),
    };
    let area = match note.anchor {
        Anchor::Area { x, y, width, height, .. } => {
            let pc = percent_text;
            Some(format!("{} across, {} down; {} × {}", pc(x), pc(y), pc(width), pc(height)))
        }
        _ => None,
    };
    view! {
        <li class="note-item">
            <div class="note-head">
                <span class=badge>{if note.kind == AnnotationKind::Note { "Note" } else { "Redaction" }}</span>
                <span class="muted">{note.anchor.describe()}</span>
            </div>
            {area.map(|a| view! { <p class="muted note-area">{a}</p> })}
            <p class="note-text">{note.text.clone()}</p>
            <p class="muted note-meta">{format!("{} · {}", note.author, note.created_at.display())}</p>
            {note.can_delete.then(|| view! {
                <RemoveControl id=format!("delete-note-{id}") label="Delete" aria_label=format!("Delete this {what}") title=format!("Delete this {what}?")
                    confirm_label="Delete" open=confirming pending=remove.pending() error=Signal::derive(move || remove.value().get().and_then(|r| r.err()))
                    on_confirm=Callback::new(move |_| { remove.dispatch(DeleteAnnotation { case, document, id }); })>
                    <p>{if what == "note" { "The note is removed for everyone." } else { "The text it covers will no longer be redacted in new productions." }}</p>
                </RemoveControl>
            })}
        </li>
    }
    .into_any()
}

/// Adds a note or a redaction: on the selected text of a text document, or on a page (and, for a
/// redaction, an area of it given in per cent) of a PDF or an image.
#[component]
fn AddAnnotation(
    case: CaseId,
    document: DocumentId,
    shown_as: Presentation,
    text: Option<NodeRef<html::Pre>>,
) -> impl IntoView {
    let feedback = PageFeedback::get();
    let kind = RwSignal::new(AnnotationKind::Note);
    let body = RwSignal::new(String::new());
    let picked = RwSignal::new(None::<(i64, i64, String)>);
    let page = RwSignal::new("1".to_string());
    let area = [
        RwSignal::new("0".to_string()),
        RwSignal::new("0".to_string()),
        RwSignal::new("100".to_string()),
        RwSignal::new("10".to_string()),
    ];
    let action = ServerAction::<AddAnnotation>::new();
    Effect::new(move |_| {
        if let Some(Ok(added)) = action.value().get() {
            body.set(String::new());
            picked.set(None);
            feedback.done(if added.kind == AnnotationKind::Note { "Added the note." } else { "Added the redaction." });
        }
    });
    let error = move || action.value().get().and_then(|r| r.err());
    let is_text = shown_as == Presentation::Text;
    let take_selection = move |_| {
        if let Some(pre) = text.and_then(|node| node.get()) {
            picked.set(selection_in(&pre));
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // What cannot be read goes as -1, which the server refuses with what is wrong.
        let number = |s: RwSignal<String>| s.get_untracked().trim().parse::<i64>().unwrap_or(-1);
        let percent = |s: RwSignal<String>| percent_in_hundredths(&s.get_untracked()).unwrap_or(-1);
        let anchor = if is_text {
            let (start, end, _) = picked.get_untracked().unwrap_or((0, 0, String::new()));
            Anchor::Text { start, end }
        } else if kind.get_untracked() == AnnotationKind::Redaction {
            let [x, y, width, height] = area.map(percent);
            Anchor::Area { page: number(page), x, y, width, height }
        } else {
            Anchor::Page { page: number(page) }
        };
        action.dispatch(AddAnnotation {
            case,
            document,
            input: AnnotationInput { kind: kind.get_untracked(), text: body.get_untracked(), anchor },
        });
    };
    let radio = move |value: AnnotationKind, label: &'static str| {
        let id = format!("annotation-kind-{}", value.as_str());
        view! {
            <div class="choice">
                <input type="radio" name="annotation-kind" id=id.clone() prop:checked=move || kind.get() == value on:change=move |_| kind.set(value)/>
                <label for=id>{label}</label>
            </div>
        }
    };
    let percent_field = move |label: &'static str, id: &'static str, value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type="number" min="0" max="100" step="0.1" inputmode="decimal" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };
    view! {
        <form class="form add-annotation" on:submit=on_submit novalidate>
            <h4>"Add"</h4>
            <fieldset class="fieldset choice-row">
                <legend class="visually-hidden">"What to add"</legend>
                {radio(AnnotationKind::Note, "A note")}
                {radio(AnnotationKind::Redaction, "A redaction")}
            </fieldset>
            {if is_text {
                view! {
                    <div class="field">
                        <button type="button" class="button button-secondary" on:click=take_selection>"Use the selected text"</button>
                        <p class="hint">{move || match picked.get() {
                            Some((start, end, chosen)) => format!("Characters {}–{}: “{}”", start + 1, end, shorten(&chosen)),
                            None => "Select words in the document, then press the button.".to_string(),
                        }}</p>
                    </div>
                }.into_any()
            } else {
                view! {
                    <div class="field">
                        <label for="annotation-page">"Page"</label>
                        <input id="annotation-page" type="number" min="1" step="1" prop:value=move || page.get() on:input=move |ev| page.set(event_target_value(&ev))/>
                    </div>
                    {move || (kind.get() == AnnotationKind::Redaction).then(|| view! {
                        <fieldset class="fieldset">
                            <legend>"Area of the page, in per cent"</legend>
                            <div class="area-fields">
                                {percent_field("From the left", "area-x", area[0])}
                                {percent_field("From the top", "area-y", area[1])}
                                {percent_field("Width", "area-width", area[2])}
                                {percent_field("Height", "area-height", area[3])}
                            </div>
                        </fieldset>
                    })}
                }.into_any()
            }}
            <div class="field">
                <label for="annotation-text">{move || if kind.get() == AnnotationKind::Note { "Note" } else { "Reason for the redaction" }}</label>
                <textarea id="annotation-text" rows="3" prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            </div>
            {move || error().map(|e| view! { <ErrorAlert message=e.message/> })}
            <button type="submit" class="button button-primary" disabled=move || action.pending().get()>
                {move || if kind.get() == AnnotationKind::Note { "Add note" } else { "Add redaction" }}
            </button>
        </form>
    }
    .into_any()
}

/// A long selection, cut to its first words for the hint.
fn shorten(text: &str) -> String {
    let short: String = text.chars().take(80).collect();
    if short.len() < text.len() { format!("{short}…") } else { short }
}
