//! `/api/v1/manage/commissions/*`, channel managers' side of commissions: the review queue of
//! commission lines (filter by status), bulk decisions (approve, put on hold, decline with a
//! reason the partner reads), statements (issued on demand here, and monthly by
//! `commissions::statement_loop`), and recording a statement's payout. Every change is audited
//! in its transaction. (Marking a registration won, which creates the lines, is
//! `POST /manage/registrations/{id}/won` in `manage`.)

use crate::AppState;
use crate::audit::{AuditAction, AuditEvent};
use crate::auth::Manager;
use crate::commissions::{self as store, Issued, ManagedLineRow, QueueFilter};
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::extract::{AppJson, AppPath, AppQuery};
use axum::extract::State;
use axum::http::StatusCode;
use domain::ErrorBody;
use domain::commission::{
    LineAction, LineKind, LineStatus, clawback as clawback_of, line_transition,
};
use domain::error::FieldErrors;
use domain::message::Message;
use domain::views::{
    ClawbackRequest, IssueStatementRequest, LineDecisionRequest, ManagedCommissionLine,
    ManagedStatement, MarkPaidRequest, StatementView,
};
use serde::Deserialize;
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(queue))
        .routes(routes!(decide))
        .routes(routes!(clawback))
        .routes(routes!(statements, issue))
        .routes(routes!(statement))
        .routes(routes!(mark_paid))
}

/// Queue filter.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LinesQuery {
    /// `open` (default: new and on hold), `new`, `approved`, `on_hold`, `declined`, `paid` or
    /// `all`.
    #[serde(default)]
    #[param(pattern = "^(open|new|approved|on_hold|declined|paid|all)$")]
    pub status: Option<String>,
}

/// Commission lines for review, oldest first (at most 1000), each with its partner and the
/// vendor's internal note.
#[utoipa::path(get, path = "/api/v1/manage/commissions", tag = "manage",
    params(LinesQuery),
    responses((status = 200, body = [ManagedCommissionLine]), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("session" = [])))]
#[tracing::instrument(skip_all)]
async fn queue(
    State(state): State<AppState>,
    Manager(_manager): Manager,
    AppQuery(q): AppQuery<LinesQuery>,
) -> ApiResult<axum::Json<Vec<ManagedCommissionLine>>> {
    let filter = match q.status.as_deref() {
        None => QueueFilter::Open,
        Some(s) => QueueFilter::parse(s).ok_or(ApiError::BadRequest(Message::Choose))?,
    };
    Ok(axum::Json(
        store::queue(&state.db, filter)
            .await?
            .iter()
            .map(ManagedLineRow::view)
            .collect(),
    ))
}

/// Approve, put on hold or decline (with a reason the partner reads) up to 500 lines at once.
/// All or nothing: when one line cannot take the decision (declined or paid already, …) none
/// changes and the answer says why. Answers the changed lines.
#[utoipa::path(post, path = "/api/v1/manage/commissions/decisions", tag = "manage",
    request_body = LineDecisionRequest,
    responses((status = 200, body = [ManagedCommissionLine]), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, description = "A line does not exist", body = ErrorBody),
              (status = 409, description = "A line cannot take this decision", body = ErrorBody),
              (status = 422, description = "No lines, too many, or a decline without a reason", body = ErrorBody)),
    security(("session" = [])))]
