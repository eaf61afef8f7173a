//! Reference server for `cargo xtask bench`: the pipeline's query over the same database with
//! no session lookup, no authorization and no shared-field projection — what a bare axum +
//! sqlx handler costs, measured in the same run as the real endpoint. For writes, one INSERT
//! of a registration from the same JSON body, with no session, validation, conflict check,
//! audit event or read-back. It talks to SQLite or PostgreSQL (by the URL's scheme) through
//! sqlx's native driver for that engine, not the `Any` driver the portal uses, so the
//! comparison also shows what the portal's one code path for two engines costs. Not part of the
//! product.

use api::registrations::{PIPELINE_COLUMNS, PipelineRow};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use domain::pipeline::{PipelineDeal, SharedField};
use domain::registration::RegistrationInput;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::str::FromStr;

/// The database through its engine's own driver.
#[derive(Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

#[derive(Clone)]
struct Bare {
    db: Pool,
    user_id: i64,
    partner_id: i64,
}

/// Runs one query builder expression on whichever pool `$db` holds (the statement text and
/// binds are the same for both engines).
macro_rules! on {
    ($db:expr, |$pool:ident| $body:expr) => {
        match &$db {
            Pool::Sqlite($pool) => $body,
            Pool::Postgres($pool) => $body,
        }
    };
}

#[tokio::main]
async fn main() {
    let url = std::env::var("PORTICO_DATABASE_URL").expect("PORTICO_DATABASE_URL");
    let addr = std::env::var("PORTICO_ADDR").unwrap_or_else(|_| "127.0.0.1:8090".into());
    let email = std::env::var("PORTICO_BARE_USER").unwrap_or_else(|_| "ben@vertex.example".into());
    let db = if url.starts_with("postgres") {
        // The portal's pool size on PostgreSQL.
        Pool::Postgres(
            PgPoolOptions::new()
                .max_connections(16)
                .connect(&url)
                .await
                .expect("database"),
        )
    } else {
        // The server's durability settings (WAL, synchronous=NORMAL), so writes compare fairly.
        let options = SqliteConnectOptions::from_str(&url)
            .expect("database url")
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(std::time::Duration::from_secs(5));
        Pool::Sqlite(
            SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(options)
                .await
                .expect("database"),
        )
    };
    let (user_id, partner_id): (i64, i64) = on!(db, |pool| {
        sqlx::query_as("SELECT id, partner_id FROM users WHERE email = $1")
            .bind(&email)
            .fetch_one(pool)
            .await
            .expect("the benchmark user")
    });
    let app = Router::new()
        .route("/bare/pipeline", get(pipeline))
        .route("/bare/registrations", post(register))
        .with_state(Bare {
            db,
            user_id,
            partner_id,
        });
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}

async fn pipeline(State(s): State<Bare>) -> Json<Vec<PipelineDeal>> {
    let sql = format!(
        "SELECT {PIPELINE_COLUMNS} FROM registrations r WHERE r.partner_id = $1 AND r.submitted_by = $2
          ORDER BY r.last_activity_at DESC, r.id DESC"
    );
    let rows: Vec<PipelineRow> = on!(s.db, |pool| {
        sqlx::query_as(&sql)
            .bind(s.partner_id)
            .bind(s.user_id)
            .fetch_all(pool)
            .await
            .unwrap_or_default()
    });
    let at = chrono::Utc::now().timestamp();
    Json(rows.iter().map(|r| r.deal(&SharedField::ALL, at)).collect())
}

/// The registration INSERT alone, from the body as sent (its strings stored unchecked).
async fn register(
    State(s): State<Bare>,
    headers: HeaderMap,
    Json(input): Json<RegistrationInput>,
) -> (StatusCode, Json<serde_json::Value>) {
    let at = chrono::Utc::now().timestamp();
    let value_minor = input.estimated_value.parse::<i64>().map_or(1, |v| v * 100);
    const INSERT: &str = "INSERT INTO registrations (partner_id, submitted_by, motion, category, customer_legal_name, customer_domain,
            customer_name_key, customer_country, contact_name, contact_email, contact_role, products, value_minor,
            currency, expected_close, attribution, attribution_percent, incumbent, partner_notes, status,
            submitted_at, last_activity_at, idempotency_key)
         VALUES ($1, $2, $3, $4, $5, $6, $5, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 'submitted',
            $19, $19, $20)
         RETURNING id";
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok());
    let products = serde_json::to_string(&input.products).unwrap_or_default();
    let percent = input.attribution_percent.parse::<i64>().unwrap_or(100);
    let inserted: Result<(i64,), sqlx::Error> = on!(s.db, |pool| {
        sqlx::query_as(INSERT)
            .bind(s.partner_id)
            .bind(s.user_id)
            .bind(&input.motion)
            .bind(&input.category)
            .bind(&input.customer_legal_name)
            .bind(&input.customer_domain)
            .bind(&input.customer_country)
            .bind(&input.contact_name)
            .bind(&input.contact_email)
            .bind(&input.contact_role)
            .bind(&products)
            .bind(value_minor)
            .bind(&input.currency)
            .bind(&input.expected_close)
            .bind(&input.attribution)
            .bind(percent)
            .bind(input.incumbent)
            .bind(&input.notes)
            .bind(at)
            .bind(key)
            .fetch_one(pool)
            .await
    });
    match inserted {
        Ok((id,)) => (
            StatusCode::CREATED,
            Json(serde_json::json!({ "id": id, "number": format!("R-{id:06}") })),
        ),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(serde_json::json!({ "error": e.to_string() })),
        ),
    }
}
