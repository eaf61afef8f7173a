//! Reference server for `cargo xtask bench`: the pipeline's query over the same SQLite file with
//! no session lookup, no authorization and no shared-field projection — what a bare axum +
//! SQLite handler costs, measured in the same run as the real endpoint. Not part of the product.

use api::registrations::{PIPELINE_COLUMNS, PipelineRow};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use domain::pipeline::{PipelineDeal, SharedField};
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use std::str::FromStr;

#[derive(Clone)]
struct Bare {
    db: SqlitePool,
    user_id: i64,
    partner_id: i64,
}

#[tokio::main]
async fn main() {
    let url = std::env::var("PORTICO_DATABASE_URL").expect("PORTICO_DATABASE_URL");
    let addr = std::env::var("PORTICO_ADDR").unwrap_or_else(|_| "127.0.0.1:8090".into());
    let email = std::env::var("PORTICO_BARE_USER").unwrap_or_else(|_| "ben@vertex.example".into());
    let options = SqliteConnectOptions::from_str(&url).expect("database url");
    let db = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .expect("database");
    let (user_id, partner_id): (i64, i64) =
        sqlx::query_as("SELECT id, partner_id FROM users WHERE email = $1")
            .bind(&email)
            .fetch_one(&db)
            .await
            .expect("the benchmark user");
    let app = Router::new()
        .route("/bare/pipeline", get(pipeline))
        .with_state(Bare {
            db,
            user_id,
            partner_id,
        });
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}

async fn pipeline(State(s): State<Bare>) -> Json<Vec<PipelineDeal>> {
    let rows: Vec<PipelineRow> = sqlx::query_as(&format!(
        "SELECT {PIPELINE_COLUMNS} FROM registrations r WHERE r.partner_id = $1 AND r.submitted_by = $2
          ORDER BY r.last_activity_at DESC, r.id DESC"
    ))
    .bind(s.partner_id)
    .bind(s.user_id)
    .fetch_all(&s.db)
    .await
    .unwrap_or_default();
    let at = chrono::Utc::now().timestamp();
    Json(rows.iter().map(|r| r.deal(&SharedField::ALL, at)).collect())
}
