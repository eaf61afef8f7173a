//! Security headers on every kind of response — JSON answers and JSON errors, the SPA's files,
//! `index.html` for deep links, 204s and 304s — and the session cookie's flags.

use crate::helpers::*;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::collections::HashMap;

/// The protections every response must carry, whatever produced it.
fn assert_protected(what: &str, h: &HeaderMap) {
    let csp = h
        .get("content-security-policy")
        .unwrap_or_else(|| panic!("{what}: no Content-Security-Policy"))
        .to_str()
        .unwrap();
    let directives: HashMap<&str, Vec<&str>> = csp
        .split(';')
        .filter_map(|d| {
            let mut tokens = d.split_whitespace();
            Some((tokens.next()?, tokens.collect()))
        })
        .collect();
    // No inline script, no eval: wasm needs only 'wasm-unsafe-eval'.
    let script = directives
        .get("script-src")
        .unwrap_or_else(|| panic!("{what}: the CSP has no script-src: {csp}"));
    for token in script {
        assert!(
            ["'self'", "'wasm-unsafe-eval'"].contains(token),
            "{what}: script-src allows {token}: {csp}"
        );
    }
    for (directive, value) in [
        ("default-src", "'self'"),
        ("object-src", "'none'"),
        ("base-uri", "'none'"),
        ("frame-ancestors", "'none'"),
    ] {
        assert_eq!(
            directives.get(directive).map(Vec::as_slice),
            Some(&[value][..]),
            "{what}: {directive} in {csp}"
        );
    }
    let style = &directives["style-src"];
    assert!(!style.contains(&"'unsafe-inline'"), "{what}: {csp}");

    let header = |name: &str| {
        h.get(name)
            .unwrap_or_else(|| panic!("{what}: no {name}"))
            .to_str()
            .unwrap()
    };
    assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header("x-frame-options"), "DENY", "{what}");
    assert!(
        [
            "no-referrer",
            "same-origin",
            "strict-origin",
            "strict-origin-when-cross-origin"
        ]
        .contains(&header("referrer-policy")),
        "{what}: Referrer-Policy {}",
        header("referrer-policy")
    );
    assert!(h.contains_key("x-request-id"), "{what}: no x-request-id");
}

/// API answers also say they are JSON and must not be cached (they are per user).
fn assert_api(what: &str, h: &HeaderMap) {
    assert_protected(what, h);
    assert_eq!(h["cache-control"], "no-store", "{what}");
}

fn assert_json(what: &str, h: &HeaderMap) {
    assert_api(what, h);
    assert!(
        h["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "{what}: {:?}",
        h["content-type"]
    );
}

/// A fake SPA build: index.html, a hashed script with its brotli variant, and a chunk of the
/// code-split app in its hashed package folder.
fn write_dist(app: &TestApp) {
    let dist = app.dist();
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>Portico SPA</title>",
    )
    .unwrap();
    std::fs::write(dist.join("portico-0123456789abcdef.js"), "export {}").unwrap();
    std::fs::write(
        dist.join("portico-0123456789abcdef.js.br"),
        b"\x0b\x04\x80export {}\x03",
    )
    .unwrap();
    let pkg = dist.join("pkg-0123456789abcdef");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("chunk_1.wasm"), b"\0asm\x01\0\0\0").unwrap();
}

