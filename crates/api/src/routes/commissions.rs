//! `/api/v1/commissions/*`, the partner side of commissions: the commissions page (summary,
//! lines, statements, projection) and a statement with its lines, as JSON or CSV. A partner
//! user sees the lines of the registrations it may see; statements are the company's money
//! and only its partner admins read them. Another partner's statement answers 404 like a
//! missing one.

use crate::AppState;
use crate::auth::{PartnerAdmin, PartnerUser};
use crate::commissions::{self as store, LineRow};
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::extract::AppPath;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use domain::ErrorBody;
use domain::Role;
use domain::commission::{CommissionSummary, OpenDeal, projected};
use domain::date::Date;
use domain::registration::{Attribution, Status};
use domain::views::{CommissionsPage, StatementView, statement_csv};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(page))
        .routes(routes!(statement))
        .routes(routes!(statement_as_csv))
}

/// The caller's commissions: per currency what was earned this quarter and year, what is
/// pending, approved and paid; the lines (newest close first); the company's statements (for
/// partner admins; empty for partner users); and an estimate of what approved open
/// registrations may earn under the plans in force today.
#[utoipa::path(get, path = "/api/v1/commissions", tag = "commissions",
    responses((status = 200, body = CommissionsPage), (status = 401, body = ErrorBody),
              (status = 403, description = "Not a partner user", body = ErrorBody)),
    security(("session" = [])))]
#[tracing::instrument(skip_all)]
async fn page(
    State(state): State<AppState>,
    PartnerUser { user, partner }: PartnerUser,
) -> ApiResult<axum::Json<CommissionsPage>> {
    let at = now();
    let today = Date::from_unix(at);
    let lines: Vec<_> = store::lines_visible(&state.db, &user)
        .await?
        .iter()
        .map(LineRow::view)
        .collect();
    let statements = if user.role == Role::PartnerAdmin {
        store::statements_of(&state.db, partner.id)
            .await?
            .iter()
            .map(store::StatementRow::item)
            .collect()
    } else {
        Vec::new()
    };
    let open: Vec<OpenDeal> = store::open_deals(&state.db, &user, at)
        .await?
        .into_iter()
        .filter_map(
            |(id, motion, attribution, percent, value_minor, currency)| {
                Some(OpenDeal {
                    registration_id: id,
                    status: Status::Approved,
                    motion: motion.parse().ok()?,
                    tier: partner.tier,
                    attribution: Attribution::parse(&attribution)?,
                    attribution_percent: u8::try_from(percent).ok()?,
                    value_minor,
                    currency,
                })
            },
        )
        .collect();
    let plans = store::plans(&state.db).await?;
    Ok(axum::Json(CommissionsPage {
        summary: CommissionSummary::of(&lines, today),
        projection: projected(&open, &plans, today),
        lines,
        statements,
    }))
}

/// The statement if it is the caller's company's, else 404.
async fn own_statement(state: &AppState, partner_id: i64, id: i64) -> ApiResult<StatementView> {
    match store::statement(&state.db, id).await? {
        Some((row, view)) if row.partner_id == partner_id => Ok(view),
        _ => Err(ApiError::NotFound),
    }
}

/// One of the company's statements with its lines (partner admins).
#[utoipa::path(get, path = "/api/v1/commissions/statements/{id}", tag = "commissions",
    params(("id" = i64, Path, description = "Statement id")),
    responses((status = 200, body = StatementView), (status = 401, body = ErrorBody),
              (status = 403, description = "Not a partner admin", body = ErrorBody),
              (status = 404, description = "No such statement, or another company's", body = ErrorBody)),
    security(("session" = [])))]
async fn statement(
    State(state): State<AppState>,
    PartnerAdmin { partner, .. }: PartnerAdmin,
    AppPath(id): AppPath<i64>,
) -> ApiResult<axum::Json<StatementView>> {
    Ok(axum::Json(own_statement(&state, partner.id, id).await?))
}

/// The statement as CSV (an attachment named after its period and currency).
#[utoipa::path(get, path = "/api/v1/commissions/statements/{id}/csv", tag = "commissions",
    params(("id" = i64, Path, description = "Statement id")),
    responses((status = 200, description = "The statement's lines as CSV", content_type = "text/csv", body = String),
              (status = 401, body = ErrorBody),
              (status = 403, description = "Not a partner admin", body = ErrorBody),
              (status = 404, description = "No such statement, or another company's", body = ErrorBody)),
    security(("session" = [])))]
async fn statement_as_csv(
    State(state): State<AppState>,
    PartnerAdmin { partner, .. }: PartnerAdmin,
    AppPath(id): AppPath<i64>,
) -> ApiResult<Response> {
    let view = own_statement(&state, partner.id, id).await?;
    csv_response(&view)
}

/// A statement as a CSV attachment.
pub fn csv_response(view: &StatementView) -> ApiResult<Response> {
    let name = format!(
        "attachment; filename=\"portico-statement-{}-{}.csv\"",
        view.period, view.currency
    );
    let disposition =
        HeaderValue::from_str(&name).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        statement_csv(view),
    )
        .into_response())
}
