//! API fuzzing with Schemathesis: every operation of `/api/v1/openapi.json`, with requests
//! generated from the document (valid and invalid ones), against a freshly started server,
//! signed in as a partner user, a partner admin and a channel manager in turn. Checks: no 5xx,
//! every status code documented for its operation, response bodies matching their schema,
//! content types as documented, operations that need a session refusing requests without one
//! (`ignored_auth`), and schema-valid requests accepted (`positive_data_acceptance`). A run counts
//! only if its session was alive before and after (`GET /api/v1/me` answers 200): with a dead
//! one every answer is a documented 401 and the other checks would pass on nothing. One count
//! per operation and role (plus the stateful scenarios), from the JUnit report; skipped cases
//! are counted as skipped, which fails the suite.

use super::Tally;
use crate::server::{TestServer, session_cookie};
use crate::tools::{SCHEMATHESIS_VERSION, schemathesis_bin};
use crate::util::{cmd, root, status, step};
use anyhow::{Result, anyhow};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Generated test cases per operation and phase; this keeps each run under a minute on 2 cores.
const MAX_EXAMPLES: &str = "25";
/// Each run must end within this; a run still going then is stopped and fails.
const BUDGET: Duration = Duration::from_secs(120);
/// Every demo user's password (the seed's).
const DEMO_PASSWORD: &str = "portico-demo";
const CHECKS: &str = "not_a_server_error,status_code_conformance,response_schema_conformance,\
content_type_conformance,ignored_auth,positive_data_acceptance";
/// Who the requests are sent as (sessions are opened before any fuzzing, so the sign-in
/// throttle the fuzzer trips with random credentials cannot lock them out).
const ROLES: [(&str, &str); 3] = [
    ("partner user", "ben@vertex.example"),
    ("partner admin", "ava@vertex.example"),
    ("channel manager", "maya@portico.example"),
];

pub fn run() -> Vec<Tally> {
    let name = |role: &str| format!("API fuzzing (Schemathesis {SCHEMATHESIS_VERSION}) as {role}");
    let broken = |why: String| {
        ROLES
            .iter()
            .map(|(role, _)| Tally::broken(&name(role), why.clone()))
            .collect()
    };
    step("building the API for fuzzing");
    if !matches!(
        status(cmd("cargo").args(["build", "-p", "api", "--bin", "portico-api"])),
        Ok(true)
    ) {
        return broken("API build failed".into());
    }
    // The fuzzer's example database (.hypothesis/) lives here between runs, so a failure found
    // once is tried first next time; the server's database is per run.
    let home = root().join("target/api-fuzz");
    let work = home.join(format!("run-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    if let Err(e) = std::fs::create_dir_all(&work) {
        return broken(format!("could not create {}: {e}", work.display()));
    }
    let server = match TestServer::start(&root().join("target/debug/portico-api"), &work) {
        Ok(s) => s,
        Err(e) => return broken(format!("{e:#}")),
    };
    let mut cookies = Vec::new();
    for (_, email) in ROLES {
        match session_cookie(server.addr, email, DEMO_PASSWORD) {
            Ok(c) => cookies.push(c),
            Err(e) => return broken(format!("{e:#}")),
        }
    }
    let mut tallies = Vec::new();
    for ((role, _), cookie) in ROLES.iter().zip(&cookies) {
        let name = name(role);
        step(&name);
        let junit = work.join(format!("junit-{}.xml", role.replace(' ', "-")));
        let alive = |when: &str| match signed_in(server.addr, cookie) {
            Ok(()) => None,
            Err(e) => Some(Tally::broken(&name, format!("{when} the run: {e:#}"))),
        };
        let tally = alive("before").unwrap_or_else(|| {
            fuzz(
                &name,
                &server,
                cookie,
                &home,
                &junit,
                Instant::now() + BUDGET,
            )
        });
        tallies.push(alive("after").unwrap_or(tally));
    }
    drop(server);
    if tallies.iter().all(|t| t.failed == 0) {
        let _ = std::fs::remove_dir_all(&work);
    }
    tallies
}

/// `Ok` when the session `cookie` is alive: `GET /api/v1/me` answers 200.
fn signed_in(addr: std::net::SocketAddr, cookie: &str) -> Result<()> {
    match crate::server::get(addr, "/api/v1/me", &[("Cookie", cookie)])? {
        (200, _) => Ok(()),
        (status, _) => Err(anyhow!(
            "the session is not alive (GET /api/v1/me answered {status})"
        )),
    }
}

/// One schemathesis run with `cookie`, stopped at `deadline`.
fn fuzz(
    name: &str,
    server: &TestServer,
    cookie: &str,
    home: &Path,
    junit: &Path,
    deadline: Instant,
) -> Tally {
    let mut c = cmd(&schemathesis_bin().to_string_lossy());
    c.current_dir(home)
        // Which answers count as accepting a schema-valid request, with the reasons.
        .arg("--config-file")
        .arg(root().join("tests/fuzz/schemathesis.toml"))
        .arg("run")
        .arg(format!("{}/api/v1/openapi.json", server.url))
        .args(["--header", &format!("Cookie: {cookie}")])
        .args(["--checks", CHECKS])
        .args(["--max-examples", MAX_EXAMPLES])
        // Signing out would end the session the rest of the run uses.
        .args(["--exclude-operation-id", "sign_out"])
        // One worker: the machine has 2 cores and the server needs one; and with more workers,
        // Hypothesis's description of its filters (ast parsing) fails now and then on
        // Python 3.11 ("AST constructor recursion depth mismatch").
        .args(["--workers", "1"])
        .args(["--request-timeout", "10"])
        .args(["--report", "junit", "--report-junit-path"])
        .arg(junit)
        .stdin(Stdio::null());
    // A fresh seed each run (printed at the end); set PORTICO_FUZZ_SEED to replay one.
    if let Ok(seed) = std::env::var("PORTICO_FUZZ_SEED") {
        c.args(["--seed", seed.trim()]);
    }
    let mut child = match c.spawn() {
        Ok(child) => child,
        Err(e) => return Tally::broken(name, format!("could not start schemathesis: {e}")),
    };
    let exited = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(200)),
            Err(e) => return Tally::broken(name, e.to_string()),
        }
    };
    let Some(exit) = exited else {
        return Tally::broken(
            name,
            format!(
                "stopped: the fuzzing budget of {} s ran out",
                BUDGET.as_secs()
            ),
        );
    };
    let Ok(xml) = std::fs::read_to_string(junit) else {
        return Tally::broken(name, format!("schemathesis wrote no report ({exit})"));
    };
    let (passed, failed, skipped) = junit_counts(&xml);
    let mut t = Tally::new(name);
    t.passed = passed;
    t.failed = failed.len() as u64;
    t.skipped = skipped.len() as u64;
    if !failed.is_empty() {
        t.note = failed.join(", ");
    } else if !skipped.is_empty() {
        t.note = format!("skipped: {}", skipped.join(", "));
    } else if !exit.success() {
        t.failed = 1;
        t.note = format!("schemathesis failed outside any operation ({exit})");
    }
    if t.passed + t.failed == 0 {
        t.failed = 1;
        t.note = "tested no operation".into();
    }
    t
}

