//! The OpenAPI document of the REST API: each handler's own annotations say what it answers on
//! success and the refusals particular to it; `Contract` adds what every operation can answer
//! (a malformed request, a missing session, an oversized or ill-shaped body) and the session
//! cookie as the security scheme, so that the document lists every status the server sends.
use super::errors::ErrorBody;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};

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
        super::policy::get,
        super::policy::save,
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
        super::folders::list,
        super::folders::create,
        super::folders::change,
        super::folders::delete,
        super::documents::list,
        super::documents::upload,
        super::documents::get,
        super::documents::change,
        super::documents::delete,
        super::documents::content,
        super::annotations::list,
        super::annotations::add,
        super::annotations::delete,
        super::tags::list,
        super::tags::create,
        super::tags::change,
        super::tags::delete,
        super::tags::tag_documents,
        super::tags::of_document,
        super::tags::apply,
        super::tags::remove,
        super::search::search,
        super::documents::batch_preview,
        super::documents::batch_update,
        super::saved_searches::list,
        super::saved_searches::save,
        super::saved_searches::delete,
        super::productions::list,
        super::productions::create,
        super::productions::get,
        super::productions::delete,
        super::productions::content,
        super::productions::shares,
        super::productions::share,
        super::productions::revoke,
        super::productions::open_shared,
        super::productions::download_shared,
        super::reports::list,
        super::reports::create,
        super::reports::content,
        super::reports::delete,
        super::directory::search,
        super::roles::matrix,
        super::roles::create,
        super::roles::update,
        super::roles::delete,
        super::policy::defaults,
        super::policy::set_defaults,
        super::templates::list,
        super::templates::create,
        super::templates::get,
        super::templates::update,
        super::templates::delete,
    ),
    components(schemas(ErrorBody, domain::documents::DocumentSort)),
    modifiers(&Contract),
    tags((name = "session", description = "Signing in and out"), (name = "cases", description = "Cases"), (name = "access", description = "Who has access to a case, and why"), (name = "roles", description = "Roles and the permission matrix"), (name = "settings", description = "Global case defaults and case templates"), (name = "documents", description = "A case's folders and documents"), (name = "review", description = "Tags, notes and redactions, search, saved searches, batch updates, productions and reports"))
)]
pub struct ApiDoc;

/// Operations anyone may call: signing in and out.
const PUBLIC: [&str; 2] = ["sign_in", "sign_out"];

/// The security scheme's name in the document.
const SESSION: &str = "session";

struct Contract;

impl Modify for Contract {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            SESSION,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                app::session::SESSION_COOKIE,
                "The HttpOnly session cookie that POST /api/v1/session sets.",
            ))),
        );
        for item in openapi.paths.paths.values_mut() {
            let operations = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
            for operation in operations.into_iter().flatten() {
                let public = operation.operation_id.as_deref().is_some_and(|id| PUBLIC.contains(&id));
                let has_body = operation.request_body.is_some();
                let has_parameters = operation.parameters.as_ref().is_some_and(|p| !p.is_empty());
                let responses = &mut operation.responses.responses;
                let mut add = |status: &str, description: &str| {
                    responses.entry(status.to_string()).or_insert_with(|| error_response(description));
                };
                if has_parameters || has_body {
                    add("400", "The address, the query string or the body is malformed; `message` says how.");
                }
                if has_body {
                    add("413", "The body is larger than the limit.");
                    add(
                        "422",
                        "The body's fields are missing, of the wrong type or invalid; `field` names the one at fault when there is one.",
                    );
                }
                add(
                    "500",
                    "Something went wrong on the server's side; the details are in its log, never in the answer.",
                );
                if public {
                    operation.security = Some(vec![SecurityRequirement::default()]);
                } else {
                    add("401", "Not signed in, or the session has ended.");
                    operation.security = Some(vec![SecurityRequirement::new(SESSION, Vec::<String>::new())]);
                }
            }
        }
    }
}

fn error_response(description: &str) -> RefOr<Response> {
    let body = ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build();
    ResponseBuilder::new().description(description).content("application/json", body).build().into()
}

pub async fn document() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(ApiDoc::openapi())
}
