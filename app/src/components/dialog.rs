//! Modals built on the native `<dialog>`: the browser keeps focus inside, makes the page behind
//! inert, and closes it on Escape.
use leptos::html;
use leptos::prelude::*;

/// A modal with a title; its content brings its own buttons.
#[component]
pub fn Modal(
    /// Whether the dialog is showing; set to false when it closes by any means.
    open: RwSignal<bool>,
    #[prop(into)] id: String,
    #[prop(into)] title: Signal<String>,
    #[prop(optional, into)] class: String,
    children: Children,
) -> impl IntoView {
    let node = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        let Some(dialog) = node.get() else { return };
        if open.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
        } else if dialog.open() {
            dialog.close();
        }
    });
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <dialog node_ref=node id=id class=format!("dialog {class}") aria-labelledby=labelled_by on:close=move |_| open.set(false)>
            <h2 id=title_id class="dialog-title">{move || title.get()}</h2>
            {children()}
        </dialog>
    }
}

/// The buttons at the foot of every dialog: Cancel, which closes it, and the main action, which
/// says it is working while `pending`. Without `on_confirm` the main button submits the
/// dialog's form.
#[component]
pub fn DialogFooter(
    open: RwSignal<bool>,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] pending_label: String,
    #[prop(into)] pending: Signal<bool>,
    /// Greys the main button out, beside `pending` (e.g. until a required choice is made).
    #[prop(optional, into)]
    blocked: Signal<bool>,
    /// A destructive action (delete, deny) gets the danger style.
    #[prop(optional)]
    danger: bool,
    #[prop(optional)] on_confirm: Option<Callback<()>>,
    /// Run on Cancel beside closing, e.g. to empty the form.
    #[prop(optional)]
    on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let class = if danger { "button button-danger" } else { "button button-primary" };
    let kind = if on_confirm.is_some() { "button" } else { "submit" };
    view! {
        <div class="dialog-actions">
            <button type="button" class="button button-secondary" on:click=move |_| {
                open.set(false);
                if let Some(cancel) = on_cancel { cancel.run(()) }
            }>"Cancel"</button>
            <button type=kind class=class disabled=move || pending.get() || blocked.get()
                on:click=move |_| if let Some(confirm) = on_confirm { confirm.run(()) }>
                {move || if pending.get() { pending_label.clone() } else { label.get() }}
            </button>
        </div>
    }
}

/// Asks before something that cannot be undone.
#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    #[prop(into)] id: String,
    #[prop(into)] title: String,
    #[prop(into)] confirm_label: String,
    #[prop(into)] pending: Signal<bool>,
    on_confirm: Callback<()>,
    children: Children,
) -> impl IntoView {
    view! {
        <Modal open id title>
            <div class="dialog-body">{children()}</div>
            <DialogFooter open label=confirm_label pending_label="Working…" pending danger=true on_confirm/>
        </Modal>
    }
}
