//! The one JSON encoding of every server function, asked and answered, and of the data a page's
//! resources carry from the server into the browser (`crate::server_data`).
//!
//! On the server, serde_json reads and writes it. In the browser the browser's own parser reads it
//! (`JSON.parse`) and writes it (`JSON.stringify`), and serde-wasm-bindgen turns the parsed value
//! into Rust types and back: serde_json's parser and formatter, and every type's `Deserialize`
//! compiled against them, stay out of the WASM. The wire format is the same JSON either way.
//!
//! One reader for both: server_fn's own `Json` read answers with `serde_json::from_slice` while
//! resources read with `from_str`, and each type read both ways was in the WASM twice.
use leptos::server::codee::{Decoder, Encoder};
use leptos::server_fn::codec::Post;
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use json::JsonError;

/// JSON in a request's or an answer's body, or in a resource's data sent with the page.
pub struct JsonText;

impl ContentType for JsonText {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonText {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonText {
    type Error = JsonError;

    fn encode(output: &T) -> Result<Bytes, JsonError> {
        json::to_string(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonText {
    type Error = JsonError;

    fn decode(bytes: Bytes) -> Result<T, JsonError> {
        json::from_str(std::str::from_utf8(&bytes).map_err(json::not_text)?)
    }
}

impl<T: Serialize> Encoder<T> for JsonText {
    type Error = JsonError;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, JsonError> {
        json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for JsonText {
    type Error = JsonError;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, JsonError> {
        json::from_str(text)
    }
}

/// Arguments and answers as JSON in the body of a `POST`.
pub type Json = Post<JsonText>;

/// JSON text from and to Rust values: serde_json's, on the server and in native tests.
#[cfg(not(target_arch = "wasm32"))]
pub mod json {
    use serde::Serialize;
    use serde::de::{DeserializeOwned, Error as _};

    pub type JsonError = serde_json::Error;

    pub fn to_string<T: Serialize>(value: &T) -> Result<String, JsonError> {
        serde_json::to_string(value)
    }

    pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
        serde_json::from_str(text)
    }

    pub fn not_text(e: std::str::Utf8Error) -> JsonError {
        JsonError::custom(e)
    }
}

/// JSON text from and to Rust values: the browser's, in the WASM.
#[cfg(target_arch = "wasm32")]
pub mod json {
    use serde::Serialize;
    use serde::de::DeserializeOwned;

    /// Text that is not JSON, or JSON that is not the value expected. Which of the two, and where,
    /// is left out: the server never sends either, and each would cost the bundle its messages.
    #[derive(Debug)]
    pub struct JsonError;

    impl std::fmt::Display for JsonError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("the data is not the JSON expected")
        }
    }

    pub fn to_string<T: Serialize>(value: &T) -> Result<String, JsonError> {
        // JSON's own shapes: maps as objects, absent values as null, integers as numbers.
        let value = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|_| JsonError)?;
        js_sys::JSON::stringify(&value).map(String::from).map_err(|_| JsonError)
    }

    pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
        let value = js_sys::JSON::parse(text).map_err(|_| JsonError)?;
        serde_wasm_bindgen::from_value(value).map_err(|_| JsonError)
    }

    pub fn not_text(_: std::str::Utf8Error) -> JsonError {
        JsonError
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_it_writes() {
        let bytes = <JsonText as Encodes<Vec<(i64, String)>>>::encode(&vec![(1, "Smith".to_string())]).unwrap();
        let back: Vec<(i64, String)> = <JsonText as Decodes<_>>::decode(bytes).unwrap();
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
