//! Loading, error and empty states, shown the same way on every page.
use crate::error::{AppError, ErrorCode};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

/// What a tab's rows and dialogs report to it: a line for the status region, and a reload of the
/// tab's data after a change. Provided once by the tab, used by every row and dialog in it.
#[derive(Clone, Copy)]
pub struct PageFeedback {
    /// Bumped to reload the tab's resources.
    pub reload: RwSignal<u32>,
    /// Announced in the tab's live region.
    pub status: RwSignal<Option<String>>,
}

impl PageFeedback {
    /// Makes a new one the context of the tab's children.
    pub fn provide() -> PageFeedback {
        let feedback = PageFeedback { reload: RwSignal::new(0), status: RwSignal::new(None) };
        provide_context(feedback);
        feedback
    }

    /// The tab's, for a row or dialog inside it.
    pub fn get() -> PageFeedback {
        expect_context::<PageFeedback>()
    }

    /// Says what happened and reloads the tab's data.
    pub fn done(self, message: impl Into<String>) {
        self.announce(message);
        self.reload_data();
    }

    /// Says what happened, leaving the data as it is.
    pub fn announce(self, message: impl Into<String>) {
        self.status.set(Some(message.into()));
    }

    /// Reads the tab's data again.
    pub fn reload_data(self) {
        self.reload.update(|n| *n += 1);
    }

    /// The live region that announces the status.
    pub fn region(self) -> impl IntoView {
        view! { <p class="status-line" role="status" aria-live="polite">{move || self.status.get()}</p> }
    }
}

#[component]
pub fn Loading(#[prop(into)] label: String) -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <span>{label}</span>
        </div>
    }
}

/// An error a person can act on, announced to screen readers.
#[component]
pub fn ErrorAlert(#[prop(into)] message: String) -> impl IntoView {
    view! {
        <div class="alert alert-error" role="alert">
            <strong>"Could not complete that. "</strong>
            <span>{message}</span>
        </div>
    }
}

/// Shows a page-level error; a signed-out person is sent to sign in and brought back afterwards.
pub fn page_error(error: AppError) -> AnyView {
    if error.code == ErrorCode::Unauthenticated {
        let location = use_location();
        let back = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
        let target = format!("/sign-in?next={}", encode_component(&back));
        // The server answers the page with a redirect. In the browser the session has ended
        // under a page already open: load the sign-in page afresh, which keeps nothing of the
        // ended session. Not the router: navigating while this view renders re-ran the page's
        // read in a loop (Playwright, cases.spec.ts), and not `<Redirect>`, whose server half
        // would come with the first chunk, which every page loads.
        #[cfg(feature = "ssr")]
        return view! { <Redirect path=target/> }.into_any();
        #[cfg(not(feature = "ssr"))]
        {
            let _ = window().location().replace(&target);
            return ().into_any();
        }
    }
    view! {
        <section class="panel">
            <h1>"Something went wrong"</h1>
            <ErrorAlert message=error.message/>
            <p><a href="/">"Back to your cases"</a></p>
        </section>
    }
    .into_any()
}

/// Percent-encodes a path for use as a query value.
pub fn encode_component(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Only a path on this site may follow sign-in, never another origin (`//evil.example`).
pub fn safe_next(next: Option<String>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\") => path,
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_paths_stay_on_this_site() {
        assert_eq!(safe_next(Some("/cases/4".into())), "/cases/4");
        assert_eq!(safe_next(Some("//evil.example".into())), "/");
        assert_eq!(safe_next(Some("https://evil.example".into())), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn encoding_leaves_paths_readable_and_escapes_query_characters() {
        assert_eq!(encode_component("/cases/4"), "/cases/4");
        assert_eq!(encode_component("/a b?c=d&e"), "/a%20b%3Fc%3Dd%26e");
    }
}
