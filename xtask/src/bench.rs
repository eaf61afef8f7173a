//! `cargo xtask bench`: measured figures, printed and written into BENCHMARKS.md between
//! `<!-- name:start -->` / `<!-- name:end -->` markers, with the command that produced them.

use crate::server::TestServer;
use crate::util::{Result, cmd, must, root, step};
use crate::{dist, tools};
use std::process::ExitCode;

pub fn run() -> Result<ExitCode> {
    tools::setup(tools::Needs::Build)?;
    dist::build()?;
    step("first-load payload (brotli, quality 11)");
    let table = payload_table()?;
    println!("{table}");
    write_section("payload", &table)?;

    step("building the API (release) for the benchmarks");
    must(cmd("cargo").args(["build", "--release", "-p", "api", "--bins"]))?;
    step("pipeline filter/sort, 10 000 deals, headless Chromium");
    let table = pipeline_browser()?;
    println!("{table}");
    write_section("pipeline-browser", &table)?;

    step("API load: pipeline reads beside a bare axum + SQLite handler (oha, loopback)");
    let table = api_load()?;
    println!("{table}");
    write_section("api-load", &table)?;
    Ok(ExitCode::SUCCESS)
}

const OHA_VERSION: &str = "1.16.0";

fn ensure_oha() -> Result<()> {
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
struct Load {
    rps: f64,
    p50: f64,
    p99: f64,
    ok: u64,
    total: u64,
}

/// `rate`: `None` saturates with 8 connections; `Some(q)` sends q requests per second.
fn oha(url: &str, headers: &[String], rate: Option<u32>) -> Result<Load> {
    let mut c = cmd("oha");
    c.args(["-z", "10s", "--no-tui", "--output-format", "json"]);
    match rate {
        None => c.args(["-c", "8"]),
        Some(q) => c.args(["-c", "4", "-q", &q.to_string()]),
    };
    for h in headers {
        c.args(["-H", h]);
    }
    let out = c.arg(url).output().map_err(|e| format!("oha: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "oha failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("oha output: {e}"))?;
    let ms = |k: &str| v["latencyPercentiles"][k].as_f64().unwrap_or(f64::NAN) * 1000.0;
    let codes = v["statusCodeDistribution"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let total: u64 = codes.values().filter_map(|n| n.as_u64()).sum();
    Ok(Load {
        rps: v["summary"]["requestsPerSec"].as_f64().unwrap_or(f64::NAN),
        p50: ms("p50"),
        p99: ms("p99"),
        ok: codes.get("200").and_then(|n| n.as_u64()).unwrap_or(0),
        total,
    })
}

/// The partner pipeline endpoint (session, authorization, projection) and the bare reference
/// over one database: Ben with 300 synthetic deals plus his demo ones.
fn api_load() -> Result<String> {
    ensure_oha()?;
    let work = root().join("target/bench/api");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let api = TestServer::start_with(
        &root().join("target/release/portico-api"),
        &work,
        &[
            ("PORTICO_SYNTHETIC_DEALS", "300".into()),
            ("PORTICO_SYNTHETIC_FOR", "ben@vertex.example".into()),
        ],
    )?;
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
    // Warm both, then saturate each in turn, then hold each at a steady 100 requests/s.
    oha(&bare_url, &[], None)?;
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
        "Each response holds the partner user's 302 deals (300 synthetic + 2 demo).\n\n\
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

/// A fresh database with 10 000 synthetic deals for Ava (partner admin); the page-side timings
/// come from `tests/bench/pipeline.mjs`.
fn pipeline_browser() -> Result<String> {
    let work = root().join("target/bench/pipeline");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let server = TestServer::start_with(
        &root().join("target/release/portico-api"),
        &work,
        &[
            ("PORTICO_SYNTHETIC_DEALS", "10000".into()),
            ("PORTICO_SYNTHETIC_FOR", "ava@vertex.example".into()),
        ],
    )?;
    let out = cmd("node")
        .args([
            "tests/bench/pipeline.mjs",
            &server.url,
            "ava@vertex.example",
        ])
        .output()
        .map_err(|e| format!("node: {e}"))?;
    drop(server);
    if !out.status.success() {
        return Err(format!(
            "pipeline benchmark failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("benchmark output: {e}"))?;
    let ms = |x: &serde_json::Value| format!("{:.2}", x.as_f64().unwrap_or(f64::NAN));
    let verdict = |x: &serde_json::Value| {
        if x.as_f64().unwrap_or(f64::MAX) <= 16.0 {
            "within"
        } else {
            "OVER"
        }
    };
    Ok(format!(
        "| measure | value |\n|---|---:|\n\
         | deals in the pipeline | {} |\n\
         | rows in the DOM with all deals shown | {} |\n\
         | pipeline page load (sign-in done, navigation to first row) | {} ms |\n\
         | filter keystroke p50 / p95 / max ({} samples) | {} / **{}** / {} ms ({} the 16 ms budget at p95) |\n\
         | column sort p50 / p95 / max ({} samples) | {} / **{}** / {} ms ({} the 16 ms budget at p95) |\n",
        v["deals"],
        v["domRowsAll"],
        v["loadMs"],
        v["filter"]["n"],
        ms(&v["filter"]["p50"]),
        ms(&v["filter"]["p95"]),
        ms(&v["filter"]["max"]),
        verdict(&v["filter"]["p95"]),
        v["sort"]["n"],
        ms(&v["sort"]["p50"]),
        ms(&v["sort"]["p95"]),
        ms(&v["sort"]["max"]),
        verdict(&v["sort"]["p95"]),
    ))
}

/// Files `index.html` loads at first paint, with raw and brotli sizes, against the budget.
fn payload_table() -> Result<String> {
    let dist = dist::dist_dir();
    let html = std::fs::read_to_string(dist.join("index.html")).map_err(|e| e.to_string())?;
    let mut files: Vec<String> = Vec::new();
    for attr in ["href=", "src="] {
        for piece in html.split(attr).skip(1) {
            let value = piece.trim_start_matches(['"', '\'']);
            let end = value.find(['"', '\'', ' ', '>']).unwrap_or(value.len());
            let name = value[..end].trim_start_matches('/');
            let first_load = [".js", ".wasm", ".css"].iter().any(|e| name.ends_with(e));
            if first_load && !files.iter().any(|f| f == name) {
                files.push(name.to_owned());
            }
        }
    }
    files.sort();
    let mut rows = String::from("| file | raw bytes | brotli bytes |\n|---|---:|---:|\n");
    let (mut raw_total, mut br_total) = (0usize, 0usize);
    for f in &files {
        let data = std::fs::read(dist.join(f)).map_err(|e| format!("{f}: {e}"))?;
        let br = dist::brotli_bytes(&data).len();
        raw_total += data.len();
        br_total += br;
        rows.push_str(&format!("| {f} | {} | {br} |\n", data.len()));
    }
    let budget = 200 * 1000;
    let verdict = if br_total <= budget { "within" } else { "OVER" };
    rows.push_str(&format!(
        "| **total (JS + wasm + CSS)** | {raw_total} | **{br_total}** ({:.1} KB, {verdict} the 200 KB budget) |\n",
        br_total as f64 / 1000.0
    ));
    Ok(rows)
}

fn write_section(name: &str, body: &str) -> Result<()> {
    let path = root().join("BENCHMARKS.md");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let (start, end) = (
        format!("<!-- {name}:start -->"),
        format!("<!-- {name}:end -->"),
    );
    let block = format!("{start}\n{body}{end}");
    let new = match (text.find(&start), text.find(&end)) {
        (Some(a), Some(b)) if b > a => format!("{}{}{}", &text[..a], block, &text[b + end.len()..]),
        _ => format!("{text}\n{block}\n"),
    };
    std::fs::write(&path, new).map_err(|e| format!("BENCHMARKS.md: {e}"))
}
