//! The error body every REST refusal carries, as the OpenAPI document describes it.
use app::error::AppError;
use serde::Serialize;

/// Every error response: `{"error": {"code", "message", "field"?, "access_denied"?, "retry_after_secs"?}}`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: AppError,
}
