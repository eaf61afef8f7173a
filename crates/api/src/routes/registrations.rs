//! Partner side of deal registration: form options, the customer check, submitting (idempotent),
//! "My registrations", a registration's detail and history, and extension requests.

use crate::AppState;
use crate::audit::{AuditAction, AuditEvent};
use crate::auth::{CurrentUser, PartnerUser, throttle};
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::extract::{AppJson, AppPath, AppQuery};
use crate::page::{self, PageQuery};
use crate::registrations as store;
use crate::submission::{Source, Submission, Submitted, submit};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::ErrorBody;
use domain::conflict::availability_seen_by;
use domain::customer::CustomerKey;
use domain::error::FieldErrors;
use domain::message::Message;
use domain::registration::{CURRENCIES, RegistrationInput, Status};
use domain::views::{
    CommissionLineView, CustomerCheck, CustomerCheckRequest, ExtensionRequest, RegistrationDetail,
    RegistrationOptions, RegistrationView, validate_reason,
};
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(options))
        .routes(routes!(check_customer))
        .routes(routes!(list, create))
        .routes(routes!(detail))
        .routes(routes!(request_extension))
        .routes(routes!(commission_lines))
}

/// Longest idempotency key accepted.
const MAX_KEY: usize = 128;

fn today() -> domain::date::Date {
    domain::date::Date::from_unix(now())
}

/// What the registration form offers the caller's tier.
#[utoipa::path(get, path = "/api/v1/registrations/options", tag = "registrations",
    responses((status = 200, body = RegistrationOptions),
              (status = 401, body = ErrorBody), (status = 403, description = "Not a partner user", body = ErrorBody)),
    security(("session" = [])))]
async fn options(
    State(state): State<AppState>,
    PartnerUser { partner, .. }: PartnerUser,
) -> ApiResult<axum::Json<RegistrationOptions>> {
    let program = store::program(&state.db).await?;
    Ok(axum::Json(RegistrationOptions {
        categories: store::categories_for(&state.db, partner.tier).await?,
        currencies: CURRENCIES.iter().map(|c| (*c).to_owned()).collect(),
        protection_days: program.protection_days,
        approval_sla_hours: program.approval_sla_hours,
        today: today().to_string(),
    }))
}

/// Is this customer free? Answers "free", "possible conflict" or "protected until <day>", with
/// the rule that fired, and never which partner holds the customer. A partner user learns only
/// "possible conflict" about colleagues' registrations it cannot see. At most 30 checks per
/// user in 15 minutes (429 with Retry-After).
#[utoipa::path(post, path = "/api/v1/registrations/check", tag = "registrations",
    request_body = CustomerCheckRequest,
    responses((status = 200, body = CustomerCheck), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 422, description = "No usable customer identity, or a field the form would refuse", body = ErrorBody),
              (status = 429, description = "Too many checks by this user; see Retry-After", body = ErrorBody,
                  headers(("retry-after" = u64, description = "Seconds to wait")))),
    security(("session" = [])))]
async fn check_customer(
    State(state): State<AppState>,
    PartnerUser { user, partner }: PartnerUser,
    AppJson(req): AppJson<CustomerCheckRequest>,
) -> ApiResult<axum::Json<CustomerCheck>> {
    req.validate().map_err(ApiError::Validation)?;
    let key = CustomerKey::new(
        &req.customer_legal_name,
        &req.customer_domain,
        &req.customer_country,
    );
    if key.domain.is_none()
        && (key.name.is_empty() || domain::countries::country_name(&key.country).is_none())
    {
        let mut fields = FieldErrors::new();
        fields.insert("customer_domain".into(), Message::CustomerCheckNeedsKey);
        return Err(ApiError::Validation(fields));
    }
    // Counted once the question is well formed: a typo costs nothing.
    let at = now();
    let limit = throttle::Limit {
        max: state.config.throttle.customer_checks,
        window: state.config.throttle.window,
    };
    let mut conn = state.db.acquire().await?;
    if let Err(wait) =
        throttle::hit(&mut conn, &format!("check:user:{}", user.id), limit, at).await?
    {
        return Err(ApiError::RateLimited {
            retry_after_secs: wait.as_secs(),
        });
    }
    drop(conn);
    let claims: Vec<_> = store::claims_for(&state.db, &key, None)
        .await?
        .into_iter()
        .map(|c| c.claim)
        .collect();
    // Which of the company's own claims this user may see (a partner admin sees them all).
    let mut seen = std::collections::HashSet::new();
    for c in claims.iter().filter(|c| c.partner_id == partner.id) {
        if store::visible(&state.db, &user, c.registration_id)
            .await?
            .is_some()
        {
            seen.insert(c.registration_id);
        }
    }
    Ok(axum::Json(CustomerCheck::new(availability_seen_by(
        &claims,
        partner.id,
        |c| seen.contains(&c.registration_id),
        at,
    ))))
}

