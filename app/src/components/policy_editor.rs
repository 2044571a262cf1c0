//! The pieces of a permission policy form, shared by a case's Permissions tab, the global defaults
//! and case templates: the three defaults as radio groups, and the per-user lines with Allow,
//! Deny or the default per category. Changes stay in the form until its one Save.
use domain::UserId;
use domain::access::policy::{CaseDefault, OverrideSetting, PolicyCategory};
use domain::directory::PersonRef;
use domain::policy::{Defaults, OverrideInput, PersonOverrides};
use leptos::prelude::*;

/// What each category lets a person do, in a sentence.
pub fn category_hint(category: PolicyCategory) -> &'static str {
    match category {
        PolicyCategory::ManagePermissions => "Change these permissions: the defaults and the per-user lines.",
        PolicyCategory::EditSettings => "Change the case's details: title, description and target date.",
        PolicyCategory::BatchUpdate => "Change many documents in one operation (tags, folders, defendants).",
    }
}

/// The three defaults, one radio group each (Enabled, Not allowed, By role).
#[component]
pub fn DefaultsEditor(
    /// Keeps the inputs' ids and names unique on the page.
    #[prop(into)]
    id_prefix: String,
    defaults: RwSignal<Defaults>,
    disabled: bool,
) -> impl IntoView {
    view! {
        <div class="policy-defaults">
            {PolicyCategory::ALL.into_iter().map(|category| {
                let name = format!("{id_prefix}-{}", category.as_str());
                let hint_id = format!("{name}-hint");
                view! {
                    <fieldset class="fieldset policy-category" aria-describedby=hint_id.clone()>
                        <legend>{category.title()}</legend>
                        <p class="hint" id=hint_id.clone()>{category_hint(category)}</p>
                        <div class="choice-row">
                            {CaseDefault::ALL.into_iter().map(|value| {
                                let id = format!("{name}-{}", value.as_str());
                                view! {
                                    <div class="choice">
                                        <input type="radio" id=id.clone() name=name.clone() disabled=disabled
                                            prop:checked=move || defaults.with(|d| d.get(category) == value)
                                            on:change=move |_| defaults.update(|d| d.set(category, value))/>
                                        <label for=id>{value.label()}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                }
            }).collect_view()}
        </div>
    }
    .into_any()
}

/// The lines as a save sends them.
pub fn lines_input(lines: &[PersonOverrides]) -> Vec<OverrideInput> {
    lines.iter().map(PersonOverrides::input).collect()
}

/// Adds a person to the lines with nothing set yet (the save asks for at least one setting).
pub fn add_line(lines: RwSignal<Vec<PersonOverrides>>, person: PersonRef) {
    lines.update(|rows| {
        if !rows.iter().any(|r| r.user.id == person.id) {
            rows.push(PersonOverrides::new(person.clone(), &OverrideInput::empty(person.id)));
        }
    });
}

fn setting_value(setting: Option<OverrideSetting>) -> &'static str {
    setting.map(OverrideSetting::as_str).unwrap_or("")
}

/// One row per person: Allow, Deny or the case default per category, and a remove button.
#[component]
pub fn OverrideLines(
    #[prop(into)] id_prefix: String,
    lines: RwSignal<Vec<PersonOverrides>>,
    disabled: bool,
) -> impl IntoView {
    let rows = move || lines.get();
    view! {
        {move || lines.with(Vec::is_empty).then(|| view! {
            <p class="empty-inline">"No per-user permissions: the defaults apply to everyone."</p>
        })}
        <ul class="policy-lines">
            <For each=rows key=|row| row.user.id let:row>
                {
                    let user = row.user.clone();
                    let prefix = format!("{id_prefix}-{}", user.id);
                    let remove_label = format!("Remove {} from the list", user.name);
                    view! {
                        <li class="policy-line">
                            <div class="policy-who">
                                <span class="person-name">{user.name.clone()}</span>
                                <span class="muted">{user.email.clone()}</span>
                            </div>
                            <div class="policy-settings">
                                {PolicyCategory::ALL.into_iter().map(|category| {
                                    let id = format!("{prefix}-{}", category.as_str());
                                    let who = user.id;
                                    let current = move || lines.with(|rows| {
                                        rows.iter().find(|r| r.user.id == who).map(|r| setting_value(r.input().get(category))).unwrap_or("")
                                    });
                                    view! {
                                        <div class="field field-compact">
                                            <label for=id.clone()>{category.title()}</label>
                                            <select id=id disabled=disabled prop:value=current
                                                on:change=move |ev| {
                                                    let value = OverrideSetting::parse(&event_target_value(&ev));
                                                    lines.update(|rows| {
                                                        if let Some(row) = rows.iter_mut().find(|r| r.user.id == who) {
                                                            let mut input = row.input();
                                                            input.set(category, value);
                                                            *row = PersonOverrides::new(row.user.clone(), &input);
                                                        }
                                                    });
                                                }>
                                                <option value="" selected=move || current().is_empty()>"Case default"</option>
                                                <option value="allow" selected=move || current() == "allow">"Allow"</option>
                                                <option value="deny" selected=move || current() == "deny">"Deny"</option>
                                            </select>
                                        </div>
                                    }
                                }).collect_view()}
                            </div>
                            {(!disabled).then(|| {
                                let who = user.id;
                                view! {
                                    <button type="button" class="button button-quiet" aria-label=remove_label
                                        on:click=move |_| lines.update(|rows| rows.retain(|r| r.user.id != who))>"Remove"</button>
                                }
                            })}
                        </li>
                    }
                }
            </For>
        </ul>
    }
    .into_any()
}

/// Case administrators (of a case, or the default ones): each with a Remove button when
/// `removable`, but the owner (`owner`), who is badged and always stays.
#[component]
pub fn AdministratorRows(
    administrators: RwSignal<Vec<PersonRef>>,
    #[prop(optional)] owner: Option<UserId>,
    removable: bool,
    /// Ends the remove button's accessible name: "Remove Paul Price {what}".
    #[prop(into)]
    what: String,
) -> impl IntoView {
    view! {
        <ul class="role-list">
            {move || administrators.get().into_iter().map(|person| {
                let id = person.id;
                let is_owner = owner == Some(id);
                let label = format!("Remove {} {what}", person.name);
                view! {
                    <li class="role-row">
                        <div>
                            <span>
                                <span class="person-name">{person.name.clone()}</span>
                                " " {is_owner.then(|| view! { <span class="badge">"Owner"</span> })}
                            </span>
                            <span class="muted">{person.email.clone()}</span>
                        </div>
                        {(removable && !is_owner).then(|| view! {
                            <button type="button" class="button button-quiet" aria-label=label
                                on:click=move |_| administrators.update(|a| a.retain(|p| p.id != id))>"Remove"</button>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
