//! Installs what the build and tests need, skipping whatever is already there at the right
//! version. Nothing is downloaded outside the package registries: trunk and wasm-bindgen come
//! from crates.io, wasm-opt and Playwright from npm (no browser download), Chromium, Firefox
//! ESR, WebKitGTK's WebDriver and Xvfb from Debian, geckodriver from crates.io.

use crate::util::{cmd, must, output_line, root, step, tool_path};
use anyhow::{Context, Result, anyhow};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// trunk 0.22 needs a newer rustc than this machine kind has.
const TRUNK_VERSION: &str = "0.21.14";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const FIREFOX: &str = "/usr/bin/firefox-esr";
pub const WEBKITDRIVER: &str = "/usr/bin/WebKitWebDriver";
pub const XVFB_RUN: &str = "/usr/bin/xvfb-run";
const GECKODRIVER_VERSION: &str = "0.37.1";

/// What the caller is about to do.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Build the SPA.
    Build,
    /// Build and run the browser tests.
    Test,
}

pub fn setup(needs: Needs) -> Result<()> {
    step("checking tools");
    wasm_target()?;
    trunk()?;
    wasm_bindgen()?;
    wasm_split()?;
    npm_packages()?;
    if needs == Needs::Test {
        browsers()?;
        schemathesis()?;
    }
    Ok(())
}

fn wasm_target() -> Result<()> {
    let installed = output_line("rustup", &["target", "list", "--installed"]).is_some()
        && cmd("rustup")
            .args(["target", "list", "--installed"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown"))
            .unwrap_or(false);
    if installed {
        println!("wasm32-unknown-unknown target: present");
        return Ok(());
    }
    must(cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn trunk() -> Result<()> {
    let want = format!("trunk {TRUNK_VERSION}");
    if output_line("trunk", &["--version"]).as_deref() == Some(want.as_str()) {
        println!("{want}: present");
        return Ok(());
    }
    println!("installing {want} (takes several minutes, once)");
    cargo_install("trunk", TRUNK_VERSION, &[])
}

/// `cargo install <krate> --version <version> --locked --force` (+ `extra`): the crate's own
/// lockfile, and `--force` replaces a copy of another version.
fn cargo_install(krate: &str, version: &str, extra: &[&str]) -> Result<()> {
    let mut args = vec!["install", krate, "--version", version];
    args.extend_from_slice(extra);
    args.extend(["--locked", "--force"]);
    must(cmd("cargo").args(args))
}

/// wasm-split-cli, which cuts the app into per-page chunks (see `crate::split`).
fn wasm_split() -> Result<()> {
    let version = crate::split::WASM_SPLIT_VERSION;
    let want = format!("wasm_split_cli_support v{version}");
    let listed = cmd("cargo")
        .args(["install", "--list"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains(&want))
        .unwrap_or(false);
    if listed && output_line("wasm-split-cli", &["--help"]).is_some() {
        println!("wasm-split-cli {version}: present");
        return Ok(());
    }
    println!("installing wasm-split-cli {version} (about a minute, once)");
    cargo_install(
        "wasm_split_cli_support",
        version,
        &["--features", "build-binary"],
    )
}

/// The wasm-bindgen version Cargo.lock pins; the CLI must match it exactly.
pub fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).context("Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_owned());
        }
    }
    Err(anyhow!("Cargo.lock has no wasm-bindgen package"))
}

fn wasm_bindgen() -> Result<()> {
    let version = locked_wasm_bindgen()?;
    let want = format!("wasm-bindgen {version}");
    let have = output_line("wasm-bindgen", &["--version"]);
    let runner = output_line("wasm-bindgen-test-runner", &["--version"]);
    if have.as_deref() == Some(want.as_str()) && runner.is_some() {
        println!("{want}: present");
        return Ok(());
    }
    println!("installing wasm-bindgen-cli {version} (takes a few minutes, once)");
    // No --locked: the CLI's own lockfile wants a crate version the registry index lacks.
    must(cmd("cargo").args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &version,
        "--force",
    ]))
}

