//! How long browsers may keep each answer. Hashed site files (cargo-leptos `hash-files`: the name
//! carries the MD5 of the content, so a new build gets a new name) are kept for a year and never
//! revalidated; anything else of the site is revalidated on every use (`no-cache`), so that a new
//! build's HTML names its new files at once; API answers hold case data and are never stored.
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const REVALIDATE: &str = "no-cache";
pub const PRIVATE: &str = "no-store";

/// Sets `Cache-Control` on every answer that did not set its own.
pub async fn cache_control(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let ok = response.status().is_success() || response.status() == axum::http::StatusCode::NOT_MODIFIED;
    let policy = if path.starts_with("/api/") {
        PRIVATE
    } else if ok && is_hashed_asset(&path) {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    response.headers_mut().entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static(policy));
    response
}

/// `/pkg/caseward.<hash>.wasm` and the like: a file whose name has a part of 22 URL-safe base64
/// characters (an unpadded MD5), the way cargo-leptos names what it hashes. The unhashed
/// placeholder `__wasm_split.______________________.js` is not one.
pub fn is_hashed_asset(path: &str) -> bool {
    let Some(name) = path.strip_prefix("/pkg/") else { return false };
    if name.contains('/') {
        return false;
    }
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts[1..parts.len() - 1].iter().any(|part| {
            part.len() == 22
                && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                && part.bytes().any(|b| b != b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn only_names_carrying_a_content_hash_are_hashed() {
        assert!(is_hashed_asset("/pkg/caseward.Xk3_9aZ-0bQwErTyUiOpAs.wasm"));
        assert!(is_hashed_asset("/pkg/caseward.Xk3_9aZ-0bQwErTyUiOpAs.wasm.br"));
        assert!(is_hashed_asset("/pkg/__wasm_split.Xk3_9aZ-0bQwErTyUiOpAs.js"));
        assert!(!is_hashed_asset("/pkg/caseward.wasm"), "an unhashed build");
        assert!(!is_hashed_asset("/pkg/__wasm_split.______________________.js"), "the placeholder");
        assert!(!is_hashed_asset("/pkg/caseward.short.wasm"));
        assert!(!is_hashed_asset("/favicon.Xk3_9aZ-0bQwErTyUiOpAs.ico"), "outside the package directory");
        assert!(!is_hashed_asset("/pkg/a/caseward.Xk3_9aZ-0bQwErTyUiOpAs.wasm"));
    }
}
