//! The defendant checkboxes shared by the add-user, add-domain and approve-request dialogs.
use domain::DefendantId;
use domain::cases::Defendant;
use leptos::prelude::*;

/// A fieldset of one checkbox per defendant, writing the chosen ids to `picked`, with the
/// server's message for the `defendants` field under it.
#[component]
pub fn DefendantChoices(
    /// Makes the inputs' ids unique on the page (several dialogs may be in it).
    #[prop(into)]
    id_prefix: String,
    defendants: Vec<Defendant>,
    picked: RwSignal<Vec<DefendantId>>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <fieldset class="fieldset field">
            <legend>"Defendants they represent"</legend>
            {defendants.into_iter().map(|d| {
                let id = format!("{id_prefix}-defendant-{}", d.id);
                view! {
                    <div class="choice">
                        <input type="checkbox" id=id.clone() prop:checked=move || picked.with(|p| p.contains(&d.id))
                            on:change=move |_| picked.update(|p| if p.contains(&d.id) { p.retain(|x| *x != d.id) } else { p.push(d.id) })/>
                        <label for=id>{d.name}</label>
                    </div>
                }
            }).collect_view()}
            <p class="field-error">{move || error.get()}</p>
        </fieldset>
    }
    .into_any()
}
