//! Health endpoints for load balancers and orchestrators (outside `/api`, undocumented in the
//! OpenAPI document, no session): `GET /healthz` says the process is up and serving; `GET /readyz`
//! says it can do its work — the database answers and every migration this binary knows is
//! applied. A proxy sends traffic only to ready instances; a restart is for failed health.

use crate::AppState;
use crate::error::ApiError;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

/// 200 `ok` while the process serves requests.
pub async fn healthz() -> &'static str {
    "ok"
}

/// 200 `ready`, or 503 with the usual error body and the reason in the server's log.
pub async fn readyz(State(state): State<AppState>) -> Response {
    match crate::db::ready(&state.db).await {
        Ok(()) => "ready".into_response(),
        Err(why) => {
            tracing::warn!(%why, "not ready");
            ApiError::Unavailable.into_response()
        }
    }
}
