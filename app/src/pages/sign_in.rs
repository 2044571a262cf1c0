use crate::ViewerResource;
use crate::components::feedback::{ErrorAlert, safe_next};
use crate::components::page_title::PageTitle;
use crate::server_fns::session::SignIn;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let viewer = expect_context::<ViewerResource>();
    let query = use_query_map();
    let next = move || safe_next(query.read().get("next"));
    let action = ServerAction::<SignIn>::new();
    // A full page load after sign-in: every part of the page then starts from the new session.
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            let _ = window().location().set_href(&next());
        }
    });
    let error = move || action.value().get().and_then(|r| r.err());
    // A plain form, posted as it stands until the WASM arrives (the server function takes it
    // URL-encoded); after that, sent from the two fields. Not `ActionForm`: it reads the fields
    // back out of the form with a URL-query parser, which made up a quarter of this page's code
    // in the first WASM chunk.
    let email = NodeRef::<Input>::new();
    let password = NodeRef::<Input>::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let (Some(email), Some(password)) = (email.get(), password.get()) {
            action.dispatch(SignIn { email: email.value(), password: password.value() });
        }
    };

    view! {
        <PageTitle text="Sign in"/>
        // A `Transition`, as in the top bar and the case list, not a `Suspense`: the two behave
        // alike for data loaded once, and this page's chunk then uses the first chunk's code for it
        // rather than bringing a second kind of boundary.
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match viewer.await {
                    Ok(Some(_)) => view! { <Redirect path=next()/> }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Transition>
        <section class="auth-card">
            <h1>"Sign in to Caseward"</h1>
            <p class="muted">"Use the email address and password of your Caseward account."</p>
            {move || error().map(|e| view! { <ErrorAlert message=e.message/> })}
            <form method="post" action=SignIn::url() class="form" novalidate on:submit=submit>
                <div class="field">
                    <label for="email">"Email address"</label>
                    <input node_ref=email id="email" name="email" type="email" autocomplete="username" required autofocus
                        aria-invalid=move || error().and_then(|e| e.for_field("email")).is_some().to_string()/>
                </div>
                <div class="field">
                    <label for="password">"Password"</label>
                    <input node_ref=password id="password" name="password" type="password" autocomplete="current-password" required/>
                </div>
                <button type="submit" class="button button-primary button-block" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
        </section>
    }
}
