//! Configuration from the environment; every default works out of the box (see `.env.example`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Limits for failed sign-ins (see [`crate::auth::throttle`]).
#[derive(Debug, Clone)]
pub struct ThrottleConfig {
    /// Failures allowed per account from one client address within `window` before further
    /// attempts from there are refused.
    pub per_account: u32,
    /// Failures allowed per account from all addresses together: looser, so someone who knows
    /// an address cannot lock its owner out from elsewhere with a handful of guesses.
    pub per_account_anywhere: u32,
    /// Failures allowed per client address within `window` (across accounts).
    pub per_client: u32,
    pub window: Duration,
    /// Password hashes computed at once (each argon2 hash takes about 19 MiB and a core for a
    /// moment); default: the number of cores.
    pub hashers: usize,
    /// How long a sign-in waits for a free hasher before it gets 503.
    pub hash_wait: Duration,
    /// Customer checks (`POST /registrations/check`) one user may run within `window`: enough
    /// for every form anyone fills in, too few to map the vendor's book.
    pub customer_checks: u32,
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        Self {
            per_account: 5,
            per_account_anywhere: 50,
            per_client: 20,
            window: Duration::from_secs(15 * 60),
            hashers: std::thread::available_parallelism().map_or(1, |n| n.get()),
            hash_wait: Duration::from_secs(5),
            customer_checks: 30,
        }
    }
}

/// The embedded registration form's abuse rules (see [`crate::embed`]).
#[derive(Clone)]
pub struct EmbedConfig {
    /// Submissions accepted per embed key within `window` (all visitors of one partner's sites).
    pub per_key: u32,
    /// Submissions accepted per client address within `window`.
    pub per_client: u32,
    pub window: Duration,
    /// A form sent sooner than this after its page was served is a bot's: dropped.
    pub min_fill: Duration,
    /// A form token older than this is refused (the visitor reloads the page).
    pub max_age: Duration,
    /// Signs form tokens: `PORTICO_EMBED_SECRET`; without it, a random key generated once and
    /// kept in the database (`app_secrets`), so every instance and every restart share it.
    pub secret: Option<Vec<u8>>,
}

impl std::fmt::Debug for EmbedConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbedConfig")
            .field("per_key", &self.per_key)
            .field("per_client", &self.per_client)
            .field("window", &self.window)
            .field("min_fill", &self.min_fill)
            .field("max_age", &self.max_age)
            .finish_non_exhaustive()
    }
}

impl Default for EmbedConfig {
    fn default() -> Self {
        Self {
            per_key: 60,
            per_client: 10,
            window: Duration::from_secs(10 * 60),
            min_fill: Duration::from_secs(3),
            max_age: Duration::from_secs(24 * 3600),
            secret: None,
        }
    }
}

/// What one process lets a client hold (see [`crate::server`]): slow or idle connections are
/// closed, slow requests answered 503, and connections beyond the bound wait in the listen queue.
#[derive(Debug, Clone)]
pub struct ConnectionLimits {
    /// `PORTICO_HEADER_TIMEOUT_SECS`: a connection that has not sent a whole request head this
    /// long after it opened, or after its previous response, is closed; default 10.
    pub header_read_timeout: Duration,
    /// `PORTICO_REQUEST_TIMEOUT_SECS`: a request (its body included) not answered within this
    /// is answered 503 and its work dropped; default 30.
    pub request_timeout: Duration,
    /// `PORTICO_MAX_CONNECTIONS`: connections served at once; further ones are accepted only
    /// when one closes; default 1024.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections: 1024,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    /// `PORTICO_ADDR`, default `127.0.0.1:8080`.
    pub addr: SocketAddr,
    /// `PORTICO_DATABASE_URL`, default `sqlite://data/portico.db`.
    pub database_url: String,
    /// `PORTICO_DIST`, the SPA build Trunk wrote; default `dist`.
    pub dist_dir: PathBuf,
    /// `PORTICO_SESSION_HOURS`: how long a session lives; default 12.
    pub session_ttl: Duration,
    /// `PORTICO_PUBLIC_URL`: when it starts with `https://`, cookies are marked `Secure`.
    pub public_https: bool,
    /// `PORTICO_SEED_DEMO` (`1`/`0`): seed the demo data (people with a published password)
    /// into an empty database. Off unless asked for: `cargo xtask serve` and the test servers
    /// ask; a production deployment never gets the demo accounts by accident.
    pub seed_demo: bool,
    pub throttle: ThrottleConfig,
    pub embed: EmbedConfig,
    /// `PORTICO_TRUSTED_PROXIES`: addresses or CIDRs of the reverse proxies in front of this
    /// instance, comma-separated; only from them are `X-Forwarded-For`/`-Proto` believed.
    /// Default: none.
    pub trusted_proxies: Vec<crate::forwarded::Cidr>,
    pub connections: ConnectionLimits,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: "sqlite://data/portico.db".into(),
            dist_dir: PathBuf::from("dist"),
            session_ttl: Duration::from_secs(12 * 3600),
            public_https: false,
            seed_demo: false,
            throttle: ThrottleConfig::default(),
            embed: EmbedConfig::default(),
            trusted_proxies: Vec::new(),
            connections: ConnectionLimits::default(),
        }
    }
}