/// Registrations the caller may see: their own (partner user) or their company's (partner
/// admin), newest first, a page at a time (100 rows unless `limit` says otherwise, at most
/// 1000); `Link: <…>; rel="next"` names the next page while there is one.
#[utoipa::path(get, path = "/api/v1/registrations", tag = "registrations",
    params(PageQuery),
    responses((status = 200, body = Vec<RegistrationView>,
                  headers(("link" = String, description = "The next page: `<address>; rel=\"next\"`, absent on the last"))),
              (status = 400, description = "A limit out of range or a cursor this server did not write", body = ErrorBody),
              (status = 401, body = ErrorBody)),
    security(("session" = [])))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(q): AppQuery<PageQuery>,
) -> ApiResult<(HeaderMap, axum::Json<Vec<RegistrationView>>)> {
    let page = q.page(page::DEFAULT_LIMIT)?;
    let program = store::program(&state.db).await?;
    let at = now();
    let mut rows = store::list_visible(&state.db, &user, Some(page)).await?;
    let link = page::finish(&mut rows, page, "/api/v1/registrations", |r| page::Cursor {
        at: r.submitted_at,
        id: r.id,
    });
    Ok((
        link,
        axum::Json(
            rows.iter()
                .map(|r| r.view(&program, &user.visible_fields, at))
                .collect(),
        ),
    ))
}

/// Submit a registration. Send an `Idempotency-Key` header (one per draft): a retry with the
/// same key returns the registration created the first time instead of a duplicate.
#[utoipa::path(post, path = "/api/v1/registrations", tag = "registrations",
    request_body = RegistrationInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "One key per draft, at most 128 characters",
        min_length = 1, max_length = 128, pattern = r"^[!-~]+$")),
    responses(
        (status = 201, description = "Created", body = RegistrationView,
            headers(("location" = String), ("idempotent-replayed" = String, description = "`true` on a replay"))),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, description = "The key was used for a different registration", body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, description = "Invalid fields", body = ErrorBody)),
    security(("session" = [])))]
#[tracing::instrument(skip_all, fields(user = user.id))]
async fn create(
    State(state): State<AppState>,
    PartnerUser { user, partner }: PartnerUser,
    headers: HeaderMap,
    AppJson(input): AppJson<RegistrationInput>,
) -> ApiResult<Response> {
    let key = idempotency_key(&headers)?;
    let submitted = submit(
        &state.db,
        &Submission {
            partner: &partner,
            submitted_by: user.id,
            actor: Some(user.id),
            source: Source::Portal,
            idempotency_key: key.as_deref(),
        },
        &input,
    )
    .await?;
    let replayed = matches!(submitted, Submitted::Replayed(_));
    Ok(created(
        view(&state, &user, submitted.id()).await?,
        replayed,
    ))
}

fn idempotency_key(headers: &HeaderMap) -> ApiResult<Option<String>> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value.to_str().map(str::trim).unwrap_or("");
    if key.is_empty() || key.len() > MAX_KEY || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::BadRequest(Message::BadIdempotencyKey {
            max: MAX_KEY as u32,
        }));
    }
    Ok(Some(key.to_owned()))
}

