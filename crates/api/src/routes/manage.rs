//! `/api/v1/manage/registrations/*`, channel managers' side of deal registration: the decision
//! queue (oldest first, SLA clock, overdue and conflict flags with the competing registrations),
//! approve, reject with a reason the partner sees, extend protection, and update a deal (stage
//! in the motion's order, owner, next step, internal fields), and mark a deal won (which
//! creates its commission lines).

use crate::AppState;
use crate::audit::{AuditAction, AuditEvent};
use crate::auth::Manager;
use crate::commissions;
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::extract::{AppJson, AppPath, AppQuery};
use crate::page::{self, PageQuery};
use crate::registrations::{self as store, Program, QueueRow, QueueView, RegistrationRow};
use axum::extract::State;
use axum::http::HeaderMap;
use domain::ErrorBody;
use domain::commission::{WonDeal, lines_for_won};
use domain::conflict::precedence;
use domain::error::FieldErrors;
use domain::message::Message;
use domain::pipeline::{DealUpdate, ManagedDeal, SharedField, StageError, check_stage_change};
use domain::registration::{
    Action, Attribution, Protection, Status, registration_number, transition,
};
use domain::views::{
    CompetingClaim, ExtendRequest, MarkWonRequest, QueueItem, RegistrationView, RejectRequest,
    validate_reason,
};
use domain::{Motion, Tier};
use serde::Deserialize;
use serde_json::json;
use std::cmp::Ordering;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(queue))
        .routes(routes!(approve))
        .routes(routes!(reject))
        .routes(routes!(extend))
        .routes(routes!(mark_won))
        .routes(routes!(update_deal))
}

/// Queue filter.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// `submitted` (default: awaiting a decision), `approved`, `extension` (pending extension
    /// requests) or `all`.
    #[serde(default)]
    #[param(pattern = "^(submitted|approved|extension|all)$")]
    pub view: Option<String>,
    /// Rows per page, 1 to 1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<usize>,
    /// The cursor from the previous page's `Link: <…>; rel="next"` (`<time>.<id>`).
    #[param(pattern = r"^-?[0-9]{1,18}\.[0-9]{1,18}$")]
    pub after: Option<String>,
}

/// Registrations for channel managers, oldest first, a page at a time (100 rows unless `limit`
/// says otherwise, at most 1000), each with the claims competing for its customer (read for
/// the whole page in one query); `Link: <…>; rel="next"` names the next page while there is one.
#[utoipa::path(get, path = "/api/v1/manage/registrations", tag = "manage",
    params(QueueQuery),
    responses((status = 200, body = Vec<QueueItem>,
                  headers(("link" = String, description = "The next page: `<address>; rel=\"next\"`, absent on the last"))),
              (status = 400, description = "An unknown view, a limit out of range or a cursor this server did not write", body = ErrorBody),
              (status = 401, body = ErrorBody),
              (status = 403, description = "Not a channel manager", body = ErrorBody)),
    security(("session" = [])))]
async fn queue(
    State(state): State<AppState>,
    _: Manager,
    AppQuery(q): AppQuery<QueueQuery>,
) -> ApiResult<(HeaderMap, axum::Json<Vec<QueueItem>>)> {
    let requested = q.view.as_deref().unwrap_or("submitted");
    let view = QueueView::parse(requested).ok_or_else(|| {
        ApiError::BadRequest(Message::UnknownView {
            view: requested.chars().take(40).collect(),
        })
    })?;
    let page = PageQuery {
        limit: q.limit,
        after: q.after,
    }
    .page(page::DEFAULT_LIMIT)?;
    let mut rows = store::queue(&state.db, view, page).await?;
    let link = page::finish(
        &mut rows,
        page,
        &format!("/api/v1/manage/registrations?view={requested}"),
        |q| page::Cursor {
            at: q.row.submitted_at,
            id: q.row.id,
        },
    );
    let program = store::program(&state.db).await?;
    let at = now();
    let keys: Vec<_> = rows.iter().map(|q| q.row.customer_key()).collect();
    let claims = store::claims_on_any(&state.db, &keys).await?;
    let items = rows
        .into_iter()
        .zip(&keys)
        .map(|(row, key)| {
            let id = row.row.id;
            let competing = claims
                .iter()
                .filter(move |(k, c)| c.claim.registration_id != id && k.same_customer(key))
                .map(|(_, c)| c);
            queue_item(&program, row, competing, at)
        })
        .collect();
    Ok((link, axum::Json(items)))
}

