//! `/api/v1/manage/program/*`: the program's settings — today the pipeline fields it shares with
//! partners, which bound every partner view of a registration.

use crate::AppState;
use crate::audit::{AuditAction, AuditEvent};
use crate::auth::Manager;
use crate::error::ApiResult;
use crate::extract::AppJson;
use crate::program;
use axum::extract::State;
use domain::ErrorBody;
use domain::pipeline::SharedFieldsUpdate;
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(shared_fields, set_shared_fields))
}

/// The pipeline fields the program shares with partners.
#[utoipa::path(get, path = "/api/v1/manage/program/shared-fields", tag = "manage",
    responses((status = 200, body = SharedFieldsUpdate), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("session" = [])))]
async fn shared_fields(
    State(state): State<AppState>,
    _: Manager,
) -> ApiResult<axum::Json<SharedFieldsUpdate>> {
    Ok(axum::Json(SharedFieldsUpdate {
        fields: program::shared_fields(&state.db).await?,
    }))
}

/// Choose which pipeline fields partners see (from the safe list only).
#[utoipa::path(put, path = "/api/v1/manage/program/shared-fields", tag = "manage",
    request_body = SharedFieldsUpdate,
    responses((status = 200, body = SharedFieldsUpdate), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 422, description = "An unknown field", body = ErrorBody)),
    security(("session" = [])))]
async fn set_shared_fields(
    State(state): State<AppState>,
    Manager(user): Manager,
    AppJson(req): AppJson<SharedFieldsUpdate>,
) -> ApiResult<axum::Json<SharedFieldsUpdate>> {
    let mut fields = req.fields.clone();
    fields.sort();
    fields.dedup();
    // Under the program's lock row, concurrent replacements run one after the other: the
    // result is one request's list, never a mix or a duplicate-key failure.
    let mut tx = state.db.begin().await?;
    crate::db::lock(&mut tx, &["program:shared_fields".to_owned()]).await?;
    let before = program::shared_fields(&mut *tx).await?;
    program::replace_shared_fields(&mut tx, &fields).await?;
    AuditEvent::new(AuditAction::SharedFieldsChanged, 1)
        .by(user.id)
        .before(json!(before))
        .after(json!(fields))
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(axum::Json(SharedFieldsUpdate { fields }))
}
