//! Portico's API server: axum routes over a sqlx pool, plus the SPA's static files.
//!
//! `main.rs` is thin (config → tracing → pool → migrations → serve); everything else is here so
//! tests can drive [`app`] on port 0 against a fresh database.
//!
//! Invariants kept by this crate:
//! - authorization is decided here, for every request (see [`auth`]);
//! - partner responses are built from `domain::views` types only;
//! - every error leaves through [`error::ApiError`], which never shows internal details;
//! - handlers extract, authorize and call: SQL lives in one store module per resource
//!   ([`registrations`], [`partners`], [`announcements`], [`program`], [`library`],
//!   [`submission`], [`embed`], [`audit`], [`auth::session`]), never in [`routes`].

pub mod announcements;
pub mod audit;
pub mod auth;
pub mod commissions;
pub mod config;
pub mod db;
pub mod embed;
pub mod error;
pub mod extract;
pub mod forwarded;
pub mod i18n;
pub mod library;
pub mod openapi;
pub mod page;
pub mod partners;
pub mod program;
pub mod registrations;
pub mod routes;
pub mod security;
pub mod seed;
pub mod server;
pub mod static_files;
pub mod submission;
pub mod synthetic;
pub mod users;

use crate::db::Db;
use axum::Router;
use config::Config;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    /// The key that signs the embedded form's tokens (see [`config::EmbedConfig::secret`]).
    pub embed_secret: Arc<[u8]>,
    /// Bounds the password hashes this process computes at once
    /// ([`config::ThrottleConfig::hashers`]): a resource of the process, not shared state.
    pub hashers: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// The state over `db`, with the shared secrets resolved (read from the configuration, or
    /// generated once and stored in the database).
    pub async fn new(db: Db, config: Config) -> Result<Self, sqlx::Error> {
        let embed_secret: Arc<[u8]> = match &config.embed.secret {
            Some(s) => s.as_slice().into(),
            None => db::shared_secret(&db, "embed_token_key").await?.into(),
        };
        let hashers = Arc::new(tokio::sync::Semaphore::new(config.throttle.hashers.max(1)));
        Ok(Self {
            db,
            config: Arc::new(config),
            embed_secret,
            hashers,
        })
    }
}

/// The whole HTTP application: API under `/api`, the SPA for everything else.
pub fn app(state: AppState) -> Router {
    let (api, _doc) = routes::api_router().split_for_parts();
    let spa = static_files::service(&state.config.dist_dir);
    let request_id = axum::http::HeaderName::from_static("x-request-id");
    Router::new()
        .merge(api)
        .merge(routes::embed::pages())
        .route(
            "/i18n/{file}",
            axum::routing::get(static_files::catalog_file),
        )
        .route("/healthz", axum::routing::get(routes::health::healthz))
        .route("/readyz", axum::routing::get(routes::health::readyz))
        .route("/api", axum::routing::any(routes::api_not_found))
        .route("/api/{*rest}", axum::routing::any(routes::api_not_found))
        .fallback_service(spa)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            server::deadline,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(
            extract::MAX_JSON_BYTES,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            routes::embed::preflight,
        ))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            forwarded::layer,
        ))
        .layer(CompressionLayer::new())
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http())
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}

/// Binds `config.addr`, serves until Ctrl-C / SIGTERM, and returns.
pub async fn serve(state: AppState) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(state.config.addr).await?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, "listening");
    let longest_limit = state.config.throttle.window.max(state.config.embed.window);
    tokio::spawn(auth::session::sweep_expired(
        state.db.clone(),
        longest_limit,
    ));
    tokio::spawn(registrations::expiry_loop(state.db.clone()));
    tokio::spawn(commissions::statement_loop(state.db.clone()));
    let limits = state.config.connections.clone();
    server::serve_on(listener, app(state), &limits, shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
