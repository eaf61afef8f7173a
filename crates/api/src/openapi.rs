//! The OpenAPI 3 document, generated from the handlers' annotations by utoipa, and served at
//! `GET /api/v1/openapi.json`.

use crate::AppState;
use axum::Json;
use domain::ErrorBody;
use std::sync::OnceLock;
use utoipa::openapi::OpenApi as OpenApiDoc;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
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
                "Set by POST /api/v1/session",
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
    DOC.get_or_init(|| crate::routes::api_router().split_for_parts().1)
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
