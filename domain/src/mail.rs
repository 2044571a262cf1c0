//! Emails: the outbox as system administrators read it, and when a failed email is tried again
//! (SPEC §9: delivered with retries, never lost).
use crate::Timestamp;
use serde::{Deserialize, Serialize};

/// An email in the outbox, as system administrators read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxEmail {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub created_at: Timestamp,
    pub attempts: i64,
    pub sent_at: Option<Timestamp>,
    /// Set when the mail server refused the email for good; it stays here, never deleted.
    pub failed_at: Option<Timestamp>,
    pub last_error: Option<String>,
}

/// The first retry comes this long after a failure.
pub const FIRST_RETRY_MS: i64 = 30_000;
/// Retries never wait longer than this, however many attempts failed: an email held back by a
/// long SMTP outage goes out within an hour of the server's return.
pub const MAX_RETRY_MS: i64 = 60 * 60 * 1000;

/// How long to wait before the next attempt after `attempts` failed ones (1 or more): 30 s,
/// doubling each time, capped at an hour.
pub fn retry_delay_ms(attempts: i64) -> i64 {
    let doublings = attempts.clamp(1, 64) - 1;
    if doublings >= 20 {
        return MAX_RETRY_MS;
    }
    (FIRST_RETRY_MS << doublings).min(MAX_RETRY_MS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn starts_at_thirty_seconds_and_doubles() {
        assert_eq!(retry_delay_ms(1), 30_000);
        assert_eq!(retry_delay_ms(2), 60_000);
        assert_eq!(retry_delay_ms(3), 120_000);
        assert_eq!(retry_delay_ms(8), MAX_RETRY_MS);
    }

    proptest! {
        #[test]
        fn never_shrinks_and_stays_within_bounds(n in i64::MIN..i64::MAX) {
            let d = retry_delay_ms(n);
            prop_assert!((FIRST_RETRY_MS..=MAX_RETRY_MS).contains(&d));
            prop_assert!(retry_delay_ms(n.saturating_add(1)) >= d);
        }
    }
}
