//! The Documents tab's folder tree and the dialogs that create, rename, move and delete a folder.
use crate::components::dialog::{ConfirmDialog, DialogFooter, Modal};
use crate::components::feedback::{ErrorAlert, PageFeedback};
use crate::server_data::server_data;
use crate::server_fns::documents::ChangeDocument;
use crate::server_fns::folders::{ChangeFolder, CreateFolder, DeleteFolder, preview_folder_removal};
use domain::documents::DocumentChange;
use domain::folders::{FolderChange, FolderInput, FolderView};
use domain::wording;
use domain::{CaseId, DocumentId, FolderId};
use leptos::prelude::*;

/// Each folder's full path ("Evidence / Photos"), in tree order, for lists and selects.
pub fn paths(folders: &[FolderView]) -> Vec<(FolderId, String, usize)> {
    fn walk(
        folders: &[FolderView],
        parent: Option<FolderId>,
        prefix: &str,
        depth: usize,
        out: &mut Vec<(FolderId, String, usize)>,
    ) {
        for folder in folders.iter().filter(|f| f.parent == parent) {
            let path = if prefix.is_empty() { folder.name.clone() } else { format!("{prefix} / {}", folder.name) };
            out.push((folder.id, path.clone(), depth));
            walk(folders, Some(folder.id), &path, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(folders, None, "", 0, &mut out);
    out
}

/// What is being dragged onto the tree: a document (with the version the page showed) or a folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dragged {
    Document(DocumentId, i64),
    Folder(FolderId),
}

/// The drag's data type: only Caseward's own rows are dropped on the tree.
pub const DRAG_TYPE: &str = "application/x-caseward-item";

impl Dragged {
    pub fn encode(self) -> String {
        match self {
            Dragged::Document(id, version) => format!("document:{id}:{version}"),
            Dragged::Folder(id) => format!("folder:{id}"),
        }
    }

    pub fn decode(text: &str) -> Option<Dragged> {
        let mut parts = text.split(':');
        match (parts.next()?, parts.next()?.parse::<i64>().ok()?, parts.next()) {
            ("document", id, Some(version)) => Some(Dragged::Document(DocumentId(id), version.parse().ok()?)),
            ("folder", id, None) => Some(Dragged::Folder(FolderId(id))),
            _ => None,
        }
    }
}

/// The tree: the top of the case, then every folder indented under its parent. Holders of
/// manage_files drop a document or a folder on a folder to move it there (the Edit and "Rename
/// or move" dialogs do the same from the keyboard).
#[component]
pub fn FolderTree(
    case: CaseId,
    folders: Vec<FolderView>,
    open: RwSignal<Option<FolderId>>,
    can_manage: bool,
) -> impl IntoView {
    let feedback = PageFeedback::get();
    let counts: Vec<(FolderId, i64)> = folders.iter().map(|f| (f.id, f.documents)).collect();
    let move_document = ServerAction::<ChangeDocument>::new();
    let move_folder = ServerAction::<ChangeFolder>::new();
    let target = RwSignal::new(None::<Option<FolderId>>);
    Effect::new(move |_| match move_document.value().get() {
        Some(Ok(moved)) => feedback.done(format!("Moved {}.", moved.name)),
        Some(Err(e)) => feedback.status.set(Some(format!("Could not move the document: {}", e.message))),
        None => {}
    });
    Effect::new(move |_| match move_folder.value().get() {
        Some(Ok(moved)) => feedback.done(format!("Moved the folder {}.", moved.name)),
        Some(Err(e)) => feedback.status.set(Some(format!("Could not move the folder: {}", e.message))),
        None => {}
    });
    let drop_on = move |destination: Option<FolderId>, ev: web_sys::DragEvent| {
        ev.prevent_default();
        target.set(None);
        let data = ev.data_transfer().and_then(|d| d.get_data(DRAG_TYPE).ok()).unwrap_or_default();
        match Dragged::decode(&data) {
            Some(Dragged::Document(id, version)) => {
                let change = DocumentChange { folder: Some(destination), version, ..Default::default() };
                move_document.dispatch(ChangeDocument { case, id, change });
            }
            Some(Dragged::Folder(id)) if Some(id) != destination => {
                move_folder.dispatch(ChangeFolder {
                    case,
                    id,
                    change: FolderChange { name: None, parent: Some(destination) },
                });
            }
            _ => {}
        }
    };
    let item = move |id: Option<FolderId>, label: String, depth: usize, count: Option<i64>| {
        let current = move || open.get() == id;
        view! {
            <li style=format!("--depth: {depth}")>
                <button type="button" class="folder-button" class:folder-current=current class:folder-target=move || target.get() == Some(id)
                    aria-current=move || current().then_some("true")
                    draggable=(can_manage && id.is_some()).then_some("true")
                    on:dragstart=move |ev: web_sys::DragEvent| {
                        if let (Some(folder), Some(transfer)) = (id, ev.data_transfer()) {
                            let _ = transfer.set_data(DRAG_TYPE, &Dragged::Folder(folder).encode());
                        }
                    }
                    on:dragover=move |ev: web_sys::DragEvent| {
                        let ours = ev.data_transfer().is_some_and(|d| d.types().includes(&DRAG_TYPE.into(), 0));
                        if can_manage && ours { ev.prevent_default(); target.set(Some(id)); }
                    }
                    on:dragleave=move |_| target.set(None)
                    on:drop=move |ev: web_sys::DragEvent| drop_on(id, ev)
                    on:click=move |_| open.set(id)>
                    <span class="folder-name">{label}</span>
                    {count.map(|c| view! { <span class="folder-count" aria-label=format!("{c} documents")>{c}</span> })}
                </button>
            </li>
        }
    };
    view! {
        <nav class="folder-tree" aria-label="Folders">
            <ul>
                {item(None, "Case documents".into(), 0, None)}
                {paths(&folders).into_iter().map(|(id, path, depth)| {
                    let name = path.rsplit(" / ").next().unwrap_or_default().to_string();
                    let count = counts.iter().find(|(f, _)| *f == id).map(|(_, c)| *c);
                    item(Some(id), name, depth + 1, count)
                }).collect_view()}
            </ul>
        </nav>
    }
    .into_any()
}

/// A new folder inside the open one.
#[component]
pub fn NewFolderDialog(
    case: CaseId,
    parent: Signal<Option<FolderId>>,
    open: RwSignal<bool>,
    opened: RwSignal<Option<FolderId>>,
) -> impl IntoView {
    let feedback = PageFeedback::get();
    let name = RwSignal::new(String::new());
    let action = ServerAction::<CreateFolder>::new();
    Effect::new(move |_| {
        if let Some(Ok(folder)) = action.value().get() {
            open.set(false);
            name.set(String::new());
            opened.set(Some(folder.id));
            feedback.done(format!("Created the folder {}.", folder.name));
        }
    });
    let error = move || action.value().get().and_then(|r| r.err());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(CreateFolder {
            case,
            input: FolderInput { name: name.get_untracked(), parent: parent.get_untracked() },
        });
    };
    view! {
        <Modal open id="new-folder" title="New folder">
            <form class="form" on:submit=on_submit novalidate>
                {move || error().filter(|e| e.field.is_none()).map(|e| view! { <ErrorAlert message=e.message/> })}
                <div class="field">
                    <label for="folder-name">"Name"</label>
                    <input id="folder-name" type="text" autocomplete="off" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    <p class="field-error">{move || error().and_then(|e| e.for_field("name"))}</p>
                </div>
                <DialogFooter open label="Create folder" pending_label="Creating…" pending=action.pending()/>
            </form>
        </Modal>
    }
    .into_any()
}

/// Renames the open folder or moves it under another (never into itself: the server refuses).
#[component]
pub fn EditFolderDialog(
    case: CaseId,
    folder: FolderView,
    folders: Vec<FolderView>,
    open: RwSignal<bool>,
) -> impl IntoView {
    let feedback = PageFeedback::get();
    let name = RwSignal::new(folder.name.clone());
    let parent = RwSignal::new(folder.parent.map(|p| p.0.to_string()).unwrap_or_default());
    let action = ServerAction::<ChangeFolder>::new();
    Effect::new(move |_| {
        if let Some(Ok(changed)) = action.value().get() {
            open.set(false);
            feedback.done(format!("Saved the folder {}.", changed.name));
        }
    });
    let error = move || action.value().get().and_then(|r| r.err());
    let id = folder.id;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let destination = parent.get_untracked().parse::<i64>().ok().map(FolderId);
        let change = FolderChange { name: Some(name.get_untracked()), parent: Some(destination) };
        action.dispatch(ChangeFolder { case, id, change });
    };
    let options = paths(&folders).into_iter().filter(|(f, _, _)| *f != id).collect::<Vec<_>>();
    view! {
        <Modal open id="edit-folder" title="Rename or move folder">
            <form class="form" on:submit=on_submit novalidate>
                {move || error().filter(|e| e.field.is_none()).map(|e| view! { <ErrorAlert message=e.message/> })}
                <div class="field">
                    <label for="edit-folder-name">"Name"</label>
                    <input id="edit-folder-name" type="text" autocomplete="off" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    <p class="field-error">{move || error().and_then(|e| e.for_field("name"))}</p>
                </div>
                <div class="field">
                    <label for="edit-folder-parent">"Inside"</label>
                    <select id="edit-folder-parent" prop:value=move || parent.get() on:change=move |ev| parent.set(event_target_value(&ev))>
                        <option value="">"The top of the case"</option>
                        {options.into_iter().map(|(f, path, _)| view! { <option value=f.0.to_string()>{path}</option> }).collect_view()}
                    </select>
                    <p class="field-error">{move || error().and_then(|e| e.for_field("parent"))}</p>
                </div>
                <DialogFooter open label="Save" pending_label="Saving…" pending=action.pending()/>
            </form>
        </Modal>
    }
    .into_any()
}

