//! `spawn_app()`: the real router on 127.0.0.1:0 over a fresh, migrated, seeded database.

use api::config::Config;
use api::{AppState, db};
use reqwest::{Client, Response};
use serde_json::{Value, json};
use sqlx::SqlitePool;
use std::net::SocketAddr;
use std::path::PathBuf;

pub const PASSWORD: &str = api::seed::DEMO_PASSWORD;

pub struct TestApp {
    pub addr: SocketAddr,
    pub db: SqlitePool,
    /// A client that keeps cookies, like a browser.
    pub client: Client,
    pub dir: tempfile::TempDir,
}

/// Starts the app with default configuration.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the app after `tweak` adjusts its configuration.
pub async fn spawn_app_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let pool = db::connect_and_prepare(&url, true).await.expect("database");
    let mut config = Config {
        database_url: url,
        dist_dir: dir.path().join("dist"),
        ..Config::default()
    };
    tweak(&mut config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().unwrap();
    let app = api::app(AppState::new(pool.clone(), config));
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    TestApp {
        addr,
        db: pool,
        client: cookie_client(),
        dir,
    }
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

/// The response body as JSON (panics with the text if it is not JSON).
pub async fn json_body(response: Response) -> Value {
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
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
