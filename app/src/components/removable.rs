//! The remove control of a list row (a person, a group, a domain, a role): a button that asks
//! for confirmation in a dialog, with the server's refusal shown in it.
use super::dialog::ConfirmDialog;
use super::feedback::ErrorAlert;
use crate::error::AppError;
use leptos::prelude::*;

/// How the row's remove button looks.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum RemoveStyle {
    /// A text button, e.g. "Remove".
    #[default]
    Text,
    /// A trashcan icon (the People tab).
    Trashcan,
}

/// A remove button and its confirmation. The row owns the server action: it passes its pending
/// state, its error and what to dispatch on confirmation; `open` closes the dialog once done.
#[component]
pub fn RemoveControl(
    /// Unique on the page: the dialog's id.
    #[prop(into)]
    id: String,
    /// What the button says (ignored for the trashcan, which has no text).
    #[prop(into)]
    label: String,
    /// What a screen reader says the button does, e.g. "Remove access for Nora Nash".
    #[prop(into)]
    aria_label: String,
    #[prop(into)] title: String,
    #[prop(into)] confirm_label: String,
    #[prop(optional)] style: RemoveStyle,
    open: RwSignal<bool>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<AppError>>,
    on_confirm: Callback<()>,
    children: Children,
) -> impl IntoView {
    let button = match style {
        RemoveStyle::Text => view! {
            <button type="button" class="button button-danger-outline" aria-label=aria_label on:click=move |_| open.set(true)>{label}</button>
        }
        .into_any(),
        RemoveStyle::Trashcan => view! {
            <button type="button" class="icon-button" aria-label=aria_label on:click=move |_| open.set(true)>
                <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18"><path fill="currentColor" d="M9 3h6l1 2h4v2H4V5h4l1-2zm-3 6h12l-1 12H7L6 9zm4 2v8h2v-8h-2zm4 0v8h2v-8h-2z"/></svg>
            </button>
        }
        .into_any(),
    };
    view! {
        {button}
        <ConfirmDialog open id title confirm_label pending on_confirm>
            {children()}
            {move || error.get().map(|e| view! { <ErrorAlert message=e.message/> })}
        </ConfirmDialog>
    }
    .into_any()
}
