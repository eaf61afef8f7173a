//! Commissions end to end through the API: a won deal earns its lines by the plan in force,
//! managers decide them, statements take them once and are paid, and each partner sees only
//! what is its own.

use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// Marks `id` won in euros: the demo has no euro lines for these tests' statements to meet.
async fn won(
    app: &TestApp,
    maya: &Client,
    id: i64,
    value_minor: i64,
    close: &str,
) -> reqwest::Response {
    maya.post(app.url(&format!("/api/v1/manage/registrations/{id}/won")))
        .json(&json!({ "first_year_value_minor": value_minor, "currency": "EUR", "close_date": close }))
        .send()
        .await
        .unwrap()
}

async fn lines_of(app: &TestApp, client: &Client, id: i64) -> Vec<Value> {
    let res = client
        .get(app.url(&format!("/api/v1/registrations/{id}/commissions")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    json_body(res).await.as_array().unwrap().clone()
}

async fn decide(app: &TestApp, maya: &Client, body: Value) -> reqwest::Response {
    maya.post(app.url("/api/v1/manage/commissions/decisions"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// `GET /api/v1/commissions` as `email`.
async fn commissions_page(app: &TestApp, email: &str) -> Value {
    let client = client_for(app, email).await;
    json_body(
        client
            .get(app.url("/api/v1/commissions"))
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn partner_id(app: &TestApp, name: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM partners WHERE name = $1")
        .bind(name)
        .fetch_one(&app.db)
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn a_won_deal_earns_the_gold_plan_in_force_on_its_close_date() {
    let app = spawn_app().await;
    let maya = client_for(&app, "maya@portico.example").await;
    let ben = client_for(&app, "ben@vertex.example").await;
    // Globex: Ben's approved reseller deal, sourced at 100 %, Vertex is Gold (10 % rebate).
    let globex = id_of(&app, "globex.com").await;

    let res = won(&app, &maya, globex, 12_000_055, "2026-11-15").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json_body(res).await["status"], "won");

    let lines = lines_of(&app, &ben, globex).await;
    assert_eq!(lines.len(), 1, "{lines:?}");
    let line = &lines[0];
    assert_eq!(line["kind"], "base");
    assert_eq!(line["plan_kind"], "reseller_rebate");
    assert_eq!(line["rate_bp"], 1000);
    assert_eq!(line["attribution_percent"], 100);
    assert_eq!(line["base_minor"], 12_000_055);
    // 10 % of 120 000.55 = 12 000.055 → 12 000.06 (half away from zero).
    assert_eq!(line["amount_minor"], 1_200_006);
    assert_eq!(line["status"], "new");
    assert!(line.get("internal_note").is_none());

    // Marking it won again earns nothing more.
    let again = won(&app, &maya, globex, 99_000_000, "2026-11-16").await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(lines_of(&app, &ben, globex).await.len(), 1);
}

#[tokio::test]
async fn only_an_approved_registration_can_be_marked_won_and_the_form_is_checked() {
    let app = spawn_app().await;
    let maya = client_for(&app, "maya@portico.example").await;
    let initech = id_of(&app, "initech.com").await; // submitted
    let res = won(&app, &maya, initech, 100_000, "2026-11-15").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(
        json_body(res).await["message"],
        "Only an approved registration can be marked won."
    );

    let globex = id_of(&app, "globex.com").await;
    let res = maya
        .post(app.url(&format!("/api/v1/manage/registrations/{globex}/won")))
        .json(&json!({ "first_year_value_minor": 0, "currency": "us", "close_date": "15.11.2026" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json_body(res).await;
    for field in ["first_year_value_minor", "currency", "close_date"] {
        assert!(body["fields"][field].is_string(), "{field}: {body}");
    }
    let ben = client_for(&app, "ben@vertex.example").await;
    assert!(lines_of(&app, &ben, globex).await.is_empty());
}

#[tokio::test]
async fn two_managers_marking_one_deal_won_at_once_earn_it_once() {
    let app = spawn_app().await;
    let maya = client_for(&app, "maya@portico.example").await;
    let globex = id_of(&app, "globex.com").await;
    let (a, b) = tokio::join!(
        won(&app, &maya, globex, 5_000_000, "2026-11-15"),
        won(&app, &maya, globex, 5_000_000, "2026-11-15"),
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM commission_lines WHERE registration_id = $1")
            .bind(globex)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn a_declined_line_tells_the_partner_why_and_changes_no_more() {
    let app = spawn_app().await;
    let maya = client_for(&app, "maya@portico.example").await;
    let ben = client_for(&app, "ben@vertex.example").await;
    let globex = id_of(&app, "globex.com").await;
    assert_eq!(
        won(&app, &maya, globex, 1_000_000, "2026-11-15")
            .await
            .status(),
        StatusCode::OK
    );
    let id = lines_of(&app, &ben, globex).await[0]["id"]
        .as_i64()
        .unwrap();

    let res = decide(&app, &maya, json!({ "ids": [id], "action": "decline" })).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a decline needs a reason"
    );
    let res = decide(
        &app,
        &maya,
        json!({ "ids": [id], "action": "decline", "reason": "The order was placed through another reseller." }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let line = &lines_of(&app, &ben, globex).await[0];
    assert_eq!(line["status"], "declined");
    assert_eq!(
        line["decline_reason"],
        "The order was placed through another reseller."
    );

    let res = decide(&app, &maya, json!({ "ids": [id], "action": "approve" })).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(
        json_body(res).await["message"]
            .as_str()
            .unwrap()
            .contains("declined")
    );
}

#[tokio::test]
async fn a_bulk_decision_changes_all_lines_or_none() {
    let app = spawn_app().await;
    let maya = client_for(&app, "maya@portico.example").await;
    let ben = client_for(&app, "ben@vertex.example").await;
    let globex = id_of(&app, "globex.com").await;
    let umbrella = id_of(&app, "umbrella-health.co.uk").await;
    for id in [globex, umbrella] {
        assert_eq!(
            won(&app, &maya, id, 2_000_000, "2026-11-15").await.status(),
            StatusCode::OK
        );
    }
    let a = lines_of(&app, &ben, globex).await[0]["id"]
        .as_i64()
        .unwrap();
    let b = lines_of(&app, &ben, umbrella).await[0]["id"]
        .as_i64()
        .unwrap();
    // b is put on hold, then declined; a bulk approve of both is refused whole.
    assert_eq!(
        decide(&app, &maya, json!({ "ids": [b], "action": "hold" }))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        decide(
            &app,
            &maya,
            json!({ "ids": [b], "action": "decline", "reason": "Duplicate of an earlier order." })
        )
        .await
        .status(),
        StatusCode::OK
    );
    let res = decide(&app, &maya, json!({ "ids": [a, b], "action": "approve" })).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(lines_of(&app, &ben, globex).await[0]["status"], "new");

    let res = decide(&app, &maya, json!({ "ids": [a], "action": "approve" })).await;
    assert_eq!(res.status(), StatusCode::OK);
    let changed = json_body(res).await;
    assert_eq!(changed[0]["status"], "approved");
    assert_eq!(changed[0]["partner_name"], "Vertex Cloud Solutions");

    let history: Vec<(String,)> = sqlx::query_as(
        "SELECT action FROM audit_events WHERE entity = 'commission_line' AND entity_id = $1 ORDER BY id",
    )
    .bind(b)
    .fetch_all(&app.db)
    .await
    .unwrap();
    let history: Vec<&str> = history.iter().map(|(a,)| a.as_str()).collect();
    assert_eq!(
        history,
        ["commission_line_held", "commission_line_declined"]
    );
}

#[tokio::test]
async fn a_statement_takes_the_approved_lines_once_and_its_payout_marks_them_paid() {
    let app = spawn_app().await;
    let maya = client_for(&app, "maya@portico.example").await;
    let ava = client_for(&app, "ava@vertex.example").await;
    let ben = client_for(&app, "ben@vertex.example").await;
    let cara = client_for(&app, "cara@bluepeak.example").await;
    let vertex = partner_id(&app, "Vertex Cloud Solutions").await;
    let globex = id_of(&app, "globex.com").await;
    assert_eq!(
        won(&app, &maya, globex, 12_000_000, "2026-11-15")
            .await
            .status(),
        StatusCode::OK
    );
    let line = lines_of(&app, &ben, globex).await[0]["id"]
        .as_i64()
        .unwrap();
    let issue = json!({ "partner_id": vertex, "period": "2026-11", "currency": "EUR" });

    // Nothing approved yet: nothing to state.
    let res = maya
        .post(app.url("/api/v1/manage/commissions/statements"))
        .json(&issue)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(
        json_body(res).await["message"],
        "No approved commission line in EUR waits for a statement for 2026-11."
    );

    assert_eq!(
        decide(&app, &maya, json!({ "ids": [line], "action": "approve" }))
            .await
            .status(),
        StatusCode::OK
    );
    // A statement for October does not take a November line.
    let october = json!({ "partner_id": vertex, "period": "2026-10", "currency": "EUR" });
    let res = maya
        .post(app.url("/api/v1/manage/commissions/statements"))
        .json(&october)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);

    let res = maya
        .post(app.url("/api/v1/manage/commissions/statements"))
        .json(&issue)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let statement = json_body(res).await;
    let id = statement["id"].as_i64().unwrap();
    assert_eq!(statement["total_minor"], 1_200_000);
    assert_eq!(statement["lines"].as_array().unwrap().len(), 1);
    assert!(statement["paid_on"].is_null());

    let res = maya
        .post(app.url("/api/v1/manage/commissions/statements"))
        .json(&issue)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT, "issued once");

    // Partner admins read it; their users do not; another company cannot tell it exists.
    let path = format!("/api/v1/commissions/statements/{id}");
    assert_eq!(
        ava.get(app.url(&path)).send().await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        ben.get(app.url(&path)).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        cara.get(app.url(&path)).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );

    let res = maya
        .post(app.url(&format!("/api/v1/manage/commissions/statements/{id}/paid")))
        .json(&json!({ "payout_reference": "", "paid_on": "2026-12-05" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = maya
        .post(app.url(&format!("/api/v1/manage/commissions/statements/{id}/paid")))
        .json(&json!({ "payout_reference": "PAY-2026-11-001", "paid_on": "2026-12-05" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let paid = json_body(res).await;
    assert_eq!(paid["paid_on"], "2026-12-05");
    assert_eq!(paid["lines"][0]["status"], "paid");
    let res = maya
        .post(app.url(&format!("/api/v1/manage/commissions/statements/{id}/paid")))
        .json(&json!({ "payout_reference": "PAY-AGAIN", "paid_on": "2026-12-06" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);

    let csv = ava
        .get(app.url(&format!("{path}/csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(
        csv.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("portico-statement-2026-11-EUR.csv")
    );
    let text = csv.text().await.unwrap();
    assert!(text.contains("Globex Corporation"), "{text}");

    // The partner's page: the line paid, the statement listed for the admin only.
    let page = json_body(
        ava.get(app.url("/api/v1/commissions"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        page["statements"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == id)
    );
    assert!(
        page["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["id"] == line && l["status"] == "paid")
    );
    let page = json_body(
        ben.get(app.url("/api/v1/commissions"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(page["statements"].as_array().unwrap().is_empty());
    assert!(
        page["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["id"] == line)
    );
}

#[tokio::test]
async fn partners_see_only_their_own_lines_and_a_partner_user_only_those_it_may_see() {
    let app = spawn_app().await;
    let maya = client_for(&app, "maya@portico.example").await;
    let globex = id_of(&app, "globex.com").await; // Ben's
    assert_eq!(
        won(&app, &maya, globex, 3_000_000, "2026-11-15")
            .await
            .status(),
        StatusCode::OK
    );
    let ids = |v: &Value| -> Vec<i64> {
        v["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["registration_id"].as_i64().unwrap())
            .collect()
    };
    let ava = commissions_page(&app, "ava@vertex.example").await;
    let ben = commissions_page(&app, "ben@vertex.example").await;
    let cara = commissions_page(&app, "cara@bluepeak.example").await;
    let stark = id_of(&app, "starklogistics.com").await;
    // Ava (admin) sees the company's: Ben's Globex and her demo Stark deal (won in the seed).
    assert!(
        ids(&ava).contains(&globex) && ids(&ava).contains(&stark),
        "{ava}"
    );
    // Ben sees his own Globex, not Ava's Stark.
    assert!(
        ids(&ben).contains(&globex) && !ids(&ben).contains(&stark),
        "{ben}"
    );
    assert!(
        !ids(&cara).contains(&globex) && !ids(&cara).contains(&stark),
        "{cara}"
    );
    // Another company's registration's lines answer 404, like a missing registration.
    let res = client_for(&app, "cara@bluepeak.example")
        .await
        .get(app.url(&format!("/api/v1/registrations/{globex}/commissions")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // The projection is an estimate over approved open registrations (Umbrella is still open).
    assert!(
        ben["projection"]["deals_counted"].as_u64().unwrap() >= 1,
        "{ben}"
    );
}

#[tokio::test]
async fn the_demo_partner_has_a_paid_statement_from_its_won_deal() {
    let app = spawn_app().await;
    let ava = client_for(&app, "ava@vertex.example").await;
    let page = json_body(
        ava.get(app.url("/api/v1/commissions"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let statements = page["statements"].as_array().unwrap();
    let paid = statements
        .iter()
        .find(|s| s["currency"] == "CAD")
        .expect("the CAD statement");
    assert!(
        paid["payout_reference"]
            .as_str()
            .unwrap()
            .starts_with("PAY-")
    );
    assert!(
        paid["paid_on"].as_str().unwrap() >= paid["issued_on"].as_str().unwrap(),
        "{paid}"
    );
    // Every status shows somewhere in the demo, with a clawback and a SPIFF.
    let maya = client_for(&app, "maya@portico.example").await;
    let all = json_body(
        maya.get(app.url("/api/v1/manage/commissions?status=all"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let lines = all.as_array().unwrap();
    for status in ["new", "on_hold", "declined", "approved", "paid"] {
        assert!(
            lines.iter().any(|l| l["status"] == status),
            "{status}: {all}"
        );
    }
    assert!(lines.iter().any(|l| l["kind"] == "spiff"), "{all}");
    assert!(
        lines
            .iter()
            .any(|l| l["kind"] == "adjustment" && l["amount_minor"].as_i64().unwrap() < 0),
        "{all}"
    );
}

#[tokio::test]
async fn last_months_statements_are_issued_on_schedule_once_on_every_instance() {
    let app = spawn_app().await;
    let maya = client_for(&app, "maya@portico.example").await;
    let ben = client_for(&app, "ben@vertex.example").await;
    let globex = id_of(&app, "globex.com").await;
    assert_eq!(
        won(&app, &maya, globex, 1_000_000, "2026-11-15")
            .await
            .status(),
        StatusCode::OK
    );
    let line = lines_of(&app, &ben, globex).await[0]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        decide(&app, &maya, json!({ "ids": [line], "action": "approve" }))
            .await
            .status(),
        StatusCode::OK
    );

    // 2026-12-01 00:00 UTC: November is over. The day before, nothing was due yet.
    let december = 1_796_083_200;
    assert_eq!(
        api::commissions::issue_due(&app.db, december - 86_400)
            .await
            .unwrap(),
        0
    );
    // Two instances run the schedule at once: each due statement is issued once (the demo's
    // own November lines are due too).
    let due = api::commissions::due_statements(&app.db, "2026-11-30")
        .await
        .unwrap();
    assert!(due.iter().any(|(_, c)| c == "EUR"));
    let (a, b) = tokio::join!(
        api::commissions::issue_due(&app.db, december),
        api::commissions::issue_due(&app.db, december),
    );
    assert_eq!(a.unwrap() + b.unwrap(), due.len());
    let (n, statement): (i64, Option<i64>) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM commission_statements WHERE period = '2026-11' AND currency = 'EUR'), statement_id
           FROM commission_lines WHERE id = $1",
    )
    .bind(line)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(n, 1);
    assert!(statement.is_some());
}

#[tokio::test]
async fn a_clawback_nets_a_paid_line_to_zero_once_and_a_negative_balance_is_carried_forward() {
    let app = spawn_app().await;
    let maya = client_for(&app, "maya@portico.example").await;
    let ava = client_for(&app, "ava@vertex.example").await;
    let vertex = partner_id(&app, "Vertex Cloud Solutions").await;
    let globex = id_of(&app, "globex.com").await;
    assert_eq!(
        won(&app, &maya, globex, 10_000_000, "2026-11-10")
            .await
            .status(),
        StatusCode::OK
    );
    let line = lines_of(&app, &ava, globex).await[0].clone();
    let id = line["id"].as_i64().unwrap();
    let claw = |reversed_on: &'static str| {
        let maya = maya.clone();
        let url = app.url(&format!("/api/v1/manage/commissions/lines/{id}/clawback"));
        async move {
            maya.post(url)
                .json(&json!({ "reason": "The customer cancelled in its first month.", "reversed_on": reversed_on }))
                .send()
                .await
                .unwrap()
        }
    };
    // A new line is declined, not clawed back.
    let res = claw("2026-11-20").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);

    assert_eq!(
        decide(&app, &maya, json!({ "ids": [id], "action": "approve" }))
            .await
            .status(),
        StatusCode::OK
    );
    let issue = |period: &'static str| {
        let maya = maya.clone();
        let url = app.url("/api/v1/manage/commissions/statements");
        async move {
            maya.post(url)
                .json(&json!({ "partner_id": vertex, "period": period, "currency": "EUR" }))
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(issue("2026-11").await.status(), StatusCode::CREATED);

    // After the program's 180-day window: nothing is taken back.
    let res = claw("2027-06-01").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(
        json_body(res).await["message"]
            .as_str()
            .unwrap()
            .contains("180 days")
    );

    let res = claw("2026-12-03").await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let adjustment = json_body(res).await;
    assert_eq!(adjustment["kind"], "adjustment");
    assert_eq!(adjustment["status"], "approved");
    assert_eq!(
        adjustment["amount_minor"].as_i64().unwrap() + line["amount_minor"].as_i64().unwrap(),
        0,
        "the clawback nets its line to zero"
    );
    assert_eq!(
        claw("2026-12-04").await.status(),
        StatusCode::CONFLICT,
        "once"
    );

    // The partner reads why.
    let lines = lines_of(&app, &ava, globex).await;
    let seen = lines.iter().find(|l| l["kind"] == "adjustment").unwrap();
    assert_eq!(
        seen["decline_reason"],
        "The customer cancelled in its first month."
    );

    // December's statement nets to a negative balance: it pays nothing and carries it on.
    let res = issue("2026-12").await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let december = json_body(res).await;
    assert_eq!(december["total_minor"], 0);
    assert_eq!(december["carry_forward_minor"], -1_000_000);
    let res = issue("2027-01").await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "January takes the carried balance"
    );
    let january = json_body(res).await;
    assert_eq!(january["adjustments_minor"], -1_000_000);
    assert_eq!(january["carry_forward_minor"], -1_000_000);
}
