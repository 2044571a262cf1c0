//! The floor: sign-in (a form whose two fields are sent to a server function) and a list read by
//! a resource through a server function, with the router: what Caseward's first screens need of
//! Leptos, written the way Caseward writes them (no `ActionForm`; answers and the list's resource
//! read as JSON by the browser's parser, through Caseward's codec).
use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use serde::{Deserialize, Serialize};

/// Caseward's own encoding of server functions' arguments and answers and of resources' data (JSON,
/// read and written by the browser's parser), the same file rather than a copy, so that the floor
/// cannot drift from what Caseward does.
#[path = "../../../app/src/server_fns/codec.rs"]
mod codec;
use codec::{Json, JsonText};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Item {
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub status: String,
    pub owner: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Page {
    pub items: Vec<Item>,
    pub total: i64,
}

#[server(input = Json, output = Json)]
pub async fn list_items(q: String, page: u32) -> Result<Page, ServerFnError> {
    Ok(Page { items: vec![], total: 0 })
}

#[server(output = Json)]
pub async fn sign_in(email: String, password: String) -> Result<(), ServerFnError> {
    Ok(())
}

#[component]
fn SignIn() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let email = NodeRef::<Input>::new();
    let password = NodeRef::<Input>::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let (Some(email), Some(password)) = (email.get(), password.get()) {
            action.dispatch(SignIn { email: email.value(), password: password.value() });
        }
    };
    view! {
        <h1>"Sign in"</h1>
        <form method="post" action="/api/sign_in" on:submit=submit>
            <label>"Email" <input node_ref=email type="email" name="email" required/></label>
            <label>"Password" <input node_ref=password type="password" name="password" required/></label>
            <button type="submit">"Sign in"</button>
        </form>
        {move || action.value().get().and_then(|r| r.err()).map(|e| view! { <p role="alert">{e.to_string()}</p> })}
    }
}

#[component]
fn List() -> impl IntoView {
    let (q, set_q) = signal(String::new());
    let (page, set_page) = signal(1u32);
    let items: Resource<_, JsonText> =
        Resource::new_with_options(move || (q.get(), page.get()), |(q, p)| list_items(q, p), false);
    view! {
        <h1>"My cases"</h1>
        <input type="search" on:input=move |ev| set_q.set(event_target_value(&ev))/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || items.get().map(|r| match r {
                Ok(p) => view! {
                    <p>{p.total} " cases"</p>
                    <table><tbody>
                        {p.items.into_iter().map(|i| view! {
                            <tr><td><a href=format!("/cases/{}", i.id)>{i.reference}</a></td><td>{i.title}</td><td>{i.status}</td><td>{i.owner}</td></tr>
                        }).collect_view()}
                    </tbody></table>
                }.into_any(),
                Err(e) => view! { <p role="alert">{e.to_string()}</p> }.into_any(),
            })}
        </Suspense>
        <button on:click=move |_| set_page.update(|p| *p += 1)>"Next"</button>
    }
}

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <main>
                <Routes fallback=|| "Not found.">
                    <Route path=path!("/") view=List/>
                    <Route path=path!("/sign-in") view=SignIn/>
                </Routes>
            </main>
        </Router>
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
