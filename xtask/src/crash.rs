//! `cargo xtask bench crash`: no acknowledged registration is lost when the server is killed.
//! The release server runs on a temporary SQLite file while client threads submit registrations;
//! the server is SIGKILLed mid-burst and restarted on the same file, several times; then the file
//! itself is checked: every acknowledged (201) registration present exactly once under its key
//! and number, no key twice, an audit event for every row, `PRAGMA integrity_check` ok. Unlike
//! the other sections this one asserts: any failed check fails the command.

use crate::load::Conn;
use crate::server::{TestServer, session_cookie};
use crate::tools;
use crate::util::{cmd, root};
use crate::writes::{USER, date_in, registration_body};
use anyhow::{Context, Result, anyhow, bail};
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

const KILLS: u32 = 5;
const CLIENTS: usize = 8;
/// How long a client keeps retrying one submission after the burst has ended.
const RETRY_AFTER_STOP: Duration = Duration::from_secs(30);

/// Rows of a query run by the `sqlite3` command-line shell, columns split on `|`.
pub fn sqlite(db: &Path, sql: &str) -> Result<Vec<Vec<String>>> {
    if crate::util::output_line("sqlite3", &["--version"]).is_none() {
        tools::apt_install(&["sqlite3"])?;
    }
    let out = cmd("sqlite3")
        .args(["-batch", "-noheader", "-separator", "|"])
        .arg(db)
        .arg(sql)
        .output()
        .context("sqlite3")?;
    if !out.status.success() {
        bail!(
            "sqlite3 {}: {}",
            db.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split('|').map(str::to_owned).collect())
        .collect())
}

/// A registration the server acknowledged with 201.
struct Ack {
    key: String,
    id: i64,
    number: String,
    domain: String,
    /// The 201 was a replay of a write an earlier, unanswered attempt had committed.
    replayed: bool,
}

/// What one client thread saw.
#[derive(Default)]
struct ClientLog {
    acks: Vec<Ack>,
    /// Keys sent (each one submission, however many attempts).
    submitted: Vec<String>,
    attempts: u64,
    /// Attempts that found no server (connection refused): nothing was sent.
    not_sent: u64,
    /// Attempts sent but never answered (cut by a kill).
    cut: u64,
    statuses: BTreeMap<u16, u64>,
    /// 4xx answers other than 429: the body was refused, a defect here.
    refused: Vec<String>,
}

