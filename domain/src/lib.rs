//! Caseward's rules, with no IO: identifiers, validated input, the capability catalogue and the
//! access decision. Everything here compiles to WASM as well, so the browser can mirror the rules
//! the server enforces.

pub mod access;
pub mod cases;
pub mod directory;
pub mod error;
pub mod ids;
pub mod mail;
pub mod time;
pub mod views;

pub use error::ValidationError;
pub use ids::{CaseId, DefendantId, OfficeId, OrganisationId, UserId};
pub use time::Timestamp;
