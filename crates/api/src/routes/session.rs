//! Sign-in, sign-out and "who am I".

use crate::AppState;
use crate::audit::{AuditAction, AuditEvent};
use crate::auth::{self, CurrentUser, password, session, throttle};
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::extract::{AppJson, ClientAddr};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::ErrorBody;
use domain::views::{Me, SignInRequest};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_in, sign_out))
        .routes(routes!(me))
}

/// Sign in with e-mail and password; sets the session cookie.
#[utoipa::path(
    post,
    path = "/api/v1/session",
    tag = "session",
    request_body = SignInRequest,
    responses(
        (status = 200, description = "Signed in; the `portico_session` cookie is set", body = Me,
            headers(("set-cookie" = String, description = "HttpOnly, SameSite=Lax session cookie"))),
        (status = 400, description = "Unreadable body", body = ErrorBody),
        (status = 401, description = "Wrong e-mail or password (one answer for both)", body = ErrorBody),
        (status = 403, description = "Cross-site request refused", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
        (status = 429, description = "Too many failed attempts for this account or address",
            body = ErrorBody, headers(("retry-after" = u64, description = "Seconds to wait"))),
        (status = 503, description = "Too many sign-ins at once, or the database is out of reach",
            body = ErrorBody, headers(("retry-after" = u64, description = "Seconds to wait"))),
    )
)]
#[tracing::instrument(skip_all, fields(client = %client.0))]
async fn sign_in(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    AppJson(request): AppJson<SignInRequest>,
) -> ApiResult<Response> {
    let valid = request.validate().map_err(ApiError::Validation)?;
    let email = valid.email.as_str().to_owned();
    // Counted before the password is checked, so concurrent guesses cannot all pass.
    let at = now();
    let buckets = signin_buckets(&email, client.0);
    let limits = signin_limits(&state.config.throttle);
    {
        let mut conn = state.db.acquire().await?;
        let mut refused = None;
        for (bucket, limit) in [
            (&buckets.account_here, limits.account_here),
            (&buckets.account_anywhere, limits.account_anywhere),
            (&buckets.client, limits.client),
        ] {
            if let Err(wait) = throttle::hit(&mut conn, bucket, limit, at).await? {
                refused = refused.max(Some(wait));
            }
        }
        if let Some(wait) = refused {
            return Err(ApiError::RateLimited {
                retry_after_secs: wait.as_secs(),
            });
        }
    }

    // At most `hashers` hashes at once in this process; a sign-in that cannot get one in time
    // is told to retry (503) rather than queue without bound.
    let permit = tokio::time::timeout(
        state.config.throttle.hash_wait,
        state.hashers.clone().acquire_owned(),
    )
    .await
    .map_err(|_| ApiError::Busy)?
    .map_err(|e| ApiError::internal("password check", e))?;
    let account = session::credentials(&state.db, &email).await?;
    let password = valid.password;
    let user_id = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        match account {
            Some(c) => password::verify(&password, &c.password_hash).then_some(c.user_id),
            None => {
                password::verify_dummy(&password);
                None
            }
        }
    })
    .await
    .map_err(|e| ApiError::internal("password check", e))?;

    let Some(user_id) = user_id else {
        tracing::info!("failed sign-in");
        return Err(ApiError::Unauthenticated(
            // The one answer for a wrong e-mail and for a wrong password.
            domain::message::Message::WrongCredentials,
        ));
    };
    // A right password clears the account's failures from this address, and the attempt does
    // not count against the account elsewhere or against the address.
    throttle::clear(&state.db, &buckets.account_here).await?;
    throttle::forgive(
        &state.db,
        &buckets.account_anywhere,
        limits.account_anywhere,
        at,
    )
    .await?;
    throttle::forgive(&state.db, &buckets.client, limits.client, at).await?;

    let new = session::create(&state.db, user_id, state.config.session_ttl).await?;
    let user = session::lookup(&state.db, &new.token)
        .await?
        .ok_or_else(|| ApiError::internal("sign-in", "new session not found"))?;
    AuditEvent::new(AuditAction::SignIn, user_id)
        .by(user_id)
        .record_in_pool(&state.db)
        .await?;

    let cookie = session::set_cookie(
        &new.token,
        state.config.session_ttl,
        secure(&state, &headers),
    );
    let mut response = axum::Json(user.me()).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|e| ApiError::internal("cookie", e))?,
    );
    Ok(response)
}

/// Sign out: the session is revoked on the server and the cookie removed. Idempotent.
#[utoipa::path(
    delete,
    path = "/api/v1/session",
    tag = "session",
    responses(
        (status = 204, description = "Signed out (or was not signed in)"),
        (status = 403, description = "Cross-site request refused", body = ErrorBody),
    )
)]
#[tracing::instrument(skip_all)]
async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    if let Some(token) = auth::session_token(&headers)
        && let Some(user) = session::lookup(&state.db, token).await?
    {
        session::revoke(&state.db, &user.session_hash).await?;
        AuditEvent::new(AuditAction::SignOut, user.id)
            .by(user.id)
            .record_in_pool(&state.db)
            .await?;
    }
    let cookie = session::clear_cookie(secure(&state, &headers));
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|e| ApiError::internal("cookie", e))?,
    );
    Ok(response)
}

/// The signed-in user, their role, and their partner and tier (none for channel managers).
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "session",
    responses(
        (status = 200, body = Me),
        (status = 401, description = "No live session", body = ErrorBody),
    ),
    security(("session" = []))
)]
async fn me(user: CurrentUser) -> axum::Json<Me> {
    axum::Json(user.me())
}

/// Cookies are `Secure` when the public URL is https or a TLS proxy says the request was.
fn secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.config.public_https
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// The rate buckets of a sign-in (accounts by their normalised e-mail).
struct SigninBuckets {
    /// The account from this client address.
    account_here: String,
    /// The account from every address.
    account_anywhere: String,
    /// This client address, whatever the account.
    client: String,
}

struct SigninLimits {
    account_here: throttle::Limit,
    account_anywhere: throttle::Limit,
    client: throttle::Limit,
}

fn signin_buckets(email: &str, client: std::net::IpAddr) -> SigninBuckets {
    SigninBuckets {
        account_here: format!("signin:account:{email}:{client}"),
        account_anywhere: format!("signin:account:{email}"),
        client: format!("signin:client:{client}"),
    }
}

fn signin_limits(c: &crate::config::ThrottleConfig) -> SigninLimits {
    let limit = |max| throttle::Limit {
        max,
        window: c.window,
    };
    SigninLimits {
        account_here: limit(c.per_account),
        account_anywhere: limit(c.per_account_anywhere),
        client: limit(c.per_client),
    }
}
