//! The text of an uploaded document, read once at upload and kept for search (issue 11). Text and
//! HTML are read directly (HTML without its tags, scripts and styles); PDFs through `pdf-extract`.
//! A document whose text cannot be read is marked so; its upload still succeeds.
use domain::documents::{Presentation, TextStatus, kind_of};
use std::path::Path;

/// Text beyond this many bytes is not kept: search needs the words, not every copy of them.
const MAX_TEXT_BYTES: usize = 8 * 1024 * 1024;
/// PDFs are parsed in memory; larger ones are marked as not extracted rather than risk the server.
const MAX_PDF_BYTES: u64 = 128 * 1024 * 1024;

/// The text of the staged file at `path`, named `name`, and whether it could be read.
pub(crate) async fn text_of(path: &Path, name: &str, size: u64) -> (TextStatus, Option<String>) {
    let path = path.to_path_buf();
    let name = name.to_string();
    // Parsing is CPU work (and a malformed PDF may make the parser panic): off the async threads,
    // where a panic is caught as an error.
    match tokio::task::spawn_blocking(move || extract(&path, &name, size)).await {
        Ok(result) => result,
        Err(e) => {
            tracing::warn!(error = %e, "text extraction failed");
            (TextStatus::Failed, None)
        }
    }
}

fn extract(path: &Path, name: &str, size: u64) -> (TextStatus, Option<String>) {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let text = match (kind_of(name).1, extension.as_str()) {
        (Presentation::Pdf, _) if size > MAX_PDF_BYTES => None,
        (Presentation::Pdf, _) => pdf_extract::extract_text(path).ok(),
        (Presentation::Text, "html" | "htm") => read_prefix(path).map(|html| strip_tags(&html)),
        (Presentation::Text, _) => read_prefix(path),
        _ => return (TextStatus::None, None),
    };
    match text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
        Some(text) => (TextStatus::Extracted, Some(text)),
        None => (TextStatus::Failed, None),
    }
}

/// The first `MAX_TEXT_BYTES` of a file as text (invalid UTF-8 replaced, not refused).
fn read_prefix(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path).ok()?.take(MAX_TEXT_BYTES as u64).read_to_end(&mut bytes).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// The words of an HTML page: tags, comments, scripts and styles dropped, entities kept as typed
/// except the common five.
pub(crate) fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len() / 2);
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while at < html.len() {
        let rest = &lower[at..];
        if rest.starts_with("<script") || rest.starts_with("<style") {
            let closing = if rest.starts_with("<script") { "</script" } else { "</style" };
            at = rest.find(closing).map(|i| at + i + closing.len()).unwrap_or(html.len());
            at = lower[at..].find('>').map(|i| at + i + 1).unwrap_or(html.len());
        } else if rest.starts_with("<!--") {
            at = rest.find("-->").map(|i| at + i + 3).unwrap_or(html.len());
        } else if rest.starts_with('<') {
            at = rest.find('>').map(|i| at + i + 1).unwrap_or(html.len());
            text.push(' ');
        } else {
            let next = rest.find('<').map(|i| at + i).unwrap_or(html.len());
            text.push_str(&html[at..next]);
            at = next;
        }
    }
    let text = text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"");
    let text = text.replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_keeps_its_words_only() {
        let html = "<html><head><style>p{color:red}</style><script>alert('x<y')</script></head>\
                    <body><!-- note --><p>R v Smith &amp; Jones</p><p>Exhibit&nbsp;4</p></body></html>";
        assert_eq!(strip_tags(html), "R v Smith & Jones Exhibit 4");
    }

    #[test]
    fn text_kinds_are_read_and_others_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("a");
        std::fs::write(&text, "Witness statement").unwrap();
        assert_eq!(extract(&text, "statement.txt", 17), (TextStatus::Extracted, Some("Witness statement".into())));
        assert_eq!(extract(&text, "photo.png", 17), (TextStatus::None, None));
        std::fs::write(&text, "not a pdf").unwrap();
        assert_eq!(extract(&text, "broken.pdf", 9).0, TextStatus::Failed);
    }
}
