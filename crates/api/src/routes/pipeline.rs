//! The shared pipeline: partners' view (safe fields only, further limited by the program's
//! shared-field setting), channel managers' view with internal fields, deal updates (stage in the
//! motion's order, owner, next step, internal fields) and the shared-field setting itself.

use crate::AppState;
use crate::audit::{AuditAction, AuditEvent};
use crate::auth::{Manager, PartnerUser};
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::extract::{AppJson, AppPath, AppQuery};
use crate::page::{self, PageQuery};
use crate::program;
use crate::registrations as store;
use axum::extract::State;
use axum::http::HeaderMap;
use domain::ErrorBody;
use domain::Motion;
use domain::error::FieldErrors;
use domain::pipeline::{
    DealUpdate, ManagedDeal, PipelineView, SharedFieldsUpdate, StageError, check_stage_change,
};
use domain::registration::Status;
use domain::views::has_control_beyond_line_breaks;
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(partner_pipeline))
        .routes(routes!(manager_pipeline))
        .routes(routes!(update_deal))
        .routes(routes!(shared_fields, set_shared_fields))
}

/// The caller's deals with the fields the program shares: a partner user's own, a partner
/// admin's whole company's; most recent activity first, a page at a time (1000 rows unless
/// `limit` says fewer: the SPA filters and sorts in the browser, so it reads every page);
/// `Link: <…>; rel="next"` names the next page while there is one.
#[utoipa::path(get, path = "/api/v1/pipeline", tag = "pipeline",
    params(PageQuery),
    responses((status = 200, body = PipelineView,
                  headers(("link" = String, description = "The next page: `<address>; rel=\"next\"`, absent on the last"))),
              (status = 400, description = "A limit out of range or a cursor this server did not write", body = ErrorBody),
              (status = 401, body = ErrorBody),
              (status = 403, description = "Channel managers use /api/v1/manage/pipeline", body = ErrorBody)),
    security(("session" = [])))]
async fn partner_pipeline(
    State(state): State<AppState>,
    PartnerUser { user, .. }: PartnerUser,
    AppQuery(q): AppQuery<PageQuery>,
) -> ApiResult<(HeaderMap, axum::Json<PipelineView>)> {
    let page = q.page(page::MAX_LIMIT)?;
    let fields = user.visible_fields.clone();
    let at = now();
    let mut rows = store::pipeline_visible(&state.db, &user, Some(page)).await?;
    let link = page::finish(&mut rows, page, "/api/v1/pipeline", |r| page::Cursor {
        at: r.last_activity_at,
        id: r.id,
    });
    Ok((
        link,
        axum::Json(PipelineView {
            deals: rows.iter().map(|r| r.deal(&fields, at)).collect(),
            shared_fields: fields,
        }),
    ))
}

/// Every deal with every field, internal ones included (channel managers only); pages as
/// for `/api/v1/pipeline` (1000 rows unless `limit` says fewer).
#[utoipa::path(get, path = "/api/v1/manage/pipeline", tag = "manage",
    params(PageQuery),
    responses((status = 200, body = Vec<ManagedDeal>,
                  headers(("link" = String, description = "The next page: `<address>; rel=\"next\"`, absent on the last"))),
              (status = 400, description = "A limit out of range or a cursor this server did not write", body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("session" = [])))]
async fn manager_pipeline(
    State(state): State<AppState>,
    _: Manager,
    AppQuery(q): AppQuery<PageQuery>,
) -> ApiResult<(HeaderMap, axum::Json<Vec<ManagedDeal>>)> {
    let page = q.page(page::MAX_LIMIT)?;
    let mut deals = store::managed_deals(&state.db, None, Some(page)).await?;
    let link = page::finish(&mut deals, page, "/api/v1/manage/pipeline", |d| {
        page::Cursor {
            at: d.deal.last_activity_at.unwrap_or_default(),
            id: d.deal.id,
        }
    });
    Ok((link, axum::Json(deals)))
}

/// Longest texts accepted per field.
const LIMITS: [(&str, usize); 5] = [
    ("vendor_owner", 120),
    ("next_step", 300),
    ("discount_band", 60),
    ("internal_notes", 4000),
    ("competitor_notes", 4000),
];

fn validate_update(u: &DealUpdate) -> Result<(), FieldErrors> {
    let mut fields = FieldErrors::new();
    let texts = [
        &u.vendor_owner,
        &u.next_step,
        &u.discount_band,
        &u.internal_notes,
        &u.competitor_notes,
    ];
    for ((name, max), value) in LIMITS.iter().zip(texts) {
        if let Some(v) = value {
            let notes = name.ends_with("_notes");
            if v.chars().count() > *max {
                fields.insert(
                    (*name).into(),
                    format!("Keep this to {max} characters or fewer."),
                );
            } else if (*name == "vendor_owner" || *name == "next_step") && v.trim().is_empty() {
                fields.insert(
                    (*name).into(),
                    "This cannot be empty; leave it out to keep the current value.".into(),
                );
            } else if notes && has_control_beyond_line_breaks(v) {
                fields.insert(
                    (*name).into(),
                    "Remove control characters (line breaks and tabs are fine).".into(),
                );
            } else if !notes && v.chars().any(char::is_control) {
                fields.insert(
                    (*name).into(),
                    "Remove control characters such as line breaks or tabs.".into(),
                );
            }
        }
    }
    if u.margin_percent.is_some_and(|m| !(-100..=100).contains(&m)) {
        fields.insert(
            "margin_percent".into(),
            "Margin is a percentage from -100 to 100.".into(),
        );
    }
    if u.deal_amount_minor.is_some_and(|a| a < 0) {
        fields.insert(
            "deal_amount_minor".into(),
            "The deal amount cannot be negative.".into(),
        );
    }
    if fields.is_empty() {
        Ok(())
    } else {
        Err(fields)
    }
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
    validate_update(&update).map_err(ApiError::Validation)?;
    let at = now();
    if let Some(stage) = &update.stage {
        if row.effective_status(at) != Status::Approved {
            return Err(ApiError::Conflict(format!(
                "Only approved deals move through stages; this one is {}.",
                row.effective_status(at).label().to_lowercase()
            )));
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
            ApiError::Validation(FieldErrors::from([(field.to_owned(), e.to_string())]))
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
