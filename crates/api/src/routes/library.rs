//! The enablement library: the caller's entitled assets (for the browser's search index, with an
//! ETag so a cached copy is revalidated rather than downloaded again), one asset with related
//! ones, and channel managers' publishing (create, edit, retire, restore). Every asset above a
//! partner's tier or retired answers 404, exactly like one that does not exist.

use crate::AppState;
use crate::audit::{AuditAction, AuditEvent};
use crate::auth::{CurrentUser, Manager};
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::extract::{AppJson, AppPath};
use crate::library as store;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::ErrorBody;
use domain::library::{AssetDetail, AssetInput, AssetRef, LibraryPayload, ManagedAsset, related};
use sha2::{Digest, Sha256};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(library))
        .routes(routes!(asset))
        .routes(routes!(managed_library, create_asset))
        .routes(routes!(managed_asset, update_asset))
        .routes(routes!(retire_asset))
        .routes(routes!(restore_asset))
}

/// How many related assets an asset's page shows.
const RELATED: usize = 4;

/// Every asset the caller may see, bodies included (the browser indexes them for search). Send
/// the last `ETag` as `If-None-Match` to get `304 Not Modified` when nothing changed.
#[utoipa::path(get, path = "/api/v1/library", tag = "library",
    params(("If-None-Match" = Option<String>, Header, description = "The ETag of a cached copy")),
    responses((status = 200, body = LibraryPayload, headers(("ETag" = String))),
              (status = 304, description = "The cached copy is current"),
              (status = 401, body = ErrorBody)),
    security(("session" = [])))]
async fn library(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let reach = store::reach(user.partner.as_ref().map(|p| p.tier));
    let payload = LibraryPayload {
        assets: store::entitled(&state.db, reach).await?,
    };
    let body = serde_json::to_vec(&payload).map_err(|e| ApiError::internal("library json", e))?;
    let digest = Sha256::digest(&body);
    let etag = format!(
        "\"{}\"",
        digest[..12]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let etag_value = HeaderValue::from_str(&etag).map_err(|e| ApiError::internal("etag", e))?;
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    if fresh {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag_value)]).into_response());
    }
    Ok((
        [
            (header::ETAG, etag_value),
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
        ],
        body,
    )
        .into_response())
}

/// One asset the caller may see, with a few related ones. Opening it counts as viewing it.
#[utoipa::path(get, path = "/api/v1/library/assets/{id}", tag = "library",
    params(("id" = i64, Path, description = "Asset id")),
    responses((status = 200, body = AssetDetail), (status = 401, body = ErrorBody),
              (status = 404, description = "No such asset, retired, or above the caller's tier", body = ErrorBody)),
    security(("session" = [])))]
async fn asset(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<axum::Json<AssetDetail>> {
    let reach = store::reach(user.partner.as_ref().map(|p| p.tier));
    // One read serves both the asset and its related ones (the same entitled set).
    let pool = store::entitled(&state.db, reach).await?;
    let asset = pool
        .iter()
        .find(|a| a.id == id)
        .cloned()
        .ok_or(ApiError::NotFound)?;
    let related = related(&asset, &pool, RELATED)
        .into_iter()
        .map(|i| AssetRef::from(&pool[i]))
        .collect();
    if user.partner.is_some() {
        store::record_view(&state.db, user.id, id).await?;
    }
    Ok(axum::Json(AssetDetail { asset, related }))
}

/// Every asset, retired ones included, with how many people opened each (channel managers).
#[utoipa::path(get, path = "/api/v1/manage/library", tag = "manage",
    responses((status = 200, body = Vec<ManagedAsset>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("session" = [])))]
async fn managed_library(
    State(state): State<AppState>,
    _: Manager,
) -> ApiResult<axum::Json<Vec<ManagedAsset>>> {
    Ok(axum::Json(store::managed(&state.db, None).await?))
}

async fn managed_one(state: &AppState, id: i64) -> ApiResult<ManagedAsset> {
    store::managed(&state.db, Some(id))
        .await?
        .into_iter()
        .next()
        .ok_or(ApiError::NotFound)
}

/// One asset as channel managers manage it.
#[utoipa::path(get, path = "/api/v1/manage/library/{id}", tag = "manage",
    params(("id" = i64, Path, description = "Asset id")),
    responses((status = 200, body = ManagedAsset), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("session" = [])))]
