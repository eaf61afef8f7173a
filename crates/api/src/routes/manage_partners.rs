//! `/api/v1/manage/partners/*`, channel managers' view of the partner companies: the list with
//! each partner's figures (people, registrations, win rate, open pipeline, revenue, last
//! activity) and a partner's page (profile, users, recent registrations, tier progress).

use crate::AppState;
use crate::auth::Manager;
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::extract::AppPath;
use crate::partners as store;
use axum::extract::State;
use domain::ErrorBody;
use domain::views::{PartnerDetail, PartnerSummary, RECENT_REGISTRATIONS};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(detail))
}

/// Every partner company with its figures, sorted by name. The win rate is won deals as a
/// share of closed ones (won or lost), absent while none has closed; open pipeline is the
/// value of approved registrations still protected, per currency.
#[utoipa::path(get, path = "/api/v1/manage/partners", tag = "manage",
    responses((status = 200, body = Vec<PartnerSummary>),
              (status = 401, body = ErrorBody),
              (status = 403, description = "Not a channel manager", body = ErrorBody)),
    security(("session" = [])))]
async fn list(
    State(state): State<AppState>,
    _: Manager,
) -> ApiResult<axum::Json<Vec<PartnerSummary>>> {
    Ok(axum::Json(store::summaries(&state.db, now()).await?))
}

/// A partner's page: its figures, profile, users (by name), its newest registrations and its
/// progress toward the next tier (absent at the top tier).
#[utoipa::path(get, path = "/api/v1/manage/partners/{id}", tag = "manage",
    params(("id" = i64, Path, description = "Partner id")),
    responses((status = 200, body = PartnerDetail),
              (status = 401, body = ErrorBody),
              (status = 403, description = "Not a channel manager", body = ErrorBody),
              (status = 404, description = "No such partner (or an id that is not a number)", body = ErrorBody)),
    security(("session" = [])))]
async fn detail(
    State(state): State<AppState>,
    _: Manager,
    AppPath(id): AppPath<i64>,
) -> ApiResult<axum::Json<PartnerDetail>> {
    let db = &state.db;
    let at = now();
    let summary = store::summary_of(db, id, at)
        .await?
        .ok_or(ApiError::NotFound)?;
    let profile = store::profile(db, id).await?;
    let users = store::people(db, id).await?;
    let recent_registrations =
        store::recent_registrations(db, id, RECENT_REGISTRATIONS, at).await?;
    let tier_progress = store::tier_progress(db, id, summary.tier, at).await?;
    Ok(axum::Json(PartnerDetail {
        summary,
        profile,
        users,
        recent_registrations,
        tier_progress,
    }))
}