/// The partner view of `id` (the caller's own, just written), bounded by the shared fields.
async fn view(state: &AppState, user: &CurrentUser, id: i64) -> ApiResult<RegistrationView> {
    store::view_by_id(&state.db, id, &user.visible_fields)
        .await?
        .ok_or(ApiError::NotFound)
}

fn created(view: RegistrationView, replayed: bool) -> Response {
    let location = format!("/api/v1/registrations/{}", view.id);
    let mut response = (StatusCode::CREATED, axum::Json(view)).into_response();
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&location) {
        h.insert(header::LOCATION, v);
    }
    h.insert(
        "idempotent-replayed",
        HeaderValue::from_static(if replayed { "true" } else { "false" }),
    );
    response
}

/// A registration with its history. Answers 404 for ids the caller may not see.
#[utoipa::path(get, path = "/api/v1/registrations/{id}", tag = "registrations",
    params(("id" = i64, Path, description = "Registration id")),
    responses((status = 200, body = RegistrationDetail), (status = 401, body = ErrorBody),
              (status = 404, description = "No such registration, or not yours", body = ErrorBody)),
    security(("session" = [])))]
async fn detail(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<axum::Json<RegistrationDetail>> {
    let row = store::visible(&state.db, &user, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let program = store::program(&state.db).await?;
    let fields = &user.visible_fields;
    Ok(axum::Json(RegistrationDetail {
        registration: row.view(&program, fields, now()),
        history: store::history(&state.db, id, fields).await?,
    }))
}

/// The commission lines a registration earned (once it is won), for anyone who may see the
/// registration. Answers 404 for ids the caller may not see.
#[utoipa::path(get, path = "/api/v1/registrations/{id}/commissions", tag = "registrations",
    params(("id" = i64, Path, description = "Registration id")),
    responses((status = 200, body = [CommissionLineView]), (status = 401, body = ErrorBody),
              (status = 404, description = "No such registration, or not yours", body = ErrorBody)),
    security(("session" = [])))]
async fn commission_lines(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<axum::Json<Vec<CommissionLineView>>> {
    store::visible(&state.db, &user, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(axum::Json(
        crate::commissions::lines_of_registration(&state.db, id)
            .await?
            .iter()
            .map(crate::commissions::LineRow::view)
            .collect(),
    ))
}

/// Ask the channel team for more protection time on an approved registration.
#[utoipa::path(post, path = "/api/v1/registrations/{id}/extension-request", tag = "registrations",
    params(("id" = i64, Path, description = "Registration id")),
    request_body = ExtensionRequest,
    responses((status = 202, description = "Requested", body = RegistrationView), (status = 401, body = ErrorBody),
              (status = 403, description = "Not a partner user", body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, description = "Not approved, or a request is already pending", body = ErrorBody),
              (status = 422, body = ErrorBody)),
    security(("session" = [])))]
async fn request_extension(
    State(state): State<AppState>,
    PartnerUser { user, .. }: PartnerUser,
    AppPath(id): AppPath<i64>,
    AppJson(req): AppJson<ExtensionRequest>,
) -> ApiResult<Response> {
    let row = store::visible(&state.db, &user, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let reason = validate_reason(&req.reason, "reason").map_err(ApiError::Validation)?;
    let at = now();
    if row.effective_status(at) != Status::Approved {
        return Err(ApiError::Conflict(Message::NotExtendable));
    }
    if row.extension_pending {
        return Err(ApiError::Conflict(Message::ExtensionPending));
    }
    let mut tx = state.db.begin().await?;
    // One pending request per registration is a unique index: of concurrent requests one wins,
    // the others get the same 409 as a request made after it.
    if !store::request_extension(&mut tx, id, user.id, &reason, at).await? {
        return Err(ApiError::Conflict(Message::ExtensionPending));
    }
    store::touch(&mut tx, id, at).await?;
    AuditEvent::new(AuditAction::ExtensionRequested, id)
        .by(user.id)
        .after(json!({ "detail": reason }))
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(view(&state, &user, id).await?),
    )
        .into_response())
}
