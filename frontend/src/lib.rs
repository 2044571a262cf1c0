#![recursion_limit = "256"]
//! The browser entry point: hydrates the server-rendered page, fetching the chunk of a lazy route
//! (app/src/routes.rs) first when the page is one.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_lazy(app::App);
}
