//! `cargo xtask bench`: measured figures, printed and written into BENCHMARKS.md between
//! `<!-- name:start -->` / `<!-- name:end -->` markers, with the command that produced them.

use crate::server::TestServer;
use crate::util::{Result, cmd, must, root, step};
use crate::{dist, tools};
use std::process::ExitCode;

/// The sections `cargo xtask bench` can run; naming none runs them all.
pub const SECTIONS: [&str; 8] = [
    "payload",
    "pipeline",
    "lighthouse",
    "api",
    "api-writes",
    "scale",
    "search",
    "crash",
];

pub fn run(sections: &[String]) -> Result<ExitCode> {
    if let Some(bad) = sections.iter().find(|s| !SECTIONS.contains(&s.as_str())) {
        return Err(format!(
            "unknown bench section '{bad}'; sections: {}",
            SECTIONS.join(", ")
        ));
    }
    let want = |name: &str| sections.is_empty() || sections.iter().any(|s| s == name);
    tools::setup(tools::Needs::Build)?;
    // The pipeline page and Lighthouse's pages are served from dist/, so they need the SPA too.
    if want("payload") || want("pipeline") || want("lighthouse") {
        dist::build()?;
    }
    if want("payload") {
        step("first-load payload (brotli, quality 11)");
        let table = payload_table()?;
        println!("{table}");
        write_section("payload", &table)?;
        step("embedded form payload: everything a visitor loads (brotli, quality 11)");
        must(cmd("cargo").args(["build", "--release", "-p", "api", "--bin", "portico-api"]))?;
        let table = crate::embed::payload_table(&root().join("target/release/portico-api"))?;
        println!("{table}");
        write_section("payload-embed", &table)?;
    }

    if [
        "pipeline",
        "lighthouse",
        "api",
        "api-writes",
        "scale",
        "crash",
    ]
    .iter()
    .any(|s| want(s))
    {
        step("building the API (release) for the benchmarks");
        must(cmd("cargo").args(["build", "--release", "-p", "api", "--bins"]))?;
    }
    if want("pipeline") {
        step("pipeline filter/sort, 10 000 deals, headless Chromium");
        let table = pipeline_browser()?;
        println!("{table}");
        write_section("pipeline-browser", &table)?;
    }
    if want("lighthouse") {
        step("Lighthouse, mobile preset, sign-in and a Gold partner's home, 3 runs each");
        let table = crate::lighthouse::lighthouse()?;
        println!("{table}");
        write_section("lighthouse", &table)?;
    }

    if want("api") {
        step("API load: pipeline reads beside a bare axum + SQLite handler (oha, loopback)");
        let table = api_load()?;
        println!("{table}");
        write_section("api-load", &table)?;
    }
    if want("api-writes") {
        step("API load: registration writes beside a bare axum + SQLite insert (loopback)");
        let table = crate::writes::api_writes()?;
        println!("{table}");
        write_section("api-writes", &table)?;
    }

    if want("scale") {
        step(
            "PostgreSQL: pipeline reads and registration writes beside bare axum + PostgreSQL handlers, one and two instances",
        );
        let table = crate::scale::scale()?;
        println!("{table}");
        write_section("scale", &table)?;
    }

    if want("search") {
        step("library search beside MiniSearch, 1 000 / 20 000 / 50 000 assets, headless Chromium");
        let table = search_browser()?;
        println!("{table}");
        write_section("search-browser", &table)?;
    }

    // Last: this one asserts, and a failed check fails the command (after writing its figures).
    if want("crash") {
        step("crash safety: SIGKILL mid-burst of registration submissions, restart, verify");
        let (table, ok) = crate::crash::crash()?;
        println!("{table}");
        write_section("crash-safety", &table)?;
        if !ok {
            return Err("crash safety: a check failed (see above and BENCHMARKS.md)".into());
        }
    }
    Ok(ExitCode::SUCCESS)
}

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
    let ok = codes.get("200").and_then(|n| n.as_u64()).unwrap_or(0);
    // A run with any other answer measured something else (errors are fast): it fails.
    if total == 0 || ok != total {
        return Err(format!(
            "{url}: {ok} of {total} answers were 200 ({codes:?}); the figures would not be the endpoint's"
        ));
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
/// over one database: Ben with 300 synthetic deals plus his demo ones (counted from an answer).
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
        "Each response holds the partner user's {deals} deals (counted from one answer; 300 synthetic ones were seeded for him).\n\n\
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
    // The page must hold the 10 000 synthetic deals (plus Ava's demo ones) it was built with.
    let deals = v["deals"].as_u64().unwrap_or(0);
    if deals < 10_000 {
        return Err(format!(
            "the pipeline page says it holds {} deals, not the 10 000 seeded",
            v["deals"]
        ));
    }
    let ms = |x: &serde_json::Value| format!("{:.2}", x.as_f64().unwrap_or(f64::NAN));
    let verdict = |x: &serde_json::Value| {
        if x.as_f64().unwrap_or(f64::MAX) <= 16.0 {
            "within"
        } else {
            "OVER"
        }
    };
    Ok(format!(
        "{} runs, each a fresh navigation to the pipeline; keystrokes and sort clicks timed from \
         the input event to the next frame (DOM, style, layout and paint), samples of all runs \
         pooled.\n\n\
         | measure | value |\n|---|---:|\n\
         | deals in the pipeline | {deals} |\n\
         | rows in the DOM with all deals shown | {} |\n\
         | pipeline page load (navigation to first row, median of the runs) | {} ms |\n\
         | filter keystroke p50 / p95 / max ({} samples) | {} / **{}** / {} ms ({} the 16 ms budget at p95) |\n\
         | column sort p50 / p95 / max ({} samples) | {} / **{}** / {} ms ({} the 16 ms budget at p95) |\n\
         | reference: an event that changes nothing, to the next frame, p50 / p95 ({} samples) | {} / {} ms |\n",
        v["runs"],
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
        v["floor"]["n"],
        ms(&v["floor"]["p50"]),
        ms(&v["floor"]["p95"]),
    ))
}

