//! The accept loop: what one process lets a client hold ([`ConnectionLimits`]).
//!
//! `axum::serve` has no timers, so a client that opens connections and sends nothing (or a
//! request head one byte a minute) holds a task and a file descriptor each for as long as it
//! likes. This loop serves HTTP/1.1 through hyper's own connection builder with its timer on:
//! - a connection that has not sent a whole request head within `header_read_timeout` of
//!   opening, or of its previous response, is closed (slow heads and idle keep-alives alike);
//! - at most `max_connections` are served at once: the next one is accepted only when one
//!   closes, so a flood waits in the kernel's listen queue instead of exhausting the process;
//! - [`deadline`] answers a request not done within `request_timeout` (body included) with 503.
//!
//! Only HTTP/1.1: the proxy in front speaks it to the instances (`deploy/nginx`), and hyper's
//! protocol detection for HTTP/2 would run without the header timer.
//!
//! The client address reaches handlers as axum's `ConnectInfo<SocketAddr>`, as with
//! `into_make_service_with_connect_info`.

use crate::AppState;
use crate::config::ConnectionLimits;
use crate::error::ApiError;
use axum::Router;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long open requests may run on after a shutdown signal before the process exits anyway.
const DRAIN: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` within `limits` until `shutdown` completes, then lets open
/// requests finish (up to [`DRAIN`]).
pub async fn serve_on(
    listener: TcpListener,
    app: Router,
    limits: &ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // A free slot first, then the connection: beyond the bound, clients wait in the queue.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service =
            hyper::service::service_fn(move |mut request: Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(remote));
                app.clone().oneshot(request.map(axum::body::Body::new))
            });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // Timeouts and clients that hang up end here; neither is the server's error.
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %remote, "connection closed");
            }
            drop(slot);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(DRAIN) => tracing::warn!("requests still open at shutdown"),
    }
    Ok(())
}

/// Middleware: a request not answered within the configured `request_timeout` gets 503 with
/// `Retry-After`; its handler is dropped (an open transaction rolls back).
pub async fn deadline(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(state.config.connections.request_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!("request timed out");
            ApiError::TimedOut.into_response()
        }
    }
}
