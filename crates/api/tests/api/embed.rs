//! The embedded registration form: the partner admin's settings, the loader's config look-up
//! (exact-match CORS), the framed form page, and submissions — accepted only from the partner's
//! websites, with the portal's rules, rate limits, a body cap, bot rules and no cookies.

use crate::helpers::*;
use api::embed::token;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

const SECRET: &[u8] = b"embed-test-secret-0123456789abcdef";
const SHOP: &str = "http://127.0.0.2:9000";
const BLOG: &str = "https://blog.vertex.example";

async fn spawn_embed_app(tweak: impl FnOnce(&mut api::config::Config)) -> TestApp {
    spawn_app_with(|c| {
        c.embed.secret = Some(SECRET.to_vec());
        tweak(c);
    })
    .await
}

/// Ava (Vertex's partner admin) lists the shop and the blog; returns the key.
async fn set_up_vertex(app: &TestApp) -> String {
    let ava = client_for(app, "ava@vertex.example").await;
    let res = ava
        .put(app.url("/api/v1/partner/embed/origins"))
        .json(&json!({ "origins": [SHOP, BLOG] }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    json_body(res).await["key"].as_str().unwrap().to_owned()
}

fn portal(app: &TestApp) -> String {
    format!("http://{}", app.addr)
}

/// A token for a form page served `age_ms` ago for `origin`.
fn token_for(key: &str, origin: &str, age_ms: i64) -> String {
    token::issue(
        SECRET,
        key,
        origin,
        chrono::Utc::now().timestamp_millis() - age_ms,
    )
}

fn submission(token: &str, slug: &str) -> Value {
    json!({ "token": token, "website": "", "registration": registration(slug) })
}

async fn send(
    app: &TestApp,
    client: &Client,
    key: &str,
    origin: Option<&str>,
    body: &Value,
) -> reqwest::Response {
    let mut req = client
        .post(app.url(&format!("/api/v1/embed/{key}/registrations")))
        .json(body);
    if let Some(o) = origin {
        req = req.header("origin", o);
    }
    req.send().await.unwrap()
}

async fn count(app: &TestApp, domain: &str) -> i64 {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM registrations WHERE customer_domain = $1")
            .bind(domain)
            .fetch_one(&app.db)
            .await
            .unwrap();
    n
}

#[tokio::test]
async fn a_partner_admin_gets_a_key_and_a_snippet_and_lists_exact_websites() {
    let app = spawn_embed_app(|_| {}).await;
    let ava = client_for(&app, "ava@vertex.example").await;
    let settings = json_body(
        ava.get(app.url("/api/v1/partner/embed"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let key = settings["key"].as_str().unwrap();
    assert!(domain::embed::is_key_syntax(key), "{key}");
    assert_eq!(settings["allowed_origins"], json!([]));
    assert_eq!(settings["portal_origin"], portal(&app));
    let snippet = settings["snippet"].as_str().unwrap();
    assert!(snippet.contains(&format!("{}/embed/v1/loader.js", portal(&app))));
    assert!(snippet.contains(key));
    // The same key on the next visit.
    let again = json_body(
        ava.get(app.url("/api/v1/partner/embed"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(again["key"], settings["key"]);

    let res = ava
        .put(app.url("/api/v1/partner/embed/origins"))
        .json(&json!({ "origins": ["HTTPS://Shop.Vertex.example/", "", "https://shop.vertex.example:443", "http://127.0.0.2:9000"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        json_body(res).await["allowed_origins"],
        json!(["https://shop.vertex.example", "http://127.0.0.2:9000"])
    );
    let res = ava
        .put(app.url("/api/v1/partner/embed/origins"))
        .json(&json!({ "origins": ["https://ok.example", "https://*.vertex.example"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let message = json_body(res).await["fields"]["origins"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.starts_with("Entry 2:") && message.contains("Wildcards"),
        "{message}"
    );

    for who in ["ben@vertex.example", "maya@portico.example"] {
        let c = client_for(&app, who).await;
        assert_eq!(
            c.get(app.url("/api/v1/partner/embed"))
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
}

#[tokio::test]
async fn the_loader_learns_whether_the_website_may_show_the_form() {
    let app = spawn_embed_app(|_| {}).await;
    let key = set_up_vertex(&app).await;
    let anonymous = cookie_client();
    let config = |origin: Option<&'static str>, key: String| {
        let mut req = anonymous.get(app.url(&format!("/api/v1/embed/{key}/config")));
        if let Some(o) = origin {
            req = req.header("origin", o);
        }
        req.send()
    };

    let ok = config(Some(SHOP), key.clone()).await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(ok.headers()["access-control-allow-origin"], SHOP);
    assert!(
        ok.headers()
            .get("access-control-allow-credentials")
            .is_none()
    );
    assert!(ok.headers().get("set-cookie").is_none());
    let body = json_body(ok).await;
    assert_eq!(body["partner"], "Vertex Cloud Solutions");
    assert_eq!(body["form_path"], "/embed/v1/form");

    // Another website: refused, but with a reason the loader can read (and nothing else).
    let other = config(Some("https://copycat.example"), key.clone())
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        other.headers()["access-control-allow-origin"],
        "https://copycat.example"
    );
    let raw = other.text().await.unwrap();
    assert!(!raw.contains("Vertex"), "{raw}");
    let text = english(
        &serde_json::from_str::<Value>(&raw).unwrap()["message"],
        None,
    );
    assert!(text.contains("not allowed"), "{text}");
    // The loader has no catalog: the refusal comes worded in the visitor's language.
    let refused: Value = serde_json::from_str(&raw).unwrap();
    assert!(
        refused["text"]
            .as_str()
            .unwrap()
            .starts_with("The deal registration form cannot be shown here."),
        "{refused}"
    );
    let german = anonymous
        .get(app.url(&format!("/api/v1/embed/{key}/config")))
        .header("origin", SHOP)
        .header("accept-language", "de-DE,de;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap();
    let body = raw_json_body(german).await;
    assert_eq!(
        body["title"],
        "Einen Deal bei Vertex Cloud Solutions registrieren"
    );
    assert_eq!(body["lang"], "de");
    let german_refusal = anonymous
        .get(app.url(&format!("/api/v1/embed/{key}/config?lang=de")))
        .header("origin", "https://copycat.example")
        .send()
        .await
        .unwrap();
    let body = raw_json_body(german_refusal).await;
    assert!(
        body["text"].as_str().unwrap().contains("nicht anzeigen"),
        "{body}"
    );
    // A near miss is another website: origins match exactly.
    for near in [
        "http://127.0.0.2:9001",
        "https://127.0.0.2:9000",
        "http://127.0.0.2:9000/",
    ] {
        let res = anonymous
            .get(app.url(&format!("/api/v1/embed/{key}/config")))
            .header("origin", near)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{near}");
    }
    assert_eq!(
        config(None, key.clone()).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        config(Some(SHOP), "pe_00000000000000000000000000000000".into())
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );

    // CORS preflight for the submission: the shop yes, anyone else no.
    let preflight = |origin: &'static str| {
        anonymous
            .request(
                reqwest::Method::OPTIONS,
                app.url(&format!("/api/v1/embed/{key}/registrations")),
            )
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let yes = preflight(SHOP).await.unwrap();
    assert_eq!(yes.status(), StatusCode::NO_CONTENT);
    assert_eq!(yes.headers()["access-control-allow-origin"], SHOP);
    assert!(
        yes.headers()["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("POST")
    );
    let no = preflight("https://copycat.example").await.unwrap();
    assert_eq!(no.status(), StatusCode::FORBIDDEN);
    assert!(no.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn the_form_page_may_be_framed_only_by_the_website_it_was_served_for() {
    let app = spawn_embed_app(|_| {}).await;
    let key = set_up_vertex(&app).await;
    let anonymous = cookie_client();
    let page = |query: String| {
        anonymous
            .get(app.url(&format!("/embed/v1/form?{query}")))
            .send()
    };

    let res = page(format!(
        "key={key}&origin={}&accent=%23FFDD00&radius=4px&font=Inter,serif&text=red%3B%7Dbody%7B",
        urlencode(SHOP)
    ))
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains(&format!("frame-ancestors {SHOP}")), "{csp}");
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(
        h.get("x-frame-options").is_none(),
        "X-Frame-Options would forbid every frame"
    );
    assert_eq!(h["cache-control"], "no-store");
    assert!(h.get("set-cookie").is_none());
    let html = res.text().await.unwrap();
    assert!(html.contains("data-tier=\"gold\""));
    assert!(html.contains("Register a deal with Vertex Cloud Solutions"));
    assert!(html.contains(&format!("data-host=\"{SHOP}\"")));
    // The overrides that passed their syntax, in a nonce'd style; the one that did not, nowhere.
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .unwrap();
    assert!(
        html.contains(&format!("<style nonce=\"{nonce}\">")),
        "{html}"
    );
    assert!(
        html.contains("--color-accent:#ffdd00;") && html.contains("--color-on-accent:#111111;")
    );
    assert!(html.contains("--font-body:\"Inter\", serif;"));
    assert!(!html.contains("body{") && !html.contains("--color-text:"));
    // The token in the page verifies for this key and this website.
    let token = token_in(&html);
    assert_eq!(token::verify(SECRET, &key, &token).unwrap().origin, SHOP);

    // A German visitor's browser gets the form in German, with German words for its script;
    // `lang` (the host page's choice) wins over the browser.
    let german = anonymous
        .get(app.url(&format!(
            "/embed/v1/form?key={key}&origin={}",
            urlencode(SHOP)
        )))
        .header("accept-language", "de-AT,de;q=0.9")
        .send()
        .await
        .unwrap();
    let html = german.text().await.unwrap();
    assert!(html.contains("<html lang=\"de\""), "{html}");
    assert!(html.contains("Einen Deal bei Vertex Cloud Solutions registrieren"));
    assert!(html.contains("form.needs_attention = Einige Felder"));
    let english = anonymous
        .get(app.url(&format!(
            "/embed/v1/form?key={key}&origin={}&lang=en",
            urlencode(SHOP)
        )))
        .header("accept-language", "de-AT,de;q=0.9")
        .send()
        .await
        .unwrap();
    let html = english.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\"") && html.contains(">Register the deal</button>"));

    // The portal's own preview: only for the partner's signed-in admins.
    let res = page(format!("key={key}&origin={}", urlencode(&portal(&app))))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let ava = client_for(&app, "ava@vertex.example").await;
    let res = ava
        .get(app.url(&format!(
            "/embed/v1/form?key={key}&origin={}",
            urlencode(&portal(&app))
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'self'")
    );

    for (query, status) in [
        (
            format!("key={key}&origin=https%3A%2F%2Fcopycat.example"),
            StatusCode::FORBIDDEN,
        ),
        (format!("key={key}"), StatusCode::FORBIDDEN),
        (
            format!(
                "key=pe_00000000000000000000000000000000&origin={}",
                urlencode(SHOP)
            ),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let res = page(query.clone()).await.unwrap();
        assert_eq!(res.status(), status, "{query}");
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains("frame-ancestors 'none'"), "{query}: {csp}");
        assert!(!res.text().await.unwrap().contains("data-token"), "{query}");
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_submission_from_an_allowed_website_lands_in_the_partners_pipeline_as_embed() {
    let app = spawn_embed_app(|_| {}).await;
    let key = set_up_vertex(&app).await;
    // A visitor who happens to be signed in to the portal as another partner: the cookie is
    // neither read nor changed.
    let cara = client_for(&app, "cara@bluepeak.example").await;
    let token = token_for(&key, SHOP, 5_000);
    let res = send(
        &app,
        &cara,
        &key,
        Some(SHOP),
        &submission(&token, "embedded"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    assert_eq!(res.headers()["access-control-allow-origin"], SHOP);
    assert!(res.headers().get("set-cookie").is_none());
    let receipt = json_body(res).await;
    let reference = receipt["reference"].as_str().unwrap().to_owned();
    assert!(
        reference.starts_with("EMB-") && reference.len() == 13,
        "{reference}"
    );
    assert!(
        receipt["message"]
            .as_str()
            .unwrap()
            .contains("reached Vertex Cloud Solutions")
    );
    let keys: Vec<&String> = receipt.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["message", "reference"],
        "a thank-you and a reference only"
    );

    let (partner, submitter, source, stored_ref): (String, String, String, String) =
        sqlx::query_as(
            "SELECT p.name, u.email, r.source, e.reference FROM registrations r
           JOIN partners p ON p.id = r.partner_id JOIN users u ON u.id = r.submitted_by
           JOIN embed_submissions e ON e.registration_id = r.id
          WHERE r.customer_domain = 'embedded.test'",
        )
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(
        (
            partner.as_str(),
            submitter.as_str(),
            source.as_str(),
            stored_ref.as_str()
        ),
        (
            "Vertex Cloud Solutions",
            "ava@vertex.example",
            "embed",
            reference.as_str()
        )
    );

    // Ava sees it, marked as coming from the website, in her deals and her pipeline.
    let ava = client_for(&app, "ava@vertex.example").await;
    let mine = json_body(
        ava.get(app.url("/api/v1/registrations"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let reg = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["customer_domain"] == "embedded.test")
        .expect("in Ava's registrations")
        .clone();
    assert_eq!(reg["source"], "embed");
    assert_eq!(reg["status"], "submitted");
    let pipeline = json_body(ava.get(app.url("/api/v1/pipeline")).send().await.unwrap()).await;
    let deal = pipeline["deals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["customer"] == "embedded Industries Inc")
        .expect("in Ava's pipeline")
        .clone();
    assert_eq!(deal["source"], "embed");
    let detail = json_body(
        ava.get(app.url(&format!("/api/v1/registrations/{}", reg["id"])))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let history = detail["history"][0]["detail"].as_str().unwrap();
    assert!(
        history.contains(SHOP) && history.contains(&reference),
        "{history}"
    );
    // Cara's partner got nothing.
    let theirs = json_body(
        cara.get(app.url("/api/v1/registrations"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(!theirs.to_string().contains("embedded.test"));

    // The same form sent again (a retry) is the same registration with the same reference.
    let again = send(
        &app,
        &cookie_client(),
        &key,
        Some(SHOP),
        &submission(&token, "embedded"),
    )
    .await;
    assert_eq!(again.status(), StatusCode::ACCEPTED);
    assert_eq!(json_body(again).await["reference"], reference.as_str());
    assert_eq!(count(&app, "embedded.test").await, 1);
    // …but with other details it is refused: one form load, one registration.
    let other = send(
        &app,
        &cookie_client(),
        &key,
        Some(SHOP),
        &submission(&token, "another"),
    )
    .await;
    assert_eq!(other.status(), StatusCode::CONFLICT);

    // The framed form on the portal itself (Origin: the portal) works too.
    let framed = send(
        &app,
        &cookie_client(),
        &key,
        Some(&portal(&app)),
        &submission(&token_for(&key, BLOG, 5_000), "framed"),
    )
    .await;
    assert_eq!(framed.status(), StatusCode::ACCEPTED);
    assert!(
        framed
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
}

#[tokio::test]
async fn the_answer_says_nothing_about_other_registrations_but_the_conflict_is_recorded() {
    let app = spawn_embed_app(|_| {}).await;
    // Dan's company (Ironclad) embeds the form; Globex is protected by Vertex.
    let dan = client_for(&app, "dan@ironclad.example").await;
    let settings = json_body(
        dan.put(app.url("/api/v1/partner/embed/origins"))
            .json(&json!({ "origins": [SHOP] }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let key = settings["key"].as_str().unwrap().to_owned();
    let mut body = submission(&token_for(&key, SHOP, 5_000), "globex");
    body["registration"]["customer_domain"] = json!("https://www.globex.com");
    body["registration"]["customer_legal_name"] = json!("Globex Corporation");
    let res = send(&app, &cookie_client(), &key, Some(SHOP), &body).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let text = res.text().await.unwrap();
    for word in ["Vertex", "protect", "conflict", "R-0", "Globex"] {
        assert!(!text.contains(word), "the answer mentions {word}: {text}");
    }
    let (conflict, source): (String, String) = sqlx::query_as(
        "SELECT r.conflict_status, r.source FROM registrations r JOIN partners p ON p.id = r.partner_id
          WHERE p.name = 'Ironclad Security' AND r.source = 'embed'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!((conflict.as_str(), source.as_str()), ("active", "embed"));
}

#[tokio::test]
async fn bots_get_the_same_thank_you_and_nothing_is_stored() {
    let app = spawn_embed_app(|_| {}).await;
    let key = set_up_vertex(&app).await;
    let mut honeypot = submission(&token_for(&key, SHOP, 5_000), "honeypot");
    honeypot["website"] = json!("http://spam.example");
    let res = send(&app, &cookie_client(), &key, Some(SHOP), &honeypot).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let receipt = json_body(res).await;
    assert!(receipt["reference"].as_str().unwrap().starts_with("EMB-"));
    assert!(
        receipt["message"]
            .as_str()
            .unwrap()
            .starts_with("Your registration has reached Vertex Cloud Solutions")
    );
    assert_eq!(count(&app, "honeypot.test").await, 0);

    // Sent half a second after the page was served: no person fills a form that fast.
    let fast = submission(&token_for(&key, SHOP, 500), "toofast");
    let res = send(&app, &cookie_client(), &key, Some(SHOP), &fast).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    assert_eq!(count(&app, "toofast.test").await, 0);
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM embed_submissions")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn wrong_websites_and_forged_or_stale_tokens_are_refused() {
    let app = spawn_embed_app(|_| {}).await;
    let key = set_up_vertex(&app).await;
    let c = cookie_client();
    let good = || submission(&token_for(&key, SHOP, 5_000), "refused");

    let res = send(&app, &c, &key, Some("https://copycat.example"), &good()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.headers().get("access-control-allow-origin").is_none());
    // Refusals that come before the website check are not readable by that website either,
    // while the listed website reads its own (it shows the form's field errors from them).
    let malformed = json!({ "token": 5 });
    for unknown_key in [false, true] {
        let k = if unknown_key {
            "ek_unknown"
        } else {
            key.as_str()
        };
        let copycat = send(&app, &c, k, Some("https://copycat.example"), &malformed).await;
        assert!(copycat.status().is_client_error());
        assert!(
            copycat
                .headers()
                .get("access-control-allow-origin")
                .is_none(),
            "a website that is not listed read a {}",
            copycat.status()
        );
    }
    let own = send(&app, &c, &key, Some(SHOP), &malformed).await;
    assert!(own.status().is_client_error());
    assert_eq!(own.headers()["access-control-allow-origin"], SHOP);
    assert_eq!(
        send(&app, &c, &key, None, &good()).await.status(),
        StatusCode::FORBIDDEN
    );

    // A form served for the shop cannot be sent from the blog, though both are allowed.
    assert_eq!(
        send(&app, &c, &key, Some(BLOG), &good()).await.status(),
        StatusCode::FORBIDDEN
    );
    // A token for a website that is not (or no longer) on the list.
    let stray = submission(
        &token_for(&key, "https://copycat.example", 5_000),
        "refused",
    );
    assert_eq!(
        send(&app, &c, &key, Some(&portal(&app)), &stray)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    for (token, what) in [
        (
            token::issue(b"another server's secret 0123456789", &key, SHOP, 0),
            "forged",
        ),
        (
            token_for("pe_11111111111111111111111111111111", SHOP, 5_000),
            "another key's",
        ),
        (token_for(&key, SHOP, 2 * 24 * 3600 * 1000), "two days old"),
        (token_for(&key, SHOP, -60_000), "from the future"),
        ("".to_owned(), "missing"),
    ] {
        let res = send(&app, &c, &key, Some(SHOP), &submission(&token, "refused")).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{what} token");
        assert!(
            json_body(res).await["message"]
                .as_str()
                .unwrap()
                .contains("Reload"),
            "{what}"
        );
    }
    assert_eq!(count(&app, "refused.test").await, 0);

    // Removing a website stops its open forms at once.
    let ava = client_for(&app, "ava@vertex.example").await;
    ava.put(app.url("/api/v1/partner/embed/origins"))
        .json(&json!({ "origins": [BLOG] }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        send(&app, &c, &key, Some(SHOP), &good()).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_rotated_key_stops_working_at_once() {
    let app = spawn_embed_app(|_| {}).await;
    let old = set_up_vertex(&app).await;
    let open_form = submission(&token_for(&old, SHOP, 5_000), "rotated");
    let ava = client_for(&app, "ava@vertex.example").await;
    let res = ava
        .post(app.url("/api/v1/partner/embed/key"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let settings = json_body(res).await;
    let new = settings["key"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    assert!(settings["snippet"].as_str().unwrap().contains(&new));
    assert_eq!(
        settings["allowed_origins"],
        json!([SHOP, BLOG]),
        "the websites stay"
    );

    let c = cookie_client();
    assert_eq!(
        send(&app, &c, &old, Some(SHOP), &open_form).await.status(),
        StatusCode::NOT_FOUND
    );
    let config = c
        .get(app.url(&format!("/api/v1/embed/{old}/config")))
        .header("origin", SHOP)
        .send()
        .await
        .unwrap();
    assert_eq!(config.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        config.headers()["access-control-allow-origin"],
        SHOP,
        "the loader reads why"
    );
    let page = c
        .get(app.url(&format!(
            "/embed/v1/form?key={old}&origin={}",
            urlencode(SHOP)
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    // An open form's token was bound to the old key: it does not carry over.
    let moved = submission(&token_for(&old, SHOP, 5_000), "rotated");
    assert_eq!(
        send(&app, &c, &new, Some(SHOP), &moved).await.status(),
        StatusCode::BAD_REQUEST
    );
    let fresh = submission(&token_for(&new, SHOP, 5_000), "rotated");
    assert_eq!(
        send(&app, &c, &new, Some(SHOP), &fresh).await.status(),
        StatusCode::ACCEPTED
    );
    assert_eq!(count(&app, "rotated.test").await, 1);
}

#[tokio::test]
async fn too_many_submissions_from_one_address_get_429_with_retry_after() {
    let app = spawn_embed_app(|c| {
        c.embed.per_client = 3;
        c.embed.per_key = 100;
    })
    .await;
    let key = set_up_vertex(&app).await;
    let c = cookie_client();
    for i in 0..3 {
        let body = submission(&token_for(&key, SHOP, 5_000), &format!("limit{i}"));
        assert_eq!(
            send(&app, &c, &key, Some(SHOP), &body).await.status(),
            StatusCode::ACCEPTED,
            "{i}"
        );
    }
    let body = submission(&token_for(&key, SHOP, 5_000), "limit3");
    let res = send(&app, &c, &key, Some(SHOP), &body).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    // Submissions count for this window and the next (a limit covers two windows).
    assert!((1..=2 * 600).contains(&wait), "{wait}");
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        SHOP,
        "the form can read it"
    );
    assert_eq!(json_body(res).await["error"], "rate_limited");
    assert_eq!(count(&app, "limit3.test").await, 0);
}

#[tokio::test]
async fn too_many_submissions_for_one_key_get_429_while_other_partners_go_on() {
    let app = spawn_embed_app(|c| {
        c.embed.per_client = 100;
        c.embed.per_key = 2;
    })
    .await;
    let key = set_up_vertex(&app).await;
    let c = cookie_client();
    // Junk — no token, a forged one, a website not listed — costs the partner's quota nothing.
    for (junk, origin) in [
        (submission("", "junk0"), SHOP),
        (submission("forged.token", "junk1"), SHOP),
        (
            submission(&token_for(&key, SHOP, 5_000), "junk2"),
            "https://copycat.example",
        ),
    ] {
        let res = send(&app, &c, &key, Some(origin), &junk).await;
        assert!(res.status().is_client_error(), "{}", res.status());
        assert_ne!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    }
    for i in 0..2 {
        let body = submission(&token_for(&key, SHOP, 5_000), &format!("keylimit{i}"));
        assert_eq!(
            send(&app, &c, &key, Some(SHOP), &body).await.status(),
            StatusCode::ACCEPTED
        );
    }
    let body = submission(&token_for(&key, SHOP, 5_000), "keylimit2");
    let res = send(&app, &c, &key, Some(SHOP), &body).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));

    let cara = client_for(&app, "cara@bluepeak.example").await;
    let other = json_body(
        cara.put(app.url("/api/v1/partner/embed/origins"))
            .json(&json!({ "origins": [SHOP] }))
            .send()
            .await
            .unwrap(),
    )
    .await["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = submission(&token_for(&other, SHOP, 5_000), "otherkey");
    assert_eq!(
        send(&app, &c, &other, Some(SHOP), &body).await.status(),
        StatusCode::ACCEPTED
    );
}

#[tokio::test]
async fn oversized_bodies_are_413_and_bad_input_gets_the_portals_answers() {
    let app = spawn_embed_app(|_| {}).await;
    let key = set_up_vertex(&app).await;
    let c = cookie_client();
    let token = token_for(&key, SHOP, 5_000);

    let mut big = submission(&token, "big");
    big["registration"]["notes"] = json!("x".repeat(17 * 1024));
    let res = send(&app, &c, &key, Some(SHOP), &big).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body = json_body(res).await;
    assert_eq!(body["error"], "payload_too_large");
    assert!(
        body["message"].as_str().unwrap().contains("16384"),
        "{body}"
    );

    let raw = |content_type: &'static str, body: &'static str| {
        c.post(app.url(&format!("/api/v1/embed/{key}/registrations")))
            .header("origin", SHOP)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    assert_eq!(
        raw("application/json", "{not json").await.unwrap().status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        raw("text/plain", "{}").await.unwrap().status(),
        StatusCode::BAD_REQUEST
    );
    let res = raw("application/json", "{\"token\": 1}").await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json_body(res).await["fields"]["token"].is_string());
    let mut extra = submission(&token, "extra");
    extra["partner_id"] = json!(2);
    assert_eq!(
        send(&app, &c, &key, Some(SHOP), &extra).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // The portal's validation, word for word.
    let mut invalid = submission(&token, "invalid");
    invalid["registration"]["customer_domain"] = json!("not a domain");
    invalid["registration"]["expected_close"] = json!("2001-01-01");
    invalid["registration"]["category"] = json!("strategic_account");
    let res = send(&app, &c, &key, Some(SHOP), &invalid).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields = json_body(res).await["fields"].clone();
    let portal_rules = domain::registration::RegistrationInput {
        customer_domain: "not a domain".into(),
        ..Default::default()
    }
    .field_error(
        "customer_domain",
        &domain::registration::Context {
            today: domain::date::Date::from_unix(0),
            categories: &[],
        },
    )
    .unwrap();
    assert_eq!(
        fields["customer_domain"],
        english(
            &serde_json::to_value(&portal_rules).unwrap(),
            Some("customer_domain")
        )
    );
    assert!(fields["expected_close"].is_string());
    assert!(
        fields.get("category").is_none(),
        "Vertex is Gold: strategic accounts are theirs"
    );
    assert_eq!(count(&app, "invalid.test").await, 0);

    // Unknown keys, whatever their shape.
    for bad in ["pe_00000000000000000000000000000000", "nope", "pe_%2e%2e"] {
        let res = send(&app, &c, bad, Some(SHOP), &submission(&token, "nokey")).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{bad}");
    }
}

/// The preview token a page served for the portal itself carries, fetched by `client`.
async fn preview_page(app: &TestApp, client: &reqwest::Client, key: &str) -> reqwest::Response {
    client
        .get(app.url(&format!(
            "/embed/v1/form?key={key}&origin={}",
            urlencode(&portal(app))
        )))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_preview_is_no_public_form_for_every_key() {
    // As found: with only the key, anyone without a session asked for the portal's preview,
    // got a working token and stored a registration with the portal's Origin — even for a
    // partner that allows no website at all.
    let app = spawn_embed_app(|_| {}).await;
    let ava = client_for(&app, "ava@vertex.example").await;
    let res = ava
        .put(app.url("/api/v1/partner/embed/origins"))
        .json(&json!({ "origins": [] }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let key = json_body(res).await["key"].as_str().unwrap().to_owned();

    for stranger in [
        cookie_client(),
        client_for(&app, "ben@vertex.example").await, // the partner's user, not its admin
        client_for(&app, "cara@bluepeak.example").await, // another partner's admin
        client_for(&app, "maya@portico.example").await, // a channel manager
    ] {
        let res = preview_page(&app, &stranger, &key).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let html = res.text().await.unwrap();
        assert!(
            !html.contains("data-token"),
            "no token without the right session"
        );
        assert!(html.contains("Preview for partner admins"));
    }

    // The partner's admin previews it; what the preview sends is checked and never stored.
    let res = preview_page(&app, &ava, &key).await;
    assert_eq!(res.status(), StatusCode::OK);
    let token = token_in(&res.text().await.unwrap());
    tokio::time::sleep(std::time::Duration::from_millis(3100)).await;
    let sent = send(
        &app,
        &cookie_client(),
        &key,
        Some(&portal(&app)),
        &submission(&token, "previewed"),
    )
    .await;
    assert_eq!(sent.status(), StatusCode::ACCEPTED);
    let receipt = json_body(sent).await;
    assert_eq!(receipt["reference"], "PREVIEW");
    assert!(
        receipt["message"]
            .as_str()
            .unwrap()
            .contains("nothing was stored")
    );
    assert_eq!(
        count(&app, "previewed.test").await,
        0,
        "a preview stores nothing"
    );

    // The portal's rules still answer a preview.
    let mut bad = submission(&token, "previewed");
    bad["registration"]["customer_domain"] = json!("not a domain");
    let res = send(&app, &cookie_client(), &key, Some(&portal(&app)), &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // With no allowed website, no submission is stored from anywhere.
    let site_token = token_for(&key, SHOP, 5_000);
    let res = send(
        &app,
        &cookie_client(),
        &key,
        Some(SHOP),
        &submission(&site_token, "nowebsite"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(count(&app, "nowebsite.test").await, 0);
}

#[tokio::test]
async fn removing_a_website_stops_its_open_forms_at_once() {
    let app = spawn_embed_app(|_| {}).await;
    let key = set_up_vertex(&app).await;
    let open_form = token_for(&key, SHOP, 5_000);
    let ava = client_for(&app, "ava@vertex.example").await;
    let res = ava
        .put(app.url("/api/v1/partner/embed/origins"))
        .json(&json!({ "origins": [BLOG] }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = send(
        &app,
        &cookie_client(),
        &key,
        Some(SHOP),
        &submission(&open_form, "removedsite"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Nor can the removed website's form be sent with the portal's Origin instead.
    let res = send(
        &app,
        &cookie_client(),
        &key,
        Some(&portal(&app)),
        &submission(&open_form, "removedsite"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(count(&app, "removedsite.test").await, 0);
}
