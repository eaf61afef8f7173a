//! The database: one pool type for both engines, chosen by the URL's scheme at start-up.
//!
//! `sqlite://…` is the embedded default (the file and its folder are created on first run);
//! `postgres://…` is the scale-out store (an existing database; TLS when the URL asks for it,
//! e.g. `?sslmode=require`). Every statement in the store modules is written once, in the SQL
//! both engines run (`$n` placeholders, `RETURNING`, `ON CONFLICT`, `TRUE`/`FALSE`), and runs
//! through sqlx's `Any` driver. Each engine has its own migrations with the same version
//! numbers (`migrations/sqlite`, `migrations/postgres`); `tests/api/schema.rs` checks that they
//! describe the same tables.
//!
//! Two rules keep the SQL portable:
//! - booleans are read through [`Flag`] (PostgreSQL answers `BOOLEAN`, SQLite an integer);
//! - an aggregate over a `BIGINT` is cast back to `BIGINT` (PostgreSQL's `SUM` is `NUMERIC`).

use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyTypeInfo, AnyTypeInfoKind};
use sqlx::{Any, Connection, Decode, Executor, Type};
use std::str::FromStr;
use std::time::Duration;

/// The pool every store function takes.
pub type Db = sqlx::AnyPool;
/// A transaction on [`Db`].
pub type Tx<'a> = sqlx::Transaction<'a, Any>;
/// One connection of [`Db`] (inside a transaction: `&mut *tx`).
pub type Conn = sqlx::AnyConnection;

/// SQLite's DDL, embedded in the binary.
pub static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
/// PostgreSQL's DDL: the same versions, in PostgreSQL's spelling.
pub static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Which engine a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The engine of `url`, by its scheme; anything else is an error naming the URL's scheme.
    pub fn of(url: &str) -> Result<Engine, StartError> {
        let scheme = url.split(':').next().unwrap_or_default();
        match scheme {
            "sqlite" => Ok(Engine::Sqlite),
            "postgres" | "postgresql" => Ok(Engine::Postgres),
            _ => Err(StartError(format!(
                "PORTICO_DATABASE_URL must start with sqlite:// or postgres:// (got '{scheme}:')"
            ))),
        }
    }

    pub fn migrator(self) -> &'static sqlx::migrate::Migrator {
        match self {
            Engine::Sqlite => &SQLITE_MIGRATOR,
            Engine::Postgres => &POSTGRES_MIGRATOR,
        }
    }
}

/// Why the database could not be opened, as one line for the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

/// The URL with any password replaced, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Opens `url` (creating a SQLite file and its folder if missing) and applies the engine's
/// migrations. Nothing is seeded here (see [`crate::seed`]).
pub async fn connect(url: &str) -> Result<Db, StartError> {
    sqlx::any::install_default_drivers();
    let engine = Engine::of(url)?;
    let shown = redact(url);
    let url = match engine {
        Engine::Sqlite => sqlite_url(url)?,
        Engine::Postgres => url.to_owned(),
    };
    let options = AnyConnectOptions::from_str(&url)
        .map_err(|e| StartError(format!("database URL {shown}: {e}")))?;
    let pool = AnyPoolOptions::new()
        .max_connections(match engine {
            Engine::Sqlite => 8,
            Engine::Postgres => 16,
        })
        .acquire_timeout(Duration::from_secs(5))
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if engine == Engine::Sqlite {
                    // WAL with synchronous=NORMAL survives a killed process without losing a
                    // committed write; foreign keys and the busy wait are per connection.
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
                         PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                    )
                    .await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .map_err(|e| StartError(format!("cannot open the database {shown}: {e}")))?;
    engine
        .migrator()
        .run(&pool)
        .await
        .map_err(|e| StartError(format!("cannot migrate the database {shown}: {e}")))?;
    crate::registrations::rekey_customers(&pool)
        .await
        .map_err(|e| StartError(format!("cannot re-key the customers in {shown}: {e}")))?;
    Ok(pool)
}

/// Opens, migrates and, when `seed_demo` is set and the database is empty, seeds the demo data.
pub async fn connect_and_prepare(url: &str, seed_demo: bool) -> Result<Db, StartError> {
    let pool = connect(url).await?;
    if seed_demo {
        crate::seed::seed_if_empty(&pool)
            .await
            .map_err(|e| StartError(format!("cannot seed the demo data: {e}")))?;
    }
    Ok(pool)
}

/// The engine `db` talks to.
pub fn engine(db: &Db) -> Engine {
    match db.connect_options().database_url.scheme() {
        "sqlite" => Engine::Sqlite,
        _ => Engine::Postgres,
    }
}

/// `sqlite://path` with its folder created and `mode=rwc`, so a first run creates the file.
fn sqlite_url(url: &str) -> Result<String, StartError> {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" {
        return Err(StartError(
            "PORTICO_DATABASE_URL names no SQLite file (an in-memory database is not shared between connections)".into(),
        ));
    }
    if let Some(parent) = std::path::Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|e| {
            StartError(format!(
                "cannot create the folder {} for the database: {e}",
                parent.display()
            ))
        })?;
    }
    let query = if query.contains("mode=") {
        query.to_owned()
    } else if query.is_empty() {
        "mode=rwc".to_owned()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// Whether the database answers and every migration this binary knows is applied
/// (`GET /readyz`).
pub async fn ready(db: &Db) -> Result<(), String> {
    let mut conn = tokio::time::timeout(Duration::from_secs(2), db.acquire())
        .await
        .map_err(|_| "database: no connection within 2 s".to_owned())?
        .map_err(|e| format!("database: {e}"))?;
    let applied: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success = TRUE")
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| format!("migrations: {e}"))?;
    let known = engine(db).migrator().iter().count() as i64;
    conn.ping().await.map_err(|e| format!("database: {e}"))?;
    if applied < known {
        return Err(format!("migrations: {applied} of {known} applied"));
    }
    Ok(())
}

