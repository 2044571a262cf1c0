//! The OpenAPI document of the REST API, from the handlers' own annotations.
use super::errors::ErrorBody;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Caseward API", description = "Share legal cases under explainable access control. Authenticate with the session cookie set by POST /api/v1/session."),
    paths(
        super::session::sign_in,
        super::session::sign_out,
        super::session::me,
        super::cases::list,
        super::cases::create,
        super::cases::get,
        super::cases::update,
        super::cases::delete,
        super::members::my_access,
        super::members::list,
        super::members::invite,
        super::members::change,
        super::members::revoke,
        super::groups::list,
        super::groups::add,
        super::groups::remove,
        super::domains::list,
        super::domains::add,
        super::domains::remove,
        super::requests::list,
        super::requests::create,
        super::requests::approve,
        super::requests::deny,
        super::directory::search,
        super::roles::matrix,
        super::roles::create,
        super::roles::update,
        super::roles::delete,
    ),
    components(schemas(ErrorBody)),
    tags((name = "session", description = "Signing in and out"), (name = "cases", description = "Cases"), (name = "access", description = "Who has access to a case, and why"), (name = "roles", description = "Roles and the permission matrix"))
)]
pub struct ApiDoc;

pub async fn document() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(ApiDoc::openapi())
}
