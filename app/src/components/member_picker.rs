//! "Select user": a type-ahead over the people who have access to a case (the People tab's list,
//! filtered on the server), then a button that adds the one chosen. Used by the Permissions tab
//! for per-user lines and for case administrators.
use crate::server_fns::members::ListMembers;
use domain::directory::PersonRef;
use domain::members::MemberQuery;
use domain::{CaseId, UserId};
use leptos::prelude::*;

/// How many matches the type-ahead shows.
const MATCHES: u32 = 8;

#[component]
pub fn MemberPicker(
    case: CaseId,
    /// The search box's id, unique on the page.
    #[prop(into)]
    id: String,
    #[prop(into)] label: String,
    /// What the add button says: "Add user to list".
    #[prop(into)]
    add_label: String,
    /// People not to offer (already listed).
    #[prop(into)]
    exclude: Signal<Vec<UserId>>,
    on_add: Callback<PersonRef>,
) -> impl IntoView {
    let search = ServerAction::<ListMembers>::new();
    let query = RwSignal::new(String::new());
    let chosen = RwSignal::new(None::<PersonRef>);
    let results = move || {
        let excluded = exclude.get();
        search
            .value()
            .get()
            .and_then(|r| r.ok())
            .map(|list| {
                list.members.into_iter().map(|m| m.user).filter(|u| !excluded.contains(&u.id)).collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let hint = format!("{id}-hint");
    let list_label = format!("People with access matching the search for {}", label.to_lowercase());
    view! {
        <div class="member-picker">
            <div class="field">
                <label for=id.clone()>{label.clone()}</label>
                <input id=id type="search" autocomplete="off" bind:value=query aria-describedby=hint.clone()
                    on:input=move |ev| {
                        let q = event_target_value(&ev);
                        chosen.set(None);
                        if !q.trim().is_empty() {
                            search.dispatch(ListMembers { case, query: MemberQuery { q: Some(q), per_page: Some(MATCHES), page: None } });
                        }
                    }/>
                <p class="hint" id=hint>"Type part of a name or email address of someone with access, then choose them."</p>
            </div>
            {move || (!query.get().trim().is_empty() && chosen.get().is_none()).then(|| {
                let found = results();
                if found.is_empty() && !search.pending().get() {
                    view! { <p class="empty-inline">"No one with access matches."</p> }.into_any()
                } else {
                    view! {
                        <ul class="search-results" aria-label=list_label.clone()>
                            {found.into_iter().map(|person| {
                                let text = format!("{} — {}", person.name, person.email);
                                view! {
                                    <li><button type="button" class="result" on:click=move |_| {
                                        query.set(person.name.clone());
                                        chosen.set(Some(person.clone()));
                                    }>{text}</button></li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            })}
            <button type="button" class="button button-secondary" disabled=move || chosen.get().is_none()
                on:click=move |_| {
                    if let Some(person) = chosen.get_untracked() {
                        on_add.run(person);
                        chosen.set(None);
                        query.set(String::new());
                    }
                }>{add_label}</button>
        </div>
    }
    .into_any()
}