/// `npm ci` from the committed lockfile, unless node_modules already matches it.
fn npm_packages() -> Result<()> {
    let lock_path = root().join("package-lock.json");
    let lock = std::fs::read(&lock_path).context("package-lock.json")?;
    let digest = hex::encode(Sha256::digest(&lock));
    let stamp = root().join("node_modules/.portico-lock-sha256");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(digest.as_str())
        && Path::new(&root().join("node_modules/.bin/wasm-opt")).exists()
    {
        println!("npm packages: up to date");
        return Ok(());
    }
    if output_line("npm", &["--version"]).is_none() {
        apt_install(&["nodejs", "npm"])?;
    }
    must(
        cmd("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
    )?;
    std::fs::write(&stamp, digest).with_context(|| stamp.display().to_string())
}

/// Debian's browsers and drivers (each package checked by a file it installs), and geckodriver.
fn browsers() -> Result<()> {
    let packages = [
        ("chromium", CHROMIUM),
        ("chromium-driver", CHROMEDRIVER),
        ("firefox-esr", FIREFOX),
        ("webkit2gtk-driver", WEBKITDRIVER),
        ("xvfb", XVFB_RUN),
        ("xauth", "/usr/bin/xauth"),
        // The scale-out suites: a throwaway PostgreSQL cluster and nginx as the TLS proxy.
        ("postgresql", "/usr/bin/pg_lsclusters"),
        ("nginx", "/usr/sbin/nginx"),
        ("openssl", "/usr/bin/openssl"),
        // The proxy's own test asks nginx for pages over TLS with curl.
        ("curl", "/usr/bin/curl"),
    ];
    let missing: Vec<&str> = packages
        .iter()
        .filter(|(_, file)| !Path::new(file).exists())
        .map(|(package, _)| *package)
        .collect();
    if missing.is_empty() {
        println!("chromium, firefox-esr, WebKitWebDriver, xvfb, postgresql, nginx: present");
    } else {
        apt_install(&missing)?;
    }
    geckodriver()
}

/// geckodriver from crates.io at [`GECKODRIVER_VERSION`].
fn geckodriver() -> Result<()> {
    let want = format!("geckodriver {GECKODRIVER_VERSION}");
    let have = output_line("geckodriver", &["--version"]);
    if have.as_deref().and_then(|l| l.split_whitespace().nth(1)) == Some(GECKODRIVER_VERSION) {
        println!("{want}: present");
        return Ok(());
    }
    println!("installing {want} (takes a few minutes, once)");
    cargo_install("geckodriver", GECKODRIVER_VERSION, &[])
}

/// The installed geckodriver's full path (cargo's bin folder is not always on `PATH`).
pub fn geckodriver_path() -> Result<PathBuf> {
    std::env::split_paths(&tool_path())
        .map(|dir| dir.join("geckodriver"))
        .find(|p| p.is_file())
        .context("geckodriver is not installed")
}

/// Installs Debian packages (as root, or through sudo).
pub fn apt_install(packages: &[&str]) -> Result<()> {
    println!("installing Debian packages: {}", packages.join(" "));
    let root_user = output_line("id", &["-u"]).as_deref() == Some("0");
    let apt = |args: &[&str]| {
        let mut c = if root_user {
            cmd("apt-get")
        } else {
            cmd("sudo")
        };
        if !root_user {
            c.arg("apt-get");
        }
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    must(&mut apt(&["update", "-q"]))?;
    let mut args = vec!["install", "-y", "-q", "--no-install-recommends"];
    args.extend_from_slice(packages);
    must(&mut apt(&args))
}

/// Schemathesis (PyPI), for the API fuzzing suite; the exact version is pinned.
pub const SCHEMATHESIS_VERSION: &str = "4.32.5";

/// The `schemathesis` command in its virtualenv under `target/`.
pub fn schemathesis_bin() -> std::path::PathBuf {
    root().join("target/schemathesis/bin/schemathesis")
}

/// Schemathesis at [`SCHEMATHESIS_VERSION`] in a virtualenv of its own under `target/`, from PyPI
/// with pip (Debian's `python3-venv` is installed first if `venv` cannot be made).
fn schemathesis() -> Result<()> {
    let want = format!("schemathesis, version {SCHEMATHESIS_VERSION}");
    let bin = schemathesis_bin();
    if output_line(&bin.to_string_lossy(), &["--version"]).as_deref() == Some(want.as_str()) {
        println!("schemathesis {SCHEMATHESIS_VERSION}: present");
        return Ok(());
    }
    println!("installing schemathesis {SCHEMATHESIS_VERSION} from PyPI into target/schemathesis");
    let python = ["python3.11", "python3"]
        .into_iter()
        .find(|p| output_line(p, &["--version"]).is_some())
        .context("Python 3 is missing (schemathesis needs it): apt-get install python3")?;
    let venv = root().join("target/schemathesis");
    let make_venv = || {
        let mut c = cmd(python);
        c.args(["-m", "venv", "--clear"]).arg(&venv);
        c
    };
    if !crate::util::status(&mut make_venv())? {
        apt_install(&["python3-venv"])?;
        must(&mut make_venv())?;
    }
    must(cmd(&venv.join("bin/pip").to_string_lossy()).args([
        "install",
        "--quiet",
        "--disable-pip-version-check",
        &format!("schemathesis=={SCHEMATHESIS_VERSION}"),
    ]))
}
