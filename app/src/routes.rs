//! Every page's path and the screen it shows, in one table, and how the router reads it.
//!
//! Every screen but the case list is its own WASM chunk (`cargo leptos build --split`), which the
//! browser fetches the first time the screen is opened; on the server they render as any page
//! does. The case list, where a signed-in person lands, comes with the first chunk: as a lazy
//! screen its code arrives as dozens of small shared chunks (measured: 73 files, 68.6 KB brotli,
//! against the 25.4 KB it adds to the first chunk). Sign-in is lazy: it is opened about once a
//! session, and every page, the case list first, then loads without its code (measured, brotli:
//! the first chunk went from 180.8 KB to 164.4 KB; the sign-in page fetched 27 files, 36.5 KB,
//! after it). Its form posts to the server as it stands until that code arrives.
//!
//! One route type for every page, rather than Leptos's `path!` and `Lazy<Route>` per page: each
//! of those is a type of its own, and the router's matching and view-choosing code was compiled
//! into the first chunk once per type and again for the `EitherOf16` of them all (measured,
//! brotli: the first chunk went from 162.1 KB to 159.6 KB).
use crate::components::layout::PageReady;
use crate::pages::access::AccessPage;
use crate::pages::case_list::CaseListPage;
use crate::pages::case_page::CasePage;
use crate::pages::defaults::DefaultsPage;
use crate::pages::document_viewer::DocumentViewerPage;
use crate::pages::documents::DocumentsPage;
use crate::pages::members::PeoplePage;
use crate::pages::new_case::NewCasePage;
use crate::pages::outbox::OutboxPage;
use crate::pages::policy::PermissionsPage;
use crate::pages::production_shares::SharedPage;
use crate::pages::productions::ProductionsPage;
use crate::pages::roles::RolesPage;
use crate::pages::search::SearchPage;
use crate::pages::sign_in::SignInPage;
use crate::pages::templates::TemplatesPage;
use leptos::lazy;
use leptos::prelude::*;
use leptos::tachys::view::iterators::StaticVec;
use leptos_router::{
    ChooseView, MatchNestedRoutes, NestedRoute, PartialPathMatch, PathSegment, PossibleRouteMatch, SsrMode,
};
use std::borrow::Cow;
use std::pin::Pin;

/// Every page of the app: its path (`:name` takes one segment as the parameter `name`) and its
/// screen, in the order the router tries them.
pub const ROUTES: [(&str, Screen); 16] = [
    ("/", Screen::CaseList),
    ("/sign-in", Screen::SignIn),
    ("/cases/new", Screen::NewCase),
    ("/cases/:id", Screen::Case),
    ("/cases/:id/documents", Screen::Documents),
    ("/cases/:id/documents/:doc", Screen::Document),
    ("/cases/:id/search", Screen::Search),
    ("/cases/:id/productions", Screen::Productions),
    ("/shared", Screen::Shared),
    ("/cases/:id/people", Screen::People),
    ("/cases/:id/access", Screen::Access),
    ("/cases/:id/permissions", Screen::Permissions),
    ("/admin/templates", Screen::Templates),
    ("/admin/defaults", Screen::Defaults),
    ("/admin/roles", Screen::Roles),
    ("/admin/outbox", Screen::Outbox),
];

/// The router's definition of every page, for `<Routes>`: one type for all of them.
pub fn routes() -> StaticVec<impl MatchNestedRoutes + Clone + Send + 'static> {
    ROUTES
        .iter()
        .map(|&(path, screen)| NestedRoute::new(Pattern(path), screen).ssr_mode(SsrMode::Async))
        .collect::<Vec<_>>()
        .into()
}

/// The screen the router shows for `path`: the first route whose pattern leaves nothing of the
/// path but a trailing `/`, as `<Routes>` decides.
pub fn screen_for(path: &str) -> Option<Screen> {
    ROUTES.iter().find_map(|&(pattern, screen)| Pattern(pattern).test(path)?.is_complete().then_some(screen))
}

/// Fetches the chunk of the page the browser opened, before the app hydrates. Hydration is
/// synchronous (vendor/README.md): the page's code has to be here when it starts. The server's
/// preload links have the browser fetching that chunk alongside the first one already.
#[cfg(feature = "hydrate")]
pub async fn load_opened_screen() {
    let path = window().location().pathname().unwrap_or_default();
    if let Some(screen) = screen_for(&path) {
        screen.preload().await;
    }
}

/// What a page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    CaseList,
    SignIn,
    NewCase,
    Case,
    Documents,
    Document,
    Search,
    Productions,
    Shared,
    People,
    Access,
    Permissions,
    Templates,
    Defaults,
    Roles,
    Outbox,
}

/// Each lazy screen's view: a function `view` in a module named after the screen, which
/// `#[lazy(name)]` makes a chunk of that name (the name keeps the fifteen `view`s apart). Every
/// page ends with `<PageReady/>`, the marker that its code is live.
macro_rules! screens {
    ($($screen:ident => $page:ident in $chunk:ident),+ $(,)?) => {
        $(
            mod $chunk {
                use super::*;

                #[lazy($chunk)]
                pub fn view() -> AnyView {
                    view! { <$page/> <PageReady/> }.into_any()
                }
            }
        )+

        impl Screen {
            /// The screen's view, once its chunk is here; none for the case list, which is in the
            /// first chunk. One boxed future whichever the screen, so that choosing among fifteen
            /// is a jump rather than fifteen futures compiled into one.
            fn lazy_view(self) -> Option<Pin<Box<dyn Future<Output = AnyView>>>> {
                match self {
                    Screen::CaseList => None,
                    $(Screen::$screen => Some(Box::pin($chunk::view())),)+
                }
            }

            /// Fetches the screen's chunk, as `lazy_view` does before it renders.
            #[cfg(feature = "hydrate")]
            fn lazy_load(self) -> Option<Pin<Box<dyn Future<Output = ()>>>> {
                match self {
                    Screen::CaseList => None,
                    $(Screen::$screen => Some(Box::pin($chunk::__preload_view())),)+
                }
            }
        }
    };
}

