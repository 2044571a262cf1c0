use crate::components::page_title::PageTitle;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <PageTitle text="Page not found"/>
        <section class="panel narrow">
            <h1>"Page not found"</h1>
            <p class="muted">"There is nothing at this address. It may have been mistyped, or the case deleted."</p>
            <p><a class="button button-primary" href="/">"Go to your cases"</a></p>
        </section>
    }
}
