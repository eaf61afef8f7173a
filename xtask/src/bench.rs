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
    must(cmd("cargo").args(["build", "--release", "-p", "api", "--bin", "portico-api"]))?;
    step("pipeline filter/sort, 10 000 deals, headless Chromium");
    let table = pipeline_browser()?;
    println!("{table}");
    write_section("pipeline-browser", &table)?;
    Ok(ExitCode::SUCCESS)
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