/// Even-numbered clients retry a submission with the same key until it is acknowledged, as the
/// portal's draft does; odd ones give up on a request the kill cut off and move on to a new
/// one, so some writes commit without the client ever hearing of it. A request that found no
/// server (refused while it restarts) was never sent, and every client sends it again.
fn client(
    id: usize,
    addr: &RwLock<SocketAddr>,
    cookie: &str,
    close: &str,
    stop: &AtomicBool,
    acked: &AtomicU64,
) -> ClientLog {
    let retries = id.is_multiple_of(2);
    let mut log = ClientLog::default();
    let mut current = *addr.read().expect("address");
    let mut conn = Conn::new(current, Duration::from_secs(10));
    let mut stopped_at: Option<Instant> = None;
    for seq in 0u64.. {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let slug = format!("k{id}n{seq}");
        let key = format!("crash-{slug}");
        let body = registration_body(&slug, close);
        log.submitted.push(key.clone());
        loop {
            let now_addr = *addr.read().expect("address");
            if now_addr != current {
                current = now_addr;
                conn = Conn::new(current, Duration::from_secs(10));
            }
            log.attempts += 1;
            let answer = conn.request(
                "POST",
                "/api/v1/registrations",
                &[
                    ("Content-Type", "application/json"),
                    ("Cookie", cookie),
                    ("Idempotency-Key", &key),
                ],
                &body,
            );
            match answer {
                Ok(r) if r.status == 201 => {
                    *log.statuses.entry(201).or_default() += 1;
                    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap_or_default();
                    log.acks.push(Ack {
                        key: key.clone(),
                        id: v["id"].as_i64().unwrap_or(-1),
                        number: v["number"].as_str().unwrap_or("").to_owned(),
                        domain: v["customer_domain"].as_str().unwrap_or("").to_owned(),
                        replayed: r.header("idempotent-replayed") == Some("true"),
                    });
                    acked.fetch_add(1, Ordering::Relaxed);
                    break;
                }
                Ok(r) => {
                    *log.statuses.entry(r.status).or_default() += 1;
                    if (400..500).contains(&r.status) && r.status != 429 {
                        log.refused.push(format!(
                            "{key}: {} {}",
                            r.status,
                            String::from_utf8_lossy(&r.body)
                        ));
                        break;
                    }
                    // 429 or 5xx: nothing was acknowledged; try again.
                }
                // No server to connect to: nothing was sent, so the same key goes again.
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => log.not_sent += 1,
                Err(_) => {
                    log.cut += 1;
                    if !retries {
                        break;
                    }
                }
            }
            if stop.load(Ordering::Relaxed) {
                let since = *stopped_at.get_or_insert_with(Instant::now);
                if since.elapsed() > RETRY_AFTER_STOP {
                    break;
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    log
}

/// A small deterministic generator for the kill times (xtask has no `rand`).
struct XorShift(u64);

impl XorShift {
    fn next_f64(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Runs the burst with its kills and checks the database. Returns the section's text and
/// whether every check passed.
pub fn crash() -> Result<(String, bool)> {
    let work = root().join("target/bench/crash");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)
        .with_context(|| format!("could not create {}", work.display()))?;
    let binary = root().join("target/release/portico-api");
    let start = |n: u32| {
        TestServer::launch(
            &binary,
            &work,
            &[],
            &format!("server-{n}.log"),
            "/api/v1/openapi.json",
        )
    };
    let first = start(0)?;
    // The session lives in the database, so the one cookie outlives every restart.
    let cookie = session_cookie(first.addr, USER, "portico-demo")?;
    let close = date_in(60);
    let addr = Arc::new(RwLock::new(first.addr));
    let mut server = Some(first);
    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(AtomicU64::new(0));
    let mut rng = XorShift(0x5eed_c0ff_ee15_0001);
    let mut kills = Vec::new();
    let began = Instant::now();

    let logs: Vec<ClientLog> = std::thread::scope(|scope| -> Result<Vec<ClientLog>> {
        let handles: Vec<_> = (0..CLIENTS)
            .map(|id| {
                let (addr, stop, acked) = (&addr, &stop, &acked);
                let (cookie, close) = (&cookie, &close);
                scope.spawn(move || client(id, addr, cookie, close, stop, acked))
            })
            .collect();
        let mut outcome = Ok(());
        for n in 1..=KILLS {
            // Kill between 0.3 and 1.2 s into the burst on this server, once it has answered.
            let before = acked.load(Ordering::Relaxed);
            std::thread::sleep(Duration::from_secs_f64(0.3 + 0.9 * rng.next_f64()));
            let waiting = Instant::now();
            while acked.load(Ordering::Relaxed) == before {
                if waiting.elapsed() > Duration::from_secs(30) {
                    outcome = Err(anyhow!("no registration acknowledged before kill {n}"));
                    break;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            if outcome.is_err() {
                break;
            }
            let at = began.elapsed();
            let acked_before = acked.load(Ordering::Relaxed);
            server.take(); // dropped: SIGKILL, then reaped
            let restarted = Instant::now();
            let next = match start(n) {
                Ok(s) => s,
                Err(e) => {
                    outcome = Err(e.context(format!("restart {n} failed")));
                    break;
                }
            };
            *addr.write().expect("address") = next.addr;
            server = Some(next);
            kills.push((at, acked_before, restarted.elapsed()));
        }
        if outcome.is_ok() {
            // A last stretch on the final server, then stop submitting new registrations.
            std::thread::sleep(Duration::from_secs(1));
        }
        stop.store(true, Ordering::Relaxed);
        let logs = handles
            .into_iter()
            .map(|h| h.join().expect("client thread"))
            .collect();
        outcome.map(|()| logs)
    })?;
    let burst = began.elapsed();
    drop(server);
    report(&work.join("portico.db"), &logs, &kills, burst)
}

type Kill = (Duration, u64, Duration);

fn report(
    db: &Path,
    logs: &[ClientLog],
    kills: &[Kill],
    burst: Duration,
) -> Result<(String, bool)> {
    let integrity = sqlite(db, "PRAGMA integrity_check")?
        .into_iter()
        .map(|r| r.join("|"))
        .collect::<Vec<_>>()
        .join("; ");
    let foreign = sqlite(db, "PRAGMA foreign_key_check")?.len();
    // Every row a benchmark client's key made, with its audit events.
    let rows = sqlite(
        db,
        "SELECT r.idempotency_key, r.id, r.customer_domain, \
                (SELECT COUNT(*) FROM audit_events a WHERE a.entity = 'registration' \
                    AND a.entity_id = r.id AND a.action = 'registration_submitted') \
           FROM registrations r WHERE r.idempotency_key LIKE 'crash-%'",
    )?;
    let mut by_key: HashMap<&str, Vec<(i64, &str, u64)>> = HashMap::new();
    for r in &rows {
        let id = r.get(1).and_then(|x| x.parse().ok()).unwrap_or(-1);
        let audits = r.get(3).and_then(|x| x.parse().ok()).unwrap_or(0);
        by_key.entry(r[0].as_str()).or_default().push((
            id,
            r.get(2).map_or("", String::as_str),
            audits,
        ));
    }

    let acks: Vec<&Ack> = logs.iter().flat_map(|l| &l.acks).collect();
    let submitted: Vec<&String> = logs.iter().flat_map(|l| &l.submitted).collect();
    let refused: Vec<&String> = logs.iter().flat_map(|l| &l.refused).collect();
    let mut statuses: BTreeMap<u16, u64> = BTreeMap::new();
    for l in logs {
        for (s, n) in &l.statuses {
            *statuses.entry(*s).or_default() += n;
        }
    }
    let attempts: u64 = logs.iter().map(|l| l.attempts).sum();
    let not_sent: u64 = logs.iter().map(|l| l.not_sent).sum();
    let cut: u64 = logs.iter().map(|l| l.cut).sum();

    let mut failures: Vec<String> = Vec::new();
    let (mut present, mut missing, mut mismatched) = (0, 0, 0);
    for a in &acks {
        match by_key.get(a.key.as_str()).map(Vec::as_slice) {
            Some([(id, domain, _)]) => {
                present += 1;
                if *id != a.id || a.number != format!("R-{id:06}") || *domain != a.domain {
                    mismatched += 1;
                    failures.push(format!(
                        "{}: acknowledged as {} (id {}, {}), stored as id {id} ({domain})",
                        a.key, a.number, a.id, a.domain
                    ));
                }
            }
            None | Some([]) => {
                missing += 1;
                failures.push(format!(
                    "{}: acknowledged as {} but missing",
                    a.key, a.number
                ));
            }
            Some(_) => {} // counted as a duplicate below
        }
    }
    let duplicates = by_key.values().filter(|v| v.len() > 1).count();
    for (key, v) in by_key.iter().filter(|(_, v)| v.len() > 1) {
        failures.push(format!("{key}: {} rows", v.len()));
    }
    let known: std::collections::HashSet<&str> = submitted.iter().map(|k| k.as_str()).collect();
    let phantoms = by_key.keys().filter(|k| !known.contains(*k)).count();
    if phantoms > 0 {
        failures.push(format!("{phantoms} rows under keys no client sent"));
    }
    let unaudited = rows
        .iter()
        .filter(|r| r.get(3).map(String::as_str) != Some("1"))
        .count();
    if unaudited > 0 {
        failures.push(format!(
            "{unaudited} rows without exactly one 'registration_submitted' audit event"
        ));
    }
    let acked_keys: std::collections::HashSet<&str> = acks.iter().map(|a| a.key.as_str()).collect();
    let unacked_present = by_key.keys().filter(|k| !acked_keys.contains(*k)).count();
    let never_acked = submitted.len() - acked_keys.len();
    for r in &refused {
        failures.push(format!("refused: {r}"));
    }
    if integrity != "ok" {
        failures.push(format!("integrity_check: {integrity}"));
    }
    if foreign > 0 {
        failures.push(format!("foreign_key_check: {foreign} rows"));
    }
    if kills.len() < KILLS as usize {
        failures.push(format!("only {} of {KILLS} kills happened", kills.len()));
    }
    let ok = failures.is_empty();

    let replayed = acks.iter().filter(|a| a.replayed).count();
    let mark = |good: bool| if good { "ok" } else { "**FAILED**" };
    let status_list = statuses
        .iter()
        .map(|(s, n)| format!("{n} × {s}"))
        .collect::<Vec<_>>()
        .join(", ");
    let kill_list = kills
        .iter()
        .map(|(at, acked, restart)| {
            format!(
                "{:.2} s ({acked} acknowledged so far; back in {:.2} s)",
                at.as_secs_f64(),
                restart.as_secs_f64()
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let text = format!(
        "{CLIENTS} clients submitting for {USER}, {:.1} s in all; the server SIGKILLed {} times \
         mid-burst at {kill_list}, each time restarted on the same file. {attempts} requests: \
         {status_list}; {cut} sent and cut off by a kill; {not_sent} found no server (refused \
         while it restarted, sent again).\n\n\
         | check | count | result |\n|---|---:|---|\n\
         | registrations submitted (distinct keys) | {} | |\n\
         | acknowledged (201) | {} | |\n\
         | … of them answered on a retry as a replay of a write whose answer the kill cut off | {replayed} | |\n\
         | acknowledged and present exactly once | {present} | {} |\n\
         | … stored under another id, number or customer than acknowledged | {mismatched} | {} |\n\
         | keys stored more than once | {duplicates} | {} |\n\
         | rows under keys no client sent | {phantoms} | {} |\n\
         | rows without exactly one `registration_submitted` audit event | {unaudited} | {} |\n\
         | never acknowledged (cut off, and its client gave up on it) | {never_acked} | |\n\
         | … of them committed anyway (the kill came between commit and answer) | {unacked_present} | |\n\
         | answers refusing the body (4xx other than 429) | {} | {} |\n\
         | `PRAGMA integrity_check` | {integrity} | {} |\n\
         | `PRAGMA foreign_key_check` rows | {foreign} | {} |\n\n\
         **{}**: {}.\n",
        burst.as_secs_f64(),
        kills.len(),
        submitted.len(),
        acks.len(),
        mark(present == acks.len() && missing == 0),
        mark(mismatched == 0),
        mark(duplicates == 0),
        mark(phantoms == 0),
        mark(unaudited == 0),
        refused.len(),
        mark(refused.is_empty()),
        mark(integrity == "ok"),
        mark(foreign == 0),
        if ok { "passed" } else { "FAILED" },
        if ok {
            "no acknowledged registration lost or duplicated".to_owned()
        } else {
            failures
                .iter()
                .take(10)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        },
    );
    Ok((text, ok))
}
