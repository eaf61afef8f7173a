//! A throwaway PostgreSQL cluster for tests and benchmarks: Debian's `postgresql` package
//! (installed by setup when missing), `initdb` into a temporary folder, a server listening on a
//! Unix socket only (no TCP port), stopped with `pg_ctl -m immediate` when the [`Cluster`] is
//! dropped — also when a suite fails or panics.
//!
//! `initdb` refuses to run as root, so as root the cluster belongs to the `postgres` user the
//! package creates.

use crate::util::step;
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A running cluster; [`Cluster::url`] connects to its `postgres` database as `portico`.
pub struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
}

/// The package's versioned bin folder (`initdb`, `pg_ctl` are not on `PATH`).
pub fn bin_dir() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").is_file() && b.join("pg_ctl").is_file())
        .collect();
    found.sort();
    found.pop()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// `program args…`, as the `postgres` user when we are root.
fn as_owner(program: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

impl Cluster {
    /// initdb + start. `port` only names the socket file (`.s.PGSQL.<port>`).
    pub fn start(port: u16) -> Result<Cluster> {
        step("starting a throwaway PostgreSQL cluster");
        let bin = bin_dir().context("PostgreSQL is not installed (Debian package postgresql)")?;
        let dir = tempfile::Builder::new()
            .prefix("portico-pg-")
            .tempdir()
            .context("temp dir")?;
        if is_root() {
            let ok = Command::new("chown")
                .arg("postgres")
                .arg(dir.path())
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            if !ok {
                bail!("could not give the cluster's folder to the postgres user");
            }
        }
        let data = dir.path().join("data");
        let out = as_owner(&bin.join("initdb"))
            .arg("-D")
            .arg(&data)
            .args(["-U", "portico", "-A", "trust", "-E", "UTF8", "--locale=C"])
            .stdout(Stdio::null())
            .output()
            .context("initdb")?;
        if !out.status.success() {
            bail!("initdb failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        let options = format!(
            "-k {} -p {port} -c listen_addresses='' -c fsync=off -c synchronous_commit=off \
             -c full_page_writes=off -c max_connections=500",
            dir.path().display()
        );
        let cluster = Cluster { bin, dir, port };
        let ok = as_owner(&cluster.bin.join("pg_ctl"))
            .arg("-D")
            .arg(&data)
            .arg("-l")
            .arg(cluster.dir.path().join("log"))
            .args(["-w", "-t", "60", "-o", &options, "start"])
            .stdout(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !ok {
            let log = std::fs::read_to_string(cluster.dir.path().join("log")).unwrap_or_default();
            bail!("PostgreSQL did not start: {log}");
        }
        println!("PostgreSQL running on {}", cluster.url());
        Ok(cluster)
    }

    /// The server's `postgres` database over the Unix socket.
    pub fn url(&self) -> String {
        self.url_for("postgres")
    }

    /// Another database of the cluster over the Unix socket.
    pub fn url_for(&self, database: &str) -> String {
        format!(
            "postgres://portico@localhost/{database}?host={}&port={}",
            self.dir.path().display(),
            self.port
        )
    }

    /// Runs `sql` with psql on `database`; its rows, `|`-separated fields.
    pub fn sql(&self, database: &str, sql: &str) -> Result<Vec<Vec<String>>> {
        let out = Command::new(self.bin.join("psql"))
            .args(["-X", "-tA", "-v", "ON_ERROR_STOP=1", "-d"])
            .arg(self.url_for(database))
            .args(["-c", sql])
            .output()
            .context("psql")?;
        if !out.status.success() {
            bail!(
                "psql on {database}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.split('|').map(str::to_owned).collect())
            .collect())
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = as_owner(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-m", "immediate", "-w", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_throwaway_cluster_starts_answers_and_is_gone_after_it_is_dropped() {
        let cluster = Cluster::start(55499).expect("cluster");
        let socket = cluster.dir.path().join(".s.PGSQL.55499");
        assert!(socket.exists(), "the server listens on its Unix socket");
        let psql = Command::new(cluster.bin.join("psql"))
            .args(["-tA", "-d"])
            .arg(cluster.url())
            .args(["-c", "SELECT 40 + 2"])
            .output()
            .expect("psql");
        assert_eq!(String::from_utf8_lossy(&psql.stdout).trim(), "42");
        let folder = cluster.dir.path().to_path_buf();
        drop(cluster);
        assert!(!folder.exists(), "stopped and removed");
    }
}
