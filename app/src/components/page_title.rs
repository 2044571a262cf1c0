//! The page's name in the browser's tab and history: "Cases · Caseward".
use leptos::prelude::*;

/// The tab's text of a page that names nothing of its own (an error, say).
pub const PRODUCT: &str = "Caseward";

/// The tab's text for a page called `name`.
pub fn tab_text(name: &str) -> String {
    format!("{name} · {PRODUCT}")
}

/// Names the page. The server hands the title to leptos_meta, whose `MetaTags` in the shell
/// writes it into the head; the browser, where it changes only when a link opens another page,
/// sets `document.title` itself, so that leptos_meta's code stays out of the WASM. Both render
/// the same nothing (`()`), so hydration finds what the server sent.
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    // leptos_meta's `Title` records the title for the head when it is called; the view it
    // returns renders nothing into the page, so it is not kept.
    #[cfg(feature = "ssr")]
    let _ = leptos_meta::Title(leptos_meta::TitleProps::builder().text(tab_text(&text)).build());
    // Not put back when the page goes: the next page's effect runs before this page's cleanup,
    // which would then undo it.
    #[cfg(not(feature = "ssr"))]
    Effect::new(move |_| document().set_title(&tab_text(&text)));
}

/// Gives the server the title store each page's `PageTitle` writes to, with the product's name at
/// the bottom: leptos_meta shows the last title given, so a page that names nothing is still
/// called "Caseward" rather than left without a title.
#[cfg(feature = "ssr")]
pub fn provide_titles() {
    leptos_meta::provide_meta_context();
    let _ = leptos_meta::Title(leptos_meta::TitleProps::builder().text(PRODUCT).build());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_page_then_the_product() {
        assert_eq!(tab_text("Cases"), "Cases · Caseward");
    }
}
