//! What a paged list shows below itself: "Page 2 of 5" between Previous and Next, shown only when
//! there is more than one page. The server pages; this only asks for another page.
use leptos::prelude::*;

#[component]
pub fn Pagination(
    /// What the pages hold, for screen readers: "Pages of cases".
    label: &'static str,
    page: u32,
    pages: u32,
    /// Called with the page to go to.
    go: Callback<u32>,
) -> impl IntoView {
    (pages > 1).then(|| {
        view! {
            <nav class="pagination" aria-label=label>
                <button type="button" class="button button-secondary" disabled=page <= 1 on:click=move |_| go.run(page - 1)>"Previous"</button>
                <span class="muted">{format!("Page {page} of {pages}")}</span>
                <button type="button" class="button button-secondary" disabled=page >= pages on:click=move |_| go.run(page + 1)>"Next"</button>
            </nav>
        }
    })
}

/// "Showing 101–200 of 250 people": where a page sits in the whole list, the noun agreeing with
/// the total (`one` for one, `many` for any other number).
pub fn showing(page: u32, per_page: u32, on_page: usize, total: i64, one: &str, many: &str) -> String {
    let first = (page as i64 - 1) * per_page as i64 + 1;
    let last = first + on_page as i64 - 1;
    format!("Showing {first}–{last} of {}", domain::wording::count(total, one, many))
}
