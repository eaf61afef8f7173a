//! The embedded registration form: its public endpoints (the loader's config look-up and the
//! submission, both keyed by the partner's embed key, no login, no cookies), the form page the
//! loader frames, and the partner admin's settings (key, allowed websites, rotation).
//!
//! Order of the submission's checks, cheapest and least revealing first: JSON content type →
//! body size → JSON syntax and shape (token and honeypot fields present) → the limit per client
//! address → key → `Origin` (exact match) → form token (signed, bound to key and website, not
//! too old, its website still allowed) → the partner's quota per key → bot rules (honeypot,
//! minimum fill time: answered with the same thank-you, stored nowhere) → the portal's preview
//! (checked, stored nowhere) → the portal's own validation, conflict check and insert
//! ([`crate::submission`]). Only websites the key allows can read any of these answers (CORS).
//!
//! The portal's own preview (the Embed page frames the form with the portal as its website) is
//! served only to a signed-in partner admin of the key's partner, and what it sends is a dry run:
//! checked by the portal's rules, stored nowhere, answered as a preview. So a key alone never
//! yields a working form: only the partner's allowed websites can store registrations, and a
//! partner without any stores none.

use crate::AppState;
use crate::audit::{AuditAction, AuditEvent};
use crate::auth::{PartnerAdmin, throttle};
use crate::db::now;
use crate::embed::page::{self, Assets, FormPage};
use crate::embed::{self, Caller, Embed, token};
use crate::error::{ApiError, ApiResult};
use crate::extract::{AppJson, AppPath, ClientAddr, from_json, is_json};
use crate::registrations as store;
use crate::submission::{self, Source, Submission, submit};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use catalog::Arg;
use domain::embed::{
    EmbedConfig, EmbedOriginsUpdate, EmbedReceipt, EmbedRefusal, EmbedSettings, EmbedSubmission,
    FORM_PATH, ThemeOverrides, normalize_origin, snippet, validate_origins,
};
use domain::message::Message;
use domain::{ErrorBody, Role};
use rand::RngCore;
use serde_json::json;
use std::collections::HashMap;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Largest submission body accepted (a full form is about 2 KiB).
pub const MAX_SUBMISSION_BYTES: usize = 16 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    let public = OpenApiRouter::new()
        .routes(routes!(config))
        .routes(routes!(submit_form))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_SUBMISSION_BYTES));
    OpenApiRouter::new()
        .routes(routes!(settings))
        .routes(routes!(set_origins))
        .routes(routes!(rotate_key))
        .merge(public)
}

/// The form page (HTML, not part of the JSON API).
pub fn pages() -> axum::Router<AppState> {
    axum::Router::new().route(FORM_PATH, axum::routing::get(form_page))
}

// --- Public: the loader and the form ---------------------------------------------------------

/// `Access-Control-Allow-Origin` for exactly this origin (never `*`, never with credentials).
fn allow_origin(mut response: Response, origin: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(origin) {
        let h = response.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    response
}

/// Answers CORS preflights for the embed endpoints: allowed only for the key's websites.
/// (A layer over the whole app, since preflights reach no handler: see `crate::app`.)
pub async fn preflight(
    State(state): State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let key = match request.uri().path().strip_prefix("/api/v1/embed/") {
        Some(rest) if request.method() == Method::OPTIONS => {
            rest.split('/').next().unwrap_or("").to_owned()
        }
        _ => return next.run(request).await,
    };
    let caller = Caller::of(request.headers());
    let allowed = match (&caller, embed::by_key(&state.db, &key).await) {
        (Caller::Site(origin), Ok(Some(e))) if e.allows(origin) => Some(origin.clone()),
        _ => None,
    };
    let Some(origin) = allowed else {
        return StatusCode::FORBIDDEN.into_response();
    };
    let mut response = StatusCode::NO_CONTENT.into_response();
    let h = response.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("content-type"),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    allow_origin(response, &origin)
}

/// An unknown or rotated key: the loader and the form explain a 404 themselves.
fn unknown_key() -> ApiError {
    ApiError::NotFound
}

/// Whether the website (or the portal itself) may show `embed`'s form.
fn caller_allowed(embed: &Embed, caller: &Caller) -> bool {
    match caller {
        Caller::Portal => true,
        Caller::Site(origin) => embed.allows(origin),
        Caller::Unknown => false,
    }
}

/// What the loader asks first: may this website show the form? Answers the website itself
/// (exact-match CORS), so the loader can show the reason in place of the form.
#[utoipa::path(get, path = "/api/v1/embed/{key}/config", tag = "embed",
    params(("key" = String, Path, description = "The partner's embed key"),
           ("lang" = Option<String>, Query, description = "The form's language (en, de); else Accept-Language's"),
           ("Origin" = Option<String>, Header, description = "The website's origin, as browsers send it")),
    responses((status = 200, body = EmbedConfig),
              (status = 403, description = "This website is not one of the partner's allowed origins", body = EmbedRefusal),
              (status = 404, description = "No such key (or it was rotated)", body = EmbedRefusal)))]
