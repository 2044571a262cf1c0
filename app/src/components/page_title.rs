//! The page's name in the browser's tab and history: "Cases · Caseward".
use leptos::prelude::*;

/// The tab's text for a page called `name`.
pub fn tab_text(name: &str) -> String {
    format!("{name} · Caseward")
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
    #[cfg(not(feature = "ssr"))]
    Effect::new(move |_| document().set_title(&tab_text(&text)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_page_then_the_product() {
        assert_eq!(tab_text("Cases"), "Cases · Caseward");
    }
}
