//! Sharing a production with a named person (`share_productions`): the dialog that sends a link
//! and lists the links sent, with revoke; and the page a link opens, for that person alone.
use crate::components::dialog::{DialogFooter, Modal};
use crate::components::feedback::{ErrorAlert, Loading, PageFeedback, encode_component};
use crate::components::page_title::PageTitle;
use crate::components::person_search::PersonSearch;
use crate::error::ErrorCode;
use crate::server_data::server_data;
use crate::server_fns::directory::SearchUsers;
use crate::server_fns::productions::{
    RevokeProductionShare, ShareProduction, list_production_shares, open_shared_production,
};
use domain::directory::DirectoryUser;
use domain::documents::human_size;
use domain::productions::{MAX_SHARE_DAYS, ShareInput, ShareView};
use domain::wording;
use domain::{CaseId, ProductionId};
use leptos::prelude::*;

#[component]
pub fn ShareDialog(case: CaseId, production: ProductionId, name: String, open: RwSignal<bool>) -> impl IntoView {
    let feedback = PageFeedback::get();
    let query = RwSignal::new(String::new());
    let search = ServerAction::<SearchUsers>::new();
    let chosen = RwSignal::new(None::<DirectoryUser>);
    let expiry = RwSignal::new(String::new());
    let share = ServerAction::<ShareProduction>::new();
    let revoke = ServerAction::<RevokeProductionShare>::new();
    let links = server_data(
        move || (open.get(), share.version().get(), revoke.version().get()),
        move |(open, _, _)| async move { if open { Some(list_production_shares(case, production).await) } else { None } },
    );
    Effect::new(move |_| {
        if let Some(Ok(sent)) = share.value().get() {
            chosen.set(None);
            query.set(String::new());
            feedback.done(format!(
                "Sent {} a link that works until {}.",
                sent.recipient_name,
                sent.expires_at.display()
            ));
        }
    });
    let error = move || share.value().get().and_then(|r| r.err());
    let field_error = move |f: &'static str| error().and_then(|e| e.for_field(f));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(user) = chosen.get_untracked() else { return };
        share.dispatch(ShareProduction {
            case,
            id: production,
            input: ShareInput { recipient: user.id, expires_at: expiry.get_untracked() },
        });
    };
    view! {
        <Modal open id=format!("share-production-{production}") title=format!("Share {name}") class="dialog-wide">
            <form class="form" on:submit=on_submit novalidate>
                <p class="muted">"The person is emailed a link. It works for them alone, signed in, until the day you choose; it never opens the case itself."</p>
                {move || match chosen.get() {
                    None => view! {
                        <PersonSearch id=format!("share-search-{production}") query search chosen error=Signal::derive(move || field_error("recipient"))/>
                    }.into_any(),
                    Some(user) => view! {
                        <div class="chosen">
                            <span><strong>{user.name.clone()}</strong> " " <span class="muted">{user.email.clone()}</span></span>
                            <button type="button" class="button button-quiet" on:click=move |_| chosen.set(None)>"Change person"</button>
                        </div>
                    }.into_any(),
                }}
                <div class="field">
                    <label for=format!("share-expiry-{production}")>"Link works until"</label>
                    <input id=format!("share-expiry-{production}") type="date" required bind:value=expiry aria-describedby=format!("share-expiry-hint-{production}")/>
                    <p class="hint" id=format!("share-expiry-hint-{production}")>{format!("At most {MAX_SHARE_DAYS} days ahead.")}</p>
                    {move || field_error("expires_at").map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                {move || error().filter(|e| e.field.is_none()).map(|e| view! { <ErrorAlert message=e.message/> })}
                <DialogFooter open label="Send link" pending_label="Sending…" pending=share.pending() blocked=Signal::derive(move || chosen.get().is_none())/>
            </form>
            <h3 class="subheading">"Links sent"</h3>
            <Transition fallback=|| view! { <Loading label="Loading the links…"/> }>
                {move || Suspend::new(async move {
                    match links.await {
                        Some(Ok(list)) if list.is_empty() => view! { <p class="empty-inline">"No links sent yet."</p> }.into_any(),
                        Some(Ok(list)) => view! {
                            <ul class="share-list">
                                {list.into_iter().map(|link| view! { <ShareRow case production link revoke/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Some(Err(e)) => view! { <ErrorAlert message=e.message/> }.into_any(),
                        None => ().into_any(),
                    }
                })}
            </Transition>
            {move || revoke.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorAlert message=e.message/> })}
        </Modal>
    }
}

#[component]
fn ShareRow(
    case: CaseId,
    production: ProductionId,
    link: ShareView,
    revoke: ServerAction<RevokeProductionShare>,
) -> impl IntoView {
    let state = if let Some(at) = link.revoked_at {
        format!("Revoked {}", at.display())
    } else {
        format!("Until {}", link.expires_at.display())
    };
    let downloads = match link.last_downloaded_at {
        Some(at) => format!("Downloaded {}, last {}", wording::count(link.downloads, "time", "times"), at.display()),
        None => "Not downloaded yet".to_string(),
    };
    let share = link.id;
    let live = link.revoked_at.is_none();
    view! {
        <li class="share-row">
            <div>
                <span class="person-name">{link.recipient_name.clone()}</span> " " <span class="muted">{link.recipient_email.clone()}</span>
                <p class="muted">{format!("{state} · {downloads} · sent by {}", link.shared_by)}</p>
            </div>
            {live.then(|| view! {
                <button type="button" class="button button-danger-outline" aria-label=format!("Revoke the link sent to {}", link.recipient_name)
                    disabled=move || revoke.pending().get()
                    on:click=move |_| { revoke.dispatch(RevokeProductionShare { case, id: production, share }); }>"Revoke"</button>
            })}
        </li>
    }
}

/// Where the page keeps a link's token while its person signs in: this tab's session storage, so
/// that the token never rides in the sign-in address.
const PENDING_TOKEN: &str = "caseward.shared-token";

fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

/// The page a shared link opens: `/shared#token`. The token is read in the browser from the
/// fragment (never sent in an address) and posted; the download is a form post of it too.
#[component]
pub fn SharedPage() -> impl IntoView {
    let token = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let hash = window().location().hash().unwrap_or_default();
        let from_link = hash.trim_start_matches('#').to_string();
        let kept = || session_storage().and_then(|s| s.get_item(PENDING_TOKEN).ok().flatten()).unwrap_or_default();
        token.set(Some(if from_link.is_empty() { kept() } else { from_link }));
    });
    let opened = server_data(
        move || token.get(),
        |token| async move {
            match token {
                Some(token) if !token.is_empty() => Some(open_shared_production(token).await),
                _ => None,
            }
        },
    );
    view! {
        <PageTitle text="Shared production"/>
        <section class="panel shared-panel" aria-labelledby="shared-heading">
            <h1 id="shared-heading">"Shared production"</h1>
            <Transition fallback=|| view! { <Loading label="Opening the link…"/> }>
                {move || Suspend::new(async move {
                    let opened = opened.await;
                    let Some(token) = token.get_untracked() else {
                        return view! { <Loading label="Opening the link…"/> }.into_any();
                    };
                    match opened {
                        Some(Ok(shared)) => {
                            if let Some(storage) = session_storage() {
                                let _ = storage.remove_item(PENDING_TOKEN);
                            }
                            view! {
                            <p class="eyebrow">{format!("Shared by {}", shared.shared_by)}</p>
                            <h2>{shared.name.clone()}</h2>
                            <dl class="details">
                                <dt>"Bates numbers"</dt><dd>{shared.bates_range.clone().unwrap_or_default()}</dd>
                                <dt>"Documents"</dt><dd>{shared.documents}</dd>
                                <dt>"Size"</dt><dd>{human_size(shared.size.unwrap_or_default() as u64)}</dd>
                                <dt>"Link works until"</dt><dd>{shared.expires_at.display()}</dd>
                            </dl>
                            <form method="post" action="/api/v1/shared-productions/download">
                                <input type="hidden" name="token" value=token/>
                                <button type="submit" class="button button-primary">"Download ZIP"</button>
                            </form>
                        }.into_any()
                        }
                        Some(Err(e)) if e.code == ErrorCode::Unauthenticated => {
                            if let Some(storage) = session_storage() {
                                let _ = storage.set_item(PENDING_TOKEN, &token);
                            }
                            let back = encode_component("/shared");
                            view! {
                                <p>"Sign in as the person this link was sent to, to download the production."</p>
                                <a class="button button-primary" href=format!("/sign-in?next={back}")>"Sign in"</a>
                            }.into_any()
                        }
                        Some(Err(e)) => view! { <ErrorAlert message=e.message/> }.into_any(),
                        None => view! { <p class="muted">"This address holds no link. Open the link from the email you were sent."</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
