//! nginx as the TLS-terminating, round-robin reverse proxy in front of several API instances,
//! for the deployment suite and the scale-out benchmarks: Debian's `nginx` package (installed by
//! setup when missing), a self-signed certificate for 127.0.0.1 made with `openssl` in the
//! proxy's own folder, a configuration written there that includes
//! `deploy/nginx/portico-proxy.conf` (the directives operators are told to use), listening on
//! loopback only. The process is killed when the [`Proxy`] is dropped — also when a suite fails.
//!
//! Every answer names the instance that served it in `X-Upstream`, so tests can show that
//! their requests were spread over the instances.

use crate::postgres::Cluster;
use crate::server::TestServer;
use crate::util::root;
use anyhow::{Context, Result, bail};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const NGINX: &str = "/usr/sbin/nginx";

/// A running nginx; `url` is `https://127.0.0.1:<port>`.
pub struct Proxy {
    child: Child,
    pub url: String,
    /// The certificate the proxy presents (PEM), for clients to trust.
    pub cert: PathBuf,
}

/// A free loopback port (the proxy's, chosen before the instances start so they can be told
/// their public URL).
pub fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("no free port")?;
    listener
        .local_addr()
        .map(|a| a.port())
        .context("no free port")
}

fn certificate(dir: &Path) -> Result<(PathBuf, PathBuf)> {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let out = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
        ])
        .args(["-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stdout(Stdio::null())
        .output()
        .context("openssl")?;
    if !out.status.success() {
        bail!(
            "openssl could not make a certificate: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok((cert, key))
}

fn config(dir: &Path, port: u16, upstreams: &[SocketAddr], cert: &Path, key: &Path) -> String {
    let servers: String = upstreams
        .iter()
        .map(|a| format!("        server {a};\n"))
        .collect();
    let d = dir.display();
    format!(
        "worker_processes 1;\n\
         daemon off;\n\
         pid {d}/nginx.pid;\n\
         error_log {d}/error.log warn;\n\
         events {{ worker_connections 1024; }}\n\
         http {{\n\
         \x20   access_log off;\n\
         \x20   client_body_temp_path {d}/body;\n\
         \x20   proxy_temp_path {d}/proxy;\n\
         \x20   fastcgi_temp_path {d}/fastcgi;\n\
         \x20   uwsgi_temp_path {d}/uwsgi;\n\
         \x20   scgi_temp_path {d}/scgi;\n\
         \x20   upstream portico {{\n{servers}        keepalive 32;\n    }}\n\
         \x20   server {{\n\
         \x20       listen 127.0.0.1:{port} ssl http2;\n\
         \x20       ssl_certificate {cert};\n\
         \x20       ssl_certificate_key {key};\n\
         \x20       location / {{\n\
         \x20           include {snippet};\n\
         \x20           add_header X-Upstream $upstream_addr always;\n\
         \x20       }}\n\
         \x20   }}\n\
         }}\n",
        cert = cert.display(),
        key = key.display(),
        snippet = root().join("deploy/nginx/portico-proxy.conf").display(),
    )
}

impl Proxy {
    /// Starts nginx on `port` (see [`free_port`]) in front of `upstreams`, with its files in
    /// `dir` (created), and waits until it accepts connections.
    pub fn start(dir: &Path, port: u16, upstreams: &[SocketAddr]) -> Result<Proxy> {
        if !Path::new(NGINX).exists() {
            bail!("nginx is not installed (Debian package nginx)");
        }
        let dir = dir.to_path_buf();
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("could not create {}", dir.display()))?;
        let (cert, key) = certificate(&dir)?;
        let conf = dir.join("nginx.conf");
        std::fs::write(&conf, config(&dir, port, upstreams, &cert, &key))
            .with_context(|| conf.display().to_string())?;
        let check = Command::new(NGINX)
            .arg("-t")
            .arg("-p")
            .arg(&dir)
            .arg("-c")
            .arg(&conf)
            .output()
            .context("nginx")?;
        if !check.status.success() {
            bail!(
                "nginx refused its configuration: {}",
                String::from_utf8_lossy(&check.stderr)
            );
        }
        let child = Command::new(NGINX)
            .arg("-p")
            .arg(&dir)
            .arg("-c")
            .arg(&conf)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("could not start nginx")?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let mut proxy = Proxy {
            child,
            url: format!("https://{addr}"),
            cert,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(status)) = proxy.child.try_wait() {
                let log = std::fs::read_to_string(dir.join("error.log")).unwrap_or_default();
                bail!("nginx exited ({status}): {log}");
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_ok() {
                return Ok(proxy);
            }
            if Instant::now() > deadline {
                bail!("nginx did not accept connections within 20 s");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        // SIGKILL to the master leaves its worker behind; SIGTERM is nginx's fast shutdown and
        // takes the worker with it. Bounded: after two seconds the master is killed.
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A deployment of Portico as at scale: a throwaway PostgreSQL cluster, instances on its one
/// database, nginx in front. Dropped in reverse order of start (proxy, instances, cluster).
pub struct Deployment {
    pub proxy: Proxy,
    pub instances: Vec<TestServer>,
    pub cluster: Cluster,
}

impl Deployment {
    /// A fresh cluster, `api` (a `portico-api` binary) `n` times on its database (the first
    /// seeds the demo data), each with `env` besides the deployment's own variables, and nginx
    /// in front of all of them. Files and logs go to `work`.
    pub fn start(api: &Path, work: &Path, n: usize, env: &[(&str, String)]) -> Result<Deployment> {
        Deployment::on(Cluster::start(55434)?, api, work, n, env)
    }

    /// [`Deployment::start`] on a cluster already running (its `postgres` database).
    pub fn on(
        cluster: Cluster,
        api: &Path,
        work: &Path,
        n: usize,
        env: &[(&str, String)],
    ) -> Result<Deployment> {
        let port = free_port()?;
        let mut vars = vec![
            ("PORTICO_DATABASE_URL", cluster.url()),
            ("PORTICO_TRUSTED_PROXIES", "127.0.0.1".to_owned()),
            ("PORTICO_PUBLIC_URL", format!("https://127.0.0.1:{port}")),
        ];
        vars.extend(env.iter().cloned());
        let mut instances = Vec::new();
        for i in 0..n {
            let log = format!("instance-{}.log", i + 1);
            instances.push(TestServer::launch(api, work, &vars, &log, "/readyz")?);
        }
        let upstreams: Vec<_> = instances.iter().map(|s| s.addr).collect();
        let proxy = Proxy::start(&work.join("nginx"), port, &upstreams)?;
        println!(
            "nginx at {} in front of {}",
            proxy.url,
            upstreams
                .iter()
                .map(|a| a.to_string())
                .collect::<Vec<_>>()
                .join(" and ")
        );
        Ok(Deployment {
            proxy,
            instances,
            cluster,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    /// A loopback HTTP server that answers every request with its own name and closes.
    fn upstream(name: &'static str) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten().take(64) {
                let mut stream = stream;
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                    head.push(byte[0]);
                }
                let head = String::from_utf8_lossy(&head).to_lowercase();
                let forwarded = head
                    .lines()
                    .find_map(|l| l.strip_prefix("x-forwarded-for: ").map(str::to_owned))
                    .unwrap_or_default();
                let body = format!("{name} {forwarded}");
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        addr
    }

    #[test]
    fn nginx_terminates_tls_balances_over_both_upstreams_and_overwrites_forwarded_for() {
        let (a, b) = (upstream("a"), upstream("b"));
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port().expect("port");
        let proxy = Proxy::start(dir.path(), port, &[a, b]).expect("nginx starts");
        let get = || {
            let out = Command::new("curl")
                .args(["-sS", "--max-time", "10", "--cacert"])
                .arg(&proxy.cert)
                .args(["-H", "X-Forwarded-For: 203.0.113.9"])
                .arg(format!("{}/", proxy.url))
                .output()
                .expect("curl");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        let answers = [get(), get()];
        let mut names: Vec<&str> = answers.iter().map(|a| &a[..1]).collect();
        names.sort();
        assert_eq!(names, ["a", "b"], "round-robin over both: {answers:?}");
        for answer in &answers {
            assert_eq!(
                &answer[2..],
                "127.0.0.1",
                "the visitor's own header is replaced by the address nginx saw"
            );
        }
        let pid_file = dir.path().join("nginx.pid");
        assert!(pid_file.exists());
        drop(proxy);
        assert!(
            TcpStream::connect(SocketAddr::from(([127, 0, 0, 1], port))).is_err(),
            "stopped when dropped"
        );
    }
}
