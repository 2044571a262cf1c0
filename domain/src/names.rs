//! The names people give what they make in a case (a saved search, a production, a report): one
//! line, trimmed, of at most `MAX_NAME_CHARS` characters.
use crate::ValidationError;

pub const MAX_NAME_CHARS: usize = 100;

/// The name, trimmed; refused when empty, longer than `MAX_NAME_CHARS` or not one line. `what`
/// names the thing in the message: "the search".
pub fn one_line_name(raw: &str, what: &str) -> Result<String, ValidationError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(ValidationError::new("name", format!("Enter a name for {what}.")));
    }
    if name.chars().any(char::is_control) || name.chars().count() > MAX_NAME_CHARS {
        return Err(ValidationError::new(
            "name",
            format!("A name is one line of at most {MAX_NAME_CHARS} characters."),
        ));
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A name kept is the input trimmed, non-empty, one line and within the limit.
        #[test]
        fn a_kept_name_is_one_trimmed_line(raw in "\\PC{0,120}|[ a-z\\n\\t]{0,10}") {
            match one_line_name(&raw, "it") {
                Ok(name) => {
                    prop_assert_eq!(name.as_str(), raw.trim());
                    prop_assert!(!name.is_empty() && name.chars().count() <= MAX_NAME_CHARS);
                    prop_assert!(!name.chars().any(char::is_control));
                }
                Err(e) => prop_assert_eq!(e.field, "name"),
            }
        }
    }
}
