use serde::{Deserialize, Serialize};

/// An instant, in milliseconds since the Unix epoch (UTC). Expiry is decided to the millisecond,
/// and integers compare the same way on SQLite and PostgreSQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn plus_seconds(self, seconds: i64) -> Self {
        Timestamp(self.0 + seconds * 1000)
    }

    /// The UTC calendar date and time, e.g. `2026-11-22 14:05 UTC`.
    pub fn display(self) -> String {
        match chrono::DateTime::from_timestamp_millis(self.0) {
            Some(t) => t.format("%-d %b %Y, %H:%M UTC").to_string(),
            None => "—".to_string(),
        }
    }

    /// The UTC calendar date, e.g. `22 Nov 2026`.
    pub fn display_date(self) -> String {
        match chrono::DateTime::from_timestamp_millis(self.0) {
            Some(t) => t.format("%-d %b %Y").to_string(),
            None => "—".to_string(),
        }
    }
}
