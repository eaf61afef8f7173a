//! Several writers at once, several instances on one database: the races the scale-out work
//! closed, each hammered (on SQLite and, in `cargo xtask test`, on PostgreSQL), plus what must be
//! shared between instances (throttles, the embed secret, seeding) and the proxy headers.

use crate::helpers::*;
use api::config::Config;
use reqwest::StatusCode;
use serde_json::json;
use std::net::SocketAddr;

/// A second instance of the app on `app`'s database, with its own configuration.
async fn second_instance(app: &TestApp, tweak: impl FnOnce(&mut Config)) -> (SocketAddr, Server) {
    let pool = api::db::connect(&app.database_url)
        .await
        .expect("second pool");
    let mut config = Config {
        database_url: app.database_url.clone(),
        dist_dir: app.dist(),
        ..Config::default()
    };
    tweak(&mut config);
    serve(pool, config).await
}

async fn register(app: &TestApp, who: &reqwest::Client, slug: &str) -> i64 {
    let res = who
        .post(app.url("/api/v1/registrations"))
        .json(&registration(slug))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED, "registering {slug}");
    json_body(res).await["id"].as_i64().unwrap()
}

#[tokio::test]
async fn competing_approvals_for_one_customer_leave_exactly_one_protection() {
    let app = spawn_app().await;
    let ava = client_for(&app, "ava@vertex.example").await;
    let cara = client_for(&app, "cara@bluepeak.example").await;
    let maya_a = client_for(&app, "maya@portico.example").await;
    let maya_b = client_for(&app, "maya@portico.example").await;
    for round in 0..50 {
        let slug = format!("contested{round}");
        let first = register(&app, &ava, &slug).await;
        let second = register(&app, &cara, &slug).await;
        let approve = |client: &reqwest::Client, id: i64| {
            client
                .post(app.url(&format!("/api/v1/manage/registrations/{id}/approve")))
                .send()
        };
        let (a, b) = tokio::join!(approve(&maya_a, first), approve(&maya_b, second));
        let mut statuses = [a.unwrap().status(), b.unwrap().status()];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::CONFLICT],
            "round {round}: exactly one approval wins"
        );
        let (protected,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM registrations WHERE customer_domain = $1 AND status = 'approved'",
        )
        .bind(format!("{slug}.test"))
        .fetch_one(&app.db)
        .await
        .unwrap();
        assert_eq!(protected, 1, "round {round}");
    }
}