#[tracing::instrument(skip_all)]
async fn decide(
    State(state): State<AppState>,
    Manager(user): Manager,
    AppJson(req): AppJson<LineDecisionRequest>,
) -> ApiResult<axum::Json<Vec<ManagedCommissionLine>>> {
    let req = req.validate().map_err(ApiError::Validation)?;
    let action = match req.action {
        LineAction::Approve => AuditAction::CommissionLineApproved,
        LineAction::Decline => AuditAction::CommissionLineDeclined,
        LineAction::Hold => AuditAction::CommissionLineHeld,
        // validate() refuses it: a line is paid through its statement.
        LineAction::Pay => return Err(ApiError::Conflict(Message::LineNotOnIssuedStatement)),
    };
    let at = now();
    let mut tx = state.db.begin().await?;
    // The lines' lock rows first, before reading them (see `db::lock`).
    let locks: Vec<String> = req
        .ids
        .iter()
        .map(|id| format!("commission-line:{id}"))
        .collect();
    crate::db::lock(&mut tx, &locks).await?;
    let lines = store::lines_by_ids(&mut tx, &req.ids).await?;
    if lines.len() != req.ids.len() {
        return Err(ApiError::NotFound);
    }
    for l in &lines {
        let from = l.line.status();
        let to = line_transition(from, req.action, l.line.statement_id.is_some())
            .map_err(ApiError::Conflict)?;
        let changed = store::set_status(
            &mut tx,
            l.line.id,
            from,
            to,
            req.reason.as_deref(),
            Some(user.id),
            at,
        )
        .await?;
        if !changed {
            return Err(ApiError::Conflict(Message::DecidedByOther));
        }
        AuditEvent::new(action, l.line.id)
            .by(user.id)
            .before(json!({ "status": from.as_str() }))
            .after(json!({ "status": to.as_str(), "reason": req.reason }))
            .record(&mut tx)
            .await?;
    }
    let changed = store::lines_by_ids(&mut tx, &req.ids).await?;
    tx.commit().await?;
    Ok(axum::Json(
        changed.iter().map(ManagedLineRow::view).collect(),
    ))
}

/// Take a line back because its won deal was reversed (cancelled, refunded) within the
/// program's clawback window after the close: an approved negative adjustment on the same
/// registration, with the reason the partner reads; the next statement nets it. A line is
/// clawed back once; only approved or paid base and SPIFF lines can be (a new one is declined).
#[utoipa::path(post, path = "/api/v1/manage/commissions/lines/{id}/clawback", tag = "manage",
    params(("id" = i64, Path, description = "Commission line id")),
    request_body = ClawbackRequest,
    responses((status = 201, body = ManagedCommissionLine), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, description = "Not earned, clawed back already, or after the window", body = ErrorBody),
              (status = 422, description = "No reason, or not a date", body = ErrorBody)),
    security(("session" = [])))]
#[tracing::instrument(skip_all, fields(id))]
async fn clawback(
    State(state): State<AppState>,
    Manager(user): Manager,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<ClawbackRequest>,
) -> ApiResult<(StatusCode, axum::Json<ManagedCommissionLine>)> {
    let (reason, reversed_on) = req.validate().map_err(ApiError::Validation)?;
    let window = store::clawback_days(&state.db).await?;
    let at = now();
    let mut tx = state.db.begin().await?;
    crate::db::lock(&mut tx, &[format!("commission-line:{id}")]).await?;
    let line = store::lines_by_ids(&mut tx, &[id])
        .await?
        .pop()
        .ok_or(ApiError::NotFound)?
        .line;
    let kind = LineKind::parse(&line.kind).unwrap_or(LineKind::Adjustment);
    if kind.is_adjustment() || !matches!(line.status(), LineStatus::Approved | LineStatus::Paid) {
        return Err(ApiError::Conflict(Message::ClawbackNeedsEarned));
    }
    let close = domain::date::Date::parse_iso(&line.close_date)
        .ok_or_else(|| ApiError::Internal(format!("line {id}: close date {}", line.close_date)))?;
    let amount = clawback_of(line.amount_minor, close, reversed_on, window).ok_or(
        ApiError::Conflict(Message::ClawbackWindowOver { days: window }),
    )?;
    let created = store::insert_clawback(
        &mut tx,
        &line,
        amount,
        &reversed_on.to_string(),
        &reason,
        Some(user.id),
        at,
    )
    .await?
    .ok_or(ApiError::Conflict(Message::ClawedBackAlready))?;
    AuditEvent::new(AuditAction::CommissionLineClawedBack, id)
        .by(user.id)
        .after(json!({ "adjustment": created, "amount_minor": amount, "reversed_on": reversed_on.to_string(), "reason": reason }))
        .record(&mut tx)
        .await?;
    let row = store::lines_by_ids(&mut tx, &[created])
        .await?
        .pop()
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(row.view())))
}

