//! `portico-api`: config → tracing → pool → migrations (+ demo seed) → serve.

use api::{AppState, config::Config, db};

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
        )
        .init();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("portico: {e}");
            std::process::exit(2);
        }
    };
    let pool = match db::connect_and_prepare(&config.database_url, config.seed_demo).await {
        Ok(p) => p,
        Err(e) => {
            eprintln!("portico: {e}");
            std::process::exit(1);
        }
    };
    if let Some((count, email)) = &config.synthetic_deals
        && let Err(e) = api::seed::synthetic_deals(&pool, *count, email).await
    {
        eprintln!("portico: synthetic deals: {e}");
        std::process::exit(1);
    }
    let state = match AppState::new(pool, config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("portico: database: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = api::serve(state).await {
        eprintln!("portico: {e}");
        std::process::exit(1);
    }
}
