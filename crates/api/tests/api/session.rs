//! Sign-in, throttling, sessions, sign-out and cross-site protection.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn every_demo_user_signs_in_and_sees_their_partner_and_tier() {
    let app = spawn_app().await;
    let expected = [
        (
            "ava@vertex.example",
            "partner_admin",
            Some(("Vertex Cloud Solutions", "gold")),
        ),
        (
            "ben@vertex.example",
            "partner_user",
            Some(("Vertex Cloud Solutions", "gold")),
        ),
        (
            "cara@bluepeak.example",
            "partner_admin",
            Some(("BluePeak Manufacturing", "silver")),
        ),
        (
            "dan@ironclad.example",
            "partner_admin",
            Some(("Ironclad Security", "bronze")),
        ),
        ("maya@portico.example", "channel_manager", None),
    ];
    for (email, role, partner) in expected {
        let client = cookie_client();
        let res = client
            .post(app.url("/api/v1/session"))
            .json(&json!({ "email": email, "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{email}");
        let me = json_body(client.get(app.url("/api/v1/me")).send().await.unwrap()).await;
        assert_eq!(me["user"]["email"], email);
        assert_eq!(me["user"]["role"], role);
        match partner {
            Some((name, tier)) => {
                assert_eq!(me["partner"]["name"], name);
                assert_eq!(me["partner"]["tier"], tier);
            }
            None => assert!(me["partner"].is_null(), "{email} has no partner"),
        }
    }
}

#[tokio::test]
async fn the_session_cookie_is_http_only_same_site_lax_and_not_secure_over_plain_http() {
    let app = spawn_app().await;
    let res = app.sign_in("ava@vertex.example", PASSWORD).await;
    let cookie = set_cookie(&res);
    assert!(cookie.starts_with("portico_session="));
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Lax"));
    assert!(cookie.contains("Path=/"));
    assert!(!cookie.contains("Secure"));
}

#[tokio::test]
async fn the_session_cookie_is_secure_behind_an_https_proxy() {
    let app = spawn_app_with(|c| {
        c.trusted_proxies = api::forwarded::parse_list("127.0.0.1").unwrap();
    })
    .await;
    let res = app
        .client
        .post(app.url("/api/v1/session"))
        .header("x-forwarded-proto", "https")
        .json(&json!({ "email": "ava@vertex.example", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert!(set_cookie(&res).contains("; Secure"));
    assert!(res.headers().contains_key("strict-transport-security"));
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    let wrong_password = app.sign_in("ava@vertex.example", "not-it").await;
    let unknown_email = app.sign_in("nobody@vertex.example", "not-it").await;
    assert_eq!(wrong_password.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown_email.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong_password.headers().get("set-cookie").is_none());
    assert_eq!(
        json_body(wrong_password).await,
        json_body(unknown_email).await
    );
}

#[tokio::test]
async fn without_a_session_me_answers_401_with_the_error_body() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/me").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body = json_body(res).await;
    assert_eq!(body["error"], "unauthenticated");
    assert!(body["message"].as_str().unwrap().contains("Sign in"));
}

#[tokio::test]
async fn a_forged_session_cookie_is_refused() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(app.url("/api/v1/me"))
        .header("cookie", format!("portico_session={}", "ab".repeat(32)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn repeated_failed_sign_ins_for_one_account_are_throttled_with_retry_after() {
    let app = spawn_app().await;
    for _ in 0..5 {
        assert_eq!(
            app.sign_in("ben@vertex.example", "guess").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let throttled = app.sign_in("ben@vertex.example", "guess").await;
    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = throttled.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    // Attempts count for this window and the next (a limit covers two windows).
    assert!(
        retry_after > 0 && retry_after <= 2 * 15 * 60,
        "{retry_after}"
    );
    assert_eq!(json_body(throttled).await["error"], "rate_limited");
    // Even the right password waits: the throttle is checked before the password.
    assert_eq!(
        app.sign_in("ben@vertex.example", PASSWORD).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // Other accounts are unaffected.
    assert_eq!(
        app.sign_in("ava@vertex.example", PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn failed_sign_ins_from_one_address_across_many_accounts_are_throttled() {
    let app = spawn_app_with(|c| c.throttle.per_client = 4).await;
    for i in 0..4 {
        let res = app
            .sign_in(&format!("spray{i}@vertex.example"), "guess")
            .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = app.sign_in("spray-next@vertex.example", "guess").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn signing_out_revokes_the_session_on_the_server() {
    let app = spawn_app().await;
    let res = app.sign_in("ava@vertex.example", PASSWORD).await;
    let stolen = session_cookie(&res);

    let out = app
        .client
        .delete(app.url("/api/v1/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert!(set_cookie(&out).contains("Max-Age=0"));

    // A copy of the old cookie no longer works: the session is gone server-side.
    let replay = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .header("cookie", stolen)
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);
    let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sessions")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn signing_out_without_a_session_is_harmless() {
    let app = spawn_app().await;
    let out = app
        .client
        .delete(app.url("/api/v1/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn an_expired_session_is_refused() {
    let app = spawn_app().await;
    app.sign_in("cara@bluepeak.example", PASSWORD).await;
    assert_eq!(app.get("/api/v1/me").await.status(), StatusCode::OK);
    sqlx::query("UPDATE sessions SET expires_at = expires_at - 13 * 3600")
        .execute(&app.db)
        .await
        .unwrap();
    let res = app.get("/api/v1/me").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(
        json_body(res).await["message"]
            .as_str()
            .unwrap()
            .contains("session has ended")
    );
}

#[tokio::test]
async fn a_session_lasts_the_configured_lifetime() {
    let app = spawn_app_with(|c| c.session_ttl = std::time::Duration::from_secs(2 * 3600)).await;
    let res = app.sign_in("dan@ironclad.example", PASSWORD).await;
    assert!(set_cookie(&res).contains("Max-Age=7200"));
    let (created, expires): (i64, i64) =
        sqlx::query_as("SELECT created_at, expires_at FROM sessions")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(expires - created, 7200);
}

#[tokio::test]
async fn a_cross_site_sign_in_is_refused() {
    let app = spawn_app().await;
    for (name, value) in [
        ("sec-fetch-site", "cross-site"),
        ("origin", "https://evil.example"),
    ] {
        let res = app
            .client
            .post(app.url("/api/v1/session"))
            .header(name, value)
            .json(&json!({ "email": "ava@vertex.example", "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{name}: {value}");
        assert!(res.headers().get("set-cookie").is_none());
        assert_eq!(json_body(res).await["error"], "forbidden");
    }
}

#[tokio::test]
async fn a_cross_site_sign_out_is_refused_and_the_session_survives() {
    let app = spawn_app().await;
    app.sign_in("ava@vertex.example", PASSWORD).await;
    let res = app
        .client
        .delete(app.url("/api/v1/session"))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/me").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_same_origin_browser_sign_in_is_accepted() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(app.url("/api/v1/session"))
        .header("origin", format!("http://{}", app.addr))
        .header("sec-fetch-site", "same-origin")
        .json(&json!({ "email": "ava@vertex.example", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn invalid_sign_in_fields_get_422_with_a_message_per_field() {
    let app = spawn_app().await;
    let res = app.sign_in("not-an-email", "").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json_body(res).await;
    assert_eq!(body["error"], "validation");
    assert!(body["fields"]["email"].as_str().unwrap().contains("@"));
    assert_eq!(body["fields"]["password"], "Enter your password.");
}

#[tokio::test]
async fn a_wrongly_typed_field_is_named_in_the_422() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(app.url("/api/v1/session"))
        .json(&json!({ "email": 42, "password": "x" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json_body(res).await;
    assert!(
        body["fields"]["email"]
            .as_str()
            .unwrap()
            .contains("invalid type")
    );
}

#[tokio::test]
async fn malformed_json_is_a_400_and_an_oversized_body_a_413() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(app.url("/api/v1/session"))
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json_body(res).await["error"], "bad_request");

    let huge = json!({ "email": "a@b.io", "password": "x".repeat(200_000) });
    let res = app
        .client
        .post(app.url("/api/v1/session"))
        .json(&huge)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json_body(res).await["error"], "payload_too_large");
}