#[tracing::instrument(skip_all)]
async fn config(
    State(state): State<AppState>,
    AppPath(key): AppPath<String>,
    lang: Result<Query<LangQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Response {
    let caller = Caller::of(&headers);
    let lang = lang.ok().and_then(|Query(q)| q.lang);
    let locale = crate::i18n::locale_of(lang.as_deref(), &headers);
    let refused = |e: ApiError, reason: String| {
        let body = EmbedRefusal {
            error: e.body(),
            text: crate::i18n::text(locale, "form.cannot_show", &[("reason", Arg::Text(reason))]),
        };
        let status = StatusCode::from_u16(body.error.error.status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(body)).into_response()
    };
    let answer = match embed::by_key(&state.db, &key).await {
        Err(e) => ApiError::from(e).into_response(),
        Ok(None) => {
            let reason = crate::i18n::text(locale, "form.key_not_active", &[]);
            refused(unknown_key(), reason)
        }
        Ok(Some(embed)) if caller_allowed(&embed, &caller) => axum::Json(EmbedConfig {
            title: crate::i18n::text(
                locale,
                "form.title",
                &[("partner", Arg::Text(embed.partner.name.clone()))],
            ),
            lang: locale.code().to_owned(),
            partner: embed.partner.name.clone(),
            form_path: FORM_PATH.to_owned(),
        })
        .into_response(),
        Ok(Some(_)) => {
            tracing::info!(
                ?caller,
                "embed config refused for a website not on the list"
            );
            let m = Message::EmbedShowNotAllowed;
            let reason = crate::i18n::text(locale, m.id(), &m.args());
            refused(ApiError::Forbidden(m), reason)
        }
    };
    let response = answer;
    // Errors are readable by any website (they say nothing about the partner), so the loader
    // can explain itself; the form's details only reach allowed websites.
    match caller {
        Caller::Site(origin) => allow_origin(response, &origin),
        _ => response,
    }
}

/// `?lang=` of the loader's question, when the host page names the form's language.
#[derive(Debug, serde::Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
struct FormQuery {
    #[serde(default)]
    key: String,
    #[serde(default)]
    origin: String,
    /// The form's language (`en`, `de`) where the host names it; else the visitor's browser's.
    #[serde(default)]
    lang: Option<String>,
    #[serde(flatten)]
    theme: HashMap<String, String>,
}

fn html_answer(status: StatusCode, csp: &str, body: String) -> Response {
    let mut response = (status, Html(body)).into_response();
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The framed form page: only for the key's websites (and the portal's preview), with a fresh
/// form token and the host's design overrides.
#[tracing::instrument(skip_all)]
async fn form_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<FormQuery>, QueryRejection>,
) -> Response {
    const CLOSED: &str = "default-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    let lang = query.as_ref().ok().and_then(|Query(q)| q.lang.clone());
    let locale = crate::i18n::locale_of(lang.as_deref(), &headers);
    let Ok(Query(q)) = query else {
        return html_answer(
            StatusCode::BAD_REQUEST,
            CLOSED,
            page::message_page(locale, "form.bad_address"),
        );
    };
    let embed = match embed::by_key(&state.db, &q.key).await {
        Ok(Some(e)) => e,
        Ok(None) => {
            return html_answer(
                StatusCode::NOT_FOUND,
                CLOSED,
                page::message_page(locale, "form.not_active"),
            );
        }
        Err(e) => return ApiError::from(e).into_response(),
    };
    let portal = embed::portal_origin(&state.config, &headers);
    let host = normalize_origin(&q.origin)
        .ok()
        .filter(|o| *o == portal || embed.allows(o));
    if host.as_deref() == Some(portal.as_str()) && !previewer(&state, &headers, &embed).await {
        return html_answer(
            StatusCode::FORBIDDEN,
            CLOSED,
            page::message_page(locale, "form.preview"),
        );
    }
    let Some(host) = host else {
        return html_answer(
            StatusCode::FORBIDDEN,
            CLOSED,
            page::message_page(locale, "form.not_allowed"),
        );
    };
    let mut nonce = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut nonce);
    let nonce = hex::encode(nonce);
    let frame_ancestor = if host == portal {
        "'self'".to_owned()
    } else {
        host.clone()
    };
    let token = token::issue(
        &state.embed_secret,
        &embed.key,
        &host,
        chrono::Utc::now().timestamp_millis(),
    );
    let motions = match embed::form_motions(&state.db, embed.partner.id).await {
        Ok(m) => m,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let categories = match store::categories_for(&state.db, embed.partner.tier).await {
        Ok(c) => c,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let theme = ThemeOverrides::parse(|name| q.theme.get(name).cloned());
    let assets = Assets::read(&state.config.dist_dir).await;
    let today = domain::date::Date::from_unix(now()).to_string();
    let body = page::render(&FormPage {
        embed: &embed,
        host: &host,
        token: &token,
        today: &today,
        motions: &motions,
        categories: &categories,
        theme: &theme,
        nonce: &nonce,
        assets: &assets,
        locale,
    });
    html_answer(StatusCode::OK, &page::csp(&frame_ancestor, &nonce), body)
}

/// Whether the request comes from a signed-in partner admin of `embed`'s partner (the only
/// people the portal's preview of the form is for).
async fn previewer(state: &AppState, headers: &HeaderMap, embed: &Embed) -> bool {
    let Some(token) = crate::auth::session_token(headers) else {
        return false;
    };
    match crate::auth::session::lookup(&state.db, token).await {
        Ok(Some(user)) => {
            user.role == Role::PartnerAdmin
                && user
                    .partner
                    .as_ref()
                    .is_some_and(|p| p.id == embed.partner.id)
        }
        _ => false,
    }
}

/// Register a deal through the embedded form. No login and no cookies: the key names the
/// partner, the `Origin` must be one of the partner's websites (or the portal's own framed
/// form), and the form token must come from a form page served for that website. Answers a
/// thank-you with a reference — never anything about other registrations.
#[utoipa::path(post, path = "/api/v1/embed/{key}/registrations", tag = "embed",
    params(("key" = String, Path, description = "The partner's embed key"),
           ("lang" = Option<String>, Query, description = "The form's language (en, de); else Accept-Language's"),
           ("Origin" = Option<String>, Header, description = "The website's origin, as browsers send it")),
    request_body = EmbedSubmission,
    responses((status = 202, description = "Received: a thank-you and a reference", body = EmbedReceipt),
              (status = 400, description = "Not JSON, or the form token is missing, forged or expired (reload the form)", body = ErrorBody),
              (status = 403, description = "Not sent from one of the partner's websites", body = ErrorBody),
              (status = 404, description = "No such key (or it was rotated)", body = ErrorBody),
              (status = 409, description = "This form was already sent with other details", body = ErrorBody),
              (status = 413, description = "The body is larger than 16 KiB", body = ErrorBody),
              (status = 422, description = "Invalid fields (the portal's rules)", body = ErrorBody),
              (status = 429, description = "Too many submissions from this address or for this key; see Retry-After", body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(client = %client))]
async fn submit_form(
    State(state): State<AppState>,
    AppPath(key): AppPath<String>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let caller = Caller::of(&headers);
    // Whether the key allows the caller, once `receive` has looked the key up.
    let mut site_allowed = None;
    let response = match receive(
        &state,
        &key,
        client,
        &caller,
        &headers,
        body,
        &mut site_allowed,
    )
    .await
    {
        Ok(receipt) => (StatusCode::ACCEPTED, axum::Json(receipt)).into_response(),
        Err(e) => e.into_response(),
    };
    // The answer is readable by a website only if the key allows it. A refusal that came before
    // the key was looked up (a malformed body, the per-address limit) looks it up here, so a
    // website that is not listed reads nothing.
    match &caller {
        Caller::Site(origin) => {
            let allowed = match site_allowed {
                Some(allowed) => allowed,
                None => matches!(
                    embed::by_key(&state.db, &key).await,
                    Ok(Some(e)) if caller_allowed(&e, &caller)
                ),
            };
            if allowed {
                allow_origin(response, origin)
            } else {
                response
            }
        }
        _ => response,
    }
}

async fn receive(
    state: &AppState,
    key: &str,
    client: std::net::IpAddr,
    caller: &Caller,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
    site_allowed: &mut Option<bool>,
) -> ApiResult<EmbedReceipt> {
    // The body first, as every JSON endpoint reads it (400 / 413 / 422).
    if !is_json(headers) {
        return Err(ApiError::BadRequest(Message::NotJsonContentType));
    }
    let bytes = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge {
                limit: MAX_SUBMISSION_BYTES,
            }
        } else {
            ApiError::BadRequest(Message::BadBody {
                detail: e.body_text(),
            })
        }
    })?;
    let submission: EmbedSubmission = from_json(&bytes)?;
    check_shape(&submission).map_err(ApiError::Validation)?;

    // Only requests that could be stored count against the limits (malformed ones cost nothing):
    // first a cheap one per client address, then — once key, website and token have verified —
    // the partner's quota, so junk from a few addresses cannot use it up.
    let limits = EmbedLimits::of(&state.config.embed);
    let at = now();
    rate_limit(
        state,
        &format!("embed:client:{client}"),
        limits.per_client,
        at,
    )
    .await?;

    let Some(embed) = embed::by_key(&state.db, key).await? else {
        *site_allowed = Some(false);
        return Err(unknown_key());
    };
    let allowed = caller_allowed(&embed, caller);
    *site_allowed = Some(allowed);
    if !allowed {
        tracing::info!(
            ?caller,
            partner = embed.partner.id,
            "embed submission refused: website not allowed"
        );
        return Err(ApiError::Forbidden(Message::EmbedSendNotAllowed));
    }

    let expired = || ApiError::BadRequest(Message::EmbedTokenExpired);
    let claims =
        token::verify(&state.embed_secret, &embed.key, &submission.token).ok_or_else(expired)?;
    let age_ms = chrono::Utc::now()
        .timestamp_millis()
        .saturating_sub(claims.issued_ms);
    let cfg = &state.config.embed;
    if age_ms < 0 || age_ms as u128 > cfg.max_age.as_millis() {
        return Err(expired());
    }
    // The token's website must still be allowed (removing a website stops its open forms), and
    // a website may only send forms served for itself.
    let portal = embed::portal_origin(&state.config, headers);
    let token_site_ok = claims.origin == portal || embed.allows(&claims.origin);
    let matches_caller = match caller {
        Caller::Site(origin) => *origin == claims.origin,
        _ => true,
    };
    if !token_site_ok || !matches_caller {
        tracing::info!(partner = embed.partner.id, origin = %claims.origin, "embed submission refused: the form's website is not allowed");
        return Err(ApiError::Forbidden(Message::EmbedSendNotAllowed));
    }
    rate_limit(
        state,
        &format!("embed:key:{}", embed.partner.id),
        limits.per_key,
        at,
    )
    .await?;

    let thank_you = |reference: String| EmbedReceipt {
        message: Message::EmbedReceived {
            partner: embed.partner.name.clone(),
        },
        reference,
    };
    // Bots: the same answer as a person gets, and nothing stored.
    let too_fast = (age_ms as u128) < cfg.min_fill.as_millis();
    if !submission.website.is_empty() || too_fast {
        let reason = if too_fast {
            "filled too fast"
        } else {
            "honeypot filled"
        };
        tracing::info!(
            partner = embed.partner.id,
            reason,
            age_ms,
            "embed submission dropped as a bot's; nothing stored"
        );
        return Ok(thank_you(embed::new_reference()));
    }

    // The portal's preview: the form works and the portal's rules answer, but nothing is kept.
    if claims.origin == portal {
        submission::check(&state.db, &embed.partner, &submission.registration).await?;
        tracing::info!(
            partner = embed.partner.id,
            "embed preview submission checked; nothing stored"
        );
        return Ok(EmbedReceipt {
            message: Message::EmbedPreviewChecked,
            reference: "PREVIEW".into(),
        });
    }

    let Some(owner) = embed.owner_id else {
        return Err(ApiError::internal(
            "embed submission",
            "the partner has no partner admin",
        ));
    };
    let reference = embed::new_reference();
    let idempotency = format!("embed:{}", claims.tag);
    let submitted = submit(
        &state.db,
        &Submission {
            partner: &embed.partner,
            submitted_by: owner,
            actor: None,
            source: Source::Embed {
                reference: &reference,
                origin: &claims.origin,
            },
            idempotency_key: Some(&idempotency),
        },
        &submission.registration,
    )
    .await?;
    // A replay answers with the reference given the first time.
    let stored = embed::submission_reference(&state.db, submitted.id()).await?;
    tracing::info!(
        partner = embed.partner.id,
        registration = submitted.id(),
        "embed registration received"
    );
    Ok(thank_you(stored))
}