/// Every statement, newest period first (at most 1000), with its partner.
#[utoipa::path(get, path = "/api/v1/manage/commissions/statements", tag = "manage",
    responses((status = 200, body = [ManagedStatement]), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody)),
    security(("session" = [])))]
async fn statements(
    State(state): State<AppState>,
    Manager(_manager): Manager,
) -> ApiResult<axum::Json<Vec<ManagedStatement>>> {
    Ok(axum::Json(
        store::all_statements(&state.db)
            .await?
            .iter()
            .map(store::StatementRow::managed)
            .collect(),
    ))
}

/// Issue a partner's statement for a month and currency now (the schedule issues last month's
/// on its own): it takes the approved lines of that currency closed by the month's end that no
/// statement has taken. An issued statement never changes.
#[utoipa::path(post, path = "/api/v1/manage/commissions/statements", tag = "manage",
    request_body = IssueStatementRequest,
    responses((status = 201, body = StatementView), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody),
              (status = 409, description = "Issued already, or no approved line is due", body = ErrorBody),
              (status = 422, description = "Unknown partner, or not a month or currency", body = ErrorBody)),
    security(("session" = [])))]
#[tracing::instrument(skip_all)]
async fn issue(
    State(state): State<AppState>,
    Manager(user): Manager,
    AppJson(req): AppJson<IssueStatementRequest>,
) -> ApiResult<(StatusCode, axum::Json<StatementView>)> {
    let (period, currency) = req.validate().map_err(ApiError::Validation)?;
    if store::partner_tier(&state.db, req.partner_id)
        .await?
        .is_none()
    {
        let mut fields = FieldErrors::new();
        fields.insert("partner_id".into(), Message::Choose);
        return Err(ApiError::Validation(fields));
    }
    let issued = store::issue_statement(
        &state.db,
        req.partner_id,
        period,
        &currency,
        Some(user.id),
        now(),
    )
    .await?;
    let id = match issued {
        Issued::Statement(id) => id,
        Issued::Exists => {
            return Err(ApiError::Conflict(Message::StatementExists {
                period: period.to_string(),
                currency,
            }));
        }
        Issued::NothingDue => {
            return Err(ApiError::Conflict(Message::NothingToState {
                period: period.to_string(),
                currency,
            }));
        }
    };
    let (_, view) = store::statement(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((StatusCode::CREATED, axum::Json(view)))
}

/// One statement with its lines.
#[utoipa::path(get, path = "/api/v1/manage/commissions/statements/{id}", tag = "manage",
    params(("id" = i64, Path, description = "Statement id")),
    responses((status = 200, body = StatementView), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("session" = [])))]
async fn statement(
    State(state): State<AppState>,
    Manager(_manager): Manager,
    AppPath(id): AppPath<i64>,
) -> ApiResult<axum::Json<StatementView>> {
    let (_, view) = store::statement(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(axum::Json(view))
}

/// Record a statement's payout (reference and date); its lines become paid.
#[utoipa::path(post, path = "/api/v1/manage/commissions/statements/{id}/paid", tag = "manage",
    params(("id" = i64, Path, description = "Statement id")),
    request_body = MarkPaidRequest,
    responses((status = 200, body = StatementView), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, description = "Paid already", body = ErrorBody),
              (status = 422, description = "No reference, or not a date", body = ErrorBody)),
    security(("session" = [])))]
#[tracing::instrument(skip_all, fields(id))]
async fn mark_paid(
    State(state): State<AppState>,
    Manager(user): Manager,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<MarkPaidRequest>,
) -> ApiResult<axum::Json<StatementView>> {
    let req = req.validate().map_err(ApiError::Validation)?;
    if store::statement(&state.db, id).await?.is_none() {
        return Err(ApiError::NotFound);
    }
    let mut tx = state.db.begin().await?;
    if !store::mark_paid(&mut tx, id, &req.payout_reference, &req.paid_on, now()).await? {
        return Err(ApiError::Conflict(Message::StatementPaid));
    }
    AuditEvent::new(AuditAction::StatementPaid, id)
        .by(user.id)
        .after(json!({ "payout_reference": req.payout_reference, "paid_on": req.paid_on }))
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    let (_, view) = store::statement(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(axum::Json(view))
}
