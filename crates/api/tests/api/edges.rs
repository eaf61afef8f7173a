//! The edges of the channel managers' writes and the partners' requests: missing records, the
//! range rules of the deal editor and of extensions, repeated retire/restore, an unknown queue
//! view and a reason too short to read.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Ben's approved Globex deal: the record the editor and the extension rules act on.
async fn approved_deal(app: &TestApp) -> i64 {
    let (id,): (i64,) = sqlx::query_as(
        "SELECT r.id FROM registrations r JOIN users u ON u.id = r.submitted_by
          WHERE r.customer_domain = 'globex.com' AND u.email = 'ben@vertex.example'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    id
}

async fn field_error(res: reqwest::Response, field: &str) -> String {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json_body(res).await;
    body["fields"][field]
        .as_str()
        .unwrap_or_else(|| panic!("no message for {field}: {body}"))
        .to_owned()
}

#[tokio::test]
async fn manager_writes_on_a_missing_registration_answer_404_and_change_nothing() {
    let app = spawn_app().await;
    let maya = client_for(&app, "maya@portico.example").await;
    // Ids are drawn from 10^7..10^8: 1 is never one.
    let missing = 1;
    let writes: [(&str, Value); 4] = [
        ("approve", Value::Null),
        ("reject", json!({ "reason": "Direct account." })),
        ("extend", json!({ "days": 30 })),
        ("", json!({ "next_step": "Call the buyer" })),
    ];
    let (events_before,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_events")
        .fetch_one(&app.db)
        .await
        .unwrap();
    for (action, body) in writes {
        let url = if action.is_empty() {
            app.url(&format!("/api/v1/manage/registrations/{missing}"))
        } else {
            app.url(&format!("/api/v1/manage/registrations/{missing}/{action}"))
        };
        let req = if action.is_empty() {
            maya.patch(url)
        } else {
            maya.post(url)
        };
        let req = if body.is_null() { req } else { req.json(&body) };
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{action:?}");
        assert!(json_body(res).await["message"].is_string(), "{action:?}");
    }
    let (events_after,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_events")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(
        events_before, events_after,
        "a write on nothing was audited"
    );
}

#[tokio::test]
async fn margin_and_amount_are_kept_within_their_ranges() {
    let app = spawn_app().await;
    let maya = client_for(&app, "maya@portico.example").await;
    let id = approved_deal(&app).await;
    let patch = |body: Value| {
        maya.patch(app.url(&format!("/api/v1/manage/registrations/{id}")))
            .json(&body)
            .send()
    };
    for margin in [101, -101, 1000] {
        let msg = field_error(
            patch(json!({ "margin_percent": margin })).await.unwrap(),
            "margin_percent",
        )
        .await;
        assert!(msg.contains("-100 to 100"), "{margin}: {msg}");
    }
    let msg = field_error(
        patch(json!({ "deal_amount_minor": -1 })).await.unwrap(),
        "deal_amount_minor",
    )
    .await;
    assert!(msg.contains("negative"), "{msg}");
    // The bounds themselves are fine, and a refused edit changed nothing before them.
    for (margin, amount) in [(100, 0), (-100, 12_500_000)] {
        let res = patch(json!({ "margin_percent": margin, "deal_amount_minor": amount }))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let (m, a): (Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT margin_percent, deal_amount_minor FROM registrations WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&app.db)
        .await
        .unwrap();
        assert_eq!((m, a), (Some(margin), Some(amount)));
    }
}

#[tokio::test]
async fn extensions_are_1_to_180_days_and_only_for_live_protection() {
    let app = spawn_app().await;
    let maya = client_for(&app, "maya@portico.example").await;
    let id = approved_deal(&app).await;
    let extend = |days: i64| {
        maya.post(app.url(&format!("/api/v1/manage/registrations/{id}/extend")))
            .json(&json!({ "days": days }))
            .send()
    };
    let end = || async {
        let (end,): (Option<i64>,) =
            sqlx::query_as("SELECT protection_end FROM registrations WHERE id = $1")
                .bind(id)
                .fetch_one(&app.db)
                .await
                .unwrap();
        end.unwrap()
    };
    let before = end().await;
    for days in [0, 181, -5] {
        let msg = field_error(extend(days).await.unwrap(), "days").await;
        assert!(msg.contains("1 to 180"), "{days}: {msg}");
    }
    assert_eq!(end().await, before, "a refused extension moved the end");
    assert_eq!(extend(180).await.unwrap().status(), StatusCode::OK);
    assert_eq!(end().await, before + 180 * 86_400);

    // Once protection has ended, there is nothing to extend.
    sqlx::query("UPDATE registrations SET protection_end = $1 WHERE id = $2")
        .bind(chrono::Utc::now().timestamp() - 60)
        .bind(id)
        .execute(&app.db)
        .await
        .unwrap();
    let res = extend(30).await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(json_body(res).await["message"].is_string());
}

#[tokio::test]
async fn retiring_twice_or_restoring_a_live_asset_changes_and_records_nothing_more() {
    let app = spawn_app().await;
    let maya = client_for(&app, "maya@portico.example").await;
    let (id,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM assets WHERE retired_at IS NULL")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let act = |what: &'static str| {
        maya.post(app.url(&format!("/api/v1/manage/library/{id}/{what}")))
            .send()
    };
    let db = app.db.clone();
    let events = |action: &'static str| {
        let db = db.clone();
        async move {
            let (n,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM audit_events WHERE action = $1 AND entity_id = $2",
            )
            .bind(action)
            .bind(id)
            .fetch_one(&db)
            .await
            .unwrap();
            n
        }
    };
    // Restoring what is live: answered as it is, nothing recorded.
    let res = act("restore").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json_body(res).await["retired"], false);
    assert_eq!(events("asset_restored").await, 0);

    let res = act("retire").await.unwrap();
    assert_eq!(json_body(res).await["retired"], true);
    let (first,): (Option<i64>,) = sqlx::query_as("SELECT retired_at FROM assets WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db)
        .await
        .unwrap();
    let res = act("retire").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json_body(res).await["retired"], true);
    let (second,): (Option<i64>,) = sqlx::query_as("SELECT retired_at FROM assets WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(
        first, second,
        "retiring again kept the first retirement's time"
    );
    assert_eq!(
        events("asset_retired").await,
        1,
        "one retirement, one event"
    );

    for what in ["retire", "restore"] {
        let res = maya
            .post(app.url(&format!("/api/v1/manage/library/99999999/{what}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{what}");
    }
}

#[tokio::test]
async fn an_unknown_queue_view_is_refused_with_the_views_there_are() {
    let app = spawn_app().await;
    let maya = client_for(&app, "maya@portico.example").await;
    let res = maya
        .get(app.url("/api/v1/manage/registrations?view=overdue-ish"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let message = json_body(res).await["message"].as_str().unwrap().to_owned();
    assert!(message.contains("overdue-ish"), "{message}");
    for view in ["submitted", "approved", "extension", "all"] {
        assert!(message.contains(view), "{message}");
        let res = maya
            .get(app.url(&format!("/api/v1/manage/registrations?view={view}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{view}");
    }
}

#[tokio::test]
async fn an_extension_request_needs_a_reason_a_manager_can_read() {
    let app = spawn_app().await;
    let ben = client_for(&app, "ben@vertex.example").await;
    let id = approved_deal(&app).await;
    for reason in ["", "    ", "ok", "soon"] {
        let res = ben
            .post(app.url(&format!("/api/v1/registrations/{id}/extension-request")))
            .json(&json!({ "reason": reason }))
            .send()
            .await
            .unwrap();
        let msg = field_error(res, "reason").await;
        assert!(msg.contains("at least 5"), "{reason:?}: {msg}");
    }
    let (pending,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM extension_requests WHERE registration_id = $1")
            .bind(id)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(pending, 0, "a refused request was stored");
    let res = ben
        .post(app.url(&format!("/api/v1/registrations/{id}/extension-request")))
        .json(&json!({ "reason": "Legal review" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
}
