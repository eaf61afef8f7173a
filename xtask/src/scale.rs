//! `cargo xtask bench scale`: Portico on PostgreSQL, as a vendor runs it at scale, in one run:
//!
//! - pipeline reads (`GET /api/v1/pipeline`, oha) beside `portico-bare`'s bare axum +
//!   PostgreSQL handler (sqlx's native driver, the same query, no session, authorization or
//!   projection), saturated and at a steady 100 requests/s;
//! - registration writes (`POST /api/v1/registrations`, [`crate::load`]: every request a new
//!   customer and `Idempotency-Key`) beside the bare insert;
//! - one instance against two on the same database: reads through nginx (TLS, round-robin) in
//!   front of one and of both instances, writes spread over both.
//!
//! A throwaway cluster ([`crate::postgres::Cluster`]) is prepared once by `portico-synthetic`
//! (migrations, demo data, the benchmark user's deals topped up to 300 with synthetic ones) and
//! copied, so the bare handler reads and writes a database of its own with the same rows, and
//! neither pays for the other's inserts.

use crate::bench::{Load, ensure_oha, oha};
use crate::load::{self, Stats};
use crate::postgres::Cluster;
use crate::proxy::{Deployment, Proxy, free_port};
use crate::server::{TestServer, session_cookie, synthetic_deals};
use crate::util::root;
use crate::writes::{USER, date_in, registration_request};
use anyhow::{Context, Result, anyhow};
use std::net::SocketAddr;
use std::time::Duration;

const RUN: Duration = Duration::from_secs(10);
const WARM_UP: Duration = Duration::from_secs(3);
const CONNECTIONS: usize = 8;

fn count_rows(cluster: &Cluster, database: &str) -> Result<u64> {
    cluster
        .sql(database, "SELECT COUNT(*) FROM registrations")?
        .first()
        .and_then(|r| r.first()?.parse().ok())
        .with_context(|| format!("could not count the registrations in {database}"))
}

