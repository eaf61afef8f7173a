//! The API's routes, one module per resource, merged here into one documented router.

pub mod embed;
pub mod health;
pub mod home;
pub mod library;
pub mod manage;
pub mod pipeline;
pub mod registrations;
pub mod session;

use crate::AppState;
use crate::error::ApiError;
use utoipa_axum::router::OpenApiRouter;

/// Every `/api/v1` endpoint with its OpenAPI description. Both the served router and the
/// OpenAPI document come from this one value, so an undocumented route cannot exist.
pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(crate::openapi::base_document())
        .merge(session::router())
        .merge(registrations::router())
        .merge(manage::router())
        .merge(pipeline::router())
        .merge(library::router())
        .merge(home::router())
        .merge(embed::router())
        .merge(crate::openapi::router())
}

/// `/api/*` paths that match no route: a JSON 404, never the SPA's HTML.
pub async fn api_not_found() -> ApiError {
    ApiError::NotFound
}
