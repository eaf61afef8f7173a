//! Deal registration: rules, idempotent submission, access, the approval loop and expiry.

use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn submit(
    app: &TestApp,
    client: &Client,
    body: &Value,
    key: Option<&str>,
) -> reqwest::Response {
    let mut req = client.post(app.url("/api/v1/registrations")).json(body);
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn a_partner_registers_a_deal_and_gets_a_number_status_and_sla_clock() {
    let app = spawn_app().await;
    let ben = client_for(&app, "ben@vertex.example").await;
    let res = submit(&app, &ben, &registration("acme"), Some("draft-1")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let reg = json_body(res).await;
    assert_eq!(location, format!("/api/v1/registrations/{}", reg["id"]));
    assert!(reg["number"].as_str().unwrap().starts_with("R-"));
    assert_eq!(reg["status"], "submitted");
    assert_eq!(reg["customer_domain"], "acme.test");
    assert_eq!(reg["estimated_value_minor"], 12_500_000);
    let due = reg["sla"]["due_at"].as_i64().unwrap() - reg["submitted_at"].as_i64().unwrap();
    assert_eq!(due, 48 * 3600);
    assert_eq!(reg["sla"]["overdue"], false);
    assert_eq!(reg["submitted_by"], "Ben Okafor");

    let detail = json_body(ben.get(app.url(&location)).send().await.unwrap()).await;
    assert_eq!(detail["history"][0]["action"], "Submitted");
    assert_eq!(detail["history"][0]["actor"], "Ben Okafor");
}

/// Issue 15, item 7: a partner that registers three deals in a row must not be able to read
/// the program's volume (or its rate) off the numbers it gets back.
#[tokio::test]
async fn registration_numbers_do_not_count_up() {
    let app = spawn_app().await;
    let ben = client_for(&app, "ben@vertex.example").await;
    let mut ids = Vec::new();
    for slug in ["first", "second", "third"] {
        let reg = json_body(submit(&app, &ben, &registration(slug), None).await).await;
        let id = reg["id"].as_i64().unwrap();
        assert_eq!(reg["number"], format!("R-{id}"));
        assert!(api::registrations::ID_RANGE.contains(&id), "{id}");
        ids.push(id);
    }
    assert!(
        ids.windows(2).any(|w| (w[1] - w[0]).abs() > 1000),
        "consecutive registrations got neighbouring numbers: {ids:?}"
    );
    // The demo data is drawn the same way: nothing in the list reveals a count either.
    let all = json_body(
        ben.get(app.url("/api/v1/registrations"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    for r in all.as_array().unwrap() {
        let id = r["id"].as_i64().unwrap();
        assert!(api::registrations::ID_RANGE.contains(&id), "{id}");
    }
}

#[tokio::test]
async fn invalid_fields_come_back_one_message_per_field() {
    let app = spawn_app().await;
    let ava = client_for(&app, "ava@vertex.example").await;
    let mut body = registration("acme");
    body["customer_domain"] = json!("not a domain");
    body["estimated_value"] = json!("lots");
    body["expected_close"] = json!("2001-01-01");
    body["customer_country"] = json!("ZZ");
    let res = submit(&app, &ava, &body, None).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields = json_body(res).await["fields"].clone();
    for f in [
        "customer_domain",
        "estimated_value",
        "expected_close",
        "customer_country",
    ] {
        assert!(fields[f].is_string(), "{f} has no message: {fields}");
    }
    assert!(fields.get("contact_email").is_none());
}

#[tokio::test]
async fn an_unknown_motion_value_is_a_field_error_not_a_crash() {
    let app = spawn_app().await;
    let ava = client_for(&app, "ava@vertex.example").await;
    let mut body = registration("acme");
    body["motion"] = json!("wholesale");
    body["incumbent"] = json!("yes");
    let res = submit(&app, &ava, &body, None).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json_body(res).await["fields"]["incumbent"].is_string());
}

#[tokio::test]
async fn a_retry_with_the_same_idempotency_key_never_creates_a_duplicate() {
    let app = spawn_app().await;
    let ben = client_for(&app, "ben@vertex.example").await;
    let body = registration("acme");
    let first = json_body(submit(&app, &ben, &body, Some("draft-7f3a")).await).await;
    let retry = submit(&app, &ben, &body, Some("draft-7f3a")).await;
    assert_eq!(retry.status(), StatusCode::CREATED);
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    assert_eq!(json_body(retry).await["id"], first["id"]);
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM registrations WHERE customer_domain = 'acme.test'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(n, 1);

    // The same key with different details is refused rather than silently ignored.
    let mut changed = body.clone();
    changed["estimated_value"] = json!("999");
    assert_eq!(
        submit(&app, &ben, &changed, Some("draft-7f3a"))
            .await
            .status(),
        StatusCode::CONFLICT
    );
    // A malformed key is a 400.
    assert_eq!(
        submit(&app, &ben, &body, Some(&"k".repeat(200)))
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn concurrent_retries_with_one_key_create_one_registration() {
    let app = spawn_app().await;
    let ben = client_for(&app, "ben@vertex.example").await;
    let body = registration("race");
    let (a, b, c) = tokio::join!(
        submit(&app, &ben, &body, Some("same")),
        submit(&app, &ben, &body, Some("same")),
        submit(&app, &ben, &body, Some("same"))
    );
    let ids: Vec<Value> = vec![
        json_body(a).await["id"].clone(),
        json_body(b).await["id"].clone(),
        json_body(c).await["id"].clone(),
    ];
    assert!(ids.iter().all(|i| *i == ids[0] && i.is_i64()), "{ids:?}");
}

#[tokio::test]
async fn gold_categories_are_a_tier_benefit_enforced_on_the_server() {
    let app = spawn_app().await;
    let cara = client_for(&app, "cara@bluepeak.example").await;
    let options = json_body(
        cara.get(app.url("/api/v1/registrations/options"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let codes: Vec<&str> = options["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["standard"]);
    let mut body = registration("acme");
    body["category"] = json!("strategic_account");
    let res = submit(&app, &cara, &body, None).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json_body(res).await["fields"]["category"].is_string());

    let ava = client_for(&app, "ava@vertex.example").await;
    let options = json_body(
        ava.get(app.url("/api/v1/registrations/options"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        options["categories"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["code"] == "strategic_account")
    );
    assert_eq!(
        submit(&app, &ava, &body, None).await.status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn the_customer_check_names_the_rule_and_end_date_but_never_the_holder() {
    let app = spawn_app().await;
    let cara = client_for(&app, "cara@bluepeak.example").await;
    let check = |client: Client,
                 name: &'static str,
                 domain: &'static str,
                 country: &'static str| {
        let url = app.url("/api/v1/registrations/check");
        async move {
            let res = client
                .post(url)
                .json(&json!({ "customer_legal_name": name, "customer_domain": domain, "customer_country": country }))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            res.text().await.unwrap()
        }
    };
    // Globex is protected by Vertex's approved registration; a subdomain is the same customer.
    let text = check(cara.clone(), "", "https://shop.globex.com", "").await;
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["availability"]["outcome"], "protected");
    assert_eq!(
        body["availability"]["rule"],
        "registered_beats_unregistered"
    );
    // The day protection ends — a date, not a time that would tell when it was approved.
    let until = body["availability"]["until"].as_str().unwrap();
    let today = chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    assert!(until.len() == 10 && until > today.as_str(), "{until}");
    for leak in ["Vertex", "vertex", "Ben", "Okafor", "455000", "Initrode"] {
        assert!(!text.contains(leak), "the answer mentions {leak}: {text}");
    }
    // The same name in the same country is the same customer too.
    let by_name: Value =
        serde_json::from_str(&check(cara.clone(), "GLOBEX corp", "", "US").await).unwrap();
    assert_eq!(by_name["availability"]["outcome"], "protected");
    // Pending elsewhere: a possible conflict.
    let pending: Value =
        serde_json::from_str(&check(cara.clone(), "", "hooli.com", "").await).unwrap();
    assert_eq!(pending["availability"]["outcome"], "possible_conflict");
    // Nobody's customer: free.
    let free: Value =
        serde_json::from_str(&check(cara.clone(), "", "brand-new.example", "").await).unwrap();
    assert_eq!(free["availability"]["outcome"], "free");
    // The holder learns it is its own protection.
    let ava = client_for(&app, "ava@vertex.example").await;
    let own: Value = serde_json::from_str(&check(ava, "", "globex.com", "").await).unwrap();
    assert_eq!(own["availability"]["rule"], "own_protection");
    // Nothing to check with is a 422.
    let res = cara
        .post(app.url("/api/v1/registrations/check"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// Issue 15, item 6, as found: look-alike spellings of a protected customer slipped past the
/// conflict rules. Globex (globex.com, US) is protected by Vertex in the demo data.
#[tokio::test]
async fn look_alike_spellings_of_a_protected_customer_are_the_same_customer() {
    let app = spawn_app().await;
    let cara = client_for(&app, "cara@bluepeak.example").await;
    for (name, domain, country) in [
        ("", "gl\u{43e}bex.com", ""),              // Cyrillic о in the domain
        ("", "https://www.GL\u{41E}BEX.com/", ""), // … upper case, with a scheme
        ("Gl\u{43e}bex Corp", "", "US"),           // Cyrillic о in the name
        ("Glo\u{301}bex Inc", "", "US"),           // an accent added
    ] {
        let res = cara
            .post(app.url("/api/v1/registrations/check"))
            .json(&json!({ "customer_legal_name": name, "customer_domain": domain, "customer_country": country }))
            .send()
            .await
            .unwrap();
        let body = json_body(res).await;
        assert_eq!(
            body["availability"]["outcome"], "protected",
            "{name} {domain}: {body}"
        );
    }
    // Registering the look-alike flags the same active conflict as the real spelling.
    let mut body = registration("lookalike");
    body["customer_domain"] = json!("gl\u{43e}bex.com");
    let reg = json_body(submit(&app, &cara, &body, None).await).await;
    assert_eq!(reg["conflict_status"], "active", "{reg}");
    // What the partner typed is what it sees.
    assert_eq!(reg["customer_domain"], "gl\u{43e}bex.com");
}

/// Punycode and Unicode spellings of one domain are one customer, both ways round.
#[tokio::test]
async fn a_punycode_domain_and_its_unicode_spelling_are_one_customer() {
    let app = spawn_app().await;
    let ben = client_for(&app, "ben@vertex.example").await;
    let mut body = registration("muller");
    body["customer_domain"] = json!("müller-maschinen.de");
    assert_eq!(
        submit(&app, &ben, &body, None).await.status(),
        StatusCode::CREATED
    );
    let cara = client_for(&app, "cara@bluepeak.example").await;
    let check = json_body(
        cara.post(app.url("/api/v1/registrations/check"))
            .json(&json!({ "customer_legal_name": "", "customer_domain": "xn--mller-maschinen-zvb.de", "customer_country": "" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        check["availability"]["outcome"], "possible_conflict",
        "{check}"
    );
}

/// Rows keyed by older rules are re-keyed when a server starts on the database.
#[tokio::test]
async fn customer_keys_from_older_rules_are_recomputed_at_start() {
    let app = spawn_app().await;
    let id = id_of(&app, "globex.com").await;
    sqlx::query(
        "UPDATE registrations SET customer_domain_key = 'stale', customer_name_key = 'stale',
                customer_key_version = 0 WHERE id = $1",
    )
    .bind(id)
    .execute(&app.db)
    .await
    .unwrap();
    let redone = api::registrations::rekey_customers(&app.db).await.unwrap();
    assert_eq!(redone, 1);
    let (domain_key, version): (String, i64) = sqlx::query_as(
        "SELECT customer_domain_key, CAST(customer_key_version AS BIGINT) FROM registrations WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(domain_key, domain::customer::domain_key("globex.com"));
    assert_eq!(version, api::registrations::CUSTOMER_KEY_VERSION);
    assert_eq!(
        api::registrations::rekey_customers(&app.db).await.unwrap(),
        0
    );
}

#[tokio::test]
async fn registering_a_protected_customer_is_accepted_but_flagged_as_an_active_conflict() {
    let app = spawn_app().await;
    let cara = client_for(&app, "cara@bluepeak.example").await;
    let mut body = registration("globex");
    body["customer_domain"] = json!("globex.com");
    let reg = json_body(submit(&app, &cara, &body, None).await).await;
    assert_eq!(reg["conflict_status"], "active");
    let text = serde_json::to_string(&reg).unwrap();
    assert!(!text.contains("Vertex"));
}

#[tokio::test]
async fn partner_users_see_their_own_registrations_and_admins_their_companys() {
    let app = spawn_app().await;
    let ben = client_for(&app, "ben@vertex.example").await;
    let ava = client_for(&app, "ava@vertex.example").await;
    let cara = client_for(&app, "cara@bluepeak.example").await;
    let names = |v: Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["customer_legal_name"].as_str().unwrap().to_owned())
            .collect()
    };
    let bens = names(
        json_body(
            ben.get(app.url("/api/v1/registrations"))
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
    assert!(bens.contains(&"Globex Corporation".to_owned()));
    assert!(
        !bens.contains(&"Initech LLC".to_owned()),
        "Ava's registration leaked to Ben: {bens:?}"
    );
    let avas = names(
        json_body(
            ava.get(app.url("/api/v1/registrations"))
                .send()
                .await
                .unwrap(),
        )
        .await,
    );
    assert!(
        avas.contains(&"Globex Corporation".to_owned()) && avas.contains(&"Initech LLC".to_owned())
    );
    assert!(!avas.iter().any(|n| n.contains("Nordwind")));

    // Another partner's id answers 404, exactly like an id that does not exist.
    let initech = id_of(&app, "initech.com").await;
    let other = cara
        .get(app.url(&format!("/api/v1/registrations/{initech}")))
        .send()
        .await
        .unwrap();
    let missing = cara
        .get(app.url("/api/v1/registrations/999999"))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    assert_eq!(json_body(other).await, json_body(missing).await);
    // Ben cannot open Ava's registration either, until he collaborates on it.
    let url = app.url(&format!("/api/v1/registrations/{initech}"));
    assert_eq!(
        ben.get(&url).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let (ben_id,): (i64,) =
        sqlx::query_as("SELECT id FROM users WHERE email = 'ben@vertex.example'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    sqlx::query(
        "INSERT INTO registration_collaborators (registration_id, user_id) VALUES ($1, $2)",
    )
    .bind(initech)
    .bind(ben_id)
    .execute(&app.db)
    .await
    .unwrap();
    assert_eq!(ben.get(&url).send().await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn partner_responses_carry_no_internal_fields() {
    let app = spawn_app().await;
    let ava = client_for(&app, "ava@vertex.example").await;
    let list = ava
        .get(app.url("/api/v1/registrations"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let globex = id_of(&app, "globex.com").await;
    let detail = ava
        .get(app.url(&format!("/api/v1/registrations/{globex}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for text in [list, detail] {
        for marker in [
            "Pricing exception",
            "Tier B",
            "Initrode",
            "deal_amount",
            "margin",
            "internal_notes",
            "competitor",
        ] {
            assert!(!text.contains(marker), "{marker} leaked");
        }
    }
}

#[tokio::test]
async fn approving_starts_protection_and_the_first_stage_and_the_partner_sees_it() {
    let app = spawn_app().await;
    let ben = client_for(&app, "ben@vertex.example").await;
    let reg = json_body(submit(&app, &ben, &registration("acme"), None).await).await;
    let id = reg["id"].as_i64().unwrap();

    let maya = client_for(&app, "maya@portico.example").await;
    let res = maya
        .post(app.url(&format!("/api/v1/manage/registrations/{id}/approve")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let approved = json_body(res).await;
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["stage"], "Deal Registration");
    let p = &approved["protection"];
    assert_eq!(
        p["end"].as_i64().unwrap() - p["start"].as_i64().unwrap(),
        90 * 86_400
    );

    let detail = json_body(
        ben.get(app.url(&format!("/api/v1/registrations/{id}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(detail["registration"]["status"], "approved");
    assert_eq!(detail["registration"]["vendor_owner"], "Maya Chen");
    let history = detail["history"].as_array().unwrap();
    assert_eq!(history.last().unwrap()["action"], "Approved");
    assert_eq!(history.last().unwrap()["from"], "submitted");
    assert_eq!(history.last().unwrap()["to"], "approved");

    // Deciding twice is an invalid transition.
    let again = maya
        .post(app.url(&format!("/api/v1/manage/registrations/{id}/approve")))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let reject = maya
        .post(app.url(&format!("/api/v1/manage/registrations/{id}/reject")))
        .json(&json!({ "reason": "Changed my mind" }))
        .send()
        .await
        .unwrap();
    assert_eq!(reject.status(), StatusCode::CONFLICT);
    assert!(
        json_body(reject).await["message"]
            .as_str()
            .unwrap()
            .contains("already decided (Approved)")
    );
}

#[tokio::test]
async fn a_rejection_needs_a_reason_and_the_partner_reads_it() {
    let app = spawn_app().await;
    let dan = client_for(&app, "dan@ironclad.example").await;
    let maya = client_for(&app, "maya@portico.example").await;
    let id = id_of(&app, "hooli.com").await;
    let url = app.url(&format!("/api/v1/manage/registrations/{id}/reject"));
    let res = maya
        .post(&url)
        .json(&json!({ "reason": "no" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = maya
        .post(&url)
        .json(&json!({ "reason": "Hooli is a direct account." }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let detail = json_body(
        dan.get(app.url(&format!("/api/v1/registrations/{id}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(detail["registration"]["status"], "rejected");
    assert_eq!(
        detail["registration"]["rejection_reason"],
        "Hooli is a direct account."
    );
    assert_eq!(
        detail["history"].as_array().unwrap().last().unwrap()["detail"],
        "Hooli is a direct account."
    );
}

#[tokio::test]
async fn a_registration_cannot_be_approved_over_another_partners_protection() {
    let app = spawn_app().await;
    let maya = client_for(&app, "maya@portico.example").await;
    // Ironclad's seeded Globex registration competes with Vertex's approved one.
    let (id,): (i64,) = sqlx::query_as(
        "SELECT r.id FROM registrations r JOIN partners p ON p.id = r.partner_id
          WHERE p.name = 'Ironclad Security' AND r.customer_domain = 'globex.com'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let res = maya
        .post(app.url(&format!("/api/v1/manage/registrations/{id}/approve")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(
        json_body(res).await["message"]
            .as_str()
            .unwrap()
            .contains("registered beats unregistered")
    );
}

#[tokio::test]
async fn the_queue_is_oldest_first_with_overdue_and_conflicts_flagged() {
    let app = spawn_app().await;
    let maya = client_for(&app, "maya@portico.example").await;
    let queue = json_body(
        maya.get(app.url("/api/v1/manage/registrations"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let items = queue.as_array().unwrap();
    assert!(items.len() >= 4);
    let submitted: Vec<i64> = items
        .iter()
        .map(|i| i["registration"]["submitted_at"].as_i64().unwrap())
        .collect();
    assert!(submitted.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    assert!(
        items
            .iter()
            .all(|i| i["registration"]["status"] == "submitted")
    );
    let nordwind = items
        .iter()
        .find(|i| i["registration"]["customer_domain"] == "nordwind.de")
        .unwrap();
    assert_eq!(nordwind["registration"]["sla"]["overdue"], true);
    let globex = items
        .iter()
        .find(|i| i["registration"]["customer_domain"] == "globex.com")
        .unwrap();
    let competing = &globex["competing"][0];
    assert_eq!(competing["partner_name"], "Vertex Cloud Solutions");
    assert_eq!(competing["ranks_first"], true);
    assert_eq!(competing["rule"], "registered_beats_unregistered");
}

#[tokio::test]
async fn only_channel_managers_decide_and_only_partners_register() {
    let app = spawn_app().await;
    let ava = client_for(&app, "ava@vertex.example").await;
    let id = id_of(&app, "initech.com").await;
    for path in ["/api/v1/manage/registrations".to_owned()] {
        assert_eq!(
            ava.get(app.url(&path)).send().await.unwrap().status(),
            StatusCode::FORBIDDEN
        );
    }
    let res = ava
        .post(app.url(&format!("/api/v1/manage/registrations/{id}/approve")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let maya = client_for(&app, "maya@portico.example").await;
    assert_eq!(
        submit(&app, &maya, &registration("acme"), None)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let anonymous = reqwest::Client::new();
    assert_eq!(
        submit(&app, &anonymous, &registration("acme"), None)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn protection_expires_without_anyone_acting() {
    let app = spawn_app().await;
    let id = id_of(&app, "globex.com").await;
    sqlx::query("UPDATE registrations SET protection_end = $1 WHERE id = $2")
        .bind(chrono::Utc::now().timestamp() - 1)
        .bind(id)
        .execute(&app.db)
        .await
        .unwrap();
    // Before the sweeper runs, readers already see it as expired and the customer as free.
    let ben = client_for(&app, "ben@vertex.example").await;
    let detail = json_body(
        ben.get(app.url(&format!("/api/v1/registrations/{id}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(detail["registration"]["status"], "expired");
    // The sweeper writes it, with an audit event.
    let n = api::registrations::expire_due(&app.db, chrono::Utc::now().timestamp())
        .await
        .unwrap();
    assert_eq!(n, 1);
    let (status,): (String,) = sqlx::query_as("SELECT status FROM registrations WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(status, "expired");
    let detail = json_body(
        ben.get(app.url(&format!("/api/v1/registrations/{id}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let last = detail["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["action"], "Protection expired");
    assert_eq!(last["actor"], "Portico");
}

#[tokio::test]
async fn a_partner_asks_for_an_extension_and_a_manager_grants_it() {
    let app = spawn_app().await;
    let ben = client_for(&app, "ben@vertex.example").await;
    let id = id_of(&app, "umbrella-health.co.uk").await;
    let url = app.url(&format!("/api/v1/registrations/{id}/extension-request"));
    let res = ben
        .post(&url)
        .json(&json!({ "reason": "Procurement needs another month." }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    assert_eq!(json_body(res).await["extension_requested"], true);
    let again = ben
        .post(&url)
        .json(&json!({ "reason": "Please, another month." }))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);

    let maya = client_for(&app, "maya@portico.example").await;
    let queue = json_body(
        maya.get(app.url("/api/v1/manage/registrations?view=extension"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        queue[0]["extension_reason"],
        "Procurement needs another month."
    );
    let before = queue[0]["registration"]["protection"]["end"]
        .as_i64()
        .unwrap();
    let res = maya
        .post(app.url(&format!("/api/v1/manage/registrations/{id}/extend")))
        .json(&json!({ "days": 30 }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let extended = json_body(res).await;
    assert_eq!(
        extended["protection"]["end"].as_i64().unwrap() - before,
        30 * 86_400
    );
    assert_eq!(extended["extension_requested"], false);
    let bad = maya
        .post(app.url(&format!("/api/v1/manage/registrations/{id}/extend")))
        .json(&json!({ "days": 0 }))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A submitted registration cannot be extended.
    let pending = id_of(&app, "initech.com").await;
    let res = maya
        .post(app.url(&format!("/api/v1/manage/registrations/{pending}/extend")))
        .json(&json!({ "days": 30 }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_customer_check_cannot_map_the_book() {
    // As found: no rate limit, protection ends to the second, and a partner user was told
    // about colleagues' registrations it cannot see.
    let app = spawn_app_with(|c| c.throttle.customer_checks = 4).await;
    let ben = client_for(&app, "ben@vertex.example").await;
    let check = |client: &Client, domain: &str| {
        client
            .post(app.url("/api/v1/registrations/check"))
            .json(&json!({ "customer_legal_name": "", "customer_domain": domain, "customer_country": "" }))
            .send()
    };
    // Initech is Ava's registration (Vertex), which Ben cannot see: only "possible conflict".
    let res = check(&ben, "initech.com").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body = json_body(res).await;
    assert_eq!(body["availability"]["outcome"], "possible_conflict");
    assert_eq!(body["availability"]["rule"], "possible_claim");
    assert!(!body.to_string().contains("Your company"), "{body}");
    // Ava, the partner admin, sees it and is told it is her company's.
    let ava = client_for(&app, "ava@vertex.example").await;
    let body = json_body(check(&ava, "initech.com").await.unwrap()).await;
    assert_eq!(body["availability"]["rule"], "own_pending_registration");
    // A malformed question costs nothing; well-formed ones count, four per window here.
    let res = ben
        .post(app.url("/api/v1/registrations/check"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    for domain in ["a.example", "b.example", "c.example"] {
        assert_eq!(check(&ben, domain).await.unwrap().status(), StatusCode::OK);
    }
    let res = check(&ben, "d.example").await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(json_body(res).await["error"], "rate_limited");
    // The limit is Ben's own: Ava still checks.
    assert_eq!(
        check(&ava, "d.example").await.unwrap().status(),
        StatusCode::OK
    );
}
