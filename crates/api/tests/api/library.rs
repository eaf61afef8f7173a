//! The enablement library: each tier receives exactly the assets it is entitled to — in the
//! list that feeds the search index, in asset pages, in related assets and in errors — and
//! channel managers publish, edit, retire and restore.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// (title, minimum tier rank) of every demo asset, read from the seed file itself.
fn seeded() -> Vec<(String, i64)> {
    let seeds: Vec<Value> = serde_json::from_str(include_str!("../../seed/assets.json")).unwrap();
    seeds
        .iter()
        .map(|a| {
            let rank = match a["min_tier"].as_str().unwrap() {
                "bronze" => 0,
                "silver" => 1,
                _ => 2,
            };
            (a["title"].as_str().unwrap().to_owned(), rank)
        })
        .collect()
}

fn rank(tier: &str) -> i64 {
    ["bronze", "silver", "gold"]
        .iter()
        .position(|t| *t == tier)
        .unwrap() as i64
}

async fn library_of(client: &reqwest::Client, app: &TestApp) -> Vec<Value> {
    let res = client.get(app.url("/api/v1/library")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    json_body(res).await["assets"].as_array().unwrap().clone()
}

async fn id_of(app: &TestApp, title: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM assets WHERE title = $1")
        .bind(title)
        .fetch_one(&app.db)
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn each_tier_receives_exactly_its_entitled_assets() {
    let app = spawn_app().await;
    let seeds = seeded();
    assert!(
        seeds.len() >= 50,
        "the demo library has {} assets",
        seeds.len()
    );
    for (email, tier) in [
        ("dan@ironclad.example", "bronze"),
        ("cara@bluepeak.example", "silver"),
        ("ava@vertex.example", "gold"),
        ("ben@vertex.example", "gold"),
    ] {
        let client = client_for(&app, email).await;
        let got: BTreeSet<String> = library_of(&client, &app)
            .await
            .iter()
            .map(|a| a["title"].as_str().unwrap().to_owned())
            .collect();
        let want: BTreeSet<String> = seeds
            .iter()
            .filter(|(_, r)| *r <= rank(tier))
            .map(|(t, _)| t.clone())
            .collect();
        assert_eq!(got, want, "{email} ({tier})");
    }
    // Every tier has something of its own, so the test above tells the tiers apart.
    for r in 0..3 {
        assert!(seeds.iter().any(|(_, x)| *x == r), "no assets of rank {r}");
    }
}

#[tokio::test]
async fn an_asset_above_the_callers_tier_answers_exactly_like_a_missing_one() {
    let app = spawn_app().await;
    let seeds = seeded();
    let gold = seeds.iter().find(|(_, r)| *r == 2).unwrap();
    let silver = seeds.iter().find(|(_, r)| *r == 1).unwrap();
    let gold_id = id_of(&app, &gold.0).await;
    let silver_id = id_of(&app, &silver.0).await;
    let dan = client_for(&app, "dan@ironclad.example").await;
    let cara = client_for(&app, "cara@bluepeak.example").await;
    let ava = client_for(&app, "ava@vertex.example").await;

    let missing = dan
        .get(app.url("/api/v1/library/assets/999999"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let missing = json_body(missing).await;
    for (client, id) in [(&dan, gold_id), (&dan, silver_id), (&cara, gold_id)] {
        let res = client
            .get(app.url(&format!("/api/v1/library/assets/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            json_body(res).await,
            missing,
            "the same answer as a missing id"
        );
    }
    let res = ava
        .get(app.url(&format!("/api/v1/library/assets/{gold_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let detail = json_body(res).await;
    assert_eq!(detail["asset"]["title"], gold.0.as_str());
    assert!(detail["asset"]["body"].as_str().unwrap().len() > 100);
    assert!(!detail["related"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn related_assets_stay_within_the_callers_tier() {
    let app = spawn_app().await;
    let dan = client_for(&app, "dan@ironclad.example").await;
    let allowed: BTreeSet<i64> = library_of(&dan, &app)
        .await
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    for id in &allowed {
        let detail = json_body(
            dan.get(app.url(&format!("/api/v1/library/assets/{id}")))
                .send()
                .await
                .unwrap(),
        )
        .await;
        for r in detail["related"].as_array().unwrap() {
            let rid = r["id"].as_i64().unwrap();
            assert!(
                allowed.contains(&rid),
                "asset {id} relates {rid}, above Bronze"
            );
            assert_ne!(rid, *id);
        }
    }
}

#[tokio::test]
async fn retiring_hides_an_asset_from_partners_at_once_and_restoring_brings_it_back() {
    let app = spawn_app().await;
    let dan = client_for(&app, "dan@ironclad.example").await;
    let maya = client_for(&app, "maya@portico.example").await;
    let first = library_of(&dan, &app).await[0].clone();
    let id = first["id"].as_i64().unwrap();
    let path = format!("/api/v1/library/assets/{id}");

    let res = maya
        .post(app.url(&format!("/api/v1/manage/library/{id}/retire")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json_body(res).await["retired"], true);
    assert!(
        !library_of(&dan, &app)
            .await
            .iter()
            .any(|a| a["id"].as_i64() == Some(id))
    );
    let res = dan.get(app.url(&path)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Managers still see it, marked retired.
    let all = json_body(
        maya.get(app.url("/api/v1/manage/library"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let managed = all
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["asset"]["id"].as_i64() == Some(id))
        .unwrap();
    assert_eq!(managed["retired"], true);

    let res = maya
        .post(app.url(&format!("/api/v1/manage/library/{id}/restore")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        dan.get(app.url(&path)).send().await.unwrap().status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn managers_publish_and_edit_with_field_errors_and_partners_see_it_by_tier() {
    let app = spawn_app().await;
    let maya = client_for(&app, "maya@portico.example").await;
    let bad = maya
        .post(app.url("/api/v1/manage/library"))
        .json(&json!({ "title": "x", "kind": "poster", "motions": ["telepathy"], "min_tier": "platinum",
                       "link": "javascript:alert(1)" }))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields = json_body(bad).await["fields"].clone();
    for f in [
        "title", "summary", "body", "kind", "motions", "min_tier", "link",
    ] {
        assert!(fields[f].is_string(), "{f}: {fields}");
    }

    let mut input = asset_input("Quarter-end co-sell sprint");
    let res = maya
        .post(app.url("/api/v1/manage/library"))
        .json(&input)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let created = json_body(res).await;
    let id = created["asset"]["id"].as_i64().unwrap();
    assert_eq!(created["asset"]["min_tier"], "gold");
    assert_eq!(created["retired"], false);

    let has = |assets: &[Value]| assets.iter().any(|a| a["id"].as_i64() == Some(id));
    let ava = client_for(&app, "ava@vertex.example").await;
    let cara = client_for(&app, "cara@bluepeak.example").await;
    assert!(has(&library_of(&ava, &app).await));
    assert!(!has(&library_of(&cara, &app).await));

    // Lowering the minimum tier to silver reaches Cara; markup stays text.
    input["min_tier"] = json!("silver");
    input["title"] = json!("<script>alert(1)</script> sprint");
    let res = maya
        .put(app.url(&format!("/api/v1/manage/library/{id}")))
        .json(&input)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cara_view = library_of(&cara, &app).await;
    let mine = cara_view
        .iter()
        .find(|a| a["id"].as_i64() == Some(id))
        .unwrap();
    assert_eq!(mine["title"], "<script>alert(1)</script> sprint");

    let res = maya
        .put(app.url("/api/v1/manage/library/999999"))
        .json(&input)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_cached_library_is_revalidated_with_its_etag() {
    let app = spawn_app().await;
    let cara = client_for(&app, "cara@bluepeak.example").await;
    let maya = client_for(&app, "maya@portico.example").await;
    let first = cara.get(app.url("/api/v1/library")).send().await.unwrap();
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let again = cara
        .get(app.url("/api/v1/library"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(again.text().await.unwrap().is_empty());

    // A gold-only change leaves Silver's copy current; a change Cara can see does not.
    let res = maya
        .post(app.url("/api/v1/manage/library"))
        .json(&asset_input("Gold-only launch kit"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let again = cara
        .get(app.url("/api/v1/library"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let mut silver = asset_input("Silver launch kit");
    silver["min_tier"] = json!("silver");
    maya.post(app.url("/api/v1/manage/library"))
        .json(&silver)
        .send()
        .await
        .unwrap();
    let again = cara
        .get(app.url("/api/v1/library"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::OK);
    assert_ne!(again.headers()["etag"].to_str().unwrap(), etag);
}

#[tokio::test]
async fn opening_an_asset_records_the_view_once() {
    let app = spawn_app().await;
    let dan = client_for(&app, "dan@ironclad.example").await;
    let maya = client_for(&app, "maya@portico.example").await;
    let id = library_of(&dan, &app).await[0]["id"].as_i64().unwrap();
    for _ in 0..2 {
        dan.get(app.url(&format!("/api/v1/library/assets/{id}")))
            .send()
            .await
            .unwrap();
    }
    let managed = json_body(
        maya.get(app.url(&format!("/api/v1/manage/library/{id}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(managed["viewers"], 1);
}