/// Builds `search-bench` for the browser as the SPA ships (wasm-release profile, wasm-bindgen,
/// `wasm-opt -Oz`) and runs `tests/bench/search.mjs`: our library search beside MiniSearch over
/// the same synthetic assets and queries, in headless Chromium.
fn search_browser() -> Result<String> {
    must(cmd("cargo").args([
        "build",
        "-p",
        "search-bench",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
    ]))?;
    let wasm = root().join("target/wasm32-unknown-unknown/wasm-release/search_bench.wasm");
    let pkg = root().join("target/bench/search/pkg");
    let _ = std::fs::remove_dir_all(&pkg);
    std::fs::create_dir_all(&pkg).map_err(|e| e.to_string())?;
    must(cmd("wasm-bindgen").args([
        "--target".as_ref(),
        "web".as_ref(),
        "--out-dir".as_ref(),
        pkg.as_os_str(),
        wasm.as_os_str(),
    ]))?;
    let bg = pkg.join("search_bench_bg.wasm");
    must(cmd("wasm-opt").args([
        "-Oz".as_ref(),
        bg.as_os_str(),
        "-o".as_ref(),
        bg.as_os_str(),
    ]))?;
    // Node imports the same glue to compute sizes; it is an ES module.
    std::fs::write(pkg.join("package.json"), "{\"type\":\"module\"}\n")
        .map_err(|e| e.to_string())?;
    let out = cmd("node")
        .arg("tests/bench/search.mjs")
        .arg(&pkg)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("node: {e}"))?;
    if !out.status.success() {
        return Err("search benchmark failed (its output is above)".into());
    }
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("benchmark output: {e}"))?;
    // Every figure (slowest keystrokes, per-size details) stays beside the package.
    std::fs::write(root().join("target/bench/search/result.json"), &out.stdout)
        .map_err(|e| e.to_string())?;
    search_table(&v)
}

/// Milliseconds with three decimals below 1 ms, two from 1 ms, none from 1 s.
fn ms(x: &serde_json::Value) -> String {
    match x.as_f64() {
        Some(v) if v < 1.0 => format!("{v:.3}"),
        Some(v) if v < 1000.0 => format!("{v:.2}"),
        Some(v) => format!("{v:.0}"),
        None => "–".into(),
    }
}

/// Bytes as MB (one decimal), or kB below 1 MB.
fn megabytes(x: &serde_json::Value) -> String {
    match x.as_f64() {
        Some(b) if b < 1e6 => format!("{:.0} kB", b / 1e3),
        Some(b) => format!("{:.1} MB", b / 1e6),
        None => "–".into(),
    }
}

fn percent(x: &serde_json::Value) -> String {
    x.as_f64()
        .map_or_else(|| "–".into(), |r| format!("{:.1} %", r * 100.0))
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "**not met**" }
}

/// Thousands with a thin space, as the prose writes them (20 000).
fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

