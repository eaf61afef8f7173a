//! The shared pipeline and the proof that partners only ever receive safe fields: stage rules,
//! the shared-field setting, mass assignment, an authorization matrix over every documented
//! endpoint, and a canary sweep for internal data.

use crate::helpers::*;
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;

async fn reg_id(app: &TestApp, domain: &str, partner: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as(
        "SELECT r.id FROM registrations r JOIN partners p ON p.id = r.partner_id WHERE r.customer_domain = $1 AND p.name = $2",
    )
    .bind(domain)
    .bind(partner)
    .fetch_one(&app.db)
    .await
    .unwrap();
    id
}

#[tokio::test]
async fn partners_see_their_deals_with_only_the_shared_fields() {
    let app = spawn_app().await;
    let ben = client_for(&app, "ben@vertex.example").await;
    let view = json_body(ben.get(app.url("/api/v1/pipeline")).send().await.unwrap()).await;
    assert_eq!(view["shared_fields"].as_array().unwrap().len(), 5);
    let customers: Vec<&str> = view["deals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["customer"].as_str().unwrap())
        .collect();
    assert!(customers.contains(&"Globex Corporation"));
    assert!(
        !customers.contains(&"Initech LLC"),
        "a partner user sees only their own"
    );
    assert!(
        !customers.iter().any(|c| c.contains("Nordwind")),
        "never another partner's"
    );

    let maya = client_for(&app, "maya@portico.example").await;
    let res = maya
        .put(app.url("/api/v1/manage/program/shared-fields"))
        .json(&json!({ "fields": ["stage", "protection"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let view = json_body(ben.get(app.url("/api/v1/pipeline")).send().await.unwrap()).await;
    assert_eq!(view["shared_fields"], json!(["stage", "protection"]));
    let globex = view["deals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["customer"] == "Globex Corporation")
        .unwrap()
        .clone();
    assert_eq!(globex["stage"], "Qualification");
    assert!(globex["protection_end"].is_i64());
    assert!(
        globex["vendor_owner"].is_null()
            && globex["next_step"].is_null()
            && globex["last_activity_at"].is_null()
    );

    let res = maya
        .put(app.url("/api/v1/manage/program/shared-fields"))
        .json(&json!({ "fields": ["internal_notes"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "internal fields can never be shared"
    );
}

#[tokio::test]
async fn stage_changes_follow_the_motion_and_need_a_next_step() {
    let app = spawn_app().await;
    let maya = client_for(&app, "maya@portico.example").await;
    let id = reg_id(&app, "globex.com", "Vertex Cloud Solutions").await;
    let url = app.url(&format!("/api/v1/manage/registrations/{id}"));
    let patch = |body: Value| maya.patch(&url).json(&body).send();

    let skip = patch(json!({ "stage": "Transact", "next_step": "Sign" }))
        .await
        .unwrap();
    assert_eq!(skip.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let msg = json_body(skip).await["fields"]["stage"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        msg.contains("one stage at a time") && msg.contains("Configure & Quote"),
        "{msg}"
    );

    let no_step = patch(json!({ "stage": "Configure & Quote" }))
        .await
        .unwrap();
    assert_eq!(no_step.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json_body(no_step).await["fields"]["next_step"].is_string());

    let ok = patch(json!({ "stage": "Configure & Quote", "next_step": "Send the quote", "internal_notes": "Push for Q1" }))
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let deal = json_body(ok).await;
    assert_eq!(deal["deal"]["stage"], "Configure & Quote");
    assert_eq!(deal["internal"]["internal_notes"], "Push for Q1");

    // The partner sees the movement in the history, never the internal edit.
    let ben = client_for(&app, "ben@vertex.example").await;
    let text = ben
        .get(app.url(&format!("/api/v1/registrations/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("audit.stage_changed") && text.contains("Qualification → Configure & Quote")
    );
    assert!(!text.contains("Push for Q1"));

    let submitted = reg_id(&app, "initech.com", "Vertex Cloud Solutions").await;
    let res = maya
        .patch(app.url(&format!("/api/v1/manage/registrations/{submitted}")))
        .json(&json!({ "stage": "Solution Design", "next_step": "x" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let unknown = maya
        .patch(&url)
        .json(&json!({ "price": 5 }))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_partner_request_carrying_internal_fields_changes_none_of_them() {
    let app = spawn_app().await;
    let ava = client_for(&app, "ava@vertex.example").await;
    let mut body = registration("massassign");
    for (k, v) in [
        ("internal_notes", json!("partner wrote this")),
        ("competitor_notes", json!("x")),
        ("discount_band", json!("Tier Z")),
        ("margin_percent", json!(99)),
        ("deal_amount_minor", json!(1)),
        ("status", json!("approved")),
        ("partner_id", json!(2)),
    ] {
        body[k] = v;
    }
    let res = ava
        .post(app.url("/api/v1/registrations"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = json_body(res).await["id"].as_i64().unwrap();
    type Stored = (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<i64>,
        Option<i64>,
        String,
        String,
    );
    let row: Stored = sqlx::query_as(
        "SELECT r.internal_notes, r.competitor_notes, r.discount_band, r.margin_percent, r.deal_amount_minor, r.status, p.name
           FROM registrations r JOIN partners p ON p.id = r.partner_id WHERE r.id = $1",
    )
    .bind(id)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(
        row,
        (
            None,
            None,
            None,
            None,
            None,
            "submitted".into(),
            "Vertex Cloud Solutions".into()
        )
    );
    // And partners have no way to patch a deal at all.
    let res = ava
        .patch(app.url(&format!("/api/v1/manage/registrations/{id}")))
        .json(&json!({ "internal_notes": "x" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

// ---------------------------------------------------------------------------------------------
// Authorization matrix

const ROLES: [&str; 6] = [
    "anonymous",
    "ben@vertex.example",
    "ava@vertex.example",
    "cara@bluepeak.example",
    "dan@ironclad.example",
    "maya@portico.example",
];

/// One endpoint: expected status per role (anonymous; Gold partner user Ben; Gold partner admin
/// Ava; Silver admin Cara; Bronze admin Dan; channel manager Maya) × record (A: Ben's own
/// approved deal, B: his colleague Ava's submitted one, C: Cara's submitted one at BluePeak).
/// Endpoints without an id use column A only. `sees`, for a list, names per role which of the
/// records A, B, C its answer holds ("-" none); partners' lists are also checked to hold only
/// their own company's registrations.
struct Row {
    method: &'static str,
    path: &'static str,
    body: fn() -> Option<Value>,
    expect: [[u16; 3]; 6],
    sees: Option<[&'static str; 6]>,
}

fn none() -> Option<Value> {
    None
}

/// The same status for every record, per role.
const fn same(anon: u16, ben: u16, ava: u16, cara: u16, dan: u16, maya: u16) -> [[u16; 3]; 6] {
    [
        [anon; 3], [ben; 3], [ava; 3], [cara; 3], [dan; 3], [maya; 3],
    ]
}

fn matrix() -> Vec<Row> {
    vec![
        Row {
            method: "POST",
            path: "/api/v1/session",
            body: || Some(json!({ "email": "dan@ironclad.example", "password": PASSWORD })),
            sees: None,
            expect: same(200, 200, 200, 200, 200, 200),
        },
        Row {
            method: "DELETE",
            path: "/api/v1/session",
            body: none,
            sees: None,
            expect: same(204, 204, 204, 204, 204, 204),
        },
        Row {
            method: "GET",
            path: "/api/v1/me",
            body: none,
            sees: None,
            expect: same(401, 200, 200, 200, 200, 200),
        },
        Row {
            method: "GET",
            path: "/api/v1/openapi.json",
            body: none,
            sees: None,
            expect: same(200, 200, 200, 200, 200, 200),
        },
        Row {
            method: "GET",
            path: "/api/v1/registrations/options",
            body: none,
            sees: None,
            expect: same(401, 200, 200, 200, 200, 403),
        },
        Row {
            method: "POST",
            path: "/api/v1/registrations/check",
            body: || Some(json!({ "customer_domain": "matrix.test" })),
            sees: None,
            expect: same(401, 200, 200, 200, 200, 403),
        },
        Row {
            method: "GET",
            path: "/api/v1/registrations",
            body: none,
            sees: Some(["-", "A", "AB", "C", "-", "ABC"]),
            expect: same(401, 200, 200, 200, 200, 200),
        },
        Row {
            method: "POST",
            path: "/api/v1/registrations",
            body: || Some(registration("matrix")),
            sees: None,
            expect: same(401, 201, 201, 201, 201, 403),
        },
        Row {
            method: "GET",
            path: "/api/v1/registrations/{id}",
            body: none,
            sees: None,
            expect: [
                [401; 3],
                [200, 404, 404],
                [200, 200, 404],
                [404, 404, 200],
                [404; 3],
                [200, 200, 200],
            ],
        },
        Row {
            method: "POST",
            path: "/api/v1/registrations/{id}/extension-request",
            body: || Some(json!({ "reason": "Procurement needs more time." })),
            sees: None,
            expect: [
                [401; 3],
                [202, 404, 404],
                [202, 409, 404],
                [404, 404, 409],
                [404; 3],
                [403; 3],
            ],
        },
        Row {
            method: "GET",
            path: "/api/v1/manage/registrations",
            body: none,
            sees: Some(["-", "-", "-", "-", "-", "ABC"]),
            expect: same(401, 403, 403, 403, 403, 200),
        },
        Row {
            method: "POST",
            path: "/api/v1/manage/registrations/{id}/approve",
            body: none,
            sees: None,
            expect: [
                [401; 3],
                [403; 3],
                [403; 3],
                [403; 3],
                [403; 3],
                [409, 200, 200],
            ],
        },
        Row {
            method: "POST",
            path: "/api/v1/manage/registrations/{id}/reject",
            body: || Some(json!({ "reason": "Direct account." })),
            sees: None,
            expect: [
                [401; 3],
                [403; 3],
                [403; 3],
                [403; 3],
                [403; 3],
                [409, 200, 200],
            ],
        },
        Row {
            method: "POST",
            path: "/api/v1/manage/registrations/{id}/extend",
            body: || Some(json!({ "days": 30 })),
            sees: None,
            expect: [
                [401; 3],
                [403; 3],
                [403; 3],
                [403; 3],
                [403; 3],
                [200, 409, 409],
            ],
        },
        Row {
            method: "POST",
            path: "/api/v1/manage/registrations/{id}/won",
            body: || {
                Some(
                    json!({ "first_year_value_minor": 12_000_000, "currency": "USD", "close_date": "2026-11-15" }),
                )
            },
            sees: None,
            expect: [
                [401; 3],
                [403; 3],
                [403; 3],
                [403; 3],
                [403; 3],
                [200, 409, 409],
            ],
        },
        Row {
            method: "GET",
            path: "/api/v1/registrations/{id}/commissions",
            body: none,
            sees: None,
            expect: [
                [401; 3],
                [200, 404, 404],
                [200, 200, 404],
                [404, 404, 200],
                [404; 3],
                [200, 200, 200],
            ],
        },
        Row {
            method: "GET",
            path: "/api/v1/commissions",
            body: none,
            sees: None,
            expect: same(401, 200, 200, 200, 200, 403),
        },
        Row {
            method: "GET",
            path: "/api/v1/manage/partners",
            body: none,
            sees: None,
            expect: same(401, 403, 403, 403, 403, 200),
        },
        // Partner records: A Vertex, B BluePeak, C Ironclad.
        Row {
            method: "GET",
            path: "/api/v1/manage/partners/{id}",
            body: none,
            sees: None,
            expect: same(401, 403, 403, 403, 403, 200),
        },
        // Statement records: A and B Vertex's (paid), C BluePeak's (unpaid).
        Row {
            method: "GET",
            path: "/api/v1/commissions/statements/{id}",
            body: none,
            sees: None,
            expect: [
                [401; 3],
                [403; 3],
                [200, 200, 404],
                [404, 404, 200],
                [404; 3],
                [403; 3],
            ],
        },
        Row {
            method: "GET",
            path: "/api/v1/commissions/statements/{id}/csv",
            body: none,
            sees: None,
            expect: [
                [401; 3],
                [403; 3],
                [200, 200, 404],
                [404, 404, 200],
                [404; 3],
                [403; 3],
            ],
        },
        Row {
            method: "GET",
            path: "/api/v1/manage/commissions",
            body: none,
            sees: None,
            expect: same(401, 403, 403, 403, 403, 200),
        },
        Row {
            method: "POST",
            path: "/api/v1/manage/commissions/decisions",
            // No such line: the role is refused before, the line looked up after.
            body: || Some(json!({ "ids": [1], "action": "approve" })),
            sees: None,
            expect: same(401, 403, 403, 403, 403, 404),
        },
        Row {
            method: "POST",
            path: "/api/v1/manage/commissions/lines/{id}/clawback",
            body: || {
                Some(
                    json!({ "reason": "The customer cancelled in its first month.", "reversed_on": "2026-12-01" }),
                )
            },
            sees: None,
            expect: [
                [401; 3],
                [403; 3],
                [403; 3],
                [403; 3],
                [403; 3],
                [201, 201, 201],
            ],
        },
        Row {
            method: "GET",
            path: "/api/v1/manage/commissions/statements",
            body: none,
            sees: None,
            expect: same(401, 403, 403, 403, 403, 200),
        },
        Row {
            method: "POST",
            path: "/api/v1/manage/commissions/statements",
            // Vertex has no approved euro line waiting: nothing to state.
            body: || {
                Some(json!({ "partner_id": VERTEX_ID, "period": "2026-11", "currency": "EUR" }))
            },
            sees: None,
            expect: same(401, 403, 403, 403, 403, 409),
        },
        Row {
            method: "GET",
            path: "/api/v1/manage/commissions/statements/{id}",
            body: none,
            sees: None,
            expect: [
                [401; 3],
                [403; 3],
                [403; 3],
                [403; 3],
                [403; 3],
                [200, 200, 200],
            ],
        },
        Row {
            method: "POST",
            path: "/api/v1/manage/commissions/statements/{id}/paid",
            body: || Some(json!({ "payout_reference": "PAY-MATRIX-1", "paid_on": "2026-12-01" })),
            sees: None,
            expect: [
                [401; 3],
                [403; 3],
                [403; 3],
                [403; 3],
                [403; 3],
                [409, 409, 200],
            ],
        },
        Row {
            method: "PATCH",
            path: "/api/v1/manage/registrations/{id}",
            body: || Some(json!({ "stage": "Configure & Quote", "next_step": "Send the quote" })),
            sees: None,
            expect: [
                [401; 3],
                [403; 3],
                [403; 3],
                [403; 3],
                [403; 3],
                [200, 409, 409],
            ],
        },
        Row {
            method: "GET",
            path: "/api/v1/pipeline",
            body: none,
            sees: Some(["-", "A", "AB", "C", "-", "-"]),
            expect: same(401, 200, 200, 200, 200, 403),
        },
        Row {
            method: "GET",
            path: "/api/v1/manage/pipeline",
            body: none,
            sees: Some(["-", "-", "-", "-", "-", "ABC"]),
            expect: same(401, 403, 403, 403, 403, 200),
        },
        Row {
            method: "GET",
            path: "/api/v1/manage/program/shared-fields",
            body: none,
            sees: None,
            expect: same(401, 403, 403, 403, 403, 200),
        },
        Row {
            method: "PUT",
            path: "/api/v1/manage/program/shared-fields",
            body: || Some(json!({ "fields": ["stage"] })),
            sees: None,
            expect: same(401, 403, 403, 403, 403, 200),
        },
        // Library rows: {id} is an asset — A bronze, B silver, C gold (Ben and Ava are Gold).
        Row {
            method: "GET",
            path: "/api/v1/library",
            body: none,
            sees: Some(["-", "ABC", "ABC", "AB", "A", "ABC"]),
            expect: same(401, 200, 200, 200, 200, 200),
        },
        Row {
            method: "GET",
            path: "/api/v1/library/assets/{id}",
            body: none,
            sees: None,
            expect: [
                [401; 3],
                [200; 3],
                [200; 3],
                [200, 200, 404],
                [200, 404, 404],
                [200; 3],
            ],
        },
        Row {
            method: "GET",
            path: "/api/v1/manage/library",
            body: none,
            sees: Some(["-", "-", "-", "-", "-", "ABC"]),
            expect: same(401, 403, 403, 403, 403, 200),
        },
        Row {
            method: "POST",
            path: "/api/v1/manage/library",
            body: || Some(asset_input("Matrix play")),
            sees: None,
            expect: same(401, 403, 403, 403, 403, 201),
        },
        Row {
            method: "GET",
            path: "/api/v1/manage/library/{id}",
            body: none,
            sees: None,
            expect: same(401, 403, 403, 403, 403, 200),
        },
        Row {
            method: "PUT",
            path: "/api/v1/manage/library/{id}",
            body: || Some(asset_input("Matrix edit")),
            sees: None,
            expect: same(401, 403, 403, 403, 403, 200),
        },
        Row {
            method: "POST",
            path: "/api/v1/manage/library/{id}/retire",
            body: none,
            sees: None,
            expect: same(401, 403, 403, 403, 403, 200),
        },
        Row {
            method: "POST",
            path: "/api/v1/manage/library/{id}/restore",
            body: none,
            sees: None,
            expect: same(401, 403, 403, 403, 403, 200),
        },
        // Home rows: {id} is an announcement — A for every tier (asks for acknowledgement),
        // B for Silver only, C for Gold only (no acknowledgement). Ben and Ava are Gold.
        Row {
            method: "GET",
            path: "/api/v1/home",
            body: none,
            sees: None,
            expect: same(401, 200, 200, 200, 200, 403),
        },
        Row {
            method: "GET",
            path: "/api/v1/announcements",
            body: none,
            sees: Some(["-", "AC", "AC", "AB", "A", "-"]),
            expect: same(401, 200, 200, 200, 200, 403),
        },
        Row {
            method: "POST",
            path: "/api/v1/announcements/{id}/read",
            body: none,
            sees: None,
            expect: [
                [401; 3],
                [200, 404, 200],
                [200, 404, 200],
                [200, 200, 404],
                [200, 404, 404],
                [403; 3],
            ],
        },
        Row {
            method: "POST",
            path: "/api/v1/announcements/{id}/acknowledge",
            body: none,
            sees: None,
            expect: [
                [401; 3],
                [200, 404, 409],
                [200, 404, 409],
                [200, 409, 404],
                [200, 404, 404],
                [403; 3],
            ],
        },
        Row {
            method: "POST",
            path: "/api/v1/partner/profile/confirm",
            body: none,
            sees: None,
            expect: same(401, 403, 200, 200, 200, 403),
        },
        Row {
            method: "GET",
            path: "/api/v1/manage/announcements",
            body: none,
            sees: Some(["-", "-", "-", "-", "-", "ABC"]),
            expect: same(401, 403, 403, 403, 403, 200),
        },
        // The embedded form's settings: partner admins only.
        Row {
            method: "GET",
            path: "/api/v1/partner/embed",
            body: none,
            sees: None,
            expect: same(401, 403, 200, 200, 200, 403),
        },
        Row {
            method: "PUT",
            path: "/api/v1/partner/embed/origins",
            body: || Some(json!({ "origins": ["https://matrix.example"] })),
            sees: None,
            expect: same(401, 403, 200, 200, 200, 403),
        },
        Row {
            method: "POST",
            path: "/api/v1/partner/embed/key",
            body: none,
            sees: None,
            expect: same(401, 403, 200, 200, 200, 403),
        },
        // The embed's public endpoints ({key}: Vertex's key) ignore who is signed in: without a
        // website's Origin everyone is refused alike.
        Row {
            method: "GET",
            path: "/api/v1/embed/{key}/config",
            body: none,
            sees: None,
            expect: same(403, 403, 403, 403, 403, 403),
        },
        Row {
            method: "POST",
            path: "/api/v1/embed/{key}/registrations",
            body: || Some(json!({ "token": "0.0.0", "registration": registration("matrix") })),
            sees: None,
            expect: same(403, 403, 403, 403, 403, 403),
        },
    ]
}

/// Vertex's embed key (created, as Ava, if it does not exist yet).
async fn embed_key(app: &TestApp) -> String {
    let (partner, ava): (i64, i64) =
        sqlx::query_as("SELECT partner_id, id FROM users WHERE email = 'ava@vertex.example'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    api::embed::ensure(&app.db, partner, ava).await.unwrap().key
}

/// Announcements for every tier, for Silver only and for Gold only.
async fn announcement_records(app: &TestApp) -> [i64; 3] {
    let mut out = [0; 3];
    for (i, (min, max)) in [(0, 2), (1, 1), (2, 2)].iter().enumerate() {
        let (id,): (i64,) = sqlx::query_as(
            "SELECT MIN(id) FROM announcements WHERE min_tier_rank = $1 AND max_tier_rank = $2",
        )
        .bind(min)
        .bind(max)
        .fetch_one(&app.db)
        .await
        .unwrap();
        out[i] = id;
    }
    out
}

/// A bronze, a silver and a gold asset of the demo library.
async fn asset_records(app: &TestApp) -> [i64; 3] {
    let mut out = [0; 3];
    for (i, tier) in ["bronze", "silver", "gold"].iter().enumerate() {
        let (id,): (i64,) =
            sqlx::query_as("SELECT MIN(id) FROM assets WHERE min_tier = $1 AND retired_at IS NULL")
                .bind(tier)
                .fetch_one(&app.db)
                .await
                .unwrap();
        out[i] = id;
    }
    out
}

/// Commission lines: the demo's paid line of Vertex's won deal (each write cell has a world of
/// its own, so each claws it back once).
async fn line_records(app: &TestApp) -> [i64; 3] {
    let (id,): (i64,) = sqlx::query_as(
        "SELECT MIN(id) FROM commission_lines WHERE status = 'paid' AND kind = 'base'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    [id; 3]
}

/// The demo's partner ids are given out in seeding order: Vertex first.
const VERTEX_ID: i64 = 1;

/// Statements: Vertex's demo statement (paid) twice, and an unpaid one of BluePeak's made here.
/// The three demo partners: A Vertex, B BluePeak, C Ironclad.
async fn partner_records(app: &TestApp) -> [i64; 3] {
    let mut ids = [0; 3];
    for (slot, name) in ids.iter_mut().zip([
        "Vertex Cloud Solutions",
        "BluePeak Manufacturing",
        "Ironclad Security",
    ]) {
        let (id,): (i64,) = sqlx::query_as("SELECT id FROM partners WHERE name = $1")
            .bind(name)
            .fetch_one(&app.db)
            .await
            .unwrap();
        *slot = id;
    }
    ids
}

async fn statement_records(app: &TestApp) -> [i64; 3] {
    let (vertex,): (i64,) = sqlx::query_as(
        "SELECT s.id FROM commission_statements s JOIN partners p ON p.id = s.partner_id
          WHERE p.name = 'Vertex Cloud Solutions'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let (bluepeak,): (i64,) =
        sqlx::query_as("SELECT id FROM partners WHERE name = 'BluePeak Manufacturing'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    let existing: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM commission_statements WHERE partner_id = $1")
            .bind(bluepeak)
            .fetch_optional(&app.db)
            .await
            .unwrap();
    let theirs = match existing {
        Some((id,)) => id,
        None => {
            sqlx::query(
                "INSERT INTO commission_statements (id, partner_id, period, currency, issued_at,
                     lines_minor, adjustments_minor, total_minor, carry_forward_minor)
                 VALUES (77000001, $1, '2026-10', 'CHF', 1790000000, 0, 0, 0, 0)",
            )
            .bind(bluepeak)
            .execute(&app.db)
            .await
            .unwrap();
            77_000_001
        }
    };
    [vertex, vertex, theirs]
}

async fn records(app: &TestApp) -> [i64; 3] {
    [
        reg_id(app, "globex.com", "Vertex Cloud Solutions").await,
        reg_id(app, "initech.com", "Vertex Cloud Solutions").await,
        reg_id(app, "nordwind.de", "BluePeak Manufacturing").await,
    ]
}

async fn call(
    app: &TestApp,
    client: &Client,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut req = client.request(
        Method::from_bytes(method.as_bytes()).unwrap(),
        app.url(path),
    );
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.unwrap()
}

async fn client_as(app: &TestApp, role: &str) -> Client {
    if role == "anonymous" {
        cookie_client()
    } else {
        client_for(app, role).await
    }
}

/// A documented path with its record and Vertex's embed key filled in; nothing left in braces.
async fn concrete_path(app: &TestApp, path: &str, id: i64) -> String {
    let mut concrete = path.replace("{id}", &id.to_string());
    if concrete.contains("{key}") {
        concrete = concrete.replace("{key}", &embed_key(app).await);
    }
    assert!(
        !concrete.contains('{'),
        "{path}: a placeholder the matrix does not fill"
    );
    concrete
}

/// Every `"id"` number anywhere in a JSON answer.
fn ids_in(value: &Value) -> BTreeSet<i64> {
    let mut out = BTreeSet::new();
    fn walk(v: &Value, out: &mut BTreeSet<i64>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    if let (true, Some(id)) = (k == "id", v.as_i64()) {
                        out.insert(id);
                    }
                    walk(v, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    walk(value, &mut out);
    out
}

/// For a partner's registration list: the listed ids that belong to another company, if any.
async fn foreign_registrations(
    app: &TestApp,
    role: &str,
    path: &str,
    listed: &BTreeSet<i64>,
) -> Option<Vec<i64>> {
    if !matches!(path, "/api/v1/registrations" | "/api/v1/pipeline")
        || role == "maya@portico.example"
    {
        return None;
    }
    let mut foreign = Vec::new();
    for id in listed {
        let owners: Option<(i64, i64)> = sqlx::query_as(
            "SELECT r.partner_id, u.partner_id FROM registrations r, users u WHERE r.id = $1 AND u.email = $2",
        )
        .bind(id)
        .bind(role)
        .fetch_optional(&app.db)
        .await
        .unwrap();
        if owners.is_some_and(|(theirs, ours)| theirs != ours) {
            foreign.push(*id);
        }
    }
    (!foreign.is_empty()).then_some(foreign)
}

#[tokio::test]
async fn every_endpoint_answers_every_role_and_record_as_the_matrix_says() {
    let table = matrix();
    // A new endpoint without rows fails here: the table must cover the whole document.
    let probe = spawn_app().await;
    let doc = json_body(probe.get("/api/v1/openapi.json").await).await;
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(p, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), p.clone()))
        })
        .collect();
    let covered: BTreeSet<(String, String)> = table
        .iter()
        .map(|r| (r.method.to_owned(), r.path.to_owned()))
        .collect();
    assert_eq!(
        documented, covered,
        "the authorization matrix and the OpenAPI document differ"
    );

    let mut failures = Vec::new();
    let mut cells = 0;
    for row in &table {
        let targets: &[usize] = if row.path.contains("{id}") {
            &[0, 1, 2]
        } else {
            &[0]
        };
        let read_only = row.method == "GET";
        let shared = if read_only {
            Some(spawn_app().await)
        } else {
            None
        };
        for (r, role) in ROLES.iter().enumerate() {
            for &t in targets {
                // Writes get a fresh world each, so one cell cannot change another's answer.
                let fresh;
                let app = match &shared {
                    Some(a) => a,
                    None => {
                        fresh = spawn_app().await;
                        &fresh
                    }
                };
                let ids = if row.path.contains("/library") {
                    asset_records(app).await
                } else if row.path.contains("/announcements") {
                    announcement_records(app).await
                } else if row.path.contains("/manage/partners/") {
                    partner_records(app).await
                } else if row.path.contains("/statements/") {
                    statement_records(app).await
                } else if row.path.contains("/lines/") {
                    line_records(app).await
                } else {
                    records(app).await
                };
                let path = concrete_path(app, row.path, ids[t]).await;
                let client = client_as(app, role).await;
                let res = call(app, &client, row.method, &path, (row.body)()).await;
                let status = res.status().as_u16();
                cells += 1;
                if status != row.expect[r][t] {
                    failures.push(format!(
                        "{} {} as {role} on record {}: got {status}, expected {}",
                        row.method,
                        row.path,
                        "ABC".as_bytes()[t] as char,
                        row.expect[r][t]
                    ));
                }
                if let (Some(sees), 200) = (row.sees, status) {
                    let listed = ids_in(&json_body(res).await);
                    let held: String = "ABC"
                        .chars()
                        .zip(ids)
                        .filter(|(_, id)| listed.contains(id))
                        .map(|(c, _)| c)
                        .collect();
                    let held = if held.is_empty() { "-".into() } else { held };
                    if held != sees[r] {
                        failures.push(format!(
                            "{} {} as {role}: the list holds records {held}, expected {}",
                            row.method, row.path, sees[r]
                        ));
                    }
                    if let Some(foreign) = foreign_registrations(app, role, row.path, &listed).await
                    {
                        failures.push(format!(
                            "{} {} as {role} lists other companies' registrations {foreign:?}",
                            row.method, row.path
                        ));
                    }
                }
            }
        }
    }
    // The routes mounted beside the documented router, listed by hand (see OUTSIDE_OPENAPI).
    let app = spawn_app().await;
    let ava = client_for(&app, "ava@vertex.example").await;
    let response = ava
        .put(app.url("/api/v1/partner/embed/origins"))
        .json(&json!({ "origins": [WEBSITE] }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let portal = json_body(
        ava.get(app.url("/api/v1/partner/embed"))
            .send()
            .await
            .unwrap(),
    )
    .await["portal_origin"]
        .as_str()
        .unwrap()
        .to_owned();
    for (route, expect) in [
        // The public form, framed by the allowed website: whoever visits.
        (OUTSIDE_OPENAPI[0], [200; 6]),
        // The preview on the portal itself: Vertex's admins only.
        (OUTSIDE_OPENAPI[1], [403, 403, 200, 403, 403, 403]),
        (OUTSIDE_OPENAPI[2], [200; 6]),
        (OUTSIDE_OPENAPI[3], [200; 6]),
    ] {
        for (r, role) in ROLES.iter().enumerate() {
            let path = route
                .replace("{key}", &embed_key(&app).await)
                .replace("{website}", &urlencode(WEBSITE))
                .replace("{portal}", &urlencode(&portal));
            assert!(!path.contains('{'), "{path}: a placeholder left");
            let client = client_as(&app, role).await;
            let status = call(&app, &client, "GET", &path, None)
                .await
                .status()
                .as_u16();
            cells += 1;
            if status != expect[r] {
                failures.push(format!(
                    "GET {route} as {role}: got {status}, expected {}",
                    expect[r]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {cells} cells differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Canary

/// Planted deal amounts are `AMOUNT_MARK + id` (minor units): 12+ digits no seed value has.
const AMOUNT_MARK: i64 = 913_579_246_800;
/// A planted margin: negative, unlike any seed row's (checked before planting).
const MARGIN_MARK: i64 = -73;
/// The vendor-internal fields of a registration: no partner answer may carry these keys.
const INTERNAL_KEYS: [&str; 6] = [
    "deal_amount_minor",
    "discount_band",
    "margin_percent",
    "internal_notes",
    "competitor_notes",
    "internal_note",
];
/// Routes mounted beside the OpenAPI router (`lib.rs`), swept explicitly: `{key}` is Vertex's
/// embed key, `{website}` the website it allows, `{portal}` the portal's own origin (preview).
/// A new route outside `/api` that serves data belongs here.
/// (The SPA's files, served for every other path, are static and hold no data.)
const OUTSIDE_OPENAPI: [&str; 4] = [
    "/embed/v1/form?key={key}&origin={website}",
    "/embed/v1/form?key={key}&origin={portal}",
    "/healthz",
    "/readyz",
];
const WEBSITE: &str = "https://www.vertex.example";

/// What a partner must never receive, planted in every registration.
struct Planted {
    /// Each planted amount's major-unit digits (`9136…` of `913 6xx xxx x.yz`): found in any
    /// string once its separators are dropped, in minor or major units, in any locale.
    amount_digits: Vec<String>,
    amounts_minor: Vec<i64>,
}

impl Planted {
    /// Every place in `value` (a JSON answer) that carries a planted value or an internal key.
    fn leaks(&self, value: &Value, at: &str, keys_too: bool, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    if keys_too && INTERNAL_KEYS.contains(&k.as_str()) {
                        out.push(format!("{at}.{k}: an internal field"));
                    }
                    self.leaks(v, &format!("{at}.{k}"), keys_too, out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    self.leaks(v, &format!("{at}[{i}]"), keys_too, out);
                }
            }
            Value::Number(n) => {
                let hit = n.as_i64().is_some_and(|i| {
                    i == MARGIN_MARK || self.amounts_minor.contains(&i) || {
                        self.amounts_minor.iter().any(|a| i == a / 100)
                    }
                }) || n.as_f64().is_some_and(|f| {
                    f == MARGIN_MARK as f64
                        || self
                            .amounts_minor
                            .iter()
                            .any(|a| (f - *a as f64 / 100.0).abs() < 0.005)
                });
                if hit {
                    out.push(format!("{at}: the planted value {n}"));
                }
            }
            Value::String(text) => {
                if let Some(why) = self.text_leak(text) {
                    out.push(format!("{at}: {why}"));
                }
            }
            _ => {}
        }
    }

    /// Why `text` (a string leaf, a header or a non-JSON body) leaks, if it does.
    fn text_leak(&self, text: &str) -> Option<String> {
        if text.contains("CANARY") {
            return Some("a CANARY marker".into());
        }
        let margin = MARGIN_MARK.to_string();
        if text == margin
            || text.contains(&format!("{margin}%"))
            || text.contains(&format!("{margin} %"))
        {
            return Some("the planted margin".into());
        }
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        self.amount_digits
            .iter()
            .find(|d| digits.contains(d.as_str()))
            .map(|d| format!("a planted amount ({d}…)"))
    }
}

#[tokio::test]
async fn no_internal_marker_reaches_any_partner_through_any_operation() {
    let app = spawn_app().await;
    let maya = client_for(&app, "maya@portico.example").await;
    let ids: Vec<(i64,)> = sqlx::query_as("SELECT id FROM registrations")
        .fetch_all(&app.db)
        .await
        .unwrap();
    let (seeded_with_mark,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM registrations WHERE margin_percent = $1")
            .bind(MARGIN_MARK)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(
        seeded_with_mark, 0,
        "the planted margin must be absent from the seed"
    );
    // Markers go in through the real endpoint, so the audit trail carries them too.
    for (id,) in &ids {
        let res = maya
            .patch(app.url(&format!("/api/v1/manage/registrations/{id}")))
            .json(&json!({
                "deal_amount_minor": AMOUNT_MARK + id,
                "discount_band": format!("CANARY-BAND-{id}"),
                "margin_percent": MARGIN_MARK,
                "internal_notes": format!("CANARY-NOTES-{id}"),
                "competitor_notes": format!("CANARY-COMPETITOR-{id}"),
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }
    // Commissions: every approved registration is won, its lines approved and stated, and each
    // line carries a vendor-internal note with a marker (no endpoint writes the note yet: it is
    // planted in the table, and the managers' queue shows it below).
    let approved: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM registrations WHERE status = 'approved'")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert!(approved.len() >= 2, "the seed has approved registrations");
    for (id,) in &approved {
        let res = maya
            .post(app.url(&format!("/api/v1/manage/registrations/{id}/won")))
            .json(&json!({ "first_year_value_minor": 4_200_000, "currency": "USD", "close_date": "2026-11-15" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "marking {id} won");
    }
    let open = json_body(
        maya.get(app.url("/api/v1/manage/commissions?status=new"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let line_ids: Vec<i64> = open
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_i64().unwrap())
        .collect();
    assert!(!line_ids.is_empty(), "won registrations earned lines");
    let res = maya
        .post(app.url("/api/v1/manage/commissions/decisions"))
        .json(&json!({ "ids": line_ids, "action": "approve" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let partners: Vec<(i64,)> = sqlx::query_as(
        "SELECT DISTINCT partner_id FROM commission_lines WHERE statement_id IS NULL AND status = 'approved'",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    for (partner,) in &partners {
        let res = maya
            .post(app.url("/api/v1/manage/commissions/statements"))
            .json(&json!({ "partner_id": partner, "period": "2026-11", "currency": "USD" }))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::CREATED,
            "statement for partner {partner}"
        );
    }
    sqlx::query("UPDATE commission_lines SET internal_note = 'CANARY-LINE-NOTE-' || id")
        .execute(&app.db)
        .await
        .unwrap();
    let statement_ids: Vec<(i64,)> = sqlx::query_as("SELECT id FROM commission_statements")
        .fetch_all(&app.db)
        .await
        .unwrap();
    let queue = json_body(
        maya.get(app.url("/api/v1/manage/commissions?status=all"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        queue.to_string().contains("CANARY-LINE-NOTE-"),
        "the managers' queue carries the planted line notes"
    );

    let planted = Planted {
        amount_digits: ids
            .iter()
            .map(|(id,)| ((AMOUNT_MARK + id) / 100).to_string())
            .collect(),
        amounts_minor: ids.iter().map(|(id,)| AMOUNT_MARK + id).collect(),
    };
    // The sweep can see the markers: the manager's own view carries every one of them.
    let manager_view = json_body(
        maya.get(app.url("/api/v1/manage/pipeline"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let mut seen = Vec::new();
    planted.leaks(&manager_view, "manager", true, &mut seen);
    let margin = format!("the planted value {MARGIN_MARK}");
    for what in [
        "an internal field",
        "a CANARY marker",
        &margin,
        "the planted value 9",
    ] {
        assert!(
            seen.iter().any(|s| s.contains(what)),
            "the sweep would not notice {what}: {seen:?}"
        );
    }

    let ava = client_for(&app, "ava@vertex.example").await;
    let settings = json_body(
        ava.get(app.url("/api/v1/partner/embed"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let portal = settings["portal_origin"].as_str().unwrap().to_owned();
    let doc = json_body(app.get("/api/v1/openapi.json").await).await;
    let bodies = |method: &str, path: &str| -> Option<Value> {
        matrix()
            .into_iter()
            .find(|r| r.method == method && r.path == path)
            .and_then(|r| (r.body)())
    };
    let mut calls = 0;
    let mut leaks = Vec::new();
    let mut server_errors = Vec::new();
    for partner in [
        "ben@vertex.example",
        "ava@vertex.example",
        "cara@bluepeak.example",
        "dan@ironclad.example",
    ] {
        let client = client_for(&app, partner).await;
        let mut answered: Vec<(String, String, u16)> = Vec::new();
        let mut targets: Vec<(String, String, Option<Value>)> = Vec::new();
        for (path, ops) in doc["paths"].as_object().unwrap() {
            for method in ops.as_object().unwrap().keys() {
                let method = method.to_uppercase();
                if path == "/api/v1/session" {
                    continue; // signing in or out would only change who is asking
                }
                let keyed = path.replace("{key}", &embed_key(&app).await);
                let concrete: Vec<String> = if keyed.contains("/statements/{id}") {
                    statement_ids
                        .iter()
                        .map(|(id,)| keyed.replace("{id}", &id.to_string()))
                        .collect()
                } else if keyed.contains("{id}") {
                    ids.iter()
                        .map(|(id,)| keyed.replace("{id}", &id.to_string()))
                        .collect()
                } else {
                    vec![keyed]
                };
                for p in concrete {
                    targets.push((method.clone(), p, bodies(&method, path)));
                }
            }
        }
        for (method, p, body) in targets {
            let res = call(&app, &client, &method, &p, body).await;
            answered.push((method.clone(), p.clone(), res.status().as_u16()));
            sweep_answer(
                &planted,
                &format!("{method} {p} as {partner}"),
                &p,
                res,
                &mut leaks,
            )
            .await;
            calls += 1;
        }
        // The sweep rotates Vertex's key and replaces its websites: the outside routes come
        // last, with the key as it is then and the website allowed again.
        let response = ava
            .put(app.url("/api/v1/partner/embed/origins"))
            .json(&json!({ "origins": [WEBSITE] }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let mut form_status = None;
        for route in OUTSIDE_OPENAPI {
            let p = route
                .replace("{key}", &embed_key(&app).await)
                .replace("{website}", &urlencode(WEBSITE))
                .replace("{portal}", &urlencode(&portal));
            assert!(!p.contains('{'), "{p}: a placeholder left");
            let res = call(&app, &client, "GET", &p, None).await;
            if route == OUTSIDE_OPENAPI[0] {
                form_status = Some(res.status().as_u16());
            }
            answered.push(("GET".into(), p.clone(), res.status().as_u16()));
            sweep_answer(
                &planted,
                &format!("GET {p} as {partner}"),
                &p,
                res,
                &mut leaks,
            )
            .await;
            calls += 1;
        }

        // The sweep saw real data: every record the partner submitted answered 200, and the
        // public form page rendered for the allowed website.
        let (user,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = $1")
            .bind(partner)
            .fetch_one(&app.db)
            .await
            .unwrap();
        let own: Vec<(i64,)> =
            sqlx::query_as("SELECT id FROM registrations WHERE submitted_by = $1")
                .bind(user)
                .fetch_all(&app.db)
                .await
                .unwrap();
        let own: Vec<i64> = own.into_iter().map(|(id,)| id).collect();
        assert!(!own.is_empty(), "{partner} submitted nothing in the seed");
        // (Those it submitted during the sweep are not among the swept ids.)
        for id in own.iter().filter(|id| ids.contains(&(**id,))) {
            let p = format!("/api/v1/registrations/{id}");
            assert!(
                answered
                    .iter()
                    .any(|(m, q, s)| m == "GET" && *q == p && *s == 200),
                "GET {p} as {partner} did not answer 200: the sweep read an error instead ({:?})",
                answered
                    .iter()
                    .filter(|(_, q, _)| *q == p)
                    .collect::<Vec<_>>()
            );
        }
        // Partner admins read their statements and commission lines for real.
        if partner == "ava@vertex.example" || partner == "cara@bluepeak.example" {
            assert!(
                answered.iter().any(|(m, q, s)| m == "GET"
                    && q.starts_with("/api/v1/commissions/statements/")
                    && q.ends_with("/csv")
                    && *s == 200),
                "{partner}'s sweep read none of its statements"
            );
        }
        assert_eq!(
            form_status,
            Some(200),
            "the embedded form page did not render in {partner}'s sweep"
        );
        server_errors.extend(
            answered
                .iter()
                .filter(|(_, _, s)| *s >= 500)
                .map(|(m, p, s)| format!("{m} {p} as {partner}: {s}")),
        );
    }
    assert!(calls > 100, "only {calls} calls were made");
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
    assert!(
        server_errors.is_empty(),
        "server errors in the sweep: {server_errors:?}"
    );
}

/// Checks one answer's headers and body: JSON is walked leaf by leaf (keys too, except in the
/// OpenAPI document, which names every schema's fields by design); other bodies as text.
async fn sweep_answer(
    planted: &Planted,
    what: &str,
    path: &str,
    res: reqwest::Response,
    leaks: &mut Vec<String>,
) {
    for (name, value) in res.headers() {
        if let Some(why) = planted.text_leak(value.to_str().unwrap_or("")) {
            leaks.push(format!("{what}: header {name}: {why}"));
        }
    }
    let json = res
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    let text = res.text().await.unwrap();
    match serde_json::from_str::<Value>(&text) {
        Ok(value) if json => {
            let keys_too = path != "/api/v1/openapi.json";
            planted.leaks(&value, what, keys_too, leaks);
        }
        _ => {
            if let Some(why) = planted.text_leak(&text) {
                leaks.push(format!("{what}: {why}"));
            }
            for key in INTERNAL_KEYS {
                if text.contains(key) {
                    leaks.push(format!("{what}: names the internal field {key}"));
                }
            }
        }
    }
}

/// Percent-encodes a query value (an origin).
fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A channel manager sets the program's shared fields.
async fn share(app: &TestApp, manager: &Client, fields: &[&str]) {
    let res = manager
        .put(app.url("/api/v1/manage/program/shared-fields"))
        .json(&json!({ "fields": fields }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

/// How many deals the home page's "deals by stage" widget counts in `stage` (0 without the
/// widget).
fn deals_in_stage(home: &str, stage: &str) -> i64 {
    let home: Value = serde_json::from_str(home).unwrap();
    home["widgets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["widget"] == "deals_by_stage")
        .flat_map(|w| w["data"].as_array().cloned().unwrap_or_default())
        .filter(|c| c["stage"] == stage)
        .map(|c| c["deals"].as_i64().unwrap())
        .sum()
}

/// The keys of a partner's registration view that each shared field governs.
fn governed(field: &str) -> &'static str {
    match field {
        "stage" => "stage",
        "vendor_owner" => "vendor_owner",
        "next_step" => "next_step",
        "protection" => "protection",
        "last_activity" => "last_activity_at",
        other => panic!("no view key for {other}"),
    }
}

#[tokio::test]
async fn the_shared_fields_bound_every_partner_view_of_a_registration() {
    // As found: with the shared fields set to ["stage"], `GET /api/v1/registrations` still
    // returned vendor owner, next step and protection, and the history showed stage moves.
    let app = spawn_app().await;
    let maya = client_for(&app, "maya@portico.example").await;
    let ava = client_for(&app, "ava@vertex.example").await;
    let id = reg_id(&app, "globex.com", "Vertex Cloud Solutions").await;
    // Give Globex a value for every shared field and an event for each that history reveals:
    // a stage move (with its next step) and a protection extension; its protection ends soon,
    // so the home page's "needs attention" lists it.
    let next_stage = domain::Motion::Reseller.stages()[2];
    let res = maya
        .patch(app.url(&format!("/api/v1/manage/registrations/{id}")))
        .json(&json!({ "stage": next_stage, "next_step": "Send the order form", "vendor_owner": "Priya Raman" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    let res = maya
        .post(app.url(&format!("/api/v1/manage/registrations/{id}/extend")))
        .json(&json!({ "days": 10 }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    sqlx::query("UPDATE registrations SET protection_end = $1 WHERE id = $2")
        .bind(chrono::Utc::now().timestamp() + 3 * 86_400)
        .bind(id)
        .execute(&app.db)
        .await
        .unwrap();

    // What Ava (Vertex's partner admin) receives about Globex in each view.
    let views = || async {
        let list = json_body(
            ava.get(app.url("/api/v1/registrations"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        let listed = list
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .expect("Globex is listed")
            .clone();
        let detail = json_body(
            ava.get(app.url(&format!("/api/v1/registrations/{id}")))
                .send()
                .await
                .unwrap(),
        )
        .await;
        let home = ava.get(app.url("/api/v1/home")).send().await.unwrap();
        assert_eq!(home.status(), StatusCode::OK);
        let home = home.text().await.unwrap();
        (listed, detail, home)
    };
    let actions = |detail: &Value| -> Vec<String> {
        detail["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["action"].as_str().unwrap().to_owned())
            .collect()
    };

    // Everything shared: every field present, both events in the history, Globex on the home.
    let all = [
        "stage",
        "vendor_owner",
        "next_step",
        "protection",
        "last_activity",
    ];
    share(&app, &maya, &all).await;
    let (listed, detail, home) = views().await;
    for field in all {
        let key = governed(field);
        assert!(!listed[key].is_null(), "{key} is listed while shared");
        assert!(
            !detail["registration"][key].is_null(),
            "{key} in the detail while shared"
        );
    }
    let seen = actions(&detail);
    assert!(seen.contains(&"Stage changed".to_owned()), "{seen:?}");
    assert!(seen.contains(&"Protection extended".to_owned()), "{seen:?}");
    assert!(
        home.contains("Globex Corporation"),
        "expiring soon while protection is shared"
    );
    assert!(
        deals_in_stage(&home, next_stage) >= 1,
        "deals by stage while stages are shared: {home}"
    );

    // Each field unshared in turn: gone from the list, the detail, the history and the home.
    for field in all {
        let others: Vec<&str> = all.iter().copied().filter(|f| *f != field).collect();
        share(&app, &maya, &others).await;
        let (listed, detail, home) = views().await;
        let key = governed(field);
        assert!(
            listed[key].is_null(),
            "{key} listed while {field} is not shared"
        );
        assert!(
            detail["registration"][key].is_null(),
            "{key} in the detail while {field} is not shared"
        );
        let seen = actions(&detail);
        match field {
            "stage" => {
                assert!(!seen.contains(&"Stage changed".to_owned()), "{seen:?}");
                assert_eq!(
                    deals_in_stage(&home, next_stage),
                    0,
                    "deals by stage without shared stages"
                );
            }
            "protection" => {
                assert!(
                    !seen.contains(&"Protection extended".to_owned()),
                    "{seen:?}"
                );
                assert!(
                    !home.contains("Globex Corporation"),
                    "no protection ending soon while protection is not shared"
                );
            }
            _ => {}
        }
        // Whatever is unshared, the text of the field never appears anywhere in the answers.
        let text = format!("{listed}{detail}");
        if field == "vendor_owner" {
            assert!(!text.contains("Priya Raman"));
        }
        if field == "next_step" {
            assert!(!text.contains("Send the order form"));
        }
    }
}
