//! `spawn_app()`: the real router on 127.0.0.1:0 over a fresh, migrated, seeded database.
//!
//! The engine: SQLite (a file in a temporary folder) unless `PORTICO_TEST_POSTGRES` names a
//! PostgreSQL server (`cargo xtask test` starts a throwaway cluster and runs this suite once per
//! engine). On PostgreSQL the first test migrates and seeds a template database; every test then
//! gets its own copy (`CREATE DATABASE … TEMPLATE …`), which takes milliseconds.

use api::config::Config;
use api::db::Db;
use api::{AppState, db};
use reqwest::{Client, Response};
use serde_json::{Value, json};
use sqlx::Executor;
use std::net::SocketAddr;
use std::path::PathBuf;

pub const PASSWORD: &str = api::seed::DEMO_PASSWORD;

pub struct TestApp {
    pub addr: SocketAddr,
    pub db: Db,
    /// The database URL the app runs on (a second instance can be started on it).
    pub database_url: String,
    /// A client that keeps cookies, like a browser.
    pub client: Client,
    pub dir: tempfile::TempDir,
    /// Stops the server (and so releases its database connections) when the test drops it.
    #[allow(dead_code)]
    pub server: Server,
}

/// A served app; dropping it stops the server task.
pub struct Server(tokio::task::JoinHandle<()>);

impl Drop for Server {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Starts the app with default configuration.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the app after `tweak` adjusts its configuration.
pub async fn spawn_app_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = fresh_database(&dir).await;
    let pool = db::connect_and_prepare(&url, true).await.expect("database");
    let mut config = Config {
        database_url: url.clone(),
        dist_dir: dir.path().join("dist"),
        ..Config::default()
    };
    tweak(&mut config);
    let (addr, server) = serve(pool.clone(), config).await;
    TestApp {
        addr,
        server,
        db: pool,
        database_url: url,
        client: cookie_client(),
        dir,
    }
}

/// Serves the app over `pool` on a fresh loopback port.
pub async fn serve(pool: Db, config: Config) -> (SocketAddr, Server) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().unwrap();
    let limits = config.connections.clone();
    let state = AppState::new(pool, config).await.expect("app state");
    let app = api::app(state);
    let task = tokio::spawn(async move {
        api::server::serve_on(listener, app, &limits, std::future::pending())
            .await
            .unwrap();
    });
    (addr, Server(task))
}

/// Which engine this run tests.
pub fn on_postgres() -> bool {
    postgres_server().is_some()
}

fn postgres_server() -> Option<String> {
    std::env::var("PORTICO_TEST_POSTGRES")
        .ok()
        .filter(|v| !v.is_empty())
}

/// The URL of an empty database of this run's engine (nothing migrated or seeded yet on
/// SQLite; a copy of the migrated, seeded template on PostgreSQL).
pub async fn fresh_database(dir: &tempfile::TempDir) -> String {
    let Some(server) = postgres_server() else {
        return format!("sqlite://{}", dir.path().join("test.db").display());
    };
    static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let template = TEMPLATE
        .get_or_init(|| async {
            let name = format!("portico_template_{}", std::process::id());
            admin(&server, &format!("CREATE DATABASE {name}")).await;
            let pool = db::connect_and_prepare(&database_url(&server, &name), true)
                .await
                .expect("template database");
            pool.close().await;
            name
        })
        .await;
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let name = format!("portico_test_{}_{n}", std::process::id());
    admin(
        &server,
        &format!("CREATE DATABASE {name} TEMPLATE {template}"),
    )
    .await;
    database_url(&server, &name)
}

/// The URL of a database with nothing in it: no tables, no data (a fresh SQLite file, or a new
/// PostgreSQL database).
pub async fn empty_database(dir: &tempfile::TempDir) -> String {
    let Some(server) = postgres_server() else {
        return format!("sqlite://{}", dir.path().join("empty.db").display());
    };
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let name = format!("portico_empty_{}_{n}", std::process::id());
    admin(&server, &format!("CREATE DATABASE {name}")).await;
    database_url(&server, &name)
}

/// `server` (a URL of the server's `postgres` database) pointed at database `name`.
fn database_url(server: &str, name: &str) -> String {
    let (base, query) = server.split_once('?').unwrap_or((server, ""));
    let base = base.rsplit_once('/').map(|(b, _)| b).unwrap_or(base);
    format!("{base}/{name}?{query}")
}