#[tokio::test]
async fn json_answers_and_every_kind_of_json_error_carry_the_security_headers() {
    let app = spawn_app().await;
    let anonymous = cookie_client();
    let ava = client_for(&app, "ava@vertex.example").await;
    let cases: Vec<(&str, StatusCode, reqwest::Response)> = vec![
        (
            "200 me",
            StatusCode::OK,
            ava.get(app.url("/api/v1/me")).send().await.unwrap(),
        ),
        (
            "200 openapi.json",
            StatusCode::OK,
            anonymous
                .get(app.url("/api/v1/openapi.json"))
                .send()
                .await
                .unwrap(),
        ),
        (
            "201 registration",
            StatusCode::CREATED,
            ava.post(app.url("/api/v1/registrations"))
                .json(&registration("headers-created"))
                .send()
                .await
                .unwrap(),
        ),
        (
            "400 malformed JSON",
            StatusCode::BAD_REQUEST,
            ava.post(app.url("/api/v1/registrations/check"))
                .header("content-type", "application/json")
                .body("{\"customer_domain\": ")
                .send()
                .await
                .unwrap(),
        ),
        (
            "401 no session",
            StatusCode::UNAUTHORIZED,
            anonymous.get(app.url("/api/v1/me")).send().await.unwrap(),
        ),
        (
            "403 cross-site write",
            StatusCode::FORBIDDEN,
            ava.post(app.url("/api/v1/registrations/check"))
                .header("sec-fetch-site", "cross-site")
                .json(&json!({}))
                .send()
                .await
                .unwrap(),
        ),
        (
            "404 unknown API path",
            StatusCode::NOT_FOUND,
            ava.get(app.url("/api/v1/nope")).send().await.unwrap(),
        ),
        (
            "404 registration",
            StatusCode::NOT_FOUND,
            ava.get(app.url("/api/v1/registrations/987654"))
                .send()
                .await
                .unwrap(),
        ),
        (
            "405 wrong method",
            StatusCode::METHOD_NOT_ALLOWED,
            ava.put(app.url("/api/v1/me")).send().await.unwrap(),
        ),
        (
            "413 oversized body",
            StatusCode::PAYLOAD_TOO_LARGE,
            ava.post(app.url("/api/v1/registrations/check"))
                .json(&json!({ "customer_legal_name": "x".repeat(100_000) }))
                .send()
                .await
                .unwrap(),
        ),
        (
            "422 invalid fields",
            StatusCode::UNPROCESSABLE_ENTITY,
            anonymous
                .post(app.url("/api/v1/session"))
                .json(&json!({ "email": "not-an-email", "password": "" }))
                .send()
                .await
                .unwrap(),
        ),
    ];
    for (what, status, res) in cases {
        assert_eq!(res.status(), status, "{what}");
        assert_json(what, res.headers());
    }
}