/// The database the instances use, migrated and seeded (demo data and synthetic deals) by
/// `portico-synthetic` before any instance starts, and a copy named `bare` for the reference
/// server. The copy waits until the tool's connections are gone (PostgreSQL copies only a
/// database nobody is connected to).
fn prepare(cluster: &Cluster, api: &std::path::Path) -> Result<()> {
    synthetic_deals(api, &cluster.url(), 300, USER)?;
    let mut last = String::new();
    for _ in 0..50 {
        match cluster.sql("template1", "CREATE DATABASE bare TEMPLATE postgres") {
            Ok(_) => return Ok(()),
            Err(e) => last = format!("{e:#}"),
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(anyhow!("could not copy the prepared database: {last}"))
}

pub fn scale() -> Result<String> {
    ensure_oha()?;
    let work = root().join("target/bench/scale");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)
        .with_context(|| format!("could not create {}", work.display()))?;
    // PORTICO_BENCH_API: another build of the API to measure in its place (A/B comparisons of
    // a change, e.g. a copy of an earlier commit's target/release/portico-api); a
    // portico-synthetic beside it prepares the database, else this tree's.
    let api = std::env::var_os("PORTICO_BENCH_API")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root().join("target/release/portico-api"));
    let cluster = Cluster::start(55435)?;
    prepare(&cluster, &api)?;
    let d = Deployment::on(cluster, &api, &work, 2, &[])?;
    let bare = TestServer::launch(
        &root().join("target/release/portico-bare"),
        &work,
        &[
            ("PORTICO_DATABASE_URL", d.cluster.url_for("bare")),
            ("PORTICO_BARE_USER", USER.into()),
        ],
        "bare.log",
        "/bare/pipeline",
    )?;
    let one = &d.instances[0];
    let both: Vec<SocketAddr> = d.instances.iter().map(|s| s.addr).collect();
    // nginx in front of the first instance only: what the proxy costs, apart from the second
    // instance's help.
    let single = Proxy::start(&work.join("nginx-one"), free_port()?, &[one.addr])?;
    let cookie = session_cookie(one.addr, USER, "portico-demo")?;
    let deals = crate::server::deal_count(one.addr, &cookie)?;
    let auth = [format!("Cookie: {cookie}")];

    // Reads: warm everything, then saturate each, then hold each at 100 requests/s.
    let bare_url = format!("{}/bare/pipeline", bare.url);
    let direct = format!("{}/api/v1/pipeline", one.url);
    let via_one = format!("{}/api/v1/pipeline", single.url);
    let via_both = format!("{}/api/v1/pipeline", d.proxy.url);
    oha(&bare_url, &[], None)?;
    oha(&direct, &auth, None)?;
    let reads = [
        (
            "bare axum + PostgreSQL, saturated",
            oha(&bare_url, &[], None)?,
        ),
        (
            "GET /api/v1/pipeline, one instance, saturated",
            oha(&direct, &auth, None)?,
        ),
        (
            "one instance through nginx (TLS), saturated",
            oha(&via_one, &auth, None)?,
        ),
        (
            "two instances through nginx (TLS), saturated",
            oha(&via_both, &auth, None)?,
        ),
        (
            "bare axum + PostgreSQL, 100 requests/s",
            oha(&bare_url, &[], Some(100))?,
        ),
        (
            "GET /api/v1/pipeline, one instance, 100 requests/s",
            oha(&direct, &auth, Some(100))?,
        ),
        (
            "two instances through nginx (TLS), 100 requests/s",
            oha(&via_both, &auth, Some(100))?,
        ),
    ];
    drop(single);

    // Writes: every request of every run a new customer (run r, connection c, request n).
    let close = date_in(60);
    let drive = |addrs: &[SocketAddr], path: &'static str, run: u32, time, conns, rate| -> Stats {
        let (cookie, close) = (&cookie, &close);
        load::run(addrs, conns, time, rate, move |c, n| {
            registration_request(path, cookie, &format!("pg{run}c{c}n{n}"), close)
        })
    };
    let (real, bare_insert) = ("/api/v1/registrations", "/bare/registrations");
    drive(&[bare.addr], bare_insert, 0, WARM_UP, CONNECTIONS, None);
    drive(&[one.addr], real, 1, WARM_UP, CONNECTIONS, None);
    let before = (
        count_rows(&d.cluster, "postgres")?,
        count_rows(&d.cluster, "bare")?,
    );
    let writes = [
        (
            "bare insert (axum + PostgreSQL), saturated",
            drive(&[bare.addr], bare_insert, 2, RUN, CONNECTIONS, None),
        ),
        (
            "POST /api/v1/registrations, one instance, saturated",
            drive(&[one.addr], real, 3, RUN, CONNECTIONS, None),
        ),
        (
            "POST /api/v1/registrations, two instances, saturated",
            drive(&both, real, 4, RUN, CONNECTIONS, None),
        ),
        (
            "bare insert, 100 requests/s",
            drive(&[bare.addr], bare_insert, 5, RUN, 4, Some(100.0)),
        ),
        (
            "POST /api/v1/registrations, one instance, 100 requests/s",
            drive(&[one.addr], real, 6, RUN, 4, Some(100.0)),
        ),
    ];
    let after = (
        count_rows(&d.cluster, "postgres")?,
        count_rows(&d.cluster, "bare")?,
    );
    drop(bare);
    drop(d);

    let read_row = |(name, l): &(&str, Load)| {
        format!(
            "| {name} | {:.0} | {:.2} | {:.2} | {} / {} |\n",
            l.rps, l.p50, l.p99, l.ok, l.total
        )
    };
    let write_row = |(name, s): &(&str, Stats)| {
        format!(
            "| {name} | {:.0} | {:.2} | {:.2} | {} / {} | {} |\n",
            s.rate(201),
            s.percentile_ms(0.5),
            s.percentile_ms(0.99),
            s.count(201),
            s.answered(),
            s.errors
        )
    };
    let acknowledged: u64 = writes.iter().map(|(_, s)| s.count(201)).sum();
    let stored = (after.0 - before.0) + (after.1 - before.1);
    let read_ratio = reads[1].1.rps / reads[0].1.rps;
    let write_ratio = writes[1].1.rate(201) / writes[0].1.rate(201);
    let verdict = |ok: bool| if ok { "within" } else { "OVER" };
    Ok(format!(
        "PostgreSQL {pg} (a throwaway cluster on a Unix socket, fsync off), release builds, loopback; \
         the partner user {USER} with {deals} deals (his demo ones topped up to 300 with synthetic \
         ones). 10 s per run; reads by \
         oha 1.16, writes by xtask's load driver (each request a new customer), after a warm-up \
         of each server. The instances share one database; the bare reference has a copy of it.\n\n\
         | reads | requests/s | p50 ms | p99 ms | 200s / responses |\n|---|---:|---:|---:|---:|\n{reads}\n\
         | writes | registrations/s | p50 ms | p99 ms | 201s / responses | no response |\n\
         |---|---:|---:|---:|---:|---:|\n{writes}\n\
         On PostgreSQL, pipeline reads reach **{rr:.0} %** of the bare handler's throughput ({rv} the \
         ≥ 50 % budget); p99 at a steady 100 requests/s **{p99:.2} ms** ({pv} the ≤ 15 ms budget). \
         Registration writes reach **{wr:.0} %** of the bare insert's. Two instances behind nginx \
         serve **{two:.0}** reads/s against **{single:.0}** for one behind nginx ({gain:+.0} %); \
         writes spread over two instances: **{w2:.0}**/s against **{w1:.0}**/s for one. Rows \
         stored during the measured write runs: {stored}, for {acknowledged} 201s answered.\n",
        pg = pg_version(),
        reads = reads.iter().map(read_row).collect::<String>(),
        writes = writes.iter().map(write_row).collect::<String>(),
        rr = read_ratio * 100.0,
        rv = verdict(read_ratio >= 0.5),
        p99 = reads[5].1.p99,
        pv = verdict(reads[5].1.p99 <= 15.0),
        wr = write_ratio * 100.0,
        two = reads[3].1.rps,
        single = reads[2].1.rps,
        gain = (reads[3].1.rps / reads[2].1.rps - 1.0) * 100.0,
        w2 = writes[2].1.rate(201),
        w1 = writes[1].1.rate(201),
    ))
}

/// The PostgreSQL server's version, as its `postgres --version` prints it.
fn pg_version() -> String {
    crate::postgres::bin_dir()
        .and_then(|b| {
            crate::util::output_line(&b.join("postgres").to_string_lossy(), &["--version"])
        })
        .and_then(|v| v.split_whitespace().nth(2).map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}
