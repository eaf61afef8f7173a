//! Small helpers for running commands.

use anyhow::{Context, Result, anyhow};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The workspace root (the parent of this crate).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// `PATH` with the project's npm tools and cargo's bin folder first.
pub fn tool_path() -> String {
    let mut parts = vec![root().join("node_modules/.bin")];
    if let Some(home) = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
    {
        parts.push(home.join("bin"));
    }
    let mut path = std::env::join_paths(parts)
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    if let Ok(existing) = std::env::var("PATH") {
        path.push(':');
        path.push_str(&existing);
    }
    path
}

/// A command run from the workspace root with the tool `PATH`.
pub fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root()).env("PATH", tool_path());
    c
}

/// Runs to completion with inherited output; `Ok(true)` on exit status 0.
pub fn status(c: &mut Command) -> Result<bool> {
    c.status()
        .map(|s| s.success())
        .with_context(|| format!("could not start {:?}", c.get_program()))
}

/// Runs and fails unless it succeeds.
pub fn must(c: &mut Command) -> Result<()> {
    let program = format!(
        "{:?} {:?}",
        c.get_program(),
        c.get_args().collect::<Vec<_>>()
    );
    if status(c)? {
        Ok(())
    } else {
        Err(anyhow!("failed: {program}"))
    }
}

/// Runs, echoing stdout as it comes, and returns (success, stdout).
pub fn tee(c: &mut Command) -> Result<(bool, String)> {
    let mut child = c
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start {:?}", c.get_program()))?;
    let mut captured = String::new();
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out)
            .lines()
            .map_while(std::result::Result::ok)
        {
            println!("{line}");
            captured.push_str(&line);
            captured.push('\n');
        }
    }
    let ok = child.wait().map(|s| s.success()).unwrap_or(false);
    Ok((ok, captured))
}

/// First line of a command's stdout, if it runs.
pub fn output_line(program: &str, args: &[&str]) -> Option<String> {
    let out = cmd(program)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .map(|l| l.trim().to_owned())
}

/// Prints a step heading.
pub fn step(title: &str) {
    println!("\n==> {title}");
}