/// What no form page ever sends: a token with other characters or over its length, a
/// honeypot value no bot would bother to fill in. (The registration itself is checked by the
/// portal's rules once the partner is known.)
fn check_shape(s: &EmbedSubmission) -> Result<(), domain::error::FieldErrors> {
    let mut fields = domain::error::FieldErrors::new();
    if s.token.len() > token::MAX_LEN
        || !s.token.bytes().all(|b| b.is_ascii_hexdigit() || b == b'.')
    {
        fields.insert("token".into(), Message::EmbedNotAToken);
    }
    if s.website.chars().count() > 200 || s.website.chars().any(char::is_control) {
        fields.insert("website".into(), Message::LeaveEmpty);
    }
    if fields.is_empty() {
        Ok(())
    } else {
        Err(fields)
    }
}

// --- Partner admins: the Embed page ----------------------------------------------------------

fn settings_view(state: &AppState, headers: &HeaderMap, e: &Embed) -> EmbedSettings {
    let portal = embed::portal_origin(&state.config, headers);
    EmbedSettings {
        snippet: snippet(&portal, &e.key),
        key: e.key.clone(),
        allowed_origins: e.origins.clone(),
        portal_origin: portal,
        key_created_at: e.key_created_at,
    }
}

/// The embedded form's settings: key, allowed websites, snippet (created on first visit).
/// Partner admins.
#[utoipa::path(get, path = "/api/v1/partner/embed", tag = "embed",
    responses((status = 200, body = EmbedSettings), (status = 401, body = ErrorBody),
              (status = 403, description = "Partner admins only", body = ErrorBody)),
    security(("session" = [])))]
