//! The OpenAPI 3 document, generated from the handlers' annotations by utoipa, and served at
//! `GET /api/v1/openapi.json`.

use crate::AppState;
use axum::Json;
use domain::ErrorBody;
use std::sync::OnceLock;
use utoipa::openapi::path::ParameterIn;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as OpenApiDoc, Ref, RefOr};
use utoipa::{Modify, OpenApi};
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Portico API",
        description = "Partner portal API. Every error answers with the `ErrorBody` shape and the \
                       matching status. Ids a caller may not see answer 404, like ids that do not exist.",
        version = "1"
    ),
    components(schemas(ErrorBody, domain::ErrorCode)),
    modifiers(&SessionCookie),
    tags((name = "session", description = "Sign-in, sign-out and the current user"),
         (name = "registrations", description = "Deal registration, for partners"),
         (name = "pipeline", description = "The shared pipeline, for partners"),
         (name = "manage", description = "Registration decisions, for channel managers"),
         (name = "commissions", description = "A partner's commission lines, statements and payouts"),
         (name = "embed", description = "The registration form on partners' websites: keyed public endpoints (no login, no cookies) and partner admins' settings"),
         (name = "meta", description = "This document"))
)]
struct BaseDoc;

struct SessionCookie;

impl Modify for SessionCookie {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::auth::SESSION_COOKIE,
                "Set by POST /api/v1/session (named `__Host-portico_session` over HTTPS)",
            ))),
        );
    }
}

/// Info, shared schemas and the security scheme; the paths are added by the routers.
pub fn base_document() -> OpenApiDoc {
    BaseDoc::openapi()
}

/// The full document, built once from the same router the server runs.
pub fn document() -> &'static OpenApiDoc {
    static DOC: OnceLock<OpenApiDoc> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = crate::routes::api_router().split_for_parts().1;
        add_shared_answers(&mut doc);
        doc
    })
}

/// Documents, on every operation they can reach, the answers that come from the shared
/// extractors and middleware rather than from the handler (a handler's own entry for the same
/// status is kept):
/// - a JSON request body (`AppJson`): 400 unreadable or not JSON, 413 too large, 422 a wrong
///   type or unknown value, naming the field;
/// - a query string (`AppQuery`): 400;
/// - a path parameter (`AppPath`): 404 for an id that does not parse;
/// - a session (`CurrentUser`): 401;
/// - an unsafe method (`security::headers`): 403 for a cross-site request.
///
/// Error entries the annotations left without a description get the standard one.
pub fn add_shared_answers(doc: &mut OpenApiDoc) {
    for item in doc.paths.paths.values_mut() {
        let operations = [
            (&mut item.get, false),
            (&mut item.head, false),
            (&mut item.options, false),
            (&mut item.post, true),
            (&mut item.put, true),
            (&mut item.patch, true),
            (&mut item.delete, true),
        ];
        for (operation, unsafe_method) in operations {
            let Some(op) = operation.as_mut() else {
                continue;
            };
            let takes = |place: ParameterIn| {
                op.parameters
                    .iter()
                    .flatten()
                    .any(|p| p.parameter_in == place)
            };
            let mut statuses = Vec::new();
            if op.request_body.is_some() {
                statuses.extend([400, 413, 422]);
            }
            if takes(ParameterIn::Query) {
                statuses.push(400);
            }
            if takes(ParameterIn::Path) {
                statuses.push(404);
            }
            if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                statuses.push(401);
            }
            if unsafe_method {
                statuses.push(403);
            }
            for status in statuses {
                op.responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| error_response(standard_description(status)));
            }
            for (status, response) in op.responses.responses.iter_mut() {
                if let RefOr::T(r) = response
                    && r.description.is_empty()
                    && let Ok(code) = status.parse::<u16>()
                    && code >= 400
                {
                    r.description = standard_description(code).to_owned();
                }
            }
        }
    }
}

/// What each error status means on any operation.
fn standard_description(status: u16) -> &'static str {
    match status {
        400 => {
            "The request could not be read: the body is not JSON, the content type is not \
                `application/json`, or the query string is invalid"
        }
        401 => "No live session: sign in first",
        403 => "Not allowed for this user, or a cross-site request refused",
        404 => "No such resource, or one the caller may not see",
        409 => "The request conflicts with the current state",
        413 => "The body is larger than the API accepts",
        422 => "Some fields are invalid; `fields` names each with its problem",
        429 => "Too many attempts; wait for `Retry-After` seconds",
        _ => "Error",
    }
}

fn error_response(description: &str) -> RefOr<Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build(),
    )
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(openapi_json))
}

/// This OpenAPI document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    responses((status = 200, description = "OpenAPI 3 document", content_type = "application/json"))
)]
async fn openapi_json() -> Json<&'static OpenApiDoc> {
    Json(document())
}