fn queue_item<'a>(
    program: &Program,
    q: QueueRow,
    claims: impl Iterator<Item = &'a store::ClaimRow>,
    at: i64,
) -> QueueItem {
    let row = q.row;
    let this = domain::conflict::Claim {
        registration_id: row.id,
        partner_id: row.partner_id,
        tier: q.partner_tier.parse().unwrap_or(Tier::Bronze),
        status: row.status(),
        protection_end: row.protection_end,
        submitted_at: row.submitted_at,
        incumbent: row.incumbent,
        certified: q.certified,
    };
    let competing = claims
        .filter(|c| c.claim.partner_id != row.partner_id && c.claim.is_live(at))
        .map(|c| {
            let (order, rule) = precedence(&c.claim, &this, program.policy, at);
            CompetingClaim {
                id: c.claim.registration_id,
                number: registration_number(c.claim.registration_id),
                partner_name: c.partner_name.clone(),
                partner_tier: c.claim.tier,
                status: c.claim.status,
                protection_end: c.claim.protection_end,
                submitted_at: c.claim.submitted_at,
                ranks_first: order == Ordering::Less,
                rule,
            }
        })
        .collect();
    QueueItem {
        registration: row.view(program, &SharedField::ALL, at),
        partner_name: q.partner_name,
        partner_tier: this.tier,
        partner_certified: q.certified,
        competing,
        extension_reason: q.extension_reason,
    }
}

async fn load(state: &AppState, id: i64) -> ApiResult<RegistrationRow> {
    store::by_id(&state.db, id).await?.ok_or(ApiError::NotFound)
}

/// The status change `action` makes, or 409 with the lifecycle's explanation.
fn next_status(row: &RegistrationRow, action: Action, at: i64) -> ApiResult<Status> {
    transition(row.effective_status(at), action).map_err(|e| ApiError::Conflict(e.message()))
}

/// Managers see every field the view has.
async fn respond(state: &AppState, id: i64) -> ApiResult<axum::Json<RegistrationView>> {
    store::view_by_id(&state.db, id, &SharedField::ALL)
        .await?
        .map(axum::Json)
        .ok_or(ApiError::NotFound)
}

/// Approve: protection starts now for the program's window and the deal enters its motion's
/// first stage. Refused (409) while another partner's approved registration protects the same
/// customer.
#[utoipa::path(post, path = "/api/v1/manage/registrations/{id}/approve", tag = "manage",
    params(("id" = i64, Path, description = "Registration id")),
    responses((status = 200, body = RegistrationView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody),
              (status = 409, description = "Not awaiting a decision, or the customer is protected by another registration", body = ErrorBody)),
    security(("session" = [])))]
#[tracing::instrument(skip_all, fields(id))]
async fn approve(
    State(state): State<AppState>,
    Manager(user): Manager,
    AppPath(id): AppPath<i64>,
) -> ApiResult<axum::Json<RegistrationView>> {
    let row = load(&state, id).await?;
    let at = now();
    next_status(&row, Action::Approve, at)?;
    // Checked under the customer's lock rows: two approvals for one customer (on any
    // instances) cannot both see it unprotected.
    let program = store::program(&state.db).await?;
    let mut tx = state.db.begin().await?;
    crate::db::lock(&mut tx, &store::customer_locks(&row.customer_key())).await?;
    let holder = store::claims_for(&mut *tx, &row.customer_key(), Some(id))
        .await?
        .into_iter()
        .filter(|c| c.claim.partner_id != row.partner_id && c.claim.is_protected(at))
        .max_by_key(|c| c.claim.protection_end);
    if let Some(h) = holder {
        return Err(ApiError::Conflict(Message::ProtectedByOther {
            registration: registration_number(h.claim.registration_id),
            partner: h.partner_name,
            until: domain::date::format_date(h.claim.protection_end.unwrap_or(at)),
        }));
    }
    let protection = Protection::starting(at, program.protection_days);
    let stage = row
        .motion
        .parse::<Motion>()
        .map(|m| m.first_stage())
        .unwrap_or("Validate");
    let changed = store::approve(&mut tx, id, protection, stage, &user.name, at).await?;
    if !changed {
        return Err(ApiError::Conflict(Message::DecidedByOther));
    }
    // Other partners' pending claims on this customer now face an active protection.
    for other in store::claims_for(&mut *tx, &row.customer_key(), Some(id)).await? {
        if other.claim.partner_id != row.partner_id && other.claim.status == Status::Submitted {
            store::mark_conflict_active(&mut tx, other.claim.registration_id).await?;
        }
    }
    AuditEvent::new(AuditAction::RegistrationApproved, id)
        .by(user.id)
        .before(json!({ "status": "submitted" }))
        .after(json!({ "status": "approved", "protection_end": protection.end, "stage": stage }))
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    respond(&state, id).await
}

