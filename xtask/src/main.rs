//! `cargo xtask <verb>`: the project's own automation, in Rust so it runs wherever cargo does.
//!
//! - `serve`: install what is missing, build the SPA (release), start API + SPA on 127.0.0.1:8080
//!   with the demo data on SQLite.
//! - `test`: every check and test suite, ending with one `N passed, N failed` line;
//!   `test deploy` runs only the deployment suite (nginx, two instances, PostgreSQL).
//!   `test fuzz` runs only the API fuzzing (Schemathesis, three roles).
//! - `bench [payload|pipeline|lighthouse|api|api-writes|scale|search|crash]…`: measured figures written
//!   into BENCHMARKS.md (every section, or only those named); `crash` also fails on a lost or
//!   duplicated registration.
//! - `setup`, `build`: the first steps of the above, on their own.

mod bench;
mod crash;
mod dist;
mod embed;
mod lighthouse;
mod load;
mod postgres;
mod proxy;
mod scale;
mod server;
mod split;
mod suites;
mod tools;
mod util;
mod writes;

use anyhow::anyhow;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verb = args.first().map(String::as_str).unwrap_or("help");
    let result = match verb {
        "setup" => tools::setup(tools::Needs::Build).map(|_| ExitCode::SUCCESS),
        "build" => tools::setup(tools::Needs::Build)
            .and_then(|_| dist::build())
            .map(|_| ExitCode::SUCCESS),
        "serve" => server::serve(),
        "test" => match args.get(1).map(String::as_str) {
            None => suites::run_all(),
            Some("deploy") => suites::run_deploy(),
            Some("fuzz") => suites::run_fuzz(),
            Some("e2e") => suites::run_end_to_end(&args[2..]),
            Some(other) => Err(anyhow!(
                "unknown test suite '{other}'; try: cargo xtask test [deploy|fuzz|e2e [spec…]]"
            )),
        },
        "bench" => bench::run(&args[1..]),
        "help" | "-h" | "--help" => {
            println!(
                "usage: cargo xtask <serve|test [deploy|fuzz|e2e [spec…]]|bench [{}]…|setup|build>",
                bench::SECTIONS.join("|")
            );
            Ok(ExitCode::SUCCESS)
        }
        other => Err(anyhow!("unknown verb '{other}'; try: cargo xtask help")),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // `{:#}`: the message with its causes (the command, file or port that failed).
            eprintln!("xtask: {e:#}");
            ExitCode::FAILURE
        }
    }
}
