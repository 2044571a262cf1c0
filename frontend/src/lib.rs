#![recursion_limit = "256"]
//! The browser entry point: hydrates the server-rendered page, fetching the chunk of a lazy screen
//! (app/src/routes.rs) first when the page is one.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Says a panic's message in the console in debug builds; the release bundle stops at once on
    // a panic without making one (scripts/wasm-size-flags.sh), so there the hook is never called.
    console_error_panic_hook::set_once();
    // Synchronous hydration (vendor/README.md), once the opened page's code is here.
    wasm_bindgen_futures::spawn_local(async {
        app::routes::load_opened_screen().await;
        leptos::mount::hydrate_body(app::App);
    });
}

/// Room for wasm-split to move each lazy screen's read-only data into that screen's chunk.
///
/// wasm-split (cargo-leptos 0.3.10) lays out the read-only data segment again, grouped by the
/// chunk that uses each piece, and the alignment between groups makes it a few hundred bytes
/// longer than the linker's layout. It will not let the segment grow into the next one, so when
/// it does not fit it keeps *all* data in the first chunk ("Overlong segment 0 by 394 after
/// relocation, putting it in main module"): every screen's text and tables were downloaded on
/// the first visit. These bytes sit in that segment and no code uses them, so wasm-split places
/// them in no chunk, which gives the new layout that room. Not zero, so that they are read-only
/// data rather than zeroed memory. `scripts/wasm-data-check.mjs` (in the test command) fails
/// when the room runs out.
#[used]
static SPLIT_HEADROOM: [u8; 8192] = [0xA5; 8192];
