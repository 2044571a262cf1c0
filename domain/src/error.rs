use serde::{Deserialize, Serialize};

/// Input that a person must correct: which field, and a message they can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct ValidationError {
    pub field: String,
    pub message: String,
}

impl ValidationError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self { field: field.to_string(), message: message.into() }
    }
}

/// Why a decision refused a change. Every `decide_*` function answers with one; the service maps
/// each kind to one status, once.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The actor may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// Allowed, but only once the actor confirms they mean it.
    #[error("{0}")]
    NeedsConfirmation(String),
    /// The input must be corrected.
    #[error("{0}")]
    Invalid(#[from] ValidationError),
    /// The change clashes with what is there: access already held, a request already pending,
    /// a change made meanwhile.
    #[error("{message}")]
    Conflict { field: Option<String>, message: String },
    /// What the change is about does not exist (or is not there any more).
    #[error("{0}")]
    NotFound(String),
}

impl Refusal {
    pub fn conflict(field: Option<&str>, message: impl Into<String>) -> Refusal {
        Refusal::Conflict { field: field.map(str::to_string), message: message.into() }
    }
}