#[tokio::test]
async fn bodiless_api_answers_carry_the_security_headers_too() {
    let app = spawn_app().await;
    let ava = client_for(&app, "ava@vertex.example").await;
    let first = ava.get(app.url("/api/v1/library")).send().await.unwrap();
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let not_modified = ava
        .get(app.url("/api/v1/library"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(not_modified.status(), StatusCode::NOT_MODIFIED);
    assert_api("304 library", not_modified.headers());

    let head = ava
        .request(Method::HEAD, app.url("/api/v1/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    assert_api("HEAD me", head.headers());

    let signed_out = ava.delete(app.url("/api/v1/session")).send().await.unwrap();
    assert_eq!(signed_out.status(), StatusCode::NO_CONTENT);
    assert_api("204 sign-out", signed_out.headers());
}

#[tokio::test]
async fn the_spa_files_deep_links_and_their_304s_carry_the_security_headers() {
    let app = spawn_app().await;
    write_dist(&app);
    let raw = reqwest::Client::builder()
        .no_brotli()
        .no_gzip()
        .build()
        .unwrap();
    for path in [
        "/",
        "/pipeline",
        "/registrations/42",
        "/portico-0123456789abcdef.js",
        "/pkg-0123456789abcdef/chunk_1.wasm",
    ] {
        let res = raw.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_protected(path, res.headers());
        // Revalidating a cached copy answers 304, with the same protections.
        let last_modified = res.headers()["last-modified"].to_str().unwrap().to_owned();
        let again = raw
            .get(app.url(path))
            .header("if-modified-since", &last_modified)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_protected(&format!("304 {path}"), again.headers());
    }
    let brotli = raw
        .get(app.url("/portico-0123456789abcdef.js"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(brotli.headers()["content-encoding"], "br");
    assert_protected("precompressed script", brotli.headers());

    // The code-split app's modules: wasm, cached for good (the folder's hash covers them), while
    // index.html and deep links are revalidated every time.
    let chunk = raw
        .get(app.url("/pkg-0123456789abcdef/chunk_1.wasm"))
        .send()
        .await
        .unwrap();
    assert_eq!(chunk.headers()["content-type"], "application/wasm");
    assert_eq!(
        chunk.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    for path in ["/", "/pipeline"] {
        let res = raw.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
    }

    let missing = raw.get(app.url("/missing-0123.js")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_protected("404 missing file", missing.headers());
}

/// The flags of a `Set-Cookie` value, lower-cased, as name → value.
fn cookie_attributes(set_cookie: &str) -> HashMap<String, String> {
    set_cookie
        .split(';')
        .skip(1)
        .map(|a| {
            let (k, v) = a.trim().split_once('=').unwrap_or((a.trim(), ""));
            (k.to_ascii_lowercase(), v.to_owned())
        })
        .collect()
}

fn assert_session_cookie(what: &str, set_cookie: &str, secure: bool) {
    let name = if secure {
        "__Host-portico_session="
    } else {
        "portico_session="
    };
    assert!(set_cookie.starts_with(name), "{what}: {set_cookie}");
    let a = cookie_attributes(set_cookie);
    assert!(a.contains_key("httponly"), "{what}: {set_cookie}");
    assert!(
        ["lax", "strict"].contains(&a["samesite"].to_ascii_lowercase().as_str()),
        "{what}: {set_cookie}"
    );
    assert_eq!(a.get("path").map(String::as_str), Some("/"), "{what}");
    assert_eq!(a.contains_key("secure"), secure, "{what}: {set_cookie}");
    assert!(!a.contains_key("domain"), "{what}: host-only cookie");
}

async fn sign_in_with(app: &TestApp, proto: Option<&str>) -> reqwest::Response {
    let mut req = cookie_client()
        .post(app.url("/api/v1/session"))
        .json(&json!({ "email": "ava@vertex.example", "password": PASSWORD }));
    if let Some(p) = proto {
        req = req.header("x-forwarded-proto", p);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn the_session_cookie_and_its_removal_keep_their_flags_over_http_and_https() {
    // The test client is the proxy: its X-Forwarded-Proto is believed only because it is trusted.
    let app = spawn_app_with(|c| {
        c.trusted_proxies = api::forwarded::parse_list("127.0.0.1").unwrap();
    })
    .await;
    for (proto, secure) in [(None, false), (Some("http"), false), (Some("https"), true)] {
        let what = format!("x-forwarded-proto {proto:?}");
        let res = sign_in_with(&app, proto).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_session_cookie(&format!("sign-in, {what}"), &set_cookie(&res), secure);
        assert_eq!(
            res.headers().contains_key("strict-transport-security"),
            secure,
            "HSTS exactly over https, {what}"
        );

        let mut out = app
            .client
            .delete(app.url("/api/v1/session"))
            .header("cookie", session_cookie(&res));
        if let Some(p) = proto {
            out = out.header("x-forwarded-proto", p);
        }
        let out = out.send().await.unwrap();
        assert_eq!(out.status(), StatusCode::NO_CONTENT);
        let cleared = set_cookie(&out);
        assert_session_cookie(&format!("sign-out, {what}"), &cleared, secure);
        assert_eq!(cookie_attributes(&cleared)["max-age"], "0", "{what}");
        let name = if secure {
            "__Host-portico_session=;"
        } else {
            "portico_session=;"
        };
        assert!(cleared.starts_with(name), "{cleared}");
    }
}

#[tokio::test]
async fn the_session_cookie_is_secure_when_the_public_address_is_https() {
    let app = spawn_app_with(|c| c.public_https = true).await;
    let res = sign_in_with(&app, None).await;
    assert_session_cookie("public https", &set_cookie(&res), true);
}
