//! `cargo xtask bench`: measured figures, printed and written into BENCHMARKS.md between
//! `<!-- name:start -->` / `<!-- name:end -->` markers, with the command that produced them.
//! This module picks the sections and runs them in order; the ones measured here live in
//! [`api`] (oha against the API), [`browser`] (pages and the search engine in headless
//! Chromium) and [`payload`] (what a first visit loads); [`report`] writes the figures into
//! BENCHMARKS.md. The other sections are their own modules (`crate::writes`, `crate::scale`,
//! `crate::crash`, `crate::lighthouse`).

mod api;
mod browser;
mod payload;
mod report;

pub use api::{Load, ensure_oha, oha};

use crate::util::{cmd, must, root, step};
use crate::{dist, tools};
use anyhow::{Result, bail};
use report::write_section;
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
        bail!(
            "unknown bench section '{bad}'; sections: {}",
            SECTIONS.join(", ")
        );
    }
    let want = |name: &str| sections.is_empty() || sections.iter().any(|s| s == name);
    tools::setup(tools::Needs::Build)?;
    // The pipeline page and Lighthouse's pages are served from dist/, so they need the SPA too.
    if want("payload") || want("pipeline") || want("lighthouse") {
        dist::build()?;
    }
    if want("payload") {
        step("first-load payload (brotli, quality 11)");
        let table = payload::payload_table()?;
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
        let table = browser::pipeline_browser()?;
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
        let table = api::api_load()?;
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
        let table = browser::search_browser()?;
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
            bail!("crash safety: a check failed (see above and BENCHMARKS.md)");
        }
    }
    Ok(ExitCode::SUCCESS)
}
