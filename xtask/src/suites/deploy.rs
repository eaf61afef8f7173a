//! The deployment suite: Portico as a vendor runs it at scale — a throwaway PostgreSQL cluster,
//! two `portico-api` processes on its one database, and nginx in front terminating TLS with a
//! certificate made for the run and balancing round-robin. Then, only through the proxy:
//!
//! - `tests/deploy/through_proxy.mjs`: Secure cookie and HSTS over TLS, a session valid on both
//!   instances, one draft sent twice at once stored once, failed sign-ins counted across both
//!   instances, visitors throttled by their own address (nginx's X-Forwarded-For), an embedded
//!   form served by one instance and accepted by the other;
//! - the smoke journey in headless Chromium over HTTPS.
//!
//! Everything listens on loopback (PostgreSQL on a Unix socket) and is stopped when this returns.

use super::{Tally, journey_at, script_tally};
use crate::proxy::Deployment;
use crate::util::{cmd, root, step, tee};
use anyhow::{Context, Result};
use std::path::PathBuf;

const CHECKS: &str = "deployment: nginx TLS proxy, two instances, PostgreSQL";
const JOURNEY: &str = "smoke journey through the proxy (WebDriver, Chromium, HTTPS)";

/// The two tallies: the HTTP checks and the journey (both broken when the set-up fails).
pub fn run(api: &Result<PathBuf>) -> Vec<Tally> {
    let api = match api {
        Ok(api) => api,
        Err(e) => {
            return vec![Tally::broken(CHECKS, e), Tally::broken(JOURNEY, e)];
        }
    };
    step(CHECKS);
    let work = root()
        .join("target/deploy")
        .join(std::process::id().to_string());
    let _ = std::fs::remove_dir_all(&work);
    let started = std::fs::create_dir_all(&work)
        .with_context(|| format!("could not create {}", work.display()))
        .and_then(|()| Deployment::start(api, &work, 2, &[]));
    let deployment = match started {
        Ok(d) => d,
        Err(e) => return vec![Tally::broken(CHECKS, &e), Tally::broken(JOURNEY, e)],
    };
    let checks = checks(&deployment);
    step(JOURNEY);
    let journey = journey_at("chromium", JOURNEY, &deployment.proxy.url);
    drop(deployment);
    if checks.failed == 0 && journey.failed == 0 {
        let _ = std::fs::remove_dir_all(&work);
    }
    vec![checks.at_least(5), journey.at_least(1)]
}

fn checks(d: &Deployment) -> Tally {
    let run = tee(cmd("node")
        .arg("tests/deploy/through_proxy.mjs")
        .env("PORTICO_URL", &d.proxy.url)
        .env("PORTICO_CA", &d.proxy.cert));
    match run {
        Ok((ok, out)) => script_tally(CHECKS, ok, &out, "deploy", "the deployment checks"),
        Err(e) => Tally::broken(CHECKS, e),
    }
}