/// Asks before deleting the open folder, saying how many folders and documents go with it.
#[component]
pub fn DeleteFolderDialog(
    case: CaseId,
    folder: FolderView,
    open: RwSignal<bool>,
    opened: RwSignal<Option<FolderId>>,
) -> impl IntoView {
    let feedback = PageFeedback::get();
    let id = folder.id;
    let removal = server_data(
        move || open.get(),
        move |showing| async move { if showing { preview_folder_removal(case, id).await.ok() } else { None } },
    );
    let action = ServerAction::<DeleteFolder>::new();
    let name = folder.name.clone();
    Effect::new(move |_| {
        if let Some(Ok(gone)) = action.value().get() {
            open.set(false);
            opened.set(folder.parent);
            feedback.done(format!(
                "Deleted the folder {name} and {}.",
                wording::count(gone.documents, "document", "documents")
            ));
        }
    });
    let error = move || action.value().get().and_then(|r| r.err());
    view! {
        <ConfirmDialog open id="delete-folder" title=format!("Delete {}?", folder.name) confirm_label="Delete folder" pending=action.pending()
            on_confirm=Callback::new(move |_| { action.dispatch(DeleteFolder { case, id }); })>
            <Suspense fallback=|| view! { <p class="muted">"Counting what it holds…"</p> }>
                {move || Suspend::new(async move {
                    match removal.await {
                        Some(r) if r.documents > 0 || r.folders > 1 => view! {
                            <p>{format!("{} and {} inside it will be deleted with it. This cannot be undone.", wording::count(r.documents, "document", "documents"), wording::count(r.folders - 1, "folder", "folders"))}</p>
                        }.into_any(),
                        _ => view! { <p>"The folder is empty."</p> }.into_any(),
                    }
                })}
            </Suspense>
            {move || error().map(|e| view! { <ErrorAlert message=e.message/> })}
        </ConfirmDialog>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dragged_row_reads_back_as_itself_and_nothing_else_does() {
        for dragged in [Dragged::Document(DocumentId(12), 3), Dragged::Folder(FolderId(7))] {
            assert_eq!(Dragged::decode(&dragged.encode()), Some(dragged));
        }
        for foreign in ["", "document:12", "folder:x", "folder:1:2", "https://example.org/file.pdf"] {
            assert_eq!(Dragged::decode(foreign), None, "{foreign}");
        }
    }
}
