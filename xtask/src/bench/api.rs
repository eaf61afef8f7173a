//! `bench api`: the partner pipeline endpoint beside the bare reference handler under oha
//! (saturated and at a steady rate), and the oha driver the PostgreSQL section (`crate::scale`)
//! uses too.

use crate::server::TestServer;
use crate::util::{cmd, must, root};
use anyhow::{Context, Result, bail};

const OHA_VERSION: &str = "1.16.0";

pub fn ensure_oha() -> Result<()> {
    if crate::util::output_line("oha", &["--version"]).is_some_and(|v| v.ends_with(OHA_VERSION)) {
        return Ok(());
    }
    println!("installing oha {OHA_VERSION} (a few minutes, once)");
    must(cmd("cargo").args([
        "install",
        "oha",
        "--version",
        OHA_VERSION,
        "--locked",
        "--force",
    ]))
}

/// Requests per second and latency percentiles (ms) of one oha run.
pub struct Load {
    pub rps: f64,
    pub p50: f64,
    pub p99: f64,
    pub ok: u64,
    pub total: u64,
}

/// `rate`: `None` saturates with 8 connections; `Some(q)` sends q requests per second. An
/// `https` URL is the deployment's proxy, whose certificate the benchmark made itself.
pub fn oha(url: &str, headers: &[String], rate: Option<u32>) -> Result<Load> {
    let mut c = cmd("oha");
    c.args(["-z", "10s", "--no-tui", "--output-format", "json"]);
    if url.starts_with("https:") {
        c.arg("--insecure");
    }
    match rate {
        None => c.args(["-c", "8"]),
        // Open loop: latency counts from when each request was due (no coordinated omission).
        Some(q) => c.args(["-c", "4", "-q", &q.to_string(), "--latency-correction"]),
    };
    for h in headers {
        c.args(["-H", h]);
    }
    let out = c.arg(url).output().context("oha")?;
    if !out.status.success() {
        bail!("oha failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).context("oha output")?;
    let ms = |k: &str| v["latencyPercentiles"][k].as_f64().unwrap_or(f64::NAN) * 1000.0;
    let codes = v["statusCodeDistribution"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let total: u64 = codes.values().filter_map(|n| n.as_u64()).sum();
    let ok = codes.get("200").and_then(|n| n.as_u64()).unwrap_or(0);
    // A run with any other answer measured something else (errors are fast): it fails.
    if total == 0 || ok != total {
        bail!(
            "{url}: {ok} of {total} answers were 200 ({codes:?}); the figures would not be the endpoint's"
        );
    }
    Ok(Load {
        rps: v["summary"]["requestsPerSec"].as_f64().unwrap_or(f64::NAN),
        p50: ms("p50"),
        p99: ms("p99"),
        ok,
        total,
    })
}

/// The partner pipeline endpoint (session, authorization, projection) and the bare reference
/// over one database: Ben's demo deals topped up to 300 with synthetic ones (counted from an
/// answer).
pub(super) fn api_load() -> Result<String> {
    ensure_oha()?;
    let work = root().join("target/bench/api");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)
        .with_context(|| format!("could not create {}", work.display()))?;
    let binary = root().join("target/release/portico-api");
    crate::server::synthetic_deals(
        &binary,
        &crate::server::sqlite_url(&work),
        300,
        "ben@vertex.example",
    )?;
    let api = TestServer::start(&binary, &work)?;
    let bare = TestServer::launch(
        &root().join("target/release/portico-bare"),
        &work,
        &[("PORTICO_BARE_USER", "ben@vertex.example".into())],
        "bare.log",
        "/bare/pipeline",
    )?;
    let cookie = crate::server::session_cookie(api.addr, "ben@vertex.example", "portico-demo")?;
    let bare_url = format!("{}/bare/pipeline", bare.url);
    let api_url = format!("{}/api/v1/pipeline", api.url);
    let auth = [format!("Cookie: {cookie}")];
    let deals = crate::server::deal_count(api.addr, &cookie)?;
    // Warm both, then saturate each in turn, then hold each at a steady 100 requests/s.
    oha(&bare_url, &[], None)?;
    oha(&api_url, &auth, None)?;
    let reference = oha(&bare_url, &[], None)?;
    let real = oha(&api_url, &auth, None)?;
    let reference_steady = oha(&bare_url, &[], Some(100))?;
    let real_steady = oha(&api_url, &auth, Some(100))?;
    drop(api);
    drop(bare);
    let ratio = real.rps / reference.rps;
    let row = |name: &str, l: &Load| {
        format!(
            "| {name} | {:.0} | {:.2} | {:.2} | {} / {} |\n",
            l.rps, l.p50, l.p99, l.ok, l.total
        )
    };
    Ok(format!(
        "Each response holds the partner user's {deals} deals (counted from one answer; his demo ones topped up to 300 with synthetic ones).\n\n\
         | run | requests/s | p50 ms | p99 ms | 200s / responses |\n|---|---:|---:|---:|---:|\n{}{}{}{}\n\
         Pipeline reads reach **{:.0} %** of the bare handler's throughput ({} the ≥ 50 % budget); \
         p99 at a steady 100 requests/s **{:.2} ms** ({} the ≤ 15 ms budget), at saturation {:.2} ms.\n",
        row("bare axum + SQLite, saturated (8 connections)", &reference),
        row("GET /api/v1/pipeline, saturated (8 connections)", &real),
        row("bare axum + SQLite, 100 requests/s", &reference_steady),
        row("GET /api/v1/pipeline, 100 requests/s", &real_steady),
        ratio * 100.0,
        if ratio >= 0.5 { "within" } else { "OVER" },
        real_steady.p99,
        if real_steady.p99 <= 15.0 {
            "within"
        } else {
            "OVER"
        },
        real.p99,
    ))
}
