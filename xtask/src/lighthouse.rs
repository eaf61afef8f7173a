//! `cargo xtask bench lighthouse`: Lighthouse (npm, the version package.json pins) in Debian's
//! Chromium with its mobile preset, three runs per page, on the sign-in page and on a Gold
//! partner's home (signed in through `POST /api/v1/session`, the cookie sent as a request
//! header), against a fresh release server. `tests/bench/lighthouse.mjs` runs Lighthouse and
//! picks out what it blames; this formats the medians against the design's budgets.

use crate::server::{TestServer, session_cookie};
use crate::tools;
use crate::util::{cmd, output_line, root};
use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::path::Path;

/// Lighthouse runs per page; figures are the medians.
const RUNS: usize = 3;
/// The signed-in page: a Gold partner admin's home.
const HOME_USER: &str = "ava@vertex.example";

pub fn lighthouse() -> Result<String> {
    if !std::path::Path::new(tools::CHROMIUM).exists() {
        tools::apt_install(&["chromium"])?;
    }
    let work = root().join("target/bench/lighthouse");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)
        .with_context(|| format!("could not create {}", work.display()))?;
    // Served from a copy: other builds rewriting dist/ mid-run must not change what is measured.
    let dist = work.join("dist");
    copy_dir(&crate::dist::dist_dir(), &dist)?;
    let server = TestServer::start_with(
        &root().join("target/release/portico-api"),
        &work,
        &[("PORTICO_DIST", dist.display().to_string())],
    )?;
    let cookie = session_cookie(server.addr, HOME_USER, "portico-demo")?;
    let out = cmd("node")
        .arg("tests/bench/lighthouse.mjs")
        .arg(&work)
        .arg(RUNS.to_string())
        .arg(format!("sign-in={}/sign-in", server.url))
        .arg(format!("home={}/@{cookie}", server.url))
        .env("CHROME_PATH", tools::CHROMIUM)
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("node")?;
    let origin = server.url.clone();
    drop(server);
    if !out.status.success() {
        bail!("Lighthouse failed (its output is above)");
    }
    std::fs::write(work.join("result.json"), &out.stdout)
        .with_context(|| format!("{}/result.json", work.display()))?;
    // The server's port changes every run; the findings name files by path only.
    let text = String::from_utf8_lossy(&out.stdout).replace(&origin, "");
    let mut v: Value = serde_json::from_str(&text).context("Lighthouse output")?;
    // The user agent Chromium reports is reduced to 156.0.0.0; its own --version is exact.
    if let Some(version) = output_line(tools::CHROMIUM, &["--version"])
        .and_then(|l| l.split_whitespace().nth(1).map(str::to_owned))
    {
        v["chromium"] = Value::String(version);
    }
    Ok(table(&v))
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| to.display().to_string())?;
    for entry in std::fs::read_dir(from).with_context(|| from.display().to_string())? {
        let entry = entry.with_context(|| from.display().to_string())?;
        let target = to.join(entry.file_name());
        if entry
            .file_type()
            .with_context(|| entry.path().display().to_string())?
            .is_dir()
        {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .with_context(|| entry.path().display().to_string())?;
        }
    }
    Ok(())
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or(f64::NAN)
}

fn label(name: &str) -> String {
    match name {
        "sign-in" => "sign-in (`/sign-in`, signed out)".into(),
        "home" => format!("Gold partner home (`/`, {HOME_USER})"),
        other => other.into(),
    }
}