fn search_table(v: &serde_json::Value) -> Result<String> {
    let sizes = v["sizes"]
        .as_array()
        .ok_or("benchmark output has no sizes")?;
    let f = |x: &serde_json::Value| x.as_f64().unwrap_or(f64::NAN);
    let mut head = String::from("| measure |");
    let mut rule = String::from("|---|");
    for s in sizes {
        let n = thousands(s["n"].as_u64().unwrap_or(0));
        head.push_str(&format!(" {n}: ours | {n}: MiniSearch |"));
        rule.push_str("---:|---:|");
    }
    let mut rows = format!("{head}\n{rule}\n");
    let mut row = |label: &str, cell: &dyn Fn(&serde_json::Value) -> String| {
        rows.push_str(&format!("| {label} |"));
        for s in sizes {
            for engine in ["ours", "minisearch"] {
                rows.push_str(&format!(" {} |", cell(&s[engine])));
            }
        }
        rows.push('\n');
    };
    row("keystroke p50 / **p95** / max, ms", &|e| {
        let k = &e["keystroke"];
        format!(
            "{} / **{}** / {}",
            ms(&k["p50"]),
            ms(&k["p95"]),
            ms(&k["max"])
        )
    });
    row("assets matched per keystroke (mean)", &|e| {
        format!("{:.0}", f(&e["meanMatches"]))
    });
    row("typo recall@10", &|e| {
        format!("**{}**", percent(&e["typo"]["recall"]))
    });
    row("… insertion / deletion / substitution / swap", &|e| {
        ["insertion", "deletion", "substitution", "swap"]
            .iter()
            .map(|k| {
                let b = &e["typo"]["byEdit"][k];
                format!("{:.0}", 100.0 * f(&b["found"]) / f(&b["n"]))
            })
            .collect::<Vec<_>>()
            .join(" / ")
            + " %"
    });
    row("exact-query recall@10 (the ceiling)", &|e| {
        percent(&e["exact"]["recall"])
    });
    row("typo query p50 / p95, ms", &|e| {
        let t = &e["typo"]["time"];
        format!("{} / {}", ms(&t["p50"]), ms(&t["p95"]))
    });
    row("parse the documents JSON, ms", &|e| ms(&e["parseMs"]));
    row("build the index, ms", &|e| ms(&e["buildMs"]));
    row(
        "… its longest block: `finish()` / a 1 000-asset slice, ms",
        &|e| {
            if e.get("finishMs").is_some() {
                format!("{} / {}", ms(&e["finishMs"]), ms(&e["maxSliceMs"]))
            } else {
                "– (one `addAll`)".into()
            }
        },
    );
    row("index memory", &|e| megabytes(&e["heapBytes"]));
    row("page memory for documents + index", &|e| {
        // Ours: the engine's wasm instance's linear memory (its peak: it never shrinks);
        // MiniSearch: the JS heap the parsed documents and the index hold.
        if e.get("wasmMemoryBytes").is_some() {
            format!("{} (wasm memory)", megabytes(&e["wasmMemoryBytes"]))
        } else {
            megabytes(&serde_json::json!(
                f(&e["docsHeapBytes"]) + f(&e["heapBytes"])
            ))
        }
    });
    let quality = v["brotliQuality"].as_u64().unwrap_or(0);
    rows.push_str(&format!(
        "| documents JSON, raw / brotli q{quality} (both engines) |"
    ));
    for s in sizes {
        let b = &s["bytes"];
        rows.push_str(&format!(
            " {} / {} | same |",
            megabytes(&b["docsJson"]),
            megabytes(&b["docsJsonBrotli"])
        ));
    }
    rows.push_str(&format!(
        "\n| serialised index, brotli q{quality} (`JSON.stringify(miniSearch)`) |"
    ));
    for s in sizes {
        rows.push_str(&format!(
            " – (built in the browser) | {} |",
            megabytes(&s["bytes"]["miniSearchIndexJsonBrotli"])
        ));
    }
    rows.push('\n');

    let at = |n: u64| sizes.iter().find(|s| s["n"].as_u64() == Some(n));
    let p95 = |s: &serde_json::Value, e: &str| f(&s[e]["keystroke"]["p95"]);
    let mut budget = String::new();
    if let Some(s) = at(20_000) {
        let (ours, mini) = (p95(s, "ours"), p95(s, "minisearch"));
        budget.push_str(&format!(
            "- p95 per keystroke at 20 000 assets ≤ 2 ms: **{ours:.2} ms**, {}.\n",
            verdict(ours <= 2.0)
        ));
        budget.push_str(&format!(
            "- at most a tenth of MiniSearch's p95 at 20 000 assets: **1/{:.0}** ({ours:.2} vs \
             {mini:.2} ms), {}.",
            mini / ours,
            verdict(ours * 10.0 <= mini)
        ));
        let others: Vec<String> = sizes
            .iter()
            .filter(|o| o["n"].as_u64() != Some(20_000))
            .map(|o| {
                format!(
                    "1/{:.0} at {}",
                    p95(o, "minisearch") / p95(o, "ours"),
                    thousands(o["n"].as_u64().unwrap_or(0))
                )
            })
            .collect();
        if !others.is_empty() {
            budget.push_str(&format!(" Elsewhere: {}.", others.join(", ")));
        }
        budget.push('\n');
    }
    let recalls: Vec<(u64, f64)> = sizes
        .iter()
        .map(|s| {
            (
                s["n"].as_u64().unwrap_or(0),
                f(&s["ours"]["typo"]["recall"]),
            )
        })
        .collect();
    budget.push_str(&format!(
        "- typo recall@10 ≥ 95 % at every size: {}; {}.\n",
        recalls
            .iter()
            .map(|(n, r)| format!("**{:.1} %** at {}", r * 100.0, thousands(*n)))
            .collect::<Vec<_>>()
            .join(", "),
        verdict(recalls.iter().all(|(_, r)| *r >= 0.95))
    ));
    for s in sizes.iter().filter(|s| s["n"].as_u64() >= Some(20_000)) {
        let slow: Vec<String> = s["slowestOurs"]
            .as_array()
            .into_iter()
            .flatten()
            .take(3)
            .map(|k| {
                format!(
                    "`{}` {} ms ({} matched)",
                    k["q"].as_str().unwrap_or("?"),
                    ms(&k["ms"]),
                    k["matches"]
                )
            })
            .collect();
        budget.push_str(&format!(
            "- our slowest keystrokes at {}: {}.\n",
            thousands(s["n"].as_u64().unwrap_or(0)),
            slow.join(", ")
        ));
    }
    let first = &sizes[0];
    Ok(format!(
        "Seed {}; {} keystrokes timed {} times per engine after a warm-up pass, {} typo queries; \
         Chromium {}, MiniSearch {}; performance.now() resolution {:.0} µs (cross-origin \
         isolated: {}).\n\n{rows}\n{budget}",
        v["seed"],
        first["keystrokes"],
        v["rounds"],
        first["typos"],
        v["chromium"].as_str().unwrap_or("?"),
        v["miniSearchVersion"].as_str().unwrap_or("?"),
        f(&first["timerResolutionMs"]) * 1000.0,
        first["crossOriginIsolated"],
    ))
}