async fn settings(
    State(state): State<AppState>,
    PartnerAdmin { user, partner }: PartnerAdmin,
    headers: HeaderMap,
) -> ApiResult<axum::Json<EmbedSettings>> {
    let e = embed::ensure(&state.db, partner.id, user.id).await?;
    Ok(axum::Json(settings_view(&state, &headers, &e)))
}

/// Replace the websites allowed to show and send the form (exact origins,
/// `scheme://host[:port]`). Partner admins.
#[utoipa::path(put, path = "/api/v1/partner/embed/origins", tag = "embed",
    request_body = EmbedOriginsUpdate,
    responses((status = 200, body = EmbedSettings), (status = 401, body = ErrorBody),
              (status = 403, description = "Partner admins only", body = ErrorBody),
              (status = 422, description = "An entry is not an exact origin", body = ErrorBody)),
    security(("session" = [])))]
async fn set_origins(
    State(state): State<AppState>,
    PartnerAdmin { user, partner }: PartnerAdmin,
    headers: HeaderMap,
    AppJson(update): AppJson<EmbedOriginsUpdate>,
) -> ApiResult<axum::Json<EmbedSettings>> {
    let origins = validate_origins(&update.origins).map_err(ApiError::Validation)?;
    embed::ensure(&state.db, partner.id, user.id).await?;
    // Under the partner's embed lock row, concurrent replacements run one after the other.
    let mut tx = state.db.begin().await?;
    crate::db::lock(&mut tx, &[format!("embed:{}", partner.id)]).await?;
    let before_origins = embed::origins(&mut *tx, partner.id).await?;
    embed::replace_origins(&mut tx, partner.id, &origins).await?;
    embed::set_owner(&mut tx, partner.id, user.id).await?;
    AuditEvent::new(AuditAction::EmbedOriginsChanged, partner.id)
        .by(user.id)
        .before(json!({ "origins": before_origins }))
        .after(json!({ "origins": origins }))
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    let e = embed::ensure(&state.db, partner.id, user.id).await?;
    Ok(axum::Json(settings_view(&state, &headers, &e)))
}

