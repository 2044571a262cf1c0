//! The one JSON encoding of every server function, asked and answered.
//!
//! server_fn's own `Json` reads an answer with `serde_json::from_slice`, while a resource that
//! hydrates reads the server's data with `serde_json::from_str`. Each reader is a separate
//! instance of serde_json's parser and of every type's `Deserialize` with it, so a type read both
//! ways (the signed-in user, the case list, `AppError`) was in the WASM twice. This encoding reads
//! with `from_str` as resources do: one instance of each. The wire format is unchanged.
use leptos::server_fn::codec::Post;
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use serde::Serialize;
use serde::de::{DeserializeOwned, Error as _};

/// JSON in a request's or an answer's body, read from text.
pub struct JsonText;

impl ContentType for JsonText {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonText {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonText {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonText {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        let text = std::str::from_utf8(&bytes).map_err(serde_json::Error::custom)?;
        serde_json::from_str(text)
    }
}

/// Arguments and answers as JSON in the body of a `POST`.
pub type Json = Post<JsonText>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_it_writes() {
        let bytes = <JsonText as Encodes<Vec<(i64, String)>>>::encode(&vec![(1, "Smith".to_string())]).unwrap();
        let back: Vec<(i64, String)> = JsonText::decode(bytes).unwrap();
        assert_eq!(back, vec![(1, "Smith".to_string())]);
    }

    /// A server function left on server_fn's own `Json` would bring the second parser back.
    #[test]
    fn every_server_function_answers_in_this_encoding() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/src/server_fns");
        let mut seen = 0;
        for file in std::fs::read_dir(folder).unwrap() {
            let path = file.unwrap().path();
            if path.ends_with("codec.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for line in text.lines().filter(|l| l.trim_start().starts_with("#[server(") && !l.contains("default)]")) {
                seen += 1;
                assert!(line.contains("output = Json"), "{}: {line}", path.display());
            }
            assert!(!text.contains("server_fn::codec::Json"), "{} uses server_fn's Json", path.display());
        }
        assert!(seen > 50, "found only {seen} server functions in {folder}");
    }

    #[test]
    fn refuses_bytes_that_are_not_text_or_not_json() {
        assert!(<JsonText as Decodes<i64>>::decode(Bytes::from_static(b"\xff\xfe")).is_err());
        assert!(<JsonText as Decodes<i64>>::decode(Bytes::from_static(b"{\"a\":")).is_err());
    }
}
