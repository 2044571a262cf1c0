//! The one error type the browser and API clients see. Built once from a service error at the
//! boundary; 5xx details go to the log, never into the message.
use crate::server_fns::codec::JsonText;
use domain::access::denied::AccessDenied;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    BadRequest,
    Unauthenticated,
    Forbidden,
    NotFound,
    Conflict,
    /// Allowed, once the person confirms: the request is sent again with the confirmation set.
    ConfirmationRequired,
    PayloadTooLarge,
    /// A byte range outside the file (a download's `Range` header).
    RangeNotSatisfiable,
    Validation,
    TooManyRequests,
    Internal,
}

impl ErrorCode {
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::BadRequest => 400,
            ErrorCode::Unauthenticated => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::Conflict | ErrorCode::ConfirmationRequired => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::RangeNotSatisfiable => 416,
            ErrorCode::Validation => 422,
            ErrorCode::TooManyRequests => 429,
            ErrorCode::Internal => 500,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    /// The input field the message is about, for forms to show it in place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For `forbidden` on a case: who can grant access and which groups have it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_denied: Option<Box<AccessDenied>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<i64>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError { code, message: message.into(), field: None, access_denied: None, retry_after_secs: None }
    }

    pub fn unauthenticated() -> Self {
        AppError::new(ErrorCode::Unauthenticated, "Sign in to continue.")
    }

    /// The message for a field, if this error is about that field.
    pub fn for_field(&self, field: &str) -> Option<String> {
        (self.field.as_deref() == Some(field)).then(|| self.message.clone())
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonText;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) => AppError::new(
                ErrorCode::Internal,
                "Caseward could not be reached. Check your connection and try again.",
            ),
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                AppError::new(ErrorCode::BadRequest, "The request was malformed. Reload the page and try again.")
            }
            _ => AppError::new(ErrorCode::Internal, "Something went wrong on our side. Try again in a moment."),
        }
    }
}

#[cfg(feature = "ssr")]
mod server {
    use super::{AppError, ErrorCode};
    use axum::http::{HeaderValue, StatusCode, header};
    use axum::response::{IntoResponse, Response};
    use service::ServiceError;

    impl From<ServiceError> for AppError {
        fn from(error: ServiceError) -> Self {
            let message = error.to_string();
            match error {
                ServiceError::Validation(v) => {
                    AppError { field: Some(v.field), ..AppError::new(ErrorCode::Validation, v.message) }
                }
                ServiceError::InvalidCredentials | ServiceError::Unauthenticated => {
                    AppError::new(ErrorCode::Unauthenticated, message)
                }
                ServiceError::TooManyAttempts { retry_after_secs } => AppError {
                    retry_after_secs: Some(retry_after_secs),
                    ..AppError::new(ErrorCode::TooManyRequests, message)
                },
                ServiceError::Forbidden(m) => AppError::new(ErrorCode::Forbidden, m),
                ServiceError::AccessDenied(denied) => {
                    AppError { access_denied: Some(denied), ..AppError::new(ErrorCode::Forbidden, message) }
                }
                ServiceError::NotFound(m) => AppError::new(ErrorCode::NotFound, m),
                ServiceError::Conflict { field, message } => {
                    AppError { field, ..AppError::new(ErrorCode::Conflict, message) }
                }
                ServiceError::NeedsConfirmation(m) => AppError::new(ErrorCode::ConfirmationRequired, m),
                ServiceError::TooLarge(m) => AppError::new(ErrorCode::PayloadTooLarge, m),
                ServiceError::Internal(detail) => {
                    tracing::error!(%detail, "internal error");
                    AppError::new(ErrorCode::Internal, "Something went wrong on our side. Try again in a moment.")
                }
            }
        }
    }

    /// The REST form: `{"error": {"code", "message", …}}` with the matching status.
    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            let status = StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let retry_after = self.retry_after_secs;
            let mut response = (status, axum::Json(serde_json::json!({ "error": self }))).into_response();
            if let Some(secs) = retry_after.and_then(|s| HeaderValue::from_str(&s.to_string()).ok()) {
                response.headers_mut().insert(header::RETRY_AFTER, secs);
            }
            response
        }
    }
}
