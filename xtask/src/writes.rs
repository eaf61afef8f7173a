//! `cargo xtask bench api-writes`: registration submissions under load, every request a new
//! customer with its own `Idempotency-Key`, beside `portico-bare`'s bare insert over the same
//! SQLite file in the same run. oha sends one fixed body, so [`crate::load`] drives these.

use crate::crash::sqlite;
use crate::load::{self, Request, Stats};
use crate::server::{TestServer, session_cookie};
use crate::util::root;
use anyhow::{Context, Result};
use std::path::Path;
use std::time::Duration;

/// The partner user who submits (the same one the read benchmark uses).
pub const USER: &str = "ben@vertex.example";
const CONNECTIONS: usize = 8;
const STEADY_CONNECTIONS: usize = 4;
const STEADY_RATE: f64 = 100.0;
const RUN: Duration = Duration::from_secs(10);
const WARM_UP: Duration = Duration::from_secs(3);

/// `YYYY-MM-DD` of the day `days` after today (UTC), by the domain's calendar.
pub fn date_in(days: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    domain::date::Date::from_unix(now)
        .add_days(days)
        .to_string()
}

/// A complete, valid registration for a customer of its own, named after `slug`
/// (letters and digits): `<slug>.test`, "Loadtest <slug> Industries Inc".
pub fn registration_body(slug: &str, expected_close: &str) -> Vec<u8> {
    serde_json::json!({
        "motion": "reseller",
        "category": "standard",
        "customer_legal_name": format!("Loadtest {slug} Industries Inc"),
        "customer_domain": format!("{slug}.test"),
        "customer_country": "US",
        "contact_name": "Casey Jones",
        "contact_email": format!("casey@{slug}.test"),
        "contact_role": "CTO",
        "products": ["Portico Analytics"],
        "estimated_value": "125000",
        "currency": "USD",
        "expected_close": expected_close,
        "attribution": "sourced",
        "attribution_percent": "100",
        "incumbent": false,
        "notes": "Load test."
    })
    .to_string()
    .into_bytes()
}

/// A registration of a new customer named after `slug`, with `bench-<slug>` as its
/// `Idempotency-Key`, sent to `path` with the session `cookie`.
pub fn registration_request(path: &str, cookie: &str, slug: &str, expected_close: &str) -> Request {
    Request {
        method: "POST",
        path: path.into(),
        headers: vec![
            ("Content-Type", "application/json".into()),
            ("Cookie", cookie.to_owned()),
            ("Idempotency-Key", format!("bench-{slug}")),
        ],
        body: registration_body(slug, expected_close),
    }
}

/// Registrations in a database file, and the distinct benchmark keys among them.
fn rows(db: &Path) -> Result<(u64, u64)> {
    let counted = sqlite(
        db,
        "SELECT COUNT(*), COUNT(DISTINCT idempotency_key) FILTER (WHERE idempotency_key LIKE 'bench-%') \
           FROM registrations",
    )?;
    counted
        .first()
        .and_then(|r| Some((r.first()?.parse().ok()?, r.get(1)?.parse().ok()?)))
        .with_context(|| format!("could not count the rows of {}", db.display()))
}

/// One measured run: its figures and the table's size before and after.
struct Run {
    stats: Stats,
    before: u64,
    after: u64,
}