impl Config {
    /// Reads `PORTICO_*` variables; a malformed value is an error naming the variable.
    pub fn from_env() -> Result<Self, String> {
        let mut c = Config::default();
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        if let Some(v) = var("PORTICO_ADDR") {
            c.addr = v
                .parse()
                .map_err(|_| format!("PORTICO_ADDR '{v}' is not an address like 127.0.0.1:8080"))?;
        }
        if let Some(v) = var("PORTICO_DATABASE_URL") {
            c.database_url = v;
        }
        if let Some(v) = var("PORTICO_DIST") {
            c.dist_dir = PathBuf::from(v);
        }
        if let Some(v) = var("PORTICO_SESSION_HOURS") {
            let hours: u64 = v.parse().ok().filter(|h| *h > 0).ok_or_else(|| {
                format!("PORTICO_SESSION_HOURS '{v}' is not a whole number of hours")
            })?;
            c.session_ttl = Duration::from_secs(hours * 3600);
        }
        if let Some(v) = var("PORTICO_PUBLIC_URL") {
            c.public_https = v.starts_with("https://");
        }
        if let Some(v) = var("PORTICO_SEED_DEMO") {
            c.seed_demo = match v.trim() {
                "1" | "true" | "yes" => true,
                "0" | "false" | "no" => false,
                other => {
                    return Err(format!(
                        "PORTICO_SEED_DEMO '{other}' must be 1 (seed the demo data) or 0"
                    ));
                }
            };
        }
        if let Some(v) = var("PORTICO_TRUSTED_PROXIES") {
            c.trusted_proxies = crate::forwarded::parse_list(&v)?;
        }
        if let Some(v) = var("PORTICO_EMBED_SECRET") {
            if v.len() < 32 {
                return Err("PORTICO_EMBED_SECRET must be at least 32 characters".into());
            }
            c.embed.secret = Some(v.into_bytes());
        }
        for (name, slot) in [
            (
                "PORTICO_HEADER_TIMEOUT_SECS",
                &mut c.connections.header_read_timeout,
            ),
            (
                "PORTICO_REQUEST_TIMEOUT_SECS",
                &mut c.connections.request_timeout,
            ),
        ] {
            if let Some(v) = var(name) {
                let secs: u64 =
                    v.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                        format!("{name} '{v}' is not a positive number of seconds")
                    })?;
                *slot = Duration::from_secs(secs);
            }
        }
        if let Some(v) = var("PORTICO_MAX_CONNECTIONS") {
            c.connections.max_connections =
                v.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                    format!("PORTICO_MAX_CONNECTIONS '{v}' is not a positive count")
                })?;
        }
        for (name, slot) in [
            ("PORTICO_EMBED_PER_KEY", &mut c.embed.per_key),
            ("PORTICO_EMBED_PER_CLIENT", &mut c.embed.per_client),
        ] {
            if let Some(v) = var(name) {
                *slot = v
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("{name} '{v}' is not a positive count"))?;
            }
        }
        Ok(c)
    }
}