#[tokio::test]
async fn concurrent_changes_of_the_shared_fields_end_in_one_requests_list() {
    let app = spawn_app().await;
    let managers = [
        client_for(&app, "maya@portico.example").await,
        client_for(&app, "maya@portico.example").await,
    ];
    let lists = [
        json!(["stage", "next_step"]),
        json!(["protection", "vendor_owner", "last_activity"]),
    ];
    for round in 0..20 {
        let put = |i: usize| {
            managers[i]
                .put(app.url("/api/v1/manage/program/shared-fields"))
                .json(&json!({ "fields": lists[i] }))
                .send()
        };
        let (a, b) = tokio::join!(put(0), put(1));
        assert_eq!(a.unwrap().status(), StatusCode::OK, "round {round}");
        assert_eq!(b.unwrap().status(), StatusCode::OK, "round {round}");
        let now = json_body(
            managers[0]
                .get(app.url("/api/v1/manage/program/shared-fields"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        let mut sorted: Vec<Vec<String>> = lists
            .iter()
            .map(|l| {
                let mut v: Vec<String> = serde_json::from_value(l.clone()).unwrap();
                v.sort();
                v
            })
            .collect();
        let got: Vec<String> = serde_json::from_value(now["fields"].clone()).unwrap();
        let mut got_sorted = got.clone();
        got_sorted.sort();
        sorted.retain(|l| *l == got_sorted);
        assert_eq!(
            sorted.len(),
            1,
            "round {round}: {got:?} is one request's list"
        );
    }
}

#[tokio::test]
async fn concurrent_extension_requests_leave_one_pending() {
    let app = spawn_app().await;
    let ben = client_for(&app, "ben@vertex.example").await;
    let (id,): (i64,) = sqlx::query_as(
        "SELECT id FROM registrations WHERE customer_domain = 'umbrella-health.co.uk'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let url = app.url(&format!("/api/v1/registrations/{id}/extension-request"));
    let requests = (0..10).map(|i| {
        ben.post(&url)
            .json(&json!({ "reason": format!("Procurement needs another month ({i}).") }))
            .send()
    });
    let answers = statuses_of_concurrent(requests).await;
    let accepted = answers
        .iter()
        .filter(|s| **s == StatusCode::ACCEPTED)
        .count();
    assert_eq!(accepted, 1, "{answers:?}");
    assert!(
        answers
            .iter()
            .all(|s| *s == StatusCode::ACCEPTED || *s == StatusCode::CONFLICT),
        "{answers:?}"
    );
    let (pending,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM extension_requests WHERE registration_id = $1 AND status = 'pending'",
    )
    .bind(id)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(pending, 1);
}

/// Awaits every request concurrently and returns their statuses.
async fn statuses_of_concurrent(
    requests: impl Iterator<
        Item = impl std::future::Future<Output = reqwest::Result<reqwest::Response>> + Send + 'static,
    >,
) -> Vec<StatusCode> {
    let mut set = Vec::new();
    // reqwest futures are Send: run them as tasks so they really overlap.
    let mut tasks = tokio::task::JoinSet::new();
    for (i, f) in requests.enumerate() {
        tasks.spawn(async move { (i, f.await.map(|r| r.status())) });
    }
    while let Some(done) = tasks.join_next().await {
        let (i, status) = done.unwrap();
        set.push((i, status.unwrap()));
    }
    set.sort_by_key(|(i, _)| *i);
    set.into_iter().map(|(_, s)| s).collect()
}

#[tokio::test]
async fn three_instances_starting_on_one_empty_database_seed_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = empty_database(&dir).await;
    let starts = (0..3).map(|_| {
        let url = url.clone();
        tokio::spawn(async move { api::db::connect_and_prepare(&url, true).await })
    });
    let mut pools = Vec::new();
    for s in starts {
        pools.push(s.await.unwrap().expect("every instance starts"));
    }
    // The reference: the same seed on a database only one instance started.
    let reference = spawn_app().await;
    for table in [
        "partners",
        "users",
        "programs",
        "assets",
        "registrations",
        "announcements",
    ] {
        let count = |db: api::db::Db| async move {
            let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&db)
                .await
                .unwrap();
            n
        };
        let once = count(reference.db.clone()).await;
        assert!(once > 0, "{table} is seeded");
        for pool in &pools {
            assert_eq!(count(pool.clone()).await, once, "{table} seeded once");
        }
    }
}

#[tokio::test]
async fn failed_sign_ins_are_counted_across_instances_and_before_the_password_is_checked() {
    let app = spawn_app().await;
    let (other, _server) = second_instance(&app, |_| {}).await;
    let urls = [
        app.url("/api/v1/session"),
        format!("http://{other}/api/v1/session"),
    ];
    let attempts = (0..50).map(|i| {
        cookie_client()
            .post(urls[i % 2].clone())
            .json(&json!({ "email": "ava@vertex.example", "password": "wrong-password" }))
            .send()
    });
    let answers = statuses_of_concurrent(attempts).await;
    let verified = answers
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let refused = answers
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(
        verified <= 5,
        "at most the account's limit is verified: {answers:?}"
    );
    assert_eq!(verified + refused, 50, "{answers:?}");
    // Both instances now refuse the right password too, until the window passes.
    for url in &urls {
        let res = cookie_client()
            .post(url)
            .json(&json!({ "email": "ava@vertex.example", "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "{url}");
        assert!(res.headers().contains_key("retry-after"));
    }
}

#[tokio::test]
async fn an_embedded_form_served_by_one_instance_is_accepted_by_another() {
    let app = spawn_app().await;
    let (other, _server) = second_instance(&app, |_| {}).await;
    let ava = client_for(&app, "ava@vertex.example").await;
    let site = "https://www.vertex-cloud.example";
    let res = ava
        .put(app.url("/api/v1/partner/embed/origins"))
        .json(&json!({ "origins": [site] }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let key = json_body(res).await["key"].as_str().unwrap().to_owned();
    // The form page from the first instance carries a token signed with the shared secret.
    let page = cookie_client()
        .get(app.url(&format!("/embed/v1/form?key={key}&origin={site}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = token_in(&page);
    // The visitor takes the minimum fill time, then the second instance receives the form.
    tokio::time::sleep(std::time::Duration::from_millis(3100)).await;
    let res = cookie_client()
        .post(format!("http://{other}/api/v1/embed/{key}/registrations"))
        .header("origin", site)
        .json(&json!({ "token": token, "website": "", "registration": registration("crossinstance") }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let (stored,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM registrations WHERE customer_domain = 'crossinstance.test'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(stored, 1);
}

/// Five wrong passwords from `ip` as the proxy forwards them; the sixth attempt's status.
async fn sixth_attempt_from(app: &TestApp, forwarded_for: &str) -> StatusCode {
    let attempt = || {
        cookie_client()
            .post(app.url("/api/v1/session"))
            .header("x-forwarded-for", forwarded_for)
            .json(&json!({ "email": format!("nobody{}@example.com", rand_suffix()), "password": "wrong" }))
            .send()
    };
    for _ in 0..5 {
        attempt().await.unwrap();
    }
    attempt().await.unwrap().status()
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::SeqCst)
}

#[tokio::test]
async fn behind_a_trusted_proxy_visitors_are_throttled_by_their_forwarded_address() {
    let app = spawn_app_with(|c| {
        c.trusted_proxies = api::forwarded::parse_list("127.0.0.1").unwrap();
        c.throttle.per_client = 5;
    })
    .await;
    assert_eq!(
        sixth_attempt_from(&app, "203.0.113.7").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Another visitor behind the same proxy is not locked out by the first.
    let other = cookie_client()
        .post(app.url("/api/v1/session"))
        .header("x-forwarded-for", "203.0.113.8")
        .json(&json!({ "email": "ava@vertex.example", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::OK);
    // A visitor cannot escape its limit by prepending addresses of its own choosing.
    assert_eq!(
        sixth_attempt_from(&app, "198.51.100.1, 203.0.113.7").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn forwarding_headers_from_an_untrusted_peer_are_ignored() {
    let app = spawn_app_with(|c| c.throttle.per_client = 5).await;
    // Each attempt claims another address; the socket's address is what counts.
    for i in 0..5 {
        cookie_client()
            .post(app.url("/api/v1/session"))
            .header("x-forwarded-for", format!("203.0.113.{i}"))
            .json(&json!({ "email": format!("nobody{i}@example.com"), "password": "wrong" }))
            .send()
            .await
            .unwrap();
    }
    let res = cookie_client()
        .post(app.url("/api/v1/session"))
        .header("x-forwarded-for", "203.0.113.99")
        .header("x-forwarded-proto", "https")
        .json(&json!({ "email": "ava@vertex.example", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(
        !res.headers().contains_key("strict-transport-security"),
        "an untrusted peer cannot claim https"
    );
}

#[tokio::test]
async fn health_says_up_and_readiness_says_the_database_is_migrated() {
    let app = spawn_app().await;
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), StatusCode::OK);
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(ready.text().await.unwrap(), "ready");
}

#[tokio::test]
async fn a_database_that_goes_away_gives_503_with_the_error_body() {
    let app = spawn_app().await;
    let ben = client_for(&app, "ben@vertex.example").await;
    // Closing the pool is what a lost database looks like to a handler: no connection to be had.
    app.db.close().await;
    let res = ben
        .get(app.url("/api/v1/registrations"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body = json_body(res).await;
    assert_eq!(body["error"], "unavailable");
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn a_wrong_database_url_fails_start_up_with_one_line_naming_it() {
    let e = api::db::connect("mysql://x@localhost/db")
        .await
        .unwrap_err();
    assert!(e.0.contains("sqlite:// or postgres://"), "{e}");
    let e = api::db::connect("postgres://portico:secret@127.0.0.1:1/nothing?connect_timeout=2")
        .await
        .unwrap_err();
    assert!(e.0.starts_with("cannot open the database"), "{e}");
    assert!(!e.0.contains("secret"), "the password stays out: {e}");
    assert!(!e.0.contains('\n'), "one line: {e}");
}

#[tokio::test]
async fn expiry_sweepers_of_several_instances_write_one_audit_event_per_expiry() {
    let app = spawn_app().await;
    let at = chrono::Utc::now().timestamp();
    // Every approved protection ends now; four instances' sweepers run at the same moment.
    sqlx::query("UPDATE registrations SET protection_end = $1 WHERE status = 'approved'")
        .bind(at - 1)
        .execute(&app.db)
        .await
        .unwrap();
    let (due,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM registrations WHERE status = 'approved'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert!(due >= 2, "the demo data has approved registrations");
    let expiries = || async {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'registration_expired'",
        )
        .fetch_one(&app.db)
        .await
        .unwrap();
        n
    };
    let before = expiries().await; // the demo data's expired registration has one already
    let mut pools = Vec::new();
    for _ in 0..4 {
        pools.push(api::db::connect(&app.database_url).await.expect("pool"));
    }
    let sweeps = pools.iter().map(|db| {
        let db = db.clone();
        tokio::spawn(async move { api::registrations::expire_due(&db, at).await })
    });
    let mut expired = 0;
    for sweep in sweeps.collect::<Vec<_>>() {
        expired += sweep.await.unwrap().expect("a sweep");
    }
    assert_eq!(
        expired as i64, due,
        "each expiry counted by exactly one sweeper"
    );
    assert_eq!(expiries().await - before, due, "one audit event per expiry");
}

/// A sign-in for `email` with `password`, as the trusted proxy forwards it for `address`.
fn sign_in_from(
    app: &TestApp,
    address: &str,
    email: &str,
    password: &str,
) -> impl std::future::Future<Output = reqwest::Result<reqwest::Response>> + Send + 'static {
    cookie_client()
        .post(app.url("/api/v1/session"))
        .header("x-forwarded-for", address)
        .json(&json!({ "email": email, "password": password }))
        .send()
}

#[tokio::test]
async fn someone_who_knows_an_address_cannot_lock_its_owner_out_from_elsewhere() {
    let app = spawn_app_with(|c| {
        c.trusted_proxies = api::forwarded::parse_list("127.0.0.1").unwrap();
        c.throttle.per_account_anywhere = 8;
    })
    .await;
    let ben = "ben@vertex.example";
    // Five guesses from the attacker's address close the account there …
    for _ in 0..5 {
        let res = sign_in_from(&app, "198.51.100.66", ben, "guess")
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = sign_in_from(&app, "198.51.100.66", ben, PASSWORD)
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // … and not where Ben signs in.
    let res = sign_in_from(&app, "203.0.113.20", ben, PASSWORD)
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // Guesses spread over many addresses still meet the looser account-wide limit (8 here; six
    // attempts count so far, the refused one included, Ben's own forgiven): two more fail,
    // then the account is closed everywhere for the window.
    for i in 0..2 {
        let res = sign_in_from(&app, &format!("198.51.100.{i}"), ben, "guess")
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "guess {i}");
    }
    let res = sign_in_from(&app, "198.51.100.99", ben, "guess")
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn password_hashing_is_bounded_and_a_sign_in_that_cannot_get_a_hasher_gets_503() {
    let app = spawn_app_with(|c| {
        c.throttle.hashers = 1;
        c.throttle.hash_wait = std::time::Duration::from_millis(1);
    })
    .await;
    // Twelve sign-ins at once, each for an unknown account (a full dummy hash each): one
    // hasher, a 1 ms wait, so most are turned away instead of piling up hashes in memory.
    let attempts = (0..12).map(|i| {
        cookie_client()
            .post(app.url("/api/v1/session"))
            .json(
                &json!({ "email": format!("burst{i}@example.com"), "password": "wrong-password" }),
            )
            .send()
    });
    let answers = statuses_of_concurrent(attempts).await;
    let busy = answers
        .iter()
        .filter(|s| **s == StatusCode::SERVICE_UNAVAILABLE)
        .count();
    assert!(busy >= 1, "{answers:?}");
    assert!(
        answers
            .iter()
            .all(|s| *s == StatusCode::SERVICE_UNAVAILABLE || *s == StatusCode::UNAUTHORIZED),
        "{answers:?}"
    );
    let res = cookie_client()
        .post(app.url("/api/v1/session"))
        .json(&json!({ "email": "ava@vertex.example", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "a free hasher signs the next one in"
    );
    // What a turned-away sign-in reads.
    let body = api::error::ApiError::Busy.body();
    assert_eq!(body.error.status(), 503);
    let text = english(&serde_json::to_value(&body.message).unwrap(), None);
    assert!(text.contains("try again"), "{text}");
}

/// Runs the `portico-api` binary on `url` with `env`, waits until `/readyz` answers 200
/// (at most 60 s), and stops it.
async fn run_binary_until_ready(url: &str, env: &[(&str, &str)]) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_portico-api"))
        .env("PORTICO_DATABASE_URL", url)
        .env("PORTICO_ADDR", format!("127.0.0.1:{port}"))
        .env_remove("PORTICO_SEED_DEMO")
        .envs(env.iter().copied())
        .kill_on_drop(true)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the API binary starts");
    let ready = format!("http://127.0.0.1:{port}/readyz");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        if let Ok(res) = reqwest::get(&ready).await
            && res.status() == StatusCode::OK
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the binary did not become ready"
        );
        assert!(child.try_wait().unwrap().is_none(), "the binary exited");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    child.kill().await.unwrap();
}

#[tokio::test]
async fn the_api_binary_seeds_no_demo_data_unless_asked() {
    let users = |url: String| async move {
        let db = api::db::connect(&url).await.unwrap();
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
            .fetch_one(&db)
            .await
            .unwrap();
        n
    };
    let dir = tempfile::tempdir().unwrap();
    let url = empty_database(&dir).await;
    run_binary_until_ready(&url, &[]).await;
    assert_eq!(users(url.clone()).await, 0, "no demo accounts by default");

    let other = tempfile::tempdir().unwrap();
    let url = empty_database(&other).await;
    run_binary_until_ready(&url, &[("PORTICO_SEED_DEMO", "1")]).await;
    assert!(users(url).await > 0, "demo data when asked");

    // A value that is neither: one line naming the variable, exit code 2.
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_portico-api"))
        .env("PORTICO_SEED_DEMO", "maybe")
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("PORTICO_SEED_DEMO 'maybe'"), "{stderr}");
}

/// `portico-api add-manager <email> <name>` on `url` with `password` on stdin.
async fn add_manager(url: &str, args: &[&str], password: &str) -> std::process::Output {
    use tokio::io::AsyncWriteExt;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_portico-api"))
        .arg("add-manager")
        .args(args)
        .env("PORTICO_DATABASE_URL", url)
        .env_remove("PORTICO_SEED_DEMO")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(format!("{password}\n").as_bytes())
        .await
        .unwrap();
    drop(stdin);
    tokio::time::timeout(std::time::Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("add-manager finishes")
        .unwrap()
}

#[tokio::test]
async fn a_deployment_without_demo_data_gets_its_first_manager_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = empty_database(&dir).await;
    let out = add_manager(
        &url,
        &["Lena@Vendor.example", "Lena Park"],
        "correct horse battery",
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The new manager signs in to a portal on that database and is a channel manager.
    let db = api::db::connect(&url).await.unwrap();
    let (addr, _server) = serve(
        db.clone(),
        api::config::Config {
            database_url: url.clone(),
            ..api::config::Config::default()
        },
    )
    .await;
    let client = cookie_client();
    let res = client
        .post(format!("http://{addr}/api/v1/session"))
        .json(&json!({ "email": "lena@vendor.example", "password": "correct horse battery" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json_body(res).await["user"]["role"], "channel_manager");
    let (created,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_events WHERE action = 'user_created'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(created, 1);

    // Bad input: one line that says what to fix, nothing created.
    for (args, password, says) in [
        (
            ["lena@vendor.example", "Lena Again"],
            "another long password",
            "already has an account",
        ),
        (
            ["not-an-address", "Someone"],
            "another long password",
            "e-mail:",
        ),
        (
            ["sam@vendor.example", " "],
            "another long password",
            "name:",
        ),
        (
            ["sam@vendor.example", "Sam"],
            "short",
            "at least 12 characters",
        ),
    ] {
        let out = add_manager(&url, &args, password).await;
        assert!(!out.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    }
    let (users,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(users, 1);
}
