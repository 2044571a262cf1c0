//! The case's editable details (edit_settings): title, description and target date, in a dialog
//! on the overview. The server checks the capability and the version again.
use crate::components::dialog::{DialogFooter, Modal};
use crate::components::feedback::{ErrorAlert, PageFeedback};
use crate::server_fns::cases::UpdateCaseSettings;
use domain::cases::{CaseDetail, CaseSettingsInput};
use leptos::prelude::*;

/// Opens with the current details of `case`; a successful save replaces `case` with the result.
#[component]
pub fn EditDetailsDialog(open: RwSignal<bool>, case: RwSignal<CaseDetail>) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let action = ServerAction::<UpdateCaseSettings>::new();
    let feedback = PageFeedback::get();
    Effect::new(move |_| {
        if open.get() {
            let current = case.get_untracked();
            title.set(current.title);
            description.set(current.description);
            target.set(current.target_date.unwrap_or_default());
            action.value().set(None);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(updated)) = action.value().get() {
            // The saved case replaces the shown one: nothing to reload.
            feedback.status.set(Some("Saved the case details.".into()));
            case.set(updated);
            open.set(false);
        }
    });
    let error = move || action.value().get().and_then(|r| r.err());
    let field_error = move |f: &'static str| error().and_then(|e| e.for_field(f));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let current = case.get_untracked();
        action.dispatch(UpdateCaseSettings {
            id: current.id,
            input: CaseSettingsInput {
                title: Some(title.get_untracked()),
                description: Some(description.get_untracked()),
                target_date: Some(target.get_untracked()),
                version: current.version,
            },
        });
    };
    view! {
        <Modal open id="edit-details" title="Edit case details" class="dialog-wide">
            <form class="form" on:submit=on_submit novalidate>
                {move || error().filter(|e| e.field.is_none()).map(|e| view! { <ErrorAlert message=e.message/> })}
                <div class="field">
                    <label for="settings-title">"Title"</label>
                    <input id="settings-title" type="text" bind:value=title aria-describedby="settings-title-error"
                        aria-invalid=move || field_error("title").is_some().to_string()/>
                    <p class="field-error" id="settings-title-error">{move || field_error("title")}</p>
                </div>
                <div class="field">
                    <label for="settings-description">"Description"</label>
                    <textarea id="settings-description" rows="5" bind:value=description aria-describedby="settings-description-error"
                        aria-invalid=move || field_error("description").is_some().to_string()></textarea>
                    <p class="field-error" id="settings-description-error">{move || field_error("description")}</p>
                </div>
                <div class="field">
                    <label for="settings-target">"Target date (optional)"</label>
                    <input id="settings-target" type="date" bind:value=target aria-describedby="settings-target-error"
                        aria-invalid=move || field_error("target_date").is_some().to_string()/>
                    <p class="field-error" id="settings-target-error">{move || field_error("target_date")}</p>
                </div>
                <DialogFooter open label="Save details" pending_label="Saving…" pending=action.pending()/>
            </form>
        </Modal>
    }
    .into_any()
}
