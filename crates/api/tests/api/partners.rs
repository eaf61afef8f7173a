//! The channel managers' partner list and partner page: figures that match the database, the
//! win-rate rule, 404 for an unknown partner, and no partner role may read either.

use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::Value;

const MAYA: &str = "maya@portico.example";

async fn partner_id(app: &TestApp, name: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM partners WHERE name = $1")
        .bind(name)
        .fetch_one(&app.db)
        .await
        .unwrap();
    id
}

async fn count(app: &TestApp, sql: &str, partner: i64) -> u64 {
    let (n,): (i64,) = sqlx::query_as(sql)
        .bind(partner)
        .fetch_one(&app.db)
        .await
        .unwrap();
    n as u64
}

async fn list(app: &TestApp, maya: &Client) -> Vec<Value> {
    let res = maya
        .get(app.url("/api/v1/manage/partners"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    json_body(res).await.as_array().unwrap().clone()
}

fn named<'a>(list: &'a [Value], name: &str) -> &'a Value {
    list.iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{name} not listed"))
}

#[tokio::test]
async fn the_list_counts_match_the_database() {
    let app = spawn_app().await;
    let maya = client_for(&app, MAYA).await;
    let partners = list(&app, &maya).await;
    let names: Vec<&str> = partners
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "BluePeak Manufacturing",
            "Ironclad Security",
            "Vertex Cloud Solutions"
        ]
    );

    let id = partner_id(&app, "Vertex Cloud Solutions").await;
    let vertex = named(&partners, "Vertex Cloud Solutions");
    assert_eq!(vertex["id"], id);
    assert_eq!(vertex["tier"], "gold");
    let expected = [
        ("people", "SELECT COUNT(*) FROM users WHERE partner_id = $1"),
        (
            "registrations",
            "SELECT COUNT(*) FROM registrations WHERE partner_id = $1",
        ),
        (
            "approved",
            "SELECT COUNT(*) FROM registrations WHERE partner_id = $1
               AND status IN ('approved', 'won', 'lost', 'expired')",
        ),
        (
            "won",
            "SELECT COUNT(*) FROM registrations WHERE partner_id = $1 AND status = 'won'",
        ),
        (
            "lost",
            "SELECT COUNT(*) FROM registrations WHERE partner_id = $1 AND status = 'lost'",
        ),
    ];
    for (field, sql) in expected {
        assert_eq!(
            vertex[field].as_u64(),
            Some(count(&app, sql, id).await),
            "Vertex's {field}"
        );
    }
    assert!(vertex["registrations"].as_u64().unwrap() > 0);
    assert_eq!(vertex["people"], 2);
    let (last,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(last_activity_at) FROM registrations WHERE partner_id = $1")
            .bind(id)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(vertex["last_activity_at"].as_i64(), last);
    let (revenue,): (i64,) =
        sqlx::query_as("SELECT annual_revenue_minor FROM partners WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(vertex["annual_revenue_minor"], revenue);
    // Open pipeline: approved registrations still protected, per currency.
    let open: Vec<(String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT currency, value_minor, protection_end FROM registrations
          WHERE partner_id = $1 AND status = 'approved'",
    )
    .bind(id)
    .fetch_all(&app.db)
    .await
    .unwrap();
    let at = api::db::now();
    let mut sums = std::collections::BTreeMap::<String, i64>::new();
    for (currency, value, end) in open {
        if end.is_none_or(|e| e > at) {
            *sums.entry(currency).or_default() += value;
        }
    }
    let listed: std::collections::BTreeMap<String, i64> = vertex["open_pipeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["currency"].as_str().unwrap().to_owned(),
                a["minor"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(listed, sums);
}

#[tokio::test]
async fn the_win_rate_is_won_over_closed() {
    let app = spawn_app().await;
    let maya = client_for(&app, MAYA).await;
    let id = partner_id(&app, "Vertex Cloud Solutions").await;
    // Every Vertex deal approved, none closed: no rate.
    sqlx::query("UPDATE registrations SET status = 'approved' WHERE partner_id = $1")
        .bind(id)
        .execute(&app.db)
        .await
        .unwrap();
    let vertex = named(&list(&app, &maya).await, "Vertex Cloud Solutions").clone();
    assert_eq!(vertex["win_rate_percent"], Value::Null);
    assert_eq!(vertex["won"], 0);

    // One won, the rest lost.
    let ids: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM registrations WHERE partner_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert!(ids.len() >= 3);
    for (n, (reg,)) in ids.iter().enumerate() {
        let status = if n == 0 { "won" } else { "lost" };
        sqlx::query("UPDATE registrations SET status = $1 WHERE id = $2")
            .bind(status)
            .bind(reg)
            .execute(&app.db)
            .await
            .unwrap();
    }
    let lost = ids.len() as u32 - 1;
    let vertex = named(&list(&app, &maya).await, "Vertex Cloud Solutions").clone();
    assert_eq!(vertex["won"], 1);
    assert_eq!(vertex["lost"], lost);
    assert_eq!(
        vertex["win_rate_percent"].as_u64(),
        domain::views::win_rate_percent(1, lost).map(u64::from)
    );
    assert_eq!(vertex["approved"], ids.len());
    assert_eq!(vertex["open_pipeline"], serde_json::json!([]));
}

#[tokio::test]
async fn a_partner_page_has_its_people_deals_and_progress() {
    let app = spawn_app().await;
    let maya = client_for(&app, MAYA).await;
    let id = partner_id(&app, "BluePeak Manufacturing").await;
    let res = maya
        .get(app.url(&format!("/api/v1/manage/partners/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let page = json_body(res).await;
    assert_eq!(page["summary"]["name"], "BluePeak Manufacturing");
    assert_eq!(page["summary"]["tier"], "silver");
    let users = page["users"].as_array().unwrap();
    assert!(
        users.iter().any(|u| u["name"] == "Cara Hoffmann"
            && u["email"] == "cara@bluepeak.example"
            && u["role"] == "partner_admin"),
        "{users:?}"
    );
    let registrations = count(
        &app,
        "SELECT COUNT(*) FROM registrations WHERE partner_id = $1",
        id,
    )
    .await;
    let recent = page["recent_registrations"].as_array().unwrap();
    assert_eq!(
        recent.len() as u64,
        registrations.min(domain::views::RECENT_REGISTRATIONS as u64)
    );
    assert!(
        recent
            .iter()
            .all(|r| r["number"].as_str().unwrap().starts_with("R-"))
    );
    let times: Vec<i64> = recent
        .iter()
        .map(|r| r["submitted_at"].as_i64().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert_eq!(page["tier_progress"]["next_tier"], "gold");
    assert_eq!(
        page["profile"]["territories"],
        serde_json::json!(["AT", "CH", "DE"])
    );

    // Gold is the top: no progress to show.
    let vertex = partner_id(&app, "Vertex Cloud Solutions").await;
    let res = maya
        .get(app.url(&format!("/api/v1/manage/partners/{vertex}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json_body(res).await["tier_progress"], Value::Null);
}

#[tokio::test]
async fn an_unknown_partner_is_not_found() {
    let app = spawn_app().await;
    let maya = client_for(&app, MAYA).await;
    let res = maya
        .get(app.url("/api/v1/manage/partners/987654321"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(json_body(res).await["error"], "not_found");
    let res = maya
        .get(app.url("/api/v1/manage/partners/vertex"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn partners_may_not_read_the_partner_list_or_pages() {
    let app = spawn_app().await;
    let id = partner_id(&app, "Vertex Cloud Solutions").await;
    for email in ["ava@vertex.example", "ben@vertex.example"] {
        let client = client_for(&app, email).await;
        for path in [
            "/api/v1/manage/partners".to_owned(),
            format!("/api/v1/manage/partners/{id}"),
        ] {
            let res = client.get(app.url(&path)).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{email} {path}");
        }
    }
    let res = app.get("/api/v1/manage/partners").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}
