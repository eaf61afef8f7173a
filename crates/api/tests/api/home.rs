//! Tier home pages: each tier's payload holds exactly its layout's widgets and only its data;
//! onboarding ticks itself from real activity; announcements are read and acknowledged per
//! user and channel managers see who acknowledged.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

async fn home_of(app: &TestApp, email: &str) -> Value {
    let client = client_for(app, email).await;
    let res = client.get(app.url("/api/v1/home")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{email}");
    json_body(res).await
}

fn widget<'a>(home: &'a Value, name: &str) -> Option<&'a Value> {
    home["widgets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["widget"] == name)
        .map(|w| &w["data"])
}

/// The program's layouts written out here, not taken from `domain::home::layout` (the code
/// under test): a widget moved, added or dropped in one tier's layout fails this test.
const GOLD: [&str; 9] = [
    "channel_manager",
    "mdf_balance",
    "pipeline_summary",
    "needs_attention",
    "earnings",
    "deals_by_stage",
    "exclusive_categories",
    "early_access_certifications",
    "announcements",
];
const SILVER: [&str; 7] = [
    "pipeline_summary",
    "deals_by_stage",
    "needs_attention",
    "earnings",
    "tier_progress",
    "recommended_content",
    "announcements",
];
const BRONZE: [&str; 6] = [
    "onboarding_checklist",
    "tier_progress",
    "needs_attention",
    "getting_started",
    "deals_by_stage",
    "announcements",
];

#[tokio::test]
async fn each_tier_receives_exactly_its_layouts_widgets_in_order() {
    let app = spawn_app().await;
    for (email, tier, expected) in [
        ("ava@vertex.example", "gold", &GOLD[..]),
        ("ben@vertex.example", "gold", &GOLD[..]),
        ("cara@bluepeak.example", "silver", &SILVER[..]),
        ("dan@ironclad.example", "bronze", &BRONZE[..]),
    ] {
        let home = home_of(&app, email).await;
        assert_eq!(home["tier"], tier);
        let got: Vec<&str> = home["widgets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["widget"].as_str().unwrap())
            .collect();
        assert_eq!(got, expected, "{email}");
        let slots: Vec<&str> = home["layout"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["widget"].as_str().unwrap())
            .collect();
        assert_eq!(slots, expected, "{email}");
    }
}

#[tokio::test]
async fn gold_data_never_reaches_silver_or_bronze() {
    let app = spawn_app().await;
    let gold = home_of(&app, "ava@vertex.example").await;
    let mdf = widget(&gold, "mdf_balance").unwrap();
    assert_eq!(mdf["allocated_minor"], 5_000_000);
    assert_eq!(mdf["claimed_minor"], 1_850_000);
    assert_eq!(
        widget(&gold, "channel_manager").unwrap()["name"],
        "Maya Chen"
    );
    let gold_text = gold.to_string();
    for marker in [
        "Strategic account",
        "Workflow Engine (early access)",
        "Gold partner summit",
    ] {
        assert!(gold_text.contains(marker), "gold home lacks {marker}");
    }
    for email in ["cara@bluepeak.example", "dan@ironclad.example"] {
        let text = home_of(&app, email).await.to_string();
        for marker in [
            "mdf_balance",
            "channel_manager",
            "allocated_minor",
            "Strategic account",
            "Workflow Engine (early access)",
            "Gold partner summit",
            "maya@portico.example",
        ] {
            assert!(!text.contains(marker), "{email}'s home carries {marker}");
        }
    }
    // Silver-only news reaches Silver and no one else.
    let silver = home_of(&app, "cara@bluepeak.example").await.to_string();
    assert!(silver.contains("MDF pilot"));
    assert!(!gold_text.contains("MDF pilot"));
    assert!(
        !home_of(&app, "dan@ironclad.example")
            .await
            .to_string()
            .contains("MDF pilot")
    );
}

#[tokio::test]
async fn gold_earnings_come_from_the_companys_lines_and_bronze_has_none() {
    let app = spawn_app().await;
    // Expected from the rows themselves: Vertex's lines (Ava is its partner admin), this year.
    let year = domain::date::Date::from_unix(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64,
    )
    .year()
    .to_string();
    let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT l.currency, l.status, l.amount_minor, l.close_date
           FROM commission_lines l JOIN partners p ON p.id = l.partner_id
          WHERE p.name = 'Vertex Cloud Solutions'",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    let currencies: std::collections::BTreeSet<&str> =
        rows.iter().map(|(c, ..)| c.as_str()).collect();
    assert!(
        currencies.contains("CAD") && currencies.contains("USD"),
        "{rows:?}"
    );
    let sum = |currency: &str, keep: &dyn Fn(&str, &str) -> bool| -> i64 {
        rows.iter()
            .filter(|(c, s, _, d)| c == currency && keep(s, d))
            .map(|(_, _, a, _)| a)
            .sum()
    };
    let this_year = |d: &str| d.starts_with(&year);
    let expected: Vec<Value> = currencies
        .into_iter()
        .map(|c| {
            (
                c,
                sum(c, &|s, d| matches!(s, "approved" | "paid") && this_year(d)),
                sum(c, &|s, d| s == "paid" && this_year(d)),
                sum(c, &|s, _| matches!(s, "new" | "on_hold")),
            )
        })
        .filter(|(_, earned, paid, pending)| (*earned, *paid, *pending) != (0, 0, 0))
        .map(|(c, earned, paid, pending)| serde_json::json!([c, earned, paid, pending]))
        .collect();
    // The new USD line is pending whatever the date, so there is always something to show.
    assert!(!expected.is_empty());

    let gold = home_of(&app, "ava@vertex.example").await;
    let got: Vec<Value> = widget(&gold, "earnings")
        .expect("Ava's Gold home has an earnings widget")
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            serde_json::json!([
                c["currency"],
                c["earned_year_minor"],
                c["paid_year_minor"],
                c["pending_minor"]
            ])
        })
        .collect();
    assert_eq!(got, expected);

    let bronze = home_of(&app, "dan@ironclad.example").await;
    assert!(widget(&bronze, "earnings").is_none());
    assert!(!bronze.to_string().contains("earned_year_minor"));
}