/// Passed test cases, and the names of failed and of skipped ones, from a JUnit report.
fn junit_counts(xml: &str) -> (u64, Vec<String>, Vec<String>) {
    let mut passed = 0;
    let (mut failed, mut skipped) = (Vec::new(), Vec::new());
    for case in xml.split("<testcase ").skip(1) {
        let Some(open_end) = case.find('>') else {
            continue;
        };
        let body = if case[..open_end].ends_with('/') {
            ""
        } else {
            case[open_end..].split("</testcase>").next().unwrap_or("")
        };
        let name = || {
            case.split_once("name=\"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .map_or("?", |(name, _)| name)
                .replace("&amp;", "&")
        };
        if body.contains("<failure") || body.contains("<error") {
            failed.push(name());
        } else if body.contains("<skipped") {
            skipped.push(name());
        } else {
            passed += 1;
        }
    }
    (passed, failed, skipped)
}

#[cfg(test)]
mod tests {
    use super::junit_counts;

    #[test]
    fn junit_cases_are_counted() {
        let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<testsuites errors="0" failures="1" skipped="0" tests="3" time="1.0">
  <testsuite name="schemathesis" tests="3">
    <testcase name="GET /api/v1/me" time="0.1" />
    <testcase name="POST /api/v1/registrations/check" time="0.1">
      <failure type="failure" message="ST103">Received: 400 &lt;x&gt;</failure>
    </testcase>
    <testcase name="Stateful tests" time="0.2">
    </testcase>
    <testcase name="GET /skipped" time="0"><skipped message="no"/></testcase>
  </testsuite>
</testsuites>"#;
        let (passed, failed, skipped) = junit_counts(xml);
        assert_eq!(passed, 2);
        assert_eq!(failed, ["POST /api/v1/registrations/check"]);
        assert_eq!(skipped, ["GET /skipped"]);
    }
}
