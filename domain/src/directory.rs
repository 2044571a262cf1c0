//! The directory of SPEC.md §1: organisations, communities, account types, and the parsing of the
//! emails, domains, names and passwords people type.
use crate::access::roles::Role;
use crate::{OfficeId, OrganisationId, UserId, ValidationError};
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal / $label:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The value stored in the database and sent over the wire.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            /// What a person reads.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),* }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)* _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

string_enum!(
    /// What kind of body an organisation is; decides e.g. whether its domain may be granted (R5).
    OrganisationKind {
        Prosecution => "prosecution" / "Prosecution",
        DefenceFirm => "defence_firm" / "Defence firm",
        Chambers => "chambers" / "Chambers",
        Court => "court" / "Court",
        Police => "police" / "Police",
        Probation => "probation" / "Probation",
        Other => "other" / "Other",
    }
);

string_enum!(
    /// The community a usual role belongs to; the invite dialog offers that community's roles.
    Community {
        Prosecution => "prosecution" / "Prosecution",
        Defence => "defence" / "Defence",
        Court => "court" / "Court",
        Other => "other" / "Other",
    }
);

string_enum!(
    AccountType {
        Manager => "manager" / "Manager",
        Uploader => "uploader" / "Uploader",
        Standard => "standard" / "Standard",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationRef {
    pub id: OrganisationId,
    pub name: String,
    pub kind: OrganisationKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Office {
    pub id: OfficeId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRef {
    pub id: UserId,
    pub name: String,
    pub email: String,
}

/// A directory entry for the add-user type-ahead, with the roles the invite dialog offers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryUser {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub organisation: Option<String>,
    pub usual_role: Option<String>,
    pub community: Option<Community>,
    pub offered_roles: Vec<Role>,
}

/// The longest message a person may send with an invitation, a request or a refusal.
pub const MAX_MESSAGE_CHARS: usize = 2000;

/// A message one person writes to another (an invitation's note, a request, a reason for a
/// refusal): trimmed, at most `MAX_MESSAGE_CHARS`; empty when nothing was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message(String);

impl Message {
    /// `field` names the input, so that a form shows the error in place.
    pub fn parse(field: &str, input: Option<&str>) -> Result<Message, ValidationError> {
        let text = input.unwrap_or_default().trim();
        if text.chars().count() > MAX_MESSAGE_CHARS {
            return Err(ValidationError::new(
                field,
                format!("A message is at most {MAX_MESSAGE_CHARS} characters long."),
            ));
        }
        Ok(Message(text.to_string()))
    }

    /// As `parse`, for a message that must say something (the reason for denying a request).
    pub fn parse_required(field: &str, input: &str, missing: &str) -> Result<Message, ValidationError> {
        let message = Message::parse(field, Some(input))?;
        if message.is_empty() {
            return Err(ValidationError::new(field, missing));
        }
        Ok(message)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// None when nothing was written.
    pub fn into_option(self) -> Option<String> {
        (!self.0.is_empty()).then_some(self.0)
    }
}

const MAX_EMAIL_LEN: usize = 254;

/// An email address that has passed the checks a person can be told about. It keeps the spelling
/// it was typed with; `key()` is the case-insensitive form used for uniqueness and look-ups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let text = input.trim();
        let invalid = |why: &str| {
            ValidationError::new("email", format!("Enter a valid email address, like name@example.org: {why}."))
        };
        if text.is_empty() {
            return Err(ValidationError::new("email", "Enter an email address."));
        }
        if text.len() > MAX_EMAIL_LEN {
            return Err(invalid("it is longer than 254 characters"));
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid("it contains a space"));
        }
        let Some((local, domain)) = text.rsplit_once('@') else {
            return Err(invalid("it has no @"));
        };
        if local.is_empty() || local.contains('@') || local.len() > 64 {
            return Err(invalid("the part before the @ is missing or malformed"));
        }
        DomainName::parse(domain).map_err(|_| invalid("the part after the @ is not a domain name"))?;
        Ok(Email(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form compared for uniqueness: emails are equal whatever their letter case.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }

    pub fn domain(&self) -> DomainName {
        let domain = self.0.rsplit_once('@').map(|(_, d)| d).unwrap_or_default();
        DomainName(domain.to_lowercase())
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A lower-case DNS name such as `swatham.cjsm.net` (a leading `@` is accepted and dropped).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DomainName(String);

impl DomainName {
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let text = input.trim().trim_start_matches('@').to_lowercase();
        let err = |m: &str| ValidationError::new("domain", m.to_string());
        if text.is_empty() {
            return Err(err("Enter the part of the email address after the @, like firm.cjsm.net."));
        }
        if text.len() > 253 {
            return Err(err("A domain name is at most 253 characters long."));
        }
        let labels: Vec<&str> = text.split('.').collect();
        if labels.len() < 2 {
            return Err(err("A domain name has at least two parts separated by a dot, like firm.cjsm.net."));
        }
        for label in &labels {
            let ok = !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            if !ok {
                return Err(err("A domain name holds only letters, digits, hyphens and dots, like firm.cjsm.net."));
            }
        }
        Ok(DomainName(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DomainName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A person's display name: trimmed, 1 to 120 characters.
pub fn parse_display_name(input: &str) -> Result<String, ValidationError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(ValidationError::new("name", "Enter the person's name."));
    }
    if text.chars().count() > 120 {
        return Err(ValidationError::new("name", "A name is at most 120 characters long."));
    }
    Ok(text.to_string())
}

pub const MIN_PASSWORD_CHARS: usize = 10;
/// Hashing cost grows with length; a bound keeps a huge password from becoming a denial of service.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// A password chosen for a new account (sign-in accepts whatever was set; it only caps the size).
pub fn check_new_password(password: &str) -> Result<(), ValidationError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ValidationError::new(
            "password",
            format!("Choose a password of at least {MIN_PASSWORD_CHARS} characters."),
        ));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(ValidationError::new("password", "A password is at most 1024 bytes long."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_ordinary_addresses_and_keeps_their_spelling() {
        let email = Email::parse("  Alice@CPS.example.cjsm.net ").unwrap();
        assert_eq!(email.as_str(), "Alice@CPS.example.cjsm.net");
        assert_eq!(email.key(), "alice@cps.example.cjsm.net");
        assert_eq!(email.domain().as_str(), "cps.example.cjsm.net");
    }

    #[test]
    fn refuses_malformed_addresses_with_a_reason() {
        for bad in ["", "alice", "alice@", "@cps.net", "a b@cps.net", "alice@cps", "alice@-cps.net", "alice@cps..net"] {
            let err = Email::parse(bad).unwrap_err();
            assert_eq!(err.field, "email");
            assert!(!err.message.is_empty(), "{bad}");
        }
    }

    #[test]
    fn domains_accept_a_leading_at_and_fold_case() {
        assert_eq!(DomainName::parse("@Swatham.CJSM.net").unwrap().as_str(), "swatham.cjsm.net");
        assert!(DomainName::parse("localhost").is_err());
        assert!(DomainName::parse("exa_mple.com").is_err());
    }

    #[test]
    fn enums_round_trip_through_their_stored_text() {
        for kind in OrganisationKind::ALL {
            assert_eq!(OrganisationKind::parse(kind.as_str()), Some(*kind));
        }
        for c in Community::ALL {
            assert_eq!(Community::parse(c.as_str()), Some(*c));
        }
        for a in AccountType::ALL {
            assert_eq!(AccountType::parse(a.as_str()), Some(*a));
        }
    }

    #[test]
    fn messages_are_trimmed_and_bounded_and_a_required_one_must_say_something() {
        assert_eq!(Message::parse("message", Some("  hello ")).unwrap().as_str(), "hello");
        assert!(Message::parse("message", None).unwrap().is_empty());
        assert_eq!(Message::parse("message", Some(&"x".repeat(2001))).unwrap_err().field, "message");
        assert!(Message::parse("message", Some(&"é".repeat(2000))).is_ok(), "characters are counted, not bytes");
        assert_eq!(Message::parse_required("reason", "  ", "Say why.").unwrap_err().message, "Say why.");
    }

    #[test]
    fn passwords_need_ten_characters() {
        assert!(check_new_password("short").is_err());
        assert!(check_new_password("caseward-demo").is_ok());
        assert!(check_new_password(&"x".repeat(2000)).is_err());
    }

    proptest! {
        #[test]
        fn accepted_messages_are_trimmed_and_within_the_bound(text in "\\PC{0,2100}") {
            match Message::parse("message", Some(&text)) {
                Ok(m) => {
                    prop_assert_eq!(m.as_str(), text.trim());
                    prop_assert!(m.as_str().chars().count() <= MAX_MESSAGE_CHARS);
                }
                Err(e) => prop_assert!(text.trim().chars().count() > MAX_MESSAGE_CHARS && e.field == "message"),
            }
        }

        #[test]
        fn email_keys_ignore_case(local in "[a-zA-Z0-9._%+-]{1,20}", domain in "[a-zA-Z0-9]{1,10}\\.[a-zA-Z]{2,6}") {
            let lower = Email::parse(&format!("{}@{}", local.to_lowercase(), domain.to_lowercase())).unwrap();
            let mixed = Email::parse(&format!("{local}@{domain}")).unwrap();
            prop_assert_eq!(lower.key(), mixed.key());
        }

        #[test]
        fn parsing_never_panics_and_accepted_emails_reparse(input in "\\PC{0,80}") {
            if let Ok(email) = Email::parse(&input) {
                prop_assert_eq!(Email::parse(email.as_str()).unwrap(), email);
            }
        }

        #[test]
        fn accepted_domains_are_lower_case_and_idempotent(input in "[a-zA-Z0-9.@-]{0,40}") {
            if let Ok(d) = DomainName::parse(&input) {
                prop_assert_eq!(d.as_str().to_lowercase(), d.as_str());
                prop_assert_eq!(DomainName::parse(d.as_str()).unwrap(), d);
            }
        }
    }
}