/// Runs `sql` on the server's maintenance database. Copies from one template can collide
/// ("source database is being accessed"), so that is retried a few times.
async fn admin(server: &str, sql: &str) {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(server)
        .await
        .expect("PostgreSQL server (PORTICO_TEST_POSTGRES)");
    for attempt in 0.. {
        match conn.execute(sql).await {
            Ok(_) => break,
            Err(e) if attempt < 50 && e.to_string().contains("being accessed by other users") => {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(e) => panic!("{sql}: {e}"),
        }
    }
    let _ = conn.close().await;
}

pub fn cookie_client() -> Client {
    Client::builder().cookie_store(true).build().unwrap()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn dist(&self) -> PathBuf {
        self.dir.path().join("dist")
    }

    /// POST /api/v1/session with this app's cookie-keeping client.
    pub async fn sign_in(&self, email: &str, password: &str) -> Response {
        self.client
            .post(self.url("/api/v1/session"))
            .json(&json!({ "email": email, "password": password }))
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }
}

/// The response body as JSON (panics with the text if it is not JSON), with its message codes
/// drawn in English as the portal draws them: an error's `message` and `fields`, a receipt's
/// `message`, a history entry's `action`. `raw_json_body` keeps the codes.
pub async fn json_body(response: Response) -> Value {
    let mut value = raw_json_body(response).await;
    in_english(&mut value);
    value
}

/// The response body as JSON, exactly as sent.
pub async fn raw_json_body(response: Response) -> Value {
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

thread_local! {
    static ENGLISH: catalog::Catalog<'static> = catalog::Catalog::parse(catalog::EN).unwrap();
}

/// `message` (a [`Message`] object) as English text, with `field`'s own wording if it has one.
pub fn english(message: &Value, field: Option<&str>) -> String {
    let m: domain::message::Message = serde_json::from_value(message.clone())
        .unwrap_or_else(|e| panic!("not a message code ({e}): {message}"));
    ENGLISH
        .with(|c| match field {
            Some(f) => m.render_field(c, f),
            None => m.render(c),
        })
        .unwrap_or_else(|| panic!("no English for {message}"))
}

fn in_english(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("message").is_some_and(|m| m.get("id").is_some()) {
                let text = english(&map["message"], None);
                map.insert("message".into(), Value::String(text));
            }
            if let Some(Value::Object(fields)) = map.get_mut("fields") {
                for (name, m) in fields.iter_mut() {
                    if m.get("id").is_some() {
                        *m = Value::String(english(m, Some(name)));
                    }
                }
            }
            if let Some(Value::String(action)) = map.get_mut("action")
                && action.starts_with("audit.")
            {
                let text = ENGLISH.with(|c| c.get(action).map(str::to_owned));
                if let Some(text) = text {
                    *action = text;
                }
            }
            for v in map.values_mut() {
                in_english(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(in_english),
        _ => {}
    }
}

/// The `portico_session=<token>` pair from a sign-in response.
pub fn session_cookie(response: &Response) -> String {
    set_cookie(response).split(';').next().unwrap().to_owned()
}

pub fn set_cookie(response: &Response) -> String {
    response
        .headers()
        .get("set-cookie")
        .expect("a Set-Cookie header")
        .to_str()
        .unwrap()
        .to_owned()
}

/// A fresh cookie-keeping client signed in as `email`.
pub async fn client_for(app: &TestApp, email: &str) -> Client {
    let client = cookie_client();
    let res = client
        .post(app.url("/api/v1/session"))
        .json(&json!({ "email": email, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::OK, "sign-in as {email}");
    client
}

/// A complete, valid registration form for a new customer `slug`.
pub fn registration(slug: &str) -> Value {
    json!({
        "motion": "reseller",
        "category": "standard",
        "customer_legal_name": format!("{slug} Industries Inc"),
        "customer_domain": format!("https://www.{slug}.test/"),
        "customer_country": "US",
        "contact_name": "Casey Jones",
        "contact_email": format!("casey@{slug}.test"),
        "contact_role": "CTO",
        "products": ["Portico Analytics"],
        "estimated_value": "125000",
        "currency": "USD",
        "expected_close": (chrono::Utc::now().date_naive() + chrono::Days::new(60)).format("%Y-%m-%d").to_string(),
        "attribution": "sourced",
        "attribution_percent": "100",
        "incumbent": false,
        "notes": "Met at the partner summit."
    })
}

/// A valid asset form for channel managers' publishing endpoints.
pub fn asset_input(title: &str) -> Value {
    serde_json::json!({
        "title": title,
        "summary": "A short play for testing the library endpoints.",
        "body": "First paragraph.\n\nSecond paragraph.",
        "kind": "play",
        "motions": ["reseller"],
        "industries": ["retail"],
        "use_cases": [],
        "min_tier": "gold",
        "link": "https://content.portico.example/library/test"
    })
}

/// The id of the earliest submitted registration for `customer_domain` (ids are random, so
/// "first" means submitted first: for globex.com that is Vertex's, not Ironclad's later claim).
pub async fn id_of(app: &TestApp, customer_domain: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as(
        "SELECT id FROM registrations WHERE customer_domain = $1 ORDER BY submitted_at, id LIMIT 1",
    )
    .bind(customer_domain)
    .fetch_one(&app.db)
    .await
    .unwrap();
    id
}

/// The form token an embedded form page carries (`data-token="…"`).
pub fn token_in(html: &str) -> String {
    html.split("data-token=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the form page carries a token")
        .to_owned()
}