/// The portal endpoint and the bare insert, saturated and at a steady rate. Each writes into
/// its own copy of the freshly seeded database: the table grows with every run, and a handler
/// whose cost grows with the table would otherwise pay for the other's rows.
pub fn api_writes() -> Result<String> {
    let work = root().join("target/bench/api-writes");
    let _ = std::fs::remove_dir_all(&work);
    let bare_work = work.join("bare");
    std::fs::create_dir_all(&bare_work)
        .with_context(|| format!("could not create {}", bare_work.display()))?;
    let binary = root().join("target/release/portico-api");
    // The bare server neither migrates nor seeds: the real one prepares its file, then stops.
    drop(TestServer::start(&binary, &bare_work)?);
    let api = TestServer::start(&binary, &work)?;
    let bare = TestServer::launch(
        &root().join("target/release/portico-bare"),
        &bare_work,
        &[("PORTICO_BARE_USER", USER.into())],
        "bare.log",
        "/bare/pipeline",
    )?;
    let (api_db, bare_db) = (work.join("portico.db"), bare_work.join("portico.db"));
    let cookie = session_cookie(api.addr, USER, "portico-demo")?;
    let close = date_in(60);
    // Every request of every run is a new customer: run r, connection c, request n.
    let drive = |real: bool, run: u32, time, conns, rate| -> Result<Run> {
        let (addr, path, db) = if real {
            (api.addr, "/api/v1/registrations", &api_db)
        } else {
            (bare.addr, "/bare/registrations", &bare_db)
        };
        let (cookie, close) = (&cookie, &close);
        let before = rows(db)?.0;
        let stats = load::run(&[addr], conns, time, rate, move |c, n| {
            registration_request(path, cookie, &format!("w{run}c{c}n{n}"), close)
        });
        Ok(Run {
            stats,
            before,
            after: rows(db)?.0,
        })
    };
    // Warm both (connections, statement caches, the file's pages), then measure.
    let warm = [
        drive(false, 0, WARM_UP, CONNECTIONS, None)?,
        drive(true, 1, WARM_UP, CONNECTIONS, None)?,
    ];
    let reference = drive(false, 2, RUN, CONNECTIONS, None)?;
    let real = drive(true, 3, RUN, CONNECTIONS, None)?;
    let steady = Some(STEADY_RATE);
    let reference_steady = drive(false, 4, RUN, STEADY_CONNECTIONS, steady)?;
    let real_steady = drive(true, 5, RUN, STEADY_CONNECTIONS, steady)?;
    drop(api);
    drop(bare);

    // Every 201 is one row with its own key: count them in the files.
    let keyed = rows(&api_db)?.1 + rows(&bare_db)?.1;
    let acknowledged: u64 = warm
        .iter()
        .chain([&reference, &real, &reference_steady, &real_steady])
        .map(|r| r.stats.count(201))
        .sum();

    let row = |name: &str, r: &Run| {
        let s = &r.stats;
        format!(
            "| {name} | {:.0} | {:.2} | {:.2} | {} / {} | {} | {} → {} |\n",
            s.rate(201),
            s.percentile_ms(0.5),
            s.percentile_ms(0.99),
            s.count(201),
            s.answered(),
            s.errors,
            r.before,
            r.after
        )
    };
    let ratio = real.stats.rate(201) / reference.stats.rate(201);
    let steady = format!("{STEADY_RATE:.0} requests/s");
    Ok(format!(
        "Each request registers a new customer (`<slug>.test`, its own `Idempotency-Key`) for \
         {USER}; {} s per run after a {} s warm-up of each server; closed loop at {CONNECTIONS} \
         connections, then {steady} over {STEADY_CONNECTIONS} connections. The real endpoint and \
         the bare insert each write into their own copy of the freshly seeded database.\n\n\
         | run | registrations/s | p50 ms | p99 ms | 201s / responses | no response | rows in its table, before → after |\n\
         |---|---:|---:|---:|---:|---:|---:|\n{}{}{}{}\n\
         Registration writes reach **{:.0} %** of the bare insert's throughput; p99 at a steady \
         {steady} **{:.2} ms**, at saturation {:.2} ms. Distinct benchmark keys in the files \
         afterwards: {keyed}, for {acknowledged} 201s answered (warm-ups included).\n",
        RUN.as_secs(),
        WARM_UP.as_secs(),
        row(
            &format!("bare insert (axum + SQLite), {CONNECTIONS} connections"),
            &reference
        ),
        row(
            &format!("POST /api/v1/registrations, {CONNECTIONS} connections"),
            &real
        ),
        row(&format!("bare insert, {steady}"), &reference_steady),
        row(
            &format!("POST /api/v1/registrations, {steady}"),
            &real_steady
        ),
        ratio * 100.0,
        real_steady.stats.percentile_ms(0.99),
        real.stats.percentile_ms(0.99),
    ))
}
