//! The SPA's files from Trunk's `dist/`: precompressed (brotli, gzip) variants when present,
//! immutable caching for hashed file names, and `index.html` for deep links (history fallback).
//! `/api/*` never reaches this service.

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::path::Path;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// A service answering every non-API path from `dist`.
pub fn service(dist: &Path) -> Router {
    let index = dist.join("index.html");
    if !index.exists() {
        tracing::warn!(path = %index.display(), "the SPA is not built; only the API will answer");
    }
    let fallback = tower::service_fn(move |req: Request| {
        let index = index.clone();
        async move { Ok::<_, std::convert::Infallible>(history_fallback(req, &index).await) }
    });
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(fallback);
    Router::new()
        .fallback_service(files)
        .layer(axum::middleware::from_fn(cache_control))
}

/// `GET /i18n/{file}`: the German catalog for the portal, under its content-named file
/// (`catalog::DE_FILE`), so browsers keep it until it changes; any other name is a 404.
pub async fn catalog_file(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    if file != catalog::DE_FILE {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        catalog::DE,
    )
        .into_response()
}

/// Deep links like `/pipeline` get `index.html`; a missing *file* (`/x.js`) stays a 404.
async fn history_fallback(req: Request, index: &Path) -> Response {
    let last = req.uri().path().rsplit('/').next().unwrap_or("");
    if last.contains('.') {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    match ServeFile::new(index)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(req)
        .await
    {
        Ok(res) => res.map(Body::new),
        Err(never) => match never {},
    }
}

async fn cache_control(request: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() {
        let value = if hashed {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// Trunk names built files `name-<hash>[_bg].ext`, the hash a 64-bit number in hex without
/// leading zeros (so usually 16 digits, rarely fewer); their content never changes. The
/// code-split app lives in `/pkg-<hash>/`, the hash covering every file in it.
pub fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let Some((stem, _ext)) = file.rsplit_once('.') else {
        return false;
    };
    let in_package = path
        .trim_start_matches('/')
        .split_once('/')
        .is_some_and(|(dir, rest)| {
            !rest.contains('/') && dir.strip_prefix("pkg-").is_some_and(is_hash)
        });
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    in_package || stem.rsplit_once('-').is_some_and(|(_, hash)| is_hash(hash))
}

fn is_hash(s: &str) -> bool {
    (10..=16).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn hashed_trunk_files_are_recognised() {
        assert!(is_hashed_asset("/portico-0123456789abcdef_bg.wasm"));
        assert!(is_hashed_asset("/portico-0123456789abcdef.js"));
        assert!(is_hashed_asset("/style-fedcba9876543210.css"));
        assert!(is_hashed_asset("/gold-b650ac00ac340c9.css"));
        assert!(is_hashed_asset("/pkg-0123456789abcdef/chunk_15.wasm"));
        assert!(is_hashed_asset("/pkg-0123456789abcdef/__wasm_split.js"));
    }

    #[test]
    fn plain_files_and_routes_are_not_hashed() {
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/favicon.svg"));
        assert!(!is_hashed_asset("/pipeline"));
        assert!(!is_hashed_asset("/deal-registration.js"));
        assert!(!is_hashed_asset("/pkg-0123456789abcdef/nested/x.js"));
        assert!(!is_hashed_asset("/pkg-notahash/x.js"));
        assert!(!is_hashed_asset("/library/pkg-0123456789abcdef"));
    }
}