/// Rotate the embed key: the old key stops working at once (open forms included); the new
/// snippet must be pasted into the websites. Partner admins.
#[utoipa::path(post, path = "/api/v1/partner/embed/key", tag = "embed",
    responses((status = 200, description = "Rotated", body = EmbedSettings), (status = 401, body = ErrorBody),
              (status = 403, description = "Partner admins only", body = ErrorBody)),
    security(("session" = [])))]
async fn rotate_key(
    State(state): State<AppState>,
    PartnerAdmin { user, partner }: PartnerAdmin,
    headers: HeaderMap,
) -> ApiResult<axum::Json<EmbedSettings>> {
    embed::ensure(&state.db, partner.id, user.id).await?;
    let at = now();
    let mut tx = state.db.begin().await?;
    embed::rotate_key(&mut tx, partner.id, user.id, at).await?;
    AuditEvent::new(AuditAction::EmbedKeyRotated, partner.id)
        .by(user.id)
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    tracing::info!(partner = partner.id, "embed key rotated");
    let e = embed::ensure(&state.db, partner.id, user.id).await?;
    Ok(axum::Json(settings_view(&state, &headers, &e)))
}

/// The embedded form's two limits.
struct EmbedLimits {
    per_client: throttle::Limit,
    per_key: throttle::Limit,
}

impl EmbedLimits {
    fn of(c: &crate::config::EmbedConfig) -> Self {
        EmbedLimits {
            per_client: throttle::Limit {
                max: c.per_client,
                window: c.window,
            },
            per_key: throttle::Limit {
                max: c.per_key,
                window: c.window,
            },
        }
    }
}

/// One hit on `bucket`; 429 with Retry-After when it is over `limit`.
async fn rate_limit(
    state: &AppState,
    bucket: &str,
    limit: throttle::Limit,
    at: i64,
) -> ApiResult<()> {
    let mut conn = state.db.acquire().await?;
    throttle::hit(&mut conn, bucket, limit, at)
        .await?
        .map_err(|wait| ApiError::RateLimited {
            retry_after_secs: wait.as_secs().max(1),
        })
}