/// The first load of the portal, per page: what `index.html` loads (CSS, the loader, the main
/// module, `__wasm_split.js`) plus the page's own module and the shared chunks it needs, each
/// file compressed with brotli as served. The budget applies to every page.
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
    let brotli_size = |f: &str| -> Result<(usize, usize)> {
        let data = std::fs::read(dist.join(f)).map_err(|e| format!("{f}: {e}"))?;
        Ok((data.len(), dist::brotli_bytes(&data).len()))
    };
    let mut rows = String::from(
        "Loaded by `index.html` on every first visit (the shell):\n\n| file | raw bytes | brotli bytes |\n|---|---:|---:|\n",
    );
    let (mut raw_total, mut shell) = (0usize, 0usize);
    let mut pkg = None;
    for f in &files {
        let (raw, br) = brotli_size(f)?;
        raw_total += raw;
        shell += br;
        rows.push_str(&format!("| {f} | {raw} | {br} |\n"));
        if f.ends_with("/__wasm_split.js") {
            pkg = f.rsplit_once('/').map(|(dir, _)| dir.to_owned());
        }
    }
    rows.push_str(&format!(
        "| **shell total** | {raw_total} | **{shell}** ({:.1} KB) |\n",
        shell as f64 / 1000.0
    ));
    let pkg = pkg.ok_or("index.html does not load __wasm_split.js: not a code-split build")?;
    let listing = std::fs::read_to_string(crate::split::pages_file())
        .map_err(|e| format!("{}: {e}", crate::split::pages_file().display()))?;
    let listing: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&listing).map_err(|e| format!("pages.json: {e}"))?;
    let pages: Vec<(String, Vec<String>)> = listing
        .into_iter()
        .map(|(page, files)| {
            let files = files
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|f| f.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            (page, files)
        })
        .collect();
    if pages.is_empty() {
        return Err("pages.json names no page modules".into());
    }
    let budget = 200 * 1000;
    rows.push_str(
        "\nFirst load of each page (shell + the page's module + the shared chunks it fetches):\n\n| page | modules | page's modules, brotli | **first load, brotli** | budget 200 KB |\n|---|---:|---:|---:|---|\n",
    );
    let mut over = 0;
    for (page, modules) in &pages {
        let mut own = 0;
        for m in modules {
            own += brotli_size(&format!("{pkg}/{m}"))?.1;
        }
        let total = shell + own;
        let verdict = if total <= budget {
            "within"
        } else {
            "**OVER**"
        };
        over += usize::from(total > budget);
        rows.push_str(&format!(
            "| {page} | {} | {own} | **{total}** ({:.1} KB) | {verdict} |\n",
            modules.len(),
            total as f64 / 1000.0
        ));
    }
    rows.push_str(&format!(
        "\n{} of {} pages within the 200 KB budget.\n",
        pages.len() - over,
        pages.len()
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
