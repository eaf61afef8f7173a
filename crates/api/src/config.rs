//! Configuration from the environment; every default works out of the box (see `.env.example`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Limits for failed sign-ins (see [`crate::auth::throttle`]).
#[derive(Debug, Clone)]
pub struct ThrottleConfig {
    /// Failures allowed per account within `window` before further attempts are refused.
    pub per_account: u32,
    /// Failures allowed per client address within `window`.
    pub per_client: u32,
    pub window: Duration,
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        Self {
            per_account: 5,
            per_client: 20,
            window: Duration::from_secs(15 * 60),
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
    /// `PORTICO_SEED_DEMO` (`1`/`0`): seed the demo data into an empty database; default on.
    pub seed_demo: bool,
    /// `PORTICO_SYNTHETIC_DEALS` (a count) and `PORTICO_SYNTHETIC_FOR` (a demo partner user's
    /// e-mail, default ava@vertex.example): add that many synthetic deals, for benchmarks.
    pub synthetic_deals: Option<(usize, String)>,
    pub throttle: ThrottleConfig,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: "sqlite://data/portico.db".into(),
            dist_dir: PathBuf::from("dist"),
            session_ttl: Duration::from_secs(12 * 3600),
            public_https: false,
            seed_demo: true,
            synthetic_deals: None,
            throttle: ThrottleConfig::default(),
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
            c.seed_demo = !matches!(v.as_str(), "0" | "false" | "no");
        }
        if let Some(v) = var("PORTICO_SYNTHETIC_DEALS") {
            let n: usize = v
                .parse()
                .map_err(|_| format!("PORTICO_SYNTHETIC_DEALS '{v}' is not a count"))?;
            let who = var("PORTICO_SYNTHETIC_FOR").unwrap_or_else(|| "ava@vertex.example".into());
            c.synthetic_deals = Some((n, who));
        }
        Ok(c)
    }
}
