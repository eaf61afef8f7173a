//! `cargo xtask test`: every check and suite, in order, each counted; the last line is
//! `N passed, N failed` across all of them. A suite that cannot run counts as a failure.

use crate::server::TestServer;
use crate::util::{cmd, root, status, step, tee};
use crate::{dist, tools};
use anyhow::{Context, Result, anyhow};
use std::path::PathBuf;
use std::process::{Command, ExitCode};

mod api_fuzz;
mod deploy;

/// One suite's counts.
#[derive(Clone)]
struct Tally {
    name: String,
    passed: u64,
    failed: u64,
    skipped: u64,
    note: String,
}

impl Tally {
    fn new(name: &str) -> Self {
        Tally {
            name: name.into(),
            passed: 0,
            failed: 0,
            skipped: 0,
            note: String::new(),
        }
    }

    /// A suite that could not run; `why` with its causes (`{:#}` of an error).
    fn broken(name: &str, why: impl std::fmt::Display) -> Self {
        Tally {
            failed: 1,
            note: format!("{why:#}"),
            ..Tally::new(name)
        }
    }

    /// Fails a suite that passed fewer tests than `min` (its size when the minimum was set):
    /// tests that stop being found or run — a filter, a broken glob, a runner that skips a
    /// file — must not leave the suite green.
    fn at_least(mut self, min: u64) -> Self {
        if self.failed == 0 && self.passed < min {
            self.failed = 1;
            self.note = format!(
                "{} passed where at least {min} are expected (if tests were removed on purpose, lower the minimum in xtask/src/suites.rs)",
                self.passed
            );
        }
        self
    }

    /// Fails a suite with skipped tests: nothing here is skipped without a reason written
    /// next to it, and none is today.
    fn no_skips(mut self) -> Self {
        if self.skipped > 0 {
            self.failed = self.failed.max(1);
            self.note = format!(
                "{} skipped (ignored or skipped tests fail the suite: run or delete them)",
                self.skipped
            );
        }
        self
    }
}

