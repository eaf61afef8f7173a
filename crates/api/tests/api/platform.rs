//! The OpenAPI document, API fallbacks and the SPA's static files (security headers: headers.rs).

use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test]
async fn the_openapi_document_describes_every_endpoint_and_the_error_body() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/openapi.json").await;
    assert_eq!(res.status(), StatusCode::OK);
    let doc = json_body(res).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for (path, method) in [
        ("/api/v1/session", "post"),
        ("/api/v1/session", "delete"),
        ("/api/v1/me", "get"),
        ("/api/v1/openapi.json", "get"),
    ] {
        assert!(
            paths[path].get(method).is_some(),
            "{method} {path} is undocumented"
        );
    }
    assert!(doc["components"]["schemas"].get("ErrorBody").is_some());
    assert!(
        doc["components"]["securitySchemes"]
            .get("session")
            .is_some()
    );
}

#[tokio::test]
async fn every_documented_operation_is_served() {
    // The router and the document come from one value; prove no documented path 404s.
    let app = spawn_app().await;
    let doc = json_body(app.get("/api/v1/openapi.json").await).await;
    // An unknown embed key is a 404 by design, so {key} is a real one (Vertex's).
    let (partner, ava): (i64, i64) =
        sqlx::query_as("SELECT partner_id, id FROM users WHERE email = 'ava@vertex.example'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    let key = api::embed::ensure(&app.db, partner, ava).await.unwrap().key;
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let url = app.url(&path.replace("{key}", &key));
            let res = app.client.request(m, url).send().await.unwrap();
            assert_ne!(res.status(), StatusCode::NOT_FOUND, "{method} {path}");
            assert_ne!(
                res.status(),
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}"
            );
        }
    }
}

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404_never_the_spa() {
    let app = spawn_app().await;
    std::fs::create_dir_all(app.dist()).unwrap();
    std::fs::write(
        app.dist().join("index.html"),
        "<!doctype html><title>SPA</title>",
    )
    .unwrap();
    for path in ["/api/v1/nope", "/api/nope", "/api"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        assert_eq!(json_body(res).await["error"], "not_found");
    }
}

#[tokio::test]
async fn deep_links_get_the_spa_and_missing_files_stay_404() {
    let app = spawn_app().await;
    let dist = app.dist();
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>Portico SPA</title>",
    )
    .unwrap();
    std::fs::write(dist.join("portico-0123456789abcdef.js"), "export {}").unwrap();

    for path in ["/", "/pipeline", "/manage/approvals", "/sign-in"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        assert!(res.text().await.unwrap().contains("Portico SPA"), "{path}");
    }
    assert_eq!(
        app.get("/missing-file.js").await.status(),
        StatusCode::NOT_FOUND
    );

    let asset = app.get("/portico-0123456789abcdef.js").await;
    assert_eq!(asset.status(), StatusCode::OK);
    assert_eq!(
        asset.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
}

#[tokio::test]
async fn precompressed_files_are_served_to_browsers_that_accept_them() {
    let app = spawn_app().await;
    let dist = app.dist();
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html>").unwrap();
    std::fs::write(dist.join("app-0123456789abcdef.css"), "body{}").unwrap();
    std::fs::write(
        dist.join("app-0123456789abcdef.css.br"),
        b"\x0b\x02\x80body{}\x03",
    )
    .unwrap();
    let raw = reqwest::Client::builder()
        .no_brotli()
        .no_gzip()
        .build()
        .unwrap();
    let res = raw
        .get(app.url("/app-0123456789abcdef.css"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-encoding"], "br");
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
}

#[tokio::test]
async fn a_wrong_method_or_a_malformed_id_still_answers_with_the_json_error_body() {
    let app = spawn_app().await;
    let ava = client_for(&app, "ava@vertex.example").await;
    let res = ava.put(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(res.headers().contains_key("allow"));
    assert_eq!(json_body(res).await["error"], "method_not_allowed");
    let res = ava
        .get(app.url("/api/v1/registrations/not-a-number"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(json_body(res).await["error"], "not_found");
}
