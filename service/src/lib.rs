//! Caseward's use cases over the database. Each public function that changes something runs in
//! one transaction: it loads the facts through the access gate (`access`), asks the domain's
//! decision, writes the plan with its audit entry and emails, and commits.
//!
//! Resource modules (`accounts`, `cases`, `members`, `groups`, `domains`, `requests`, `roles`,
//! `directory`, `folders`, `documents`, `tags`, `saved_searches`, `annotations`) depend on the shared ones (`access`, `audit`, `outbox`,
//! `blobs`, `extract`, `tokens`, `db`, `error`) and never on each other.

pub(crate) mod access;
pub mod accounts;
pub mod annotations;
pub mod audit;
pub mod blobs;
pub mod cases;
pub mod db;
pub mod demo;
pub mod directory;
pub mod documents;
pub mod domains;
pub mod error;
mod extract;
pub mod folders;
pub mod groups;
pub mod members;
pub mod outbox;
pub mod policy;
pub mod productions;
pub mod reports;
pub mod requests;
pub mod roles;
pub mod saved_searches;
pub mod tags;
pub mod templates;
#[cfg(feature = "testing")]
pub mod testing;
mod tokens;

pub use db::{Backend, Db};
pub use domain::accounts::Actor;
pub use error::ServiceError;

/// Brings a connected database to what this version of Caseward expects, once at start-up: the
/// built-in roles as `domain` defines them, and no custom role holding what only ownership gives
/// (one stored before that rule).
pub async fn start(db: &Db) -> error::Result<()> {
    roles::sync_built_ins(db, now()).await?;
    roles::strip_ownership_only(db).await
}

/// The current instant; use cases take `now` as an argument so tests can fix it.
pub fn now() -> domain::Timestamp {
    domain::Timestamp(chrono::Utc::now().timestamp_millis())
}