async fn managed_asset(
    State(state): State<AppState>,
    _: Manager,
    AppPath(id): AppPath<i64>,
) -> ApiResult<axum::Json<ManagedAsset>> {
    Ok(axum::Json(managed_one(&state, id).await?))
}

/// Publish a new asset (dated today).
#[utoipa::path(post, path = "/api/v1/manage/library", tag = "manage",
    request_body = AssetInput,
    responses((status = 201, body = ManagedAsset), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 422, description = "Invalid fields", body = ErrorBody)),
    security(("session" = [])))]
async fn create_asset(
    State(state): State<AppState>,
    Manager(user): Manager,
    AppJson(input): AppJson<AssetInput>,
) -> ApiResult<Response> {
    let valid = input.validate().map_err(ApiError::Validation)?;
    let mut tx = state.db.begin().await?;
    let id = store::insert(&mut tx, &valid, &domain::date::format_date(now())).await?;
    AuditEvent::new(AuditAction::AssetCreated, id)
        .by(user.id)
        .after(serde_json::to_value(&input).unwrap_or_default())
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(managed_one(&state, id).await?),
    )
        .into_response())
}

/// Replace an asset's content (dated today).
#[utoipa::path(put, path = "/api/v1/manage/library/{id}", tag = "manage",
    params(("id" = i64, Path, description = "Asset id")),
    request_body = AssetInput,
    responses((status = 200, body = ManagedAsset), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, description = "Invalid fields", body = ErrorBody)),
    security(("session" = [])))]
async fn update_asset(
    State(state): State<AppState>,
    Manager(user): Manager,
    AppPath(id): AppPath<i64>,
    AppJson(input): AppJson<AssetInput>,
) -> ApiResult<axum::Json<ManagedAsset>> {
    let before = managed_one(&state, id).await?;
    let valid = input.validate().map_err(ApiError::Validation)?;
    let mut tx = state.db.begin().await?;
    if !store::update(&mut tx, id, &valid, &domain::date::format_date(now())).await? {
        return Err(ApiError::NotFound);
    }
    AuditEvent::new(AuditAction::AssetUpdated, id)
        .by(user.id)
        .before(serde_json::to_value(AssetInput::from_asset(&before.asset)).unwrap_or_default())
        .after(serde_json::to_value(&input).unwrap_or_default())
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(axum::Json(managed_one(&state, id).await?))
}

async fn set_retired(
    state: &AppState,
    Manager(user): &Manager,
    id: i64,
    retired: bool,
) -> ApiResult<axum::Json<ManagedAsset>> {
    let mut tx = state.db.begin().await?;
    match store::set_retired(&mut tx, id, retired).await? {
        store::Retirement::NotFound => return Err(ApiError::NotFound),
        // Already as asked: answered as it is, and no event for a change that did not happen.
        store::Retirement::Unchanged => {
            tx.commit().await?;
            return Ok(axum::Json(managed_one(state, id).await?));
        }
        store::Retirement::Changed => {}
    }
    AuditEvent::new(
        if retired {
            AuditAction::AssetRetired
        } else {
            AuditAction::AssetRestored
        },
        id,
    )
    .by(user.id)
    .record(&mut tx)
    .await?;
    tx.commit().await?;
    Ok(axum::Json(managed_one(state, id).await?))
}

/// Retire an asset: partners stop seeing it at once; it is kept and can be restored.
#[utoipa::path(post, path = "/api/v1/manage/library/{id}/retire", tag = "manage",
    params(("id" = i64, Path, description = "Asset id")),
    responses((status = 200, body = ManagedAsset), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("session" = [])))]
async fn retire_asset(
    State(state): State<AppState>,
    manager: Manager,
    AppPath(id): AppPath<i64>,
) -> ApiResult<axum::Json<ManagedAsset>> {
    set_retired(&state, &manager, id, true).await
}

/// Publish a retired asset again.
#[utoipa::path(post, path = "/api/v1/manage/library/{id}/restore", tag = "manage",
    params(("id" = i64, Path, description = "Asset id")),
    responses((status = 200, body = ManagedAsset), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("session" = [])))]
async fn restore_asset(
    State(state): State<AppState>,
    manager: Manager,
    AppPath(id): AppPath<i64>,
) -> ApiResult<axum::Json<ManagedAsset>> {
    set_retired(&state, &manager, id, false).await
}
