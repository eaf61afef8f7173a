//! The database pool: opening (creating the file and folder on first run), migrating, seeding.

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

/// Migrations embedded in the binary. SQLite's DDL lives in `migrations/sqlite`; queries are
/// written in the subset PostgreSQL also runs (`$n` placeholders, `RETURNING`, `ON CONFLICT`).
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// Opens `url`, creating the database (and its folder) if missing, then migrates and, when
/// `seed_demo` is set and the database is empty, seeds the demo data.
pub async fn connect_and_prepare(url: &str, seed_demo: bool) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        // WAL with synchronous=NORMAL survives a killed process without losing a committed write.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    if let Some(parent) = options.get_filename().parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(sqlx::Error::Io)?;
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    if seed_demo {
        crate::seed::seed_if_empty(&pool).await?;
    }
    Ok(pool)
}

/// Seconds since the Unix epoch, the unit every timestamp column uses.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