/// The secret `name` every instance shares: generated (256 random bits) by whichever instance
/// asks first, then read by all.
pub async fn shared_secret(db: &Db, name: &str) -> Result<Vec<u8>, sqlx::Error> {
    use rand::RngCore;
    let mut fresh = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut fresh);
    sqlx::query(
        "INSERT INTO app_secrets (name, value, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(hex::encode(fresh))
    .bind(now())
    .execute(db)
    .await?;
    let value: String = sqlx::query_scalar("SELECT value FROM app_secrets WHERE name = $1")
        .bind(name)
        .fetch_one(db)
        .await?;
    hex::decode(&value).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// Takes the lock rows `names` for the rest of the transaction `tx`, in sorted order (two
/// transactions taking overlapping sets never deadlock). On PostgreSQL the upsert holds each
/// row's lock until commit; on SQLite the first write takes the database's write lock. Take
/// locks first in a transaction, before reading what they protect.
pub async fn lock(tx: &mut Conn, names: &[String]) -> Result<(), sqlx::Error> {
    let mut names: Vec<&String> = names.iter().collect();
    names.sort();
    names.dedup();
    let at = now();
    for name in names {
        sqlx::query(
            "INSERT INTO lock_rows (name, taken_at) VALUES ($1, $2)
             ON CONFLICT (name) DO UPDATE SET taken_at = excluded.taken_at",
        )
        .bind(name)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Seconds since the Unix epoch, the unit every timestamp column uses.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A boolean as either engine answers it: PostgreSQL's `BOOLEAN`, SQLite's 0/1 integer (also
/// what `EXISTS (…)` and comparisons give there). Rows use it as
/// `#[sqlx(try_from = "Flag")] field: bool`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag(pub bool);

impl From<Flag> for bool {
    fn from(f: Flag) -> bool {
        f.0
    }
}

impl Type<Any> for Flag {
    fn type_info() -> AnyTypeInfo {
        <bool as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        matches!(
            ty.kind(),
            AnyTypeInfoKind::Bool
                | AnyTypeInfoKind::SmallInt
                | AnyTypeInfoKind::Integer
                | AnyTypeInfoKind::BigInt
        )
    }
}

impl<'r> Decode<'r, Any> for Flag {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        match <bool as Decode<Any>>::decode(value.clone()) {
            Ok(b) => Ok(Flag(b)),
            Err(_) => <i64 as Decode<Any>>::decode(value).map(|i| Flag(i != 0)),
        }
    }
}

/// Where random ids are drawn from ([`random_id`]).
pub const ID_RANGE: std::ops::Range<i64> = 10_000_000..100_000_000;

/// An id not yet taken in `table` (a name written in the code, never input), drawn at random
/// from [`ID_RANGE`] for the `INSERT` that follows on the same connection: ids that people see
/// (`R-48213377`, a statement's number) say nothing of how many records exist or how fast they
/// come. Two inserts drawing the same free id at once (about one chance in 10^8) make the
/// second fail on the primary key, like any other failed write.
pub async fn random_id(conn: &mut Conn, table: &'static str) -> Result<i64, sqlx::Error> {
    use rand::Rng;
    for _ in 0..32 {
        let candidate = rand::thread_rng().gen_range(ID_RANGE);
        let taken: Option<(i64,)> =
            sqlx::query_as(&format!("SELECT id FROM {table} WHERE id = $1"))
                .bind(candidate)
                .fetch_optional(&mut *conn)
                .await?;
        if taken.is_none() {
            return Ok(candidate);
        }
    }
    Err(sqlx::Error::Protocol(format!(
        "no free id in {table} after 32 draws"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_chooses_the_engine() {
        assert_eq!(Engine::of("sqlite://data/p.db"), Ok(Engine::Sqlite));
        assert_eq!(Engine::of("postgres://u@h/db"), Ok(Engine::Postgres));
        assert_eq!(Engine::of("postgresql://u@h/db"), Ok(Engine::Postgres));
        let e = Engine::of("mysql://u@h/db").unwrap_err();
        assert!(e.0.contains("'mysql:'"), "{e}");
    }

    #[test]
    fn passwords_never_reach_a_message() {
        assert_eq!(
            redact("postgres://portico:s3cret@db.internal:5432/portico"),
            "postgres://portico:***@db.internal:5432/portico"
        );
        assert_eq!(redact("postgres://portico@h/db"), "postgres://portico@h/db");
        assert_eq!(redact("sqlite://data/p.db"), "sqlite://data/p.db");
    }

    #[test]
    fn a_sqlite_url_creates_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/p.db");
        let url = sqlite_url(&format!("sqlite://{}", path.display())).unwrap();
        assert!(url.ends_with("p.db?mode=rwc"), "{url}");
        assert!(dir.path().join("sub").is_dir());
        assert!(sqlite_url("sqlite::memory:").is_err());
    }
}
