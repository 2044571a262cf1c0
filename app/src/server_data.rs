//! What a page reads from the server: loaded there while the page renders, sent with the page, and
//! read again in the browser when it hydrates. Every page loads through `server_data`, so that
//! all of it travels in the one JSON encoding of `server_fns::codec`, read in the browser by its
//! own JSON parser: Leptos's `Resource::new` would read it with serde_json, and bring serde_json's
//! parser and a second `Deserialize` of every type into the WASM.
use crate::server_fns::codec::JsonText;
use leptos::prelude::Resource;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Data from the server, as a page holds it.
pub type ServerData<T> = Resource<T, JsonText>;

/// Loads `fetcher(source())` now, and again whenever `source` changes.
#[track_caller]
pub fn server_data<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> ServerData<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: Clone + PartialEq + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

#[cfg(test)]
mod tests {
    /// A page that made its resource with Leptos's `Resource::new` would bring serde_json's
    /// parser back into the WASM, with a second `Deserialize` of what it reads.
    #[test]
    fn every_page_loads_through_server_data() {
        fn visit(dir: &std::path::Path, seen: &mut usize) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    visit(&path, seen);
                } else if !path.ends_with("server_data.rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    assert!(!text.contains("Resource::new"), "{} makes a resource of its own", path.display());
                    *seen += text.matches("server_data(").count();
                }
            }
        }
        let mut seen = 0;
        visit(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")), &mut seen);
        assert!(seen > 30, "found only {seen} uses of server_data");
    }
}
