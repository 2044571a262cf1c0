//! Caseward's use cases over the database. Each public function that changes something runs in
//! one transaction that checks the actor's access through `domain`, writes the change, and commits.

pub(crate) mod access;
pub mod accounts;
pub mod audit;
pub mod cases;
pub mod db;
pub mod demo;
pub mod directory;
pub mod domains;
pub mod error;
pub mod groups;
pub mod members;
pub mod outbox;
pub mod requests;
pub mod roles;
#[cfg(feature = "testing")]
pub mod testing;

pub use accounts::CurrentUser;
pub use db::{Backend, Db};
pub use error::ServiceError;

/// The current instant; use cases take `now` as an argument so tests can fix it.
pub fn now() -> domain::Timestamp {
    domain::Timestamp(chrono::Utc::now().timestamp_millis())
}
