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
            <div class="dialog-actions">
                <button type="button" class="button button-secondary" on:click=move |_| open.set(false)>"Cancel"</button>
                <button type="button" class="button button-danger" disabled=move || pending.get() on:click=move |_| on_confirm.run(())>
                    {move || if pending.get() { "Working…".to_string() } else { confirm_label.clone() }}
                </button>
            </div>
        </Modal>
    }
}