pub fn run_all() -> Result<ExitCode> {
    let mut tallies = Vec::new();
    if let Err(e) = tools::setup(tools::Needs::Test) {
        tallies.push(Tally::broken("setup", e));
        return Ok(summary(&tallies));
    }
    let wasm = "wasm32-unknown-unknown";
    tallies.push(check(
        "cargo fmt --check",
        cmd("cargo").args(["fmt", "--all", "--check"]),
    ));
    tallies.push(check(
        "clippy (server, domain, xtask)",
        cmd("cargo").args([
            "clippy",
            "--workspace",
            "--exclude",
            "portico",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    ));
    tallies.push(check(
        "clippy (SPA, wasm32)",
        cmd("cargo").args([
            "clippy",
            "-p",
            "portico",
            "--target",
            wasm,
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    ));
    tallies.push(check(
        "domain builds for wasm32",
        cmd("cargo").args(["build", "-p", "domain", "--target", wasm]),
    ));
    // Each suite's minimum is its size when it was last set: a suite that shrinks fails.
    tallies.push(
        libtest(
            "native tests (domain, api, xtask)",
            cmd("cargo").args(["test", "--workspace", "--exclude", "portico"]),
        )
        .at_least(256),
    );
    tallies.push(api_on_postgres().at_least(105));
    tallies.push(
        libtest(
            "SPA logic tests (native)",
            cmd("cargo").args(["test", "-p", "portico", "--lib"]),
        )
        .at_least(18),
    );
    tallies.extend(
        api_fuzz::run()
            .into_iter()
            .map(|t| t.at_least(FUZZ_MINIMUM)),
    );
    tallies.push(
        libtest(
            "SPA browser tests (wasm-bindgen-test, headless Chromium)",
            cmd("cargo")
                .args(["test", "-p", "portico", "--target", wasm, "--test", "web"])
                .env("CHROMEDRIVER", tools::CHROMEDRIVER)
                .env_remove("GECKODRIVER")
                .env_remove("SAFARIDRIVER"),
        )
        .at_least(12),
    );
    let web_tests = ["test", "-p", "portico", "--target", wasm, "--test", "web"];
    let firefox = "SPA browser tests (wasm-bindgen-test, headless Firefox)";
    tallies.push(
        match tools::geckodriver_path() {
            Ok(geckodriver) => libtest(
                firefox,
                cmd("cargo")
                    .args(web_tests)
                    .env("GECKODRIVER", geckodriver)
                    .env_remove("CHROMEDRIVER")
                    .env_remove("SAFARIDRIVER"),
            ),
            Err(e) => Tally::broken(firefox, e),
        }
        .at_least(12),
    );
    tallies.push(
        libtest(
            "SPA browser tests (wasm-bindgen-test, WebKitGTK, Xvfb)",
            cmd(tools::XVFB_RUN)
                .args(["-a", "cargo"])
                .args(web_tests)
                .env("SAFARIDRIVER", tools::WEBKITDRIVER)
                .env_remove("CHROMEDRIVER")
                .env_remove("GECKODRIVER"),
        )
        .at_least(12),
    );
    let api = build_for_end_to_end();
    tallies.push(end_to_end(&api).at_least(END_TO_END_MINIMUM));
    for engine in JOURNEY_ENGINES {
        tallies.push(journey(engine, &api).at_least(1));
    }
    tallies.extend(deploy::run(&api));
    Ok(summary(&tallies))
}

/// Only the API fuzzing runs (`cargo xtask test fuzz`).
pub fn run_fuzz() -> Result<ExitCode> {
    if let Err(e) = tools::setup(tools::Needs::Test) {
        return Ok(summary(&[Tally::broken("setup", e)]));
    }
    let tallies: Vec<Tally> = api_fuzz::run()
        .into_iter()
        .map(|t| t.at_least(FUZZ_MINIMUM))
        .collect();
    Ok(summary(&tallies))
}

/// Operations (plus the stateful scenarios) each fuzzing run must pass.
const FUZZ_MINIMUM: u64 = 37;

/// Only the end-to-end suite (`cargo xtask test e2e [spec…]`), with the builds it needs; the
/// specs named (files under tests/e2e, or Playwright's filters) run alone, without the minimum.
pub fn run_end_to_end(filters: &[String]) -> Result<ExitCode> {
    if let Err(e) = tools::setup(tools::Needs::Test) {
        return Ok(summary(&[Tally::broken("setup", e)]));
    }
    let api = build_for_end_to_end();
    let tally = end_to_end_of(&api, filters);
    Ok(summary(&[if filters.is_empty() {
        tally.at_least(END_TO_END_MINIMUM)
    } else {
        tally
    }]))
}

/// Playwright tests the whole end-to-end suite must pass.
const END_TO_END_MINIMUM: u64 = 75;

/// Only the deployment suite (`cargo xtask test deploy`), with the builds it needs.
pub fn run_deploy() -> Result<ExitCode> {
    if let Err(e) = tools::setup(tools::Needs::Test) {
        return Ok(summary(&[Tally::broken("setup", e)]));
    }
    let api = build_for_end_to_end();
    Ok(summary(&deploy::run(&api)))
}

/// The API integration suite again, on a throwaway PostgreSQL cluster (each test on its own
/// copy of a migrated, seeded template database). The cluster stops when this returns.
fn api_on_postgres() -> Tally {
    let name = "API integration tests on PostgreSQL";
    match crate::postgres::Cluster::start(55433) {
        Ok(cluster) => libtest(
            name,
            cmd("cargo")
                .args(["test", "-p", "api", "--test", "api"])
                .env("PORTICO_TEST_POSTGRES", cluster.url()),
        ),
        Err(e) => Tally::broken(name, e),
    }
}

/// A pass/fail check (formatting, lints, a build): one count.
fn check(name: &str, c: &mut Command) -> Tally {
    step(name);
    let mut t = Tally::new(name);
    match status(c) {
        Ok(true) => t.passed = 1,
        Ok(false) => t.failed = 1,
        Err(e) => return Tally::broken(name, e),
    }
    t
}

/// A libtest-style suite (cargo test, wasm-bindgen-test): counts from its `test result:` lines.
fn libtest(name: &str, c: &mut Command) -> Tally {
    step(name);
    match tee(c) {
        Ok((ok, out)) => libtest_tally(name, ok, &out),
        Err(e) => Tally::broken(name, e),
    }
}

/// The counts of a libtest run's output: a run that failed without a failed test, printed no
/// result line, or executed no test at all is a failure.
fn libtest_tally(name: &str, ok: bool, out: &str) -> Tally {
    let mut t = Tally::new(name);
    let mut seen = false;
    for line in out
        .lines()
        .filter_map(|l| l.trim().strip_prefix("test result: "))
    {
        seen = true;
        t.passed += count(line, "passed");
        t.failed += count(line, "failed");
        t.skipped += count(line, "ignored");
    }
    if !ok && t.failed == 0 {
        t.failed = 1;
        t.note = if seen {
            "the run failed".into()
        } else {
            "did not run (build failed?)".into()
        };
    } else if t.passed + t.failed == 0 {
        t.failed = 1;
        t.note = "ran no tests".into();
    }
    t
}

/// `N <word>` inside `ok. 3 passed; 0 failed; 1 ignored; ...`.
fn count(line: &str, word: &str) -> u64 {
    line.split(';')
        .filter_map(|part| {
            let mut it = part.split_whitespace().rev();
            let w = it.next()?;
            let n = it.next()?;
            (w == word).then(|| n.parse::<u64>().ok()).flatten()
        })
        .sum()
}

/// The SPA (release) and the API binary that end-to-end suites start; the binary's path.
fn build_for_end_to_end() -> Result<PathBuf> {
    dist::build().context("SPA build failed")?;
    step("building the API for end-to-end tests");
    match status(cmd("cargo").args(["build", "-p", "api", "--bin", "portico-api"])) {
        Ok(true) => Ok(root().join("target/debug/portico-api")),
        _ => Err(anyhow!("API build failed")),
    }
}

/// Playwright specs against a freshly started server on a temporary database.
fn end_to_end(api: &Result<PathBuf>) -> Tally {
    end_to_end_of(api, &[])
}

/// The Playwright specs (`filters`: only those) against a fresh server.
fn end_to_end_of(api: &Result<PathBuf>, filters: &[String]) -> Tally {
    let name = "end-to-end (Playwright, headless Chromium)";
    let api = match api {
        Ok(api) => api,
        Err(e) => return Tally::broken(name, e),
    };
    let work = root()
        .join("target/e2e")
        .join(std::process::id().to_string());
    let _ = std::fs::remove_dir_all(&work);
    if let Err(e) = std::fs::create_dir_all(&work) {
        return Tally::broken(name, e.to_string());
    }
    step(name);
    let server = match TestServer::start(api, &work) {
        Ok(s) => s,
        Err(e) => return Tally::broken(name, e),
    };
    let report = work.join("playwright.json");
    let run = status(
        cmd("playwright")
            .args(["test", "-c", "tests/e2e", "--reporter=list,json"])
            .args(filters)
            .env("PORTICO_URL", &server.url)
            .env("PLAYWRIGHT_JSON_OUTPUT_NAME", &report)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
    );
    drop(server);
    let stats = std::fs::read_to_string(&report)
        .ok()
        .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
        .map(|v| v["stats"].clone());
    let t = match run {
        Ok(ok) => playwright_tally(name, ok, stats.as_ref()),
        Err(e) => return Tally::broken(name, e),
    };
    let _ = std::fs::remove_dir_all(&work);
    t
}

/// The counts of a Playwright run from its JSON report's `stats` (`None`: no report was
/// written). Flaky counts as failed; a run that failed outside any test, or ran none, fails.
fn playwright_tally(name: &str, ok: bool, stats: Option<&serde_json::Value>) -> Tally {
    let Some(stats) = stats else {
        return Tally::broken(name, "no Playwright report was written");
    };
    let n = |k: &str| stats[k].as_u64().unwrap_or(0);
    let mut t = Tally::new(name);
    t.passed = n("expected");
    t.failed = n("unexpected") + n("flaky");
    t.skipped = n("skipped");
    if !ok && t.failed == 0 {
        t.failed = 1;
        t.note = "Playwright failed outside any test".into();
    }
    if t.passed + t.failed == 0 {
        t.failed = 1;
        t.note = "ran no tests".into();
    }
    t
}

/// (argument of tests/webdriver/smoke_journey.mjs, suite name).
const JOURNEY_ENGINES: [(&str, &str); 3] = [
    ("chromium", "smoke journey (WebDriver, headless Chromium)"),
    ("firefox", "smoke journey (WebDriver, headless Firefox ESR)"),
    ("webkit", "smoke journey (WebDriver, WebKitGTK under Xvfb)"),
];

/// The smoke journey (tests/webdriver/smoke_journey.mjs) in one engine through W3C WebDriver,
/// against its own fresh server.
fn journey((engine, name): (&str, &str), api: &Result<PathBuf>) -> Tally {
    let api = match api {
        Ok(api) => api,
        Err(e) => return Tally::broken(name, e),
    };
    let work = root()
        .join("target/webdriver")
        .join(format!("{engine}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    if let Err(e) = std::fs::create_dir_all(&work) {
        return Tally::broken(name, e.to_string());
    }
    step(name);
    let server = match TestServer::start(api, &work) {
        Ok(s) => s,
        Err(e) => return Tally::broken(name, e),
    };
    let t = journey_at(engine, name, &server.url);
    drop(server);
    if t.failed == 0 {
        let _ = std::fs::remove_dir_all(&work);
    }
    t
}

/// The smoke journey in `engine` against the portal at `url`. The script starts and stops the
/// driver; its last line is `journey: N passed; N failed`.
fn journey_at(engine: &str, name: &str, url: &str) -> Tally {
    let mut node = cmd("node");
    node.arg("tests/webdriver/smoke_journey.mjs")
        .arg(engine)
        .env("PORTICO_URL", url)
        .env("WEBDRIVER_OUTPUT", root().join("target/webdriver"))
        .env("CHROMIUM_PATH", tools::CHROMIUM)
        .env("CHROMEDRIVER", tools::CHROMEDRIVER)
        .env("FIREFOX_PATH", tools::FIREFOX)
        .env("WEBKITDRIVER", tools::WEBKITDRIVER)
        .env("XVFB_RUN", tools::XVFB_RUN);
    if let Ok(geckodriver) = tools::geckodriver_path() {
        node.env("GECKODRIVER", geckodriver);
    }
    match tee(&mut node) {
        Ok((ok, out)) => script_tally(name, ok, &out, "journey", "the journey script"),
        Err(e) => Tally::broken(name, e),
    }
}

/// The tally of a Node script that ends with `<prefix>: N passed; N failed` and prints
/// `FAIL <why>` for each failure (the smoke journey, the deployment checks): a script that
/// reports nothing, fails without a failed check, or runs nothing counts as a failure.
fn script_tally(name: &str, ok: bool, out: &str, prefix: &str, what: &str) -> Tally {
    let marker = format!("{prefix}: ");
    let Some(result) = out
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix(marker.as_str()))
    else {
        return Tally::broken(name, format!("{what} reported nothing"));
    };
    let mut t = Tally::new(name);
    t.passed = count(result, "passed");
    t.failed = count(result, "failed");
    if let Some(why) = out.lines().find_map(|l| l.trim().strip_prefix("FAIL ")) {
        t.note = why.chars().take(160).collect();
    }
    if !ok && t.failed == 0 {
        t.failed = 1;
        t.note = format!("{what} failed");
    }
    if t.passed + t.failed == 0 {
        t.failed = 1;
        t.note = format!("{what} ran nothing");
    }
    t
}

fn summary(tallies: &[Tally]) -> ExitCode {
    let tallies: Vec<Tally> = tallies.iter().cloned().map(Tally::no_skips).collect();
    println!("\n==> summary");
    for t in &tallies {
        let mark = if t.failed > 0 { "FAIL" } else { "ok  " };
        let skipped = if t.skipped > 0 {
            format!(", {} skipped", t.skipped)
        } else {
            String::new()
        };
        let note = if t.note.is_empty() {
            String::new()
        } else {
            format!(" — {}", t.note)
        };
        println!(
            "{mark} {:<58} {} passed, {} failed{skipped}{note}",
            t.name, t.passed, t.failed
        );
    }
    let passed: u64 = tallies.iter().map(|t| t.passed).sum();
    let failed: u64 = tallies.iter().map(|t| t.failed).sum();
    let skipped: u64 = tallies.iter().map(|t| t.skipped).sum();
    if skipped > 0 {
        println!("{passed} passed, {failed} failed, {skipped} skipped");
    } else {
        println!("{passed} passed, {failed} failed");
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::{Tally, count, libtest_tally, playwright_tally, script_tally, summary};
    use std::process::ExitCode;

    #[test]
    fn libtest_runs_with_no_tests_or_a_failure_outside_a_test_fail() {
        let none = libtest_tally(
            "s",
            true,
            "test result: ok. 0 passed; 0 failed; 0 ignored;\n",
        );
        assert_eq!((none.failed, none.note.as_str()), (1, "ran no tests"));
        let build = libtest_tally("s", false, "error[E0425]: cannot find value\n");
        assert_eq!(
            (build.failed, build.note.as_str()),
            (1, "did not run (build failed?)")
        );
        let crashed = libtest_tally("s", false, "test result: ok. 4 passed; 0 failed;\n");
        assert_eq!((crashed.passed, crashed.failed), (4, 1));
        let good = libtest_tally(
            "s",
            true,
            "test result: ok. 4 passed; 0 failed; 1 ignored;\ntest result: ok. 0 passed; 0 failed;\n",
        );
        assert_eq!((good.passed, good.failed, good.skipped), (4, 0, 1));
    }

    #[test]
    fn a_suite_below_its_minimum_or_with_skipped_tests_fails() {
        let shrunk = libtest_tally("s", true, "test result: ok. 3 passed; 0 failed;\n").at_least(5);
        assert_eq!(shrunk.failed, 1);
        assert!(shrunk.note.contains("at least 5"), "{}", shrunk.note);
        let full = libtest_tally("s", true, "test result: ok. 5 passed; 0 failed;\n").at_least(5);
        assert_eq!(full.failed, 0);
        let skipping = libtest_tally(
            "s",
            true,
            "test result: ok. 5 passed; 0 failed; 2 ignored;\n",
        )
        .no_skips();
        assert_eq!(skipping.failed, 1);
        assert_eq!(summary(std::slice::from_ref(&full)), ExitCode::SUCCESS);
        // The summary applies the skip rule to every suite.
        let mut skipped = full;
        skipped.skipped = 1;
        assert_eq!(summary(&[skipped]), ExitCode::FAILURE);
        assert_eq!(summary(&[Tally::broken("s", "why")]), ExitCode::FAILURE);
    }

    #[test]
    fn playwright_without_a_report_or_with_flaky_tests_fails() {
        assert_eq!(playwright_tally("e2e", true, None).failed, 1);
        let flaky =
            serde_json::json!({ "expected": 10, "unexpected": 0, "flaky": 1, "skipped": 0 });
        assert_eq!(playwright_tally("e2e", true, Some(&flaky)).failed, 1);
        let outside =
            serde_json::json!({ "expected": 10, "unexpected": 0, "flaky": 0, "skipped": 0 });
        let t = playwright_tally("e2e", false, Some(&outside));
        assert_eq!((t.passed, t.failed), (10, 1));
        let empty = serde_json::json!({ "expected": 0, "unexpected": 0, "flaky": 0, "skipped": 3 });
        let t = playwright_tally("e2e", true, Some(&empty));
        assert_eq!((t.failed, t.skipped), (1, 3));
    }

    #[test]
    fn a_script_that_reports_nothing_fails_or_runs_nothing_is_a_failed_suite() {
        let silent = script_tally("s", true, "starting\n", "journey", "the script");
        assert_eq!((silent.passed, silent.failed), (0, 1));
        assert_eq!(silent.note, "the script reported nothing");
        let empty = script_tally("s", true, "journey: 0 passed; 0 failed\n", "journey", "it");
        assert_eq!((empty.failed, empty.note.as_str()), (1, "it ran nothing"));
        let crashed = script_tally("s", false, "deploy: 3 passed; 0 failed\n", "deploy", "it");
        assert_eq!((crashed.passed, crashed.failed), (3, 1));
        let failing = script_tally(
            "s",
            false,
            "ok   a\nFAIL b: 429\ndeploy: 1 passed; 1 failed\n",
            "deploy",
            "it",
        );
        assert_eq!((failing.passed, failing.failed), (1, 1));
        assert_eq!(failing.note, "b: 429");
    }

    #[test]
    fn libtest_result_lines_are_counted() {
        let line =
            "ok. 12 passed; 3 failed; 2 ignored; 0 measured; 0 filtered out; finished in 0.30s";
        assert_eq!(count(line, "passed"), 12);
        assert_eq!(count(line, "failed"), 3);
        assert_eq!(count(line, "ignored"), 2);
        assert_eq!(count("FAILED. 0 passed; 1 failed;", "failed"), 1);
    }
}
