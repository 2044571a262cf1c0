//! Extractors whose refusals are JSON errors with a message a client can act on. The signed-in
//! request context is `app::state::RequestContext`, the same one the server functions use.
use app::error::{AppError, ErrorCode};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// A JSON body; malformed JSON is 400, a wrong shape 422, an oversized body 413.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_error(rejection)),
        }
    }
}

fn json_error(rejection: JsonRejection) -> AppError {
    match rejection {
        JsonRejection::JsonDataError(e) => AppError::new(
            ErrorCode::Validation,
            format!("The JSON body does not have the expected fields: {}", e.body_text()),
        ),
        JsonRejection::JsonSyntaxError(_) => AppError::new(ErrorCode::BadRequest, "The body is not valid JSON."),
        JsonRejection::MissingJsonContentType(_) => {
            AppError::new(ErrorCode::BadRequest, "Send a JSON body with the header Content-Type: application/json.")
        }
        other if other.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => AppError::new(
            ErrorCode::PayloadTooLarge,
            format!("The body is larger than the limit of {} KiB.", crate::limits::MAX_BODY_BYTES / 1024),
        ),
        other => AppError::new(ErrorCode::BadRequest, other.body_text()),
    }
}

/// Path parameters; an id that is not a number is a 400 that says so.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Path::<T>::from_request_parts(parts, state).await.map(|p| ApiPath(p.0)).map_err(
            |e: PathRejection| {
                AppError::new(ErrorCode::BadRequest, format!("The address is malformed: {}", e.body_text()))
            },
        )
    }
}

pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Query::<T>::from_request_parts(parts, state).await.map(|q| ApiQuery(q.0)).map_err(
            |e: QueryRejection| {
                AppError::new(ErrorCode::BadRequest, format!("The query string is malformed: {}", e.body_text()))
            },
        )
    }
}