/// Reject with a reason the partner sees.
#[utoipa::path(post, path = "/api/v1/manage/registrations/{id}/reject", tag = "manage",
    params(("id" = i64, Path, description = "Registration id")),
    request_body = RejectRequest,
    responses((status = 200, body = RegistrationView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, description = "Not awaiting a decision", body = ErrorBody),
              (status = 422, description = "Missing or overlong reason", body = ErrorBody)),
    security(("session" = [])))]
async fn reject(
    State(state): State<AppState>,
    Manager(user): Manager,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<RejectRequest>,
) -> ApiResult<axum::Json<RegistrationView>> {
    let row = load(&state, id).await?;
    let reason = validate_reason(&req.reason, "reason").map_err(ApiError::Validation)?;
    let at = now();
    next_status(&row, Action::Reject, at)?;
    let mut tx = state.db.begin().await?;
    let changed = store::reject(&mut tx, id, &reason, at).await?;
    if !changed {
        return Err(ApiError::Conflict(Message::DecidedByOther));
    }
    AuditEvent::new(AuditAction::RegistrationRejected, id)
        .by(user.id)
        .before(json!({ "status": "submitted" }))
        .after(json!({ "status": "rejected", "detail": reason }))
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    respond(&state, id).await
}

/// Mark an approved registration won with its booked first-year value and close date: the
/// commission lines it earns (the plan in force on the close date for the partner's tier, its
/// attribution, and any SPIFF whose criteria hold) are created as `new` for review. Refused
/// (409) unless the registration is approved and protected.
#[utoipa::path(post, path = "/api/v1/manage/registrations/{id}/won", tag = "manage",
    params(("id" = i64, Path, description = "Registration id")),
    request_body = MarkWonRequest,
    responses((status = 200, body = RegistrationView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, description = "Not approved", body = ErrorBody),
              (status = 422, description = "No value, not a currency or not a date", body = ErrorBody)),
    security(("session" = [])))]
#[tracing::instrument(skip_all, fields(id))]
async fn mark_won(
    State(state): State<AppState>,
    Manager(user): Manager,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<MarkWonRequest>,
) -> ApiResult<axum::Json<RegistrationView>> {
    let row = load(&state, id).await?;
    let req = req.validate().map_err(ApiError::Validation)?;
    let at = now();
    if row.effective_status(at) != Status::Approved {
        return Err(ApiError::Conflict(Message::WonNeedsApproval));
    }
    next_status(&row, Action::MarkWon, at)?;
    let tier = commissions::partner_tier(&state.db, row.partner_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let deal = WonDeal {
        registration_id: id,
        motion: row
            .motion
            .parse::<Motion>()
            .map_err(|_| ApiError::Internal(format!("motion {}", row.motion)))?,
        tier,
        attribution: Attribution::parse(&row.attribution)
            .ok_or_else(|| ApiError::Internal(format!("attribution {}", row.attribution)))?,
        attribution_percent: u8::try_from(row.attribution_percent).unwrap_or(100),
        incumbent: row.incumbent,
        first_year_value_minor: req.first_year_value_minor,
        currency: req.currency.clone(),
        close_date: req.close_date.clone(),
    };
    deal.validate().map_err(ApiError::Validation)?;
    let plans = commissions::plans(&state.db).await?;
    let spiffs = commissions::spiffs(&state.db).await?;
    let lines = lines_for_won(&deal, &plans, &spiffs);
    let mut tx = state.db.begin().await?;
    if !commissions::mark_won(&mut tx, id, req.first_year_value_minor, &req.close_date, at).await? {
        return Err(ApiError::Conflict(Message::DecidedByOther));
    }
    let ids = commissions::insert_lines(
        &mut tx,
        id,
        row.partner_id,
        &req.close_date,
        &lines,
        &plans,
        at,
    )
    .await?;
    AuditEvent::new(AuditAction::RegistrationWon, id)
        .by(user.id)
        .before(json!({ "status": "approved" }))
        .after(json!({
            "status": "won", "first_year_value_minor": req.first_year_value_minor,
            "currency": req.currency, "close_date": req.close_date, "commission_lines": ids,
        }))
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    respond(&state, id).await
}

/// Extend an approved registration's protection (and grant a pending extension request).
#[utoipa::path(post, path = "/api/v1/manage/registrations/{id}/extend", tag = "manage",
    params(("id" = i64, Path, description = "Registration id")),
    request_body = ExtendRequest,
    responses((status = 200, body = RegistrationView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, description = "Not approved or already expired", body = ErrorBody),
              (status = 422, description = "Days out of range", body = ErrorBody)),
    security(("session" = [])))]