/// The router's choice of view: the case list's at once, every other screen's after its chunk.
impl ChooseView for Screen {
    async fn choose(self) -> AnyView {
        match self.lazy_view() {
            Some(view) => view.await,
            None => view! { <CaseListPage/> <PageReady/> }.into_any(),
        }
    }

    /// Fetches the screen's chunk before the router leaves the page on view, so that the old page
    /// stays until the new one can be shown. The server has nothing to fetch.
    async fn preload(&self) {
        #[cfg(feature = "hydrate")]
        if let Some(load) = self.lazy_load() {
            load.await;
        }
    }
}

screens! {
    SignIn => SignInPage in sign_in,
    NewCase => NewCasePage in new_case,
    Case => CasePage in case,
    Documents => DocumentsPage in documents,
    Document => DocumentViewerPage in document,
    Search => SearchPage in search,
    Productions => ProductionsPage in productions,
    Shared => SharedPage in shared,
    People => PeoplePage in people,
    Access => AccessPage in access,
    Permissions => PermissionsPage in permissions,
    Templates => TemplatesPage in templates,
    Defaults => DefaultsPage in defaults,
    Roles => RolesPage in roles,
    Outbox => OutboxPage in outbox,
}

/// A page's path, matched as it is written in `ROUTES`: each `/`-separated part is either text
/// the URL must have there, or `:name`, which takes that segment of the URL as the parameter
/// `name`. What is left of the URL after the pattern is the router's to judge (a page matches
/// only when nothing but a trailing `/` is left).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pattern(pub &'static str);

impl Pattern {
    fn parts(self) -> impl Iterator<Item = &'static str> {
        self.0.split('/').filter(|part| !part.is_empty())
    }
}

impl PossibleRouteMatch for Pattern {
    fn optional(&self) -> bool {
        false
    }

    fn test<'a>(&self, path: &'a str) -> Option<PartialPathMatch<'a>> {
        let mut rest = path;
        let mut params = Vec::new();
        for part in self.parts() {
            let after = rest.strip_prefix('/')?;
            let (segment, tail) = after.split_at(after.find('/').unwrap_or(after.len()));
            match part.strip_prefix(':') {
                Some(name) if !segment.is_empty() => params.push((Cow::Borrowed(name), segment.to_string())),
                None if segment == part => {}
                _ => return None,
            }
            rest = tail;
        }
        Some(PartialPathMatch::new(rest, params, &path[..path.len() - rest.len()]))
    }

    fn generate_path(&self, path: &mut Vec<PathSegment>) {
        path.extend(self.parts().map(|part| match part.strip_prefix(':') {
            Some(name) => PathSegment::Param(name.into()),
            None => PathSegment::Static(part.into()),
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parameters `pattern` takes from `path`.
    fn params(pattern: &'static str, path: &str) -> Vec<(String, String)> {
        let matched = Pattern(pattern).test(path).expect("matches");
        matched.params().into_iter().map(|(k, v)| (k.into_owned(), v)).collect()
    }

    fn param(name: &str, value: &str) -> (String, String) {
        (name.to_string(), value.to_string())
    }

    #[test]
    fn each_path_finds_its_screen() {
        assert_eq!(screen_for("/"), Some(Screen::CaseList));
        assert_eq!(screen_for(""), Some(Screen::CaseList));
        assert_eq!(screen_for("/sign-in"), Some(Screen::SignIn));
        assert_eq!(screen_for("/cases/new"), Some(Screen::NewCase));
        assert_eq!(screen_for("/cases/12"), Some(Screen::Case));
        assert_eq!(screen_for("/cases/12/"), Some(Screen::Case));
        assert_eq!(screen_for("/cases/12/documents"), Some(Screen::Documents));
        assert_eq!(screen_for("/cases/12/documents/7"), Some(Screen::Document));
        assert_eq!(screen_for("/admin/outbox"), Some(Screen::Outbox));
    }

    #[test]
    fn parameters_are_the_segments_under_their_names() {
        assert_eq!(params("/cases/:id", "/cases/12"), vec![param("id", "12")]);
        assert_eq!(
            params("/cases/:id/documents/:doc", "/cases/12/documents/7"),
            vec![param("id", "12"), param("doc", "7")]
        );
        assert_eq!(params("/sign-in", "/sign-in"), vec![]);
    }

    #[test]
    fn other_paths_find_no_screen() {
        for path in ["/nope", "/cases", "/cases/", "/cases//documents", "/cases/1/nope", "/sign-in-now", "/admin"] {
            assert_eq!(screen_for(path), None, "{path}");
        }
    }

    #[test]
    fn every_screen_has_one_path() {
        for (i, (pattern, screen)) in ROUTES.iter().enumerate() {
            assert!(ROUTES[..i].iter().all(|(p, s)| p != pattern && s != screen), "{pattern} twice");
        }
    }

    #[test]
    fn the_server_registers_each_path_as_written() {
        let mut parts = Vec::new();
        Pattern("/cases/:id/documents").generate_path(&mut parts);
        assert_eq!(
            parts,
            vec![
                PathSegment::Static("cases".into()),
                PathSegment::Param("id".into()),
                PathSegment::Static("documents".into())
            ]
        );
    }
}
