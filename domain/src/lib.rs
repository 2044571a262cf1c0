//! Caseward's rules, with no IO: identifiers, validated input, the capability catalogue, the
//! access decision, and one module per resource with its wire shapes and its `decide_*`
//! functions. Everything here compiles to WASM as well, so the browser can mirror the rules the
//! server enforces.

pub mod access;
pub mod accounts;
pub mod annotations;
pub mod cases;
pub mod csv;
pub mod directory;
pub mod documents;
pub mod domains;
pub mod error;
pub mod folders;
pub mod groups;
pub mod ids;
pub mod mail;
pub mod members;
pub mod names;
pub mod paging;
pub mod policy;
pub mod productions;
pub mod reports;
pub mod requests;
pub mod saved_searches;
pub mod search;
pub mod tags;
pub mod templates;
#[cfg(test)]
mod testing;
pub mod time;
pub mod wording;

pub use error::{Refusal, ValidationError};
pub use ids::{
    AnnotationId, CaseId, DefendantId, DocumentId, FolderId, OfficeId, OrganisationId, ProductionId, ReportId,
    SavedSearchId, ShareId, TagId, UserId,
};
pub use time::Timestamp;
