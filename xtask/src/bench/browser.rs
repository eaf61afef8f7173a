//! `bench pipeline` and `bench search`: figures measured inside headless Chromium by the
//! scripts in tests/bench/ — the pipeline page's keystroke and sort timings over 10 000 deals,
//! and our library search beside MiniSearch — and the search section's table.

use super::report::{megabytes, ms, percent, thousands, verdict};
use crate::server::{TestServer, sqlite_url, synthetic_deals};
use crate::util::{cmd, must, root};
use anyhow::{Context, Result, bail};

/// A fresh database where Ava (partner admin) has 10 000 deals, her demo ones topped up with
/// synthetic ones by `portico-synthetic`; the page-side timings come from
/// `tests/bench/pipeline.mjs`.
pub(super) fn pipeline_browser() -> Result<String> {
    let work = root().join("target/bench/pipeline");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)
        .with_context(|| format!("could not create {}", work.display()))?;
    let api = root().join("target/release/portico-api");
    synthetic_deals(&api, &sqlite_url(&work), 10_000, "ava@vertex.example")?;
    let server = TestServer::start(&api, &work)?;
    let out = cmd("node")
        .args([
            "tests/bench/pipeline.mjs",
            &server.url,
            "ava@vertex.example",
        ])
        .output()
        .context("node")?;
    drop(server);
    if !out.status.success() {
        bail!(
            "pipeline benchmark failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).context("benchmark output")?;
    // The page must hold the 10 000 deals (Ava's demo ones and the synthetic ones) it was built with.
    let deals = v["deals"].as_u64().unwrap_or(0);
    if deals < 10_000 {
        bail!(
            "the pipeline page says it holds {} deals, not the 10 000 seeded",
            v["deals"]
        );
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
pub(super) fn search_browser() -> Result<String> {
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
    std::fs::create_dir_all(&pkg).with_context(|| format!("could not create {}", pkg.display()))?;
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
        .with_context(|| format!("{}/package.json", pkg.display()))?;
    let out = cmd("node")
        .arg("tests/bench/search.mjs")
        .arg(&pkg)
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("node")?;
    if !out.status.success() {
        bail!("search benchmark failed (its output is above)");
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).context("benchmark output")?;
    // Every figure (slowest keystrokes, per-size details) stays beside the package.
    std::fs::write(root().join("target/bench/search/result.json"), &out.stdout)
        .context("target/bench/search/result.json")?;
    search_table(&v)
}

fn search_table(v: &serde_json::Value) -> Result<String> {
    let sizes = v["sizes"]
        .as_array()
        .context("benchmark output has no sizes")?;
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
