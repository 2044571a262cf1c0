use domain::Refusal;
use domain::ValidationError;
use domain::access::denied::AccessDenied;

/// Every way a use case can fail. The web layer maps each to one status code, once.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("{0}")]
    Validation(#[from] ValidationError),
    /// Deliberately the same whether the email exists or the password is wrong.
    #[error("The email address or password is not right.")]
    InvalidCredentials,
    #[error("Sign in to continue.")]
    Unauthenticated,
    #[error("Too many failed sign-in attempts for this account. Try again in {}.", domain::wording::count((retry_after_secs + 59) / 60, "minute", "minutes"))]
    TooManyAttempts { retry_after_secs: i64 },
    #[error("{0}")]
    Forbidden(String),
    #[error("You do not have access to case {}.", .0.reference)]
    AccessDenied(Box<AccessDenied>),
    #[error("{0}")]
    NotFound(String),
    #[error("{message}")]
    Conflict { field: Option<String>, message: String },
    /// A body over a limit; the message says the limit.
    #[error("{0}")]
    TooLarge(String),
    /// Allowed once the actor confirms (resend with the confirmation flag set).
    #[error("{0}")]
    NeedsConfirmation(String),
    /// Details go to the log only; people are told that something went wrong on our side.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<sqlx::Error> for ServiceError {
    fn from(error: sqlx::Error) -> Self {
        ServiceError::Internal(format!("database: {error}"))
    }
}

impl From<sqlx::migrate::MigrateError> for ServiceError {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        ServiceError::Internal(format!("migration: {error}"))
    }
}

pub type Result<T> = std::result::Result<T, ServiceError>;

/// True when the database refused a row because it would break a UNIQUE constraint.
fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// A write's result, with a UNIQUE violation turned into the use case's own refusal (a taken
/// name, a request already pending, a grant someone made a moment ago).
pub(crate) fn unless_unique<T>(
    result: std::result::Result<T, sqlx::Error>,
    refusal: impl FnOnce() -> ServiceError,
) -> Result<T> {
    match result {
        Err(e) if is_unique_violation(&e) => Err(refusal()),
        other => Ok(other?),
    }
}

impl From<Refusal> for ServiceError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Forbidden(message) => ServiceError::Forbidden(message),
            Refusal::Invalid(v) => ServiceError::Validation(v),
            Refusal::NeedsConfirmation(message) => ServiceError::NeedsConfirmation(message),
            Refusal::Conflict { field, message } => ServiceError::Conflict { field, message },
            Refusal::NotFound(message) => ServiceError::NotFound(message),
        }
    }
}
