//! Running the API server: `cargo xtask serve` in the foreground, and short-lived servers on
//! free loopback ports for the end-to-end tests.

use crate::util::{cmd, must, root, step};
use crate::{dist, tools};
use anyhow::{Context, Result, anyhow, bail};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, ExitCode, Stdio};
use std::time::{Duration, Instant};

const DEMO_SIGN_INS: &[(&str, &str)] = &[
    (
        "ava@vertex.example",
        "Vertex Cloud Solutions · Gold · partner admin",
    ),
    (
        "ben@vertex.example",
        "Vertex Cloud Solutions · Gold · partner user",
    ),
    (
        "cara@bluepeak.example",
        "BluePeak Manufacturing · Silver · partner admin",
    ),
    (
        "dan@ironclad.example",
        "Ironclad Security · Bronze · partner admin",
    ),
    ("maya@portico.example", "vendor channel manager"),
];

pub fn serve() -> Result<ExitCode> {
    tools::setup(tools::Needs::Build)?;
    dist::build()?;
    step("building the API (release)");
    must(cmd("cargo").args(["build", "--release", "-p", "api", "--bin", "portico-api"]))?;

    let addr = std::env::var("PORTICO_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".into());
    let db =
        std::env::var("PORTICO_DATABASE_URL").unwrap_or_else(|_| "sqlite://data/portico.db".into());
    println!("\nPortico is starting at http://{addr}/  (database: {db})");
    println!("Demo sign-ins (password for all: portico-demo):");
    for (email, who) in DEMO_SIGN_INS {
        println!("  {email:<24} {who}");
    }
    println!("Stop with Ctrl-C.\n");
    // The demo sign-ins above exist because this asks for the demo data (the API binary seeds
    // nothing unless asked).
    let seed = std::env::var("PORTICO_SEED_DEMO").unwrap_or_else(|_| "1".into());
    let status = cmd(&root().join("target/release/portico-api").to_string_lossy())
        .env("PORTICO_SEED_DEMO", seed)
        .env("PORTICO_ADDR", &addr)
        .env("PORTICO_DATABASE_URL", &db)
        .env("PORTICO_DIST", dist::dist_dir())
        .status()
        .context("could not start the server")?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// A server on a free loopback port with its own database; killed when dropped.
pub struct TestServer {
    child: Child,
    pub url: String,
    pub addr: SocketAddr,
    pub log: PathBuf,
}

impl TestServer {
    /// Starts `binary` on a fresh SQLite database under `dir` and waits until it answers.
    pub fn start(binary: &Path, dir: &Path) -> Result<TestServer> {
        TestServer::start_with(binary, dir, &[])
    }

    /// [`TestServer::start`] with extra environment variables.
    pub fn start_with(binary: &Path, dir: &Path, env: &[(&str, String)]) -> Result<TestServer> {
        TestServer::launch(binary, dir, env, "server.log", "/api/v1/openapi.json")
    }

    /// Starts `binary` on `dir`'s database and waits until `ready_path` answers 200.
    pub fn launch(
        binary: &Path,
        dir: &Path,
        env: &[(&str, String)],
        log_name: &str,
        ready_path: &'static str,
    ) -> Result<TestServer> {
        let port = free_port()?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let log = dir.join(log_name);
        let log_file = std::fs::File::create(&log).with_context(|| log.display().to_string())?;
        let child = cmd(&binary.to_string_lossy())
            .env("PORTICO_ADDR", addr.to_string())
            .env("PORTICO_DATABASE_URL", sqlite_url(dir))
            .env("PORTICO_DIST", dist::dist_dir())
            .env("PORTICO_SEED_DEMO", "1")
            .env("RUST_LOG", "info,sqlx=warn")
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(Stdio::from(
                log_file
                    .try_clone()
                    .with_context(|| log.display().to_string())?,
            ))
            .stderr(Stdio::from(log_file))
            .spawn()
            .with_context(|| format!("could not start {}", binary.display()))?;
        let mut server = TestServer {
            child,
            url: format!("http://{addr}"),
            addr,
            log,
        };
        server.wait_ready(addr, ready_path)?;
        Ok(server)
    }

    fn wait_ready(&mut self, addr: SocketAddr, ready_path: &str) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                bail!("the server exited ({status}); see {}", self.log.display());
            }
            if http_status(addr, ready_path) == Some(200) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Err(anyhow!(
            "the server did not answer within 60 s; see {}",
            self.log.display()
        ))
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The SQLite database a [`TestServer`] started on `dir` uses (unless its environment names
/// another).
pub fn sqlite_url(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("portico.db").display())
}

/// Prepares `database_url` for a benchmark with `portico-synthetic`: migrations, the demo data
/// if the database is empty, then synthetic deals for `email` until that user has submitted
/// `count` registrations. Run it before starting the server on that database: the server, with
/// `PORTICO_SEED_DEMO=1`, then finds it seeded and serves the deals. The tool is the one next to
/// `api` (the `portico-api` binary under test) when there is one, else this tree's release
/// build (`cargo build --release -p api --bins` builds both).
pub fn synthetic_deals(api: &Path, database_url: &str, count: usize, email: &str) -> Result<()> {
    let sibling = api.with_file_name("portico-synthetic");
    let tool = if sibling.is_file() {
        sibling
    } else {
        root().join("target/release/portico-synthetic")
    };
    let out = cmd(&tool.to_string_lossy())
        .arg(count.to_string())
        .args(["--for", email])
        .env("PORTICO_DATABASE_URL", database_url)
        .env("PORTICO_SEED_DEMO", "1")
        .env("RUST_LOG", "warn")
        .output()
        .with_context(|| {
            format!(
                "could not start {} (built by cargo build --release -p api --bins)",
                tool.display()
            )
        })?;
    if !out.status.success() {
        bail!(
            "{} {count} --for {email} failed ({}): {}",
            tool.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    print!("{}", String::from_utf8_lossy(&out.stdout));
    Ok(())
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("no free port")?;
    listener
        .local_addr()
        .map(|a| a.port())
        .context("no free port")
}

/// An HTTP client for one exchange with a server on loopback: no proxy from the environment,
/// no redirects followed, every status an answer (not an error), and the given time to connect
/// and to receive the answer.
fn agent(connect: Duration, answer: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .proxy(None)
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_connect(Some(connect))
        .timeout_recv_response(Some(answer))
        .timeout_recv_body(Some(answer))
        .build()
        .into()
}

/// The most of an answer's body read into memory (ureq's default is 10 MB; a pipeline of
/// synthetic deals may hold more).
const BODY_LIMIT: u64 = 1 << 30;

/// The status code of a plain GET, with short timeouts.
fn http_status(addr: SocketAddr, path: &str) -> Option<u16> {
    let answer = agent(Duration::from_secs(1), Duration::from_secs(2))
        .get(format!("http://{addr}{path}"))
        .call()
        .ok()?;
    Some(answer.status().as_u16())
}

/// Signs in over plain HTTP and returns the session cookie pair (`portico_session=...`, or
/// `__Host-portico_session=...` from an instance whose public address is https).
pub fn session_cookie(addr: SocketAddr, email: &str, password: &str) -> Result<String> {
    let body = serde_json::json!({ "email": email, "password": password }).to_string();
    let answer = agent(Duration::from_secs(2), Duration::from_secs(10))
        .post(format!("http://{addr}/api/v1/session"))
        .content_type("application/json")
        .send(&body)
        .with_context(|| format!("signing in as {email} on {addr}"))?;
    answer
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_owned())
        .filter(|c| {
            c.split_once('=').is_some_and(|(name, value)| {
                matches!(name, "portico_session" | "__Host-portico_session") && !value.is_empty()
            })
        })
        .with_context(|| format!("sign-in as {email} failed: {}", answer.status()))
}

/// A plain HTTP GET on loopback: the status and the body.
pub fn get(addr: SocketAddr, path: &str, headers: &[(&str, &str)]) -> Result<(u16, Vec<u8>)> {
    send(addr, "GET", path, headers, &[])
}

/// One HTTP request on loopback with an optional body: the status and the body of the answer.
pub fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<(u16, Vec<u8>)> {
    let what = || format!("{method} {path} on {addr}");
    let mut request = ureq::http::Request::builder()
        .method(method)
        .uri(format!("http://{addr}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let agent = agent(Duration::from_secs(2), Duration::from_secs(20));
    // No body, no Content-Length (as a browser sends a GET).
    let answer = if body.is_empty() {
        agent.run(request.body(()).with_context(what)?)
    } else {
        agent.run(request.body(body).with_context(what)?)
    };
    let mut answer = answer.with_context(what)?;
    let status = answer.status().as_u16();
    let body = answer
        .body_mut()
        .with_config()
        .limit(BODY_LIMIT)
        .read_to_vec()
        .with_context(what)?;
    Ok((status, body))
}

/// How many deals `GET /api/v1/pipeline` answers for the signed-in user (one page of up to
/// 1000), so a benchmark states what each of its responses held.
pub fn deal_count(addr: SocketAddr, cookie: &str) -> Result<usize> {
    let (status, body) = get(addr, "/api/v1/pipeline", &[("Cookie", cookie)])?;
    if status != 200 {
        bail!("GET /api/v1/pipeline answered {status}");
    }
    let view: serde_json::Value = serde_json::from_slice(&body).context("the pipeline answer")?;
    view["deals"]
        .as_array()
        .map(Vec::len)
        .context("the pipeline answer holds no deals list")
}