#[tokio::test]
async fn progress_toward_the_next_tier_lists_each_criterion() {
    let app = spawn_app().await;
    let silver = home_of(&app, "cara@bluepeak.example").await;
    let progress = widget(&silver, "tier_progress").unwrap();
    assert_eq!(progress["next_tier"], "gold");
    let criteria = progress["criteria"].as_array().unwrap();
    assert_eq!(criteria.len(), 3);
    assert_eq!(criteria[0]["criterion"], "annual_revenue");
    assert_eq!(criteria[0]["current"], 62_000_000);
    assert_eq!(criteria[0]["target"], 100_000_000);
    let bronze = home_of(&app, "dan@ironclad.example").await;
    assert_eq!(
        widget(&bronze, "tier_progress").unwrap()["next_tier"],
        "silver"
    );
}

#[tokio::test]
async fn onboarding_ticks_itself_from_real_activity() {
    let app = spawn_app().await;
    let dan = client_for(&app, "dan@ironclad.example").await;
    let steps = |home: &Value| -> Vec<(String, bool)> {
        widget(home, "onboarding_checklist").unwrap()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["step"].as_str().unwrap().to_owned(),
                    i["done"].as_bool().unwrap(),
                )
            })
            .collect()
    };
    let before = steps(&home_of(&app, "dan@ironclad.example").await);
    assert_eq!(before[0], ("profile".into(), false));
    assert_eq!(before[1], ("first_content".into(), false));

    let res = dan
        .post(app.url("/api/v1/partner/profile/confirm"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let library = json_body(dan.get(app.url("/api/v1/library")).send().await.unwrap()).await;
    let id = library["assets"][0]["id"].as_i64().unwrap();
    dan.get(app.url(&format!("/api/v1/library/assets/{id}")))
        .send()
        .await
        .unwrap();
    let res = dan
        .post(app.url("/api/v1/registrations"))
        .header("Idempotency-Key", "onboarding-test-1")
        .json(&registration("onboarding"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);

    let after = steps(&home_of(&app, "dan@ironclad.example").await);
    assert!(after.iter().all(|(_, done)| *done), "{after:?}");
}

#[tokio::test]
async fn acknowledgements_are_recorded_once_and_managers_see_who() {
    let app = spawn_app().await;
    let dan = client_for(&app, "dan@ironclad.example").await;
    let maya = client_for(&app, "maya@portico.example").await;
    let list = json_body(
        dan.get(app.url("/api/v1/announcements"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let list = list.as_array().unwrap();
    let ask = list.iter().find(|a| a["requires_ack"] == true).unwrap();
    let plain = list.iter().find(|a| a["requires_ack"] == false).unwrap();
    let id = ask["id"].as_i64().unwrap();
    assert_eq!(ask["acknowledged_at"], Value::Null);

    let first = json_body(
        dan.post(app.url(&format!("/api/v1/announcements/{id}/acknowledge")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(first["acknowledged_at"].is_i64());
    assert_eq!(first["read"], true);
    let again = json_body(
        dan.post(app.url(&format!("/api/v1/announcements/{id}/acknowledge")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(again["acknowledged_at"], first["acknowledged_at"]);

    let res = dan
        .post(app.url(&format!(
            "/api/v1/announcements/{}/acknowledge",
            plain["id"]
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);

    let managed = json_body(
        maya.get(app.url("/api/v1/manage/announcements"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let entry = managed
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"].as_i64() == Some(id))
        .unwrap();
    let acks = entry["acknowledgements"].as_array().unwrap();
    assert_eq!(acks.len(), 1);
    assert_eq!(acks[0]["user_name"], "Dan Whitaker");
    assert_eq!(acks[0]["partner_name"], "Ironclad Security");
}

#[tokio::test]
async fn another_tiers_announcement_answers_like_a_missing_one() {
    let app = spawn_app().await;
    let dan = client_for(&app, "dan@ironclad.example").await;
    let (gold_only,): (i64,) =
        sqlx::query_as("SELECT id FROM announcements WHERE min_tier_rank = 2")
            .fetch_one(&app.db)
            .await
            .unwrap();
    let hidden = dan
        .post(app.url(&format!("/api/v1/announcements/{gold_only}/read")))
        .send()
        .await
        .unwrap();
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    let hidden = json_body(hidden).await;
    let missing = json_body(
        dan.post(app.url("/api/v1/announcements/999999/read"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(hidden, missing);
}
