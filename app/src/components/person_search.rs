//! Finding a person in the directory to act on (adding them to a case, sharing a production with
//! them): a search box that asks the server after two characters, and the matches as buttons.
use crate::server_fns::directory::SearchUsers;
use domain::directory::{DirectoryUser, PersonRef};
use leptos::prelude::*;

#[component]
pub fn PersonSearch(
    /// The search box's id (unique on the page); its hint is `{id}-hint`.
    #[prop(into)]
    id: String,
    query: RwSignal<String>,
    /// The dialog's own search, so that its matches outlive this box (shown again after "Change
    /// person").
    search: ServerAction<SearchUsers>,
    /// Set to the person clicked.
    chosen: RwSignal<Option<DirectoryUser>>,
    /// The server's word on the person field, if it refused one.
    #[prop(into)]
    error: Signal<Option<String>>,
    #[prop(optional)] autofocus: bool,
) -> impl IntoView {
    let results = move || search.value().get().and_then(|r| r.ok()).unwrap_or_default();
    let hint = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id.clone()>"Find a person by email, name or usual role"</label>
            <input id=id type="search" autocomplete="off" autofocus=autofocus bind:value=query aria-describedby=hint.clone()
                on:input=move |ev| {
                    let q = event_target_value(&ev);
                    if q.trim().chars().count() >= 2 { search.dispatch(SearchUsers { q }); }
                }/>
            <p class="hint" id=hint>"Type at least two characters."</p>
            {move || error.get().map(|m| view! { <p class="field-error">{m}</p> })}
        </div>
        <ul class="search-results" aria-label="Matching people">
            {move || results().into_iter().map(|u| {
                let label = format!("{} — {}{}", u.name, u.email, u.usual_role.as_ref().map(|r| format!(" · {r}")).unwrap_or_default());
                let user = u.clone();
                view! { <li><button type="button" class="result" on:click=move |_| chosen.set(Some(user.clone()))>{label}</button></li> }
            }).collect_view()}
        </ul>
    }
}

/// A directory search and a button that adds the person chosen (the global defaults and case
/// templates name people who need not have access to any case yet).
#[component]
pub fn DirectoryPicker(
    #[prop(into)] id: String,
    #[prop(into)] add_label: String,
    on_add: Callback<PersonRef>,
) -> impl IntoView {
    let search = ServerAction::<SearchUsers>::new();
    let query = RwSignal::new(String::new());
    let chosen = RwSignal::new(None::<DirectoryUser>);
    view! {
        <div class="member-picker">
            {move || match chosen.get() {
                Some(user) => view! {
                    <p class="chosen">{format!("{} — {}", user.name, user.email)} " "
                        <button type="button" class="button button-quiet" on:click=move |_| chosen.set(None)>"Change person"</button></p>
                }
                .into_any(),
                None => view! { <PersonSearch id=id.clone() query search chosen error=Signal::derive(|| None::<String>)/> }.into_any(),
            }}
            <button type="button" class="button button-secondary" disabled=move || chosen.get().is_none()
                on:click=move |_| {
                    if let Some(user) = chosen.get_untracked() {
                        on_add.run(PersonRef { id: user.id, name: user.name, email: user.email });
                        chosen.set(None);
                        query.set(String::new());
                    }
                }>{add_label}</button>
        </div>
    }
    .into_any()
}
