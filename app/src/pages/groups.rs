//! The Access tab's groups (SPEC §4 path 3): a row per group grant with its remove control, and
//! the Add Role dialog. The server decides every rule.
use super::access::location_text;
use crate::components::dialog::{DialogFooter, Modal};
use crate::components::feedback::{ErrorAlert, PageFeedback};
use crate::components::removable::RemoveControl;
use crate::server_fns::groups::{AddGroup, RemoveGroup};
use domain::CaseId;
use domain::groups::{AccessSettings, GroupGrantView, GroupInput};
use leptos::prelude::*;

#[component]
pub fn GroupRow(case: CaseId, group: GroupGrantView, can_manage: bool) -> impl IntoView {
    let feedback = PageFeedback::get();
    let remove = ServerAction::<RemoveGroup>::new();
    let confirming = RwSignal::new(false);
    let label = format!("{} ({})", group.usual_role, location_text(&group.location));
    {
        let label = label.clone();
        Effect::new(move |_| {
            if let Some(Ok(kept)) = remove.value().get() {
                confirming.set(false);
                let kept_text = match kept.len() {
                    0 => "Nobody kept access.".to_string(),
                    _ => format!("Kept access because they had opened the case: {}.", kept.join(", ")),
                };
                feedback.done(format!("Removed the group {label}. {kept_text}"));
            }
        });
    }
    let error = move || remove.value().get().and_then(|r| r.err());
    let id = group.id;
    let keep = group.would_keep_access;
    let keep_text = match keep {
        0 => "Nobody in it has opened the case, so everyone in it loses this access.".to_string(),
        1 => "1 person in it has opened the case and will keep access, as a retained grant you can revoke on the People tab. The others lose it.".to_string(),
        n => format!("{n} people in it have opened the case and will keep access, as retained grants you can revoke on the People tab. The others lose it."),
    };
    view! {
        <li class="role-row">
            <div>
                <span class="person-name">{group.usual_role.clone()}</span>
                <span class="muted">{location_text(&group.location)}</span>
                <span class="muted">
                    "Gives " <span class="badge">{group.role.name.clone()}</span>
                    {format!(" · Added by {} on {}", group.added_by.clone().unwrap_or_else(|| "—".into()), group.added_at.display_date())}
                </span>
            </div>
            {can_manage.then(|| view! {
                <div class="row-actions">
                    <RemoveControl id=format!("remove-group-{id}") label="Remove" aria_label=format!("Remove the group {label}") title=format!("Remove the group {label}?")
                        confirm_label="Remove group" open=confirming pending=remove.pending() error=Signal::derive(error)
                        on_confirm=Callback::new(move |_| { remove.dispatch(RemoveGroup { case, id }); })>
                        <p>{keep_text.clone()}</p>
                    </RemoveControl>
                </div>
            })}
        </li>
    }
    .into_any()
}

#[component]
pub fn AddGroupDialog(case: CaseId, open: RwSignal<bool>, settings: AccessSettings) -> impl IntoView {
    let feedback = PageFeedback::get();
    let usual_role = RwSignal::new(settings.usual_roles.first().cloned().unwrap_or_default());
    let location = RwSignal::new(String::new());
    let role = RwSignal::new(settings.roles.first().map(|r| r.key.clone()).unwrap_or_default());
    let action = ServerAction::<AddGroup>::new();
    Effect::new(move |_| {
        if let Some(Ok(group)) = action.value().get() {
            open.set(false);
            feedback.done(format!(
                "Added the group {} ({}) as {}.",
                group.usual_role,
                location_text(&group.location),
                group.role.name
            ));
        }
    });
    let error = move || action.value().get().and_then(|r| r.err());
    let field_error = move |f: &'static str| error().and_then(|e| e.for_field(f));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = GroupInput {
            usual_role: usual_role.get_untracked(),
            location: Some(location.get_untracked()).filter(|l| !l.is_empty()),
            role: role.get_untracked(),
        };
        action.dispatch(AddGroup { case, input });
    };
    view! {
        <Modal open id="add-group" title="Add Role">
            <form class="form" on:submit=on_submit novalidate>
                {move || error().filter(|e| e.field.is_none()).map(|e| view! { <ErrorAlert message=e.message/> })}
                <div class="field">
                    <label for="group-usual-role">"Role name"</label>
                    <select id="group-usual-role" prop:value=move || usual_role.get() on:change=move |ev| usual_role.set(event_target_value(&ev))>
                        {settings.usual_roles.iter().map(|r| view! { <option value=r.clone()>{r.clone()}</option> }).collect_view()}
                    </select>
                    <p class="field-error">{move || field_error("usual_role")}</p>
                </div>
                <div class="field">
                    <label for="group-location">"Location"</label>
                    <select id="group-location" prop:value=move || location.get() on:change=move |ev| location.set(event_target_value(&ev))>
                        <option value="">"All locations"</option>
                        {settings.locations.iter().map(|l| view! { <option value=l.clone()>{l.clone()}</option> }).collect_view()}
                    </select>
                    <p class="field-error">{move || field_error("location")}</p>
                </div>
                <div class="field">
                    <label for="group-role">"Case role"</label>
                    <select id="group-role" prop:value=move || role.get() on:change=move |ev| role.set(event_target_value(&ev))>
                        {settings.roles.iter().map(|r| view! { <option value=r.key.clone()>{r.name.clone()}</option> }).collect_view()}
                    </select>
                    <p class="field-error">{move || field_error("role")}</p>
                </div>
                <DialogFooter open label="Add group" pending_label="Adding…" pending=action.pending()/>
            </form>
        </Modal>
    }
    .into_any()
}