async fn extend(
    State(state): State<AppState>,
    Manager(user): Manager,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<ExtendRequest>,
) -> ApiResult<axum::Json<RegistrationView>> {
    let row = load(&state, id).await?;
    if !(1..=180).contains(&req.days) {
        let mut fields = domain::error::FieldErrors::new();
        fields.insert("days".into(), Message::WholeNumber { min: 1, max: 180 });
        return Err(ApiError::Validation(fields));
    }
    let at = now();
    next_status(&row, Action::Extend, at)?;
    let protection = row
        .protection()
        .ok_or_else(|| ApiError::internal("extend", "approved without protection"))?;
    let extended = protection.extended(req.days);
    let mut tx = state.db.begin().await?;
    store::extend_protection(&mut tx, id, extended.end, at).await?;
    store::grant_extension(&mut tx, id, at).await?;
    AuditEvent::new(AuditAction::ProtectionExtended, id)
        .by(user.id)
        .before(json!({ "protection_end": protection.end }))
        .after(json!({ "protection_end": extended.end, "detail": format!("+{} days", req.days) }))
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    respond(&state, id).await
}

/// Update a deal: stage (one step forward at a time, or back, always with a next step), vendor
/// owner, next step and the internal fields. Channel managers only.
#[utoipa::path(patch, path = "/api/v1/manage/registrations/{id}", tag = "manage",
    params(("id" = i64, Path, description = "Registration id")),
    request_body = DealUpdate,
    responses((status = 200, body = ManagedDeal), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, description = "Only approved deals move through stages", body = ErrorBody),
              (status = 422, description = "A skipped stage, a missing next step, or invalid values", body = ErrorBody)),
    security(("session" = [])))]
async fn update_deal(
    State(state): State<AppState>,
    Manager(user): Manager,
    AppPath(id): AppPath<i64>,
    AppJson(update): AppJson<DealUpdate>,
) -> ApiResult<axum::Json<ManagedDeal>> {
    let row = store::by_id(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    update.validate().map_err(ApiError::Validation)?;
    let at = now();
    if let Some(stage) = &update.stage {
        if row.effective_status(at) != Status::Approved {
            return Err(ApiError::Conflict(Message::StageNotApproved {
                status: row.effective_status(at),
            }));
        }
        let motion: Motion = row.motion.parse().unwrap_or(Motion::Referral);
        check_stage_change(
            motion,
            row.stage.as_deref(),
            stage,
            update.next_step.as_deref().unwrap_or(""),
        )
        .map_err(|e| {
            let field = if matches!(e, StageError::MissingNextStep) {
                "next_step"
            } else {
                "stage"
            };
            ApiError::Validation(FieldErrors::from([(field.to_owned(), e.message())]))
        })?;
    }
    let mut tx = state.db.begin().await?;
    store::update_deal(&mut tx, id, &update, at).await?;
    // Partners see stage movements in their history; internal edits stay in the vendor's audit.
    if let Some(stage) = update
        .stage
        .as_ref()
        .filter(|s| Some(s.as_str()) != row.stage.as_deref())
    {
        let detail = format!("{} → {}", row.stage.as_deref().unwrap_or("—"), stage);
        AuditEvent::new(AuditAction::StageChanged, id)
            .by(user.id)
            .before(json!({ "stage": row.stage }))
            .after(json!({ "stage": stage, "detail": detail }))
            .record(&mut tx)
            .await?;
    }
    AuditEvent::new(AuditAction::DealUpdated, id)
        .by(user.id)
        .after(serde_json::to_value(&update).unwrap_or_default())
        .record(&mut tx)
        .await?;
    tx.commit().await?;

    store::managed_deals(&state.db, Some(id), None)
        .await?
        .into_iter()
        .next()
        .map(axum::Json)
        .ok_or(ApiError::NotFound)
}