fn table(v: &Value) -> String {
    let pages = v["pages"].as_array().cloned().unwrap_or_default();
    let mut rows = String::from(
        "| page | performance | accessibility | best practices | LCP | TBT | CLS | FCP |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut budgets = String::new();
    let mut blame = String::new();
    for p in &pages {
        let runs = p["runs"].as_array().cloned().unwrap_or_default();
        let all = |k: &str| -> Vec<f64> { runs.iter().filter_map(|r| r[k].as_f64()).collect() };
        let score = |k: &str| {
            let xs = all(k);
            let each: Vec<String> = xs.iter().map(|x| format!("{x:.0}")).collect();
            (median(xs), each.join(" / "))
        };
        let (perf, perf_runs) = score("performance");
        let (a11y, a11y_runs) = score("accessibility");
        let (bp, bp_runs) = score("bestPractices");
        let name = p["name"].as_str().unwrap_or("?");
        rows.push_str(&format!(
            "| {} | **{perf:.0}** ({perf_runs}) | **{a11y:.0}** ({a11y_runs}) | {bp:.0} ({bp_runs}) | {:.2} s | {:.0} ms | {:.3} | {:.2} s |\n",
            label(name),
            median(all("lcp")) / 1000.0,
            median(all("tbt")),
            median(all("cls")),
            median(all("fcp")) / 1000.0,
        ));
        budgets.push_str(&format!(
            "- {name}: performance ≥ 95: **{perf:.0}**, {}; accessibility 100: **{a11y:.0}**, {}.\n",
            verdict(perf >= 95.0),
            verdict(a11y >= 100.0)
        ));
        blame.push_str(&blamed(name, p));
    }
    format!(
        "Lighthouse {}, Chromium {}, mobile preset (Lighthouse's default: 412×823 screen, simulated \
         slow 4G — 150 ms RTT, 1.6 Mbit/s — and 4× CPU slowdown); {} runs per page, each in a fresh \
         headless browser; each figure is the median of its runs (runs in brackets).\n\n{rows}\n\
         {budgets}\nWhat Lighthouse blames, from the median run by performance score:\n\n{blame}",
        v["lighthouse"].as_str().unwrap_or("?"),
        v["chromium"].as_str().unwrap_or("?"),
        v["runs"],
    )
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "**not met**" }
}

/// One page's bullet: the LCP element and phases, bytes and main-thread time, then every audit
/// that did not pass.
fn blamed(name: &str, p: &Value) -> String {
    let f = |x: &Value| x.as_f64().unwrap_or(f64::NAN);
    let phases: Vec<String> = p["lcp"]["phases"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|ph| f(&ph["ms"]) >= 1.0)
        .map(|ph| {
            format!(
                "{} {:.0} ms",
                ph["phase"].as_str().unwrap_or("?"),
                f(&ph["ms"])
            )
        })
        .collect();
    let w = &p["weight"];
    let largest: Vec<String> = w["largest"]
        .as_array()
        .into_iter()
        .flatten()
        .take(1)
        .map(|l| {
            format!(
                "{:.0} kB of it `{}`",
                f(&l["bytes"]) / 1000.0,
                l["url"].as_str().unwrap_or("?").trim_start_matches('/')
            )
        })
        .collect();
    let main: Vec<String> = w["mainThread"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| format!("{} {:.0}", m["what"].as_str().unwrap_or("?"), f(&m["ms"])))
        .collect();
    let mut out = format!(
        "- **{name}** (run {}): LCP element {} — {}; {:.0} kB transferred, {}; main thread {:.0} ms ({} ms).\n",
        p["medianRun"],
        p["lcp"]["element"]
            .as_str()
            .filter(|e| !e.is_empty())
            .map_or_else(
                || "not reported".into(),
                |e| format!("`{}`", e.replace('`', "'"))
            ),
        phases.join(", "),
        f(&w["totalBytes"]) / 1000.0,
        largest.join(", "),
        f(&w["mainThreadMs"]),
        main.join(", "),
    );
    for (key, what) in [
        ("performance", "performance"),
        ("accessibility", "accessibility"),
        ("bestPractices", "best practices"),
    ] {
        let audits = p[key].as_array().cloned().unwrap_or_default();
        if audits.is_empty() {
            out.push_str(&format!("  - {what}: nothing flagged.\n"));
            continue;
        }
        let listed: Vec<String> = audits
            .iter()
            .map(|a| {
                let mut s = a["title"].as_str().unwrap_or("?").to_owned();
                if let Some(d) = a["displayValue"].as_str().filter(|d| !d.is_empty()) {
                    s.push_str(&format!(" ({d})"));
                }
                let items: Vec<String> = a["items"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|i| i.as_str())
                    .map(|i| format!("`{}`", i.replace('`', "'")))
                    .collect();
                if !items.is_empty() {
                    s.push_str(&format!(": {}", items.join(", ")));
                }
                s
            })
            .collect();
        out.push_str(&format!("  - {what}: {}.\n", listed.join("; ")));
    }
    out
}
